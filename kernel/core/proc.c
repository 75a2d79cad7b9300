/* kernel/core/proc.c: the life of a process: creation from an initfs image, fork, exit, the
 * parent's wait, a fault's end. Each process has one thread until clone comes.
 *
 * Locking: proc_tree_lock guards every parent, children, state and child_events field; it is
 * taken before wait queue locks (an exiting child wakes its parent under it). A process's structure is freed by whoever
 * collects it (its parent, proc_wait, or, for an orphan, its own thread's reaper), and only
 * after its exiting thread set `released`, its last touch. */
#include "klib.h"
#include "errno.h"
#include "panic.h"
#include "path.h"
#include "pmm.h"
#include "proc.h"
#include "syscall.h"
#include "signal.h"
#include "jobctl.h"
#include "../arch/x86_64/percpu.h"

static volatile int proc_next_pid = 1;
static volatile uint64_t proc_enosys;
static struct spinlock proc_tree_lock = SPINLOCK_INIT("proc_tree");
static struct list proc_all = LIST_INIT(proc_all);
static volatile int proc_count; /* allocated process structures, zombies included */

void user_enter(uint64_t rip, uint64_t rsp);        /* syscall.S */
void user_return(const struct trap_frame *f);    /* syscall.S */
int futex_wake_user(int *uaddr, int n);             /* futex.c */
void thread_free(struct thread *t);                 /* thread.c */
void fpu_copy_current(void *dst);                   /* arch/x86_64/context.c */

struct process *proc_current(void)
{
	struct thread *t = thread_current();
	return t ? t->proc : NULL;
}

int proc_total(void)
{
	return proc_count;
}

uint64_t proc_enosys_total(void)
{
	return proc_enosys;
}

void proc_count_enosys(void)
{
	__asm__ volatile("lock incq %0" : "+m"(proc_enosys));
}

static struct process *proc_alloc(const char *name)
{
	uint64_t phys;
	struct process *p;
	int pid = 1, n = 1;
	__asm__ volatile("lock xaddl %0, %1" : "+r"(n), "+m"(proc_count));
	if (n >= PROC_MAX_PROCS || !(phys = pmm_alloc_page(PMM_ZERO))) {
		__asm__ volatile("lock decl %0" : "+m"(proc_count));
		return NULL;
	}
	p = (struct process *)(VM_DIRECT_MAP + phys);
	__asm__ volatile("lock xaddl %0, %1" : "+r"(pid), "+m"(proc_next_pid));
	p->pid = pid;
	ksnprintf(p->name, sizeof(p->name), "%s", name);
	list_init(&p->children);
	list_init(&p->sibling);
	waitq_init(&p->exit_wq);
	waitq_init(&p->child_wq);
	waitq_init(&p->vfork_wq);
	waitq_init(&p->stop_wq);
	waitq_init(&p->ipc_wq);
	list_init(&p->threads);
	p->pgid = p->sid = p->pid; /* a process the kernel starts leads its own session */
	return p;
}

uint64_t proc_tree_lock_take(void)
{
	return spin_lock_irqsave(&proc_tree_lock);
}

void proc_tree_lock_give(uint64_t flags)
{
	spin_unlock_irqrestore(&proc_tree_lock, flags);
}

struct process *proc_find_locked(int pid)
{
	for (struct list *l = proc_all.next; l != &proc_all; l = l->next) {
		struct process *p = list_entry(l, struct process, all_link);
		if (p->pid == pid && p->state == PROC_ALIVE)
			return p;
	}
	return NULL;
}

bool proc_group_in_session(int pgid, int sid)
{
	for (struct list *l = proc_all.next; l != &proc_all; l = l->next) {
		struct process *p = list_entry(l, struct process, all_link);
		if (p->pgid == pgid && p->state == PROC_ALIVE && (sid < 0 || p->sid == sid))
			return true;
	}
	return false;
}

void proc_each_locked(bool (*fn)(struct process *p, void *arg), void *arg)
{
	for (struct list *l = proc_all.next; l != &proc_all; l = l->next) {
		struct process *p = list_entry(l, struct process, all_link);
		if (p->state == PROC_ALIVE && !fn(p, arg))
			return;
	}
}

/* The same without the tree lock, for a dump in an NMI: the walk stops at a link that
 * ok() refuses (the list may change under it) and after 4,096 processes. */
void proc_each_racy(bool (*fn)(struct process *p, void *arg), void *arg, bool (*ok)(const void *))
{
	int n = 0;
	for (struct list *l = proc_all.next; l != &proc_all && n < 4096 && ok(l); l = l->next, n++) {
		struct process *p = list_entry(l, struct process, all_link);
		if (p->state == PROC_ALIVE && !fn(p, arg))
			return;
	}
}

/* Sends sig to one thread of p, one that does not block it if there is one; the tree lock is
 * held. Job control acts first: SIGCONT continues p even when it is ignored. */
int proc_signal_locked(struct process *p, int sig, int from_pid)
{
	struct thread *pick = NULL;
	int err = 0;
	if (sig <= 0 || p->state != PROC_ALIVE)
		return 0;
	if (sig != FERRITE_SIGCONT)
		jobctl_on_send_locked(p, sig);
	if (!signal_ignored_by(p, sig)) {
		for (struct list *l = p->threads.next; l != &p->threads; l = l->next) {
			struct thread *t = list_entry(l, struct thread, proc_link);
			if (!pick)
				pick = t;
			if (!(t->sig_blocked & (1ul << (sig - 1)))) {
				pick = t;
				break;
			}
		}
		err = pick ? signal_send_thread(pick, sig, from_pid) : 0;
	}
	/* SIGCONT wakes the stopped threads only once it is pending: a woken thread takes it
	 * before it makes its interrupted call again, so it cannot cut that call short later */
	if (sig == FERRITE_SIGCONT)
		jobctl_on_send_locked(p, sig);
	return err;
}

int proc_signal_group_locked(int pgid, int sig, int from_pid)
{
	int n = 0;
	for (struct list *l = proc_all.next; l != &proc_all; l = l->next) {
		struct process *p = list_entry(l, struct process, all_link);
		if (p->pgid == pgid && p->state == PROC_ALIVE) {
			proc_signal_locked(p, sig, from_pid);
			n++;
		}
	}
	return n;
}

/* kill's rule (POSIX): may from send sig to p? from's real or effective uid is p's real or
 * saved one, or from is root (euid 0); SIGCONT also goes to any process of from's session.
 * pid 1 is never stopped, and only root may send it SIGKILL: init keeps the system up. A
 * kernel thread (from NULL) may do anything. With the tree lock held. */
static bool proc_may_signal_locked(const struct process *from, const struct process *p, int sig)
{
	if (p->pid == 1 && jobctl_is_stop(sig))
		return false;
	if (p->pid == 1 && sig == FERRITE_SIGKILL)
		return !from || from->euid == 0;
	if (!from || from->euid == 0 || (sig == FERRITE_SIGCONT && from->sid == p->sid))
		return true;
	return from->uid == p->uid || from->uid == p->suid || from->euid == p->uid ||
		from->euid == p->suid;
}

int proc_signal_group(int pgid, int sig, int from_pid)
{
	struct process *from = proc_current();
	int members = 0, sent = 0;
	uint64_t fl = spin_lock_irqsave(&proc_tree_lock);
	for (struct list *l = proc_all.next; l != &proc_all; l = l->next) {
		struct process *p = list_entry(l, struct process, all_link);
		if (p->pgid != pgid || p->state != PROC_ALIVE)
			continue;
		members++;
		if (proc_may_signal_locked(from, p, sig)) {
			proc_signal_locked(p, sig, from_pid);
			sent++;
		}
	}
	spin_unlock_irqrestore(&proc_tree_lock, fl);
	return sent ? 0 : members ? -EPERM : -ESRCH;
}

/* Makes t one of p's living threads: -EAGAIN past the limit or once the process is ending
 * (a thread added after exit's sweep would never be told). */
static int proc_add_thread(struct process *p, struct thread *t)
{
	uint64_t fl = spin_lock_irqsave(&proc_tree_lock);
	int err = 0;
	if (p->exiting || p->nthreads >= PROC_MAX_THREADS)
		err = -EAGAIN;
	else {
		list_add_tail(&p->threads, &t->proc_link);
		p->nthreads++;
	}
	spin_unlock_irqrestore(&proc_tree_lock, fl);
	return err;
}

/* kill(pid): the lookup, the permission and the send under the tree lock, so that p cannot go
 * (or change its ids) meanwhile. */
int proc_signal_pid(int pid, int sig, int from_pid)
{
	struct process *p;
	int err = -ESRCH;
	uint64_t fl = spin_lock_irqsave(&proc_tree_lock);
	p = proc_find_locked(pid);
	if (p && !proc_may_signal_locked(proc_current(), p, sig))
		err = -EPERM;
	else if (p)
		err = proc_signal_locked(p, sig, from_pid);
	spin_unlock_irqrestore(&proc_tree_lock, fl);
	return err;
}

static void proc_publish(struct process *p)
{
	uint64_t fl = spin_lock_irqsave(&proc_tree_lock);
	list_add_tail(&proc_all, &p->all_link);
	spin_unlock_irqrestore(&proc_tree_lock, fl);
}

struct process *proc_get(int pid)
{
	struct process *found = NULL;
	uint64_t fl = spin_lock_irqsave(&proc_tree_lock);
	for (struct list *l = proc_all.next; l != &proc_all; l = l->next) {
		struct process *p = list_entry(l, struct process, all_link);
		if (p->pid == pid && p->state == PROC_ALIVE) {
			__asm__ volatile("lock incl %0" : "+m"(p->refs));
			found = p;
			break;
		}
	}
	spin_unlock_irqrestore(&proc_tree_lock, fl);
	return found;
}

int proc_pid_from(int min)
{
	int best = -1;
	uint64_t fl = spin_lock_irqsave(&proc_tree_lock);
	for (struct list *l = proc_all.next; l != &proc_all; l = l->next) {
		struct process *p = list_entry(l, struct process, all_link);
		if (p->state == PROC_ALIVE && p->pid >= min && (best < 0 || p->pid < best))
			best = p->pid;
	}
	spin_unlock_irqrestore(&proc_tree_lock, fl);
	return best;
}

void proc_put(struct process *p)
{
	__asm__ volatile("lock decl %0" : "+m"(p->refs));
}

static void proc_release_page(struct process *p)
{
	pmm_free_pages(virt_to_phys(p), 0);
	__asm__ volatile("lock decl %0" : "+m"(proc_count));
}

static void proc_free(struct process *p)
{
	while (!p->released || p->refs) /* its thread may still be on its way out */
		sched_yield();
	proc_release_page(p);
}

static void proc_first_thread(void *arg)
{
	struct process *p = arg;
	user_enter(p->entry, p->user_rsp);
}

struct process *proc_spawn(const char *name, const void *image, size_t size, int *err)
{
	struct process *p = proc_alloc(name);
	struct exec_result r;
	const char *argv[1] = { name };
	if (!p) {
		*err = -ENOMEM;
		return NULL;
	}
	p->kernel_waited = true;
	p->caps = FERRITE_CAP_ALL; /* the kernel's own processes (init) hold every capability */
	*err = fdtable_init(&p->fds);
	if (!*err)
		*err = vm_space_create(&p->vm);
	if (*err) {
		fdtable_close_all(&p->fds);
		proc_release_page(p);
		return NULL;
	}
	*err = exec_load(&p->vm, image, size, name, argv, 1, NULL, 0, &r);
	if (!*err) {
		p->entry = r.entry;
		p->user_rsp = r.sp;
		p->brk_start = p->brk = r.brk;
		p->main = thread_create_user_stopped(p, proc_first_thread, p);
		if (!p->main)
			*err = -ENOMEM;
	}
	if (*err) {
		vm_space_destroy(&p->vm);
		fdtable_close_all(&p->fds);
		proc_release_page(p);
		return NULL;
	}
	/* the namespace of the first process, its current directory the root */
	p->ns = ns_boot();
	p->umask = 0; /* init sets its own (musl's port kept one in user space at first) */
	p->cwd = path_open(p, FERRITE_AT_FDCWD, "/", FERRITE_O_PATH | FERRITE_O_DIRECTORY, 0, err);
	*err = 0;
	proc_add_thread(p, p->main);
	proc_publish(p);
	thread_start(p->main);
	return p;
}

static void proc_fork_child(void *arg)
{
	struct process *p = arg;
	user_return(&p->fork_frame);
}

int proc_fork(const struct trap_frame *f)
{
	struct process *parent = proc_current(), *c = proc_alloc(parent->name);
	struct thread *t;
	uint64_t fl;
	int err;
	if (!c)
		return proc_count >= PROC_MAX_PROCS ? -EAGAIN : -ENOMEM;
	c->caps = parent->caps;
	c->essential = parent->essential;
	err = ioport_fork(c, parent);
	if (!err && (err = fdtable_copy(&c->fds, &parent->fds)))
		ioport_revoke(c);
	if (!err) {
		err = vm_space_fork(&c->vm, &parent->vm);
		if (err) {
			fdtable_close_all(&c->fds);
			ioport_revoke(c);
		}
	}
	if (err) {
		proc_release_page(c);
		return err;
	}
	c->fork_frame = *f;
	c->fork_frame.rax = 0; /* fork returns 0 in the child */
	c->fork_frame.rflags = (f->rflags & 0x0cd5ul) | 0x202;
	c->brk_start = parent->brk_start;
	c->brk = parent->brk;
	c->pgid = parent->pgid;
	c->sid = parent->sid;
	c->uid = parent->uid; c->euid = parent->euid; c->suid = parent->suid;
	c->gid = parent->gid; c->egid = parent->egid; c->sgid = parent->sgid;
	fl = spin_lock_irqsave(&proc_tree_lock);
	c->parent = parent;
	list_add_tail(&parent->children, &c->sibling);
	spin_unlock_irqrestore(&proc_tree_lock, fl);
	t = thread_create_user_stopped(c, proc_fork_child, c);
	if (!t) {
		fl = spin_lock_irqsave(&proc_tree_lock);
		list_del(&c->sibling);
		spin_unlock_irqrestore(&proc_tree_lock, fl);
		vm_space_destroy(&c->vm);
		fdtable_close_all(&c->fds);
		ioport_revoke(c);
		proc_release_page(c);
		return -ENOMEM;
	}
	c->main = t;
	c->ns = ns_of(parent); /* shared: a change makes a new table (ns.c) */
	c->cwd = proc_cwd_get(parent);
	c->umask = parent->umask;
	memcpy(c->sigactions, parent->sigactions, sizeof(c->sigactions));
	t->sig_blocked = thread_current()->sig_blocked;
	t->altstack_sp = thread_current()->altstack_sp;
	t->altstack_size = thread_current()->altstack_size;
	t->altstack_flags = thread_current()->altstack_flags;
	t->fs_base = thread_current()->fs_base;
	fpu_copy_current(t->fpu); /* the parent's registers are live: the child starts from them */
	proc_add_thread(c, t);
	proc_publish(c);
	thread_start(t);
	return c->pid;
}

/* The process is over: every thread has left it. Frees what it held and hands it to whoever
 * collects it. Runs on the last thread, already off the address space. */
static void proc_finish(struct process *p)
{
	struct thread *t = thread_current();
	struct list dead = LIST_INIT(dead);
	uint64_t fl;
	/* before anything lets go of it (its claim on a device, its DMA memory): the pages its
	 * device may still write wait for the pci server to quiet that device (dmahold.c) */
	dma_hold_proc_end(p);
	fdtable_close_all(&p->fds); /* pipe peers see EOF or EPIPE now */
	ioport_revoke(p);
	proc_vm_close(p); /* no other process is copying from or to it any more */
	proc_cwd_set(p, NULL);
	ns_set(p, NULL);
	vm_space_destroy(&p->vm); /* its regions, every page they own, its tables */
	fl = spin_lock_irqsave(&proc_tree_lock);
	p->state = PROC_ZOMBIE;
	list_del(&p->all_link);
	jobctl_orphans_locked(p); /* before its children let go of it */
	/* its children lose their parent: zombies among them are freed now, the others free
	 * themselves when they end */
	while (!list_empty(&p->children)) {
		struct process *c = list_entry(p->children.next, struct process, sibling);
		list_del(&c->sibling);
		c->parent = NULL;
		if (c->state == PROC_ZOMBIE)
			list_add_tail(&dead, &c->sibling);
	}
	if (p->parent) {
		jobctl_notify_parent_locked(p, false);
	} else if (p->kernel_waited) {
		waitq_wake(&p->exit_wq, -1);
	} else {
		t->reap = p; /* an orphan: freed with this thread */
	}
	spin_unlock_irqrestore(&proc_tree_lock, fl);
	p->vfork_done = true;
	waitq_wake(&p->vfork_wq, -1);
	while (!list_empty(&dead)) {
		struct process *c = list_entry(dead.next, struct process, sibling);
		list_del(&c->sibling);
		proc_free(c);
	}
}

/* CLONE_CHILD_CLEARTID: the word goes to 0 and one waiter on it wakes (pthread_join). */
static void proc_clear_tid(struct thread *t)
{
	int zero = 0;
	if (!t->clear_tid)
		return;
	if (copy_to_user(t->clear_tid, &zero, sizeof(zero)) == 0)
		futex_wake_user(t->clear_tid, 1);
	t->clear_tid = NULL;
}

void proc_thread_exit(int wstatus)
{
	struct thread *t = thread_current();
	struct process *p = t->proc;
	uint64_t fl;
	bool last;
	if (!p)
		panic("proc_thread_exit from a kernel thread");
	proc_clear_tid(t);
	/* Leave the address space before counting down: the last thread destroys it, and no CPU
	 * may still have it loaded for one of the others. This one finishes as a kernel thread. */
	fl = irq_save();
	t->proc = NULL;
	t->fpu = NULL;
	vm_space_activate(&kernel_vm);
	irq_restore(fl);
	fl = spin_lock_irqsave(&proc_tree_lock);
	list_del(&t->proc_link);
	last = --p->nthreads == 0;
	if (last && !p->exiting)
		p->wstatus = wstatus;
	spin_unlock_irqrestore(&proc_tree_lock, fl);
	if (last)
		proc_finish(p);
	__asm__ volatile("" : : : "memory");
	if (last)
		p->released = 1; /* the last touch: whoever collects p may free it from here on */
	thread_exit();
}

/* The whole process ends with wstatus: the other threads are told (they leave on their way
 * back to user mode, woken from any wait), and this one leaves. */
void proc_exit(int wstatus)
{
	struct process *p = thread_current()->proc;
	uint64_t fl;
	if (!p)
		panic("proc_exit from a kernel thread");
	/* under the tree lock, so that none of them can be freed meanwhile (a thread leaves the
	 * list under it before it goes); the order tree, wait queue, run queue holds */
	fl = spin_lock_irqsave(&proc_tree_lock);
	if (!p->exiting) {
		p->exiting = true;
		p->wstatus = wstatus;
	}
	for (struct list *l = p->threads.next; l != &p->threads; l = l->next) {
		struct thread *o = list_entry(l, struct thread, proc_link);
		if (o != thread_current() && !o->exit_kicked) {
			o->exit_kicked = true;
			__asm__ volatile("lock orq %1, %0" : "+m"(o->sig_pending) : "r"(1ul << (FERRITE_SIGKILL - 1)));
			sched_interrupt(o);
		}
	}
	spin_unlock_irqrestore(&proc_tree_lock, fl);
	proc_thread_exit(wstatus);
}

/* Signals are sent under the tree lock: a thread leaves its process's list under it before it
 * can be freed, so the one picked is alive while its pending set is touched. */
int proc_signal_tid(int tid, int sig, int from_pid)
{
	struct process *p = proc_current();
	int err = -ESRCH;
	uint64_t fl = spin_lock_irqsave(&proc_tree_lock);
	for (struct list *l = p->threads.next; l != &p->threads; l = l->next) {
		struct thread *t = list_entry(l, struct thread, proc_link);
		if ((int)t->id == tid) {
			if (sig && sig != FERRITE_SIGCONT)
				jobctl_on_send_locked(p, sig);
			err = sig ? signal_send_thread(t, sig, from_pid) : 0;
			if (sig == FERRITE_SIGCONT)
				jobctl_on_send_locked(p, sig); /* pending first (proc_signal_locked) */
			break;
		}
	}
	spin_unlock_irqrestore(&proc_tree_lock, fl);
	return err;
}

/* A process-directed signal goes to a thread that does not block it, if there is one. */
int proc_signal(struct process *p, int sig, int from_pid)
{
	uint64_t fl = spin_lock_irqsave(&proc_tree_lock);
	int err = proc_signal_locked(p, sig, from_pid);
	spin_unlock_irqrestore(&proc_tree_lock, fl);
	return err;
}

static void proc_thread_start(void *arg)
{
	struct thread *t = thread_current();
	(void)arg;
	user_return(&t->start_frame);
}

long proc_clone(const struct trap_frame *f, unsigned long flags, uint64_t stack, int *ptid,
	int *ctid, uint64_t tls)
{
	struct process *p = proc_current();
	struct thread *t;
	unsigned long known = FERRITE_CLONE_VM | FERRITE_CLONE_FS | FERRITE_CLONE_FILES |
		FERRITE_CLONE_SIGHAND | FERRITE_CLONE_VFORK | FERRITE_CLONE_THREAD | FERRITE_CLONE_SYSVSEM |
		FERRITE_CLONE_SETTLS | FERRITE_CLONE_PARENT_SETTID | FERRITE_CLONE_CHILD_CLEARTID |
		FERRITE_CLONE_DETACHED | FERRITE_CLONE_CHILD_SETTID | 0xff;
	long id;
	if ((flags & ~known) || ((flags & FERRITE_CLONE_THREAD) && !(flags & FERRITE_CLONE_VM)) ||
			(stack && !user_range_ok(stack - 1, 1)) ||
			((flags & FERRITE_CLONE_SETTLS) && tls >= VM_USER_END))
		return -EINVAL;
	if (!(flags & FERRITE_CLONE_VM)) {
		/* a new process: fork, with the vfork wait if asked (posix_spawn's way) */
		struct trap_frame cf = *f;
		struct process *c;
		if (stack)
			cf.rsp = stack;
		id = proc_fork(&cf);
		if (id > 0 && (flags & FERRITE_CLONE_VFORK) && (c = proc_get((int)id))) {
			while (!c->vfork_done && !signal_pending())
				waitq_wait_timeout(&c->vfork_wq, 50000000ull);
			proc_put(c);
		}
		return id;
	}
	/* a new thread in this process, sharing everything */
	if (!(flags & FERRITE_CLONE_THREAD) || !stack)
		return -EINVAL; /* CLONE_VM without a thread (vfork's shared memory) is not here yet */
	t = thread_create_user_stopped(p, proc_thread_start, NULL);
	if (!t)
		return -ENOMEM;
	t->start_frame = *f;
	t->start_frame.rax = 0;
	t->start_frame.rsp = stack;
	t->start_frame.rflags = (f->rflags & 0x0cd5ul) | 0x202;
	t->fs_base = flags & FERRITE_CLONE_SETTLS ? tls : thread_current()->fs_base;
	t->sig_blocked = thread_current()->sig_blocked;
	t->altstack_flags = FERRITE_SS_DISABLE;
	fpu_copy_current(t->fpu);
	id = (long)t->id;
	if (flags & FERRITE_CLONE_CHILD_CLEARTID)
		t->clear_tid = ctid;
	if (((flags & FERRITE_CLONE_PARENT_SETTID) && copy_to_user(ptid, &id, sizeof(int))) ||
			((flags & FERRITE_CLONE_CHILD_SETTID) && copy_to_user(ctid, &id, sizeof(int)))) {
		thread_free(t); /* never started: nothing else knows it */
		return -EFAULT;
	}
	if (proc_add_thread(p, t)) {
		thread_free(t);
		return -EAGAIN;
	}
	thread_start(t);
	return id;
}

/* Thread reaper hook (thread.c): an orphan's structure goes with its last thread. */
void proc_reap(struct process *p)
{
	proc_release_page(p);
}

int proc_wait(struct process *p)
{
	int st;
	while (p->state != PROC_ZOMBIE)
		waitq_wait_timeout(&p->exit_wq, 100000000ull);
	st = p->wstatus;
	proc_free(p);
	return st;
}

static bool proc_wait_matches(struct process *self, struct process *c, int pid)
{
	return pid == -1 || (pid > 0 && c->pid == pid) || (pid == 0 && c->pgid == self->pgid) ||
		(pid < -1 && c->pgid == -pid);
}

/* A child of `self` that matches pid and has something to report: one that ended (taken off
 * the list: *status its wait status) or, with the options, stopped or continued (*status its
 * job control status). *any: a child matches. */
static struct process *proc_find_report(struct process *self, int pid, int options, int *status,
	bool *any)
{
	*any = false;
	for (struct list *l = self->children.next; l != &self->children; l = l->next) {
		struct process *c = list_entry(l, struct process, sibling);
		if (!proc_wait_matches(self, c, pid))
			continue;
		*any = true;
		if (c->state == PROC_ZOMBIE) {
			list_del(&c->sibling);
			*status = c->wstatus;
			return c;
		}
		if ((*status = jobctl_report_locked(c, options)) != 0)
			return c;
	}
	return NULL;
}

struct proc_wait_check {
	struct process *self;
	uint64_t seen;
};

/* Under child_wq's lock (waitq_wait_if): block only if no child ended since the scan. This
 * reads a counter, not the tree: the exiting child bumps it under the tree lock and then wakes
 * (tree lock, then the queue's), so taking the tree lock here would invert that order. */
static bool proc_no_new_events(void *arg)
{
	struct proc_wait_check *w = arg;
	return w->self->child_events == w->seen && !signal_pending();
}

int proc_waitpid(int pid, int *wstatus, int options)
{
	struct process *self = proc_current(), *c;
	struct proc_wait_check w = { self, 0 };
	bool any;
	for (;;) {
		uint64_t fl = spin_lock_irqsave(&proc_tree_lock);
		int st = 0, cpid = 0;
		bool ended = false;
		w.seen = self->child_events;
		c = proc_find_report(self, pid, options, &st, &any);
		if (c) {
			cpid = c->pid;
			ended = c->state == PROC_ZOMBIE;
		}
		spin_unlock_irqrestore(&proc_tree_lock, fl);
		if (c) {
			*wstatus = st;
			if (ended)
				proc_free(c); /* taken off the list: no one else can reach it */
			return cpid;
		}
		if (!any)
			return -ECHILD;
		if (options & FERRITE_WNOHANG)
			return 0;
		if (signal_pending())
			return -EINTR;
		waitq_wait_if(&self->child_wq, 0, proc_no_new_events, &w, 0);
	}
}

void proc_fault(int sig, uint64_t rip, uint64_t addr, const char *what)
{
	/* fault paths that reach here after signal_fault decided the process cannot go on */
	struct process *p = proc_current();
	kprintf("pid %d (%s): %s at address %#lx, rip %#lx: killed (signal %d)\n", p->pid, p->name,
		what, addr, rip, sig);
	proc_exit(FERRITE_WSTATUS_SIGNAL(sig));
}
