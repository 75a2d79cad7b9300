/* kernel/core/kscheme.c: the kernel's own schemes, registered at boot under the names the
 * boot namespace mounts (ns.c): /dev/time -> time, /dev/kmsg -> log, /dev/shm -> shm,
 * /dev/event -> event, /dev/irq -> irq. Each is a struct scheme whose path operation answers
 * in C (scheme_*.c); the descriptions they make carry their own file_ops. */
#include "klib.h"
#include "errno.h"
#include "kscheme.h"
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
