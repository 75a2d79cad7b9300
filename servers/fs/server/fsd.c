/* servers/fs/server/fsd.c: fsd's start-up (a RAM device with a new filesystem, or an image
 * loaded into it) and its table of operations for the server skeleton. */
#include <errno.h>
#include <string.h>
#include "fsd.h"

const struct srv_ops fsd_ops = {
	.open = fsd_open, .mkdir = fsd_mkdir, .unlink = fsd_unlink, .rename = fsd_rename,
	.link = fsd_link, .symlink = fsd_symlink, .readlink = fsd_readlink, .stat = fsd_stat,
	.chmod = fsd_chmod, .chown = fsd_chown, .utimens = fsd_utimens, .access = fsd_access,
	.read = fsd_read, .write = fsd_write, .fstat = fsd_fstat, .getdents = fsd_getdents,
	.truncate = fsd_truncate, .fsync = fsd_fsync, .fchmod = fsd_fchmod,
	.fchown = fsd_fchown, .close = fsd_close,
	/* IOCTL: ENOTTY, the skeleton's answer; CANCEL: every answer is given at once */
};

/* The core's errors are the host's errno values; the packet's are musl's. They agree on
 * x86_64 Linux and Ferrite; this says so where it matters. */
_Static_assert(ENOENT == FERRITE_ENOENT && EEXIST == FERRITE_EEXIST &&
	       ENOTDIR == FERRITE_ENOTDIR && EISDIR == FERRITE_EISDIR &&
	       ENOTEMPTY == FERRITE_ENOTEMPTY && ENOSPC == FERRITE_ENOSPC &&
	       ENAMETOOLONG == FERRITE_ENAMETOOLONG && ELOOP == FERRITE_ELOOP &&
	       EOPNOTSUPP == FERRITE_EOPNOTSUPP, "errno values are musl's");
_Static_assert(FS_S_IFDIR == FERRITE_S_IFDIR && FS_S_IFLNK == FERRITE_S_IFLNK &&
	       FS_S_IFREG == FERRITE_S_IFREG, "file types");

struct fsd *fsd_of(struct srv_req *rq)
{
	return rq->srv->priv;
}

void fsd_stat_fill(const struct fs_stat *s, struct ferrite_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = 0xfd00;    /* the kernel puts the scheme's own number here (scheme.h) */
	st->st_ino = s->ino;
	st->st_nlink = s->nlink;
	st->st_mode = s->mode;
	st->st_uid = s->uid;
	st->st_gid = s->gid;
	st->st_rdev = s->rdev;
	st->st_size = (long)s->size;
	st->st_blksize = FS_BLOCK_SIZE;
	st->st_blocks = (long)(s->blocks * (FS_BLOCK_SIZE / 512));
	st->st_atim.tv_sec = s->atime.sec;
	st->st_atim.tv_nsec = s->atime.nsec;
	st->st_mtim.tv_sec = s->mtime.sec;
	st->st_mtim.tv_nsec = s->mtime.nsec;
	st->st_ctim.tv_sec = s->ctime.sec;
	st->st_ctim.tv_nsec = s->ctime.nsec;
}

static int fsd_mkfs(struct fsd *f, const struct fsd_opts *o)
{
	struct fs_mkfs_opts mo;
	struct fs_stat st;
	int rc = ramdev_init(&f->dev, o->size / FS_BLOCK_SIZE);

	memset(&mo, 0, sizeof(mo));
	mo.label = "fsd";
	mo.env = o->env;
	if (rc == 0)
		rc = fs_mkfs(&f->dev.dev, &mo);
	if (rc < 0)
		return rc;
	rc = fs_mount(&f->dev.dev, &(struct fs_mount_opts){0, NULL, o->env}, &f->fs);
	if (rc == 0 && o->root_mode) {
		st.mode = o->root_mode;
		rc = fs_setattr(f->fs, FS_ROOT_INO, &st, FS_SET_MODE);
	}
	return rc;
}

int fsd_init(struct fsd *f, const struct fsd_opts *o)
{
	int rc;

	memset(f, 0, sizeof(*f));
	f->env = o->env;
	if (o->image_fd >= 0) {
		rc = ramdev_load(&f->dev, o->image_fd);
		if (rc == 0)
			rc = fs_mount(&f->dev.dev, &(struct fs_mount_opts){0, NULL, o->env}, &f->fs);
	} else {
		rc = fsd_mkfs(f, o);
	}
	if (rc < 0) {
		if (f->fs)
			fs_unmount(f->fs);
		ramdev_free(&f->dev);
		f->fs = NULL;
	}
	return rc;
}

void fsd_fini(struct fsd *f)
{
	if (f->fs)
		fs_unmount(f->fs);
	ramdev_free(&f->dev);
	fsd_handles_free(&f->handles);
	f->fs = NULL;
}
