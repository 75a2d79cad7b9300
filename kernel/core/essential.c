/* kernel/core/essential.c: essential processes and the memory kept for them. init marks the
 * services its list calls essential (and itself) with proc_essential; the commit charge
 * (vm.c) keeps the last part of its limit for them, so when other processes have promised
 * themselves everything else (a program that allocates until ENOMEM), init can still fork and
 * start a service again and the essential ones can still grow a little. The mark goes with
 * fork (init's child is a service before it execs; it drops the mark if its service is not
 * essential) and stays across execve. */
#include "klib.h"
#include "errno.h"
#include "proc.h"
#include "syscall.h"

bool proc_may_use_reserve(void)
{
	struct thread *t = thread_current();
	return !t || !t->proc || t->proc->essential; /* the kernel's own threads: always */
}

/* proc_essential(pid, on): marks process pid (0: the caller) essential or not. Marking, or
 * touching another process, needs CAP_RESERVE; a process may always drop its own mark. 0, or
 * -EPERM, -ESRCH, -EINVAL. */
long sys_proc_essential(int pid, int on)
{
	struct process *self = proc_current(), *p;
	if (on != 0 && on != 1)
		return -EINVAL;
	if ((on || (pid != 0 && pid != self->pid)) && cap_require(FERRITE_CAP_RESERVE))
		return -EPERM;
	if (pid == 0 || pid == self->pid) {
		self->essential = on;
		return 0;
	}
	if (pid < 0 || !(p = proc_get(pid)))
		return -ESRCH;
	p->essential = on;
	proc_put(p);
	return 0;
}
