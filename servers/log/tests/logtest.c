/* servers/log/tests/logtest.c: the program the live-system test (servers/log/tests/services-test)
 * runs in Ferrite's shell, one check per command; each prints `NAME: ok` or what went wrong.
 *   logtest lines    two processes write numbered lines at once: every line comes back whole,
 *                    each writer's in order
 *   logtest wrap     more than the ring holds: it keeps whole lines, the newest, and a reader
 *                    that was left behind goes on from the oldest line
 *   logtest follow   /dev/log/follow waits at the end for the next line
 *   logtest badreq   wrong requests to the log, keyboard and console input get errors
 *   logtest kbd      the key events of /dev/kbd while the harness presses shift
 *   logtest oom      a hog takes all memory while the null server is killed: init restarts it
 *                    (the reserve for essential services) and the log still takes lines */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "ferrite/syscalls.h"
#include "../../ps2/kbdmap.h"

#define LT_LOG_MAX (128 * 1024)

static char lt_log[LT_LOG_MAX + 1];
static int lt_failed;

static void lt_check(int ok, const char *what)
{
	if (ok)
		return;
	lt_failed++;
	printf("  check failed: %s (errno %d)\n", what, errno);
}

static int lt_done(const char *name)
{
	printf(lt_failed ? "%s: FAILED\n" : "%s: ok\n", name);
	return lt_failed != 0;
}

/* The whole log as a new reader sees it, NUL-terminated: its length. */
static size_t lt_read_log(void)
{
	int fd = open("/dev/log", O_RDONLY);
	size_t n = 0;
	ssize_t r;
	if (fd < 0)
		return 0;
	while (n < LT_LOG_MAX && (r = read(fd, lt_log + n, LT_LOG_MAX - n)) > 0)
		n += (size_t)r;
	close(fd);
	lt_log[n] = 0;
	return n;
}

static double lt_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A writer: count lines "TAG-NNNN-" and padding, several lines a write. */
static void lt_writer(const char *tag, int count)
{
	char buf[512];
	int fd = open("/dev/log", O_WRONLY), i = 0;
	while (fd >= 0 && i < count) {
		size_t n = 0;
		for (int k = 0; k < 3 && i < count; k++, i++)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s-%04d-%.*s\n", tag, i,
					      i % 40 + 1, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
		if (write(fd, buf, n) != (ssize_t)n)
			_exit(1);
	}
	_exit(fd < 0);
}

/* Lines of tag in the log: each whole (its padding as long as its number says), in order. */
static int lt_count_lines(const char *tag, int *in_order)
{
	char want[32];
	int seen = 0, next = -1;
	size_t tl = strlen(tag);
	*in_order = 1;
	for (char *p = lt_log; (p = strstr(p, tag)) != NULL; p += tl) {
		int num, pad = 0;
		if (p[tl] != '-' || sscanf(p + tl + 1, "%4d", &num) != 1)
			continue;
		while (p[tl + 6 + pad] == 'x')
			pad++;
		snprintf(want, sizeof(want), "%s-%04d-", tag, num);
		if (strncmp(p, want, strlen(want)) || pad != num % 40 + 1 || p[tl + 6 + pad] != '\n')
			*in_order = 0; /* cut or mixed with another line */
		if (next >= 0 && num != next)
			*in_order = 0;
		next = num + 1;
		seen++;
	}
	return seen;
}

static int lt_lines(void)
{
	char tag_a[16], tag_b[16];
	int st, order_a, order_b;
	pid_t a, b;
	snprintf(tag_a, sizeof(tag_a), "LA%d", (int)getpid());
	snprintf(tag_b, sizeof(tag_b), "LB%d", (int)getpid());
	if ((a = fork()) == 0)
		lt_writer(tag_a, 150);
	if ((b = fork()) == 0)
		lt_writer(tag_b, 150);
	lt_check(waitpid(a, &st, 0) == a && st == 0, "writer A");
	lt_check(waitpid(b, &st, 0) == b && st == 0, "writer B");
	lt_read_log();
	lt_check(lt_count_lines(tag_a, &order_a) == 150 && order_a, "A's 150 lines, whole, in order");
	lt_check(lt_count_lines(tag_b, &order_b) == 150 && order_b, "B's 150 lines, whole, in order");
	lt_check(strstr(lt_log, "] pid ") != NULL, "lines are stamped with the writer's pid");
	return lt_done("lines");
}

static int lt_wrap(void)
{
	char tag[16], buf[256], first[64];
	int fd = open("/dev/log", O_WRONLY), old = open("/dev/log", O_RDONLY), order;
	size_t n;
	struct stat st;
	snprintf(tag, sizeof(tag), "W%d", (int)getpid());
	lt_check(fd >= 0 && old >= 0, "open");
	lt_check(read(old, first, 10) == 10 && first[0] == '[', "a reader's first bytes");
	for (int i = 0; i < 1500; i++) { /* about 90 KiB, past the 64 KiB ring */
		int k = snprintf(buf, sizeof(buf), "%s-%04d-%.*s\n", tag, i, i % 40 + 1,
				 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
		lt_check(write(fd, buf, (size_t)k) == k, "write");
	}
	n = lt_read_log();
	lt_check(n > 60000 && n <= 65536, "the ring holds up to 64 KiB");
	lt_check(lt_log[0] == '[', "it starts with a whole line");
	lt_check(strstr(lt_log, "-1499-") != NULL, "the newest line is there");
	lt_check(lt_count_lines(tag, &order) < 1500 && order, "the oldest went, whole lines in order");
	/* the reader opened before: its place was overwritten, it goes on from the oldest line */
	lt_check(read(old, buf, 64) == 64 && buf[0] == '[',
		 "a reader left behind goes on from the oldest line");
	lt_check(fstat(old, &st) == 0 && S_ISCHR(st.st_mode) && st.st_size > 60000, "fstat");
	lt_check(lseek(old, 0, SEEK_END) >= st.st_size && read(old, buf, 64) == 0,
		 "SEEK_END is the end: a read there is end of file");
	close(fd);
	close(old);
	return lt_done("wrap");
}

static int lt_follow(void)
{
	char buf[4096];
	int fd = open("/dev/log/follow", O_RDONLY | O_NONBLOCK), st;
	ssize_t r;
	pid_t pid;
	double t0;
	lt_check(fd >= 0, "open /dev/log/follow");
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		;
	lt_check(r < 0 && errno == EAGAIN, "at the end: EAGAIN with O_NONBLOCK");
	fcntl(fd, F_SETFL, 0);
	if ((pid = fork()) == 0) {
		int w = open("/dev/log", O_WRONLY);
		usleep(300000);
		_exit(write(w, "follow-me\n", 10) != 10);
	}
	t0 = lt_now();
	r = read(fd, buf, sizeof(buf) - 1);
	buf[r > 0 ? r : 0] = 0;
	lt_check(r > 0 && strstr(buf, "follow-me") != NULL, "the waiting read got the new line");
	lt_check(lt_now() - t0 >= 0.2, "and it waited for it");
	lt_check(waitpid(pid, &st, 0) == pid && st == 0, "the writer");
	close(fd);
	return lt_done("follow");
}

static int lt_badreq(void)
{
	char buf[16];
	int fd = open("/dev/log", O_RDWR), v = 0;
	errno = 0;
	lt_check(open("/dev/log/nothing", O_RDONLY) < 0 && errno == ENOENT, "a path below the log");
	lt_check(open("/dev/log", O_RDONLY | O_DIRECTORY) < 0 && errno == ENOTDIR, "O_DIRECTORY");
	lt_check(fd >= 0 && read(fd, (void *)16, 8) < 0 && errno == EFAULT, "a read into a bad buffer");
	lt_check(write(fd, (void *)16, 8) < 0 && errno == EFAULT, "a write from a bad buffer");
	lt_check(ioctl(fd, 0x12345678, &v) < 0 && errno == ENOTTY, "an unknown ioctl");
	lt_check(ftruncate(fd, 0) < 0, "ftruncate");
	lt_check(write(fd, buf, 0) == 0, "an empty write");
	close(fd);
	/* the keyboard: read only, whole events */
	errno = 0;
	lt_check(open("/dev/kbd", O_RDWR) < 0 && errno == EACCES, "/dev/kbd for writing");
	lt_check(open("/dev/kbd/x", O_RDONLY) < 0 && errno == ENOENT, "a path below /dev/kbd");
	fd = open("/dev/kbd", O_RDONLY | O_NONBLOCK);
	lt_check(fd >= 0 && read(fd, buf, 4) < 0 && errno == EINVAL, "a read shorter than an event");
	lt_check(read(fd, buf, 16) < 0 && errno == EAGAIN, "no event: EAGAIN");
	lt_check(read(fd, (void *)16, 16) < 0, "a read into a bad buffer");
	lt_check(ioctl(fd, 0x12345678, &v) < 0 && errno == ENOTTY, "an unknown ioctl on /dev/kbd");
	close(fd);
	/* the console's input: written only */
	errno = 0;
	lt_check(open("/dev/cons/input", O_RDONLY) < 0 && errno == EACCES, "/dev/cons/input for reading");
	lt_check(open("/dev/cons/other", O_RDONLY) < 0 && errno == ENOENT, "a path below /dev/cons");
	return lt_done("badreq");
}

static int lt_kbd(void)
{
	struct kbd_event ev[16];
	int fd = open("/dev/kbd", O_RDONLY), downs = 0, ups = 0, mods_ok = 1;
	double t0 = lt_now();
	lt_check(fd >= 0, "open /dev/kbd");
	printf("kbd: ready\n");
	fflush(stdout);
	while (fd >= 0 && ups == 0 && lt_now() - t0 < 30) {
		ssize_t r = read(fd, ev, sizeof(ev));
		lt_check(r > 0 && r % (ssize_t)sizeof(ev[0]) == 0, "whole events");
		for (ssize_t i = 0; r > 0 && i < r / (ssize_t)sizeof(ev[0]); i++) {
			if (ev[i].code != KBD_KEY_LEFTSHIFT)
				continue;
			if (ev[i].value == 1) {
				downs++;
				mods_ok &= ev[i].mods == KBD_MOD_SHIFT;
			} else if (ev[i].value == 0) {
				ups++;
				mods_ok &= ev[i].mods == 0;
			}
		}
	}
	lt_check(downs >= 1 && ups == 1 && mods_ok, "shift went down and up, with its modifier bit");
	printf("kbd: shift down %d, up %d\n", downs, ups);
	return lt_done("kbd");
}

/* The last "init: NAME started, pid N" or "restarted" line's pid, or -1. */
static int lt_service_pid(const char *name)
{
	char pat[64];
	int pid = -1;
	snprintf(pat, sizeof(pat), "init: %s ", name);
	lt_read_log();
	for (char *p = lt_log; (p = strstr(p, pat)) != NULL; p++) {
		int v;
		const char *q = p + strlen(pat);
		if ((sscanf(q, "started, pid %d", &v) == 1 || sscanf(q, "restarted, pid %d", &v) == 1))
			pid = v;
	}
	return pid;
}

static int lt_essential(int pid)
{
	struct ferrite_procinfo pi;
	return ferrite_proc_info(pid, &pi) == pid ? pi.essential : -1;
}

/* The hog: everything it can map, each page touched; says how much through the pipe. */
static void lt_hog(int out)
{
	unsigned long got = 0;
	size_t chunk = 16u << 20;
	for (;;) {
		char *p = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			if (errno != ENOMEM)
				_exit(2);
			if (chunk == 4096)
				break;
			chunk = chunk > (1u << 20) ? 1u << 20 : 4096;
			continue;
		}
		for (size_t off = 0; off < chunk; off += 4096)
			p[off] = 1;
		got += chunk;
	}
	write(out, &got, sizeof(got));
	for (;;)
		pause(); /* held until killed */
}

static int lt_oom(void)
{
	int pfd[2], null_pid = lt_service_pid("null"), new_pid = -1, st, fd;
	unsigned long got = 0;
	double t0, took = -1;
	char want[96];
	pid_t hog;
	printf("oom: null is pid %d\n", null_pid);
	fflush(stdout);
	lt_check(null_pid > 0 && lt_essential(null_pid) == 1, "the null server is marked essential");
	lt_check(lt_essential(1) == 1, "init is marked essential");
	lt_check(pipe(pfd) == 0, "pipe");
	if ((hog = fork()) == 0)
		lt_hog(pfd[1]);
	lt_check(read(pfd[0], &got, sizeof(got)) == sizeof(got) && got > (64ul << 20),
		 "the hog got its memory, then ENOMEM");
	/* now nothing is left but the reserve: kill an essential service */
	lt_check(kill(null_pid, SIGKILL) == 0, "kill the null server");
	t0 = lt_now();
	while (lt_now() - t0 < 10) {
		fd = open("/dev/null", O_WRONLY);
		if (fd >= 0 && write(fd, "x", 1) == 1) {
			close(fd);
			took = lt_now() - t0;
			break;
		}
		if (fd >= 0)
			close(fd);
		usleep(20000);
	}
	lt_check(took >= 0, "/dev/null is served again while the hog holds the memory");
	new_pid = lt_service_pid("null");
	lt_check(new_pid > 0 && new_pid != null_pid && lt_essential(new_pid) == 1,
		 "a new null server, marked essential");
	snprintf(want, sizeof(want), "init: null (pid %d) killed by signal 9", null_pid);
	lt_check(strstr(lt_log, want) != NULL, "init's line about the kill is in the log");
	lt_check(strstr(lt_log, "init: null restarted, pid") != NULL, "and its restart line");
	fd = open("/dev/log", O_WRONLY);
	lt_check(fd >= 0 && write(fd, "oom-log-alive\n", 14) == 14, "the log takes a line");
	close(fd);
	lt_read_log();
	lt_check(strstr(lt_log, "oom-log-alive") != NULL, "and gives it back");
	lt_check(kill(hog, SIGKILL) == 0 && waitpid(hog, &st, 0) == hog && WIFSIGNALED(st),
		 "the hog ends by our SIGKILL");
	printf("oom: the hog held %lu MiB; null served again after %d ms (pid %d)\n", got >> 20,
	       (int)(took * 1000), new_pid);
	return lt_done("oom");
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(void);
	} cmds[] = { { "lines", lt_lines }, { "wrap", lt_wrap }, { "follow", lt_follow },
		     { "badreq", lt_badreq }, { "kbd", lt_kbd }, { "oom", lt_oom } };
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (size_t i = 0; argc == 2 && i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn();
	fprintf(stderr, "usage: logtest lines|wrap|follow|badreq|kbd|oom\n");
	return 2;
}
