/* selftest/user/reserve.c: the commit reserve kept for essential processes (kernel/core/
 * essential.c), from user space. Marking needs CAP_RESERVE, dropping one's own mark does not,
 * fork keeps the mark. Then a process promises itself memory until the kernel says no (mmap
 * ENOMEM: only the commit charge, no page is touched) in a child, and checks what the mark
 * changes: a process not marked cannot fork or map another page, one marked essential still
 * can (the reserve), until that is gone too. Exits 0 when every check passed. */
#include "ulib.h"

#define MIB (1ul << 20)

static int essential_now(void)
{
	struct ferrite_procinfo pi;
	long pid = ferrite_getpid();
	U_CHECK(ferrite_proc_info((int)pid, &pi) == pid);
	return pi.essential;
}

/* Maps chunks of size until ENOMEM: how many it got. */
static unsigned long fill(unsigned long size)
{
	unsigned long n = 0;
	long r;
	while ((r = ferrite_mmap(0, size, FERRITE_PROT_READ | FERRITE_PROT_WRITE,
			FERRITE_MAP_PRIVATE | FERRITE_MAP_ANONYMOUS, -1, 0)) >= 0)
		n++;
	U_CHECK(r == -FERRITE_ENOMEM);
	return n;
}

static long fork_and_wait(void)
{
	int st = -1;
	long pid = ferrite_fork();
	if (pid == 0)
		ferrite_exit(essential_now() ? 42 : 41);
	if (pid > 0)
		U_CHECK(ferrite_waitpid((int)pid, &st, 0) == pid && st == FERRITE_WSTATUS_EXIT(42));
	return pid;
}

static void check_marks(void)
{
	int st = -1;
	long pid;
	U_CHECK(essential_now() == 0);
	U_CHECK(ferrite_proc_essential(0, 2) == -FERRITE_EINVAL);
	U_CHECK(ferrite_proc_essential(999999, 1) == -FERRITE_ESRCH);
	U_CHECK(ferrite_proc_essential(0, 1) == 0 && essential_now() == 1);
	pid = ferrite_fork();
	if (pid == 0) { /* the mark came along; it drops it, and cannot take it back */
		int ok = essential_now() == 1;
		ok &= ferrite_cap_drop(FERRITE_CAP_RESERVE) >= 0;
		ok &= ferrite_proc_essential((int)ferrite_getppid(), 0) == -FERRITE_EPERM;
		ok &= ferrite_proc_essential(0, 1) == -FERRITE_EPERM;
		ok &= ferrite_proc_essential(0, 0) == 0 && essential_now() == 0;
		ferrite_exit(ok ? 0 : 1);
	}
	U_CHECK(pid > 0 && ferrite_waitpid((int)pid, &st, 0) == pid && st == FERRITE_WSTATUS_EXIT(0));
	U_CHECK(essential_now() == 1); /* the child's drop was its own */
	U_CHECK(ferrite_proc_essential(0, 0) == 0 && essential_now() == 0);
}

/* A child takes everything a process not marked may have (commit only: no page is touched)
 * and says so through the pipe, then waits to be killed. */
static long start_hog(unsigned long *big)
{
	int fds[2];
	char c = 0;
	long pid;
	U_CHECK(ferrite_pipe2(fds, 0) == 0);
	pid = ferrite_fork();
	if (pid == 0) {
		unsigned long n = fill(32 * MIB);
		fill(MIB);
		fill(4096);
		c = (char)(n > 255 ? 255 : n);
		ferrite_write(fds[1], &c, 1);
		for (;;)
			u_sleep_ms(1000); /* SIGKILL ends it */
	}
	ferrite_close(fds[1]);
	U_CHECK(pid > 0 && ferrite_read(fds[0], &c, 1) == 1);
	ferrite_close(fds[0]);
	*big = (unsigned char)c;
	return pid;
}

static void check_reserve(void)
{
	unsigned long big = 0, reserve;
	int st = -1;
	long hog = start_hog(&big);
	U_CHECK(big > 4); /* 1 GiB of RAM: more than 128 MiB */
	/* not marked: no fork, no page */
	U_CHECK(ferrite_fork() == -FERRITE_ENOMEM);
	U_CHECK(ferrite_mmap(0, 4096, FERRITE_PROT_READ, FERRITE_MAP_PRIVATE | FERRITE_MAP_ANONYMOUS,
		-1, 0) == -FERRITE_ENOMEM);
	/* marked: the reserve is there, for a fork and for mappings, and it ends too */
	U_CHECK(ferrite_proc_essential(0, 1) == 0);
	U_CHECK(fork_and_wait() > 0);
	reserve = fill(MIB);
	U_CHECK(reserve >= 4);
	fill(4096);
	U_CHECK(ferrite_fork() == -FERRITE_ENOMEM);
	U_CHECK(ferrite_kill((int)hog, FERRITE_SIGKILL) == 0);
	U_CHECK(ferrite_waitpid((int)hog, &st, 0) == hog);
	u_puts("reserve: ");
	u_putnum((long)(big * 32));
	u_puts(" MiB and more for anyone, then ");
	u_putnum((long)reserve);
	u_puts(" MiB for the essential\n");
}

int main(void)
{
	check_marks();
	check_reserve();
	if (u_failures == 0)
		u_puts("reserve: all checks passed\n");
	return u_failures;
}
