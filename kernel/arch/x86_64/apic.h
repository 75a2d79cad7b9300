/* kernel/arch/x86_64/apic.h: the local APIC of each CPU and the I/O APICs. */
#ifndef ARCH_APIC_H
#define ARCH_APIC_H

#include "types.h"

void lapic_init(void);            /* on each CPU: enable, spurious vector, error vector */
void lapic_eoi(void);
uint32_t lapic_id(void);
/* Sends an IPI: mode 0 fixed (with vector), 5 INIT, 6 STARTUP (vector = page number). */
void lapic_send_ipi(uint32_t apic_id, uint32_t mode, uint32_t vector);
/* One-shot timer: interrupt VEC_TIMER after ns nanoseconds (0 stops it). */
void lapic_timer_oneshot(uint64_t ns);
void lapic_timer_calibrate(void); /* needs the TSC calibrated (time.c) */
uint64_t lapic_timer_hz(void);

void ioapic_init(void);
/* Routes a global system interrupt to vector on the CPU with apic_id; flags as in the MADT. */
int ioapic_route(uint32_t gsi, uint8_t vector, uint32_t apic_id, uint16_t flags);
int ioapic_mask(uint32_t gsi);
int ioapic_unmask(uint32_t gsi);
uint32_t ioapic_max_gsi(void);

#endif
