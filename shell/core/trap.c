/* trap.c: signal names, the trap table, and running trap actions between commands. A handler
 * only records that a signal came; the action runs when the shell next reaches a safe point. */
#include "sh.h"
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <ctype.h>

#define SH_NSIG 65
volatile int sh_sig_pending[SH_NSIG];
static volatile int sh_any_pending;
static char sh_ignored_at_start[SH_NSIG];

static const struct { const char *name; int sig; } sh_signames[] = {
	{"HUP", SIGHUP}, {"INT", SIGINT}, {"QUIT", SIGQUIT}, {"ILL", SIGILL}, {"TRAP", SIGTRAP},
	{"ABRT", SIGABRT}, {"BUS", SIGBUS}, {"FPE", SIGFPE}, {"KILL", SIGKILL}, {"USR1", SIGUSR1},
	{"SEGV", SIGSEGV}, {"USR2", SIGUSR2}, {"PIPE", SIGPIPE}, {"ALRM", SIGALRM}, {"TERM", SIGTERM},
	{"CHLD", SIGCHLD}, {"CONT", SIGCONT}, {"STOP", SIGSTOP}, {"TSTP", SIGTSTP}, {"TTIN", SIGTTIN},
	{"TTOU", SIGTTOU}, {"URG", SIGURG}, {"XCPU", SIGXCPU}, {"XFSZ", SIGXFSZ}, {"VTALRM", SIGVTALRM},
	{"PROF", SIGPROF}, {"WINCH", SIGWINCH}, {"IO", SIGIO}, {"SYS", SIGSYS},
};
#define SH_NNAMES (int)(sizeof sh_signames / sizeof sh_signames[0])

/* What a person reads when a job dies of the signal. */
const char *sh_signal_description(int sig)
{
	static const struct { int sig; const char *text; } d[] = {
		{SIGHUP, "Hangup"}, {SIGQUIT, "Quit"}, {SIGILL, "Illegal instruction"},
		{SIGTRAP, "Trace/breakpoint trap"}, {SIGABRT, "Aborted"}, {SIGBUS, "Bus error"},
		{SIGFPE, "Floating point exception"}, {SIGKILL, "Killed"}, {SIGUSR1, "User defined signal 1"},
		{SIGSEGV, "Segmentation fault"}, {SIGUSR2, "User defined signal 2"}, {SIGALRM, "Alarm clock"},
		{SIGTERM, "Terminated"}, {SIGXCPU, "CPU time limit exceeded"}, {SIGXFSZ, "File size limit exceeded"},
		{SIGVTALRM, "Virtual timer expired"}, {SIGPROF, "Profiling timer expired"}, {SIGSYS, "Bad system call"},
	};
	for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
		if (d[i].sig == sig)
			return d[i].text;
	return NULL;
}

const char *sh_signal_name(int sig)
{
	for (int i = 0; i < SH_NNAMES; i++)
		if (sh_signames[i].sig == sig)
			return sh_signames[i].name;
	return NULL;
}

/* "INT", "SIGINT", "int" or "2"; 0 is EXIT. -1 if unknown. */
int sh_signal_number(const char *name)
{
	long n;
	if (sh_parse_int(name, &n))
		return n >= 0 && n < SH_NSIG ? (int)n : -1;
	char up[16];
	size_t i = 0;
	for (; name[i] && i < sizeof up - 1; i++)
		up[i] = (char)toupper((unsigned char)name[i]);
	up[i] = 0;
	const char *s = strncmp(up, "SIG", 3) ? up : up + 3;
	if (!strcmp(s, "EXIT"))
		return 0;
	for (int k = 0; k < SH_NNAMES; k++)
		if (!strcmp(sh_signames[k].name, s))
			return sh_signames[k].sig;
	return -1;
}

static void sh_sig_handler(int sig)
{
	if (sig > 0 && sig < SH_NSIG) {
		sh_sig_pending[sig] = 1;
		sh_any_pending = 1;
	}
}

static void sh_sig_install(int sig, void (*fn)(int))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

void sh_traps_init(struct sh *sh)
{
	sh->ntraps = SH_NSIG;
	sh->traps = sh_alloc(sizeof(char *) * SH_NSIG);
	for (int s = 1; s < SH_NSIG; s++) {
		struct sigaction sa;
		if (sigaction(s, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
			sh_ignored_at_start[s] = 1;
	}
	if (sh->opts[SH_O_INTERACTIVE]) {
		sh_sig_install(SIGINT, sh_sig_handler);
		sh_sig_install(SIGQUIT, SIG_IGN);
		sh_sig_install(SIGTERM, SIG_IGN);
	}
}

/* What a signal does in the shell itself when no trap is set. */
static void sh_sig_default(struct sh *sh, int sig)
{
	if (sh->opts[SH_O_INTERACTIVE] && sig == SIGINT)
		sh_sig_install(sig, sh_sig_handler);
	else if (sh->opts[SH_O_INTERACTIVE] && (sig == SIGQUIT || sig == SIGTERM))
		sh_sig_install(sig, SIG_IGN);
	else if (sh->job_control && (sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU))
		sh_sig_install(sig, SIG_IGN);
	else
		sh_sig_install(sig, SIG_DFL);
}

int sh_trap_set(struct sh *sh, int sig, const char *action)
{
	if (sig < 0 || sig >= SH_NSIG)
		return -1;
	/* Signals ignored when a non-interactive shell started cannot be trapped (POSIX). */
	if (sig && sh_ignored_at_start[sig] && !sh->opts[SH_O_INTERACTIVE])
		return 0;
	free(sh->traps[sig]);
	sh->traps[sig] = action ? sh_strdup(action) : NULL;
	if (sh->parent_traps) {
		/* the subshell has traps of its own now */
		for (int s = 0; s < SH_NSIG; s++)
			free(sh->parent_traps[s]);
		free(sh->parent_traps);
		sh->parent_traps = NULL;
	}
	if (sig == 0)
		return 0;
	if (!action)
		sh_sig_default(sh, sig);
	else if (!*action)
		sh_sig_install(sig, SIG_IGN);
	else
		sh_sig_install(sig, sh_sig_handler);
	return 0;
}

/* Is any trap action set? Then a child cannot simply become its last command. */
int sh_traps_set(struct sh *sh)
{
	for (int s = 0; s < sh->ntraps; s++)
		if (sh->traps[s] && *sh->traps[s])
			return 1;
	return 0;
}

int sh_traps_pending(void)
{
	return sh_any_pending;
}

/* For wait and read: has a signal with a trap action arrived? Its number + 128, else 0. */
int sh_trap_interrupt(struct sh *sh)
{
	if (!sh_any_pending)
		return 0;
	for (int s = 1; s < SH_NSIG; s++)
		if (sh_sig_pending[s] && sh->traps[s] && *sh->traps[s])
			return 128 + s;
	return 0;
}

/* A trap may be interrupted by another signal's trap (not by its own: its flag is clear). */
void sh_traps_run(struct sh *sh)
{
	while (sh_any_pending) {
		sh_any_pending = 0;
		for (int s = 1; s < SH_NSIG; s++) {
			if (!sh_sig_pending[s])
				continue;
			sh_sig_pending[s] = 0;
			if (s == SIGINT && !sh->traps[s] && sh->opts[SH_O_INTERACTIVE] && !sh->subshell) {
				/* Ctrl-C with no trap stops what the shell itself is running */
				sh_write_all(2, "\n", 1);
				sh_abort(sh, 130);
			}
			if (!sh->traps[s] || !*sh->traps[s])
				continue;
			int saved = sh->status, jump = sh->jump, count = sh->jump_count;
			int outer_trap_status = sh->trap_status;
			char *action = sh_strdup(sh->traps[s]);
			/* A break or continue under way waits while the trap runs its own commands. */
			sh->jump = SH_J_NONE;
			sh->trap_status = saved;
			sh->in_trap++;
			sh_exec_string(sh, action, sh->lineno);
			sh->in_trap--;
			free(action);
			if (sh->jump == SH_J_NONE) {
				sh->jump = jump;
				sh->jump_count = count;
			}
			if (sh->jump != SH_J_RETURN)
				sh->status = saved;
			sh->trap_status = outer_trap_status;
		}
	}
}

/* A subshell keeps ignored signals ignored; caught ones go back to their defaults. */
/* A copy of the trap table: $(trap) lists the parent's traps (POSIX), see sh_cmdsubst. */
char **sh_traps_copy(struct sh *sh)
{
	char **t = sh_alloc(sizeof(char *) * SH_NSIG);
	for (int s = 0; s < SH_NSIG; s++)
		t[s] = sh->traps[s] ? sh_strdup(sh->traps[s]) : NULL;
	return t;
}

void sh_traps_reset_for_subshell(struct sh *sh)
{
	for (int s = 0; s < SH_NSIG; s++) {
		if (sh->traps[s] && *sh->traps[s]) {
			free(sh->traps[s]);
			sh->traps[s] = NULL;
			if (s)
				sh_sig_install(s, SIG_DFL);
		}
	}
}

void sh_signals_for_child(struct sh *sh, int bg)
{
	int sigs[] = {SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGTTIN, SIGTTOU};
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		int s = sigs[i];
		/* under job control the stop signals are the user's again, whatever we inherited */
		int stop = s == SIGTSTP || s == SIGTTIN || s == SIGTTOU;
		if ((stop && sh->job_control) || (!(sh->traps[s] && !*sh->traps[s]) && !sh_ignored_at_start[s]))
			sh_sig_install(s, SIG_DFL);
	}
	if (bg && !sh->job_control) {
		sh_sig_install(SIGINT, SIG_IGN);
		sh_sig_install(SIGQUIT, SIG_IGN);
	}
}

void sh_trap_exit(struct sh *sh)
{
	if (!sh->traps || !sh->traps[0])
		return;
	char *action = sh->traps[0];
	sh->traps[0] = NULL;
	int saved = sh->status;
	sh->jump = SH_J_NONE;
	sh->trap_status = saved;
	sh->in_trap++;
	sh_exec_string(sh, action, sh->lineno);
	sh->in_trap--;
	sh->status = saved;
	free(action);
}
