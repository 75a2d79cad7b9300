/* kernel/include/file.h: the descriptor layer. An open file description (struct file) holds
 * the offset, the status flags and the object behind it (a pipe end today; a scheme handle when
 * servers come), and is shared by dup and fork through its reference count. Each process has
 * a descriptor table: a file and FD_CLOEXEC per slot. */
#ifndef KERNEL_FILE_H
#define KERNEL_FILE_H

#include "types.h"
#include "spinlock.h"
#include "list.h"
#include "sched.h"
#include "ferrite/abi.h"

struct scheme;
struct vm_object;

#define FD_MAX 1024 /* descriptors per process (RLIMIT_NOFILE) */

struct file;
struct poll_head;

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
	/* where the object says its readiness changed (poll_head_wake), so that a poller sleeps
	 * until this object changes; NULL: it calls poll_notify(), which wakes every such poller */
	struct poll_head *(*poll_head)(struct file *f);
	/* The calls below take kernel buffers; NULL gives the errno in brackets. */
	long (*stat)(struct file *f, struct ferrite_stat *st);              /* [synthesised] */
	long (*getdents)(struct file *f, void *buf, size_t len);            /* [ENOTDIR] */
	long (*ioctl)(struct file *f, unsigned long req, void *arg, size_t size); /* [ENOTTY] */
	long (*truncate)(struct file *f, uint64_t len);                     /* [EINVAL] */
	long (*fsync)(struct file *f);                                      /* [0] */
	long (*chmod)(struct file *f, unsigned mode);                       /* [EPERM] */
	/* mmap of the description: the object to map and its size [ENODEV] */
	struct vm_object *(*mmap)(struct file *f, uint64_t offset, size_t len, int prot, int *err);
	/* pread and pwrite: at offset off, the description's offset untouched [ESPIPE] */
	long (*pread)(struct file *f, void *buf, size_t len, uint64_t off);
	long (*pwrite)(struct file *f, const void *buf, size_t len, uint64_t off);
	/* the same on user memory, for objects that move it themselves (a user server's file);
	 * used instead of pread/pwrite's kernel buffer when set (pread/pwrite must be set too) */
	long (*pread_user)(struct file *f, void *ubuf, size_t len, uint64_t off);
	long (*pwrite_user)(struct file *f, const void *ubuf, size_t len, uint64_t off);
};

struct file {
	volatile int refs;
	/* Which description this is, for as long as the system runs: never reused, unlike the
	 * address (an event watch names its description by it, file_new sets it). */
	uint64_t serial;
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
	unsigned mnt_next;     /* a directory's listing: mounts below it listed so far (mountdir.c) */
	bool mnt_only;         /* seeked to a mount entry: its own entries are skipped */
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

/* poll_wait.c: waiting for readiness. An object with a poll_head wakes the pollers watching
 * it (poll_head_wake); an object without one calls poll_notify(), which wakes every poller that
 * watches any head-less description (a head's wake-up does too: an event set may watch it). */
struct poll_head {
	struct spinlock lock;
	struct list waiters;       /* struct poll_entry */
};
#define POLL_HEAD_INIT(h) { SPINLOCK_INIT("poll_head"), LIST_INIT((h).waiters) }
void poll_head_init(struct poll_head *h);
void poll_head_wake(struct poll_head *h);
void poll_notify(void);
/* One waiter over many descriptions: init with room for max entries (the descriptions to
 * watch and one more), add each description before asking its readiness (a change after that
 * wakes it), sleep (at most ns if ns > 0; a signal wakes it), done to take the entries off
 * (and the references they held) before acting or looking again. */
struct poll_waiter;
struct poll_entry {
	struct list link;          /* on head's waiters */
	struct poll_head *head;
	struct poll_waiter *waiter;
	struct file *file;         /* held while the entry is on the head */
};
struct poll_waiter {
	struct waitq wq;
	volatile bool woken;
	bool global;               /* it has an entry on the head-less descriptions' list */
	int n, max;
	struct poll_entry *entries;
};
void poll_waiter_init(struct poll_waiter *w, struct poll_entry *entries, int max);
void poll_waiter_add(struct poll_waiter *w, struct file *f);
/* A head of the caller's own, which must outlive the wait (an event set's, for new watches). */
void poll_waiter_add_head(struct poll_waiter *w, struct poll_head *h);
void poll_waiter_sleep(struct poll_waiter *w, uint64_t ns);
void poll_waiter_done(struct poll_waiter *w);

/* pipe.c */
int pipe_create(struct file **rd, struct file **wr, unsigned flags);

#endif
