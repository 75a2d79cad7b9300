/* kernel/arch/x86_64/cpu.c: what the CPU can do (CPUID) and the protections the kernel turns
 * on with it: NX, SMEP, SMAP, UMIP, write protection in ring 0, and the FPU/SSE state saved with
 * XSAVE (its size from CPUID leaf 0xD). Runs on every CPU as it starts. */
#include "klib.h"
#include "cpu.h"
#include "cpufeat.h"

struct cpu_features cpu_features;

#define CR0_MP (1ul << 1)
#define CR0_EM (1ul << 2)
#define CR0_NE (1ul << 5)
#define CR0_WP (1ul << 16)
#define CR4_OSFXSR     (1ul << 9)
#define CR4_OSXMMEXCPT (1ul << 10)
#define CR4_UMIP       (1ul << 11)
#define CR4_FSGSBASE   (1ul << 16)
#define CR4_OSXSAVE    (1ul << 18)
#define CR4_SMEP       (1ul << 20)
#define CR4_SMAP       (1ul << 21)
#define MSR_EFER  0xc0000080u
#define MSR_PAT   0x277u
#define EFER_NXE  (1ul << 11)

void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

static void write_cr0(uint64_t v) { __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory"); }
static void write_cr4(uint64_t v) { __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory"); }

void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static void xsetbv(uint32_t reg, uint64_t v)
{
	__asm__ volatile("xsetbv" : : "c"(reg), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

/* Fills cpu_features from CPUID; the same on every CPU of a machine, so the boot CPU does it. */
void cpu_features_detect(void)
{
	struct cpu_features *f = &cpu_features;
	uint32_t r[4], max, maxext;
	cpuid(0, 0, r);
	max = r[0];
	memcpy(f->vendor, &r[1], 4);
	memcpy(f->vendor + 4, &r[3], 4);
	memcpy(f->vendor + 8, &r[2], 4);
	f->vendor[12] = 0;
	cpuid(1, 0, r);
	f->xsave = (r[2] >> 26) & 1;
	f->rdrand = (r[2] >> 30) & 1;
	f->x2apic = (r[2] >> 21) & 1;
	f->tsc_deadline = (r[2] >> 24) & 1;
	f->apic = (r[3] >> 9) & 1;
	f->pat = (r[3] >> 16) & 1;
	if (max >= 7) {
		cpuid(7, 0, r);
		f->fsgsbase = r[1] & 1;
		f->smep = (r[1] >> 7) & 1;
		f->rdseed = (r[1] >> 18) & 1;
		f->smap = (r[1] >> 20) & 1;
		f->umip = (r[2] >> 2) & 1;
	}
	cpuid(0x80000000, 0, r);
	maxext = r[0];
	if (maxext >= 0x80000001) {
		cpuid(0x80000001, 0, r);
		f->nx = (r[3] >> 20) & 1;
	}
	if (maxext >= 0x80000007) {
		cpuid(0x80000007, 0, r);
		f->invariant_tsc = (r[3] >> 8) & 1;
	}
	f->xsave_size = 512; /* FXSAVE's area when there is no XSAVE */
	f->xcr0 = 0;
	if (f->xsave && max >= 0xd) {
		cpuid(0xd, 0, r);
		/* x87 | SSE, and AVX where the CPU has it: the state threads will own */
		f->xcr0 = 0x3 | (r[0] & 0x4);
	}
}

/* Turns the protections on for the CPU this runs on. */
void cpu_features_enable(void)
{
	const struct cpu_features *f = &cpu_features;
	uint64_t cr4 = read_cr4();
	uint32_t r[4];
	write_cr0((read_cr0() & ~CR0_EM) | CR0_MP | CR0_NE | CR0_WP);
	cr4 |= CR4_OSFXSR | CR4_OSXMMEXCPT;
	if (f->smep) cr4 |= CR4_SMEP;
	if (f->smap) cr4 |= CR4_SMAP;
	if (f->umip) cr4 |= CR4_UMIP;
	/* CR4.FSGSBASE stays off: user code could then set its GS base, which is not yet saved
	 * per thread (swapgs keeps it in KERNEL_GS_BASE); the FS base goes through set_fs_base */
	if (f->xsave) cr4 |= CR4_OSXSAVE;
	write_cr4(cr4);
	if (f->nx)
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	/* The PAT as it comes out of reset (WB, WT, UC-, UC twice), but entry 4 write-combining:
	 * a 4 KiB entry with PTE_PAT and neither PCD nor PWT is WC. Entries 0-3, which every other
	 * mapping uses, keep their meaning. The same on every CPU, as the SDM requires. */
	if (f->pat)
		wrmsr(MSR_PAT, 0x0007040100070406ull);
	if (f->xsave && f->xcr0) {
		xsetbv(0, f->xcr0);
		cpuid(0xd, 0, r); /* ebx: the area size for the features now enabled */
		cpu_features.xsave_size = r[1];
	}
}

void cpu_features_print(void)
{
	const struct cpu_features *f = &cpu_features;
	kprintf("cpu: %s,%s%s%s%s%s%s%s%s%s, FPU state %u bytes (%s)\n", f->vendor,
		f->nx ? " nx" : "", f->smep ? " smep" : "", f->smap ? " smap" : "",
		f->umip ? " umip" : "", f->fsgsbase ? " fsgsbase" : "", f->rdrand ? " rdrand" : "",
		f->rdseed ? " rdseed" : "", f->x2apic ? " x2apic" : "",
		f->invariant_tsc ? " invariant-tsc" : "", f->xsave_size, f->xsave ? "xsave" : "fxsave");
}
