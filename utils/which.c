/* utils/which.c: which, finds commands in PATH: which [-a] NAME... (the first executable
 * regular file PATH/NAME; a NAME with a slash is checked as it is). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "lib/util.h"

static const char which_help[] =
	"usage: which [-a] NAME...\n"
	"Prints the path of the program each NAME runs, looked up in PATH.\n"
	"  -a  every match in PATH, not just the first\n"
	"Exit status: 0 if every NAME was found, 1 otherwise.\n";

static int which_exec(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0;
}

int main(int argc, char **argv)
{
	int c, all = 0, status = 0;
	const char *path = getenv("PATH");
	util_init(argc, argv, "which", which_help);
	while ((c = getopt(argc, argv, "+a")) != -1) {
		if (c != 'a')
			return util_usage(2);
		all = 1;
	}
	if (optind == argc)
		return util_usage(2);
	if (!path)
		path = "/bin:/usr/bin";
	for (int i = optind; i < argc; i++) {
		int found = 0;
		if (strchr(argv[i], '/')) {
			if (which_exec(argv[i])) {
				puts(argv[i]);
				found = 1;
			}
		} else {
			for (const char *p = path;; p++) {
				const char *end = strchr(p, ':');
				size_t n = end ? (size_t)(end - p) : strlen(p);
				char *dir = util_alloc(n + 2);
				memcpy(dir, p, n);
				dir[n] = 0;
				char *full = util_join(n ? dir : ".", argv[i]);
				if (which_exec(full)) {
					puts(full);
					found = 1;
				}
				free(full);
				free(dir);
				if ((found && !all) || !end)
					break;
				p = end;
			}
		}
		if (!found)
			status = 1;
	}
	return fflush(stdout) ? 1 : status;
}
