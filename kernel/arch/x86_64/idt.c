/* kernel/arch/x86_64/idt.c: the interrupt descriptor table: a gate for each of the 256 vectors
 * (isr.S); #DF, NMI and #MC run on their own stacks (gdt.c). */
#include "klib.h"
#include "arch.h"

struct idt_gate {
	uint16_t off_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;      /* 0x8e: present, DPL 0, 64-bit interrupt gate */
	uint16_t off_mid;
	uint32_t off_hi;
	uint32_t reserved;
};
_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate layout");

struct idt_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static struct idt_gate idt[256];
extern const uint64_t isr_table[256];

static void idt_set(int vec, uint64_t handler, int ist)
{
	struct idt_gate *g = &idt[vec];
	g->off_lo = (uint16_t)handler;
	g->selector = GDT_KCODE;
	g->ist = (uint8_t)ist;
	g->type = 0x8e;
	g->off_mid = (uint16_t)(handler >> 16);
	g->off_hi = (uint32_t)(handler >> 32);
	g->reserved = 0;
}

/* Every CPU loads the same table. */
void idt_load(void)
{
	struct idt_ptr p;
	p.limit = sizeof(idt) - 1;
	p.base = (uint64_t)idt;
	__asm__ volatile("lidt %0" : : "m"(p));
}

void idt_init(void)
{
	for (int v = 0; v < 256; v++)
		idt_set(v, isr_table[v], v == 8 ? IST_DF : v == 2 ? IST_NMI : v == 18 ? IST_MC : 0);
	idt_load();
}
