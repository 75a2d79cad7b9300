/* crash_model.h: the crash tester's operations, an independent in-memory model of what they
 * should do (the oracle), and the canonical digest of a namespace that both the model and a
 * mounted filesystem produce, so a recovered disk can be compared with model states. */
#ifndef CRASH_MODEL_H
#define CRASH_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "../core/fs.h"

enum cm_opcode {
	CM_CREATE, CM_WRITE, CM_TRUNC, CM_FSYNC, CM_FDATASYNC, CM_SYNC, CM_RENAME, CM_LINK,
	CM_UNLINK, CM_MKDIR, CM_RMDIR, CM_SYMLINK, CM_OPEN, CM_CLOSE, CM_SNAPSHOT, CM_SNAPDEL,
	CM_ROLLBACK, CM_NOPS
};

struct cm_op {
	enum cm_opcode code;
	char a[32], b[32];
	uint64_t off, len;
	unsigned seed;
};

#define CM_INODES 64
#define CM_DIRENTS 64

struct cm_inode {
	int type; /* 0 free, else FS_S_IFREG / FS_S_IFDIR / FS_S_IFLNK */
	uint8_t *data;
	uint64_t size;
	char target[32];
};

struct cm_dirent {
	int used, dir, ino;
	char name[32];
};

struct cm_model {
	struct cm_inode ino[CM_INODES];
	struct cm_dirent de[CM_DIRENTS];
};

void cm_init(struct cm_model *m);
void cm_free(struct cm_model *m);
void cm_copy(struct cm_model *dst, const struct cm_model *src);
int cm_apply(struct cm_model *m, const struct cm_op *op); /* returns the expected result */
int cm_fs_apply(struct fs *fs, const struct cm_op *op);  /* does it on a filesystem */
int cm_is_sync(const struct cm_op *op);
uint64_t cm_digest_model(const struct cm_model *m);
int cm_digest_fs(struct fs *fs, uint64_t *digest);
void cm_describe(const struct cm_op *op, char *buf, size_t size);

#endif
