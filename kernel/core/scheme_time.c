/* kernel/core/scheme_time.c: the time scheme, /dev/time/realtime and /dev/time/monotonic.
 * A read gives the clock's time now (a ferrite_timespec). A write of a ferrite_timespec sets a
 * deadline on that clock: the next read blocks until it has passed (EAGAIN with O_NONBLOCK,
 * EINTR on a signal; the deadline stays for a restart), then returns the time and forgets it.
 * poll says POLLIN when a read would not block. Deadlines are kept as monotonic times (the
 * realtime clock is the boot time plus the monotonic one, never set); one kernel thread sleeps
 * until the earliest armed deadline and wakes that description's pollers then, so poll and the
 * event scheme can wait on a timer with everything else. time_lock guards the armed list (a leaf
 * but for the wait queue locks its wake-ups take, outside it). */
#include "klib.h"
#include "errno.h"
#include "file.h"
#include "kheap.h"
#include "kscheme.h"
#include "ktime.h"
#include "sched.h"
#include "signal.h"

#define TIME_DEADLINE_MAX_SEC (400ull * 366 * 86400)

struct time_desc {
	int clock;                 /* FERRITE_CLOCK_REALTIME or _MONOTONIC */
	volatile uint64_t deadline; /* monotonic ns; 0: none */
	bool armed;                /* on time_armed, for the timer thread */
	struct time_desc *next;
	struct waitq wq;
	struct poll_head poll;
};

static struct spinlock time_lock = SPINLOCK_INIT("time_scheme");
static struct time_desc *time_armed;
static struct waitq time_thread_wq = WAITQ_INIT(time_thread_wq);
static volatile uint64_t time_changes; /* the armed list changed: the thread looks again */

static void time_unarm_locked(struct time_desc *d)
{
	for (struct time_desc **pp = &time_armed; *pp; pp = &(*pp)->next)
		if (*pp == d) {
			*pp = d->next;
			break;
		}
	d->armed = false;
}

static bool time_nothing_changed(void *arg)
{
	return time_changes == *(uint64_t *)arg;
}

/* The timer thread: at each armed deadline, pollers look again. */
static void time_thread(void *arg)
{
	(void)arg;
	for (;;) {
		uint64_t now = time_monotonic_ns(), next = 0, seen, fl;
		bool fired = false;
		fl = spin_lock_irqsave(&time_lock);
		seen = time_changes;
		for (struct time_desc **pp = &time_armed; *pp;) {
			struct time_desc *d = *pp;
			if (d->deadline <= now) {
				*pp = d->next; /* its time came: off the list, the read will see it */
				d->armed = false;
				poll_head_wake(&d->poll); /* its lock, then queues': not the other way */
				fired = true;
				continue;
			}
			if (!next || d->deadline < next)
				next = d->deadline;
			pp = &d->next;
		}
		spin_unlock_irqrestore(&time_lock, fl);
		(void)fired;
		waitq_wait_if(&time_thread_wq, next ? next - now : 0, time_nothing_changed, &seen, 0);
	}
}

static void time_now(int clock, struct ferrite_timespec *ts)
{
	uint64_t ns = clock == FERRITE_CLOCK_REALTIME ? time_realtime_ns() : time_monotonic_ns();
	ts->tv_sec = (long)(ns / 1000000000ull);
	ts->tv_nsec = (long)(ns % 1000000000ull);
}

static bool time_before_deadline(void *arg)
{
	struct time_desc *d = arg;
	return d->deadline && time_monotonic_ns() < d->deadline && !signal_pending();
}

static long time_read(struct file *f, void *buf, size_t len)
{
	struct time_desc *d = f->priv;
	struct ferrite_timespec ts;
	uint64_t fl;
	if (len < sizeof(ts))
		return -EINVAL;
	for (;;) {
		/* one snapshot of both: the deadline may change (a write, another reader) and the
		 * clock moves on between two looks, and a difference of two other looks may wrap */
		uint64_t dl = d->deadline, now = time_monotonic_ns();
		if (!dl || now >= dl)
			break;
		if (f->flags & FERRITE_O_NONBLOCK)
			return -EAGAIN;
		if (signal_pending())
			return -EINTR;
		/* a new deadline written meanwhile wakes d->wq (time_write): it is looked at again */
		waitq_wait_if(&d->wq, dl - now + 1, time_before_deadline, d, 0);
	}
	fl = spin_lock_irqsave(&time_lock);
	d->deadline = 0;
	if (d->armed)
		time_unarm_locked(d);
	spin_unlock_irqrestore(&time_lock, fl);
	time_now(d->clock, &ts);
	memcpy(buf, &ts, sizeof(ts));
	return sizeof(ts);
}

static long time_write(struct file *f, const void *buf, size_t len)
{
	struct time_desc *d = f->priv;
	struct ferrite_timespec ts;
	uint64_t ns, offset, fl;
	if (len != sizeof(ts))
		return -EINVAL;
	memcpy(&ts, buf, sizeof(ts));
	/* at most 400 years from the clock's start, so that the nanoseconds fit in 64 bits
	 * (2^64 ns is 584 years) */
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000l ||
			(uint64_t)ts.tv_sec > TIME_DEADLINE_MAX_SEC)
		return -EINVAL;
	ns = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	if (d->clock == FERRITE_CLOCK_REALTIME) { /* as a monotonic time: realtime runs with it */
		offset = time_realtime_ns() - time_monotonic_ns();
		ns = ns > offset ? ns - offset : 1;
	}
	if (ns == 0)
		ns = 1; /* 0 means none: the very start of time has passed anyway */
	fl = spin_lock_irqsave(&time_lock);
	d->deadline = ns;
	if (!d->armed) {
		d->armed = true;
		d->next = time_armed;
		time_armed = d;
	}
	time_changes++;
	spin_unlock_irqrestore(&time_lock, fl);
	waitq_wake(&time_thread_wq, -1);
	waitq_wake(&d->wq, -1); /* a reader waiting for the old deadline: the new one may be sooner */
	return (long)len;
}

static unsigned time_poll(struct file *f)
{
	struct time_desc *d = f->priv;
	uint64_t dl = d->deadline;
	return FERRITE_POLLOUT | (!dl || time_monotonic_ns() >= dl ? FERRITE_POLLIN : 0);
}

static struct poll_head *time_poll_head(struct file *f)
{
	return &((struct time_desc *)f->priv)->poll;
}

static void time_release(struct file *f)
{
	struct time_desc *d = f->priv;
	uint64_t fl = spin_lock_irqsave(&time_lock);
	if (d->armed)
		time_unarm_locked(d);
	spin_unlock_irqrestore(&time_lock, fl);
	kfree(d);
}

/* st_ino of a clock (the root is 1), the same in stat and the root's listing */
#define TIME_INO(clock) ((uint64_t)(clock) + 2)

static long time_fstat(struct file *f, struct ferrite_stat *st)
{
	const struct time_desc *d = f->priv;
	memset(st, 0, sizeof(*st));
	st->st_mode = FERRITE_S_IFCHR | 0666;
	st->st_nlink = 1;
	st->st_ino = TIME_INO(d->clock);
	st->st_blksize = 4096;
	return 0;
}

static const struct file_ops time_ops = {
	.read = time_read,
	.stat = time_fstat,
	.write = time_write,
	.poll = time_poll,
	.poll_head = time_poll_head,
	.release = time_release,
};

static int time_clock_of(const char *path)
{
	if (strcmp(path, "realtime") == 0)
		return FERRITE_CLOCK_REALTIME;
	if (strcmp(path, "monotonic") == 0)
		return FERRITE_CLOCK_MONOTONIC;
	return -1;
}

static bool time_names(uint64_t i, char *name, size_t size, unsigned *type, uint64_t *ino)
{
	static const char *const clocks[] = { "realtime", "monotonic" };
	if (i >= 2 || size <= strlen(clocks[i]))
		return false;
	memcpy(name, clocks[i], strlen(clocks[i]) + 1);
	*type = FERRITE_DT_CHR;
	*ino = TIME_INO(i == 0 ? FERRITE_CLOCK_REALTIME : FERRITE_CLOCK_MONOTONIC);
	return true;
}

static const struct kscheme_dir time_root = { time_names, FERRITE_S_IFDIR | 0555 };

static long time_path(struct scheme *s, struct path_req *rq)
{
	int clock = time_clock_of(rq->path);
	struct time_desc *d;
	(void)s;
	if (rq->dir != 0) /* relative to a clock, which is no directory; "" is the clock itself */
		return rq->path[0] ? -ENOTDIR : kscheme_refuse(rq);
	if (rq->path[0] && clock < 0)
		return -ENOENT;
	if (rq->op == FERRITE_SOP_STAT)
	{
		long r = kscheme_stat(rq, clock < 0 ? FERRITE_S_IFDIR | 0555 : FERRITE_S_IFCHR | 0666, 0);
		if (r == 0)
			((struct ferrite_stat *)rq->out)->st_ino = clock < 0 ? 1 : TIME_INO(clock);
		return r;
	}
	if (rq->op != FERRITE_SOP_OPEN)
		return kscheme_refuse(rq);
	if (clock < 0)
		return kscheme_open_root(rq, &time_root);
	if (!(d = kzalloc(sizeof(*d))))
		return -ENOMEM;
	d->clock = clock;
	waitq_init(&d->wq);
	poll_head_init(&d->poll);
	if (!(rq->file = file_new(&time_ops, d, rq->flags & FERRITE_O_ACCMODE))) {
		kfree(d);
		return -ENOMEM;
	}
	rq->file->handle = KSCHEME_OBJECT;
	return 0;
}

static const struct scheme_ops time_scheme_ops = { .path = time_path };
static struct scheme time_scheme = { .name = "time", .ops = &time_scheme_ops };

int scheme_time_init(void)
{
	/* on CPU 0 by name: letting thread_place pick would move the round robin on, and with it
	 * the CPU every later thread lands on (sleep-check's sleep2 was seen 0.3-1.2 s late by the
	 * host's clock when that moved it; an open question for the scheduler) */
	if (!thread_create("time", time_thread, NULL, SCHED_PRIO_DEFAULT, 0))
		return -ENOMEM;
	return scheme_register(&time_scheme);
}
