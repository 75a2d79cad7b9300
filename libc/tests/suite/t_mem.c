/* libc/tests/suite/t_mem.c: mmap: anonymous private and shared memory across fork,
 * mprotect (a write to a read-only page is a SIGSEGV the test catches), munmap. */
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "lt.h"

static sigjmp_buf mem_jmp;
static volatile void *mem_fault_addr;

static void mem_on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	mem_fault_addr = si->si_addr;
	siglongjmp(mem_jmp, 1);
}

static void mem_anon(void)
{
	size_t n = 1 << 20;
	char *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	LT_CHECK(p != MAP_FAILED);
	LT_EQ(p[12345], 0);
	memset(p, 7, n);
	LT_EQ(p[n - 1], 7);
	LT_EQ(munmap(p, n), 0);
	LT_CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED);
}

static void mem_protect(void)
{
	struct sigaction sa;
	char *volatile p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	LT_CHECK(p != MAP_FAILED);
	p[4096] = 1;
	LT_EQ(mprotect(p + 4096, 4096, PROT_READ), 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = mem_on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	if (!sigsetjmp(mem_jmp, 1)) {
		p[4096] = 2;
		LT_CHECK(!"the write to a read-only page went through");
	}
	LT_CHECK(mem_fault_addr == p + 4096);
	LT_EQ(p[4096], 1);
	p[0] = 3; /* the first page is still writable */
	LT_EQ(munmap(p, 8192), 0);
}

static void mem_shared_fork(void)
{
	int *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int *pr = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int st;
	pid_t pid;
	LT_CHECK(sh != MAP_FAILED && pr != MAP_FAILED);
	*sh = 1;
	*pr = 1;
	pid = fork();
	if (pid == 0) {
		*sh = 42;
		*pr = 42;
		_exit(0);
	}
	LT_EQ(waitpid(pid, &st, 0), pid);
	LT_EQ(*sh, 42); /* the child's write is seen */
	LT_EQ(*pr, 1);  /* the private copy is not */
}

const struct lt_test lt_mem_tests[] = {
	{ "mem_anon", mem_anon },
	{ "mem_protect", mem_protect },
	{ "mem_shared_fork", mem_shared_fork },
	{ 0, 0 },
};
