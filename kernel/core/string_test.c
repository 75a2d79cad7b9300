/* kernel/core/string_test.c: tests of the kernel's string functions and command line words. */
#include "ktest.h"

KTEST(string_memmove_overlaps)
{
	char b[16] = "abcdefgh";
	memmove(b + 2, b, 6);
	KEXPECT(memcmp(b, "ababcdef", 8) == 0);
	memmove(b, b + 3, 5);
	KEXPECT(memcmp(b, "bcdefdef", 8) == 0);
}

KTEST(string_compare_and_search)
{
	KEXPECT(strcmp("abc", "abd") < 0);
	KEXPECT(strcmp("b", "abc") > 0);
	KEXPECT(strcmp("\xff", "a") > 0); /* bytes compare unsigned */
	KEXPECT(strncmp("abcX", "abcY", 3) == 0);
	KEXPECT_EQ_U64(strlen(""), 0);
	KEXPECT_EQ_U64(strnlen("abcdef", 4), 4);
	KEXPECT_EQ_STR(strstr("selftest=printf", "="), "=printf");
	KEXPECT(strstr("abc", "abd") == NULL);
}

KTEST(cmdline_whole_words)
{
	KEXPECT(cmdline_has("build/boot/loader.elf selftest", "selftest"));
	KEXPECT(cmdline_has("selftest quiet", "selftest"));
	KEXPECT(!cmdline_has("selftests", "selftest"));
	KEXPECT(!cmdline_has("noselftest", "selftest"));
	KEXPECT(!cmdline_has("", "selftest"));
	KEXPECT(!cmdline_has("a b", ""));
}
