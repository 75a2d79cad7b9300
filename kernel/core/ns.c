/* kernel/core/ns.c: namespaces: a process's mount table of (prefix, scheme name) pairs, where
 * the longest prefix on whole components wins (scheme.h, path.h). A namespace is never changed
 * once a process uses it: ns_mount and ns_restrict build a new one and swap it in, so fork
 * shares the table by reference and a path call holds the one it started with. Also here:
 * the process's namespace and current directory pointers, swapped under ns_proc_lock (a leaf).
 * The system calls ns_mount and ns_restrict are at the end. */
#include "klib.h"
#include "errno.h"
#include "kheap.h"
#include "path.h"
#include "proc.h"
#include "syscall.h"

#define NS_MAX 24          /* mounts in one namespace */
#define NS_PREFIX_MAX 96   /* bytes of a prefix, with its NUL */

struct ns_entry {
	char prefix[NS_PREFIX_MAX]; /* absolute, tidy: "/" or "/a/b" */
	char scheme[SCHEME_NAME_MAX];
};

struct ns {
	volatile int refs;
	int n;
	struct ns_entry e[NS_MAX];
};

static struct spinlock ns_proc_lock = SPINLOCK_INIT("ns_proc");
static struct ns *ns_boot_table;

/* What the first process sees. The schemes are found by name when a path is resolved, so a
 * mount may name a scheme that registers later (or never: its paths answer ENOENT). */
static const char *const ns_boot_mounts[][2] = {
	{ "/", "initfs" },
	{ "/proc", "proc" },
	{ "/dev/shm", "shm" },
	{ "/dev/event", "event" },
	{ "/dev/irq", "irq" },
	{ "/dev/time", "time" },
	{ "/dev/kmsg", "log" },
	{ "/tmp", "tmp" },         /* fsd (servers/fs/server), once it registers */
};

void ns_get(struct ns *n)
{
	__asm__ volatile("lock incl %0" : "+m"(n->refs));
}

void ns_put(struct ns *n)
{
	int left = -1;
	__asm__ volatile("lock xaddl %0, %1" : "+r"(left), "+m"(n->refs));
	if (left == 1)
		kfree(n);
}

static struct ns *ns_copy(const struct ns *from)
{
	struct ns *n = kmalloc(sizeof(*n));
	if (!n)
		return NULL;
	if (from)
		memcpy(n, from, sizeof(*n));
	else
		memset(n, 0, sizeof(*n));
	n->refs = 1;
	return n;
}

struct ns *ns_boot(void)
{
	struct ns *n = NULL;
	uint64_t fl = spin_lock_irqsave(&ns_proc_lock);
	if (ns_boot_table) {
		ns_get(ns_boot_table);
		n = ns_boot_table;
	}
	spin_unlock_irqrestore(&ns_proc_lock, fl);
	if (n)
		return n;
	n = ns_copy(NULL);
	if (!n)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(ns_boot_mounts); i++) {
		ksnprintf(n->e[i].prefix, NS_PREFIX_MAX, "%s", ns_boot_mounts[i][0]);
		ksnprintf(n->e[i].scheme, SCHEME_NAME_MAX, "%s", ns_boot_mounts[i][1]);
	}
	n->n = (int)ARRAY_SIZE(ns_boot_mounts);
	fl = spin_lock_irqsave(&ns_proc_lock);
	if (!ns_boot_table) {
		ns_boot_table = n; /* the table keeps one reference for ever */
		ns_get(n);
		n = NULL;
	}
	ns_get(ns_boot_table);
	spin_unlock_irqrestore(&ns_proc_lock, fl);
	if (n)
		kfree(n); /* another CPU built it first */
	return ns_boot_table;
}

int ns_lookup(struct ns *n, const char *abs, char *name, size_t *prefix_len)
{
	int best = -1;
	size_t best_len = 0;
	for (int i = 0; n && i < n->n; i++) {
		const char *pf = n->e[i].prefix;
		size_t l = strlen(pf);
		bool match = l == 1 ? abs[0] == '/' :
			strncmp(abs, pf, l) == 0 && (abs[l] == '/' || abs[l] == 0);
		if (match && (best < 0 || l > best_len)) {
			best = i;
			best_len = l;
		}
	}
	if (best < 0)
		return -ENOENT;
	memcpy(name, n->e[best].scheme, SCHEME_NAME_MAX);
	*prefix_len = best_len;
	return 0;
}

/* The component of prefix pf directly under dir (absolute, tidy), if pf lies strictly below
 * dir: its start and length, and whether pf ends there. */
static bool ns_under(const char *pf, const char *dir, const char **c, size_t *l, bool *exact)
{
	size_t dl = strlen(dir);
	const char *e;
	if (dl == 1) {
		if (pf[1] == 0)
			return false;
		*c = pf + 1;
	} else {
		if (strncmp(pf, dir, dl) != 0 || pf[dl] != '/')
			return false;
		*c = pf + dl + 1;
	}
	for (e = *c; *e && *e != '/'; e++)
		;
	*l = (size_t)(e - *c);
	*exact = *e == 0;
	return *l > 0;
}

bool ns_below(struct ns *n, const char *dir)
{
	const char *c;
	size_t l;
	bool exact;
	for (int i = 0; n && i < n->n; i++)
		if (ns_under(n->e[i].prefix, dir, &c, &l, &exact))
			return true;
	return false;
}

bool ns_child(struct ns *n, const char *dir, unsigned idx, char *name, char *scheme, bool *exact)
{
	const char *c, *c2;
	size_t l, l2;
	bool ex, ex2, seen;
	unsigned k = 0;
	for (int i = 0; n && i < n->n; i++) {
		if (!ns_under(n->e[i].prefix, dir, &c, &l, &ex))
			continue;
		seen = false;
		for (int j = 0; j < i && !seen; j++)
			seen = ns_under(n->e[j].prefix, dir, &c2, &l2, &ex2) && l2 == l &&
				strncmp(c, c2, l) == 0;
		if (seen || k++ != idx)
			continue;
		memcpy(name, c, l);
		name[l] = 0;
		*exact = false;
		scheme[0] = 0;
		for (int j = i; j < n->n; j++) /* the name may be a mount itself, and lead deeper */
			if (ns_under(n->e[j].prefix, dir, &c2, &l2, &ex2) && l2 == l &&
					strncmp(c, c2, l) == 0 && ex2) {
				*exact = true;
				memcpy(scheme, n->e[j].scheme, SCHEME_NAME_MAX);
			}
		return true;
	}
	return false;
}

struct ns *ns_of(struct process *p)
{
	uint64_t fl = spin_lock_irqsave(&ns_proc_lock);
	struct ns *n = p->ns;
	if (n)
		ns_get(n);
	spin_unlock_irqrestore(&ns_proc_lock, fl);
	return n;
}

void ns_set(struct process *p, struct ns *n)
{
	uint64_t fl = spin_lock_irqsave(&ns_proc_lock);
	struct ns *old = p->ns;
	p->ns = n;
	spin_unlock_irqrestore(&ns_proc_lock, fl);
	if (old)
		ns_put(old);
}

struct file *proc_cwd_get(struct process *p)
{
	uint64_t fl = spin_lock_irqsave(&ns_proc_lock);
	struct file *f = p->cwd;
	if (f)
		file_get(f);
	spin_unlock_irqrestore(&ns_proc_lock, fl);
	return f;
}

void proc_cwd_set(struct process *p, struct file *f)
{
	uint64_t fl = spin_lock_irqsave(&ns_proc_lock);
	struct file *old = p->cwd;
	p->cwd = f;
	spin_unlock_irqrestore(&ns_proc_lock, fl);
	if (old)
		file_put(old);
}

/* A prefix as ns_mount and ns_restrict take it: absolute, tidy, no "..", short enough. */
static int ns_prefix_from_user(char *buf, const char *uprefix)
{
	int err = path_from_user(buf, uprefix);
	const char *p, *c;
	size_t l;
	if (err)
		return err;
	if (buf[0] != '/')
		return -EINVAL;
	path_tidy(buf, NULL);
	for (p = buf; path_next(&p, &c, &l);)
		if (l == 2 && c[0] == '.' && c[1] == '.')
			return -EINVAL;
	return strlen(buf) < NS_PREFIX_MAX ? 0 : -ENAMETOOLONG;
}

/* Swaps n in for `expected` (the table it was built from), which is still the process's
 * table, and for ns_mount only while the caller holds FERRITE_CAP_MOUNT (checked here again: another
 * thread may have dropped it since the call began). -EAGAIN if another thread swapped a table
 * in meanwhile (the caller builds again from that one). Restricting needs no capability
 * (it only takes away, so a sandbox may narrow itself further). With `drop` (ns_restrict), CAP_MOUNT is dropped
 * under the same lock, and a current directory whose scheme n no longer mounts where it was
 * reached is dropped (relative paths then fail with ENOENT, as before the first chdir):
 * otherwise a sandbox could leave through its current directory. Descriptors held explicitly
 * (an openat dirfd) stay usable: giving them up is the caller's business. */
static int ns_swap(struct process *p, struct ns *expected, struct ns *n, bool drop)
{
	struct file *old_cwd = NULL;
	char name[SCHEME_NAME_MAX];
	size_t pl;
	uint64_t fl = spin_lock_irqsave(&ns_proc_lock);
	if (!drop && !(p->caps & FERRITE_CAP_MOUNT)) {
		spin_unlock_irqrestore(&ns_proc_lock, fl);
		return -EPERM;
	}
	if (p->ns != expected) {
		spin_unlock_irqrestore(&ns_proc_lock, fl);
		return -EAGAIN;
	}
	p->ns = n;
	if (drop) {
		struct file *f = p->cwd;
		__asm__ volatile("lock andl %1, %0" : "+m"(p->caps) : "r"(~FERRITE_CAP_MOUNT));
		if (f && f->path && (!f->scheme || ns_lookup(n, f->path, name, &pl) != 0 ||
				pl != f->mount_len || strcmp(name, f->scheme->name) != 0)) {
			old_cwd = f;
			p->cwd = NULL;
		}
	}
	spin_unlock_irqrestore(&ns_proc_lock, fl);
	if (expected)
		ns_put(expected); /* the process's reference */
	if (old_cwd)
		file_put(old_cwd);
	return 0;
}

/* ns_mount(prefix, scheme): adds (or replaces) a mount in the caller's namespace. Needs
 * FERRITE_CAP_MOUNT. The scheme need not be registered yet. */
long sys_ns_mount(const char *uprefix, const char *uscheme)
{
	struct process *p = proc_current();
	char *buf, name[SCHEME_NAME_MAX];
	struct ns *cur, *n;
	int64_t len;
	int err, i;
	if (!(p->caps & FERRITE_CAP_MOUNT))
		return -EPERM;
	len = vm_copy_string_from_user(&p->vm, name, (uint64_t)uscheme, sizeof(name));
	if (len < 0)
		return len == -ERANGE ? -ENAMETOOLONG : (long)len;
	if (len == 0)
		return -EINVAL;
	buf = kmalloc(FERRITE_PATH_MAX);
	if (!buf)
		return -ENOMEM;
	err = ns_prefix_from_user(buf, uprefix);
	do {
		cur = err ? NULL : ns_of(p);
		n = err ? NULL : ns_copy(cur);
		if (!err && !n)
			err = -ENOMEM;
		if (!err) {
			for (i = 0; i < n->n && strcmp(n->e[i].prefix, buf) != 0; i++)
				;
			if (i == NS_MAX) {
				err = -ENOSPC;
			} else {
				memcpy(n->e[i].prefix, buf, strlen(buf) + 1);
				memcpy(n->e[i].scheme, name, (size_t)len + 1);
				memset(n->e[i].scheme + len, 0, SCHEME_NAME_MAX - (size_t)len);
				if (i == n->n)
					n->n++;
			}
		}
		if (!err)
			err = ns_swap(p, cur, n, false);
		if (cur)
			ns_put(cur);
		if (err && n)
			kfree(n);
		if (err == -EAGAIN)
			err = 0; /* another thread changed the table: build again from the new one */
		else
			break;
	} while (1);
	kfree(buf);
	return err;
}

/* ns_restrict(keep, n): keeps only the mounts whose prefixes are listed (each must be one),
 * and gives up FERRITE_CAP_MOUNT: the process (and what it starts) can never reach the other
 * schemes by path again. The current directory is dropped unless its scheme stays mounted at
 * the same prefix (ns_swap). Descriptors it already holds stay usable. Needs no capability:
 * a restricted process may restrict itself further. */
long sys_ns_restrict(const char *const *ukeep, unsigned long count)
{
	struct process *p = proc_current();
	bool keep[NS_MAX];
	char *buf;
	struct ns *cur, *n;
	int err;
	if (count > NS_MAX)
		return -EINVAL;
	/* one path buffer, then the prefixes (each shorter than NS_PREFIX_MAX), read once */
	buf = kmalloc(FERRITE_PATH_MAX + count * NS_PREFIX_MAX);
	if (!buf)
		return -ENOMEM;
	err = 0;
	for (unsigned long k = 0; k < count && !err; k++) {
		const char *up;
		if (copy_from_user(&up, ukeep + k, sizeof(up)))
			err = -EFAULT;
		else
			err = ns_prefix_from_user(buf, up);
		if (!err)
			memcpy(buf + FERRITE_PATH_MAX + k * NS_PREFIX_MAX, buf, strlen(buf) + 1);
	}
	while (!err) {
		n = NULL;
		cur = ns_of(p);
		memset(keep, 0, sizeof(keep));
		for (unsigned long k = 0; k < count && !err; k++) {
			int i;
			for (i = 0; cur && i < cur->n && strcmp(cur->e[i].prefix, buf + FERRITE_PATH_MAX + k * NS_PREFIX_MAX) != 0; i++)
				;
			if (!cur || i == cur->n)
				err = -ENOENT;
			else
				keep[i] = true;
		}
		if (!err && !(n = ns_copy(NULL)))
			err = -ENOMEM;
		if (!err) {
			for (int i = 0; cur && i < cur->n; i++)
				if (keep[i])
					n->e[n->n++] = cur->e[i];
			err = ns_swap(p, cur, n, true);
		}
		if (cur)
			ns_put(cur);
		if (err && n)
			kfree(n);
		if (err != -EAGAIN)
			break;
		err = 0; /* another thread changed the table: again from the new one */
	}
	kfree(buf);
	return err;
}
