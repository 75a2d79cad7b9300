/* utils/env.c: env, runs a command in a changed environment: env [-i] [-u NAME]...
 * [NAME=VALUE]... [COMMAND [ARG...]]; with no COMMAND it prints the environment. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/util.h"

static const char env_help[] =
	"usage: env [-i] [-u NAME]... [NAME=VALUE]... [COMMAND [ARG...]]\n"
	"Runs COMMAND (found through PATH) with the environment changed; prints the environment\n"
	"when there is no COMMAND.\n"
	"  -i       start from an empty environment\n"
	"  -u NAME  remove NAME\n"
	"Exit status: COMMAND's; 126 if it could not be run, 127 if it was not found.\n";

extern char **environ;

int main(int argc, char **argv)
{
	int c;
	util_init(argc, argv, "env", env_help);
	while ((c = getopt(argc, argv, "+iu:")) != -1) {
		if (c == 'i') {
			static char *none[1];
			environ = none;
		} else if (c == 'u')
			unsetenv(optarg);
		else
			return util_usage(125);
	}
	if (optind < argc && !strcmp(argv[optind], "-")) { /* the old spelling of -i */
		static char *none[1];
		environ = none;
		optind++;
	}
	for (; optind < argc && strchr(argv[optind], '='); optind++)
		if (putenv(argv[optind])) {
			util_warn(argv[optind]);
			return 125;
		}
	if (optind == argc) {
		for (char **e = environ; *e; e++)
			puts(*e);
		return fflush(stdout) ? 1 : 0;
	}
	execvp(argv[optind], argv + optind);
	c = errno == ENOENT ? 127 : 126;
	util_warn(argv[optind]);
	return c;
}
