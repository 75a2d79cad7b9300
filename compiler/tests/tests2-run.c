/* compiler/tests/tests2-run.c: tcc's own test suite (tests/tests2 in its source: NAME.c with
 * NAME.expect) run inside Ferrite by Ferrite's tcc, the way tests2/Makefile runs it:
 * `tcc FLAGS -run NAME.c ARGS`, stdout and stderr together, compared with NAME.expect ignoring
 * changes in the amount of white space (diff -b). Cases that need an executable written to a
 * file (NORUN in the Makefile) run only where a writable directory exists.
 *   tests2-run DIR PASSLIST
 * DIR holds the cases; PASSLIST (compiler/tests/tests2-pass.list) names the cases that passed
 * when it was written: one of those failing is a regression and counts as failed. The count
 * line is `tests2: N passed, M failed` over the listed cases; others are reported apart. */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define T2_OUT_MAX (256 * 1024)
#define T2_TIMEOUT_MS 60000 /* a case that runs longer is killed and fails */

/* per-case flags and arguments, as tests2/Makefile gives them */
struct t2_case {
	const char *name;
	const char *flags[4];
	const char *args[6];
	int norun;       /* the Makefile compiles it to a file and runs that */
	int writes;      /* it writes files in the current directory (the cases' own) */
	const char *skip; /* why it is not run here at all */
};

static const struct t2_case t2_special[] = {
	{ "31_args", { 0 }, { "arg1", "arg2", "arg3", "arg4", "arg5", 0 }, 0, 0, 0 },
	{ "46_grep", { 0 }, { "[^* ]*[:a:d: ]+\\:\\*-/: $", "46_grep.c", 0 }, 0, 0, 0 },
	{ "76_dollars_in_identifiers", { "-fdollars-in-identifiers", 0 }, { 0 }, 0, 0, 0 },
	{ "60_errors_and_warnings", { "-dt", 0 }, { 0 }, 0, 0, 0 },
	{ "96_nodata_wanted", { "-dt", 0 }, { 0 }, 0, 0, 0 },
	{ "42_function_pointer", { 0 }, { 0 }, 1, 0, 0 },
	{ "106_pthread", { "-pthread", 0 }, { 0 }, 1, 0, 0 },
	{ "108_constructor", { 0 }, { 0 }, 1, 0, 0 },
	{ "40_stdio", { 0 }, { 0 }, 0, 1, 0 },
	{ "34_array_assignment", { 0 }, { 0 }, 0, 0, "not standard C (the Makefile skips it)" },
	{ "73_arm64", { 0 }, { 0 }, 0, 0, "for arm64 (the Makefile skips it on x86_64)" },
	{ "98_al_ax_extend", { 0 }, { 0 }, 0, 0, "for i386 (the Makefile skips it on x86_64)" },
	{ "99_fastcall", { 0 }, { 0 }, 0, 0, "for i386 (the Makefile skips it on x86_64)" },
	{ "104_inline", { 0 }, { 0 }, 0, 0, "compares with a second compiler's output" },
	{ "112_backtrace", { 0 }, { 0 }, 0, 0, "bound checking and backtraces are not built (TCC_MUSL)" },
	{ "113_btdll", { 0 }, { 0 }, 0, 0, "shared libraries" },
	{ "114_bound_signal", { 0 }, { 0 }, 0, 0, "bound checking is not built (TCC_MUSL)" },
	{ "115_bound_setjmp", { 0 }, { 0 }, 0, 0, "bound checking is not built (TCC_MUSL)" },
	{ "116_bound_setjmp2", { 0 }, { 0 }, 0, 0, "bound checking is not built (TCC_MUSL)" },
	{ "117_gcc_test", { 0 }, { 0 }, 0, 0, "bound checking is not built (TCC_MUSL)" },
};

static const struct t2_case *t2_find(const char *name)
{
	for (size_t i = 0; i < sizeof(t2_special) / sizeof(t2_special[0]); i++)
		if (!strcmp(t2_special[i].name, name))
			return &t2_special[i];
	return NULL;
}

static char *t2_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b;
	size_t n;
	if (!f)
		return NULL;
	b = malloc(T2_OUT_MAX + 1);
	n = b ? fread(b, 1, T2_OUT_MAX, f) : 0;
	fclose(f);
	if (b)
		b[n] = 0;
	*len = n;
	return b;
}

/* diff -b: runs of white space compare equal to one space; trailing white space and a final
 * newline do not count */
static void t2_normalise(char *s)
{
	char *w = s;
	int space = 0;
	for (char *r = s; *r; r++) {
		if (*r == ' ' || *r == '\t' || *r == '\r') {
			space = 1;
			continue;
		}
		if (space && *r != '\n' && w > s && w[-1] != '\n')
			*w++ = ' ';
		space = 0;
		*w++ = *r;
	}
	while (w > s && w[-1] == '\n')
		w--;
	*w = 0;
}

/* Runs argv with cwd dir, its stdout and stderr into out; returns the bytes read, or -1. */
static long t2_capture(char *const argv[], char *out, size_t max)
{
	int p[2], st;
	long got = 0, n;
	pid_t pid;
	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[0]);
		close(p[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	for (;;) {
		struct pollfd pf = { p[0], POLLIN, 0 };
		int r = poll(&pf, 1, T2_TIMEOUT_MS);
		if (r == 0) {
			kill(pid, SIGKILL);
			got = snprintf(out, max, "tests2-run: killed after %d s\n", T2_TIMEOUT_MS / 1000);
			break;
		}
		if (r < 0 && errno == EINTR)
			continue;
		n = read(p[0], out + got, max - (size_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	close(p[0]);
	waitpid(pid, &st, 0);
	out[got] = 0;
	return got;
}

static int t2_in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = list; p && (p = strstr(p, name)); p += n)
		if ((p == list || p[-1] == '\n') && (p[n] == '\n' || p[n] == 0))
			return 1;
	return 0;
}

static int t2_run(const char *name, const struct t2_case *c, const char *tmp, char *out)
{
	char src[256], exe[512], exp_path[256];
	char *argv[16], *expect;
	size_t elen;
	int k = 0;
	snprintf(src, sizeof(src), "%s.c", name);
	snprintf(exp_path, sizeof(exp_path), "%s.expect", name);
	argv[k++] = "/bin/tcc";
	for (int i = 0; c && c->flags[i]; i++)
		argv[k++] = (char *)c->flags[i];
	if (c && c->norun) {
		snprintf(exe, sizeof(exe), "%s/t2-%s", tmp, name);
		argv[k++] = src;
		argv[k++] = "-o";
		argv[k++] = exe;
		argv[k] = 0;
		if (t2_capture(argv, out, T2_OUT_MAX) != 0)
			return 0; /* a compiler message: it failed */
		k = 0;
		argv[k++] = exe;
	} else {
		argv[k++] = "-run";
		argv[k++] = src;
	}
	for (int i = 0; c && c->args[i]; i++)
		argv[k++] = (char *)c->args[i];
	argv[k] = 0;
	if (t2_capture(argv, out, T2_OUT_MAX) < 0)
		return 0;
	if (c && c->norun)
		unlink(exe);
	expect = t2_read_file(exp_path, &elen);
	if (!expect)
		return 0;
	t2_normalise(out);
	t2_normalise(expect);
	k = !strcmp(out, expect);
	free(expect);
	return k;
}

static int t2_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	char *list, *out = malloc(T2_OUT_MAX + 1), *names[512];
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	int n = 0, pass = 0, fail = 0, extra = 0, notlisted = 0, skipped = 0, can_write;
	struct timespec t0, t1, start, end;
	long ms, slowest_ms = 0;
	const char *slowest = "";
	size_t llen;
	struct dirent *e;
	DIR *d;
	if (argc != 3 || !out || chdir(argv[1]) || !(d = opendir("."))) {
		fprintf(stderr, "usage: tests2-run DIR PASSLIST (DIR readable)\n");
		return 2;
	}
	list = t2_read_file(argv[2], &llen);
	if (!list)
		fprintf(stderr, "tests2-run: cannot read %s\n", argv[2]);
	while ((e = readdir(d)) && n < 512) {
		size_t l = strlen(e->d_name);
		/* NN_name.c; NN+_name.c files are a case's second source, not cases */
		if (l > 2 && !strcmp(e->d_name + l - 2, ".c") && e->d_name[0] >= '0' &&
				e->d_name[0] <= '9' && !strchr(e->d_name, '+'))
			names[n++] = strndup(e->d_name, l - 2);
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), t2_cmp);
	{
		char probe[300];
		FILE *f;
		snprintf(probe, sizeof(probe), "%s/t2-probe", tmp);
		can_write = (f = fopen(probe, "w")) != NULL;
		if (f) {
			fclose(f);
			unlink(probe);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (int i = 0; i < n; i++) {
		const struct t2_case *c = t2_find(names[i]);
		int listed = t2_in_list(list, names[i]), ok;
		if (c && c->skip) {
			printf("skip %s: %s\n", names[i], c->skip);
			skipped++;
			continue;
		}
		if (c && c->writes && access(".", W_OK)) {
			printf("skip %s: writes files in the cases' directory, which is read-only\n", names[i]);
			skipped++;
			continue;
		}
		if (c && c->norun && !can_write) {
			printf("skip %s: needs a writable directory for its executable (%s)\n", names[i], tmp);
			skipped++;
			continue;
		}
		clock_gettime(CLOCK_MONOTONIC, &t0);
		ok = t2_run(names[i], c, tmp, out);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		if (ms > slowest_ms) {
			slowest_ms = ms;
			slowest = names[i];
		}
		if (ok && listed) {
			printf("ok   %s\n", names[i]);
			pass++;
		} else if (!ok && listed) {
			printf("FAIL %s (in the pass list: a regression)\n", names[i]);
			fail++;
		} else if (ok) {
			printf("new  %s passes and is not in the pass list\n", names[i]);
			extra++;
		} else {
			printf("no   %s fails (not in the pass list, %ld ms)\n", names[i], ms);
			notlisted++;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &end);
	printf("tests2-other: %d pass but are not listed, %d fail and are not listed, %d skipped\n",
		extra, notlisted, skipped);
	printf("tests2-time: %ld ms in all, the slowest %s (%ld ms)\n",
		(end.tv_sec - start.tv_sec) * 1000 + (end.tv_nsec - start.tv_nsec) / 1000000, slowest,
		slowest_ms);
	printf("tests2: %d passed, %d failed\n", pass, fail);
	return fail != 0;
}
