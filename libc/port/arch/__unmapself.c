/* libc/port/arch/__unmapself.c: replaces musl's src/thread/x86_64/__unmapself.s (installed as
 * src/thread/x86_64/__unmapself.c). A detached thread frees the stack it runs on and ends:
 * nothing may touch that stack between the two calls, hence assembly. Why replaced: musl's uses
 * Linux's numbers for munmap and exit. */
#include "syscall_nr.h"

#define UNMAPSELF_STR2(x) #x
#define UNMAPSELF_STR(x) UNMAPSELF_STR2(x)

/* __unmapself(base, size) */
__asm__(
	".text\n"
	".global __unmapself\n"
	".hidden __unmapself\n"
	".type __unmapself,@function\n"
	"__unmapself:\n"
	"	mov $" UNMAPSELF_STR(SYS_munmap) ",%eax\n"
	"	syscall\n"
	"	xor %edi,%edi\n"
	"	mov $" UNMAPSELF_STR(SYS_exit_thread) ",%eax\n"
	"	syscall\n"
	"	hlt\n"
);
