/* kernel/core/scheme_shm.c: the shm scheme, mounted at /dev/shm: named shared memory objects
 * (shm_open's). open with O_CREAT makes one (O_EXCL: it must be new), ftruncate gives it its
 * size, mmap of the descriptor with MAP_SHARED maps its pages (a vm_object: every process
 * mapping it sees the same frames), unlink takes the name away while descriptions and
 * mappings keep the memory until the last of them goes. An object only grows: a smaller
 * ftruncate sets the size mmap allows but keeps the pages; O_TRUNC starts a new, empty one
 * (mappings made before keep the old pages). An object belongs to the uid and gid that made
 * it: opening one that exists asks its mode for the access wanted (the caller's euid and
 * egid, as a file's would; root passes), and only its owner or root may unlink it (/dev/shm
 * is a sticky directory). shm_lock guards the list and each object's fields; the vm_object's
 * own lock is taken under it. */
#include "klib.h"
#include "errno.h"
#include "file.h"
#include "kheap.h"
#include "kscheme.h"
#include "page.h"
#include "vm.h"

#define SHM_NAME_MAX 255
#define SHM_MAX_BYTES (1ul << 36) /* 64 GiB: far past the commit limit, it only bounds sums */

struct shm_obj {
	char *name;                /* NULL once unlinked */
	int refs;                  /* descriptions, and the name while it is linked */
	unsigned mode;
	int uid, gid;              /* the owner: who made it */
	uint64_t size;             /* bytes */
	struct vm_object *mem;     /* NULL while the size was never set */
	uint64_t ino;              /* st_ino, and d_ino in /dev/shm's listing: never reused */
	struct shm_obj *next;
};

static struct spinlock shm_lock = SPINLOCK_INIT("shm");
static struct shm_obj *shm_list;
static uint64_t shm_next_ino = 2; /* under shm_lock; 1 is the root's */

static struct shm_obj *shm_find_locked(const char *name)
{
	for (struct shm_obj *o = shm_list; o; o = o->next)
		if (strcmp(o->name, name) == 0)
			return o;
	return NULL;
}

/* Drops one reference; the last one frees the object (its memory goes with its last map). */
static void shm_put(struct shm_obj *o)
{
	uint64_t fl = spin_lock_irqsave(&shm_lock);
	bool last = --o->refs == 0;
	spin_unlock_irqrestore(&shm_lock, fl);
	if (!last)
		return;
	if (o->mem)
		vm_object_unref(o->mem);
	kfree(o);
}

static void shm_release(struct file *f)
{
	shm_put(f->priv);
}

static long shm_truncate(struct file *f, uint64_t len)
{
	struct shm_obj *o = f->priv;
	uint64_t pages = (len + PAGE_SIZE - 1) / PAGE_SIZE, fl;
	struct vm_object *mem, *fresh = NULL;
	int err = 0;
	if (len > SHM_MAX_BYTES)
		return -EFBIG;
	if ((f->flags & FERRITE_O_ACCMODE) == FERRITE_O_RDONLY)
		return -EINVAL; /* POSIX: not open for writing */
	fl = spin_lock_irqsave(&shm_lock);
	mem = o->mem;
	if (mem)
		vm_object_ref(mem);
	spin_unlock_irqrestore(&shm_lock, fl);
	if (pages && mem)
		err = vm_object_grow(mem, pages);
	else if (pages && !(fresh = vm_object_create(pages)))
		err = -ENOMEM;
	if (mem)
		vm_object_unref(mem);
	if (err)
		return err;
	fl = spin_lock_irqsave(&shm_lock);
	if (fresh && !o->mem) {
		o->mem = fresh;
		fresh = NULL;
	}
	if (!fresh)
		o->size = len;
	spin_unlock_irqrestore(&shm_lock, fl);
	if (fresh) { /* another ftruncate made one first: grow that one instead */
		vm_object_unref(fresh);
		return shm_truncate(f, len);
	}
	return 0;
}

static struct vm_object *shm_mmap(struct file *f, uint64_t offset, size_t len, int prot, int *err)
{
	struct shm_obj *o = f->priv;
	struct vm_object *mem = NULL;
	uint64_t fl = spin_lock_irqsave(&shm_lock);
	uint64_t size = (o->size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	(void)prot;
	if (!o->mem || offset > size || len > size - offset)
		*err = -ENXIO; /* past the end the object has */
	else {
		mem = o->mem;
		vm_object_ref(mem);
	}
	spin_unlock_irqrestore(&shm_lock, fl);
	return mem;
}

static long shm_stat(struct file *f, struct ferrite_stat *st)
{
	struct shm_obj *o = f->priv;
	uint64_t fl = spin_lock_irqsave(&shm_lock);
	memset(st, 0, sizeof(*st));
	st->st_mode = FERRITE_S_IFREG | o->mode;
	st->st_uid = (unsigned)o->uid;
	st->st_gid = (unsigned)o->gid;
	st->st_nlink = o->name ? 1 : 0;
	st->st_ino = o->ino;
	st->st_size = (long)o->size;
	st->st_blksize = PAGE_SIZE;
	st->st_blocks = (long)((o->size + 511) / 512);
	spin_unlock_irqrestore(&shm_lock, fl);
	return 0;
}

static const struct file_ops shm_ops = {
	.release = shm_release,
	.truncate = shm_truncate,
	.mmap = shm_mmap,
	.stat = shm_stat,
};

static bool shm_has_slash(const char *name)
{
	for (; *name; name++)
		if (*name == '/')
			return true;
	return false;
}

static bool shm_name_ok(const char *name)
{
	size_t n = strlen(name);
	return n && n <= SHM_NAME_MAX && !shm_has_slash(name) && strcmp(name, ".") && strcmp(name, "..");
}

/* May the caller of rq open o for its access mode? With shm_lock held: 0 or -EACCES. */
static long shm_access_locked(const struct shm_obj *o, const struct path_req *rq)
{
	unsigned acc = rq->flags & FERRITE_O_ACCMODE, want, bits;
	if (rq->uid == 0 || (rq->flags & FERRITE_O_PATH))
		return 0;
	want = acc == FERRITE_O_RDONLY ? 4 : acc == FERRITE_O_WRONLY ? 2 : 6;
	if (rq->flags & FERRITE_O_TRUNC)
		want |= 2;
	bits = rq->uid == o->uid ? o->mode >> 6 : rq->gid == o->gid ? o->mode >> 3 : o->mode;
	return (bits & want) == want ? 0 : -EACCES;
}

static long shm_open(struct path_req *rq)
{
	struct shm_obj *o, *fresh = NULL;
	struct vm_object *old = NULL;
	uint64_t fl;
	long r = 0;
	if (rq->flags & FERRITE_O_DIRECTORY)
		return -ENOTDIR;
	if (rq->flags & FERRITE_O_CREAT) { /* made before the lock: the heap is not taken under it */
		fresh = kzalloc(sizeof(*fresh));
		if (fresh)
			fresh->name = kmalloc(strlen(rq->path) + 1);
		if (!fresh || !fresh->name) {
			if (fresh)
				kfree(fresh);
			return -ENOMEM;
		}
		memcpy(fresh->name, rq->path, strlen(rq->path) + 1);
		fresh->mode = (unsigned)rq->arg[0] & 0777;
		fresh->uid = rq->uid;
		fresh->gid = rq->gid;
		fresh->refs = 1; /* the name's */
	}
	fl = spin_lock_irqsave(&shm_lock);
	o = shm_find_locked(rq->path);
	if (o && (rq->flags & FERRITE_O_CREAT) && (rq->flags & FERRITE_O_EXCL))
		r = -EEXIST;
	else if (!o && !fresh)
		r = -ENOENT;
	else if (o)
		r = shm_access_locked(o, rq); /* its maker got what it asked for; others ask the mode */
	else {
		o = fresh;
		fresh = NULL;
		o->ino = shm_next_ino++;
		o->next = shm_list;
		shm_list = o;
	}
	if (!r) {
		o->refs++; /* the description's */
		if ((rq->flags & FERRITE_O_TRUNC) && (rq->flags & FERRITE_O_ACCMODE) != FERRITE_O_RDONLY) {
			old = o->mem;
			o->mem = NULL;
			o->size = 0;
		}
	}
	spin_unlock_irqrestore(&shm_lock, fl);
	if (fresh) {
		kfree(fresh->name);
		kfree(fresh);
	}
	if (old)
		vm_object_unref(old);
	if (r)
		return r;
	rq->file = file_new(&shm_ops, o, rq->flags & FERRITE_O_ACCMODE);
	if (!rq->file) {
		shm_put(o);
		return -ENOMEM;
	}
	rq->file->handle = KSCHEME_OBJECT; /* not the directory: openat from it is ENOTDIR */
	return 0;
}

static long shm_unlink(struct path_req *rq)
{
	struct shm_obj *o;
	uint64_t fl = spin_lock_irqsave(&shm_lock);
	char *name = NULL;
	o = shm_find_locked(rq->path);
	if (o && rq->uid != 0 && rq->uid != o->uid) {
		spin_unlock_irqrestore(&shm_lock, fl);
		return -EPERM; /* the sticky directory's rule: not someone else's */
	}
	if (o) {
		for (struct shm_obj **pp = &shm_list; *pp; pp = &(*pp)->next)
			if (*pp == o) {
				*pp = o->next;
				break;
			}
		name = o->name;
		o->name = NULL;
	}
	spin_unlock_irqrestore(&shm_lock, fl);
	if (!o)
		return -ENOENT;
	kfree(name);
	shm_put(o); /* the name's reference */
	return 0;
}

/* The i-th object's name (the list's order: newest first). */
static bool shm_names(uint64_t i, char *name, size_t size, unsigned *type, uint64_t *ino)
{
	uint64_t fl = spin_lock_irqsave(&shm_lock);
	struct shm_obj *o = shm_list;
	bool ok;
	for (; o && i; o = o->next)
		i--;
	ok = o && strlen(o->name) < size;
	if (ok) {
		memcpy(name, o->name, strlen(o->name) + 1);
		*ino = o->ino;
	}
	spin_unlock_irqrestore(&shm_lock, fl);
	*type = FERRITE_DT_REG;
	return ok;
}

static const struct kscheme_dir shm_root = { shm_names, FERRITE_S_IFDIR | 01777 };

static long shm_path(struct scheme *s, struct path_req *rq)
{
	struct shm_obj *o;
	uint64_t fl;
	long r;
	(void)s;
	if (rq->dir != 0) /* relative to an object, which is no directory; "" is the object itself */
		return rq->path[0] ? -ENOTDIR : kscheme_refuse(rq);
	if (!rq->path[0]) { /* the directory itself */
		if (rq->op == FERRITE_SOP_STAT)
			return kscheme_stat(rq, FERRITE_S_IFDIR | 01777, 0);
		return rq->op == FERRITE_SOP_OPEN ? kscheme_open_root(rq, &shm_root) : kscheme_refuse(rq);
	}
	if (!shm_name_ok(rq->path))
		return shm_has_slash(rq->path) ? -ENOENT : -EINVAL;
	switch (rq->op) {
	case FERRITE_SOP_OPEN:
		return shm_open(rq);
	case FERRITE_SOP_UNLINK:
		return rq->flags & FERRITE_AT_REMOVEDIR ? -ENOTDIR : shm_unlink(rq);
	case FERRITE_SOP_STAT:
	case FERRITE_SOP_ACCESS:
		fl = spin_lock_irqsave(&shm_lock);
		o = shm_find_locked(rq->path);
		r = !o ? -ENOENT : rq->op == FERRITE_SOP_ACCESS ? 0 : (long)o->mode;
		if (o && rq->op == FERRITE_SOP_STAT)
			r = kscheme_stat(rq, FERRITE_S_IFREG | o->mode, o->size);
		if (o && rq->op == FERRITE_SOP_STAT && r == 0) {
			((struct ferrite_stat *)rq->out)->st_uid = (unsigned)o->uid;
			((struct ferrite_stat *)rq->out)->st_gid = (unsigned)o->gid;
			((struct ferrite_stat *)rq->out)->st_ino = o->ino;
		}
		spin_unlock_irqrestore(&shm_lock, fl);
		return r;
	default:
		return kscheme_refuse(rq);
	}
}

static const struct scheme_ops shm_scheme_ops = { .path = shm_path };
static struct scheme shm_scheme = { .name = "shm", .ops = &shm_scheme_ops };

int scheme_shm_init(void)
{
	return scheme_register(&shm_scheme);
}
