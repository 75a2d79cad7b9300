/* kernel/core/scheme_user_file.c: descriptions opened through a user-space server: each
 * carries the server's handle, and each call on it (read, write, fstat, getdents, ioctl,
 * ftruncate, fsync, fchmod) is a request on that handle. The offset is the kernel's (in the
 * description, shared by dup and fork), sent with each READ and WRITE. When the description's
 * last reference goes, the server is sent one CLOSE notice for the handle. Once the server
 * died, every call answers EIO. */
#include "klib.h"
#include "errno.h"
#include "file.h"
#include "kheap.h"
#include "proc.h"
#include "scheme_user.h"
#include "syscall.h"

struct file *usfile_prepare(struct uscheme *us, unsigned flags)
{
	struct usfile *uf = kmalloc(sizeof(*uf));
	struct file *f;
	if (!uf)
		return NULL;
	memset(uf, 0, sizeof(*uf));
	f = file_new(&usfile_ops, uf, flags & (FERRITE_O_ACCMODE | FERRITE_O_APPEND | FERRITE_O_NONBLOCK));
	if (!f) {
		kfree(uf);
		return NULL;
	}
	uf->us = us;
	uf->cq.kind = UQ_CLOSE;
	list_init(&uf->link);
	list_init(&uf->cq.link);
	scheme_get(&us->s);
	return f;
}

void usfile_commit(struct file *f, uint64_t handle)
{
	struct usfile *uf = f->priv;
	uint64_t fl = spin_lock_irqsave(&uf->us->lock);
	uf->handle = handle;
	list_add_tail(&uf->us->files, &uf->link);
	spin_unlock_irqrestore(&uf->us->lock, fl);
	f->handle = handle;
}

void usfile_discard(struct file *f)
{
	struct usfile *uf = f->priv;
	scheme_put(&uf->us->s);
	kfree(uf);
	kfree(f); /* never installed anywhere: no release */
}

/* One request on the description's handle, from the calling process. */
static long usfile_call(struct file *f, struct ureq *rq, unsigned op)
{
	struct usfile *uf = f->priv;
	struct process *p = proc_current();
	rq->pkt.op = op;
	rq->pkt.handle = uf->handle;
	rq->pkt.flags = f->flags;
	if (p) {
		rq->pkt.pid = p->pid;
		rq->pkt.uid = p->euid;
		rq->pkt.gid = p->egid;
		rq->pkt.pgid = p->pgid;
	}
	return uscheme_call(uf->us, rq);
}

static uint64_t usfile_offset(struct file *f)
{
	uint64_t fl = spin_lock_irqsave(&f->lock), off = f->offset;
	spin_unlock_irqrestore(&f->lock, fl);
	return off;
}

static void usfile_advance(struct file *f, long n)
{
	uint64_t fl = spin_lock_irqsave(&f->lock);
	f->offset += (uint64_t)n;
	spin_unlock_irqrestore(&f->lock, fl);
}

/* READ into b (user memory of the caller, or kernel memory) at the description's offset,
 * which then moves on, or (at) at a given one (pread), which leaves it alone. */
static long usfile_read_into(struct file *f, struct ubuf *b, const uint64_t *at)
{
	struct ureq rq;
	long r;
	memset(&rq, 0, sizeof(rq));
	rq.out = *b;
	rq.pkt.len = b->len;
	rq.pkt.arg[0] = at ? *at : usfile_offset(f);
	r = usfile_call(f, &rq, FERRITE_SOP_READ);
	if (r > 0 && !at)
		usfile_advance(f, r);
	return r;
}

static long usfile_write_from(struct file *f, struct ubuf *b, const uint64_t *at)
{
	struct ureq rq;
	long r;
	memset(&rq, 0, sizeof(rq));
	rq.in = *b;
	rq.pkt.len = b->len;
	rq.pkt.arg[0] = at ? *at : usfile_offset(f);
	r = usfile_call(f, &rq, FERRITE_SOP_WRITE);
	if (r >= 0 && !at && rq.has_offset) { /* an O_APPEND write: where it really ended */
		uint64_t fl = spin_lock_irqsave(&f->lock);
		f->offset = rq.offset_after;
		spin_unlock_irqrestore(&f->lock, fl);
	} else if (r > 0 && !at) {
		usfile_advance(f, r);
	}
	return r;
}

static long usfile_read_user(struct file *f, void *ubuf, size_t len)
{
	struct ubuf b = { &proc_current()->vm, (uint64_t)ubuf, NULL, len };
	return usfile_read_into(f, &b, NULL);
}

static long usfile_write_user(struct file *f, const void *ubuf, size_t len)
{
	struct ubuf b = { &proc_current()->vm, (uint64_t)ubuf, NULL, len };
	return usfile_write_from(f, &b, NULL);
}

static long usfile_read(struct file *f, void *buf, size_t len)
{
	struct ubuf b = { NULL, 0, buf, len };
	return usfile_read_into(f, &b, NULL);
}

static long usfile_write(struct file *f, const void *buf, size_t len)
{
	struct ubuf b = { NULL, 0, (void *)buf, len };
	return usfile_write_from(f, &b, NULL);
}

static long usfile_pread(struct file *f, void *buf, size_t len, uint64_t off)
{
	struct ubuf b = { NULL, 0, buf, len };
	return usfile_read_into(f, &b, &off);
}

static long usfile_pwrite(struct file *f, const void *buf, size_t len, uint64_t off)
{
	struct ubuf b = { NULL, 0, (void *)buf, len };
	return usfile_write_from(f, &b, &off);
}

static long usfile_pread_user(struct file *f, void *ubuf, size_t len, uint64_t off)
{
	struct ubuf b = { &proc_current()->vm, (uint64_t)ubuf, NULL, len };
	return usfile_read_into(f, &b, &off);
}

static long usfile_pwrite_user(struct file *f, const void *ubuf, size_t len, uint64_t off)
{
	struct ubuf b = { &proc_current()->vm, (uint64_t)ubuf, NULL, len };
	return usfile_write_from(f, &b, &off);
}

static long usfile_stat(struct file *f, struct ferrite_stat *st)
{
	struct ureq rq;
	memset(&rq, 0, sizeof(rq));
	rq.out.kaddr = st;
	rq.out.len = rq.pkt.len = sizeof(*st);
	return usfile_call(f, &rq, FERRITE_SOP_FSTAT);
}

static long usfile_lseek(struct file *f, long off, int whence)
{
	struct ferrite_stat st;
	long base, r;
	uint64_t fl;
	if (whence == FERRITE_SEEK_END) {
		r = usfile_stat(f, &st);
		if (r < 0)
			return r;
		base = st.st_size;
	} else if (whence != FERRITE_SEEK_SET && whence != FERRITE_SEEK_CUR) {
		return -EINVAL;
	}
	fl = spin_lock_irqsave(&f->lock);
	if (whence == FERRITE_SEEK_SET)
		base = 0;
	else if (whence == FERRITE_SEEK_CUR)
		base = (long)f->offset;
	if ((off > 0 && base > 0x7fffffffffffffffl - off) || base + off < 0) {
		spin_unlock_irqrestore(&f->lock, fl);
		return off > 0 ? -EOVERFLOW : -EINVAL;
	}
	f->offset = (uint64_t)(base + off);
	spin_unlock_irqrestore(&f->lock, fl);
	return base + off;
}

/* The cookie to go on from: the last record's d_off (records checked: the server wrote them). */
static bool usfile_last_cookie(const uint8_t *buf, size_t len, long *cookie)
{
	size_t at = 0;
	bool any = false;
	while (at + sizeof(struct ferrite_dirent) <= len) {
		const struct ferrite_dirent *d = (const void *)(buf + at);
		if (d->d_reclen < 20 || d->d_reclen > len - at)
			break;
		*cookie = d->d_off;
		any = true;
		at += d->d_reclen;
	}
	return any;
}

static long usfile_getdents(struct file *f, void *buf, size_t len)
{
	struct ureq rq;
	long r, cookie = 0;
	uint64_t fl;
	memset(&rq, 0, sizeof(rq));
	rq.out.kaddr = buf;
	rq.out.len = rq.pkt.len = len;
	rq.pkt.arg[0] = usfile_offset(f);
	r = usfile_call(f, &rq, FERRITE_SOP_GETDENTS);
	if (r > 0 && usfile_last_cookie(buf, (size_t)r, &cookie)) {
		fl = spin_lock_irqsave(&f->lock);
		f->offset = (uint64_t)cookie;
		spin_unlock_irqrestore(&f->lock, fl);
	}
	return r;
}

int ioctl_direction(unsigned long req); /* ioctl.c */

static long usfile_ioctl(struct file *f, unsigned long req, void *arg, size_t size)
{
	int dir = ioctl_direction(req);
	struct ureq rq;
	memset(&rq, 0, sizeof(rq));
	rq.pkt.arg[0] = req;
	rq.pkt.arg[1] = size;
	rq.pkt.len = size;
	if (!size)
		rq.pkt.arg[2] = (uint64_t)arg; /* NONE: the argument itself */
	if (size && (dir & FERRITE_IOC_IN)) {
		rq.in.kaddr = arg;
		rq.in.len = size;
	}
	if (size && (dir & FERRITE_IOC_OUT)) {
		rq.out.kaddr = arg;
		rq.out.len = size;
	}
	return usfile_call(f, &rq, FERRITE_SOP_IOCTL);
}

static long usfile_arg_call(struct file *f, unsigned op, uint64_t arg)
{
	struct ureq rq;
	memset(&rq, 0, sizeof(rq));
	rq.pkt.arg[0] = arg;
	return usfile_call(f, &rq, op);
}

static long usfile_truncate(struct file *f, uint64_t len)
{
	return usfile_arg_call(f, FERRITE_SOP_TRUNCATE, len);
}

static long usfile_fsync(struct file *f)
{
	return usfile_arg_call(f, FERRITE_SOP_FSYNC, 0);
}

static long usfile_chmod(struct file *f, unsigned mode)
{
	return usfile_arg_call(f, FERRITE_SOP_FCHMOD, mode);
}

/* Readiness: what the server pushed for the handle, if it ever did; otherwise always ready,
 * as a file is. A dead server's descriptions say POLLERR. */
static unsigned usfile_poll(struct file *f)
{
	struct usfile *uf = f->priv;
	if (uf->us->dead)
		return FERRITE_POLLERR;
	return uf->has_events ? uf->revents : FERRITE_POLLIN | FERRITE_POLLOUT;
}

/* The last reference went: the server is told once (the notice is the usfile itself, freed
 * when the server reads it); if it is gone, there is no one to tell. */
static void usfile_release(struct file *f)
{
	struct usfile *uf = f->priv;
	struct uscheme *us = uf->us;
	uint64_t fl = spin_lock_irqsave(&us->lock);
	bool tell = !us->dead;
	list_del(&uf->link);
	if (tell)
		list_add_tail(&us->queue, &uf->cq.link);
	spin_unlock_irqrestore(&us->lock, fl);
	if (!tell) {
		uscheme_free_item(&uf->cq);
		return;
	}
	waitq_wake(&us->recvq, 1);
	poll_notify();
}

const struct file_ops usfile_ops = {
	.read = usfile_read,
	.write = usfile_write,
	.lseek = usfile_lseek,
	.release = usfile_release,
	.read_user = usfile_read_user,
	.write_user = usfile_write_user,
	.poll = usfile_poll,
	.stat = usfile_stat,
	.getdents = usfile_getdents,
	.ioctl = usfile_ioctl,
	.truncate = usfile_truncate,
	.fsync = usfile_fsync,
	.chmod = usfile_chmod,
	.pread = usfile_pread,
	.pread_user = usfile_pread_user,
	.pwrite_user = usfile_pwrite_user,
	.pwrite = usfile_pwrite,
};
