/* utils/rm.c: rm, removes files: rm [-fiRr] FILE... -r removes directories and what they hold
 * (depth first, symbolic links themselves, never followed). `.` and `..` are refused. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "lib/util.h"

static const char rm_help[] =
	"usage: rm [-fiRr] FILE...\n"
	"Removes each FILE.\n"
	"  -f     no message for a missing FILE and no question; exit 0 then\n"
	"  -i     ask before each removal (answer y to remove)\n"
	"  -r -R  remove directories and everything under them\n"
	"Exit status: 0, or 1 if something could not be removed.\n";

static int rm_force, rm_ask, rm_recursive, rm_status;

static int rm_confirm(const char *what, const char *path)
{
	char *line = NULL;
	size_t cap = 0;
	int yes;
	if (!rm_ask)
		return 1;
	fprintf(stderr, "%s: %s '%s'? ", util_prog, what, path);
	yes = getline(&line, &cap, stdin) > 0 && (line[0] == 'y' || line[0] == 'Y');
	free(line);
	return yes;
}

static int rm_visit(struct util_walk *w, const char *path, const struct stat *st, int kind,
	int depth)
{
	(void)w;
	(void)st;
	(void)depth;
	switch (kind) {
	case UTIL_WALK_ERR:
		if (!(rm_force && errno == ENOENT)) {
			util_warn(path);
			rm_status = 1;
		}
		return UTIL_WALK_GO;
	case UTIL_WALK_PRE:
		return rm_confirm("descend into directory", path) ? UTIL_WALK_GO : UTIL_WALK_SKIP;
	case UTIL_WALK_POST:
		if (rm_confirm("remove directory", path) && rmdir(path) < 0) {
			util_warn(path);
			rm_status = 1;
		}
		return UTIL_WALK_GO;
	default:
		if (rm_confirm("remove", path) && unlink(path) < 0) {
			util_warn(path);
			rm_status = 1;
		}
		return UTIL_WALK_GO;
	}
}

/* Is the last component . or ..? */
static int rm_dot(const char *p)
{
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		n--;
	size_t s = n;
	while (s > 0 && p[s - 1] != '/')
		s--;
	return (n - s == 1 && p[s] == '.') || (n - s == 2 && p[s] == '.' && p[s + 1] == '.');
}

int main(int argc, char **argv)
{
	int c;
	struct util_walk w = { UTIL_FOLLOW_NONE, rm_visit, NULL, 0 };
	util_init(argc, argv, "rm", rm_help);
	while ((c = getopt(argc, argv, "+fiRr")) != -1) {
		if (c == 'f')
			rm_force = 1, rm_ask = 0;
		else if (c == 'i')
			rm_ask = 1, rm_force = 0;
		else if (c == 'r' || c == 'R')
			rm_recursive = 1;
		else
			return util_usage(1);
	}
	if (optind == argc && !rm_force)
		return util_usage(1);
	for (int i = optind; i < argc; i++) {
		struct stat st;
		if (rm_dot(argv[i])) {
			util_msg("refusing to remove '.' or '..': %s", argv[i]);
			rm_status = 1;
			continue;
		}
		if (lstat(argv[i], &st) < 0) {
			if (!(rm_force && errno == ENOENT)) {
				util_warn(argv[i]);
				rm_status = 1;
			}
			continue;
		}
		if (S_ISDIR(st.st_mode) && !rm_recursive) {
			util_msg("%s: is a directory", argv[i]);
			rm_status = 1;
			continue;
		}
		util_walk(&w, argv[i]);
	}
	return rm_status;
}
