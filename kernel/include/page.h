/* kernel/include/page.h: page descriptors (one struct page per physical page frame) and the
 * buddy allocator core that hands out blocks of 2^order frames. The core is portable: it works
 * on any array of descriptors, takes no locks (pmm.c does) and is tested on the host too. */
#ifndef KERNEL_PAGE_H
#define KERNEL_PAGE_H

#include "types.h"

#define PAGE_SIZE  4096ul
#define PAGE_SHIFT 12
#define BUDDY_MAX_ORDER 10 /* blocks of up to 2^10 pages: 4 MiB */
#define BUDDY_NONE 0xffffffffu /* end of a free list */

/* struct page.flags */
#define PAGE_RESERVED 0x01 /* never handed out (firmware, kernel image, the descriptor array) */
#define PAGE_FREE     0x02 /* first page of a free block, on the free list of its order */
#define PAGE_HEAD     0x04 /* first page of an allocated block */
#define PAGE_TAIL     0x08 /* any other page of an allocated block */

struct page {
	union {
		/* free block heads: neighbours on the free list, as page frame numbers */
		struct {
			uint32_t next, prev;
		} link;
		/* allocated pages: one word for the owner (the heap records its slab here) */
		uintptr_t tag;
	} u;
	uint32_t refcount; /* heads of allocated blocks: the number of users */
	uint8_t order;     /* heads: the block is 2^order pages */
	uint8_t flags;     /* PAGE_* */
	uint16_t pad;
};
_Static_assert(sizeof(struct page) == 16, "struct page stays small: one per 4 KiB of RAM");

struct buddy {
	struct page *pages; /* pages[pfn] for pfn < npages */
	uint64_t npages;
	uint32_t free_head[BUDDY_MAX_ORDER + 1];
	uint64_t free_blocks[BUDDY_MAX_ORDER + 1];
	uint64_t free_pages;  /* pages in free blocks */
	uint64_t total_pages; /* pages ever given to the allocator by buddy_add_range */
};

/* Sets up b over pages[0..npages) (npages < 2^32), every page reserved. */
void buddy_init(struct buddy *b, struct page *pages, uint64_t npages);
/* Gives the reserved pages [start, end) to the allocator as free memory. */
void buddy_add_range(struct buddy *b, uint64_t start, uint64_t end);
/* A free block of 2^order pages, aligned to its size, with refcount 1: its first page frame
 * number, or -ENOMEM (none free that large) or -EINVAL (order too big). */
int64_t buddy_alloc(struct buddy *b, unsigned order);
/* Takes one more reference on the allocated block headed by pfn: 0, or -EINVAL. */
int buddy_ref(struct buddy *b, uint64_t pfn);
/* Drops one reference; the block is freed (and merged with its free buddies) when the last
 * goes. Returns the references left, or -EINVAL if pfn heads no allocated block. */
int64_t buddy_unref(struct buddy *b, uint64_t pfn);
/* Frees the block at pfn, which must be allocated with this order and have one reference:
 * 0, or -EINVAL (not allocated: a double free; another order; still shared). */
int buddy_free(struct buddy *b, uint64_t pfn, unsigned order);
/* Turns the allocated block at pfn (one reference) into 2^order blocks of one page, each with
 * one reference, to be freed or shared one by one (DMA memory: contiguous, then mapped by
 * page): 0, or -EINVAL. */
int buddy_split(struct buddy *b, uint64_t pfn);
/* Checks every invariant (lists, counts, alignment, every page in exactly one block, no two
 * free buddies left unmerged): 0, or a negative number saying which check failed. Slow. */
int buddy_check(const struct buddy *b);

#endif
