/* utils/dirname.c: dirname, a path without its last part: dirname PATH (POSIX's steps; `.`
 * when PATH has no slash). */
#include <stdio.h>
#include <string.h>
#include "lib/util.h"

static const char dirname_help[] =
	"usage: dirname PATH\n"
	"Prints PATH without its last component and trailing slashes (. if nothing is left).\n"
	"Exit status: 0, or 1 on a wrong command line.\n";

int main(int argc, char **argv)
{
	char *p;
	size_t n;
	util_init(argc, argv, "dirname", dirname_help);
	if (argc > 1 && !strcmp(argv[1], "--"))
		argv++, argc--;
	if (argc != 2)
		return util_usage(1);
	p = argv[1];
	n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		n--;
	while (n > 0 && p[n - 1] != '/')
		n--;
	if (n == 0) {
		puts(p[0] == '/' ? "/" : ".");
		return 0;
	}
	while (n > 1 && p[n - 1] == '/')
		n--;
	printf("%.*s\n", (int)n, p);
	return fflush(stdout) ? 1 : 0;
}
