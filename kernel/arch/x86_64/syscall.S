/* kernel/arch/x86_64/syscall.S: the way in from user space (syscall), the ways back (sysret,
 * and iretq for a thread's first entry).
 * %gs is the kernel's per-CPU pointer only inside the kernel: every path from or to ring 3
 * does swapgs (isr.S does the same for interrupts that arrive from ring 3). */

#include "frame.h"

	.text
/* The frame is a struct trap_frame (arch.h), as for interrupts, so that signals and fork see one
 * layout: vector -1 marks a system call. syscall_dispatch returns 0 to leave by SYSRET, or 1
 * to restore every register by IRETQ (a signal frame was built, or sigreturn ran). */
	.globl syscall_entry
syscall_entry:
	swapgs
	movq %rsp, %gs:24            /* the user's stack pointer */
	movq %gs:16, %rsp            /* this thread's kernel stack */
	pushq $0x23                  /* ss */
	pushq %gs:24                 /* rsp */
	pushq %r11                   /* rflags */
	pushq $0x2b                  /* cs */
	pushq %rcx                   /* rip */
	pushq $0                     /* error code */
	pushq $-1                    /* vector: a system call */
	PUSH_GPRS
	movq %rsp, %rdi
	xorl %ebp, %ebp
	sti
	call syscall_dispatch        /* also checks rip and rflags before they are trusted */
	cli
	/* a signal that came after syscall_dispatch looked, while interrupts were still on: act
	 * on it now (with interrupts off, a later one's IPI waits and lands in user mode) */
	pushq %rax
	leaq 8(%rsp), %rdi
	call syscall_exit_signals
	popq %rcx
	orl %ecx, %eax
	testl %eax, %eax
	jnz syscall_exit_iret
	POP_GPRS
	movq 16(%rsp), %rcx          /* rip: vector, error, then the CPU-style frame */
	movq 32(%rsp), %r11          /* rflags */
	movq 40(%rsp), %rsp          /* the user's stack */
	swapgs
	sysretq

/* The full way back: isr.S's trap_return (the frame's CS says ring 3, so it swaps GS). */
syscall_exit_iret:
	jmp trap_return

/* void user_enter(uint64_t rip, uint64_t rsp): the first entry of a thread into ring 3. */
	.globl user_enter
user_enter:
	cli
	pushq $0x23                  /* user data | RPL 3 */
	pushq %rsi
	pushq $0x202                 /* IF */
	pushq $0x2b                  /* user 64-bit code | RPL 3 */
	pushq %rdi
	xorl %eax, %eax
	xorl %ebx, %ebx
	xorl %ecx, %ecx
	xorl %edx, %edx
	xorl %esi, %esi
	xorl %edi, %edi
	xorl %ebp, %ebp
	xorl %r8d, %r8d
	xorl %r9d, %r9d
	xorl %r10d, %r10d
	xorl %r11d, %r11d
	xorl %r12d, %r12d
	xorl %r13d, %r13d
	xorl %r14d, %r14d
	xorl %r15d, %r15d
	swapgs
	iretq

/* void user_return(const struct trap_frame *f): into ring 3 with every register from f (a
 * forked child's first return). f is copied onto this thread's kernel stack and left by iretq. */
	.globl user_return
user_return:
	cli
	movq %gs:16, %rsp            /* the top of this thread's kernel stack */
	subq $176, %rsp              /* sizeof(struct trap_frame) */
	movq %rdi, %rsi
	movq %rsp, %rdi
	movl $22, %ecx
	rep movsq
	jmp syscall_exit_iret
