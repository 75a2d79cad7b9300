/* kernel/core/signal.c: signals: sending, the default actions, and running a handler: the
 * frame on the user stack (or the alternate stack) is musl's ucontext_t followed by siginfo_t,
 * with the FPU state (XSAVE area) below them, and the handler returns through its restorer
 * into sigreturn, which takes every register back from that frame after checking it. Stops
 * and continues are job control's (jobctl.c). */
#include "klib.h"
#include "kheap.h"
#include "errno.h"
#include "proc.h"
#include "sched.h"
#include "signal.h"
#include "jobctl.h"
#include "syscall.h"
#include "../arch/x86_64/cpufeat.h"

#define SIG_UNBLOCKABLE (SIG_BIT(FERRITE_SIGKILL) | SIG_BIT(FERRITE_SIGSTOP))
#define RFLAGS_USER 0x0cd5ul
#define SIG_RED_ZONE 128

void fpu_save_current(void *area);          /* arch/x86_64/context.c */
void fpu_restore_current(void *area);
void fpu_sanitise(void *area);

enum sig_default { SIG_TERM, SIG_IGNORE, SIG_CORE, SIG_STOP, SIG_CONT };

static enum sig_default sig_default_action(int sig)
{
	switch (sig) {
	case FERRITE_SIGCHLD: case FERRITE_SIGURG: case FERRITE_SIGWINCH:
		return SIG_IGNORE;
	case FERRITE_SIGQUIT: case FERRITE_SIGILL: case FERRITE_SIGTRAP: case FERRITE_SIGABRT:
	case FERRITE_SIGBUS: case FERRITE_SIGFPE: case FERRITE_SIGSEGV:
		return SIG_CORE;
	case FERRITE_SIGSTOP: case FERRITE_SIGTSTP: case FERRITE_SIGTTIN: case FERRITE_SIGTTOU:
		return SIG_STOP;
	case FERRITE_SIGCONT:
		return SIG_CONT;
	default:
		return SIG_TERM;
	}
}

static bool sig_ignored(struct process *p, int sig)
{
	unsigned long h = p->sigactions[sig - 1].handler;
	return sig != FERRITE_SIGKILL && sig != FERRITE_SIGSTOP &&
		(h == FERRITE_SIG_IGN || (h == FERRITE_SIG_DFL && sig_default_action(sig) == SIG_IGNORE));
}

bool signal_ignored_by(struct process *p, int sig)
{
	return sig > 0 && sig_ignored(p, sig);
}

int signal_send(struct process *p, int sig, int from_pid)
{
	if (sig < 0 || sig >= FERRITE_NSIG)
		return -EINVAL;
	if (sig == 0 || p->state != PROC_ALIVE)
		return 0;
	return proc_signal(p, sig, from_pid); /* job control first, then the ignore check */
}

int signal_send_thread(struct thread *t, int sig, int from_pid)
{
	__asm__ volatile("lock orq %1, %0" : "+m"(t->sig_pending) : "r"(SIG_BIT(sig)));
	t->sig_from_pid = from_pid;
	if ((t->sig_pending & ~t->sig_blocked) || sig == FERRITE_SIGKILL)
		sched_interrupt(t);
	return 0;
}

bool signal_pending(void)
{
	struct thread *t = thread_current();
	return t->proc && (t->sig_pending & (~t->sig_blocked | SIG_UNBLOCKABLE));
}

void signal_exec_reset(struct process *p)
{
	for (int i = 0; i < FERRITE_NSIG - 1; i++)
		if (p->sigactions[i].handler != FERRITE_SIG_IGN)
			memset(&p->sigactions[i], 0, sizeof(p->sigactions[i]));
}

void signal_fault(int sig, int code, uint64_t addr, uint64_t trapno, uint64_t rip, const char *what)
{
	struct thread *t = thread_current();
	struct process *p = t->proc;
	unsigned long h = p->sigactions[sig - 1].handler;
	/* a blocked, ignored or defaulted fault signal cannot be returned past: the process ends */
	if ((t->sig_blocked & SIG_BIT(sig)) || h == FERRITE_SIG_DFL || h == FERRITE_SIG_IGN ||
			(t->sig_pending & SIG_BIT(sig)))
		proc_fault(sig, rip, addr, what);
	t->sig_fault_code = code;
	t->sig_fault_addr = addr;
	t->sig_fault_trapno = trapno;
	__asm__ volatile("lock orq %1, %0" : "+m"(t->sig_pending) : "r"(SIG_BIT(sig)));
}

/* The lowest-numbered signal to act on, taken off the pending set; 0 if none. */
static int sig_next(struct thread *t)
{
	uint64_t ready = t->sig_pending & (~t->sig_blocked | SIG_UNBLOCKABLE);
	int sig;
	if (!ready)
		return 0;
	for (sig = 1; !(ready & SIG_BIT(sig)); sig++)
		;
	__asm__ volatile("lock andq %1, %0" : "+m"(t->sig_pending) : "r"(~SIG_BIT(sig)));
	return sig;
}

static void sig_fill_info(struct thread *t, int sig, struct ferrite_siginfo *si)
{
	memset(si, 0, sizeof(*si));
	si->si_signo = sig;
	if (t->sig_fault_code && (sig == FERRITE_SIGSEGV || sig == FERRITE_SIGILL ||
			sig == FERRITE_SIGFPE || sig == FERRITE_SIGBUS)) {
		si->si_code = t->sig_fault_code;
		si->addr = t->sig_fault_addr;
		t->sig_fault_code = 0;
	} else {
		si->si_code = FERRITE_SI_USER;
		si->addr = (uint64_t)(uint32_t)t->sig_from_pid; /* si_pid, and si_uid 0 */
	}
}

static void sig_regs_to_uc(const struct trap_frame *tf, struct ferrite_ucontext *uc)
{
	unsigned long *g = uc->gregs;
	g[0] = tf->r8; g[1] = tf->r9; g[2] = tf->r10; g[3] = tf->r11;
	g[4] = tf->r12; g[5] = tf->r13; g[6] = tf->r14; g[7] = tf->r15;
	g[FERRITE_REG_RDI] = tf->rdi; g[FERRITE_REG_RSI] = tf->rsi; g[FERRITE_REG_RBP] = tf->rbp;
	g[FERRITE_REG_RBX] = tf->rbx; g[FERRITE_REG_RDX] = tf->rdx; g[FERRITE_REG_RAX] = tf->rax;
	g[FERRITE_REG_RCX] = tf->rcx; g[FERRITE_REG_RSP] = tf->rsp; g[FERRITE_REG_RIP] = tf->rip;
	g[FERRITE_REG_EFL] = tf->rflags;
	g[FERRITE_REG_CSGSFS] = tf->cs;
}

/* Builds the handler's frame and points the saved registers at the handler. False if the
 * frame could not be written (the process then dies of SIGSEGV). */
static bool sig_setup_frame(struct trap_frame *tf, int sig, const struct ferrite_sigaction *act)
{
	struct thread *t = thread_current();
	struct ferrite_ucontext uc;
	struct ferrite_siginfo si;
	uint64_t sp = tf->rsp, fp_at, uc_at, si_at, frame;
	size_t fpsize = cpu_features.xsave_size;
	bool on_alt = t->altstack_size && sp - t->altstack_sp < t->altstack_size;
	if ((act->flags & FERRITE_SA_ONSTACK) && t->altstack_size && !on_alt &&
			!(t->altstack_flags & FERRITE_SS_DISABLE))
		sp = t->altstack_sp + t->altstack_size;
	else
		sp -= SIG_RED_ZONE; /* the System V ABI lets leaf code use 128 bytes below rsp */
	fp_at = (sp - fpsize) & ~63ul;
	si_at = (fp_at - sizeof(si)) & ~15ul;
	uc_at = si_at - sizeof(uc);
	frame = ((uc_at - 8) & ~15ul) - 8;   /* so that (frame + 8) is 16-aligned, as after a call */
	uc_at = frame + 8;
	if (uc_at + sizeof(uc) > si_at)
		si_at = uc_at + sizeof(uc);      /* keep them apart after the realignment */
	memset(&uc, 0, sizeof(uc));
	sig_regs_to_uc(tf, &uc);
	uc.gregs[FERRITE_REG_TRAPNO] = t->sig_fault_trapno;
	uc.gregs[FERRITE_REG_CR2] = t->sig_fault_addr;
	uc.gregs[FERRITE_REG_OLDMASK] = t->sig_blocked;
	uc.uc_sigmask[0] = t->sig_blocked;
	uc.uc_stack.ss_sp = t->altstack_sp;
	uc.uc_stack.ss_size = t->altstack_size;
	uc.uc_stack.ss_flags = (int)(t->altstack_size == 0 ? FERRITE_SS_DISABLE : on_alt ? FERRITE_SS_ONSTACK : 0);
	uc.fpregs = fp_at;
	sig_fill_info(t, sig, &si);
	fpu_save_current(t->fpu);
	if (copy_to_user((void *)fp_at, t->fpu, fpsize) || copy_to_user((void *)si_at, &si, sizeof(si)) ||
			copy_to_user((void *)uc_at, &uc, sizeof(uc)) ||
			copy_to_user((void *)frame, &act->restorer, sizeof(act->restorer)))
		return false;
	tf->rsp = frame;
	tf->rip = act->handler;
	tf->rdi = (uint64_t)sig;
	tf->rsi = si_at;
	tf->rdx = uc_at;
	tf->rax = 0;
	tf->rflags &= ~0x500ul; /* TF and DF clear in the handler, as the ABI wants DF */
	t->full_return = true;
	return true;
}

/* The system calls that go on after a handler under SA_RESTART (sleeps are not restarted;
 * nor is poll). read, write and ioctl include those a server answers: a request the server
 * had not read, or one it answered the cancel of, is made again. */
static bool sig_restartable(uint64_t nr)
{
	return nr == SYS_waitpid || nr == SYS_futex || nr == SYS_read || nr == SYS_write ||
		nr == SYS_ioctl;
}

void signal_deliver(struct trap_frame *tf, uint64_t nr, long ret)
{
	struct thread *t = thread_current();
	struct process *p = t->proc;
	bool stopped;
	int sig;
	if (!p)
		return;
	stopped = jobctl_wait_stopped(p); /* another thread stopped the process */
	for (;;) {
		uint32_t seq = p->cont_seq; /* read before the signal is taken (jobctl.c) */
		struct ferrite_sigaction act;
		__asm__ volatile("" : : : "memory");
		if ((sig = sig_next(t)) == 0)
			break;
		act = p->sigactions[sig - 1];
		if (sig == FERRITE_SIGKILL || act.handler == FERRITE_SIG_DFL) {
			enum sig_default d = sig == FERRITE_SIGKILL ? SIG_TERM : sig_default_action(sig);
			if (d == SIG_TERM || d == SIG_CORE)
				proc_exit(FERRITE_WSTATUS_SIGNAL(sig) | (d == SIG_CORE ? 0x80 : 0));
			if (d == SIG_STOP)
				stopped |= jobctl_stop(p, sig, seq);
			continue; /* ignored, or continued */
		}
		if (act.handler == FERRITE_SIG_IGN)
			continue;
		if (tf->vector == (uint64_t)-1 && ret == -EINTR && (act.flags & FERRITE_SA_RESTART) &&
				sig_restartable(nr)) {
			tf->rax = nr;   /* the call is made again when the handler returns */
			tf->rip -= 2;   /* the syscall instruction */
		}
		if (!sig_setup_frame(tf, sig, &act))
			proc_fault(FERRITE_SIGSEGV, tf->rip, tf->rsp, "cannot write a signal frame");
		t->sig_blocked |= act.mask | (act.flags & FERRITE_SA_NODEFER ? 0 : SIG_BIT(sig));
		t->sig_blocked &= ~SIG_UNBLOCKABLE;
		if (act.flags & FERRITE_SA_RESETHAND)
			p->sigactions[sig - 1].handler = FERRITE_SIG_DFL;
		return; /* one handler at a time; the rest wait for its sigreturn */
	}
	/* A call that a stop cut short and no handler saw is made again once continued, as if
	 * nothing had happened (a read from the terminal survives Ctrl-Z and fg). */
	if (stopped && tf->vector == (uint64_t)-1 && ret == -EINTR && nr >= SYS_FIRST && nr <= SYS_LAST) {
		tf->rax = nr;
		tf->rip -= 2;
	}
}

/* ---- the system calls ---- */

long sys_sigaction(int sig, const struct ferrite_sigaction *act, struct ferrite_sigaction *old)
{
	struct process *p = proc_current();
	struct ferrite_sigaction a;
	if (sig < 1 || sig >= FERRITE_NSIG)
		return -EINVAL;
	if (act && copy_from_user(&a, act, sizeof(a)))
		return -EFAULT;
	if (act && (sig == FERRITE_SIGKILL || sig == FERRITE_SIGSTOP))
		return -EINVAL;
	if (act && a.handler > FERRITE_SIG_IGN && a.handler >= VM_USER_END)
		return -EFAULT;
	if (old && copy_to_user(old, &p->sigactions[sig - 1], sizeof(*old)))
		return -EFAULT;
	if (act) {
		a.mask &= ~SIG_UNBLOCKABLE;
		p->sigactions[sig - 1] = a;
		if (sig_ignored(p, sig)) /* POSIX: setting SIG_IGN discards what is pending */
			__asm__ volatile("lock andq %1, %0" : "+m"(thread_current()->sig_pending) : "r"(~SIG_BIT(sig)));
	}
	return 0;
}

long sys_sigprocmask(int how, const unsigned long *set, unsigned long *old)
{
	struct thread *t = thread_current();
	unsigned long s;
	if (old && copy_to_user(old, &t->sig_blocked, sizeof(*old)))
		return -EFAULT;
	if (!set)
		return 0;
	if (copy_from_user(&s, set, sizeof(s)))
		return -EFAULT;
	if (how == FERRITE_SIG_BLOCK)
		t->sig_blocked |= s;
	else if (how == FERRITE_SIG_UNBLOCK)
		t->sig_blocked &= ~s;
	else if (how == FERRITE_SIG_SETMASK)
		t->sig_blocked = s;
	else
		return -EINVAL;
	t->sig_blocked &= ~SIG_UNBLOCKABLE;
	return 0;
}

/* Who may signal whom is proc.c's (proc_signal_pid, proc_signal_group): POSIX's rule. */
long sys_kill(int pid, int sig)
{
	if (sig < 0 || sig >= FERRITE_NSIG)
		return -EINVAL;
	if (pid == -2147483647 - 1)
		return -ESRCH; /* no group has that number, and -pid would overflow */
	if (pid == 0 || pid < -1) /* a process group: this one's, or -pid */
		return proc_signal_group(pid == 0 ? proc_current()->pgid : -pid, sig,
			proc_current()->pid);
	if (pid == -1)
		return -EPERM; /* every process: not for now (there is no init to spare yet) */
	return proc_signal_pid(pid, sig, proc_current()->pid);
}

long sys_sigaltstack(const struct ferrite_stack *ss, struct ferrite_stack *old)
{
	struct thread *t = thread_current();
	struct ferrite_stack n, o;
	bool on = t->altstack_size && t->uframe->rsp - t->altstack_sp < t->altstack_size;
	o.ss_sp = t->altstack_sp;
	o.ss_size = t->altstack_size;
	o.ss_flags = t->altstack_size == 0 ? FERRITE_SS_DISABLE : on ? FERRITE_SS_ONSTACK : 0;
	o.pad = 0;
	if (ss) {
		if (copy_from_user(&n, ss, sizeof(n)))
			return -EFAULT;
		if (on)
			return -EPERM;
		if (n.ss_flags & ~FERRITE_SS_DISABLE)
			return -EINVAL;
		if (n.ss_flags & FERRITE_SS_DISABLE) {
			t->altstack_sp = t->altstack_size = 0;
		} else {
			if (n.ss_size < FERRITE_MINSIGSTKSZ)
				return -ENOMEM;
			if (!user_range_ok(n.ss_sp, n.ss_size))
				return -EFAULT;
			t->altstack_sp = n.ss_sp;
			t->altstack_size = n.ss_size;
		}
		t->altstack_flags = (uint32_t)n.ss_flags;
	}
	if (old && copy_to_user(old, &o, sizeof(o)))
		return -EFAULT;
	return 0;
}

/* The handler returned through its restorer: rsp points at the ucontext. Everything taken back
 * is checked: the return address must be a user address, RFLAGS keeps only what user code may
 * set (IOPL, NT, VM and the rest are cleared), CS and SS are forced to the user's, and the
 * FPU state is made one that XRSTOR accepts. */
long sys_sigreturn(void)
{
	struct thread *t = thread_current();
	struct trap_frame *tf = t->uframe;
	struct ferrite_ucontext uc;
	const unsigned long *g = uc.gregs;
	uint8_t *fp = kmalloc(cpu_features.xsave_size + 64), *area;
	uint64_t fl;
	if (!fp)
		proc_fault(FERRITE_SIGKILL, tf->rip, tf->rsp, "no memory for sigreturn");
	area = (uint8_t *)(((uint64_t)fp + 63) & ~63ul);
	if (copy_from_user(&uc, (void *)tf->rsp, sizeof(uc)) ||
			copy_from_user(area, (void *)uc.fpregs, cpu_features.xsave_size)) {
		kfree(fp);
		proc_fault(FERRITE_SIGSEGV, tf->rip, tf->rsp, "bad signal frame");
	}
	/* the user's bytes are made valid before they reach the thread's own area: a switch may
	 * XRSTOR from that area at any moment */
	fpu_sanitise(area);
	fl = irq_save();
	memcpy(t->fpu, area, cpu_features.xsave_size);
	fpu_restore_current(t->fpu);
	irq_restore(fl);
	kfree(fp);
	if (g[FERRITE_REG_RIP] >= VM_USER_END)
		proc_fault(FERRITE_SIGSEGV, g[FERRITE_REG_RIP], tf->rsp, "bad return address in a signal frame");
	tf->r8 = g[0]; tf->r9 = g[1]; tf->r10 = g[2]; tf->r11 = g[3];
	tf->r12 = g[4]; tf->r13 = g[5]; tf->r14 = g[6]; tf->r15 = g[7];
	tf->rdi = g[FERRITE_REG_RDI]; tf->rsi = g[FERRITE_REG_RSI]; tf->rbp = g[FERRITE_REG_RBP];
	tf->rbx = g[FERRITE_REG_RBX]; tf->rdx = g[FERRITE_REG_RDX]; tf->rax = g[FERRITE_REG_RAX];
	tf->rcx = g[FERRITE_REG_RCX]; tf->rsp = g[FERRITE_REG_RSP]; tf->rip = g[FERRITE_REG_RIP];
	tf->rflags = (g[FERRITE_REG_EFL] & RFLAGS_USER) | 0x202;
	tf->cs = 0x2b;
	tf->ss = 0x23;
	t->sig_blocked = uc.uc_sigmask[0] & ~SIG_UNBLOCKABLE;
	t->full_return = true;
	return 0;
}
