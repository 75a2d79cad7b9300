/* libc/tests/suite/t_string.c: string and memory functions, conversions, sorting. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "lt.h"

static void string_basic(void)
{
	char b[64], *save, *tok;
	LT_EQ(strlen("hello"), 5);
	LT_CHECK(strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0 && !strcmp("x", "x"));
	LT_CHECK(strncmp("abcX", "abcY", 3) == 0 && strcasecmp("HeLLo", "hello") == 0);
	LT_CHECK(!strcmp(strstr("haystack", "st"), "stack") && strstr("abc", "d") == NULL);
	LT_CHECK(!strcmp(strchr("a/b/c", '/'), "/b/c") && !strcmp(strrchr("a/b/c", '/'), "/c"));
	strcpy(b, "one,two,,three");
	tok = strtok_r(b, ",", &save);
	LT_CHECK(tok && !strcmp(tok, "one"));
	tok = strtok_r(NULL, ",", &save);
	LT_CHECK(tok && !strcmp(tok, "two"));
	tok = strtok_r(NULL, ",", &save);
	LT_CHECK(tok && !strcmp(tok, "three"));
	LT_CHECK(strtok_r(NULL, ",", &save) == NULL);
	LT_EQ(strspn("aabbc", "ab"), 4);
	LT_EQ(strcspn("hello world", " "), 5);
	tok = strdup("dup");
	LT_CHECK(tok && !strcmp(tok, "dup"));
	free(tok);
	LT_CHECK(!strcmp(strerror(ENOENT), "No such file or directory"));
}

static void string_memory(void)
{
	char b[32] = "0123456789";
	memmove(b + 2, b, 8); /* overlapping */
	LT_CHECK(!memcmp(b, "0101234567", 10));
	memmove(b, b + 2, 8);
	LT_CHECK(!memcmp(b, "01234567", 8));
	memset(b, 'x', 5);
	LT_CHECK(!memcmp(b, "xxxxx", 5));
	LT_CHECK(memchr(b, '7', 10) == b + 7);
	LT_CHECK(memcmp("a\0b", "a\0c", 3) < 0);
}

static void string_conversions(void)
{
	char *end;
	LT_EQ(strtol("  -123abc", &end, 10), -123);
	LT_CHECK(!strcmp(end, "abc"));
	LT_EQ(strtol("0x1f", NULL, 0), 31);
	LT_EQ(strtol("077", NULL, 0), 63);
	LT_CHECK(strtoul("4294967295", NULL, 10) == 4294967295ul);
	errno = 0;
	LT_CHECK(strtol("99999999999999999999", NULL, 10) == LONG_MAX && errno == ERANGE);
	LT_CHECK(strtod("2.5e3", NULL) == 2500.0);
	LT_CHECK(strtod("-0.125", NULL) == -0.125);
	LT_EQ(atoi("42"), 42);
}

static int string_cmp(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void string_sort(void)
{
	int v[100], key = 77, *hit;
	for (int i = 0; i < 100; i++)
		v[i] = (i * 37) % 100;
	qsort(v, 100, sizeof(int), string_cmp);
	for (int i = 0; i < 100; i++)
		LT_EQ(v[i], i);
	hit = bsearch(&key, v, 100, sizeof(int), string_cmp);
	LT_CHECK(hit && *hit == 77);
}

const struct lt_test lt_string_tests[] = {
	{ "string_basic", string_basic },
	{ "string_memory", string_memory },
	{ "string_conversions", string_conversions },
	{ "string_sort", string_sort },
	{ 0, 0 },
};
