/* kernel/core/scheme_user_reply.c: what a server sends back: replies (checked against their
 * request before anything changes, then their data copied once, from the server's memory
 * straight into the client's buffer), readiness events, and scheme_fetch, which copies a
 * request's data from the client's buffer straight into the server's. */
#include "klib.h"
#include "errno.h"
#include "file.h"
#include "kheap.h"
#include "proc.h"
#include "scheme_user.h"
#include "syscall.h"

struct ureq *uscheme_find_pending(struct uscheme *us, uint64_t id)
{
	for (struct list *l = us->pending.next; l != &us->pending; l = l->next) {
		struct ureq *rq = list_entry(l, struct ureq, q.link);
		if (rq->pkt.id == id && !rq->answering)
			return rq;
	}
	return NULL;
}

static bool uop_is_path(unsigned op)
{
	return op >= FERRITE_SOP_OPEN && op <= FERRITE_SOP_ACCESS;
}

/* Is r an acceptable answer to rq? 0 or -EINVAL; nothing is changed. */
static long ureply_check(const struct ureq *rq, const struct ferrite_reply *r)
{
	unsigned op = rq->pkt.op;
	if (r->flags & ~(unsigned)(FERRITE_REPLY_FD | FERRITE_REPLY_OFFSET) || r->result < -4095)
		return -EINVAL;
	if ((r->flags & FERRITE_REPLY_OFFSET) &&
			(op != FERRITE_SOP_WRITE || r->result < 0 || r->len || (long)r->data < 0))
		return -EINVAL; /* an offset only comes with a write that went */
	if (r->handle && op != FERRITE_SOP_OPEN)
		return -EINVAL; /* a handle comes only with OPEN */
	if ((r->flags & FERRITE_REPLY_FD) && (op != FERRITE_SOP_OPEN || r->result != 0 || r->handle))
		return -EINVAL;
	if (r->result == -FERRITE_EREDIRECT)
		return uop_is_path(op) && r->len > 0 && r->len < FERRITE_PATH_MAX ? 0 : -EINVAL;
	if (r->result < 0)
		return r->len ? -EINVAL : 0;
	switch (op) {
	case FERRITE_SOP_READ:
	case FERRITE_SOP_READLINK:
	case FERRITE_SOP_GETDENTS:
		return r->len <= rq->out.len ? 0 : -EINVAL; /* never more than asked */
	case FERRITE_SOP_STAT:
	case FERRITE_SOP_FSTAT:
		return r->len == sizeof(struct ferrite_stat) && rq->out.len >= r->len ? 0 : -EINVAL;
	case FERRITE_SOP_IOCTL:
		return r->len <= rq->out.len ? 0 : -EINVAL;
	case FERRITE_SOP_WRITE:
		return !r->len && (uint64_t)r->result <= rq->pkt.len ? 0 : -EINVAL;
	default:
		return r->result == 0 && !r->len ? 0 : -EINVAL;
	}
}

/* The one copy of reply data: the server's (the caller's) memory at data to b. */
static int ubuf_from_server(const struct ubuf *b, uint64_t data, size_t n)
{
	struct vm_space *sv = &proc_current()->vm;
	if (b->vm)
		return vm_copy_between(b->vm, b->uaddr, sv, data, n);
	return vm_copy_from_user(sv, b->kaddr, data, n);
}

/* A redirect's path from the server's memory: kmalloc'd and NUL-terminated, or NULL. */
static char *ureply_path(uint64_t data, size_t len, char *buf)
{
	if (copy_from_user(buf, (const void *)data, len) || strnlen(buf, len) != len) {
		kfree(buf);
		return NULL;
	}
	buf[len] = 0;
	return buf;
}

/* EVENT: new readiness bits for every description of the handle; pollers look again. */
static long uscheme_event(struct uscheme *us, const struct ferrite_reply *r)
{
	uint64_t fl;
	int n = 0;
	if (r->id || r->flags != FERRITE_REPLY_EVENT || r->result < 0 || r->result > 0xffff || r->len)
		return -EINVAL;
	fl = spin_lock_irqsave(&us->lock);
	for (struct list *l = us->files.next; l != &us->files; l = l->next) {
		struct usfile *uf = list_entry(l, struct usfile, link);
		if (uf->handle == r->handle) {
			uf->revents = (unsigned)r->result;
			uf->has_events = true;
			n++;
		}
	}
	spin_unlock_irqrestore(&us->lock, fl);
	if (n)
		poll_notify();
	return 0; /* a handle with no description left is no error: it may have just closed */
}

long uscheme_answer(struct uscheme *us, const struct ferrite_reply *r, struct thread **client)
{
	struct file *passed = NULL;
	char *redirect = NULL;
	struct ureq *rq;
	long err, result;
	uint64_t fl, id;
	unsigned op;
	*client = NULL;
	if (r->flags & FERRITE_REPLY_EVENT)
		return uscheme_event(us, r);
	/* what may fail is made or looked up first: nothing changes until the reply is accepted */
	if ((r->flags & FERRITE_REPLY_FD) && !(passed = fd_get(&proc_current()->fds, r->fd))) {
		uscheme_count(USC_REFUSED);
		return -EBADF;
	}
	if (r->result == -FERRITE_EREDIRECT && r->len > 0 && r->len < FERRITE_PATH_MAX &&
			!(redirect = kmalloc(r->len + 1))) {
		if (passed)
			file_put(passed);
		return -ENOMEM;
	}
	fl = spin_lock_irqsave(&us->lock);
	rq = r->id ? uscheme_find_pending(us, r->id) : NULL;
	err = rq ? ureply_check(rq, r) : -EINVAL; /* unknown, already answered, or a notice's 0 */
	if (err) {
		spin_unlock_irqrestore(&us->lock, fl);
		if (passed)
			file_put(passed);
		kfree(redirect);
		uscheme_count(USC_REFUSED);
		return err;
	}
	rq->answering = true;
	rq->pins++;
	spin_unlock_irqrestore(&us->lock, fl);
	/* accepted: the copies run unlocked, rq pinned; a fault fails the request, not the kernel */
	op = rq->pkt.op;
	result = r->result;
	if (result >= 0 && r->len) {
		err = ubuf_from_server(&rq->out, r->data, r->len);
		if (err)
			result = err;
	}
	if (result >= 0 && (op == FERRITE_SOP_READ || op == FERRITE_SOP_READLINK || op == FERRITE_SOP_GETDENTS))
		result = (long)r->len;
	if (redirect && !(redirect = ureply_path(r->data, r->len, redirect))) {
		err = -EFAULT;
		result = -EIO;
	}
	fl = spin_lock_irqsave(&us->lock);
	list_del(&rq->q.link);
	if (rq->cancel_queued) { /* answered before the server read the cancel: it is moot */
		list_del(&rq->cq.link);
		rq->cancel_queued = false;
	}
	rq->result = result;
	rq->handle = result == 0 ? r->handle : 0;
	rq->file = result == 0 ? passed : NULL;
	rq->redirect = redirect;
	rq->has_offset = (r->flags & FERRITE_REPLY_OFFSET) != 0;
	rq->offset_after = r->data;
	rq->pins--;
	id = rq->pkt.id;
	rq->state = UREQ_DONE; /* the client may return from here on: rq is not touched again */
	spin_unlock_irqrestore(&us->lock, fl);
	if (passed && result != 0)
		file_put(passed);
	uscheme_count(USC_REPLIES);
	*client = waitq_take(&us->replyq, true, id);
	return err;
}

long sys_scheme_fetch(int fd, unsigned long id, unsigned long offset, void *buf, size_t len)
{
	struct process *p = proc_current();
	struct file *f = fd_get(&p->fds, fd);
	struct uscheme *us;
	struct ureq *rq;
	struct ubuf in;
	uint64_t fl;
	size_t n;
	int err;
	if (!f)
		return -EBADF;
	us = uscheme_of_file(f);
	if (!us || !user_range_ok((uint64_t)buf, len)) {
		file_put(f);
		return us ? -EFAULT : -EINVAL;
	}
	fl = spin_lock_irqsave(&us->lock);
	rq = uscheme_find_pending(us, id);
	if (!rq || offset > rq->in.len) {
		spin_unlock_irqrestore(&us->lock, fl);
		file_put(f);
		return -EINVAL;
	}
	in = rq->in;
	n = MIN(len, in.len - offset);
	rq->pins++;
	spin_unlock_irqrestore(&us->lock, fl);
	/* the one copy of request data: the client's buffer straight into the server's */
	if (in.vm)
		err = vm_copy_between(&p->vm, (uint64_t)buf, in.vm, in.uaddr + offset, n);
	else
		err = vm_copy_to_user(&p->vm, (uint64_t)buf, (const uint8_t *)in.kaddr + offset, n);
	fl = spin_lock_irqsave(&us->lock);
	rq->pins--;
	spin_unlock_irqrestore(&us->lock, fl);
	file_put(f);
	return err ? err : (long)n;
}
