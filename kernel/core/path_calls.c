/* kernel/core/path_calls.c: the path system calls, all *at-style (FERRITE_AT_FDCWD: the
 * current directory): openat, mkdirat, unlinkat, renameat, linkat, symlinkat, readlinkat,
 * fstatat, faccessat, fchmodat, fchownat, utimensat, chdir, fchdir, getcwd, umask. Each copies and
 * checks its arguments, then resolves through path.c. With FERRITE_AT_EMPTY_PATH and an empty
 * path, the calls that take it act on the description dirfd names itself (its scheme is asked
 * with its handle and the path ""). */
#include "klib.h"
#include "errno.h"
#include "kheap.h"
#include "path.h"
#include "proc.h"
#include "syscall.h"

/* A kernel copy of a user path: NULL and *err on failure; free with kfree. */
static char *pc_path(const char *upath, int *err)
{
	char *k = kmalloc(FERRITE_PATH_MAX);
	if (!k) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = path_from_user(k, upath);
	if (*err) {
		kfree(k);
		return NULL;
	}
	return k;
}

/* One path request on (dirfd, upath); with AT_EMPTY_PATH (in empty_ok) and "" it goes to
 * dirfd's description itself. */
static long pc_simple(int dirfd, const char *upath, struct path_req *rq, bool empty_ok)
{
	struct process *p = proc_current();
	int err;
	char *path = pc_path(upath, &err);
	long r;
	if (!path)
		return err;
	if (path[0] == 0 && empty_ok) {
		struct file *f = path_dir_get(p, dirfd, &err);
		r = !f ? err : !f->scheme ? -EBADF : 0;
		if (!r) {
			rq->dir = f->handle;
			rq->path = "";
			r = path_ask(p, f->scheme, rq);
		}
		if (f)
			file_put(f);
	} else if (path[0] == 0) {
		r = -ENOENT;
	} else {
		r = path_call(p, dirfd, path, rq);
	}
	kfree(path);
	return r;
}

long sys_openat(int dirfd, const char *upath, int flags, unsigned mode)
{
	struct process *p = proc_current();
	struct file *f;
	char *path;
	int err, fd;
	if ((flags & FERRITE_O_ACCMODE) == FERRITE_O_ACCMODE)
		return -EINVAL;
	path = pc_path(upath, &err);
	if (!path)
		return err;
	if (!path[0]) {
		kfree(path);
		return -ENOENT;
	}
	f = path_open(p, dirfd, path, (unsigned)flags, mode & 07777 & ~p->umask, &err);
	kfree(path);
	if (!f)
		return err;
	fd = fd_install(&p->fds, f, flags & FERRITE_O_CLOEXEC ? FERRITE_FD_CLOEXEC : 0, 0);
	if (fd < 0)
		file_put(f);
	return fd;
}

long sys_mkdirat(int dirfd, const char *upath, unsigned mode)
{
	struct path_req rq;
	memset(&rq, 0, sizeof(rq));
	rq.op = FERRITE_SOP_MKDIR;
	rq.arg[0] = mode & 07777 & ~proc_current()->umask;
	return pc_simple(dirfd, upath, &rq, false);
}

long sys_unlinkat(int dirfd, const char *upath, int flags)
{
	struct path_req rq;
	if (flags & ~FERRITE_AT_REMOVEDIR)
		return -EINVAL;
	memset(&rq, 0, sizeof(rq));
	rq.op = FERRITE_SOP_UNLINK;
	rq.flags = (unsigned)flags;
	return pc_simple(dirfd, upath, &rq, false);
}

/* The parent directory of path (a description with a reference) and, in *last, its last
 * component (pointing into path, which this tidies). */
static struct file *pc_parent(struct process *p, int dirfd, char *path, const char **last,
	int *err)
{
	char *slash;
	path_tidy(path, NULL);
	if (!path[0] || strcmp(path, "/") == 0) {
		*err = path[0] ? -EBUSY : -ENOENT;
		return NULL;
	}
	slash = path + strlen(path);
	while (slash > path && slash[-1] != '/')
		slash--;
	*last = slash;
	if (strcmp(slash, "..") == 0) {
		*err = -EINVAL;
		return NULL;
	}
	if (slash == path)
		return path_dir_get(p, dirfd, err);
	if (slash - 1 == path)
		return path_open(p, dirfd, "/", FERRITE_O_PATH | FERRITE_O_DIRECTORY, 0, err);
	slash[-1] = 0;
	{
		struct file *f = path_open(p, dirfd, path, FERRITE_O_PATH | FERRITE_O_DIRECTORY, 0, err);
		slash[-1] = '/';
		return f;
	}
}

/* rename and link: both parents are resolved first (links and mounts followed); if they lie
 * in different schemes the answer is EXDEV and the operation is never sent. */
static long pc_two(int olddirfd, const char *uold, int newdirfd, const char *unew,
	struct path_req *rq, bool follow_old)
{
	struct process *p = proc_current();
	char *oldp, *newp = NULL;
	const char *l1 = NULL, *l2 = NULL;
	struct file *d1 = NULL, *d2 = NULL;
	int err = 0;
	long r;
	oldp = pc_path(uold, &err);
	if (oldp)
		newp = pc_path(unew, &err);
	if (!oldp || !newp) {
		kfree(oldp);
		return err;
	}
	if (follow_old) { /* linkat with AT_SYMLINK_FOLLOW: the object the source path ends at */
		l1 = "";
		d1 = oldp[0] ? path_open(p, olddirfd, oldp, FERRITE_O_PATH, 0, &err) : NULL;
	} else {
		d1 = pc_parent(p, olddirfd, oldp, &l1, &err);
	}
	if (d1)
		d2 = pc_parent(p, newdirfd, newp, &l2, &err);
	if (!d1 && !err)
		err = -ENOENT;
	if (!d1 || !d2)
		r = err;
	else if (!d1->scheme || !d2->scheme)
		r = -ENOTDIR;
	else if (d1->scheme != d2->scheme)
		r = -EXDEV;
	else {
		rq->dir = d1->handle;
		rq->path = l1;
		rq->dir2 = d2->handle;
		rq->path2 = l2;
		r = path_ask(p, d1->scheme, rq);
	}
	if (d1)
		file_put(d1);
	if (d2)
		file_put(d2);
	kfree(oldp);
	kfree(newp);
	return r;
}

long sys_renameat(int olddirfd, const char *uold, int newdirfd, const char *unew)
{
	struct path_req rq;
	memset(&rq, 0, sizeof(rq));
	rq.op = FERRITE_SOP_RENAME;
	return pc_two(olddirfd, uold, newdirfd, unew, &rq, false);
}

long sys_linkat(int olddirfd, const char *uold, int newdirfd, const char *unew, int flags)
{
	struct path_req rq;
	if (flags & ~(FERRITE_AT_SYMLINK_FOLLOW | FERRITE_AT_EMPTY_PATH))
		return -EINVAL;
	memset(&rq, 0, sizeof(rq));
	rq.op = FERRITE_SOP_LINK;
	rq.flags = (unsigned)flags;
	return pc_two(olddirfd, uold, newdirfd, unew, &rq, (flags & FERRITE_AT_SYMLINK_FOLLOW) != 0);
}

long sys_symlinkat(const char *utarget, int dirfd, const char *upath)
{
	struct path_req rq;
	int err;
	char *target = pc_path(utarget, &err);
	long r;
	if (!target)
		return err;
	memset(&rq, 0, sizeof(rq));
	rq.op = FERRITE_SOP_SYMLINK;
	rq.path2 = target;
	r = target[0] ? pc_simple(dirfd, upath, &rq, false) : -ENOENT;
	kfree(target);
	return r;
}

long sys_readlinkat(int dirfd, const char *upath, char *ubuf, size_t len)
{
	struct path_req rq;
	char *k;
	long r;
	if (len == 0 || len > 0x7fffffff)
		return -EINVAL;
	if (!user_range_ok((uint64_t)ubuf, len))
		return -EFAULT;
	len = MIN(len, (size_t)FERRITE_PATH_MAX);
	k = kmalloc(len);
	if (!k)
		return -ENOMEM;
	memset(&rq, 0, sizeof(rq));
	rq.op = FERRITE_SOP_READLINK;
	rq.out = k;
	rq.out_len = len;
	r = pc_simple(dirfd, upath, &rq, true);
	if (r > (long)len)
		r = -EIO; /* a scheme that says more than it was given room for */
	if (r > 0 && copy_to_user(ubuf, k, (size_t)r))
		r = -EFAULT;
	kfree(k);
	return r;
}

long sys_fstatat(int dirfd, const char *upath, struct ferrite_stat *ust, int flags)
{
	struct process *p = proc_current();
	struct ferrite_stat st;
	struct path_req rq;
	char c = 0;
	long r;
	if (flags & ~(FERRITE_AT_SYMLINK_NOFOLLOW | FERRITE_AT_EMPTY_PATH))
		return -EINVAL;
	if (!user_range_ok((uint64_t)ust, sizeof(st)))
		return -EFAULT;
	if ((flags & FERRITE_AT_EMPTY_PATH) && copy_from_user(&c, upath, 1) == 0 && c == 0) {
		/* fstat's way: the description's own stat operation */
		int err;
		struct file *f = path_dir_get(p, dirfd, &err);
		if (!f)
			return err;
		r = file_stat(f, &st);
		file_put(f);
	} else {
		memset(&rq, 0, sizeof(rq));
		memset(&st, 0, sizeof(st));
		rq.op = FERRITE_SOP_STAT;
		rq.flags = (unsigned)flags & FERRITE_AT_SYMLINK_NOFOLLOW;
		rq.out = &st;
		rq.out_len = sizeof(st);
		r = pc_simple(dirfd, upath, &rq, false);
	}
	if (r >= 0 && copy_to_user(ust, &st, sizeof(st)))
		r = -EFAULT;
	return r < 0 ? r : 0;
}

long sys_faccessat(int dirfd, const char *upath, int mode, int flags)
{
	struct path_req rq;
	if ((mode & ~7) || (flags & ~(FERRITE_AT_EACCESS | FERRITE_AT_SYMLINK_NOFOLLOW |
			FERRITE_AT_EMPTY_PATH)))
		return -EINVAL;
	memset(&rq, 0, sizeof(rq));
	rq.op = FERRITE_SOP_ACCESS;
	rq.flags = (unsigned)flags;
	rq.arg[0] = (unsigned)mode;
	return pc_simple(dirfd, upath, &rq, (flags & FERRITE_AT_EMPTY_PATH) != 0);
}

long sys_fchmodat(int dirfd, const char *upath, unsigned mode, int flags)
{
	struct path_req rq;
	if (flags & ~(FERRITE_AT_SYMLINK_NOFOLLOW | FERRITE_AT_EMPTY_PATH))
		return -EINVAL;
	memset(&rq, 0, sizeof(rq));
	rq.op = FERRITE_SOP_CHMOD;
	rq.flags = (unsigned)flags;
	rq.arg[0] = mode & 07777;
	return pc_simple(dirfd, upath, &rq, (flags & FERRITE_AT_EMPTY_PATH) != 0);
}

long sys_fchownat(int dirfd, const char *upath, int uid, int gid, int flags)
{
	struct path_req rq;
	if (flags & ~(FERRITE_AT_SYMLINK_NOFOLLOW | FERRITE_AT_EMPTY_PATH))
		return -EINVAL;
	memset(&rq, 0, sizeof(rq));
	rq.op = FERRITE_SOP_CHOWN;
	rq.flags = (unsigned)flags;
	rq.arg[0] = (uint64_t)(int64_t)uid; /* -1: leave it */
	rq.arg[1] = (uint64_t)(int64_t)gid;
	return pc_simple(dirfd, upath, &rq, (flags & FERRITE_AT_EMPTY_PATH) != 0);
}

/* utimensat: times NULL means now for both; a NULL path acts on dirfd (futimens). */
long sys_utimensat(int dirfd, const char *upath, const struct ferrite_timespec *utimes, int flags)
{
	struct ferrite_timespec t[2];
	struct path_req rq;
	if (flags & ~(FERRITE_AT_SYMLINK_NOFOLLOW | FERRITE_AT_EMPTY_PATH))
		return -EINVAL;
	if (utimes) {
		if (copy_from_user(t, utimes, sizeof(t)))
			return -EFAULT;
		for (int i = 0; i < 2; i++)
			if ((t[i].tv_nsec < 0 || t[i].tv_nsec > 999999999) &&
					t[i].tv_nsec != FERRITE_UTIME_NOW && t[i].tv_nsec != FERRITE_UTIME_OMIT)
				return -EINVAL;
	} else {
		t[0].tv_sec = t[1].tv_sec = 0;
		t[0].tv_nsec = t[1].tv_nsec = FERRITE_UTIME_NOW;
	}
	memset(&rq, 0, sizeof(rq));
	rq.op = FERRITE_SOP_UTIMENS;
	rq.flags = (unsigned)flags;
	rq.out = t;
	rq.out_len = sizeof(t);
	return pc_simple(dirfd, upath ? upath : "", &rq, !upath || (flags & FERRITE_AT_EMPTY_PATH));
}

long sys_chdir(const char *upath)
{
	struct process *p = proc_current();
	int err;
	char *path = pc_path(upath, &err);
	struct file *f;
	if (!path)
		return err;
	err = -ENOENT;
	f = path[0] ? path_open(p, FERRITE_AT_FDCWD, path, FERRITE_O_PATH | FERRITE_O_DIRECTORY, 0,
		&err) : NULL;
	kfree(path);
	if (!f)
		return err;
	proc_cwd_set(p, f);
	return 0;
}

long sys_fchdir(int fd)
{
	struct process *p = proc_current();
	struct ferrite_stat st;
	struct file *f = fd_get(&p->fds, fd);
	long r;
	if (!f)
		return -EBADF;
	r = !f->scheme || !f->path ? -ENOTDIR : file_stat(f, &st);
	if (!r && (st.st_mode & FERRITE_S_IFMT) != FERRITE_S_IFDIR)
		r = -ENOTDIR;
	if (r) {
		file_put(f);
		return r;
	}
	proc_cwd_set(p, f);
	return 0;
}

/* getcwd: the current directory description's namespace path; its length with the NUL. */
long sys_getcwd(char *ubuf, size_t len)
{
	struct file *f = proc_cwd_get(proc_current());
	size_t n;
	long r;
	if (!f)
		return -ENOENT;
	n = strlen(f->path) + 1;
	if (len < n)
		r = -ERANGE;
	else
		r = copy_to_user(ubuf, f->path, n) ? -EFAULT : (long)n;
	file_put(f);
	return r;
}

/* umask: the mode bits openat with O_CREAT and mkdirat clear; the old mask. */
long sys_umask(unsigned mask)
{
	struct process *p = proc_current();
	unsigned old = p->umask;
	p->umask = mask & 0777;
	return old;
}
