/* selftest/user/signals.c: signal handlers with siginfo and ucontext, masks, the restorer and
 * sigreturn, registers and FPU state kept across a handler, a fault handled and returned past,
 * default actions, EINTR, the alternate stack, and bad arguments. Exits 0 when all pass. */
#include "ulib.h"

static volatile int got_sig, got_code, got_pid;
static volatile unsigned long got_addr, handler_sp;
static volatile double handler_float;

static void on_usr1(int sig, struct ferrite_siginfo *si, void *uc)
{
	volatile double x = 3.25;
	(void)uc;
	got_sig = sig;
	got_code = si->si_code;
	got_pid = (int)si->addr;
	handler_sp = (unsigned long)&x;
	handler_float = x * 2; /* uses SSE registers the interrupted code may hold */
}

static void on_segv(int sig, struct ferrite_siginfo *si, void *ucp)
{
	struct ferrite_ucontext *uc = ucp;
	got_sig = sig;
	got_code = si->si_code;
	got_addr = si->addr;
	uc->gregs[FERRITE_REG_RIP] += 6; /* past the 6-byte movl below */
}

static int handle(int sig, void (*fn)(int, struct ferrite_siginfo *, void *), unsigned long flags)
{
	struct ferrite_sigaction a;
	a.handler = (unsigned long)fn;
	a.flags = FERRITE_SA_SIGINFO | FERRITE_SA_RESTORER | flags;
	a.restorer = (unsigned long)u_restorer;
	a.mask = 0;
	return (int)ferrite_sigaction(sig, &a, 0);
}

static void check_handler_and_mask(void)
{
	unsigned long set = 1ul << (FERRITE_SIGUSR1 - 1), old = 0;
	volatile double f = 1.5;
	long me = ferrite_getpid();
	U_CHECK(handle(FERRITE_SIGUSR1, on_usr1, 0) == 0);
	got_sig = 0;
	U_CHECK(ferrite_kill((int)me, FERRITE_SIGUSR1) == 0);
	U_CHECK(got_sig == FERRITE_SIGUSR1 && got_code == FERRITE_SI_USER && got_pid == me);
	U_CHECK(handler_float == 6.5 && f * 2 == 3.0); /* each side kept its own FPU state */
	got_sig = 0;
	U_CHECK(ferrite_sigprocmask(FERRITE_SIG_BLOCK, &set, &old) == 0);
	U_CHECK(ferrite_kill((int)me, FERRITE_SIGUSR1) == 0);
	U_CHECK(got_sig == 0); /* blocked: pending */
	U_CHECK(ferrite_sigprocmask(FERRITE_SIG_UNBLOCK, &set, 0) == 0);
	U_CHECK(got_sig == FERRITE_SIGUSR1); /* delivered as the unblock returned */
}

static void check_fault_handler(void)
{
	got_sig = 0;
	U_CHECK(handle(FERRITE_SIGSEGV, on_segv, 0) == 0);
	__asm__ volatile("movl $1, (%%rax)" : : "a"(0x1230ul) : "memory"); /* c7 00 01 00 00 00 */
	U_CHECK(got_sig == FERRITE_SIGSEGV && got_addr == 0x1230 && got_code == FERRITE_SEGV_MAPERR);
}

static void check_default_and_eintr(void)
{
	struct ferrite_timespec t = { 5, 0 }, rem = { 0, 0 }, wait = { 0, 30000000 };
	int st = -1;
	long pid = ferrite_fork();
	if (pid == 0) {
		ferrite_nanosleep(&t, 0);
		ferrite_exit(3);
	}
	ferrite_nanosleep(&wait, 0);
	U_CHECK(ferrite_kill((int)pid, FERRITE_SIGTERM) == 0);
	U_CHECK(ferrite_waitpid((int)pid, &st, 0) == pid && st == FERRITE_WSTATUS_SIGNAL(FERRITE_SIGTERM));
	pid = ferrite_fork();
	if (pid == 0) {
		long r;
		handle(FERRITE_SIGUSR1, on_usr1, 0);
		r = ferrite_nanosleep(&t, &rem);
		ferrite_exit(r == -FERRITE_EINTR && rem.tv_sec >= 1 ? 0 : 1);
	}
	ferrite_nanosleep(&wait, 0);
	U_CHECK(ferrite_kill((int)pid, FERRITE_SIGUSR1) == 0);
	U_CHECK(ferrite_waitpid((int)pid, &st, 0) == pid && st == FERRITE_WSTATUS_EXIT(0));
}

static void check_altstack(void)
{
	char *alt = (char *)ferrite_mmap(0, 16384, FERRITE_PROT_READ | FERRITE_PROT_WRITE,
		FERRITE_MAP_PRIVATE | FERRITE_MAP_ANONYMOUS, -1, 0);
	struct ferrite_stack ss;
	ss.ss_sp = (unsigned long)alt;
	ss.ss_size = 16384;
	ss.ss_flags = 0;
	ss.pad = 0;
	U_CHECK(ferrite_sigaltstack(&ss, 0) == 0);
	U_CHECK(handle(FERRITE_SIGUSR2, on_usr1, FERRITE_SA_ONSTACK) == 0);
	handler_sp = 0;
	U_CHECK(ferrite_kill((int)ferrite_getpid(), FERRITE_SIGUSR2) == 0);
	U_CHECK(handler_sp >= (unsigned long)alt && handler_sp < (unsigned long)alt + 16384);
	ss.ss_size = 100;
	U_CHECK(ferrite_sigaltstack(&ss, 0) == -FERRITE_ENOMEM);
}

static void check_bad_arguments(void)
{
	U_CHECK(ferrite_kill(999999, FERRITE_SIGTERM) == -FERRITE_ESRCH);
	U_CHECK(ferrite_kill((int)ferrite_getpid(), 99) == -FERRITE_EINVAL);
	U_CHECK(handle(FERRITE_SIGKILL, on_usr1, 0) == -FERRITE_EINVAL);
	U_CHECK(ferrite_sigaction(FERRITE_SIGUSR1, (struct ferrite_sigaction *)8, 0) == -FERRITE_EFAULT);
	U_CHECK(ferrite_sigprocmask(7, 0, 0) == 0); /* no set: how is not looked at */
	U_CHECK(ferrite_kill((int)ferrite_getpid(), 0) == 0);
}

int main(void)
{
	check_handler_and_mask();
	check_fault_handler();
	check_default_and_eintr();
	check_altstack();
	check_bad_arguments();
	u_puts(u_failures ? "signals: FAILED\n" : "signals: all checks passed\n");
	return u_failures;
}
