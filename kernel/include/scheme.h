/* kernel/include/scheme.h: schemes and namespaces, the contract between the path layer
 * (ns.c, path*.c), the kernel's own schemes (initfs, proc, shm, event, irq, time, log) and the
 * user-space scheme protocol (scheme_user*.c). A path call is resolved by the path layer to a
 * scheme and a directory handle in it plus the rest of the path, and handed to the scheme as a
 * struct path_req: a kernel scheme answers it in C, a user scheme turns it into a packet
 * (struct ferrite_packet, ferrite/abi.h) for its server. Calls on a description (read, write,
 * stat, ...) go through the description's file_ops (file.h). */
#ifndef KERNEL_SCHEME_H
#define KERNEL_SCHEME_H

#include "types.h"
#include "file.h"

#define SCHEME_NAME_MAX 32

/* One path call as the path layer hands it to a scheme. */
struct path_req {
	unsigned op;             /* FERRITE_SOP_OPEN ... FERRITE_SOP_ACCESS */
	unsigned flags;          /* O_* for OPEN, AT_* otherwise */
	uint64_t dir;            /* directory handle the path is relative to; 0: the root */
	const char *path;        /* kernel memory, relative (no leading '/'), may be "" */
	uint64_t dir2;           /* RENAME, LINK: the second path's directory (same scheme) */
	const char *path2;       /* RENAME, LINK: the second path; SYMLINK: the target */
	uint64_t arg[2];         /* mode; uid and gid; access mode */
	void *out;               /* STAT: a ferrite_stat; READLINK: a buffer; UTIMENS: in */
	size_t out_len;
	int pid, uid, gid, pgid; /* the caller */
	/* answers */
	struct file *file;       /* OPEN: the new description (refs 1), its handle filled in */
	bool passed;             /* OPEN: file is a description the server passed (REPLY_FD), not a
	                          * new one: its flags, path and scheme stay as they are */
	char *redirect;          /* -EREDIRECT: kmalloc'd new path, the caller frees it */
};

struct scheme;
struct scheme_ops {
	/* Answers one path call: >= 0, -errno, or -EREDIRECT with rq->redirect set. May block
	 * (a user scheme waits for its server) and returns -EINTR if a signal came first. */
	long (*path)(struct scheme *s, struct path_req *rq);
	/* The last reference went (a user scheme's server and every description are gone). */
	void (*release)(struct scheme *s);
};

struct scheme {
	char name[SCHEME_NAME_MAX];
	const struct scheme_ops *ops;
	void *priv;
	volatile int refs;
	bool dead;               /* its server died: new calls answer EIO */
	unsigned dev;            /* st_dev of everything it serves: the kernel's, unique per
	                          * scheme (scheme_register gives one when 0), so (st_dev,
	                          * st_ino) tells files of two servers apart */
	struct scheme *next;     /* the registry's list */
};

/* The registry: schemes by name. Registering a name that a living scheme holds is -EEXIST;
 * a dead scheme's name can be taken again (a restarted server). */
int scheme_register(struct scheme *s);             /* takes a reference for the registry */
void scheme_unregister(struct scheme *s);          /* marks it dead and drops the registry's */
struct scheme *scheme_find(const char *name);      /* with a reference, or NULL */
void scheme_get(struct scheme *s);
void scheme_put(struct scheme *s);

/* A namespace: a mount table of (prefix, scheme name) pairs, longest prefix wins; shared
 * copy-on-write by fork (ns_get), changed only by its own process. A mount names a scheme, not
 * a server, so a restarted server that registers its name again is found by the same mount. */
struct ns;
struct ns *ns_boot(void);                          /* the first process's namespace */
void ns_get(struct ns *n);
void ns_put(struct ns *n);

#endif
