/* kernel/core/vm_object.c: memory objects that regions map (see vm.h). Three kinds:
 * - anonymous shared memory (MAP_SHARED, shm): an array of frames, each made zeroed on first
 *   use and held with one reference by the object; every mapping of a page takes one more;
 * - contiguous memory (DMA): the same, but every frame made at once, physically contiguous,
 *   and the object findable by physical address (a driver maps its DMA pages by address);
 * - a physical range (MMIO): frames that no one owns and nothing counts; mappings carry
 *   PTE_PHYS and a cache type instead of PTE_OWNED.
 * The object's lock is taken under a space's lock, and only pmm's under it; vm_contig_lock is
 * a leaf but for the object locks taken under it. */
#include "klib.h"
#include "errno.h"
#include "kheap.h"
#include "pmm.h"
#include "vm.h"

enum vm_object_kind { VM_OBJECT_ANON, VM_OBJECT_CONTIG, VM_OBJECT_PHYS };

struct vm_object {
	struct spinlock lock;
	uint32_t refs;
	enum vm_object_kind kind;
	uint64_t pages;
	uint64_t *frames;          /* ANON, CONTIG: 0 is not made yet */
	uint64_t phys;             /* CONTIG, PHYS: the first frame */
	uint64_t pte_bits;         /* PHYS: PTE_PHYS and the cache bits its entries get */
	struct vm_object *next;    /* CONTIG: on vm_contig_list, then on a DMA hold (dmahold.c) */
	int owner;                 /* CONTIG: the pid that allocated it */
};

static struct spinlock vm_contig_lock = SPINLOCK_INIT("vm_contig");
static struct vm_object *vm_contig_list;

static struct vm_object *vm_object_alloc(uint64_t pages, enum vm_object_kind kind)
{
	struct vm_object *o;
	if (pages == 0 || pages > (VM_USER_END >> PAGE_SHIFT))
		return NULL;
	if (kind != VM_OBJECT_PHYS && vm_commit_pages(pages))
		return NULL;
	o = kzalloc(sizeof(*o));
	if (o && kind != VM_OBJECT_PHYS && !(o->frames = kzalloc(pages * sizeof(uint64_t)))) {
		kfree(o);
		o = NULL;
	}
	if (!o) {
		if (kind != VM_OBJECT_PHYS)
			vm_uncommit_pages(pages);
		return NULL;
	}
	o->lock.name = "vm_object";
	o->refs = 1;
	o->pages = pages;
	o->kind = kind;
	return o;
}

struct vm_object *vm_object_create(uint64_t pages)
{
	return vm_object_alloc(pages, VM_OBJECT_ANON);
}

struct vm_object *vm_object_create_phys(uint64_t phys, uint64_t pages, uint64_t cache_bits)
{
	struct vm_object *o;
	if ((phys & (PAGE_SIZE - 1)) || (phys & ~PTE_ADDR) || (cache_bits & ~(PTE_PWT | PTE_PCD | PTE_PAT)))
		return NULL;
	o = vm_object_alloc(pages, VM_OBJECT_PHYS);
	if (o) {
		o->phys = phys;
		o->pte_bits = PTE_PHYS | cache_bits;
	}
	return o;
}

struct vm_object *vm_object_create_contig(uint64_t pages, uint64_t *phys, int owner)
{
	unsigned order = 0;
	uint64_t block;
	struct vm_object *o;
	while ((1ull << order) < pages && order < BUDDY_MAX_ORDER)
		order++;
	if ((1ull << order) < pages || !(o = vm_object_alloc(pages, VM_OBJECT_CONTIG)))
		return NULL;
	if (!(block = pmm_alloc_pages(order, PMM_ZERO))) {
		kfree(o->frames);
		kfree(o);
		vm_uncommit_pages(pages);
		return NULL;
	}
	/* page by page from here: mappings count each frame, and the tail past `pages` goes back */
	pmm_split_block(block);
	for (uint64_t i = 0; i < (1ull << order); i++) {
		if (i < pages)
			o->frames[i] = block + i * PAGE_SIZE;
		else
			pmm_free_pages(block + i * PAGE_SIZE, 0);
	}
	o->phys = *phys = block;
	o->owner = owner;
	{
		uint64_t irq = spin_lock_irqsave(&vm_contig_lock);
		o->next = vm_contig_list;
		vm_contig_list = o;
		spin_unlock_irqrestore(&vm_contig_lock, irq);
	}
	return o;
}

struct vm_object *vm_object_find_contig(uint64_t phys, uint64_t len, uint64_t *first)
{
	struct vm_object *found = NULL;
	uint64_t irq = spin_lock_irqsave(&vm_contig_lock);
	for (struct vm_object *o = vm_contig_list; o && !found; o = o->next) {
		uint64_t end = o->phys + o->pages * PAGE_SIZE;
		if (phys >= o->phys && phys < end && len <= end - phys) {
			spin_lock(&o->lock);
			if (o->refs) { /* one at 0 is on its way out */
				o->refs++;
				found = o;
				*first = (phys - o->phys) / PAGE_SIZE;
			}
			spin_unlock(&o->lock);
		}
	}
	spin_unlock_irqrestore(&vm_contig_lock, irq);
	return found;
}

void vm_object_ref(struct vm_object *o)
{
	uint64_t irq = spin_lock_irqsave(&o->lock);
	o->refs++;
	spin_unlock_irqrestore(&o->lock, irq);
}

static void vm_object_unlist(struct vm_object *o)
{
	uint64_t irq = spin_lock_irqsave(&vm_contig_lock);
	for (struct vm_object **pp = &vm_contig_list; *pp; pp = &(*pp)->next)
		if (*pp == o) {
			*pp = o->next;
			break;
		}
	spin_unlock_irqrestore(&vm_contig_lock, irq);
}

void vm_object_destroy(struct vm_object *o)
{
	if (o->kind != VM_OBJECT_PHYS) {
		for (uint64_t i = 0; i < o->pages; i++)
			if (o->frames[i])
				pmm_page_unref(o->frames[i]);
		vm_uncommit_pages(o->pages);
	}
	kfree(o->frames);
	kfree(o);
}

void vm_object_unref(struct vm_object *o)
{
	uint64_t irq = spin_lock_irqsave(&o->lock);
	uint32_t left = --o->refs;
	spin_unlock_irqrestore(&o->lock, irq);
	if (left)
		return;
	if (o->kind == VM_OBJECT_CONTIG) {
		vm_object_unlist(o); /* no physmap finds it from here on */
		/* a dead driver's DMA pages wait for its device to be quiet (dmahold.c) */
		if (dma_hold_park(o, o->owner, o->pages))
			return;
	}
	vm_object_destroy(o);
}

struct vm_object **vm_object_chain(struct vm_object *o)
{
	return &o->next;
}

uint64_t vm_object_pages(const struct vm_object *o)
{
	return o->pages;
}

uint64_t vm_object_phys_bits(const struct vm_object *o)
{
	return o->kind == VM_OBJECT_PHYS ? o->pte_bits : 0;
}

bool vm_object_may_exec(const struct vm_object *o)
{
	return o->kind == VM_OBJECT_ANON;
}

int vm_object_page(struct vm_object *o, uint64_t idx, uint64_t *frame)
{
	uint64_t irq;
	int err = 0;
	irq = spin_lock_irqsave(&o->lock);
	if (idx >= o->pages) {
		err = -EINVAL;
	} else if (o->kind == VM_OBJECT_PHYS) {
		*frame = o->phys + idx * PAGE_SIZE; /* no one's frame: nothing to count */
	} else {
		if (!o->frames[idx])
			o->frames[idx] = pmm_alloc_page(PMM_ZERO);
		if (o->frames[idx]) {
			*frame = o->frames[idx];
			pmm_page_ref(*frame);
		} else {
			err = -ENOMEM;
		}
	}
	spin_unlock_irqrestore(&o->lock, irq);
	return err;
}

int vm_object_grow(struct vm_object *o, uint64_t pages)
{
	uint64_t *frames, *old, irq, more;
	if (o->kind != VM_OBJECT_ANON || pages > (VM_USER_END >> PAGE_SHIFT))
		return -EINVAL;
	irq = spin_lock_irqsave(&o->lock);
	more = pages > o->pages ? pages - o->pages : 0;
	spin_unlock_irqrestore(&o->lock, irq);
	if (!more)
		return 0;
	if (vm_commit_pages(more))
		return -ENOMEM;
	if (!(frames = kzalloc(pages * sizeof(uint64_t)))) {
		vm_uncommit_pages(more);
		return -ENOMEM;
	}
	irq = spin_lock_irqsave(&o->lock);
	if (o->pages + more != pages) { /* another grow came first: let it stand */
		spin_unlock_irqrestore(&o->lock, irq);
		kfree(frames);
		vm_uncommit_pages(more);
		return o->pages >= pages ? 0 : -EAGAIN;
	}
	memcpy(frames, o->frames, o->pages * sizeof(uint64_t));
	old = o->frames;
	o->frames = frames;
	o->pages = pages;
	spin_unlock_irqrestore(&o->lock, irq);
	kfree(old);
	return 0;
}
