/* utils/lib/util.c: the helpers the command-line tools share (see util.h): names and messages,
 * allocation, paths, numbers and sizes for people. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

const char *util_prog = "?";
static const char *util_usage_text = "";

void util_init(int argc, char **argv, const char *name, const char *usage)
{
	util_prog = name;
	util_usage_text = usage;
	if (argc > 1 && !strcmp(argv[1], "--help")) {
		fputs(usage, stdout);
		exit(fflush(stdout) ? 1 : 0);
	}
}

int util_usage(int status)
{
	const char *nl = strchr(util_usage_text, '\n');
	int len = nl ? (int)(nl - util_usage_text) : (int)strlen(util_usage_text);
	fprintf(stderr, "%.*s\n(%s --help says more)\n", len, util_usage_text, util_prog);
	return status;
}

void util_warn(const char *what)
{
	int e = errno;
	fprintf(stderr, "%s: %s: %s\n", util_prog, what, strerror(e));
	errno = e;
}

static void util_vmsg(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", util_prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void util_msg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	util_vmsg(fmt, ap);
	va_end(ap);
}

void util_die(int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	util_vmsg(fmt, ap);
	va_end(ap);
	exit(status);
}

void *util_alloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		util_die(1, "out of memory");
	return p;
}

void *util_realloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		util_die(1, "out of memory");
	return p;
}

char *util_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(util_alloc(n), s, n);
}

char *util_join(const char *dir, const char *name)
{
	size_t d = strlen(dir), n = strlen(name);
	char *p = util_alloc(d + n + 2);
	memcpy(p, dir, d);
	if (d && dir[d - 1] != '/')
		p[d++] = '/';
	memcpy(p + d, name, n + 1);
	return p;
}

char *util_human(char *buf, uint64_t n)
{
	static const char units[] = "KMGTPE";
	uint64_t div = 1;
	int u = -1;
	if (n < 1024) {
		snprintf(buf, 16, "%llu", (unsigned long long)n);
		return buf;
	}
	while (u < 5 && n >= div * 1024) {
		div *= 1024;
		u++;
	}
	/* tenths, rounded up; under 10 one decimal is shown, else whole units rounded up */
	uint64_t tenths = (n / div) * 10 + ((n % div) * 10 + div - 1) / div;
	if (tenths < 100) {
		snprintf(buf, 16, "%llu.%llu%c", (unsigned long long)(tenths / 10),
			(unsigned long long)(tenths % 10), units[u]);
		return buf;
	}
	uint64_t whole = (n + div - 1) / div;
	if (whole >= 1024 && u < 5) {
		snprintf(buf, 16, "1.0%c", units[u + 1]);
		return buf;
	}
	snprintf(buf, 16, "%llu%c", (unsigned long long)whole, units[u]);
	return buf;
}

int util_parse_long(const char *s, long long *out)
{
	char *end;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return (!*s || *end || errno) ? -1 : 0;
}
