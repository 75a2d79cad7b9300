/* kernel/include/kscheme.h: the kernel's own schemes (time, log, shm, event, irq), served in C
 * (core/scheme_*.c), and what they share (core/kscheme.c). */
#ifndef KERNEL_KSCHEME_H
#define KERNEL_KSCHEME_H

#include "scheme.h"

/* Boot, before the first process, once threads can be made: registers every kernel scheme. */
void kschemes_init(void);

/* A STAT answer for a path of a kernel scheme: mode (S_IF* | permissions), size. */
/* The handle of every description a kernel scheme makes for an object (a shm object, a
 * clock, an interrupt line, an event set): not 0, the root's, so a path relative to one
 * reaches the scheme with rq->dir != 0 and is answered ENOTDIR. */
#define KSCHEME_OBJECT 1

long kscheme_stat(struct path_req *rq, unsigned mode, uint64_t size);
/* The path calls a kernel scheme without names to make or change answers. */
long kscheme_refuse(struct path_req *rq);

/* A kernel scheme's root as an open directory (`ls /dev/shm`, `cd /dev/time`): its listing is
 * "." and "..", then names(i, name, size, &type, &ino) for i = 0, 1, ... until it answers
 * false (ino: what stat says of that name).
 * Open read-only only (else EISDIR); the description's handle is 0, the root's, so paths
 * relative to it reach the scheme as absolute ones would. */
struct kscheme_dir {
	bool (*names)(uint64_t i, char *name, size_t size, unsigned *type, uint64_t *ino);
	unsigned mode;  /* S_IFDIR | permissions, for fstat */
};
long kscheme_open_root(struct path_req *rq, const struct kscheme_dir *dir);

/* Each scheme's registration (kscheme.c calls them in turn): 0 or -errno. */
int scheme_time_init(void);
int scheme_log_init(void);
int scheme_shm_init(void);
int scheme_event_init(void);
int scheme_irq_init(void);

#endif
