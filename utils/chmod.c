/* utils/chmod.c: chmod, changes modes: chmod [-R] MODE FILE... MODE is octal (644) or
 * symbolic (u+x,go-w, a=r, g=u ...: utils/lib/mode.c). -R changes whole trees (symbolic
 * links are not followed inside them). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "lib/util.h"

static const char chmod_help[] =
	"usage: chmod [-R] MODE FILE...\n"
	"Sets each FILE's mode. MODE is octal (755) or symbolic: clauses [ugoa]*[+-=][rwxXst]*\n"
	"or [ugoa]*[+-=][ugo], separated by commas (u+x,go-w).\n"
	"  -R  also everything under the directories named\n"
	"Exit status: 0, or 1 if a mode could not be changed.\n";

static const char *chmod_arg;
static int chmod_status;

static void chmod_one(const char *path, const struct stat *st)
{
	long mode = util_mode(chmod_arg, st->st_mode & 07777, S_ISDIR(st->st_mode));
	if (mode < 0)
		util_die(1, "invalid mode: %s", chmod_arg);
	if (chmod(path, (mode_t)mode) < 0) {
		util_warn(path);
		chmod_status = 1;
	}
}

static int chmod_visit(struct util_walk *w, const char *path, const struct stat *st, int kind,
	int depth)
{
	(void)w;
	if (kind == UTIL_WALK_ERR) {
		util_warn(path);
		chmod_status = 1;
	} else if (kind == UTIL_WALK_PRE || (kind == UTIL_WALK_FILE && (!S_ISLNK(st->st_mode) || !depth)))
		chmod_one(path, st);
	return UTIL_WALK_GO;
}

int main(int argc, char **argv)
{
	int recursive = 0;
	util_init(argc, argv, "chmod", chmod_help);
	/* not getopt: a mode such as -w or -x,u+r is an operand, not options */
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "-R"))
			recursive = 1;
		else
			break; /* a mode like -w */
	}
	if (argc - i < 2)
		return util_usage(1);
	chmod_arg = argv[i++];
	{
		struct stat probe = { 0 };
		if (util_mode(chmod_arg, probe.st_mode, 0) < 0)
			util_die(1, "invalid mode: %s", chmod_arg);
	}
	for (; i < argc; i++) {
		struct stat st;
		if (recursive) {
			struct util_walk w = { UTIL_FOLLOW_TOP, chmod_visit, NULL, 0 };
			util_walk(&w, argv[i]);
		} else if (stat(argv[i], &st) < 0) {
			util_warn(argv[i]);
			chmod_status = 1;
		} else
			chmod_one(argv[i], &st);
	}
	return chmod_status;
}
