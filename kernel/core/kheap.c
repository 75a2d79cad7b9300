/* kernel/core/kheap.c: the kernel heap (see kheap.h): the slab core with pages from pmm through
 * the direct map. Each cache, kmalloc's size classes included, has its own lock, so CPUs that
 * allocate different sizes do not meet; kheap_lock covers only allocations of whole pages. All
 * are taken with interrupts off and only ever before pmm's lock (a slab refill). */
#include "klib.h"
#include "kheap.h"
#include "panic.h"
#include "pmm.h"
#include "vm.h"
#include "../arch/x86_64/cpu.h"

static struct slab_heap kheap;
static struct spinlock kheap_lock = SPINLOCK_INIT("kheap");

static void *kheap_alloc_pages(void *ctx, unsigned order)
{
	uint64_t phys = pmm_alloc_pages(order, 0);
	(void)ctx;
	return phys ? phys_to_virt(phys) : NULL;
}

static void kheap_free_pages(void *ctx, void *p, unsigned order)
{
	(void)ctx;
	pmm_free_pages(virt_to_phys(p), order);
}

/* Heap pointers are direct-map addresses of allocated frames; anything else is not the heap's. */
static uintptr_t *kheap_page_tag(void *ctx, const void *p)
{
	struct page *pg;
	(void)ctx;
	if ((uintptr_t)p < VM_DIRECT_MAP || (uintptr_t)p - VM_DIRECT_MAP >= pmm_ram_end())
		return NULL;
	pg = pmm_page(virt_to_phys(p));
	return pg && (pg->flags & (PAGE_HEAD | PAGE_TAIL)) ? &pg->u.tag : NULL;
}

static void kheap_fail(void *ctx, const char *msg)
{
	(void)ctx;
	panic("heap: %s", msg);
}

static const struct slab_backend kheap_backend = {
	kheap_alloc_pages, kheap_free_pages, kheap_page_tag, kheap_fail, NULL,
};

void kheap_init(void)
{
	if (slab_heap_init(&kheap, &kheap_backend))
		panic("heap: cannot set up the kmalloc classes");
}

/* The lock that guards where p came from, or where size will come from. */
static struct spinlock *kheap_lock_for(struct slab_cache *c)
{
	return c ? &c->lock : &kheap_lock;
}

void *kmalloc(size_t size)
{
	struct spinlock *l = kheap_lock_for(slab_heap_class(&kheap, size));
	uint64_t irq = spin_lock_irqsave(l);
	void *p = slab_heap_alloc(&kheap, size);
	spin_unlock_irqrestore(l, irq);
	return p;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);
	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *p)
{
	struct spinlock *l;
	uint64_t irq;
	if (!p)
		return;
	l = kheap_lock_for(slab_heap_class_of(&kheap, p));
	irq = spin_lock_irqsave(l);
	slab_heap_free(&kheap, p);
	spin_unlock_irqrestore(l, irq);
}

size_t kmalloc_usable(const void *p)
{
	struct spinlock *l = kheap_lock_for(slab_heap_class_of(&kheap, p));
	uint64_t irq = spin_lock_irqsave(l);
	size_t n = slab_heap_usable(&kheap, p);
	spin_unlock_irqrestore(l, irq);
	return n;
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align)
{
	struct kmem_cache *c = kmalloc(sizeof(*c));
	if (!c)
		return NULL;
	if (slab_cache_init(&c->slab, name, size, align, &kheap_backend)) {
		kfree(c);
		return NULL;
	}
	return c;
}

void *kmem_cache_alloc(struct kmem_cache *c)
{
	uint64_t irq = spin_lock_irqsave(&c->slab.lock);
	void *p = slab_alloc(&c->slab);
	spin_unlock_irqrestore(&c->slab.lock, irq);
	return p;
}

void kmem_cache_free(struct kmem_cache *c, void *p)
{
	uint64_t irq = spin_lock_irqsave(&c->slab.lock);
	slab_free(&c->slab, p);
	spin_unlock_irqrestore(&c->slab.lock, irq);
}

void kmem_cache_destroy(struct kmem_cache *c)
{
	uint64_t irq = spin_lock_irqsave(&c->slab.lock);
	uint64_t live = c->slab.objects;
	if (!live)
		slab_cache_shrink(&c->slab);
	spin_unlock_irqrestore(&c->slab.lock, irq);
	if (live)
		panic("heap: kmem_cache_destroy(%s) with %lu objects still allocated", c->slab.name, live);
	kfree(c);
}

void kheap_stats(struct kheap_stats *s)
{
	uint64_t irq;
	memset(s, 0, sizeof(*s));
	for (int i = 0; i < SLAB_CLASSES; i++) {
		struct slab_cache *c = &kheap.classes[i];
		irq = spin_lock_irqsave(&c->lock);
		s->slab_pages += c->slabs << c->order;
		s->objects += c->objects;
		spin_unlock_irqrestore(&c->lock, irq);
	}
	irq = spin_lock_irqsave(&kheap_lock);
	s->large_pages = kheap.large_pages;
	spin_unlock_irqrestore(&kheap_lock, irq);
}

int kheap_check(void)
{
	int err = 0;
	for (int i = 0; i < SLAB_CLASSES && !err; i++) {
		struct slab_cache *c = &kheap.classes[i];
		uint64_t irq = spin_lock_irqsave(&c->lock);
		err = slab_cache_check(c);
		spin_unlock_irqrestore(&c->lock, irq);
	}
	return err;
}
