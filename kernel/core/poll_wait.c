/* kernel/core/poll_wait.c: waiting for readiness on many descriptions at once (poll, the event
 * scheme). An object that can say when its readiness changes has a poll_head (its file_ops'
 * poll_head gives it): a waiter puts one entry on the head of each description it watches,
 * looks at their readiness, and sleeps until one of those heads is woken, a signal comes or
 * its time runs out; it takes its entries off afterwards. So a poller of three pipes is woken by
 * those three pipes only. Objects without a head (server descriptions, event sets) call
 * poll_notify(), which wakes every waiter watching any head-less description; a head's wake-up
 * calls it too, so a set that watches a pipe hears of the pipe.
 *
 * An entry holds a reference on its description, so the object (and its head) outlives the
 * entry. Locks: a head's lock, then the waiter's wait queue lock (and the run queue's under
 * that); a head's lock is never held while an object's own lock is taken. Heads are woken from
 * interrupt handlers too: every lock here is taken with interrupts off. */
#include "klib.h"
#include "file.h"
#include "sched.h"
#include "signal.h"

static struct poll_head poll_all = POLL_HEAD_INIT(poll_all); /* head-less descriptions' waiters */

void poll_head_init(struct poll_head *h)
{
	h->lock = (struct spinlock)SPINLOCK_INIT("poll_head");
	list_init(&h->waiters);
}

static void poll_head_wake_only(struct poll_head *h)
{
	uint64_t fl = spin_lock_irqsave(&h->lock);
	for (struct list *l = h->waiters.next; l != &h->waiters; l = l->next) {
		struct poll_entry *e = list_entry(l, struct poll_entry, link);
		e->waiter->woken = true;
		waitq_wake(&e->waiter->wq, -1);
	}
	spin_unlock_irqrestore(&h->lock, fl);
}

void poll_notify(void)
{
	poll_head_wake_only(&poll_all);
}

void poll_head_wake(struct poll_head *h)
{
	poll_head_wake_only(h);
	poll_notify(); /* waiters on head-less descriptions (an event set watching this) look too */
}

void poll_waiter_init(struct poll_waiter *w, struct poll_entry *entries, int max)
{
	waitq_init(&w->wq);
	w->woken = false;
	w->entries = entries;
	w->n = 0;
	w->max = max;
	w->global = false;
}

/* An entry for head h (f: held while it is there, may be NULL). */
static void poll_waiter_enter(struct poll_waiter *w, struct poll_head *h, struct file *f)
{
	struct poll_entry *e;
	uint64_t fl;
	if (h == &poll_all || w->n >= w->max - 1) { /* the last entry is kept for poll_all */
		if (w->global)
			return;
		w->global = true; /* any change anywhere wakes it: correct, if not precise */
		h = &poll_all;
		f = NULL;
	}
	e = &w->entries[w->n++];
	e->waiter = w;
	e->head = h;
	e->file = f;
	if (f)
		file_get(f);
	fl = spin_lock_irqsave(&h->lock);
	list_add_tail(&h->waiters, &e->link);
	spin_unlock_irqrestore(&h->lock, fl);
}

void poll_waiter_add(struct poll_waiter *w, struct file *f)
{
	struct poll_head *h = f->ops->poll_head ? f->ops->poll_head(f) : NULL;
	poll_waiter_enter(w, h ? h : &poll_all, f);
}

void poll_waiter_add_head(struct poll_waiter *w, struct poll_head *h)
{
	poll_waiter_enter(w, h, NULL);
}

/* Under the waiter's queue lock: sleep while no head woke it and no signal came. */
static bool poll_waiter_idle(void *arg)
{
	struct poll_waiter *w = arg;
	return !w->woken && !signal_pending();
}

void poll_waiter_sleep(struct poll_waiter *w, uint64_t ns)
{
	waitq_wait_if(&w->wq, ns, poll_waiter_idle, w, 0);
}

void poll_waiter_done(struct poll_waiter *w)
{
	for (int i = 0; i < w->n; i++) {
		struct poll_entry *e = &w->entries[i];
		uint64_t fl = spin_lock_irqsave(&e->head->lock);
		list_del(&e->link);
		spin_unlock_irqrestore(&e->head->lock, fl);
		if (e->file)
			file_put(e->file);
	}
	w->n = 0;
	w->woken = false;
	w->global = false;
}
