/* kernel/core/futex.c: futexes: a thread sleeps while a user word still holds the value it
 * expects, until another wakes the address. Waiters hash into buckets by (address space, user
 * address); the check of the word and the enqueue happen under the bucket's lock, and a wake
 * takes the same lock, so no wake-up is lost in between. */
#include "klib.h"
#include "errno.h"
#include "proc.h"
#include "sched.h"
#include "syscall.h"
#include "signal.h"

#define FUTEX_BUCKETS 64

static struct waitq futex_buckets[FUTEX_BUCKETS];
static bool futex_ready;

struct futex_check {
	const int *uaddr;
	int val;
	int err;
};

static uint64_t futex_key(struct process *p, uint64_t uaddr)
{
	return (uint64_t)p ^ (uaddr * 0x9e3779b97f4a7c15ull);
}

void futex_init(void)
{
	for (int i = 0; i < FUTEX_BUCKETS; i++)
		waitq_init(&futex_buckets[i]);
	futex_ready = true;
}

static struct waitq *futex_bucket(uint64_t key)
{
	return &futex_buckets[(key >> 58) % FUTEX_BUCKETS];
}

/* Under the bucket's lock: does the word still hold the value? */
static bool futex_still(void *arg)
{
	struct futex_check *c = arg;
	int now;
	if (signal_pending()) {
		c->err = -EINTR;
		return false;
	}
	if (copy_from_user(&now, c->uaddr, sizeof(now))) {
		c->err = -EFAULT;
		return false;
	}
	if (now != c->val) {
		c->err = -EAGAIN;
		return false;
	}
	return true;
}

long sys_futex(int *uaddr, int op, int val, const struct ferrite_timespec *timeout)
{
	struct process *p = proc_current();
	struct ferrite_timespec ts;
	struct futex_check c = { uaddr, val, 0 };
	uint64_t key, ns = 0;
	int r;
	if (((uint64_t)uaddr & 3) || !user_range_ok((uint64_t)uaddr, sizeof(int)))
		return -EINVAL;
	key = futex_key(p, (uint64_t)uaddr);
	switch (op & ~FERRITE_FUTEX_PRIVATE) {
	case FERRITE_FUTEX_WAIT:
		if (timeout) {
			if (copy_from_user(&ts, timeout, sizeof(ts)))
				return -EFAULT;
			if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000l)
				return -EINVAL;
			ns = (uint64_t)ts.tv_sec > 100ull * 365 * 86400 ? ~0ull / 2 :
				(uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
			if (ns == 0)
				ns = 1;
		}
		r = waitq_wait_if(futex_bucket(key), ns, futex_still, &c, key);
		if (r < 0)
			return c.err ? c.err : -EINTR; /* no error from the check: a signal stopped it */
		if (thread_current()->wait_interrupted)
			return -EINTR;
		return r == 0 ? -ETIMEDOUT : 0;
	case FERRITE_FUTEX_WAKE:
		return waitq_wake_key(futex_bucket(key), val < 0 ? 0 : val, key);
	default:
		return -ENOSYS;
	}
}

/* Wakes up to n waiters on the calling process's word at uaddr (thread exit, CLEARTID). */
int futex_wake_user(int *uaddr, int n)
{
	uint64_t key = futex_key(proc_current(), (uint64_t)uaddr);
	return waitq_wake_key(futex_bucket(key), n, key);
}
