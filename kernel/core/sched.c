/* kernel/core/sched.c: the scheduler (see sched.h for the model). Start at schedule().
 *
 * Locking: each CPU's run queue lock (struct runq.lock) guards its ready lists, its sleepers
 * and the state of every thread placed on that CPU. It is taken with interrupts off. A waker
 * takes the lock of the sleeper's CPU; wait queue locks are taken before run queue locks. */
#include "klib.h"
#include "ktime.h"
#include "panic.h"
#include "proc.h"
#include "sched.h"
#include "../arch/x86_64/apic.h"
#include "../arch/x86_64/irq.h"
#include "../arch/x86_64/percpu.h"

struct runq {
	struct spinlock lock;
	struct list ready[SCHED_PRIORITIES];
	struct list sleepers;        /* sorted by wake_at */
	uint64_t nready;
	struct thread *idle;
	struct thread *zombie;       /* exited; its stack is freed once we are off it */
	struct thread *switched_out; /* the thread this CPU just left: on_cpu cleared once off it */
	uint64_t armed;              /* the deadline the APIC timer holds; 0: none */
	volatile bool need_resched;
};

static volatile uint64_t sched_direct; /* direct switches (waitq_wait_switch) that happened */

static struct runq runqs[SMP_MAX_CPUS];

void sched_switch(uint64_t *old_rsp, uint64_t new_rsp); /* switch.S */
void arch_switch(struct thread *prev, struct thread *next); /* arch/x86_64/context.c */
void thread_free(struct thread *t);                     /* thread.c */
struct thread *thread_alloc_boot(const char *name);     /* thread.c */

static struct runq *rq_of(int cpu)
{
	return &runqs[cpu];
}

struct thread *thread_current(void)
{
	return this_cpu()->current;
}

uint64_t sched_ready_count(int cpu)
{
	return rq_of(cpu)->nready;
}

/* Caller holds rq->lock. */
static void rq_enqueue(struct runq *rq, struct thread *t)
{
	t->state = THREAD_READY;
	list_add_tail(&rq->ready[t->priority], &t->link);
	rq->nready++;
}

static struct thread *rq_pick(struct runq *rq)
{
	for (int p = 0; p < SCHED_PRIORITIES; p++)
		if (!list_empty(&rq->ready[p])) {
			struct list *l = rq->ready[p].next;
			list_del(l);
			rq->nready--;
			return list_entry(l, struct thread, link);
		}
	return rq->idle;
}

/* Moves every sleeper whose time has come to the ready lists; timed waiters are left for
 * sched_timer_tick, which takes them off their wait queue too. Caller holds rq->lock. */
static void rq_wake_sleepers(struct runq *rq, uint64_t now)
{
	struct list *l = rq->sleepers.next;
	while (l != &rq->sleepers) {
		struct thread *t = list_entry(l, struct thread, sleep_link);
		l = l->next;
		if (t->wake_at > now)
			break;
		if (t->state == THREAD_SLEEPING) {
			list_del(&t->sleep_link);
			rq_enqueue(rq, t);
		}
	}
}

/* The time, read once per switch and only when needed: under TCG reading the TSC costs
 * microseconds, and a switch with no sleeper and nothing else ready needs no time at all. */
static uint64_t rq_now(uint64_t *now)
{
	if (!*now)
		*now = time_monotonic_ns();
	return *now;
}

/* The next interrupt this CPU needs: the end of the slice if others wait, else the first
 * sleeper, else none at all. Caller holds rq->lock. */
static void rq_arm_timer(struct runq *rq, struct thread *next, uint64_t *now)
{
	uint64_t deadline = 0;
	if (next != rq->idle && rq->nready)
		deadline = rq_now(now) + SCHED_SLICE_NS;
	if (!list_empty(&rq->sleepers)) {
		uint64_t w = list_entry(rq->sleepers.next, struct thread, sleep_link)->wake_at;
		if (!deadline || w < deadline)
			deadline = w;
	}
	/* The APIC is a device: under TCG each write to it goes through QEMU's device emulation
	 * (several microseconds), so a timer that already holds this deadline, or none, is left
	 * alone. A tick clears `armed`: a fired one-shot holds nothing. */
	if (deadline == rq->armed)
		return;
	rq->armed = deadline;
	lapic_timer_oneshot(deadline ? (deadline > rq_now(now) ? deadline - *now : 1) : 0);
}

/* Runs on the thread just switched to: the one switched from is off this CPU now (its registers
 * and stack pointer are saved), so another CPU may run it (on_cpu), and a thread that exited
 * here is freed, now that its stack is no longer in use. */
static void sched_finish(struct runq *rq)
{
	struct thread *z = rq->zombie, *o = rq->switched_out;
	rq->switched_out = NULL;
	if (o && o != z)
		o->on_cpu = false; /* x86 keeps stores in order: whoever sees this sees o->rsp */
	if (z) {
		rq->zombie = NULL;
		thread_free(z);
	}
}

/* Switches to want (claimed by sched_claim: RUNNING and placed on this CPU), or to the next
 * ready thread if want is NULL. Interrupts must be off; they stay off. */
static void schedule_to(struct thread *want)
{
	struct cpu *c = this_cpu();
	struct runq *rq = rq_of((int)c->index);
	struct thread *prev = c->current, *next;
	uint64_t now = 0;
	spin_lock(&rq->lock);
	rq->need_resched = false;
	if (!list_empty(&rq->sleepers))
		rq_wake_sleepers(rq, rq_now(&now));
	if (prev->state == THREAD_RUNNING && prev != rq->idle)
		rq_enqueue(rq, prev);
	else if (prev->state == THREAD_DEAD)
		rq->zombie = prev;
	next = want ? want : rq_pick(rq);
	next->state = THREAD_RUNNING;
	next->on_cpu = true;
	c->current = next;
	rq_arm_timer(rq, next, &now);
	spin_unlock(&rq->lock);
	if (next != prev) {
		next->switches++;
		rq->switched_out = prev;
		arch_switch(prev, next);
		sched_switch(&prev->rsp, next->rsp);
		sched_finish(rq_of((int)this_cpu()->index));
	}
}

/* Picks the next thread and switches to it. Interrupts must be off; they stay off. */
static void schedule(void)
{
	schedule_to(NULL);
}

/* A new thread starts here (switch.S: thread_trampoline). */
void thread_entry(void (*fn)(void *), void *arg)
{
	sched_finish(rq_of((int)this_cpu()->index));
	__asm__ volatile("sti");
	fn(arg);
	thread_exit();
}

void thread_exit(void)
{
	__asm__ volatile("cli");
	thread_current()->state = THREAD_DEAD;
	schedule();
	panic("a dead thread was scheduled");
}

void sched_yield(void)
{
	uint64_t fl = irq_save();
	schedule();
	irq_restore(fl);
}

static void rq_add_sleeper(struct runq *rq, struct thread *t)
{
	struct list *pos = &rq->sleepers;
	while (pos->next != &rq->sleepers &&
			list_entry(pos->next, struct thread, sleep_link)->wake_at <= t->wake_at)
		pos = pos->next;
	list_add_after(pos, &t->sleep_link);
}

void sched_sleep_ns(uint64_t ns)
{
	uint64_t fl = irq_save();
	struct thread *t = thread_current();
	struct runq *rq = rq_of(t->cpu);
	spin_lock(&rq->lock);
	t->wake_at = time_monotonic_ns() + ns;
	t->state = THREAD_SLEEPING;
	rq_add_sleeper(rq, t);
	spin_unlock(&rq->lock);
	schedule();
	irq_restore(fl);
}

/* now + ns, saturating: a "forever" timeout must not wrap into the past */
static uint64_t sched_deadline(uint64_t ns)
{
	uint64_t now = time_monotonic_ns();
	return ns > ~0ull - now ? ~0ull : now + ns;
}

/* Signals pending and not blocked for t (SIGKILL always): for waits deciding to block. */
static bool sched_signal_pending(struct thread *t)
{
	return (t->sig_pending & (~t->sig_blocked | (1ul << 8))) != 0;
}

bool sched_sleep_check(uint64_t ns, bool (*check)(void))
{
	uint64_t fl = irq_save(), end = sched_deadline(ns);
	struct thread *t = thread_current();
	struct runq *rq = rq_of(t->cpu);
	spin_lock(&rq->lock);
	if (!check()) {
		spin_unlock(&rq->lock);
		irq_restore(fl);
		return false;
	}
	t->wake_at = end;
	t->state = THREAD_SLEEPING;
	rq_add_sleeper(rq, t);
	spin_unlock(&rq->lock);
	schedule();
	irq_restore(fl);
	return time_monotonic_ns() >= end;
}

void sched_interrupt(struct thread *t)
{
	uint64_t fl = irq_save();
	struct waitq *wq;
	struct runq *rq;
	bool kick;
again:
	wq = t->waitq;
	if (wq) {
		/* wait queues that a user thread can be interrupted in live as long as the thread
		 * can be signalled: the futex buckets, its process's queues, pipes it holds */
		spin_lock(&wq->lock);
		if (t->waitq == wq) {
			list_del(&t->link);
			t->waitq = NULL;
			t->wait_interrupted = true;
			spin_unlock(&wq->lock);
			sched_wake(t);
			irq_restore(fl);
			return;
		}
		spin_unlock(&wq->lock);
	}
	/* Not (or no longer) on a wait queue: a plain sleeper is woken; a thread that is about to
	 * block sees the pending signal itself (waitq_wait_if checks under the same locks); one
	 * running on another CPU is sent an IPI, so it acts on the signal on its way to user mode.
	 * A direct switch may have moved it to another CPU meanwhile: its lock is the one. */
	rq = rq_of(t->cpu);
	spin_lock(&rq->lock);
	while (rq != rq_of(t->cpu)) {
		spin_unlock(&rq->lock);
		rq = rq_of(t->cpu);
		spin_lock(&rq->lock);
	}
	/* It blocked since waitq was read above: waitq_block publishes waitq and then reads
	 * sig_pending under this lock, with no fence between its store and its load, so it may
	 * have read the bit before the sender's `lock or` reached it (store-load reordering, on
	 * either side), while the read above missed its waitq: both would miss, and the signal
	 * (SIGKILL of an exiting process, a tkill) would never end the wait. Under this lock its
	 * waitq is seen; the wait queue path above takes it off. */
	if (t->waitq) {
		spin_unlock(&rq->lock);
		goto again;
	}
	if (t->state == THREAD_SLEEPING && !t->waitq) {
		list_del(&t->sleep_link);
		rq_enqueue(rq, t);
		rq->need_resched = true;
	}
	kick = t->cpu != (int)this_cpu()->index && (t->state == THREAD_RUNNING || t->state == THREAD_READY);
	spin_unlock(&rq->lock);
	if (kick)
		lapic_send_ipi(cpus[rq - runqs].apic_id, 0, VEC_IPI_RESCHED);
	irq_restore(fl);
}

/* Job control's stop: a thread running (or about to run) on another CPU is made to pass
 * through the kernel, where it sees that its process stopped; its waits are left alone. */
void sched_kick(struct thread *t)
{
	uint64_t fl = irq_save();
	if (t->cpu != (int)this_cpu()->index && (t->state == THREAD_RUNNING || t->state == THREAD_READY))
		lapic_send_ipi(cpus[t->cpu].apic_id, 0, VEC_IPI_RESCHED);
	irq_restore(fl);
}

/* t, taken off a wait queue by waitq_take, is no longer its taker's to wake. Only the taker
 * calls this (nobody else can reach t), so `holding` is only ever touched by its own thread. */
static void sched_untake(struct thread *t)
{
	if (t->taken_by) {
		t->taken_by->holding--;
		t->taken_by = NULL;
	}
}

void sched_wake(struct thread *t)
{
	uint64_t fl;
	struct runq *rq;
	bool kick = false;
	sched_untake(t);
	rq = rq_of(t->cpu);
	fl = spin_lock_irqsave(&rq->lock);
	while (rq != rq_of(t->cpu)) { /* moved by a direct switch since it was read */
		spin_unlock_irqrestore(&rq->lock, fl);
		rq = rq_of(t->cpu);
		fl = spin_lock_irqsave(&rq->lock);
	}
	if (t->state == THREAD_BLOCKED || t->state == THREAD_SLEEPING) {
		list_del(&t->sleep_link); /* off the sleepers, if it was there */
		rq_enqueue(rq, t);
		rq->need_resched = true;
		kick = t->cpu != (int)this_cpu()->index;
	}
	spin_unlock_irqrestore(&rq->lock, fl);
	/* the CPU whose queue now holds it (rq), not t->cpu read again: by now t may have run,
	 * blocked and been claimed elsewhere */
	if (kick)
		lapic_send_ipi(cpus[rq - runqs].apic_id, 0, VEC_IPI_RESCHED);
}

/* The timer fired: timed waits that ran out leave their wait queue and become ready (plain
 * sleepers are schedule's: rq_wake_sleepers); the switch happens on the way out.
 * The order elsewhere is a wait queue's lock, then a run queue's; here the run queue's is held,
 * so the wait queue's is only tried. Taking the expired waiters out and coming back for their
 * queues after letting go of the run queue (as this did before) left a window in which a
 * waker could end the wait, the thread run on and block again, on another queue even, or exit:
 * the tick then timed out a wait that had not run out (a futex with no timeout answered
 * ETIMEDOUT), or read a freed thread. A queue whose lock is busy is left for the next tick:
 * the waiter stays first among the sleepers, so the timer is armed again for a deadline
 * already past and fires at once, by which time the holder (often a waker of this very
 * thread, waiting for this run queue) is done. */
void sched_timer_tick(void)
{
	struct runq *rq = rq_of((int)this_cpu()->index);
	uint64_t now = time_monotonic_ns();
	spin_lock(&rq->lock);
	rq->armed = 0; /* it fired (or an IPI came: then the next arming writes it again) */
	for (struct list *l = rq->sleepers.next; l != &rq->sleepers;) {
		struct thread *t = list_entry(l, struct thread, sleep_link);
		struct waitq *wq = t->waitq;
		l = l->next;
		if (t->wake_at > now)
			break;
		if (t->state != THREAD_BLOCKED)
			continue;
		if (!wq) { /* taken off its queue: only its taker ends the wait now (sched.h) */
			list_del(&t->sleep_link);
			continue;
		}
		if (!spin_trylock(&wq->lock))
			continue;
		if (t->waitq == wq) {
			list_del(&t->link);
			t->waitq = NULL;
			t->wait_timed_out = true;
			list_del(&t->sleep_link);
			rq_enqueue(rq, t);
		}
		spin_unlock(&wq->lock);
	}
	rq->need_resched = true;
	spin_unlock(&rq->lock);
}

/* Called on the way out of an interrupt (irq.c), after the end-of-interrupt. */
void sched_preempt_point(void)
{
	struct cpu *c = this_cpu();
	if (c->current && rq_of((int)c->index)->need_resched)
		schedule();
}

void sched_idle(void)
{
	struct runq *rq = rq_of((int)this_cpu()->index);
	for (;;) {
		__asm__ volatile("cli");
		if (rq->nready || rq->need_resched)
			schedule();
		__asm__ volatile("sti; hlt"); /* sti's shadow: no interrupt slips in before hlt */
	}
}

static void sched_irq_timer(struct trap_frame *tf, void *arg)
{
	(void)tf;
	(void)arg;
	sched_timer_tick();
}

void sched_init_cpu(void)
{
	struct cpu *c = this_cpu();
	struct runq *rq = rq_of((int)c->index);
	char name[16];
	rq->lock = (struct spinlock)SPINLOCK_INIT("runq");
	for (int p = 0; p < SCHED_PRIORITIES; p++)
		list_init(&rq->ready[p]);
	list_init(&rq->sleepers);
	ksnprintf(name, sizeof(name), "idle%u", c->index);
	rq->idle = thread_alloc_boot(name);
	rq->idle->cpu = (int)c->index;
	rq->idle->priority = SCHED_PRIORITIES - 1;
	rq->idle->state = THREAD_RUNNING;
	rq->idle->on_cpu = true;
	c->current = rq->idle;
	if (c->index == 0) {
		irq_register(VEC_TIMER, sched_irq_timer, NULL);
		irq_register(VEC_IPI_RESCHED, sched_irq_timer, NULL);
	}
}

/* thread.c places new threads through this. */
void sched_start(struct thread *t)
{
	struct runq *rq = rq_of(t->cpu);
	uint64_t fl = spin_lock_irqsave(&rq->lock);
	rq_enqueue(rq, t);
	rq->need_resched = true;
	spin_unlock_irqrestore(&rq->lock, fl);
	if (t->cpu != (int)this_cpu()->index)
		lapic_send_ipi(cpus[t->cpu].apic_id, 0, VEC_IPI_RESCHED);
}

/* ---- wait queues ---- */

void waitq_init(struct waitq *wq)
{
	wq->lock = (struct spinlock)SPINLOCK_INIT("waitq");
	list_init(&wq->waiters);
}

/* Does t have a signal that ends a wait with these flags? (WAITQ_KILLABLE: only SIGKILL) */
static bool sched_wait_signalled(struct thread *t, unsigned flags)
{
	if (!t->proc)
		return false;
	return flags & WAITQ_KILLABLE ? (t->sig_pending & (1ul << 8)) != 0 : sched_signal_pending(t);
}

/* Makes next, a BLOCKED thread the caller took off its wait queue (waitq_take), the one this
 * CPU runs next: false if it is not blocked any more or still on another CPU's stack (on_cpu:
 * switching out right now). It moves to this CPU if it was placed on another: a client and its
 * server then share one CPU, and the round trip needs no cross-CPU wake-up. Interrupts off. */
static bool sched_claim(struct thread *next)
{
	int here = (int)this_cpu()->index;
	struct runq *orq;
	bool ok;
	sched_untake(next); /* claimed here, or woken by the caller if not */
	orq = rq_of(next->cpu);
	spin_lock(&orq->lock);
	ok = next->state == THREAD_BLOCKED && !next->on_cpu && !next->waitq;
	if (ok) {
		list_del(&next->sleep_link); /* off its old CPU's sleepers, if it was there */
		next->state = THREAD_RUNNING;
		next->cpu = here;
	}
	spin_unlock(&orq->lock);
	return ok;
}

/* Parks the current thread on wq (among the sleepers too when ns > 0) unless check(arg), run
 * under wq's lock, says no: a waker that changes the condition and then wakes under the same
 * lock cannot slip in between. 1: woken; 0: the time ran out; -1: check said no, or a signal.
 * With next (a thread taken off a wait queue, still BLOCKED), the CPU goes straight to it
 * instead of through the run queue; if this thread does not block after all, or next cannot
 * be claimed, next is woken the ordinary way. */
static int waitq_block(struct waitq *wq, uint64_t ns, bool (*check)(void *), void *arg,
	uint64_t key, unsigned flags, struct thread *next)
{
	uint64_t fl = irq_save();
	struct thread *t = thread_current();
	struct runq *rq = rq_of(t->cpu);
	bool timed_out;
	spin_lock(&wq->lock);
	if (check && !check(arg)) {
		spin_unlock(&wq->lock);
		irq_restore(fl);
		if (next)
			sched_wake(next);
		return -1;
	}
	spin_lock(&rq->lock);
	t->state = THREAD_BLOCKED;
	t->wait_timed_out = false;
	t->wait_interrupted = false;
	t->wait_key = key;
	t->waitq = wq;
	list_add_tail(&wq->waiters, &t->link);
	/* a signal sent before this point either set the bit already (seen here) or saw waitq
	 * published and will take the thread off the queue: none is lost */
	if (sched_wait_signalled(t, flags)) {
		list_del(&t->link);
		t->waitq = NULL;
		t->state = THREAD_RUNNING;
		spin_unlock(&rq->lock);
		spin_unlock(&wq->lock);
		irq_restore(fl);
		if (next)
			sched_wake(next);
		return -1;
	}
	if (ns) {
		t->wake_at = sched_deadline(ns);
		rq_add_sleeper(rq, t);
	}
	spin_unlock(&rq->lock);
	spin_unlock(&wq->lock);
	if (next && sched_claim(next)) {
		__asm__ volatile("lock incq %0" : "+m"(sched_direct));
		schedule_to(next);
	} else {
		if (next)
			sched_wake(next);
		schedule();
	}
	timed_out = t->wait_timed_out;
	irq_restore(fl);
	return timed_out ? 0 : 1;
}

int waitq_wait_if(struct waitq *wq, uint64_t ns, bool (*check)(void *), void *arg, uint64_t key)
{
	return waitq_block(wq, ns, check, arg, key, 0, NULL);
}

int waitq_wait_flags(struct waitq *wq, uint64_t ns, bool (*check)(void *), void *arg,
	uint64_t key, unsigned flags)
{
	return waitq_block(wq, ns, check, arg, key, flags, NULL);
}

int waitq_wait_switch(struct waitq *wq, bool (*check)(void *), void *arg, uint64_t key,
	unsigned flags, struct thread *next)
{
	return waitq_block(wq, 0, check, arg, key, flags, next);
}

struct thread *waitq_take(struct waitq *wq, bool match, uint64_t key)
{
	uint64_t fl = spin_lock_irqsave(&wq->lock);
	struct thread *found = NULL;
	for (struct list *l = wq->waiters.next; l != &wq->waiters; l = l->next) {
		struct thread *t = list_entry(l, struct thread, link);
		if (!match || t->wait_key == key) {
			list_del(&t->link);
			t->waitq = NULL;
			t->taken_by = thread_current();
			t->taken_by->holding++;
			found = t;
			break;
		}
	}
	spin_unlock_irqrestore(&wq->lock, fl);
	return found;
}

uint64_t sched_direct_switches(void)
{
	return sched_direct;
}

void waitq_wait(struct waitq *wq)
{
	waitq_wait_if(wq, 0, NULL, NULL, 0);
}

bool waitq_wait_timeout(struct waitq *wq, uint64_t ns)
{
	return waitq_wait_if(wq, ns ? ns : 1, NULL, NULL, 0) == 1;
}

/* Wakes up to n (n < 0: all) waiters; with match, only those that waited with key. */
static int waitq_wake_some(struct waitq *wq, int n, bool match, uint64_t key)
{
	uint64_t fl = spin_lock_irqsave(&wq->lock);
	int woken = 0;
	for (struct list *l = wq->waiters.next; l != &wq->waiters && (n < 0 || woken < n);) {
		struct thread *t = list_entry(l, struct thread, link);
		l = l->next;
		if (match && t->wait_key != key)
			continue;
		list_del(&t->link);
		t->waitq = NULL;
		sched_wake(t);
		woken++;
	}
	spin_unlock_irqrestore(&wq->lock, fl);
	return woken;
}

int waitq_wake(struct waitq *wq, int n)
{
	return waitq_wake_some(wq, n, false, 0);
}

int waitq_wake_key(struct waitq *wq, int n, uint64_t key)
{
	return waitq_wake_some(wq, n, true, key);
}

/* ---- the state dump (an NMI: QEMU's monitor `nmi`, make stress-sched on a hang) ---- */

static const char *const sched_state_names[] = { "ready", "running", "blocked", "sleeping", "dead" };

/* The dump reads lists that other CPUs are changing (no locks: see below), so a link may be
 * stale or half-written: only kernel-half, aligned pointers are followed (a user address would
 * fault under SMAP; the NMI-storm test found one under system call load). */
static bool sched_dump_ptr_ok(const void *p)
{
	uint64_t a = (uint64_t)p;
	return a >= 0xffff800000000000ull && !(a & 7);
}

static void sched_dump_thread(const char *what, struct thread *t)
{
	unsigned st;
	if (!sched_dump_ptr_ok(t) || (t->proc && !sched_dump_ptr_ok(t->proc))) {
		kprintf("  %s: a link changing under the dump (%p)\n", what, (void *)t);
		return;
	}
	st = (unsigned)t->state;
	kprintf("  %s t%u %s pid %d: %s cpu %d%s waitq %p key %#lx wake_at %lu%s\n", what, t->id,
		t->name, t->proc ? t->proc->pid : 0, st < 5 ? sched_state_names[st] : "?", t->cpu,
		t->on_cpu ? " on_cpu" : "", (void *)t->waitq, t->wait_key, t->wake_at,
		t->taken_by ? " (taken off its queue, not woken)" : "");
}

static bool sched_dump_process(struct process *p, void *arg)
{
	(void)arg;
	int n = 0;
	kprintf(" pid %d %s:\n", p->pid, p->name);
	for (struct list *l = p->threads.next; l != &p->threads && n < 64; l = l->next, n++) {
		if (!sched_dump_ptr_ok(l))
			break;
		sched_dump_thread("thread", list_entry(l, struct thread, proc_link));
	}
	return true;
}

/* Every CPU's run queue, current thread and timer, then every process's threads. Read without
 * the locks: it runs in an NMI, on a machine that is stuck (a CPU may hold one for ever). The
 * CPU that takes the NMI first prints everything; the others say where they were. */
void sched_debug_dump(uint64_t rip)
{
	static volatile int dumping;
	uint64_t now = time_monotonic_ns();
	int me = (int)this_cpu()->index, busy;
	__asm__ volatile("xchgl %0, %1" : "=r"(busy), "+m"(dumping) : "0"(1) : "memory");
	kprintf("sched dump: cpu %d was at %#lx in t%u\n", me, rip, this_cpu()->current->id);
	if (busy)
		return;
	kprintf("sched dump at %lu ns; %lu direct switches\n", now, sched_direct);
	for (int c = 0; c < smp_ncpus; c++) {
		struct runq *rq = rq_of(c);
		int n = 0;
		kprintf(" cpu %d: nready %lu need_resched %d armed %lu (in %ld ns) lock %s\n", c,
			rq->nready, rq->need_resched, rq->armed,
			rq->armed ? (long)(rq->armed - now) : 0l, rq->lock.locked ? "held" : "free");
		sched_dump_thread("current", cpus[c].current);
		for (int p = 0; p < SCHED_PRIORITIES; p++)
			for (struct list *l = rq->ready[p].next; l != &rq->ready[p] && n < 32 &&
					sched_dump_ptr_ok(l); l = l->next, n++)
				sched_dump_thread("ready", list_entry(l, struct thread, link));
		for (struct list *l = rq->sleepers.next; l != &rq->sleepers && n < 64 &&
				sched_dump_ptr_ok(l); l = l->next, n++)
			sched_dump_thread("sleeper", list_entry(l, struct thread, sleep_link));
	}
	proc_each_racy(sched_dump_process, NULL, sched_dump_ptr_ok);
	kprintf("sched dump: end\n");
	dumping = 0;
}
