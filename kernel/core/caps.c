/* kernel/core/caps.c: capabilities, the bits (FERRITE_CAP_*) that let a process use a driver
 * primitive. The first process the kernel starts holds them all; fork, clone and execve keep
 * them; a process can only drop them (init hands each server its set by dropping the rest
 * before exec). Dropping CAP_IOPORT also takes back the ports it was granted. */
#include "klib.h"
#include "errno.h"
#include "proc.h"
#include "syscall.h"

int cap_require(unsigned cap)
{
	struct process *p = proc_current();
	return !p || (p->caps & cap) == cap ? 0 : -EPERM; /* kernel threads: trusted */
}

long sys_cap_get(void)
{
	return (long)proc_current()->caps;
}

/* Drops the bits of mask (unknown bits are ignored: there is nothing to drop); the set left. */
long sys_cap_drop(unsigned mask)
{
	struct process *p = proc_current();
	unsigned had = p->caps;
	__asm__ volatile("lock andl %1, %0" : "+m"(p->caps) : "r"(~mask));
	if ((had & FERRITE_CAP_IOPORT) && (mask & FERRITE_CAP_IOPORT))
		ioport_revoke(p);
	return (long)p->caps;
}
