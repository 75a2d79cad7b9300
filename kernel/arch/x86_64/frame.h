/* kernel/arch/x86_64/frame.h: for isr.S and syscall.S: saving and restoring the general
 * registers in the order of struct trap_frame (arch.h), lowest address (r15) last pushed. */
#ifndef ARCH_FRAME_H
#define ARCH_FRAME_H

#define PUSH_GPRS pushq %rax; pushq %rbx; pushq %rcx; pushq %rdx; pushq %rsi; pushq %rdi; \
	pushq %rbp; pushq %r8; pushq %r9; pushq %r10; pushq %r11; pushq %r12; pushq %r13; \
	pushq %r14; pushq %r15

#define POP_GPRS popq %r15; popq %r14; popq %r13; popq %r12; popq %r11; popq %r10; \
	popq %r9; popq %r8; popq %rbp; popq %rdi; popq %rsi; popq %rdx; popq %rcx; popq %rbx; \
	popq %rax

#endif
