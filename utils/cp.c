/* utils/cp.c: cp, copies files: cp [-fipRrPLH] SOURCE... DEST. Into DEST when it is a
 * directory (or when there are several sources). -R copies trees: directories are made, files
 * copied, symbolic links copied as links (-L follows them, -H only those named). -p keeps
 * mode, owner (when allowed) and times. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "lib/util.h"

static const char cp_help[] =
	"usage: cp [-fip] SOURCE DEST\n"
	"       cp [-fip] SOURCE... DIR\n"
	"       cp -R [-fipHLP] SOURCE... DIR\n"
	"Copies each SOURCE to DEST, or into DIR.\n"
	"  -f     remove a DEST that cannot be opened, then try again\n"
	"  -i     ask before overwriting (answer y)\n"
	"  -p     keep the mode, owner and times\n"
	"  -R -r  copy directories and everything under them\n"
	"  -H -L -P  with -R: follow symbolic links named on the command line, all, none (default)\n"
	"Exit status: 0, or 1 if something could not be copied.\n";

static mode_t cp_umask;
static int cp_force, cp_ask, cp_keep, cp_recursive, cp_follow = UTIL_FOLLOW_NONE, cp_status;

struct cp_job {
	const char *src, *dest; /* the roots: a path under src is copied to the same under dest */
	dev_t dev;              /* the copy's top directory once made: the walk must not enter */
	ino_t ino;              /* it (cp -R dir dir/sub would copy its own copy forever) */
};

static int cp_ask_ok(const char *dest)
{
	char *line = NULL;
	size_t cap = 0;
	int yes;
	fprintf(stderr, "%s: overwrite '%s'? ", util_prog, dest);
	yes = getline(&line, &cap, stdin) > 0 && (line[0] == 'y' || line[0] == 'Y');
	free(line);
	return yes;
}

static void cp_attrs(const char *dest, const struct stat *st)
{
	struct timespec t[2];
	if (!cp_keep)
		return;
	t[0] = st->st_atim;
	t[1] = st->st_mtim;
	if (chown(dest, st->st_uid, st->st_gid) < 0 && errno != EPERM)
		util_warn(dest);
	if (chmod(dest, st->st_mode & 07777) < 0 || utimensat(AT_FDCWD, dest, t, 0) < 0) {
		util_warn(dest);
		cp_status = 1;
	}
}

static int cp_data(int in, int out)
{
	char buf[65536];
	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf)), w;
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return (int)n;
		for (char *p = buf; n > 0; p += w, n -= w) {
			w = write(out, p, (size_t)n);
			if (w < 0 && errno != EINTR)
				return -1;
			if (w < 0)
				w = 0;
		}
	}
}

static void cp_file(const char *src, const char *dest, const struct stat *st)
{
	int in, out;
	struct stat dst;
	if (stat(dest, &dst) == 0) {
		if (dst.st_dev == st->st_dev && dst.st_ino == st->st_ino && st->st_ino) {
			util_msg("'%s' and '%s' are the same file", src, dest);
			cp_status = 1;
			return;
		}
		if (cp_ask && !cp_ask_ok(dest))
			return;
	}
	in = open(src, O_RDONLY);
	if (in < 0) {
		util_warn(src);
		cp_status = 1;
		return;
	}
	out = open(dest, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 0777);
	if (out < 0 && cp_force && unlink(dest) == 0)
		out = open(dest, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 0777);
	if (out < 0) {
		util_warn(dest);
		cp_status = 1;
		close(in);
		return;
	}
	if (cp_data(in, out) < 0) {
		util_warn(src);
		cp_status = 1;
	}
	close(in);
	if (close(out) < 0) {
		util_warn(dest);
		cp_status = 1;
	}
	cp_attrs(dest, st);
}

static void cp_link(const char *src, const char *dest, const struct stat *st)
{
	char *target = util_alloc((size_t)st->st_size + 256);
	ssize_t n = readlink(src, target, (size_t)st->st_size + 255);
	if (n < 0) {
		util_warn(src);
		cp_status = 1;
	} else {
		target[n] = 0;
		if (cp_force)
			unlink(dest);
		if (symlink(target, dest) < 0) {
			util_warn(dest);
			cp_status = 1;
		}
	}
	free(target);
}

static int cp_visit(struct util_walk *w, const char *path, const struct stat *st, int kind,
	int depth)
{
	struct cp_job *job = w->ctx;
	char *dest = util_join(job->dest, path + strlen(job->src));
	struct stat dst;
	int r = UTIL_WALK_GO;
	if (!depth) {
		free(dest);
		dest = util_strdup(job->dest);
	}
	if (kind == UTIL_WALK_ERR) {
		util_warn(path);
		cp_status = 1;
	} else if (kind == UTIL_WALK_PRE) {
		if (depth && st->st_ino && st->st_dev == job->dev && st->st_ino == job->ino) {
			util_msg("cannot copy a directory, '%s', into itself, '%s'", job->src, job->dest);
			cp_status = 1;
			r = UTIL_WALK_SKIP; /* the copy itself, made inside the source */
		} else if (stat(dest, &dst) == 0 && dst.st_dev == st->st_dev &&
			   dst.st_ino == st->st_ino && st->st_ino) {
			util_msg("cannot copy '%s' into itself", path);
			cp_status = 1;
			r = UTIL_WALK_SKIP;
		} else if (mkdir(dest, (st->st_mode & 0777) | 0700) < 0 &&
			   !(errno == EEXIST && stat(dest, &dst) == 0 && S_ISDIR(dst.st_mode))) {
			util_warn(dest);
			cp_status = 1;
			r = UTIL_WALK_SKIP;
		} else if (!depth && stat(dest, &dst) == 0) {
			job->dev = dst.st_dev;
			job->ino = dst.st_ino;
		}
	} else if (kind == UTIL_WALK_POST) {
		if (cp_keep)
			cp_attrs(dest, st);
		else
			chmod(dest, st->st_mode & 0777 & ~cp_umask); /* made writable to fill it */
	} else if (S_ISLNK(st->st_mode)) {
		cp_link(path, dest, st);
	} else {
		cp_file(path, dest, st);
	}
	free(dest);
	return r;
}

static void cp_one(const char *src, const char *dest)
{
	struct stat st;
	int r = (cp_recursive && cp_follow == UTIL_FOLLOW_NONE) ? lstat(src, &st) : stat(src, &st);
	if (r < 0) {
		util_warn(src);
		cp_status = 1;
		return;
	}
	if (S_ISDIR(st.st_mode) && !cp_recursive) {
		util_msg("-R not given; omitting directory '%s'", src);
		cp_status = 1;
		return;
	}
	if (!cp_recursive) {
		cp_file(src, dest, &st);
		return;
	}
	struct cp_job job = { src, dest, 0, 0 };
	struct util_walk w = { cp_follow, cp_visit, &job, 0 };
	util_walk(&w, src);
}

int main(int argc, char **argv)
{
	int c;
	struct stat st;
	util_init(argc, argv, "cp", cp_help);
	cp_umask = umask(0);
	umask(cp_umask);
	while ((c = getopt(argc, argv, "+fipRrHLP")) != -1) {
		switch (c) {
		case 'f': cp_force = 1; cp_ask = 0; break;
		case 'i': cp_ask = 1; cp_force = 0; break;
		case 'p': cp_keep = 1; break;
		case 'R': case 'r': cp_recursive = 1; break;
		case 'H': cp_follow = UTIL_FOLLOW_TOP; break;
		case 'L': cp_follow = UTIL_FOLLOW_ALL; break;
		case 'P': cp_follow = UTIL_FOLLOW_NONE; break;
		default: return util_usage(1);
		}
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
		if (isdir) {
			char *base = util_strdup(argv[i]), *slash;
			size_t n = strlen(base);
			while (n > 1 && base[n - 1] == '/')
				base[--n] = 0;
			slash = strrchr(base, '/');
			char *to = util_join(dest, slash && slash[1] ? slash + 1 : base);
			cp_one(argv[i], to);
			free(to);
			free(base);
		} else {
			cp_one(argv[i], dest);
		}
	}
	return cp_status;
}
