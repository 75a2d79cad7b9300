/* shell.c: starting the shell: options and operands (sh -c, a script, stdin), startup files
 * for login and interactive shells, the prompt, and the top-level loop. */
#include "sh.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <sys/resource.h>

void sh_init(struct sh *sh, int argc, char **argv, char **envp)
{
	(void)argc;
	memset(sh, 0, sizeof *sh);
	char base;
	struct rlimit rl;
	sh->stack_base = &base;
	/* keep 256 KiB in hand for the error path and for library calls */
	size_t stack = 8u << 20;
	if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur > (1u << 20))
		stack = (size_t)rl.rlim_cur;
	else if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur == RLIM_INFINITY)
		stack = 64u << 20;
	sh->stack_room = stack - (256u << 10);
	sh->progname = sh_strdup(argv[0] ? argv[0] : "sh");
	sh->arg0 = sh_strdup(sh->progname);
	sh->rootpid = getpid();
	sh->fork_pgid = -1;
	sh->params = sh_alloc(sizeof(char *));
	sh->opts[SH_O_HASHALL] = 0;
	sh_vars_init(sh, envp);
}

char *sh_prompt(struct sh *sh, int ps2)
{
	const char *p = sh_var_get(sh, ps2 ? "PS2" : "PS1");
	if (!p)
		return sh_strdup("");
	/* The prompt is expanded like a double-quoted word; an error must not end the shell. */
	jmp_buf jb, *saved = sh->err_jmp;
	if (setjmp(jb)) {
		sh->err_jmp = saved;
		return sh_strdup(p);
	}
	sh->err_jmp = &jb;
	char *dq = sh_strcat3("\"", p, "\"");
	int st = sh->status;
	char *r = sh_expand_str(sh, dq, SH_X_NOTILDE);
	sh->status = st;
	free(dq);
	sh->err_jmp = saved;
	return r;
}

/* Run a startup file if it exists; errors in it do not stop the shell. */
static void sh_source_file(struct sh *sh, const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return;
	int hfd = sh_dup_high(fd);
	close(fd);
	struct sh_input *in = sh_input_push_fd(sh, hfd, 0);
	jmp_buf jb, *saved = sh->err_jmp;
	if (!setjmp(jb)) {
		sh->err_jmp = &jb;
		sh_run_input(sh, in, 0);
	}
	sh->err_jmp = saved;
	while (sh->input && sh->input != in->prev)
		sh_input_pop(sh);
	sh->jump = SH_J_NONE;
}

static int sh_usage(struct sh *sh, const char *msg, const char *arg)
{
	char *m = sh_strcat3(sh->progname, ": ", msg);
	char *l = sh_strcat3(m, arg, "\n");
	sh_write_all(2, l, strlen(l));
	free(m);
	free(l);
	return 2;
}

int sh_main(struct sh *sh, int argc, char **argv)
{
	int i = 1, cmd_mode = 0, force_stdin = 0, force_i = 0, login = argv[0] && argv[0][0] == '-';
	const char *cmd = NULL;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if ((a[0] != '-' && a[0] != '+') || !a[1])
			break;
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		int on = a[0] == '-';
		for (const char *c = a + 1; *c; c++) {
			if (*c == 'c' && on)
				cmd_mode = 1;
			else if (*c == 's' && on)
				force_stdin = 1;
			else if (*c == 'i')
				force_i = on;
			else if (*c == 'l')
				login = 1;
			else if (*c == 'o') {
				if (i + 1 >= argc || sh_set_option_name(sh, argv[i + 1], on) < 0)
					return sh_usage(sh, "Illegal option -o ", i + 1 < argc ? argv[i + 1] : "");
				i++;
			} else if (sh_set_option_letter(sh, *c, on) < 0) {
				char opt[3] = {a[0], *c, 0};
				return sh_usage(sh, "Illegal option ", opt);
			}
		}
	}
	if (cmd_mode) {
		if (i >= argc)
			return sh_usage(sh, "-c requires an argument", "");
		cmd = argv[i++];
		if (i < argc) {
			free(sh->arg0);
			sh->arg0 = sh_strdup(argv[i++]);
		}
	}
	int script_fd = -1;
	if (!cmd_mode && !force_stdin && i < argc) {
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			/* the message names the shell: the script never became $0 */
			int e = errno;
			sh->lineno = 0;
			sh_errmsg(sh, "cannot open %s: %s", argv[i], e == ENOENT ? "No such file" : strerror(e));
			return e == ENOENT ? 127 : 126;
		}
		free(sh->arg0);
		sh->arg0 = sh_strdup(argv[i]);
		script_fd = sh_dup_high(fd);
		close(fd);
		i++;
	}
	sh_set_params(sh, argv + i, argc - i);
	int interactive = force_i || (!cmd_mode && script_fd < 0 && isatty(0) && isatty(2));
	sh->opts[SH_O_INTERACTIVE] = interactive;
	if (script_fd < 0 && !cmd_mode)
		sh->opts[SH_O_STDIN] = 1;
	if (interactive)
		sh->opts[SH_O_MONITOR] = 1;
	if (!sh_var_get(sh, "PS1")) {
		/* POSIX's "$ " for scripts; a person at a terminal sees where they are */
		const char *ps1 = geteuid() == 0 ? "# " : "$ ";
		if (interactive)
			ps1 = geteuid() == 0 ? "$PWD# " : "$PWD\\$ ";
		sh_var_set(sh, "PS1", ps1, 0);
	}
	sh_traps_init(sh);
	if (interactive && sh->opts[SH_O_MONITOR])
		sh_job_control_init(sh);
	if (login) {
		sh_source_file(sh, "/etc/profile");
		const char *home = sh_var_get(sh, "HOME");
		if (home) {
			char *p = sh_strcat3(home, "/", ".profile");
			sh_source_file(sh, p);
			free(p);
		}
	}
	if (interactive) {
		const char *env = sh_var_get(sh, "ENV");
		if (env) {
			char *p = sh_expand_str(sh, env, 0);
			sh_source_file(sh, p);
			free(p);
		}
	}
	struct sh_input *in;
	if (cmd)
		in = sh_input_push_string(sh, cmd, 1);
	else
		in = sh_input_push_fd(sh, script_fd >= 0 ? script_fd : 0, interactive);
	for (;;) {
		sh_run_input(sh, in, 1);
		if (!interactive || !in->eof)
			break;
		/* end of input (Ctrl-D) at the prompt */
		if (sh->opts[SH_O_IGNOREEOF]) {
			const char *m = "\nUse \"exit\" to leave the shell.\n";
			sh_write_all(2, m, strlen(m));
		} else if (!sh_jobs_may_exit(sh)) {
		} else {
			break;
		}
		in->eof = 0;
	}
	if (interactive)
		sh_write_all(2, "\n", 1);
	sh_exit(sh, sh->status);
	return sh->status;
}
