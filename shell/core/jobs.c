/* jobs.c: the job table: every forked command the shell waits for (foreground) or remembers
 * (background, stopped), process groups and the terminal's foreground group under job control,
 * and the Done/Stopped notices. */
#include "sh.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include <errno.h>
#include <signal.h>
#include <termios.h>
#include <sys/wait.h>

int sh_wait_status(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	if (WIFSTOPPED(st))
		return 128 + WSTOPSIG(st);
	return 0;
}

struct sh_job *sh_job_new(struct sh *sh, pid_t pgid, const char *cmd, int bg)
{
	struct sh_job *j = sh_alloc(sizeof *j), **tail = &sh->jobs;
	int id = 1;
	for (; *tail; tail = &(*tail)->next)
		if ((*tail)->id >= id)
			id = (*tail)->id + 1;
	j->id = id;
	j->pgid = pgid;
	/* the pipeline's source text names the job better than its first word does */
	j->cmd = sh_strdup(sh->job_text && *sh->job_text ? sh->job_text : cmd);
	sh->job_text = NULL;   /* it lives in the syntax tree, which may be freed after this */
	j->bg = bg;
	*tail = j;
	return j;
}

void sh_job_add_proc(struct sh_job *j, pid_t pid)
{
	j->procs = sh_realloc(j->procs, sizeof *j->procs * (size_t)(j->nprocs + 1));
	memset(&j->procs[j->nprocs], 0, sizeof *j->procs);
	j->procs[j->nprocs].pid = pid;
	j->nprocs++;
}

void sh_job_free(struct sh *sh, struct sh_job *j)
{
	for (struct sh_job **pj = &sh->jobs; *pj; pj = &(*pj)->next)
		if (*pj == j) {
			*pj = j->next;
			break;
		}
	free(j->procs);
	free(j->cmd);
	free(j);
}

static int sh_job_done(struct sh_job *j)
{
	for (int i = 0; i < j->nprocs; i++)
		if (!j->procs[i].done)
			return 0;
	return 1;
}

static int sh_job_stopped(struct sh_job *j)
{
	int any = 0;
	for (int i = 0; i < j->nprocs; i++) {
		if (!j->procs[i].done && !j->procs[i].stopped)
			return 0;
		any |= j->procs[i].stopped;
	}
	return any;
}

/* A pipeline's status is its last command's, or with pipefail the last that failed. */
int sh_job_status(struct sh *sh, struct sh_job *j)
{
	int st = j->nprocs ? sh_wait_status(j->procs[j->nprocs - 1].status) : 0;
	if (sh->opts[SH_O_PIPEFAIL])
		for (int i = 0; i < j->nprocs; i++) {
			int s = sh_wait_status(j->procs[i].status);
			if (s)
				st = s;
		}
	return st;
}

static void sh_job_record(struct sh *sh, pid_t pid, int st)
{
	for (struct sh_job *j = sh->jobs; j; j = j->next)
		for (int i = 0; i < j->nprocs; i++)
			if (j->procs[i].pid == pid) {
				j->procs[i].status = st;
				j->changed = 1;
				if (WIFSTOPPED(st)) {
					j->procs[i].stopped = 1;
				} else if (WIFCONTINUED(st)) {
					j->procs[i].stopped = 0;
				} else {
					j->procs[i].done = 1;
					j->procs[i].stopped = 0;
				}
				return;
			}
}

void sh_jobs_reap(struct sh *sh, int block)
{
	for (;;) {
		int st;
		int opts = (block ? 0 : WNOHANG) | (sh->job_control ? WUNTRACED | WCONTINUED : 0);
		pid_t pid = waitpid(-1, &st, opts);
		if (pid < 0 && errno == EINTR && !block)
			continue;
		if (pid <= 0)
			return;
		sh_job_record(sh, pid, st);
		if (block)
			return;
	}
}

static const char *sh_job_state(struct sh_job *j)
{
	static char buf[32];
	if (!sh_job_done(j))
		return sh_job_stopped(j) ? "Stopped" : "Running";
	int st = j->procs[j->nprocs - 1].status;
	if (WIFSIGNALED(st)) {
		const char *n = sh_signal_name(WTERMSIG(st));
		snprintf(buf, sizeof buf, "%s", n ? n : "Signal");
		return buf;
	}
	if (WEXITSTATUS(st)) {
		snprintf(buf, sizeof buf, "Done(%d)", WEXITSTATUS(st));
		return buf;
	}
	return "Done";
}

static struct sh_job *sh_job_current(struct sh *sh, int which)
{
	struct sh_job *cur = NULL, *prev = NULL;
	for (struct sh_job *j = sh->jobs; j; j = j->next)
		if (j->bg || sh_job_stopped(j)) {
			prev = cur;
			cur = j;
		}
	return which ? prev : cur;
}

void sh_job_print(struct sh *sh, struct sh_job *j, int fd, int with_pid)
{
	struct sh_str b = {0};
	char mark = j == sh_job_current(sh, 0) ? '+' : j == sh_job_current(sh, 1) ? '-' : ' ';
	sh_str_printf(&b, "[%d]%c ", j->id, mark);
	if (with_pid)
		sh_str_printf(&b, "%ld ", (long)j->pgid);
	sh_str_printf(&b, " %-24s%s\n", sh_job_state(j), j->cmd);
	sh_write_all(fd, b.s, b.len);
	free(b.s);
}

/* Before a prompt: report background jobs that ended or stopped, and forget the ended ones. */
void sh_jobs_notify(struct sh *sh)
{
	sh_jobs_reap(sh, 0);
	struct sh_job *j = sh->jobs, *next;
	for (; j; j = next) {
		next = j->next;
		if (!j->changed)
			continue;
		j->changed = 0;
		if (sh_job_done(j)) {
			if (j->bg && sh->opts[SH_O_INTERACTIVE])
				sh_job_print(sh, j, 2, 0);
			if (sh->opts[SH_O_INTERACTIVE])
				sh_job_free(sh, j);
		} else if (sh_job_stopped(j) && sh->opts[SH_O_INTERACTIVE]) {
			sh_job_print(sh, j, 2, 0);
		}
	}
}

/* Wait for a foreground job; under job control it owns the terminal meanwhile. */
int sh_job_wait(struct sh *sh, struct sh_job *j)
{
	if (sh->job_control && j->pgid > 0)
		tcsetpgrp(sh->tty_fd, j->pgid);
	while (!sh_job_done(j) && !(sh->job_control && sh_job_stopped(j))) {
		int st;
		pid_t pid = waitpid(-1, &st, sh->job_control ? WUNTRACED : 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;   /* ECHILD: nothing left to wait for */
		}
		sh_job_record(sh, pid, st);
	}
	if (sh->job_control)
		tcsetpgrp(sh->tty_fd, sh->shell_pgid);
	int status = sh_job_status(sh, j);
	if (sh->job_control && sh_job_stopped(j)) {
		j->bg = 1;
		j->changed = 0;
		sh_write_all(2, "\n", 1);
		sh_job_print(sh, j, 2, 0);
		return status;
	}
	int last = j->nprocs ? j->procs[j->nprocs - 1].status : 0;
	if (WIFSIGNALED(last)) {
		/* say how a foreground job died, except of the signals people send on purpose */
		int sig = WTERMSIG(last);
		const char *d = sh_signal_description(sig);
		if (sig == SIGINT && sh->opts[SH_O_INTERACTIVE])
			sh_write_all(2, "\n", 1);
		else if (sig != SIGINT && sig != SIGPIPE && d) {
			char *m = sh_strcat3(d, WCOREDUMP(last) ? " (core dumped)" : "", "\n");
			sh_write_all(2, m, strlen(m));
			free(m);
		}
	}
	sh_job_free(sh, j);
	/* Ctrl-C killed the foreground job: at the prompt, the loop or list it ran in stops too */
	if (WIFSIGNALED(last) && WTERMSIG(last) == SIGINT && sh->job_control && !sh->subshell &&
	    !(sh->traps[SIGINT] && *sh->traps[SIGINT]))
		sh_abort(sh, status);
	return status;
}

/* %n, %%, %+, %-, %prefix, %?text, or a process id. */
struct sh_job *sh_job_find(struct sh *sh, const char *spec)
{
	if (!spec || !strcmp(spec, "%%") || !strcmp(spec, "%+") || !strcmp(spec, "%"))
		return sh_job_current(sh, 0);
	if (!strcmp(spec, "%-"))
		return sh_job_current(sh, 1);
	long n;
	if (spec[0] == '%' && sh_parse_int(spec + 1, &n)) {
		for (struct sh_job *j = sh->jobs; j; j = j->next)
			if (j->id == n)
				return j;
		return NULL;
	}
	if (spec[0] == '%') {
		for (struct sh_job *j = sh->jobs; j; j = j->next) {
			if (spec[1] == '?' ? strstr(j->cmd, spec + 2) != NULL : !strncmp(j->cmd, spec + 1, strlen(spec + 1)))
				return j;
		}
		return NULL;
	}
	if (sh_parse_int(spec, &n))
		for (struct sh_job *j = sh->jobs; j; j = j->next)
			for (int i = 0; i < j->nprocs; i++)
				if (j->procs[i].pid == n)
					return j;
	return NULL;
}

void sh_job_foreground(struct sh *sh, struct sh_job *j, int cont)
{
	(void)sh;
	for (int i = 0; i < j->nprocs; i++)
		j->procs[i].stopped = 0;
	if (cont)
		kill(-j->pgid, SIGCONT);
}

/* Leaving an interactive shell: the first time stopped jobs exist it warns and stays; after
 * that (or with none) it may go, and sends its stopped jobs SIGHUP and SIGCONT so that they do
 * not stay stopped for ever. */
int sh_jobs_may_exit(struct sh *sh)
{
	if (!sh->job_control)
		return 1;
	sh_jobs_reap(sh, 0);
	int stopped = 0;
	for (struct sh_job *j = sh->jobs; j; j = j->next)
		stopped |= sh_job_stopped(j);
	if (stopped && !sh->warned_stopped) {
		sh->warned_stopped = 1;
		sh_write_all(2, "\nThere are stopped jobs.\n", 25);
		return 0;
	}
	for (struct sh_job *j = sh->jobs; j; j = j->next)
		if (sh_job_stopped(j)) {
			kill(-j->pgid, SIGHUP);
			kill(-j->pgid, SIGCONT);
		}
	return 1;
}

/* An interactive shell on a terminal takes its own process group and the terminal. */
void sh_job_control_init(struct sh *sh)
{
	int fd = sh_dup_high(2);
	if (fd < 0 || !isatty(fd)) {
		if (fd >= 0)
			close(fd);
		return;
	}
	sh->tty_fd = fd;
	/* Wait until we are in the foreground before taking the terminal. */
	for (;;) {
		pid_t fg = tcgetpgrp(fd);
		if (fg < 0)
			return;
		if (fg == getpgrp())
			break;
		kill(-getpgrp(), SIGTTIN);
	}
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	pid_t pid = getpid();
	if (getpgrp() != pid)
		setpgid(0, pid);
	sh->shell_pgid = pid;
	tcsetpgrp(fd, pid);
	sh->job_control = 1;
}
