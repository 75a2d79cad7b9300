/* libc/port/arch/restore.c: replaces musl's src/signal/x86_64/restore.s (installed as
 * src/signal/x86_64/restore.c). __restore_rt is the return address of every signal handler
 * (sigaction sets SA_RESTORER): it must be a bare system call with the frame untouched, hence
 * assembly. Why replaced: musl's uses Linux's rt_sigreturn number; this Ferrite's sigreturn. */
#include "syscall_nr.h"

#define RESTORE_STR2(x) #x
#define RESTORE_STR(x) RESTORE_STR2(x)

__asm__(
	".text\n"
	".global __restore_rt\n"
	".hidden __restore_rt\n"
	".type __restore_rt,@function\n"
	"__restore_rt:\n"
	"	mov $" RESTORE_STR(SYS_sigreturn) ",%eax\n"
	"	syscall\n"
	"	hlt\n"
);
