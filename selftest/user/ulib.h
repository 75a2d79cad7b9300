/* selftest/user/ulib.h: the little the in-system test programs need before musl exists:
 * string output, checks that print what failed, a signal restorer, clone with a function to
 * run, and a sleep. Header-only, one copy per program. */
#ifndef SELFTEST_ULIB_H
#define SELFTEST_ULIB_H

#include <stddef.h>
#include "syscalls.h"

static size_t u_strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

static void u_puts(const char *s)
{
	ferrite_debug_write(s, u_strlen(s));
}

static void u_putnum(long v)
{
	char b[24];
	int i = 23;
	unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
	b[i] = 0;
	do
		b[--i] = (char)('0' + u % 10);
	while ((u /= 10) && i > 1);
	if (v < 0)
		b[--i] = '-';
	u_puts(b + i);
}

static int u_failures;

#define U_CHECK(cond) u_check(!!(cond), #cond, __LINE__)

static void u_check(int ok, const char *what, int line)
{
	if (ok)
		return;
	u_failures++;
	u_puts("    user check failed at line ");
	u_putnum(line);
	u_puts(": ");
	u_puts(what);
	u_puts("\n");
}

/* The restorer a handler returns through (SA_RESTORER): sigreturn. */
_Static_assert(SYS_sigreturn == 4115, "u_restorer's number");
__asm__(".globl u_restorer\nu_restorer:\n\tmovl $4115, %eax\n\tsyscall\n\tud2\n");
void u_restorer(void);

/* u_clone(flags, stack, ptid, ctid, tls, fn, arg): the child starts fn(arg) on its stack and
 * leaves with exit_thread(fn's result). */
_Static_assert(SYS_clone == 4118 && SYS_exit_thread == 4119, "u_clone's numbers");
__asm__(".globl u_clone\nu_clone:\n"
	"\tmovq 8(%rsp), %rax\n\tsubq $16, %rsi\n\tmovq %r9, (%rsi)\n\tmovq %rax, 8(%rsi)\n"
	"\tmovq %rcx, %r10\n\tmovl $4118, %eax\n\tsyscall\n\ttestq %rax, %rax\n\tjnz 1f\n"
	"\tpopq %rax\n\tpopq %rdi\n\tandq $-16, %rsp\n\tcall *%rax\n\tmovl %eax, %edi\n"
	"\tmovl $4119, %eax\n\tsyscall\n\tud2\n1:\tret\n");
long u_clone(unsigned long flags, void *stack, int *ptid, int *ctid, unsigned long tls,
	int (*fn)(void *), void *arg);

static void u_sleep_ms(long ms)
{
	struct ferrite_timespec t;
	t.tv_sec = ms / 1000;
	t.tv_nsec = (ms % 1000) * 1000000;
	ferrite_nanosleep(&t, 0);
}

#endif
