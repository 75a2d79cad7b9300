/* kernel/arch/x86_64/cpufeat.h: the CPU features the kernel found and uses (cpu.c). */
#ifndef ARCH_CPUFEAT_H
#define ARCH_CPUFEAT_H

#include "types.h"

struct cpu_features {
	char vendor[13];
	bool nx, smep, smap, umip, fsgsbase, xsave, rdrand, rdseed, apic, x2apic;
	bool tsc_deadline, invariant_tsc;
	bool pat;            /* the PAT: entry 4 is made write-combining (physmap's FERRITE_CACHE_WC) */
	uint32_t xsave_size; /* bytes of FPU/SSE(/AVX) state per thread */
	uint64_t xcr0;       /* state components enabled in XCR0 (0 without XSAVE) */
};

extern struct cpu_features cpu_features;

void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4]);
void wrmsr(uint32_t msr, uint64_t v);
void cpu_features_detect(void);
void cpu_features_enable(void);
void cpu_features_print(void);

#endif
