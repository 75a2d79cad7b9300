/* kernel/arch/x86_64/syscall.S: the way in from user space (syscall), the ways back (sysret,
 * and iretq for a thread's first entry).
 * %gs is the kernel's per-CPU pointer only inside the kernel: every path from or to ring 3
 * does swapgs (isr.S does the same for interrupts that arrive from ring 3). */

	.text
	.globl syscall_entry
syscall_entry:
	swapgs
	movq %rsp, %gs:24            /* the user's stack pointer */
	movq %gs:16, %rsp            /* this thread's kernel stack */
	pushq %gs:24
	pushq %r11                   /* user rflags */
	pushq %rcx                   /* user rip */
	pushq %rax
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %r10
	pushq %r8
	pushq %r9
	pushq %rbx
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, %rdi              /* struct syscall_frame */
	xorl %ebp, %ebp
	sti
	call syscall_dispatch        /* also checks the frame's rip and rflags before we trust them */
	cli
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
	popq %r9
	popq %r8
	popq %r10
	popq %rdx
	popq %rsi
	popq %rdi
	addq $8, %rsp                /* the saved %rax: the result is in %rax */
	popq %rcx
	popq %r11
	popq %rsp
	swapgs
	sysretq

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

/* void user_return(const struct syscall_frame *f): into ring 3 with every register from f (a
 * forked child's first return), by iretq: the iret frame goes on this kernel stack first, then
 * the registers are loaded from f, %rdi last. Offsets: struct syscall_frame in syscall.h. */
	.globl user_return
user_return:
	cli
	pushq $0x23                   /* user data | RPL 3 */
	pushq 120(%rdi)               /* rsp */
	pushq 112(%rdi)               /* rflags */
	pushq $0x2b                   /* user 64-bit code | RPL 3 */
	pushq 104(%rdi)               /* rip */
	movq 0(%rdi), %r15
	movq 8(%rdi), %r14
	movq 16(%rdi), %r13
	movq 24(%rdi), %r12
	movq 32(%rdi), %rbp
	movq 40(%rdi), %rbx
	movq 48(%rdi), %r9
	movq 56(%rdi), %r8
	movq 64(%rdi), %r10
	movq 72(%rdi), %rdx
	movq 80(%rdi), %rsi
	movq 96(%rdi), %rax
	movq 104(%rdi), %rcx          /* as after sysret: rcx = rip, r11 = rflags */
	movq 112(%rdi), %r11
	movq 88(%rdi), %rdi
	swapgs
	iretq
