/* servers/fs/server/perm.c: permission checks, which the portable core leaves to its user.
 * The caller is the packet's uid and gid (supplementary groups do not travel in the packet).
 * uid 0 passes every check except execute, which needs an x bit somewhere (directories are
 * always searchable by root). */
#include <errno.h>
#include "fsd.h"

int fsd_is_owner(const struct fs_stat *st, const struct ferrite_packet *p)
{
	return p->uid == 0 || (uint32_t)p->uid == st->uid;
}

int fsd_may(const struct fs_stat *st, const struct ferrite_packet *p, int mask)
{
	unsigned bits;

	if (p->uid == 0) {
		if (!(mask & FSD_X) || (st->mode & FS_S_IFMT) == FS_S_IFDIR || (st->mode & 0111))
			return 0;
		return -EACCES;
	}
	if ((uint32_t)p->uid == st->uid)
		bits = st->mode >> 6;
	else if ((uint32_t)p->gid == st->gid)
		bits = st->mode >> 3;
	else
		bits = st->mode;
	return ((int)bits & mask) == mask ? 0 : -EACCES;
}

int fsd_may_ino(struct fsd *f, uint64_t ino, const struct ferrite_packet *p, int mask)
{
	struct fs_stat st;
	int rc = fs_getattr(f->fs, ino, &st);

	return rc < 0 ? rc : fsd_may(&st, p, mask);
}

/* In a sticky directory (/tmp) only the owner of an entry, of the directory, or root may
 * remove or rename it. */
int fsd_sticky_ok(struct fsd *f, uint64_t dir, uint64_t ino, const struct ferrite_packet *p)
{
	struct fs_stat ds, st;
	int rc = fs_getattr(f->fs, dir, &ds);

	if (rc < 0)
		return rc;
	if (!(ds.mode & 01000) || fsd_is_owner(&ds, p))
		return 0;
	rc = fs_getattr(f->fs, ino, &st);
	if (rc < 0)
		return rc;
	return fsd_is_owner(&st, p) ? 0 : -EPERM;
}
