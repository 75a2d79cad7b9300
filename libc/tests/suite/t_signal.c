/* libc/tests/suite/t_signal.c: signals (handlers with siginfo, masks and pending signals,
 * the alternate stack, SIGCHLD, a signal ending a sleep) and setjmp/longjmp. */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "lt.h"

static volatile sig_atomic_t sig_count, sig_last, sig_pid, sig_on_alt;
static char *sig_alt_base;

static void sig_handler(int sig, siginfo_t *si, void *uc)
{
	char here;
	(void)uc;
	sig_count++;
	sig_last = sig;
	sig_pid = si->si_pid;
	sig_on_alt = sig_alt_base && &here >= sig_alt_base && &here < sig_alt_base + 65536;
}

static void sig_install(int sig, int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = sig_handler;
	sa.sa_flags = SA_SIGINFO | flags;
	sigemptyset(&sa.sa_mask);
	LT_EQ(sigaction(sig, &sa, NULL), 0);
}

static void signal_handlers(void)
{
	struct sigaction old;
	sig_install(SIGUSR1, 0);
	LT_EQ(raise(SIGUSR1), 0);
	LT_EQ(sig_count, 1);
	LT_EQ(sig_last, SIGUSR1);
	LT_EQ(kill(getpid(), SIGUSR1), 0);
	LT_EQ(sig_count, 2);
	LT_EQ(sig_pid, getpid());
	LT_EQ(sigaction(SIGUSR1, NULL, &old), 0);
	LT_CHECK(old.sa_sigaction == sig_handler && (old.sa_flags & SA_SIGINFO));
	signal(SIGUSR2, SIG_IGN);
	LT_EQ(raise(SIGUSR2), 0); /* ignored: nothing happens */
	LT_CHECK(sigaction(SIGKILL, &old, NULL) == -1 && errno == EINVAL);
}

static void signal_masks(void)
{
	sigset_t s, old, pend;
	sig_install(SIGUSR1, 0);
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	LT_EQ(sigprocmask(SIG_BLOCK, &s, &old), 0);
	raise(SIGUSR1);
	LT_EQ(sig_count, 0); /* blocked: pending */
	LT_EQ(sigprocmask(SIG_SETMASK, NULL, &pend), 0);
	LT_CHECK(sigismember(&pend, SIGUSR1));
	LT_EQ(sigprocmask(SIG_SETMASK, &old, NULL), 0);
	LT_EQ(sig_count, 1); /* delivered when unblocked */
}

static void signal_altstack(void)
{
	stack_t ss, old;
	sig_alt_base = malloc(65536);
	ss.ss_sp = sig_alt_base;
	ss.ss_size = 65536;
	ss.ss_flags = 0;
	LT_EQ(sigaltstack(&ss, &old), 0);
	sig_install(SIGUSR2, SA_ONSTACK);
	raise(SIGUSR2);
	LT_EQ(sig_count, 1);
	LT_EQ(sig_on_alt, 1);
}

static void signal_child_and_sleep(void)
{
	struct timespec d = { 5, 0 }, left;
	pid_t pid;
	int st;
	sig_install(SIGCHLD, 0);
	pid = fork();
	if (pid == 0)
		_exit(3);
	/* the child's end interrupts the sleep long before it is over */
	while (!sig_count && nanosleep(&d, &left) == 0)
		;
	LT_EQ(sig_last, SIGCHLD);
	LT_EQ(waitpid(pid, &st, 0), pid);
	LT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3);
	pid = fork();
	if (pid == 0) {
		raise(SIGTERM);
		_exit(0);
	}
	LT_EQ(waitpid(pid, &st, 0), pid);
	LT_CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
}

static jmp_buf sig_jb;
static sigjmp_buf sig_sjb;

static void sig_jump(int n)
{
	longjmp(sig_jb, n);
}

static void sig_to_sjb(int sig)
{
	siglongjmp(sig_sjb, sig);
}

static void signal_setjmp(void)
{
	volatile int round = 0;
	sigset_t now;
	int r = setjmp(sig_jb);
	if (r == 0)
		sig_jump(5);
	LT_EQ(r, 5);
	r = setjmp(sig_jb);
	round++;
	if (round < 3)
		longjmp(sig_jb, 0); /* longjmp(0) returns 1 */
	LT_EQ(round, 3);
	LT_EQ(r, 1);
	signal(SIGUSR1, sig_to_sjb);
	r = sigsetjmp(sig_sjb, 1);
	if (r == 0)
		raise(SIGUSR1);
	LT_EQ(r, SIGUSR1);
	sigprocmask(SIG_SETMASK, NULL, &now);
	LT_CHECK(!sigismember(&now, SIGUSR1)); /* the mask saved by sigsetjmp came back */
}

const struct lt_test lt_signal_tests[] = {
	{ "signal_handlers", signal_handlers },
	{ "signal_masks", signal_masks },
	{ "signal_altstack", signal_altstack },
	{ "signal_child_and_sleep", signal_child_and_sleep },
	{ "signal_setjmp", signal_setjmp },
	{ 0, 0 },
};
