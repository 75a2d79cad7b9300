/* kernel/core/vm_object.c: shared memory objects (see vm.h): an array of frames, each made
 * zeroed on first use and held with one reference by the object; every mapping of a page takes
 * one more. The object's lock is taken under a space's lock, and only pmm's under it. */
#include "klib.h"
#include "errno.h"
#include "kheap.h"
#include "pmm.h"
#include "vm.h"

struct vm_object {
	struct spinlock lock;
	uint32_t refs;
	uint64_t pages;
	uint64_t *frames; /* 0: not made yet */
};

struct vm_object *vm_object_create(uint64_t pages)
{
	struct vm_object *o;
	if (pages == 0 || pages > (VM_USER_END >> PAGE_SHIFT) || vm_commit_pages(pages))
		return NULL;
	o = kzalloc(sizeof(*o));
	if (o)
		o->frames = kzalloc(pages * sizeof(uint64_t));
	if (!o || !o->frames) {
		kfree(o);
		vm_uncommit_pages(pages);
		return NULL;
	}
	o->lock.name = "vm_object";
	o->refs = 1;
	o->pages = pages;
	return o;
}

void vm_object_ref(struct vm_object *o)
{
	uint64_t irq = spin_lock_irqsave(&o->lock);
	o->refs++;
	spin_unlock_irqrestore(&o->lock, irq);
}

void vm_object_unref(struct vm_object *o)
{
	uint64_t irq = spin_lock_irqsave(&o->lock);
	uint32_t left = --o->refs;
	spin_unlock_irqrestore(&o->lock, irq);
	if (left)
		return;
	for (uint64_t i = 0; i < o->pages; i++)
		if (o->frames[i])
			pmm_page_unref(o->frames[i]);
	vm_uncommit_pages(o->pages);
	kfree(o->frames);
	kfree(o);
}

uint64_t vm_object_pages(const struct vm_object *o)
{
	return o->pages;
}

int vm_object_page(struct vm_object *o, uint64_t idx, uint64_t *frame)
{
	uint64_t irq;
	int err = 0;
	if (idx >= o->pages)
		return -EINVAL;
	irq = spin_lock_irqsave(&o->lock);
	if (!o->frames[idx])
		o->frames[idx] = pmm_alloc_page(PMM_ZERO);
	if (o->frames[idx]) {
		*frame = o->frames[idx];
		pmm_page_ref(*frame);
	} else {
		err = -ENOMEM;
	}
	spin_unlock_irqrestore(&o->lock, irq);
	return err;
}
