/* selftest/user/ulib.h: the little the in-system test programs need before musl exists:
 * string output and checks that print what failed. Header-only, one copy per program. */
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

#endif
