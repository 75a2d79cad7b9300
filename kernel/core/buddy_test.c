/* kernel/core/buddy_test.c: tests of the buddy allocator core (kernel and host): splitting and
 * merging, errors on bad frees, reference counts, and a randomized stress run that checks every
 * invariant as it goes and that no two live blocks ever overlap. */
#include "ktest.h"
#include "errno.h"
#include "page.h"

#define BT_PAGES 4096
static struct page bt_pages[BT_PAGES];
static struct buddy bt_buddy;

KTEST(buddy_split_and_merge)
{
	struct buddy *b = &bt_buddy;
	int64_t a, c, d;
	buddy_init(b, bt_pages, 64);
	KEXPECT_EQ_U64(b->free_pages, 0);
	buddy_add_range(b, 1, 64); /* page 0 stays reserved, like physical page 0 */
	KEXPECT_EQ_U64(b->total_pages, 63);
	KEXPECT_EQ_U64(b->free_pages, 63);
	/* 1 + 2 + 4 + 8 + 16 + 32: one block of each order up to 5 */
	for (unsigned o = 0; o <= 5; o++)
		KEXPECT_EQ_U64(b->free_blocks[o], 1);
	KEXPECT_EQ_U64(buddy_check(b), 0);
	a = buddy_alloc(b, 5);
	KEXPECT_EQ_U64(a, 32);
	c = buddy_alloc(b, 3); /* the order-3 block at 8 */
	KEXPECT_EQ_U64(c, 8);
	d = buddy_alloc(b, 3); /* none left of order 3: the order-4 block at 16 is split */
	KEXPECT_EQ_U64(d, 16);
	KEXPECT_EQ_U64(b->free_blocks[3], 1);
	KEXPECT_EQ_U64(b->free_pages, 63 - 32 - 16);
	KEXPECT_EQ_U64(buddy_check(b), 0);
	KEXPECT_EQ_U64(buddy_free(b, (uint64_t)d, 3), 0);
	KEXPECT_EQ_U64(b->free_blocks[4], 1); /* merged again */
	KEXPECT_EQ_U64(buddy_free(b, (uint64_t)c, 3), 0);
	KEXPECT_EQ_U64(buddy_free(b, (uint64_t)a, 5), 0);
	KEXPECT_EQ_U64(b->free_pages, 63);
	for (unsigned o = 0; o <= 5; o++)
		KEXPECT_EQ_U64(b->free_blocks[o], 1);
	KEXPECT_EQ_U64(buddy_check(b), 0);
}

KTEST(buddy_rejects_bad_frees)
{
	struct buddy *b = &bt_buddy;
	int64_t a;
	buddy_init(b, bt_pages, 64);
	buddy_add_range(b, 0, 64);
	a = buddy_alloc(b, 2);
	KEXPECT(a >= 0);
	KEXPECT_EQ_U64(buddy_free(b, (uint64_t)a, 1), (uint64_t)-EINVAL); /* wrong order */
	KEXPECT_EQ_U64(buddy_free(b, (uint64_t)a + 1, 0), (uint64_t)-EINVAL); /* inside a block */
	KEXPECT_EQ_U64(buddy_free(b, 1000, 0), (uint64_t)-EINVAL); /* outside the array */
	KEXPECT_EQ_U64(buddy_free(b, (uint64_t)a, 2), 0);
	KEXPECT_EQ_U64(buddy_free(b, (uint64_t)a, 2), (uint64_t)-EINVAL); /* double free */
	KEXPECT_EQ_U64(buddy_alloc(b, BUDDY_MAX_ORDER + 1), (uint64_t)-EINVAL);
	KEXPECT_EQ_U64(buddy_check(b), 0);
	KEXPECT_EQ_U64(b->free_pages, 64);
}

KTEST(buddy_reference_counts)
{
	struct buddy *b = &bt_buddy;
	int64_t a;
	buddy_init(b, bt_pages, 16);
	buddy_add_range(b, 0, 16);
	a = buddy_alloc(b, 0);
	KEXPECT_EQ_U64(bt_pages[a].refcount, 1);
	KEXPECT_EQ_U64(buddy_ref(b, (uint64_t)a), 0);
	KEXPECT_EQ_U64(buddy_free(b, (uint64_t)a, 0), (uint64_t)-EINVAL); /* still shared */
	KEXPECT_EQ_U64(buddy_unref(b, (uint64_t)a), 1);
	KEXPECT_EQ_U64(b->free_pages, 15);
	KEXPECT_EQ_U64(buddy_unref(b, (uint64_t)a), 0); /* the last reference frees it */
	KEXPECT_EQ_U64(b->free_pages, 16);
	KEXPECT_EQ_U64(buddy_unref(b, (uint64_t)a), (uint64_t)-EINVAL);
	KEXPECT_EQ_U64(buddy_ref(b, (uint64_t)a), (uint64_t)-EINVAL);
	KEXPECT_EQ_U64(buddy_check(b), 0);
}

KTEST(buddy_exhaust_and_refill)
{
	struct buddy *b = &bt_buddy;
	uint64_t n = 0;
	int64_t pfn;
	buddy_init(b, bt_pages, 1000); /* not a power of two: the top blocks are small */
	buddy_add_range(b, 3, 1000);
	while ((pfn = buddy_alloc(b, 0)) >= 0)
		n++;
	KEXPECT_EQ_U64(pfn, (uint64_t)-ENOMEM);
	KEXPECT_EQ_U64(n, 997);
	KEXPECT_EQ_U64(b->free_pages, 0);
	KEXPECT_EQ_U64(buddy_check(b), 0);
	for (uint64_t i = 3; i < 1000; i++)
		KEXPECT_EQ_U64(buddy_free(b, i, 0), 0);
	KEXPECT_EQ_U64(b->free_pages, 997);
	KEXPECT_EQ_U64(buddy_check(b), 0); /* merged back into the largest blocks */
	/* 256-511 and 512-767 are the largest whole blocks; 512-1023 does not fit */
	KEXPECT_EQ_U64(b->free_blocks[8], 2);
	KEXPECT_EQ_U64(buddy_alloc(b, 9), (uint64_t)-ENOMEM);
	pfn = buddy_alloc(b, 8);
	KEXPECT(pfn == 256 || pfn == 512);
}

/* The stress test's record of live blocks. */
struct bt_block {
	uint64_t pfn;
	unsigned order;
};
static struct bt_block bt_live[BT_PAGES];
static uint16_t bt_owner[BT_PAGES]; /* 1 + index into bt_live, 0 if not allocated */

/* Longer on the host, where it is cheap and ASan watches; TCG is about 10x slower. */
#ifdef KTEST_HOST
#define BT_STEPS 100000
#else
#define BT_STEPS 20000
#endif

static uint64_t bt_rand_state;
static uint32_t bt_rand(void)
{
	/* xorshift64: fixed seed, so a failure repeats */
	bt_rand_state ^= bt_rand_state << 13;
	bt_rand_state ^= bt_rand_state >> 7;
	bt_rand_state ^= bt_rand_state << 17;
	return (uint32_t)(bt_rand_state >> 32);
}

static bool bt_claim(uint64_t pfn, unsigned order, uint16_t who)
{
	bool ok = true;
	for (uint64_t i = pfn; i < pfn + (1ull << order); i++) {
		if (who && bt_owner[i])
			ok = false;
		bt_owner[i] = who;
	}
	return ok;
}

KTEST(buddy_random_stress)
{
	struct buddy *b = &bt_buddy;
	int live = 0, bad_overlap = 0, bad_check = 0;
	uint64_t allocs = 0;
	bt_rand_state = 0x9e3779b97f4a7c15ull;
	memset(bt_owner, 0, sizeof(bt_owner));
	buddy_init(b, bt_pages, BT_PAGES);
	/* holes, like a real memory map */
	buddy_add_range(b, 1, 159);
	buddy_add_range(b, 256, 3000);
	buddy_add_range(b, 3001, BT_PAGES - 7);
	uint64_t total = b->free_pages;
	for (int step = 0; step < BT_STEPS; step++) {
		bool alloc = live == 0 || (live < (int)ARRAY_SIZE(bt_live) && bt_rand() % 100 < 55);
		if (alloc) {
			/* mostly small blocks, sometimes large ones */
			unsigned order = bt_rand() % 8 ? bt_rand() % 3 : bt_rand() % (BUDDY_MAX_ORDER + 1);
			int64_t pfn = buddy_alloc(b, order);
			if (pfn < 0)
				continue;
			allocs++;
			KEXPECT_EQ_U64((uint64_t)pfn & ((1ull << order) - 1), 0);
			bt_live[live].pfn = (uint64_t)pfn;
			bt_live[live].order = order;
			live++;
			if (!bt_claim((uint64_t)pfn, order, (uint16_t)live))
				bad_overlap++;
		} else {
			int k = (int)(bt_rand() % (uint32_t)live);
			bt_claim(bt_live[k].pfn, bt_live[k].order, 0);
			KEXPECT_EQ_U64(buddy_free(b, bt_live[k].pfn, bt_live[k].order), 0);
			bt_live[k] = bt_live[--live];
			if (k < live)
				bt_claim(bt_live[k].pfn, bt_live[k].order, (uint16_t)(k + 1));
		}
		if (step % 1000 == 0 && buddy_check(b) != 0)
			bad_check++;
	}
	KEXPECT_EQ_U64(bad_overlap, 0);
	KEXPECT_EQ_U64(bad_check, 0);
	KEXPECT(allocs > BT_STEPS / 4);
	while (live > 0) {
		live--;
		KEXPECT_EQ_U64(buddy_free(b, bt_live[live].pfn, bt_live[live].order), 0);
	}
	KEXPECT_EQ_U64(b->free_pages, total);
	KEXPECT_EQ_U64(buddy_check(b), 0);
}
