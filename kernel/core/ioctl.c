/* kernel/core/ioctl.c: ioctl through the table of the ABI header (FERRITE_IOCTLS): each
 * request the kernel knows has the size of what its argument points at and the way the bytes
 * go; anything else is ENOTTY. The argument crosses into a kernel buffer here, so a
 * description's ioctl operation (a server's, through scheme_user_file.c) gets kernel memory.
 * FIONBIO, FIOCLEX and FIONCLEX are answered here: they are the kernel's flags. */
#include "klib.h"
#include "errno.h"
#include "file.h"
#include "proc.h"
#include "syscall.h"

struct ioctl_desc {
	unsigned long req;
	unsigned size;
	int dir;
};

#define IOCTL_ENTRY(r, s, d) { r, s, d },
static const struct ioctl_desc ioctl_table[] = { FERRITE_IOCTLS(IOCTL_ENTRY) };

#define IOCTL_ARG_MAX 64
_Static_assert(sizeof(struct ferrite_termios) <= IOCTL_ARG_MAX, "the largest argument fits");

static const struct ioctl_desc *ioctl_lookup(unsigned long req)
{
	for (size_t i = 0; i < sizeof(ioctl_table) / sizeof(ioctl_table[0]); i++)
		if (ioctl_table[i].req == req)
			return &ioctl_table[i];
	return NULL;
}

/* FERRITE_IOC_* of a known request, -1 for an unknown one. */
int ioctl_direction(unsigned long req)
{
	const struct ioctl_desc *d = ioctl_lookup(req);
	return d ? d->dir : -1;
}

/* The kernel's own requests: 0 done, 1 not one of them. */
static long ioctl_generic(struct file *f, int fd, unsigned long req, const void *k)
{
	struct fdtable *t = &proc_current()->fds;
	uint64_t fl;
	long r = 0;
	if (req == FERRITE_FIONBIO) {
		fl = spin_lock_irqsave(&f->lock);
		if (*(const int *)k)
			f->flags |= FERRITE_O_NONBLOCK;
		else
			f->flags &= ~(unsigned)FERRITE_O_NONBLOCK;
		spin_unlock_irqrestore(&f->lock, fl);
		return 0;
	}
	if (req != FERRITE_FIOCLEX && req != FERRITE_FIONCLEX)
		return 1;
	fl = spin_lock_irqsave(&t->lock);
	if (fd < t->size && t->slots[fd].file == f)
		t->slots[fd].fdflags = req == FERRITE_FIOCLEX ? FERRITE_FD_CLOEXEC : 0;
	else
		r = -EBADF; /* closed meanwhile by another thread */
	spin_unlock_irqrestore(&t->lock, fl);
	return r;
}

long sys_ioctl(int fd, unsigned long req, unsigned long arg)
{
	const struct ioctl_desc *d;
	struct file *f = fd_get(&proc_current()->fds, fd);
	uint8_t k[IOCTL_ARG_MAX];
	long r;
	if (!f)
		return -EBADF;
	/* the request is 32 bits (Linux's unsigned int): musl passes an int, which sign-extends
	 * the requests with the top bit set (TIOCGPTN 0x80045430) */
	req &= 0xffffffffu;
	d = ioctl_lookup(req);
	memset(k, 0, sizeof(k));
	if (!d)
		r = -ENOTTY;
	else if (d->size && !user_range_ok(arg, d->size))
		r = -EFAULT;
	else if ((d->dir & FERRITE_IOC_IN) && copy_from_user(k, (const void *)arg, d->size))
		r = -EFAULT;
	else if ((r = ioctl_generic(f, fd, req, k)) != 1)
		; /* the kernel's own */
	else if (!f->ops->ioctl)
		r = -ENOTTY;
	else
		r = f->ops->ioctl(f, req, d->size ? (void *)k : (void *)arg, d->size);
	if (r >= 0 && d && (d->dir & FERRITE_IOC_OUT) && copy_to_user((void *)arg, k, d->size))
		r = -EFAULT;
	file_put(f);
	return r;
}
