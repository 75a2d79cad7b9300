/* utils/ln.c: ln, makes links: ln [-fs] TARGET [LINK] or ln [-fs] TARGET... DIR. -s makes
 * symbolic links (TARGET kept as written); without -s, hard links. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "lib/util.h"

static const char ln_help[] =
	"usage: ln [-fsn] TARGET [LINK]\n"
	"       ln [-fsn] TARGET... DIR\n"
	"Makes LINK (or DIR/the TARGET's last part; ./that when no LINK is given) a link to TARGET.\n"
	"  -s  a symbolic link (TARGET is stored as written)\n"
	"  -f  remove an existing LINK first\n"
	"  -n  a LINK that is a symbolic link to a directory is replaced, not entered\n"
	"Exit status: 0, or 1 if a link could not be made.\n";

static int ln_sym, ln_force, ln_nodir;

static int ln_one(const char *target, const char *name)
{
	if (ln_force && unlink(name) < 0 && errno != ENOENT) {
		util_warn(name);
		return 1;
	}
	if ((ln_sym ? symlink(target, name) : link(target, name)) < 0) {
		fprintf(stderr, "%s: %s -> %s: %s\n", util_prog, name, target, strerror(errno));
		return 1;
	}
	return 0;
}

static char *ln_into(const char *dir, const char *target)
{
	char *base = util_strdup(target), *slash;
	size_t n = strlen(base);
	while (n > 1 && base[n - 1] == '/')
		base[--n] = 0;
	slash = strrchr(base, '/');
	char *to = util_join(dir, slash && slash[1] ? slash + 1 : base);
	free(base);
	return to;
}

int main(int argc, char **argv)
{
	int c, status = 0, n;
	struct stat st;
	util_init(argc, argv, "ln", ln_help);
	while ((c = getopt(argc, argv, "+fsn")) != -1) {
		if (c == 'f') ln_force = 1;
		else if (c == 's') ln_sym = 1;
		else if (c == 'n') ln_nodir = 1;
		else return util_usage(1);
	}
	n = argc - optind;
	if (n < 1)
		return util_usage(1);
	if (n == 1) {
		char *to = ln_into(".", argv[optind]);
		status = ln_one(argv[optind], to);
		free(to);
		return status;
	}
	const char *last = argv[argc - 1];
	int isdir = (ln_nodir ? lstat(last, &st) : stat(last, &st)) == 0 && S_ISDIR(st.st_mode);
	if (n == 2 && !isdir)
		return ln_one(argv[optind], last);
	if (!isdir) {
		errno = ENOTDIR;
		util_warn(last);
		return 1;
	}
	for (int i = optind; i < argc - 1; i++) {
		char *to = ln_into(last, argv[i]);
		status |= ln_one(argv[i], to);
		free(to);
	}
	return status;
}
