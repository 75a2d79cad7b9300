/* kernel/arch/x86_64/irq.c: interrupts other than exceptions: a handler table indexed by vector,
 * counts, and the local APIC's end-of-interrupt. */
#include "klib.h"
#include "errno.h"
#include "spinlock.h"
#include "irq.h"
#include "apic.h"
#include "sched.h"
#include "signal.h"

static struct { irq_handler fn; void *arg; } irq_table[256];
static volatile uint64_t irq_counts[256];
static struct spinlock irq_lock = SPINLOCK_INIT("irq");

int irq_register(int vector, irq_handler fn, void *arg)
{
	uint64_t fl;
	int err = 0;
	if (vector < 32 || vector > 255 || !fn)
		return -EINVAL;
	fl = spin_lock_irqsave(&irq_lock);
	if (irq_table[vector].fn)
		err = -EBUSY;
	else {
		irq_table[vector].arg = arg;
		irq_table[vector].fn = fn;
	}
	spin_unlock_irqrestore(&irq_lock, fl);
	return err;
}

int irq_alloc_vector(irq_handler fn, void *arg)
{
	uint64_t fl = spin_lock_irqsave(&irq_lock);
	int v;
	for (v = VEC_DEVICE; v <= VEC_DEVICE_LAST; v++)
		if (!irq_table[v].fn) {
			irq_table[v].arg = arg;
			irq_table[v].fn = fn;
			break;
		}
	spin_unlock_irqrestore(&irq_lock, fl);
	return v <= VEC_DEVICE_LAST ? v : -EBUSY;
}

void irq_unregister(int vector)
{
	uint64_t fl = spin_lock_irqsave(&irq_lock);
	if (vector >= 32 && vector <= 255)
		irq_table[vector].fn = NULL;
	spin_unlock_irqrestore(&irq_lock, fl);
}

uint64_t irq_count(int vector)
{
	return vector >= 0 && vector < 256 ? irq_counts[vector] : 0;
}

void irq_dispatch(struct trap_frame *tf)
{
	int v = (int)tf->vector;
	irq_handler fn = irq_table[v].fn;
	__asm__ volatile("lock incq %0" : "+m"(irq_counts[v]));
	/* The masked PICs can still raise their spurious IRQ 7/15: no EOI to the APIC for those. */
	if (v >= VEC_PIC_BASE && v < VEC_PIC_BASE + 16)
		return;
	if (fn)
		fn(tf, irq_table[v].arg);
	if (v != VEC_SPURIOUS) {
		lapic_eoi();
		sched_preempt_point(); /* a tick or a wake-up may have made another thread due */
	}
	if ((tf->cs & 3) == 3)
		signal_deliver(tf, (uint64_t)-1, 0); /* a signal sent while it ran in user mode */
}
