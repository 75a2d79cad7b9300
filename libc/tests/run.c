/* libc/tests/run.c: the first process of the libc test boot (init=/libc/run). Ferrite has
 * no console descriptors yet (the console server comes with init), so this runs each test
 * program with its standard output and error on a pipe and copies what comes out to the kernel
 * console (debug_write), then says how each program ended. With arguments it runs those
 * programs; without, the list below. The host harness (selftest/qemu-run --init) reads the
 * `N passed, M failed` lines the programs print. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define RUNNER_SYS_DEBUG_WRITE 4098 /* kernel/syscalls.list: debug_write */

static void runner_out(const char *s, size_t n)
{
	syscall(RUNNER_SYS_DEBUG_WRITE, s, n);
}

static void runner_say(const char *s)
{
	runner_out(s, strlen(s));
}

/* Runs argv[0] with fds 0 (empty), 1 and 2 (the pipe); copies the pipe to the console. */
static int runner_run(char *const argv[])
{
	int out[2], in[2], st = 0;
	char buf[4096], line[256];
	ssize_t n;
	pid_t pid;
	if (pipe(out) || pipe(in)) {
		runner_say("run: pipe failed\n");
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
	while ((n = read(out[0], buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			runner_out(buf, (size_t)n);
	close(out[0]);
	if (pid < 0 || waitpid(pid, &st, 0) != pid) {
		runner_say("run: fork or wait failed\n");
		return -1;
	}
	snprintf(line, sizeof(line), "run: %s %s %d\n", argv[0],
		WIFEXITED(st) ? "exited with status" : "killed by signal",
		WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	runner_say(line);
	return st;
}

int main(int argc, char **argv)
{
	static char *const tests[][2] = {
		{ "/libc/threads-demo", 0 },
	};
	int bad = 0, spare[2];
	/* Started by the kernel with no descriptors at all: fill 0, 1 and 2 (with pipes nobody
	 * uses) so that the pipes below do not land on them. */
	while (fcntl(2, F_GETFD) < 0)
		if (pipe(spare))
			return 1;
	if (argc > 1)
		return runner_run(argv + 1) != 0;
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		bad |= runner_run(tests[i]) != 0;
	return bad;
}
