/* servers/fs/tests/tmp_test.c: fsd inside Ferrite, through musl and the kernel's path layer:
 * the first process of the boot `selftest/qemu-run --init /selftest/fs-tmp` (make
 * test-qemu-fsd). If nothing serves /tmp yet, it starts `/bin/fsd -d` (the start-up step
 * until init runs fsd), then checks from an ordinary program what a user does in /tmp: files
 * created, written, read back, listed, renamed, truncated and removed, directories, relative
 * paths under a current directory in /tmp, symbolic links followed out of /tmp into the
 * initfs (absolute and by ".."), a program copied into /tmp and run from there, fsd killed
 * and started again; and a few figures. Prints `fs-tmp: N passed, M failed` on the kernel console. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "ferrite/syscalls.h"
#include "../../../selftest/boot_tmp.h"

static int passed, failed, case_failed;
static const char *self = "/selftest/fs-tmp";

static void say(const char *s)
{
	ferrite_debug_write(s, strlen(s));
}

static void check(int ok, const char *what, int line)
{
	char b[256];

	if (ok)
		return;
	case_failed = 1;
	snprintf(b, sizeof(b), "    FAILED fs-tmp line %d: %s (errno %d)\n", line, what, errno);
	say(b);
}
#define CHECK(c) check((c) != 0, #c, __LINE__)

/* The whole file at path into buf (NUL-terminated): its length, or -1. */
static long slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	long n = 0, k;

	if (fd < 0)
		return -1;
	while ((size_t)n < size - 1 && (k = read(fd, buf + n, size - 1 - (size_t)n)) > 0)
		n += k;
	close(fd);
	buf[n] = 0;
	return n;
}

static int put(const char *path, const char *text, int flags)
{
	int fd = open(path, O_WRONLY | O_CREAT | flags, 0644);
	long n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	return close(fd) == 0 && n == (long)strlen(text) ? 0 : -1;
}

/* The names in a directory, sorted, joined with spaces. */
static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *path, char *out, size_t size)
{
	char *names[64];
	struct dirent *e;
	DIR *d = opendir(path);
	int n = 0, i;

	out[0] = 0;
	if (!d)
		return;
	while ((e = readdir(d)) && n < 64)
		names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof(*names), cmp);
	for (i = 0; i < n; i++) {
		if (strlen(out) + strlen(names[i]) + 2 < size) {
			strcat(out, names[i]);
			strcat(out, i + 1 < n ? " " : "");
		}
		free(names[i]);
	}
}

static void test_files(void)
{
	char buf[256];
	struct stat st;
	int fd;

	CHECK(stat("/tmp", &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 01777);
	CHECK(put("/tmp/a", "hello, tmp\n", O_EXCL) == 0);
	CHECK(slurp("/tmp/a", buf, sizeof(buf)) == 11 && strcmp(buf, "hello, tmp\n") == 0);
	CHECK(open("/tmp/a", O_WRONLY | O_CREAT | O_EXCL, 0644) < 0 && errno == EEXIST);
	CHECK(open("/tmp/none", O_RDONLY) < 0 && errno == ENOENT);
	CHECK(stat("/tmp/a", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 11);
	/* append, seek, overwrite, truncate */
	CHECK(put("/tmp/a", "more\n", O_APPEND) == 0);
	CHECK(slurp("/tmp/a", buf, sizeof(buf)) == 16 && strcmp(buf, "hello, tmp\nmore\n") == 0);
	fd = open("/tmp/a", O_RDWR);
	CHECK(fd >= 0 && lseek(fd, 7, SEEK_SET) == 7 && write(fd, "TMP", 3) == 3);
	CHECK(lseek(fd, 0, SEEK_END) == 16);
	CHECK(ftruncate(fd, 10) == 0 && fstat(fd, &st) == 0 && st.st_size == 10);
	CHECK(close(fd) == 0);
	CHECK(slurp("/tmp/a", buf, sizeof(buf)) == 10 && strcmp(buf, "hello, TMP") == 0);
	CHECK(put("/tmp/a", "new", O_TRUNC) == 0 && slurp("/tmp/a", buf, sizeof(buf)) == 3);
	/* O_APPEND: each write lands at the end, and the offset is where it ended (the server
	 * says so), not the old offset plus the count */
	fd = open("/tmp/a", O_RDWR | O_APPEND);
	CHECK(fd >= 0 && lseek(fd, 1, SEEK_SET) == 1 && write(fd, "++", 2) == 2);
	CHECK(lseek(fd, 0, SEEK_CUR) == 5);
	CHECK(pwrite(fd, "!", 1, 0) == 1 && lseek(fd, 0, SEEK_CUR) == 5);
	CHECK(close(fd) == 0);
	CHECK(slurp("/tmp/a", buf, sizeof(buf)) == 6 && strcmp(buf, "new++!") == 0); /* pwrite appends too, as on Linux */
	CHECK(put("/tmp/a", "new", O_TRUNC) == 0); /* what the directory test expects */
}

static void test_big_file(void)
{
	static char big[200000], back[200000];
	void *volatile bad_buf = (void *)8; /* an unmapped address gcc cannot see through */
	size_t i;
	int fd;

	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 31 + i / 1000);
	fd = open("/tmp/big", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0 && write(fd, big, sizeof(big)) == (long)sizeof(big) && close(fd) == 0);
	CHECK(slurp("/tmp/big", back, sizeof(back)) == (long)sizeof(back) - 1);
	CHECK(memcmp(big, back, sizeof(back) - 1) == 0);
	/* pread and pwrite through the server: more than the kernel's 64 KiB bounce buffer in one
	 * call (they move the caller's memory directly), the description's offset untouched */
	fd = open("/tmp/big", O_RDWR);
	CHECK(fd >= 0 && lseek(fd, 5, SEEK_SET) == 5);
	memset(back, 0, sizeof(back));
	CHECK(pread(fd, back, 150000, 1000) == 150000 && memcmp(back, big + 1000, 150000) == 0);
	CHECK(pwrite(fd, big + 7, 120000, 50) == 120000 && lseek(fd, 0, SEEK_CUR) == 5);
	CHECK(pread(fd, back, 120000, 50) == 120000 && memcmp(back, big + 7, 120000) == 0);
	CHECK(pread(fd, back, 100, sizeof(big) - 40) == 40);
	CHECK(pread(fd, bad_buf, 100, 0) < 0 && errno == EFAULT);
	CHECK(close(fd) == 0);
	CHECK(unlink("/tmp/big") == 0);
}

static void test_directories(void)
{
	char names[256], buf[64];
	struct stat st;

	CHECK(mkdir("/tmp/d", 0755) == 0);
	CHECK(mkdir("/tmp/d", 0755) < 0 && errno == EEXIST);
	CHECK(put("/tmp/d/b", "b", 0) == 0);
	list("/tmp", names, sizeof(names));
	CHECK(strcmp(names, ". .. a d") == 0);
	list("/tmp/d", names, sizeof(names));
	CHECK(strcmp(names, ". .. b") == 0);
	CHECK(rename("/tmp/a", "/tmp/d/c") == 0);
	CHECK(stat("/tmp/a", &st) < 0 && errno == ENOENT);
	CHECK(slurp("/tmp/d/c", buf, sizeof(buf)) == 3);
	CHECK(rmdir("/tmp/d") < 0 && errno == ENOTEMPTY);
	CHECK(unlink("/tmp/d") < 0 && errno == EISDIR);
	CHECK(open("/tmp/d/c/x", O_RDONLY) < 0 && errno == ENOTDIR);
	/* relative paths under a current directory in /tmp, and ".." out of it */
	CHECK(chdir("/tmp/d") == 0 && getcwd(buf, sizeof(buf)) && strcmp(buf, "/tmp/d") == 0);
	CHECK(put("rel", "r", 0) == 0 && stat("/tmp/d/rel", &st) == 0);
	CHECK(stat("../d/rel", &st) == 0);
	CHECK(chdir("../..") == 0 && getcwd(buf, sizeof(buf)) && strcmp(buf, "/") == 0);
	CHECK(unlink("/tmp/d/b") == 0 && unlink("/tmp/d/c") == 0 && unlink("/tmp/d/rel") == 0);
	CHECK(rmdir("/tmp/d") == 0);
	list("/tmp", names, sizeof(names));
	CHECK(strcmp(names, ". ..") == 0);
}

/* Links out of /tmp into the initfs: absolute, and relative by "..". */
static void test_symlinks_out(void)
{
	char want[4096], got[4096], buf[64];
	struct stat st;
	long n = slurp(self, want, sizeof(want));

	CHECK(n > 100);
	CHECK(symlink(self, "/tmp/abs") == 0);
	CHECK(slurp("/tmp/abs", got, sizeof(got)) == n && memcmp(got, want, (size_t)n) == 0);
	CHECK(readlink("/tmp/abs", buf, sizeof(buf)) == (long)strlen(self));
	CHECK(lstat("/tmp/abs", &st) == 0 && S_ISLNK(st.st_mode));
	CHECK(stat("/tmp/abs", &st) == 0 && S_ISREG(st.st_mode));
	CHECK(symlink("../selftest", "/tmp/up") == 0);
	CHECK(slurp("/tmp/up/fs-tmp", got, sizeof(got)) == n && memcmp(got, want, (size_t)n) == 0);
	CHECK(stat("/tmp/..", &st) == 0 && S_ISDIR(st.st_mode));
	CHECK(stat("/tmp/../selftest/fs-tmp", &st) == 0 && S_ISREG(st.st_mode));
	CHECK(unlink("/tmp/abs") == 0 && unlink("/tmp/up") == 0);
}

/* A program copied into /tmp runs from there (execve reads it through fsd). */
static void test_run_from_tmp(void)
{
	static char prog[1 << 20];
	long n = slurp(self, prog, sizeof(prog));
	int fd, status = 0;
	pid_t pid;

	fd = open("/tmp/copy", O_WRONLY | O_CREAT | O_TRUNC, 0755);
	CHECK(fd >= 0 && n > 0 && write(fd, prog, (size_t)n) == n && close(fd) == 0);
	pid = fork();
	if (pid == 0) {
		execl("/tmp/copy", "copy", "child", (char *)NULL);
		_exit(127);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42);
	CHECK(unlink("/tmp/copy") == 0);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One counter of the kernel's scheme protocol (/proc/ipc), or -1. */
static long ipc_counter(const char *name)
{
	char buf[512], *p;
	size_t n = strlen(name);

	if (slurp("/proc/ipc", buf, sizeof(buf)) <= 0)
		return -1;
	for (p = buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, name, n) == 0 && p[n] == ' ')
			return strtol(p + n + 1, NULL, 10);
	return -1;
}

/* Figures, printed for the record (not checked: TCG on a shared host varies too much); the
 * one check is that fsd's answers take the kernel's fast path (scheme_serve: direct switches
 * between client and server). */
static void test_figures(void)
{
	static char buf[65536];
	char name[32], line[200];
	double t0, t1, t2;
	int i, fd, n = 200;
	long got = 0, k, rq0, ds0, rq1, ds1, q0, q1;

	rq0 = ipc_counter("requests");
	ds0 = ipc_counter("direct_switches");
	q0 = ipc_counter("queued");
	t0 = now_s();
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "/tmp/f%03d", i);
		CHECK(put(name, "a small file\n", O_EXCL) == 0);
	}
	t1 = now_s();
	rq1 = ipc_counter("requests");
	ds1 = ipc_counter("direct_switches");
	q1 = ipc_counter("queued");
	snprintf(line, sizeof(line), "fs-tmp: the creates took %ld requests to fsd (and /proc), "
		 "%ld direct switches, %ld queued\n", rq1 - rq0, ds1 - ds0, q1 - q0);
	say(line);
	CHECK(rq0 >= 0 && rq1 - rq0 >= 2 * n && ds1 - ds0 >= n);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "/tmp/f%03d", i);
		CHECK(unlink(name) == 0);
	}
	t2 = now_s();
	snprintf(line, sizeof(line), "fs-tmp: %d creates (open, write, close) %.0f us each, "
		 "%d unlinks %.0f us each\n", n, (t1 - t0) * 1e6 / n, n, (t2 - t1) * 1e6 / n);
	say(line);
	memset(buf, 'x', sizeof(buf));
	fd = open("/tmp/seq", O_RDWR | O_CREAT | O_TRUNC, 0600);
	t0 = now_s();
	for (i = 0; i < 64; i++)
		CHECK(write(fd, buf, sizeof(buf)) == (long)sizeof(buf));
	t1 = now_s();
	lseek(fd, 0, SEEK_SET);
	while ((k = read(fd, buf, sizeof(buf))) > 0)
		got += k;
	t2 = now_s();
	CHECK(got == 64l * (long)sizeof(buf));
	CHECK(close(fd) == 0 && unlink("/tmp/seq") == 0);
	snprintf(line, sizeof(line), "fs-tmp: 4 MiB in 64 KiB writes %.1f MiB/s, reads %.1f MiB/s\n",
		 4 / (t1 - t0), 4 / (t2 - t1));
	say(line);
}

/* The pid of a process whose /proc status names the program `name` (its last path
 * component), or -1. */
static int find_pid(const char *name)
{
	char path[300], buf[512], *p, *end, *base;
	struct dirent *e;
	DIR *d = opendir("/proc");
	int pid = -1;

	while (d && pid < 0 && (e = readdir(d))) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/status", e->d_name);
		if (slurp(path, buf, sizeof(buf)) <= 0 || !(p = strstr(buf, "Name:\t")))
			continue;
		p += 6;
		end = strchr(p, '\n');
		if (end)
			*end = 0;
		base = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
		if (strcmp(base, name) == 0)
			pid = atoi(e->d_name);
	}
	if (d)
		closedir(d);
	return pid;
}

/* fsd killed: descriptors opened through it answer EIO, /tmp is gone; started again, it
 * registers the same name and /tmp works (empty: a RAM disk). */
static void test_restart(void)
{
	struct timespec ms10 = { 0, 10000000 };
	char buf[8], line[96], buf2[512];
	int fd, pid, i, dead = 0;

	fd = open("/tmp/keep", O_RDWR | O_CREAT, 0644);
	CHECK(fd >= 0 && write(fd, "k", 1) == 1);
	pid = find_pid("fsd");
	snprintf(line, sizeof(line), "/proc/%d/status", pid);
	if (slurp(line, buf2, sizeof(buf2)) > 0 && strstr(buf2, "VmCommitted:")) {
		snprintf(line, sizeof(line), "fs-tmp: fsd, after the figures: %.40s", strstr(buf2, "VmCommitted:"));
		say(line);
	}
	CHECK(pid > 1 && kill(pid, SIGKILL) == 0);
	for (i = 0; i < 500 && !dead; i++) { /* its end is asynchronous: up to 5 s */
		dead = lseek(fd, 0, SEEK_SET) < 0 || (read(fd, buf, 1) < 0 && errno == EIO);
		if (!dead)
			nanosleep(&ms10, NULL);
	}

	CHECK(dead);
	CHECK(write(fd, "k", 1) < 0 && errno == EIO);
	CHECK(close(fd) == 0);
	CHECK(boot_tmp_start() == 0);
	CHECK(open("/tmp/keep", O_RDONLY) < 0 && errno == ENOENT);
	CHECK(put("/tmp/again", "works", 0) == 0 && slurp("/tmp/again", line, sizeof(line)) == 5);
	CHECK(unlink("/tmp/again") == 0);
	CHECK(find_pid("fsd") > 1);
}

struct tmp_case {
	const char *name;
	void (*fn)(void);
};

int main(int argc, char **argv)
{
	static const struct tmp_case cases[] = {
		{ "files", test_files }, { "big_file", test_big_file },
		{ "directories", test_directories }, { "symlinks_out", test_symlinks_out },
		{ "run_from_tmp", test_run_from_tmp }, { "figures", test_figures },
		{ "restart", test_restart },
	};
	char line[96];
	size_t i;

	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return 42; /* run from /tmp by test_run_from_tmp */
	if (boot_tmp_start() < 0) {
		say("fs-tmp: cannot start /bin/fsd\nfs-tmp: 0 passed, 1 failed\n");
		return 1;
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		case_failed = 0;
		cases[i].fn();
		snprintf(line, sizeof(line), "%s fs-tmp %s\n", case_failed ? "FAIL" : "ok  ",
			 cases[i].name);
		say(line);
		if (case_failed)
			failed++;
		else
			passed++;
	}
	snprintf(line, sizeof(line), "fs-tmp: %d passed, %d failed\n", passed, failed);
	say(line);
	return failed != 0;
}
