/* selftest/user/syscalls.c: system calls from user mode: results, and errors for bad
 * arguments (bad pointers give EFAULT, never a kernel fault; unknown numbers ENOSYS). */
#include "ulib.h"

static long u_linux_call(long nr)
{
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr) : "rcx", "r11", "memory");
	return ret;
}

void _start(void);

/* What musl reads at start: the auxiliary vector after argv and envp, and the FPU defaults. */
static void check_start_state(char **argv, int argc)
{
	char **envp = argv + argc + 1;
	unsigned long *aux, random_at = 0, pagesz = 0, entry = 0, phdr = 0, phnum = 0;
	unsigned int mxcsr = 0;
	unsigned short fcw = 0;
	__asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
	__asm__ volatile("fnstcw %0" : "=m"(fcw));
	U_CHECK(mxcsr == 0x1f80 && fcw == 0x37f);
	U_CHECK(argc == 1 && argv[1] == 0);
	while (*envp)
		envp++;
	for (aux = (unsigned long *)(envp + 1); aux[0] != FERRITE_AT_NULL; aux += 2) {
		if (aux[0] == FERRITE_AT_RANDOM) random_at = aux[1];
		if (aux[0] == FERRITE_AT_PAGESZ) pagesz = aux[1];
		if (aux[0] == FERRITE_AT_ENTRY) entry = aux[1];
		if (aux[0] == FERRITE_AT_PHDR) phdr = aux[1];
		if (aux[0] == FERRITE_AT_PHNUM) phnum = aux[1];
	}
	U_CHECK(pagesz == 4096 && entry == (unsigned long)_start && phnum > 0);
	U_CHECK(phdr && *(unsigned int *)phdr == 1); /* the first program header: PT_LOAD */
	U_CHECK(random_at && (((unsigned long *)random_at)[0] | ((unsigned long *)random_at)[1]));
}

int main(int argc, char **argv)
{
	struct ferrite_timespec a, b, req;
	unsigned char rnd[64];
	int nonzero = 0;
	long r;
	check_start_state(argv, argc);
	U_CHECK(ferrite_getpid() > 0);
	U_CHECK(ferrite_clock_gettime(FERRITE_CLOCK_MONOTONIC, &a) == 0);
	req.tv_sec = 0;
	req.tv_nsec = 20000000; /* 20 ms */
	U_CHECK(ferrite_nanosleep(&req, 0) == 0);
	U_CHECK(ferrite_clock_gettime(FERRITE_CLOCK_MONOTONIC, &b) == 0);
	U_CHECK((b.tv_sec - a.tv_sec) * 1000000000l + (b.tv_nsec - a.tv_nsec) >= 20000000l);
	U_CHECK(ferrite_clock_gettime(FERRITE_CLOCK_REALTIME, &a) == 0 && a.tv_sec > 1700000000l);
	U_CHECK(ferrite_clock_gettime(99, &a) == -FERRITE_EINVAL);
	U_CHECK(ferrite_getrandom(rnd, sizeof(rnd), 0) == (long)sizeof(rnd));
	for (unsigned i = 0; i < sizeof(rnd); i++)
		nonzero += rnd[i] != 0;
	U_CHECK(nonzero > 48);
	/* bad pointers: NULL, unmapped user memory, kernel memory, a range running off the end */
	U_CHECK(ferrite_debug_write((const char *)16, 4) == -FERRITE_EFAULT);
	U_CHECK(ferrite_debug_write((const char *)0x7fff00000000ul, 4) == -FERRITE_EFAULT);
	U_CHECK(ferrite_debug_write((const char *)0xffffffff80200000ul, 4) == -FERRITE_EFAULT);
	U_CHECK(ferrite_getrandom((void *)0x7ffffffffff0ul, 64, 0) == -FERRITE_EFAULT);
	U_CHECK(ferrite_clock_gettime(FERRITE_CLOCK_MONOTONIC, (struct ferrite_timespec *)8) == -FERRITE_EFAULT);
	req.tv_nsec = 1000000000l;
	U_CHECK(ferrite_nanosleep(&req, 0) == -FERRITE_EINVAL);
	U_CHECK(ferrite_set_fs_base(0xffff800000000000ul) == -FERRITE_EINVAL);
	U_CHECK(ferrite_set_fs_base(0x1000) == 0);
	/* a Linux call number (write) and a number past the list */
	r = u_linux_call(1);
	U_CHECK(r == -FERRITE_ENOSYS);
	U_CHECK(u_linux_call(9999) == -FERRITE_ENOSYS);
	U_CHECK(ferrite_sched_yield() == 0);
	u_puts(u_failures ? "syscalls: FAILED\n" : "syscalls: all checks passed\n");
	return u_failures;
}
