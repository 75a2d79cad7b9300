/* libc/port/arch/clone.c: replaces musl's src/thread/x86_64/clone.s (installed as
 * src/thread/x86_64/clone.c). Why: the new thread starts on a stack of its own with nothing of
 * the caller's frame, so the code around the system call must be assembly; musl's uses Linux's
 * numbers for clone and exit, this uses Ferrite's. Ferrite's clone takes Linux's argument order
 * (flags, stack, ptid, ctid, tls). A new process sharing the caller's memory (CLONE_VM without
 * CLONE_THREAD: posix_spawn's vfork-like child) does not exist in Ferrite: such a child is a
 * copy-on-write fork instead, which runs the function on the given stack in its own copy and
 * keeps CLONE_VFORK's wait, so posix_spawn works unchanged (its child reports through a pipe). */
#include <stdarg.h>
#include "syscall_nr.h"

#define CLONE_PORT_STR2(x) #x
#define CLONE_PORT_STR(x) CLONE_PORT_STR2(x)
#define CLONE_PORT_VM 0x100
#define CLONE_PORT_THREAD 0x10000

__attribute__((__visibility__("hidden")))
int __ferrite_clone(int (*fn)(void *), void *stack, int flags, void *arg, int *ptid, void *tls,
	int *ctid);

/* __ferrite_clone(fn, stack, flags, arg, ptid, tls, ctid): fn and arg go on the new stack,
 * the child pops arg, calls fn and ends its thread with fn's result. */
__asm__(
	".text\n"
	".global __ferrite_clone\n"
	".hidden __ferrite_clone\n"
	".type __ferrite_clone,@function\n"
	"__ferrite_clone:\n"
	"	mov $" CLONE_PORT_STR(SYS_clone) ",%eax\n"
	"	mov %rdi,%r11\n"
	"	mov %rdx,%rdi\n"
	"	mov %r8,%rdx\n"
	"	mov %r9,%r8\n"
	"	mov 8(%rsp),%r10\n"
	"	mov %r11,%r9\n"
	"	and $-16,%rsi\n"
	"	sub $8,%rsi\n"
	"	mov %rcx,(%rsi)\n"
	"	syscall\n"
	"	test %eax,%eax\n"
	"	jnz 1f\n"
	"	xor %ebp,%ebp\n"
	"	pop %rdi\n"
	"	call *%r9\n"
	"	mov %eax,%edi\n"
	"	mov $" CLONE_PORT_STR(SYS_exit_thread) ",%eax\n"
	"	syscall\n"
	"	hlt\n"
	"1:	ret\n"
);

__attribute__((__visibility__("hidden")))
int __clone(int (*fn)(void *), void *stack, int flags, void *arg, ...)
{
	va_list ap;
	int *ptid, *ctid;
	void *tls;
	va_start(ap, arg);
	ptid = va_arg(ap, int *);
	tls = va_arg(ap, void *);
	ctid = va_arg(ap, int *);
	va_end(ap);
	if ((flags & CLONE_PORT_VM) && !(flags & CLONE_PORT_THREAD))
		flags &= ~CLONE_PORT_VM; /* a process sharing memory: a copy-on-write fork instead */
	return __ferrite_clone(fn, stack, flags, arg, ptid, tls, ctid);
}
