/* kernel/arch/x86_64/cpu_test.c: the protections CPUID offers are on (kernel only). */
#include "ktest.h"
#include "cpu.h"
#include "cpufeat.h"

KTEST(cpu_protections_enabled)
{
	uint64_t cr0 = read_cr0(), cr4 = read_cr4();
	KEXPECT(cr0 & (1ul << 16));                       /* WP: ring 0 honours read-only pages */
	KEXPECT(!(cr0 & (1ul << 2)));                     /* no FPU emulation */
	KEXPECT(!cpu_features.smep || (cr4 & (1ul << 20)));
	KEXPECT(!cpu_features.smap || (cr4 & (1ul << 21)));
	KEXPECT(!cpu_features.umip || (cr4 & (1ul << 11)));
	KEXPECT(!cpu_features.nx || (rdmsr(0xc0000080u) & (1ul << 11)));
	/* -cpu max, the reference machine, has all of them */
	KEXPECT(cpu_features.nx && cpu_features.smep && cpu_features.smap);
}

KTEST(cpu_xsave_area_size)
{
	uint32_t r[4];
	KEXPECT(cpu_features.xsave);
	KEXPECT(cpu_features.xsave_size >= 576); /* legacy 512 + header 64 */
	KEXPECT(cpu_features.xsave_size <= 16384);
	cpuid(0xd, 0, r);
	KEXPECT_EQ_U64(r[1], cpu_features.xsave_size);
	KEXPECT((cpu_features.xcr0 & 3) == 3);
}
