/* kernel/core/printf_test.c: tests of kvformat and its front ends (kernel and host). */
#include "ktest.h"

static const char *fmt1(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kvsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return buf;
}

KTEST(printf_integers)
{
	char b[64];
	KEXPECT_EQ_STR(fmt1(b, sizeof(b), "%d %i %u", -42, 7, 3000000000u), "-42 7 3000000000");
	KEXPECT_EQ_STR(fmt1(b, sizeof(b), "%ld %lu", -9223372036854775807L - 1, 18446744073709551615UL),
		"-9223372036854775808 18446744073709551615");
	KEXPECT_EQ_STR(fmt1(b, sizeof(b), "%x %X %o %#x %#o", 0xbeefu, 0xbeefu, 8u, 255u, 8u),
		"beef BEEF 10 0xff 010");
	KEXPECT_EQ_STR(fmt1(b, sizeof(b), "%hhd %hu %zu", 300, 70000, (size_t)12), "44 4464 12");
	KEXPECT_EQ_STR(fmt1(b, sizeof(b), "%#x %d", 0u, 0), "0 0");
}

KTEST(printf_width_and_flags)
{
	char b[64];
	KEXPECT_EQ_STR(fmt1(b, sizeof(b), "[%5d|%-5d|%05d]", 42, 42, -42), "[   42|42   |-0042]");
	KEXPECT_EQ_STR(fmt1(b, sizeof(b), "[%+d|% d|%.3d|%8.3d]", 5, 5, 7, -7), "[+5| 5|007|    -007]");
	KEXPECT_EQ_STR(fmt1(b, sizeof(b), "[%*d|%-*d]", 4, 1, 3, 2), "[   1|2  ]");
	KEXPECT_EQ_STR(fmt1(b, sizeof(b), "%#018lx", 0xffffffff80200000UL), "0xffffffff80200000");
	KEXPECT_EQ_STR(fmt1(b, sizeof(b), "%#010x", 0x1234u), "0x00001234");
	KEXPECT_EQ_STR(fmt1(b, sizeof(b), "%.0d|%.0x", 0, 0u), "|");
}

KTEST(printf_strings_and_chars)
{
	char b[64];
	KEXPECT_EQ_STR(fmt1(b, sizeof(b), "[%s|%6s|%-6s|%.2s]", "abc", "abc", "abc", "abc"),
		"[abc|   abc|abc   |ab]");
	KEXPECT_EQ_STR(fmt1(b, sizeof(b), "%s", (char *)NULL), "(null)");
	KEXPECT_EQ_STR(fmt1(b, sizeof(b), "%c%c%3c", 'o', 'k', '!'), "ok  !");
	KEXPECT_EQ_STR(fmt1(b, sizeof(b), "100%%"), "100%");
	KEXPECT_EQ_STR(fmt1(b, sizeof(b), "%p", (void *)0x1000), "0x1000");
}

KTEST(printf_truncation)
{
	char b[8];
	memset(b, 'X', sizeof(b));
	KEXPECT_EQ_U64(ksnprintf(b, sizeof(b), "%s", "0123456789"), 10);
	KEXPECT_EQ_STR(b, "0123456");
	KEXPECT_EQ_U64(ksnprintf(b, 1, "abc"), 3);
	KEXPECT(b[0] == 0);
	KEXPECT_EQ_U64(ksnprintf(NULL, 0, "%d", 12345), 5);
}

KTEST(printf_unknown_conversion_is_shown)
{
	char b[32];
	KEXPECT_EQ_STR(fmt1(b, sizeof(b), "a%qb%d", 1), "a%qb1");
}
