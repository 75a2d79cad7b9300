/* kernel/core/vm.c: user address spaces as regions of anonymous memory (see vm.h): pages made
 * on the first touch, shared copy-on-write by fork, unmapped and re-protected by range. The
 * page tables are paging.c's; this file decides what goes in them. Every function takes the
 * space's lock; under it only the heap's, pmm's, an object's and the commit charge's locks are
 * taken. */
#include "klib.h"
#include "errno.h"
#include "kheap.h"
#include "pmm.h"
#include "proc.h"
#include "vm.h"
#include "../arch/x86_64/cpu.h"

#define VM_PROT_MASK (VM_READ | VM_WRITE | VM_EXEC)

static struct spinlock vm_commit_lock = SPINLOCK_INIT("vm_commit"); /* a leaf */
static uint64_t vm_committed; /* pages, under vm_commit_lock */
static uint64_t vm_zero;      /* the shared zero page; vm.c holds one reference on it */
uint32_t vm_max_regions = VM_MAX_REGIONS;

void vm_init(void)
{
	vm_zero = pmm_alloc_page(PMM_ZERO);
}

uint64_t vm_zero_frame(void)
{
	return vm_zero;
}

static uint64_t vm_commit_limit(void)
{
	struct pmm_stats st;
	pmm_stats(&st);
	return st.total_pages - st.total_pages / 8;
}

/* The last part of the limit, for essential processes only (essential.c): 1/32 of it, at
 * least 4 MiB (none on a machine of less than 16 MiB, too small to keep any back). */
static uint64_t vm_commit_reserve(uint64_t limit)
{
	uint64_t r = limit / 32;
	if (r < 1024)
		r = limit >= 4096 ? 1024 : 0;
	return r;
}

/* Takes pages of the charge for the calling process (or the kernel): 0 or -ENOMEM. */
int vm_commit_pages(uint64_t pages)
{
	uint64_t limit = vm_commit_limit(), irq;
	bool ok;
	if (!proc_may_use_reserve())
		limit -= vm_commit_reserve(limit);
	irq = spin_lock_irqsave(&vm_commit_lock);
	ok = pages <= limit && vm_committed <= limit - pages;
	if (ok)
		vm_committed += pages;
	spin_unlock_irqrestore(&vm_commit_lock, irq);
	return ok ? 0 : -ENOMEM;
}

void vm_uncommit_pages(uint64_t pages)
{
	uint64_t irq = spin_lock_irqsave(&vm_commit_lock);
	vm_committed -= pages;
	spin_unlock_irqrestore(&vm_commit_lock, irq);
}

/* Takes pages of commit charge for s (its private regions): 0 or -ENOMEM. s->committed
 * changes under s->lock, or before anyone else can see s. */
static int vm_commit(struct vm_space *s, uint64_t pages)
{
	int err = vm_commit_pages(pages);
	if (!err)
		s->committed += pages;
	return err;
}

static void vm_uncommit(struct vm_space *s, uint64_t pages)
{
	vm_uncommit_pages(pages);
	s->committed -= pages;
}

void vm_commit_stats(struct vm_commit_stats *st)
{
	uint64_t irq;
	st->limit = vm_commit_limit();
	st->reserve = vm_commit_reserve(st->limit);
	irq = spin_lock_irqsave(&vm_commit_lock);
	st->committed = vm_committed;
	spin_unlock_irqrestore(&vm_commit_lock, irq);
}

void vm_regions_release(struct vm_space *s)
{
	while (s->regions) {
		struct vm_region *r = s->regions;
		s->regions = r->next;
		if (r->obj)
			vm_object_unref(r->obj);
		kfree(r);
	}
	vm_uncommit(s, s->committed);
	s->nregions = 0;
}

static bool vm_range_ok(uint64_t start, uint64_t len)
{
	return len && !((start | len) & (PAGE_SIZE - 1)) && start < VM_USER_END &&
		len <= VM_USER_END - start;
}

struct vm_region *vm_region_find(struct vm_space *s, uint64_t va)
{
	for (struct vm_region *r = s->regions; r && r->start <= va; r = r->next)
		if (va < r->end)
			return r;
	return NULL;
}

/* The entry a present or parked (PROT_NONE) page of a region gets. */
static uint64_t vm_region_pte(uint64_t frame, unsigned prot, uint64_t soft)
{
	uint64_t e = frame | soft | PTE_OWNED;
	if (!(prot & VM_PROT_MASK))
		return e; /* parked: not present, the frame kept */
	e |= vm_pte_bits((prot & (VM_WRITE | VM_EXEC)) | VM_USER);
	if (soft & PTE_COW)
		e &= ~PTE_W; /* shared: the first write copies */
	return e;
}

/* Can private regions a and b (a just below b) be one? */
static bool vm_region_joins(const struct vm_region *a, const struct vm_region *b)
{
	return a && b && a->end == b->start && !a->obj && !b->obj && a->prot == b->prot &&
		a->maxprot == b->maxprot;
}

/* Puts region n in s, merged with a private neighbour of the same rights that touches it (so
 * brk growing a page at a time stays one region): private regions are charged, an object's
 * are not (the object is). 0, -EBUSY (it overlaps a region) or -ENOMEM. n is used or freed. */
static int vm_region_insert(struct vm_space *s, struct vm_region *n)
{
	struct vm_region **pp, *prev = NULL, *drop1 = NULL, *drop2 = NULL;
	uint64_t irq = spin_lock_irqsave(&s->lock);
	int err = 0;
	for (pp = &s->regions; *pp && (*pp)->end <= n->start; pp = &(*pp)->next)
		prev = *pp;
	if (*pp && (*pp)->start < n->end)
		err = -EBUSY;
	else if (!n->obj)
		err = vm_commit(s, (n->end - n->start) / PAGE_SIZE);
	if (err) {
		drop1 = n;
	} else if (vm_region_joins(prev, n)) {
		prev->end = n->end; /* grows the one below, and may reach the one above */
		drop1 = n;
		if (vm_region_joins(prev, prev->next)) {
			drop2 = prev->next;
			prev->end = drop2->end;
			prev->next = drop2->next;
			s->nregions--;
		}
	} else if (vm_region_joins(n, *pp)) {
		(*pp)->start = n->start; /* grows the one above */
		drop1 = n;
	} else if (s->nregions >= vm_max_regions) {
		if (!n->obj)
			vm_uncommit(s, (n->end - n->start) / PAGE_SIZE);
		err = -ENOMEM;
		drop1 = n;
	} else {
		n->next = *pp;
		*pp = n;
		s->nregions++;
	}
	spin_unlock_irqrestore(&s->lock, irq);
	kfree(drop1);
	kfree(drop2);
	return err;
}

static struct vm_region *vm_region_new(uint64_t start, uint64_t len, unsigned prot)
{
	struct vm_region *n = kzalloc(sizeof(*n));
	if (n) {
		n->start = start;
		n->end = start + len;
		n->prot = prot;
		n->maxprot = VM_PROT_MASK;
	}
	return n;
}

int vm_region_map(struct vm_space *s, uint64_t start, uint64_t len, unsigned prot)
{
	struct vm_region *n;
	if (!vm_range_ok(start, len) || (prot & ~VM_PROT_MASK))
		return -EINVAL;
	if (!(n = vm_region_new(start, len, prot)))
		return -ENOMEM;
	return vm_region_insert(s, n);
}

int vm_region_map_object(struct vm_space *s, uint64_t start, uint64_t len, unsigned prot,
	struct vm_object *o, uint64_t off)
{
	return vm_region_map_object_max(s, start, len, prot, VM_PROT_MASK, o, off);
}

int vm_region_map_object_max(struct vm_space *s, uint64_t start, uint64_t len, unsigned prot,
	unsigned maxprot, struct vm_object *o, uint64_t off)
{
	struct vm_region *n;
	int err;
	if (!vm_range_ok(start, len) || (prot & ~VM_PROT_MASK) || off > vm_object_pages(o) ||
			len / PAGE_SIZE > vm_object_pages(o) - off)
		return -EINVAL;
	maxprot &= vm_object_may_exec(o) ? VM_PROT_MASK : VM_PROT_MASK & ~VM_EXEC;
	if (prot & ~maxprot)
		return -EACCES;
	if (!(n = vm_region_new(start, len, prot)))
		return -ENOMEM;
	n->maxprot = maxprot;
	n->obj = o;
	n->obj_off = off;
	vm_object_ref(o);
	err = vm_region_insert(s, n);
	if (err)
		vm_object_unref(o);
	return err;
}

uint64_t vm_region_find_gap(struct vm_space *s, uint64_t len, uint64_t lo, uint64_t hi)
{
	uint64_t at = ALIGN_UP(lo, PAGE_SIZE), irq, found = 0;
	if (!len || (len & (PAGE_SIZE - 1)) || hi > VM_USER_END || at >= hi)
		return 0;
	irq = spin_lock_irqsave(&s->lock);
	for (struct vm_region *r = s->regions; ; r = r->next) {
		uint64_t gap_end = r ? MIN(r->start, hi) : hi;
		if (gap_end > at && gap_end - at >= len) {
			found = at;
			break;
		}
		if (!r || r->start >= hi)
			break;
		at = MAX(at, r->end);
	}
	spin_unlock_irqrestore(&s->lock, irq);
	return found;
}

/* Cuts the region that strictly contains at in two. 0 or -ENOMEM. */
static int vm_region_split(struct vm_space *s, uint64_t at)
{
	struct vm_region *r = vm_region_find(s, at), *n;
	if (!r || r->start == at)
		return 0;
	if (s->nregions >= vm_max_regions || !(n = kmalloc(sizeof(*n))))
		return -ENOMEM;
	s->nregions++;
	*n = *r;
	n->start = at;
	if (n->obj) {
		n->obj_off += (at - r->start) / PAGE_SIZE;
		vm_object_ref(n->obj);
	}
	r->end = at;
	r->next = n;
	return 0;
}

/* vm_walk_range's step for an unmap: the entry cleared, one reference on an owned frame given
 * up; a frame left with none waits in the list until the TLBs are flushed. */
static int vm_drop_pte(uint64_t va, uint64_t *e, void *arg)
{
	(void)va;
	if (*e & PTE_OWNED) {
		pmm_page_unref_deferred(*e & PTE_ADDR, arg);
		*e = 0;
	} else if (*e & PTE_PHYS) {
		*e = 0; /* a device page: nothing to give back */
	}
	return 0;
}

/* vm_walk_range's step for mprotect: new rights on an owned page (a shared one stays
 * read-only until its copy). */
static int vm_protect_pte(uint64_t va, uint64_t *e, void *arg)
{
	(void)va;
	if (*e & PTE_OWNED)
		*e = vm_region_pte(*e & PTE_ADDR, *(unsigned *)arg, *e & PTE_COW);
	else if (*e & PTE_PHYS)
		*e = 0; /* a device page: the next touch maps it again with the new rights */
	return 0;
}

int vm_region_unmap(struct vm_space *s, uint64_t start, uint64_t len)
{
	uint64_t end = start + len, irq, pages = 0;
	struct vm_region **pp, *gone = NULL;
	struct pmm_deferred dead = { 0, 0 };
	bool pruned = false;
	int err;
	if (!vm_range_ok(start, len))
		return -EINVAL;
	irq = spin_lock_irqsave(&s->lock);
	err = vm_region_split(s, start);
	if (!err)
		err = vm_region_split(s, end);
	if (!err) {
		for (pp = &s->regions; *pp;) {
			struct vm_region *r = *pp;
			if (r->start >= start && r->end <= end) {
				*pp = r->next; /* collected, freed once the lock is gone */
				r->next = gone;
				gone = r;
				s->nregions--;
				if (!r->obj)
					pages += (r->end - r->start) / PAGE_SIZE;
			} else {
				pp = &r->next;
			}
		}
		vm_walk_range(s, start, end, vm_drop_pte, &dead);
		vm_uncommit(s, pages);
		pruned = vm_prune_tables_locked(s, start, end);
	}
	spin_unlock_irqrestore(&s->lock, irq);
	if (!err)
		vm_tlb_shootdown(s, pruned ? 0 : start, pruned ? ~0ull : len / PAGE_SIZE);
	pmm_free_deferred(&dead); /* only now: no TLB maps them any more */
	while (gone) {
		struct vm_region *r = gone;
		gone = r->next;
		if (r->obj)
			vm_object_unref(r->obj);
		kfree(r);
	}
	return err;
}

/* Is [start, end) covered by regions with no hole? */
static bool vm_covered(struct vm_space *s, uint64_t start, uint64_t end)
{
	for (struct vm_region *r = s->regions; r && start < end; r = r->next)
		if (r->start <= start && start < r->end)
			start = r->end;
	return start >= end;
}

int vm_region_protect(struct vm_space *s, uint64_t start, uint64_t len, unsigned prot)
{
	uint64_t end = start + len, irq;
	int err = 0;
	if (!vm_range_ok(start, len) || (prot & ~VM_PROT_MASK))
		return -EINVAL;
	irq = spin_lock_irqsave(&s->lock);
	if (!vm_covered(s, start, end))
		err = -ENOMEM;
	for (struct vm_region *r = s->regions; r && r->start < end && !err; r = r->next)
		if (r->end > start && (prot & ~r->maxprot))
			err = -EACCES; /* more than the mapping allowed: nothing changes */
	if (!err)
		err = vm_region_split(s, start);
	if (!err)
		err = vm_region_split(s, end);
	if (!err) {
		for (struct vm_region *r = s->regions; r; r = r->next)
			if (r->start >= start && r->end <= end)
				r->prot = prot;
		vm_walk_range(s, start, end, vm_protect_pte, &prot);
	}
	spin_unlock_irqrestore(&s->lock, irq);
	if (!err)
		vm_tlb_shootdown(s, start, len / PAGE_SIZE);
	return err;
}

/* A write to a shared page: the last sharer takes the frame, the others copy it. The old
 * entry may still be in TLBs: the caller flushes after the lock, then frees what d holds. */
static int vm_fault_cow(uint64_t *e, unsigned prot, struct pmm_deferred *d)
{
	uint64_t old = *e & PTE_ADDR, f;
	if (pmm_page_refcount(old) == 1) {
		*e = vm_region_pte(old, prot, 0);
	} else {
		if (!(f = pmm_alloc_page(0)))
			return -ENOMEM;
		vm_mem_copy(phys_to_virt(f), phys_to_virt(old), PAGE_SIZE);
		*e = vm_region_pte(f, prot, 0);
		pmm_page_unref_deferred(old, d);
	}
	return 0;
}

int vm_fault(struct vm_space *s, uint64_t va, unsigned access)
{
	uint64_t page = va & ~(PAGE_SIZE - 1), *e, irq, f;
	struct pmm_deferred dead = { 0, 0 };
	struct vm_region *r;
	bool flush = false;
	int err = 0;
	if (va >= VM_USER_END)
		return -EFAULT;
	irq = spin_lock_irqsave(&s->lock);
	r = vm_region_find(s, va);
	if (!r || !(r->prot & VM_PROT_MASK) || ((access & VM_WRITE) && !(r->prot & VM_WRITE)) ||
			((access & VM_EXEC) && !(r->prot & VM_EXEC)))
		err = -EFAULT;
	else if (!(e = vm_pte_locked(s, page, true)))
		err = -ENOMEM;
	else if (!(*e & PTE_P) && !(*e & PTE_OWNED) && r->obj) {
		/* first touch of shared memory here: the object's page, made if need be */
		uint64_t phys_bits = vm_object_phys_bits(r->obj);
		err = vm_object_page(r->obj, r->obj_off + (page - r->start) / PAGE_SIZE, &f);
		if (!err && phys_bits) /* a device page: PTE_PHYS instead of a reference */
			*e = f | phys_bits | vm_pte_bits((r->prot & (VM_WRITE | VM_EXEC)) | VM_USER);
		else if (!err)
			*e = vm_region_pte(f, r->prot, 0);
	} else if (!(*e & PTE_P) && !(*e & PTE_OWNED) && !(access & VM_WRITE) && vm_zero) {
		/* a read first: the zero page, until a write copies it */
		pmm_page_ref(vm_zero);
		*e = vm_region_pte(vm_zero, r->prot, PTE_COW);
	} else if (!(*e & PTE_P) && !(*e & PTE_OWNED)) {
		/* a write first: a zeroed page of the space's own */
		if ((f = pmm_alloc_page(PMM_ZERO)))
			*e = vm_region_pte(f, r->prot, 0);
		else
			err = -ENOMEM;
	} else if ((access & VM_WRITE) && (*e & PTE_COW)) {
		err = vm_fault_cow(e, r->prot, &dead);
		flush = err == 0;
	}
	/* anything else: another CPU made the page first, or a stale TLB entry; retry */
	spin_unlock_irqrestore(&s->lock, irq);
	if (flush)
		vm_tlb_shootdown(s, page, 1);
	pmm_free_deferred(&dead);
	return err;
}

/* vm_walk_user's step for fork: share one entry of the parent with the child. */
struct vm_fork {
	struct vm_space *dst, *src;
};

static int vm_fork_pte(uint64_t va, uint64_t *e, void *arg)
{
	struct vm_fork *f = arg;
	struct vm_region *r;
	uint64_t *d;
	if (!(*e & PTE_OWNED))
		return 0; /* vm_map's mappings (device windows) are not inherited */
	if (!(d = vm_pte_locked(f->dst, va, true)))
		return -ENOMEM;
	r = vm_region_find(f->src, va);
	if (!r || !r->obj) /* private memory is shared until a write; shared memory stays so */
		*e = (*e | PTE_COW) & ~PTE_W;
	pmm_page_ref(*e & PTE_ADDR);
	*d = *e;
	return 0;
}

int vm_space_fork(struct vm_space *dst, struct vm_space *src)
{
	struct vm_region **tail = &dst->regions;
	struct vm_fork f = { dst, src };
	uint64_t irq;
	int err = vm_space_create(dst);
	if (err)
		return err;
	/* dst is no one else's yet: its tables and regions change without its lock */
	irq = spin_lock_irqsave(&src->lock);
	for (struct vm_region *r = src->regions; r && !err; r = r->next) {
		struct vm_region *n = kmalloc(sizeof(*n));
		if (!n) {
			err = -ENOMEM;
			break;
		}
		*n = *r;
		n->next = NULL;
		if (n->obj)
			vm_object_ref(n->obj);
		*tail = n;
		tail = &n->next;
		dst->nregions++;
	}
	if (!err)
		err = vm_commit(dst, src->committed);
	if (!err)
		err = vm_walk_user(src, vm_fork_pte, &f);
	spin_unlock_irqrestore(&src->lock, irq);
	/* the parent's writable pages just became read-only */
	vm_tlb_shootdown(src, 0, ~0ull);
	if (err)
		vm_space_destroy(dst);
	return err;
}
