/* kernel/arch/x86_64/trampoline.S: where an application processor starts: in 16-bit real mode
 * at physical 0x8000 (the STARTUP IPI's vector 0x08), with no stack. It goes to protected
 * mode, turns on long mode with the page tables the boot CPU left in the parameter block, and
 * jumps to ap_entry64 (entry.S) with %rsi pointing at that block.
 *
 * Assembled by the i386 tcc and linked as a flat binary at 0x8000 (smp.c copies it there).
 * tcc accepts .code16 but still encodes 32-bit forms, so the few real-mode instructions are
 * written out as bytes, and the few 64-bit ones are forms whose bytes mean the same there. */

#define PARAMS 0x8008

	.text
	.globl _start
_start:
	.byte 0xeb, 86               /* jmp to offset 88, over the parameter block and GDT */
	.skip 6
/* offset 8: the parameter block, struct smp_tramp_params in smp.c */
params:
	.long 0                      /* cr3: the trampoline's page tables, below 4 GiB */
	.long 0                      /* efer: bits to set besides LME (NXE where the CPU has NX) */
	.quad 0                      /* entry: ap_entry64 */
	.quad 0                      /* stack: the AP's first stack top */
	.quad 0                      /* cpu: its struct cpu */
	.quad 0                      /* reserved: keeps the block 40 bytes */
/* offset 48: the GDT, and at 80 its descriptor (at fixed places: tcc's .word takes no symbol) */
	.long 0, 0
	.long 0x0000ffff, 0x00cf9a00 /* 0x08: 32-bit code */
	.long 0x0000ffff, 0x00cf9200 /* 0x10: data */
	.long 0x0000ffff, 0x00af9a00 /* 0x18: 64-bit code */
	.short 31
	.long 0x8030
	.short 0
/* offset 88: real mode, CS = 0x0800, IP = 0x58 */
	.byte 0xfa                   /* cli */
	.byte 0x31, 0xc0             /* xor %ax, %ax */
	.byte 0x8e, 0xd8             /* mov %ax, %ds */
	.byte 0x0f, 0x01, 0x16       /* lgdt gdt_desc (16-bit absolute address) */
	.word 0x8050
	.byte 0x0f, 0x20, 0xc0       /* mov %cr0, %eax */
	.byte 0x66, 0x83, 0xc8, 0x01 /* or $1, %eax: protected mode */
	.byte 0x0f, 0x22, 0xc0       /* mov %eax, %cr0 */
	.byte 0x66, 0xea             /* ljmpl $0x08, $protected */
	.long protected
	.word 0x08

	.code32
protected:
	movl $0x10, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %cr4, %eax
	orl $0x20, %eax              /* PAE */
	movl %eax, %cr4
	movl $PARAMS, %esi
	movl (%esi), %eax
	movl %eax, %cr3
	movl $0xc0000080, %ecx       /* EFER */
	rdmsr
	orl $0x100, %eax             /* LME */
	orl 4(%esi), %eax
	wrmsr
	movl %cr0, %eax
	orl $0x80000000, %eax        /* paging: long mode is active from here */
	movl %eax, %cr0
	ljmp $0x18, $long64
long64:
	/* 64-bit code from here: be imm32 = mov $PARAMS, %esi (upper half cleared);
	 * ff 66 08 = jmp *8(%rsi) */
	movl $PARAMS, %esi
	jmp *8(%esi)

