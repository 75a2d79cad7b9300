/* kernel/core/scheme_user.c: user-space servers, the server's side. scheme_register gives a
 * server its scheme descriptor; reading it gives one packet at a time (a request with its
 * paths, a cancel, a close notice); writing it takes one reply (scheme_user_reply.c);
 * scheme_serve does both in one call, which is the fast path's: the server's reply hands the
 * CPU straight back to the client, and the next request straight to the server. When the
 * descriptor's last reference goes (closed, or the server died) the scheme dies: every request
 * waiting on it fails with EIO, later ones too, and the name can be registered again. Start
 * reading at uscheme_recv; the rules are in docs/ARCHITECTURE.md, "The scheme protocol". */
#include "klib.h"
#include "errno.h"
#include "file.h"
#include "kheap.h"
#include "proc.h"
#include "scheme_user.h"
#include "signal.h"
#include "syscall.h"

volatile uint64_t uscheme_counters[5];

void scheme_ipc_stats(struct scheme_ipc_stats *st)
{
	st->requests = uscheme_counters[USC_REQUESTS];
	st->queued = uscheme_counters[USC_QUEUED];
	st->replies = uscheme_counters[USC_REPLIES];
	st->refused = uscheme_counters[USC_REFUSED];
	st->cancels = uscheme_counters[USC_CANCELS];
	st->direct_switches = sched_direct_switches();
	st->cr3_loads = vm_cr3_loads();
}

size_t scheme_ipc_format(char *buf, size_t len)
{
	struct scheme_ipc_stats st;
	int n;
	scheme_ipc_stats(&st);
	n = ksnprintf(buf, len, "requests %lu\nqueued %lu\nreplies %lu\nrefused %lu\ncancels %lu\n"
		"direct_switches %lu\ncr3_loads %lu\n", st.requests, st.queued, st.replies, st.refused,
		st.cancels, st.direct_switches, st.cr3_loads);
	return n < 0 ? 0 : MIN((size_t)n, len ? len - 1 : 0);
}

void uscheme_free_item(struct uqitem *it)
{
	if (it->kind == UQ_CANCEL_ALONE) {
		kfree(list_entry(it, struct ucancel, q));
	} else if (it->kind == UQ_CLOSE) {
		struct usfile *uf = list_entry(it, struct usfile, cq);
		scheme_put(&uf->us->s);
		kfree(uf);
	}
}

/* Under the scheme's lock: the packet for queue item it, and the room it needs with its paths. */
static size_t usrv_packet(struct uqitem *it, struct ferrite_packet *pkt)
{
	struct ureq *rq;
	memset(pkt, 0, sizeof(*pkt));
	switch (it->kind) {
	case UQ_REQUEST:
		rq = list_entry(it, struct ureq, q);
		*pkt = rq->pkt;
		return sizeof(*pkt) + (rq->path ? pkt->path_len + 1 : 0) + (rq->path2 ? pkt->path2_len + 1 : 0);
	case UQ_CANCEL:
		rq = list_entry(it, struct ureq, cq);
		*pkt = rq->pkt;
		pkt->path_len = pkt->path2_len = 0;
		pkt->len = 0;
		break;
	case UQ_CANCEL_ALONE:
		pkt->id = list_entry(it, struct ucancel, q)->id;
		break;
	case UQ_CLOSE:
		pkt->op = FERRITE_SOP_CLOSE;
		pkt->handle = list_entry(it, struct usfile, cq)->handle;
		return sizeof(*pkt);
	}
	pkt->op = FERRITE_SOP_CANCEL;
	pkt->arg[0] = pkt->id;
	return sizeof(*pkt);
}

/* Copies the packet taken off the queue (and a request's paths) to the server. A request the
 * server could not take goes back to the front of the queue. */
static long usrv_deliver(struct uscheme *us, struct uqitem *it, const struct ferrite_packet *pkt,
	uint8_t *ubuf)
{
	struct ureq *rq = it->kind == UQ_REQUEST ? list_entry(it, struct ureq, q) : NULL;
	size_t at = sizeof(*pkt);
	int err = copy_to_user(ubuf, pkt, sizeof(*pkt));
	uint64_t fl;
	if (!rq) {
		uscheme_free_item(it);
		return err ? -EFAULT : (long)at;
	}
	if (!err && rq->path) {
		err = copy_to_user(ubuf + at, rq->path, pkt->path_len + 1ul);
		at += pkt->path_len + 1ul;
	}
	if (!err && rq->path2) {
		err = copy_to_user(ubuf + at, rq->path2, pkt->path2_len + 1ul);
		at += pkt->path2_len + 1ul;
	}
	fl = spin_lock_irqsave(&us->lock);
	rq->pins--;
	if (err) {
		list_del(&rq->q.link);
		rq->state = UREQ_QUEUED;
		list_add_after(&us->queue, &rq->q.link);
	}
	spin_unlock_irqrestore(&us->lock, fl);
	return err ? -EFAULT : (long)at;
}

/* Under recvq's lock: the server waits while nothing is queued. */
static bool usrv_nothing_queued(void *arg)
{
	struct uscheme *us = arg;
	uint64_t fl = spin_lock_irqsave(&us->lock);
	bool wait = list_empty(&us->queue);
	spin_unlock_irqrestore(&us->lock, fl);
	return wait;
}

long uscheme_recv(struct uscheme *us, void *ubuf, size_t len, bool nonblock, struct thread *handoff)
{
	for (;;) {
		struct ferrite_packet pkt;
		struct uqitem *it;
		size_t need;
		uint64_t fl = spin_lock_irqsave(&us->lock);
		if (!list_empty(&us->queue)) {
			it = list_entry(us->queue.next, struct uqitem, link);
			need = usrv_packet(it, &pkt);
			if (len < need) {
				spin_unlock_irqrestore(&us->lock, fl);
				if (handoff)
					sched_wake(handoff);
				return -EINVAL; /* FERRITE_PACKET_MAX always holds one */
			}
			list_del(&it->link);
			if (it->kind == UQ_REQUEST) {
				struct ureq *rq = list_entry(it, struct ureq, q);
				rq->state = UREQ_READ;
				rq->pins++;
				list_add_tail(&us->pending, &rq->q.link);
			} else if (it->kind == UQ_CANCEL) {
				list_entry(it, struct ureq, cq)->cancel_queued = false;
			}
			spin_unlock_irqrestore(&us->lock, fl);
			if (handoff)
				sched_wake(handoff); /* work was waiting: the client runs when it can */
			return usrv_deliver(us, it, &pkt, ubuf);
		}
		spin_unlock_irqrestore(&us->lock, fl);
		if (nonblock || signal_pending()) {
			if (handoff)
				sched_wake(handoff);
			return nonblock ? -EAGAIN : -EINTR;
		}
		if (handoff)
			waitq_wait_switch(&us->recvq, usrv_nothing_queued, us, 0, 0, handoff);
		else
			waitq_wait_if(&us->recvq, 0, usrv_nothing_queued, us, 0);
		handoff = NULL;
	}
}

/* The server's descriptor went: every request queued or pending fails with EIO (its client
 * is woken), notices are dropped, the name is given up. No server call runs any more: each
 * holds a reference on the descriptor, so nothing is pinned. */
static void uscheme_die(struct uscheme *us)
{
	struct list gone = LIST_INIT(gone);
	uint64_t fl = spin_lock_irqsave(&us->lock);
	us->dead = true;
	for (;;) {
		struct uqitem *it;
		if (!list_empty(&us->queue))
			it = list_entry(us->queue.next, struct uqitem, link);
		else if (!list_empty(&us->pending))
			it = list_entry(us->pending.next, struct uqitem, link);
		else
			break;
		list_del(&it->link);
		if (it->kind == UQ_REQUEST) {
			struct ureq *rq = list_entry(it, struct ureq, q);
			uint64_t id = rq->pkt.id;
			struct thread *t;
			if (rq->cancel_queued) {
				list_del(&rq->cq.link);
				rq->cancel_queued = false;
			}
			rq->result = -EIO;
			rq->by_death = true;
			rq->state = UREQ_DONE; /* from here on the client may return: rq is not touched */
			spin_unlock_irqrestore(&us->lock, fl);
			t = waitq_take(&us->replyq, true, id);
			if (t)
				sched_wake(t);
			fl = spin_lock_irqsave(&us->lock);
		} else if (it->kind == UQ_CANCEL) {
			list_entry(it, struct ureq, cq)->cancel_queued = false;
		} else {
			list_add_tail(&gone, &it->link);
		}
	}
	spin_unlock_irqrestore(&us->lock, fl);
	while (!list_empty(&gone)) {
		struct uqitem *it = list_entry(gone.next, struct uqitem, link);
		list_del(&it->link);
		uscheme_free_item(it);
	}
	waitq_wake(&us->replyq, -1);
	poll_notify(); /* descriptions opened through it poll POLLERR now */
	scheme_unregister(&us->s);
	scheme_put(&us->s); /* the descriptor's reference */
}

static long usrv_read_user(struct file *f, void *ubuf, size_t len)
{
	return uscheme_recv(f->priv, ubuf, len, (f->flags & FERRITE_O_NONBLOCK) != 0, NULL);
}

static long usrv_write_user(struct file *f, const void *ubuf, size_t len)
{
	struct ferrite_reply r;
	struct thread *client = NULL;
	long err;
	if (len != sizeof(r))
		return -EINVAL; /* one reply a write */
	if (copy_from_user(&r, ubuf, sizeof(r)))
		return -EFAULT;
	err = uscheme_answer(f->priv, &r, &client);
	if (client)
		sched_wake(client);
	return err ? err : (long)sizeof(r);
}

static unsigned usrv_poll(struct file *f)
{
	struct uscheme *us = f->priv;
	uint64_t fl = spin_lock_irqsave(&us->lock);
	unsigned r = list_empty(&us->queue) ? 0 : FERRITE_POLLIN;
	spin_unlock_irqrestore(&us->lock, fl);
	return r | FERRITE_POLLOUT; /* a reply can always be written */
}

static void usrv_release(struct file *f)
{
	uscheme_die(f->priv);
}

static const struct file_ops usrv_ops = {
	.read_user = usrv_read_user,
	.write_user = usrv_write_user,
	.poll = usrv_poll,
	.release = usrv_release,
};

struct uscheme *uscheme_of_file(struct file *f)
{
	return f->ops == &usrv_ops ? f->priv : NULL;
}

/* A scheme's name: 1 to 31 printable characters, no '/', not "." or "..". */
static bool uscheme_name_ok(const char *n, int64_t len)
{
	if (len <= 0 || !strcmp(n, ".") || !strcmp(n, ".."))
		return false;
	for (int64_t i = 0; i < len; i++)
		if (n[i] <= ' ' || n[i] > '~' || n[i] == '/')
			return false;
	return true;
}

long sys_scheme_register(const char *uname, int flags)
{
	struct process *p = proc_current();
	char name[SCHEME_NAME_MAX];
	struct uscheme *us;
	struct file *f;
	int64_t n;
	long err;
	if (flags & ~(FERRITE_O_CLOEXEC | FERRITE_O_NONBLOCK))
		return -EINVAL;
	if (!(p->caps & FERRITE_CAP_SCHEME))
		return -EPERM;
	n = vm_copy_string_from_user(&p->vm, name, (uint64_t)uname, sizeof(name));
	if (n == -ERANGE)
		return -ENAMETOOLONG;
	if (n < 0)
		return -EFAULT;
	if (!uscheme_name_ok(name, n))
		return -EINVAL;
	us = kmalloc(sizeof(*us));
	f = us ? file_new(&usrv_ops, us, FERRITE_O_RDWR | ((unsigned)flags & FERRITE_O_NONBLOCK)) : NULL;
	if (!f) {
		kfree(us);
		return -ENOMEM;
	}
	memset(us, 0, sizeof(*us));
	memcpy(us->s.name, name, (size_t)n + 1);
	us->s.ops = &uscheme_ops;
	us->s.priv = us;
	us->s.refs = 1; /* the descriptor's; the registry takes its own */
	us->lock = (struct spinlock)SPINLOCK_INIT("uscheme");
	list_init(&us->queue);
	list_init(&us->pending);
	list_init(&us->files);
	waitq_init(&us->recvq);
	waitq_init(&us->replyq);
	err = scheme_register(&us->s);
	if (err) {
		kfree(f); /* never seen by anyone: no release */
		kfree(us);
		return err;
	}
	err = fd_install(&p->fds, f, flags & FERRITE_O_CLOEXEC ? FERRITE_FD_CLOEXEC : 0, 0);
	if (err < 0)
		file_put(f); /* the scheme dies with it */
	return err;
}

long sys_scheme_serve(int fd, const struct ferrite_reply *reply, void *buf, size_t len)
{
	struct file *f = fd_get(&proc_current()->fds, fd);
	struct thread *client = NULL;
	struct ferrite_reply r;
	struct uscheme *us;
	long err = 0;
	if (!f)
		return -EBADF;
	us = uscheme_of_file(f);
	if (!us)
		err = -EINVAL;
	else if (len < sizeof(struct ferrite_packet))
		err = -EINVAL;
	else if (!user_range_ok((uint64_t)buf, len))
		err = -EFAULT;
	else if (reply && copy_from_user(&r, reply, sizeof(r)))
		err = -EFAULT;
	if (!err && reply)
		err = uscheme_answer(us, &r, &client);
	if (!err)
		err = uscheme_recv(us, buf, len, (f->flags & FERRITE_O_NONBLOCK) != 0, client);
	else if (client)
		sched_wake(client);
	file_put(f);
	return err;
}
