/* selftest/user/procs.c: fork, copy-on-write, exit status, waitpid, getppid, execve, mmap,
 * mprotect, brk and futex from user space. Exits 0 when every check passed. */
#include "ulib.h"

static int cow_value = 1;

static int wait_for(long pid)
{
	int st = -1;
	long r = ferrite_waitpid((int)pid, &st, 0);
	U_CHECK(r == pid);
	return st;
}

static void check_fork_and_cow(void)
{
	long me = ferrite_getpid(), pid;
	pid = ferrite_fork();
	if (pid == 0) {
		int ok = ferrite_getppid() == me && cow_value == 1;
		cow_value = 2; /* the parent must not see this */
		ferrite_exit(ok && cow_value == 2 ? 42 : 1);
	}
	U_CHECK(pid > me);
	U_CHECK(wait_for(pid) == FERRITE_WSTATUS_EXIT(42));
	U_CHECK(cow_value == 1);
	U_CHECK(ferrite_waitpid(-1, 0, 0) == -FERRITE_ECHILD);
}

static void check_many_children(void)
{
	long pids[24];
	int reaped = 0, st, ok = 1;
	for (int i = 0; i < 24; i++) {
		pids[i] = ferrite_fork();
		if (pids[i] == 0)
			ferrite_exit(i);
	}
	for (int i = 0; i < 24; i++) {
		long r = ferrite_waitpid(-1, &st, 0);
		int found = 0;
		for (int k = 0; k < 24; k++)
			if (pids[k] == r && st == FERRITE_WSTATUS_EXIT(k))
				found = 1;
		ok &= found;
		reaped += r > 0;
	}
	U_CHECK(ok && reaped == 24);
}

static void check_nohang(void)
{
	struct ferrite_timespec t = { 0, 30000000 };
	long pid = ferrite_fork();
	int st;
	if (pid == 0) {
		ferrite_nanosleep(&t, 0);
		ferrite_exit(0);
	}
	U_CHECK(ferrite_waitpid((int)pid, &st, FERRITE_WNOHANG) == 0); /* still running */
	U_CHECK(wait_for(pid) == FERRITE_WSTATUS_EXIT(0));
}

static void check_execve(void)
{
	char *argv[] = { "hello-exec", "x", 0 };
	char *envp[] = { "A=1", 0 };
	long pid = ferrite_fork();
	if (pid == 0) {
		ferrite_execve("/selftest/hello", argv, envp);
		ferrite_exit(99); /* only if execve failed */
	}
	U_CHECK(wait_for(pid) == FERRITE_WSTATUS_EXIT(7));
	U_CHECK(ferrite_execve("/selftest/none", argv, envp) == -FERRITE_ENOENT);
	U_CHECK(ferrite_execve((const char *)16, argv, envp) == -FERRITE_EFAULT);
	U_CHECK(ferrite_execve("/selftest/hello", (char *const *)24, envp) == -FERRITE_EFAULT);
}

static void check_memory(void)
{
	long pid;
	char *m = (char *)ferrite_mmap(0, 65536, FERRITE_PROT_READ | FERRITE_PROT_WRITE,
		FERRITE_MAP_PRIVATE | FERRITE_MAP_ANONYMOUS, -1, 0);
	unsigned long cur, grown;
	U_CHECK((long)m > 0 && ((unsigned long)m & 4095) == 0);
	if ((long)m <= 0)
		return;
	m[0] = 'a';
	m[65535] = 'z';
	U_CHECK(m[0] == 'a' && m[65535] == 'z' && m[4096] == 0); /* fresh pages are zero */
	U_CHECK(ferrite_mprotect(m, 4096, FERRITE_PROT_READ) == 0);
	pid = ferrite_fork();
	if (pid == 0) {
		m[0] = 'b'; /* read-only now: this child dies of SIGSEGV */
		ferrite_exit(0);
	}
	U_CHECK(wait_for(pid) == FERRITE_WSTATUS_SIGNAL(FERRITE_SIGSEGV));
	U_CHECK(m[0] == 'a');
	U_CHECK(ferrite_munmap(m, 65536) == 0);
	U_CHECK(ferrite_munmap((void *)0x1001, 4096) == -FERRITE_EINVAL);
	U_CHECK(ferrite_mmap(0, 0, FERRITE_PROT_READ, FERRITE_MAP_PRIVATE | FERRITE_MAP_ANONYMOUS, -1, 0) ==
		-FERRITE_EINVAL);
	cur = (unsigned long)ferrite_brk(0);
	grown = (unsigned long)ferrite_brk(cur + 8192);
	U_CHECK(grown == cur + 8192);
	if (grown == cur + 8192) {
		((char *)cur)[8191] = 'q';
		U_CHECK(((char *)cur)[8191] == 'q');
	}
	U_CHECK((unsigned long)ferrite_brk(1) == grown); /* a bad break changes nothing */
}

/* MAP_SHARED: a parent and its child see one page; MAP_PRIVATE pages are copied instead. */
static void check_shared_memory(void)
{
	volatile long *sh = (volatile long *)ferrite_mmap(0, 4096, FERRITE_PROT_READ | FERRITE_PROT_WRITE,
		FERRITE_MAP_SHARED | FERRITE_MAP_ANONYMOUS, -1, 0);
	long pid;
	int st = -1;
	U_CHECK((long)sh > 0);
	if ((long)sh <= 0)
		return;
	sh[0] = 1;
	pid = ferrite_fork();
	if (pid == 0) {
		sh[0] = 42; /* lands in the parent's view too */
		ferrite_exit(sh[0] == 42 ? 0 : 1);
	}
	U_CHECK(ferrite_waitpid((int)pid, &st, 0) == pid && st == FERRITE_WSTATUS_EXIT(0));
	U_CHECK(sh[0] == 42);
	U_CHECK(ferrite_munmap((void *)sh, 4096) == 0);
	U_CHECK(ferrite_mmap(0, 4096, FERRITE_PROT_READ, FERRITE_MAP_SHARED | FERRITE_MAP_PRIVATE |
		FERRITE_MAP_ANONYMOUS, -1, 0) == -FERRITE_EINVAL);
}

static void check_futex(void)
{
	int word = 5;
	struct ferrite_timespec t = { 0, 10000000 }, a, b;
	U_CHECK(ferrite_futex(&word, FERRITE_FUTEX_WAIT, 4, 0) == -FERRITE_EAGAIN);
	ferrite_clock_gettime(FERRITE_CLOCK_MONOTONIC, &a);
	U_CHECK(ferrite_futex(&word, FERRITE_FUTEX_WAIT | FERRITE_FUTEX_PRIVATE, 5, &t) == -FERRITE_ETIMEDOUT);
	ferrite_clock_gettime(FERRITE_CLOCK_MONOTONIC, &b);
	U_CHECK((b.tv_sec - a.tv_sec) * 1000000000l + b.tv_nsec - a.tv_nsec >= 10000000l);
	U_CHECK(ferrite_futex(&word, FERRITE_FUTEX_WAKE, 1, 0) == 0);
	U_CHECK(ferrite_futex((int *)((char *)&word + 1), FERRITE_FUTEX_WAKE, 1, 0) == -FERRITE_EINVAL);
}

static void check_groups_and_ids(void)
{
	long me = ferrite_getpid(), pid;
	int st = -1;
	struct ferrite_timespec t = { 5, 0 }, w = { 0, 30000000 };
	U_CHECK(ferrite_getuid() == 0 && ferrite_geteuid() == 0 && ferrite_getgid() == 0);
	U_CHECK(ferrite_getpgid(0) == me && ferrite_getsid(0) == me); /* started by the kernel */
	U_CHECK(ferrite_setsid() == -FERRITE_EPERM);                  /* already a group leader */
	pid = ferrite_fork();
	if (pid == 0) {
		int ok = ferrite_getpgid(0) == me && ferrite_getsid(0) == me;
		ok &= ferrite_setsid() == ferrite_getpid() && ferrite_getsid(0) == ferrite_getpid();
		ok &= ferrite_getpgid(0) == ferrite_getpid();
		ok &= ferrite_setuid(1000) == 0 && ferrite_getuid() == 1000 && ferrite_geteuid() == 1000;
		ok &= ferrite_setuid(0) == -FERRITE_EPERM; /* gave root up for good */
		ferrite_exit(ok ? 0 : 1);
	}
	U_CHECK(ferrite_waitpid((int)pid, &st, 0) == pid && st == FERRITE_WSTATUS_EXIT(0));
	/* a child in a group of its own, killed through the group */
	pid = ferrite_fork();
	if (pid == 0) {
		ferrite_nanosleep(&t, 0);
		ferrite_exit(0);
	}
	U_CHECK(ferrite_setpgid((int)pid, (int)pid) == 0);
	U_CHECK(ferrite_getpgid((int)pid) == pid);
	ferrite_nanosleep(&w, 0);
	U_CHECK(ferrite_kill((int)-pid, FERRITE_SIGTERM) == 0);
	U_CHECK(ferrite_waitpid((int)pid, &st, 0) == pid && st == FERRITE_WSTATUS_SIGNAL(FERRITE_SIGTERM));
	U_CHECK(ferrite_kill(-99999, FERRITE_SIGTERM) == -FERRITE_ESRCH);
	U_CHECK(ferrite_setpgid(99999, 0) == -FERRITE_ESRCH);
	U_CHECK(ferrite_setpgid(0, 0) == -FERRITE_EPERM); /* a session leader stays put */
}

int main(void)
{
	check_fork_and_cow();
	check_many_children();
	check_nohang();
	check_execve();
	check_memory();
	check_futex();
	check_shared_memory();
	check_groups_and_ids();
	u_puts(u_failures ? "procs: FAILED\n" : "procs: all checks passed\n");
	return u_failures;
}
