/* libc/port/shim/shim.h: the inside of Ferrite's musl shim (installed in the build tree as
 * src/ferrite/). musl calls __ferrite_syscall with a Linux call number (syscall_arch.h); the
 * table in syscall.c either renumbers the call (same arguments, same meaning) or hands it to
 * one small function here that translates it. Linux numbers come from musl's own list
 * (LINUX_name, generated from arch/x86_64/bits/syscall.h.in); Ferrite's are SYS_name from
 * kernel/syscalls.list. The two never meet anywhere else: musl's <sys/syscall.h> is not used. */
#ifndef FERRITE_SHIM_H
#define FERRITE_SHIM_H

#include <stddef.h>
#include "abi.h"
#include "linux_nr.h"

#define SHIM_HIDDEN __attribute__((__visibility__("hidden")))

/* One raw Ferrite system call. */
SHIM_HIDDEN long shim_raw(long nr, long a, long b, long c, long d, long e, long f);
#define shim_call0(nr) shim_raw(nr, 0, 0, 0, 0, 0, 0)
#define shim_call1(nr, a) shim_raw(nr, (long)(a), 0, 0, 0, 0, 0)
#define shim_call2(nr, a, b) shim_raw(nr, (long)(a), (long)(b), 0, 0, 0, 0)
#define shim_call3(nr, a, b, c) shim_raw(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define shim_call4(nr, a, b, c, d) shim_raw(nr, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

/* musl's entry: a Linux call number and its arguments; the result as the kernel's (-errno). */
SHIM_HIDDEN long __ferrite_syscall(long n, long a, long b, long c, long d, long e, long f);

/* For cancellation points: if Linux call n is one Ferrite call, rewrites args in place, sets
 * *nr and returns 1; returns 0 for a call the shim emulates with several. */
SHIM_HIDDEN int shim_translate(long n, long *args, long *nr);

/* The translating functions: each takes the six arguments as musl passed them. */
typedef long (*shim_fn)(const long *a);
#define SHIM_FN(name) SHIM_HIDDEN long shim_##name(const long *a)
SHIM_FN(readv); SHIM_FN(writev); SHIM_FN(preadv); SHIM_FN(pwritev); SHIM_FN(pipe); SHIM_FN(dup2); SHIM_FN(select);
SHIM_FN(pselect6); SHIM_FN(ppoll); SHIM_FN(ioctl); SHIM_FN(madvise); SHIM_FN(mremap);
SHIM_FN(wait4); SHIM_FN(set_tid_address); SHIM_FN(getpgrp); SHIM_FN(getgroups);
SHIM_FN(getresuid); SHIM_FN(getresgid); SHIM_FN(prlimit64); SHIM_FN(getrlimit);
SHIM_FN(setrlimit); SHIM_FN(umask); SHIM_FN(uname); SHIM_FN(futex); SHIM_FN(tgkill);
SHIM_FN(clock_gettime); SHIM_FN(clock_getres); SHIM_FN(clock_nanosleep); SHIM_FN(pause);
SHIM_FN(rt_sigsuspend); SHIM_FN(sched_getaffinity); SHIM_FN(sysinfo);
SHIM_FN(open); SHIM_FN(openat); SHIM_FN(creat); SHIM_FN(stat); SHIM_FN(lstat); SHIM_FN(access);
SHIM_FN(faccessat); SHIM_FN(faccessat2); SHIM_FN(mkdir); SHIM_FN(mkdirat); SHIM_FN(rmdir);
SHIM_FN(unlink); SHIM_FN(rename); SHIM_FN(renameat2); SHIM_FN(link); SHIM_FN(symlink);
SHIM_FN(readlink); SHIM_FN(fchmodat); SHIM_FN(chmod); SHIM_FN(fchmod); SHIM_FN(chown);
SHIM_FN(lchown); SHIM_FN(fchown); SHIM_FN(truncate);

/* The file creation mask the shim keeps (proc.c) and applies (path.c). */
SHIM_HIDDEN unsigned shim_umask_get(void);

#endif
