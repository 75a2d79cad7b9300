/* kernel/arch/x86_64/percpu.h: what each CPU owns: its GDT and TSS, its mailbox for calls
 * from other CPUs. %gs points at the running CPU's struct cpu (its first field points at
 * itself), so this_cpu() is one instruction. */
#ifndef ARCH_PERCPU_H
#define ARCH_PERCPU_H

#include "types.h"
#include "arch.h"

#define SMP_MAX_CPUS 16

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;         /* TSS_IOMAP_ON, or TSS_IOMAP_OFF: no port for ring 3 */
	/* The I/O permission bitmap (ioport.c): a clear bit lets ring 3 use that port. The byte
	 * after it must be 0xff: the CPU reads two bytes for every check. */
	uint8_t iomap[8192 + 1];
} __attribute__((packed));
_Static_assert(offsetof(struct tss, iomap) == 104, "TSS layout");
#define TSS_IOMAP_ON  104
#define TSS_IOMAP_OFF ((uint16_t)sizeof(struct tss)) /* past the limit: every port refused */

struct thread;

struct cpu {
	struct cpu *self;            /* %gs:0 */
	struct thread *current;      /* %gs:8: the running thread */
	uint64_t kstack_top;         /* %gs:16: where syscall_entry puts the kernel stack */
	uint64_t user_rsp;           /* %gs:24: the user's stack pointer while it is saved */
	uint32_t index;              /* 0 is the boot CPU */
	uint32_t apic_id;
	volatile uint32_t online;
	uint32_t pad;
	void *vm_loaded;             /* the struct vm_space in CR3 */
	void *volatile call_req;     /* smp_call's mailbox: a struct smp_req, or NULL */
	uint64_t io_gen;             /* the process grant (iobitmap_gen) tss.iomap holds, 0: none */
	uint32_t io_len;             /* bytes of tss.iomap that may be clear */
	uint32_t pad2;
	uint64_t gdt[GDT_ENTRIES];
	struct tss tss;
};

_Static_assert(offsetof(struct cpu, kstack_top) == 16 && offsetof(struct cpu, user_rsp) == 24,
	"syscall.S reads these at fixed offsets");

extern struct cpu cpus[SMP_MAX_CPUS];
extern int smp_ncpus; /* CPUs started (the boot CPU counts) */

static inline struct cpu *this_cpu(void)
{
	struct cpu *c;
	__asm__ volatile("movq %%gs:0, %0" : "=r"(c));
	return c;
}

/* gdt.c: this CPU's GDT, TSS (with its IST stacks) and GS base. */
void gdt_init_cpu(struct cpu *c);

/* smp.c */
void smp_start_aps(void);
/* Runs fn(arg) on CPU index cpu from an interrupt there; waits for it to finish if wait. */
int smp_call(int cpu, void (*fn)(void *), void *arg, bool wait);

#endif
