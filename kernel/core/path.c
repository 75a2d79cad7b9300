/* kernel/core/path.c: path resolution. A path call names (dirfd, path); this finds the scheme
 * and the directory handle the path is relative to, asks the scheme (scheme_ops.path), and
 * resolves the redirects it may answer with (a symbolic link, or ".." above its root) again,
 * at most FERRITE_SYMLOOP_MAX times. The rule, in docs/ARCHITECTURE.md ("Namespaces and
 * paths"):
 *   - an absolute path goes through the caller's namespace: longest mount prefix on whole
 *     components, the rest relative to that scheme's root (handle 0);
 *   - a relative path goes to the dirfd's description: its scheme and handle, unless the
 *     path enters a mount below that description's own (then it is resolved as absolute,
 *     from the description's namespace path);
 *   - a redirect starting with '/' is absolute; any other is relative to the root of the
 *     scheme that answered, as mounted where the caller reached it (its leading ".." climb
 *     that mount prefix, lexically: a prefix is a namespace path, not a link).
 * ".." is left to the schemes everywhere else, so it is physical, not lexical. */
#include "klib.h"
#include "errno.h"
#include "kheap.h"
#include "path.h"
#include "proc.h"
#include "vm.h"

/* Where the next request goes. The three buffers are FERRITE_PATH_MAX bytes each. */
struct path_walk {
	struct scheme *s;     /* with a reference */
	uint64_t dir;         /* the directory handle in s */
	char *base;           /* the namespace path of that directory (tidy, lexically clean) */
	size_t mount_len;     /* base[0..mount_len) is where s is mounted */
	char *rest;           /* the path relative to dir, as sent */
	char *abs;            /* scratch: an absolute path being resolved */
};

char *path_strndup(const char *s, size_t n)
{
	char *d = kmalloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

int path_from_user(char *dst, const char *upath)
{
	int64_t len = vm_copy_string_from_user(&proc_current()->vm, dst, (uint64_t)upath,
		FERRITE_PATH_MAX);
	if (len < 0)
		return len == -ERANGE ? -ENAMETOOLONG : (int)len;
	return 0;
}

struct file *path_dir_get(struct process *p, int dirfd, int *err)
{
	struct file *f = dirfd == FERRITE_AT_FDCWD ? proc_cwd_get(p) : fd_get(&p->fds, dirfd);
	if (!f)
		*err = dirfd == FERRITE_AT_FDCWD ? -ENOENT : -EBADF;
	return f;
}

static void path_copy(char *dst, const char *src)
{
	memmove(dst, src, strlen(src) + 1);
}

/* w->abs (absolute, tidy) through the namespace: the scheme mounted at its longest prefix,
 * its root handle, and the rest. */
static int path_via_ns(struct ns *n, struct path_walk *w)
{
	char name[SCHEME_NAME_MAX];
	size_t pl;
	struct scheme *s;
	const char *r;
	int err = ns_lookup(n, w->abs, name, &pl);
	if (err)
		return err;
	s = scheme_find(name);
	if (!s)
		return -ENOENT; /* mounted, but no one serves it (now) */
	if (w->s)
		scheme_put(w->s);
	w->s = s;
	w->dir = 0;
	memcpy(w->base, w->abs, pl);
	w->base[pl] = 0;
	w->mount_len = pl;
	for (r = w->abs + pl; *r == '/'; r++)
		;
	path_copy(w->rest, r);
	return 0;
}

/* The first step: from the namespace (absolute) or from dirfd's description (relative). */
static int path_start(struct process *p, struct ns *n, int dirfd, const char *path,
	struct path_walk *w, bool *dir_only)
{
	char name[SCHEME_NAME_MAX];
	size_t pl;
	struct file *dir;
	int err = 0;
	if (strlen(path) >= FERRITE_PATH_MAX)
		return -ENAMETOOLONG;
	if (path[0] == '/') {
		path_copy(w->abs, path);
		path_tidy(w->abs, dir_only);
		return path_via_ns(n, w);
	}
	dir = path_dir_get(p, dirfd, &err);
	if (!dir)
		return err;
	if (!dir->scheme || !dir->path) {
		file_put(dir);
		return -ENOTDIR; /* a pipe, or another description made without a path */
	}
	path_copy(w->rest, path);
	path_tidy(w->rest, dir_only);
	/* a mount below the directory's own, on the way: the namespace decides from there */
	if (path_join(w->abs, FERRITE_PATH_MAX, dir->path, w->rest) == 0 &&
			ns_lookup(n, w->abs, name, &pl) == 0 && pl > dir->mount_len) {
		file_put(dir);
		return path_via_ns(n, w);
	}
	w->s = dir->scheme;
	scheme_get(w->s);
	w->dir = dir->handle;
	path_copy(w->base, dir->path);
	w->mount_len = dir->mount_len;
	file_put(dir);
	return 0;
}

/* A redirect from the scheme w points at: resolve it again through the namespace. */
static int path_redirect(struct ns *n, struct path_walk *w, const char *red)
{
	const char *r = red, *c;
	size_t l, len;
	if (strlen(red) >= FERRITE_PATH_MAX)
		return -ENAMETOOLONG;
	if (red[0] == '/') {
		path_copy(w->abs, red);
	} else {
		/* the mount prefix, less one component for each leading ".." */
		memcpy(w->abs, w->base, w->mount_len);
		len = w->mount_len;
		w->abs[len] = 0;
		for (;;) {
			const char *before = r;
			if (!path_next(&r, &c, &l))
				break;
			if (l == 1 && c[0] == '.')
				continue;
			if (!(l == 2 && c[0] == '.' && c[1] == '.')) {
				r = before;
				break;
			}
			while (len > 1 && w->abs[len - 1] != '/')
				len--;
			if (len > 1)
				len--; /* the separator, unless it is the root itself */
			w->abs[len] = 0;
		}
		while (*r == '/')
			r++;
		if (path_join(w->abs, FERRITE_PATH_MAX, w->abs, r))
			return -ENAMETOOLONG;
	}
	path_tidy(w->abs, NULL);
	return path_via_ns(n, w);
}

/* An opened description learns where it lives: its scheme, its namespace path. */
static int path_opened(struct path_walk *w, struct file *f)
{
	size_t l;
	if (path_join(w->abs, FERRITE_PATH_MAX, w->base, w->rest))
		return -ENAMETOOLONG;
	path_collapse(w->abs); /* the scheme walked it without a link: lexical is physical */
	l = strlen(w->abs);
	f->path = path_strndup(w->abs, l);
	if (!f->path)
		return -ENOMEM;
	f->mount_len = MIN(w->mount_len, l);
	f->scheme = w->s;
	scheme_get(w->s);
	return 0;
}

long path_call(struct process *p, int dirfd, const char *path, struct path_req *rq)
{
	struct path_walk w;
	struct ns *n = ns_of(p);
	bool dir_only = false;
	int hops = 0;
	long r;
	memset(&w, 0, sizeof(w));
	w.base = kmalloc(FERRITE_PATH_MAX);
	w.rest = kmalloc(FERRITE_PATH_MAX);
	w.abs = kmalloc(FERRITE_PATH_MAX);
	rq->file = NULL;
	rq->redirect = NULL;
	r = w.base && w.rest && w.abs ? path_start(p, n, dirfd, path, &w, &dir_only) : -ENOMEM;
	if (dir_only && rq->op == FERRITE_SOP_OPEN)
		rq->flags |= FERRITE_O_DIRECTORY; /* "name/" must be a directory */
	rq->pid = p->pid;
	rq->uid = p->euid;
	rq->gid = p->egid;
	rq->pgid = p->pgid;
	while (r == 0) {
		char *red;
		if (w.s->dead) {
			r = -EIO;
			break;
		}
		rq->dir = w.dir;
		rq->path = w.rest;
		r = w.s->ops->path(w.s, rq);
		if (r != -EREDIRECT)
			break;
		red = rq->redirect;
		rq->redirect = NULL;
		if (!red)
			r = -EIO; /* a scheme that redirects says where to */
		else if (++hops > FERRITE_SYMLOOP_MAX)
			r = -ELOOP;
		else
			r = path_redirect(n, &w, red);
		kfree(red);
	}
	if (rq->op == FERRITE_SOP_OPEN && r >= 0) {
		int err = rq->file ? path_opened(&w, rq->file) : -EIO;
		if (err) {
			if (rq->file)
				file_put(rq->file);
			rq->file = NULL;
			r = err;
		}
	}
	if (w.s)
		scheme_put(w.s);
	if (n)
		ns_put(n);
	kfree(w.base);
	kfree(w.rest);
	kfree(w.abs);
	return r;
}

struct file *path_open(struct process *p, int dirfd, const char *path, unsigned flags,
	unsigned mode, int *err)
{
	struct path_req rq;
	long r;
	memset(&rq, 0, sizeof(rq));
	rq.op = FERRITE_SOP_OPEN;
	rq.flags = flags;
	rq.arg[0] = mode;
	r = path_call(p, dirfd, path, &rq);
	if (r < 0) {
		*err = (int)r;
		return NULL;
	}
	rq.file->flags = flags & (FERRITE_O_ACCMODE | FERRITE_O_APPEND | FERRITE_O_NONBLOCK |
		FERRITE_O_PATH);
	return rq.file;
}

long path_ask(struct process *p, struct scheme *s, struct path_req *rq)
{
	long r;
	if (s->dead)
		return -EIO;
	rq->file = NULL;
	rq->redirect = NULL;
	rq->pid = p->pid;
	rq->uid = p->euid;
	rq->gid = p->egid;
	rq->pgid = p->pgid;
	r = s->ops->path(s, rq);
	if (r == -EREDIRECT) {
		kfree(rq->redirect);
		rq->redirect = NULL;
		r = -ELOOP; /* nothing here is followed */
	}
	if (rq->file) { /* not asked for: only OPEN makes descriptions */
		file_put(rq->file);
		rq->file = NULL;
	}
	return r;
}
