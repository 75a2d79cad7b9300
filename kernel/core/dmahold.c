/* kernel/core/dmahold.c: DMA holds, the ordering between a dead driver's device and its DMA
 * pages. Without an IOMMU a device that is still bus mastering writes wherever it was told, so
 * the pages a dead driver gave its device must not be reused before someone has turned that
 * device's bus mastering off. The pci server (which does that) takes a hold on a driver's
 * process when it hands it a device: dma_hold(pid) gives a descriptor. From the moment that
 * process ends (proc_finish calls dma_hold_proc_end before it closes a descriptor or tears its
 * space down), every DMA object it allocated that loses its last reference is parked on the
 * hold instead of being freed: its frames stay out of the free lists. dma_release(fd), called
 * once the device is quiet, frees what was parked and ends the hold (the process's objects are
 * freed as usual from then on). A hold whose descriptor closes without a release (its server
 * died before it could quiet the device) keeps its pages for good: a leak is safe, reuse is
 * not. Counters: /proc/dma (dma_hold_format).
 *
 * dma_hold_lock guards the list of holds, every hold's fields and process.dma_hold/dma_ended;
 * it is a leaf (vm_object_unref calls dma_hold_park with no lock held). */
#include "klib.h"
#include "errno.h"
#include "file.h"
#include "kheap.h"
#include "list.h"
#include "proc.h"
#include "syscall.h"
#include "vm.h"

struct dma_hold {
	struct list link;          /* on dma_holds until released */
	int pid;                   /* the process whose DMA objects it holds */
	struct process *proc;      /* that process while it lives (its dma_hold points back) */
	bool ended;                /* the process ended: its objects are parked when freed */
	bool released;             /* dma_release: the device is quiet, nothing is held */
	bool closed;               /* the descriptor went (released or not) */
	struct vm_object *parked;  /* chained through vm_object_chain */
	uint64_t parked_pages;
};

static struct spinlock dma_hold_lock = SPINLOCK_INIT("dma_hold");
static struct list dma_holds = LIST_INIT(dma_holds);
static uint64_t dma_held_now, dma_held_total, dma_released_total, dma_kept_total;

long sys_close(int fd); /* file_calls.c */

/* Called by vm_object_unref for a DMA object o of owner (a pid) that lost its last reference:
 * true if it is now parked on a hold (the caller frees nothing), false to free it. */
bool dma_hold_park(struct vm_object *o, int owner, uint64_t pages)
{
	bool parked = false;
	uint64_t fl = spin_lock_irqsave(&dma_hold_lock);
	for (struct list *l = dma_holds.next; l != &dma_holds; l = l->next) {
		struct dma_hold *h = list_entry(l, struct dma_hold, link);
		if (h->pid == owner && h->ended) {
			*vm_object_chain(o) = h->parked;
			h->parked = o;
			h->parked_pages += pages;
			dma_held_now += pages;
			dma_held_total += pages;
			if (h->closed)
				dma_kept_total += pages; /* no release can come: kept for good */
			parked = true;
			break;
		}
	}
	spin_unlock_irqrestore(&dma_hold_lock, fl);
	return parked;
}

/* The process is ending (first thing in proc_finish): from now on its DMA objects are parked
 * when freed, and no new hold can be taken on it. */
void dma_hold_proc_end(struct process *p)
{
	uint64_t fl = spin_lock_irqsave(&dma_hold_lock);
	p->dma_ended = true;
	if (p->dma_hold) {
		p->dma_hold->ended = true;
		p->dma_hold->proc = NULL;
		p->dma_hold = NULL;
	}
	spin_unlock_irqrestore(&dma_hold_lock, fl);
}

/* Under dma_hold_lock: h no longer parks anything; what it held, for the caller to free. */
static struct vm_object *dma_hold_end_locked(struct dma_hold *h, uint64_t *pages)
{
	struct vm_object *o = h->parked;
	*pages = h->parked_pages;
	h->parked = NULL;
	h->parked_pages = 0;
	dma_held_now -= *pages;
	h->released = true;
	list_del(&h->link);
	if (h->proc) {
		h->proc->dma_hold = NULL;
		h->proc = NULL;
	}
	return o;
}

static long dma_hold_read(struct file *f, void *buf, size_t len)
{
	struct dma_hold *h = f->priv;
	uint64_t fl, n;
	if (len < sizeof(n))
		return -EINVAL;
	fl = spin_lock_irqsave(&dma_hold_lock);
	n = h->parked_pages;
	spin_unlock_irqrestore(&dma_hold_lock, fl);
	memcpy(buf, &n, sizeof(n));
	return sizeof(n);
}

static void dma_hold_release_file(struct file *f)
{
	struct dma_hold *h = f->priv;
	uint64_t fl = spin_lock_irqsave(&dma_hold_lock);
	bool released = h->released;
	uint64_t pages = h->parked_pages;
	int pid = h->pid;
	h->closed = true;
	if (!released)
		dma_kept_total += pages; /* and whatever it parks from now on: never freed */
	spin_unlock_irqrestore(&dma_hold_lock, fl);
	if (released)
		kfree(h);
	else
		kprintf("dma: the hold on pid %d closed without a release: its DMA pages are kept "
			"(%lu so far)\n", pid, pages);
}

static const struct file_ops dma_hold_ops = {
	.read = dma_hold_read,
	.release = dma_hold_release_file,
};

long sys_dma_hold(int pid, int flags)
{
	struct process *p;
	struct dma_hold *h;
	struct file *f;
	uint64_t fl;
	int err = cap_require(FERRITE_CAP_DMA), fd;
	if (err)
		return err;
	if (flags & ~FERRITE_O_CLOEXEC)
		return -EINVAL;
	if (pid <= 0 || !(p = proc_get(pid)))
		return -ESRCH;
	h = kzalloc(sizeof(*h));
	f = h ? file_new(&dma_hold_ops, h, FERRITE_O_RDONLY) : NULL;
	if (!f) {
		kfree(h);
		proc_put(p);
		return -ENOMEM;
	}
	h->pid = pid;
	fl = spin_lock_irqsave(&dma_hold_lock);
	if (p->dma_ended)
		err = -ESRCH;
	else if (p->dma_hold)
		err = -EBUSY;
	if (!err) {
		h->proc = p;
		p->dma_hold = h;
		list_add_tail(&dma_holds, &h->link);
	}
	spin_unlock_irqrestore(&dma_hold_lock, fl);
	proc_put(p);
	if (err) {
		h->released = true; /* never linked: the release frees it */
		file_put(f);
		return err;
	}
	fd = fd_install(&proc_current()->fds, f, flags & FERRITE_O_CLOEXEC ? FERRITE_FD_CLOEXEC : 0, 0);
	if (fd < 0) {
		/* While p lives nothing is parked and the hold just goes. If p ended since the lock
		 * was dropped, pages may be parked already with nobody to say the device is quiet:
		 * the hold then closes unreleased, which keeps them for good (a leak, never reuse). */
		uint64_t none;
		fl = spin_lock_irqsave(&dma_hold_lock);
		if (!h->ended)
			dma_hold_end_locked(h, &none);
		spin_unlock_irqrestore(&dma_hold_lock, fl);
		file_put(f);
	}
	return fd;
}

long sys_dma_release(int fd)
{
	struct file *f = fd_get(&proc_current()->fds, fd);
	struct dma_hold *h;
	struct vm_object *o = NULL, *next;
	uint64_t fl, pages = 0;
	long err = 0;
	int pid;
	if (!f)
		return -EBADF;
	if (f->ops != &dma_hold_ops) {
		file_put(f);
		return -EINVAL;
	}
	h = f->priv;
	fl = spin_lock_irqsave(&dma_hold_lock);
	pid = h->pid;
	if (h->released)
		err = -EINVAL;
	else
		o = dma_hold_end_locked(h, &pages);
	if (!err)
		dma_released_total += pages;
	spin_unlock_irqrestore(&dma_hold_lock, fl);
	file_put(f);
	if (err)
		return err;
	for (; o; o = next) {
		next = *vm_object_chain(o);
		vm_object_destroy(o);
	}
	if (pages)
		kprintf("dma: pid %d: %lu DMA pages held since its end are free again\n", pid, pages);
	return (long)pages;
}

size_t dma_hold_format(char *buf, size_t len)
{
	uint64_t fl = spin_lock_irqsave(&dma_hold_lock);
	uint64_t holds = 0, now = dma_held_now, total = dma_held_total, rel = dma_released_total,
		kept = dma_kept_total;
	int n;
	for (struct list *l = dma_holds.next; l != &dma_holds; l = l->next)
		holds++;
	spin_unlock_irqrestore(&dma_hold_lock, fl);
	n = ksnprintf(buf, len, "holds %lu\nheld_pages %lu\nheld_total %lu\nreleased_total %lu\n"
		"kept_total %lu\n", holds, now, total, rel, kept);
	return n < 0 ? 0 : MIN((size_t)n, len ? len - 1 : 0);
}
