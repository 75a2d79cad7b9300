/* kernel/arch/x86_64/arch.h: what the x86_64 part of the kernel offers the rest of it. */
#ifndef ARCH_ARCH_H
#define ARCH_ARCH_H

#include "types.h"

#define GDT_KCODE   0x08
#define GDT_KDATA   0x10
#define GDT_UCODE32 0x18
#define GDT_UDATA   0x20
#define GDT_UCODE   0x28
#define GDT_TSS     0x30
#define GDT_ENTRIES 8

#define IST_DF  1
#define IST_NMI 2
#define IST_MC  3

/* What isr.S pushes, lowest address first. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};
_Static_assert(sizeof(struct trap_frame) == 22 * 8, "trap frame matches isr.S");

void serial_init(void);
void gdt_init(void);
void idt_init(void);
void trap_dispatch(struct trap_frame *tf);

/* A test may expect one exception: the handler then reports it, records the frame, moves
 * rip past the faulting instruction by skip bytes and returns instead of stopping. */
void trap_expect(int vector, int skip);
bool trap_expected_seen(struct trap_frame *out);

/* Prints registers and a symbolised backtrace; tf may be NULL (backtrace from here). */
void trap_report(const struct trap_frame *tf);
void backtrace_print(uint64_t rbp, uint64_t rip);

bool kstack_contains(uint64_t addr);
uint64_t boot_stack_top(void);
bool boot_stack_contains(uint64_t addr);

/* Stops the machine: QEMU's isa-debug-exit if present (exit status (code << 1) | 1), then ACPI
 * power-off, then halt. */
void power_off(int code);
void power_reset(void); /* the machine restarts (QEMU -no-reboot: it exits) */

#endif
