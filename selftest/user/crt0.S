/* selftest/user/crt0.S: the start of the in-system test programs (before musl is ported):
 * argc at (%rsp), argv after it; calls main(argc, argv) and exits with its result. */
	.text
	.globl _start
_start:
	movq (%rsp), %rdi
	leaq 8(%rsp), %rsi
	andq $-16, %rsp
	call main
	movl %eax, %edi
	movl $4096, %eax            /* SYS_exit */
	syscall
	ud2
