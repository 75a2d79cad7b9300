/* libc/port/arch/syscall_cp.c: replaces musl's src/thread/x86_64/syscall_cp.s (installed as
 * src/thread/x86_64/syscall_cp.c): the system call of a cancellation point. Why: musl's
 * cancellation handler (pthread_cancel.c) looks at where the signal interrupted the thread; between
 * __cp_begin and __cp_end it sends the thread to __cp_cancel, so the check of the cancel flag and
 * the `syscall` instruction must sit between those labels, in assembly. musl passes its Linux call
 * number; the shim first turns it into one Ferrite call (__ferrite_translate). A call the shim can
 * only emulate with several Ferrite calls (readv, writev, select...) is checked for a pending
 * cancellation before it starts but is not itself a point where cancellation acts. */
#include "shim.h"

__attribute__((__visibility__("hidden"))) long __cancel(void);
__attribute__((__visibility__("hidden")))
long __ferrite_cp_raw(volatile int *cancel, long nr, long a, long b, long c, long d, long e, long f);

__asm__(
	".text\n"
	".global __cp_begin\n"
	".hidden __cp_begin\n"
	".global __cp_end\n"
	".hidden __cp_end\n"
	".global __cp_cancel\n"
	".hidden __cp_cancel\n"
	".hidden __cancel\n"
	".global __ferrite_cp_raw\n"
	".hidden __ferrite_cp_raw\n"
	".type __ferrite_cp_raw,@function\n"
	"__ferrite_cp_raw:\n"
	"__cp_begin:\n"
	"	mov (%rdi),%eax\n"
	"	test %eax,%eax\n"
	"	jnz __cp_cancel\n"
	"	mov %rdi,%r11\n"
	"	mov %rsi,%rax\n"
	"	mov %rdx,%rdi\n"
	"	mov %rcx,%rsi\n"
	"	mov %r8,%rdx\n"
	"	mov %r9,%r10\n"
	"	mov 8(%rsp),%r8\n"
	"	mov 16(%rsp),%r9\n"
	"	mov %r11,8(%rsp)\n"
	"	syscall\n"
	"__cp_end:\n"
	"	ret\n"
	"__cp_cancel:\n"
	"	jmp __cancel\n"
);

__attribute__((__visibility__("hidden")))
long __syscall_cp_asm(volatile int *cancel, long n, long a, long b, long c, long d, long e, long f)
{
	long args[6], nr;
	args[0] = a; args[1] = b; args[2] = c; args[3] = d; args[4] = e; args[5] = f;
	if (shim_translate(n, args, &nr))
		return __ferrite_cp_raw(cancel, nr, args[0], args[1], args[2], args[3], args[4], args[5]);
	if (*cancel)
		return __cancel();
	return __ferrite_syscall(n, a, b, c, d, e, f);
}
