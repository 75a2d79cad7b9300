/* kernel/arch/x86_64/gdt.c: each CPU's GDT and TSS, and the stacks they name. The TSS gives
 * #DF, NMI and #MC their own stacks (IST), so that a broken kernel stack still ends in a
 * report, not a triple fault. Segment order follows SYSRET: user 32-bit code, user data, user
 * 64-bit code. */
#include "klib.h"
#include "arch.h"
#include "cpufeat.h"
#include "percpu.h"

#define IST_STACK_SIZE 8192
#define MSR_GS_BASE 0xc0000101u

struct cpu cpus[SMP_MAX_CPUS];
static uint8_t ist_stacks[SMP_MAX_CPUS][3][IST_STACK_SIZE] __attribute__((aligned(16)));

struct gdt_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

void gdt_load(const void *ptr); /* entry.S: lgdt, reload the segment registers */
void gdt_load_tr(void);         /* entry.S: ltr */
extern uint8_t boot_stack_base[], boot_stack_end[];
bool smp_stack_contains(uint64_t addr);    /* smp.c */
bool thread_stack_contains(uint64_t addr); /* thread.c */

uint64_t boot_stack_top(void)
{
	return (uint64_t)boot_stack_end;
}

bool boot_stack_contains(uint64_t addr)
{
	return addr >= (uint64_t)boot_stack_base && addr < (uint64_t)boot_stack_end;
}

bool kstack_contains(uint64_t addr)
{
	uint64_t lo = (uint64_t)ist_stacks, hi = lo + sizeof(ist_stacks);
	return (addr >= lo && addr < hi) || boot_stack_contains(addr) || smp_stack_contains(addr) ||
		thread_stack_contains(addr);
}

void gdt_init_cpu(struct cpu *c)
{
	uint64_t t = (uint64_t)&c->tss;
	struct gdt_ptr p;
	c->self = c;
	c->gdt[0] = 0;
	c->gdt[GDT_KCODE >> 3] = 0x00af9a000000ffffull;  /* 64-bit, DPL 0 */
	c->gdt[GDT_KDATA >> 3] = 0x00cf92000000ffffull;
	c->gdt[GDT_UCODE32 >> 3] = 0x00cffa000000ffffull; /* 32-bit, DPL 3: SYSRET's base selector */
	c->gdt[GDT_UDATA >> 3] = 0x00cff2000000ffffull;
	c->gdt[GDT_UCODE >> 3] = 0x00affa000000ffffull;
	memset(&c->tss, 0, sizeof(c->tss));
	for (int i = 0; i < 3; i++)
		c->tss.ist[i] = (uint64_t)ist_stacks[c->index][i] + IST_STACK_SIZE;
	memset(c->tss.iomap, 0xff, sizeof(c->tss.iomap)); /* no port until a grant is loaded */
	c->tss.iomap_base = TSS_IOMAP_OFF;
	c->io_gen = 0;
	c->io_len = 0;
	/* 16-byte TSS descriptor: limit, base 0-23, type 9 (available), present, base 24-63 */
	c->gdt[GDT_TSS >> 3] = (sizeof(c->tss) - 1) | ((t & 0xffffff) << 16) | (0x89ull << 40) |
		((t >> 24 & 0xff) << 56);
	c->gdt[(GDT_TSS >> 3) + 1] = t >> 32;
	p.limit = sizeof(c->gdt) - 1;
	p.base = (uint64_t)c->gdt;
	gdt_load(&p); /* clears %gs: the GS base is set after it */
	gdt_load_tr();
	wrmsr(MSR_GS_BASE, (uint64_t)c);
}

void gdt_init(void)
{
	cpus[0].index = 0;
	gdt_init_cpu(&cpus[0]);
	cpus[0].tss.rsp[0] = boot_stack_top();
}
