/* kernel/core/scheme_irq.c: the irq scheme, mounted at /dev/irq: opening /dev/irq/N (CAP_IRQ)
 * routes interrupt line N to a descriptor (irq_user.c says what read, write and poll do). N is
 * decimal: 0-15 are the ISA IRQs, higher numbers global system interrupts (PCI INTx). */
#include "klib.h"
#include "errno.h"
#include "file.h"
#include "kscheme.h"
#include "proc.h"

int irq_user_open_line(unsigned irq, unsigned oflags, struct file **out); /* irq_user.c */

/* N in decimal, nothing else (no sign, no leading zero but "0"): N, or -1. */
static long irq_number(const char *s)
{
	long n = 0;
	if (!*s || (s[0] == '0' && s[1]))
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || n > 100000)
			return -1;
		n = n * 10 + (*s - '0');
	}
	return n;
}

/* The lines are opened by number (a GSI, or an ISA IRQ below 16); the listing names none:
 * which exist depends on the machine's interrupt controllers. */
static bool irq_names(uint64_t i, char *name, size_t size, unsigned *type, uint64_t *ino)
{
	(void)i; (void)name; (void)size; (void)type; (void)ino;
	return false;
}

static const struct kscheme_dir irq_root = { irq_names, FERRITE_S_IFDIR | 0500 };

static long irq_path(struct scheme *s, struct path_req *rq)
{
	long n = irq_number(rq->path);
	int err;
	(void)s;
	if (rq->dir != 0) /* relative to a line, which is no directory; "" is the line itself */
		return rq->path[0] ? -ENOTDIR : kscheme_refuse(rq);
	if (rq->path[0] && n < 0)
		return -ENOENT;
	if (rq->op == FERRITE_SOP_STAT)
		return kscheme_stat(rq, n < 0 ? FERRITE_S_IFDIR | 0500 : FERRITE_S_IFCHR | 0600, 0);
	if (rq->op != FERRITE_SOP_OPEN)
		return kscheme_refuse(rq);
	if (n < 0)
		return kscheme_open_root(rq, &irq_root);
	err = cap_require(FERRITE_CAP_IRQ);
	if (!err)
		err = irq_user_open_line((unsigned)n, rq->flags, &rq->file);
	if (!err)
		rq->file->handle = KSCHEME_OBJECT;
	return err;
}

static const struct scheme_ops irq_scheme_ops = { .path = irq_path };
static struct scheme irq_scheme = { .name = "irq", .ops = &irq_scheme_ops };

int scheme_irq_init(void)
{
	return scheme_register(&irq_scheme);
}
