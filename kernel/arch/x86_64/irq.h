/* kernel/arch/x86_64/irq.h: interrupt vectors and handlers above the CPU's exceptions. */
#ifndef ARCH_IRQ_H
#define ARCH_IRQ_H

#include "arch.h"

/* Vector plan. 0x20-0x2f: the legacy PICs, remapped there only to be masked. */
#define VEC_PIC_BASE   0x20
#define VEC_DEVICE     0x30  /* 0x30-0xdf: device interrupts routed through the I/O APICs */
#define VEC_DEVICE_LAST 0xdf
#define VEC_TIMER      0xf0  /* local APIC timer */
#define VEC_IPI_CALL   0xf1  /* run a function on another CPU */
#define VEC_IPI_RESCHED 0xf2 /* another CPU made a thread here runnable */
#define VEC_APIC_ERROR 0xfe
#define VEC_SPURIOUS   0xff

typedef void (*irq_handler)(struct trap_frame *tf, void *arg);

/* One handler per vector; returns -EBUSY if taken, -EINVAL for an exception vector. */
int irq_register(int vector, irq_handler fn, void *arg);
void irq_unregister(int vector);
/* The first free device vector (0x30-0xdf), now fn's: the vector, or -EBUSY if none is left. */
int irq_alloc_vector(irq_handler fn, void *arg);
void irq_dispatch(struct trap_frame *tf);
uint64_t irq_count(int vector); /* interrupts seen on this vector, all CPUs */

/* pic.c */
void pic_disable(void);

#endif
