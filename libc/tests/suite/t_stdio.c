/* libc/tests/suite/t_stdio.c: formatted output and input, memory streams, buffering, streams
 * on pipes, files in a writable directory. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lt.h"

static void stdio_printf_formats(void)
{
	char b[256];
	snprintf(b, sizeof(b), "%d|%5d|%-5d|%05d|%x|%X|%o|%u", -42, 7, 7, 42, 255, 255, 8, 3000000000u);
	LT_CHECK(!strcmp(b, "-42|    7|7    |00042|ff|FF|10|3000000000"));
	snprintf(b, sizeof(b), "%s|%.3s|%10s|%c|%%|%ld|%lld", "abc", "abcdef", "r", 'z', -1L, 1LL << 40);
	LT_CHECK(!strcmp(b, "abc|abc|         r|z|%|-1|1099511627776"));
	snprintf(b, sizeof(b), "%.2f|%e|%g|%g|%.0f", 3.14159, 12345.678, 0.0001, 1e20, 2.5);
	LT_CHECK(!strcmp(b, "3.14|1.234568e+04|0.0001|1e+20|2"));
	snprintf(b, sizeof(b), "%a", 1.0);
	LT_CHECK(!strcmp(b, "0x1p+0"));
	{
		const char *volatile six = "abcdef"; /* not a constant gcc would warn about */
		LT_EQ(snprintf(b, 4, "%s", six), 6); /* the length it wanted */
	}
	LT_CHECK(!strcmp(b, "abc"));
	snprintf(b, sizeof(b), "%.17g", 0.1);
	LT_CHECK(!strcmp(b, "0.10000000000000001"));
	snprintf(b, sizeof(b), "%Lf", 1.5L);
	LT_CHECK(!strcmp(b, "1.500000"));
}

static void stdio_scanf(void)
{
	int a = 0, n = 0;
	char w[16];
	double d = 0;
	unsigned x = 0;
	LT_EQ(sscanf("12 word 3.5 ff", "%d %15s %lf %x%n", &a, w, &d, &x, &n), 4);
	LT_EQ(a, 12);
	LT_CHECK(!strcmp(w, "word"));
	LT_CHECK(d == 3.5);
	LT_EQ(x, 255);
	LT_EQ(n, 14);
	LT_EQ(sscanf("abc", "%d", &a), 0);
	LT_EQ(sscanf("", "%d", &a), EOF);
}

static void stdio_memstream(void)
{
	char *buf = NULL, small[32];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	LT_CHECK(f != NULL);
	for (int i = 0; i < 1000; i++)
		fprintf(f, "%d,", i);
	fclose(f);
	LT_CHECK(len > 2000 && buf && !strncmp(buf, "0,1,2,", 6) && buf[len - 1] == ',');
	free(buf);
	f = fmemopen(small, sizeof(small), "w+");
	LT_CHECK(f != NULL);
	fputs("hello world", f);
	rewind(f);
	LT_CHECK(fgets(small + 20, 6, f) && !strcmp(small + 20, "hello"));
	fclose(f);
}

static void stdio_pipe_stream(void)
{
	int p[2];
	char line[64];
	FILE *w, *r;
	LT_EQ(pipe(p), 0);
	w = fdopen(p[1], "w");
	r = fdopen(p[0], "r");
	LT_CHECK(w && r);
	fprintf(w, "line one\nline %d\n", 2);
	fclose(w);
	LT_CHECK(fgets(line, sizeof(line), r) && !strcmp(line, "line one\n"));
	LT_CHECK(fgets(line, sizeof(line), r) && !strcmp(line, "line 2\n"));
	LT_CHECK(fgets(line, sizeof(line), r) == NULL && feof(r));
	LT_EQ(ungetc('x', r), 'x');
	LT_EQ(fgetc(r), 'x');
	fclose(r);
}

static void stdio_buffering(void)
{
	int p[2];
	char b[64] = { 0 };
	FILE *w;
	LT_EQ(pipe(p), 0);
	w = fdopen(p[1], "w");
	LT_EQ(setvbuf(w, NULL, _IOFBF, 4096), 0);
	fputs("held", w); /* fully buffered: nothing written yet */
	LT_EQ(fcntl_nonblock_read(p[0], b, sizeof(b)), -1);
	fflush(w);
	LT_EQ(read(p[0], b, sizeof(b)), 4);
	LT_CHECK(!memcmp(b, "held", 4));
	fclose(w);
	close(p[0]);
}

static void stdio_files(void)
{
	const char *d = lt_tmpdir();
	char path[512], b[64];
	FILE *f;
	if (!d)
		lt_skip("no writable directory (TMPDIR or /tmp)");
	snprintf(path, sizeof(path), "%s/lt-stdio-%d", d, (int)getpid());
	f = fopen(path, "w+");
	LT_CHECK(f != NULL);
	LT_EQ(fprintf(f, "0123456789"), 10);
	LT_EQ(fseek(f, 3, SEEK_SET), 0);
	LT_EQ(fgetc(f), '3');
	LT_EQ(ftell(f), 4);
	LT_EQ(fseek(f, 0, SEEK_END), 0);
	LT_EQ(ftell(f), 10);
	fclose(f);
	f = fopen(path, "a");
	fputs("ab", f);
	fclose(f);
	f = fopen(path, "r");
	LT_CHECK(fgets(b, sizeof(b), f) && !strcmp(b, "0123456789ab"));
	fclose(f);
	LT_EQ(remove(path), 0);
	LT_CHECK(fopen(path, "r") == NULL);
	f = tmpfile();
	LT_CHECK(f != NULL);
	fputs("tmp", f);
	rewind(f);
	LT_CHECK(fgets(b, sizeof(b), f) && !strcmp(b, "tmp"));
	fclose(f);
}

const struct lt_test lt_stdio_tests[] = {
	{ "stdio_printf_formats", stdio_printf_formats },
	{ "stdio_scanf", stdio_scanf },
	{ "stdio_memstream", stdio_memstream },
	{ "stdio_pipe_stream", stdio_pipe_stream },
	{ "stdio_buffering", stdio_buffering },
	{ "stdio_files", stdio_files },
	{ 0, 0 },
};
