/* kernel/include/file.h: the descriptor layer. An open file description (struct file) holds
 * the offset, the status flags and the object behind it (a pipe end today; a scheme handle when
 * servers come), and is shared by dup and fork through its reference count. Each process has
 * a descriptor table: a file and FD_CLOEXEC per slot. */
#ifndef KERNEL_FILE_H
#define KERNEL_FILE_H

#include "types.h"
#include "spinlock.h"

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
};

struct file {
	volatile int refs;
	unsigned flags;        /* O_ACCMODE, O_APPEND, O_NONBLOCK */
	uint64_t offset;
	struct spinlock lock;  /* guards offset and flags */
	const struct file_ops *ops;
	void *priv;
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

/* pipe.c */
int pipe_create(struct file **rd, struct file **wr, unsigned flags);

#endif
