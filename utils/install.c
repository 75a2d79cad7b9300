/* utils/install.c: install, copies files and sets their mode: install [-cCsv] [-m MODE]
 * [-o OWNER] [-g GROUP] SOURCE... DEST, install -d [-m MODE] DIR..., install -D ... (parents
 * made). The copy is written beside the target and renamed over it, so a running program
 * being replaced keeps its old file. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "lib/util.h"

static const char install_help[] =
	"usage: install [-cDv] [-m MODE] [-o OWNER] [-g GROUP] SOURCE DEST\n"
	"       install [-cDv] [-m MODE] [-o OWNER] [-g GROUP] SOURCE... DIR\n"
	"       install -d [-v] [-m MODE] [-o OWNER] [-g GROUP] DIR...\n"
	"Copies each SOURCE to DEST (or into DIR) and sets its mode (755 unless -m).\n"
	"  -d  make the DIRs (and their parents)     -D  make DEST's parents first\n"
	"  -m MODE  the mode (octal or symbolic)     -o OWNER, -g GROUP  the owner, the group\n"
	"  -v  say what is done                      -c -s  accepted and ignored\n"
	"Exit status: 0, or 1 if something could not be installed.\n";

static mode_t inst_mode = 0755;
static uid_t inst_uid = (uid_t)-1;
static gid_t inst_gid = (gid_t)-1;
static int inst_verbose;

static int inst_attrs(const char *path)
{
	if ((inst_uid != (uid_t)-1 || inst_gid != (gid_t)-1) && chown(path, inst_uid, inst_gid) < 0) {
		util_warn(path);
		return 1;
	}
	if (chmod(path, inst_mode) < 0) {
		util_warn(path);
		return 1;
	}
	return 0;
}

/* mkdir -p PATH (the last one with 0755 before inst_attrs sets its mode). */
static int inst_mkdirs(char *path)
{
	if (!*path) {
		errno = ENOENT;
		util_warn(path);
		return 1;
	}
	for (char *p = path + 1;; p++) {
		if (*p && *p != '/')
			continue;
		char ch = *p;
		*p = 0;
		struct stat st;
		if (mkdir(path, 0755) < 0 && !(errno == EEXIST && stat(path, &st) == 0 &&
		    S_ISDIR(st.st_mode))) {
			util_warn(path);
			*p = ch;
			return 1;
		}
		*p = ch;
		if (!ch)
			return 0;
	}
}

static int inst_copy(const char *src, const char *dest)
{
	char *tmp = util_alloc(strlen(dest) + 16);
	char buf[65536];
	int in = open(src, O_RDONLY), out, status = 0;
	ssize_t n;
	if (in < 0) {
		util_warn(src);
		free(tmp);
		return 1;
	}
	sprintf(tmp, "%s.instXXXXXX", dest);
	out = mkstemp(tmp);
	if (out < 0) {
		util_warn(tmp);
		close(in);
		free(tmp);
		return 1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			status = 1;
			break;
		}
	if (n < 0 || status || close(out) < 0) {
		util_warn(n < 0 ? src : dest);
		unlink(tmp);
		close(in);
		free(tmp);
		return 1;
	}
	close(in);
	status = inst_attrs(tmp);
	if (!status && rename(tmp, dest) < 0) {
		util_warn(dest);
		status = 1;
	}
	if (status)
		unlink(tmp);
	else if (inst_verbose)
		printf("'%s' -> '%s'\n", src, dest);
	free(tmp);
	return status;
}

int main(int argc, char **argv)
{
	int c, dirs = 0, parents = 0, status = 0;
	struct stat st;
	util_init(argc, argv, "install", install_help);
	while ((c = getopt(argc, argv, "+cCdDsvm:o:g:")) != -1) {
		switch (c) {
		case 'c': case 'C': case 's': break;
		case 'd': dirs = 1; break;
		case 'D': parents = 1; break;
		case 'v': inst_verbose = 1; break;
		case 'm': {
			long m = util_mode(optarg, 0, 0);
			if (m < 0)
				util_die(1, "invalid mode: %s", optarg);
			inst_mode = (mode_t)m;
			break;
		}
		case 'o': {
			struct passwd *pw = getpwnam(optarg);
			long long v;
			if (pw) inst_uid = pw->pw_uid;
			else if (!util_parse_long(optarg, &v)) inst_uid = (uid_t)v;
			else util_die(1, "unknown user: %s", optarg);
			break;
		}
		case 'g': {
			struct group *gr = getgrnam(optarg);
			long long v;
			if (gr) inst_gid = gr->gr_gid;
			else if (!util_parse_long(optarg, &v)) inst_gid = (gid_t)v;
			else util_die(1, "unknown group: %s", optarg);
			break;
		}
		default: return util_usage(1);
		}
	}
	int n = argc - optind;
	if (dirs) {
		if (n < 1)
			return util_usage(1);
		for (int i = optind; i < argc; i++)
			status |= inst_mkdirs(argv[i]) || inst_attrs(argv[i]);
		return status;
	}
	if (n < 2)
		return util_usage(1);
	char *dest = argv[argc - 1];
	if (parents) {
		char *d = util_strdup(dest), *slash = strrchr(d, '/');
		if (n > 2)
			status = inst_mkdirs(d);
		else if (slash && slash != d) {
			*slash = 0;
			status = inst_mkdirs(d);
		}
		free(d);
		if (status)
			return 1;
	}
	int isdir = stat(dest, &st) == 0 && S_ISDIR(st.st_mode);
	if (n > 2 && !isdir) {
		errno = ENOTDIR;
		util_warn(dest);
		return 1;
	}
	for (int i = optind; i < argc - 1; i++) {
		if (!isdir) {
			status |= inst_copy(argv[i], dest);
			continue;
		}
		const char *base = strrchr(argv[i], '/');
		char *to = util_join(dest, base ? base + 1 : argv[i]);
		status |= inst_copy(argv[i], to);
		free(to);
	}
	return fflush(stdout) ? 1 : status;
}
