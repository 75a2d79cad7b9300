/* kernel/include/file.h: the descriptor layer. An open file description (struct file) holds
 * the offset, the status flags and the object behind it (a pipe end today; a scheme handle when
 * servers come), and is shared by dup and fork through its reference count. Each process has
 * a descriptor table: a file and FD_CLOEXEC per slot. */
#ifndef KERNEL_FILE_H
#define KERNEL_FILE_H

#include "types.h"
#include "spinlock.h"
#include "ferrite/abi.h"

struct scheme;
struct vm_object;

#define FD_MAX 1024 /* descriptors per process (RLIMIT_NOFILE) */

struct file;

struct file_ops {
	/* read and write get a kernel buffer and may block; they return bytes or -errno */
	long (*read)(struct file *f, void *buf, size_t len);
	long (*write)(struct file *f, const void *buf, size_t len);
	long (*lseek)(struct file *f, long off, int whence); /* NULL: ESPIPE */
	void (*release)(struct file *f);                      /* the last reference went */
	/* read and write move user memory themselves (pipes: a chunk at a time), when set */
	long (*read_user)(struct file *f, void *ubuf, size_t len);
	long (*write_user)(struct file *f, const void *ubuf, size_t len);
	/* readiness now: POLLIN, POLLOUT, POLLHUP, POLLERR (NULL: always ready) */
	unsigned (*poll)(struct file *f);
	/* The calls below take kernel buffers; NULL gives the errno in brackets. */
	long (*stat)(struct file *f, struct ferrite_stat *st);              /* [synthesised] */
	long (*getdents)(struct file *f, void *buf, size_t len);            /* [ENOTDIR] */
	long (*ioctl)(struct file *f, unsigned long req, void *arg, size_t size); /* [ENOTTY] */
	long (*truncate)(struct file *f, uint64_t len);                     /* [EINVAL] */
	long (*fsync)(struct file *f);                                      /* [0] */
	long (*chmod)(struct file *f, unsigned mode);                       /* [EPERM] */
	/* mmap of the description: the object to map and its size [ENODEV] */
	struct vm_object *(*mmap)(struct file *f, uint64_t offset, size_t len, int prot, int *err);
};

struct file {
	volatile int refs;
	unsigned flags;        /* O_ACCMODE, O_APPEND, O_NONBLOCK, O_PATH (no read, write...) */
	uint64_t offset;
	struct spinlock lock;  /* guards offset and flags */
	const struct file_ops *ops;
	void *priv;
	/* Reached through a path: the scheme that serves it, the server's handle for it, and the
	 * namespace path it was opened by, which is what getcwd reports for a directory and what a
	 * redirect relative to the scheme's root is joined to (the scheme's mount prefix). NULL
	 * and 0 for pipes and other descriptions made without a path. */
	struct scheme *scheme;
	uint64_t handle;
	char *path;            /* kmalloc'd, absolute and normalised */
	size_t mount_len;      /* path[0..mount_len) is the prefix the scheme is mounted at */
};

struct fd_slot {
	struct file *file;
	unsigned fdflags;      /* FD_CLOEXEC */
	unsigned pad;
};

struct fdtable {
	struct spinlock lock;
	int size;              /* slots allocated, grows to FD_MAX */
	struct fd_slot *slots;
};

struct file *file_new(const struct file_ops *ops, void *priv, unsigned flags);
void file_get(struct file *f);
void file_put(struct file *f);
/* fstat of a description: its stat operation, or a pipe's made-up answer. */
long file_stat(struct file *f, struct ferrite_stat *st);

int fdtable_init(struct fdtable *t);
int fdtable_copy(struct fdtable *dst, struct fdtable *src); /* fork */
void fdtable_close_all(struct fdtable *t);                 /* exit */
void fdtable_close_on_exec(struct fdtable *t);             /* execve */
/* The lowest free descriptor >= min for f (which it then holds): fd or -EMFILE. */
int fd_install(struct fdtable *t, struct file *f, unsigned fdflags, int min);
/* The file at fd with a reference for the caller, or NULL. */
struct file *fd_get(struct fdtable *t, int fd);

/* poll.c: an object whose readiness changed says so; poll waiters look again. */
void poll_notify(void);
/* The count of readiness changes so far, and a wait until it is no longer gen (at most ns if
 * ns > 0; a signal ends it too): read the count, look at the objects, then wait. */
uint64_t poll_gen(void);
void poll_wait_change(uint64_t gen, uint64_t ns);

/* pipe.c */
int pipe_create(struct file **rd, struct file **wr, unsigned flags);

#endif
