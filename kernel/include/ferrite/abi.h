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
#define FERRITE_EBADF  9
#define FERRITE_EFAULT 14
#define FERRITE_EINVAL 22
#define FERRITE_EMFILE 24
#define FERRITE_ESPIPE 29
#define FERRITE_EPIPE  32
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

/* clone flags (musl's, Linux's values) */
#define FERRITE_CLONE_VM             0x00000100ul
#define FERRITE_CLONE_FS             0x00000200ul
#define FERRITE_CLONE_FILES          0x00000400ul
#define FERRITE_CLONE_SIGHAND        0x00000800ul
#define FERRITE_CLONE_VFORK          0x00004000ul
#define FERRITE_CLONE_THREAD         0x00010000ul
#define FERRITE_CLONE_SYSVSEM        0x00040000ul
#define FERRITE_CLONE_SETTLS         0x00080000ul
#define FERRITE_CLONE_PARENT_SETTID  0x00100000ul
#define FERRITE_CLONE_CHILD_CLEARTID 0x00200000ul
#define FERRITE_CLONE_DETACHED       0x00400000ul
#define FERRITE_CLONE_CHILD_SETTID   0x01000000ul

/* open flags and descriptor calls (musl, x86_64) */
#define FERRITE_O_RDONLY   0
#define FERRITE_O_WRONLY   1
#define FERRITE_O_RDWR     2
#define FERRITE_O_ACCMODE  3
#define FERRITE_O_APPEND   02000
#define FERRITE_O_NONBLOCK 04000
#define FERRITE_O_CLOEXEC  02000000
#define FERRITE_FD_CLOEXEC 1
#define FERRITE_F_DUPFD    0
#define FERRITE_F_GETFD    1
#define FERRITE_F_SETFD    2
#define FERRITE_F_GETFL    3
#define FERRITE_F_SETFL    4
#define FERRITE_F_DUPFD_CLOEXEC 1030
#define FERRITE_SEEK_SET 0
#define FERRITE_SEEK_CUR 1
#define FERRITE_SEEK_END 2
#define FERRITE_PIPE_BUF 4096

/* poll (musl) */
struct ferrite_pollfd {
	int fd;
	short events;
	short revents;
};
_Static_assert(sizeof(struct ferrite_pollfd) == 8, "struct pollfd");
#define FERRITE_POLLIN   0x001
#define FERRITE_POLLPRI  0x002
#define FERRITE_POLLOUT  0x004
#define FERRITE_POLLERR  0x008
#define FERRITE_POLLHUP  0x010
#define FERRITE_POLLNVAL 0x020

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

/* Signals: musl's x86_64 numbers, 1..64. */
#define FERRITE_NSIG    65
#define FERRITE_SIGHUP  1
#define FERRITE_SIGINT  2
#define FERRITE_SIGQUIT 3
#define FERRITE_SIGILL  4
#define FERRITE_SIGTRAP 5
#define FERRITE_SIGABRT 6
#define FERRITE_SIGBUS  7
#define FERRITE_SIGFPE  8
#define FERRITE_SIGKILL 9
#define FERRITE_SIGUSR1 10
#define FERRITE_SIGSEGV 11
#define FERRITE_SIGUSR2 12
#define FERRITE_SIGPIPE 13
#define FERRITE_SIGALRM 14
#define FERRITE_SIGTERM 15
#define FERRITE_SIGCHLD 17
#define FERRITE_SIGCONT 18
#define FERRITE_SIGSTOP 19
#define FERRITE_SIGTSTP 20
#define FERRITE_SIGTTIN 21
#define FERRITE_SIGTTOU 22
#define FERRITE_SIGURG  23
#define FERRITE_SIGWINCH 28

#define FERRITE_SIG_DFL 0ul
#define FERRITE_SIG_IGN 1ul
#define FERRITE_SA_NOCLDSTOP 0x00000001ul
#define FERRITE_SA_SIGINFO   0x00000004ul
#define FERRITE_SA_RESTORER  0x04000000ul
#define FERRITE_SA_ONSTACK   0x08000000ul
#define FERRITE_SA_RESTART   0x10000000ul
#define FERRITE_SA_NODEFER   0x40000000ul
#define FERRITE_SA_RESETHAND 0x80000000ul
#define FERRITE_SIG_BLOCK   0
#define FERRITE_SIG_UNBLOCK 1
#define FERRITE_SIG_SETMASK 2
#define FERRITE_SS_ONSTACK 1
#define FERRITE_SS_DISABLE 2
#define FERRITE_MINSIGSTKSZ 2048

/* si_code values */
#define FERRITE_SI_USER     0
#define FERRITE_SEGV_MAPERR 1
#define FERRITE_SEGV_ACCERR 2
#define FERRITE_ILL_ILLOPN  2
#define FERRITE_FPE_INTDIV  1

/* what sigaction takes: the layout musl hands the kernel (its struct k_sigaction) */
struct ferrite_sigaction {
	unsigned long handler;
	unsigned long flags;
	unsigned long restorer;
	unsigned long mask;      /* signals 1..64 */
};
_Static_assert(sizeof(struct ferrite_sigaction) == 32, "k_sigaction");

struct ferrite_stack {       /* stack_t */
	unsigned long ss_sp;
	int ss_flags;
	int pad;
	unsigned long ss_size;
};
_Static_assert(sizeof(struct ferrite_stack) == 24, "stack_t");

/* siginfo_t: 128 bytes; the fields a handler reads at musl's offsets */
struct ferrite_siginfo {
	int si_signo;
	int si_errno;
	int si_code;
	int pad;
	unsigned long si_addr;   /* faults; for kill: si_pid (int) and si_uid (int) here */
	unsigned char rest[104];
};
_Static_assert(sizeof(struct ferrite_siginfo) == 128, "siginfo_t");

/* ucontext_t as musl lays it out on x86_64; gregs indices as its REG_* names */
#define FERRITE_REG_R8 0
#define FERRITE_REG_RDI 8
#define FERRITE_REG_RSI 9
#define FERRITE_REG_RBP 10
#define FERRITE_REG_RBX 11
#define FERRITE_REG_RDX 12
#define FERRITE_REG_RAX 13
#define FERRITE_REG_RCX 14
#define FERRITE_REG_RSP 15
#define FERRITE_REG_RIP 16
#define FERRITE_REG_EFL 17
#define FERRITE_REG_CSGSFS 18
#define FERRITE_REG_ERR 19
#define FERRITE_REG_TRAPNO 20
#define FERRITE_REG_OLDMASK 21
#define FERRITE_REG_CR2 22
struct ferrite_ucontext {
	unsigned long uc_flags;
	unsigned long uc_link;
	struct ferrite_stack uc_stack;
	unsigned long gregs[23];
	unsigned long fpregs;    /* the user address of the saved FPU state (FXSAVE/XSAVE area) */
	unsigned long reserved1[8];
	unsigned long uc_sigmask[16];
	unsigned long fpregs_mem[64];
};
_Static_assert(sizeof(struct ferrite_ucontext) == 936, "ucontext_t");
_Static_assert(__builtin_offsetof(struct ferrite_ucontext, gregs) == 40 &&
	__builtin_offsetof(struct ferrite_ucontext, uc_sigmask) == 296, "ucontext_t layout");

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
