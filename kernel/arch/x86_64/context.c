/* kernel/arch/x86_64/context.c: what a thread switch changes in the CPU besides the stack:
 * the address space, the kernel stack ring 3 enters on (TSS rsp0 and syscall_entry's), the
 * user's FS base and the FPU/SSE state (saved eagerly, for user threads only: the kernel itself
 * is built without SSE and never touches those registers). Also the system call MSRs. */
#include "klib.h"
#include "cpu.h"
#include "cpufeat.h"
#include "percpu.h"
#include "proc.h"
#include "sched.h"
#include "vm.h"

#define MSR_EFER   0xc0000080u
#define MSR_STAR   0xc0000081u
#define MSR_LSTAR  0xc0000082u
#define MSR_FMASK  0xc0000084u
#define MSR_FS_BASE 0xc0000100u
#define MSR_KERNEL_GS_BASE 0xc0000102u
#define RFLAGS_TF 0x100u
#define RFLAGS_IF 0x200u
#define RFLAGS_DF 0x400u
#define RFLAGS_AC 0x40000u

void syscall_entry(void); /* syscall.S */
void ioport_switch(struct process *p); /* ioport.c */

/* On each CPU: `syscall` enters syscall_entry with IF, TF, DF and AC cleared; SYSRET returns
 * to user code 0x2b and data 0x23 (GDT order: user 32-bit code at 0x18, then data, then code). */
void syscall_init_cpu(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | 1); /* SCE */
	wrmsr(MSR_STAR, ((uint64_t)(0x18 | 3) << 48) | ((uint64_t)0x08 << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_FMASK, RFLAGS_IF | RFLAGS_TF | RFLAGS_DF | RFLAGS_AC);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}

static void fpu_save(void *area)
{
	uint32_t lo = (uint32_t)cpu_features.xcr0, hi = (uint32_t)(cpu_features.xcr0 >> 32);
	if (cpu_features.xsave)
		__asm__ volatile("xsave64 (%0)" : : "r"(area), "a"(lo), "d"(hi) : "memory");
	else
		__asm__ volatile("fxsaveq (%0)" : : "r"(area) : "memory");
}

static void fpu_restore(const void *area)
{
	uint32_t lo = (uint32_t)cpu_features.xcr0, hi = (uint32_t)(cpu_features.xcr0 >> 32);
	if (cpu_features.xsave)
		__asm__ volatile("xrstor64 (%0)" : : "r"(area), "a"(lo), "d"(hi) : "memory");
	else
		__asm__ volatile("fxrstorq (%0)" : : "r"(area) : "memory");
}

/* A fresh FPU state: x87 and SSE in their initial state (FCW 0x37f) and MXCSR 0x1f80 (all
 * exceptions masked, round to nearest), which XRSTOR reads even for components in init state. */
void fpu_init_area(void *area)
{
	memset(area, 0, cpu_features.xsave_size);
	*(uint16_t *)area = 0x37f;
	*(uint32_t *)((uint8_t *)area + 24) = 0x1f80;
}

/* Called by schedule() with interrupts off, between picking next and switching stacks. */
void arch_switch(struct thread *prev, struct thread *next)
{
	struct cpu *c = this_cpu();
	if (prev->fpu)
		fpu_save(prev->fpu);
	if (prev->proc != next->proc)
		vm_space_activate(next->proc ? &next->proc->vm : &kernel_vm);
	ioport_switch(next->proc);
	if (next->kstack_top) {
		c->tss.rsp[0] = next->kstack_top;
		c->kstack_top = next->kstack_top;
	}
	if (next->fpu) {
		fpu_restore(next->fpu);
		wrmsr(MSR_FS_BASE, next->fs_base);
	}
}

/* The running thread's FPU state (live in the registers) into dst: fork gives it the child. */
void fpu_copy_current(void *dst)
{
	fpu_save(dst);
}

/* execve: the new program starts from a clean FPU state, in the area and in the registers. */
void fpu_reset_current(void *area)
{
	fpu_init_area(area);
	fpu_restore(area);
}

/* Signals: the live FPU state out to a thread's area, and back from one that user memory
 * filled. XRSTOR faults (#GP) on a header or MXCSR no CPU would write, so those are made valid
 * first: only enabled components, the standard format, reserved bits clear. */
void fpu_save_current(void *area)
{
	fpu_save(area);
}

void fpu_sanitise(void *area)
{
	uint8_t *a = area;
	*(uint32_t *)(a + 24) &= 0xffbf; /* MXCSR: the bits MXCSR_MASK allows on every x86_64 */
	if (cpu_features.xsave) {
		*(uint64_t *)(a + 512) &= cpu_features.xcr0; /* XSTATE_BV */
		memset(a + 520, 0, 56);                      /* XCOMP_BV and the reserved header */
	}
}

void fpu_restore_current(void *area)
{
	fpu_sanitise(area);
	fpu_restore(area);
}
