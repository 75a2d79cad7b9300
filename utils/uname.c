/* utils/uname.c: uname, the system's names: uname [-amnrsv] (-s alone by default; -a is
 * -snrvm in that order). */
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "lib/util.h"

static const char uname_help[] =
	"usage: uname [-amnrsv]\n"
	"Prints the system's names, in this order:\n"
	"  -s  the system (the default)   -n  the node (host) name   -r  the release\n"
	"  -v  the version (the build)    -m  the machine             -a  all of them\n"
	"Exit status: 0, or 1 on an error.\n";

int main(int argc, char **argv)
{
	int c, which = 0, first = 1;
	struct utsname u;
	util_init(argc, argv, "uname", uname_help);
	while ((c = getopt(argc, argv, "+amnrsv")) != -1) {
		switch (c) {
		case 'a': which |= 31; break;
		case 's': which |= 1; break;
		case 'n': which |= 2; break;
		case 'r': which |= 4; break;
		case 'v': which |= 8; break;
		case 'm': which |= 16; break;
		default: return util_usage(1);
		}
	}
	if (optind < argc)
		return util_usage(1);
	if (uname(&u) < 0) {
		util_warn("uname");
		return 1;
	}
	const char *field[5] = { u.sysname, u.nodename, u.release, u.version, u.machine };
	if (!which)
		which = 1;
	for (int i = 0; i < 5; i++)
		if (which & (1 << i)) {
			printf("%s%s", first ? "" : " ", field[i]);
			first = 0;
		}
	putchar('\n');
	return fflush(stdout) ? 1 : 0;
}
