/* kernel/core/kscheme.c: the kernel's own schemes, registered at boot under the names the
 * boot namespace mounts (ns.c): /dev/time -> time, /dev/kmsg -> log, /dev/shm -> shm,
 * /dev/event -> event, /dev/irq -> irq. Each is a struct scheme whose path operation answers
 * in C (scheme_*.c); the descriptions they make carry their own file_ops. */
#include "klib.h"
#include "errno.h"
#include "kscheme.h"
#include "path.h"
#include "panic.h"

void kschemes_init(void)
{
	static int (*const inits[])(void) = {
		scheme_time_init, scheme_log_init, scheme_shm_init, scheme_event_init, scheme_irq_init,
	};
	for (size_t i = 0; i < ARRAY_SIZE(inits); i++) {
		int err = inits[i]();
		if (err)
			panic("kernel schemes: registration %u failed (%d)", (unsigned)i, err);
	}
}

long kscheme_stat(struct path_req *rq, unsigned mode, uint64_t size)
{
	struct ferrite_stat *st = rq->out;
	if (!st || rq->out_len < sizeof(*st))
		return -EINVAL;
	memset(st, 0, sizeof(*st));
	st->st_mode = mode;
	st->st_nlink = 1;
	st->st_size = (long)size;
	st->st_blksize = 4096;
	st->st_blocks = (long)((size + 511) / 512);
	return 0;
}

long kscheme_refuse(struct path_req *rq)
{
	switch (rq->op) {
	case FERRITE_SOP_READLINK:
		return -EINVAL; /* nothing here is a link */
	case FERRITE_SOP_ACCESS:
		return 0;
	default:
		return -EPERM; /* names are the kernel's: nothing to make, move or change */
	}
}

static long kscheme_dir_getdents(struct file *f, void *buf, size_t len)
{
	const struct kscheme_dir *d = f->priv;
	char name[PATH_NAME_MAX + 1];
	unsigned type;
	uint64_t ino = 0;
	size_t used = 0;
	uint64_t fl = spin_lock_irqsave(&f->lock);
	uint64_t c = f->offset;
	spin_unlock_irqrestore(&f->lock, fl);
	for (;; c++) {
		if (c < 2) {
			if (!path_dirent_put(buf, len, &used, 1, c + 1, FERRITE_DT_DIR, "..", (size_t)c + 1))
				break;
			continue;
		}
		if (!d->names(c - 2, name, sizeof(name), &type, &ino))
			break;
		if (!path_dirent_put(buf, len, &used, ino, c + 1, type, name, strlen(name))) {
			if (!used)
				return -EINVAL;
			break;
		}
	}
	fl = spin_lock_irqsave(&f->lock);
	f->offset = c;
	spin_unlock_irqrestore(&f->lock, fl);
	return (long)used;
}

static long kscheme_dir_lseek(struct file *f, long off, int whence)
{
	uint64_t fl;
	if (whence != FERRITE_SEEK_SET || off < 0)
		return -EINVAL;
	fl = spin_lock_irqsave(&f->lock);
	f->offset = (uint64_t)off;
	spin_unlock_irqrestore(&f->lock, fl);
	return off;
}

static long kscheme_dir_stat(struct file *f, struct ferrite_stat *st)
{
	const struct kscheme_dir *d = f->priv;
	memset(st, 0, sizeof(*st));
	st->st_mode = d->mode;
	st->st_nlink = 2;
	st->st_ino = 1;
	st->st_blksize = 4096;
	return 0;
}

static const struct file_ops kscheme_dir_ops = {
	.lseek = kscheme_dir_lseek,
	.stat = kscheme_dir_stat,
	.getdents = kscheme_dir_getdents,
};

long kscheme_open_root(struct path_req *rq, const struct kscheme_dir *dir)
{
	if ((rq->flags & FERRITE_O_ACCMODE) != FERRITE_O_RDONLY || (rq->flags & FERRITE_O_CREAT))
		return -EISDIR;
	rq->file = file_new(&kscheme_dir_ops, (void *)dir, FERRITE_O_RDONLY);
	if (!rq->file)
		return -ENOMEM;
	rq->file->handle = 0;
	return 0;
}
