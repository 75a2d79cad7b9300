/* kernel/core/sched_test.c: threads run on both CPUs, sleep for as long as asked, are
 * preempted, wake each other across CPUs, time out, run by priority, an idle CPU takes
 * no timer ticks, and a thread taken off its wait queue is its taker's to wake (kernel only). */
#include "ktest.h"
#include "ktime.h"
#include "sched.h"
#include "../arch/x86_64/arch.h"
#include "../arch/x86_64/irq.h"
#include "../arch/x86_64/percpu.h"

/* A countdown that a waiting thread blocks on. */
struct sched_test_done {
	struct waitq wq;
	volatile int left;
	struct spinlock lock;
};

static void done_init(struct sched_test_done *d, int n)
{
	waitq_init(&d->wq);
	d->lock = (struct spinlock)SPINLOCK_INIT("done");
	d->left = n;
}

static void done_signal(struct sched_test_done *d)
{
	uint64_t fl = spin_lock_irqsave(&d->lock);
	d->left--;
	spin_unlock_irqrestore(&d->lock, fl);
	waitq_wake(&d->wq, -1);
}

/* Waits for the countdown, at most 10 s; false if it did not reach zero. */
static bool done_wait(struct sched_test_done *d)
{
	uint64_t t0 = time_monotonic_ns();
	while (d->left > 0 && time_monotonic_ns() - t0 < 10000000000ull)
		waitq_wait_timeout(&d->wq, 100000000ull);
	return d->left <= 0;
}

static struct sched_test_done st_done;
static volatile uint32_t st_cpu_mask;
static volatile uint64_t st_sum;

static void st_worker(void *arg)
{
	uint64_t n = (uint64_t)arg;
	__asm__ volatile("lock orl %1, %0" : "+m"(st_cpu_mask) : "r"(1u << this_cpu()->index));
	__asm__ volatile("lock addq %1, %0" : "+m"(st_sum) : "r"(n));
	sched_yield();
	done_signal(&st_done);
}

KTEST(sched_threads_run_on_every_cpu)
{
	st_cpu_mask = 0;
	st_sum = 0;
	done_init(&st_done, 16);
	for (uint64_t i = 1; i <= 16; i++)
		KEXPECT(thread_create("worker", st_worker, (void *)i, SCHED_PRIO_DEFAULT, -1) != NULL);
	KEXPECT(done_wait(&st_done));
	KEXPECT_EQ_U64(st_sum, 16 * 17 / 2);
	KEXPECT_EQ_U64(st_cpu_mask, (1u << smp_ncpus) - 1); /* placement used every CPU */
	KEXPECT(thread_create("bad", st_worker, NULL, SCHED_PRIORITIES, -1) == NULL);
	KEXPECT(thread_create("bad", st_worker, NULL, 0, 9) == NULL);
}

KTEST(sched_sleep_lasts_as_asked)
{
	uint64_t t0 = time_monotonic_ns(), dt;
	sched_sleep_ns(20000000); /* 20 ms */
	dt = time_monotonic_ns() - t0;
	KEXPECT(dt >= 20000000);
	KEXPECT(dt < 200000000);
}

/* Two threads pinned to CPU 1 that never block: each counts how often it saw the other make
 * progress, which on one CPU means it was preempted. Both go on until each saw it 5 times;
 * without preemption the first would spin forever. */
static volatile uint64_t st_turns[2], st_seen[2];
static volatile bool st_stop;

static void st_spinner(void *arg)
{
	int me = (int)(uint64_t)arg, other = 1 - me;
	uint64_t last = 0;
	while (!st_stop && (st_seen[me] < 5 || st_seen[other] < 5)) {
		st_turns[me]++;
		if (st_turns[other] != last) {
			last = st_turns[other];
			st_seen[me]++;
		}
	}
	done_signal(&st_done);
}

KTEST(sched_preempts_busy_threads)
{
	int cpu = smp_ncpus > 1 ? 1 : 0;
	st_turns[0] = st_turns[1] = st_seen[0] = st_seen[1] = 0;
	st_stop = false;
	done_init(&st_done, 2);
	KEXPECT(thread_create("spin0", st_spinner, (void *)0ul, SCHED_PRIO_DEFAULT, cpu) != NULL);
	KEXPECT(thread_create("spin1", st_spinner, (void *)1ul, SCHED_PRIO_DEFAULT, cpu) != NULL);
	KEXPECT(done_wait(&st_done));
	st_stop = true;
	KEXPECT(st_seen[0] >= 5 && st_seen[1] >= 5);
}

static struct waitq st_wq = WAITQ_INIT(st_wq);
static volatile int st_woke_on = -1;

static void st_sleeper(void *arg)
{
	(void)arg;
	waitq_wait(&st_wq);
	st_woke_on = (int)this_cpu()->index;
	done_signal(&st_done);
}

KTEST(sched_wakes_across_cpus)
{
	int cpu = smp_ncpus > 1 ? 1 : 0, woken = 0;
	done_init(&st_done, 1);
	st_woke_on = -1;
	KEXPECT(thread_create("sleeper", st_sleeper, NULL, SCHED_PRIO_DEFAULT, cpu) != NULL);
	/* wake it once it is on the queue (how soon it gets there depends on the host's load) */
	for (int i = 0; i < 400 && woken == 0; i++) {
		sched_sleep_ns(5000000);
		KEXPECT_EQ_U64(st_woke_on, (uint64_t)-1);
		woken = waitq_wake(&st_wq, 1);
	}
	KEXPECT_EQ_U64(woken, 1);
	KEXPECT(done_wait(&st_done));
	KEXPECT_EQ_U64(st_woke_on, cpu);
}

KTEST(sched_wait_times_out)
{
	struct waitq wq;
	uint64_t t0 = time_monotonic_ns(), dt;
	waitq_init(&wq);
	KEXPECT(!waitq_wait_timeout(&wq, 15000000));
	dt = time_monotonic_ns() - t0;
	KEXPECT(dt >= 15000000 && dt < 500000000);
	KEXPECT_EQ_U64(waitq_wake(&wq, -1), 0); /* it left the queue */
}

static volatile int st_order[3];
static volatile int st_order_n;

static void st_ranked(void *arg)
{
	st_order[st_order_n++] = (int)(uint64_t)arg;
	done_signal(&st_done);
}

static void st_launcher(void *arg)
{
	int cpu = (int)this_cpu()->index;
	(void)arg;
	/* queued while this (priority 0) thread holds the CPU: they run in priority order after */
	thread_create("low", st_ranked, (void *)3ul, 3, cpu);
	thread_create("mid", st_ranked, (void *)2ul, 2, cpu);
	thread_create("high", st_ranked, (void *)1ul, 1, cpu);
	done_signal(&st_done);
}

KTEST(sched_runs_higher_priority_first)
{
	st_order_n = 0;
	done_init(&st_done, 4);
	KEXPECT(thread_create("launcher", st_launcher, NULL, 0, smp_ncpus > 1 ? 1 : 0) != NULL);
	KEXPECT(done_wait(&st_done));
	KEXPECT(st_order[0] == 1 && st_order[1] == 2 && st_order[2] == 3);
}

KTEST(sched_idle_cpu_has_no_tick)
{
	uint64_t before = irq_count(VEC_TIMER);
	sched_sleep_ns(100000000); /* 100 ms: CPU 1 has nothing to do, CPU 0 one wake-up */
	/* a periodic 100 Hz tick would give 20 interrupts here */
	KEXPECT(irq_count(VEC_TIMER) - before <= 3);
}

/* Recursion with a frame of ~1 KiB: 16 KiB of stack lasts a dozen calls. */
static int st_recurse(int n)
{
	volatile char pad[1024];
	pad[0] = (char)n;
	return st_recurse(n + 1) + pad[0];
}

static void st_overflow(void *arg)
{
	(void)arg;
	st_recurse(0);
}

KTEST(sched_kernel_stack_overflow_is_reported)
{
	char out[1024];
	uint64_t t0 = time_monotonic_ns();
	console_capture(out, sizeof(out));
	trap_expect(8, 0);
	KEXPECT(thread_create("overflow", st_overflow, NULL, SCHED_PRIO_DEFAULT, -1) != NULL);
	while (!trap_expected_seen(NULL) && time_monotonic_ns() - t0 < 5000000000ull)
		sched_sleep_ns(1000000);
	console_capture(NULL, 0);
	KEXPECT(trap_expected_seen(NULL));
	KEXPECT(strstr(out, "kernel stack overflow in thread") != NULL);
	KEXPECT(strstr(out, "st_recurse+") != NULL); /* named where it happened */
}

/* The taker's duty (sched.h): a thread taken off its queue with waitq_take is counted against
 * its taker until the taker wakes it, and its timeout no longer ends the wait (the taker
 * decides now: the timer leaves it alone even once the deadline is long past). */
static struct waitq st_take_wq;
static struct sched_test_done st_take_done;
static volatile int st_take_rc;

static void st_taken(void *arg)
{
	(void)arg;
	st_take_rc = waitq_wait_if(&st_take_wq, 1000000000ull, NULL, NULL, 0); /* 1 s at most */
	done_signal(&st_take_done);
}

KTEST(sched_taken_thread_is_the_takers_to_wake)
{
	struct thread *me = thread_current(), *t = NULL;
	uint64_t t0 = time_monotonic_ns(), now;
	waitq_init(&st_take_wq);
	done_init(&st_take_done, 1);
	st_take_rc = -2;
	KEXPECT(thread_create("taken", st_taken, NULL, SCHED_PRIO_DEFAULT, smp_ncpus - 1) != NULL);
	while (!t && st_take_rc == -2 && time_monotonic_ns() - t0 < 5000000000ull)
		if (!(t = waitq_take(&st_take_wq, false, 0)))
			sched_yield();
	KEXPECT(t != NULL); /* taken before its second ran out */
	if (!t) {
		KEXPECT(done_wait(&st_take_done));
		return;
	}
	KEXPECT_EQ_U64(me->holding, 1);
	KEXPECT(t->taken_by == me);
	now = time_monotonic_ns();
	if (t->wake_at + 100000000ull > now)
		sched_sleep_ns(t->wake_at + 100000000ull - now); /* until its deadline is long past */
	KEXPECT_EQ_U64((uint64_t)(int64_t)st_take_rc, (uint64_t)-2); /* still waiting */
	sched_wake(t);
	KEXPECT_EQ_U64(me->holding, 0);
	KEXPECT(done_wait(&st_take_done));
	KEXPECT_EQ_U64(st_take_rc, 1); /* woken, not timed out */
}
