/* builtin.c: the builtin table and the builtins that change the shell itself: cd, pwd,
 * export, readonly, unset, shift, eval, exec, exit, return, break, continue, ., alias,
 * unalias, local, true, false, :. The table at the bottom says which are special (POSIX 2.14). */
#include "sh.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>

int sh_builtin_usage(struct sh *sh, const char *name, const char *msg)
{
	sh_errmsg(sh, "%s: %s", name, msg);
	return 2;
}

static int sh_bi_true(struct sh *sh, int argc, char **argv)
{
	(void)sh, (void)argc, (void)argv;
	return 0;
}

static int sh_bi_false(struct sh *sh, int argc, char **argv)
{
	(void)sh, (void)argc, (void)argv;
	return 1;
}

/* cd -L: the new logical directory, with . and .. resolved textually. */
static char *sh_cd_logical(const char *cwd, const char *dir)
{
	struct sh_str b = {0};
	const char *path = dir;
	char *joined = NULL;
	if (dir[0] != '/') {
		joined = sh_strcat3(cwd, "/", dir);
		path = joined;
	}
	sh_str_puts(&b, "");
	while (*path) {
		while (*path == '/')
			path++;
		const char *e = path;
		while (*e && *e != '/')
			e++;
		size_t n = (size_t)(e - path);
		if (n == 0 || (n == 1 && path[0] == '.')) {
		} else if (n == 2 && path[0] == '.' && path[1] == '.') {
			while (b.len > 0 && b.s[b.len - 1] != '/')
				b.len--;
			if (b.len > 0)
				b.len--;
			b.s[b.len] = 0;
		} else {
			sh_str_putc(&b, '/');
			sh_str_putn(&b, path, n);
		}
		path = e;
	}
	if (!b.len)
		sh_str_putc(&b, '/');
	free(joined);
	return sh_str_take(&b);
}

static int sh_bi_cd(struct sh *sh, int argc, char **argv)
{
	int physical = 0, i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "-P"))
			physical = 1;
		else if (!strcmp(argv[i], "-L"))
			physical = 0;
		else
			return sh_builtin_usage(sh, "cd", "Illegal option");
	}
	const char *dir = i < argc ? argv[i] : sh_var_get(sh, "HOME");
	int print = 0;
	if (!dir || !*dir)
		dir = dir ? dir : "";
	if (!strcmp(dir, "-")) {
		dir = sh_var_get(sh, "OLDPWD");
		if (!dir)
			dir = ".";
		print = 1;
	}
	const char *cwd = sh_var_get(sh, "PWD");
	char buf[PATH_MAX];
	if (!cwd || cwd[0] != '/')
		cwd = getcwd(buf, sizeof buf) ? buf : "/";
	char *target = NULL;
	/* CDPATH applies to relative names that do not start with . or .. */
	const char *cdpath = sh_var_get(sh, "CDPATH");
	if (cdpath && dir[0] != '/' && strncmp(dir, "./", 2) && strncmp(dir, "../", 3) && strcmp(dir, ".") && strcmp(dir, "..")) {
		const char *p = cdpath;
		for (;;) {
			const char *c = strchr(p, ':');
			size_t n = c ? (size_t)(c - p) : strlen(p);
			char *base = n ? sh_strndup(p, n) : sh_strdup(".");
			char *cand = sh_strcat3(base, "/", dir);
			free(base);
			char *full = physical ? sh_strdup(cand) : sh_cd_logical(cwd, cand);
			if (chdir(full) == 0) {
				target = full;
				if (n)
					print = 1;
				free(cand);
				break;
			}
			free(full);
			free(cand);
			if (!c)
				break;
			p = c + 1;
		}
	}
	if (!target) {
		char *full = physical ? sh_strdup(dir) : sh_cd_logical(cwd, dir);
		if (chdir(full) != 0) {
			free(full);
			sh_errmsg(sh, "cd: can't cd to %s", dir);
			return 2;
		}
		target = full;
	}
	if (physical || target[0] != '/') {
		free(target);
		target = getcwd(buf, sizeof buf) ? sh_strdup(buf) : sh_strdup(dir);
	}
	char *old = sh_strdup(cwd);
	sh_var_set(sh, "OLDPWD", old, 0);
	sh_var_set(sh, "PWD", target, 0);
	if (print) {
		sh_write_all(1, target, strlen(target));
		sh_write_all(1, "\n", 1);
	}
	free(old);
	free(target);
	return 0;
}

static int sh_bi_pwd(struct sh *sh, int argc, char **argv)
{
	int physical = argc > 1 && !strcmp(argv[1], "-P");
	const char *pwd = sh_var_get(sh, "PWD");
	char buf[PATH_MAX];
	if (physical || !pwd || pwd[0] != '/') {
		if (!getcwd(buf, sizeof buf)) {
			sh_errmsg(sh, "pwd: %s", strerror(errno));
			return 2;
		}
		pwd = buf;
	}
	sh_write_all(1, pwd, strlen(pwd));
	sh_write_all(1, "\n", 1);
	return 0;
}

static int sh_export_like(struct sh *sh, int argc, char **argv, int flag)
{
	int i = 1;
	if (i < argc && !strcmp(argv[i], "-p"))
		i++;
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i >= argc) {
		sh_var_list(sh, flag, argv[0]);
		return 0;
	}
	int st = 0;
	for (; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		char *name = eq ? sh_strndup(argv[i], (size_t)(eq - argv[i])) : sh_strdup(argv[i]);
		if (!sh_is_name(name)) {
			sh_errmsg(sh, "%s: %s: bad variable name", argv[0], name);
			free(name);
			sh_abort(sh, 2);
		}
		if (sh_var_set(sh, name, eq ? eq + 1 : NULL, flag) < 0)
			st = 1;
		free(name);
	}
	return st;
}

static int sh_bi_export(struct sh *sh, int argc, char **argv)
{
	return sh_export_like(sh, argc, argv, SH_V_EXPORT);
}

static int sh_bi_readonly(struct sh *sh, int argc, char **argv)
{
	return sh_export_like(sh, argc, argv, SH_V_READONLY);
}

static int sh_bi_unset(struct sh *sh, int argc, char **argv)
{
	int funcs = 0, i = 1, st = 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		for (const char *c = argv[i] + 1; *c; c++) {
			if (*c == 'f')
				funcs = 1;
			else if (*c == 'v')
				funcs = 0;
			else
				return sh_builtin_usage(sh, "unset", "Illegal option");
		}
	}
	for (; i < argc; i++) {
		if (funcs) {
			sh_func_unset(sh, argv[i]);
			continue;
		}
		if (!sh_is_name(argv[i])) {
			sh_errmsg(sh, "unset: %s: bad variable name", argv[i]);
			sh_abort(sh, 2);
		}
		if (sh_var_unset(sh, argv[i]) < 0)
			st = 1;
	}
	return st;
}

static int sh_bi_shift(struct sh *sh, int argc, char **argv)
{
	long n = 1;
	if (argc > 1 && (!sh_parse_int(argv[1], &n) || n < 0))
		sh_error(sh, "shift: Illegal number: %s", argv[1]);
	if (n > sh->nparams)
		sh_error(sh, "shift: can't shift that many");
	for (long i = 0; i < n; i++)
		free(sh->params[i]);
	memmove(sh->params, sh->params + n, sizeof(char *) * (size_t)(sh->nparams - n + 1));
	sh->nparams -= (int)n;
	return 0;
}

static int sh_bi_eval(struct sh *sh, int argc, char **argv)
{
	struct sh_str b = {0};
	sh_str_puts(&b, "");
	for (int i = 1; i < argc; i++) {
		if (i > 1)
			sh_str_putc(&b, ' ');
		sh_str_puts(&b, argv[i]);
	}
	/* messages from inside name "eval" and count lines from the string's start */
	int line = sh->lineno;
	struct sh_input *in = sh_input_push_string(sh, b.s, 1);
	in->name = sh_strdup("eval");
	int st = sh_run_input(sh, in, 0);
	if (sh->input == in)
		sh_input_pop(sh);
	sh->lineno = line;
	free(b.s);
	return st;
}

static int sh_bi_exec(struct sh *sh, int argc, char **argv)
{
	int i = 1;
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i >= argc)
		return 0;
	char *path = sh_find_command(sh, argv[i]);
	if (!path) {
		sh_errmsg(sh, "exec: %s: not found", argv[i]);
		sh_exit(sh, 127);
	}
	char **env = sh_var_environ(sh);
	execve(path, argv + i, env);
	int e = errno;
	sh_errmsg(sh, "exec: %s: %s", argv[i], e == ENOENT ? "not found" : e == EACCES ? "Permission denied" : strerror(e));
	sh_exit(sh, e == ENOENT ? 127 : 126);
	return 0;
}

static int sh_bi_exit(struct sh *sh, int argc, char **argv)
{
	long n = sh->in_trap ? sh->trap_status : sh->status;
	if (sh->opts[SH_O_INTERACTIVE] && !sh->subshell && !sh_jobs_may_exit(sh))
		return 1;
	if (argc > 1 && (!sh_parse_int(argv[1], &n) || n < 0))
		sh_error(sh, "exit: Illegal number: %s", argv[1]);
	sh_exit(sh, (int)n);
	return 0;
}

static int sh_bi_return(struct sh *sh, int argc, char **argv)
{
	long n = sh->in_trap ? sh->trap_status : sh->status;
	if (argc > 1 && !sh_parse_int(argv[1], &n))
		sh_error(sh, "return: Illegal number: %s", argv[1]);
	sh->jump = SH_J_RETURN;
	sh->status = (int)(n & 255);
	return (int)(n & 255);
}

static int sh_loop_jump(struct sh *sh, int argc, char **argv, int kind)
{
	long n = 1;
	if (argc > 1 && (!sh_parse_int(argv[1], &n) || n < 1))
		sh_error(sh, "%s: Illegal number: %s", argv[0], argv[1]);
	if (sh->loop_depth == 0)
		return 0;
	if (n > sh->loop_depth)
		n = sh->loop_depth;
	sh->jump = kind;
	sh->jump_count = (int)n;
	return 0;
}

static int sh_bi_break(struct sh *sh, int argc, char **argv)
{
	return sh_loop_jump(sh, argc, argv, SH_J_BREAK);
}

static int sh_bi_continue(struct sh *sh, int argc, char **argv)
{
	return sh_loop_jump(sh, argc, argv, SH_J_CONTINUE);
}

/* . file: read and run a file in this shell; names without a slash are searched in PATH. */
static int sh_bi_dot(struct sh *sh, int argc, char **argv)
{
	if (argc < 2)
		return sh_builtin_usage(sh, ".", "filename argument required");
	char *path = NULL;
	if (strchr(argv[1], '/')) {
		path = sh_strdup(argv[1]);
	} else {
		const char *p = sh_var_get(sh, "PATH");
		for (; p;) {
			const char *c = strchr(p, ':');
			size_t n = c ? (size_t)(c - p) : strlen(p);
			char *dir = n ? sh_strndup(p, n) : sh_strdup(".");
			char *full = sh_strcat3(dir, "/", argv[1]);
			free(dir);
			if (access(full, R_OK) == 0) {
				path = full;
				break;
			}
			free(full);
			p = c ? c + 1 : NULL;
		}
	}
	int fd = path ? open(path, O_RDONLY) : -1;
	free(path);
	if (fd < 0)
		sh_error(sh, ".: cannot open %s: No such file", argv[1]);
	int hfd = sh_dup_high(fd);
	close(fd);
	int saved_line = sh->lineno;
	/* Arguments after the file name become its positional parameters while it runs. */
	char **saved_params = sh->params;
	int saved_n = sh->nparams;
	if (argc > 2) {
		sh->params = sh_argv_dup(argv + 2, argc - 2);
		sh->nparams = argc - 2;
	}
	struct sh_input *in = sh_input_push_fd(sh, hfd, 0);
	in->name = sh_strdup(argv[1]);
	int st = sh_run_input(sh, in, 0);
	if (sh->input == in)
		sh_input_pop(sh);
	if (argc > 2) {
		sh_set_params(sh, NULL, 0);
		free(sh->params);
		sh->params = saved_params;
		sh->nparams = saved_n;
	}
	if (sh->jump == SH_J_RETURN && sh->func_depth == 0)
		sh->jump = SH_J_NONE;
	sh->lineno = saved_line;
	return st;
}

static void sh_alias_print(struct sh_alias *a)
{
	char *q = sh_quote(a->value);
	char *line = sh_strcat3(a->name, "=", q);
	sh_write_all(1, line, strlen(line));
	sh_write_all(1, "\n", 1);
	free(line);
	free(q);
}

static int sh_bi_alias(struct sh *sh, int argc, char **argv)
{
	int st = 0;
	if (argc == 1)
		for (struct sh_alias *a = sh->aliases; a; a = a->next)
			sh_alias_print(a);
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (!eq) {
			struct sh_alias *a = sh->aliases;
			while (a && strcmp(a->name, argv[i]))
				a = a->next;
			if (a) {
				sh_alias_print(a);
			} else {
				sh_errmsg(sh, "alias: %s not found", argv[i]);
				st = 1;
			}
			continue;
		}
		char *name = sh_strndup(argv[i], (size_t)(eq - argv[i]));
		struct sh_alias *a = sh->aliases, **tail = &sh->aliases;
		for (; a && strcmp(a->name, name); a = a->next)
			tail = &a->next;
		if (!a) {
			a = sh_alloc(sizeof *a);
			a->name = name;
			*tail = a;
		} else {
			free(name);
			free(a->value);
		}
		a->value = sh_strdup(eq + 1);
	}
	return st;
}

static int sh_bi_unalias(struct sh *sh, int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "-a")) {
		sh->aliases = NULL;
		return 0;
	}
	int st = 0;
	for (int i = 1; i < argc; i++) {
		struct sh_alias **pa = &sh->aliases;
		while (*pa && strcmp((*pa)->name, argv[i]))
			pa = &(*pa)->next;
		if (*pa) {
			*pa = (*pa)->next;
		} else {
			sh_errmsg(sh, "unalias: %s not found", argv[i]);
			st = 1;
		}
	}
	return st;
}

static int sh_bi_local(struct sh *sh, int argc, char **argv)
{
	if (sh->func_depth == 0)
		sh_error(sh, "local: not in a function");
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		char *name = eq ? sh_strndup(argv[i], (size_t)(eq - argv[i])) : sh_strdup(argv[i]);
		if (!strcmp(name, "-")) {
			free(name);
			continue;
		}
		if (!sh_is_name(name)) {
			sh_errmsg(sh, "local: %s: bad variable name", name);
			free(name);
			sh_abort(sh, 2);
		}
		sh_var_local(sh, name);
		if (eq)
			sh_var_set(sh, name, eq + 1, 0);
		free(name);
	}
	return 0;
}

static const struct sh_builtin sh_builtins[] = {
	{".", sh_bi_dot, 1}, {":", sh_bi_true, 1}, {"break", sh_bi_break, 1},
	{"continue", sh_bi_continue, 1}, {"eval", sh_bi_eval, 1}, {"exec", sh_bi_exec, 1},
	{"exit", sh_bi_exit, 1}, {"export", sh_bi_export, 1}, {"readonly", sh_bi_readonly, 1},
	{"return", sh_bi_return, 1}, {"set", sh_bi_set, 1}, {"shift", sh_bi_shift, 1},
	{"times", sh_bi_times, 1}, {"trap", sh_bi_trap, 1}, {"unset", sh_bi_unset, 1},
	{"[", sh_bi_bracket, 0}, {"alias", sh_bi_alias, 0}, {"bg", sh_bi_bg, 0},
	{"cd", sh_bi_cd, 0}, {"command", sh_bi_command, 0}, {"echo", sh_bi_echo, 0},
	{"false", sh_bi_false, 0}, {"fg", sh_bi_fg, 0}, {"getopts", sh_bi_getopts, 0},
	{"hash", sh_bi_hash, 0}, {"jobs", sh_bi_jobs, 0}, {"kill", sh_bi_kill, 0},
	{"local", sh_bi_local, 0}, {"printf", sh_bi_printf, 0}, {"pwd", sh_bi_pwd, 0},
	{"read", sh_bi_read, 0}, {"test", sh_bi_test, 0}, {"true", sh_bi_true, 0},
	{"type", sh_bi_type, 0}, {"ulimit", sh_bi_ulimit, 0}, {"umask", sh_bi_umask, 0},
	{"unalias", sh_bi_unalias, 0}, {"wait", sh_bi_wait, 0},
};

/* Any builtin by name (special or regular). */
const struct sh_builtin *sh_builtin_find(const char *name)
{
	for (size_t i = 0; i < sizeof sh_builtins / sizeof sh_builtins[0]; i++)
		if (!strcmp(sh_builtins[i].name, name))
			return &sh_builtins[i];
	return NULL;
}

/* Regular builtins only, looked up after functions. */
const struct sh_builtin *sh_builtin_find2(const char *name)
{
	const struct sh_builtin *b = sh_builtin_find(name);
	return b && !b->special ? b : NULL;
}
