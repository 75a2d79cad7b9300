/* servers/fs/server/fsd.h: fsd, the filesystem server: FerriteFS (../core) on a RAM block
 * device, answering the scheme protocol through the server skeleton (libc/scheme/srv.h).
 * Start reading at fsd.c (start-up and the table of operations); walk.c resolves paths and
 * turns symlinks and ".." above the root into redirects; ops_path.c and ops_handle.c are the
 * requests; handles.c the handle table; ramdev.c the device; main.c the program in Ferrite.
 * The core does no permission checks, so fsd makes them here with the caller's uid and gid
 * from the packet (perm.c). Single-threaded, like the core. */
#ifndef FSD_H
#define FSD_H

#include <stdint.h>
#include "../core/fs.h"
#include "srv.h"

/* ---- ramdev.c: a sparse block device in memory (a block exists once written) ---- */
struct ramdev {
	struct fs_dev dev;
	unsigned char **blk;
	uint64_t used;          /* blocks holding memory */
};
int ramdev_init(struct ramdev *r, uint64_t nblocks);
int ramdev_load(struct ramdev *r, int fd); /* an image file, read to its end */
void ramdev_free(struct ramdev *r);

/* ---- handles.c: what OPEN answers. A handle is a slot number and a generation, so a
 * closed handle never names the next file put in its slot. ---- */
struct fsd_handle {
	uint64_t ino;
	unsigned flags;         /* O_* at open */
	uint32_t gen;
	int used;
};
struct fsd_handles {
	struct fsd_handle *h;
	uint32_t n, cap, live;
};
#define FSD_HANDLES_MAX 65536
long fsd_handle_new(struct fsd_handles *t, uint64_t ino, unsigned flags, unsigned long *out);
struct fsd_handle *fsd_handle_get(struct fsd_handles *t, unsigned long handle);
void fsd_handle_free(struct fsd_handles *t, unsigned long handle);
void fsd_handles_free(struct fsd_handles *t);

/* ---- fsd.c ---- */
struct fsd_opts {
	uint64_t size;          /* bytes of the RAM device when making a filesystem */
	int image_fd;           /* >= 0: load this image instead of making one */
	unsigned root_mode;     /* the root directory's mode after mkfs (e.g. 01777 for /tmp) */
	struct fs_env env;      /* clock and log for the core */
};
struct fsd {
	struct fs *fs;
	struct ramdev dev;
	struct fsd_handles handles;
	struct fs_env env;
};
extern const struct srv_ops fsd_ops;
int fsd_init(struct fsd *f, const struct fsd_opts *o);
void fsd_fini(struct fsd *f);
struct fsd *fsd_of(struct srv_req *rq);
void fsd_stat_fill(const struct fs_stat *s, struct ferrite_stat *st);

/* ---- perm.c: permission checks with the caller from the packet ---- */
#define FSD_R 4
#define FSD_W 2
#define FSD_X 1
int fsd_may(const struct fs_stat *st, const struct ferrite_packet *p, int mask);
int fsd_may_ino(struct fsd *f, uint64_t ino, const struct ferrite_packet *p, int mask);
int fsd_is_owner(const struct fs_stat *st, const struct ferrite_packet *p);
int fsd_sticky_ok(struct fsd *f, uint64_t dir, uint64_t ino, const struct ferrite_packet *p);

/* ---- walk.c: paths relative to a directory handle ---- */
struct fsd_walk {
	uint64_t dir;           /* the directory holding the last name; 0 when there is none */
	uint64_t ino;           /* what the path names; 0 when the last name does not exist */
	char name[FS_NAME_MAX + 1]; /* the last name; "" when the path ends in ".", ".." or "" */
	int dotdot;             /* the path ended in ".." */
	int slash;              /* the path ended in '/': it must name a directory */
	uint32_t mode;          /* the file type of ino, when it exists */
};
#define FSD_FOLLOW 1            /* a symlink as the last name is followed (a redirect) */
/* Resolves path from directory handle dirh (0: the root): 0, -errno, or -FERRITE_EREDIRECT
 * with the redirect in rq. */
long fsd_walk(struct srv_req *rq, unsigned long dirh, const char *path, unsigned how,
	      struct fsd_walk *w);
/* The path of directory ino from the root ("" for the root itself) into buf. */
int fsd_dir_path(struct fsd *f, uint64_t ino, char *buf, size_t size);

/* ---- ops_path.c, ops_handle.c ---- */
long fsd_open(struct srv_req *rq);
long fsd_mkdir(struct srv_req *rq);
long fsd_unlink(struct srv_req *rq);
long fsd_rename(struct srv_req *rq);
long fsd_link(struct srv_req *rq);
long fsd_symlink(struct srv_req *rq);
long fsd_readlink(struct srv_req *rq);
long fsd_stat(struct srv_req *rq);
long fsd_chmod(struct srv_req *rq);
long fsd_chown(struct srv_req *rq);
long fsd_utimens(struct srv_req *rq);
long fsd_access(struct srv_req *rq);
long fsd_read(struct srv_req *rq);
long fsd_write(struct srv_req *rq);
long fsd_fstat(struct srv_req *rq);
long fsd_getdents(struct srv_req *rq);
long fsd_truncate(struct srv_req *rq);
long fsd_fsync(struct srv_req *rq);
long fsd_fchmod(struct srv_req *rq);
long fsd_fchown(struct srv_req *rq);
long fsd_close(struct srv_req *rq);
/* shared by the path and handle forms */
long fsd_do_chmod(struct fsd *f, uint64_t ino, const struct ferrite_packet *p, unsigned mode);
long fsd_do_chown(struct fsd *f, uint64_t ino, const struct ferrite_packet *p,
		  unsigned long uid, unsigned long gid);

#endif
