/* kernel/include/kheap.h: the kernel heap: caches of fixed-size objects (kmem_cache_*) and
 * kmalloc/kfree for any size, on the slab core (slab.h) with pages from pmm reached through
 * the direct map. Any CPU, interrupts on or off. A double free, a pointer the heap never
 * handed out, or a write to a freed object panics with a message naming it. */
#ifndef KERNEL_KHEAP_H
#define KERNEL_KHEAP_H

#include "types.h"
#include "slab.h"

struct kmem_cache {
	struct slab_cache slab; /* its lock is the cache's lock */
};

/* Boot (mem_init), after paging_init. */
void kheap_init(void);

/* size bytes, 16-byte aligned (and to the size class up to a page: kmalloc(4096) is a page),
 * or NULL. Sizes above 8 KiB are whole pages from pmm. kzalloc zeroes them. */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p); /* NULL is ignored */
size_t kmalloc_usable(const void *p);

/* A cache of objects of size bytes aligned to align (0: 8). NULL if no memory or the size is
 * impossible. name must outlive the cache. */
struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align);
void *kmem_cache_alloc(struct kmem_cache *c);
void kmem_cache_free(struct kmem_cache *c, void *p);
/* Frees the cache; every object must have been freed (panics otherwise). */
void kmem_cache_destroy(struct kmem_cache *c);

struct kheap_stats {
	uint64_t slab_pages;  /* pages held by kmalloc's slabs */
	uint64_t large_pages; /* pages of allocations above 8 KiB */
	uint64_t objects;     /* kmalloc objects handed out */
};
void kheap_stats(struct kheap_stats *s);
/* Checks every kmalloc class's slabs under the lock (slow; tests): 0 or negative. */
int kheap_check(void);

#endif
