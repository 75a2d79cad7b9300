/* fuse.c: ferritefs-fuse, mounts a FerriteFS image read-write on Linux through libfuse3.
 *   ferritefs-fuse [-o ro] [--snapshot NAME] IMAGE MOUNTPOINT [fuse options, e.g. -f]
 * The core is single-threaded, so the FUSE loop is too (-s is always added). Open files keep
 * an open count in the core: an unlinked open file stays readable until released. */
#define FUSE_USE_VERSION 31
#include <errno.h>
#include <fuse.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "filedev.h"

static struct fs *ff_fs;
static struct filedev fdev;

static int ff_split(const char *path, uint64_t *dir, char *name)
{
	char parent[4096];
	const char *slash = strrchr(path, '/');
	size_t n = (size_t)(slash - path);

	if (strlen(slash + 1) > FS_NAME_MAX)
		return -ENAMETOOLONG;
	memcpy(parent, path, n);
	parent[n] = 0;
	strcpy(name, slash + 1);
	return fs_resolve(ff_fs, parent, dir);
}

static void ff_stat(const struct fs_stat *s, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = s->ino;
	st->st_mode = s->mode;
	st->st_nlink = s->nlink;
	st->st_uid = s->uid;
	st->st_gid = s->gid;
	st->st_rdev = s->rdev;
	st->st_size = (off_t)s->size;
	st->st_blocks = (blkcnt_t)(s->blocks * (FS_BLOCK_SIZE / 512));
	st->st_blksize = FS_BLOCK_SIZE;
	st->st_atim.tv_sec = s->atime.sec;
	st->st_atim.tv_nsec = s->atime.nsec;
	st->st_mtim.tv_sec = s->mtime.sec;
	st->st_mtim.tv_nsec = s->mtime.nsec;
	st->st_ctim.tv_sec = s->ctime.sec;
	st->st_ctim.tv_nsec = s->ctime.nsec;
}

static int ff_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
	struct fs_stat s;
	uint64_t ino;
	int rc = fi ? 0 : fs_resolve(ff_fs, path, &ino);

	if (fi)
		ino = fi->fh;
	if (rc == 0)
		rc = fs_getattr(ff_fs, ino, &s);
	if (rc == 0)
		ff_stat(&s, st);
	return rc;
}

struct ff_dir {
	void *buf;
	fuse_fill_dir_t fill;
};

static int ff_dirent(void *ctx, const char *name, uint64_t ino, uint32_t type, uint64_t cookie)
{
	struct ff_dir *d = ctx;
	struct stat st;

	(void)cookie;
	memset(&st, 0, sizeof(st));
	st.st_ino = ino;
	st.st_mode = type << 12;
	return d->fill(d->buf, name, &st, 0, 0);
}

static int ff_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t off,
		      struct fuse_file_info *fi, enum fuse_readdir_flags flags)
{
	struct ff_dir d;
	uint64_t ino;
	int rc = fs_resolve(ff_fs, path, &ino);

	(void)off;
	(void)fi;
	(void)flags;
	d.buf = buf;
	d.fill = fill;
	return rc < 0 ? rc : fs_readdir(ff_fs, ino, 0, ff_dirent, &d);
}

static int ff_mknod(const char *path, mode_t mode, dev_t rdev)
{
	struct fuse_context *c = fuse_get_context();
	char name[FS_NAME_MAX + 1];
	uint64_t dir, ino;
	int rc = ff_split(path, &dir, name);

	return rc < 0 ? rc : fs_create(ff_fs, dir, name, mode, rdev, c->uid, c->gid, &ino);
}

static int ff_create(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	struct fuse_context *c = fuse_get_context();
	char name[FS_NAME_MAX + 1];
	uint64_t dir, ino;
	int rc = ff_split(path, &dir, name);

	if (rc == 0)
		rc = fs_create(ff_fs, dir, name, mode, 0, c->uid, c->gid, &ino);
	if (rc == 0)
		rc = fs_open(ff_fs, ino);
	if (rc == 0)
		fi->fh = ino;
	return rc;
}

static int ff_mkdir(const char *path, mode_t mode)
{
	struct fuse_context *c = fuse_get_context();
	char name[FS_NAME_MAX + 1];
	uint64_t dir, ino;
	int rc = ff_split(path, &dir, name);

	return rc < 0 ? rc : fs_mkdir(ff_fs, dir, name, mode, c->uid, c->gid, &ino);
}

static int ff_symlink(const char *target, const char *path)
{
	struct fuse_context *c = fuse_get_context();
	char name[FS_NAME_MAX + 1];
	uint64_t dir, ino;
	int rc = ff_split(path, &dir, name);

	return rc < 0 ? rc : fs_symlink(ff_fs, dir, name, target, c->uid, c->gid, &ino);
}

static int ff_readlink(const char *path, char *buf, size_t size)
{
	uint64_t ino;
	int rc = fs_resolve(ff_fs, path, &ino);

	if (rc == 0)
		rc = fs_readlink(ff_fs, ino, buf, size - 1);
	if (rc < 0)
		return rc;
	buf[(size_t)rc < size - 1 ? (size_t)rc : size - 1] = 0;
	return 0;
}

static int ff_unlink(const char *path)
{
	char name[FS_NAME_MAX + 1];
	uint64_t dir;
	int rc = ff_split(path, &dir, name);

	return rc < 0 ? rc : fs_unlink(ff_fs, dir, name);
}

static int ff_rmdir(const char *path)
{
	char name[FS_NAME_MAX + 1];
	uint64_t dir;
	int rc = ff_split(path, &dir, name);

	return rc < 0 ? rc : fs_rmdir(ff_fs, dir, name);
}

static int ff_rename(const char *from, const char *to, unsigned int flags)
{
	char on[FS_NAME_MAX + 1], nn[FS_NAME_MAX + 1];
	uint64_t od, nd;
	int rc;

	if (flags & ~1u) /* RENAME_EXCHANGE and RENAME_WHITEOUT are not supported */
		return -EINVAL;
	rc = ff_split(from, &od, on);
	if (rc == 0)
		rc = ff_split(to, &nd, nn);
	return rc < 0 ? rc : fs_rename(ff_fs, od, on, nd, nn, flags ? FS_RENAME_NOREPLACE : 0);
}

static int ff_link(const char *from, const char *to)
{
	char name[FS_NAME_MAX + 1];
	uint64_t ino, dir;
	int rc = fs_resolve(ff_fs, from, &ino);

	if (rc == 0)
		rc = ff_split(to, &dir, name);
	return rc < 0 ? rc : fs_link(ff_fs, ino, dir, name);
}

static int ff_setattr(const char *path, struct fuse_file_info *fi, const struct fs_stat *s,
		      unsigned mask)
{
	uint64_t ino;
	int rc = fi ? 0 : fs_resolve(ff_fs, path, &ino);

	if (fi)
		ino = fi->fh;
	return rc < 0 ? rc : fs_setattr(ff_fs, ino, s, mask);
}

static int ff_chmod(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	struct fs_stat s;

	s.mode = mode;
	return ff_setattr(path, fi, &s, FS_SET_MODE);
}

static int ff_chown(const char *path, uid_t uid, gid_t gid, struct fuse_file_info *fi)
{
	struct fs_stat s;
	unsigned mask = (uid != (uid_t)-1 ? FS_SET_UID : 0) | (gid != (gid_t)-1 ? FS_SET_GID : 0);

	s.uid = uid;
	s.gid = gid;
	return ff_setattr(path, fi, &s, mask);
}

static int ff_truncate(const char *path, off_t size, struct fuse_file_info *fi)
{
	struct fs_stat s;

	s.size = (uint64_t)size;
	return ff_setattr(path, fi, &s, FS_SET_SIZE);
}

static struct fs_time ff_time(const struct timespec *ts)
{
	struct fs_time t;

	if (ts->tv_nsec == UTIME_NOW)
		return filedev_live_env.now(NULL);
	t.sec = ts->tv_sec;
	t.nsec = (uint32_t)ts->tv_nsec;
	return t;
}

static int ff_utimens(const char *path, const struct timespec tv[2], struct fuse_file_info *fi)
{
	struct fs_stat s;
	unsigned mask = 0;

	if (tv[0].tv_nsec != UTIME_OMIT) {
		s.atime = ff_time(&tv[0]);
		mask |= FS_SET_ATIME;
	}
	if (tv[1].tv_nsec != UTIME_OMIT) {
		s.mtime = ff_time(&tv[1]);
		mask |= FS_SET_MTIME;
	}
	return ff_setattr(path, fi, &s, mask);
}

static int ff_open(const char *path, struct fuse_file_info *fi)
{
	uint64_t ino;
	int rc = fs_resolve(ff_fs, path, &ino);

	if (rc == 0)
		rc = fs_open(ff_fs, ino);
	if (rc == 0)
		fi->fh = ino;
	return rc;
}

static int ff_release(const char *path, struct fuse_file_info *fi)
{
	(void)path;
	return fs_release(ff_fs, fi->fh);
}

static int ff_read(const char *path, char *buf, size_t size, off_t off, struct fuse_file_info *fi)
{
	(void)path;
	return (int)fs_read(ff_fs, fi->fh, (uint64_t)off, buf, size);
}

static int ff_write(const char *path, const char *buf, size_t size, off_t off,
		    struct fuse_file_info *fi)
{
	(void)path;
	return (int)fs_write(ff_fs, fi->fh, (uint64_t)off, buf, size);
}

static int ff_fsync(const char *path, int datasync, struct fuse_file_info *fi)
{
	(void)path;
	(void)datasync;
	return fs_fsync(ff_fs, fi ? fi->fh : FS_ROOT_INO);
}

static int ff_statfs(const char *path, struct statvfs *sv)
{
	struct fs_statfs s;

	(void)path;
	fs_statfs(ff_fs, &s);
	memset(sv, 0, sizeof(*sv));
	sv->f_bsize = sv->f_frsize = s.bsize;
	sv->f_blocks = s.blocks;
	sv->f_bfree = sv->f_bavail = s.bfree;
	sv->f_files = s.files + s.ffree;
	sv->f_ffree = sv->f_favail = s.ffree;
	sv->f_namemax = s.namemax;
	return 0;
}

static void *ff_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	(void)conn;
	cfg->use_ino = 1;
	cfg->nullpath_ok = 0;
	/* no attribute caching: a link or a change through another name must show at once */
	cfg->attr_timeout = 0;
	cfg->entry_timeout = 0;
	cfg->negative_timeout = 0;
	return NULL;
}

static void ff_destroy(void *data)
{
	(void)data;
	if (fs_unmount(ff_fs) < 0)
		fprintf(stderr, "ferritefs-fuse: final commit failed\n");
	ff_fs = NULL;
}

static const struct fuse_operations ff_ops = {
	.getattr = ff_getattr, .readlink = ff_readlink, .mknod = ff_mknod, .mkdir = ff_mkdir,
	.unlink = ff_unlink, .rmdir = ff_rmdir, .symlink = ff_symlink, .rename = ff_rename,
	.link = ff_link, .chmod = ff_chmod, .chown = ff_chown, .truncate = ff_truncate,
	.open = ff_open, .read = ff_read, .write = ff_write, .statfs = ff_statfs,
	.release = ff_release, .fsync = ff_fsync, .fsyncdir = ff_fsync, .readdir = ff_readdir,
	.init = ff_init,
	.destroy = ff_destroy, .create = ff_create, .utimens = ff_utimens,
};

int main(int argc, char **argv)
{
	struct fs_mount_opts o;
	char **args = calloc((size_t)argc + 2, sizeof(*args));
	int i, n = 0, rc;

	memset(&o, 0, sizeof(o));
	o.env = filedev_live_env;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--snapshot") && i + 1 < argc)
			o.snapshot = argv[++i];
		else if (!strcmp(argv[i], "-o") && i + 1 < argc && !strcmp(argv[i + 1], "ro"))
			o.flags |= FS_MOUNT_RDONLY, i++;
	}
	if (!args || argc - i < 2) {
		fprintf(stderr, "usage: ferritefs-fuse [-o ro] [--snapshot NAME] IMAGE MOUNTPOINT [fuse options]\n");
		return 2;
	}
	rc = filedev_open(&fdev, argv[i], (o.flags & FS_MOUNT_RDONLY) || o.snapshot);
	if (rc == 0)
		rc = fs_mount(&fdev.dev, &o, &ff_fs);
	if (rc < 0) {
		fprintf(stderr, "ferritefs-fuse: %s: %s\n", argv[i], strerror(-rc));
		return 1;
	}
	args[n++] = argv[0];
	args[n++] = "-s";
	for (i++; i < argc; i++)
		args[n++] = argv[i];
	rc = fuse_main(n, args, &ff_ops, NULL);
	if (ff_fs)
		fs_unmount(ff_fs);
	free(args);
	return rc;
}
