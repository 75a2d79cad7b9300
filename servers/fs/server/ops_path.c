/* servers/fs/server/ops_path.c: fsd's path requests (OPEN ... ACCESS): each walks its path
 * (walk.c; a redirect ends the request there), checks the caller's permissions (perm.c), then
 * calls the core. The errors are those POSIX and Linux give for the same call; when a path
 * ends in "." or "..", the error for that case comes first, as on Linux. Two-path requests
 * (RENAME, LINK) take their second path under pkt.handle2. */
#include <errno.h>
#include <string.h>
#include "fsd.h"

#define FSD_ISDIR(m) (((m) & FS_S_IFMT) == FS_S_IFDIR)
#define FSD_ISLNK(m) (((m) & FS_S_IFMT) == FS_S_IFLNK)
#define FSD_RENAME_NOREPLACE 1u /* renameat2's flag, as musl and Linux number it */

/* A new name may go in w->dir: the caller writes and searches it. */
static long fsd_may_add(struct fsd *f, const struct fsd_walk *w, const struct ferrite_packet *p)
{
	return fsd_may_ino(f, w->dir, p, FSD_W | FSD_X);
}

/* w->name may go from w->dir: the same, plus the sticky rule. */
static long fsd_may_remove(struct fsd *f, const struct fsd_walk *w,
			   const struct ferrite_packet *p)
{
	long rc = fsd_may_add(f, w, p);

	return rc < 0 ? rc : fsd_sticky_ok(f, w->dir, w->ino, p);
}

static long fsd_open_new(struct srv_req *rq, struct fsd_walk *w, uint64_t *ino)
{
	struct fsd *f = fsd_of(rq);
	const struct ferrite_packet *p = &rq->pkt;
	long rc;

	if (!(p->flags & FERRITE_O_CREAT))
		return -ENOENT;
	if (w->slash || (p->flags & FERRITE_O_DIRECTORY))
		return -EISDIR;
	rc = fsd_may_add(f, w, p);
	if (rc == 0)
		rc = fs_create(f->fs, w->dir, w->name, FS_S_IFREG | (p->arg[0] & 07777), 0,
			       (uint32_t)p->uid, (uint32_t)p->gid, ino);
	return rc;
}

static long fsd_open_old(struct srv_req *rq, const struct fsd_walk *w)
{
	struct fsd *f = fsd_of(rq);
	const struct ferrite_packet *p = &rq->pkt;
	unsigned acc = p->flags & FERRITE_O_ACCMODE;
	int want = acc == FERRITE_O_RDONLY ? FSD_R : acc == FERRITE_O_WRONLY ? FSD_W : FSD_R | FSD_W;
	struct fs_stat st, sz;
	long rc;

	if ((p->flags & (FERRITE_O_CREAT | FERRITE_O_EXCL)) == (FERRITE_O_CREAT | FERRITE_O_EXCL))
		return -EEXIST;
	if (p->flags & FERRITE_O_PATH)
		return 0;
	if (FSD_ISLNK(w->mode))
		return -ELOOP; /* O_NOFOLLOW met a symlink */
	if ((p->flags & FERRITE_O_DIRECTORY) && !FSD_ISDIR(w->mode))
		return -ENOTDIR;
	if (FSD_ISDIR(w->mode) && (acc != FERRITE_O_RDONLY ||
				   (p->flags & (FERRITE_O_CREAT | FERRITE_O_TRUNC))))
		return -EISDIR;
	if (acc == FERRITE_O_ACCMODE)
		return -EINVAL;
	rc = fs_getattr(f->fs, w->ino, &st);
	if (rc == 0)
		rc = fsd_may(&st, p, want);
	if (rc == 0 && (p->flags & FERRITE_O_TRUNC) && acc != FERRITE_O_RDONLY &&
	    (st.mode & FS_S_IFMT) == FS_S_IFREG && st.size > 0) {
		sz.size = 0;
		rc = fs_setattr(f->fs, w->ino, &sz, FS_SET_SIZE);
	}
	return rc;
}

long fsd_open(struct srv_req *rq)
{
	struct fsd *f = fsd_of(rq);
	const struct ferrite_packet *p = &rq->pkt;
	unsigned excl = FERRITE_O_CREAT | FERRITE_O_EXCL;
	unsigned how = (p->flags & FERRITE_O_NOFOLLOW) || (p->flags & excl) == excl ? 0 : FSD_FOLLOW;
	unsigned long h;
	struct fsd_walk w;
	uint64_t ino;
	long rc = fsd_walk(rq, p->handle, rq->path, how, &w);

	if (rc < 0)
		return rc;
	if (w.ino == 0) {
		rc = fsd_open_new(rq, &w, &ino);
	} else {
		ino = w.ino;
		rc = fsd_open_old(rq, &w);
	}
	if (rc == 0)
		rc = fs_open(f->fs, ino);
	if (rc < 0)
		return rc;
	rc = fsd_handle_new(&f->handles, ino, p->flags, &h);
	if (rc < 0) {
		fs_release(f->fs, ino);
		return rc;
	}
	return srv_handle(rq, h);
}

long fsd_mkdir(struct srv_req *rq)
{
	struct fsd *f = fsd_of(rq);
	const struct ferrite_packet *p = &rq->pkt;
	struct fsd_walk w;
	uint64_t ino;
	long rc = fsd_walk(rq, p->handle, rq->path, 0, &w);

	if (rc < 0)
		return rc;
	if (!*rq->path)
		return -ENOENT;
	if (w.ino)
		return -EEXIST;
	rc = fsd_may_add(f, &w, p);
	return rc < 0 ? rc : fs_mkdir(f->fs, w.dir, w.name, p->arg[0] & 07777, (uint32_t)p->uid,
				      (uint32_t)p->gid, &ino);
}

long fsd_unlink(struct srv_req *rq)
{
	struct fsd *f = fsd_of(rq);
	const struct ferrite_packet *p = &rq->pkt;
	int rmdir = (p->flags & FERRITE_AT_REMOVEDIR) != 0;
	struct fsd_walk w;
	long rc = fsd_walk(rq, p->handle, rq->path, 0, &w);

	if (rc < 0)
		return rc;
	if (!*rq->path)
		return -ENOENT;
	if (!w.dir) /* the path ends in "." or ".." */
		return !rmdir ? -EISDIR : w.dotdot ? -ENOTEMPTY : w.ino == FS_ROOT_INO ? -EBUSY : -EINVAL;
	if (w.ino == 0)
		return -ENOENT;
	if (!rmdir && w.slash)
		return -EISDIR;
	rc = fsd_may_remove(f, &w, p);
	if (rc < 0)
		return rc;
	return rmdir ? fs_rmdir(f->fs, w.dir, w.name) : fs_unlink(f->fs, w.dir, w.name);
}

long fsd_rename(struct srv_req *rq)
{
	struct fsd *f = fsd_of(rq);
	const struct ferrite_packet *p = &rq->pkt;
	struct fsd_walk from, to;
	long rc;

	if (p->flags & ~FSD_RENAME_NOREPLACE)
		return -EINVAL;
	rc = fsd_walk(rq, p->handle, rq->path, 0, &from);
	if (rc == 0)
		rc = fsd_walk(rq, p->handle2, rq->path2, 0, &to);
	if (rc < 0)
		return rc;
	if (!*rq->path || !*rq->path2)
		return -ENOENT;
	if (!from.dir || !to.dir)
		return -EBUSY;
	if (from.ino == 0)
		return -ENOENT;
	if ((from.slash || to.slash) && !FSD_ISDIR(from.mode))
		return -ENOTDIR;
	rc = fsd_may_remove(f, &from, p);
	if (rc == 0 && to.ino)
		rc = fsd_may_remove(f, &to, p);
	else if (rc == 0)
		rc = fsd_may_add(f, &to, p);
	/* a directory moving to another parent rewrites its "..": it must be writable */
	if (rc == 0 && FSD_ISDIR(from.mode) && from.dir != to.dir)
		rc = fsd_may_ino(f, from.ino, p, FSD_W);
	if (rc < 0)
		return rc;
	return fs_rename(f->fs, from.dir, from.name, to.dir, to.name,
			 (p->flags & FSD_RENAME_NOREPLACE) ? FS_RENAME_NOREPLACE : 0);
}

long fsd_link(struct srv_req *rq)
{
	struct fsd *f = fsd_of(rq);
	const struct ferrite_packet *p = &rq->pkt;
	unsigned how = (p->flags & FERRITE_AT_SYMLINK_FOLLOW) ? FSD_FOLLOW : 0;
	struct fsd_walk from, to;
	long rc = fsd_walk(rq, p->handle, rq->path, how, &from);

	if (rc == 0)
		rc = fsd_walk(rq, p->handle2, rq->path2, 0, &to);
	if (rc < 0)
		return rc;
	if (!*rq->path2 || from.ino == 0) /* path "" is the handle's own object (AT_SYMLINK_FOLLOW) */
		return -ENOENT;
	if (to.ino || !to.dir)
		return -EEXIST;
	if (FSD_ISDIR(from.mode))
		return -EPERM;
	rc = fsd_may_add(f, &to, p);
	return rc < 0 ? rc : fs_link(f->fs, from.ino, to.dir, to.name);
}

long fsd_symlink(struct srv_req *rq)
{
	struct fsd *f = fsd_of(rq);
	const struct ferrite_packet *p = &rq->pkt;
	struct fsd_walk w;
	uint64_t ino;
	long rc = fsd_walk(rq, p->handle, rq->path, 0, &w);

	if (rc < 0)
		return rc;
	if (!*rq->path || !*rq->path2)
		return -ENOENT;
	if (w.ino || !w.dir)
		return -EEXIST;
	rc = fsd_may_add(f, &w, p);
	return rc < 0 ? rc : fs_symlink(f->fs, w.dir, w.name, rq->path2, (uint32_t)p->uid,
					(uint32_t)p->gid, &ino);
}

long fsd_readlink(struct srv_req *rq)
{
	struct fsd *f = fsd_of(rq);
	const struct ferrite_packet *p = &rq->pkt;
	char *b = srv_buf(rq, FS_SYMLINK_MAX);
	struct fsd_walk w;
	long rc = fsd_walk(rq, p->handle, rq->path, 0, &w);

	if (rc < 0)
		return rc;
	if (!b)
		return -ENOMEM;
	if (w.ino == 0)
		return -ENOENT;
	rc = fs_readlink(f->fs, w.ino, b, FS_SYMLINK_MAX);
	if (rc < 0)
		return rc;
	if ((unsigned long)rc > p->len) /* readlink truncates, as POSIX says */
		rc = (long)p->len;
	return srv_data(rq, b, (size_t)rc, rc);
}

/* Walks to an existing file, following a last symlink unless AT_SYMLINK_NOFOLLOW. */
static long fsd_walk_existing(struct srv_req *rq, struct fsd_walk *w)
{
	unsigned how = (rq->pkt.flags & FERRITE_AT_SYMLINK_NOFOLLOW) ? 0 : FSD_FOLLOW;
	long rc = fsd_walk(rq, rq->pkt.handle, rq->path, how, w);

	return rc == 0 && w->ino == 0 ? -ENOENT : rc;
}

long fsd_stat(struct srv_req *rq)
{
	struct fsd *f = fsd_of(rq);
	struct ferrite_stat *st = srv_buf(rq, sizeof(*st));
	struct fsd_walk w;
	struct fs_stat s;
	long rc = fsd_walk_existing(rq, &w);

	if (rc == 0 && rq->pkt.len < sizeof(*st))
		rc = -EINVAL;
	if (rc == 0 && !st)
		rc = -ENOMEM;
	if (rc == 0)
		rc = fs_getattr(f->fs, w.ino, &s);
	if (rc < 0)
		return rc;
	fsd_stat_fill(&s, st);
	return srv_data(rq, st, sizeof(*st), 0);
}

long fsd_chmod(struct srv_req *rq)
{
	struct fsd_walk w;
	long rc = fsd_walk_existing(rq, &w);

	if (rc == 0 && FSD_ISLNK(w.mode))
		rc = -EOPNOTSUPP; /* fchmodat with AT_SYMLINK_NOFOLLOW on a symlink */
	return rc < 0 ? rc : fsd_do_chmod(fsd_of(rq), w.ino, &rq->pkt, (unsigned)rq->pkt.arg[0]);
}

long fsd_chown(struct srv_req *rq)
{
	struct fsd_walk w;
	long rc = fsd_walk_existing(rq, &w);

	return rc < 0 ? rc : fsd_do_chown(fsd_of(rq), w.ino, &rq->pkt, rq->pkt.arg[0],
					  rq->pkt.arg[1]);
}

#define FSD_UTIME_NOW ((1l << 30) - 1l)  /* musl's UTIME_NOW */
#define FSD_UTIME_OMIT ((1l << 30) - 2l) /* musl's UTIME_OMIT */

static int fsd_time_set(const struct ferrite_timespec *ts, struct fs_time *t, struct fsd *f)
{
	if (ts->tv_nsec == FSD_UTIME_OMIT)
		return 0;
	if (ts->tv_nsec == FSD_UTIME_NOW) {
		*t = f->env.now ? f->env.now(f->env.ctx) : (struct fs_time){0, 0};
		return 1;
	}
	if (ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000l)
		return -EINVAL;
	t->sec = ts->tv_sec;
	t->nsec = (uint32_t)ts->tv_nsec;
	return 1;
}

/* UTIMENS: no data means both times now. Setting them to now needs write permission or
 * ownership; any other time needs ownership. */
long fsd_utimens(struct srv_req *rq)
{
	struct fsd *f = fsd_of(rq);
	struct ferrite_timespec ts[2];
	struct fsd_walk w;
	struct fs_stat st, s;
	unsigned mask = 0;
	int a, m, only_now;
	long rc = fsd_walk_existing(rq, &w);

	if (rc < 0)
		return rc;
	ts[0].tv_sec = ts[1].tv_sec = 0;
	ts[0].tv_nsec = ts[1].tv_nsec = FSD_UTIME_NOW;
	if (rq->pkt.len != 0 && rq->pkt.len != sizeof(ts))
		return -EINVAL;
	if (rq->pkt.len && (rc = srv_fetch(rq, 0, ts, sizeof(ts))) != (long)sizeof(ts))
		return rc < 0 ? rc : -EFAULT;
	a = fsd_time_set(&ts[0], &s.atime, f);
	m = fsd_time_set(&ts[1], &s.mtime, f);
	if (a < 0 || m < 0)
		return -EINVAL;
	only_now = (ts[0].tv_nsec == FSD_UTIME_NOW || ts[0].tv_nsec == FSD_UTIME_OMIT) &&
		   (ts[1].tv_nsec == FSD_UTIME_NOW || ts[1].tv_nsec == FSD_UTIME_OMIT);
	rc = fs_getattr(f->fs, w.ino, &st);
	if (rc == 0 && !fsd_is_owner(&st, &rq->pkt))
		rc = only_now ? fsd_may(&st, &rq->pkt, FSD_W) : -EPERM;
	if (rc < 0)
		return rc;
	mask = (a ? FS_SET_ATIME : 0) | (m ? FS_SET_MTIME : 0);
	return fs_setattr(f->fs, w.ino, &s, mask);
}

long fsd_access(struct srv_req *rq)
{
	struct fsd *f = fsd_of(rq);
	struct fsd_walk w;
	long rc = fsd_walk_existing(rq, &w);

	if (rc == 0 && (rq->pkt.arg[0] & ~7ul))
		rc = -EINVAL;
	return rc < 0 ? rc : fsd_may_ino(f, w.ino, &rq->pkt, (int)(rq->pkt.arg[0] & 7));
}
