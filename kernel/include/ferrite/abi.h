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
#define FERRITE_EPERM 1
#define FERRITE_ENOENT 2
#define FERRITE_ESRCH 3
#define FERRITE_EINTR 4
#define FERRITE_EIO 5
#define FERRITE_ENXIO 6
#define FERRITE_E2BIG 7
#define FERRITE_ENOEXEC 8
#define FERRITE_EBADF 9
#define FERRITE_ECHILD 10
#define FERRITE_EAGAIN 11
#define FERRITE_ENOMEM 12
#define FERRITE_EACCES 13
#define FERRITE_EFAULT 14
#define FERRITE_ENOTBLK 15
#define FERRITE_EBUSY 16
#define FERRITE_EEXIST 17
#define FERRITE_EXDEV 18
#define FERRITE_ENODEV 19
#define FERRITE_ENOTDIR 20
#define FERRITE_EISDIR 21
#define FERRITE_EINVAL 22
#define FERRITE_ENFILE 23
#define FERRITE_EMFILE 24
#define FERRITE_ENOTTY 25
#define FERRITE_ETXTBSY 26
#define FERRITE_EFBIG 27
#define FERRITE_ENOSPC 28
#define FERRITE_ESPIPE 29
#define FERRITE_EROFS 30
#define FERRITE_EMLINK 31
#define FERRITE_EPIPE 32
#define FERRITE_EDOM 33
#define FERRITE_ERANGE 34
#define FERRITE_EDEADLK 35
#define FERRITE_ENAMETOOLONG 36
#define FERRITE_ENOLCK 37
#define FERRITE_ENOSYS 38
#define FERRITE_ENOTEMPTY 39
#define FERRITE_ELOOP 40
#define FERRITE_ENOMSG 42
#define FERRITE_EOVERFLOW 75
#define FERRITE_EBADFD 77
#define FERRITE_ENOTSOCK 88
#define FERRITE_EOPNOTSUPP 95
#define FERRITE_ETIMEDOUT 110
#define FERRITE_ECANCELED 125
/* Not an errno a program sees: a server's answer to a path call meaning "resolve this other
 * path instead" (a symlink, or ".." above its root). See docs/ARCHITECTURE.md, paths. */
#define FERRITE_EREDIRECT 4095

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
#define FERRITE_O_CREAT    0100
#define FERRITE_O_EXCL     0200
#define FERRITE_O_NOCTTY   0400
#define FERRITE_O_TRUNC    01000
#define FERRITE_O_DIRECTORY 0200000
#define FERRITE_O_NOFOLLOW 0400000
#define FERRITE_O_CLOEXEC  02000000
#define FERRITE_O_PATH     010000000
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

/* waitpid options (musl) */
#define FERRITE_WNOHANG    1
#define FERRITE_WUNTRACED  2   /* report children that stopped */
#define FERRITE_WCONTINUED 8   /* report children that a SIGCONT continued */

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
#define FERRITE_WSTATUS_STOPPED(sig) (0x7f | (((sig) & 0xff) << 8))  /* WIFSTOPPED, WSTOPSIG */
#define FERRITE_WSTATUS_CONTINUED 0xffff                                /* WIFCONTINUED */

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
	unsigned long addr;      /* si_addr for faults; for kill: si_pid (int) and si_uid (int) */
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


/* ---- paths and the namespace (the *at calls, stat, dirents) ---- */
#define FERRITE_AT_FDCWD (-100)
#define FERRITE_AT_SYMLINK_NOFOLLOW 0x100
#define FERRITE_AT_REMOVEDIR        0x200
#define FERRITE_AT_SYMLINK_FOLLOW   0x400
#define FERRITE_AT_EACCESS          0x200
#define FERRITE_AT_EMPTY_PATH       0x1000
#define FERRITE_UTIME_NOW  ((1l << 30) - 1l)  /* utimensat: tv_nsec meaning now */
#define FERRITE_UTIME_OMIT ((1l << 30) - 2l)  /* tv_nsec meaning leave it */
#define FERRITE_R_OK 4
#define FERRITE_W_OK 2
#define FERRITE_X_OK 1
#define FERRITE_F_OK 0
#define FERRITE_PATH_MAX 4096
#define FERRITE_SYMLOOP_MAX 40     /* redirects followed in one path call, then ELOOP */

#define FERRITE_S_IFMT   0170000
#define FERRITE_S_IFDIR  0040000
#define FERRITE_S_IFCHR  0020000
#define FERRITE_S_IFBLK  0060000
#define FERRITE_S_IFREG  0100000
#define FERRITE_S_IFIFO  0010000
#define FERRITE_S_IFLNK  0120000
#define FERRITE_S_IFSOCK 0140000

/* struct stat as musl lays it out on x86_64 */
struct ferrite_stat {
	unsigned long st_dev, st_ino, st_nlink;
	unsigned int st_mode, st_uid, st_gid, pad0;
	unsigned long st_rdev;
	long st_size, st_blksize, st_blocks;
	struct ferrite_timespec st_atim, st_mtim, st_ctim;
	long unused[3];
};
_Static_assert(sizeof(struct ferrite_stat) == 144, "struct stat is musl's");
_Static_assert(__builtin_offsetof(struct ferrite_stat, st_mode) == 24 &&
	__builtin_offsetof(struct ferrite_stat, st_size) == 48 &&
	__builtin_offsetof(struct ferrite_stat, st_mtim) == 88, "struct stat layout");

/* getdents64 records (musl's struct dirent), 8-byte aligned, d_reclen bytes each */
struct ferrite_dirent {
	unsigned long d_ino;
	long d_off;           /* the cookie to continue after this entry */
	unsigned short d_reclen;
	unsigned char d_type;          /* DT_* */
	char d_name[5];          /* NUL-terminated, runs on to d_reclen */
};
_Static_assert(__builtin_offsetof(struct ferrite_dirent, d_name) == 19, "struct dirent");
#define FERRITE_DT_UNKNOWN 0
#define FERRITE_DT_FIFO 1
#define FERRITE_DT_CHR  2
#define FERRITE_DT_DIR  4
#define FERRITE_DT_BLK  6
#define FERRITE_DT_REG  8
#define FERRITE_DT_LNK  10

/* ---- the scheme protocol (servers) ---- */
/* Request opcodes. Path requests carry a directory handle (0: the scheme's root) and a path
 * relative to it; handle requests act on a handle the server gave in its answer to OPEN. */
#define FERRITE_SOP_OPEN     1   /* path, flags, arg[0] mode -> result 0, reply.handle */
#define FERRITE_SOP_MKDIR    2   /* path, arg[0] mode */
#define FERRITE_SOP_UNLINK   3   /* path, flags AT_REMOVEDIR */
#define FERRITE_SOP_RENAME   4   /* path (from, under handle) to path2 (under handle2) */
#define FERRITE_SOP_LINK     5   /* path (existing, under handle) to path2 (new, under handle2) */
#define FERRITE_SOP_SYMLINK  6   /* path (the new link) holding path2 (its target) */
#define FERRITE_SOP_READLINK 7   /* path; reply data: the target */
#define FERRITE_SOP_STAT     8   /* path, flags AT_SYMLINK_NOFOLLOW; reply data: ferrite_stat */
#define FERRITE_SOP_CHMOD    9   /* path, arg[0] mode */
#define FERRITE_SOP_CHOWN    10  /* path, arg[0] uid, arg[1] gid, flags */
#define FERRITE_SOP_UTIMENS  11  /* path, request data: two ferrite_timespec */
#define FERRITE_SOP_ACCESS   12  /* path, arg[0] mode (R_OK...), flags */
#define FERRITE_SOP_READ     32  /* handle, arg[0] offset, len wanted; reply data: the bytes */
#define FERRITE_SOP_WRITE    33  /* handle, arg[0] offset, len offered (fetched by the server) */
#define FERRITE_SOP_FSTAT    34  /* handle; reply data: ferrite_stat */
#define FERRITE_SOP_GETDENTS 35  /* handle, arg[0] cookie, len; reply data: ferrite_dirent records */
#define FERRITE_SOP_TRUNCATE 36  /* handle, arg[0] length */
#define FERRITE_SOP_FSYNC    37  /* handle */
#define FERRITE_SOP_IOCTL    38  /* handle, arg[0] request, arg[1] size; data both ways */
#define FERRITE_SOP_FCHMOD   39  /* handle, arg[0] mode */
#define FERRITE_SOP_FCHOWN   40  /* handle, arg[0] uid, arg[1] gid */
#define FERRITE_SOP_CLOSE    41  /* handle: the last description referring to it went. A notice:
                                    id 0, no reply (a reply to id 0 is refused) */
#define FERRITE_SOP_CANCEL   64  /* id and arg[0]: a request the caller gave up on (a signal).
                                    Not a request of its own: the server answers that id, with
                                    -EINTR or with the request's real answer */

/* What a server reads from its scheme descriptor: one packet, then the request's path and
 * path2 (each NUL-terminated, path_len and path2_len bytes without the NUL) when it has any. */
struct ferrite_packet {
	unsigned long id;             /* the kernel's request id, echoed in the reply */
	unsigned int op;             /* FERRITE_SOP_* */
	unsigned int flags;          /* O_* for OPEN, AT_* for path calls, the description's O_* else */
	unsigned long handle;         /* the handle the request acts on, or the directory of a path */
	unsigned long handle2;        /* RENAME and LINK: the directory of path2 */
	unsigned long arg[4];         /* op-specific, see the opcodes */
	unsigned long len;            /* data the caller offers (WRITE, IOCTL in) or wants (READ...) */
	unsigned int path_len, path2_len;
	int pid, uid, gid, pgid; /* the caller, as the kernel knows it */
};
_Static_assert(sizeof(struct ferrite_packet) == 96, "struct ferrite_packet");
#define FERRITE_PACKET_MAX (sizeof(struct ferrite_packet) + 2 * FERRITE_PATH_MAX)

/* What a server writes back: one reply per request (or per cancel), in any order. */
struct ferrite_reply {
	unsigned long id;             /* the request's id; 0 with FERRITE_REPLY_EVENT */
	long result;          /* >= 0 or -errno; -FERRITE_EREDIRECT: data holds the new path */
	unsigned long handle;         /* OPEN: the new handle; EVENT: the handle whose readiness changed */
	unsigned long data;           /* the server's address of the reply data (READ, STAT, ...) */
	unsigned long len;            /* its length: never more than the request's len */
	unsigned int flags;          /* FERRITE_REPLY_* */
	int fd;              /* FERRITE_REPLY_FD: the server's descriptor handed to the caller */
};
_Static_assert(sizeof(struct ferrite_reply) == 48, "struct ferrite_reply");
#define FERRITE_REPLY_FD    1    /* OPEN answered with a descriptor of the server's, not a handle */
#define FERRITE_REPLY_EVENT 2    /* not a reply: readiness bits (POLL*) in result for handle */
#define FERRITE_REPLY_OFFSET 4   /* WRITE: data is the file offset after the write (where an
                                  * O_APPEND write ended), which the description takes instead
                                  * of adding the count to its own */
#define FERRITE_SCHEME_INFLIGHT 16 /* requests a client process has in flight; more wait */

/* ioctl: the requests the kernel knows, with the size of what the argument points at and the
 * way its bytes go; anything else is ENOTTY. IN: the caller's bytes, which the server fetches
 * (scheme_fetch); OUT: the server's reply data, at most that size; NONE: the argument itself,
 * in the packet's arg[2]. The packet of FERRITE_SOP_IOCTL has arg[0] the request, arg[1] the
 * size. FIONBIO, FIOCLEX and FIONCLEX are the kernel's own (flags of the description and the
 * descriptor); the others go to the server. Values and layouts are musl's (x86_64). */
#define FERRITE_IOC_NONE 0
#define FERRITE_IOC_IN   1
#define FERRITE_IOC_OUT  2
#define FERRITE_IOC_BOTH 3
#define FERRITE_TCGETS     0x5401
#define FERRITE_TCSETS     0x5402
#define FERRITE_TCSETSW    0x5403
#define FERRITE_TCSETSF    0x5404
#define FERRITE_TCSBRK     0x5409
#define FERRITE_TCXONC     0x540a
#define FERRITE_TCFLSH     0x540b
#define FERRITE_TIOCSCTTY  0x540e
#define FERRITE_TIOCGPGRP  0x540f
#define FERRITE_TIOCSPGRP  0x5410
#define FERRITE_TIOCGWINSZ 0x5413
#define FERRITE_TIOCSWINSZ 0x5414
#define FERRITE_FIONREAD   0x541b
#define FERRITE_FIONBIO    0x5421
#define FERRITE_TIOCNOTTY  0x5422
#define FERRITE_TIOCGSID   0x5429
#define FERRITE_FIONCLEX   0x5450
#define FERRITE_FIOCLEX    0x5451
#define FERRITE_TIOCGPTN   0x80045430u  /* a pty master's number (ptsname) */
#define FERRITE_TIOCSPTLCK 0x40045431u  /* lock or unlock its slave (unlockpt) */

/* struct termios as musl lays it out (60 bytes; NCCS 32) */
struct ferrite_termios {
	unsigned int c_iflag, c_oflag, c_cflag, c_lflag;
	unsigned char c_line;
	unsigned char c_cc[32];
	unsigned int c_ispeed, c_ospeed;
};
_Static_assert(sizeof(struct ferrite_termios) == 60, "struct termios is musl's");
_Static_assert(__builtin_offsetof(struct ferrite_termios, c_cc) == 17 &&
	__builtin_offsetof(struct ferrite_termios, c_ispeed) == 52, "struct termios layout");

struct ferrite_winsize {
	unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel;
};
_Static_assert(sizeof(struct ferrite_winsize) == 8, "struct winsize");

/* The table: X(request, argument size, direction) for each request above. */
#define FERRITE_IOCTLS(X) \
	X(FERRITE_TCGETS, sizeof(struct ferrite_termios), FERRITE_IOC_OUT) \
	X(FERRITE_TCSETS, sizeof(struct ferrite_termios), FERRITE_IOC_IN) \
	X(FERRITE_TCSETSW, sizeof(struct ferrite_termios), FERRITE_IOC_IN) \
	X(FERRITE_TCSETSF, sizeof(struct ferrite_termios), FERRITE_IOC_IN) \
	X(FERRITE_TCSBRK, 0, FERRITE_IOC_NONE) \
	X(FERRITE_TCXONC, 0, FERRITE_IOC_NONE) \
	X(FERRITE_TCFLSH, 0, FERRITE_IOC_NONE) \
	X(FERRITE_TIOCSCTTY, 0, FERRITE_IOC_NONE) \
	X(FERRITE_TIOCGPGRP, sizeof(int), FERRITE_IOC_OUT) \
	X(FERRITE_TIOCSPGRP, sizeof(int), FERRITE_IOC_IN) \
	X(FERRITE_TIOCGWINSZ, sizeof(struct ferrite_winsize), FERRITE_IOC_OUT) \
	X(FERRITE_TIOCSWINSZ, sizeof(struct ferrite_winsize), FERRITE_IOC_IN) \
	X(FERRITE_FIONREAD, sizeof(int), FERRITE_IOC_OUT) \
	X(FERRITE_FIONBIO, sizeof(int), FERRITE_IOC_IN) \
	X(FERRITE_TIOCNOTTY, 0, FERRITE_IOC_NONE) \
	X(FERRITE_TIOCGSID, sizeof(int), FERRITE_IOC_OUT) \
	X(FERRITE_FIONCLEX, 0, FERRITE_IOC_NONE) \
	X(FERRITE_FIOCLEX, 0, FERRITE_IOC_NONE) \
	X(FERRITE_TIOCGPTN, sizeof(int), FERRITE_IOC_OUT) \
	X(FERRITE_TIOCSPTLCK, sizeof(int), FERRITE_IOC_IN)

/* ---- kernel schemes and driver primitives ---- */
/* Capabilities: bits a process holds; fork and execve keep them, a process can only drop
 * them, and init hands each server the ones its service list names. */
#define FERRITE_CAP_IOPORT  (1u << 0)   /* I/O port ranges through the TSS bitmap */
#define FERRITE_CAP_PHYSMAP (1u << 1)   /* map a physical range (MMIO) */
#define FERRITE_CAP_DMA     (1u << 2)   /* DMA memory, with its physical address */
#define FERRITE_CAP_IRQ     (1u << 3)   /* interrupts as readable events */
#define FERRITE_CAP_SCHEME  (1u << 4)   /* register a scheme */
#define FERRITE_CAP_MOUNT   (1u << 5)   /* add to its own namespace */
#define FERRITE_CAP_PROCMEM (1u << 6)   /* read and write another process's memory */
#define FERRITE_CAP_POWER   (1u << 7)   /* power off, reboot */
#define FERRITE_CAP_RESERVE (1u << 8)   /* mark processes essential: the commit reserve is theirs */
#define FERRITE_CAP_ALL     0x1ffu

/* reboot(how), CAP_POWER: init calls it once the services are stopped */
#define FERRITE_REBOOT_POWEROFF 0
#define FERRITE_REBOOT_RESTART  1

/* proc_jobinfo(pid, sig): what a terminal server needs to decide about a background caller */
#define FERRITE_JOB_SIG_HELD 1   /* sig is ignored, or blocked by every thread */
#define FERRITE_JOB_ORPHANED 2   /* its process group is orphaned */

/* proc_info(pid, out): one process, for ps */
struct ferrite_procinfo {
	int pid, ppid, pgid, sid, uid, nthreads;
	unsigned caps;
	char state;              /* R running or ready, S waiting, T stopped */
	char essential;          /* 1: marked essential (proc_essential) */
	char pad[2];
	char name[32];
};
_Static_assert(sizeof(struct ferrite_procinfo) == 64, "struct ferrite_procinfo");

/* physmap cache types (through the PAT; without a PAT, write-combining falls back to uncached) */
#define FERRITE_CACHE_UC 0           /* uncached: device registers */
#define FERRITE_CACHE_WC 1           /* write-combining: frame buffers */
#define FERRITE_CACHE_WB 2           /* write-back: memory a device shares coherently */

/* irq_msi: what the caller programs into its device's MSI capability */
struct ferrite_msi {
	unsigned long address;       /* the MSI address (the target CPU's local APIC) */
	unsigned int data;           /* the MSI data (the vector, edge-triggered, fixed delivery) */
	unsigned int vector;         /* the vector, for the record */
};
_Static_assert(sizeof(struct ferrite_msi) == 16, "struct ferrite_msi");

/* The event scheme (/dev/event): a write of registrations, a read of ready events. */
#define FERRITE_EVENT_ADD 1
#define FERRITE_EVENT_MOD 2
#define FERRITE_EVENT_DEL 3
struct ferrite_event_reg {
	int op;                      /* FERRITE_EVENT_ADD, _MOD, _DEL */
	int fd;                      /* the descriptor watched */
	unsigned int events;         /* POLLIN, POLLOUT... (POLLHUP and POLLERR always) */
	unsigned int pad;
	unsigned long data;          /* given back with each of its events */
};
_Static_assert(sizeof(struct ferrite_event_reg) == 24, "struct ferrite_event_reg");
struct ferrite_event {
	unsigned int events;         /* what is ready now (POLL*) */
	unsigned int pad;
	unsigned long data;          /* the registration's */
};
_Static_assert(sizeof(struct ferrite_event) == 16, "struct ferrite_event");

/* ---- the musl port's own calls (4260..4279) ---- */
/* uname: musl's struct utsname (six fields of 65 bytes) */
#define FERRITE_UTSNAME_LEN 65
struct ferrite_utsname {
	char sysname[FERRITE_UTSNAME_LEN];
	char nodename[FERRITE_UTSNAME_LEN];
	char release[FERRITE_UTSNAME_LEN];
	char version[FERRITE_UTSNAME_LEN];
	char machine[FERRITE_UTSNAME_LEN];
	char domainname[FERRITE_UTSNAME_LEN];
};
_Static_assert(sizeof(struct ferrite_utsname) == 390, "struct utsname is musl's");

/* sysinfo: what sysinfo(2), sysconf and sched_getaffinity need (the shim fills musl's
 * struct sysinfo and the CPU mask from it) */
struct ferrite_sysinfo {
	unsigned long uptime;     /* seconds since boot */
	unsigned long totalram;   /* in units of mem_unit */
	unsigned long freeram;
	unsigned int procs;       /* processes (zombies included) */
	unsigned int ncpus;       /* CPUs running */
	unsigned int mem_unit;    /* bytes: the page size */
	unsigned int pad;
};
_Static_assert(sizeof(struct ferrite_sysinfo) == 40, "struct ferrite_sysinfo");

#endif
