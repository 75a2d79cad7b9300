/* libc/port/shim/path.c: the path calls. Ferrite has only the *at forms; Linux's older
 * calls (open, stat, mkdir, unlink...) become them with AT_FDCWD, the calls on a descriptor
 * (fchmod, fchown) become them with AT_EMPTY_PATH. O_LARGEFILE (which musl always adds) means
 * nothing on a 64-bit system and is dropped; the file creation mask is applied here, where it
 * is kept (proc.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include "shim.h"

#define SHIM_O_LARGEFILE 0100000

static long shim_openat4(long dirfd, long path, long flags, long mode)
{
	if (flags & O_CREAT)
		mode &= ~(long)shim_umask_get();
	return shim_call4(SYS_openat, dirfd, path, flags & ~SHIM_O_LARGEFILE, mode);
}

long shim_open(const long *a)
{
	return shim_openat4(AT_FDCWD, a[0], a[1], a[2]);
}

long shim_openat(const long *a)
{
	return shim_openat4(a[0], a[1], a[2], a[3]);
}

long shim_creat(const long *a)
{
	return shim_openat4(AT_FDCWD, a[0], O_CREAT | O_WRONLY | O_TRUNC, a[1]);
}

long shim_stat(const long *a)
{
	return shim_call4(SYS_fstatat, AT_FDCWD, a[0], a[1], 0);
}

long shim_lstat(const long *a)
{
	return shim_call4(SYS_fstatat, AT_FDCWD, a[0], a[1], AT_SYMLINK_NOFOLLOW);
}

long shim_access(const long *a)
{
	return shim_call4(SYS_faccessat, AT_FDCWD, a[0], a[1], 0);
}

long shim_faccessat(const long *a)
{
	return shim_call4(SYS_faccessat, a[0], a[1], a[2], 0);
}

long shim_faccessat2(const long *a)
{
	return shim_call4(SYS_faccessat, a[0], a[1], a[2], a[3]);
}

long shim_mkdir(const long *a)
{
	return shim_call3(SYS_mkdirat, AT_FDCWD, a[0], a[1] & ~(long)shim_umask_get());
}

long shim_mkdirat(const long *a)
{
	return shim_call3(SYS_mkdirat, a[0], a[1], a[2] & ~(long)shim_umask_get());
}

long shim_rmdir(const long *a)
{
	return shim_call3(SYS_unlinkat, AT_FDCWD, a[0], AT_REMOVEDIR);
}

long shim_unlink(const long *a)
{
	return shim_call3(SYS_unlinkat, AT_FDCWD, a[0], 0);
}

long shim_rename(const long *a)
{
	return shim_call4(SYS_renameat, AT_FDCWD, a[0], AT_FDCWD, a[1]);
}

long shim_renameat2(const long *a)
{
	if (a[4])
		return -EINVAL; /* RENAME_NOREPLACE, RENAME_EXCHANGE: not in Ferrite */
	return shim_call4(SYS_renameat, a[0], a[1], a[2], a[3]);
}

long shim_link(const long *a)
{
	return shim_raw(SYS_linkat, AT_FDCWD, a[0], AT_FDCWD, a[1], 0, 0);
}

long shim_symlink(const long *a)
{
	return shim_call3(SYS_symlinkat, a[0], AT_FDCWD, a[1]);
}

long shim_readlink(const long *a)
{
	return shim_call4(SYS_readlinkat, AT_FDCWD, a[0], a[1], a[2]);
}

/* Linux's fchmodat has no flags argument (musl handles AT_SYMLINK_NOFOLLOW itself) */
long shim_fchmodat(const long *a)
{
	return shim_call4(SYS_fchmodat, a[0], a[1], a[2], 0);
}

long shim_chmod(const long *a)
{
	return shim_call4(SYS_fchmodat, AT_FDCWD, a[0], a[1], 0);
}

long shim_fchmod(const long *a)
{
	return shim_call4(SYS_fchmodat, a[0], "", a[1], AT_EMPTY_PATH);
}

long shim_chown(const long *a)
{
	return shim_raw(SYS_fchownat, AT_FDCWD, a[0], a[1], a[2], 0, 0);
}

long shim_lchown(const long *a)
{
	return shim_raw(SYS_fchownat, AT_FDCWD, a[0], a[1], a[2], AT_SYMLINK_NOFOLLOW, 0);
}

long shim_fchown(const long *a)
{
	return shim_raw(SYS_fchownat, a[0], (long)"", a[1], a[2], AT_EMPTY_PATH, 0);
}

long shim_truncate(const long *a)
{
	long fd = shim_call4(SYS_openat, AT_FDCWD, a[0], O_WRONLY | O_CLOEXEC, 0), r;
	if (fd < 0)
		return fd;
	r = shim_call2(SYS_ftruncate, fd, a[1]);
	shim_call1(SYS_close, fd);
	return r;
}
