/* kernel/core/pmm.c: the physical page allocator (see pmm.h): the buddy core over one struct
 * page per frame from 0 to the end of the highest available region, behind one spin lock.
 * At boot it finds room for the descriptor array, then frees every available page that no
 * boot-time structure occupies. */
#include "klib.h"
#include "errno.h"
#include "memmap.h"
#include "panic.h"
#include "pmm.h"
#include "spinlock.h"
#include "vm.h"
#include "../arch/x86_64/cpu.h"

#define PMM_BOOT_LIMIT (4ull << 30) /* the loader's direct map ends here */
#define PMM_MAX_RESERVED (8 + BOOTINFO_MAX_MODS)

struct pmm_range {
	uint64_t start, end; /* page-aligned: [start, end) */
};

static struct spinlock pmm_lock = SPINLOCK_INIT("pmm");
static struct buddy pmm_buddy;
static uint64_t pmm_array_pages;
static struct mem_region pmm_regions[BOOTINFO_MAX_MMAP * 2];
static int pmm_region_count;
static struct pmm_range pmm_reserved[PMM_MAX_RESERVED];
static int pmm_reserved_count;

static void pmm_reserve(uint64_t start, uint64_t end)
{
	struct pmm_range r = { start & ~(PAGE_SIZE - 1), ALIGN_UP(end, PAGE_SIZE) };
	int i;
	if (end <= start)
		return;
	if (pmm_reserved_count == PMM_MAX_RESERVED)
		panic("pmm: too many boot-time reservations");
	/* kept sorted by start, so pmm_add_free can sweep them in one pass */
	for (i = pmm_reserved_count; i > 0 && pmm_reserved[i - 1].start > r.start; i--)
		pmm_reserved[i] = pmm_reserved[i - 1];
	pmm_reserved[i] = r;
	pmm_reserved_count++;
}

/* The first address at or above start where [a, a + size) misses every reservation. */
static uint64_t pmm_skip_reserved(uint64_t start, uint64_t size)
{
	bool moved = true;
	while (moved) {
		moved = false;
		for (int i = 0; i < pmm_reserved_count; i++) {
			if (start < pmm_reserved[i].end && pmm_reserved[i].start < start + size) {
				start = pmm_reserved[i].end;
				moved = true;
			}
		}
	}
	return start;
}

/* Room for the descriptor array: the lowest fit in available memory the loader maps. */
static uint64_t pmm_place_array(uint64_t size)
{
	for (int i = 0; i < pmm_region_count; i++) {
		const struct mem_region *r = &pmm_regions[i];
		uint64_t a;
		if (r->type != BOOTINFO_MEM_AVAILABLE)
			continue;
		a = pmm_skip_reserved(ALIGN_UP(MAX(r->base, PMM_LOW_RESERVED), PAGE_SIZE), size);
		if (a + size <= r->end && a + size <= PMM_BOOT_LIMIT)
			return a;
	}
	panic("pmm: no room below 4 GiB for %lu bytes of page descriptors", size);
	return 0;
}

/* Frees the whole pages of [start, end) that no reservation covers, clipped to [lo, hi). */
static void pmm_add_free(uint64_t start, uint64_t end, uint64_t lo, uint64_t hi)
{
	start = ALIGN_UP(MAX(start, lo), PAGE_SIZE);
	end = MIN(end, hi) & ~(PAGE_SIZE - 1);
	for (int i = 0; i < pmm_reserved_count && start < end; i++) {
		const struct pmm_range *r = &pmm_reserved[i];
		if (r->end <= start || r->start >= end)
			continue;
		if (r->start > start)
			buddy_add_range(&pmm_buddy, start >> PAGE_SHIFT, r->start >> PAGE_SHIFT);
		start = r->end;
	}
	if (start < end)
		buddy_add_range(&pmm_buddy, start >> PAGE_SHIFT, end >> PAGE_SHIFT);
}

static void pmm_add_available(uint64_t lo, uint64_t hi)
{
	for (int i = 0; i < pmm_region_count; i++)
		if (pmm_regions[i].type == BOOTINFO_MEM_AVAILABLE)
			pmm_add_free(pmm_regions[i].base, pmm_regions[i].end, lo, hi);
}

void pmm_init(const struct bootinfo *bi)
{
	struct mem_totals t;
	uint64_t npages, size, array;
	pmm_region_count = memmap_normalize(bi->mmap, (int)bi->mmap_count, pmm_regions,
		(int)ARRAY_SIZE(pmm_regions));
	if (pmm_region_count < 0)
		panic("pmm: memory map has too many regions");
	memmap_totals(pmm_regions, pmm_region_count, &t);
	npages = t.highest >> PAGE_SHIFT;
	if (npages == 0 || npages >= BUDDY_NONE)
		panic("pmm: cannot manage %lu pages", npages);
	pmm_reserve(0, PMM_LOW_RESERVED);
	pmm_reserve(bi->loader_start, bi->loader_end);
	pmm_reserve(bi->kernel_start, bi->kernel_end);
	for (unsigned i = 0; i < bi->module_count; i++)
		pmm_reserve(bi->modules[i].start, bi->modules[i].end);
	size = ALIGN_UP(npages * sizeof(struct page), PAGE_SIZE);
	array = pmm_place_array(size);
	pmm_reserve(array, array + size);
	pmm_array_pages = size >> PAGE_SHIFT;
	buddy_init(&pmm_buddy, phys_to_virt(array), npages);
	pmm_add_available(0, PMM_BOOT_LIMIT);
}

void pmm_init_high(void)
{
	uint64_t flags = spin_lock_irqsave(&pmm_lock);
	pmm_add_available(PMM_BOOT_LIMIT, ~0ull);
	spin_unlock_irqrestore(&pmm_lock, flags);
}

uint64_t pmm_alloc_pages(unsigned order, unsigned flags)
{
	uint64_t irq = spin_lock_irqsave(&pmm_lock);
	int64_t pfn = buddy_alloc(&pmm_buddy, order);
	uint64_t phys;
	spin_unlock_irqrestore(&pmm_lock, irq);
	if (pfn < 0)
		return 0;
	phys = (uint64_t)pfn << PAGE_SHIFT;
	if (flags & PMM_ZERO)
		vm_mem_zero(phys_to_virt(phys), PAGE_SIZE << order);
	return phys;
}

void pmm_free_pages(uint64_t phys, unsigned order)
{
	uint64_t irq = spin_lock_irqsave(&pmm_lock);
	int err = phys & (PAGE_SIZE - 1) ? -EINVAL : buddy_free(&pmm_buddy, phys >> PAGE_SHIFT, order);
	spin_unlock_irqrestore(&pmm_lock, irq);
	if (err)
		panic("pmm: bad free of %#lx, order %u: not an allocated block of that order with "
			"one reference (double free?)", phys, order);
}

void pmm_page_ref(uint64_t phys)
{
	uint64_t irq = spin_lock_irqsave(&pmm_lock);
	int err = buddy_ref(&pmm_buddy, phys >> PAGE_SHIFT);
	spin_unlock_irqrestore(&pmm_lock, irq);
	if (err || (phys & (PAGE_SIZE - 1)))
		panic("pmm: reference to %#lx, which heads no allocated block", phys);
}

uint32_t pmm_page_unref(uint64_t phys)
{
	uint64_t irq = spin_lock_irqsave(&pmm_lock);
	int64_t left = buddy_unref(&pmm_buddy, phys >> PAGE_SHIFT);
	spin_unlock_irqrestore(&pmm_lock, irq);
	if (left < 0 || (phys & (PAGE_SIZE - 1)))
		panic("pmm: unreference of %#lx, which heads no allocated block", phys);
	return (uint32_t)left;
}

void pmm_split_block(uint64_t phys)
{
	uint64_t irq = spin_lock_irqsave(&pmm_lock);
	int err = phys & (PAGE_SIZE - 1) ? -EINVAL : buddy_split(&pmm_buddy, phys >> PAGE_SHIFT);
	spin_unlock_irqrestore(&pmm_lock, irq);
	if (err)
		panic("pmm: split of %#lx, which heads no allocated block with one reference", phys);
}

void pmm_page_unref_deferred(uint64_t phys, struct pmm_deferred *d)
{
	uint64_t irq = spin_lock_irqsave(&pmm_lock);
	struct page *p = pmm_page(phys);
	bool ok = p && p->flags == PAGE_HEAD && p->refcount && !(phys & (PAGE_SIZE - 1));
	if (ok && p->refcount > 1) {
		p->refcount--;
	} else if (ok) {
		/* the last reference: kept (refcount 1) until pmm_free_deferred */
		p->u.tag = d->head;
		d->head = phys;
		d->count++;
	}
	spin_unlock_irqrestore(&pmm_lock, irq);
	if (!ok)
		panic("pmm: unreference of %#lx, which heads no allocated block", phys);
}

void pmm_free_deferred(struct pmm_deferred *d)
{
	while (d->head) {
		uint64_t phys = d->head;
		struct page *p = pmm_page(phys);
		d->head = p->u.tag;
		pmm_free_pages(phys, p->order);
	}
	d->count = 0;
}

uint32_t pmm_page_refcount(uint64_t phys)
{
	struct page *p = pmm_page(phys);
	return p && p->flags == PAGE_HEAD ? p->refcount : 0;
}

struct page *pmm_page(uint64_t phys)
{
	uint64_t pfn = phys >> PAGE_SHIFT;
	return pfn < pmm_buddy.npages ? &pmm_buddy.pages[pfn] : NULL;
}

uint64_t pmm_page_count(void)
{
	return pmm_buddy.npages;
}

bool pmm_range_has_ram(uint64_t start, uint64_t end)
{
	for (int i = 0; i < pmm_region_count; i++)
		if (pmm_regions[i].type == BOOTINFO_MEM_AVAILABLE && pmm_regions[i].base < end &&
				start < pmm_regions[i].end)
			return true;
	return false;
}

uint64_t pmm_ram_end(void)
{
	return pmm_buddy.npages << PAGE_SHIFT;
}

void pmm_stats(struct pmm_stats *s)
{
	uint64_t irq = spin_lock_irqsave(&pmm_lock);
	s->free_pages = pmm_buddy.free_pages;
	s->total_pages = pmm_buddy.total_pages;
	s->array_pages = pmm_array_pages;
	spin_unlock_irqrestore(&pmm_lock, irq);
}

int pmm_check(void)
{
	uint64_t irq = spin_lock_irqsave(&pmm_lock);
	int err = buddy_check(&pmm_buddy);
	spin_unlock_irqrestore(&pmm_lock, irq);
	return err;
}
