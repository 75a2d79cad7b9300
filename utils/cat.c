/* utils/cat.c: cat, copies files (or standard input, `-`) to standard output:
 * cat [-u] [-n] [FILE...]. Bytes pass unchanged; -n numbers the lines. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "lib/util.h"

static const char cat_help[] =
	"usage: cat [-nu] [FILE...]\n"
	"Writes each FILE (standard input for - or none) to standard output.\n"
	"  -n  number the output lines\n"
	"  -u  unbuffered (always: the bytes are written as they are read)\n"
	"Exit status: 0, or 1 if a file could not be read.\n";

static int cat_number; /* -n */
static unsigned long cat_line = 1;
static int cat_at_line_start = 1;

static int cat_write_all(const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(1, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			util_warn("write error");
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Copies the bytes, with line numbers for -n (buffered through stdio then). */
static int cat_chunk(const char *p, size_t n)
{
	if (!cat_number)
		return cat_write_all(p, n);
	for (size_t i = 0; i < n; i++) {
		if (cat_at_line_start)
			printf("%6lu\t", cat_line++);
		putchar(p[i]);
		cat_at_line_start = p[i] == '\n';
	}
	return 0;
}

static int cat_fd(int fd, const char *name)
{
	char buf[16384];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			util_warn(name);
			return 1;
		}
		if (n == 0)
			return 0;
		if (cat_chunk(buf, (size_t)n))
			return 2;
	}
}

int main(int argc, char **argv)
{
	int c, status = 0;
	util_init(argc, argv, "cat", cat_help);
	while ((c = getopt(argc, argv, "+nu")) != -1) {
		if (c == 'n')
			cat_number = 1;
		else if (c != 'u')
			return util_usage(1);
	}
	if (optind == argc)
		argv[--optind] = "-";
	for (int i = optind; i < argc; i++) {
		int fd = strcmp(argv[i], "-") ? open(argv[i], O_RDONLY) : 0;
		int r;
		if (fd < 0) {
			util_warn(argv[i]);
			status = 1;
			continue;
		}
		r = cat_fd(fd, argv[i]);
		if (fd)
			close(fd);
		if (r == 2)
			return 1;
		status |= r;
	}
	if (fflush(stdout)) {
		util_warn("write error");
		return 1;
	}
	return status;
}
