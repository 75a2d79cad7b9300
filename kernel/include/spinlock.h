/* kernel/include/spinlock.h: spin locks for a kernel that runs on several CPUs at once.
 * A lock taken from code that interrupts can also take must be held with interrupts off:
 * use spin_lock_irqsave. The lock order is written in docs/ARCHITECTURE.md ("Locks"). */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include "types.h"

struct spinlock {
	volatile uint32_t locked;
	const char *name; /* for reports */
};

#define SPINLOCK_INIT(n) { 0, n }

static inline uint32_t spin_xchg(volatile uint32_t *p, uint32_t v)
{
	__asm__ volatile("xchgl %0, %1" : "+r"(v), "+m"(*p) : : "memory");
	return v;
}

static inline void spin_lock(struct spinlock *l)
{
	while (spin_xchg(&l->locked, 1))
		while (l->locked)
			__asm__ volatile("pause" : : : "memory");
}

static inline bool spin_trylock(struct spinlock *l)
{
	return spin_xchg(&l->locked, 1) == 0;
}

static inline void spin_unlock(struct spinlock *l)
{
	__asm__ volatile("" : : : "memory");
	l->locked = 0;
}

#ifdef KTEST_HOST
/* The host build of the portable cores runs in user mode, where cli would fault. */
static inline uint64_t irq_save(void) { return 0; }
static inline void irq_restore(uint64_t flags) { (void)flags; }
#else
static inline uint64_t irq_save(void)
{
	uint64_t flags;
	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

static inline void irq_restore(uint64_t flags)
{
	if (flags & 0x200)
		__asm__ volatile("sti" : : : "memory");
}
#endif

/* While the lock is busy, interrupts are let in as they were before the call (as if they came
 * just before it): a CPU spinning with them off cannot answer an IPI, and a holder that waits
 * for its answer (a TLB shootdown under a vm space's lock, while this CPU's page fault wants
 * that lock) waited 5 s, gave up, and left its request on the stack it then reused: the spinner
 * later ran garbage (a panic at rip -2 under load). Nested in another irqsave lock, interrupts
 * stay off: flags says they were. */
static inline uint64_t spin_lock_irqsave(struct spinlock *l)
{
	uint64_t flags = irq_save();
	while (spin_xchg(&l->locked, 1)) {
		irq_restore(flags);
		while (l->locked)
			__asm__ volatile("pause" : : : "memory");
		flags = irq_save();
	}
	return flags;
}

static inline void spin_unlock_irqrestore(struct spinlock *l, uint64_t flags)
{
	spin_unlock(l);
	irq_restore(flags);
}

#endif
