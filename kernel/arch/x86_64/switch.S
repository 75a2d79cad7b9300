/* kernel/arch/x86_64/switch.S: switching kernel stacks between threads. The callee-saved
 * registers go on the old stack, the stack pointer into old->rsp; the new thread's are popped
 * from its stack. A new thread's stack is built (thread.c) so that it "returns" into
 * thread_trampoline with its function in %r12 and argument in %r13. */

	.text
/* void sched_switch(uint64_t *old_rsp, uint64_t new_rsp) */
	.globl sched_switch
sched_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

	.globl thread_trampoline
thread_trampoline:
	movq %r12, %rdi
	movq %r13, %rsi
	xorl %ebp, %ebp
	pushq $0                     /* backtraces end here */
	call thread_entry
	ud2
