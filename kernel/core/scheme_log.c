/* kernel/core/scheme_log.c: the log scheme, mounted at /dev/kmsg: the kernel log ring
 * (klog.c) as a file. Each open description reads from the oldest line kept onwards, whole
 * lines only (as many as fit; EINVAL if the next one does not fit at all), and blocks at the
 * end (EAGAIN with O_NONBLOCK, which is how dmesg knows it has read everything; EINTR on a
 * signal). lseek to 0 from SEEK_SET goes back to the oldest line, from SEEK_END to the end.
 * A write adds its text as log lines marked with the writer's pid (at most 64 lines a call:
 * it stops short after them, see klog.c). lseek returns the new offset. */
#include "klib.h"
#include "errno.h"
#include "file.h"
#include "klog.h"
#include "kscheme.h"
#include "proc.h"

static long log_read(struct file *f, void *buf, size_t len)
{
	for (;;) {
		uint64_t fl = spin_lock_irqsave(&f->lock), pos = f->offset;
		long r;
		spin_unlock_irqrestore(&f->lock, fl);
		r = klog_read(&pos, buf, len);
		if (r > 0) {
			fl = spin_lock_irqsave(&f->lock);
			f->offset = pos;
			spin_unlock_irqrestore(&f->lock, fl);
			return r;
		}
		if (r < 0)
			return r;
		if (f->flags & FERRITE_O_NONBLOCK)
			return -EAGAIN;
		if (klog_wait(pos))
			return -EINTR;
	}
}

static long log_write(struct file *f, const void *buf, size_t len)
{
	struct process *p = proc_current();
	(void)f;
	return klog_write_line(p ? p->pid : 0, buf, len);
}

static long log_lseek(struct file *f, long off, int whence)
{
	uint64_t fl, pos;
	if (off != 0 || (whence != FERRITE_SEEK_SET && whence != FERRITE_SEEK_END))
		return -EINVAL;
	pos = whence == FERRITE_SEEK_SET ? klog_oldest() : klog_newest();
	fl = spin_lock_irqsave(&f->lock);
	f->offset = pos;
	spin_unlock_irqrestore(&f->lock, fl);
	return (long)pos; /* the new offset, as lseek returns: a count of bytes ever logged */
}

static unsigned log_poll(struct file *f)
{
	uint64_t fl = spin_lock_irqsave(&f->lock), pos = f->offset;
	spin_unlock_irqrestore(&f->lock, fl);
	return FERRITE_POLLOUT | (klog_newest() > pos ? FERRITE_POLLIN : 0);
}

static struct poll_head *log_poll_head(struct file *f)
{
	(void)f;
	return klog_poll_head();
}

static const struct file_ops log_ops = {
	.read = log_read,
	.write = log_write,
	.lseek = log_lseek,
	.poll = log_poll,
	.poll_head = log_poll_head,
};

static long log_path(struct scheme *s, struct path_req *rq)
{
	(void)s;
	if (rq->path[0])
		return -ENOTDIR; /* /dev/kmsg is one file */
	if (rq->op == FERRITE_SOP_STAT)
		return kscheme_stat(rq, FERRITE_S_IFCHR | 0644, 0);
	if (rq->op != FERRITE_SOP_OPEN)
		return kscheme_refuse(rq);
	if (rq->flags & FERRITE_O_DIRECTORY)
		return -ENOTDIR;
	rq->file = file_new(&log_ops, NULL, rq->flags & FERRITE_O_ACCMODE);
	if (!rq->file)
		return -ENOMEM;
	rq->file->offset = klog_oldest();
	return 0;
}

static const struct scheme_ops log_scheme_ops = { .path = log_path };
static struct scheme log_scheme = { .name = "log", .ops = &log_scheme_ops };

int scheme_log_init(void)
{
	return scheme_register(&log_scheme);
}
