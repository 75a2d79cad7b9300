/* libc/tests/suite/t_locale.c: the "C" locale and UTF-8 (musl's only other character set):
 * multibyte conversions both ways, MB_CUR_MAX, classification, wide formatting. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>
#include <ctype.h>
#include "lt.h"

static void locale_c(void)
{
	LT_CHECK(!strcmp(setlocale(LC_ALL, NULL), "C"));
	LT_CHECK(setlocale(LC_ALL, "C") && !strcmp(setlocale(LC_ALL, NULL), "C"));
	LT_EQ(MB_CUR_MAX, 1);
	LT_CHECK(isalpha('a') && !isalpha('1') && isdigit('7') && isspace('\t') && toupper('q') == 'Q');
	LT_CHECK(!strcmp(localeconv()->decimal_point, "."));
}

static void locale_utf8(void)
{
	mbstate_t st;
	wchar_t wc = 0, ws[8];
	char b[16];
	const char *e = "\xc3\xa9\xe2\x82\xac"; /* U+00E9, U+20AC */
	LT_CHECK(setlocale(LC_CTYPE, "C.UTF-8") != NULL);
	LT_EQ(MB_CUR_MAX, 4);
	memset(&st, 0, sizeof(st));
	LT_EQ(mbrtowc(&wc, e, 5, &st), 2);
	LT_EQ(wc, 0xe9);
	LT_EQ(mbrtowc(&wc, e + 2, 3, &st), 3);
	LT_EQ(wc, 0x20ac);
	LT_EQ(mbstowcs(ws, e, 8), 2);
	LT_EQ(wcrtomb(b, 0x1f600, &st), 4);
	LT_CHECK(!memcmp(b, "\xf0\x9f\x98\x80", 4));
	LT_EQ(mbrtowc(&wc, "\xff", 1, &st), (size_t)-1); /* not UTF-8 */
	LT_CHECK(iswalpha(0xe9) && towupper(0xe9) == 0xc9);
	snprintf(b, sizeof(b), "%ls", L"\x20ac!");
	LT_CHECK(!strcmp(b, "\xe2\x82\xac!"));
	LT_EQ(wcwidth(0x4e2d), 2);
}

const struct lt_test lt_locale_tests[] = {
	{ "locale_c", locale_c },
	{ "locale_utf8", locale_utf8 },
	{ 0, 0 },
};
