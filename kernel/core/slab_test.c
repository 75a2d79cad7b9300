/* kernel/core/slab_test.c: tests of the slab core and the general heap (kernel and host), over
 * a private arena of pages run by the buddy core: reuse, slab counts, alignment, every kind of
 * misuse reported, and a randomized stress run that checks contents and invariants. */
#include "ktest.h"
#include "page.h"
#include "slab.h"

#define ST_PAGES 96 /* 384 KiB (the kernel carries it in its bss): the sizes test needs 79 */
static uint8_t st_arena[ST_PAGES * PAGE_SIZE] __attribute__((aligned(4096)));
static struct page st_pages[ST_PAGES];
static struct buddy st_buddy;
static int st_fails;
static char st_msg[200];

static void *st_alloc_pages(void *ctx, unsigned order)
{
	int64_t pfn = buddy_alloc(&st_buddy, order);
	(void)ctx;
	return pfn < 0 ? NULL : st_arena + (uint64_t)pfn * PAGE_SIZE;
}

static void st_free_pages(void *ctx, void *p, unsigned order)
{
	(void)ctx;
	if (buddy_free(&st_buddy, (uint64_t)((uint8_t *)p - st_arena) / PAGE_SIZE, order) != 0)
		st_fails += 1000; /* the heap itself freed wrongly: fails every test */
}

static uintptr_t *st_page_tag(void *ctx, const void *p)
{
	const uint8_t *b = p;
	struct page *pg;
	(void)ctx;
	if (b < st_arena || b >= st_arena + sizeof(st_arena))
		return NULL;
	pg = &st_pages[(uint64_t)(b - st_arena) / PAGE_SIZE];
	return pg->flags & (PAGE_HEAD | PAGE_TAIL) ? &pg->u.tag : NULL;
}

static void st_fail(void *ctx, const char *msg)
{
	(void)ctx;
	st_fails++;
	ksnprintf(st_msg, sizeof(st_msg), "%s", msg);
}

static const struct slab_backend st_be = { st_alloc_pages, st_free_pages, st_page_tag, st_fail, NULL };

#if defined(__SANITIZE_ADDRESS__)
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#endif

static void st_reset(void)
{
#if defined(__SANITIZE_ADDRESS__)
	/* a test may end with objects still poisoned for ASan: the next starts afresh */
	__asan_unpoison_memory_region(st_arena, sizeof(st_arena));
#endif
	buddy_init(&st_buddy, st_pages, ST_PAGES);
	buddy_add_range(&st_buddy, 0, ST_PAGES);
	st_fails = 0;
	st_msg[0] = 0;
}

KTEST(slab_cache_reuses_objects_and_slabs)
{
	struct slab_cache c;
	void *objs[200], *a, *b;
	st_reset();
	KEXPECT_EQ_U64(slab_cache_init(&c, "test-40", 40, 8, &st_be), 0);
	KEXPECT_EQ_U64(c.size, 40);
	KEXPECT_EQ_U64(c.order, 0);
	KEXPECT(c.count >= 90 && c.count <= 102);
	a = slab_alloc(&c);
	slab_free(&c, a);
	b = slab_alloc(&c);
	KEXPECT(a == b); /* the object just freed is handed out again */
	slab_free(&c, b);
	for (uint32_t i = 0; i < c.count; i++)
		objs[i] = slab_alloc(&c);
	KEXPECT_EQ_U64(c.slabs, 1);
	objs[c.count] = slab_alloc(&c); /* one more: a second slab */
	KEXPECT_EQ_U64(c.slabs, 2);
	KEXPECT_EQ_U64(slab_cache_check(&c), 0);
	for (uint32_t i = 0; i <= c.count; i++) {
		KEXPECT_EQ_U64((uintptr_t)objs[i] % 8, 0);
		memset(objs[i], (int)i, 40);
	}
	for (uint32_t i = 0; i <= c.count; i++)
		slab_free(&c, objs[i]);
	KEXPECT_EQ_U64(c.objects, 0);
	KEXPECT_EQ_U64(c.slabs, 1); /* one empty slab is kept */
	KEXPECT_EQ_U64(slab_cache_check(&c), 0);
	slab_cache_shrink(&c);
	KEXPECT_EQ_U64(c.slabs, 0);
	KEXPECT_EQ_U64(st_buddy.free_pages, ST_PAGES);
	KEXPECT_EQ_U64(st_fails, 0);
	KEXPECT_EQ_U64(slab_cache_init(&c, "bad", 24, 3, &st_be), (uint64_t)-22);
	KEXPECT_EQ_U64(slab_cache_init(&c, "bad", 0, 8, &st_be), (uint64_t)-22);
}

KTEST(slab_reports_misuse)
{
	struct slab_cache c, d;
	struct slab_heap h;
	char *a, *b, *k;
	st_reset();
	slab_cache_init(&c, "test-64", 64, 0, &st_be);
	slab_cache_init(&d, "test-other", 64, 0, &st_be);
	slab_heap_init(&h, &st_be);
	a = slab_alloc(&c);
	b = slab_alloc(&c);
	slab_free(&c, a);
	slab_free(&c, a);
	KEXPECT_EQ_U64(st_fails, 1);
	KEXPECT(strstr(st_msg, "double free") && strstr(st_msg, "test-64"));
	slab_free(&c, b + 8);
	KEXPECT_EQ_U64(st_fails, 2);
	KEXPECT(strstr(st_msg, "not the start of an object") != NULL);
	slab_free(&d, b);
	KEXPECT_EQ_U64(st_fails, 3);
	KEXPECT(strstr(st_msg, "belongs to test-64") != NULL);
	slab_free(&c, &c); /* not in the arena at all */
	KEXPECT_EQ_U64(st_fails, 4);
	KEXPECT(strstr(st_msg, "not an object") != NULL);
	slab_heap_free(&h, b); /* a cache's object given to kfree */
	KEXPECT_EQ_U64(st_fails, 5);
	KEXPECT(strstr(st_msg, "not from kmalloc") != NULL);
	k = slab_heap_alloc(&h, 20000);
	slab_heap_free(&h, k);
	slab_heap_free(&h, k); /* a large block freed twice: its pages are free */
	KEXPECT_EQ_U64(st_fails, 6);
	KEXPECT(strstr(st_msg, "kfree") && strstr(st_msg, "freed already"));
	/* a write to a freed object is found when the object is handed out again (under ASan
	 * the write itself is stopped: freed objects are poisoned for it) */
	slab_free(&c, b);
#if !defined(__SANITIZE_ADDRESS__)
	b[20] = 1;
	KEXPECT(slab_alloc(&c) == NULL); /* reported, and nothing handed out */
	KEXPECT_EQ_U64(st_fails, 7);
	KEXPECT(strstr(st_msg, "written after it was freed") != NULL);
#endif
	KEXPECT_EQ_U64(slab_heap_usable(&h, b), 0); /* not kmalloc's */
}

KTEST(slab_heap_sizes_and_alignment)
{
	static const size_t sizes[] = { 0, 1, 8, 15, 16, 17, 33, 100, 256, 257, 1000, 2048, 3000,
		4096, 4097, 8192, 8193, 20000, 65536 };
	void *p[ARRAY_SIZE(sizes)];
	struct slab_heap h;
	st_reset();
	KEXPECT_EQ_U64(slab_heap_init(&h, &st_be), 0);
	for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t n = sizes[i], usable;
		p[i] = slab_heap_alloc(&h, n);
		if (!KEXPECT(p[i] != NULL))
			return;
		usable = slab_heap_usable(&h, p[i]);
		KEXPECT(usable >= n && usable >= 16);
		KEXPECT_EQ_U64((uintptr_t)p[i] % 16, 0);
		/* classes up to a page are aligned to their size; larger ones are pages */
		KEXPECT_EQ_U64((uintptr_t)p[i] % MIN(usable, PAGE_SIZE), 0);
		memset(p[i], 0x40 + (int)i, usable);
		/* the class a pointer came from is the class its size asks for (none: pages) */
		KEXPECT(slab_heap_class_of(&h, p[i]) == slab_heap_class(&h, n));
	}
	KEXPECT(slab_heap_class_of(&h, &h) == NULL);
	KEXPECT(slab_heap_class_of(&h, NULL) == NULL);
	for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++) {
		const uint8_t *b = p[i];
		size_t usable = slab_heap_usable(&h, p[i]), bad = 0;
		for (size_t k = 0; k < usable; k++)
			bad += b[k] != 0x40 + i;
		KEXPECT_EQ_U64(bad, 0); /* no two allocations overlap */
		slab_heap_free(&h, p[i]);
	}
	KEXPECT_EQ_U64(h.large_pages, 0);
	for (int i = 0; i < SLAB_CLASSES; i++) {
		KEXPECT_EQ_U64(slab_cache_check(&h.classes[i]), 0);
		slab_cache_shrink(&h.classes[i]);
	}
	KEXPECT_EQ_U64(st_buddy.free_pages, ST_PAGES);
	KEXPECT_EQ_U64(st_fails, 0);
}

struct st_live {
	uint8_t *p;
	size_t size;
	uint8_t fill;
};
static struct st_live st_live[300];

/* Longer on the host, where it is cheap and ASan watches; TCG is about 10x slower. */
#ifdef KTEST_HOST
#define ST_STEPS 60000
#else
#define ST_STEPS 6000
#endif

static uint64_t st_rand_state;
static uint32_t st_rand(void)
{
	st_rand_state ^= st_rand_state << 13;
	st_rand_state ^= st_rand_state >> 7;
	st_rand_state ^= st_rand_state << 17;
	return (uint32_t)(st_rand_state >> 32);
}

static bool st_intact(const struct st_live *l)
{
	for (size_t k = 0; k < l->size; k++)
		if (l->p[k] != l->fill)
			return false;
	return true;
}

KTEST(slab_heap_random_stress)
{
	struct slab_heap h;
	int live = 0, bad = 0, checks = 0;
	uint64_t done = 0;
	st_reset();
	st_rand_state = 0x243f6a8885a308d3ull;
	slab_heap_init(&h, &st_be);
	for (int step = 0; step < ST_STEPS; step++) {
		if (live == 0 || (live < (int)ARRAY_SIZE(st_live) && st_rand() % 100 < 52)) {
			uint32_t r = st_rand() % 100;
			size_t size = r < 70 ? st_rand() % 200 : r < 97 ? st_rand() % 3000 : st_rand() % 20000;
			uint8_t *p = slab_heap_alloc(&h, size);
			if (!p)
				continue; /* the arena is full: fine, as long as nothing breaks */
			st_live[live].p = p;
			st_live[live].size = size;
			st_live[live].fill = (uint8_t)st_rand();
			memset(p, st_live[live].fill, size);
			live++;
			done++;
		} else {
			int k = (int)(st_rand() % (uint32_t)live);
			if (!st_intact(&st_live[k]))
				bad++;
			slab_heap_free(&h, st_live[k].p);
			st_live[k] = st_live[--live];
		}
		if (step % 1000 == 0)
			for (int i = 0; i < SLAB_CLASSES; i++)
				checks += slab_cache_check(&h.classes[i]) != 0;
	}
	while (live > 0) {
		live--;
		if (!st_intact(&st_live[live]))
			bad++;
		slab_heap_free(&h, st_live[live].p);
	}
	KEXPECT(done > ST_STEPS / 3);
	KEXPECT_EQ_U64(bad, 0);
	KEXPECT_EQ_U64(checks, 0);
	KEXPECT_EQ_U64(st_fails, 0);
	for (int i = 0; i < SLAB_CLASSES; i++) {
		KEXPECT_EQ_U64(h.classes[i].objects, 0);
		slab_cache_shrink(&h.classes[i]);
	}
	KEXPECT_EQ_U64(h.large_pages, 0);
	KEXPECT_EQ_U64(st_buddy.free_pages, ST_PAGES);
	KEXPECT_EQ_U64(buddy_check(&st_buddy), 0);
}
