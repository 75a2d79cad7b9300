/* utils/mkdir.c: mkdir, makes directories: mkdir [-p] [-m MODE] DIR... (-p: the missing
 * parents too, and no error for one that exists). MODE is octal or symbolic (as chmod's). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "lib/util.h"

static const char mkdir_help[] =
	"usage: mkdir [-p] [-m MODE] DIR...\n"
	"Makes each DIR.\n"
	"  -p       make missing parent directories too; an existing DIR is no error\n"
	"  -m MODE  the new directories' mode (octal, or symbolic such as u=rwx,go=rx)\n"
	"Exit status: 0, or 1 if a directory could not be made.\n";

static int mkdir_parents(char *path, mode_t mode)
{
	struct stat st;
	for (char *p = path + 1; *p; p++) {
		if (*p != '/' || p[-1] == '/')
			continue;
		*p = 0;
		if (mkdir(path, 0777) < 0 && errno != EEXIST) {
			util_warn(path);
			*p = '/';
			return 1;
		}
		*p = '/';
	}
	if (mkdir(path, mode) < 0) {
		if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			return 0;
		util_warn(path);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int c, parents = 0, status = 0;
	long mode = 0777;
	const char *mode_arg = NULL;
	util_init(argc, argv, "mkdir", mkdir_help);
	while ((c = getopt(argc, argv, "+pm:")) != -1) {
		if (c == 'p')
			parents = 1;
		else if (c == 'm')
			mode_arg = optarg;
		else
			return util_usage(1);
	}
	if (optind == argc)
		return util_usage(1);
	if (mode_arg) {
		mode_t mask = umask(0);
		umask(mask);
		mode = util_mode(mode_arg, 0777 & ~mask, 1);
		if (mode < 0) {
			util_msg("invalid mode: %s", mode_arg);
			return 1;
		}
	}
	for (int i = optind; i < argc; i++) {
		if (parents)
			status |= mkdir_parents(argv[i], (mode_t)mode);
		else if (mkdir(argv[i], (mode_t)mode) < 0) {
			util_warn(argv[i]);
			status = 1;
		}
		/* an explicit mode is not narrowed by the umask */
		if (mode_arg && chmod(argv[i], (mode_t)mode) < 0 && !status) {
			util_warn(argv[i]);
			status = 1;
		}
	}
	return status;
}
