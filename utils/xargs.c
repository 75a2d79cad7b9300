/* utils/xargs.c: xargs, runs a command with arguments read from standard input:
 * xargs [-0rt] [-n N] [-s SIZE] [-I REPL] [COMMAND [ARG...]]. Input words are separated by
 * blanks and newlines, with '...', "..." and \ quoting them (POSIX), or by NUL bytes (-0);
 * -I takes whole lines. The command is `echo` when none is given. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "lib/util.h"

static const char xargs_help[] =
	"usage: xargs [-0rt] [-n MAX] [-s SIZE] [-I REPL] [COMMAND [ARG...]]\n"
	"Runs COMMAND (echo by default) with its ARGs and then words read from standard input,\n"
	"as many as fit, as many times as needed.\n"
	"  -0        words end with a NUL byte (no quoting)\n"
	"  -n MAX    at most MAX words a run        -s SIZE  at most SIZE bytes of arguments\n"
	"  -I REPL   one run per input line, REPL in the ARGs replaced by the line\n"
	"  -r        no run at all when the input has no words\n"
	"  -t        write each command line to standard error first\n"
	"Exit status: 0; 123 if a run exited 1-125; 124 if one exited 255; 125 if one was killed;\n"
	"126 if COMMAND could not be run; 127 if it was not found.\n";

static int xargs_nul, xargs_trace, xargs_status;

/* The next word (or -I line) from standard input in a new string, or NULL at the end. */
static char *xargs_word(int whole_line)
{
	size_t n = 0, cap = 64;
	char *w = util_alloc(cap);
	int c, quote = 0, any = 0;
	while ((c = getchar()) != EOF) {
		if (n + 2 > cap)
			w = util_realloc(w, cap *= 2);
		if (xargs_nul) {
			if (c == 0)
				goto done;
			w[n++] = (char)c;
			any = 1;
			continue;
		}
		if (quote) {
			if (c == quote)
				quote = 0;
			else if (c == '\n')
				util_die(1, "unmatched %s quote", quote == '"' ? "double" : "single");
			else
				w[n++] = (char)c;
			continue;
		}
		if (whole_line) {
			if (c == '\n') {
				if (any)
					goto done;
				continue;
			}
			if (!any && (c == ' ' || c == '\t'))
				continue; /* -I: leading blanks go */
		} else if (c == ' ' || c == '\t' || c == '\n') {
			if (any)
				goto done;
			continue;
		}
		any = 1;
		if (c == '\'' || c == '"')
			quote = c;
		else if (c == '\\') {
			c = getchar();
			if (c == EOF)
				break;
			w[n++] = (char)c;
		} else
			w[n++] = (char)c;
	}
	if (quote)
		util_die(1, "unmatched %s quote", quote == '"' ? "double" : "single");
	if (!any) {
		free(w);
		return NULL;
	}
done:
	w[n] = 0;
	return w;
}

static void xargs_run(char **argv)
{
	int st;
	pid_t pid;
	if (xargs_trace) {
		for (char **a = argv; *a; a++)
			fprintf(stderr, "%s%s", a == argv ? "" : " ", *a);
		fputc('\n', stderr);
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		util_die(1, "fork: %s", strerror(errno));
	if (pid == 0) {
		execvp(argv[0], argv);
		int e = errno;
		util_warn(argv[0]);
		_exit(e == ENOENT ? 127 : 126);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			util_die(1, "wait: %s", strerror(errno));
	if (WIFSIGNALED(st)) {
		util_msg("%s: killed by signal %d", argv[0], WTERMSIG(st));
		exit(125);
	}
	st = WEXITSTATUS(st);
	if (st == 255) {
		util_msg("%s: exited with status 255", argv[0]);
		exit(124);
	}
	if (st == 126 || st == 127)
		exit(st);
	if (st)
		xargs_status = 123;
}

/* S with each REPL replaced by LINE, in a new string. */
static char *xargs_replace(const char *s, const char *repl, const char *line)
{
	size_t rl = strlen(repl), ll = strlen(line), n = 0;
	for (const char *p = s; (p = strstr(p, repl)); p += rl)
		n++;
	char *out = util_alloc(strlen(s) + n * ll + 1), *o = out;
	for (const char *p; (p = strstr(s, repl)); s = p + rl) {
		memcpy(o, s, (size_t)(p - s));
		o += p - s;
		memcpy(o, line, ll);
		o += ll;
	}
	strcpy(o, s);
	return out;
}

int main(int argc, char **argv)
{
	int c, noempty = 0;
	long long maxn = 0, maxs = 65536;
	const char *repl = NULL;
	static char *echo_cmd[] = { "echo", NULL };
	util_init(argc, argv, "xargs", xargs_help);
	while ((c = getopt(argc, argv, "+0rtn:s:I:")) != -1) {
		switch (c) {
		case '0': xargs_nul = 1; break;
		case 'r': noempty = 1; break;
		case 't': xargs_trace = 1; break;
		case 'n':
			if (util_parse_long(optarg, &maxn) || maxn < 1)
				util_die(1, "invalid number: %s", optarg);
			break;
		case 's':
			if (util_parse_long(optarg, &maxs) || maxs < 1)
				util_die(1, "invalid size: %s", optarg);
			break;
		case 'I': repl = optarg; break;
		default: return util_usage(1);
		}
	}
	char **cmd = optind < argc ? argv + optind : echo_cmd;
	int ncmd = optind < argc ? argc - optind : 1;
	size_t cmdbytes = 0;
	for (int i = 0; i < ncmd; i++)
		cmdbytes += strlen(cmd[i]) + 1;
	char **args = util_alloc(sizeof(char *) * (size_t)(ncmd + 1));
	if (repl) {
		char *line;
		while ((line = xargs_word(1))) {
			for (int i = 0; i < ncmd; i++)
				args[i] = i ? xargs_replace(cmd[i], repl, line) : cmd[i];
			args[ncmd] = NULL;
			xargs_run(args);
			for (int i = 1; i < ncmd; i++)
				free(args[i]);
			free(line);
		}
		return xargs_status;
	}
	size_t n = 0, cap = (size_t)ncmd + 1, bytes = cmdbytes;
	int ran = 0;
	memcpy(args, cmd, sizeof(char *) * (size_t)ncmd);
	n = (size_t)ncmd;
	for (;;) {
		char *w = xargs_word(0);
		if (w && n > (size_t)ncmd && (bytes + strlen(w) + 1 > (size_t)maxs)) {
			args[n] = NULL; /* this word does not fit: run what we have first */
			xargs_run(args);
			ran = 1;
			for (size_t i = (size_t)ncmd; i < n; i++)
				free(args[i]);
			n = (size_t)ncmd;
			bytes = cmdbytes;
		}
		if (w) {
			if (n + 2 > cap)
				args = util_realloc(args, sizeof(char *) * (cap *= 2));
			args[n++] = w;
			bytes += strlen(w) + 1;
		}
		if ((!w && (n > (size_t)ncmd || (!ran && !noempty))) ||
		    (maxn && n - (size_t)ncmd == (size_t)maxn)) {
			args[n] = NULL;
			xargs_run(args);
			ran = 1;
			for (size_t i = (size_t)ncmd; i < n; i++)
				free(args[i]);
			n = (size_t)ncmd;
			bytes = cmdbytes;
		}
		if (!w)
			break;
	}
	return xargs_status;
}
