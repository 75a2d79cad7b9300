/* utils/pwd.c: pwd, the current directory: pwd [-L|-P]. -L (the default) prints $PWD when it
 * names the current directory by an absolute path without . or .., else the physical path. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "lib/util.h"

static const char pwd_help[] =
	"usage: pwd [-L|-P]\n"
	"Prints the current directory's absolute path.\n"
	"  -L  the logical path, $PWD, if it names this directory (the default)\n"
	"  -P  the physical path, with no symbolic links\n"
	"Exit status: 0, or 1 on an error.\n";

/* Does $PWD name the current directory by a clean absolute path? */
static int pwd_env_ok(const char *p)
{
	struct stat a, b;
	if (!p || p[0] != '/' || strstr(p, "/./") || strstr(p, "/../"))
		return 0;
	size_t n = strlen(p);
	if ((n >= 2 && !strcmp(p + n - 2, "/.")) || (n >= 3 && !strcmp(p + n - 3, "/..")))
		return 0;
	return stat(p, &a) == 0 && stat(".", &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int main(int argc, char **argv)
{
	int c, logical = 1;
	char *buf;
	util_init(argc, argv, "pwd", pwd_help);
	while ((c = getopt(argc, argv, "+LP")) != -1) {
		if (c == '?')
			return util_usage(1);
		logical = c == 'L';
	}
	if (logical && pwd_env_ok(getenv("PWD"))) {
		puts(getenv("PWD"));
		return fflush(stdout) ? 1 : 0;
	}
	buf = getcwd(NULL, 0);
	if (!buf) {
		util_warn("getcwd");
		return 1;
	}
	puts(buf);
	free(buf);
	return fflush(stdout) ? 1 : 0;
}
