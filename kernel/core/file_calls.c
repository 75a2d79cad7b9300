/* kernel/core/file_calls.c: the descriptor system calls: read, write, close, dup, dup3,
 * pipe2, lseek, fcntl, fstat, getdents64, ftruncate, fsync, pread64, pwrite64. Each checks the descriptor and the
 * arguments before it acts. */
#include "klib.h"
#include "errno.h"
#include "file.h"
#include "kheap.h"
#include "path.h"
#include "proc.h"
#include "syscall.h"

#define FILE_BOUNCE_MAX 65536ul /* one call through a kernel buffer moves at most this */

static struct fdtable *fd_table(void)
{
	return &proc_current()->fds;
}

/* read for objects whose read takes a kernel buffer: one call, at most FILE_BOUNCE_MAX. */
static long file_read_bounce(struct file *f, void *ubuf, size_t len)
{
	size_t n = MIN(len, FILE_BOUNCE_MAX);
	void *k;
	long r;
	if (!f->ops->read)
		return -EINVAL;
	if (n == 0)
		return 0;
	k = kmalloc(n);
	if (!k)
		return -ENOMEM;
	r = f->ops->read(f, k, n);
	if (r > (long)n)
		r = -EIO;
	if (r > 0 && copy_to_user(ubuf, k, (size_t)r))
		r = -EFAULT;
	kfree(k);
	return r;
}

static long file_write_bounce(struct file *f, const void *ubuf, size_t len)
{
	size_t n = MIN(len, FILE_BOUNCE_MAX);
	void *k;
	long r;
	if (!f->ops->write)
		return -EINVAL;
	if (n == 0)
		return 0;
	k = kmalloc(n);
	if (!k)
		return -ENOMEM;
	r = copy_from_user(k, ubuf, n) ? -EFAULT : f->ops->write(f, k, n);
	kfree(k);
	return r;
}

long sys_read(int fd, void *buf, size_t len)
{
	struct file *f = fd_get(fd_table(), fd);
	long r;
	if (!f)
		return -EBADF;
	if ((f->flags & FERRITE_O_ACCMODE) == FERRITE_O_WRONLY || (f->flags & FERRITE_O_PATH))
		r = -EBADF;
	else if (!user_range_ok((uint64_t)buf, len))
		r = -EFAULT;
	else
		r = f->ops->read_user ? f->ops->read_user(f, buf, len) : file_read_bounce(f, buf, len);
	file_put(f);
	return r;
}

long sys_write(int fd, const void *buf, size_t len)
{
	struct file *f = fd_get(fd_table(), fd);
	long r;
	if (!f)
		return -EBADF;
	if ((f->flags & FERRITE_O_ACCMODE) == FERRITE_O_RDONLY || (f->flags & FERRITE_O_PATH))
		r = -EBADF;
	else if (!user_range_ok((uint64_t)buf, len))
		r = -EFAULT;
	else
		r = f->ops->write_user ? f->ops->write_user(f, buf, len) : file_write_bounce(f, buf, len);
	file_put(f);
	return r;
}

long sys_close(int fd)
{
	struct fdtable *t = fd_table();
	struct file *f = NULL;
	uint64_t fl = spin_lock_irqsave(&t->lock);
	if (fd >= 0 && fd < t->size) {
		f = t->slots[fd].file;
		t->slots[fd].file = NULL;
	}
	spin_unlock_irqrestore(&t->lock, fl);
	if (!f)
		return -EBADF;
	file_put(f);
	return 0;
}

long sys_dup(int fd)
{
	struct file *f = fd_get(fd_table(), fd);
	int r;
	if (!f)
		return -EBADF;
	r = fd_install(fd_table(), f, 0, 0);
	if (r < 0)
		file_put(f);
	return r;
}

long sys_dup3(int oldfd, int newfd, int flags)
{
	struct fdtable *t = fd_table();
	struct file *f, *old = NULL;
	uint64_t fl;
	int r;
	if (flags & ~FERRITE_O_CLOEXEC)
		return -EINVAL;
	if (newfd < 0 || newfd >= FD_MAX)
		return -EBADF;
	f = fd_get(t, oldfd);
	if (!f)
		return -EBADF;
	if (oldfd == newfd) { /* dup2's way; dup3 itself says EINVAL */
		file_put(f);
		return flags ? -EINVAL : newfd;
	}
	/* make sure the slot exists: install anywhere >= newfd grows the table, then move */
	fl = spin_lock_irqsave(&t->lock);
	if (newfd >= t->size) {
		spin_unlock_irqrestore(&t->lock, fl);
		r = fd_install(t, f, 0, newfd);
		if (r < 0) {
			file_put(f);
			return r;
		}
		fl = spin_lock_irqsave(&t->lock);
		t->slots[r].file = NULL;
	}
	old = t->slots[newfd].file;
	t->slots[newfd].file = f;
	t->slots[newfd].fdflags = flags & FERRITE_O_CLOEXEC ? FERRITE_FD_CLOEXEC : 0;
	spin_unlock_irqrestore(&t->lock, fl);
	if (old)
		file_put(old);
	return newfd;
}

long sys_pipe2(int *fds, int flags)
{
	struct file *rd, *wr;
	int k[2], err;
	unsigned fdflags = flags & FERRITE_O_CLOEXEC ? FERRITE_FD_CLOEXEC : 0;
	if (flags & ~(FERRITE_O_CLOEXEC | FERRITE_O_NONBLOCK))
		return -EINVAL;
	if (!user_range_ok((uint64_t)fds, sizeof(k)))
		return -EFAULT;
	err = pipe_create(&rd, &wr, (unsigned)flags);
	if (err)
		return err;
	k[0] = fd_install(fd_table(), rd, fdflags, 0);
	k[1] = k[0] < 0 ? -EMFILE : fd_install(fd_table(), wr, fdflags, 0);
	if (k[1] < 0 || copy_to_user(fds, k, sizeof(k))) {
		if (k[0] >= 0)
			sys_close(k[0]);
		else
			file_put(rd);
		if (k[1] >= 0)
			sys_close(k[1]);
		else
			file_put(wr);
		return k[1] < 0 ? -EMFILE : -EFAULT;
	}
	return 0;
}

long sys_lseek(int fd, long offset, int whence)
{
	struct file *f = fd_get(fd_table(), fd);
	long r;
	if (!f)
		return -EBADF;
	if (f->flags & FERRITE_O_PATH)
		r = -EBADF;
	else if (whence < FERRITE_SEEK_SET || whence > FERRITE_SEEK_END)
		r = -EINVAL;
	else if (f->ops->getdents && whence == FERRITE_SEEK_SET && offset >= (long)MOUNTDIR_COOKIE)
		r = mountdir_seek(f, offset); /* a mount entry's d_off: on among the mounts */
	else {
		r = f->ops->lseek ? f->ops->lseek(f, offset, whence) : -ESPIPE;
		if (r >= 0 && f->ops->getdents && whence == FERRITE_SEEK_SET)
			mountdir_seek(f, 0); /* back among the directory's own entries */
	}
	file_put(f);
	return r;
}

long sys_fcntl(int fd, int cmd, unsigned long arg)
{
	struct fdtable *t = fd_table();
	struct file *f = fd_get(t, fd);
	uint64_t fl;
	long r = 0;
	if (!f)
		return -EBADF;
	switch (cmd) {
	case FERRITE_F_DUPFD:
	case FERRITE_F_DUPFD_CLOEXEC:
		if (arg >= FD_MAX) {
			r = -EINVAL;
			break;
		}
		r = fd_install(t, f, cmd == FERRITE_F_DUPFD_CLOEXEC ? FERRITE_FD_CLOEXEC : 0, (int)arg);
		if (r >= 0)
			f = NULL; /* the new slot holds our reference */
		break;
	case FERRITE_F_GETFD:
	case FERRITE_F_SETFD:
		fl = spin_lock_irqsave(&t->lock);
		if (fd < t->size && t->slots[fd].file) {
			if (cmd == FERRITE_F_GETFD)
				r = t->slots[fd].fdflags;
			else
				t->slots[fd].fdflags = (unsigned)arg & FERRITE_FD_CLOEXEC;
		} else {
			r = -EBADF;
		}
		spin_unlock_irqrestore(&t->lock, fl);
		break;
	case FERRITE_F_GETFL:
		r = f->flags;
		break;
	case FERRITE_F_SETFL: /* only these may change after open */
		fl = spin_lock_irqsave(&f->lock);
		f->flags = (f->flags & ~(FERRITE_O_APPEND | FERRITE_O_NONBLOCK)) |
			((unsigned)arg & (FERRITE_O_APPEND | FERRITE_O_NONBLOCK));
		spin_unlock_irqrestore(&f->lock, fl);
		break;
	default:
		r = -EINVAL;
	}
	if (f)
		file_put(f);
	return r;
}

long sys_fstat(int fd, struct ferrite_stat *ust)
{
	struct ferrite_stat st;
	struct file *f;
	long r;
	if (!user_range_ok((uint64_t)ust, sizeof(st)))
		return -EFAULT;
	f = fd_get(fd_table(), fd);
	if (!f)
		return -EBADF;
	r = file_stat(f, &st);
	file_put(f);
	if (r >= 0 && copy_to_user(ust, &st, sizeof(st)))
		r = -EFAULT;
	return r < 0 ? r : 0;
}

/* getdents64: ferrite_dirent records from the description's offset (a cookie the object
 * keeps), through a kernel buffer; 0 at the end. */
long sys_getdents64(int fd, void *ubuf, size_t len)
{
	struct file *f;
	void *k;
	long r;
	if (!user_range_ok((uint64_t)ubuf, len))
		return -EFAULT;
	f = fd_get(fd_table(), fd);
	if (!f)
		return -EBADF;
	len = MIN(len, FILE_BOUNCE_MAX);
	if (f->flags & FERRITE_O_PATH)
		r = -EBADF;
	else if (!f->ops->getdents)
		r = -ENOTDIR;
	else if (len < 24)
		r = -EINVAL; /* not even one record fits */
	else if (!(k = kmalloc(len)))
		r = -ENOMEM;
	else {
		r = mountdir_listing_mounts(f) ? 0 : f->ops->getdents(f, k, len);
		if (r == 0) /* its own entries are done: the mounts below it (mountdir.c) */
			r = mountdir_list(f, k, len);
		if (r > (long)len)
			r = -EIO;
		if (r > 0 && copy_to_user(ubuf, k, (size_t)r))
			r = -EFAULT;
		kfree(k);
	}
	file_put(f);
	return r;
}

long sys_ftruncate(int fd, long length)
{
	struct file *f;
	long r;
	if (length < 0)
		return -EINVAL;
	f = fd_get(fd_table(), fd);
	if (!f)
		return -EBADF;
	if ((f->flags & FERRITE_O_ACCMODE) == FERRITE_O_RDONLY || (f->flags & FERRITE_O_PATH))
		r = -EINVAL; /* not open for writing: Linux's answer */
	else
		r = f->ops->truncate ? f->ops->truncate(f, (uint64_t)length) : -EINVAL;
	file_put(f);
	return r;
}

long sys_fsync(int fd)
{
	struct file *f = fd_get(fd_table(), fd);
	long r;
	if (!f)
		return -EBADF;
	r = (f->flags & FERRITE_O_PATH) ? -EBADF : f->ops->fsync ? f->ops->fsync(f) : 0;
	file_put(f);
	return r;
}

/* pread64 and pwrite64 share one path: check the offset, the buffer and the access mode,
 * then let an object that moves user memory itself do so (a user server's file: one copy,
 * straight between the two address spaces), or go through a kernel buffer of at most
 * FILE_BOUNCE_MAX. The description's offset is left alone either way. */
static long file_prw(int fd, void *ubuf, size_t len, long off, int writing)
{
	struct file *f;
	void *k = NULL;
	long r;
	unsigned denied = writing ? FERRITE_O_RDONLY : FERRITE_O_WRONLY;
	if (off < 0)
		return -EINVAL;
	if (!user_range_ok((uint64_t)ubuf, len))
		return -EFAULT;
	f = fd_get(fd_table(), fd);
	if (!f)
		return -EBADF;
	if ((f->flags & FERRITE_O_ACCMODE) == denied || (f->flags & FERRITE_O_PATH))
		r = -EBADF;
	else if (writing ? !f->ops->pwrite : !f->ops->pread)
		r = -ESPIPE;
	else if (len == 0)
		r = 0;
	else if (writing && f->ops->pwrite_user)
		r = f->ops->pwrite_user(f, ubuf, len, (uint64_t)off);
	else if (!writing && f->ops->pread_user)
		r = f->ops->pread_user(f, ubuf, len, (uint64_t)off);
	else if (!(k = kmalloc(MIN(len, FILE_BOUNCE_MAX))))
		r = -ENOMEM;
	else if (writing) {
		len = MIN(len, FILE_BOUNCE_MAX);
		r = copy_from_user(k, ubuf, len) ? -EFAULT : f->ops->pwrite(f, k, len, (uint64_t)off);
	} else {
		len = MIN(len, FILE_BOUNCE_MAX);
		r = f->ops->pread(f, k, len, (uint64_t)off);
		if (r > (long)len)
			r = -EIO;
		if (r > 0 && copy_to_user(ubuf, k, (size_t)r))
			r = -EFAULT;
	}
	kfree(k);
	file_put(f);
	return r;
}

long sys_pread64(int fd, void *ubuf, size_t len, long off)
{
	return file_prw(fd, ubuf, len, off, 0);
}

long sys_pwrite64(int fd, const void *ubuf, size_t len, long off)
{
	return file_prw(fd, (void *)ubuf, len, off, 1);
}
