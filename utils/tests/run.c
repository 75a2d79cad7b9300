/* utils/tests/run.c: the first process of the tools' test boot (init=/selftest/utils-run).
 * Nothing else runs (no console server), so it starts fsd on /tmp as init would, then runs
 * `/bin/sh /selftest/utils-check.sh` with its output on a pipe and copies each line to the
 * kernel console (debug_write) behind `utils| `, where selftest/qemu-run reads the script's
 * `utils-ferrite: N passed, M failed` line. */
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
#include "ferrite/syscalls.h"
#include "../../selftest/boot_tmp.h"

#define RUN_QUIET_MS 120000 /* a script silent this long is killed */

static void run_say(const char *s)
{
	ferrite_debug_write(s, strlen(s));
}


/* Copies the pipe to the console a line at a time (a long line in pieces). */
static void run_copy(int fd, pid_t pid)
{
	char buf[2048], line[2048 + 16];
	size_t have = 0;
	for (;;) {
		struct pollfd pf = { fd, POLLIN, 0 };
		ssize_t n;
		char *nl;
		if (poll(&pf, 1, RUN_QUIET_MS) == 0) {
			run_say("utils-run: the script is silent for too long: killed\n");
			kill(pid, SIGKILL);
		}
		n = read(fd, buf + have, sizeof(buf) - 1 - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n > 0)
			have += (size_t)n;
		while ((nl = memchr(buf, '\n', have)) || (have && (n <= 0 || have == sizeof(buf) - 1))) {
			size_t len = nl ? (size_t)(nl - buf) + 1 : have;
			int k = snprintf(line, sizeof(line), "utils| %.*s%s", (int)len, buf, nl ? "" : "\n");
			ferrite_debug_write(line, (size_t)k);
			memmove(buf, buf + len, have - len);
			have -= len;
		}
		if (n <= 0)
			return;
	}
}

int main(void)
{
	int out[2], spare[2], st = 0;
	char msg[128];
	pid_t pid;
	/* started with no descriptors: fill 0-2 so that the pipes below do not land there */
	while (fcntl(2, F_GETFD) < 0)
		if (pipe(spare))
			return 1;
	if (boot_tmp_start() < 0) {
		run_say("utils-run: cannot start /bin/fsd on /tmp\n");
		return 1;
	}
	if (pipe(out))
		return 1;
	pid = fork();
	if (pid == 0) {
		int in[2]; /* standard input: an empty pipe (no /dev/null without devd) */
		if (pipe(in) == 0) {
			close(in[1]);
			dup2(in[0], 0);
		}
		dup2(out[1], 1);
		dup2(out[1], 2);
		close(out[0]);
		close(out[1]);
		setenv("PATH", "/bin", 1);
		setenv("HOME", "/tmp", 1);
		execl("/bin/sh", "sh", "/selftest/utils-check.sh", (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	run_copy(out[0], pid);
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return 1;
	snprintf(msg, sizeof(msg), "utils-run: the script %s %d\n",
		WIFEXITED(st) ? "exited with status" : "was killed by signal",
		WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	run_say(msg);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
