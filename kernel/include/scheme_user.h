/* kernel/include/scheme_user.h: the kernel's side of the scheme protocol (user-space servers),
 * shared by its three files: scheme_user.c (the server's descriptor: registering, packets out,
 * death), scheme_user_reply.c (replies in, fetch, readiness events), scheme_user_call.c (a
 * client's request: queue, wait, cancel; the scheme's path operation) and scheme_user_file.c
 * (descriptions opened through a server). docs/ARCHITECTURE.md, "The scheme protocol", gives
 * the rules.
 *
 * Locks: a scheme's lock (struct uscheme.lock) is taken under its receive queue's lock (the
 * server's wait checks the queue), never around a wait queue's lock; no other lock is taken
 * under it. Requests live on their client's kernel stack: a copy that reads or writes one
 * outside the lock pins it (pins), and a client that gives up waits for its pins to go. */
#ifndef KERNEL_SCHEME_USER_H
#define KERNEL_SCHEME_USER_H

#include "types.h"
#include "list.h"
#include "sched.h"
#include "scheme.h"
#include "vm.h"

/* What waits in a scheme's queue for the server to read it. */
enum uq_kind {
	UQ_REQUEST,      /* a client's request (struct ureq.q) */
	UQ_CANCEL,       /* a cancel, inside the request it cancels (struct ureq.cq) */
	UQ_CANCEL_ALONE, /* a cancel whose client is gone (SIGKILL): kmalloc'd struct ucancel */
	UQ_CLOSE,        /* the last description of a handle went (struct usfile.cq) */
};

struct uqitem {
	struct list link;
	enum uq_kind kind;
};

/* Where a request's data is: user memory of a space, or kernel memory (vm NULL). */
struct ubuf {
	struct vm_space *vm;
	uint64_t uaddr;
	void *kaddr;
	size_t len;
};

enum ureq_state { UREQ_QUEUED, UREQ_READ, UREQ_DONE };

struct ureq {
	struct uqitem q;              /* on the queue (QUEUED) or the pending list (READ) */
	struct uqitem cq;             /* its cancel, while queued */
	struct ferrite_packet pkt;    /* pkt.id: the request's id, unique for the scheme's life */
	const char *path, *path2;     /* kernel memory, NULL when the request has none */
	struct ubuf in;               /* what the server may fetch (WRITE, IOCTL in, UTIMENS) */
	struct ubuf out;              /* where reply data goes (READ, STAT, READLINK, ...) */
	volatile enum ureq_state state;
	int pins;                     /* copies to or from it under way outside the lock */
	bool answering;               /* a reply was accepted and is being copied */
	bool cancelled;               /* a cancel was sent (queued at least) */
	bool cancel_queued;           /* cq is on the queue */
	bool by_death;                /* failed because the server went */
	/* the answer */
	long result;
	uint64_t handle;
	struct file *file;            /* FERRITE_REPLY_FD: the server's description, referenced */
	char *redirect;               /* -EREDIRECT: kmalloc'd path */
	bool has_offset;              /* FERRITE_REPLY_OFFSET: WRITE's offset after it */
	uint64_t offset_after;
};

struct ucancel {
	struct uqitem q;
	uint64_t id;
};

/* A user scheme: the registry's struct scheme and the server's side. */
struct uscheme {
	struct scheme s;
	struct spinlock lock;
	struct list queue;            /* uqitems the server has not read yet */
	struct list pending;          /* requests read and not yet answered (ureq.q) */
	struct list files;            /* client descriptions open through it (usfile.link) */
	struct waitq recvq;           /* server threads waiting for a packet */
	struct waitq replyq;          /* clients waiting for their answer, by request id */
	uint64_t next_id;
	volatile bool dead;           /* the server's descriptor went: everything answers EIO */
};

/* A description opened through a server (file->priv). */
struct usfile {
	struct uscheme *us;           /* referenced (scheme_get) while the usfile lives */
	uint64_t handle;
	struct list link;             /* on us->files while the description lives */
	struct uqitem cq;             /* the CLOSE notice, queued when the description goes */
	volatile unsigned revents;    /* the readiness the server last pushed (EVENT) */
	volatile bool has_events;     /* the server pushes readiness for this handle */
};

/* Counters for /proc/ipc (and the tests). */
struct scheme_ipc_stats {
	uint64_t requests;        /* requests sent to servers */
	uint64_t queued;          /* of them, ones no server thread was waiting for */
	uint64_t replies;         /* replies accepted */
	uint64_t refused;         /* replies refused (EINVAL and such to the server) */
	uint64_t cancels;         /* cancels sent */
	uint64_t direct_switches; /* the scheduler's direct switches (both ways) */
	uint64_t cr3_loads;       /* address-space switches, all CPUs, since boot */
};
void scheme_ipc_stats(struct scheme_ipc_stats *st);
/* The same as /proc/ipc shows it ("name value" lines): the length written (NUL after it). */
size_t scheme_ipc_format(char *buf, size_t len);
extern volatile uint64_t uscheme_counters[5]; /* requests, queued, replies, refused, cancels */
#define USC_REQUESTS 0
#define USC_QUEUED   1
#define USC_REPLIES  2
#define USC_REFUSED  3
#define USC_CANCELS  4
static inline void uscheme_count(int which)
{
	__asm__ volatile("lock incq %0" : "+m"(uscheme_counters[which]));
}

/* scheme_user.c */
struct uscheme *uscheme_of_file(struct file *f);      /* a scheme descriptor's, or NULL */
/* The server reads one packet (with paths) into its buffer; handoff is a client to run
 * instead if the server waits (scheme_serve), woken otherwise. Bytes, or -errno. */
long uscheme_recv(struct uscheme *us, void *ubuf, size_t len, bool nonblock, struct thread *handoff);
void uscheme_free_item(struct uqitem *it);            /* a notice the queue no longer holds */

/* scheme_user_reply.c: one reply from the server's memory; *client gets the client to
 * hand the CPU to (taken off its wait queue, not woken), or NULL. 0 or -errno. */
long uscheme_answer(struct uscheme *us, const struct ferrite_reply *r, struct thread **client);
/* In the scheme's lock: the request read and not being answered with this id, or NULL. */
struct ureq *uscheme_find_pending(struct uscheme *us, uint64_t id);

/* scheme_user_call.c: sends rq and waits for its answer: its result, -EIO (no server),
 * -EINTR (a signal; see the cancel rule), -ENOMEM. */
long uscheme_call(struct uscheme *us, struct ureq *rq);
extern const struct scheme_ops uscheme_ops;

/* scheme_user_file.c: a new description for handle (OPEN's answer), allocated before the
 * request so that nothing can fail after the server said yes; and its operations. */
struct file *usfile_prepare(struct uscheme *us, unsigned flags);
void usfile_commit(struct file *f, uint64_t handle);
void usfile_discard(struct file *f);
extern const struct file_ops usfile_ops;

#endif
