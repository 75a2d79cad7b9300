/* boot/loader/entry.S: the loader's first bytes: Multiboot 1 and 2 headers, the 32-bit entry
 * point, and the switch into long mode. Assembled by the i386 tcc (tcc's x86_64 assembler has
 * no .code32). Start reading at loader_start, then main.c. */

#define MB1_MAGIC 0x1BADB002
#define MB1_FLAGS 0x00000003            /* page-aligned modules, memory information */
#define MB2_MAGIC 0xE85250D6
#define MB2_LEN   32                     /* header 16 + module-align tag 8 + end tag 8 */

	.text
	.globl _start, loader_start, loader_image_start
loader_image_start:
/* Both headers must lie in the first 8 KiB (MB1) / 32 KiB (MB2) of the file: this file is
 * linked first. */
	.align 8
mb1_header:
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)

	.align 8
mb2_header:
	.long MB2_MAGIC
	.long 0                          /* architecture: i386 protected mode */
	.long MB2_LEN                    /* tcc cannot subtract labels defined later */
	.long -(MB2_MAGIC + MB2_LEN)
	/* module alignment tag: modules on page boundaries */
	.short 6, 0
	.long 8
	/* end tag */
	.short 0, 0
	.long 8
mb2_header_end:

/* Entered in 32-bit protected mode, paging off, interrupts off; eax holds the boot
 * protocol's magic and ebx its information structure. */
_start:
loader_start:
	cli
	cld
	movl $loader_stack_top, %esp
	xorl %ebp, %ebp
	pushl %ebx
	pushl %eax
	call loader_main
1:	hlt
	jmp 1b

/* void loader_enter_long_mode(u32 pml4, u32 entry_ptr, u32 bootinfo): does not return.
 * entry_ptr points to the 64-bit entry address; bootinfo arrives in the kernel's %rdi. */
	.globl loader_enter_long_mode
loader_enter_long_mode:
	movl 4(%esp), %eax
	movl 8(%esp), %esi
	movl 12(%esp), %edi
	movl %eax, %cr3
	movl %cr4, %eax
	orl $0x20, %eax                  /* CR4.PAE */
	movl %eax, %cr4
	movl $0xC0000080, %ecx           /* EFER */
	rdmsr
	orl $0x100, %eax                 /* EFER.LME */
	wrmsr
	movl %cr0, %eax
	orl $0x80000001, %eax            /* CR0.PG | CR0.PE */
	movl %eax, %cr0
	lgdt loader_gdt_desc
	ljmp $0x08, $long_mode
long_mode:
	/* From here the CPU runs 64-bit code. The i386 assembler encodes these few instructions
	 * with the same bytes the 64-bit ones have: 89 f6 is mov %esi,%esi (clears the upper
	 * half), ff 26 is jmp *(%rsi). */
	movl $0x10, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %edi, %edi
	movl %esi, %esi
	jmp *(%esi)

	.data
	.align 16
loader_gdt:
	.long 0, 0
	.long 0x0000ffff, 0x00af9a00     /* 0x08: 64-bit code */
	.long 0x0000ffff, 0x00cf9200     /* 0x10: data */
loader_gdt_end:
loader_gdt_desc:
	.short loader_gdt_end - loader_gdt - 1
	.long loader_gdt

	.bss
	.align 16
loader_stack:
	.skip 16384
loader_stack_top:
