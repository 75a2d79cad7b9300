/* selftest/user/paths.c: paths and the namespace from user space: openat/read/lseek/fstat on
 * the initfs, dup and fork sharing an offset, O_CLOEXEC across execve, the current directory
 * (chdir, fchdir, getcwd) and each *at call relative to a directory descriptor, getdents64,
 * read-only answers, pread/pwrite and umask, bad pointers and too-long paths. Exits 0 when
 * every check passed. */
#include "ulib.h"

#define AT FERRITE_AT_FDCWD

static int u_streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static int u_memeq(const void *a, const void *b, unsigned long n)
{
	const unsigned char *x = a, *y = b;
	for (unsigned long i = 0; i < n; i++)
		if (x[i] != y[i])
			return 0;
	return 1;
}

static long wait_status(long pid)
{
	int st = -1;
	U_CHECK(ferrite_waitpid((int)pid, &st, 0) == pid);
	return st;
}

static char buf[8192], buf2[8192];

static void check_open_read_seek_stat(void)
{
	struct ferrite_stat st, st2;
	int fd = (int)ferrite_openat(AT, "/selftest/hello", FERRITE_O_RDONLY, 0);
	long n;
	U_CHECK(fd >= 0);
	U_CHECK(ferrite_fstat(fd, &st) == 0);
	U_CHECK((st.st_mode & FERRITE_S_IFMT) == FERRITE_S_IFREG && (st.st_mode & 0111));
	U_CHECK(st.st_size > 64);
	n = ferrite_read(fd, buf, 4);
	U_CHECK(n == 4 && u_memeq(buf, "\177ELF", 4));
	U_CHECK(ferrite_lseek(fd, 0, FERRITE_SEEK_CUR) == 4);
	U_CHECK(ferrite_lseek(fd, -2, FERRITE_SEEK_END) == st.st_size - 2);
	U_CHECK(ferrite_read(fd, buf, sizeof(buf)) == 2);
	U_CHECK(ferrite_read(fd, buf, sizeof(buf)) == 0); /* the end */
	U_CHECK(ferrite_lseek(fd, -1, FERRITE_SEEK_SET) == -FERRITE_EINVAL);
	U_CHECK(ferrite_lseek(fd, 0, 7) == -FERRITE_EINVAL);
	U_CHECK(ferrite_lseek(fd, 1, FERRITE_SEEK_SET) == 1);
	U_CHECK(ferrite_read(fd, buf, 3) == 3 && u_memeq(buf, "ELF", 3));
	U_CHECK(ferrite_fstatat(AT, "/selftest/hello", &st2, 0) == 0);
	U_CHECK(st2.st_ino == st.st_ino && st2.st_size == st.st_size);
	U_CHECK(ferrite_fstatat(fd, "", &st2, FERRITE_AT_EMPTY_PATH) == 0 && st2.st_ino == st.st_ino);
	U_CHECK(ferrite_fstatat(fd, "", &st2, 0) == -FERRITE_ENOENT);
	U_CHECK(ferrite_write(fd, "x", 1) == -FERRITE_EBADF);        /* opened for reading */
	U_CHECK(ferrite_getdents64(fd, buf, sizeof(buf)) == -FERRITE_ENOTDIR);
	U_CHECK(ferrite_ftruncate(fd, 0) == -FERRITE_EINVAL);          /* not open for writing */
	U_CHECK(ferrite_ftruncate(fd, -1) == -FERRITE_EINVAL);
	U_CHECK(ferrite_fsync(fd) == 0 && ferrite_fsync(999) == -FERRITE_EBADF);
	U_CHECK(ferrite_close(fd) == 0);
	U_CHECK(ferrite_fstat(fd, &st) == -FERRITE_EBADF);
	U_CHECK(ferrite_openat(AT, "/selftest/missing", 0, 0) == -FERRITE_ENOENT);
	U_CHECK(ferrite_openat(AT, "/selftest/hello/x", 0, 0) == -FERRITE_ENOTDIR);
	U_CHECK(ferrite_openat(AT, "/selftest/hello/", 0, 0) == -FERRITE_ENOTDIR);
	U_CHECK(ferrite_openat(AT, "/selftest/hello", FERRITE_O_DIRECTORY, 0) == -FERRITE_ENOTDIR);
	U_CHECK(ferrite_openat(AT, "", 0, 0) == -FERRITE_ENOENT);
	U_CHECK(ferrite_openat(AT, "/selftest/hello", 3, 0) == -FERRITE_EINVAL);
	U_CHECK(ferrite_openat(77, "hello", 0, 0) == -FERRITE_EBADF);
	U_CHECK(ferrite_fstatat(AT, "//selftest/./hello", &st2, 0) == 0 && st2.st_ino == st.st_ino);
	U_CHECK(ferrite_fstatat(AT, "/", &st, 0) == 0 && (st.st_mode & FERRITE_S_IFMT) == FERRITE_S_IFDIR);
}

/* The initfs is read-only: everything that would change it says so. */
static void check_read_only(void)
{
	U_CHECK(ferrite_openat(AT, "/selftest/hello", FERRITE_O_WRONLY, 0) == -FERRITE_EROFS);
	U_CHECK(ferrite_openat(AT, "/selftest/hello", FERRITE_O_RDONLY | FERRITE_O_TRUNC, 0) == -FERRITE_EROFS);
	U_CHECK(ferrite_openat(AT, "/selftest/new", FERRITE_O_CREAT | FERRITE_O_WRONLY, 0644) == -FERRITE_EROFS);
	U_CHECK(ferrite_openat(AT, "/selftest/hello", FERRITE_O_CREAT | FERRITE_O_EXCL, 0644) == -FERRITE_EEXIST);
	U_CHECK(ferrite_openat(AT, "/selftest", FERRITE_O_RDWR, 0) == -FERRITE_EISDIR);
	U_CHECK(ferrite_mkdirat(AT, "/selftest/newdir", 0755) == -FERRITE_EROFS);
	U_CHECK(ferrite_mkdirat(AT, "/selftest", 0755) == -FERRITE_EEXIST);
	U_CHECK(ferrite_mkdirat(AT, "/nothere/newdir", 0755) == -FERRITE_ENOENT);
	U_CHECK(ferrite_unlinkat(AT, "/selftest/hello", 0) == -FERRITE_EROFS);
	U_CHECK(ferrite_unlinkat(AT, "/selftest/missing", 0) == -FERRITE_ENOENT);
	U_CHECK(ferrite_unlinkat(AT, "/selftest/hello", 0x40) == -FERRITE_EINVAL);
	U_CHECK(ferrite_renameat(AT, "/selftest/hello", AT, "/selftest/hello2") == -FERRITE_EROFS);
	U_CHECK(ferrite_linkat(AT, "/selftest/hello", AT, "/selftest/hello2", 0) == -FERRITE_EROFS);
	U_CHECK(ferrite_symlinkat("hello", AT, "/selftest/ln") == -FERRITE_EROFS);
	U_CHECK(ferrite_fchmodat(AT, "/selftest/hello", 0600, 0) == -FERRITE_EROFS);
	U_CHECK(ferrite_fchownat(AT, "/selftest/hello", 1, 1, 0) == -FERRITE_EROFS);
	U_CHECK(ferrite_utimensat(AT, "/selftest/hello", 0, 0) == -FERRITE_EROFS);
	U_CHECK(ferrite_faccessat(AT, "/selftest/hello", FERRITE_R_OK | FERRITE_X_OK, 0) == 0);
	U_CHECK(ferrite_faccessat(AT, "/selftest/hello", FERRITE_W_OK, 0) == -FERRITE_EROFS);
	U_CHECK(ferrite_faccessat(AT, "/selftest/missing", FERRITE_F_OK, 0) == -FERRITE_ENOENT);
	U_CHECK(ferrite_faccessat(AT, "/selftest/hello", 8, 0) == -FERRITE_EINVAL);
}

/* dup and fork share one description, so one offset. */
static void check_shared_offset(void)
{
	int fd = (int)ferrite_openat(AT, "/selftest/hello", FERRITE_O_RDONLY, 0), d;
	long pid;
	U_CHECK(fd >= 0);
	d = (int)ferrite_dup(fd);
	U_CHECK(ferrite_read(fd, buf, 10) == 10);
	U_CHECK(ferrite_lseek(d, 0, FERRITE_SEEK_CUR) == 10);
	pid = ferrite_fork();
	if (pid == 0) {
		long n = ferrite_read(d, buf, 5);
		ferrite_exit(n == 5 ? 0 : 1);
	}
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
	U_CHECK(ferrite_lseek(fd, 0, FERRITE_SEEK_CUR) == 15); /* the child's read moved ours */
	ferrite_close(d);
	ferrite_close(fd);
}

/* O_CLOEXEC: selftest/fdcheck wants 5 closed and 6 open after execve. */
static void check_cloexec(void)
{
	char *argv[] = { "fdcheck", 0 };
	int a = (int)ferrite_openat(AT, "/selftest/hello", FERRITE_O_RDONLY | FERRITE_O_CLOEXEC, 0);
	int p[2];
	long pid;
	U_CHECK(a >= 0 && ferrite_fcntl(a, FERRITE_F_GETFD, 0) == FERRITE_FD_CLOEXEC);
	U_CHECK(ferrite_pipe2(p, 0) == 0);
	U_CHECK(ferrite_dup3(a, 5, FERRITE_O_CLOEXEC) == 5 && ferrite_dup3(p[1], 6, 0) == 6);
	pid = ferrite_fork();
	if (pid == 0) {
		ferrite_execve("/selftest/fdcheck", argv, 0);
		ferrite_exit(99);
	}
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
	ferrite_close(5);
	ferrite_close(6);
	ferrite_close(a);
	ferrite_close(p[0]);
	ferrite_close(p[1]);
}

/* The current directory and the *at calls relative to a directory descriptor. */
static void check_cwd_and_at(void)
{
	struct ferrite_stat st, st2;
	int dir, fd;
	U_CHECK(ferrite_getcwd(buf, sizeof(buf)) == 2 && u_streq(buf, "/"));
	U_CHECK(ferrite_chdir("/selftest") == 0);
	U_CHECK(ferrite_getcwd(buf, sizeof(buf)) == 10 && u_streq(buf, "/selftest"));
	U_CHECK(ferrite_getcwd(buf, 5) == -FERRITE_ERANGE);
	U_CHECK(ferrite_getcwd((char *)8, 100) == -FERRITE_EFAULT);
	fd = (int)ferrite_openat(AT, "hello", FERRITE_O_RDONLY, 0);   /* relative to the cwd */
	U_CHECK(fd >= 0 && ferrite_read(fd, buf, 4) == 4 && u_memeq(buf, "\177ELF", 4));
	ferrite_close(fd);
	U_CHECK(ferrite_chdir("hello") == -FERRITE_ENOTDIR);
	U_CHECK(ferrite_chdir("..") == 0 && ferrite_getcwd(buf, sizeof(buf)) == 2 && u_streq(buf, "/"));
	U_CHECK(ferrite_chdir("selftest/../selftest/./") == 0);
	U_CHECK(ferrite_getcwd(buf, sizeof(buf)) > 0 && u_streq(buf, "/selftest"));
	U_CHECK(ferrite_chdir("/") == 0);
	/* a directory descriptor */
	dir = (int)ferrite_openat(AT, "/selftest", FERRITE_O_RDONLY | FERRITE_O_DIRECTORY, 0);
	U_CHECK(dir >= 0);
	fd = (int)ferrite_openat(dir, "hello", FERRITE_O_RDONLY, 0);
	U_CHECK(fd >= 0);
	U_CHECK(ferrite_fstat(fd, &st) == 0);
	U_CHECK(ferrite_fstatat(dir, "hello", &st2, 0) == 0 && st2.st_ino == st.st_ino);
	U_CHECK(ferrite_fstatat(dir, "/selftest/hello", &st2, 0) == 0 && st2.st_ino == st.st_ino);
	U_CHECK(ferrite_fstatat(fd, "x", &st2, 0) == -FERRITE_ENOTDIR);
	U_CHECK(ferrite_faccessat(dir, "hello", FERRITE_X_OK, 0) == 0);
	U_CHECK(ferrite_mkdirat(dir, "sub", 0755) == -FERRITE_EROFS);
	U_CHECK(ferrite_unlinkat(dir, "hello", 0) == -FERRITE_EROFS);
	U_CHECK(ferrite_unlinkat(dir, "nothing", FERRITE_AT_REMOVEDIR) == -FERRITE_ENOENT);
	U_CHECK(ferrite_renameat(dir, "hello", dir, "hello3") == -FERRITE_EROFS);
	U_CHECK(ferrite_renameat(dir, "nothing", dir, "hello3") == -FERRITE_ENOENT);
	U_CHECK(ferrite_linkat(dir, "hello", AT, "x", 0) == -FERRITE_EROFS);
	U_CHECK(ferrite_symlinkat("hello", dir, "ln") == -FERRITE_EROFS);
	U_CHECK(ferrite_fchmodat(dir, "hello", 0700, 0) == -FERRITE_EROFS);
	U_CHECK(ferrite_fchownat(dir, "hello", 0, 0, 0) == -FERRITE_EROFS);
	U_CHECK(ferrite_utimensat(dir, "hello", 0, 0) == -FERRITE_EROFS);
	U_CHECK(ferrite_fchmodat(fd, "", 0700, FERRITE_AT_EMPTY_PATH) == -FERRITE_EROFS);
	U_CHECK(ferrite_readlinkat(dir, "hello", buf, sizeof(buf)) == -FERRITE_EINVAL);
	U_CHECK(ferrite_fchdir(fd) == -FERRITE_ENOTDIR);
	U_CHECK(ferrite_fchdir(dir) == 0);
	U_CHECK(ferrite_getcwd(buf, sizeof(buf)) == 10 && u_streq(buf, "/selftest"));
	U_CHECK(ferrite_fstatat(AT, "hello", &st2, 0) == 0 && st2.st_ino == st.st_ino);
	U_CHECK(ferrite_fchdir(999) == -FERRITE_EBADF);
	U_CHECK(ferrite_chdir("/") == 0);
	ferrite_close(fd);
	ferrite_close(dir);
}

/* getdents64 lists ".", ".." and the members; lseek to 0 lists again. */
static void check_getdents(void)
{
	int dir = (int)ferrite_openat(AT, "/selftest", FERRITE_O_RDONLY | FERRITE_O_DIRECTORY, 0);
	long n, total = 0;
	int dot = 0, dotdot = 0, hello = 0, links = 0, entries = 0, rounds = 0;
	U_CHECK(dir >= 0);
	/* a small buffer: several calls, continuing from the description's cookie */
	while ((n = ferrite_getdents64(dir, buf, 64)) > 0 && rounds++ < 1000) {
		for (long at = 0; at < n;) {
			struct ferrite_dirent *d = (struct ferrite_dirent *)(buf + at);
			dot += u_streq(d->d_name, ".");
			dotdot += u_streq(d->d_name, "..");
			hello += u_streq(d->d_name, "hello") && d->d_type == FERRITE_DT_REG;
			links += u_streq(d->d_name, "links") && d->d_type == FERRITE_DT_DIR;
			entries++;
			at += d->d_reclen;
		}
		total += n;
	}
	U_CHECK(n == 0 && dot == 1 && dotdot == 1 && hello == 1 && links == 1 && entries > 6);
	U_CHECK(ferrite_lseek(dir, 0, FERRITE_SEEK_SET) == 0);
	n = ferrite_getdents64(dir, buf2, sizeof(buf2));
	U_CHECK(n == total);
	U_CHECK(ferrite_getdents64(dir, buf2, 8) == -FERRITE_EINVAL);
	U_CHECK(ferrite_lseek(dir, 0, FERRITE_SEEK_SET) == 0);
	U_CHECK(ferrite_getdents64(dir, (void *)8, 100) == -FERRITE_EFAULT);
	U_CHECK(ferrite_read(dir, buf, 10) == -FERRITE_EISDIR);
	ferrite_close(dir);
}

/* How often each of the names appears in the listing of path (at most 8 names). */
static void count_entries(const char *path, const char *const *names, int *counts, int n)
{
	int dir = (int)ferrite_openat(AT, path, FERRITE_O_RDONLY | FERRITE_O_DIRECTORY, 0);
	long got;
	U_CHECK(dir >= 0);
	for (int i = 0; i < n; i++)
		counts[i] = 0;
	while (dir >= 0 && (got = ferrite_getdents64(dir, buf, 80)) > 0)
		for (long at = 0; at < got;) {
			struct ferrite_dirent *d = (struct ferrite_dirent *)(buf + at);
			for (int i = 0; i < n; i++)
				counts[i] += u_streq(d->d_name, names[i]);
			at += d->d_reclen;
		}
	ferrite_close(dir);
}

/* The directories a namespace implies: /dev exists because schemes are mounted below it,
 * though the initfs has no such directory; listings show the mounts below them once. */
static void check_mount_dirs(void)
{
	static const char *const dev_names[] = { ".", "..", "shm", "event", "irq", "time", "kmsg", "nothing" };
	static const char *const root_names[] = { "dev", "proc", "selftest" };
	struct ferrite_stat st, st2;
	int c[8], fd;
	U_CHECK(ferrite_fstatat(AT, "/dev", &st, 0) == 0 && (st.st_mode & FERRITE_S_IFMT) == FERRITE_S_IFDIR);
	U_CHECK((st.st_mode & 07777) == 0555 && st.st_ino != 0);
	count_entries("/dev", dev_names, c, 8);
	U_CHECK(c[0] == 1 && c[1] == 1 && c[2] == 1 && c[3] == 1 && c[4] == 1 && c[5] == 1 && c[6] == 1 && c[7] == 0);
	count_entries("/", root_names, c, 3);
	U_CHECK(c[0] == 1 && c[1] == 1 && c[2] == 1);
	fd = (int)ferrite_openat(AT, "/dev", FERRITE_O_RDONLY | FERRITE_O_DIRECTORY, 0);
	U_CHECK(fd >= 0 && ferrite_fstat(fd, &st2) == 0 && st2.st_ino == st.st_ino);
	U_CHECK(ferrite_fstatat(fd, "time/monotonic", &st2, 0) == 0);   /* relative, into a mount */
	U_CHECK(ferrite_fstatat(fd, "nothing", &st2, 0) == -FERRITE_ENOENT);
	U_CHECK(ferrite_fstatat(fd, "..", &st2, 0) == 0 && (st2.st_mode & FERRITE_S_IFMT) == FERRITE_S_IFDIR);
	ferrite_close(fd);
	U_CHECK(ferrite_openat(AT, "/dev", FERRITE_O_WRONLY, 0) == -FERRITE_EISDIR);
	U_CHECK(ferrite_openat(AT, "/dev/nothing", FERRITE_O_RDONLY, 0) == -FERRITE_ENOENT);
	U_CHECK(ferrite_faccessat(AT, "/dev", 2, 0) == -FERRITE_EROFS);
	U_CHECK(ferrite_chdir("/dev") == 0 && ferrite_getcwd(buf, 64) > 0 && u_streq(buf, "/dev"));
	U_CHECK(ferrite_fstatat(AT, "shm", &st2, 0) == 0 && (st2.st_mode & FERRITE_S_IFMT) == FERRITE_S_IFDIR);
	U_CHECK(ferrite_fstatat(AT, "/selftest/../dev/irq", &st2, 0) == 0);
	U_CHECK(ferrite_chdir("/") == 0);
	/* the place in a listing: SEEK_CUR leaves it; a mount entry's d_off resumes after it */
	{
		long got, at, resume = -1, total = 0, again = 0;
		int dir = (int)ferrite_openat(AT, "/dev", FERRITE_O_RDONLY | FERRITE_O_DIRECTORY, 0);
		U_CHECK(dir >= 0);
		while ((got = ferrite_getdents64(dir, buf, sizeof(buf))) > 0)
			for (at = 0; at < got; total++) {
				struct ferrite_dirent *d = (struct ferrite_dirent *)(buf + at);
				if (u_streq(d->d_name, "shm"))
					resume = d->d_off;
				at += d->d_reclen;
			}
		U_CHECK(ferrite_lseek(dir, 0, FERRITE_SEEK_CUR) >= 0);
		U_CHECK(ferrite_getdents64(dir, buf, sizeof(buf)) == 0); /* still at the end */
		U_CHECK(resume > 0 && ferrite_lseek(dir, resume, FERRITE_SEEK_SET) == resume);
		while ((got = ferrite_getdents64(dir, buf, sizeof(buf))) > 0)
			for (at = 0; at < got; again++) {
				struct ferrite_dirent *d = (struct ferrite_dirent *)(buf + at);
				U_CHECK(!u_streq(d->d_name, "shm") && !u_streq(d->d_name, "."));
				at += d->d_reclen;
			}
		U_CHECK(again > 0 && again < total);
		ferrite_close(dir);
	}
	U_CHECK(ferrite_openat(AT, "/dev", FERRITE_O_CREAT | FERRITE_O_EXCL | FERRITE_O_RDONLY, 0600) == -FERRITE_EEXIST);
	/* mkdir of a mount point (a scheme's root) or of "." is EEXIST, as for any directory
	 * there (mkdir -p /tmp/x starts with mkdir /tmp) */
	U_CHECK(ferrite_mkdirat(AT, "/dev", 0755) == -FERRITE_EEXIST);
	U_CHECK(ferrite_mkdirat(AT, "/proc", 0755) == -FERRITE_EEXIST);
	U_CHECK(ferrite_mkdirat(AT, "/dev/shm", 0755) == -FERRITE_EEXIST);
	U_CHECK(ferrite_mkdirat(AT, ".", 0755) == -FERRITE_EEXIST);
	/* st_dev is the kernel's, one per scheme: the same through stat and fstat */
	{
		struct ferrite_stat r, pr, tm, dv;
		U_CHECK(ferrite_fstatat(AT, "/", &r, 0) == 0 && ferrite_fstatat(AT, "/proc", &pr, 0) == 0);
		U_CHECK(ferrite_fstatat(AT, "/dev/time", &tm, 0) == 0 && ferrite_fstatat(AT, "/dev", &dv, 0) == 0);
		U_CHECK(r.st_dev != pr.st_dev && r.st_dev != tm.st_dev && r.st_dev != dv.st_dev);
		U_CHECK(pr.st_dev != tm.st_dev && pr.st_dev != dv.st_dev && tm.st_dev != dv.st_dev);
		fd = (int)ferrite_openat(AT, "/dev/time", FERRITE_O_RDONLY, 0);
		U_CHECK(fd >= 0 && ferrite_fstat(fd, &st2) == 0 && st2.st_dev == tm.st_dev);
		ferrite_close(fd);
		fd = (int)ferrite_openat(AT, "/selftest/hello", FERRITE_O_RDONLY, 0);
		U_CHECK(fd >= 0 && ferrite_fstat(fd, &st2) == 0 && st2.st_dev == r.st_dev);
		ferrite_close(fd);
	}
}

/* O_PATH: a name to hold, not to read. */
static void check_o_path(void)
{
	struct ferrite_stat st;
	int fd = (int)ferrite_openat(AT, "/selftest/hello", FERRITE_O_PATH, 0);
	U_CHECK(fd >= 0);
	U_CHECK(ferrite_read(fd, buf, 1) == -FERRITE_EBADF);
	U_CHECK(ferrite_fstat(fd, &st) == 0 && (st.st_mode & FERRITE_S_IFMT) == FERRITE_S_IFREG);
	ferrite_close(fd);
}

/* pread and pwrite: at an offset, the description's own offset untouched; umask. */
static void check_pread_umask(void)
{
	int fd = (int)ferrite_openat(AT, "/selftest/hello", FERRITE_O_RDONLY, 0), p[2];
	U_CHECK(fd >= 0);
	U_CHECK(ferrite_read(fd, buf, 64) == 64);
	U_CHECK(ferrite_pread64(fd, buf2, 3, 1) == 3 && u_memeq(buf2, "ELF", 3));
	U_CHECK(ferrite_pread64(fd, buf2, 16, 40) == 16 && u_memeq(buf2, buf + 40, 16));
	U_CHECK(ferrite_lseek(fd, 0, FERRITE_SEEK_CUR) == 64);
	U_CHECK(ferrite_pread64(fd, buf2, 16, 1l << 40) == 0);      /* past the end */
	U_CHECK(ferrite_pread64(fd, buf2, 16, -1) == -FERRITE_EINVAL);
	U_CHECK(ferrite_pread64(fd, (void *)8, 16, 0) == -FERRITE_EFAULT);
	U_CHECK(ferrite_pwrite64(fd, buf2, 16, 0) == -FERRITE_EBADF);  /* opened for reading */
	ferrite_close(fd);
	U_CHECK(ferrite_pipe2(p, 0) == 0);
	U_CHECK(ferrite_pread64(p[0], buf2, 1, 0) == -FERRITE_ESPIPE);
	U_CHECK(ferrite_pwrite64(p[1], buf2, 1, 0) == -FERRITE_ESPIPE);
	ferrite_close(p[0]);
	ferrite_close(p[1]);
	fd = (int)ferrite_openat(AT, "/proc/version", FERRITE_O_RDONLY, 0);
	U_CHECK(fd >= 0 && ferrite_pread64(fd, buf2, 7, 0) == 7 && u_memeq(buf2, "Ferrite", 7));
	U_CHECK(ferrite_pread64(fd, buf2, 3, 4) == 3 && u_memeq(buf2, "ite", 3));
	ferrite_close(fd);
	U_CHECK(ferrite_umask(077) == 0);  /* the first process's */
	U_CHECK(ferrite_umask(01777) == 077);
	U_CHECK(ferrite_umask(0) == 0777); /* only the permission bits are kept */
}

static char longpath[5000];

/* Bad pointers are EFAULT, paths without a NUL in PATH_MAX bytes ENAMETOOLONG. */
static void check_bad_arguments(void)
{
	struct ferrite_stat st;
	U_CHECK(ferrite_openat(AT, (const char *)8, 0, 0) == -FERRITE_EFAULT);
	U_CHECK(ferrite_openat(AT, (const char *)0xffff800000000000ul, 0, 0) == -FERRITE_EFAULT);
	U_CHECK(ferrite_fstatat(AT, "/selftest/hello", (struct ferrite_stat *)8, 0) == -FERRITE_EFAULT);
	U_CHECK(ferrite_fstat(0, (struct ferrite_stat *)0xffffffff80200000ul) == -FERRITE_EFAULT);
	U_CHECK(ferrite_chdir((const char *)16) == -FERRITE_EFAULT);
	U_CHECK(ferrite_mkdirat(AT, (const char *)16, 0) == -FERRITE_EFAULT);
	U_CHECK(ferrite_renameat(AT, "/a", AT, (const char *)16) == -FERRITE_EFAULT);
	U_CHECK(ferrite_readlinkat(AT, "/selftest/links/up", (char *)8, 10) == -FERRITE_EFAULT);
	U_CHECK(ferrite_utimensat(AT, "/selftest/hello", (struct ferrite_timespec *)8, 0) == -FERRITE_EFAULT);
	U_CHECK(ferrite_execve((const char *)8, 0, 0) == -FERRITE_EFAULT);
	for (int i = 0; i < 4999; i++)
		longpath[i] = i % 8 == 0 ? '/' : 'a';
	U_CHECK(ferrite_openat(AT, longpath, 0, 0) == -FERRITE_ENAMETOOLONG);
	U_CHECK(ferrite_fstatat(AT, longpath, &st, 0) == -FERRITE_ENAMETOOLONG);
	U_CHECK(ferrite_chdir(longpath) == -FERRITE_ENAMETOOLONG);
	U_CHECK(ferrite_execve(longpath, 0, 0) == -FERRITE_ENAMETOOLONG);
	longpath[4095] = 0; /* 4095 bytes and the NUL: long, but allowed (no such file) */
	U_CHECK(ferrite_openat(AT, longpath, 0, 0) == -FERRITE_ENOENT);
	/* one component over 255 bytes is ENAMETOOLONG (NAME_MAX), 255 is allowed */
	longpath[0] = '/';
	for (int i = 1; i <= 256; i++)
		longpath[i] = 'n';
	longpath[257] = 0;
	U_CHECK(ferrite_fstatat(AT, longpath, &st, 0) == -FERRITE_ENAMETOOLONG);
	U_CHECK(ferrite_openat(AT, longpath + 1, 0, 0) == -FERRITE_ENAMETOOLONG);
	U_CHECK(ferrite_mkdirat(AT, longpath, 0755) == -FERRITE_ENAMETOOLONG);
	longpath[256] = 0;
	U_CHECK(ferrite_fstatat(AT, longpath, &st, 0) == -FERRITE_ENOENT);
	for (int i = 0; i < 9; i++)
		longpath[i] = "/dev/shm/"[i];
	for (int i = 9; i < 9 + 256; i++)
		longpath[i] = 's';
	longpath[9 + 256] = 0;
	U_CHECK(ferrite_openat(AT, longpath, FERRITE_O_CREAT | FERRITE_O_RDWR, 0600) == -FERRITE_ENAMETOOLONG);
}

/* execve goes through the namespace: missing, a directory, relative to the cwd. */
static void check_exec(void)
{
	char *argv[] = { "hello-rel", 0 };
	long pid;
	U_CHECK(ferrite_execve("/selftest/missing", argv, 0) == -FERRITE_ENOENT);
	U_CHECK(ferrite_execve("/selftest", argv, 0) == -FERRITE_EACCES);
	pid = ferrite_fork();
	if (pid == 0) {
		ferrite_chdir("/selftest");
		ferrite_execve("hello", argv, 0);
		ferrite_exit(99);
	}
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(7));
}

int main(void)
{
	check_open_read_seek_stat();
	check_read_only();
	check_shared_offset();
	check_cloexec();
	check_cwd_and_at();
	check_getdents();
	check_mount_dirs();
	check_o_path();
	check_pread_umask();
	check_bad_arguments();
	check_exec();
	if (u_failures == 0)
		u_puts("paths: all checks passed\n");
	return u_failures ? 1 : 0;
}
