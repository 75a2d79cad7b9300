/* utils/basename.c: basename, the last part of a path: basename PATH [SUFFIX] (POSIX's steps:
 * trailing slashes go, then everything up to the last slash, then SUFFIX if it is not all). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "lib/util.h"

static const char basename_help[] =
	"usage: basename PATH [SUFFIX]\n"
	"Prints PATH without its leading directories and trailing slashes, and without SUFFIX\n"
	"if it ends with it (unless that is all that is left).\n"
	"Exit status: 0, or 1 on a wrong command line.\n";

int main(int argc, char **argv)
{
	char *p, *s;
	size_t n;
	util_init(argc, argv, "basename", basename_help);
	if (argc > 1 && !strcmp(argv[1], "--"))
		argv++, argc--;
	if (argc < 2 || argc > 3)
		return util_usage(1);
	p = argv[1];
	n = strlen(p);
	if (n == 0) {
		puts("");
		return 0;
	}
	while (n > 1 && p[n - 1] == '/')
		p[--n] = 0;
	if (!strcmp(p, "/")) {
		puts("/");
		return 0;
	}
	s = strrchr(p, '/');
	if (s)
		p = s + 1;
	n = strlen(p);
	if (argc == 3) {
		size_t k = strlen(argv[2]);
		if (k < n && !strcmp(p + n - k, argv[2]))
			p[n - k] = 0;
	}
	puts(p);
	return fflush(stdout) ? 1 : 0;
}
