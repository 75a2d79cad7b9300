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
 * ".." never reaches a scheme from here: a leading ".." of a relative path climbs the real
 * (namespace) path of the directory it is relative to, lexically, and the path goes on as an
 * absolute one; for "a/../b" the directory "a" is opened first (links followed), so ".." is
 * the parent of where a link led, as in POSIX, and mounts are crossed both ways. Schemes still
 * answer ".." at their root with a redirect (their protocol allows it). */
#include "klib.h"
#include "errno.h"
#include "kheap.h"
#include "path.h"
#include "proc.h"
#include "vm.h"

#define PATH_NEST_MAX 8 /* directories opened for a ".." inside a redirect inside ...: ELOOP past it */
#define PATH_AGAIN (-5000L) /* path_step: resolve w->cur again (no errno, no result) */

/* One path call being resolved. The buffers are FERRITE_PATH_MAX bytes each. */
struct path_walk {
	char *cur;            /* the path still to resolve: absolute, or relative to `from` */
	struct file *from;    /* the directory a relative cur starts at (a reference), or NULL */
	/* where the next request goes */
	struct scheme *s;     /* with a reference */
	uint64_t dir;         /* the directory handle in s */
	char *base;           /* the namespace path of that directory (no "..", no links) */
	size_t mount_len;     /* base[0..mount_len) is where s is mounted */
	char *rest;           /* the path relative to dir, as sent */
	int *hops;            /* redirects followed so far in this call */
	int depth;            /* nesting of the directories opened for ".." */
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
	for (const char *c = dst; *c;) { /* no component longer than PATH_NAME_MAX */
		size_t l = 0;
		while (c[l] && c[l] != '/')
			l++;
		if (l > PATH_NAME_MAX)
			return -ENAMETOOLONG;
		c += l;
		while (*c == '/')
			c++;
	}
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

static bool path_is_dotdot(const char *c, size_t l)
{
	return l == 2 && c[0] == '.' && c[1] == '.';
}

/* out = base[0..base_len) less one component for each leading ".." of rel, then the rest of
 * rel (lexical: base is a namespace path without links or ".."). out must not be rel. */
static int path_climb(char *out, const char *base, size_t base_len, const char *rel)
{
	const char *r = rel, *c;
	size_t l, len = base_len;
	memcpy(out, base, base_len);
	out[len] = 0;
	for (;;) {
		const char *before = r;
		if (!path_next(&r, &c, &l))
			break;
		if (l == 1 && c[0] == '.')
			continue;
		if (!path_is_dotdot(c, l)) {
			r = before;
			break;
		}
		while (len > 1 && out[len - 1] != '/')
			len--;
		if (len > 1)
			len--; /* the separator, unless it is the root itself */
		out[len] = 0;
	}
	while (*r == '/')
		r++;
	return path_join(out, FERRITE_PATH_MAX, out, r);
}

/* w->cur (absolute, no "..") through the namespace: the scheme mounted at its longest prefix,
 * its root handle, and the rest. */
static int path_via_ns(struct ns *n, struct path_walk *w)
{
	char name[SCHEME_NAME_MAX];
	size_t pl;
	struct scheme *s;
	const char *r;
	int err = ns_lookup(n, w->cur, name, &pl);
	if (err)
		return err;
	s = scheme_find(name);
	if (!s)
		return -ENOENT; /* mounted, but no one serves it (now) */
	if (w->s)
		scheme_put(w->s);
	w->s = s;
	w->dir = 0;
	memcpy(w->base, w->cur, pl);
	w->base[pl] = 0;
	w->mount_len = pl;
	for (r = w->cur + pl; *r == '/'; r++)
		;
	path_copy(w->rest, r);
	return 0;
}

/* w->cur (no "..") relative to w->from: its scheme and handle, unless the path enters a
 * mount below the directory's own (then the namespace decides from there). */
static int path_via_dir(struct ns *n, struct path_walk *w)
{
	char name[SCHEME_NAME_MAX];
	size_t pl;
	struct file *d = w->from;
	if (path_join(w->base, FERRITE_PATH_MAX, d->path, w->cur) == 0 &&
			ns_lookup(n, w->base, name, &pl) == 0 && pl > d->mount_len) {
		path_copy(w->cur, w->base);
		return path_via_ns(n, w);
	}
	if (w->s)
		scheme_put(w->s);
	w->s = d->scheme;
	scheme_get(w->s);
	w->dir = d->handle;
	path_copy(w->base, d->path);
	w->mount_len = d->mount_len;
	path_copy(w->rest, w->cur);
	return 0;
}

/* The first ".." of w->cur that follows a name ("a/.."), or NULL. */
static char *path_inner_dotdot(char *cur)
{
	const char *r = cur, *c;
	size_t l;
	bool named = false;
	while (path_next(&r, &c, &l)) {
		if (path_is_dotdot(c, l) && named)
			return (char *)c;
		named |= !path_is_dotdot(c, l);
	}
	return NULL;
}

static long path_resolve(struct process *p, struct ns *n, struct file *from, const char *path,
	struct path_req *rq, int *hops, int depth);

/* "a/b/../c": the directory "a/b" is opened (links followed, a real path known) and the call
 * goes on with "../c" from it, so ".." is the parent of where a link led, as in POSIX. */
static long path_split(struct process *p, struct ns *n, struct path_walk *w, char *dotdot)
{
	struct path_req sub;
	long r;
	dotdot[-1] = 0; /* the separator before it: w->cur is now the head */
	memset(&sub, 0, sizeof(sub));
	sub.op = FERRITE_SOP_OPEN;
	sub.flags = FERRITE_O_PATH | FERRITE_O_DIRECTORY;
	r = path_resolve(p, n, w->cur[0] ? w->from : NULL, w->cur[0] ? w->cur : "/", &sub,
		w->hops, w->depth + 1);
	if (r < 0)
		return r;
	sub.file->flags = FERRITE_O_PATH;
	if (w->from)
		file_put(w->from);
	w->from = sub.file;
	path_copy(w->cur, dotdot);
	return PATH_AGAIN;
}

/* An opened description learns where it lives: its scheme, its namespace path. */
static int path_opened(struct path_walk *w, struct file *f)
{
	size_t l;
	if (path_join(w->cur, FERRITE_PATH_MAX, w->base, w->rest))
		return -ENAMETOOLONG;
	path_collapse(w->cur); /* tidy only: nothing the scheme walked was ".." or a link */
	l = strlen(w->cur);
	f->path = path_strndup(w->cur, l);
	if (!f->path)
		return -ENOMEM;
	f->mount_len = MIN(w->mount_len, l);
	f->scheme = w->s;
	scheme_get(w->s);
	return 0;
}

/* The scheme found no w->rest under w->base (ENOENT), or cannot make it (EROFS: mkdir, or
 * open with O_CREAT, in the initfs): if that path lies above a mount, it is one of the
 * directories the namespace implies (mountdir.c), which answers instead (the directory, or
 * EEXIST, EISDIR...). Else the scheme's answer, err, stands. */
static long path_mountdir(struct ns *n, struct path_walk *w, struct path_req *rq, long err)
{
	if (path_join(w->cur, FERRITE_PATH_MAX, w->base, w->rest))
		return err;
	path_collapse(w->cur);
	if (!ns_below(n, w->cur))
		return err;
	path_copy(w->base, w->cur);
	w->rest[0] = 0;
	w->mount_len = strlen(w->base);
	scheme_put(w->s);
	w->s = mountdir_scheme();
	scheme_get(w->s);
	rq->dir = 0;
	rq->path = w->rest;
	return mountdir_answer(w->s, rq, w->base);
}

/* One step: ".." dealt with, or one request to a scheme. PATH_AGAIN when w->cur changed. */
static long path_step(struct process *p, struct ns *n, struct path_walk *w, struct path_req *rq)
{
	char *dd, *red;
	const char *at = w->cur, *c;
	size_t l;
	long r;
	if (w->cur[0] != '/') {
		if (!w->from)
			return -ENOENT;
		if (!w->from->scheme || !w->from->path)
			return -ENOTDIR; /* a pipe, or another description made without a path */
		if (path_next(&at, &c, &l) && path_is_dotdot(c, l)) {
			/* leading "..": from the directory's real path, lexically; then absolute */
			r = path_climb(w->rest, w->from->path, strlen(w->from->path), w->cur);
			if (r)
				return r;
			path_copy(w->cur, w->rest);
			path_tidy(w->cur, NULL);
			file_put(w->from);
			w->from = NULL;
			return PATH_AGAIN;
		}
	}
	dd = path_inner_dotdot(w->cur);
	if (dd)
		return path_split(p, n, w, dd);
	r = w->cur[0] == '/' ? path_via_ns(n, w) : path_via_dir(n, w);
	if (r)
		return r;
	if (w->s->dead)
		return -EIO;
	if (rq->op == FERRITE_SOP_MKDIR && !w->rest[0])
		return -EEXIST; /* a scheme's root (a mount point) or the directory itself: it is there */
	rq->dir = w->dir;
	rq->path = w->rest;
	rq->file = NULL;
	rq->passed = false;
	rq->redirect = NULL;
	r = w->s->ops->path(w->s, rq);
	if ((r == -ENOENT || r == -EROFS) && !rq->file)
		r = path_mountdir(n, w, rq, r);
	if (r >= 0 && rq->op == FERRITE_SOP_STAT && rq->out)
		((struct ferrite_stat *)rq->out)->st_dev = w->s->dev; /* as file_stat does */
	if (r == -EREDIRECT) {
		int err = 0;
		red = rq->redirect;
		rq->redirect = NULL;
		if (!red)
			err = -EIO; /* a scheme that redirects says where to */
		else if (++*w->hops > FERRITE_SYMLOOP_MAX)
			err = -ELOOP;
		else if (strlen(red) >= FERRITE_PATH_MAX)
			err = -ENAMETOOLONG;
		else if (red[0] == '/')
			path_copy(w->cur, red);
		else /* from the root of the scheme, as mounted where the call reached it */
			err = path_climb(w->cur, w->base, w->mount_len, red);
		kfree(red);
		if (err)
			return err;
		path_tidy(w->cur, NULL);
		if (w->from)
			file_put(w->from);
		w->from = NULL;
		return PATH_AGAIN;
	}
	if (rq->op == FERRITE_SOP_OPEN && r >= 0) {
		/* a description the server passed (REPLY_FD) is its own: it keeps where it lives */
		int err = rq->file ? (rq->passed ? 0 : path_opened(w, rq->file)) : -EIO;
		if (err) {
			if (rq->file)
				file_put(rq->file);
			rq->file = NULL;
			r = err;
		}
	}
	return r;
}

static long path_resolve(struct process *p, struct ns *n, struct file *from, const char *path,
	struct path_req *rq, int *hops, int depth)
{
	struct path_walk w;
	bool dir_only = false;
	long r = 0;
	if (depth > PATH_NEST_MAX)
		return -ELOOP;
	if (strlen(path) >= FERRITE_PATH_MAX)
		return -ENAMETOOLONG;
	rq->pid = p->pid;
	rq->uid = p->euid;
	rq->gid = p->egid;
	rq->pgid = p->pgid;
	memset(&w, 0, sizeof(w));
	w.hops = hops;
	w.depth = depth;
	w.cur = kmalloc(FERRITE_PATH_MAX);
	w.base = kmalloc(FERRITE_PATH_MAX);
	w.rest = kmalloc(FERRITE_PATH_MAX);
	if (!w.cur || !w.base || !w.rest)
		r = -ENOMEM;
	if (!r) {
		path_copy(w.cur, path);
		path_tidy(w.cur, &dir_only);
		if (dir_only && rq->op == FERRITE_SOP_OPEN)
			rq->flags |= FERRITE_O_DIRECTORY; /* "name/" must be a directory */
		if (w.cur[0] != '/' && from) {
			file_get(from);
			w.from = from;
		}
		do
			r = path_step(p, n, &w, rq);
		while (r == PATH_AGAIN);
	}
	if (w.s)
		scheme_put(w.s);
	if (w.from)
		file_put(w.from);
	kfree(w.cur);
	kfree(w.base);
	kfree(w.rest);
	return r;
}

long path_call(struct process *p, int dirfd, const char *path, struct path_req *rq)
{
	struct file *from = NULL;
	struct ns *n;
	int hops = 0, err = 0;
	long r;
	rq->file = NULL;
	rq->redirect = NULL;
	if (path[0] != '/' && !(from = path_dir_get(p, dirfd, &err)))
		return err;
	n = ns_of(p);
	r = path_resolve(p, n, from, path, rq, &hops, 0);
	if (n)
		ns_put(n);
	if (from)
		file_put(from);
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
	if (!rq.passed) /* a passed description keeps its own flags (it is shared) */
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
