/* kernel/arch/x86_64/smp.c: starting the other CPUs (INIT, STARTUP, STARTUP, as Intel's MP
 * specification has it) and running functions on them through IPIs. One CPU starts at a time:
 * the trampoline's parameter block and its page tables are shared. */
#include "klib.h"
#include "kheap.h"
#include "errno.h"
#include "acpi.h"
#include "apic.h"
#include "cpu.h"
#include "cpufeat.h"
#include "irq.h"
#include "ktime.h"
#include "percpu.h"
#include "sched.h"
#include "spinlock.h"
#include "vm.h"
#include "trampoline.h" /* generated: smp_trampoline[], from trampoline.S */

#define TRAMP_PHYS  0x8000ul  /* STARTUP vector 0x08 */
#define TRAMP_PML4  0x9000ul  /* the trampoline's page tables: low, below 4 GiB */
#define TRAMP_PDPT  0xa000ul
#define TRAMP_PD    0xb000ul
#define AP_STACK_SIZE 16384

struct smp_tramp_params {
	uint32_t cr3;
	uint32_t efer;
	uint64_t entry;
	uint64_t stack;
	uint64_t cpu;
	uint64_t reserved;
};

int smp_ncpus = 1;
static uint8_t smp_ap_stacks[SMP_MAX_CPUS][AP_STACK_SIZE] __attribute__((aligned(16)));
static uint64_t smp_kernel_cr3;

void ap_entry64(void); /* entry.S */
void syscall_init_cpu(void); /* context.c */
void gdt_init_cpu(struct cpu *c);
void idt_load(void);

static void write_cr3(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

bool smp_stack_contains(uint64_t addr)
{
	return addr >= (uint64_t)smp_ap_stacks && addr < (uint64_t)smp_ap_stacks + sizeof(smp_ap_stacks);
}

/* Runs on each AP, on its own stack, still on the trampoline's page tables. */
void ap_main(struct cpu *c)
{
	write_cr3(smp_kernel_cr3);
	gdt_init_cpu(c);
	vm_space_activate(&kernel_vm); /* the same tables, now with this CPU in their mask */
	idt_load();
	cpu_features_enable();
	lapic_init();
	syscall_init_cpu();
	sched_init_cpu();
	__asm__ volatile("" : : : "memory");
	c->online = 1;
	sched_idle();
}

/* One cross-CPU call: the caller's own, so that its completion cannot be confused with
 * another caller's. */
struct smp_req {
	void (*fn)(void *);
	void *arg;
	volatile uint32_t done;
	uint32_t heap;  /* fire and forget: the target frees it */
};

/* Runs what another CPU left in this CPU's mailbox, if anything, with interrupts off (the IPI
 * handler and a waiting smp_call both come here; each request runs once). */
static void smp_run_mailbox(void)
{
	struct cpu *c = this_cpu();
	uint64_t fl = irq_save();
	struct smp_req *r = NULL;
	__asm__ volatile("xchgq %0, %1" : "+r"(r), "+m"(c->call_req) : : "memory");
	if (r) {
		r->fn(r->arg);
		__asm__ volatile("" : : : "memory");
		if (r->heap)
			kfree(r);
		else
			r->done = 1;
	}
	irq_restore(fl);
}

static void smp_ipi_call(struct trap_frame *tf, void *arg)
{
	(void)tf;
	(void)arg;
	smp_run_mailbox();
}

/* Posts the request when the target's mailbox is empty (cmpxchg: no lock an interrupt could
 * want), answering this CPU's own mailbox while it waits, so that two CPUs calling each other
 * with interrupts off cannot deadlock. */
int smp_call(int cpu, void (*fn)(void *), void *arg, bool wait)
{
	struct smp_req req = { fn, arg, 0, 0 }, *rp = wait ? &req : NULL;
	struct cpu *c;
	uint64_t t0;
	if (cpu < 0 || cpu >= smp_ncpus || !cpus[cpu].online)
		return -EINVAL;
	if (cpus[0].self && (uint32_t)cpu == this_cpu()->index) {
		fn(arg);
		return 0;
	}
	if (!wait) { /* the request must outlive this call */
		rp = kmalloc(sizeof(*rp));
		if (!rp)
			return -ENOMEM;
		*rp = req;
		rp->heap = 1;
	}
	c = &cpus[cpu];
	for (;;) {
		void *expected = NULL;
		uint8_t ok;
		__asm__ volatile("lock cmpxchgq %3, %1; sete %0"
			: "=q"(ok), "+m"(c->call_req), "+a"(expected) : "r"(rp) : "memory");
		if (ok)
			break;
		smp_run_mailbox();
		__asm__ volatile("pause");
	}
	lapic_send_ipi(c->apic_id, 0, VEC_IPI_CALL);
	if (!wait)
		return 0;
	t0 = time_monotonic_ns();
	while (!req.done) {
		if (t0 && time_monotonic_ns() - t0 > 5000000000ull) {
			/* the other CPU did not answer within 5 s: the request lives on this stack, so
			 * it is taken back, unless the target took it already (then it is running it
			 * now: its end is waited for). Left behind, it was run later from a reused stack */
			void *expected = rp;
			uint8_t back;
			__asm__ volatile("lock cmpxchgq %3, %1; sete %0"
				: "=q"(back), "+m"(c->call_req), "+a"(expected) : "r"((void *)0) : "memory");
			if (back)
				return -EIO;
			t0 = 0; /* no second give-up: wait for its end */
		}
		smp_run_mailbox();
		__asm__ volatile("pause");
	}
	return 0;
}

static void smp_tramp_tables(void)
{
	uint64_t *pml4 = phys_to_virt(TRAMP_PML4), *pdpt = phys_to_virt(TRAMP_PDPT);
	uint64_t *pd = phys_to_virt(TRAMP_PD), *kernel = phys_to_virt(smp_kernel_cr3 & ~0xfffull);
	memset(pml4, 0, 4096);
	memset(pdpt, 0, 4096);
	memset(pd, 0, 4096);
	pd[0] = 0x83;                /* the first 2 MiB, identity: the trampoline runs there */
	pdpt[0] = TRAMP_PD | 3;
	pml4[0] = TRAMP_PDPT | 3;
	for (int i = 256; i < 512; i++) /* the kernel half, as the kernel sees it */
		pml4[i] = kernel[i];
}

static int smp_boot_ap(struct cpu *c)
{
	struct smp_tramp_params *p = (struct smp_tramp_params *)((uint8_t *)phys_to_virt(TRAMP_PHYS) + 8);
	uint64_t t0;
	memcpy(phys_to_virt(TRAMP_PHYS), smp_trampoline, smp_trampoline_size);
	p->cr3 = TRAMP_PML4;
	p->efer = cpu_features.nx ? 0x800 : 0;
	p->entry = (uint64_t)ap_entry64;
	p->stack = (uint64_t)smp_ap_stacks[c->index] + AP_STACK_SIZE;
	p->cpu = (uint64_t)c;
	lapic_send_ipi(c->apic_id, 5, 0);                  /* INIT */
	time_delay_ns(10000000);
	for (int i = 0; i < 2 && !c->online; i++) {
		lapic_send_ipi(c->apic_id, 6, TRAMP_PHYS >> 12); /* STARTUP */
		t0 = time_monotonic_ns();
		/* 2 s after the second: under TCG on a loaded host a new virtual CPU's thread can
		 * take longer than the 100 ms this once waited (a make test saw "did not start") */
		while (!c->online && time_monotonic_ns() - t0 < (i ? 2000000000ull : 1000000ull))
			__asm__ volatile("pause");
	}
	return c->online ? 0 : -EIO;
}

void smp_start_aps(void)
{
	uint32_t me = lapic_id();
	__asm__ volatile("mov %%cr3, %0" : "=r"(smp_kernel_cr3));
	cpus[0].apic_id = me;
	cpus[0].online = 1;
	irq_register(VEC_IPI_CALL, smp_ipi_call, NULL);
	smp_tramp_tables();
	for (int i = 0; i < acpi.ncpus && smp_ncpus < SMP_MAX_CPUS; i++) {
		struct cpu *c = &cpus[smp_ncpus];
		if (acpi.cpus[i].apic_id == me)
			continue;
		c->index = (uint32_t)smp_ncpus;
		c->apic_id = acpi.cpus[i].apic_id;
		if (smp_boot_ap(c) == 0)
			smp_ncpus++;
		else
			kprintf("smp: CPU with APIC id %u did not start\n", c->apic_id);
	}
	kprintf("smp: %d of %d CPUs running\n", smp_ncpus, acpi.ncpus);
}
