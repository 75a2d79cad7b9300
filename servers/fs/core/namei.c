/* namei.c: the namespace operations of the public API: create, mkdir, symlink, link, unlink,
 * rmdir, rename, attributes, and the open counts behind the orphan list. Each operation checks
 * everything first, then changes items, then calls fs_op_end (the only place a commit can
 * start), so a crash shows each operation either whole or not at all. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fs_int.h"

#define IS_DIR(m) (((m) & FS_S_IFMT) == FS_S_IFDIR)

static int mut_check(struct fs *fs)
{
	if (fs->broken)
		return -EIO;
	return fs->rdonly ? -EROFS : 0;
}

/* Operations that add metadata stop at the reserve kept for commits (removals may use it). */
static int grow_check(struct fs *fs)
{
	int rc = mut_check(fs);

	return rc < 0 ? rc : fs_alloc_room(fs, 0);
}

static int dir_inode(struct fs *fs, uint64_t dir, struct fs_inode *in)
{
	int rc = fs->broken ? -EIO : fs_inode_get(fs, dir, in);

	if (rc < 0)
		return rc;
	if (!IS_DIR(in->mode))
		return -ENOTDIR;
	return in->nlink ? 0 : -ENOENT;
}

/* Adds entries and links to a directory's counts and stamps it changed. */
static int dir_touch(struct fs *fs, uint64_t dir, int entries, int links)
{
	struct fs_inode in;
	int rc = fs_inode_get(fs, dir, &in);

	if (rc < 0)
		return rc;
	in.size += (uint64_t)(int64_t)entries;
	in.nlink += (uint32_t)links;
	in.mtime = in.ctime = fs_now(fs);
	return fs_inode_put(fs, dir, &in);
}

int fs_open_count(struct fs *fs, uint64_t ino)
{
	struct fs_open_ent *o;

	for (o = fs->opens; o; o = o->next)
		if (o->ino == ino)
			return (int)o->count;
	return 0;
}

/* The last name is gone: the inode goes too, unless it is open (then it waits, listed as an
 * orphan, for fs_release or, after a crash, for the next mount). */
static int inode_unlinked(struct fs *fs, uint64_t ino, struct fs_inode *in)
{
	struct fs_key k = fs_mkkey(FS_ORPHAN_INO, FS_T_ORPHAN, ino);
	int rc;

	in->ctime = fs_now(fs);
	if (in->nlink > 0)
		return fs_inode_put(fs, ino, in);
	if (fs_open_count(fs, ino) == 0)
		return fs_inode_purge(fs, ino);
	rc = fs_inode_put(fs, ino, in);
	return rc < 0 ? rc : fs_item_put(fs, &k, "", 0);
}

static int inode_new(struct fs *fs, uint64_t dir, const char *name, uint32_t mode,
		     uint32_t uid, uint32_t gid, uint64_t *ino)
{
	struct fs_inode in, din;
	size_t nlen;
	uint64_t old;
	int rc = grow_check(fs);

	if (rc == 0)
		rc = fs_dir_check_name(name, &nlen);
	if (rc == 0)
		rc = dir_inode(fs, dir, &din);
	if (rc < 0)
		return rc;
	rc = fs_dir_find(fs, dir, name, &old, NULL);
	if (rc != -ENOENT)
		return rc < 0 ? rc : -EEXIST;
	memset(&in, 0, sizeof(in));
	in.mode = mode;
	in.uid = uid;
	in.gid = gid;
	in.nlink = IS_DIR(mode) ? 2 : 1;
	in.parent = dir;
	in.atime = in.mtime = in.ctime = fs_now(fs);
	*ino = fs->sb.next_ino++;
	fs->sb.ninodes++;
	rc = fs_inode_put(fs, *ino, &in);
	if (rc == 0)
		rc = fs_dir_add(fs, dir, name, *ino, FS_DT(mode));
	if (rc == 0)
		rc = dir_touch(fs, dir, 1, IS_DIR(mode) ? 1 : 0);
	return rc;
}

int fs_create(struct fs *fs, uint64_t dir, const char *name, uint32_t mode, uint64_t rdev,
	      uint32_t uid, uint32_t gid, uint64_t *ino)
{
	struct fs_inode in;
	int rc;

	if ((mode & FS_S_IFMT) == 0)
		mode |= FS_S_IFREG;
	if (IS_DIR(mode) || (mode & FS_S_IFMT) == FS_S_IFLNK)
		return -EINVAL;
	rc = inode_new(fs, dir, name, mode, uid, gid, ino);
	if (rc == 0 && rdev) {
		rc = fs_inode_get(fs, *ino, &in);
		in.rdev = rdev;
		if (rc == 0)
			rc = fs_inode_put(fs, *ino, &in);
	}
	return fs_op_end(fs, rc);
}

int fs_mkdir(struct fs *fs, uint64_t dir, const char *name, uint32_t mode, uint32_t uid,
	     uint32_t gid, uint64_t *ino)
{
	mode = FS_S_IFDIR | (mode & 07777);
	return fs_op_end(fs, inode_new(fs, dir, name, mode, uid, gid, ino));
}

int fs_symlink(struct fs *fs, uint64_t dir, const char *name, const char *target, uint32_t uid,
	       uint32_t gid, uint64_t *ino)
{
	size_t tlen = strlen(target);
	struct fs_key k;
	struct fs_inode in;
	int rc;

	if (tlen == 0)
		return -ENOENT;
	if (tlen > FS_SYMLINK_MAX)
		return -ENAMETOOLONG;
	rc = inode_new(fs, dir, name, FS_S_IFLNK | 0777, uid, gid, ino);
	if (rc == 0) {
		k = fs_mkkey(*ino, FS_T_SYMLINK, 0);
		rc = fs_item_put(fs, &k, target, tlen);
	}
	if (rc == 0)
		rc = fs_inode_get(fs, *ino, &in);
	if (rc == 0) {
		in.size = tlen;
		rc = fs_inode_put(fs, *ino, &in);
	}
	return fs_op_end(fs, rc);
}

int fs_readlink(struct fs *fs, uint64_t ino, char *buf, size_t size)
{
	struct fs_inode in;
	uint8_t v[FS_VAL_MAX];
	struct fs_key k = fs_mkkey(ino, FS_T_SYMLINK, 0);
	int rc = fs_inode_get(fs, ino, &in);

	if (rc < 0)
		return rc;
	if ((in.mode & FS_S_IFMT) != FS_S_IFLNK)
		return -EINVAL;
	rc = fs_bt_get(fs, &fs->tree, &k, v, sizeof(v));
	if (rc < 0)
		return rc == -ENOENT ? -EIO : rc;
	memcpy(buf, v, (size_t)rc < size ? (size_t)rc : size);
	return rc;
}

int fs_link(struct fs *fs, uint64_t ino, uint64_t dir, const char *name)
{
	struct fs_inode in, din;
	size_t nlen;
	uint64_t old;
	int rc = grow_check(fs);

	if (rc == 0)
		rc = fs_dir_check_name(name, &nlen);
	if (rc == 0)
		rc = dir_inode(fs, dir, &din);
	if (rc == 0)
		rc = fs_inode_get(fs, ino, &in);
	if (rc < 0)
		return rc;
	if (IS_DIR(in.mode))
		return -EPERM;
	if (in.nlink == 0)
		return -ENOENT;
	if (in.nlink >= 65000)
		return -EMLINK;
	rc = fs_dir_find(fs, dir, name, &old, NULL);
	if (rc != -ENOENT)
		return rc < 0 ? rc : -EEXIST;
	in.nlink++;
	in.ctime = fs_now(fs);
	rc = fs_inode_put(fs, ino, &in);
	if (rc == 0)
		rc = fs_dir_add(fs, dir, name, ino, FS_DT(in.mode));
	if (rc == 0)
		rc = dir_touch(fs, dir, 1, 0);
	return fs_op_end(fs, rc);
}

/* Finds name in dir for removal; want_dir: 1 rmdir, 0 unlink. */
static int remove_target(struct fs *fs, uint64_t dir, const char *name, int want_dir,
			 uint64_t *ino, struct fs_inode *in)
{
	struct fs_inode din;
	size_t nlen;
	int rc = mut_check(fs);

	if (rc == 0)
		rc = fs_dir_check_name(name, &nlen);
	if (rc == -EINVAL && want_dir)
		return strcmp(name, ".") == 0 ? -EINVAL : -ENOTEMPTY;
	if (rc == 0)
		rc = dir_inode(fs, dir, &din);
	if (rc == 0)
		rc = fs_dir_find(fs, dir, name, ino, NULL);
	if (rc == 0)
		rc = fs_inode_get(fs, *ino, in);
	if (rc < 0)
		return rc;
	if (want_dir && !IS_DIR(in->mode))
		return -ENOTDIR;
	if (!want_dir && IS_DIR(in->mode))
		return -EISDIR;
	if (want_dir) {
		rc = fs_dir_empty(fs, *ino);
		if (rc <= 0)
			return rc < 0 ? rc : -ENOTEMPTY;
	}
	return 0;
}

int fs_unlink(struct fs *fs, uint64_t dir, const char *name)
{
	struct fs_inode in;
	uint64_t ino;
	int rc = remove_target(fs, dir, name, 0, &ino, &in);

	if (rc == 0)
		rc = fs_dir_remove(fs, dir, name);
	if (rc == 0)
		rc = dir_touch(fs, dir, -1, 0);
	if (rc == 0) {
		in.nlink--;
		rc = inode_unlinked(fs, ino, &in);
	}
	return fs_op_end(fs, rc);
}

int fs_rmdir(struct fs *fs, uint64_t dir, const char *name)
{
	struct fs_inode in;
	uint64_t ino;
	int rc = remove_target(fs, dir, name, 1, &ino, &in);

	if (rc == 0)
		rc = fs_dir_remove(fs, dir, name);
	if (rc == 0)
		rc = dir_touch(fs, dir, -1, -1);
	if (rc == 0) {
		in.nlink = 0;
		rc = inode_unlinked(fs, ino, &in);
	}
	return fs_op_end(fs, rc);
}

/* A directory may not move into itself or below itself. */
static int rename_loop_check(struct fs *fs, uint64_t moving, uint64_t ndir)
{
	struct fs_inode in;
	uint64_t p = ndir;
	int steps, rc;

	for (steps = 0; steps < 1000000; steps++) {
		if (p == moving)
			return -EINVAL;
		if (p == FS_ROOT_INO)
			return 0;
		rc = fs_inode_get(fs, p, &in);
		if (rc < 0)
			return rc;
		p = in.parent;
	}
	return -EIO;
}

struct rename_args {
	uint64_t odir, ndir, sino, dino;
	const char *oname, *nname;
	struct fs_inode sin, din;
	int replace;
};

static int rename_check(struct fs *fs, struct rename_args *a, unsigned flags)
{
	struct fs_inode tmp;
	size_t nlen;
	int rc = grow_check(fs);

	if (rc == 0)
		rc = fs_dir_check_name(a->oname, &nlen);
	if (rc == 0)
		rc = fs_dir_check_name(a->nname, &nlen);
	if (rc == 0)
		rc = dir_inode(fs, a->odir, &tmp);
	if (rc == 0)
		rc = dir_inode(fs, a->ndir, &tmp);
	if (rc == 0)
		rc = fs_dir_find(fs, a->odir, a->oname, &a->sino, NULL);
	if (rc == 0)
		rc = fs_inode_get(fs, a->sino, &a->sin);
	if (rc < 0)
		return rc;
	rc = fs_dir_find(fs, a->ndir, a->nname, &a->dino, NULL);
	if (rc < 0 && rc != -ENOENT)
		return rc;
	a->replace = rc == 0;
	if (a->replace && (flags & FS_RENAME_NOREPLACE))
		return -EEXIST;
	if (a->replace && a->dino == a->sino)
		return 1; /* POSIX: two names of one file, nothing to do */
	if (a->replace) {
		rc = fs_inode_get(fs, a->dino, &a->din);
		if (rc < 0)
			return rc;
		if (IS_DIR(a->sin.mode) && !IS_DIR(a->din.mode))
			return -ENOTDIR;
		if (!IS_DIR(a->sin.mode) && IS_DIR(a->din.mode))
			return -EISDIR;
		if (IS_DIR(a->din.mode) && (rc = fs_dir_empty(fs, a->dino)) <= 0)
			return rc < 0 ? rc : -ENOTEMPTY;
	}
	if (IS_DIR(a->sin.mode) && a->odir != a->ndir)
		return rename_loop_check(fs, a->sino, a->ndir);
	return 0;
}

static int rename_apply(struct fs *fs, struct rename_args *a)
{
	int sdir = IS_DIR(a->sin.mode), moved = sdir && a->odir != a->ndir, rc = 0;

	if (a->replace) {
		rc = fs_dir_remove(fs, a->ndir, a->nname);
		if (rc == 0)
			rc = dir_touch(fs, a->ndir, -1, IS_DIR(a->din.mode) ? -1 : 0);
		a->din.nlink = IS_DIR(a->din.mode) ? 0 : a->din.nlink - 1;
		if (rc == 0)
			rc = inode_unlinked(fs, a->dino, &a->din);
	}
	if (rc == 0)
		rc = fs_dir_remove(fs, a->odir, a->oname);
	if (rc == 0)
		rc = fs_dir_add(fs, a->ndir, a->nname, a->sino, FS_DT(a->sin.mode));
	if (rc == 0)
		rc = dir_touch(fs, a->odir, -1, moved ? -1 : 0);
	if (rc == 0)
		rc = dir_touch(fs, a->ndir, 1, moved ? 1 : 0);
	if (rc == 0)
		rc = fs_inode_get(fs, a->sino, &a->sin);
	if (rc == 0) {
		if (sdir)
			a->sin.parent = a->ndir;
		a->sin.ctime = fs_now(fs);
		rc = fs_inode_put(fs, a->sino, &a->sin);
	}
	return rc;
}

int fs_rename(struct fs *fs, uint64_t odir, const char *oname, uint64_t ndir, const char *nname,
	      unsigned flags)
{
	struct rename_args a;
	int rc;

	memset(&a, 0, sizeof(a));
	a.odir = odir;
	a.ndir = ndir;
	a.oname = oname;
	a.nname = nname;
	rc = rename_check(fs, &a, flags);
	if (rc != 0)
		return rc > 0 ? 0 : rc;
	return fs_op_end(fs, rename_apply(fs, &a));
}

int fs_lookup(struct fs *fs, uint64_t dir, const char *name, uint64_t *ino)
{
	struct fs_inode in;
	int rc = dir_inode(fs, dir, &in);

	if (rc < 0)
		return rc;
	if (strcmp(name, ".") == 0) {
		*ino = dir;
		return 0;
	}
	if (strcmp(name, "..") == 0) {
		*ino = in.parent;
		return 0;
	}
	if (strlen(name) > FS_NAME_MAX)
		return -ENAMETOOLONG;
	return fs_dir_find(fs, dir, name, ino, NULL);
}

int fs_resolve(struct fs *fs, const char *path, uint64_t *ino)
{
	char name[FS_NAME_MAX + 1];
	uint64_t cur = FS_ROOT_INO;
	size_t n;
	int rc;

	while (*path) {
		while (*path == '/')
			path++;
		n = strcspn(path, "/");
		if (n == 0)
			break;
		if (n > FS_NAME_MAX)
			return -ENAMETOOLONG;
		memcpy(name, path, n);
		name[n] = 0;
		rc = fs_lookup(fs, cur, name, &cur);
		if (rc < 0)
			return rc;
		path += n;
	}
	*ino = cur;
	return 0;
}

int fs_getattr(struct fs *fs, uint64_t ino, struct fs_stat *st)
{
	struct fs_inode in;
	int rc = fs->broken ? -EIO : fs_inode_get(fs, ino, &in);

	if (rc < 0)
		return rc;
	st->ino = ino;
	st->mode = in.mode;
	st->nlink = in.nlink;
	st->uid = in.uid;
	st->gid = in.gid;
	st->rdev = in.rdev;
	st->size = in.size;
	st->blocks = in.blocks;
	st->atime = in.atime;
	st->mtime = in.mtime;
	st->ctime = in.ctime;
	return 0;
}

static int setattr_size(struct fs *fs, uint64_t ino, struct fs_inode *in, uint64_t size)
{
	int rc;

	if (IS_DIR(in->mode))
		return -EISDIR;
	if ((in->mode & FS_S_IFMT) != FS_S_IFREG)
		return -EINVAL;
	if (size > (1ull << 52))
		return -EFBIG;
	rc = fs_data_truncate(fs, ino, in->size, size);
	if (rc == 0)
		rc = fs_inode_get(fs, ino, in); /* truncation changed its block count */
	in->size = size;
	in->mtime = fs_now(fs);
	return rc;
}

int fs_setattr(struct fs *fs, uint64_t ino, const struct fs_stat *st, unsigned mask)
{
	struct fs_inode in;
	int rc = mut_check(fs);

	if (rc == 0)
		rc = fs_inode_get(fs, ino, &in);
	if (rc == 0 && (mask & FS_SET_SIZE))
		rc = setattr_size(fs, ino, &in, st->size);
	if (rc < 0)
		return fs_op_end(fs, rc);
	if (mask & FS_SET_MODE)
		in.mode = (in.mode & FS_S_IFMT) | (st->mode & 07777);
	if (mask & FS_SET_UID)
		in.uid = st->uid;
	if (mask & FS_SET_GID)
		in.gid = st->gid;
	if (mask & FS_SET_ATIME)
		in.atime = st->atime;
	if (mask & FS_SET_MTIME)
		in.mtime = st->mtime;
	in.ctime = (mask & FS_SET_CTIME) ? st->ctime : fs_now(fs);
	if (in.atime.nsec >= 1000000000u || in.mtime.nsec >= 1000000000u ||
	    in.ctime.nsec >= 1000000000u)
		return fs_op_end(fs, -EINVAL);
	return fs_op_end(fs, fs_inode_put(fs, ino, &in));
}

int fs_open(struct fs *fs, uint64_t ino)
{
	struct fs_open_ent *o;
	struct fs_inode in;
	int rc = fs->broken ? -EIO : fs_inode_get(fs, ino, &in);

	if (rc < 0)
		return rc;
	for (o = fs->opens; o; o = o->next) {
		if (o->ino == ino) {
			o->count++;
			return 0;
		}
	}
	o = malloc(sizeof(*o));
	if (!o)
		return -ENOMEM;
	o->ino = ino;
	o->count = 1;
	o->next = fs->opens;
	fs->opens = o;
	return 0;
}

/* The last close of an unlinked file deletes it and takes it off the orphan list. */
int fs_release(struct fs *fs, uint64_t ino)
{
	struct fs_open_ent **pp, *o;
	struct fs_inode in;
	struct fs_key k = fs_mkkey(FS_ORPHAN_INO, FS_T_ORPHAN, ino);
	int rc;

	for (pp = &fs->opens; (o = *pp); pp = &o->next)
		if (o->ino == ino)
			break;
	if (!o)
		return -EBADF;
	if (--o->count > 0)
		return 0;
	*pp = o->next;
	free(o);
	if (fs->rdonly || fs->broken)
		return 0;
	rc = fs_inode_get(fs, ino, &in);
	if (rc < 0 || in.nlink > 0)
		return rc == -ENOENT ? 0 : rc;
	rc = fs_inode_purge(fs, ino);
	if (rc == 0)
		rc = fs_item_del(fs, &k);
	return fs_op_end(fs, rc);
}
