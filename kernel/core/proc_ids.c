/* kernel/core/proc_ids.c: the identity calls: process groups and sessions (the ground job
 * control stands on) and user and group ids. POSIX's rules: a process moves itself or a child
 * of its session to a group of that session; a group leader cannot start a session; only
 * root (euid 0) sets any id, others only their real or saved one. */
#include "klib.h"
#include "errno.h"
#include "proc.h"
#include "syscall.h"

long sys_setpgid(int pid, int pgid)
{
	struct process *self = proc_current(), *p;
	uint64_t fl;
	long err = 0;
	if (pgid < 0)
		return -EINVAL;
	fl = proc_tree_lock_take();
	p = pid == 0 ? self : proc_find_locked(pid);
	if (!p || (p != self && p->parent != self)) {
		err = -ESRCH;
	} else if (p->sid != self->sid) {
		err = -EPERM;
	} else if (p->pid == p->sid) {
		err = -EPERM; /* a session leader stays in its group */
	} else {
		int target = pgid ? pgid : p->pid;
		/* its own new group, or a group that exists in this session */
		if (target == p->pid || proc_group_in_session(target, self->sid))
			p->pgid = target;
		else
			err = -EPERM;
	}
	proc_tree_lock_give(fl);
	return err;
}

long sys_getpgid(int pid)
{
	struct process *p;
	uint64_t fl;
	long r;
	if (pid == 0)
		return proc_current()->pgid;
	fl = proc_tree_lock_take();
	p = proc_find_locked(pid);
	r = p ? p->pgid : -ESRCH;
	proc_tree_lock_give(fl);
	return r;
}

long sys_setsid(void)
{
	struct process *p = proc_current();
	uint64_t fl = proc_tree_lock_take();
	long r;
	if (p->pgid == p->pid || proc_group_in_session(p->pid, -1)) {
		r = -EPERM; /* a group leader, or its pid names someone else's group */
	} else {
		p->sid = p->pgid = p->pid;
		r = p->sid;
	}
	proc_tree_lock_give(fl);
	return r;
}

long sys_getsid(int pid)
{
	struct process *p;
	uint64_t fl;
	long r;
	if (pid == 0)
		return proc_current()->sid;
	fl = proc_tree_lock_take();
	p = proc_find_locked(pid);
	r = p ? p->sid : -ESRCH;
	proc_tree_lock_give(fl);
	return r;
}

long sys_getuid(void) { return proc_current()->uid; }
long sys_geteuid(void) { return proc_current()->euid; }
long sys_getgid(void) { return proc_current()->gid; }
long sys_getegid(void) { return proc_current()->egid; }

long sys_setuid(int uid)
{
	struct process *p = proc_current();
	if (uid < 0)
		return -EINVAL;
	if (p->euid == 0)
		p->uid = p->euid = p->suid = uid;
	else if (uid == p->uid || uid == p->suid)
		p->euid = uid;
	else
		return -EPERM;
	return 0;
}

long sys_setgid(int gid)
{
	struct process *p = proc_current();
	if (gid < 0)
		return -EINVAL;
	if (p->euid == 0)
		p->gid = p->egid = p->sgid = gid;
	else if (gid == p->gid || gid == p->sgid)
		p->egid = gid;
	else
		return -EPERM;
	return 0;
}
