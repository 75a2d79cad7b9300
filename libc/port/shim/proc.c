/* libc/port/shim/proc.c: process calls in another shape: wait4 (waitpid), set_tid_address,
 * getpgrp, the id sets, resource limits, umask, uname, sysinfo, tgkill, the CPU mask. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include "shim.h"

_Static_assert(sizeof(struct utsname) == sizeof(struct ferrite_utsname), "struct utsname");

long shim_wait4(const long *a)
{
	long r = shim_call3(SYS_waitpid, a[0], a[1], a[2]);
	if (r > 0 && a[3]) /* no CPU-time accounting yet: the usage is empty */
		memset((void *)a[3], 0, sizeof(struct rusage));
	return r;
}

/* musl asks for the thread id and for the word the kernel clears when the main thread ends;
 * only a thread made by clone has such a word in Ferrite (CLONE_CHILD_CLEARTID). */
long shim_set_tid_address(const long *a)
{
	(void)a;
	return shim_call0(SYS_gettid);
}

long shim_getpgrp(const long *a)
{
	(void)a;
	return shim_call1(SYS_getpgid, 0);
}

long shim_getgroups(const long *a)
{
	(void)a;
	return 0; /* a Ferrite process has no supplementary groups */
}

static long shim_getres(const long *a, long real, long eff)
{
	unsigned *r = (unsigned *)a[0], *e = (unsigned *)a[1], *s = (unsigned *)a[2];
	long rv = shim_call0(real), ev = shim_call0(eff);
	*r = (unsigned)rv;
	*e = (unsigned)ev;
	*s = (unsigned)ev; /* the saved id: the effective one at the last exec */
	return 0;
}

long shim_getresuid(const long *a)
{
	return shim_getres(a, SYS_getuid, SYS_geteuid);
}

long shim_getresgid(const long *a)
{
	return shim_getres(a, SYS_getgid, SYS_getegid);
}

/* The kernel's fixed limits (docs/libc.md): descriptors and processes; the rest unlimited. */
static void shim_limit(int res, struct rlimit *rl)
{
	rl->rlim_cur = rl->rlim_max = RLIM_INFINITY;
	if (res == RLIMIT_NOFILE)
		rl->rlim_cur = rl->rlim_max = 1024;
	else if (res == RLIMIT_NPROC)
		rl->rlim_cur = rl->rlim_max = 4096;
}

long shim_prlimit64(const long *a)
{
	if (a[0] && a[0] != shim_call0(SYS_getpid))
		return -ESRCH;
	if (a[1] < 0 || a[1] >= RLIM_NLIMITS)
		return -EINVAL;
	if (a[2])
		return -EPERM; /* limits cannot be changed */
	if (a[3])
		shim_limit((int)a[1], (struct rlimit *)a[3]);
	return 0;
}

long shim_getrlimit(const long *a)
{
	long p[4];
	p[0] = 0; p[1] = a[0]; p[2] = 0; p[3] = a[1];
	return shim_prlimit64(p);
}

long shim_setrlimit(const long *a)
{
	(void)a;
	return -EPERM;
}

/* The file creation mask lives in the process's C library until the kernel has one: kept
 * across fork, not across exec (where it goes back to 022). */
static unsigned shim_umask_value = 022;

unsigned shim_umask_get(void)
{
	return shim_umask_value;
}

long shim_umask(const long *a)
{
	unsigned old = shim_umask_value;
	shim_umask_value = (unsigned)a[0] & 0777;
	return old;
}

long shim_uname(const long *a)
{
	return shim_call1(SYS_uname, a[0]);
}

long shim_sysinfo(const long *a)
{
	struct ferrite_sysinfo k;
	struct sysinfo *s = (struct sysinfo *)a[0];
	long r = shim_call1(SYS_sysinfo, &k);
	if (r < 0)
		return r;
	memset(s, 0, sizeof(*s));
	s->uptime = (long)k.uptime;
	s->totalram = k.totalram;
	s->freeram = k.freeram;
	s->procs = (unsigned short)k.procs;
	s->mem_unit = k.mem_unit;
	return 0;
}

long shim_tgkill(const long *a)
{
	if (a[0] != shim_call0(SYS_getpid))
		return -ESRCH; /* only the caller's own threads can be named */
	return shim_call2(SYS_tkill, a[1], a[2]);
}

/* Every running CPU: threads may run on any of them. */
long shim_sched_getaffinity(const long *a)
{
	struct ferrite_sysinfo k;
	unsigned char *mask = (unsigned char *)a[2];
	size_t size = (size_t)a[1];
	long r = shim_call1(SYS_sysinfo, &k);
	if (r < 0)
		return r;
	if (size < (k.ncpus + 7) / 8)
		return -EINVAL;
	memset(mask, 0, size);
	for (unsigned i = 0; i < k.ncpus; i++)
		mask[i / 8] |= (unsigned char)(1u << (i % 8));
	return (long)((k.ncpus + 7) / 8);
}
