/* kernel/host/printf_libc_test.c: host only: kvformat against the C library's snprintf over
 * every combination of flags, widths, precisions and a spread of values. */
#include <stdio.h>
#include "ktest.h"

static const char *const plf_flags[] = { "", "-", "0", "#", "+", " ", "-#", "0#", "+0" };
static const char *const plf_widths[] = { "", "1", "5", "12", "22" };
static const char *const plf_precs[] = { "", ".0", ".1", ".3", ".20" };
static const char plf_convs[] = "dixXou";
static const long plf_values[] = { 0, 1, -1, 7, 42, -42, 255, 4096, 2147483647L, -2147483647L - 1,
	9223372036854775807L, -9223372036854775807L - 1, 0x123456789abcL };

static int plf_compare(const char *fmt, long v)
{
	char want[128], got[128];
	int wn = snprintf(want, sizeof(want), fmt, v);
	int gn = ksnprintf(got, sizeof(got), fmt, v);
	if (wn == gn && strcmp(want, got) == 0)
		return 0;
	kprintf("    format \"%s\" value %ld: libc \"%s\" (%d), kvformat \"%s\" (%d)\n", fmt, v, want,
		wn, got, gn);
	return 1;
}

KTEST(printf_matches_libc_snprintf)
{
	char fmt[32];
	int bad = 0, n = 0;
	for (size_t f = 0; f < ARRAY_SIZE(plf_flags); f++)
		for (size_t w = 0; w < ARRAY_SIZE(plf_widths); w++)
			for (size_t p = 0; p < ARRAY_SIZE(plf_precs); p++)
				for (const char *c = plf_convs; *c; c++)
					for (size_t v = 0; v < ARRAY_SIZE(plf_values); v++) {
						/* '+' and ' ' mean nothing for unsigned conversions in C */
						ksnprintf(fmt, sizeof(fmt), "%%%s%s%sl%c", plf_flags[f], plf_widths[w],
							plf_precs[p], *c);
						if (bad < 10)
							bad += plf_compare(fmt, plf_values[v]);
						n++;
					}
	KEXPECT(bad == 0);
	KEXPECT(n > 10000);
}
