/* kernel/core/poll.c: poll(2). Readiness comes from each file's poll operation; a waiting
 * poll sleeps on one queue that every readiness change wakes (poll_notify bumps a counter and
 * wakes all): simple and correct, at the price of waking pollers that did not care. The event
 * scheme (scheme_event.c) waits the same way: per-object lists are not done yet. */
#include "klib.h"
#include "errno.h"
#include "file.h"
#include "kheap.h"
#include "ktime.h"
#include "proc.h"
#include "sched.h"
#include "signal.h"
#include "syscall.h"

#define POLL_MAX FD_MAX

static struct waitq poll_wq = WAITQ_INIT(poll_wq);
static volatile uint64_t poll_generation;

void poll_notify(void)
{
	__asm__ volatile("lock incq %0" : "+m"(poll_generation));
	waitq_wake(&poll_wq, -1);
}

/* Under poll_wq's lock: sleep only if nothing changed since the scan and no signal came. */
static bool poll_nothing_new(void *arg)
{
	return poll_generation == *(uint64_t *)arg && !signal_pending();
}

uint64_t poll_gen(void)
{
	return poll_generation;
}

void poll_wait_change(uint64_t gen, uint64_t ns)
{
	waitq_wait_if(&poll_wq, ns, poll_nothing_new, &gen, 0);
}

/* Fills revents for every entry; returns how many have any. */
static int poll_scan(struct ferrite_pollfd *p, unsigned long n)
{
	int ready = 0;
	for (unsigned long i = 0; i < n; i++) {
		struct file *f;
		unsigned r;
		p[i].revents = 0;
		if (p[i].fd < 0)
			continue; /* ignored, as POSIX says */
		f = fd_get(&proc_current()->fds, p[i].fd);
		if (!f) {
			p[i].revents = FERRITE_POLLNVAL;
			ready++;
			continue;
		}
		r = f->ops->poll ? f->ops->poll(f) : FERRITE_POLLIN | FERRITE_POLLOUT;
		file_put(f);
		/* POLLHUP and POLLERR are reported whether asked for or not */
		p[i].revents = (short)(r & ((unsigned)(unsigned short)p[i].events | FERRITE_POLLHUP | FERRITE_POLLERR));
		if (p[i].revents)
			ready++;
	}
	return ready;
}

long sys_poll(struct ferrite_pollfd *ufds, unsigned long nfds, int timeout_ms)
{
	struct ferrite_pollfd *k;
	uint64_t start = time_monotonic_ns(), limit, gen;
	long r;
	if (nfds > POLL_MAX)
		return -EINVAL;
	k = kmalloc(nfds ? nfds * sizeof(*k) : 1);
	if (!k)
		return -ENOMEM;
	if (copy_from_user(k, ufds, nfds * sizeof(*k))) {
		kfree(k);
		return -EFAULT;
	}
	limit = timeout_ms < 0 ? ~0ull : (uint64_t)timeout_ms * 1000000ull;
	for (;;) {
		gen = poll_generation; /* before the scan: a change during it is not missed */
		r = poll_scan(k, nfds);
		if (r || time_monotonic_ns() - start >= limit)
			break;
		if (signal_pending()) {
			r = -EINTR;
			break;
		}
		poll_wait_change(gen, limit == ~0ull ? 0 : limit - (time_monotonic_ns() - start) + 1);
	}
	if (r >= 0 && copy_to_user(ufds, k, nfds * sizeof(*k)))
		r = -EFAULT;
	kfree(k);
	return r;
}
