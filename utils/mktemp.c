/* utils/mktemp.c: mktemp, makes a new file or directory with a unique name:
 * mktemp [-dqu] [-p DIR] [TEMPLATE]. TEMPLATE ends in at least three X's (tmp.XXXXXXXXXX by
 * default, in $TMPDIR or /tmp then). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/util.h"

static const char mktemp_help[] =
	"usage: mktemp [-dqu] [-p DIR] [TEMPLATE]\n"
	"Makes a new empty file (mode 600) named by TEMPLATE with its trailing X's replaced,\n"
	"and prints its name. Without TEMPLATE: tmp.XXXXXXXXXX in $TMPDIR, or /tmp.\n"
	"  -d      make a directory (mode 700)     -q  no message on a failure\n"
	"  -p DIR  make it in DIR                  -u  make nothing, only print a name (unsafe)\n"
	"Exit status: 0, or 1 if nothing could be made.\n";

int main(int argc, char **argv)
{
	int c, dir = 0, quiet = 0, dry = 0;
	const char *base = NULL, *tmpl = "tmp.XXXXXXXXXX";
	util_init(argc, argv, "mktemp", mktemp_help);
	while ((c = getopt(argc, argv, "+dqup:t")) != -1) {
		if (c == 'd') dir = 1;
		else if (c == 'q') quiet = 1;
		else if (c == 'u') dry = 1;
		else if (c == 'p') base = optarg;
		else if (c != 't') return util_usage(1);
	}
	if (argc - optind > 1)
		return util_usage(1);
	if (optind < argc)
		tmpl = argv[optind];
	else if (!base)
		base = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	size_t n = strlen(tmpl);
	if (n < 3 || strcmp(tmpl + n - 3, "XXX")) {
		if (!quiet)
			util_msg("too few X's in template '%s'", tmpl);
		return 1;
	}
	char *path = base && !strchr(tmpl, '/') ? util_join(base, tmpl) : util_strdup(tmpl);
	if (dir) {
		if (!mkdtemp(path)) {
			if (!quiet)
				util_warn(path);
			return 1;
		}
	} else {
		int fd = mkstemp(path);
		if (fd < 0) {
			if (!quiet)
				util_warn(path);
			return 1;
		}
		close(fd);
		if (dry)
			unlink(path);
	}
	if (dry && dir)
		rmdir(path);
	puts(path);
	free(path);
	return fflush(stdout) ? 1 : 0;
}
