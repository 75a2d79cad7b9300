/* kernel/core/scheme_user_call.c: a client's request to a user-space server, from sending to
 * the answer: a place among the process's FERRITE_SCHEME_INFLIGHT, the packet queued (no
 * allocation: the request lives on the client's kernel stack), the CPU handed straight to a
 * server thread waiting in its read, the wait for the reply, and what a signal does meanwhile
 * (the cancel rule):
 *   - a request the server has not read is taken back: EINTR (SA_RESTART makes it again);
 *   - one it has read gets a CANCEL packet, and the call waits on until the server answers it,
 *     with the real answer or -EINTR: EINTR then, unless the answer was a success;
 *   - SIGKILL does not wait for the server: the request is given up at once (a server that has
 *     read it is still sent a CANCEL), and a reply coming later finds no request (EINVAL).
 * Also the scheme's path operation (scheme.h), which turns a path call into a request. */
#include "klib.h"
#include "errno.h"
#include "file.h"
#include "kheap.h"
#include "proc.h"
#include "scheme_user.h"
#include "signal.h"

/* A place among the FERRITE_SCHEME_INFLIGHT a process may have in flight: the next request
 * waits for one (interruptibly). */
static bool uslot_full(void *arg)
{
	struct process *p = arg;
	return p->ipc_inflight >= FERRITE_SCHEME_INFLIGHT;
}

static long uslot_take(struct process *p)
{
	for (;;) {
		int n = p->ipc_inflight, seen;
		if (n < FERRITE_SCHEME_INFLIGHT) {
			__asm__ volatile("lock cmpxchgl %2, %1" : "=a"(seen), "+m"(p->ipc_inflight)
				: "r"(n + 1), "0"(n) : "memory");
			if (seen == n)
				return 0;
			continue;
		}
		if (signal_pending())
			return -EINTR;
		waitq_wait_if(&p->ipc_wq, 0, uslot_full, p, 0);
	}
}

static void uslot_give(struct process *p)
{
	__asm__ volatile("lock decl %0" : "+m"(p->ipc_inflight));
	waitq_wake(&p->ipc_wq, 1); /* under the queue's lock: a waiter checking now is not missed */
}

struct ureq_wait {
	struct uscheme *us;
	struct ureq *rq;
};

/* Under replyq's lock: the client waits while its request is unanswered. */
static bool ureq_unanswered(void *arg)
{
	struct ureq_wait *w = arg;
	return w->rq->state != UREQ_DONE && !w->us->dead;
}

static bool uthread_killed(void)
{
	struct thread *t = thread_current();
	return t->proc && (t->sig_pending & SIG_BIT(FERRITE_SIGKILL));
}

/* A signal came. True: the server never saw the request, which is taken back. False: it has,
 * and it is sent a CANCEL (once); or the request is answered already. */
static bool ureq_cancel(struct uscheme *us, struct ureq *rq)
{
	uint64_t fl = spin_lock_irqsave(&us->lock);
	if (rq->state == UREQ_QUEUED) {
		list_del(&rq->q.link);
		spin_unlock_irqrestore(&us->lock, fl);
		return true;
	}
	if (rq->state == UREQ_READ && !rq->cancelled) {
		rq->cancelled = true;
		rq->cancel_queued = true;
		list_add_tail(&us->queue, &rq->cq.link);
		spin_unlock_irqrestore(&us->lock, fl);
		uscheme_count(USC_CANCELS);
		waitq_wake(&us->recvq, 1);
		poll_notify();
		return false;
	}
	spin_unlock_irqrestore(&us->lock, fl);
	return false;
}

/* SIGKILL: the client leaves without waiting for the server. False: given up; true: it was
 * answered meanwhile (the answer is used, so that a descriptor or handle is not lost). */
static bool ureq_abandon(struct uscheme *us, struct ureq *rq)
{
	struct ucancel *c = kmalloc(sizeof(*c)); /* for a server that read it: it hears of it */
	uint64_t fl = spin_lock_irqsave(&us->lock);
	bool told;
	while (rq->pins) { /* a copy to or from it is under way: short, it never waits */
		spin_unlock_irqrestore(&us->lock, fl);
		sched_yield();
		fl = spin_lock_irqsave(&us->lock);
	}
	if (rq->state == UREQ_DONE) {
		spin_unlock_irqrestore(&us->lock, fl);
		kfree(c);
		return true;
	}
	told = rq->cancelled && !rq->cancel_queued; /* the server read a cancel already */
	list_del(&rq->q.link);
	if (rq->cancel_queued) {
		list_del(&rq->cq.link);
		rq->cancel_queued = false;
	}
	if (rq->state == UREQ_READ && !told && c) {
		c->q.kind = UQ_CANCEL_ALONE;
		c->id = rq->pkt.id;
		list_add_tail(&us->queue, &c->q.link);
		c = NULL;
		told = true;
		uscheme_count(USC_CANCELS);
	} else {
		told = false;
	}
	spin_unlock_irqrestore(&us->lock, fl);
	kfree(c);
	if (told) {
		waitq_wake(&us->recvq, 1);
		poll_notify();
	}
	return false;
}

/* Waits for rq's answer; srv is a server thread to hand the CPU to (taken off the receive
 * queue), woken instead whenever this thread does not wait after all. */
static long ureq_wait(struct uscheme *us, struct ureq *rq, struct thread *srv)
{
	struct ureq_wait w = { us, rq };
	for (;;) {
		if (rq->state == UREQ_DONE) {
			/* Answered before this thread handed the CPU over: between queueing the request
			 * and waitq_take in uscheme_call, another client's hand-off ran the server, which
			 * read this request too, answered it and went back to wait on recvq, where
			 * waitq_take then found it. Taken off the queue, srv is this thread's to wake:
			 * left BLOCKED, the scheme's only server would never run again and every later
			 * request would wait for ever (the many-clients hang; see "The scheduler" in
			 * docs/ARCHITECTURE.md). Woken, it looks at its queue again. */
			if (srv)
				sched_wake(srv);
			break;
		}
		if (uthread_killed()) {
			if (srv)
				sched_wake(srv);
			if (!ureq_abandon(us, rq))
				return -EINTR;
			break;
		}
		if (signal_pending() && !rq->cancelled && ureq_cancel(us, rq)) {
			if (srv)
				sched_wake(srv);
			return -EINTR;
		}
		/* after a cancel only SIGKILL ends the wait: the server's answer is awaited */
		waitq_wait_switch(&us->replyq, ureq_unanswered, &w, rq->pkt.id,
			rq->cancelled ? WAITQ_KILLABLE : 0, srv);
		srv = NULL;
	}
	if (rq->cancelled && !rq->by_death && rq->result < 0) {
		kfree(rq->redirect);
		rq->redirect = NULL;
		return -EINTR;
	}
	return rq->result;
}

long uscheme_call(struct uscheme *us, struct ureq *rq)
{
	struct process *p = proc_current();
	struct thread *srv;
	uint64_t fl;
	long r;
	if (signal_pending())
		return -EINTR;
	if (p && (r = uslot_take(p)) < 0)
		return r;
	rq->q.kind = UQ_REQUEST;
	rq->cq.kind = UQ_CANCEL;
	rq->state = UREQ_QUEUED;
	fl = spin_lock_irqsave(&us->lock);
	if (us->dead) {
		spin_unlock_irqrestore(&us->lock, fl);
		if (p)
			uslot_give(p);
		return -EIO;
	}
	rq->pkt.id = ++us->next_id;
	list_add_tail(&us->queue, &rq->q.link);
	spin_unlock_irqrestore(&us->lock, fl);
	uscheme_count(USC_REQUESTS);
	/* a server thread waiting in its read runs next, on this CPU, with no run-queue pass */
	srv = waitq_take(&us->recvq, false, 0);
	if (!srv) {
		uscheme_count(USC_QUEUED);
		poll_notify(); /* a server that polls its descriptor sees POLLIN */
	}
	r = ureq_wait(us, rq, srv);
	if (p)
		uslot_give(p);
	return r;
}

/* The scheme's path operation: a path call becomes a request; OPEN's answer becomes a new
 * description carrying the server's handle (or the server's own description, passed). */
static long uscheme_path(struct scheme *s, struct path_req *prq)
{
	struct uscheme *us = s->priv;
	struct file *f = NULL;
	struct ureq rq;
	size_t plen = strnlen(prq->path, FERRITE_PATH_MAX);
	size_t plen2 = prq->path2 ? strnlen(prq->path2, FERRITE_PATH_MAX) : 0;
	long r;
	if (plen >= FERRITE_PATH_MAX || plen2 >= FERRITE_PATH_MAX)
		return -ENAMETOOLONG;
	memset(&rq, 0, sizeof(rq));
	rq.pkt.op = prq->op;
	rq.pkt.flags = prq->flags;
	rq.pkt.handle = prq->dir;
	rq.pkt.handle2 = prq->dir2;
	rq.pkt.arg[0] = prq->arg[0];
	rq.pkt.arg[1] = prq->arg[1];
	rq.pkt.pid = prq->pid;
	rq.pkt.uid = prq->uid;
	rq.pkt.gid = prq->gid;
	rq.pkt.pgid = prq->pgid;
	rq.path = prq->path;
	rq.pkt.path_len = (unsigned)plen;
	if (prq->path2) {
		rq.path2 = prq->path2;
		rq.pkt.path2_len = (unsigned)plen2;
	}
	if (prq->op == FERRITE_SOP_STAT || prq->op == FERRITE_SOP_READLINK) {
		rq.out.kaddr = prq->out;
		rq.out.len = rq.pkt.len = prq->out_len;
	} else if (prq->op == FERRITE_SOP_UTIMENS) {
		rq.in.kaddr = prq->out;
		rq.in.len = rq.pkt.len = prq->out_len;
	} else if (prq->op == FERRITE_SOP_OPEN) {
		/* made before asking: once the server said yes, nothing may fail */
		f = usfile_prepare(us, prq->flags);
		if (!f)
			return -ENOMEM;
	}
	r = uscheme_call(us, &rq);
	if (f) {
		if (r == 0 && rq.file) {
			usfile_discard(f);
			prq->file = rq.file;
			prq->passed = true;
		} else if (r == 0) {
			usfile_commit(f, rq.handle);
			prq->file = f;
		} else {
			usfile_discard(f);
		}
	}
	if (r == -FERRITE_EREDIRECT)
		prq->redirect = rq.redirect;
	return r;
}

static void uscheme_release(struct scheme *s)
{
	kfree(s->priv);
}

const struct scheme_ops uscheme_ops = {
	.path = uscheme_path,
	.release = uscheme_release,
};
