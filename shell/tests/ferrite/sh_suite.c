/* shell/tests/ferrite/sh_suite.c: the shell's differential suite inside Ferrite, the first
 * process of the boot `selftest/qemu-run --init /selftest/sh-suite` (make test-qemu-sh-suite).
 * The scripts of shell/tests/diff are in the initfs under /shell-tests/diff, each with what
 * dash printed and returned for it on the build host (/shell-tests/expect/NAME.out, .err,
 * .st: shell/tests/ferrite-record.sh). This program runs the scripts named in
 * /shell-tests/pass.list under Ferrite's /bin/sh as the host suite does (a fresh empty
 * directory, stdin from /dev/null, 10 s at most, one at a time) and compares stdout, stderr
 * and the exit status after the normalisation the recording did: the script's path is
 * SCRIPT, its directory WORKDIR, and a message naming the shell itself starts `sh:`. Every
 * script it runs must pass; those left out of the list are in shell/tests/ferrite-exclude.list,
 * each with its reason. Started as /selftest/sh-suite it runs every fourth script of the list
 * (make test's share, about 20 s: QEMU under TCG starts /bin/sh in a fifth of a second); as
 * /selftest/sh-suite-all, all of them (about 70 s). It needs /dev/null (devd, mounted here) and /tmp
 * (fsd) and starts both, as init would. Prints `sh-ferrite: N passed, M failed` on the
 * kernel console. */
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

#define SUITE_DIR "/shell-tests"
#define SUITE_WORK "/tmp/sh"
#define SUITE_TIMEOUT_S 10
/* Scripts run at once. 2 hung the boot in two runs of three (both processes waiting, no
 * script over its time: the kernel's intermittent lost wake-up, it seems); 1 never did. */
#define SUITE_SLOTS 1

/* A growing byte buffer. */
struct suite_buf {
	char *p;
	size_t n, cap;
};

static void suite_say(const char *s)
{
	ferrite_debug_write(s, strlen(s));
}

static void suite_put(struct suite_buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->n + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p)
			return;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = 0;
}

static long suite_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The whole file into b (empty when it is missing); 0, or -1 when it cannot be opened. */
static int suite_slurp(const char *path, struct suite_buf *b)
{
	char chunk[4096];
	ssize_t k;
	int fd = open(path, O_RDONLY);
	b->n = 0;
	suite_put(b, "", 0);
	if (fd < 0)
		return -1;
	while ((k = read(fd, chunk, sizeof(chunk))) > 0)
		suite_put(b, chunk, (size_t)k);
	close(fd);
	return 0;
}

/* Waits until path answers (a server registered), at most about 5 s. */
static int suite_wait_for(const char *path)
{
	struct stat st;
	for (int i = 0; i < 500; i++) {
		if (stat(path, &st) == 0)
			return 0;
		usleep(10000);
	}
	return -1;
}

/* /dev/null (devd null, mounted as init mounts it) and /tmp (fsd -d). */
static int suite_servers(void)
{
	struct stat st;
	int status;
	pid_t pid;
	if (stat("/dev/null", &st) != 0) {
		ferrite_ns_mount("/dev/null", "null");
		if ((pid = fork()) == 0) {
			execl("/sbin/devd", "devd", "null", (char *)NULL);
			_exit(127);
		}
		if (pid < 0 || suite_wait_for("/dev/null") < 0)
			return -1;
	}
	if (stat("/tmp", &st) != 0) {
		if ((pid = fork()) == 0) {
			execl("/bin/fsd", "fsd", "-d", "-n", "tmp", "-m", "1777", (char *)NULL);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			return -1;
	}
	return suite_wait_for("/tmp");
}

/* Replaces every occurrence of from by to in b (from is not empty). */
static void suite_replace(struct suite_buf *b, const char *from, const char *to)
{
	struct suite_buf out = { 0 };
	size_t fl = strlen(from);
	const char *p = b->p, *q;
	suite_put(&out, "", 0);
	while ((q = strstr(p, from)) != NULL) {
		suite_put(&out, p, (size_t)(q - p));
		suite_put(&out, to, strlen(to));
		p = q + fl;
	}
	suite_put(&out, p, strlen(p));
	free(b->p);
	*b = out;
}

/* A line of stderr that starts with the shell's own path names it `sh:` (dash's `dash:`
 * became `sh:` in the recording). */
static void suite_norm_shell(struct suite_buf *b)
{
	if (strncmp(b->p, "/bin/sh:", 8) == 0)
		memmove(b->p, b->p + 5, b->n - 5 + 1), b->n -= 5;
	suite_replace(b, "\n/bin/sh:", "\nsh:");
}

/* Starts one script in dir with its stdout and stderr in the files out and err. */
static pid_t suite_start(const char *script, const char *dir, const char *out, const char *err)
{
	char *const envp[] = { "PATH=/bin:/sbin:/usr/bin", "HOME=/", NULL };
	pid_t pid = fork();
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		setpgid(0, 0);
		if (in < 0 || o < 0 || e < 0 || chdir(dir) < 0)
			_exit(126);
		/* the first process starts with no descriptors: these may be 0, 1 and 2 already
		 * (each is at or above the one it goes to, so none is overwritten unread) */
		dup2(in, 0);
		dup2(o, 1);
		dup2(e, 2);
		if (in > 2)
			close(in);
		if (o > 2)
			close(o);
		if (e > 2)
			close(e);
		execle("/bin/sh", "/bin/sh", script, (char *)NULL, envp);
		_exit(127);
	}
	return pid;
}

/* Says where two texts first differ: one line of each. */
static void suite_show_diff(const char *name, const char *what, const char *want, const char *got)
{
	char line[400];
	size_t i = 0, start;
	while (want[i] && want[i] == got[i])
		i++;
	start = i;
	while (start > 0 && want[start - 1] != '\n')
		start--;
	snprintf(line, sizeof(line), "FAIL %s: %s differs\n  dash: %.*s\n  ours: %.*s\n", name, what,
		 (int)strcspn(want + start, "\n"), want + start, (int)strcspn(got + start, "\n"),
		 got + start);
	suite_say(line);
}

/* A script running: its name and files, its process, when it must end. */
struct suite_slot {
	char name[128], script[300], dir[300], out[300], err[300];
	pid_t pid;
	long deadline;
};

/* Starts the script name in slot t; 0, or -1 (said) when it cannot. */
static int suite_case_start(struct suite_slot *t, const char *name)
{
	char line[400];
	snprintf(t->name, sizeof(t->name), "%s", name);
	snprintf(t->script, sizeof(t->script), SUITE_DIR "/diff/%s.sh", name);
	snprintf(t->dir, sizeof(t->dir), SUITE_WORK "/%s", name);
	snprintf(t->out, sizeof(t->out), SUITE_WORK "/%s.out", name);
	snprintf(t->err, sizeof(t->err), SUITE_WORK "/%s.err", name);
	if (mkdir(t->dir, 0755) < 0 || (t->pid = suite_start(t->script, t->dir, t->out, t->err)) < 0) {
		snprintf(line, sizeof(line), "FAIL %s: cannot start: %s\n", name, strerror(errno));
		suite_say(line);
		t->pid = 0;
		return -1;
	}
	t->deadline = suite_now_ms() + SUITE_TIMEOUT_S * 1000L;
	return 0;
}

/* The script in slot t ended with status: 1 when it passes. */
static int suite_case_check(struct suite_slot *t, int status)
{
	struct suite_buf out = { 0 }, err = { 0 }, want = { 0 };
	char path[400];
	const char *name = t->name;
	int ok = 1, st = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	kill(-t->pid, SIGKILL); /* what the script left behind in its group */
	suite_slurp(t->out, &out);
	suite_slurp(t->err, &err);
	suite_norm_shell(&err);
	suite_replace(&out, t->script, "SCRIPT");
	suite_replace(&err, t->script, "SCRIPT");
	suite_replace(&out, t->dir, "WORKDIR");
	suite_replace(&err, t->dir, "WORKDIR");
	snprintf(path, sizeof(path), SUITE_DIR "/expect/%s.out", name);
	if (suite_slurp(path, &want) < 0 || strcmp(want.p, out.p)) {
		suite_show_diff(name, "stdout", want.p, out.p);
		snprintf(path, sizeof(path), "  status %d, stderr: %.200s\n", st, err.p);
		suite_say(path);
		ok = 0;
	}
	snprintf(path, sizeof(path), SUITE_DIR "/expect/%s.err", name);
	if (ok && (suite_slurp(path, &want) < 0 || strcmp(want.p, err.p))) {
		suite_show_diff(name, "stderr", want.p, err.p);
		ok = 0;
	}
	snprintf(path, sizeof(path), SUITE_DIR "/expect/%s.st", name);
	if (ok && (suite_slurp(path, &want) < 0 || atoi(want.p) != st)) {
		char line[200];
		snprintf(line, sizeof(line), "FAIL %s: status %d, dash's %d\n", name, st, atoi(want.p));
		suite_say(line);
		ok = 0;
	}
	free(out.p);
	free(err.p);
	free(want.p);
	return ok;
}

int main(int argc, char **argv)
{
	struct suite_buf list = { 0 };
	struct suite_slot slots[SUITE_SLOTS];
	struct timespec nap = { 0, 2000000 };
	char line[200], *next;
	int passed = 0, failed = 0, busy = 0, every, k = 0;
	long start;
	/* no alarm() in Ferrite yet (setitimer): the waits poll, 2 ms at a time */
	every = argc > 0 && strstr(argv[0], "sh-suite-all") ? 1 : 4;
	memset(slots, 0, sizeof(slots));
	if (suite_servers() < 0 || (mkdir(SUITE_WORK, 0755) < 0 && errno != EEXIST)) {
		suite_say("sh-ferrite: cannot start /dev/null and /tmp\nsh-ferrite: 0 passed, 1 failed\n");
		return 1;
	}
	if (suite_slurp(SUITE_DIR "/pass.list", &list) < 0) {
		suite_say("sh-ferrite: no " SUITE_DIR "/pass.list\nsh-ferrite: 0 passed, 1 failed\n");
		return 1;
	}
	start = suite_now_ms();
	next = list.p;
	for (;;) {
		/* fill the free slots with the next names of the list */
		for (int i = 0; i < SUITE_SLOTS; i++) {
			while (!slots[i].pid && *next) {
				char *p = next, *nl = p + strcspn(p, "\n");
				next = *nl ? nl + 1 : nl;
				*nl = 0;
				if (!*p || *p == '#' || k++ % every)
					continue;
				if (suite_case_start(&slots[i], p) < 0)
					failed++;
				else
					busy++;
			}
		}
		if (!busy && !*next)
			break;
		for (int i = 0; i < SUITE_SLOTS; i++) {
			int status;
			pid_t got;
			if (!slots[i].pid)
				continue;
			got = waitpid(slots[i].pid, &status, WNOHANG);
			if (got == slots[i].pid) {
				if (suite_case_check(&slots[i], status))
					passed++;
				else
					failed++;
				slots[i].pid = 0;
				busy--;
				if ((passed + failed) % 50 == 0) {
					snprintf(line, sizeof(line), "sh-ferrite: %d scripts in %ld ms\n",
						 passed + failed, suite_now_ms() - start);
					suite_say(line);
				}
			} else if (got == 0 && suite_now_ms() > slots[i].deadline) {
				snprintf(line, sizeof(line), "sh-ferrite: %s still runs after %d s: killed\n",
					 slots[i].name, SUITE_TIMEOUT_S);
				suite_say(line);
				kill(-slots[i].pid, SIGKILL);
				kill(slots[i].pid, SIGKILL);
				slots[i].deadline = suite_now_ms() + 60000;
			}
		}
		nanosleep(&nap, NULL);
	}
	snprintf(line, sizeof(line), "sh-ferrite: %d scripts took %ld ms (%d at a time)\n",
		 passed + failed, suite_now_ms() - start, SUITE_SLOTS);
	suite_say(line);
	snprintf(line, sizeof(line), "sh-ferrite: %d passed, %d failed\n", passed, failed);
	suite_say(line);
	return failed != 0;
}
