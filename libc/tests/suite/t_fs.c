/* libc/tests/suite/t_fs.c: directories and paths: dirent (reading the directory this program
 * is in, and one made in a writable directory), getcwd and chdir, realpath, stat, and the
 * calls that change files (where a writable directory exists). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include "lt.h"

/* this program's absolute path and its directory */
static void fs_self(char *path, char *dir)
{
	char tmp[PATH_MAX];
	LT_CHECK(realpath(lt_argv0, path) != NULL);
	strcpy(tmp, path);
	strcpy(dir, dirname(tmp));
}

static void fs_dirent_self(void)
{
	char path[PATH_MAX], dir[PATH_MAX], tmp[PATH_MAX];
	const char *base;
	struct dirent *e;
	int seen = 0, entries = 0;
	DIR *d;
	fs_self(path, dir);
	strcpy(tmp, path);
	base = basename(tmp);
	d = opendir(dir);
	LT_CHECK(d != NULL);
	while ((e = readdir(d))) {
		entries++;
		if (!strcmp(e->d_name, base)) {
			seen = 1;
			LT_CHECK(e->d_type == DT_REG || e->d_type == DT_UNKNOWN);
		}
	}
	LT_CHECK(seen && entries >= 1);
	rewinddir(d);
	LT_CHECK(readdir(d) != NULL);
	closedir(d);
	errno = 0;
	LT_CHECK(opendir("/no/such/dir") == NULL && errno == ENOENT);
}

static void fs_cwd(void)
{
	char path[PATH_MAX], dir[PATH_MAX], cwd[PATH_MAX];
	fs_self(path, dir);
	LT_EQ(chdir("/"), 0);
	LT_CHECK(getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/"));
	LT_EQ(chdir(dir), 0);
	LT_CHECK(getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, dir));
	LT_CHECK(getcwd(cwd, 1) == NULL && errno == ERANGE);
	LT_CHECK(chdir("/no/such/dir") == -1 && errno == ENOENT);
}

static void fs_realpath_stat(void)
{
	char path[PATH_MAX], dir[PATH_MAX], r[PATH_MAX], rel[PATH_MAX + 8];
	struct stat a, b;
	fs_self(path, dir);
	LT_CHECK(path[0] == '/');
	LT_CHECK(realpath("/", r) && !strcmp(r, "/"));
	LT_CHECK(realpath("/..", r) && !strcmp(r, "/"));
	snprintf(rel, sizeof(rel), "%s/./", dir);
	LT_CHECK(realpath(rel, r) && !strcmp(r, dir));
	LT_EQ(stat(path, &a), 0);
	LT_CHECK(S_ISREG(a.st_mode) && a.st_size > 1000 && (a.st_mode & 0100));
	LT_EQ(lstat(path, &b), 0);
	LT_EQ(a.st_ino, b.st_ino);
	LT_EQ(stat(dir, &b), 0);
	LT_CHECK(S_ISDIR(b.st_mode));
	LT_EQ(access(path, X_OK), 0);
	LT_CHECK(stat("/no/such", &a) == -1 && errno == ENOENT);
}

static void fs_changes(void)
{
	const char *t = lt_tmpdir();
	char d[512], f[600], g[600], l[600], buf[600];
	struct dirent *e;
	struct stat st;
	int fd, n = 0;
	DIR *dp;
	if (!t)
		lt_skip("no writable directory (TMPDIR or /tmp)");
	snprintf(d, sizeof(d), "%s/lt-fs-%d", t, (int)getpid());
	LT_EQ(mkdir(d, 0755), 0);
	LT_CHECK(mkdir(d, 0755) == -1 && errno == EEXIST);
	snprintf(f, sizeof(f), "%s/file", d);
	snprintf(g, sizeof(g), "%s/moved", d);
	snprintf(l, sizeof(l), "%s/link", d);
	fd = open(f, O_CREAT | O_WRONLY | O_EXCL, 0644);
	LT_CHECK(fd >= 0);
	LT_EQ(write(fd, "12345", 5), 5);
	LT_EQ(ftruncate(fd, 3), 0);
	LT_EQ(fstat(fd, &st), 0);
	LT_EQ(st.st_size, 3);
	close(fd);
	LT_EQ(rename(f, g), 0);
	LT_EQ(symlink("moved", l), 0);
	LT_EQ(readlink(l, buf, sizeof(buf)), 5);
	LT_CHECK(!memcmp(buf, "moved", 5));
	LT_CHECK(realpath(l, buf) && !strcmp(buf + strlen(buf) - 6, "/moved"));
	dp = opendir(d);
	while ((e = readdir(dp)))
		n += !strcmp(e->d_name, "moved") || !strcmp(e->d_name, "link");
	closedir(dp);
	LT_EQ(n, 2);
	LT_CHECK(rmdir(d) == -1 && errno == ENOTEMPTY);
	LT_EQ(unlink(l), 0);
	LT_EQ(unlink(g), 0);
	LT_EQ(rmdir(d), 0);
}

/* pread, pwrite, preadv, pwritev: at an offset, the description's own offset untouched. This
 * program's own file is read everywhere; writing needs a writable directory. */
static void fs_pread_pwrite(void)
{
	char a[64], b[64], c[8], path[600];
	struct iovec iov[2] = { { c, 3 }, { b, 5 } };
	const char *t = lt_tmpdir();
	int fd = open(lt_argv0, O_RDONLY);
	LT_CHECK(fd >= 0);
	LT_EQ(lseek(fd, 10, SEEK_SET), 10);
	LT_EQ(pread(fd, a, 16, 1), 16);
	LT_CHECK(!memcmp(a, "ELF", 3));
	LT_EQ(lseek(fd, 0, SEEK_CUR), 10);
	LT_EQ(read(fd, b, 4), 4);
	LT_EQ(pread(fd, a, 4, 10), 4);
	LT_CHECK(!memcmp(a, b, 4));
	LT_EQ(preadv(fd, iov, 2, 1), 8);
	LT_CHECK(!memcmp(c, "ELF", 3));
	LT_CHECK(pread(fd, a, 4, -1) == -1 && errno == EINVAL);
	LT_CHECK(pwrite(fd, a, 4, 0) == -1 && errno == EBADF);
	close(fd);
	int p[2];
	LT_EQ(pipe(p), 0);
	LT_CHECK(pread(p[0], a, 1, 0) == -1 && errno == ESPIPE);
	close(p[0]);
	close(p[1]);
	if (!t)
		lt_skip("no writable directory (TMPDIR or /tmp) for pwrite");
	snprintf(path, sizeof(path), "%s/lt-pwrite-%d", t, (int)getpid());
	fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
	LT_CHECK(fd >= 0);
	LT_EQ(write(fd, "0123456789", 10), 10);
	LT_EQ(pwrite(fd, "ab", 2, 3), 2);
	LT_EQ(lseek(fd, 0, SEEK_CUR), 10);
	iov[0].iov_base = "XY";
	iov[0].iov_len = 2;
	iov[1].iov_base = "Z";
	iov[1].iov_len = 1;
	LT_EQ(pwritev(fd, iov, 2, 7), 3);
	LT_EQ(pread(fd, a, 20, 0), 10);
	LT_CHECK(!memcmp(a, "012ab56XYZ", 10));
	close(fd);
	LT_EQ(unlink(path), 0);
}

const struct lt_test lt_fs_tests[] = {
	{ "fs_pread_pwrite", fs_pread_pwrite },
	{ "fs_dirent_self", fs_dirent_self },
	{ "fs_cwd", fs_cwd },
	{ "fs_realpath_stat", fs_realpath_stat },
	{ "fs_changes", fs_changes },
	{ 0, 0 },
};
