/* kernel/core/poll_test.c: waiting for readiness (poll_wait.c): a waiter on one description's
 * head is woken by that description only; one that also watches a description without a head
 * is woken by any change. Interrupt descriptions (MSI vectors raised by self-IPIs) are the
 * objects: the kernel can make them ready on its own (kernel only). */
#include "ktest.h"
#include "file.h"
#include "sched.h"
#include "ferrite/abi.h"
#include "../arch/x86_64/apic.h"

int irq_user_open_msi(unsigned oflags, struct ferrite_msi *msi, struct file **out);
int irq_user_vector(struct file *f);

static const struct file_ops poll_test_headless_ops = { .poll = NULL };

/* Raises f's vector and waits (at most 100 ms) until it is readable. */
static bool poll_test_raise(struct file *f)
{
	lapic_send_ipi(lapic_id(), 0, (uint32_t)irq_user_vector(f));
	for (int i = 0; i < 100 && !(f->ops->poll(f) & FERRITE_POLLIN); i++)
		sched_sleep_ns(1000000);
	return f->ops->poll(f) & FERRITE_POLLIN;
}

KTEST(poll_waiter_is_woken_by_its_own_objects_only)
{
	struct ferrite_msi msi;
	struct file *a = NULL, *b = NULL, *c = NULL, *headless;
	struct poll_entry entries[3];
	struct poll_waiter w;
	KEXPECT_EQ_U64(irq_user_open_msi(FERRITE_O_NONBLOCK, &msi, &a), 0);
	KEXPECT_EQ_U64(irq_user_open_msi(FERRITE_O_NONBLOCK, &msi, &b), 0);
	KEXPECT_EQ_U64(irq_user_open_msi(FERRITE_O_NONBLOCK, &msi, &c), 0);
	headless = file_new(&poll_test_headless_ops, NULL, FERRITE_O_RDONLY);
	if (!a || !b || !c || !headless)
		goto out;
	poll_waiter_init(&w, entries, 3);
	poll_waiter_add(&w, a);
	KEXPECT(poll_test_raise(b));
	KEXPECT(!w.woken);            /* another object changed: not this waiter's business */
	KEXPECT(poll_test_raise(a));
	KEXPECT(w.woken);             /* its own did */
	poll_waiter_done(&w);
	poll_waiter_init(&w, entries, 3);
	poll_waiter_add(&w, a);
	poll_waiter_add(&w, headless); /* one without a head: any change may concern it */
	KEXPECT(w.global);
	KEXPECT(!w.woken);
	KEXPECT(poll_test_raise(c)); /* not watched, but it has to wake the head-less watchers */
	KEXPECT(w.woken);
	poll_waiter_done(&w);
out:
	if (a)
		file_put(a);
	if (b)
		file_put(b);
	if (c)
		file_put(c);
	if (headless)
		file_put(headless);
}
