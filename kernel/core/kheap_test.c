/* kernel/core/kheap_test.c: the kernel heap on real pages (kernel only): alignment, memory
 * that lives in the direct map and is never executable, large sizes straight from pmm and back,
 * caches that reuse their objects, and both CPUs allocating and freeing at the same time. */
#include "ktest.h"
#include "kheap.h"
#include "pmm.h"
#include "vm.h"
#include "../arch/x86_64/percpu.h"

KTEST(kheap_kmalloc_alignment)
{
	static const size_t sizes[] = { 1, 16, 24, 64, 100, 512, 1000, 4096, 5000, 8192 };
	void *p[ARRAY_SIZE(sizes)];
	struct kheap_stats before, after;
	uint64_t pte = 0;
	kheap_stats(&before);
	for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t usable;
		p[i] = kmalloc(sizes[i]);
		KEXPECT(p[i] != NULL);
		usable = kmalloc_usable(p[i]);
		KEXPECT(usable >= sizes[i]);
		KEXPECT_EQ_U64((uintptr_t)p[i] % 16, 0);
		KEXPECT_EQ_U64((uintptr_t)p[i] % MIN(usable, PAGE_SIZE), 0);
		memset(p[i], 0xc3, sizes[i]); /* 0xc3 is `ret`: it must never run */
	}
	KEXPECT_EQ_U64((uintptr_t)p[7] % PAGE_SIZE, 0); /* kmalloc(4096) is a page */
	KEXPECT_EQ_U64(vm_translate(&kernel_vm, (uint64_t)p[0], NULL, &pte), 0);
	KEXPECT((pte & PTE_NX) && (pte & PTE_W));
	for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++)
		kfree(p[i]);
	kfree(NULL);
	kheap_stats(&after);
	KEXPECT_EQ_U64(after.objects, before.objects);
	KEXPECT_EQ_U64(kheap_check(), 0);
}

KTEST(kheap_large_sizes_come_from_pmm)
{
	struct pmm_stats before, during, after;
	uint8_t *p, *z;
	pmm_stats(&before);
	p = kmalloc(1 << 20);
	KEXPECT(p != NULL);
	KEXPECT_EQ_U64((uintptr_t)p % PAGE_SIZE, 0);
	KEXPECT_EQ_U64(kmalloc_usable(p), 1 << 20);
	memset(p, 0x5a, 1 << 20);
	pmm_stats(&during);
	KEXPECT_EQ_U64(before.free_pages - during.free_pages, 256);
	kfree(p);
	pmm_stats(&after);
	KEXPECT_EQ_U64(after.free_pages, before.free_pages);
	KEXPECT(kmalloc((size_t)1 << 40) == NULL); /* a terabyte: refused, not a crash */
	z = kzalloc(3000);
	KEXPECT(z != NULL && z[0] == 0 && z[2999] == 0);
	kfree(z);
}

struct kheap_test_obj {
	uint64_t id;
	uint8_t data[40];
};

KTEST(kheap_cache_reuses_objects)
{
	struct kmem_cache *c = kmem_cache_create("kheap-test", sizeof(struct kheap_test_obj), 0);
	static struct kheap_test_obj *objs[500];
	struct pmm_stats before, after;
	uint64_t bad = 0;
	void *again;
	KEXPECT(c != NULL);
	if (!c)
		return;
	pmm_stats(&before);
	for (int i = 0; i < 500; i++) {
		objs[i] = kmem_cache_alloc(c);
		objs[i]->id = (uint64_t)i;
		memset(objs[i]->data, i, sizeof(objs[i]->data));
	}
	for (int i = 0; i < 500; i++)
		bad += objs[i]->id != (uint64_t)i || objs[i]->data[39] != (uint8_t)i;
	KEXPECT_EQ_U64(bad, 0); /* 500 distinct objects */
	KEXPECT(c->slab.slabs >= 500 / c->slab.count);
	for (int i = 0; i < 500; i++)
		kmem_cache_free(c, objs[i]);
	/* the first slab emptied first and is the one kept (later empty ones went back to pmm);
	 * its last freed object is the first reused */
	again = kmem_cache_alloc(c);
	KEXPECT(again == objs[c->slab.count - 1]);
	kmem_cache_free(c, again);
	KEXPECT_EQ_U64(c->slab.slabs, 1);
	kmem_cache_destroy(c);
	pmm_stats(&after);
	KEXPECT(after.free_pages >= before.free_pages);
}

#define KHEAP_TEST_ROUNDS 2000
struct kheap_test_worker {
	uint64_t seed;
	volatile int done;
	int bad;
};

static void kheap_test_work(void *arg)
{
	struct kheap_test_worker *w = arg;
	uint8_t *live[16] = { 0 };
	size_t sizes[16] = { 0 };
	for (int i = 0; i < KHEAP_TEST_ROUNDS; i++) {
		int k;
		w->seed = w->seed * 6364136223846793005ull + 1442695040888963407ull;
		k = (int)(w->seed >> 60);
		if (live[k]) {
			for (size_t j = 0; j < sizes[k]; j++)
				w->bad += live[k][j] != (uint8_t)k;
			kfree(live[k]);
			live[k] = NULL;
		} else {
			sizes[k] = (size_t)(w->seed >> 40) % (i % 10 == 0 ? 12000 : 300);
			live[k] = kmalloc(sizes[k]);
			if (live[k])
				memset(live[k], k, sizes[k]);
		}
	}
	for (int k = 0; k < 16; k++)
		kfree(live[k]);
	w->done = 1;
}

KTEST(kheap_two_cpus_at_once)
{
	struct kheap_test_worker w0 = { 1, 0, 0 }, w1 = { 2, 0, 0 };
	struct kheap_stats before, after;
	kheap_stats(&before);
	KEXPECT(smp_ncpus >= 2);
	if (smp_ncpus >= 2)
		KEXPECT_EQ_U64(smp_call(1, kheap_test_work, &w1, false), 0);
	else
		w1.done = 1;
	kheap_test_work(&w0);
	for (uint64_t spins = 0; !w1.done && spins < 2000000000ull; spins++)
		__asm__ volatile("pause");
	KEXPECT(w1.done);
	KEXPECT_EQ_U64(w0.bad + w1.bad, 0);
	kheap_stats(&after);
	KEXPECT_EQ_U64(after.objects, before.objects);
	KEXPECT_EQ_U64(after.large_pages, before.large_pages);
	KEXPECT_EQ_U64(kheap_check(), 0);
}
