/* utils/rmdir.c: rmdir, removes empty directories: rmdir [-p] DIR... (-p: then each parent
 * named in DIR, as long as it is empty). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "lib/util.h"

static const char rmdir_help[] =
	"usage: rmdir [-p] DIR...\n"
	"Removes each empty directory DIR.\n"
	"  -p  then remove the parents named in DIR (a/b/c: a/b/c, a/b, a)\n"
	"Exit status: 0, or 1 if a directory could not be removed.\n";

int main(int argc, char **argv)
{
	int c, parents = 0, status = 0;
	util_init(argc, argv, "rmdir", rmdir_help);
	while ((c = getopt(argc, argv, "+p")) != -1) {
		if (c != 'p')
			return util_usage(1);
		parents = 1;
	}
	if (optind == argc)
		return util_usage(1);
	for (int i = optind; i < argc; i++) {
		char *p = argv[i];
		if (rmdir(p) < 0) {
			util_warn(p);
			status = 1;
			continue;
		}
		while (parents) {
			char *s = strrchr(p, '/');
			while (s && s > p && s[-1] == '/')
				s--;
			if (!s || s == p)
				break;
			*s = 0;
			if (rmdir(p) < 0) {
				util_warn(p);
				status = 1;
				break;
			}
		}
	}
	return status;
}
