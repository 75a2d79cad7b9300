/* kernel/core/file.c: open file descriptions and descriptor tables (see file.h). Locks: a
 * table's lock is a leaf except that it is released before a file's release runs (a pipe end
 * wakes its peers then); a file's lock is a leaf. */
#include "klib.h"
#include "errno.h"
#include "file.h"
#include "kheap.h"
#include "scheme.h"

#define FD_FIRST_SIZE 32

static volatile uint64_t file_next_serial = 1; /* 2^64 descriptions: never wraps */

struct file *file_new(const struct file_ops *ops, void *priv, unsigned flags)
{
	struct file *f = kmalloc(sizeof(*f));
	uint64_t serial = 1;
	if (!f)
		return NULL;
	__asm__ volatile("lock xaddq %0, %1" : "+r"(serial), "+m"(file_next_serial));
	memset(f, 0, sizeof(*f));
	f->serial = serial;
	f->refs = 1;
	f->flags = flags;
	f->lock = (struct spinlock)SPINLOCK_INIT("file");
	f->ops = ops;
	f->priv = priv;
	return f;
}

void file_get(struct file *f)
{
	__asm__ volatile("lock incl %0" : "+m"(f->refs));
}

void file_put(struct file *f)
{
	int left = -1;
	__asm__ volatile("lock xaddl %0, %1" : "+r"(left), "+m"(f->refs));
	if (left == 1) {
		if (f->ops->release)
			f->ops->release(f);
		if (f->scheme)
			scheme_put(f->scheme); /* after release: a user scheme's close needs it */
		kfree(f->path);
		kfree(f);
	}
}

/* What fstat says of a description: its own stat operation, else made up for a pipe. */
long file_stat(struct file *f, struct ferrite_stat *st)
{
	long r;
	memset(st, 0, sizeof(*st));
	if (f->ops->stat) {
		r = f->ops->stat(f, st);
		if (r >= 0 && f->scheme)
			st->st_dev = f->scheme->dev; /* the kernel's number, not the server's */
		return r;
	}
	st->st_mode = FERRITE_S_IFIFO | 0600;
	st->st_nlink = 1;
	st->st_blksize = FERRITE_PIPE_BUF;
	st->st_ino = ((uint64_t)f->priv >> 4) & 0xffffffffu; /* tells two pipes apart */
	return 0;
}

int fdtable_init(struct fdtable *t)
{
	t->lock = (struct spinlock)SPINLOCK_INIT("fdtable");
	t->size = FD_FIRST_SIZE;
	t->slots = kmalloc(sizeof(struct fd_slot) * FD_FIRST_SIZE);
	if (!t->slots)
		return -ENOMEM;
	memset(t->slots, 0, sizeof(struct fd_slot) * FD_FIRST_SIZE);
	return 0;
}

/* Makes room for descriptor fd; called with the lock held, which it drops around kmalloc and
 * kfree, so the caller looks at the slots again afterwards. */
static int fdtable_grow(struct fdtable *t, int fd, uint64_t *fl)
{
	while (fd >= t->size) {
		int n = t->size * 2 > FD_MAX ? FD_MAX : t->size * 2;
		struct fd_slot *s, *old;
		spin_unlock_irqrestore(&t->lock, *fl);
		s = kmalloc(sizeof(struct fd_slot) * (size_t)n);
		*fl = spin_lock_irqsave(&t->lock);
		if (!s)
			return -ENOMEM;
		if (n <= t->size) {
			old = s; /* another thread grew it meanwhile */
		} else {
			memset(s, 0, sizeof(struct fd_slot) * (size_t)n);
			memcpy(s, t->slots, sizeof(struct fd_slot) * (size_t)t->size);
			old = t->slots;
			t->slots = s;
			t->size = n;
		}
		spin_unlock_irqrestore(&t->lock, *fl);
		kfree(old);
		*fl = spin_lock_irqsave(&t->lock);
	}
	return 0;
}

int fd_install(struct fdtable *t, struct file *f, unsigned fdflags, int min)
{
	uint64_t fl = spin_lock_irqsave(&t->lock);
	int fd;
	for (fd = min; fd < FD_MAX; fd++) {
		if (fd >= t->size && fdtable_grow(t, fd, &fl)) {
			fd = FD_MAX;
			break;
		}
		if (!t->slots[fd].file)
			break;
	}
	if (fd >= FD_MAX) {
		spin_unlock_irqrestore(&t->lock, fl);
		return -EMFILE;
	}
	t->slots[fd].file = f;
	t->slots[fd].fdflags = fdflags;
	spin_unlock_irqrestore(&t->lock, fl);
	return fd;
}

struct file *fd_get(struct fdtable *t, int fd)
{
	struct file *f = NULL;
	uint64_t fl = spin_lock_irqsave(&t->lock);
	if (fd >= 0 && fd < t->size && (f = t->slots[fd].file))
		file_get(f);
	spin_unlock_irqrestore(&t->lock, fl);
	return f;
}

int fdtable_copy(struct fdtable *dst, struct fdtable *src)
{
	uint64_t fl;
	int n;
	if (fdtable_init(dst))
		return -ENOMEM;
	fl = spin_lock_irqsave(&src->lock);
	n = src->size;
	spin_unlock_irqrestore(&src->lock, fl);
	fl = spin_lock_irqsave(&dst->lock);
	if (fdtable_grow(dst, n - 1, &fl)) {
		spin_unlock_irqrestore(&dst->lock, fl);
		return -ENOMEM;
	}
	spin_unlock_irqrestore(&dst->lock, fl);
	/* the source belongs to the forking thread's process: only its own threads change it,
	 * and they are in user mode or here */
	fl = spin_lock_irqsave(&src->lock);
	for (int i = 0; i < src->size && i < dst->size; i++) {
		dst->slots[i] = src->slots[i];
		if (dst->slots[i].file)
			file_get(dst->slots[i].file);
	}
	spin_unlock_irqrestore(&src->lock, fl);
	return 0;
}

/* Takes out every slot that matches and drops the files outside the lock. */
static void fdtable_close_matching(struct fdtable *t, bool only_cloexec)
{
	for (;;) {
		struct file *f = NULL;
		uint64_t fl = spin_lock_irqsave(&t->lock);
		for (int i = 0; i < t->size && !f; i++)
			if (t->slots[i].file && (!only_cloexec || (t->slots[i].fdflags & 1))) {
				f = t->slots[i].file;
				t->slots[i].file = NULL;
			}
		spin_unlock_irqrestore(&t->lock, fl);
		if (!f)
			return;
		file_put(f);
	}
}

void fdtable_close_all(struct fdtable *t)
{
	if (!t->slots)
		return;
	fdtable_close_matching(t, false);
	kfree(t->slots);
	t->slots = NULL;
	t->size = 0;
}

void fdtable_close_on_exec(struct fdtable *t)
{
	fdtable_close_matching(t, true);
}
