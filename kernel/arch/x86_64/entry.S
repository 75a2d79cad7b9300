/* kernel/arch/x86_64/entry.S: the kernel's entry from the loader (64-bit mode, paging on,
 * interrupts off, %rdi = physical address of struct bootinfo) and the boot stack. */

	.text
	.globl _start
_start:
	leaq boot_stack_end(%rip), %rsp
	xorl %ebp, %ebp            /* backtraces end here */
	pushq $0                   /* a zero return address, for the same reason */
	call kmain
1:	cli
	hlt
	jmp 1b

/* Where an application processor arrives from trampoline.S: 64-bit mode, on the trampoline's
 * page tables, %rsi = the parameter block (struct smp_tramp_params in smp.c). */
	.globl ap_entry64
ap_entry64:
	movq 16(%rsi), %rsp        /* stack */
	movq 24(%rsi), %rdi        /* struct cpu */
	xorl %ebp, %ebp
	pushq $0
	call ap_main
2:	cli
	hlt
	jmp 2b

/* void gdt_load(const struct gdt_ptr *): load the GDT, reload every segment register (CS by
 * a far return), and load the task register. */
	.globl gdt_load
gdt_load:
	lgdt (%rdi)
	movl $0x10, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	popq %rsi                  /* return address */
	pushq $0x08
	pushq %rsi
	lretq

	.globl gdt_load_tr
gdt_load_tr:
	movl $0x30, %eax
	ltr %ax
	ret

	.bss
	.align 16
	.globl boot_stack_base, boot_stack_end
boot_stack_base:
	.skip 65536
boot_stack_end:
