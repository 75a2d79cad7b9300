/* kernel/arch/x86_64/entropy.c: seeds the kernel's generator at boot from what the machine
 * has: RDSEED and RDRAND where CPUID lists them (checked: either may fail and say so in CF),
 * the low bits of TSC readings around a timed loop (jitter), and the RTC. */
#include "klib.h"
#include "cpu.h"
#include "cpufeat.h"
#include "krandom.h"
#include "ktime.h"

static bool entropy_rdrand(uint64_t *v, bool seed)
{
	uint8_t ok;
	if (seed)
		__asm__ volatile("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok));
	else
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
	return ok;
}

size_t random_seed_from_hardware(void)
{
	uint64_t pool[64];
	size_t n = 0;
	for (int i = 0; i < 16 && n < 64; i++) {
		uint64_t v;
		if (cpu_features.rdseed && entropy_rdrand(&v, true))
			pool[n++] = v;
		else if (cpu_features.rdrand && entropy_rdrand(&v, false))
			pool[n++] = v;
	}
	for (int i = 0; i < 32 && n < 64; i++) {
		uint64_t t0 = rdtsc(), t1;
		for (volatile int k = 0; k < 100 + i; k++)
			;
		t1 = rdtsc();
		pool[n++] = (t1 - t0) ^ (t1 << 17);
	}
	if (n < 64)
		pool[n++] = time_realtime_ns();
	random_mix(pool, n * sizeof(pool[0]));
	memset(pool, 0, sizeof(pool));
	return n * sizeof(pool[0]);
}
