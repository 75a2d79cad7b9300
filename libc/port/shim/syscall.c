/* libc/port/shim/syscall.c: the shim's entry. musl's every system call arrives here with its
 * Linux number (syscall_arch.h). A call with the same arguments and meaning in Ferrite is
 * renumbered; one that needs translating goes to its function (the other files here); any other
 * goes to the kernel unchanged, which logs it ("Linux system call N is not Ferrite's") and
 * answers ENOSYS, so a missing call is seen, never silently faked. docs/libc.md lists them. */
#include "shim.h"

#define SHIM_NR_MAX 512 /* Linux x86_64 numbers in musl 1.2.3 stay below this */

struct shim_entry {
	unsigned short nr; /* the Ferrite call with the same arguments, or 0 */
	shim_fn fn;        /* or the function that translates it */
};

#define SAME(lx, fe) [LINUX_##lx] = { SYS_##fe, 0 }
#define FN(lx) [LINUX_##lx] = { 0, shim_##lx }

static const struct shim_entry shim_table[SHIM_NR_MAX] = {
	SAME(read, read), SAME(write, write), SAME(close, close), SAME(poll, poll),
	SAME(lseek, lseek), SAME(mmap, mmap), SAME(mprotect, mprotect), SAME(munmap, munmap),
	SAME(brk, brk), SAME(rt_sigaction, sigaction), SAME(rt_sigprocmask, sigprocmask),
	SAME(rt_sigreturn, sigreturn), SAME(sched_yield, sched_yield), SAME(dup, dup),
	SAME(nanosleep, nanosleep), SAME(getpid, getpid), SAME(clone, clone), SAME(fork, fork),
	SAME(execve, execve), SAME(exit, exit_thread), SAME(exit_group, exit), SAME(kill, kill),
	SAME(fcntl, fcntl), SAME(getuid, getuid), SAME(getgid, getgid), SAME(setuid, setuid),
	SAME(setgid, setgid), SAME(geteuid, geteuid), SAME(getegid, getegid),
	SAME(setpgid, setpgid), SAME(getppid, getppid), SAME(setsid, setsid),
	SAME(getpgid, getpgid), SAME(getsid, getsid), SAME(sigaltstack, sigaltstack),
	SAME(gettid, gettid), SAME(tkill, tkill), SAME(dup3, dup3), SAME(pipe2, pipe2),
	SAME(getrandom, getrandom),
	SAME(unlinkat, unlinkat), SAME(renameat, renameat), SAME(linkat, linkat),
	SAME(symlinkat, symlinkat), SAME(readlinkat, readlinkat), SAME(newfstatat, fstatat),
	SAME(fstat, fstat), SAME(getdents64, getdents64), SAME(chdir, chdir), SAME(fchdir, fchdir),
	SAME(getcwd, getcwd), SAME(fchownat, fchownat), SAME(utimensat, utimensat),
	SAME(ftruncate, ftruncate), SAME(fsync, fsync), SAME(fdatasync, fsync),
	SAME(pread64, pread64), SAME(pwrite64, pwrite64), FN(preadv), FN(pwritev),
	FN(readv), FN(writev), FN(pipe), FN(dup2), FN(select), FN(pselect6), FN(ppoll), FN(ioctl),
	FN(madvise), FN(mremap), FN(wait4), FN(set_tid_address), FN(getpgrp), FN(getgroups),
	FN(getresuid), FN(getresgid), FN(prlimit64), FN(getrlimit), FN(setrlimit), FN(umask),
	FN(uname), FN(futex), FN(tgkill), FN(clock_gettime), FN(clock_getres),
	FN(clock_nanosleep), FN(pause), FN(rt_sigsuspend), FN(sched_getaffinity), FN(sysinfo),
	FN(open), FN(openat), FN(creat), FN(stat), FN(lstat), FN(access), FN(faccessat),
	FN(faccessat2), FN(mkdir), FN(mkdirat), FN(rmdir), FN(unlink), FN(rename), FN(renameat2),
	FN(link), FN(symlink), FN(readlink), FN(fchmodat), FN(chmod), FN(fchmod), FN(chown),
	FN(lchown), FN(fchown), FN(truncate),
};

/* shim_raw(nr, a..f): the `syscall` instruction with Ferrite's convention (Linux's registers). */
__asm__(
	".text\n"
	".global shim_raw\n"
	".hidden shim_raw\n"
	".type shim_raw,@function\n"
	"shim_raw:\n"
	"	mov %rdi,%rax\n"
	"	mov %rsi,%rdi\n"
	"	mov %rdx,%rsi\n"
	"	mov %rcx,%rdx\n"
	"	mov %r8,%r10\n"
	"	mov %r9,%r8\n"
	"	mov 8(%rsp),%r9\n"
	"	syscall\n"
	"	ret\n"
);

long __ferrite_syscall(long n, long a, long b, long c, long d, long e, long f)
{
	const struct shim_entry *s;
	long args[6];
	if (n < 0 || n >= SHIM_NR_MAX)
		return shim_raw(n, a, b, c, d, e, f);
	s = &shim_table[n];
	if (s->nr)
		return shim_raw(s->nr, a, b, c, d, e, f);
	if (!s->fn)
		return shim_raw(n, a, b, c, d, e, f); /* not Ferrite's: the kernel logs it, ENOSYS */
	args[0] = a; args[1] = b; args[2] = c; args[3] = d; args[4] = e; args[5] = f;
	return s->fn(args);
}

int shim_translate(long n, long *args, long *nr)
{
	if (n >= 0 && n < SHIM_NR_MAX && shim_table[n].nr) {
		*nr = shim_table[n].nr;
		return 1;
	}
	if (n == LINUX_wait4 && !args[3]) { /* no rusage wanted: waitpid */
		*nr = SYS_waitpid;
		return 1;
	}
	if (n == LINUX_futex && ((args[1] & ~FERRITE_FUTEX_PRIVATE) == FERRITE_FUTEX_WAIT ||
			(args[1] & ~FERRITE_FUTEX_PRIVATE) == FERRITE_FUTEX_WAKE)) {
		*nr = SYS_futex;
		return 1;
	}
	if ((n == LINUX_clock_nanosleep && !args[1] && (args[0] == 0 || args[0] == 1))) {
		/* relative, on CLOCK_REALTIME or CLOCK_MONOTONIC: nanosleep(req, rem) */
		args[0] = args[2];
		args[1] = args[3];
		*nr = SYS_nanosleep;
		return 1;
	}
	return 0;
}
