/* builtin2.c: options (set), trap, type, command, hash, and the job builtins: jobs, fg, bg,
 * wait, kill. */
#include "sh.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>

void sh_job_print(struct sh *sh, struct sh_job *j, int fd, int with_pid);

static const struct { const char *name; char letter; } sh_optnames[SH_O_COUNT] = {
	[SH_O_ERREXIT] = {"errexit", 'e'}, [SH_O_NOUNSET] = {"nounset", 'u'},
	[SH_O_XTRACE] = {"xtrace", 'x'}, [SH_O_NOGLOB] = {"noglob", 'f'},
	[SH_O_NOCLOBBER] = {"noclobber", 'C'}, [SH_O_PIPEFAIL] = {"pipefail", 0},
	[SH_O_MONITOR] = {"monitor", 'm'}, [SH_O_VERBOSE] = {"verbose", 'v'},
	[SH_O_NOEXEC] = {"noexec", 'n'}, [SH_O_ALLEXPORT] = {"allexport", 'a'},
	[SH_O_INTERACTIVE] = {"interactive", 'i'}, [SH_O_IGNOREEOF] = {"ignoreeof", 0},
	[SH_O_VI] = {"vi", 0}, [SH_O_EMACS] = {"emacs", 0}, [SH_O_NOTIFY] = {"notify", 'b'},
	[SH_O_HASHALL] = {"hashall", 'h'}, [SH_O_NOLOG] = {"nolog", 0}, [SH_O_STDIN] = {"stdin", 's'},
};

int sh_set_option_letter(struct sh *sh, int c, int on)
{
	for (int i = 0; i < SH_O_COUNT; i++)
		if (sh_optnames[i].letter == c && c != 'i' && c != 's') {
			sh->opts[i] = on;
			return 0;
		}
	return -1;
}

int sh_set_option_name(struct sh *sh, const char *name, int on)
{
	for (int i = 0; i < SH_O_COUNT; i++)
		if (!strcmp(sh_optnames[i].name, name) && i != SH_O_INTERACTIVE) {
			sh->opts[i] = on;
			if (i == SH_O_VI && on)
				sh->opts[SH_O_EMACS] = 0;
			if (i == SH_O_EMACS && on)
				sh->opts[SH_O_VI] = 0;
			return 0;
		}
	return -1;
}

char *sh_option_letters(struct sh *sh)
{
	struct sh_str b = {0};
	sh_str_puts(&b, "");
	for (int i = 0; i < SH_O_COUNT; i++)
		if (sh->opts[i] && sh_optnames[i].letter)
			sh_str_putc(&b, sh_optnames[i].letter);
	return sh_str_take(&b);
}

int sh_bi_set(struct sh *sh, int argc, char **argv)
{
	if (argc == 1) {
		sh_var_list(sh, 0, NULL);
		return 0;
	}
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if ((a[0] != '-' && a[0] != '+') || !a[1]) {
			if (!strcmp(a, "-"))
				i++;
			break;
		}
		if (!strcmp(a, "--")) {
			i++;
			goto params;
		}
		int on = a[0] == '-';
		for (const char *c = a + 1; *c; c++) {
			if (*c == 'o') {
				if (i + 1 >= argc) {
					struct sh_str b = {0};
					for (int k = 0; k < SH_O_COUNT; k++) {
						if (on)
							sh_str_printf(&b, "%-16s%s\n", sh_optnames[k].name, sh->opts[k] ? "on" : "off");
						else
							sh_str_printf(&b, "set %co %s\n", sh->opts[k] ? '-' : '+', sh_optnames[k].name);
					}
					sh_write_all(1, b.s, b.len);
					free(b.s);
					continue;
				}
				if (sh_set_option_name(sh, argv[++i], on) < 0)
					sh_error(sh, "set: Illegal option %co %s", a[0], argv[i]);
			} else if (sh_set_option_letter(sh, *c, on) < 0) {
				sh_error(sh, "set: Illegal option %c%c", a[0], *c);
			}
		}
	}
	if (i >= argc)
		return 0;
params:
	sh_set_params(sh, argv + i, argc - i);
	return 0;
}

/* ---- trap ---- */
int sh_bi_trap(struct sh *sh, int argc, char **argv)
{
	int i = 1;
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i >= argc || (i + 1 == argc && !strcmp(argv[i], "-p"))) {
		struct sh_str b = {0};
		char **t = sh->parent_traps ? sh->parent_traps : sh->traps;
		for (int s = 0; s < sh->ntraps; s++) {
			if (!t[s])
				continue;
			char *q = sh_quote(t[s]);
			sh_str_printf(&b, "trap -- %s %s\n", q, s ? sh_signal_name(s) : "EXIT");
			free(q);
		}
		sh_write_all(1, b.s, b.len);
		free(b.s);
		return 0;
	}
	const char *action = argv[i];
	long n;
	/* "trap N sig..." with a number first resets, as "trap - sig..." does. */
	if (sh_parse_int(action, &n) && n >= 0)
		action = "-";
	else
		i++;
	int st = 0;
	for (; i < argc; i++) {
		int sig = sh_signal_number(argv[i]);
		if (sig < 0 || sig == SIGKILL || sig == SIGSTOP) {
			char *msg = sh_strcat3("trap: ", argv[i], ": bad trap\n");
			sh_write_all(2, msg, strlen(msg));
			free(msg);
			st = 1;
			continue;
		}
		sh_trap_set(sh, sig, !strcmp(action, "-") ? NULL : action);
	}
	return st;
}

/* ---- type, command, hash ---- */
static int sh_is_keyword(const char *s)
{
	static const char *const kws[] = {"if", "then", "else", "elif", "fi", "do", "done", "case",
		"esac", "while", "until", "for", "{", "}", "!", "in", NULL};
	for (int i = 0; kws[i]; i++)
		if (!strcmp(kws[i], s))
			return 1;
	return 0;
}

/* How name would be run. verbose 0: command -v; 1: type / command -V. */
static int sh_describe(struct sh *sh, const char *name, int verbose)
{
	struct sh_str b = {0};
	const char *a = sh_alias_get(sh, name);
	const struct sh_builtin *bi = sh_builtin_find(name);
	char *path = NULL;
	int st = 0;
	if (sh_is_keyword(name)) {
		sh_str_printf(&b, verbose ? "%s is a shell keyword\n" : "%s\n", name);
	} else if (a) {
		char *q = sh_quote(a);
		sh_str_printf(&b, verbose ? "%s is an alias for %s\n" : "alias %s=%s\n", name, verbose ? a : q);
		free(q);
	} else if (bi && bi->special) {
		sh_str_printf(&b, verbose ? "%s is a special shell builtin\n" : "%s\n", name);
	} else if (sh_func_lookup(sh, name)) {
		sh_str_printf(&b, verbose ? "%s is a shell function\n" : "%s\n", name);
	} else if (bi) {
		sh_str_printf(&b, verbose ? "%s is a shell builtin\n" : "%s\n", name);
	} else if ((path = sh_find_command(sh, name)) && access(path, X_OK) == 0) {
		if (verbose)
			sh_str_printf(&b, "%s is %s\n", name, path);
		else
			sh_str_printf(&b, "%s\n", path); /* command -v: the path a search found */
	} else {
		if (verbose)
			sh_str_printf(&b, "%s: not found\n", name);
		st = 127;
	}
	free(path);
	if (b.len)
		sh_write_all(1, b.s, b.len);
	free(b.s);
	return st;
}

int sh_bi_type(struct sh *sh, int argc, char **argv)
{
	int st = 0;
	for (int i = 1; i < argc; i++)
		if (sh_describe(sh, argv[i], 1))
			st = 127;
	return st;
}

/* A special builtin run through command loses its power to end the shell on error. */
static int sh_command_run(struct sh *sh, char **argv, int argc)
{
	jmp_buf jb, *saved = sh->err_jmp;
	if (setjmp(jb)) {
		sh->err_jmp = saved;
		return sh->status;
	}
	sh->err_jmp = &jb;
	int st = sh_exec_argv(sh, argv, argc, 1);
	sh->err_jmp = saved;
	return st;
}

int sh_bi_command(struct sh *sh, int argc, char **argv)
{
	int i = 1, mode = 0, defpath = 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		for (const char *c = argv[i] + 1; *c; c++) {
			if (*c == 'v')
				mode = 1;
			else if (*c == 'V')
				mode = 2;
			else if (*c == 'p')
				defpath = 1;
			else
				return sh_builtin_usage(sh, "command", "Illegal option");
		}
	}
	if (i >= argc)
		return 0;
	/* -p: a PATH that finds the standard utilities, whatever the user's PATH says */
	struct sh_local *saved = NULL;
	if (defpath) {
		saved = sh_var_save(sh, "PATH", NULL);
		sh_var_set(sh, "PATH", "/usr/bin:/bin", 0);
	}
	int st = 0;
	if (mode) {
		for (; i < argc; i++)
			if (sh_describe(sh, argv[i], mode == 2))
				st = 127;
	} else {
		st = sh_command_run(sh, argv + i, argc - i);
	}
	sh_var_restore(sh, saved);
	return st;
}

int sh_bi_hash(struct sh *sh, int argc, char **argv)
{
	int st = 0;
	if (argc == 1) {
		struct sh_str b = {0};
		for (struct sh_hashed *h = sh->hashed; h; h = h->next)
			sh_str_printf(&b, "%s\n", h->path);
		if (b.len)
			sh_write_all(1, b.s, b.len);
		free(b.s);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-r")) {
			sh_hash_clear(sh);
			continue;
		}
		if (sh_builtin_find(argv[i]) || sh_func_lookup(sh, argv[i]))
			continue;
		char *p = sh_find_command(sh, argv[i]);
		if (!p) {
			sh_errmsg(sh, "hash: %s: not found", argv[i]);
			st = 1;
		}
		free(p);
	}
	return st;
}

/* ---- jobs ---- */
int sh_bi_jobs(struct sh *sh, int argc, char **argv)
{
	int pids = 0, longfmt = 0, i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strchr(argv[i], 'p'))
			pids = 1;
		if (strchr(argv[i], 'l'))
			longfmt = 1;
	}
	sh_jobs_reap(sh, 0);
	struct sh_job *j = sh->jobs, *next;
	for (; j; j = next) {
		next = j->next;
		if (i < argc && j != sh_job_find(sh, argv[i]))
			continue;
		if (pids) {
			char buf[32];
			snprintf(buf, sizeof buf, "%ld\n", (long)j->pgid);
			sh_write_all(1, buf, strlen(buf));
			continue;
		}
		sh_job_print(sh, j, 1, longfmt);
		int done = 1;
		for (int k = 0; k < j->nprocs; k++)
			done &= j->procs[k].done;
		if (done)
			sh_job_free(sh, j);
		else
			j->changed = 0;
	}
	return 0;
}

static struct sh_job *sh_job_arg(struct sh *sh, const char *name, const char *spec)
{
	struct sh_job *j = sh_job_find(sh, spec);
	if (!j) {
		if (spec)
			sh_errmsg(sh, "%s: %s: no such job", name, spec);
		else
			sh_errmsg(sh, "%s: No current job", name);
	}
	return j;
}

int sh_bi_fg(struct sh *sh, int argc, char **argv)
{
	struct sh_job *j = sh_job_arg(sh, "fg", argc > 1 ? argv[1] : NULL);
	if (!j)
		return 2;
	char *line = sh_strcat3(j->cmd, "\n", "");
	sh_write_all(1, line, strlen(line));
	free(line);
	j->bg = 0;
	if (sh->job_control)
		tcsetpgrp(sh->tty_fd, j->pgid);
	sh_job_foreground(sh, j, 1);
	return sh_job_wait(sh, j);
}

int sh_bi_bg(struct sh *sh, int argc, char **argv)
{
	int st = 0;
	for (int i = 1; i < argc || i == 1; i++) {
		struct sh_job *j = sh_job_arg(sh, "bg", i < argc ? argv[i] : NULL);
		if (!j) {
			st = 2;
			break;
		}
		j->bg = 1;
		char buf[32];
		snprintf(buf, sizeof buf, "[%d] ", j->id);
		char *line = sh_strcat3(buf, j->cmd, " &\n");
		sh_write_all(1, line, strlen(line));
		free(line);
		sh_job_foreground(sh, j, 1);
		if (i >= argc)
			break;
	}
	return st;
}

int sh_bi_wait(struct sh *sh, int argc, char **argv)
{
	int st = 0;
	if (argc == 1) {
		for (;;) {
			struct sh_job *j = sh->jobs;
			while (j) {
				int done = 1;
				for (int k = 0; k < j->nprocs; k++)
					done &= j->procs[k].done;
				if (!done)
					break;
				j = j->next;
			}
			if (!j)
				break;
			int s, intr = sh_trap_interrupt(sh);
			if (intr)
				return intr;
			pid_t pid = waitpid(-1, &s, 0);
			if (pid < 0 && errno == EINTR)
				continue;
			if (pid < 0)
				break;
			for (struct sh_job *x = sh->jobs; x; x = x->next)
				for (int k = 0; k < x->nprocs; k++)
					if (x->procs[k].pid == pid) {
						x->procs[k].done = 1;
						x->procs[k].status = s;
					}
			/* a trapped signal that came with the child's end still interrupts wait */
			if ((intr = sh_trap_interrupt(sh)))
				return intr;
		}
		while (sh->jobs)
			sh_job_free(sh, sh->jobs);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		struct sh_job *j = sh_job_find(sh, argv[i]);
		if (!j) {
			if (argv[i][0] == '%')
				sh_errmsg(sh, "wait: No such job: %s", argv[i]);
			st = 127;
			continue;
		}
		for (;;) {
			int done = 1;
			for (int k = 0; k < j->nprocs; k++)
				done &= j->procs[k].done;
			if (done)
				break;
			int s, intr = sh_trap_interrupt(sh);
			if (intr)
				return intr;
			pid_t pid = waitpid(-1, &s, 0);
			if (pid < 0 && errno == EINTR)
				continue;
			if (pid < 0)
				break;
			for (struct sh_job *x = sh->jobs; x; x = x->next)
				for (int k = 0; k < x->nprocs; k++)
					if (x->procs[k].pid == pid) {
						x->procs[k].done = 1;
						x->procs[k].status = s;
					}
			/* a trapped signal that came with the child's end still interrupts wait */
			if ((intr = sh_trap_interrupt(sh)))
				return intr;
		}
		st = sh_job_status(sh, j);
		sh_job_free(sh, j);
	}
	return st;
}

int sh_bi_kill(struct sh *sh, int argc, char **argv)
{
	int sig = SIGTERM, i = 1;
	/* collect finished children first: a dead job's pid must not look alive (kill -0) */
	sh_jobs_reap(sh, 0);
	if (argc < 2)
		return sh_builtin_usage(sh, "kill", "Usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or\nkill -l [exitstatus]");
	if (!strcmp(argv[1], "-l")) {
		struct sh_str b = {0};
		if (argc > 2) {
			long n;
			if (sh_parse_int(argv[2], &n)) {
				const char *nm = sh_signal_name((int)(n > 128 ? n - 128 : n));
				sh_str_printf(&b, "%s\n", nm ? nm : "?");
			}
		} else {
			for (int s = 1; s < 65; s++)
				if (sh_signal_name(s))
					sh_str_printf(&b, "%s\n", sh_signal_name(s));
		}
		sh_write_all(1, b.s, b.len);
		free(b.s);
		return 0;
	}
	if (!strcmp(argv[1], "-s") || !strcmp(argv[1], "-n")) {
		if (argc < 3)
			return sh_builtin_usage(sh, "kill", "option requires an argument");
		sig = sh_signal_number(argv[2]);
		i = 3;
	} else if (argv[1][0] == '-' && argv[1][1] && strcmp(argv[1], "--")) {
		sig = sh_signal_number(argv[1] + 1);
		i = 2;
	} else if (!strcmp(argv[1], "--")) {
		i = 2;
	}
	if (sig < 0) {
		sh_errmsg(sh, "kill: invalid signal number or name: %s", argv[i - 1] + (i == 2 ? 1 : 0));
		return 2;
	}
	int st = 0;
	for (; i < argc; i++) {
		pid_t pid;
		long n;
		if (argv[i][0] == '%') {
			struct sh_job *j = sh_job_find(sh, argv[i]);
			if (!j) {
				sh_errmsg(sh, "kill: %s: no such job", argv[i]);
				st = 1;
				continue;
			}
			pid = -j->pgid;
			if (!sh->job_control)
				pid = j->procs[0].pid;
		} else if (sh_parse_int(argv[i], &n)) {
			pid = (pid_t)n;
		} else {
			sh_errmsg(sh, "kill: Illegal number: %s", argv[i]);
			st = 1;
			continue;
		}
		if (kill(pid, sig) < 0) {
			sh_errmsg(sh, "kill: %s", strerror(errno));
			st = 1;
		}
	}
	return st;
}
