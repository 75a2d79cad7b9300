/* libc/tests/suite/main.c: runs the libc suite: every test of every table in a child of its
 * own, `ok NAME`, `FAIL NAME` (with the failed checks) or `skip NAME: why`, then the count as
 * `libc: N passed, M failed` and the skipped ones apart (a skipped test is not a pass).
 * `libc-tests NAME...` runs only the tests whose names contain one of the words. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "lt.h"

const char *lt_argv0;

void lt_fail(const char *what, const char *file, int line)
{
	printf("    check failed: %s (%s:%d)\n", what, file, line);
	fflush(stdout);
	_exit(1);
}

void lt_fail_eq(const char *what, long a, long b, const char *file, int line)
{
	printf("    check failed: %s: %ld != %ld (%s:%d)\n", what, a, b, file, line);
	fflush(stdout);
	_exit(1);
}

void lt_skip(const char *why)
{
	printf("    skipped: %s\n", why);
	fflush(stdout);
	_exit(77);
}

const char *lt_tmpdir(void)
{
	static char probe[512];
	const char *d = getenv("TMPDIR");
	FILE *f;
	if (!d || !*d)
		d = "/tmp";
	snprintf(probe, sizeof(probe), "%s/lt-probe-%d", d, (int)getpid());
	f = fopen(probe, "w");
	if (!f)
		return NULL;
	fclose(f);
	unlink(probe);
	return d;
}

long fcntl_nonblock_read(int fd, void *buf, size_t len)
{
	int fl = fcntl(fd, F_GETFL);
	long r;
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	r = read(fd, buf, len);
	if (r < 0 && errno != EAGAIN)
		r = -2;
	fcntl(fd, F_SETFL, fl);
	return r;
}

static const struct lt_test *const lt_tables[] = {
	lt_stdio_tests, lt_malloc_tests, lt_string_tests, lt_time_tests, lt_locale_tests,
	lt_fs_tests, lt_io_tests, lt_mem_tests, lt_thread_tests, lt_signal_tests, lt_math_tests,
	lt_proc_tests, lt_misc_tests,
};

static int lt_wanted(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (strstr(name, argv[i]))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	int pass = 0, fail = 0, skip = 0;
	lt_argv0 = argv[0];
	if (argc > 1 && !strcmp(argv[1], "--child"))
		return lt_child_main(argc - 2, argv + 2);
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (size_t t = 0; t < sizeof(lt_tables) / sizeof(lt_tables[0]); t++) {
		for (const struct lt_test *x = lt_tables[t]; x->name; x++) {
			int st;
			pid_t pid;
			if (!lt_wanted(x->name, argc, argv))
				continue;
			fflush(stdout);
			pid = fork();
			if (pid == 0) {
				x->fn();
				fflush(stdout);
				_exit(0);
			}
			if (pid < 0 || waitpid(pid, &st, 0) != pid) {
				printf("FAIL %s: fork or wait failed\n", x->name);
				fail++;
			} else if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
				printf("ok   %s\n", x->name);
				pass++;
			} else if (WIFEXITED(st) && WEXITSTATUS(st) == 77) {
				printf("skip %s\n", x->name);
				skip++;
			} else {
				printf("FAIL %s (%s %d)\n", x->name, WIFEXITED(st) ? "exit" : "signal",
					WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
				fail++;
			}
		}
	}
	printf("libc-skipped: %d tests could not run here (see `skipped:` above)\n", skip);
	printf("libc: %d passed, %d failed\n", pass, fail);
	return fail != 0;
}
