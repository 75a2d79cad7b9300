/* kernel/core/syscall.c: system call dispatch through the generated table, the checks on the
 * way back to user mode, the user-memory copies, and the calls that belong to no subsystem.
 * Each handler checks every argument before it changes anything. */
#include "klib.h"
#include "errno.h"
#include "krandom.h"
#include "ktime.h"
#include "panic.h"
#include "proc.h"
#include "syscall.h"
#include "vm.h"
#include "signal.h"

#define RFLAGS_USER 0x0cd5ul /* CF PF AF ZF SF TF DF OF: what user code may set */
#define SYSCALL_COPY_CHUNK 256

void proc_count_enosys(void);

bool user_range_ok(uint64_t addr, size_t n)
{
	return addr < VM_USER_END && n <= VM_USER_END - addr;
}

/* Through the process's page tables and the direct map (core/vm_copy.c): the kernel never
 * dereferences a user address, so SMAP stays on and a bad pointer is -EFAULT. */
int copy_from_user(void *dst, const void *user_src, size_t n)
{
	struct process *p = proc_current();
	if (!p || !user_range_ok((uint64_t)user_src, n))
		return -EFAULT;
	return n ? vm_copy_from_user(&p->vm, dst, (uint64_t)user_src, n) : 0;
}

int copy_to_user(void *user_dst, const void *src, size_t n)
{
	struct process *p = proc_current();
	if (!p || !user_range_ok((uint64_t)user_dst, n))
		return -EFAULT;
	return n ? vm_copy_to_user(&p->vm, (uint64_t)user_dst, src, n) : 0;
}

int syscall_dispatch(struct trap_frame *f)
{
	struct thread *t = thread_current();
	uint64_t nr = f->rax, args[6];
	const struct syscall_entry *e;
	long ret;
	args[0] = f->rdi; args[1] = f->rsi; args[2] = f->rdx;
	args[3] = f->r10; args[4] = f->r8; args[5] = f->r9;
	t->uframe = f; /* fork, execve, sigreturn and signals read and rewrite the caller's registers */
	t->full_return = false;
	if (nr < SYS_FIRST) {
		struct process *p = proc_current();
		if (p && p->linux_calls++ < 8) /* a program built for Linux: say so, a few times */
			kprintf("pid %d (%s): Linux system call %lu is not Ferrite's: ENOSYS\n", p->pid,
				p->name, nr);
		proc_count_enosys();
		ret = -ENOSYS;
	} else if (nr > SYS_LAST || !(e = &syscall_table[nr - SYS_FIRST])->fn) {
		proc_count_enosys();
		ret = -ENOSYS;
	} else {
		ret = e->fn(args);
	}
	/* a thread it took off a wait queue and never woke would block for ever (sched.h) */
	if (t->holding)
		panic("system call %lu of thread %u returns holding %d thread(s) it took off a wait queue",
			nr, t->id, t->holding);
	if (!t->full_return) /* sigreturn and execve set every register themselves */
		f->rax = (uint64_t)ret;
	signal_deliver(f, nr, ret);
	/* sysret must not see a non-canonical rip or privileged flags: nothing may put them in
	 * the frame, and this says so once more before the frame is trusted */
	if (f->rip >= VM_USER_END)
		proc_fault(FERRITE_SIGSEGV, f->rip, f->rip, "non-canonical return address");
	f->rflags = (f->rflags & RFLAGS_USER) | 0x202;
	f->cs = 0x2b;
	f->ss = 0x23;
	return t->full_return;
}

/* Called by syscall.S with interrupts off, just before the way out: 1 if a handler's frame
 * was built (every register set: leave by iretq). */
int syscall_exit_signals(struct trap_frame *f)
{
	struct thread *t = thread_current();
	if (!t->proc || (!(t->sig_pending & (~t->sig_blocked | (1ul << (FERRITE_SIGKILL - 1)))) &&
			!t->proc->stopped))
		return 0;
	__asm__ volatile("sti");
	t->full_return = false;
	signal_deliver(f, (uint64_t)-1, 0);
	__asm__ volatile("cli");
	return t->full_return;
}

/* The caller's text to the serial console, and to the kernel log too (log) or not. */
static long syscall_print(const char *buf, size_t len, bool log)
{
	char chunk[SYSCALL_COPY_CHUNK];
	size_t done = 0;
	if (!user_range_ok((uint64_t)buf, len))
		return -EFAULT;
	while (done < len) {
		size_t k = MIN(len - done, sizeof(chunk));
		if (copy_from_user(chunk, buf + done, k))
			return done ? (long)done : -EFAULT;
		if (log)
			console_write(chunk, k);
		else
			console_backend_write(chunk, k);
		done += k;
	}
	return (long)done;
}

long sys_debug_write(const char *buf, size_t len)
{
	return syscall_print(buf, len, true);
}

/* console_print: the console only, for a line logged elsewhere (init's, in /dev/log). */
long sys_console_print(const char *buf, size_t len)
{
	return syscall_print(buf, len, false);
}

long sys_clock_gettime(int clock, struct ferrite_timespec *ts)
{
	struct ferrite_timespec k;
	uint64_t ns;
	if (clock == FERRITE_CLOCK_MONOTONIC)
		ns = time_monotonic_ns();
	else if (clock == FERRITE_CLOCK_REALTIME)
		ns = time_realtime_ns();
	else
		return -EINVAL;
	k.tv_sec = (long)(ns / 1000000000ull);
	k.tv_nsec = (long)(ns % 1000000000ull);
	return copy_to_user(ts, &k, sizeof(k));
}

static bool syscall_no_signal(void)
{
	return !signal_pending();
}

long sys_nanosleep(const struct ferrite_timespec *req, struct ferrite_timespec *rem)
{
	struct ferrite_timespec r;
	uint64_t ns, t0, left;
	if (copy_from_user(&r, req, sizeof(r)))
		return -EFAULT;
	if (r.tv_sec < 0 || r.tv_nsec < 0 || r.tv_nsec >= 1000000000l)
		return -EINVAL;
	if (rem && !user_range_ok((uint64_t)rem, sizeof(*rem)))
		return -EFAULT;
	if ((uint64_t)r.tv_sec > 100ull * 365 * 86400) /* a century is as good as forever */
		r.tv_sec = 100l * 365 * 86400;
	ns = (uint64_t)r.tv_sec * 1000000000ull + (uint64_t)r.tv_nsec;
	t0 = time_monotonic_ns();
	if (sched_sleep_check(ns, syscall_no_signal) || !signal_pending())
		return 0;
	/* a signal cut it short: say how much was left */
	left = time_monotonic_ns() - t0 >= ns ? 0 : ns - (time_monotonic_ns() - t0);
	r.tv_sec = (long)(left / 1000000000ull);
	r.tv_nsec = (long)(left % 1000000000ull);
	if (rem && copy_to_user(rem, &r, sizeof(r)))
		return -EFAULT;
	return -EINTR;
}

long sys_sched_yield(void)
{
	sched_yield();
	return 0;
}

long sys_getrandom(void *buf, size_t len, unsigned flags)
{
	uint8_t chunk[SYSCALL_COPY_CHUNK];
	size_t done = 0;
	if (flags & ~7u) /* GRND_NONBLOCK, GRND_RANDOM, GRND_INSECURE: all the same here */
		return -EINVAL;
	if (!user_range_ok((uint64_t)buf, len))
		return -EFAULT;
	if (len > 33554431)
		len = 33554431; /* as Linux caps one call */
	while (done < len) {
		size_t k = MIN(len - done, sizeof(chunk));
		random_get(chunk, k);
		if (copy_to_user((uint8_t *)buf + done, chunk, k))
			return done ? (long)done : -EFAULT;
		done += k;
	}
	return (long)done;
}

long sys_set_fs_base(unsigned long base)
{
	if (base >= VM_USER_END)
		return -EINVAL;
	thread_current()->fs_base = base;
	__asm__ volatile("wrmsr" : : "c"(0xc0000100u), "a"((uint32_t)base), "d"((uint32_t)(base >> 32)));
	return 0;
}
