/* libc/tests/run.c: the first process of the libc test boot (init=/libc/run). Ferrite has no
 * console descriptors yet (the console server comes with init), so this runs each step with
 * its standard output and error on a pipe and copies what comes out to the kernel console
 * (debug_write), each line behind the step's label (`label| line`), then says how the step
 * ended. The host harness (selftest/qemu-run --init) reads the `N passed, M failed` lines and
 * the lines the make target requires. With arguments it runs that one program instead. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../../selftest/boot_tmp.h"

#define RUN_SYS_DEBUG_WRITE 4098 /* kernel/syscalls.list: debug_write */
#define RUN_QUIET_MS 120000      /* a step silent this long is reported and killed */

static void run_out(const char *s, size_t n)
{
	syscall(RUN_SYS_DEBUG_WRITE, s, n);
}

static void run_say(const char *s)
{
	run_out(s, strlen(s));
}

/* A step that neither writes nor ends: say what /proc knows of it, then end it. */
static void run_stuck(const char *label, pid_t pid)
{
	char path[64], st[1024], line[1200];
	ssize_t n = -1;
	int fd;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	fd = open(path, O_RDONLY);
	if (fd >= 0) {
		n = read(fd, st, sizeof(st) - 1);
		close(fd);
	}
	st[n > 0 ? n : 0] = 0;
	snprintf(line, sizeof(line), "run: %s: silent for %d s without ending; %s: %s\n", label,
		RUN_QUIET_MS / 1000, path, n > 0 ? st : "(unreadable)");
	run_say(line);
	kill(pid, SIGKILL);
}

/* Copies the pipe to the console a line at a time, each behind "label| ". */
static void run_copy(int fd, const char *label, pid_t pid)
{
	char buf[4096], line[4096 + 64];
	size_t have = 0;
	ssize_t n;
	for (;;) {
		struct pollfd pf = { fd, POLLIN, 0 };
		char *nl;
		if (poll(&pf, 1, RUN_QUIET_MS) == 0) {
			if (pid <= 0) {
				run_say("run: still no end of the output after the kill: giving up on it\n");
				return;
			}
			run_stuck(label, pid);
			pid = 0; /* killed: wait once more for the end of the pipe */
			continue;
		}
		n = read(fd, buf + have, sizeof(buf) - 1 - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n > 0)
			have += (size_t)n;
		while ((nl = memchr(buf, '\n', have)) || (have && (n <= 0 || have == sizeof(buf) - 1))) {
			size_t len = nl ? (size_t)(nl - buf) + 1 : have;
			int k = snprintf(line, sizeof(line), "%s| %.*s%s", label, (int)len, buf,
				nl ? "" : "\n");
			run_out(line, (size_t)k);
			memmove(buf, buf + len, have - len);
			have -= len;
		}
		if (n <= 0)
			return;
	}
}

/* Runs argv[0] with fds 0 (empty), 1 and 2 (the pipe); returns its wait status, or -1. */
static int run_step(const char *label, char *const argv[])
{
	int out[2], in[2], st = 0;
	char line[512];
	pid_t pid;
	if (pipe(out) || pipe(in)) {
		run_say("run: pipe failed\n");
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(out[1], 2);
		close(in[0]); close(in[1]); close(out[0]); close(out[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(in[0]);
	close(in[1]);
	close(out[1]);
	run_copy(out[0], label, pid);
	close(out[0]);
	if (pid < 0 || waitpid(pid, &st, 0) != pid) {
		run_say("run: fork or wait failed\n");
		return -1;
	}
	snprintf(line, sizeof(line), "run: %s (%s) %s %d\n", label, argv[0],
		WIFEXITED(st) ? "exited with status" : "killed by signal",
		WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	run_say(line);
	return st;
}

/* A directory where files can be written, or NULL. */
static const char *run_tmpdir(void)
{
	const char *d = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char probe[256];
	int fd;
	snprintf(probe, sizeof(probe), "%s/run-probe", d);
	fd = open(probe, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd < 0)
		return NULL;
	close(fd);
	unlink(probe);
	return d;
}

int main(int argc, char **argv)
{
	char *demo[] = { "/libc/threads-demo", 0 };
	char *suite[] = { "/libc/libc-tests", 0 };
	char *tcc_run[] = { "/bin/tcc", "-run", "/libc/src/threads-demo.c", 0 };
	char *i386[] = { "/bin/i386-tcc", "-E", "-P", "/libc/src/target.c", 0 };
	char *cc_e[] = { "/bin/cc", "-E", "-P", "/libc/src/target.c", 0 };
	char *tests2[] = { "/libc/tests2-run", "/tcc-tests2", "/tcc-tests2/pass.list", 0 };
	char exe[300], *cc[] = { "/bin/cc", "/libc/src/threads-demo.c", "-o", exe, 0 };
	char *built[] = { exe, 0 };
	/* the suite's tests that skipped for want of a writable directory, again once fsd is up */
	char *suite_tmp[] = { "/libc/libc-tests", "stdio_files", "fs_changes", "fs_pread_pwrite", 0 };
	const char *tmp;
	int spare[2], bad = 0;
	/* Started by the kernel with no descriptors at all: fill 0, 1 and 2 (with pipes nobody
	 * uses) so that the pipes below do not land on them. */
	while (fcntl(2, F_GETFD) < 0)
		if (pipe(spare))
			return 1;
	if (argc > 1)
		return run_step("run", argv + 1) != 0;
	bad |= run_step("threads-demo", demo) != 0;
	bad |= run_step("libc-tests", suite) != 0;
	bad |= run_step("tcc-run", tcc_run) != 0;
	bad |= run_step("i386-tcc", i386) != 0;
	bad |= run_step("cc-E", cc_e) != 0;
	/* tests2 runs before the filesystem server starts: its pass list was made without a
	 * writable directory (the cases that need one are listed as skipped). */
	bad |= run_step("tests2", tests2) != 0;
	if (boot_tmp_start() < 0)
		run_say("run: cannot start /bin/fsd on /tmp\n");
	tmp = run_tmpdir();
	if (tmp) {
		snprintf(exe, sizeof(exe), "%s/threads-demo", tmp);
		bad |= run_step("cc", cc) != 0 || run_step("cc-built", built) != 0;
		bad |= run_step("libc-tests-tmp", suite_tmp) != 0;
	} else {
		run_say("run: no writable directory (TMPDIR or /tmp): /bin/cc -o FILE not run\n");
		bad = 1;
	}
	return bad;
}
