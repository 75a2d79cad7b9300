/* kernel/include/pmm.h: the physical page allocator: blocks of 2^order 4 KiB page frames from
 * the buddy core (page.h) over the memory map, with a reference count per block. Physical
 * address 0 is never handed out (the first 1 MiB stays reserved), so 0 means "none". Every
 * call may be made on any CPU, with interrupts on or off. */
#ifndef KERNEL_PMM_H
#define KERNEL_PMM_H

#include "types.h"
#include "page.h"
#include "../../boot/bootinfo.h"

#define PMM_ZERO 0x1u /* fill the block with zeros */

/* Memory below this stays out of the allocator: real-mode structures, the SMP trampoline. */
#define PMM_LOW_RESERVED 0x100000ul

struct pmm_stats {
	uint64_t free_pages;  /* in the allocator now */
	uint64_t total_pages; /* ever given to it: available RAM less what boot reserved */
	uint64_t array_pages; /* the struct page array itself */
};

/* Boot: builds the descriptor array and frees every available page below 4 GiB (the only
 * memory the loader's tables map) except the first 1 MiB, the loader (with its page tables
 * and the bootinfo), the kernel, the boot modules and the array. */
void pmm_init(const struct bootinfo *bi);
/* Boot, once the kernel's own direct map covers all RAM: frees the pages above 4 GiB. */
void pmm_init_high(void);

/* 2^order contiguous frames aligned to their size, refcount 1: the physical address, or 0. */
uint64_t pmm_alloc_pages(unsigned order, unsigned flags);
static inline uint64_t pmm_alloc_page(unsigned flags) { return pmm_alloc_pages(0, flags); }
/* Frees a block from pmm_alloc_pages with the same order and a single reference. A double
 * free or any other mismatch is a kernel bug: it panics, naming the address. */
void pmm_free_pages(uint64_t phys, unsigned order);
/* Reference counts of allocated blocks (copy-on-write shares pages): ref adds one, unref
 * drops one and frees the block with the last; both panic on a frame that is not allocated. */
void pmm_page_ref(uint64_t phys);
uint32_t pmm_page_unref(uint64_t phys); /* returns the references left */
uint32_t pmm_page_refcount(uint64_t phys); /* 0 for a frame that is not allocated */

/* Makes the block at phys (from pmm_alloc_pages, one reference) 2^order single-page blocks
 * with one reference each (buddy_split); panics on anything else. */
void pmm_split_block(uint64_t phys);

/* Frames whose last reference went while a TLB may still map them (an unmap, a copy-on-write
 * break): they stay allocated, linked through their descriptors' tags, until the caller has
 * flushed the TLBs and calls pmm_free_deferred. Another CPU can then never write to a frame
 * that was handed to someone else. */
struct pmm_deferred {
	uint64_t head;  /* physical address of the first frame, 0 if none */
	uint64_t count;
};
void pmm_page_unref_deferred(uint64_t phys, struct pmm_deferred *d);
void pmm_free_deferred(struct pmm_deferred *d);

/* The descriptor of the frame holding phys, or NULL if it is outside the array. Read without
 * the lock: only the owner of an allocated block may use its descriptor's tag. */
struct page *pmm_page(uint64_t phys);
uint64_t pmm_page_count(void); /* frames the array covers (from 0) */

/* The memory map as pmm saw it, for the page tables: does [start, end) overlap available RAM;
 * where does the highest available region end. */
bool pmm_range_has_ram(uint64_t start, uint64_t end);
uint64_t pmm_ram_end(void);

void pmm_stats(struct pmm_stats *s);
/* Checks the allocator's invariants under the lock (slow; tests): 0 or negative. */
int pmm_check(void);

#endif
