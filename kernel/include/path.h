/* kernel/include/path.h: the path layer: strings of path components (path_str.c), resolving a
 * path through a process's namespace and its directory descriptions to a scheme, and calling
 * the scheme with the redirects followed (path.c). The system calls are in path_calls.c; the
 * rule is written in docs/ARCHITECTURE.md ("Namespaces and paths"). */
#ifndef KERNEL_PATH_H
#define KERNEL_PATH_H

#include "types.h"
#include "scheme.h"

struct process;

/* path_str.c: helpers on NUL-terminated paths, for the path layer and the kernel's schemes.
 * Every buffer is FERRITE_PATH_MAX bytes unless said; -ENAMETOOLONG when a result does not fit. */
/* Drops empty and "." components; keeps "..", except that ".." at the start of an absolute
 * path stays at "/" (it is the namespace's root). A trailing '/' goes too (*dir_only tells,
 * if not NULL). "/" stays "/", a relative path may become "". In place. */
void path_tidy(char *p, bool *dir_only);
/* Also takes "name/.." pairs away (lexically; for paths known to cross no symbolic link).
 * A relative path may keep leading "..". In place. */
void path_collapse(char *p);
/* out = a + "/" + b (either may be empty; a "/" prefix stays single). */
int path_join(char *out, size_t n, const char *a, const char *b);
/* Takes the next component of *p (skipping slashes): its start and length, and moves *p past
 * it; false at the end. */
bool path_next(const char **p, const char **comp, size_t *len);
/* Nothing but slashes left after a component (path_next's *p): it was the last. */
bool path_is_last(const char *rest);
#define PATH_NAME_MAX 255 /* bytes of one component (POSIX NAME_MAX) */

/* The path from the user: -EFAULT, or -ENAMETOOLONG without a NUL in FERRITE_PATH_MAX bytes or
 * with a component longer than PATH_NAME_MAX. */
int path_from_user(char *dst, const char *upath);
/* Appends one ferrite_dirent record at buf + *used if it fits in len: false if not. */
bool path_dirent_put(void *buf, size_t len, size_t *used, uint64_t ino, uint64_t next_cookie,
	unsigned type, const char *name, size_t name_len);
/* A kmalloc'd copy of a string (n bytes of it), or NULL. */
char *path_strndup(const char *s, size_t n);

/* path.c */
/* Resolves (dirfd, path) for p and asks the scheme, following redirects (at most
 * FERRITE_SYMLOOP_MAX, then -ELOOP). rq carries the operation, flags, args and out buffer;
 * rq->dir, rq->path, the caller's ids and the answers are filled here. On OPEN the new
 * description is in rq->file with its scheme, path and mount_len set. path is kernel memory,
 * absolute or relative to dirfd (FERRITE_AT_FDCWD: the current directory). */
long path_call(struct process *p, int dirfd, const char *path, struct path_req *rq);
/* openat for p: the new description, or NULL and *err. */
struct file *path_open(struct process *p, int dirfd, const char *path, unsigned flags,
	unsigned mode, int *err);
/* Asks scheme s directly, without resolution: rq->dir and rq->path are the caller's (path ""
 * relative to a handle: the object itself). A redirect is -ELOOP: nothing is followed here. */
long path_ask(struct process *p, struct scheme *s, struct path_req *rq);
/* The description dirfd names for p (FERRITE_AT_FDCWD: the current directory), with a
 * reference; -EBADF, -ENOENT (no current directory) through *err. */
struct file *path_dir_get(struct process *p, int dirfd, int *err);

/* ns.c: the process side of namespaces and current directories (guarded by one leaf lock) */
struct ns *ns_of(struct process *p);          /* p's namespace, with a reference */
void ns_set(struct process *p, struct ns *n); /* takes over the caller's reference */
/* The mount with the longest prefix of abs on whole components: the scheme's name (copied to
 * name, SCHEME_NAME_MAX) and the prefix's length; -ENOENT if none. */
int ns_lookup(struct ns *n, const char *abs, char *name, size_t *prefix_len);
/* Is some mount prefix strictly below dir (absolute, tidy)? */
bool ns_below(struct ns *n, const char *dir);
/* The idx-th distinct name directly under dir among the mount prefixes strictly below it,
 * copied to name (PATH_NAME_MAX + 1 bytes); *exact when that name is a mount prefix itself,
 * whose scheme's name goes to scheme (SCHEME_NAME_MAX); false past the last. */
bool ns_child(struct ns *n, const char *dir, unsigned idx, char *name, char *scheme, bool *exact);
/* mountdir.c: the directories a namespace implies (docs/ARCHITECTURE.md, "Namespaces"). */
struct scheme *mountdir_scheme(void);
/* The call rq on the directory at path (absolute, tidy) that lies above a mount. */
long mountdir_answer(struct scheme *s, struct path_req *rq, const char *path);
/* After a directory's own entries: the mounts directly below it that its scheme did not
 * list, from the description's mount cursor. Bytes written, 0 at the end, -EINVAL if buf
 * cannot hold one record. */
long mountdir_list(struct file *f, void *buf, size_t len);
/* A mount entry's d_off is MOUNTDIR_COOKIE + the index of the next mount; lseek(SEEK_SET) to
 * one goes on among the mounts (mountdir_seek(f, cookie), the directory's own entries
 * skipped), any other SEEK_SET back among its own entries (mountdir_seek(f, 0)). */
#define MOUNTDIR_COOKIE (1ull << 62)
long mountdir_seek(struct file *f, long cookie);
bool mountdir_listing_mounts(struct file *f);
/* The current directory with a reference, or NULL. */
struct file *proc_cwd_get(struct process *p);
void proc_cwd_set(struct process *p, struct file *f); /* takes over the reference */

/* the kernel's schemes, registered at boot */
void initfs_scheme_init(void);
void proc_scheme_init(void);
/* initfs_scheme.c: a description of a regular initfs file: its bytes in place (exec's fast
 * path), or NULL. */
const void *initfs_file_data(struct file *f, size_t *size);

#endif
