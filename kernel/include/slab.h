/* kernel/include/slab.h: the slab allocator core: caches of fixed-size objects carved from
 * blocks of pages, and a general heap (power-of-two size classes, large sizes straight from
 * pages) on top of them. Portable: the pages come from a backend (pmm in the kernel, an arena
 * in the host tests), no locks are taken here (kheap.c takes them), and misuse (double free,
 * a pointer the heap never gave out, a write to a freed object) goes to the backend's fail,
 * which panics in the kernel. The kernel's interface is kheap.h. */
#ifndef KERNEL_SLAB_H
#define KERNEL_SLAB_H

#include "types.h"
#include "spinlock.h"

#define SLAB_MAX_ORDER   4   /* a slab is at most 2^4 pages */
#define SLAB_MAX_OBJECTS 256 /* per slab: the size of its allocation bitmap */
#define SLAB_MIN_SIZE    16  /* room for the free-list link, and kmalloc's 16-byte alignment */
#define SLAB_CLASSES     10  /* kmalloc classes: 16, 32, ..., 8192 bytes */
#define SLAB_CLASS_MAX   8192
#define SLAB_POISON_BYTE 0x6b

struct slab_backend {
	/* 2^order pages, page-aligned, or NULL */
	void *(*alloc_pages)(void *ctx, unsigned order);
	void (*free_pages)(void *ctx, void *p, unsigned order);
	/* The owner word of the page holding p if p lies in an allocated block, else NULL: the
	 * heap writes there which slab (or large allocation) a page belongs to. */
	uintptr_t *(*page_tag)(void *ctx, const void *p);
	/* A caller's bug, described in msg. The kernel's panics; a test's records and returns,
	 * and the operation is then abandoned. */
	void (*fail)(void *ctx, const char *msg);
	void *ctx;
};

struct slab;

struct slab_cache {
	const char *name;
	uint32_t size;   /* bytes per object, a multiple of align */
	uint32_t align;
	uint32_t order;  /* each slab is 2^order pages */
	uint32_t count;  /* objects per slab */
	uint32_t first;  /* offset of the first object from the slab's start */
	bool poison;     /* fill freed objects' first 128 bytes, check them when handed out */
	struct slab *partial, *full, *empty; /* at most one empty slab is kept */
	uint64_t slabs, objects; /* slabs held and objects handed out, for stats and checks */
	const struct slab_backend *be;
	struct spinlock lock; /* not taken by this core: for its callers (kheap.c) */
};

struct slab_heap {
	struct slab_cache classes[SLAB_CLASSES];
	const struct slab_backend *be;
	uint64_t large_pages; /* pages handed out for allocations above SLAB_CLASS_MAX */
};

/* Sets up an empty cache of objects of size bytes aligned to align (a power of two, 0 for
 * 8; at most a page). 0, or -EINVAL if no slab of up to 2^SLAB_MAX_ORDER pages fits one. */
int slab_cache_init(struct slab_cache *c, const char *name, size_t size, size_t align,
	const struct slab_backend *be);
void *slab_alloc(struct slab_cache *c);
void slab_free(struct slab_cache *c, void *p);
/* Gives the empty slabs back to the backend. */
void slab_cache_shrink(struct slab_cache *c);
/* Checks lists, counts, bitmaps and free lists against each other: 0, or negative. */
int slab_cache_check(const struct slab_cache *c);

int slab_heap_init(struct slab_heap *h, const struct slab_backend *be);
/* size bytes aligned to 16, and to the size class for classes up to a page (so a 4 KiB
 * allocation is a page); above SLAB_CLASS_MAX whole pages, page-aligned. NULL if no memory. */
void *slab_heap_alloc(struct slab_heap *h, size_t size);
void slab_heap_free(struct slab_heap *h, void *p); /* NULL is ignored */
/* For callers that lock per class: the class that serves size (NULL: whole pages), and the
 * class p was handed out from (NULL: whole pages, or not the heap's). The second reads p's
 * page tag and slab header without a lock: p must be live, which the caller owns anyway. */
struct slab_cache *slab_heap_class(struct slab_heap *h, size_t size);
struct slab_cache *slab_heap_class_of(struct slab_heap *h, const void *p);
/* The bytes usable at p (its class's size, or its pages), 0 if p is not the heap's. */
size_t slab_heap_usable(struct slab_heap *h, const void *p);

#endif
