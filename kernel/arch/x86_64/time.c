/* kernel/arch/x86_64/time.c: the TSC as the kernel's clock. Its rate is measured once at boot
 * against a timer of known frequency: the HPET where ACPI lists one, else the ACPI PM timer
 * (3.579545 MHz). Reading the clock is then one RDTSC and arithmetic, no I/O. */
#include "klib.h"
#include "acpi.h"
#include "cpu.h"
#include "ktime.h"
#include "panic.h"

#define HPET_CAP     0x000
#define HPET_CONFIG  0x010
#define HPET_COUNTER 0x0f0
#define PMTIMER_HZ   3579545ull
#define CALIBRATE_NS 20000000ull /* 20 ms */

static uint64_t tsc_hz, tsc_boot;
static uint64_t realtime_boot_ns; /* CLOCK_REALTIME at tsc_boot */
static const char *time_src = "none";

static volatile uint64_t *hpet_regs(void)
{
	return phys_to_virt(acpi.hpet_addr);
}

/* Returns the nanoseconds the reference timer measured while TSC ticks passed in *ticks. */
static uint64_t time_measure_hpet(uint64_t *ticks)
{
	volatile uint64_t *h = hpet_regs();
	uint64_t period_fs = h[HPET_CAP / 8] >> 32, want, h0, h1, t0;
	h[HPET_CONFIG / 8] |= 1; /* main counter on */
	want = CALIBRATE_NS * 1000000 / period_fs;
	h0 = h[HPET_COUNTER / 8];
	t0 = rdtsc();
	do
		h1 = h[HPET_COUNTER / 8];
	while (h1 - h0 < want);
	*ticks = rdtsc() - t0;
	return (h1 - h0) * period_fs / 1000000;
}

static uint64_t time_measure_pmtimer(uint64_t *ticks)
{
	uint32_t mask = acpi.pm_timer_32bit ? 0xffffffffu : 0xffffffu;
	uint64_t want = CALIBRATE_NS * PMTIMER_HZ / 1000000000ull, done = 0, t0;
	uint32_t prev = inl((uint16_t)acpi.pm_timer_port) & mask, now;
	t0 = rdtsc();
	while (done < want) {
		now = inl((uint16_t)acpi.pm_timer_port) & mask;
		done += (now - prev) & mask; /* the counter wraps */
		prev = now;
	}
	*ticks = rdtsc() - t0;
	return done * 1000000000ull / PMTIMER_HZ;
}

void time_init(void)
{
	uint64_t ticks, ns;
	int64_t rtc;
	if (acpi.hpet_addr) {
		ns = time_measure_hpet(&ticks);
		time_src = "HPET";
	} else if (acpi.pm_timer_port) {
		ns = time_measure_pmtimer(&ticks);
		time_src = "ACPI PM timer";
	} else {
		panic("no HPET and no ACPI PM timer to calibrate the TSC against");
	}
	tsc_hz = ticks * 1000000000ull / ns;
	tsc_boot = rdtsc();
	rtc = rtc_read();
	realtime_boot_ns = rtc > 0 ? (uint64_t)rtc * 1000000000ull : 0;
}

uint64_t time_tsc_hz(void)
{
	return tsc_hz;
}

const char *time_source(void)
{
	return time_src;
}

uint64_t time_monotonic_ns(void)
{
	uint64_t d;
	if (!tsc_hz)
		return 0;
	d = rdtsc() - tsc_boot;
	/* split so that neither product overflows for any TSC rate below 18 GHz */
	return d / tsc_hz * 1000000000ull + d % tsc_hz * 1000000000ull / tsc_hz;
}

uint64_t time_realtime_ns(void)
{
	return realtime_boot_ns + time_monotonic_ns();
}

void time_delay_ns(uint64_t ns)
{
	uint64_t t0 = time_monotonic_ns();
	while (time_monotonic_ns() - t0 < ns)
		__asm__ volatile("pause");
}
