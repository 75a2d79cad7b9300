/* builtin3.c: builtins that read or report on the process: read, getopts, umask, ulimit, times. */
#include "sh.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/times.h>
#include <sys/resource.h>
#include <poll.h>
#include <time.h>

/* read [-r] [-p prompt] name...: one line, split by IFS into the names, the last taking the
 * rest. It reads a byte at a time so that the rest of the input stays for the next reader. */
int sh_bi_read(struct sh *sh, int argc, char **argv)
{
	int raw = 0, i = 1, timeout_ms = -1;
	const char *prompt = NULL;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		for (const char *c = argv[i] + 1; *c; c++) {
			if (*c == 'r')
				raw = 1;
			else if (*c == 'p' && i + 1 < argc) {
				prompt = argv[++i];
				break;
			} else if (*c == 't' && i + 1 < argc) {
				/* -t SECONDS (ksh, bash): give up when no line came in time */
				timeout_ms = (int)(strtod(argv[++i], NULL) * 1000);
				break;
			} else
				return sh_builtin_usage(sh, "read", "Illegal option");
		}
	}
	/* With no names, the line goes to REPLY, as in ksh and bash. */
	char *reply[] = {"REPLY", NULL};
	int use_reply = i >= argc;
	if (use_reply) {
		argv = reply;
		argc = 1;
		i = 0;
	}
	if (timeout_ms == 0) {
		/* -t 0: only say whether input is waiting */
		struct pollfd pfd = {0, POLLIN, 0};
		return poll(&pfd, 1, 0) == 1 ? 0 : 1;
	}
	if (prompt && isatty(0))
		sh_write_all(2, prompt, strlen(prompt));
	/* Characters and whether each was escaped by a backslash (never a separator then). */
	struct sh_str line = {0}, esc = {0};
	int eof = 0;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		char c;
		if (timeout_ms >= 0) {
			struct timespec t1;
			clock_gettime(CLOCK_MONOTONIC, &t1);
			long left = timeout_ms - ((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000);
			struct pollfd pfd = {0, POLLIN, 0};
			if (left <= 0 || poll(&pfd, 1, (int)left) == 0) {
				free(line.s);
				free(esc.s);
				sh_var_set(sh, argv[i], "", 0);
				return 142;
			}
		}
		ssize_t n = read(0, &c, 1);
		if (n < 0 && errno == EINTR) {
			int intr = sh_trap_interrupt(sh);
			if (intr) {
				free(line.s);
				free(esc.s);
				return intr;
			}
			continue;
		}
		if (n <= 0) {
			eof = 1;
			break;
		}
		if (c == '\n')
			break;
		if (c == '\\' && !raw) {
			n = read(0, &c, 1);
			if (n <= 0) {
				eof = 1;
				break;
			}
			if (c == '\n')
				continue;
			sh_str_putc(&line, c);
			sh_str_putc(&esc, 1);
			continue;
		}
		sh_str_putc(&line, c);
		sh_str_putc(&esc, 0);
	}
	const char *ifs = sh_var_get(sh, "IFS");
	if (!ifs)
		ifs = " \t\n";
	if (use_reply)
		ifs = "";   /* REPLY gets the line as it was, blanks included */
	size_t len = line.len, p = 0;
	const char *s = line.s ? line.s : "";
	const char *e = esc.s ? esc.s : "";
#define SH_IS_IFS(k) (!e[k] && strchr(ifs, s[k]) != NULL)
#define SH_IS_WS(k) (SH_IS_IFS(k) && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n'))
	while (p < len && SH_IS_WS(p))
		p++;
	for (; i < argc; i++) {
		if (!sh_is_name(argv[i])) {
			sh_errmsg(sh, "read: %s: bad variable name", argv[i]);
			return 2;
		}
		struct sh_str v = {0};
		sh_str_puts(&v, "");
		if (i == argc - 1) {
			/* The last name gets the rest, less trailing IFS whitespace. */
			size_t end = len;
			while (end > p && SH_IS_WS(end - 1))
				end--;
			if (end > p && SH_IS_IFS(end - 1) && !SH_IS_WS(end - 1)) {
				/* a single trailing non-space separator goes too, if nothing follows it */
				size_t k = p;
				int seps = 0;
				for (; k < end - 1; k++)
					if (SH_IS_IFS(k) && !SH_IS_WS(k))
						seps++;
				if (!seps) {
					end--;
					while (end > p && SH_IS_WS(end - 1))
						end--;
				}
			}
			sh_str_putn(&v, s + p, end - p);
			p = len;
		} else {
			while (p < len && !SH_IS_IFS(p))
				sh_str_putc(&v, s[p++]);
			while (p < len && SH_IS_WS(p))
				p++;
			if (p < len && SH_IS_IFS(p)) {
				p++;
				while (p < len && SH_IS_WS(p))
					p++;
			}
		}
		sh_var_set(sh, argv[i], v.s, 0);
		free(v.s);
	}
#undef SH_IS_IFS
#undef SH_IS_WS
	free(line.s);
	free(esc.s);
	return eof ? 1 : 0;
}

/* getopts optstring name [arg...]: OPTIND says which argument, optind_sub where in it. */
int sh_bi_getopts(struct sh *sh, int argc, char **argv)
{
	if (argc < 3)
		sh_error(sh, "getopts: Usage: getopts optstring var [arg...]");
	const char *opts = argv[1], *name = argv[2];
	char **args = argc > 3 ? argv + 3 : sh->params;
	int nargs = argc > 3 ? argc - 3 : sh->nparams;
	int silent = opts[0] == ':';
	const char *opterr = sh_var_get(sh, "OPTERR");
	int quiet = silent || (opterr && !strcmp(opterr, "0"));   /* OPTERR=0: no messages */
	long ind = 1;
	const char *oi = sh_var_get(sh, "OPTIND");
	if (!oi || !sh_parse_int(oi, &ind) || ind < 1)
		ind = 1;
	int sub = sh->optind_sub;
	char buf[32];
	if (ind > nargs || (sub == 0 && (args[ind - 1][0] != '-' || !args[ind - 1][1] || !strcmp(args[ind - 1], "--")))) {
		if (ind <= nargs && !strcmp(args[ind - 1], "--"))
			ind++;
		sh_var_unset(sh, "OPTARG");
		sh_var_set(sh, name, "?", 0);
		snprintf(buf, sizeof buf, "%ld", ind);
		sh_var_set(sh, "OPTIND", buf, 0);
		sh->optind_sub = 0;
		return 1;
	}
	const char *arg = args[ind - 1];
	if (sub == 0)
		sub = 1;
	char c = arg[sub++];
	const char *spec = c != ':' ? strchr(opts + silent, c) : NULL;
	char opt[2] = {c, 0};
	int next_arg = arg[sub] == 0;
	int st = 0;
	if (!spec) {
		if (silent) {
			sh_var_set(sh, "OPTARG", opt, 0);
		} else {
			sh_var_unset(sh, "OPTARG");
			char msg[64];
			snprintf(msg, sizeof msg, "Illegal option -%c\n", c);
			if (!quiet)
				sh_write_all(2, msg, strlen(msg));
		}
		opt[0] = '?';
	} else if (spec[1] == ':') {
		if (!next_arg) {
			sh_var_set(sh, "OPTARG", arg + sub, 0);
		} else if (ind < nargs) {
			sh_var_set(sh, "OPTARG", args[ind], 0);
			ind++;
		} else {
			if (silent) {
				sh_var_set(sh, "OPTARG", opt, 0);
				opt[0] = ':';
			} else {
				sh_var_unset(sh, "OPTARG");
				char msg[64];
				snprintf(msg, sizeof msg, "No arg for -%c option\n", c);
				if (!quiet)
					sh_write_all(2, msg, strlen(msg));
				opt[0] = '?';
			}
		}
		next_arg = 1;
	} else {
		sh_var_set(sh, "OPTARG", "", 0);
	}
	if (next_arg) {
		ind++;
		sub = 0;
	}
	sh_var_set(sh, name, opt, 0);
	snprintf(buf, sizeof buf, "%ld", ind);
	sh_var_set(sh, "OPTIND", buf, 0);
	sh->optind_sub = sub;
	return st;
}

int sh_bi_umask(struct sh *sh, int argc, char **argv)
{
	int symbolic = 0, i = 1;
	if (i < argc && !strcmp(argv[i], "-S")) {
		symbolic = 1;
		i++;
	}
	mode_t m = umask(0);
	umask(m);
	if (i >= argc) {
		char buf[64];
		if (symbolic) {
			mode_t a = ~m & 0777;
			char s[3][4];
			for (int k = 0; k < 3; k++) {
				int bits = (a >> (6 - 3 * k)) & 7, n = 0;
				if (bits & 4) s[k][n++] = 'r';
				if (bits & 2) s[k][n++] = 'w';
				if (bits & 1) s[k][n++] = 'x';
				s[k][n] = 0;
			}
			snprintf(buf, sizeof buf, "u=%s,g=%s,o=%s\n", s[0], s[1], s[2]);
		} else {
			snprintf(buf, sizeof buf, "%04o\n", (unsigned)m);
		}
		sh_write_all(1, buf, strlen(buf));
		return 0;
	}
	const char *a = argv[i];
	if (a[0] >= '0' && a[0] <= '7') {
		char *end;
		long v = strtol(a, &end, 8);
		if (*end || v < 0 || v > 0777)
			return sh_builtin_usage(sh, "umask", "Illegal number");
		umask((mode_t)v);
		return 0;
	}
	/* Symbolic: [ugoa]*[+-=][rwx]*, comma separated, applied to the allowed bits. */
	mode_t allow = ~m & 0777;
	while (*a) {
		int who = 0;
		for (; *a && strchr("ugoa", *a); a++)
			who |= *a == 'u' ? 0700 : *a == 'g' ? 070 : *a == 'o' ? 07 : 0777;
		if (!who)
			who = 0777;
		char op = *a;
		if (!op || !strchr("+-=", op))
			return sh_builtin_usage(sh, "umask", "Illegal mode");
		a++;
		int perm = 0;
		for (; *a && strchr("rwx", *a); a++)
			perm |= *a == 'r' ? 0444 : *a == 'w' ? 0222 : 0111;
		perm &= who;
		if (op == '+')
			allow |= (mode_t)perm;
		else if (op == '-')
			allow &= ~(mode_t)perm;
		else
			allow = (allow & ~(mode_t)who) | (mode_t)perm;
		if (*a == ',')
			a++;
		else if (*a)
			return sh_builtin_usage(sh, "umask", "Illegal mode");
	}
	umask(~allow & 0777);
	return 0;
}

static const struct { char opt; int res; const char *name; int unit; } sh_limits[] = {
	{'t', RLIMIT_CPU, "time(seconds)", 1}, {'f', RLIMIT_FSIZE, "file(blocks)", 512},
	{'d', RLIMIT_DATA, "data(kb)", 1024}, {'s', RLIMIT_STACK, "stack(kb)", 1024},
	{'c', RLIMIT_CORE, "coredump(blocks)", 512}, {'n', RLIMIT_NOFILE, "nofiles", 1},
	{'v', RLIMIT_AS, "vmemory(kb)", 1024}, {'u', RLIMIT_NPROC, "process", 1},
};

int sh_bi_ulimit(struct sh *sh, int argc, char **argv)
{
	int which = 1, hard = 0, soft = 0, all = 0, i = 1;
	for (; i < argc && argv[i][0] == '-'; i++)
		for (const char *c = argv[i] + 1; *c; c++) {
			if (*c == 'H') hard = 1;
			else if (*c == 'S') soft = 1;
			else if (*c == 'a') all = 1;
			else {
				int found = 0;
				for (size_t k = 0; k < sizeof sh_limits / sizeof sh_limits[0]; k++)
					if (sh_limits[k].opt == *c) {
						which = (int)k;
						found = 1;
					}
				if (!found)
					return sh_builtin_usage(sh, "ulimit", "Illegal option");
			}
		}
	if (!hard && !soft)
		soft = 1;
	struct sh_str b = {0};
	for (size_t k = 0; k < sizeof sh_limits / sizeof sh_limits[0]; k++) {
		if (!all && (int)k != which)
			continue;
		struct rlimit rl;
		getrlimit(sh_limits[k].res, &rl);
		if (!all && i < argc) {
			rlim_t v;
			if (!strcmp(argv[i], "unlimited"))
				v = RLIM_INFINITY;
			else {
				long n;
				if (!sh_parse_int(argv[i], &n) || n < 0)
					return sh_builtin_usage(sh, "ulimit", "bad number");
				v = (rlim_t)n * (rlim_t)sh_limits[k].unit;
			}
			if (hard)
				rl.rlim_max = v;
			if (soft)
				rl.rlim_cur = v;
			if (setrlimit(sh_limits[k].res, &rl) < 0) {
				sh_errmsg(sh, "ulimit: error setting limit (%s)", strerror(errno));
				return 2;
			}
			return 0;
		}
		rlim_t v = soft ? rl.rlim_cur : rl.rlim_max;
		if (all)
			sh_str_printf(&b, "-%c: %-18s", sh_limits[k].opt, sh_limits[k].name);
		if (v == RLIM_INFINITY)
			sh_str_puts(&b, "unlimited\n");
		else
			sh_str_printf(&b, "%llu\n", (unsigned long long)(v / (rlim_t)sh_limits[k].unit));
	}
	sh_write_all(1, b.s, b.len);
	free(b.s);
	return 0;
}

int sh_bi_times(struct sh *sh, int argc, char **argv)
{
	(void)sh, (void)argc, (void)argv;
	struct tms t;
	times(&t);
	double hz = (double)sysconf(_SC_CLK_TCK);
	char buf[128];
	double v[4] = {t.tms_utime / hz, t.tms_stime / hz, t.tms_cutime / hz, t.tms_cstime / hz};
	snprintf(buf, sizeof buf, "%dm%.3fs %dm%.3fs\n%dm%.3fs %dm%.3fs\n",
		 (int)(v[0] / 60), v[0] - 60 * (int)(v[0] / 60), (int)(v[1] / 60), v[1] - 60 * (int)(v[1] / 60),
		 (int)(v[2] / 60), v[2] - 60 * (int)(v[2] / 60), (int)(v[3] / 60), v[3] - 60 * (int)(v[3] / 60));
	sh_write_all(1, buf, strlen(buf));
	return 0;
}
