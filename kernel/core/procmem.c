/* kernel/core/procmem.c: reading and writing another process's memory (a debugger, a
 * supervisor's core dump), with CAP_PROCMEM only. The copy goes straight between the two
 * spaces (vm_copy_between). The target's space must not go while it is copied: a copier counts
 * itself in the target's vm_users, which execve and exit wait for (proc_vm_close) before they
 * replace or destroy the space. */
#include "klib.h"
#include "errno.h"
#include "proc.h"
#include "sched.h"
#include "syscall.h"
#include "vm.h"

#define PROCMEM_MAX (1ul << 30) /* one call moves at most 1 GiB */

/* The living process pid with its space held (vm_users), or NULL. */
static struct process *procmem_hold(int pid)
{
	uint64_t fl = proc_tree_lock_take();
	struct process *p = proc_find_locked(pid);
	if (p && !p->vm_closing)
		__asm__ volatile("lock incl %0" : "+m"(p->vm_users));
	else
		p = NULL;
	proc_tree_lock_give(fl);
	return p;
}

static void procmem_release(struct process *p)
{
	__asm__ volatile("lock decl %0" : "+m"(p->vm_users));
}

void proc_vm_close(struct process *p)
{
	uint64_t fl = proc_tree_lock_take();
	p->vm_closing = true;
	proc_tree_lock_give(fl);
	while (p->vm_users)
		sched_yield();
}

void proc_vm_reopen(struct process *p)
{
	uint64_t fl = proc_tree_lock_take();
	p->vm_closing = false;
	proc_tree_lock_give(fl);
}

static long procmem_copy(int pid, uint64_t addr, uint64_t buf, size_t len, bool write)
{
	struct process *self = proc_current(), *p;
	int err = cap_require(FERRITE_CAP_PROCMEM);
	if (err)
		return err;
	if (len > PROCMEM_MAX)
		return -EINVAL;
	if (!user_range_ok(buf, len) || !user_range_ok(addr, len))
		return -EFAULT;
	if (!(p = procmem_hold(pid)))
		return -ESRCH;
	if (len)
		err = write ? vm_copy_between(&p->vm, addr, &self->vm, buf, len) :
			vm_copy_between(&self->vm, buf, &p->vm, addr, len);
	procmem_release(p);
	return err ? err : (long)len;
}

long sys_process_vm_read(int pid, unsigned long addr, void *buf, size_t len)
{
	return procmem_copy(pid, addr, (uint64_t)buf, len, false);
}

long sys_process_vm_write(int pid, unsigned long addr, const void *buf, size_t len)
{
	return procmem_copy(pid, addr, (uint64_t)buf, len, true);
}
