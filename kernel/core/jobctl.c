/* kernel/core/jobctl.c: job control. A stop signal taken with its default action marks the
 * process stopped; each of its threads then waits in the kernel on its way back to user mode
 * (the one that took the signal at once, the others when a reschedule IPI or their own system
 * call brings them there), with every signal but SIGKILL held back. SIGCONT, when it is sent
 * (not when it is delivered), wakes them; SIGKILL ends a stopped process like any other. The
 * parent hears of stops and continues through waitpid (WUNTRACED, WCONTINUED) and SIGCHLD.
 *
 * Orphaned process groups (POSIX): a group none of whose members has a living parent in
 * another group of the same session has no shell left to continue it, so the terminal's stop
 * signals (SIGTSTP, SIGTTIN, SIGTTOU) are dropped there, and a group that becomes orphaned
 * while one of its members is stopped gets SIGHUP and SIGCONT.
 *
 * Locking: the fields are changed under the tree lock; a stopped thread waits on stop_wq with
 * a check of `stopped` under the queue's lock, and SIGCONT clears `stopped` before it wakes
 * the queue, so no wake-up is lost. */
#include "klib.h"
#include "errno.h"
#include "jobctl.h"
#include "proc.h"
#include "sched.h"
#include "signal.h"
#include "syscall.h"

#define JC_STOP_SIGS (SIG_BIT(FERRITE_SIGSTOP) | SIG_BIT(FERRITE_SIGTSTP) | \
	SIG_BIT(FERRITE_SIGTTIN) | SIG_BIT(FERRITE_SIGTTOU))
#define JC_MAX_GROUPS 32

bool jobctl_is_stop(int sig)
{
	return sig > 0 && sig < FERRITE_NSIG && (JC_STOP_SIGS & SIG_BIT(sig));
}

static void jc_drop_pending(struct process *p, uint64_t bits)
{
	for (struct list *l = p->threads.next; l != &p->threads; l = l->next) {
		struct thread *t = list_entry(l, struct thread, proc_link);
		__asm__ volatile("lock andq %1, %0" : "+m"(t->sig_pending) : "r"(~bits));
	}
}

void jobctl_notify_parent_locked(struct process *c, bool stop_or_cont)
{
	struct process *par = c->parent;
	if (!par || par->state != PROC_ALIVE)
		return;
	par->child_events++;
	waitq_wake(&par->child_wq, -1);
	if (!stop_or_cont || !(par->sigactions[FERRITE_SIGCHLD - 1].flags & FERRITE_SA_NOCLDSTOP))
		proc_signal_locked(par, FERRITE_SIGCHLD, c->pid);
}

void jobctl_on_send_locked(struct process *p, int sig)
{
	if (sig == FERRITE_SIGCONT) {
		jc_drop_pending(p, JC_STOP_SIGS);
		/* after the drop: a deliverer that reads the new count cannot have taken a stop
		 * signal sent before this SIGCONT (x86 keeps stores in order) */
		p->cont_seq++;
		if (p->stopped) {
			p->stopped = false;
			p->jc_report = JC_CONTINUED;
			jobctl_notify_parent_locked(p, true);
			waitq_wake(&p->stop_wq, -1);
		}
	} else if (jobctl_is_stop(sig)) {
		jc_drop_pending(p, SIG_BIT(FERRITE_SIGCONT));
	}
}

static bool jc_still_stopped(void *arg)
{
	struct process *p = arg;
	return p->stopped && !p->exiting;
}

bool jobctl_wait_stopped(struct process *p)
{
	struct thread *t = thread_current();
	uint64_t saved;
	if (!p->stopped)
		return false;
	/* held back while stopped, so that a pending signal does not end the wait at once; the
	 * mask is the thread's own, and no one else changes it meanwhile */
	saved = t->sig_blocked;
	t->sig_blocked = ~SIG_BIT(FERRITE_SIGKILL);
	while (p->stopped && !p->exiting && !(t->sig_pending & SIG_BIT(FERRITE_SIGKILL)))
		waitq_wait_if(&p->stop_wq, 0, jc_still_stopped, p, 0);
	t->sig_blocked = saved;
	return true;
}

bool jobctl_stop(struct process *p, int sig, uint32_t seq)
{
	uint64_t fl = proc_tree_lock_take();
	bool stop = !p->exiting && p->cont_seq == seq &&
		(sig == FERRITE_SIGSTOP || !jobctl_group_orphaned_locked(p->pgid, p->sid));
	if (stop && !p->stopped) {
		p->stopped = true;
		p->stop_sig = sig;
		p->jc_report = JC_STOPPED;
		/* `stopped` must be visible before the other threads' states are read: one that
		 * returns to user mode after this either sees it or is kicked */
		__asm__ volatile("mfence" : : : "memory");
		for (struct list *l = p->threads.next; l != &p->threads; l = l->next) {
			struct thread *o = list_entry(l, struct thread, proc_link);
			if (o != thread_current())
				sched_kick(o);
		}
		jobctl_notify_parent_locked(p, true);
	}
	proc_tree_lock_give(fl);
	if (stop)
		jobctl_wait_stopped(p);
	return stop;
}

int jobctl_report_locked(struct process *c, int options)
{
	if ((options & FERRITE_WUNTRACED) && c->stopped && c->jc_report == JC_STOPPED) {
		c->jc_report = 0;
		return FERRITE_WSTATUS_STOPPED(c->stop_sig);
	}
	if ((options & FERRITE_WCONTINUED) && c->jc_report == JC_CONTINUED) {
		c->jc_report = 0;
		return FERRITE_WSTATUS_CONTINUED;
	}
	return 0;
}

struct jc_group_scan {
	int pgid;
	int members;
	bool stopped;    /* a member is stopped */
	bool connected;  /* a member has a living parent in another group of its session */
};

static bool jc_scan_member(struct process *q, void *arg)
{
	struct jc_group_scan *s = arg;
	struct process *par = q->parent;
	if (q->pgid != s->pgid)
		return true;
	s->members++;
	s->stopped |= q->stopped;
	if (par && par->state == PROC_ALIVE && par->pgid != s->pgid && par->sid == q->sid)
		s->connected = true;
	return true;
}

static void jc_scan(struct jc_group_scan *s, int pgid)
{
	s->pgid = pgid;
	s->members = 0;
	s->stopped = s->connected = false;
	proc_each_locked(jc_scan_member, s);
}

bool jobctl_group_orphaned_locked(int pgid, int sid)
{
	struct jc_group_scan s;
	(void)sid; /* a group lies within one session: its members' parents are compared with it */
	jc_scan(&s, pgid);
	return !s.connected;
}

static void jc_add_group(int *groups, int *n, int pgid)
{
	for (int i = 0; i < *n; i++)
		if (groups[i] == pgid)
			return;
	if (*n < JC_MAX_GROUPS)
		groups[(*n)++] = pgid;
}

void jobctl_orphans_locked(struct process *p)
{
	int groups[JC_MAX_GROUPS], n = 0;
	struct process *par = p->parent;
	/* the groups p connected to the rest of its session: its own, through its parent, and
	 * its children's, through itself */
	if (par && par->state == PROC_ALIVE && par->pgid != p->pgid && par->sid == p->sid)
		jc_add_group(groups, &n, p->pgid);
	for (struct list *l = p->children.next; l != &p->children; l = l->next) {
		struct process *c = list_entry(l, struct process, sibling);
		if (c->state == PROC_ALIVE && c->pgid != p->pgid && c->sid == p->sid)
			jc_add_group(groups, &n, c->pgid);
	}
	for (int i = 0; i < n; i++) {
		struct jc_group_scan s;
		jc_scan(&s, groups[i]);
		if (s.members && s.stopped && !s.connected) {
			proc_signal_group_locked(groups[i], FERRITE_SIGHUP, 0);
			proc_signal_group_locked(groups[i], FERRITE_SIGCONT, 0);
		}
	}
}

/* ---- what servers and tools ask about processes ---- */

struct jc_find {
	int pid;
	struct process *best;
};

static bool jc_find_next(struct process *q, void *arg)
{
	struct jc_find *f = arg;
	if (q->pid >= f->pid && (!f->best || q->pid < f->best->pid))
		f->best = q;
	return true;
}

/* proc_jobinfo(pid, sig): for a terminal server deciding about a background reader or writer:
 * FERRITE_JOB_SIG_HELD if pid ignores sig or every thread of it blocks it, FERRITE_JOB_ORPHANED
 * if its process group is orphaned; -ESRCH if there is no such process. A stopped process
 * holds every signal but SIGKILL while it is stopped, and says so. */
long sys_proc_jobinfo(int pid, int sig)
{
	struct jc_find f = { pid, NULL };
	long r = -ESRCH;
	uint64_t fl;
	if (sig < 1 || sig >= FERRITE_NSIG)
		return -EINVAL;
	fl = proc_tree_lock_take();
	proc_each_locked(jc_find_next, &f);
	if (f.best && f.best->pid == pid) {
		struct process *p = f.best;
		bool held = !list_empty(&p->threads);
		for (struct list *l = p->threads.next; l != &p->threads; l = l->next)
			held &= (list_entry(l, struct thread, proc_link)->sig_blocked & SIG_BIT(sig)) != 0;
		r = (held || signal_ignored_by(p, sig) ? FERRITE_JOB_SIG_HELD : 0) |
			(jobctl_group_orphaned_locked(p->pgid, p->sid) ? FERRITE_JOB_ORPHANED : 0);
	}
	proc_tree_lock_give(fl);
	return r;
}

static char jc_state(struct process *p)
{
	if (p->stopped)
		return 'T';
	for (struct list *l = p->threads.next; l != &p->threads; l = l->next) {
		enum thread_state s = list_entry(l, struct thread, proc_link)->state;
		if (s == THREAD_RUNNING || s == THREAD_READY)
			return 'R';
	}
	return 'S';
}

/* proc_info(pid, out): the living process with the smallest pid >= pid (ps walks the list
 * with it): its pid, or 0 when there is none. */
long sys_proc_info(int pid, struct ferrite_procinfo *out)
{
	struct jc_find f = { pid, NULL };
	struct ferrite_procinfo info;
	uint64_t fl;
	memset(&info, 0, sizeof(info));
	fl = proc_tree_lock_take();
	proc_each_locked(jc_find_next, &f);
	if (f.best) {
		struct process *p = f.best;
		info.pid = p->pid;
		info.ppid = p->parent ? p->parent->pid : 0;
		info.pgid = p->pgid;
		info.sid = p->sid;
		info.uid = p->uid;
		info.nthreads = p->nthreads;
		info.state = jc_state(p);
		info.caps = p->caps;
		info.essential = p->essential;
		memcpy(info.name, p->name, sizeof(info.name));
		info.name[sizeof(info.name) - 1] = 0;
	}
	proc_tree_lock_give(fl);
	if (!f.best)
		return 0;
	if (copy_to_user(out, &info, sizeof(info)))
		return -EFAULT;
	return info.pid;
}
