/* utils/mv.c: mv, moves files: mv [-fi] SOURCE... DEST (into DEST when it is a directory).
 * A rename; across filesystems (EXDEV) the tree is copied with `cp -PpR` and the source then
 * removed with `rm -rf`, so what a copy keeps is what cp keeps. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "lib/util.h"

static const char mv_help[] =
	"usage: mv [-fi] SOURCE DEST\n"
	"       mv [-fi] SOURCE... DIR\n"
	"Renames SOURCE to DEST, or moves each SOURCE into DIR (copying it, then removing it,\n"
	"when DIR is on another filesystem).\n"
	"  -f  never ask (the default)\n"
	"  -i  ask before replacing an existing file (answer y)\n"
	"Exit status: 0, or 1 if something could not be moved.\n";

static int mv_ask;

static int mv_run(char *const argv[])
{
	int st;
	pid_t pid = fork();
	if (pid == 0) {
		execvp(argv[0], argv);
		util_warn(argv[0]);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static int mv_one(const char *src, const char *dest)
{
	struct stat st;
	if (mv_ask && lstat(dest, &st) == 0) {
		char *line = NULL;
		size_t cap = 0;
		int yes;
		fprintf(stderr, "%s: overwrite '%s'? ", util_prog, dest);
		yes = getline(&line, &cap, stdin) > 0 && (line[0] == 'y' || line[0] == 'Y');
		free(line);
		if (!yes)
			return 0;
	}
	if (rename(src, dest) == 0)
		return 0;
	if (errno != EXDEV) {
		fprintf(stderr, "%s: cannot move '%s' to '%s': %s\n", util_prog, src, dest,
			strerror(errno));
		return 1;
	}
	char *cp[] = { "cp", "-PpR", (char *)src, (char *)dest, NULL };
	char *rm[] = { "rm", "-rf", (char *)src, NULL };
	if (lstat(dest, &st) == 0 && S_ISDIR(st.st_mode)) {
		/* as rename would: a directory replaces only an empty directory, a file none */
		struct stat sst;
		if (lstat(src, &sst) == 0 && !S_ISDIR(sst.st_mode))
			errno = EISDIR;
		else if (rmdir(dest) == 0)
			errno = 0;
		if (errno) {
			fprintf(stderr, "%s: cannot move '%s' to '%s': %s\n", util_prog, src, dest,
				strerror(errno));
			return 1;
		}
	}
	return mv_run(cp) < 0 || mv_run(rm) < 0;
}

int main(int argc, char **argv)
{
	int c, status = 0;
	struct stat st;
	util_init(argc, argv, "mv", mv_help);
	while ((c = getopt(argc, argv, "+fi")) != -1) {
		if (c == '?')
			return util_usage(1);
		mv_ask = c == 'i';
	}
	if (argc - optind < 2)
		return util_usage(1);
	const char *dest = argv[argc - 1];
	int isdir = stat(dest, &st) == 0 && S_ISDIR(st.st_mode);
	if (argc - optind > 2 && !isdir) {
		errno = ENOTDIR;
		util_warn(dest);
		return 1;
	}
	for (int i = optind; i < argc - 1; i++) {
		if (!isdir) {
			status |= mv_one(argv[i], dest);
			continue;
		}
		char *base = util_strdup(argv[i]), *slash;
		size_t n = strlen(base);
		while (n > 1 && base[n - 1] == '/')
			base[--n] = 0;
		slash = strrchr(base, '/');
		char *to = util_join(dest, slash && slash[1] ? slash + 1 : base);
		status |= mv_one(argv[i], to);
		free(to);
		free(base);
	}
	return status;
}
