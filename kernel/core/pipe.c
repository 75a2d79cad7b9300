/* kernel/core/pipe.c: pipes: a 64 KiB ring between a read end and a write end. Writes of at
 * most PIPE_BUF (4096) bytes go in whole, never interleaved with another writer's; longer ones
 * go in as room appears. Reading an empty pipe blocks (EAGAIN with O_NONBLOCK) until data or
 * the last writer goes (then 0: end of file); writing with no reader left gives EPIPE and
 * SIGPIPE. Blocking waits are interrupted by signals (EINTR).
 * Locks: a pipe's lock is taken under its wait queues' locks (their check functions), never
 * the other way round. */
#include "klib.h"
#include "errno.h"
#include "file.h"
#include "kheap.h"
#include "pmm.h"
#include "proc.h"
#include "sched.h"
#include "signal.h"
#include "syscall.h"
#include "vm.h"

#define PIPE_SIZE 65536ul
#define PIPE_ORDER 4
#define PIPE_CHUNK 4096ul

struct pipe {
	struct spinlock lock;
	uint8_t *buf;
	uint64_t head, tail;   /* bytes ever written / read: head - tail are in the ring */
	int readers, writers;
	int releasing;         /* releases between their count and their wake-ups */
	struct waitq readq, writeq;
	struct poll_head poll; /* pollers of either end */
};

static uint64_t pipe_used(const struct pipe *p) { return p->head - p->tail; }

static void pipe_put_bytes(struct pipe *p, const uint8_t *src, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		p->buf[(p->head + i) % PIPE_SIZE] = src[i];
	p->head += n;
}

static void pipe_get_bytes(struct pipe *p, uint8_t *dst, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		dst[i] = p->buf[(p->tail + i) % PIPE_SIZE];
	p->tail += n;
}

struct pipe_wait {
	struct pipe *p;
	uint64_t need; /* writers: bytes of room wanted */
};

/* Under readq's lock: wait while empty, a writer remains and no signal is pending. */
static bool pipe_reader_waits(void *arg)
{
	struct pipe_wait *w = arg;
	uint64_t fl = spin_lock_irqsave(&w->p->lock);
	bool wait = pipe_used(w->p) == 0 && w->p->writers > 0 && !signal_pending();
	spin_unlock_irqrestore(&w->p->lock, fl);
	return wait;
}

static bool pipe_writer_waits(void *arg)
{
	struct pipe_wait *w = arg;
	uint64_t fl = spin_lock_irqsave(&w->p->lock);
	bool wait = PIPE_SIZE - pipe_used(w->p) < w->need && w->p->readers > 0 && !signal_pending();
	spin_unlock_irqrestore(&w->p->lock, fl);
	return wait;
}

static long pipe_read_user(struct file *f, void *ubuf, size_t len)
{
	struct pipe *p = f->priv;
	uint8_t chunk[256];
	size_t done = 0;
	struct pipe_wait w = { p, 0 };
	if (len == 0)
		return 0;
	for (;;) {
		uint64_t fl = spin_lock_irqsave(&p->lock);
		if (pipe_used(p)) {
			/* take what is there, a chunk at a time, copying outside the lock */
			while (done < len && pipe_used(p)) {
				uint64_t k = MIN(MIN(len - done, sizeof(chunk)), pipe_used(p));
				pipe_get_bytes(p, chunk, k);
				spin_unlock_irqrestore(&p->lock, fl);
				if (copy_to_user((uint8_t *)ubuf + done, chunk, k)) {
					waitq_wake(&p->writeq, -1);
					poll_head_wake(&p->poll);
					return done ? (long)done : -EFAULT;
				}
				done += k;
				fl = spin_lock_irqsave(&p->lock);
			}
			spin_unlock_irqrestore(&p->lock, fl);
			waitq_wake(&p->writeq, -1);
			poll_head_wake(&p->poll);
			return (long)done;
		}
		if (p->writers == 0) {
			spin_unlock_irqrestore(&p->lock, fl);
			return 0; /* end of file */
		}
		spin_unlock_irqrestore(&p->lock, fl);
		if (f->flags & FERRITE_O_NONBLOCK)
			return -EAGAIN;
		if (signal_pending())
			return -EINTR;
		waitq_wait_if(&p->readq, 0, pipe_reader_waits, &w, 0);
	}
}

/* Puts len bytes (already in the kernel) in as one piece once there is room for all of them. */
static long pipe_write_piece(struct file *f, struct pipe *p, const uint8_t *src, uint64_t len)
{
	struct pipe_wait w = { p, len };
	for (;;) {
		uint64_t fl = spin_lock_irqsave(&p->lock);
		if (p->readers == 0) {
			spin_unlock_irqrestore(&p->lock, fl);
			return -EPIPE;
		}
		if (PIPE_SIZE - pipe_used(p) >= len) {
			pipe_put_bytes(p, src, len);
			spin_unlock_irqrestore(&p->lock, fl);
			waitq_wake(&p->readq, -1);
			poll_head_wake(&p->poll);
			return (long)len;
		}
		spin_unlock_irqrestore(&p->lock, fl);
		if (f->flags & FERRITE_O_NONBLOCK)
			return -EAGAIN;
		if (signal_pending())
			return -EINTR;
		waitq_wait_if(&p->writeq, 0, pipe_writer_waits, &w, 0);
	}
}

static long pipe_write_user(struct file *f, const void *ubuf, size_t len)
{
	struct pipe *p = f->priv;
	uint8_t *chunk = kmalloc(PIPE_CHUNK);
	size_t done = 0;
	long r = 0;
	if (!chunk)
		return -ENOMEM;
	while (done < len) {
		uint64_t k = MIN(len - done, PIPE_CHUNK), room;
		if (copy_from_user(chunk, (const uint8_t *)ubuf + done, k)) {
			r = -EFAULT;
			break;
		}
		/* a write of PIPE_BUF or less goes in whole; for a longer one, as much as fits */
		if (len > FERRITE_PIPE_BUF) {
			uint64_t fl = spin_lock_irqsave(&p->lock);
			room = PIPE_SIZE - pipe_used(p);
			spin_unlock_irqrestore(&p->lock, fl);
			if (room && room < k)
				k = room;
		}
		r = pipe_write_piece(f, p, chunk, k);
		if (r < 0)
			break;
		done += (size_t)r;
	}
	kfree(chunk);
	if (r == -EPIPE && done == 0) {
		signal_send_thread(thread_current(), FERRITE_SIGPIPE, proc_current()->pid);
		return -EPIPE;
	}
	return done ? (long)done : r;
}

/* The last reference to an end went. Its peers are woken after the count changed; the pipe
 * is freed by whichever release is last, counting those still waking peers (`releasing`):
 * the other end's release may run at the same time on another CPU (a reader that saw the
 * writers gone, exited and closed its end), and must not free the pipe under these wake-ups. */
static void pipe_release(struct file *f)
{
	struct pipe *p = f->priv;
	uint64_t fl = spin_lock_irqsave(&p->lock);
	bool gone;
	if ((f->flags & FERRITE_O_ACCMODE) == FERRITE_O_RDONLY)
		p->readers--;
	else
		p->writers--;
	p->releasing++;
	spin_unlock_irqrestore(&p->lock, fl);
	waitq_wake(&p->readq, -1);  /* a reader sees EOF, a writer EPIPE */
	waitq_wake(&p->writeq, -1);
	poll_head_wake(&p->poll);
	fl = spin_lock_irqsave(&p->lock);
	gone = --p->releasing == 0 && p->readers == 0 && p->writers == 0;
	spin_unlock_irqrestore(&p->lock, fl);
	if (gone) {
		pmm_free_pages(virt_to_phys(p->buf), PIPE_ORDER);
		kfree(p);
	}
}

static unsigned pipe_poll(struct file *f)
{
	struct pipe *p = f->priv;
	unsigned r = 0;
	uint64_t fl = spin_lock_irqsave(&p->lock);
	if ((f->flags & FERRITE_O_ACCMODE) == FERRITE_O_RDONLY) {
		if (pipe_used(p))
			r |= FERRITE_POLLIN;
		if (p->writers == 0)
			r |= FERRITE_POLLHUP;
	} else {
		if (p->readers == 0)
			r |= FERRITE_POLLERR;
		else if (PIPE_SIZE - pipe_used(p) >= FERRITE_PIPE_BUF)
			r |= FERRITE_POLLOUT;
	}
	spin_unlock_irqrestore(&p->lock, fl);
	return r;
}

static struct poll_head *pipe_poll_head(struct file *f)
{
	return &((struct pipe *)f->priv)->poll;
}

static const struct file_ops pipe_ops = {
	.poll = pipe_poll,
	.poll_head = pipe_poll_head,
	.release = pipe_release,
	.read_user = pipe_read_user,
	.write_user = pipe_write_user,
};

int pipe_create(struct file **rd, struct file **wr, unsigned flags)
{
	struct pipe *p = kmalloc(sizeof(*p));
	uint64_t buf = pmm_alloc_pages(PIPE_ORDER, 0);
	if (!p || !buf)
		goto fail;
	memset(p, 0, sizeof(*p));
	p->lock = (struct spinlock)SPINLOCK_INIT("pipe");
	p->buf = (uint8_t *)VM_DIRECT_MAP + buf;
	p->readers = p->writers = 1;
	waitq_init(&p->readq);
	waitq_init(&p->writeq);
	poll_head_init(&p->poll);
	*rd = file_new(&pipe_ops, p, FERRITE_O_RDONLY | (flags & FERRITE_O_NONBLOCK));
	*wr = file_new(&pipe_ops, p, FERRITE_O_WRONLY | (flags & FERRITE_O_NONBLOCK));
	if (*rd && *wr)
		return 0;
	if (*rd)
		kfree(*rd);
	if (*wr)
		kfree(*wr);
fail:
	if (buf)
		pmm_free_pages(buf, PIPE_ORDER);
	kfree(p);
	return -ENOMEM;
}
