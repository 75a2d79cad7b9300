/* kernel/core/scheme_event.c: the event scheme, mounted at /dev/event: epoll's job as a file.
 * Opening /dev/event gives an empty set; a write of struct ferrite_event_reg records adds,
 * changes or deletes watches (a descriptor of the writer, the POLL* events wanted, a word of
 * user data); a read fills struct ferrite_event records with what is ready now, blocking until
 * something is (EAGAIN with O_NONBLOCK, EINTR on a signal). Readiness is level-triggered and
 * comes from each description's poll operation, as poll(2) has it; a reader that waits joins
 * the poll heads of the watched descriptions and the set's own (poll_wait.c), so it wakes for
 * them only (and for any change, if it watches a description without a head). The set itself
 * has no head: a poller of the set is woken by every change (poll_notify), since any watched
 * description may have made it ready.
 *
 * A watch names a descriptor number and remembers which description it was by its serial
 * (struct file's, never reused; not its address, which a new description may get once the old
 * one is freed), so it holds no reference: a watched pipe end still closes for good. When that
 * number no longer leads to that description in the reader's table, the watch goes, as epoll
 * forgets a closed descriptor. A set cannot watch another set: ADD refuses one, and a scan
 * drops any watch that leads to one, so event_poll never runs inside event_poll (no loops, no
 * recursion through the kernel stack). ev->lock guards the list: a leaf, dropped around fd_get
 * and the poll operations. */
#include "klib.h"
#include "errno.h"
#include "file.h"
#include "kheap.h"
#include "kscheme.h"
#include "proc.h"
#include "signal.h"

#define EVENT_MAX_WATCHES 4096

struct event_watch {
	int fd;
	unsigned events;
	uint64_t serial;           /* which description it was (struct file's serial) */
	uint64_t data;
	struct event_watch *next;
};

struct event_set {
	struct poll_head poll;     /* its readers: a watch was added or changed */
	struct spinlock lock;
	struct event_watch *watches;
	int count;
};

static const struct file_ops event_ops;

/* Takes out the watch of fd if it still names description serial (a stale one is dropped). */
static void event_forget(struct event_set *ev, int fd, uint64_t serial)
{
	struct event_watch *gone = NULL;
	uint64_t fl = spin_lock_irqsave(&ev->lock);
	for (struct event_watch **pp = &ev->watches; *pp; pp = &(*pp)->next)
		if ((*pp)->fd == fd && (*pp)->serial == serial) {
			gone = *pp;
			*pp = gone->next;
			ev->count--;
			break;
		}
	spin_unlock_irqrestore(&ev->lock, fl);
	kfree(gone);
}

/* The ready watches into out (at most max); stale ones go; each watched description joins w
 * first if pw is not NULL. Returns how many. */
static int event_scan(struct event_set *ev, struct ferrite_event *out, int max, struct poll_waiter *pw)
{
	struct fdtable *t = &proc_current()->fds;
	int n = 0, i = 0;
	for (;;) {
		struct event_watch w;
		struct file *f;
		unsigned r;
		int k = 0;
		uint64_t fl = spin_lock_irqsave(&ev->lock);
		struct event_watch *at = ev->watches;
		while (at && k < i) { /* the i-th watch: the list may change while unlocked */
			at = at->next;
			k++;
		}
		if (at)
			w = *at;
		spin_unlock_irqrestore(&ev->lock, fl);
		if (!at || n == max)
			return n;
		f = fd_get(t, w.fd);
		if (!f || f->serial != w.serial || f->ops == &event_ops) {
			if (f)
				file_put(f);
			event_forget(ev, w.fd, w.serial); /* closed, or another description now */
			continue;
		}
		if (pw)
			poll_waiter_add(pw, f); /* before the question: a change after it wakes us */
		r = f->ops->poll ? f->ops->poll(f) : FERRITE_POLLIN | FERRITE_POLLOUT;
		file_put(f);
		r &= w.events | FERRITE_POLLHUP | FERRITE_POLLERR;
		if (r) {
			out[n].events = r;
			out[n].pad = 0;
			out[n].data = w.data;
			n++;
		}
		i++;
	}
}

static long event_read(struct file *f, void *buf, size_t len)
{
	struct event_set *ev = f->priv;
	int max = (int)MIN(len / sizeof(struct ferrite_event), (size_t)EVENT_MAX_WATCHES), n, room;
	struct poll_entry *entries;
	struct poll_waiter w;
	uint64_t fl;
	if (max == 0)
		return -EINVAL;
	n = event_scan(ev, buf, max, NULL);
	if (n || (f->flags & FERRITE_O_NONBLOCK))
		return n ? (long)(n * sizeof(struct ferrite_event)) : -EAGAIN;
	/* room for every watch, the set's own head and poll_all (watches added meanwhile: the
	 * waiter falls back to poll_all, correct if not precise) */
	fl = spin_lock_irqsave(&ev->lock);
	room = ev->count + 2;
	spin_unlock_irqrestore(&ev->lock, fl);
	if (!(entries = kmalloc((size_t)room * sizeof(*entries))))
		return -ENOMEM;
	poll_waiter_init(&w, entries, room);
	for (;;) {
		poll_waiter_add_head(&w, &ev->poll);
		n = event_scan(ev, buf, max, &w);
		if (n || signal_pending())
			break;
		poll_waiter_sleep(&w, 0);
		poll_waiter_done(&w);
	}
	poll_waiter_done(&w);
	kfree(entries);
	return n ? (long)(n * sizeof(struct ferrite_event)) : -EINTR;
}

/* One registration: 0 or -errno. */
static long event_apply(struct event_set *ev, const struct ferrite_event_reg *r)
{
	struct event_watch *w = NULL, *found = NULL, *fresh = NULL;
	struct file *f;
	uint64_t fl;
	long err = 0;
	if (r->op < FERRITE_EVENT_ADD || r->op > FERRITE_EVENT_DEL || r->pad)
		return -EINVAL;
	if (!(f = fd_get(&proc_current()->fds, r->fd)))
		return -EBADF;
	if (f->ops == &event_ops)
		err = -EINVAL; /* a set in a set could wait on itself */
	if (!err && r->op == FERRITE_EVENT_ADD && !(fresh = kzalloc(sizeof(*fresh))))
		err = -ENOMEM;
	if (err) {
		file_put(f);
		return err;
	}
	fl = spin_lock_irqsave(&ev->lock);
	for (struct event_watch **pp = &ev->watches; *pp; pp = &(*pp)->next)
		if ((*pp)->fd == r->fd && (*pp)->serial == f->serial) {
			found = *pp;
			if (r->op == FERRITE_EVENT_DEL) {
				*pp = found->next;
				ev->count--;
				w = found; /* freed below */
			}
			break;
		}
	if (r->op == FERRITE_EVENT_ADD && found)
		err = -EEXIST;
	else if (r->op == FERRITE_EVENT_ADD && ev->count >= EVENT_MAX_WATCHES)
		err = -ENOSPC;
	else if (r->op != FERRITE_EVENT_ADD && !found)
		err = -ENOENT;
	else if (r->op == FERRITE_EVENT_ADD) {
		fresh->fd = r->fd;
		fresh->serial = f->serial;
		fresh->events = r->events;
		fresh->data = r->data;
		fresh->next = ev->watches;
		ev->watches = fresh;
		ev->count++;
		fresh = NULL;
	} else if (r->op == FERRITE_EVENT_MOD) {
		found->events = r->events;
		found->data = r->data;
	}
	spin_unlock_irqrestore(&ev->lock, fl);
	kfree(fresh);
	kfree(w);
	file_put(f);
	if (!err)
		poll_head_wake(&ev->poll); /* a reader blocked on the set looks at the new watch */
	return err;
}

static long event_write(struct file *f, const void *buf, size_t len)
{
	const struct ferrite_event_reg *r = buf;
	size_t n = len / sizeof(*r), i;
	if (len == 0 || len % sizeof(*r))
		return -EINVAL;
	for (i = 0; i < n; i++) {
		long err = event_apply(f->priv, &r[i]);
		if (err)
			return i ? (long)(i * sizeof(*r)) : err; /* what was done, or why nothing was */
	}
	return (long)len;
}

static unsigned event_poll(struct file *f)
{
	struct ferrite_event one;
	return FERRITE_POLLOUT | (event_scan(f->priv, &one, 1, NULL) ? FERRITE_POLLIN : 0);
}

static void event_release(struct file *f)
{
	struct event_set *ev = f->priv;
	while (ev->watches) {
		struct event_watch *w = ev->watches;
		ev->watches = w->next;
		kfree(w);
	}
	kfree(ev);
}

static const struct file_ops event_ops = {
	.read = event_read,
	.write = event_write,
	.poll = event_poll,
	.release = event_release,
};

static long event_path(struct scheme *s, struct path_req *rq)
{
	struct event_set *ev;
	(void)s;
	if (rq->dir != 0 && !rq->path[0])
		return kscheme_refuse(rq); /* an open set itself (AT_EMPTY_PATH) */
	if (rq->path[0])
		return -ENOTDIR; /* /dev/event is one file: each open is a new set */
	if (rq->op == FERRITE_SOP_STAT)
		return kscheme_stat(rq, FERRITE_S_IFCHR | 0666, 0);
	if (rq->op != FERRITE_SOP_OPEN)
		return kscheme_refuse(rq);
	if (rq->flags & FERRITE_O_DIRECTORY)
		return -ENOTDIR;
	if (!(ev = kzalloc(sizeof(*ev))))
		return -ENOMEM;
	ev->lock = (struct spinlock)SPINLOCK_INIT("event");
	poll_head_init(&ev->poll);
	if (!(rq->file = file_new(&event_ops, ev, rq->flags & FERRITE_O_ACCMODE))) {
		kfree(ev);
		return -ENOMEM;
	}
	rq->file->handle = KSCHEME_OBJECT;
	return 0;
}

static const struct scheme_ops event_scheme_ops = { .path = event_path };
static struct scheme event_scheme = { .name = "event", .ops = &event_scheme_ops };

int scheme_event_init(void)
{
	return scheme_register(&event_scheme);
}
