/* kernel/arch/x86_64/lapic.c: the local APIC, in xAPIC mode through its MMIO page: enable,
 * end of interrupt, IPIs, and the one-shot timer the scheduler will use (no periodic tick). */
#include "klib.h"
#include "acpi.h"
#include "apic.h"
#include "cpu.h"
#include "irq.h"
#include "ktime.h"

#define LAPIC_ID      0x020
#define LAPIC_TPR     0x080
#define LAPIC_EOI     0x0b0
#define LAPIC_SVR     0x0f0
#define LAPIC_ESR     0x280
#define LAPIC_ICR_LO  0x300
#define LAPIC_ICR_HI  0x310
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_LVT_LINT0 0x350
#define LAPIC_LVT_LINT1 0x360
#define LAPIC_LVT_ERROR 0x370
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR  0x390
#define LAPIC_TIMER_DIV  0x3e0
#define LVT_MASKED (1u << 16)

static volatile uint32_t *lapic_base;
static uint64_t lapic_hz; /* timer ticks per second, after the divide-by-16 */

static uint32_t lapic_read(uint32_t reg) { return lapic_base[reg / 4]; }
static void lapic_write(uint32_t reg, uint32_t v) { lapic_base[reg / 4] = v; }

void lapic_init(void)
{
	if (!lapic_base)
		lapic_base = phys_to_virt(acpi.lapic_addr ? acpi.lapic_addr : 0xfee00000ul);
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | VEC_TIMER);
	lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);
	/* LINT1 is the NMI line (the MP specification's wiring): QEMU's monitor `nmi` comes
	 * through it, and the kernel answers with the scheduler's state (sched_debug_dump) */
	lapic_write(LAPIC_LVT_LINT1, 0x400); /* delivery mode NMI, unmasked */
	lapic_write(LAPIC_LVT_ERROR, VEC_APIC_ERROR);
	lapic_write(LAPIC_ESR, 0);
	lapic_write(LAPIC_SVR, 0x100 | VEC_SPURIOUS); /* software enable */
	lapic_write(LAPIC_EOI, 0);
}

void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

uint32_t lapic_id(void)
{
	return lapic_read(LAPIC_ID) >> 24;
}

void lapic_send_ipi(uint32_t apic_id, uint32_t mode, uint32_t vector)
{
	uint64_t fl;
	__asm__ volatile("pushfq; popq %0; cli" : "=r"(fl));
	lapic_write(LAPIC_ICR_HI, apic_id << 24);
	/* INIT is sent asserted and level-triggered, as the MP specification describes */
	lapic_write(LAPIC_ICR_LO, (mode << 8) | (vector & 0xff) | (mode == 5 ? 0xc000u : 0x4000u));
	while (lapic_read(LAPIC_ICR_LO) & (1u << 12)) /* delivery pending */
		__asm__ volatile("pause");
	if (fl & 0x200)
		__asm__ volatile("sti");
}

/* The timer's rate against the TSC: five 10 ms measurements, the median kept. Under TCG the
 * virtual CPU's host thread can be descheduled between reading the count and reading the
 * TSC; one such gap of a few milliseconds made a single measurement overstate the rate by up
 * to 80% (every one-shot then fired that much late: a 1 s sleep took 1.8 s). Each sample reads
 * the count and the clock together at both ends, and an outlier is outvoted. */
void lapic_timer_calibrate(void)
{
	uint64_t hz[5];
	lapic_write(LAPIC_TIMER_DIV, 0x3); /* divide by 16 */
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | VEC_TIMER);
	for (int i = 0; i < 5; i++) {
		uint32_t c0, c1;
		uint64_t t0, t1;
		lapic_write(LAPIC_TIMER_INIT, 0xffffffffu);
		c0 = lapic_read(LAPIC_TIMER_CUR);
		t0 = time_monotonic_ns();
		do
			t1 = time_monotonic_ns();
		while (t1 - t0 < 10000000); /* 10 ms */
		c1 = lapic_read(LAPIC_TIMER_CUR);
		t1 = time_monotonic_ns();
		hz[i] = (uint64_t)(c0 - c1) * 1000000000ull / (t1 - t0);
		for (int k = i; k > 0 && hz[k] < hz[k - 1]; k--) { /* insertion: kept sorted */
			uint64_t x = hz[k];
			hz[k] = hz[k - 1];
			hz[k - 1] = x;
		}
	}
	lapic_write(LAPIC_TIMER_INIT, 0);
	lapic_hz = hz[2];
}

uint64_t lapic_timer_hz(void)
{
	return lapic_hz;
}

void lapic_timer_oneshot(uint64_t ns)
{
	uint64_t ticks;
	if (ns > 1000000000000ull) /* 1000 s: no overflow below; a longer wait is re-armed then */
		ns = 1000000000000ull;
	ticks = ns * (lapic_hz / 1000) / 1000000;
	if (ns == 0) {
		lapic_write(LAPIC_TIMER_INIT, 0);
		return;
	}
	if (ticks == 0)
		ticks = 1;
	if (ticks > 0xffffffffu)
		ticks = 0xffffffffu;
	lapic_write(LAPIC_TIMER_DIV, 0x3);
	lapic_write(LAPIC_LVT_TIMER, VEC_TIMER); /* one-shot, unmasked */
	lapic_write(LAPIC_TIMER_INIT, (uint32_t)ticks);
}
