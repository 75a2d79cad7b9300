/* kernel/core/proc_scheme.c: the proc scheme, mounted at /proc: one directory per living
 * process (/proc/<pid>/status), /proc/self (a link the scheme answers with a redirect to the
 * caller's own directory), and the kernel's information files, one line each in
 * proc_info_files below (another part of the kernel adds a file there). A file's text is made
 * when it is opened, so one description reads one consistent snapshot. Read-only: anything
 * that would change it is EACCES.
 *
 * Handles: 0 the root; otherwise kind | index << 8 | pid << 32 (PH_* below). */
#include "klib.h"
#include "errno.h"
#include "kheap.h"
#include "ktime.h"
#include "path.h"
#include "pmm.h"
#include "proc.h"
#include "scheme_user.h"
#include "version.h"

#define PROC_DEV 2 /* st_dev of every proc node */
#define PROC_TEXT_MAX 4000

enum { PH_ROOT, PH_PIDDIR, PH_PIDFILE, PH_INFO, PH_SELF };
#define PH_MAKE(kind, pid, idx) ((uint64_t)(kind) | (uint64_t)(idx) << 8 | (uint64_t)(pid) << 32)
#define PH_KIND(h) ((unsigned)((h) & 0xff))
#define PH_IDX(h) ((unsigned)(((h) >> 8) & 0xff))
#define PH_PID(h) ((int)((h) >> 32))

/* A file's text: writes at most len bytes to buf and returns how many. */
typedef size_t (*proc_fill_fn)(char *buf, size_t len);
typedef size_t (*proc_pid_fill_fn)(struct process *p, char *buf, size_t len);

static size_t proc_fill_version(char *buf, size_t len)
{
	return (size_t)ksnprintf(buf, len, "Ferrite %s (build %s) x86_64\n", FERRITE_VERSION,
		FERRITE_BUILD_ID);
}

static size_t proc_fill_uptime(char *buf, size_t len)
{
	uint64_t ns = time_monotonic_ns();
	return (size_t)ksnprintf(buf, len, "%lu.%02lu\n", ns / 1000000000ul,
		ns / 10000000ul % 100);
}

static size_t proc_fill_meminfo(char *buf, size_t len)
{
	struct pmm_stats s;
	pmm_stats(&s);
	return (size_t)ksnprintf(buf, len, "MemTotal: %lu kB\nMemFree: %lu kB\n",
		s.total_pages * 4, s.free_pages * 4);
}

/* The kernel's information files, /proc/NAME. */
static const struct {
	const char *name;
	proc_fill_fn fill;
} proc_info_files[] = {
	{ "dma", dma_hold_format },           /* DMA pages held for dead drivers (dmahold.c) */
	{ "ipc", scheme_ipc_format },         /* the scheme protocol's counters (scheme_user.c) */
	{ "meminfo", proc_fill_meminfo },
	{ "uptime", proc_fill_uptime },
	{ "version", proc_fill_version },
};
#define PROC_NINFO ((unsigned)ARRAY_SIZE(proc_info_files))

/* status: what ps shows, "Key:\tvalue" lines as Linux writes them. The tree lock is held, so
 * the parent cannot go meanwhile. */
static size_t proc_fill_status(struct process *p, char *buf, size_t len)
{
	uint64_t fl = proc_tree_lock_take();
	size_t n = (size_t)ksnprintf(buf, len,
		"Name:\t%s\nState:\t%s\nPid:\t%d\nPPid:\t%d\nPgid:\t%d\nSid:\t%d\n"
		"Uid:\t%d\t%d\t%d\nGid:\t%d\t%d\t%d\nThreads:\t%d\nVmCommitted:\t%lu kB\n",
		p->name, p->state == PROC_ZOMBIE ? "Z (zombie)" : p->stopped ? "T (stopped)" :
		"R (running)", p->pid, p->parent ? p->parent->pid : 0, p->pgid, p->sid, p->uid,
		p->euid, p->suid, p->gid, p->egid, p->sgid, p->nthreads, p->vm.committed * 4);
	proc_tree_lock_give(fl);
	return n;
}

/* The files of /proc/<pid>/. */
static const struct {
	const char *name;
	proc_pid_fill_fn fill;
} proc_pid_files[] = {
	{ "status", proc_fill_status },
};
#define PROC_NPID ((unsigned)ARRAY_SIZE(proc_pid_files))

static const struct file_ops proc_file_ops;

static bool ps_is(const char *c, size_t l, const char *name)
{
	return strlen(name) == l && memcmp(c, name, l) == 0;
}

/* A pid as a path component: decimal, no leading zero, a living process. */
static int ps_pid(const char *c, size_t l)
{
	uint64_t v = 0;
	if (l == 0 || l > 9 || (c[0] == '0'))
		return -1;
	for (size_t i = 0; i < l; i++) {
		if (c[i] < '0' || c[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(c[i] - '0');
	}
	return (int)v;
}

static bool ps_alive(int pid)
{
	struct process *p = proc_get(pid);
	if (p)
		proc_put(p);
	return p != NULL;
}

/* /proc/self: the caller's own directory, with the rest of the path after it. */
static long ps_self_redirect(int caller, const char *rest, char **red)
{
	char *b = kmalloc(FERRITE_PATH_MAX);
	if (!b)
		return -ENOMEM;
	while (*rest == '/')
		rest++;
	if (ksnprintf(b, FERRITE_PATH_MAX, "%d%s%s", caller, *rest ? "/" : "", rest) >=
			FERRITE_PATH_MAX) {
		kfree(b);
		return -ENAMETOOLONG;
	}
	*red = b;
	return -EREDIRECT;
}

/* Walks path from handle dir: the handle it names, or -ENOENT (*missing_last when only the
 * last component is missing), -EREDIRECT with *red, or another -errno. */
static long ps_walk(uint64_t dir, const char *path, bool follow_last, int caller, char **red,
	bool *missing_last)
{
	const char *r = path, *c;
	size_t l;
	uint64_t cur = dir;
	*missing_last = false;
	if (PH_KIND(dir) > PH_SELF)
		return -EBADF;
	while (path_next(&r, &c, &l)) {
		bool last = path_is_last(r);
		unsigned kind = PH_KIND(cur), i;
		int pid;
		if (kind != PH_ROOT && kind != PH_PIDDIR)
			return -ENOTDIR;
		if (ps_is(c, l, "."))
			continue;
		if (ps_is(c, l, "..")) {
			if (kind == PH_ROOT) { /* above the root: the namespace's business */
				*red = path_strndup(c, strlen(c));
				return *red ? -EREDIRECT : -ENOMEM;
			}
			cur = 0;
			continue;
		}
		if (kind == PH_ROOT && ps_is(c, l, "self")) {
			if (!last || follow_last)
				return ps_self_redirect(caller, r, red);
			cur = PH_MAKE(PH_SELF, 0, 0);
			continue;
		}
		if (kind == PH_ROOT) {
			for (i = 0; i < PROC_NINFO && !ps_is(c, l, proc_info_files[i].name); i++)
				;
			if (i < PROC_NINFO) {
				cur = PH_MAKE(PH_INFO, 0, i);
				continue;
			}
			pid = ps_pid(c, l);
			if (pid > 0 && ps_alive(pid)) {
				cur = PH_MAKE(PH_PIDDIR, pid, 0);
				continue;
			}
		} else {
			for (i = 0; i < PROC_NPID && !ps_is(c, l, proc_pid_files[i].name); i++)
				;
			if (i < PROC_NPID && ps_alive(PH_PID(cur))) {
				cur = PH_MAKE(PH_PIDFILE, PH_PID(cur), i);
				continue;
			}
		}
		*missing_last = last;
		return -ENOENT;
	}
	return (long)cur;
}

static bool ps_is_dir(uint64_t h)
{
	return PH_KIND(h) == PH_ROOT || PH_KIND(h) == PH_PIDDIR;
}

static void ps_stat(uint64_t h, size_t size, struct ferrite_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = PROC_DEV;
	st->st_ino = h + 1;
	st->st_nlink = ps_is_dir(h) ? 2 : 1;
	st->st_mode = ps_is_dir(h) ? FERRITE_S_IFDIR | 0555 :
		PH_KIND(h) == PH_SELF ? FERRITE_S_IFLNK | 0777 : FERRITE_S_IFREG | 0444;
	st->st_size = (long)size;
	st->st_blksize = 4096;
}

/* The text of a file handle, made now; kfree it. */
struct proc_text {
	size_t len;
	char buf[PROC_TEXT_MAX];
};

static long ps_text(uint64_t h, struct proc_text **out)
{
	struct proc_text *t = kmalloc(sizeof(*t));
	struct process *p;
	if (!t)
		return -ENOMEM;
	if (PH_KIND(h) == PH_INFO) {
		t->len = proc_info_files[PH_IDX(h)].fill(t->buf, sizeof(t->buf));
	} else if ((p = proc_get(PH_PID(h)))) {
		t->len = proc_pid_files[PH_IDX(h)].fill(p, t->buf, sizeof(t->buf));
		proc_put(p);
	} else {
		kfree(t);
		return -ENOENT; /* it ended meanwhile */
	}
	t->len = MIN(t->len, sizeof(t->buf) - 1);
	*out = t;
	return 0;
}

static long ps_open(struct path_req *rq)
{
	unsigned fl = rq->flags;
	bool missing;
	struct proc_text *t = NULL;
	struct file *f;
	long h = ps_walk(rq->dir, rq->path, !(fl & FERRITE_O_NOFOLLOW), rq->pid, &rq->redirect,
		&missing);
	if (h == -ENOENT && missing && (fl & FERRITE_O_CREAT))
		return -EACCES;
	if (h < 0)
		return h;
	if (PH_KIND(h) == PH_SELF && !(fl & FERRITE_O_PATH))
		return -ELOOP;
	if ((fl & FERRITE_O_CREAT) && (fl & FERRITE_O_EXCL))
		return -EEXIST;
	if ((fl & FERRITE_O_DIRECTORY) && !ps_is_dir((uint64_t)h))
		return -ENOTDIR;
	if (!(fl & FERRITE_O_PATH) &&
			((fl & FERRITE_O_ACCMODE) != FERRITE_O_RDONLY || (fl & FERRITE_O_TRUNC)))
		return ps_is_dir((uint64_t)h) ? -EISDIR : -EACCES;
	if (!(fl & FERRITE_O_PATH) && (PH_KIND(h) == PH_INFO || PH_KIND(h) == PH_PIDFILE)) {
		long err = ps_text((uint64_t)h, &t);
		if (err)
			return err;
	}
	f = file_new(&proc_file_ops, t, fl);
	if (!f) {
		kfree(t);
		return -ENOMEM;
	}
	f->handle = (uint64_t)h;
	rq->file = f;
	return 0;
}

static long proc_path(struct scheme *s, struct path_req *rq)
{
	bool nofollow = (rq->flags & FERRITE_AT_SYMLINK_NOFOLLOW) != 0, missing;
	long h;
	(void)s;
	switch (rq->op) {
	case FERRITE_SOP_OPEN:
		return ps_open(rq);
	case FERRITE_SOP_STAT:
		h = ps_walk(rq->dir, rq->path, !nofollow, rq->pid, &rq->redirect, &missing);
		if (h >= 0 && rq->out_len >= sizeof(struct ferrite_stat))
			ps_stat((uint64_t)h, 0, rq->out);
		return h < 0 ? h : 0;
	case FERRITE_SOP_ACCESS:
		h = ps_walk(rq->dir, rq->path, !nofollow, rq->pid, &rq->redirect, &missing);
		if (h < 0)
			return h;
		return (rq->arg[0] & FERRITE_W_OK) ||
			((rq->arg[0] & FERRITE_X_OK) && !ps_is_dir((uint64_t)h)) ? -EACCES : 0;
	case FERRITE_SOP_READLINK: {
		char num[16];
		size_t n;
		h = ps_walk(rq->dir, rq->path, false, rq->pid, &rq->redirect, &missing);
		if (h < 0)
			return h;
		if (PH_KIND(h) != PH_SELF)
			return -EINVAL;
		n = MIN((size_t)ksnprintf(num, sizeof(num), "%d", rq->pid), rq->out_len);
		memcpy(rq->out, num, n);
		return (long)n;
	}
	case FERRITE_SOP_MKDIR:
	case FERRITE_SOP_SYMLINK:
	case FERRITE_SOP_UNLINK:
	case FERRITE_SOP_RENAME:
	case FERRITE_SOP_LINK:
	case FERRITE_SOP_CHMOD:
	case FERRITE_SOP_CHOWN:
	case FERRITE_SOP_UTIMENS:
		h = ps_walk(rq->dir, rq->path, rq->op >= FERRITE_SOP_CHMOD && !nofollow, rq->pid,
			&rq->redirect, &missing);
		if (h >= 0)
			return rq->op == FERRITE_SOP_MKDIR || rq->op == FERRITE_SOP_SYMLINK ? -EEXIST :
				-EACCES;
		return h == -ENOENT && missing ? -EACCES : h;
	default:
		return -EOPNOTSUPP;
	}
}

/* --- descriptions --- */

/* The snapshot's bytes at off (the description's offset if off is NULL, which moves on). */
static long ps_take(struct file *f, void *buf, size_t len, const uint64_t *at_off)
{
	struct proc_text *t = f->priv;
	uint64_t fl = 0, off;
	size_t n;
	if (ps_is_dir(f->handle))
		return -EISDIR;
	if (!t)
		return -EINVAL;
	if (!at_off)
		fl = spin_lock_irqsave(&f->lock);
	off = at_off ? *at_off : f->offset;
	n = off >= t->len ? 0 : MIN(len, t->len - off);
	if (!at_off) {
		f->offset = off + n;
		spin_unlock_irqrestore(&f->lock, fl);
	}
	memcpy(buf, t->buf + off, n);
	return (long)n;
}

static long ps_read(struct file *f, void *buf, size_t len)
{
	return ps_take(f, buf, len, NULL);
}

static long ps_pread(struct file *f, void *buf, size_t len, uint64_t off)
{
	return ps_take(f, buf, len, &off);
}

static long ps_lseek(struct file *f, long off, int whence)
{
	struct proc_text *t = f->priv;
	uint64_t fl = spin_lock_irqsave(&f->lock);
	long base = whence == FERRITE_SEEK_SET ? 0 : whence == FERRITE_SEEK_CUR ?
		(long)f->offset : t ? (long)t->len : -1;
	long r = base + off;
	if (base < 0 || r < 0 || (off > 0 && r < base))
		r = -EINVAL;
	else
		f->offset = (uint64_t)r;
	spin_unlock_irqrestore(&f->lock, fl);
	return r;
}

static long ps_fstat(struct file *f, struct ferrite_stat *st)
{
	struct proc_text *t = f->priv;
	ps_stat(f->handle, t ? t->len : 0, st);
	return 0;
}

/* The entry at cookie c of directory h: its name, type, inode and the next cookie; false
 * past the end. Root: 0 ".", 1 "..", the information files, "self", then the pids (cookie
 * PIDS + pid for "from pid on"). A pid directory: ".", "..", its files. */
static bool ps_entry(uint64_t h, uint64_t c, char *name, unsigned *type, uint64_t *ino,
	uint64_t *next)
{
	const uint64_t self = 2 + PROC_NINFO, pids = self + 1;
	*next = c + 1;
	*type = FERRITE_DT_DIR;
	*ino = (c == 1 ? 0 : h) + 1;
	if (c < 2) {
		ksnprintf(name, 16, "%s", c ? ".." : ".");
	} else if (PH_KIND(h) == PH_PIDDIR) {
		if (c - 2 >= PROC_NPID)
			return false;
		ksnprintf(name, 16, "%s", proc_pid_files[c - 2].name);
		*type = FERRITE_DT_REG;
		*ino = PH_MAKE(PH_PIDFILE, PH_PID(h), c - 2) + 1;
	} else if (c < self) {
		ksnprintf(name, 16, "%s", proc_info_files[c - 2].name);
		*type = FERRITE_DT_REG;
		*ino = PH_MAKE(PH_INFO, 0, c - 2) + 1;
	} else if (c == self) {
		ksnprintf(name, 16, "self");
		*type = FERRITE_DT_LNK;
		*ino = PH_MAKE(PH_SELF, 0, 0) + 1;
	} else {
		int pid = proc_pid_from((int)MIN(c - pids, 0x7fffffffull));
		if (pid < 0)
			return false;
		ksnprintf(name, 16, "%d", pid);
		*ino = PH_MAKE(PH_PIDDIR, pid, 0) + 1;
		*next = pids + (uint64_t)pid + 1;
	}
	return true;
}

static long ps_getdents(struct file *f, void *buf, size_t len)
{
	uint64_t c, next, ino, fl;
	size_t used = 0;
	unsigned type;
	char name[16];
	bool full = false;
	if (!ps_is_dir(f->handle))
		return -ENOTDIR;
	fl = spin_lock_irqsave(&f->lock);
	c = f->offset;
	spin_unlock_irqrestore(&f->lock, fl);
	while (ps_entry(f->handle, c, name, &type, &ino, &next)) {
		if (!path_dirent_put(buf, len, &used, ino, next, type, name, strlen(name))) {
			full = true;
			break;
		}
		c = next;
	}
	if (!used && full)
		return -EINVAL;
	fl = spin_lock_irqsave(&f->lock);
	f->offset = c;
	spin_unlock_irqrestore(&f->lock, fl);
	return (long)used;
}

static void ps_release(struct file *f)
{
	kfree(f->priv);
}

static const struct file_ops proc_file_ops = {
	.read = ps_read,
	.pread = ps_pread,
	.lseek = ps_lseek,
	.stat = ps_fstat,
	.getdents = ps_getdents,
	.release = ps_release,
};

static const struct scheme_ops proc_scheme_ops = { .path = proc_path };
static struct scheme proc_scheme = { .name = "proc", .ops = &proc_scheme_ops, .dev = PROC_DEV };

void proc_scheme_init(void)
{
	int err = scheme_register(&proc_scheme);
	if (err)
		kprintf("proc: cannot register the scheme (error %d)\n", err);
}
