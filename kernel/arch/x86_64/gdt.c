/* kernel/arch/x86_64/gdt.c: the GDT and the TSS. The TSS gives #DF, NMI and #MC their own
 * stacks (IST), so that a broken kernel stack still ends in a report, not a triple fault.
 * Segment order follows SYSRET: user 32-bit code, user data, user 64-bit code. */
#include "klib.h"
#include "arch.h"

#define IST_STACK_SIZE 16384

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));
_Static_assert(sizeof(struct tss) == 104, "TSS layout");

static uint64_t gdt[GDT_ENTRIES];
static struct tss gdt_tss;
static uint8_t ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));

struct gdt_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

void gdt_load(const void *ptr); /* entry.S: lgdt, reload the segment registers */
void gdt_load_tr(void);         /* entry.S: ltr */
extern uint8_t boot_stack_base[], boot_stack_end[];

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
	return (addr >= lo && addr < hi) || boot_stack_contains(addr);
}

void gdt_init(void)
{
	uint64_t t = (uint64_t)&gdt_tss;
	struct gdt_ptr p;
	gdt[0] = 0;
	gdt[GDT_KCODE >> 3] = 0x00af9a000000ffffull;  /* 64-bit, DPL 0 */
	gdt[GDT_KDATA >> 3] = 0x00cf92000000ffffull;
	gdt[GDT_UCODE32 >> 3] = 0x00cffa000000ffffull; /* 32-bit, DPL 3: SYSRET's base selector */
	gdt[GDT_UDATA >> 3] = 0x00cff2000000ffffull;
	gdt[GDT_UCODE >> 3] = 0x00affa000000ffffull;
	memset(&gdt_tss, 0, sizeof(gdt_tss));
	for (int i = 0; i < 3; i++)
		gdt_tss.ist[i] = (uint64_t)ist_stacks[i] + IST_STACK_SIZE;
	gdt_tss.rsp[0] = boot_stack_top();
	gdt_tss.iomap_base = sizeof(gdt_tss);
	/* 16-byte TSS descriptor: limit, base 0-23, type 9 (available), present, base 24-63 */
	gdt[GDT_TSS >> 3] = (sizeof(gdt_tss) - 1) | ((t & 0xffffff) << 16) | (0x89ull << 40) |
		((t >> 24 & 0xff) << 56);
	gdt[(GDT_TSS >> 3) + 1] = t >> 32;
	p.limit = sizeof(gdt) - 1;
	p.base = (uint64_t)gdt;
	gdt_load(&p);
	gdt_load_tr();
}
