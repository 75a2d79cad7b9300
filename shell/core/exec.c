/* exec.c: the executor: walks the syntax tree, runs builtins and functions in the shell
 * process, forks for external commands, pipelines, subshells and background jobs.
 *
 * Start at sh_exec. Flag SH_E_EXIT means "the process ends after this node" (a forked child),
 * so the last external command can replace it with execve instead of forking again.
 * break/continue/return travel upward in sh->jump until a loop or function takes them.
 */
#include "sh.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <sys/stat.h>

static int sh_exec_simple(struct sh *sh, struct sh_node *n, int flags);

void sh_exit(struct sh *sh, int status)
{
	sh->status = status;
	sh_trap_exit(sh);
	_exit(sh->status & 255);
}

void sh_errexit_check(struct sh *sh, int status)
{
	if (status && sh->opts[SH_O_ERREXIT] && !sh->errexit_off)
		sh_exit(sh, status);
}

/* Fork a process of a job: under job control it goes into the job's process group (a new
 * one when pgid is 0), and a foreground job's group gets the terminal. Both parent and child
 * set the group, so neither has to wait for the other. */
pid_t sh_fork_job(struct sh *sh, pid_t pgid, int fg)
{
	sh->fork_pgid = pgid;
	sh->fork_fg = fg;
	pid_t pid = sh_fork(sh, !fg);
	sh->fork_pgid = -1;
	return pid;
}

pid_t sh_fork(struct sh *sh, int bg)
{
	int jc = sh->job_control && sh->fork_pgid >= 0;
	pid_t pgid = sh->fork_pgid;
	sh->fork_pgid = -1;
	/* Signals wait until the child has set its own dispositions: a SIGTERM sent to a job
	 * the moment it starts must not meet the interactive shell's SIG_IGN. */
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	pid_t pid = fork();
	if (pid < 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		sh_error(sh, "Cannot fork");
		return -1;
	}
	if (jc)
		setpgid(pid ? pid : 0, pgid ? pgid : (pid ? pid : getpid()));
	if (pid == 0) {
		if (jc && sh->fork_fg)
			tcsetpgrp(sh->tty_fd, getpgrp());
		sh->subshell++;
		sh->err_jmp = NULL;
		sh_traps_reset_for_subshell(sh);
		sh_signals_for_child(sh, bg);
		/* The child has no jobs of its own; its parent's are not its to wait for. */
		while (sh->jobs)
			sh_job_free(sh, sh->jobs);
		sh->job_control = 0;
		if (sh->input)
			sh->input->interactive = 0;
		sh->opts[SH_O_INTERACTIVE] = 0;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return pid;
}

void sh_hash_clear(struct sh *sh)
{
	while (sh->hashed) {
		struct sh_hashed *h = sh->hashed;
		sh->hashed = h->next;
		free(h->name);
		free(h->path);
		free(h);
	}
}

/* Search PATH for name. Returns a malloc'd path, or NULL. Found commands are remembered (the
 * `hash` table, forgotten when PATH changes): in Ferrite every stat is a round trip to the
 * filesystem server, and a configure script runs the same few commands thousands of times. */
char *sh_find_command(struct sh *sh, const char *name)
{
	if (strchr(name, '/'))
		return sh_strdup(name);
	for (struct sh_hashed *h = sh->hashed; h; h = h->next)
		if (!strcmp(h->name, name) && access(h->path, X_OK) == 0)
			return sh_strdup(h->path);
	const char *path = sh_var_get(sh, "PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (;;) {
		const char *colon = strchr(path, ':');
		size_t n = colon ? (size_t)(colon - path) : strlen(path);
		char *dir = n ? sh_strndup(path, n) : sh_strdup(".");
		char *full = sh_strcat3(dir, "/", name);
		free(dir);
		struct stat st;
		if (stat(full, &st) == 0 && S_ISREG(st.st_mode) && access(full, X_OK) == 0) {
			struct sh_hashed *h = sh_alloc(sizeof *h), **tail = &sh->hashed;
			while (*tail)
				tail = &(*tail)->next;
			h->name = sh_strdup(name);
			h->path = sh_strdup(full);
			*tail = h;
			return full;
		}
		free(full);
		if (!colon)
			return NULL;
		path = colon + 1;
	}
}

/* A file the kernel would not execute (no #! line) is a script for this shell. */
static void sh_exec_script(struct sh *sh, const char *path, char **argv, int argc)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		_exit(126);
	while (sh->funcs)
		sh_func_unset(sh, sh->funcs->name);
	sh->aliases = NULL;
	free(sh->arg0);
	sh->arg0 = sh_strdup(path);
	sh_set_params(sh, argv + 1, argc - 1);
	int hfd = sh_dup_high(fd);
	close(fd);
	while (sh->input)
		sh_input_pop(sh);
	struct sh_input *in = sh_input_push_fd(sh, hfd, 0);
	sh_run_input(sh, in, 1);
	sh_exit(sh, sh->status);
}

/* In a child: replace the process with the command, or report why not and exit. */
static void sh_exec_external(struct sh *sh, char **argv, int argc, char *path)
{
	/* path: found by the parent, so that its hash table learns it; else look now */
	if (!path)
		path = sh_find_command(sh, argv[0]);
	if (!path) {
		sh_errmsg(sh, "%s: not found", argv[0]);
		_exit(127);
	}
	char **env = sh_var_environ(sh);
	execve(path, argv, env);
	int e = errno;
	if (e == ENOEXEC)
		sh_exec_script(sh, path, argv, argc);
	if (e == ENOENT || e == ENOTDIR)
		sh_errmsg(sh, "%s: not found", argv[0]);
	else
		sh_errmsg(sh, "%s: %s", argv[0], e == EACCES ? "Permission denied" : strerror(e));
	_exit(e == ENOENT || e == ENOTDIR ? 127 : 126);
}

static void sh_xtrace(struct sh *sh, char **assigns, int nassigns, char **argv, int argc)
{
	if (!sh->opts[SH_O_XTRACE] || nassigns + argc == 0)
		return;
	const char *ps4 = sh_var_get(sh, "PS4");
	char *p = sh_expand_str(sh, ps4 ? ps4 : "", SH_X_NOTILDE);
	struct sh_str b = {0};
	sh_str_puts(&b, p);
	free(p);
	for (int i = 0; i < nassigns; i++)
		sh_str_printf(&b, "%s%s", i ? " " : "", assigns[i]);
	for (int i = 0; i < argc; i++)
		sh_str_printf(&b, "%s%s", i || nassigns ? " " : "", argv[i]);
	sh_str_putc(&b, '\n');
	sh_write_all(2, b.s, b.len);
	free(b.s);
}

static void sh_free_argv(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int sh_call_function(struct sh *sh, struct sh_func *f, char **argv, int argc)
{
	if (sh_stack_low(sh))
		sh_error(sh, "%s: function nesting too deep (the stack is used up)", argv[0]);
	struct sh_node *body = f->body;
	struct sh_arena *arena = body->arena;
	sh_arena_ref(arena);
	char **saved_params = sh->params;
	int saved_n = sh->nparams;
	sh->params = sh_argv_dup(argv + 1, argc - 1);
	sh->nparams = argc - 1;
	struct sh_local *saved_locals = sh->locals;
	sh->locals = NULL;
	int saved_loops = sh->loop_depth;
	sh->loop_depth = 0;
	sh->func_depth++;
	int st = sh_exec(sh, body->a, 0);
	if (sh->jump == SH_J_RETURN) {
		sh->jump = SH_J_NONE;
		st = sh->status;
	}
	sh->func_depth--;
	sh->loop_depth = saved_loops;
	sh_var_restore(sh, sh->locals);
	sh->locals = saved_locals;
	sh_set_params(sh, NULL, 0);
	free(sh->params);
	sh->params = saved_params;
	sh->nparams = saved_n;
	sh_arena_unref(arena);
	return st;
}

/* Expand one assignment: name=value, tildes after colons, no splitting. */
static char *sh_expand_assign(struct sh *sh, const char *a)
{
	const char *eq = strchr(a, '=');
	char *val = sh_expand_str(sh, eq + 1, SH_X_ASSIGN);
	char *name = sh_strndup(a, (size_t)(eq - a));
	char *r = sh_strcat3(name, "=", val);
	free(name);
	free(val);
	return r;
}

/* Expand and assign left to right, so each value sees the ones before it (X=1 Y=$X).
 * saved, when given, first records each variable for restoring afterwards. */
static int sh_assign_all(struct sh *sh, struct sh_node *n, int flags, struct sh_local **saved, char ***expanded)
{
	char **v = sh_alloc(sizeof(char *) * (size_t)(n->nassigns + 1));
	int r = 0;
	*expanded = v;
	for (int i = 0; i < n->nassigns; i++) {
		v[i] = sh_expand_assign(sh, n->assigns[i]);
		if (saved) {
			char *name = sh_strndup(v[i], (size_t)(strchr(v[i], '=') - v[i]));
			*saved = sh_var_save(sh, name, *saved);
			free(name);
		}
		if (r == 0 && sh_var_assign(sh, v[i], flags) < 0)
			r = -1;
	}
	return r;
}

/* The command's assignments (expanded by the parent) and redirections in a child about to exec. */
static void sh_child_setup(struct sh *sh, struct sh_node *n, char **assigns)
{
	if (sh_redirect(sh, n->redirs, NULL) < 0)
		_exit(2);
	for (int i = 0; i < n->nassigns; i++)
		if (sh_var_assign(sh, assigns[i], SH_V_EXPORT) < 0)
			_exit(2);
}

static int sh_run_builtin(struct sh *sh, const struct sh_builtin *b, char **argv, int argc)
{
	int st = b->fn(sh, argc, argv);
	return st;
}

static int sh_exec_simple(struct sh *sh, struct sh_node *n, int flags)
{
	sh->lineno = n->lineno;
	sh->cmdsubst_status = 0;
	int argc;
	char **argv = sh_expand_words(sh, n->words, n->nwords, &argc);
	char **assigns = NULL;
	struct sh_redir_undo undo = {0};
	struct sh_local *saved = NULL;
	int st;
	if (argc == 0) {
		/* Only assignments and redirections. */
		int r = sh_assign_all(sh, n, 0, NULL, &assigns);
		sh_xtrace(sh, assigns, n->nassigns, NULL, 0);
		st = sh->cmdsubst_status;
		if (r < 0) {
			st = 1;
			if (!sh->opts[SH_O_INTERACTIVE])
				sh_exit(sh, 2);
		}
		if (n->redirs) {
			if (sh_redirect(sh, n->redirs, &undo) < 0)
				st = 2;
			sh_redirect_undo(sh, &undo);
		}
		goto out;
	}
	const struct sh_builtin *b = sh_builtin_find(argv[0]);
	struct sh_func *f = NULL;
	if (!b || !b->special) {
		f = sh_func_lookup(sh, argv[0]);
		if (f)
			b = NULL;
	}
	if (!f && !b)
		b = sh_builtin_find2(argv[0]);
	if (!f && !b) {
		/* Assignments are expanded and made here, in order (b=$a c=$b), then undone after
		 * the fork; ${x:=y} in them, and in here-documents, still changes this shell. */
		int r = sh_assign_all(sh, n, 0, &saved, &assigns);
		sh_xtrace(sh, assigns, n->nassigns, argv, argc);
		if (r < 0) {
			sh_var_restore(sh, saved);
			st = 1;
			goto out;
		}
		if ((flags & SH_E_EXIT) && !sh_traps_set(sh)) {
			sh_child_setup(sh, n, assigns);
			sh_exec_external(sh, argv, argc, NULL);
		}
		char *path = sh_find_command(sh, argv[0]);
		sh_redirect_prepare(sh, n->redirs);
		pid_t pid = sh_fork_job(sh, 0, 1);
		if (pid == 0) {
			sh_child_setup(sh, n, assigns);
			sh_exec_external(sh, argv, argc, path);
		}
		free(path);
		sh_redirect_release(n->redirs);
		sh_var_restore(sh, saved);
		struct sh_job *j = sh_job_new(sh, pid, n->name ? n->name : argv[0], 0);
		sh_job_add_proc(j, pid);
		st = sh_job_wait(sh, j);
		goto out;
	}
	if (b && b->special) {
		int r = sh_assign_all(sh, n, 0, NULL, &assigns);
		sh_xtrace(sh, assigns, n->nassigns, argv, argc);
		if (r < 0) {
			st = 1;
			if (!sh->opts[SH_O_INTERACTIVE])
				sh_exit(sh, 2);
			goto out;
		}
		/* exec without a command makes its redirections permanent: nothing to undo */
		int permanent = !strcmp(argv[0], "exec") && argc == 1;
		if (sh_redirect(sh, n->redirs, permanent ? NULL : &undo) < 0) {
			sh_redirect_undo(sh, &undo);
			st = 2;
			if (!sh->opts[SH_O_INTERACTIVE])
				sh_exit(sh, 2);
			goto out;
		}
		st = sh_run_builtin(sh, b, argv, argc);
		sh_redirect_undo(sh, &undo);
		goto out;
	}
	/* Function or regular builtin: assignments last only as long as the command. */
	int r = sh_assign_all(sh, n, f ? 0 : SH_V_EXPORT, &saved, &assigns);
	sh_xtrace(sh, assigns, n->nassigns, argv, argc);
	if (r < 0) {
		st = 1;
	} else if (sh_redirect(sh, n->redirs, &undo) < 0) {
		st = 2;
	} else if (f) {
		st = sh_call_function(sh, f, argv, argc);
	} else {
		st = sh_run_builtin(sh, b, argv, argc);
	}
	sh_redirect_undo(sh, &undo);
	sh_var_restore(sh, saved);
out:
	sh_free_argv(argv, argc);
	if (assigns)
		sh_free_argv(assigns, n->nassigns);
	return st;
}

static int sh_exec_pipeline(struct sh *sh, struct sh_node *n, int flags)
{
	sh->job_text = n->name;
	if (n->nkids == 1) {
		if (n->bang)
			sh->errexit_off++;
		int st = sh_exec(sh, n->kids[0], n->bang ? 0 : flags);
		sh->job_text = NULL;
		if (n->bang) {
			sh->errexit_off--;
			st = !st;
		}
		return st;
	}
	struct sh_job *j = NULL;
	int in = -1;
	for (int i = 0; i < n->nkids; i++) {
		int fds[2] = {-1, -1};
		if (i + 1 < n->nkids && pipe(fds) < 0)
			sh_error(sh, "Pipe call failed");
		pid_t pid = sh_fork_job(sh, j ? j->pgid : 0, 1);
		if (pid == 0) {
			if (in >= 0) {
				dup2(in, 0);
				close(in);
			}
			if (fds[1] >= 0) {
				close(fds[0]);
				dup2(fds[1], 1);
				close(fds[1]);
			}
			sh_exit(sh, sh_exec(sh, n->kids[i], SH_E_EXIT));
		}
		if (!j)
			j = sh_job_new(sh, pid, n->name, 0);
		sh_job_add_proc(j, pid);
		if (in >= 0)
			close(in);
		if (fds[1] >= 0)
			close(fds[1]);
		in = fds[0];
	}
	int st = sh_job_wait(sh, j);
	sh->job_text = NULL;
	if (n->bang)
		st = !st;
	return st;
}

static int sh_exec_for(struct sh *sh, struct sh_node *n)
{
	int count;
	char **items;
	if (n->has_in) {
		items = sh_expand_words(sh, n->words, n->nwords, &count);
	} else {
		count = sh->nparams;
		items = sh_argv_dup(sh->params, count);
	}
	int st = 0;
	sh->loop_depth++;
	for (int i = 0; i < count; i++) {
		if (sh_var_set(sh, n->name, items[i], 0) < 0) {
			st = 1;
			break;
		}
		st = sh_exec(sh, n->b, 0);
		if (sh->jump == SH_J_BREAK || sh->jump == SH_J_CONTINUE) {
			int brk = sh->jump == SH_J_BREAK;
			if (--sh->jump_count > 0)
				break;
			sh->jump = SH_J_NONE;
			if (brk)
				break;
		} else if (sh->jump) {
			break;
		}
	}
	sh->loop_depth--;
	sh_free_argv(items, count);
	return st;
}

static int sh_exec_while(struct sh *sh, struct sh_node *n)
{
	int st = 0;
	sh->loop_depth++;
	for (;;) {
		sh->errexit_off++;
		int c = sh_exec(sh, n->a, 0);
		sh->errexit_off--;
		if (sh->jump == SH_J_NONE && (n->type == SH_N_WHILE ? c != 0 : c == 0))
			break;
		if (sh->jump == SH_J_NONE)
			st = sh_exec(sh, n->b, 0);
		if (sh->jump == SH_J_BREAK || sh->jump == SH_J_CONTINUE) {
			int brk = sh->jump == SH_J_BREAK;
			if (--sh->jump_count > 0)
				break;
			sh->jump = SH_J_NONE;
			if (brk)
				break;
		} else if (sh->jump) {
			break;
		}
	}
	sh->loop_depth--;
	return st;
}

static int sh_exec_case(struct sh *sh, struct sh_node *n)
{
	char *word = sh_expand_str(sh, n->name, 0);
	int st = 0;
	struct sh_case_item *it = n->items;
	for (; it; it = it->next) {
		int m = 0;
		for (int i = 0; i < it->npats && !m; i++) {
			char *pat = sh_expand_str(sh, it->pats[i], SH_X_PATTERN);
			m = sh_pattern_match(pat, word);
			free(pat);
		}
		if (m)
			break;
	}
	for (; it; it = it->next) {
		if (it->body)
			st = sh_exec(sh, it->body, 0);
		if (!it->fallthrough || sh->jump)
			break;
	}
	free(word);
	return st;
}

static int sh_exec_bg(struct sh *sh, struct sh_node *n)
{
	pid_t pid = sh_fork_job(sh, 0, 0);
	if (pid == 0) {
		/* Without job control, an asynchronous list reads /dev/null, not the terminal. */
		if (!sh->shell_pgid) {
			int fd = open("/dev/null", O_RDONLY);
			if (fd > 0) {
				dup2(fd, 0);
				close(fd);
			}
		}
		sh_exit(sh, sh_exec(sh, n->a, SH_E_EXIT));
	}
	struct sh_job *j = sh_job_new(sh, pid, n->a->name ? n->a->name : "", 1);
	sh_job_add_proc(j, pid);
	sh->last_bg = pid;
	if (sh->opts[SH_O_INTERACTIVE] && sh->job_control) {
		char msg[64];
		snprintf(msg, sizeof msg, "[%d] %ld\n", j->id, (long)pid);
		sh_write_all(2, msg, strlen(msg));
	}
	return 0;
}

/* The body of a compound command, with its redirections around it. */
static int sh_exec_compound(struct sh *sh, struct sh_node *n, int flags)
{
	struct sh_redir_undo undo = {0};
	int st;
	sh->lineno = n->lineno;
	if (n->redirs && sh_redirect(sh, n->redirs, &undo) < 0) {
		sh_redirect_undo(sh, &undo);
		return 2;
	}
	switch (n->type) {
	case SH_N_GROUP:
		st = sh_exec(sh, n->a, flags);
		break;
	case SH_N_IF:
		sh->errexit_off++;
		st = sh_exec(sh, n->a, 0);
		sh->errexit_off--;
		if (sh->jump)
			break;
		if (st == 0)
			st = sh_exec(sh, n->b, flags);
		else
			st = n->c ? sh_exec(sh, n->c, flags) : 0;
		break;
	case SH_N_WHILE:
	case SH_N_UNTIL:
		st = sh_exec_while(sh, n);
		break;
	case SH_N_FOR:
		st = sh_exec_for(sh, n);
		break;
	default:
		st = sh_exec_case(sh, n);
		break;
	}
	sh_redirect_undo(sh, &undo);
	return st;
}

int sh_exec(struct sh *sh, struct sh_node *n, int flags)
{
	int st = 0;
	if (!n)
		return sh->status = 0;
	if (sh->opts[SH_O_NOEXEC] && !sh->opts[SH_O_INTERACTIVE])
		return 0;
	switch (n->type) {
	case SH_N_SEQ: {
		/* a list is nested to the left (((a; b); c); d): walk it with an explicit stack, so
		 * that a long one-line list does not cost C stack per command */
		struct sh_node **later = NULL;
		size_t nlater = 0, cap = 0;
		struct sh_node *m = n;
		for (; m->type == SH_N_SEQ; m = m->a) {
			if (nlater == cap) {
				cap = cap ? cap * 2 : 16;
				later = sh_realloc(later, sizeof *later * cap);
			}
			later[nlater++] = m->b;
		}
		sh_exec(sh, m, 0);
		while (nlater > 0 && !sh->jump) {
			if (sh_traps_pending())
				sh_traps_run(sh);
			if (sh->jump)
				break;
			struct sh_node *next = later[--nlater];
			sh_exec(sh, next, nlater == 0 ? flags : 0);
		}
		free(later);
		return sh->status;
	}
	case SH_N_AND:
	case SH_N_OR:
		sh->errexit_off++;
		st = sh_exec(sh, n->a, 0);
		sh->errexit_off--;
		if (sh->jump)
			return st;
		if ((st == 0) == (n->type == SH_N_AND))
			st = sh_exec(sh, n->b, flags);
		break;
	case SH_N_BG:
		st = sh_exec_bg(sh, n);
		break;
	case SH_N_PIPE:
		st = sh_exec_pipeline(sh, n, flags);
		/* set -e: a compound command's status came from commands already checked (or
		 * deliberately unchecked, like the left of &&), so only simple commands, subshells
		 * and real pipelines are checked here. */
		if (!n->bang && (n->nkids > 1 || n->kids[0]->type == SH_N_CMD || n->kids[0]->type == SH_N_SUBSHELL)) {
			sh->status = st;
			sh_errexit_check(sh, st);
		}
		/* Traps run between commands, also inside loops that never reach a list's end. */
		if (sh_traps_pending()) {
			sh->status = st;
			sh_traps_run(sh);
		}
		break;
	case SH_N_CMD:
		st = sh_exec_simple(sh, n, flags);
		break;
	case SH_N_SUBSHELL:
		/* In a child that ends after this, no second fork is needed, unless traps set
		 * here must not see the subshell's own exit. */
		if ((flags & SH_E_EXIT) && !sh_traps_set(sh)) {
			struct sh_redir_undo undo = {0};
			if (sh_redirect(sh, n->redirs, &undo) < 0)
				sh_exit(sh, 1);
			sh_exit(sh, sh_exec(sh, n->a, SH_E_EXIT));
		} else {
			pid_t pid = sh_fork_job(sh, 0, 1);
			if (pid == 0) {
				if (sh_redirect(sh, n->redirs, NULL) < 0)
					sh_exit(sh, 1);
				sh_exit(sh, sh_exec(sh, n->a, SH_E_EXIT));
			}
			struct sh_job *j = sh_job_new(sh, pid, n->name ? n->name : "( )", 0);
			sh_job_add_proc(j, pid);
			st = sh_job_wait(sh, j);
		}
		break;
	case SH_N_FUNC:
		sh_func_define(sh, n->name, n);
		st = 0;
		break;
	default:
		st = sh_exec_compound(sh, n, flags);
		break;
	}
	/* return's status travels with it through the loops and lists it leaves */
	if (sh->jump != SH_J_RETURN)
		sh->status = st;
	return sh->status;
}

/* Parse and run everything an input holds; the result is the last command's status. */
int sh_run_input(struct sh *sh, struct sh_input *in, int toplevel)
{
	volatile int ran = 0;
	for (;;) {
		struct sh_node *n;
		struct sh_arena *arena;
		jmp_buf jb;
		jmp_buf *volatile saved_jmp = sh->err_jmp;
		if (toplevel && in->interactive) {
			if (setjmp(jb)) {
				/* An error abandoned the command: back to the prompt. */
				sh->err_jmp = &jb;
				sh->jump = SH_J_NONE;
				sh->errexit_off = 0;
				sh->loop_depth = sh->func_depth = 0;
				in->pos = in->buf.len;
				sh_input_discard(in);
				while (sh->input != in)
					sh_input_pop(sh);
				continue;
			}
			sh->err_jmp = &jb;
			sh_jobs_notify(sh);
		}
		int r = sh_parse_command(sh, in, &n, &arena);
		if (r == SH_PARSE_EOF) {
			sh_arena_unref(arena);
			sh->err_jmp = saved_jmp;
			break;
		}
		if (r == SH_PARSE_ERROR) {
			sh_arena_unref(arena);
			sh->status = 2;
			if (in->interactive && toplevel) {
				sh_input_discard(in);
				continue;
			}
			sh->err_jmp = saved_jmp;
			sh_abort(sh, 2);
		}
		if (sh->opts[SH_O_VERBOSE])
			sh_write_all(2, in->buf.s, in->pos);
		if (in->interactive && toplevel && sh->add_history && n)
			sh->add_history(sh, in->buf.s);
		sh_input_discard(in);
		/* sh -c '... cmd': the last command of the string can become the shell (no fork),
		 * as make's recipe lines mostly are; not when a trap must still run at exit */
		int last = toplevel && in->fd < 0 && !in->interactive && !sh->subshell &&
			   in->buf.s[strspn(in->buf.s, " \t\n")] == 0 && !sh_traps_set(sh);
		if (n) {
			sh_exec(sh, n, last ? SH_E_EXIT : 0);
			ran = 1;
		}
		sh_arena_unref(arena);
		sh->err_jmp = saved_jmp;
		if (sh_traps_pending())
			sh_traps_run(sh);
		if (sh->jump)
			break;
	}
	/* $? inside the input is the status before it; an input with no commands gives 0. */
	if (!ran)
		sh->status = 0;
	return sh->status;
}

int sh_exec_string(struct sh *sh, const char *s, int lineno)
{
	struct sh_input *in = sh_input_push_string(sh, s, lineno);
	int st = sh_run_input(sh, in, 0);
	if (sh->input == in)
		sh_input_pop(sh);
	return st;
}

/* $( ... ): run text in a child with its output in a pipe; trailing newlines dropped. */
char *sh_cmdsubst(struct sh *sh, const char *text, size_t len)
{
	int fds[2];
	if (pipe(fds) < 0)
		sh_error(sh, "Pipe call failed");
	int line = sh->lineno;
	char **saved_traps = sh_traps_set(sh) ? sh_traps_copy(sh) : NULL;
	pid_t pid = sh_fork(sh, 0);
	if (pid == 0) {
		/* the fork reset the traps; a `trap` in here still lists the ones we had */
		sh->parent_traps = saved_traps;
		close(fds[0]);
		if (fds[1] != 1) {
			dup2(fds[1], 1);
			close(fds[1]);
		}
		char *s = sh_strndup(text, len);
		sh_exec_string(sh, s, line);
		sh_exit(sh, sh->status);
	}
	close(fds[1]);
	if (saved_traps) {
		for (int s = 0; s < sh->ntraps; s++)
			free(saved_traps[s]);
		free(saved_traps);
	}
	struct sh_str out = {0};
	sh_str_puts(&out, "");
	char buf[4096];
	for (;;) {
		ssize_t n = read(fds[0], buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		sh_str_putn(&out, buf, (size_t)n);
	}
	close(fds[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	sh->cmdsubst_status = sh_wait_status(st);
	sh->status = sh->cmdsubst_status;
	sh->lineno = line;
	while (out.len > 0 && out.s[out.len - 1] == '\n')
		out.s[--out.len] = 0;
	return sh_str_take(&out);
}

/* Run a command given as words (for command, eval-like callers): no expansion. */
int sh_exec_argv(struct sh *sh, char **argv, int argc, int flags)
{
	const struct sh_builtin *b = sh_builtin_find(argv[0]);
	if (!b)
		b = sh_builtin_find2(argv[0]);
	if (b && !(flags & 2))
		return sh_run_builtin(sh, b, argv, argc);
	if (!(flags & 1)) {
		struct sh_func *f = sh_func_lookup(sh, argv[0]);
		if (f)
			return sh_call_function(sh, f, argv, argc);
	}
	char *path = sh_find_command(sh, argv[0]);
	pid_t pid = sh_fork_job(sh, 0, 1);
	if (pid == 0)
		sh_exec_external(sh, argv, argc, path);
	free(path);
	struct sh_job *j = sh_job_new(sh, pid, argv[0], 0);
	sh_job_add_proc(j, pid);
	return sh_job_wait(sh, j);
}
