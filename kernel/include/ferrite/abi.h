/* kernel/include/ferrite/abi.h: Ferrite's ABI, the one header the kernel and user space (libc)
 * both include: the system call convention, the call numbers (generated from
 * kernel/syscalls.list), and every structure and constant that crosses the boundary. Values
 * musl also defines have musl's x86_64 values and layouts; the checks below say so.
 *
 * System calls: `syscall`, number in %rax, arguments in %rdi %rsi %rdx %r10 %r8 %r9, result in
 * %rax. A result in -4095..-1 is a negated errno value (musl's numbering); %rcx and %r11 are
 * clobbered, everything else is preserved. Numbers below 4096 are Linux's: the kernel logs
 * them and answers -ENOSYS. Every pointer argument is checked: a bad one gives -EFAULT. */
#ifndef FERRITE_ABI_H
#define FERRITE_ABI_H

#include "syscall_nr.h"

/* errno values (musl, x86_64) */
#define FERRITE_EPERM  1
#define FERRITE_ENOENT 2
#define FERRITE_ESRCH  3
#define FERRITE_EINTR  4
#define FERRITE_EIO    5
#define FERRITE_E2BIG  7
#define FERRITE_ENOEXEC 8
#define FERRITE_ECHILD 10
#define FERRITE_EAGAIN 11
#define FERRITE_ENOMEM 12
#define FERRITE_EFAULT 14
#define FERRITE_EINVAL 22
#define FERRITE_ENAMETOOLONG 36
#define FERRITE_ENOSYS 38
#define FERRITE_ETIMEDOUT 110

/* mmap, mprotect (musl) */
#define FERRITE_PROT_NONE  0
#define FERRITE_PROT_READ  1
#define FERRITE_PROT_WRITE 2
#define FERRITE_PROT_EXEC  4
#define FERRITE_MAP_SHARED    0x01
#define FERRITE_MAP_PRIVATE   0x02
#define FERRITE_MAP_FIXED     0x10
#define FERRITE_MAP_ANONYMOUS 0x20
#define FERRITE_MAP_FAILED    ((void *)-1)

/* waitpid options */
#define FERRITE_WNOHANG 1

/* futex operations (musl) */
#define FERRITE_FUTEX_WAIT    0
#define FERRITE_FUTEX_WAKE    1
#define FERRITE_FUTEX_PRIVATE 128

/* clock ids (musl) */
#define FERRITE_CLOCK_REALTIME  0
#define FERRITE_CLOCK_MONOTONIC 1

/* struct timespec as musl lays it out on x86_64 */
struct ferrite_timespec {
	long tv_sec;
	long tv_nsec;
};
_Static_assert(sizeof(struct ferrite_timespec) == 16, "timespec is musl's");

/* Wait status of a process (as musl's W* macros read it): exit code << 8, or the signal. */
#define FERRITE_WSTATUS_EXIT(code) (((code) & 0xff) << 8)
#define FERRITE_WSTATUS_SIGNAL(sig) ((sig) & 0x7f)
#define FERRITE_SIGILL  4
#define FERRITE_SIGFPE  8
#define FERRITE_SIGKILL 9
#define FERRITE_SIGSEGV 11

/* auxiliary vector keys a new program finds above its environment (musl's elf.h values) */
#define FERRITE_AT_NULL   0
#define FERRITE_AT_PHDR   3
#define FERRITE_AT_PHENT  4
#define FERRITE_AT_PHNUM  5
#define FERRITE_AT_PAGESZ 6
#define FERRITE_AT_ENTRY  9
#define FERRITE_AT_UID    11
#define FERRITE_AT_EUID   12
#define FERRITE_AT_GID    13
#define FERRITE_AT_EGID   14
#define FERRITE_AT_HWCAP  16
#define FERRITE_AT_SECURE 23
#define FERRITE_AT_RANDOM 25
#define FERRITE_AT_EXECFN 31

#endif
