/* libc/tests/suite/t_proc.c: processes: fork and wait, the exec family (this program in a
 * child mode), posix_spawn with file actions, system and popen (through /bin/sh), environ. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "lt.h"

extern char **environ;

/* `prog --child WORD ARGS`: what the children started below do. */
int lt_child_main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[0], "exit"))
		return atoi(argv[1]);
	if (argc >= 1 && !strcmp(argv[0], "echo")) {
		for (int i = 1; i < argc; i++)
			printf("%s%s", argv[i], i + 1 < argc ? " " : "\n");
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[0], "env")) {
		const char *v = getenv(argv[1]);
		printf("%s\n", v ? v : "(unset)");
		return 0;
	}
	return 99;
}

/* Runs `argv` as a child whose output lands in out; returns the wait status. */
static int proc_capture(void (*start)(char **), char **argv, char *out, size_t len)
{
	int p[2], st = -1;
	ssize_t n, got = 0;
	pid_t pid;
	LT_EQ(pipe(p), 0);
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		start(argv);
		_exit(126);
	}
	close(p[1]);
	while ((n = read(p[0], out + got, len - 1 - (size_t)got)) > 0)
		got += n;
	out[got] = 0;
	close(p[0]);
	waitpid(pid, &st, 0);
	return st;
}

static void proc_fork_wait(void)
{
	int st, x = 1;
	pid_t pid = fork();
	if (pid == 0) {
		x = 2;
		_exit(x + 40);
	}
	LT_CHECK(pid > 0);
	LT_EQ(waitpid(pid, &st, 0), pid);
	LT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42 && x == 1);
	LT_CHECK(waitpid(-1, &st, WNOHANG) == -1 && errno == ECHILD);
	pid = fork();
	if (pid == 0) {
		usleep(100000);
		_exit(0);
	}
	LT_EQ(waitpid(pid, &st, WNOHANG), 0); /* not yet */
	LT_EQ(wait(&st), pid);
	LT_CHECK(getppid() > 0 && getpid() != pid);
}

static void proc_start_execv(char **argv)
{
	execv(lt_argv0, argv);
}

static void proc_start_execve(char **argv)
{
	char *env[] = { "LT_VAR=from-execve", NULL };
	execve(lt_argv0, argv, env);
}

static void proc_start_execl(char **argv)
{
	(void)argv;
	execl(lt_argv0, lt_argv0, "--child", "echo", "via", "execl", (char *)NULL);
}

static void proc_exec(void)
{
	char out[256];
	char *echo[] = { (char *)lt_argv0, "--child", "echo", "hello", "exec", NULL };
	char *env[] = { (char *)lt_argv0, "--child", "env", "LT_VAR", NULL };
	int st = proc_capture(proc_start_execv, echo, out, sizeof(out));
	LT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	LT_CHECK(!strcmp(out, "hello exec\n"));
	proc_capture(proc_start_execve, env, out, sizeof(out));
	LT_CHECK(!strcmp(out, "from-execve\n"));
	proc_capture(proc_start_execl, NULL, out, sizeof(out));
	LT_CHECK(!strcmp(out, "via execl\n"));
	errno = 0;
	LT_CHECK(execl("/no/such/program", "x", (char *)NULL) == -1 && errno == ENOENT);
}

static void proc_spawn(void)
{
	char *args[] = { (char *)lt_argv0, "--child", "exit", "7", NULL };
	char *echo[] = { (char *)lt_argv0, "--child", "echo", "spawned", NULL };
	posix_spawn_file_actions_t fa;
	char out[64] = { 0 };
	int st, p[2];
	pid_t pid;
	LT_EQ(posix_spawn(&pid, lt_argv0, NULL, NULL, args, environ), 0);
	LT_EQ(waitpid(pid, &st, 0), pid);
	LT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7);
	LT_EQ(pipe(p), 0);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_addclose(&fa, p[0]);
	LT_EQ(posix_spawn(&pid, lt_argv0, &fa, NULL, echo, environ), 0);
	close(p[1]);
	LT_EQ(read(p[0], out, sizeof(out) - 1), 8);
	LT_CHECK(!strcmp(out, "spawned\n"));
	waitpid(pid, &st, 0);
	LT_EQ(posix_spawn(&pid, "/no/such/program", NULL, NULL, args, environ), ENOENT);
}

static void proc_shell(void)
{
	char line[64];
	FILE *f;
	int st;
	if (access("/bin/sh", X_OK))
		lt_skip("no /bin/sh");
	st = system("exit 3");
	LT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3);
	LT_CHECK(system(NULL) != 0);
	f = popen("echo popen works; echo second", "r");
	LT_CHECK(f != NULL);
	LT_CHECK(fgets(line, sizeof(line), f) && !strcmp(line, "popen works\n"));
	LT_CHECK(fgets(line, sizeof(line), f) && !strcmp(line, "second\n"));
	LT_EQ(pclose(f), 0);
}

static void proc_environ(void)
{
	int found = 0;
	LT_EQ(setenv("LT_A", "1", 1), 0);
	LT_CHECK(!strcmp(getenv("LT_A"), "1"));
	LT_EQ(setenv("LT_A", "2", 0), 0); /* no overwrite */
	LT_CHECK(!strcmp(getenv("LT_A"), "1"));
	LT_EQ(putenv("LT_B=b"), 0);
	for (char **e = environ; *e; e++)
		found += !strcmp(*e, "LT_A=1") || !strcmp(*e, "LT_B=b");
	LT_EQ(found, 2);
	LT_EQ(unsetenv("LT_A"), 0);
	LT_CHECK(getenv("LT_A") == NULL);
	LT_CHECK(setenv("A=B", "x", 1) == -1 && errno == EINVAL);
}

const struct lt_test lt_proc_tests[] = {
	{ "proc_fork_wait", proc_fork_wait },
	{ "proc_exec", proc_exec },
	{ "proc_spawn", proc_spawn },
	{ "proc_shell", proc_shell },
	{ "proc_environ", proc_environ },
	{ 0, 0 },
};
