/* kernel/core/mountdir.c: the directories a namespace implies. A mount at /dev/shm must be
 * reachable by `ls /dev` and `cd /dev` even when the scheme under it (the initfs at /) has no
 * directory "dev": the path layer turns an ENOENT for a path that lies above a mount prefix
 * into one of these directories (read-only, mode 0555, listing only what is mounted below it),
 * and every directory's listing ends with the names of the mounts directly below it that its
 * own scheme did not list (a mount on a name the scheme has hides that name's entry, so it is
 * listed once). A name that is itself a mount is listed only while its scheme is registered
 * and alive: a mount nobody serves would only answer ENOENT. */
#include "klib.h"
#include "errno.h"
#include "file.h"
#include "kheap.h"
#include "path.h"
#include "proc.h"

/* A stable, non-zero inode number for a synthesised directory: FNV-1a of its path, top bit set
 * so that it stays clear of the small numbers the kernel's schemes give out. */
static uint64_t mountdir_ino(const char *path)
{
	uint64_t h = 1469598103934665603ull;
	for (; *path; path++)
		h = (h ^ (uint8_t)*path) * 1099511628211ull;
	return h | (1ull << 63);
}

static long mountdir_stat_fill(struct ferrite_stat *st, const char *path)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = FERRITE_S_IFDIR | 0555;
	st->st_nlink = 2;
	st->st_ino = mountdir_ino(path);
	st->st_blksize = 4096;
	return 0;
}

static long mountdir_fstat(struct file *f, struct ferrite_stat *st)
{
	return mountdir_stat_fill(st, f->path ? f->path : "/");
}

/* Its own entries: "." and ".."; the mounts below come from mountdir_list. */
static long mountdir_getdents(struct file *f, void *buf, size_t len)
{
	uint64_t fl = spin_lock_irqsave(&f->lock);
	uint64_t c = f->offset;
	size_t used = 0;
	while (c < 2 && path_dirent_put(buf, len, &used, mountdir_ino(f->path ? f->path : "/"),
			c + 1, FERRITE_DT_DIR, "..", (size_t)c + 1))
		c++;
	f->offset = c;
	spin_unlock_irqrestore(&f->lock, fl);
	return used || c >= 2 ? (long)used : -EINVAL;
}

/* Positions are 0, 1 and 2 ("." and ".." listed, then the mounts): SEEK_SET to one of them,
 * SEEK_CUR to ask where it is. */
static long mountdir_lseek(struct file *f, long off, int whence)
{
	uint64_t fl = spin_lock_irqsave(&f->lock);
	long at = whence == FERRITE_SEEK_CUR ? (long)f->offset + off :
		whence == FERRITE_SEEK_SET ? off : -1;
	if (at >= 0 && at <= 2)
		f->offset = (uint64_t)at;
	spin_unlock_irqrestore(&f->lock, fl);
	return at >= 0 && at <= 2 ? at : -EINVAL;
}

static const struct file_ops mountdir_ops = {
	.lseek = mountdir_lseek,
	.stat = mountdir_fstat,
	.getdents = mountdir_getdents,
};

/* The directory itself (path ""): the path layer sends it here once it found that the path
 * lies above a mount. Anything below it that is not a mount does not exist. */
static long mountdir_path(struct scheme *s, struct path_req *rq)
{
	(void)s;
	if (rq->path[0])
		return -ENOENT;
	switch (rq->op) {
	case FERRITE_SOP_STAT:
		if (!rq->out || rq->out_len < sizeof(struct ferrite_stat))
			return -EINVAL;
		return mountdir_stat_fill(rq->out, "/");
	case FERRITE_SOP_ACCESS:
		return (rq->arg[0] & 2) ? -EROFS : 0; /* W_OK */
	case FERRITE_SOP_OPEN:
		if ((rq->flags & FERRITE_O_CREAT) && (rq->flags & FERRITE_O_EXCL))
			return -EEXIST;
		if ((rq->flags & FERRITE_O_ACCMODE) != FERRITE_O_RDONLY || (rq->flags & FERRITE_O_CREAT))
			return -EISDIR;
		rq->file = file_new(&mountdir_ops, NULL, FERRITE_O_RDONLY);
		if (!rq->file)
			return -ENOMEM;
		rq->file->handle = 0;
		return 0;
	case FERRITE_SOP_READLINK:
		return -EINVAL;
	case FERRITE_SOP_MKDIR:
		return -EEXIST;
	case FERRITE_SOP_UNLINK:
	case FERRITE_SOP_RENAME:
		return -EBUSY; /* a mount point's parent */
	default:
		return -EROFS;
	}
}

static const struct scheme_ops mountdir_scheme_ops = { .path = mountdir_path };
static struct scheme mountdir_sch = { .name = "mountdir", .ops = &mountdir_scheme_ops, .refs = 1, .dev = 3 };

struct scheme *mountdir_scheme(void)
{
	return &mountdir_sch;
}

long mountdir_answer(struct scheme *s, struct path_req *rq, const char *path)
{
	long r = mountdir_path(s, rq);
	if (r == 0 && rq->op == FERRITE_SOP_STAT)
		((struct ferrite_stat *)rq->out)->st_ino = mountdir_ino(path);
	return r;
}

/* Should the listing of directory f show the mount `name`? Only if its scheme serves it and
 * f's own scheme has no entry of that name (which the listing already gave). */
static bool mountdir_shown(struct file *f, const char *name, const char *scheme, bool exact)
{
	struct path_req rq;
	struct ferrite_stat st;
	struct scheme *s;
	if (exact) {
		s = scheme_find(scheme);
		if (!s)
			return false;
		exact = s->dead;
		scheme_put(s);
		if (exact)
			return false;
	}
	if (f->scheme == &mountdir_sch)
		return true;
	memset(&rq, 0, sizeof(rq));
	rq.op = FERRITE_SOP_STAT;
	rq.flags = FERRITE_AT_SYMLINK_NOFOLLOW;
	rq.dir = f->handle;
	rq.path = name;
	rq.out = &st;
	rq.out_len = sizeof(st);
	return path_ask(proc_current(), f->scheme, &rq) < 0;
}

long mountdir_list(struct file *f, void *buf, size_t len)
{
	char name[PATH_NAME_MAX + 1], scheme[SCHEME_NAME_MAX], *full;
	struct ns *n;
	size_t used = 0;
	unsigned idx;
	uint64_t fl;
	bool exact, full_buf = false;
	if (!f->path || !f->scheme)
		return 0;
	full = kmalloc(FERRITE_PATH_MAX);
	if (!full)
		return -ENOMEM;
	n = ns_of(proc_current());
	fl = spin_lock_irqsave(&f->lock);
	idx = f->mnt_next;
	spin_unlock_irqrestore(&f->lock, fl);
	for (; ns_child(n, f->path, idx, name, scheme, &exact); idx++) {
		if (!mountdir_shown(f, name, scheme, exact))
			continue;
		if (path_join(full, FERRITE_PATH_MAX, f->path, name))
			continue;
		if (!path_dirent_put(buf, len, &used, mountdir_ino(full), MOUNTDIR_COOKIE + idx + 1,
				exact ? FERRITE_DT_UNKNOWN : FERRITE_DT_DIR, name, strlen(name))) {
			full_buf = true;
			break;
		}
	}
	fl = spin_lock_irqsave(&f->lock);
	f->mnt_next = idx;
	spin_unlock_irqrestore(&f->lock, fl);
	if (n)
		ns_put(n);
	kfree(full);
	return !used && full_buf ? -EINVAL : (long)used;
}

long mountdir_seek(struct file *f, long cookie)
{
	uint64_t fl, idx = cookie ? (uint64_t)cookie - MOUNTDIR_COOKIE : 0;
	if (idx > 0xffff)
		return -EINVAL; /* no namespace has that many */
	fl = spin_lock_irqsave(&f->lock);
	f->mnt_next = (unsigned)idx;
	f->mnt_only = cookie != 0;
	spin_unlock_irqrestore(&f->lock, fl);
	return cookie;
}

bool mountdir_listing_mounts(struct file *f)
{
	uint64_t fl = spin_lock_irqsave(&f->lock);
	bool only = f->mnt_only;
	spin_unlock_irqrestore(&f->lock, fl);
	return only;
}
