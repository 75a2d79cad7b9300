/* selftest/user/stress.c: a scheduler stress for `make stress-sched` (not part of `make test`):
 * many processes at once on both CPUs driving the paths a lost wake-up could hide in: scheme
 * round trips to selftest/echod (the direct switch: waitq_take, waitq_wait_switch), futex
 * ping-pong between threads of one process, fork and waitpid, short sleeps (the one-shot
 * timer), yields, and signals sent to a thread entering a futex wait (sched_interrupt). Each round starts them all, waits for all, and says so; a wake-up lost
 * anywhere stops the rounds, which the runner sees as a timeout. Run as init (init=...). */
#include "ulib.h"

#define ROUNDS 12
#define CLIENTS 6
#define TRIPS 150
#define PINGS 1500
#define FORKS 40
#define SLEEPS 60
#define SIGNALS 300

#define THREAD_FLAGS (FERRITE_CLONE_VM | FERRITE_CLONE_FS | FERRITE_CLONE_FILES | \
	FERRITE_CLONE_SIGHAND | FERRITE_CLONE_THREAD | FERRITE_CLONE_SYSVSEM | \
	FERRITE_CLONE_CHILD_CLEARTID)

static int open_echo(const char *rest)
{
	char p[64];
	const char *pre = "/echo/";
	int n = 0;
	while (*pre)
		p[n++] = *pre++;
	while (*rest)
		p[n++] = *rest++;
	p[n] = 0;
	return (int)ferrite_openat(FERRITE_AT_FDCWD, p, FERRITE_O_RDWR, 0);
}

static long wait_status(long pid)
{
	int st = -1;
	if (ferrite_waitpid((int)pid, &st, 0) != pid)
		return -1;
	return st;
}

/* Round trips: write a text, read it back; every few, a short sleep or a yield, so that the
 * client and the server drift between the CPUs instead of staying paired on one. */
static int client(int c, int round)
{
	char mine[8] = "client0", buf[16];
	int fd = open_echo(mine), bad = fd < 0;
	mine[6] = (char)('0' + c);
	for (int i = 0; i < TRIPS && fd >= 0; i++) {
		mine[0] = (char)('a' + i % 26);
		ferrite_lseek(fd, 0, FERRITE_SEEK_SET);
		bad |= ferrite_write(fd, mine, 7) != 7;
		ferrite_lseek(fd, 0, FERRITE_SEEK_SET);
		bad |= ferrite_read(fd, buf, 16) != 7;
		for (int k = 0; k < 7; k++)
			bad |= buf[k] != mine[k];
		if ((i + c + round) % 17 == 0)
			u_sleep_ms(1);
		else if ((i + c) % 5 == 0)
			ferrite_sched_yield();
	}
	if (fd >= 0)
		ferrite_close(fd);
	return bad;
}

/* Two threads pass a token through a futex word: each waits for its turn, flips the word,
 * wakes the other. A lost wake-up leaves both waiting. */
static volatile int turn;
static int pong_ctid;
static char pong_stack[16384] __attribute__((aligned(16)));

static void take_turns(int me)
{
	for (int i = 0; i < PINGS; i++) {
		int v;
		while ((v = turn) != me)
			ferrite_futex((int *)&turn, FERRITE_FUTEX_WAIT | FERRITE_FUTEX_PRIVATE, v, 0);
		turn = 1 - me;
		ferrite_futex((int *)&turn, FERRITE_FUTEX_WAKE | FERRITE_FUTEX_PRIVATE, 1, 0);
	}
}

static int pong(void *arg)
{
	(void)arg;
	take_turns(1);
	return 0;
}

static int pingpong(void)
{
	int v;
	turn = 0;
	pong_ctid = 1;
	if (u_clone(THREAD_FLAGS, pong_stack + sizeof(pong_stack), 0, &pong_ctid, 0, pong, 0) <= 0)
		return 1;
	take_turns(0);
	while ((v = *(volatile int *)&pong_ctid) != 0)
		ferrite_futex(&pong_ctid, FERRITE_FUTEX_WAIT, v, 0);
	return 0;
}

/* Signals for a thread entering a futex wait: the signaller sends each one as soon as the
 * last was seen, so many land while the waiter is on its way into the wait. A signal lost
 * there (sched_interrupt missing a thread that was blocking right then) leaves it blocked. The
 * handler sets the futex word itself, so a signal handled before the wait makes it return. */
static volatile int sig_got, sig_count, sig_tid;
static int sig_ctid;
static char sig_stack[16384] __attribute__((aligned(16)));

static void on_usr1(int sig, struct ferrite_siginfo *si, void *uc)
{
	(void)sig;
	(void)si;
	(void)uc;
	sig_got = 1;
}

static int sig_waiter(void *arg)
{
	(void)arg;
	sig_tid = (int)ferrite_gettid();
	for (int i = 0; i < SIGNALS; i++) {
		while (!sig_got)
			ferrite_futex((int *)&sig_got, FERRITE_FUTEX_WAIT | FERRITE_FUTEX_PRIVATE, 0, 0);
		sig_got = 0;
		sig_count = i + 1;
	}
	return 0;
}

static int signaller(void)
{
	struct ferrite_sigaction a = { (unsigned long)on_usr1, FERRITE_SA_SIGINFO | FERRITE_SA_RESTORER,
		(unsigned long)u_restorer, 0 };
	int v;
	if (ferrite_sigaction(FERRITE_SIGUSR1, &a, 0) != 0)
		return 1;
	sig_ctid = 1;
	if (u_clone(THREAD_FLAGS, sig_stack + sizeof(sig_stack), 0, &sig_ctid, 0, sig_waiter, 0) <= 0)
		return 1;
	while (!sig_tid)
		ferrite_sched_yield();
	for (int i = 0; i < SIGNALS; i++) {
		while (sig_count != i)
			ferrite_sched_yield();
		if (ferrite_tkill(sig_tid, FERRITE_SIGUSR1) != 0)
			return 1;
	}
	while ((v = *(volatile int *)&sig_ctid) != 0)
		ferrite_futex(&sig_ctid, FERRITE_FUTEX_WAIT, v, 0);
	return 0;
}

/* fork and waitpid: children that end at once, and the parent's wait for each. */
static int forker(void)
{
	for (int i = 0; i < FORKS; i++) {
		long pid = ferrite_fork();
		if (pid == 0)
			ferrite_exit(i & 7);
		if (pid < 0 || wait_status(pid) != FERRITE_WSTATUS_EXIT(i & 7))
			return 1;
	}
	return 0;
}

/* Short sleeps: the one-shot timer of whichever CPU the sleeper is on must fire. */
static int sleeper(void)
{
	for (int i = 0; i < SLEEPS; i++) {
		struct ferrite_timespec t = { 0, 100000l * (1 + i % 20) };
		ferrite_nanosleep(&t, 0);
	}
	return 0;
}

static long spawn(int kind, int c, int round)
{
	long pid = ferrite_fork();
	if (pid)
		return pid;
	ferrite_exit(kind == 0 ? client(c, round) : kind == 1 ? pingpong() : kind == 2 ? forker() :
		kind == 3 ? sleeper() : signaller());
	return 0;
}

/* One write, so that the line is never cut by the kernel's own output (the runner reads it). */
static void say_round(int r, int bad)
{
	char line[40];
	const char *a = "stress: round ", *b = bad ? " FAILED\n" : " done\n";
	int n = 0;
	while (*a)
		line[n++] = *a++;
	if (r >= 10)
		line[n++] = (char)('0' + r / 10);
	line[n++] = (char)('0' + r % 10);
	while (*b)
		line[n++] = *b++;
	ferrite_debug_write(line, (unsigned long)n);
}

int main(void)
{
	char *argv[] = { "echod", "echo", 0 };
	long srv = ferrite_fork(), pids[CLIENTS + 5];
	int fd = -1, failed = 0;
	if (srv == 0) {
		ferrite_execve("/selftest/echod", argv, 0);
		ferrite_exit(99);
	}
	ferrite_ns_mount("/echo", "echo");
	for (int i = 0; i < 300 && fd < 0; i++) {
		fd = open_echo("ping");
		if (fd < 0)
			u_sleep_ms(10);
	}
	U_CHECK(fd >= 0);
	ferrite_close(fd);
	for (int r = 0; r < ROUNDS; r++) {
		int n = 0, bad = 0;
		for (int c = 0; c < CLIENTS; c++)
			pids[n++] = spawn(0, c, r);
		pids[n++] = spawn(1, 0, r);
		pids[n++] = spawn(1, 0, r);
		pids[n++] = spawn(2, 0, r);
		pids[n++] = spawn(3, 0, r);
		pids[n++] = spawn(4, 0, r);
		for (int i = 0; i < n; i++)
			bad += wait_status(pids[i]) != FERRITE_WSTATUS_EXIT(0);
		failed += bad != 0;
		say_round(r + 1, bad);
	}
	ferrite_kill((int)srv, FERRITE_SIGKILL);
	wait_status(srv);
	u_puts("stress: ");
	u_putnum(ROUNDS - failed);
	u_puts(" passed, ");
	u_putnum(failed);
	u_puts(" failed\n");
	return failed + u_failures;
}
