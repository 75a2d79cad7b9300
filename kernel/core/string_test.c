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

KTEST(cmdline_values)
{
	char b[8];
	uint64_t v = 0;
	KEXPECT(cmdline_get("a selftest hosttime=1795239060 x=1", "hosttime", b, sizeof(b)));
	KEXPECT_EQ_STR(b, "1795239"); /* truncated to the buffer */
	KEXPECT(cmdline_get("x=1 y=", "y", b, sizeof(b)) && b[0] == 0);
	KEXPECT(!cmdline_get("xhosttime=1", "hosttime", b, sizeof(b)));
	KEXPECT(kstrtou64("18446744073709551615", &v) && v == ~0ull);
	KEXPECT(!kstrtou64("18446744073709551616", &v));
	KEXPECT(!kstrtou64("12a", &v) && !kstrtou64("", &v));
}
