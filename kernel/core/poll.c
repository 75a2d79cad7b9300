/* kernel/core/poll.c: poll(2). Readiness comes from each file's poll operation; a poll that has
 * to wait puts itself on the poll heads of the descriptions it watches (poll_wait.c) before it
 * asks them, so a change after the question wakes it, and a change elsewhere does not
 * (descriptions without a head wake every such waiter). */
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

/* Fills revents for every entry, watching each description with w if w is not NULL; returns
 * how many have any. */
static int poll_scan(struct ferrite_pollfd *p, unsigned long n, struct poll_waiter *w)
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
		if (w)
			poll_waiter_add(w, f); /* before the question: a change after it wakes us */
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
	struct poll_entry *entries;
	struct poll_waiter w;
	uint64_t start = time_monotonic_ns(), limit;
	long r;
	if (nfds > POLL_MAX)
		return -EINVAL;
	k = kmalloc(nfds ? nfds * sizeof(*k) : 1);
	entries = kmalloc((nfds + 1) * sizeof(*entries));
	if (!k || !entries) {
		kfree(k);
		kfree(entries);
		return -ENOMEM;
	}
	if (copy_from_user(k, ufds, nfds * sizeof(*k))) {
		kfree(k);
		kfree(entries);
		return -EFAULT;
	}
	limit = timeout_ms < 0 ? ~0ull : (uint64_t)timeout_ms * 1000000ull;
	poll_waiter_init(&w, entries, (int)nfds + 1);
	for (;;) {
		r = poll_scan(k, nfds, limit ? &w : NULL);
		if (r || time_monotonic_ns() - start >= limit)
			break;
		if (signal_pending()) {
			r = -EINTR;
			break;
		}
		poll_waiter_sleep(&w, limit == ~0ull ? 0 : limit - (time_monotonic_ns() - start) + 1);
		poll_waiter_done(&w);
	}
	poll_waiter_done(&w);
	if (r >= 0 && copy_to_user(ufds, k, nfds * sizeof(*k)))
		r = -EFAULT;
	kfree(k);
	kfree(entries);
	return r;
}
