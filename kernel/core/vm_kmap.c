/* kernel/core/vm_kmap.c: the VM_KMAP part of the kernel's address space (see vm.h): ranges of
 * addresses handed out first-fit from a sorted list of free ranges (neighbours merge when
 * given back), and kernel stacks built there with an unmapped, marked guard page below each,
 * so that an overflow faults at a recognisable address instead of running into memory. */
#include "klib.h"
#include "kheap.h"
#include "panic.h"
#include "pmm.h"
#include "vm.h"

struct vm_kmap_range {
	uint64_t start, end;
	struct vm_kmap_range *next;
};

/* Free ranges below vm_kmap_top, sorted and never touching; above it all is free. The list's
 * nodes come from kmalloc, always outside vm_kmap_lock: it is a leaf lock. */
static struct vm_kmap_range *vm_kmap_free_list;
static uint64_t vm_kmap_top = VM_KMAP_BASE;
static struct spinlock vm_kmap_lock = SPINLOCK_INIT("vm_kmap");

uint64_t vm_kmap_reserve(uint64_t pages)
{
	uint64_t size = pages * PAGE_SIZE, va = 0, irq;
	struct vm_kmap_range **pp, *gone = NULL;
	if (pages == 0 || pages > (VM_KMAP_END - VM_KMAP_BASE) / PAGE_SIZE)
		return 0;
	irq = spin_lock_irqsave(&vm_kmap_lock);
	for (pp = &vm_kmap_free_list; *pp; pp = &(*pp)->next) {
		struct vm_kmap_range *r = *pp;
		if (r->end - r->start < size)
			continue;
		va = r->start;
		r->start += size;
		if (r->start == r->end) {
			*pp = r->next;
			gone = r;
		}
		break;
	}
	if (!va && VM_KMAP_END - vm_kmap_top >= size) {
		va = vm_kmap_top;
		vm_kmap_top += size;
	}
	spin_unlock_irqrestore(&vm_kmap_lock, irq);
	kfree(gone);
	return va;
}

/* Drops the last free range if it reaches the top: the untouched space above takes it back.
 * Returns the node to free once the lock is gone. */
static struct vm_kmap_range *vm_kmap_lower_top(void)
{
	struct vm_kmap_range **last = &vm_kmap_free_list, *r;
	if (!*last)
		return NULL;
	while ((*last)->next)
		last = &(*last)->next;
	r = *last;
	if (r->end != vm_kmap_top)
		return NULL;
	vm_kmap_top = r->start;
	*last = NULL;
	return r;
}

void vm_kmap_release(uint64_t va, uint64_t pages)
{
	uint64_t end = va + pages * PAGE_SIZE, irq;
	struct vm_kmap_range *node = kmalloc(sizeof(*node)), **pp, *prev = NULL, *merged = NULL;
	irq = spin_lock_irqsave(&vm_kmap_lock);
	for (pp = &vm_kmap_free_list; *pp && (*pp)->start < va; pp = &(*pp)->next)
		prev = *pp;
	if ((prev && prev->end > va) || (*pp && (*pp)->start < end) || end > vm_kmap_top)
		panic("vm_kmap: release of %#lx-%#lx, which is not in use", va, end);
	if (prev && prev->end == va) {
		prev->end = end; /* grows the range below, and may join the one above */
		if (*pp && (*pp)->start == end) {
			merged = *pp;
			prev->end = merged->end;
			prev->next = merged->next;
		}
	} else if (*pp && (*pp)->start == end) {
		(*pp)->start = va; /* grows the range above */
	} else if (node) {
		node->start = va;
		node->end = end;
		node->next = *pp;
		*pp = node;
		node = NULL;
	}
	/* (no memory for a node: these addresses stay unused; VM_KMAP has 512 GiB of them) */
	struct vm_kmap_range *dropped = vm_kmap_lower_top();
	spin_unlock_irqrestore(&vm_kmap_lock, irq);
	kfree(node);
	kfree(merged);
	kfree(dropped);
}

static void vm_kstack_unmap(uint64_t base, unsigned pages)
{
	for (unsigned i = 0; i <= pages; i++) {
		uint64_t pa;
		if (vm_unmap(&kernel_vm, base + i * PAGE_SIZE, &pa) == 0)
			pmm_free_pages(pa, 0);
	}
}

uint64_t vm_kstack_alloc(unsigned pages)
{
	uint64_t base = vm_kmap_reserve(pages + 1ul);
	if (!base)
		return 0;
	if (vm_mark_guard(&kernel_vm, base))
		goto fail;
	for (unsigned i = 1; i <= pages; i++) {
		uint64_t f = pmm_alloc_page(0);
		if (!f)
			goto fail;
		if (vm_map(&kernel_vm, base + i * PAGE_SIZE, f, VM_WRITE)) {
			pmm_free_pages(f, 0);
			goto fail;
		}
	}
	return base + (pages + 1ul) * PAGE_SIZE;
fail:
	vm_kstack_unmap(base, pages);
	vm_kmap_release(base, pages + 1ul);
	return 0;
}

void vm_kstack_free(uint64_t top, unsigned pages)
{
	uint64_t base = top - (pages + 1ul) * PAGE_SIZE;
	if (!vm_is_guard(&kernel_vm, base))
		panic("vm_kstack_free(%#lx, %u): no kernel stack of that size there", top, pages);
	vm_kstack_unmap(base, pages);
	vm_kmap_release(base, pages + 1ul);
}
