/* kernel/core/irq_user.c: interrupts for user-space drivers, as descriptors (CAP_IRQ). A
 * legacy line (/dev/irq/N: an ISA IRQ through the MADT's overrides, or a GSI from 16 up, taken
 * as PCI's level-triggered, active-low INTx) is routed through its I/O APIC to a vector of its
 * own; an MSI vector (irq_msi) is allocated for a device the caller programs with the address
 * and data it gets back. Either way:
 * - read (8 bytes at least) blocks until interrupts came, and returns their count (a u64) since
 *   the last read; EAGAIN with O_NONBLOCK, EINTR when a signal comes;
 * - write (anything) acknowledges: a level-triggered line is masked from its interrupt until
 *   then, so a device still asserting it does not storm the CPU; edge-triggered sources and
 *   MSIs are never masked (an edge that came while masked would be lost);
 * - poll: POLLIN when a read would not block, POLLOUT always.
 * Only one descriptor holds a line; closing the last reference masks it and frees the vector.
 * Locks: an irq_src's lock is taken in the interrupt handler, and the I/O APIC's under it. */
#include "klib.h"
#include "errno.h"
#include "acpi.h"
#include "file.h"
#include "kheap.h"
#include "proc.h"
#include "sched.h"
#include "signal.h"
#include "syscall.h"
#include "../arch/x86_64/apic.h"
#include "../arch/x86_64/irq.h"
#include "../arch/x86_64/percpu.h"

#define IRQ_GSI_MAX 256

long sys_close(int fd); /* file_calls.c */
#define IRQ_NO_GSI 0xffffffffu /* an MSI */

struct irq_src {
	struct spinlock lock;
	uint32_t gsi;            /* IRQ_NO_GSI for an MSI */
	int vector;
	bool level, masked;
	uint64_t count;          /* interrupts since the last read */
	struct waitq wq;
	struct poll_head poll;
};

static struct spinlock irq_owner_lock = SPINLOCK_INIT("irq_owner");
static bool irq_gsi_taken[IRQ_GSI_MAX];

static void irq_user_handler(struct trap_frame *tf, void *arg)
{
	struct irq_src *s = arg;
	(void)tf;
	spin_lock(&s->lock); /* interrupts are off here */
	s->count++;
	if (s->level && !s->masked) {
		ioapic_mask(s->gsi);
		s->masked = true;
	}
	spin_unlock(&s->lock);
	waitq_wake(&s->wq, -1);
	poll_head_wake(&s->poll);
}

/* Under the wait queue's lock: sleep while nothing came and no signal is pending. */
static bool irq_user_nothing(void *arg)
{
	struct irq_src *s = arg;
	uint64_t fl = spin_lock_irqsave(&s->lock);
	bool wait = s->count == 0 && !signal_pending();
	spin_unlock_irqrestore(&s->lock, fl);
	return wait;
}

static long irq_user_read(struct file *f, void *ubuf, size_t len)
{
	struct irq_src *s = f->priv;
	uint64_t n, fl;
	if (len < sizeof(uint64_t))
		return -EINVAL;
	for (;;) {
		fl = spin_lock_irqsave(&s->lock);
		n = s->count;
		s->count = 0;
		spin_unlock_irqrestore(&s->lock, fl);
		if (n)
			break;
		if (f->flags & FERRITE_O_NONBLOCK)
			return -EAGAIN;
		if (signal_pending())
			return -EINTR;
		waitq_wait_if(&s->wq, 0, irq_user_nothing, s, 0);
	}
	if (copy_to_user(ubuf, &n, sizeof(n))) {
		fl = spin_lock_irqsave(&s->lock); /* not lost: the next read has them */
		s->count += n;
		spin_unlock_irqrestore(&s->lock, fl);
		return -EFAULT;
	}
	return sizeof(n);
}

static long irq_user_write(struct file *f, const void *ubuf, size_t len)
{
	struct irq_src *s = f->priv;
	uint64_t fl = spin_lock_irqsave(&s->lock);
	(void)ubuf;
	if (s->masked) {
		s->masked = false;
		ioapic_unmask(s->gsi);
	}
	spin_unlock_irqrestore(&s->lock, fl);
	return (long)len;
}

static unsigned irq_user_poll(struct file *f)
{
	struct irq_src *s = f->priv;
	uint64_t fl = spin_lock_irqsave(&s->lock);
	unsigned r = FERRITE_POLLOUT | (s->count ? FERRITE_POLLIN : 0);
	spin_unlock_irqrestore(&s->lock, fl);
	return r;
}

static struct poll_head *irq_user_poll_head(struct file *f)
{
	return &((struct irq_src *)f->priv)->poll;
}

static void irq_user_nop(void *arg)
{
	(void)arg;
}

static void irq_user_release(struct file *f)
{
	struct irq_src *s = f->priv;
	uint64_t fl;
	if (s->gsi != IRQ_NO_GSI)
		ioapic_mask(s->gsi);
	irq_unregister(s->vector);
	/* a handler already running on another CPU (interrupts off) ends before its IPI is taken */
	for (int c = 0; c < smp_ncpus; c++)
		if (cpus[c].online && c != (int)this_cpu()->index)
			smp_call(c, irq_user_nop, NULL, true);
	if (s->gsi != IRQ_NO_GSI) {
		fl = spin_lock_irqsave(&irq_owner_lock);
		irq_gsi_taken[s->gsi] = false;
		spin_unlock_irqrestore(&irq_owner_lock, fl);
	}
	kfree(s);
}

static const struct file_ops irq_user_ops = {
	.read_user = irq_user_read,
	.write_user = irq_user_write,
	.poll = irq_user_poll,
	.poll_head = irq_user_poll_head,
	.release = irq_user_release,
};

/* A source with its vector and description; the caller routes it. */
static int irq_user_new(uint32_t gsi, bool level, unsigned oflags, struct irq_src **out, struct file **fout)
{
	struct irq_src *s = kzalloc(sizeof(*s));
	struct file *f;
	if (!s)
		return -ENOMEM;
	s->lock = (struct spinlock)SPINLOCK_INIT("irq_src");
	s->gsi = gsi;
	s->level = level;
	waitq_init(&s->wq);
	poll_head_init(&s->poll);
	s->vector = irq_alloc_vector(irq_user_handler, s);
	if (s->vector < 0) {
		kfree(s);
		return -EBUSY;
	}
	f = file_new(&irq_user_ops, s, FERRITE_O_RDWR | (oflags & FERRITE_O_NONBLOCK));
	if (!f) {
		irq_unregister(s->vector);
		kfree(s);
		return -ENOMEM;
	}
	*out = s;
	*fout = f;
	return 0;
}

int irq_user_open_line(unsigned irq, unsigned oflags, struct file **out)
{
	uint16_t flags = 0;
	uint32_t gsi;
	struct irq_src *s;
	uint64_t fl;
	int err = cap_require(FERRITE_CAP_IRQ);
	*out = NULL;
	if (err)
		return err;
	if (irq < 16) {
		gsi = acpi_isa_gsi(&acpi, (uint8_t)irq, &flags);
	} else {
		gsi = irq;
		flags = 3 | (3 << 2); /* PCI INTx: active low, level-triggered */
	}
	if (gsi >= IRQ_GSI_MAX || gsi >= ioapic_max_gsi())
		return -ENOENT;
	fl = spin_lock_irqsave(&irq_owner_lock);
	if (irq_gsi_taken[gsi])
		err = -EBUSY;
	irq_gsi_taken[gsi] = true;
	spin_unlock_irqrestore(&irq_owner_lock, fl);
	if (err)
		return err;
	err = irq_user_new(gsi, ((flags >> 2) & 3) == 3, oflags, &s, out);
	if (!err)
		err = ioapic_route(gsi, (uint8_t)s->vector, cpus[0].apic_id, flags);
	if (err) {
		if (*out)
			file_put(*out); /* masks, frees the vector and the line */
		else {
			fl = spin_lock_irqsave(&irq_owner_lock);
			irq_gsi_taken[gsi] = false;
			spin_unlock_irqrestore(&irq_owner_lock, fl);
		}
		*out = NULL;
	}
	return err;
}

/* For tests: the vector an irq descriptor's interrupts arrive on. */
int irq_user_vector(struct file *f)
{
	return f->ops == &irq_user_ops ? ((struct irq_src *)f->priv)->vector : -EINVAL;
}

int irq_user_open_msi(unsigned oflags, struct ferrite_msi *msi, struct file **out)
{
	struct irq_src *s;
	int err = cap_require(FERRITE_CAP_IRQ);
	if (err)
		return err;
	err = irq_user_new(IRQ_NO_GSI, false, oflags, &s, out);
	if (err)
		return err;
	/* fixed delivery to the boot CPU, physical destination, edge-triggered */
	msi->address = 0xfee00000ul | ((unsigned long)cpus[0].apic_id << 12);
	msi->data = (unsigned)s->vector;
	msi->vector = (unsigned)s->vector;
	return 0;
}

long sys_irq_msi(struct ferrite_msi *umsi, int flags)
{
	struct ferrite_msi msi;
	struct file *f = NULL;
	int fd, err;
	if (flags & ~(FERRITE_O_CLOEXEC | FERRITE_O_NONBLOCK))
		return -EINVAL;
	if (!user_range_ok((uint64_t)umsi, sizeof(msi)))
		return -EFAULT;
	memset(&msi, 0, sizeof(msi));
	err = irq_user_open_msi((unsigned)flags, &msi, &f);
	if (err)
		return err;
	/* the answer first: once installed, the descriptor is the process's (another thread may
	 * close it and get its number again), so a failure after that could not take it back */
	if (copy_to_user(umsi, &msi, sizeof(msi))) {
		file_put(f);
		return -EFAULT;
	}
	fd = fd_install(&proc_current()->fds, f, flags & FERRITE_O_CLOEXEC ? FERRITE_FD_CLOEXEC : 0, 0);
	if (fd < 0)
		file_put(f);
	return fd;
}
