/* kernel/arch/x86_64/trap.c: what happens on a CPU exception. An unexpected one is fatal: a
 * report with the registers and a symbolised backtrace, then the machine stops. A test can
 * declare one exception as expected (trap_expect) and get control back. */
#include "klib.h"
#include "arch.h"
#include "cpu.h"
#include "percpu.h"
#include "irq.h"
#include "errno.h"
#include "proc.h"
#include "signal.h"
#include "sched.h"

bool thread_stack_guard_hit(uint64_t addr); /* core/thread.c */
#include "vm.h"
#include "ferrite/abi.h"

#define TRAP_MSR_GS_BASE 0xc0000101u
#include "symbols.h"

static const char *const trap_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow", "bound range", "invalid opcode",
	"device not available", "double fault", "coprocessor overrun", "invalid TSS",
	"segment not present", "stack fault", "general protection", "page fault", "reserved",
	"x87 floating point", "alignment check", "machine check", "SIMD floating point",
	"virtualization", "control protection", "reserved", "reserved", "reserved", "reserved",
	"reserved", "reserved", "hypervisor injection", "VMM communication", "security", "reserved",
};

static int trap_expect_vector = -1, trap_expect_skip;
static bool trap_seen;
static struct trap_frame trap_seen_frame;

void trap_expect(int vector, int skip)
{
	trap_expect_vector = vector;
	trap_expect_skip = skip;
	trap_seen = false;
}

bool trap_expected_seen(struct trap_frame *out)
{
	if (trap_seen && out)
		*out = trap_seen_frame;
	return trap_seen;
}

static void trap_print_addr(const char *label, uint64_t addr)
{
	uint64_t off;
	const char *name = sym_lookup(&kernel_symtab, addr, &off);
	if (name)
		kprintf("%s0x%016lx %s+%#lx\n", label, addr, name, off);
	else
		kprintf("%s0x%016lx\n", label, addr);
}

/* Walks saved frame pointers (tcc and gcc -fno-omit-frame-pointer keep them) while they
 * point into a known kernel stack, so a corrupt chain ends the walk instead of faulting. */
void backtrace_print(uint64_t rbp, uint64_t rip)
{
	char label[16];
	int depth = 0;
	kprintf("backtrace:\n");
	trap_print_addr("  #0  ", rip);
	while (++depth < 32 && rbp && (rbp & 7) == 0 && kstack_contains(rbp) && kstack_contains(rbp + 8)) {
		const uint64_t *frame = (const uint64_t *)rbp;
		if (frame[1] == 0)
			break;
		ksnprintf(label, sizeof(label), "  #%-3d", depth);
		trap_print_addr(label, frame[1]);
		if (frame[0] <= rbp) /* frames go up the stack; anything else is a loop */
			break;
		rbp = frame[0];
	}
}

void trap_report(const struct trap_frame *tf)
{
	int v = (int)tf->vector;
	kprintf("exception %d (%s), error code %#lx\n", v, v < 32 ? trap_names[v] : "?", tf->error);
	trap_print_addr("  rip ", tf->rip);
	kprintf("  rax 0x%016lx rbx 0x%016lx rcx 0x%016lx rdx 0x%016lx\n", tf->rax, tf->rbx, tf->rcx, tf->rdx);
	kprintf("  rsi 0x%016lx rdi 0x%016lx rbp 0x%016lx rsp 0x%016lx\n", tf->rsi, tf->rdi, tf->rbp, tf->rsp);
	kprintf("  r8  0x%016lx r9  0x%016lx r10 0x%016lx r11 0x%016lx\n", tf->r8, tf->r9, tf->r10, tf->r11);
	kprintf("  r12 0x%016lx r13 0x%016lx r14 0x%016lx r15 0x%016lx\n", tf->r12, tf->r13, tf->r14, tf->r15);
	kprintf("  cs %#lx ss %#lx rflags %#lx cr0 %#lx cr2 %#lx cr3 %#lx cr4 %#lx\n", tf->cs, tf->ss,
		tf->rflags, read_cr0(), read_cr2(), read_cr3(), read_cr4());
	backtrace_print(tf->rbp, tf->rip);
}

/* The signal a fault in user mode becomes. */
static int trap_signal(int vector)
{
	switch (vector) {
	case 0: case 16: case 19: return FERRITE_SIGFPE;
	case 6: return FERRITE_SIGILL;
	case 1: case 3: return FERRITE_SIGTRAP; /* debug, int3 */
	default: return FERRITE_SIGSEGV;
	}
}

/* An NMI can land in ring 0 inside an entry or exit stub, before its swapgs or after the
 * exit's, where %gs is still the user's: isr_common decides by the saved CS only. The dump
 * needs this CPU's struct, so %gs is checked against the per-CPU areas and swapped for the
 * dump (then back) when it is not one of them. */
static void trap_nmi(struct trap_frame *tf)
{
	bool swapped = false;
	for (int round = 0; round < 2; round++) {
		uint64_t gs = rdmsr(TRAP_MSR_GS_BASE);
		for (int i = 0; i < SMP_MAX_CPUS; i++)
			if (gs == (uint64_t)&cpus[i]) {
				sched_debug_dump(tf->rip);
				if (swapped)
					__asm__ volatile("swapgs" ::: "memory");
				return;
			}
		__asm__ volatile("swapgs" ::: "memory");
		swapped = !swapped;
	}
	/* neither base is a CPU's (cannot happen): leave it as found, no dump */
}

void trap_dispatch(struct trap_frame *tf)
{
	if (tf->vector >= 32) {
		irq_dispatch(tf);
		return;
	}
	if (tf->vector == 2) { /* an NMI (QEMU's monitor `nmi`): what the scheduler holds */
		trap_nmi(tf);
		return;
	}
	/* a fault in user mode: a page to make (demand zero, copy-on-write), or a signal for that
	 * process: its handler, or its end */
	if ((tf->cs & 3) == 3 && (int)tf->vector != trap_expect_vector) {
		uint64_t addr = tf->vector == 14 ? read_cr2() : tf->rip;
		int code = tf->vector == 14 ? (tf->error & 1 ? FERRITE_SEGV_ACCERR : FERRITE_SEGV_MAPERR) :
			tf->vector == 6 ? FERRITE_ILL_ILLOPN : tf->vector == 0 ? FERRITE_FPE_INTDIV : 0;
		__asm__ volatile("sti");
		if (tf->vector == 14) {
			int err = vm_fault(&proc_current()->vm, addr,
				(tf->error & 2 ? VM_WRITE : 0) | (tf->error & 16 ? VM_EXEC : 0));
			if (err == -ENOMEM) /* the out-of-memory policy: this process, not the system */
				proc_fault(FERRITE_SIGKILL, tf->rip, addr, "out of memory on a page fault");
			if (err)
				signal_fault(FERRITE_SIGSEGV, code, addr, tf->vector, tf->rip, trap_names[14]);
		} else {
			signal_fault(trap_signal((int)tf->vector), code, addr, tf->vector, tf->rip,
				trap_names[tf->vector]);
		}
		signal_deliver(tf, (uint64_t)-1, 0);
		__asm__ volatile("cli"); /* the way out swaps GS: no interrupt may come in between */
		return;
	}
	if (tf->vector == 8 && thread_stack_guard_hit(tf->rsp)) {
		/* the guard page below a kernel stack was hit: #DF came on its own stack (IST) */
		kprintf("\n%s: kernel stack overflow in thread %u (%s), rsp %#lx\n",
			trap_expect_vector == 8 ? "expected" : "PANIC", thread_current()->id,
			thread_current()->name, tf->rsp);
		trap_print_addr("  rip ", tf->rip);
		if (trap_expect_vector == 8) { /* a test's overflow: that thread ends, nothing else */
			trap_seen = true;
			trap_expect_vector = -1;
			thread_exit();
		}
		kprintf("PANIC: system halted\n");
		cpu_halt_forever();
	}
	if ((int)tf->vector == trap_expect_vector) {
		kprintf("expected ");
		trap_report(tf);
		trap_seen_frame = *tf;
		trap_seen = true;
		trap_expect_vector = -1;
		tf->rip += (uint64_t)trap_expect_skip;
		return;
	}
	kprintf("\nPANIC: unexpected ");
	trap_report(tf);
	kprintf("PANIC: system halted\n");
	cpu_halt_forever();
}
