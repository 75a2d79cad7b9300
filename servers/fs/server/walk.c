/* servers/fs/server/walk.c: resolving a path relative to a directory handle. The walk never
 * leaves the scheme: a ".." at the root and a symlink met on the way are answered with a
 * redirect (-FERRITE_EREDIRECT and a path the kernel resolves again):
 *   ".." at the root, with the rest of the path      -> "..[/rest]"
 *   a symlink to an absolute target                  -> "target[/rest]"
 *   a symlink to a relative target, in directory D   -> "D/target[/rest]"
 * where D is the symlink's directory as a path from the scheme's root: a relative redirect is
 * relative to the scheme's root as it is mounted, never to the caller's directory. A symlink
 * as the last name is followed only when asked (FSD_FOLLOW) or when a '/' follows it. */
#include <errno.h>
#include <string.h>
#include "fsd.h"

#define FSD_DEPTH_MAX 2048 /* directories above one another, for fsd_dir_path */

struct fsd_find {
	uint64_t ino;
	char *name;
	int found;
};

static int fsd_find_fn(void *ctx, const char *name, uint64_t ino, uint32_t type, uint64_t cookie)
{
	struct fsd_find *ff = ctx;

	(void)type;
	(void)cookie;
	if (ino != ff->ino || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return 0;
	strcpy(ff->name, name);
	ff->found = 1;
	return 1;
}

/* Built from the end of buf backwards: each directory's name is found in its parent. */
int fsd_dir_path(struct fsd *f, uint64_t ino, char *buf, size_t size)
{
	char name[FS_NAME_MAX + 1];
	struct fsd_find ff;
	size_t pos = size - 1, n;
	uint64_t parent;
	int depth = 0, rc;

	if (size == 0)
		return -ENAMETOOLONG;
	buf[pos] = 0;
	while (ino != FS_ROOT_INO) {
		if (++depth > FSD_DEPTH_MAX)
			return -ELOOP;
		rc = fs_lookup(f->fs, ino, "..", &parent);
		if (rc < 0)
			return rc;
		ff.ino = ino;
		ff.name = name;
		ff.found = 0;
		rc = fs_readdir(f->fs, parent, 0, fsd_find_fn, &ff);
		if (rc < 0)
			return rc;
		if (!ff.found)
			return -ENOENT; /* a directory removed while open */
		n = strlen(name);
		if (n + 1 > pos)
			return -ENAMETOOLONG;
		if (pos < size - 1)
			buf[--pos] = '/';
		pos -= n;
		memcpy(buf + pos, name, n);
		ino = parent;
	}
	memmove(buf, buf + pos, size - pos);
	return 0;
}

/* Appends parts to buf (size FERRITE_PATH_MAX), joining non-empty ones with '/'. */
static int fsd_join(char *buf, const char *part)
{
	size_t n = strlen(buf), k = strlen(part);

	if (k == 0)
		return 0;
	if (n && buf[n - 1] != '/')
		buf[n++] = '/';
	if (n + k >= FERRITE_PATH_MAX)
		return -ENAMETOOLONG;
	memcpy(buf + n, part, k + 1);
	return 0;
}

static long fsd_redirect_up(struct srv_req *rq, const char *rest)
{
	char *b = srv_buf(rq, FERRITE_PATH_MAX);
	int rc;

	if (!b)
		return -ENOMEM;
	strcpy(b, "..");
	rc = fsd_join(b, rest);
	return rc < 0 ? rc : srv_redirect(rq, b);
}

static long fsd_redirect_link(struct srv_req *rq, uint64_t dir, uint64_t link, const char *rest,
			      int slash)
{
	struct fsd *f = fsd_of(rq);
	char target[FS_SYMLINK_MAX + 1];
	char *b = srv_buf(rq, FERRITE_PATH_MAX);
	int n = fs_readlink(f->fs, link, target, FS_SYMLINK_MAX), rc = 0;

	if (!b)
		return -ENOMEM;
	if (n < 0)
		return n;
	if (n == 0)
		return -ENOENT;
	target[n] = 0;
	b[0] = 0;
	if (target[0] != '/')
		rc = fsd_dir_path(f, dir, b, FERRITE_PATH_MAX);
	if (rc == 0)
		rc = fsd_join(b, target);
	if (rc == 0)
		rc = fsd_join(b, rest);
	if (rc < 0)
		return rc;
	n = (int)strlen(b);
	if (slash && !*rest && n > 0 && b[n - 1] != '/') {
		if (n + 1 >= FERRITE_PATH_MAX)
			return -ENAMETOOLONG;
		strcpy(b + n, "/");
	}
	if (b[0] == 0) /* a target of "/" seen from the root */
		strcpy(b, "/");
	return srv_redirect(rq, b);
}

/* The directory a path starts from. */
static long fsd_walk_start(struct fsd *f, unsigned long dirh, uint64_t *cur)
{
	struct fsd_handle *h;

	if (dirh == 0) {
		*cur = FS_ROOT_INO;
		return 0;
	}
	h = fsd_handle_get(&f->handles, dirh);
	if (!h)
		return -EBADF;
	*cur = h->ino;
	return 0;
}

/* The path ended at cur itself ("", ".", ".." or with a trailing slash after those). */
static long fsd_walk_self(struct fsd *f, uint64_t cur, struct fsd_walk *w)
{
	struct fs_stat st;
	int rc = fs_getattr(f->fs, cur, &st);

	if (rc < 0)
		return rc;
	w->ino = cur;
	w->mode = st.mode;
	return 0;
}

/* The last name, looked up in directory cur. */
static long fsd_walk_last(struct srv_req *rq, uint64_t cur, const char *name, int slash,
			  unsigned how, struct fsd_walk *w)
{
	struct fsd *f = fsd_of(rq);
	struct fs_stat st;
	uint64_t ino;
	int rc = fs_lookup(f->fs, cur, name, &ino);

	w->dir = cur;
	strcpy(w->name, name);
	w->slash = slash;
	if (rc == -ENOENT)
		return 0;
	if (rc == 0)
		rc = fs_getattr(f->fs, ino, &st);
	if (rc < 0)
		return rc;
	if ((st.mode & FS_S_IFMT) == FS_S_IFLNK && ((how & FSD_FOLLOW) || slash))
		return fsd_redirect_link(rq, cur, ino, "", slash);
	if (slash && (st.mode & FS_S_IFMT) != FS_S_IFDIR)
		return -ENOTDIR;
	w->ino = ino;
	w->mode = st.mode;
	return 0;
}

long fsd_walk(struct srv_req *rq, unsigned long dirh, const char *path, unsigned how,
	      struct fsd_walk *w)
{
	struct fsd *f = fsd_of(rq);
	char name[FS_NAME_MAX + 1];
	const char *p = path, *rest;
	struct fs_stat st;
	uint64_t cur, next;
	size_t n;
	long rc;

	memset(w, 0, sizeof(*w));
	rc = fsd_walk_start(f, dirh, &cur);
	for (; rc == 0; p = rest) {
		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (n == 0)
			return fsd_walk_self(f, cur, w);
		if (n > FS_NAME_MAX)
			return -ENAMETOOLONG;
		memcpy(name, p, n);
		name[n] = 0;
		for (rest = p + n; *rest == '/'; rest++)
			;
		/* cur must be a directory the caller may search */
		rc = fs_getattr(f->fs, cur, &st);
		if (rc == 0 && (st.mode & FS_S_IFMT) != FS_S_IFDIR)
			rc = -ENOTDIR;
		if (rc == 0)
			rc = fsd_may(&st, &rq->pkt, FSD_X);
		if (rc < 0)
			return rc;
		w->dotdot = strcmp(name, "..") == 0;
		if (strcmp(name, ".") == 0)
			continue;
		if (w->dotdot && cur == FS_ROOT_INO)
			return fsd_redirect_up(rq, rest);
		if (w->dotdot) {
			rc = fs_lookup(f->fs, cur, "..", &cur);
			continue;
		}
		if (*rest == 0)
			return fsd_walk_last(rq, cur, name, p[n] == '/', how, w);
		rc = fs_lookup(f->fs, cur, name, &next);
		if (rc == 0)
			rc = fs_getattr(f->fs, next, &st);
		if (rc == 0 && (st.mode & FS_S_IFMT) == FS_S_IFLNK)
			return fsd_redirect_link(rq, cur, next, rest, 0);
		if (rc == 0 && (st.mode & FS_S_IFMT) != FS_S_IFDIR)
			rc = -ENOTDIR;
		cur = next;
	}
	return rc;
}
