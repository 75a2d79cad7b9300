/* kernel/arch/x86_64/ioport.c: I/O ports for user-space drivers, through the TSS I/O
 * permission bitmap (IOPL stays 0: a driver gets the ports it was granted, not all of them).
 *
 * A process with CAP_IOPORT asks for ranges (ioport_grant); its bitmap (8 KiB, a clear bit per
 * granted port) belongs to the process, so every thread has the same ports. Each CPU's TSS has
 * room for a whole bitmap; a switch to a thread of a process without ports costs one compare
 * (iomap_base past the TSS limit: every port refused), and to one with ports a copy only when
 * the CPU's copy is not that grant already (io_gen: every grant takes a new number from a
 * global counter, so equal means current, whatever process it came from). A grant or a
 * revocation reloads the copies of the other CPUs running that process at once (smp_call to
 * the CPUs in its space's mask): a revoked port is refused everywhere when the call returns.
 * ioport_seal ends a process's grants for good (and its children's). ioport_lock is a leaf. */
#include "klib.h"
#include "errno.h"
#include "kheap.h"
#include "percpu.h"
#include "proc.h"
#include "spinlock.h"
#include "syscall.h"

#define IOPORT_BYTES 8192

static struct spinlock ioport_lock = SPINLOCK_INIT("ioport");
static volatile uint64_t ioport_gen_next = 1;

static uint64_t ioport_new_gen(void)
{
	uint64_t g = 1;
	__asm__ volatile("lock xaddq %0, %1" : "+r"(g), "+m"(ioport_gen_next));
	return g;
}

/* Called by arch_switch (interrupts off) for the thread about to run, and by the reload call. */
void ioport_switch(struct process *p)
{
	struct cpu *c = this_cpu();
	uint64_t fl;
	if (!p || !p->iobitmap) {
		if (c->tss.iomap_base != TSS_IOMAP_OFF)
			c->tss.iomap_base = TSS_IOMAP_OFF;
		return;
	}
	fl = spin_lock_irqsave(&ioport_lock);
	if (p->iobitmap && c->io_gen != p->iobitmap_gen) {
		/* the new grant, and 0xff over whatever the last one opened beyond it */
		memcpy(c->tss.iomap, p->iobitmap, p->iobitmap_len);
		if (c->io_len > p->iobitmap_len)
			memset(c->tss.iomap + p->iobitmap_len, 0xff, c->io_len - p->iobitmap_len);
		c->io_len = p->iobitmap_len;
		c->io_gen = p->iobitmap_gen;
	}
	c->tss.iomap_base = p->iobitmap ? TSS_IOMAP_ON : TSS_IOMAP_OFF;
	spin_unlock_irqrestore(&ioport_lock, fl);
}

static void ioport_reload_here(void *arg)
{
	struct thread *t = this_cpu()->current;
	if (t && t->proc == arg)
		ioport_switch(arg);
}

/* Every CPU running p's threads takes p's current grant before this returns. */
static void ioport_reload_everywhere(struct process *p)
{
	uint64_t fl = irq_save();
	uint32_t me = this_cpu()->index;
	ioport_reload_here(p);
	irq_restore(fl);
	for (int c = 0; c < smp_ncpus; c++)
		if ((uint32_t)c != me && cpus[c].online && (p->vm.cpus & (1ul << c)))
			smp_call(c, ioport_reload_here, p, true);
}

long sys_ioport_grant(unsigned base, unsigned count)
{
	struct process *p = proc_current();
	uint8_t *fresh = NULL;
	uint64_t fl;
	int err = cap_require(FERRITE_CAP_IOPORT);
	if (err)
		return err;
	if (count == 0 || base > 0xffff || count > 0x10000 - base)
		return -EINVAL;
	if (!p->iobitmap) {
		if (!(fresh = kmalloc(IOPORT_BYTES)))
			return -ENOMEM;
		memset(fresh, 0xff, IOPORT_BYTES);
	}
	fl = spin_lock_irqsave(&ioport_lock);
	/* again under the lock: another thread may have dropped the capability since the check
	 * above, and its ioport_revoke, which runs after the drop, takes this lock too: either it
	 * comes after us and takes the grant away, or we see the capability gone */
	if (!(p->caps & FERRITE_CAP_IOPORT) || p->ioports_sealed) {
		spin_unlock_irqrestore(&ioport_lock, fl);
		kfree(fresh);
		return -EPERM;
	}
	if (!p->iobitmap) {
		p->iobitmap = fresh; /* another thread may have made one meanwhile: then ours goes */
		fresh = NULL;
	}
	for (unsigned port = base; port < base + count; port++)
		p->iobitmap[port / 8] &= (uint8_t)~(1u << (port % 8));
	if ((base + count + 7) / 8 > p->iobitmap_len)
		p->iobitmap_len = (base + count + 7) / 8;
	p->iobitmap_gen = ioport_new_gen();
	spin_unlock_irqrestore(&ioport_lock, fl);
	kfree(fresh);
	ioport_reload_everywhere(p);
	return 0;
}

void ioport_revoke(struct process *p)
{
	uint8_t *old;
	uint64_t fl = spin_lock_irqsave(&ioport_lock);
	old = p->iobitmap;
	p->iobitmap = NULL;
	p->iobitmap_len = 0;
	p->iobitmap_gen = 0;
	spin_unlock_irqrestore(&ioport_lock, fl);
	if (!old)
		return;
	if (p->nthreads) /* a living process: its running threads lose the ports now */
		ioport_reload_everywhere(p);
	kfree(old);
}

/* No more grants for this process and the children it forks from now on: init seals a
 * service's ports once it has granted its `ioports` lines, so a driver that keeps CAP_IOPORT
 * (dropping it would close them) still cannot grant itself another range. */
long sys_ioport_seal(void)
{
	struct process *p = proc_current();
	uint64_t fl = spin_lock_irqsave(&ioport_lock);
	p->ioports_sealed = true;
	spin_unlock_irqrestore(&ioport_lock, fl);
	return 0;
}

int ioport_fork(struct process *child, struct process *parent)
{
	uint8_t *copy;
	uint64_t fl;
	child->ioports_sealed = parent->ioports_sealed;
	if (!parent->iobitmap)
		return 0;
	if (!(copy = kmalloc(IOPORT_BYTES)))
		return -ENOMEM;
	fl = spin_lock_irqsave(&ioport_lock);
	if (parent->iobitmap) {
		memcpy(copy, parent->iobitmap, IOPORT_BYTES);
		child->iobitmap = copy;
		child->iobitmap_len = parent->iobitmap_len;
		child->iobitmap_gen = ioport_new_gen();
		copy = NULL;
	}
	spin_unlock_irqrestore(&ioport_lock, fl);
	kfree(copy);
	return 0;
}
