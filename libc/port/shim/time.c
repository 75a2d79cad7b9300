/* libc/port/shim/time.c: clocks, sleeping, waiting: clock_gettime and clock_getres for every
 * clock musl names, clock_nanosleep (absolute times too), pause and sigsuspend (as a sleep that
 * a signal ends), futex (the operations musl uses). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <time.h>
#include "shim.h"

#define SHIM_FUTEX_REQUEUE 3 /* Linux's number, as musl passes it */

/* The coarse, raw and boot-time clocks are the two Ferrite keeps; a CPU-time clock is not
 * (there is no CPU-time accounting yet) and answers EINVAL, as for an unknown clock. */
static long shim_clock(long clk)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		return FERRITE_CLOCK_REALTIME;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		return FERRITE_CLOCK_MONOTONIC;
	default:
		return -EINVAL;
	}
}

long shim_clock_gettime(const long *a)
{
	long c = shim_clock(a[0]);
	return c < 0 ? c : shim_call2(SYS_clock_gettime, c, a[1]);
}

long shim_clock_getres(const long *a)
{
	struct timespec *ts = (struct timespec *)a[1];
	long c = shim_clock(a[0]);
	if (c < 0)
		return c;
	if (ts) { /* both clocks count nanoseconds (from the TSC) */
		ts->tv_sec = 0;
		ts->tv_nsec = 1;
	}
	return 0;
}

long shim_clock_nanosleep(const long *a)
{
	const struct timespec *req = (const struct timespec *)a[2];
	struct timespec now, rel;
	long c = shim_clock(a[0]), r;
	if (c < 0)
		return c == -EINVAL ? -ENOTSUP : c;
	if (!(a[1] & TIMER_ABSTIME))
		return shim_call2(SYS_nanosleep, req, a[3]);
	if (req->tv_nsec < 0 || req->tv_nsec >= 1000000000l)
		return -EINVAL;
	r = shim_call2(SYS_clock_gettime, c, &now);
	if (r < 0)
		return r;
	rel.tv_sec = req->tv_sec - now.tv_sec;
	rel.tv_nsec = req->tv_nsec - now.tv_nsec;
	if (rel.tv_nsec < 0) {
		rel.tv_nsec += 1000000000l;
		rel.tv_sec--;
	}
	if (rel.tv_sec < 0)
		return 0; /* already past */
	return shim_call2(SYS_nanosleep, &rel, 0);
}

/* Sleeps until a signal is handled: a century's nanosleep, which a signal cuts short. */
static long shim_sleep_for_signal(void)
{
	struct timespec ts = { 100l * 365 * 86400, 0 };
	long r;
	do
		r = shim_call2(SYS_nanosleep, &ts, 0);
	while (r == 0);
	return r;
}

long shim_pause(const long *a)
{
	(void)a;
	return shim_sleep_for_signal();
}

/* sigsuspend: the mask is set, the sleep waits for a signal, the old mask comes back. Not one
 * step in the kernel: a signal that arrives between setting the mask and sleeping is handled
 * before the sleep, which then waits for the next one (docs/libc.md). */
long shim_rt_sigsuspend(const long *a)
{
	unsigned long old;
	long r = shim_call3(SYS_sigprocmask, SIG_SETMASK, a[0], &old);
	if (r < 0)
		return r;
	r = shim_sleep_for_signal();
	shim_call3(SYS_sigprocmask, SIG_SETMASK, &old, 0);
	return r;
}

/* FUTEX_WAIT and FUTEX_WAKE are the kernel's; FUTEX_REQUEUE (condition variables) wakes the
 * waiters it would have moved instead: futex waiters always look again after waking, so this
 * is correct, only less thrifty. */
long shim_futex(const long *a)
{
	int op = (int)a[1] & ~FERRITE_FUTEX_PRIVATE;
	if (op == SHIM_FUTEX_REQUEUE)
		return shim_call3(SYS_futex, a[0], FERRITE_FUTEX_WAKE | ((int)a[1] & FERRITE_FUTEX_PRIVATE),
			a[2] + a[3]);
	return shim_call4(SYS_futex, a[0], a[1], a[2], a[3]);
}
