/* kernel/include/sched.h: threads and the scheduler. Each CPU has its own run queue (one list
 * per priority, round robin within a list) and its own sleepers; a thread stays on the CPU it
 * was placed on. The APIC timer is one-shot: armed for the end of a time slice when another
 * thread waits to run, for the next sleeper otherwise, and not at all when there is nothing to
 * do, so an idle CPU halts without a periodic tick. Wait queues are the way to block. */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include "types.h"
#include "list.h"
#include "spinlock.h"
#include "../arch/x86_64/arch.h"

#define SCHED_PRIORITIES 4     /* 0 runs first */
#define SCHED_PRIO_DEFAULT 2
#define SCHED_SLICE_NS 10000000ull
#define THREAD_STACK_ORDER 2   /* 16 KiB kernel stacks */

enum thread_state { THREAD_READY, THREAD_RUNNING, THREAD_BLOCKED, THREAD_SLEEPING, THREAD_DEAD };

struct thread {
	uint64_t rsp;             /* saved by sched_switch; must stay first (switch.S) */
	enum thread_state state;
	int priority;
	int cpu;                  /* the CPU whose queues hold it */
	uint32_t id;
	char name[24];
	struct list link;         /* a ready list or a wait queue */
	struct list sleep_link;   /* the sleepers, for sleeps and timed waits */
	uint64_t wake_at;         /* on the sleepers: monotonic ns */
	struct waitq *waitq;      /* the wait queue it is blocked on, if any */
	uint64_t wait_key;        /* what it waits for there (waitq_wake_key) */
	uint64_t stack_top;       /* the kernel stack (VM_KMAP, a guard page below) */
	uint64_t switches;        /* times it was switched to */
	bool wait_timed_out;      /* waitq_wait_timeout's answer */
	struct process *proc;     /* NULL for a kernel thread */
	uint64_t kstack_top;      /* where the CPU enters the kernel from ring 3 */
	uint64_t fs_base;         /* user threads: their TLS pointer */
	void *fpu;                /* user threads: their XSAVE area (64-byte aligned) */
	struct process *reap;     /* an orphan process freed with this thread */
	struct list proc_link;    /* on its process's thread list */
	int *clear_tid;           /* CLONE_CHILD_CLEARTID: zeroed and futex-woken at its exit */
	bool exit_kicked;         /* its process is ending: it was told */
	struct trap_frame start_frame; /* a cloned thread's registers on its first return */
	struct trap_frame *uframe; /* user threads in a system call: the saved registers */
	bool full_return;         /* leave this system call by iretq: every register was set */
	uint64_t sig_blocked;     /* signals: bit (n - 1) for signal n */
	uint64_t sig_pending;
	uint64_t altstack_sp, altstack_size;
	uint32_t altstack_flags;
	int sig_fault_code;       /* a pending fault signal's si_code, address and trap number */
	uint64_t sig_fault_addr;
	uint64_t sig_fault_trapno;
	int sig_from_pid;         /* who sent the last signal (si_pid) */
	bool wait_interrupted;    /* a signal took it out of a wait queue */
	volatile bool on_cpu;     /* a CPU runs it or is still switching away from it */
	struct thread *taken_by;  /* waitq_take took it off its queue: that thread must wake it */
	int holding;              /* threads this one took with waitq_take and has not woken yet */
};

struct process;
struct trap_frame;

struct waitq {
	struct spinlock lock;
	struct list waiters;
};
#define WAITQ_INIT(w) { SPINLOCK_INIT("waitq"), LIST_INIT((w).waiters) }

/* Boot: turns the running context of each CPU into its idle thread. */
void sched_init_cpu(void);
/* Halts until there is work; never returns. The boot context of every CPU ends here. */
void sched_idle(void);

/* A kernel thread running fn(arg) at priority prio, on CPU cpu (-1: the least loaded). */
struct thread *thread_create(const char *name, void (*fn)(void *), void *arg, int prio, int cpu);
/* The same, for process p: it gets an FPU state area; fn enters user mode. The _stopped form
 * does not run it until thread_start (its creator fills in its state first). */
struct thread *thread_create_user(struct process *p, void (*fn)(void *), void *arg);
struct thread *thread_create_user_stopped(struct process *p, void (*fn)(void *), void *arg);
void thread_start(struct thread *t);
void thread_exit(void);
struct thread *thread_current(void);

void sched_yield(void);
void sched_sleep_ns(uint64_t ns);
/* Sleeps ns unless check() is false, asked under the run queue lock so that a waker that
 * changes it and then calls sched_interrupt cannot be missed. False if it did not sleep the
 * whole time. */
bool sched_sleep_check(uint64_t ns, bool (*check)(void));
/* A signal for t: out of its wait queue or its sleep, if it is in one (wait_interrupted). */
void sched_interrupt(struct thread *t);
/* Makes t, running or ready on another CPU, pass through the kernel soon (job control). */
void sched_kick(struct thread *t);
/* Makes a blocked or sleeping thread runnable (from any CPU, with or without interrupts). */
void sched_wake(struct thread *t);
/* The APIC timer and the reschedule IPI call this; switching happens on the way out. */
void sched_timer_tick(void);
void sched_preempt_point(void);
uint64_t sched_ready_count(int cpu);

void waitq_init(struct waitq *wq);
void waitq_wait(struct waitq *wq);
/* Waits at most ns; returns false if it timed out. */
bool waitq_wait_timeout(struct waitq *wq, uint64_t ns);
int waitq_wake(struct waitq *wq, int n); /* wakes up to n (n < 0: all); returns how many */
/* Blocks unless check(arg), run under the queue's lock, is false (then -1); the thread waits
 * with key; ns > 0 bounds the wait (then 0 when it runs out); 1 when woken. */
int waitq_wait_if(struct waitq *wq, uint64_t ns, bool (*check)(void *), void *arg, uint64_t key);
int waitq_wake_key(struct waitq *wq, int n, uint64_t key);
/* The same wait; WAITQ_KILLABLE: only SIGKILL ends it early, other signals stay pending. */
#define WAITQ_KILLABLE 1u
int waitq_wait_flags(struct waitq *wq, uint64_t ns, bool (*check)(void *), void *arg,
	uint64_t key, unsigned flags);

/* The direct switch, IPC's fast path: a client hands a request to a server thread blocked in
 * its read and waits for the answer, the server hands the answer back and waits for the next
 * request; each time the CPU goes straight from the one to the other, with no pass through
 * the run queue. waitq_take takes the first waiter (with key, if match) off wq without waking
 * it (NULL if none); waitq_wait_switch blocks like waitq_wait_if and runs next, a thread so
 * taken, in its place, moving next to this CPU if it was placed on another and is off it. If
 * the caller does not block after all, or next is still switching out elsewhere, next is woken
 * the ordinary way. sched_direct_switches counts the direct switches made. */
struct thread *waitq_take(struct waitq *wq, bool match, uint64_t key);
/* The taker's duty: a thread waitq_take returned is on no queue and on no CPU; nobody else can
 * find it, so the taker must hand it to waitq_wait_switch or sched_wake on every path. A system
 * call that returns while its thread still holds one panics (syscall_dispatch). */
int waitq_wait_switch(struct waitq *wq, bool (*check)(void *), void *arg, uint64_t key,
	unsigned flags, struct thread *next);
uint64_t sched_direct_switches(void);
/* Prints every CPU's run queue and timer and every thread's wait, without taking locks: for a
 * machine that is stuck (the NMI handler calls it; rip: where this CPU was). */
void sched_debug_dump(uint64_t rip);

#endif
