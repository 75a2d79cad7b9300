/* kernel/core/pmm_test.c: tests of the physical page allocator on the machine's real memory
 * map (kernel only): every free page can be taken, written and given back; nothing boot
 * reserved is ever handed out; blocks are aligned; reference counts free on the last drop. */
#include "ktest.h"
#include "pmm.h"
#include "../arch/x86_64/cpu.h"
#include "../arch/x86_64/percpu.h"

extern const struct bootinfo *kernel_bootinfo;

static bool pmm_test_overlaps(uint64_t a, uint64_t b, uint64_t start, uint64_t end)
{
	return a < end && start < b;
}

/* Does [phys, phys + len) touch something the boot process still uses? */
static bool pmm_test_reserved(uint64_t phys, uint64_t len)
{
	const struct bootinfo *bi = kernel_bootinfo;
	uint64_t end = phys + len;
	if (phys < PMM_LOW_RESERVED || pmm_test_overlaps(phys, end, bi->loader_start, bi->loader_end) ||
			pmm_test_overlaps(phys, end, bi->kernel_start, bi->kernel_end))
		return true;
	for (unsigned i = 0; i < bi->module_count; i++)
		if (pmm_test_overlaps(phys, end, bi->modules[i].start, bi->modules[i].end))
			return true;
	return false;
}

/* Takes every free page, largest blocks first (page by page takes seconds under TCG), chains
 * the blocks through their descriptors' owner tags (the first write to each fresh 4 MiB of
 * guest RAM costs QEMU milliseconds), then frees them all. */
KTEST(pmm_take_everything_and_give_it_back)
{
	struct pmm_stats before, empty, after;
	uint64_t head = 0, pages = 0, blocks = 0, bad = 0, phys;
	pmm_stats(&before);
	KEXPECT(before.free_pages > 200000); /* QEMU gives the tests 1 GiB */
	for (int o = BUDDY_MAX_ORDER; o >= 0; o--) {
		while ((phys = pmm_alloc_pages((unsigned)o, 0)) != 0) {
			if (pmm_test_reserved(phys, PAGE_SIZE << o) || (phys & ((PAGE_SIZE << o) - 1)))
				bad++;
			pmm_page(phys)->u.tag = head | (uint64_t)o; /* order in the low bits */
			head = phys;
			pages += 1ull << o;
			blocks++;
		}
	}
	pmm_stats(&empty);
	KEXPECT_EQ_U64(empty.free_pages, 0);
	KEXPECT_EQ_U64(pages, before.free_pages);
	KEXPECT_EQ_U64(bad, 0);
	KEXPECT_EQ_U64(pmm_alloc_pages(0, 0), 0);
	KEXPECT_EQ_U64(pmm_check(), 0);
	while (head) {
		uint64_t tag;
		phys = head;
		tag = pmm_page(phys)->u.tag;
		head = tag & ~(PAGE_SIZE - 1);
		pmm_free_pages(phys, (unsigned)(tag & (PAGE_SIZE - 1)));
		blocks--;
	}
	KEXPECT_EQ_U64(blocks, 0); /* every block came back exactly once */
	pmm_stats(&after);
	KEXPECT_EQ_U64(after.free_pages, before.free_pages);
	KEXPECT_EQ_U64(after.total_pages, before.total_pages);
	KEXPECT_EQ_U64(pmm_check(), 0);
}

/* Single pages, many of them: each one distinct, writable, and all of them come back. */
KTEST(pmm_many_single_pages)
{
	struct pmm_stats before, after;
	uint64_t head = 0, n = 0, phys;
	pmm_stats(&before);
	for (int i = 0; i < 5000 && (phys = pmm_alloc_page(0)) != 0; i++, n++) {
		((uint64_t *)phys_to_virt(phys))[0] = head;
		((uint64_t *)phys_to_virt(phys))[1] = phys ^ 0x5a5a5a5a5a5a5a5aull;
		head = phys;
	}
	KEXPECT_EQ_U64(n, 5000);
	while (head) {
		phys = head;
		KEXPECT_EQ_U64(((uint64_t *)phys_to_virt(phys))[1], phys ^ 0x5a5a5a5a5a5a5a5aull);
		head = ((uint64_t *)phys_to_virt(phys))[0];
		pmm_free_pages(phys, 0);
		n--;
	}
	KEXPECT_EQ_U64(n, 0);
	pmm_stats(&after);
	KEXPECT_EQ_U64(after.free_pages, before.free_pages);
}

KTEST(pmm_blocks_aligned_and_zeroed)
{
	uint64_t p[BUDDY_MAX_ORDER + 1];
	for (unsigned o = 0; o <= BUDDY_MAX_ORDER; o++) {
		/* zeroing is checked on the smaller blocks: touching megabytes is slow under TCG */
		p[o] = pmm_alloc_pages(o, o <= 4 ? PMM_ZERO : 0);
		KEXPECT(p[o] != 0);
		KEXPECT_EQ_U64(p[o] & ((PAGE_SIZE << o) - 1), 0);
		KEXPECT_EQ_U64(pmm_page(p[o])->order, o);
		if (o > 4)
			continue;
		const uint64_t *w = phys_to_virt(p[o]);
		uint64_t nonzero = 0;
		for (uint64_t i = 0; i < (PAGE_SIZE << o) / 8; i++)
			nonzero |= w[i];
		KEXPECT_EQ_U64(nonzero, 0);
		/* dirty it, so that a later zeroed allocation of this memory proves something */
		memset(phys_to_virt(p[o]), 0xa5, PAGE_SIZE << o);
	}
	for (unsigned o = 0; o <= BUDDY_MAX_ORDER; o++)
		pmm_free_pages(p[o], o);
	/* freed memory is dirty (above): PMM_ZERO still hands it out zeroed */
	p[0] = pmm_alloc_page(PMM_ZERO);
	KEXPECT_EQ_U64(*(uint64_t *)phys_to_virt(p[0]), 0);
	pmm_free_pages(p[0], 0);
	KEXPECT_EQ_U64(pmm_alloc_pages(BUDDY_MAX_ORDER + 1, 0), 0);
	KEXPECT_EQ_U64(pmm_check(), 0);
}

KTEST(pmm_reference_counts)
{
	struct pmm_stats before, after;
	uint64_t p;
	pmm_stats(&before);
	p = pmm_alloc_page(0);
	KEXPECT_EQ_U64(pmm_page_refcount(p), 1);
	pmm_page_ref(p);
	pmm_page_ref(p);
	KEXPECT_EQ_U64(pmm_page_refcount(p), 3);
	KEXPECT_EQ_U64(pmm_page_unref(p), 2);
	KEXPECT_EQ_U64(pmm_page_unref(p), 1);
	pmm_stats(&after);
	KEXPECT_EQ_U64(after.free_pages, before.free_pages - 1);
	KEXPECT_EQ_U64(pmm_page_unref(p), 0); /* the last reference frees the page */
	KEXPECT_EQ_U64(pmm_page_refcount(p), 0);
	pmm_stats(&after);
	KEXPECT_EQ_U64(after.free_pages, before.free_pages);
	KEXPECT(pmm_page(p) != NULL && pmm_page(p)->flags == PAGE_FREE);
	KEXPECT(pmm_page(pmm_page_count() << PAGE_SHIFT) == NULL);
}

KTEST(pmm_boot_memory_is_reserved)
{
	const struct bootinfo *bi = kernel_bootinfo;
	KEXPECT_EQ_U64(pmm_page(0)->flags, PAGE_RESERVED);
	KEXPECT_EQ_U64(pmm_page(0x8000)->flags, PAGE_RESERVED); /* where the SMP trampoline goes */
	KEXPECT_EQ_U64(pmm_page(bi->kernel_start)->flags, PAGE_RESERVED);
	KEXPECT_EQ_U64(pmm_page(bi->kernel_end - 1)->flags, PAGE_RESERVED);
	KEXPECT_EQ_U64(pmm_page(bi->loader_start)->flags, PAGE_RESERVED);
	KEXPECT_EQ_U64(pmm_page(bi->modules[0].start)->flags, PAGE_RESERVED);
	KEXPECT_EQ_U64(pmm_page_refcount(bi->kernel_start), 0);
}

/* Both CPUs take and give back pages at once; each stamps its pages and checks its stamps, so
 * a page handed to both would show. */
struct pmm_test_worker {
	uint64_t stamp;
	volatile int done;
	int bad;
};

static void pmm_test_work(void *arg)
{
	struct pmm_test_worker *w = arg;
	uint64_t held[32] = { 0 };
	for (int round = 0; round < 300; round++) {
		for (int i = 0; i < 32; i++) {
			if (!(held[i] = pmm_alloc_pages((unsigned)(i % 3), 0)))
				continue;
			*(volatile uint64_t *)phys_to_virt(held[i]) = w->stamp ^ held[i];
		}
		for (int i = 0; i < 32; i++) {
			if (!held[i])
				continue;
			if (*(volatile uint64_t *)phys_to_virt(held[i]) != (w->stamp ^ held[i]))
				w->bad++;
			pmm_free_pages(held[i], (unsigned)(i % 3));
		}
	}
	w->done = 1;
}

KTEST(pmm_two_cpus_at_once)
{
	struct pmm_test_worker w0 = { 0x1111111111111111ull, 0, 0 }, w1 = { 0x2222222222222222ull, 0, 0 };
	struct pmm_stats before, after;
	pmm_stats(&before);
	if (smp_ncpus < 2 || smp_call(1, pmm_test_work, &w1, false) != 0)
		w1.done = 1;
	pmm_test_work(&w0);
	for (uint64_t spins = 0; !w1.done && spins < 2000000000ull; spins++)
		__asm__ volatile("pause");
	KEXPECT(smp_ncpus >= 2);
	KEXPECT(w1.done);
	KEXPECT_EQ_U64(w0.bad + w1.bad, 0);
	pmm_stats(&after);
	KEXPECT_EQ_U64(after.free_pages, before.free_pages);
	KEXPECT_EQ_U64(pmm_check(), 0);
}

KTEST(pmm_deferred_frees_wait_for_the_flush)
{
	struct pmm_stats before, mid, after;
	struct pmm_deferred d = { 0, 0 };
	uint64_t a, b;
	pmm_stats(&before);
	a = pmm_alloc_page(0);
	b = pmm_alloc_page(0);
	pmm_page_ref(a);
	pmm_page_unref_deferred(a, &d); /* still shared: just one reference fewer */
	KEXPECT_EQ_U64(d.count, 0);
	KEXPECT_EQ_U64(pmm_page_refcount(a), 1);
	pmm_page_unref_deferred(a, &d);
	pmm_page_unref_deferred(b, &d);
	KEXPECT_EQ_U64(d.count, 2);
	pmm_stats(&mid);
	KEXPECT_EQ_U64(mid.free_pages, before.free_pages - 2); /* not free yet */
	KEXPECT_EQ_U64(pmm_page(a)->flags, PAGE_HEAD);
	pmm_free_deferred(&d);
	KEXPECT_EQ_U64(d.head, 0);
	pmm_stats(&after);
	KEXPECT_EQ_U64(after.free_pages, before.free_pages);
	KEXPECT_EQ_U64(pmm_page_refcount(a), 0);
}
