/* fs.h: the public interface of Ferrite's filesystem core (FerriteFS), a copy-on-write B-tree
 * filesystem with an intent log. Start here; DESIGN.md describes the on-disk format.
 * The core makes no OS calls: it reaches the disk only through struct fs_dev below, and gets
 * the time and a log sink from the caller. Every function returns 0 or a negative errno. */
#ifndef FS_H
#define FS_H

#include <stddef.h>
#include <stdint.h>

#define FS_BLOCK_SIZE 4096
#define FS_NAME_MAX 255
#define FS_SYMLINK_MAX 1024
#define FS_ROOT_INO 1
#define FS_SNAP_NAME_MAX 47
#define FS_SNAP_MAX 30

/* file types and dirent types: the values Linux and musl use */
#define FS_S_IFMT 0170000
#define FS_S_IFSOCK 0140000
#define FS_S_IFLNK 0120000
#define FS_S_IFREG 0100000
#define FS_S_IFBLK 0060000
#define FS_S_IFDIR 0040000
#define FS_S_IFCHR 0020000
#define FS_S_IFIFO 0010000
#define FS_DT(mode) (((mode) >> 12) & 15)

/* The block device. flush() must make every write that completed before it durable. */
struct fs_dev {
	void *ctx;
	uint64_t nblocks;
	int (*read)(void *ctx, uint64_t blk, void *buf);
	int (*write)(void *ctx, uint64_t blk, const void *buf);
	int (*flush)(void *ctx);
};

struct fs_time {
	int64_t sec;
	uint32_t nsec;
};

/* What the embedding program supplies: a clock and a sink for error lines (both optional). */
struct fs_env {
	void *ctx;
	struct fs_time (*now)(void *ctx);
	void (*log)(void *ctx, const char *line);
};

#define FS_MOUNT_RDONLY 1u   /* never write the device */
#define FS_MOUNT_NOREPLAY 2u /* ignore the intent log (fsck of the committed state) */

struct fs_mount_opts {
	unsigned flags;
	const char *snapshot; /* mount this snapshot (read-only) instead of the live tree */
	struct fs_env env;
};

struct fs_mkfs_opts {
	uint64_t log_blocks; /* 0: chosen from the device size */
	const char *label;
	struct fs_env env;
};

struct fs_stat {
	uint64_t ino;
	uint32_t mode, nlink, uid, gid;
	uint64_t rdev, size, blocks; /* blocks: 4 KiB blocks allocated */
	struct fs_time atime, mtime, ctime;
};

#define FS_SET_MODE 1u
#define FS_SET_UID 2u
#define FS_SET_GID 4u
#define FS_SET_SIZE 8u
#define FS_SET_ATIME 16u
#define FS_SET_MTIME 32u
#define FS_SET_CTIME 64u

struct fs_statfs {
	uint64_t blocks, bfree, files, ffree;
	uint32_t bsize, namemax;
};

struct fs_snap_info {
	uint64_t id, gen;
	struct fs_time ctime;
	char name[FS_SNAP_NAME_MAX + 1];
};

struct fs;

/* readdir callback: return nonzero to stop. cookie resumes after this entry. */
typedef int (*fs_dirent_fn)(void *ctx, const char *name, uint64_t ino, uint32_t type,
			    uint64_t cookie);

int fs_mkfs(struct fs_dev *dev, const struct fs_mkfs_opts *opts);
int fs_mount(struct fs_dev *dev, const struct fs_mount_opts *opts, struct fs **out);
int fs_unmount(struct fs *fs); /* commits, then frees; the fs is gone even on error */
int fs_sync(struct fs *fs);    /* a full tree commit */

int fs_lookup(struct fs *fs, uint64_t dir, const char *name, uint64_t *ino);
int fs_resolve(struct fs *fs, const char *path, uint64_t *ino); /* no symlinks followed */
int fs_getattr(struct fs *fs, uint64_t ino, struct fs_stat *st);
int fs_setattr(struct fs *fs, uint64_t ino, const struct fs_stat *st, unsigned mask);
int fs_create(struct fs *fs, uint64_t dir, const char *name, uint32_t mode, uint64_t rdev,
	      uint32_t uid, uint32_t gid, uint64_t *ino); /* regular, fifo, device, socket */
int fs_mkdir(struct fs *fs, uint64_t dir, const char *name, uint32_t mode, uint32_t uid,
	     uint32_t gid, uint64_t *ino);
int fs_symlink(struct fs *fs, uint64_t dir, const char *name, const char *target, uint32_t uid,
	       uint32_t gid, uint64_t *ino);
int fs_readlink(struct fs *fs, uint64_t ino, char *buf, size_t size); /* returns length */
int fs_link(struct fs *fs, uint64_t ino, uint64_t dir, const char *name);
int fs_unlink(struct fs *fs, uint64_t dir, const char *name);
int fs_rmdir(struct fs *fs, uint64_t dir, const char *name);
#define FS_RENAME_NOREPLACE 1u
int fs_rename(struct fs *fs, uint64_t odir, const char *oname, uint64_t ndir, const char *nname,
	      unsigned flags);
int fs_readdir(struct fs *fs, uint64_t dir, uint64_t cookie, fs_dirent_fn fn, void *ctx);

/* open/release keep a count so that unlinked open files live on (orphan list) until closed. */
int fs_open(struct fs *fs, uint64_t ino);
int fs_release(struct fs *fs, uint64_t ino);
int64_t fs_read(struct fs *fs, uint64_t ino, uint64_t off, void *buf, size_t len);
int64_t fs_write(struct fs *fs, uint64_t ino, uint64_t off, const void *buf, size_t len);
int fs_fsync(struct fs *fs, uint64_t ino); /* one log write and one flush */
int fs_statfs(struct fs *fs, struct fs_statfs *sf);

int fs_snap_create(struct fs *fs, const char *name);
int fs_snap_delete(struct fs *fs, const char *name);
int fs_snap_rollback(struct fs *fs, const char *name); /* live tree := snapshot */
int fs_snap_list(struct fs *fs, struct fs_snap_info *out, int max); /* returns count */

/* fsck: checks the committed state; FS_FSCK_REPAIR mounts (replaying the log), repairs what
 * is safe, and commits. Problems found are reported line by line through env.log. */
#define FS_FSCK_REPAIR 1u
struct fs_fsck_result {
	uint64_t errors, repaired, blocks_used, inodes, log_batches;
};
int fs_fsck(struct fs_dev *dev, unsigned flags, const struct fs_env *env,
	    struct fs_fsck_result *res);

/* counters for tests and benchmarks */
struct fs_counters {
	uint64_t commits, log_writes, flushes, gen, replayed_batches;
};
void fs_get_counters(struct fs *fs, struct fs_counters *c);

uint32_t fs_crc32c(uint32_t crc, const void *buf, size_t len);

#endif
