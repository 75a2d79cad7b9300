/* kernel/core/vm_test.c: user address spaces (kernel only): pages made on first touch, fork
 * sharing them copy-on-write, munmap and mprotect by range, and every frame back in pmm when
 * the spaces are gone. Faults are handed to vm_fault as the page-fault handler will. */
#include "ktest.h"
#include "errno.h"
#include "pmm.h"
#include "vm.h"
#include "../arch/x86_64/cpu.h"
#include "../arch/x86_64/percpu.h"

#define VT_BASE 0x400000ul

static uint64_t vt_frame(struct vm_space *s, uint64_t va, uint64_t *pte)
{
	uint64_t pa = 0;
	if (vm_translate(s, va, &pa, pte))
		return 0;
	return pa & ~(PAGE_SIZE - 1);
}

/* Stats are compared after a first round, so the heap's slab for regions already exists. */
static void vt_warm_up(void)
{
	struct vm_space s;
	vm_space_create(&s);
	vm_region_map(&s, VT_BASE, PAGE_SIZE, VM_READ);
	vm_fault(&s, VT_BASE, 0);
	vm_space_destroy(&s);
}

KTEST(vm_demand_zero_pages)
{
	struct pmm_stats before, after;
	struct vm_space s;
	uint64_t f, pte = 0;
	vt_warm_up();
	pmm_stats(&before);
	KEXPECT_EQ_U64(vm_space_create(&s), 0);
	KEXPECT_EQ_U64(vm_region_map(&s, VT_BASE, 4 * PAGE_SIZE, VM_READ | VM_WRITE), 0);
	KEXPECT_EQ_U64(vm_region_map(&s, VT_BASE + 3 * PAGE_SIZE, PAGE_SIZE, VM_READ), (uint64_t)-EBUSY);
	KEXPECT_EQ_U64(vm_region_map(&s, VT_BASE + 1, PAGE_SIZE, VM_READ), (uint64_t)-EINVAL);
	KEXPECT_EQ_U64(vm_region_map(&s, VM_USER_END - PAGE_SIZE, 2 * PAGE_SIZE, VM_READ), (uint64_t)-EINVAL);
	KEXPECT_EQ_U64(vm_fault(&s, VT_BASE - 8, 0), (uint64_t)-EFAULT);          /* no region */
	KEXPECT_EQ_U64(vm_fault(&s, VT_BASE + 4 * PAGE_SIZE, 0), (uint64_t)-EFAULT);
	KEXPECT_EQ_U64(vm_fault(&s, VT_BASE + 0x1234, VM_EXEC), (uint64_t)-EFAULT); /* not exec */
	KEXPECT_EQ_U64(vt_frame(&s, VT_BASE + 0x1000, NULL), 0); /* nothing until touched */
	/* a read first: the shared zero page, read-only */
	KEXPECT_EQ_U64(vm_fault(&s, VT_BASE + 0x1234, 0), 0);
	KEXPECT_EQ_U64(vt_frame(&s, VT_BASE + 0x1000, &pte), vm_zero_frame());
	KEXPECT(!(pte & PTE_W) && (pte & PTE_COW) && (pte & PTE_U));
	/* a write: a page of its own, zeroed */
	KEXPECT_EQ_U64(vm_fault(&s, VT_BASE + 0x1234, VM_WRITE), 0);
	f = vt_frame(&s, VT_BASE + 0x1000, &pte);
	KEXPECT(f != 0 && f != vm_zero_frame());
	KEXPECT((pte & PTE_U) && (pte & PTE_W) && (pte & PTE_NX) && (pte & PTE_OWNED) && !(pte & PTE_COW));
	KEXPECT_EQ_U64(pmm_page_refcount(f), 1);
	KEXPECT_EQ_U64(((uint64_t *)phys_to_virt(f))[7], 0);
	KEXPECT_EQ_U64(vm_fault(&s, VT_BASE + 0x1234, VM_WRITE), 0); /* there already */
	KEXPECT_EQ_U64(vt_frame(&s, VT_BASE + 0x1000, NULL), f);
	/* a write first: straight to a page of its own */
	KEXPECT_EQ_U64(vm_fault(&s, VT_BASE + 0x2000, VM_WRITE), 0);
	KEXPECT(vt_frame(&s, VT_BASE + 0x2000, NULL) != vm_zero_frame());
	KEXPECT_EQ_U64(*(uint64_t *)phys_to_virt(vm_zero_frame()), 0);
	KEXPECT_EQ_U64(vt_frame(&kernel_vm, VT_BASE + 0x1000, NULL), 0); /* only in s */
	vm_space_destroy(&s);
	pmm_stats(&after);
	KEXPECT_EQ_U64(after.free_pages, before.free_pages);
}

KTEST(vm_fork_copy_on_write)
{
	struct pmm_stats before, after;
	struct vm_space p, c;
	uint64_t f0, f1, cf0, pte = 0;
	vt_warm_up();
	pmm_stats(&before);
	vm_space_create(&p);
	vm_region_map(&p, VT_BASE, 2 * PAGE_SIZE, VM_READ | VM_WRITE);
	vm_fault(&p, VT_BASE, VM_WRITE);
	vm_fault(&p, VT_BASE + PAGE_SIZE, VM_WRITE);
	f0 = vt_frame(&p, VT_BASE, NULL);
	f1 = vt_frame(&p, VT_BASE + PAGE_SIZE, NULL);
	*(uint64_t *)phys_to_virt(f0) = 0xaaaa;
	KEXPECT_EQ_U64(vm_space_fork(&c, &p), 0);
	/* both see the same frames, read-only and marked, two references each */
	KEXPECT_EQ_U64(vt_frame(&c, VT_BASE, &pte), f0);
	KEXPECT((pte & PTE_COW) && !(pte & PTE_W) && (pte & PTE_U));
	KEXPECT_EQ_U64(vt_frame(&p, VT_BASE, &pte), f0);
	KEXPECT((pte & PTE_COW) && !(pte & PTE_W));
	KEXPECT_EQ_U64(pmm_page_refcount(f0), 2);
	KEXPECT_EQ_U64(pmm_page_refcount(f1), 2);
	KEXPECT(c.regions && c.regions->start == VT_BASE && c.regions->end == VT_BASE + 2 * PAGE_SIZE);
	/* the child writes: it gets a copy, the parent keeps the original */
	KEXPECT_EQ_U64(vm_fault(&c, VT_BASE + 8, VM_WRITE), 0);
	cf0 = vt_frame(&c, VT_BASE, &pte);
	KEXPECT(cf0 != 0 && cf0 != f0);
	KEXPECT((pte & PTE_W) && !(pte & PTE_COW));
	KEXPECT_EQ_U64(*(uint64_t *)phys_to_virt(cf0), 0xaaaa);
	KEXPECT_EQ_U64(pmm_page_refcount(f0), 1);
	/* the parent writes: the last sharer keeps its frame, no copy */
	KEXPECT_EQ_U64(vm_fault(&p, VT_BASE, VM_WRITE), 0);
	KEXPECT_EQ_U64(vt_frame(&p, VT_BASE, &pte), f0);
	KEXPECT((pte & PTE_W) && !(pte & PTE_COW));
	/* a read fault on a shared page changes nothing */
	KEXPECT_EQ_U64(vm_fault(&c, VT_BASE + PAGE_SIZE, 0), 0);
	KEXPECT_EQ_U64(vt_frame(&c, VT_BASE + PAGE_SIZE, NULL), f1);
	vm_space_destroy(&c);
	KEXPECT_EQ_U64(pmm_page_refcount(f1), 1);
	vm_space_destroy(&p);
	pmm_stats(&after);
	KEXPECT_EQ_U64(after.free_pages, before.free_pages);
}

KTEST(vm_unmap_and_protect_ranges)
{
	struct pmm_stats before, mid, after;
	struct vm_space s;
	uint64_t pte = 0, f;
	int n = 0;
	vt_warm_up();
	pmm_stats(&before);
	vm_space_create(&s);
	vm_region_map(&s, VT_BASE, 8 * PAGE_SIZE, VM_READ | VM_WRITE);
	for (int i = 0; i < 8; i++)
		vm_fault(&s, VT_BASE + (uint64_t)i * PAGE_SIZE, VM_WRITE);
	pmm_stats(&mid);
	/* a hole in the middle: the region splits, two frames go back */
	KEXPECT_EQ_U64(vm_region_unmap(&s, VT_BASE + 3 * PAGE_SIZE, 2 * PAGE_SIZE), 0);
	pmm_stats(&after);
	KEXPECT_EQ_U64(after.free_pages, mid.free_pages + 2);
	for (struct vm_region *r = s.regions; r; r = r->next)
		n++;
	KEXPECT_EQ_U64(n, 2);
	KEXPECT_EQ_U64(s.nregions, 2);
	KEXPECT_EQ_U64(vt_frame(&s, VT_BASE + 3 * PAGE_SIZE, NULL), 0);
	KEXPECT_EQ_U64(vm_fault(&s, VT_BASE + 4 * PAGE_SIZE, 0), (uint64_t)-EFAULT);
	KEXPECT_EQ_U64(vm_region_protect(&s, VT_BASE, 8 * PAGE_SIZE, VM_READ), (uint64_t)-ENOMEM);
	/* read and execute, as tcc -run will want: W goes, NX goes */
	KEXPECT_EQ_U64(vm_region_protect(&s, VT_BASE, 3 * PAGE_SIZE, VM_READ | VM_EXEC), 0);
	vt_frame(&s, VT_BASE + PAGE_SIZE, &pte);
	KEXPECT(!(pte & PTE_W) && !(pte & PTE_NX) && (pte & PTE_P));
	KEXPECT_EQ_U64(vm_fault(&s, VT_BASE, VM_WRITE), (uint64_t)-EFAULT);
	KEXPECT_EQ_U64(vm_fault(&s, VT_BASE, VM_EXEC), 0);
	/* no access at all, then back: the page and its contents survive */
	f = vt_frame(&s, VT_BASE + 5 * PAGE_SIZE, NULL);
	*(uint64_t *)phys_to_virt(f) = 0x5555;
	KEXPECT_EQ_U64(vm_region_protect(&s, VT_BASE + 5 * PAGE_SIZE, PAGE_SIZE, 0), 0);
	KEXPECT_EQ_U64(vt_frame(&s, VT_BASE + 5 * PAGE_SIZE, NULL), 0);
	KEXPECT_EQ_U64(vm_fault(&s, VT_BASE + 5 * PAGE_SIZE, 0), (uint64_t)-EFAULT);
	KEXPECT_EQ_U64(vm_region_protect(&s, VT_BASE + 5 * PAGE_SIZE, PAGE_SIZE, VM_READ | VM_WRITE), 0);
	KEXPECT_EQ_U64(vt_frame(&s, VT_BASE + 5 * PAGE_SIZE, NULL), f);
	KEXPECT_EQ_U64(*(uint64_t *)phys_to_virt(f), 0x5555);
	KEXPECT_EQ_U64(vm_region_unmap(&s, VT_BASE, 1), (uint64_t)-EINVAL);
	vm_space_destroy(&s);
	pmm_stats(&after);
	KEXPECT_EQ_U64(after.free_pages, before.free_pages);
}

KTEST(vm_commit_charge_limits)
{
	struct vm_commit_stats c0, c;
	struct vm_space s, child;
	uint64_t room;
	vm_commit_stats(&c0);
	KEXPECT(c0.limit > 100000 && c0.committed < c0.limit);
	room = c0.limit - c0.committed;
	vm_space_create(&s);
	/* a promise that cannot be kept fails now, not at a fault later */
	KEXPECT_EQ_U64(vm_region_map(&s, VT_BASE, (room + 1) * PAGE_SIZE, VM_READ | VM_WRITE),
		(uint64_t)-ENOMEM);
	KEXPECT_EQ_U64(vm_region_map(&s, VT_BASE, 100 * PAGE_SIZE, VM_READ | VM_WRITE), 0);
	vm_commit_stats(&c);
	KEXPECT_EQ_U64(c.committed, c0.committed + 100);
	KEXPECT_EQ_U64(vm_region_unmap(&s, VT_BASE + 10 * PAGE_SIZE, 10 * PAGE_SIZE), 0);
	vm_commit_stats(&c);
	KEXPECT_EQ_U64(c.committed, c0.committed + 90);
	KEXPECT_EQ_U64(s.committed, 90);
	KEXPECT_EQ_U64(vm_space_fork(&child, &s), 0); /* the child is charged for its copy */
	vm_commit_stats(&c);
	KEXPECT_EQ_U64(c.committed, c0.committed + 180);
	vm_space_destroy(&child);
	/* a fork that would pass the limit fails, and leaves nothing behind */
	KEXPECT_EQ_U64(vm_region_map(&s, 1ul << 32, (room * 2 / 3) * PAGE_SIZE, VM_READ), 0);
	KEXPECT_EQ_U64(vm_space_fork(&child, &s), (uint64_t)-ENOMEM);
	vm_commit_stats(&c);
	KEXPECT_EQ_U64(c.committed, c0.committed + 90 + room * 2 / 3);
	vm_space_destroy(&s);
	vm_commit_stats(&c);
	KEXPECT_EQ_U64(c.committed, c0.committed);
}

KTEST(vm_region_gaps)
{
	struct vm_space s;
	vm_space_create(&s);
	KEXPECT_EQ_U64(vm_region_find_gap(&s, 2 * PAGE_SIZE, VT_BASE, VT_BASE + 0x100000), VT_BASE);
	vm_region_map(&s, VT_BASE, 2 * PAGE_SIZE, VM_READ);
	vm_region_map(&s, VT_BASE + 3 * PAGE_SIZE, PAGE_SIZE, VM_READ);
	/* the one-page hole at +2 is too small for two pages: the first fit is after +4 */
	KEXPECT_EQ_U64(vm_region_find_gap(&s, PAGE_SIZE, VT_BASE, VT_BASE + 0x100000), VT_BASE + 2 * PAGE_SIZE);
	KEXPECT_EQ_U64(vm_region_find_gap(&s, 2 * PAGE_SIZE, VT_BASE, VT_BASE + 0x100000), VT_BASE + 4 * PAGE_SIZE);
	KEXPECT_EQ_U64(vm_region_find_gap(&s, 2 * PAGE_SIZE, VT_BASE, VT_BASE + 5 * PAGE_SIZE), 0);
	KEXPECT_EQ_U64(vm_region_find_gap(&s, PAGE_SIZE, VT_BASE + 1, VT_BASE + 0x100000), VT_BASE + 2 * PAGE_SIZE);
	KEXPECT_EQ_U64(vm_region_find_gap(&s, 3, VT_BASE, VT_BASE + 0x100000), 0);
	KEXPECT_EQ_U64(vm_region_map(&s, vm_region_find_gap(&s, 2 * PAGE_SIZE, VT_BASE, VM_USER_END),
		2 * PAGE_SIZE, VM_READ), 0);
	vm_space_destroy(&s);
}

/* Both CPUs break the sharing of the same forked pages at once: each page ends up with one
 * owner per space, its contents intact, and no frame lost or freed twice. */
#define VT_SMP_PAGES 64
struct vt_worker {
	struct vm_space *s;
	volatile int done;
	int errors;
};

static void vt_fault_all(void *arg)
{
	struct vt_worker *w = arg;
	for (int i = 0; i < VT_SMP_PAGES; i++)
		w->errors += vm_fault(w->s, VT_BASE + (uint64_t)i * PAGE_SIZE, VM_WRITE) != 0;
	w->done = 1;
}

KTEST(vm_cow_breaks_on_two_cpus)
{
	struct pmm_stats before, after;
	struct vm_space p, c;
	struct vt_worker w0 = { &p, 0, 0 }, w1 = { &c, 0, 0 };
	int bad = 0;
	vt_warm_up();
	pmm_stats(&before);
	vm_space_create(&p);
	vm_region_map(&p, VT_BASE, VT_SMP_PAGES * PAGE_SIZE, VM_READ | VM_WRITE);
	for (int i = 0; i < VT_SMP_PAGES; i++) {
		uint64_t va = VT_BASE + (uint64_t)i * PAGE_SIZE;
		vm_fault(&p, va, VM_WRITE);
		*(uint64_t *)phys_to_virt(vt_frame(&p, va, NULL)) = (uint64_t)i;
	}
	vm_space_fork(&c, &p);
	if (smp_ncpus < 2 || smp_call(1, vt_fault_all, &w1, false) != 0)
		vt_fault_all(&w1);
	vt_fault_all(&w0);
	for (uint64_t spins = 0; !w1.done && spins < 2000000000ull; spins++)
		__asm__ volatile("pause");
	KEXPECT(w1.done);
	KEXPECT_EQ_U64(w0.errors + w1.errors, 0);
	for (int i = 0; i < VT_SMP_PAGES; i++) {
		uint64_t va = VT_BASE + (uint64_t)i * PAGE_SIZE, pte0 = 0, pte1 = 0;
		uint64_t f0 = vt_frame(&p, va, &pte0), f1 = vt_frame(&c, va, &pte1);
		bad += f0 == f1 || (pte0 & PTE_COW) || (pte1 & PTE_COW) || !(pte0 & PTE_W) || !(pte1 & PTE_W);
		bad += pmm_page_refcount(f0) != 1 || pmm_page_refcount(f1) != 1;
		bad += *(uint64_t *)phys_to_virt(f0) != (uint64_t)i || *(uint64_t *)phys_to_virt(f1) != (uint64_t)i;
	}
	KEXPECT_EQ_U64(bad, 0);
	vm_space_destroy(&c);
	vm_space_destroy(&p);
	pmm_stats(&after);
	KEXPECT_EQ_U64(after.free_pages, before.free_pages);
}

/* Shared memory: one object mapped in two spaces and inherited by a fork shows the same
 * frames everywhere, is never copied on write, and goes away with its last mapping. */
KTEST(vm_shared_object_regions)
{
	struct pmm_stats before, after;
	struct vm_commit_stats c0, c;
	struct vm_space a, b, child;
	struct vm_object *o;
	uint64_t f, pte = 0;
	vt_warm_up();
	pmm_stats(&before);
	vm_commit_stats(&c0);
	o = vm_object_create(4);
	KEXPECT(o != NULL);
	if (!o)
		return;
	vm_commit_stats(&c);
	KEXPECT_EQ_U64(c.committed, c0.committed + 4); /* charged once, whoever maps it */
	vm_space_create(&a);
	vm_space_create(&b);
	KEXPECT_EQ_U64(vm_region_map_object(&a, VT_BASE, 4 * PAGE_SIZE, VM_READ | VM_WRITE, o, 0), 0);
	KEXPECT_EQ_U64(vm_region_map_object(&b, 0x800000, 2 * PAGE_SIZE, VM_READ | VM_WRITE, o, 1), 0);
	KEXPECT_EQ_U64(vm_region_map_object(&b, 0x900000, 2 * PAGE_SIZE, VM_READ, o, 3), (uint64_t)-EINVAL);
	vm_commit_stats(&c);
	KEXPECT_EQ_U64(c.committed, c0.committed + 4);
	/* page 1 of the object: a's second page, b's first */
	KEXPECT_EQ_U64(vm_fault(&a, VT_BASE + PAGE_SIZE, VM_WRITE), 0);
	KEXPECT_EQ_U64(vm_fault(&b, 0x800000, 0), 0);
	f = vt_frame(&a, VT_BASE + PAGE_SIZE, NULL);
	KEXPECT(f != 0);
	KEXPECT_EQ_U64(vt_frame(&b, 0x800000, &pte), f);
	KEXPECT((pte & PTE_W) && !(pte & PTE_COW));
	KEXPECT_EQ_U64(pmm_page_refcount(f), 3); /* the object and two mappings */
	KEXPECT_EQ_U64(vm_copy_to_user(&b, 0x800010, "shared", 7), 0);
	char buf[8];
	KEXPECT_EQ_U64(vm_copy_from_user(&a, buf, VT_BASE + PAGE_SIZE + 0x10, 7), 0);
	KEXPECT_EQ_STR(buf, "shared");
	/* a fork shares, it does not copy */
	KEXPECT_EQ_U64(vm_space_fork(&child, &a), 0);
	KEXPECT_EQ_U64(vt_frame(&child, VT_BASE + PAGE_SIZE, &pte), f);
	KEXPECT((pte & PTE_W) && !(pte & PTE_COW));
	KEXPECT_EQ_U64(vm_fault(&child, VT_BASE + PAGE_SIZE, VM_WRITE), 0);
	KEXPECT_EQ_U64(vt_frame(&child, VT_BASE + PAGE_SIZE, NULL), f);
	/* a page first touched in the child is the object's page, seen by a as well */
	KEXPECT_EQ_U64(vm_fault(&child, VT_BASE + 3 * PAGE_SIZE, VM_WRITE), 0);
	KEXPECT_EQ_U64(vm_fault(&a, VT_BASE + 3 * PAGE_SIZE, 0), 0);
	KEXPECT_EQ_U64(vt_frame(&a, VT_BASE + 3 * PAGE_SIZE, NULL), vt_frame(&child, VT_BASE + 3 * PAGE_SIZE, NULL));
	/* cutting a's region in two keeps both halves on the object */
	KEXPECT_EQ_U64(vm_region_unmap(&a, VT_BASE, PAGE_SIZE), 0);
	KEXPECT_EQ_U64(vm_region_protect(&a, VT_BASE + 2 * PAGE_SIZE, PAGE_SIZE, VM_READ), 0);
	KEXPECT_EQ_U64(vt_frame(&a, VT_BASE + PAGE_SIZE, NULL), f);
	vm_object_unref(o); /* the regions keep it alive */
	vm_space_destroy(&child);
	vm_space_destroy(&b);
	KEXPECT_EQ_U64(pmm_page_refcount(f), 2);
	vm_space_destroy(&a);
	pmm_stats(&after);
	KEXPECT_EQ_U64(after.free_pages, before.free_pages);
	vm_commit_stats(&c);
	KEXPECT_EQ_U64(c.committed, c0.committed);
}

/* munmap gives back the page tables that map nothing any more, and only those. */
KTEST(vm_unmap_frees_empty_page_tables)
{
	struct pmm_stats before, after;
	struct vm_space s;
	const uint64_t far = 0x7f0000000000ul;
	vt_warm_up();
	vm_space_create(&s);
	pmm_stats(&before);
	vm_region_map(&s, far, PAGE_SIZE, VM_READ | VM_WRITE);
	vm_region_map(&s, far + PAGE_SIZE, PAGE_SIZE, VM_READ | VM_WRITE);
	vm_fault(&s, far, VM_WRITE);
	vm_fault(&s, far + PAGE_SIZE, VM_WRITE);
	KEXPECT_EQ_U64(vm_region_unmap(&s, far, PAGE_SIZE), 0);
	KEXPECT(vt_frame(&s, far + PAGE_SIZE, NULL) != 0); /* its table is still in use */
	KEXPECT_EQ_U64(vm_region_unmap(&s, far + PAGE_SIZE, PAGE_SIZE), 0);
	pmm_stats(&after);
	KEXPECT_EQ_U64(after.free_pages, before.free_pages); /* the PDPT, PD and PT went too */
	KEXPECT_EQ_U64(((uint64_t *)phys_to_virt(s.pml4))[far >> 39], 0);
	vm_space_destroy(&s);
}

/* A space holds at most VM_MAX_REGIONS regions: each one is kernel memory. */
KTEST(vm_region_count_is_limited)
{
	struct vm_space s;
	int err = 0, made = 0;
	vm_space_create(&s);
	vm_max_regions = 100; /* the real limit takes seconds to reach under TCG */
	/* every other page, so that no two regions touch */
	for (uint64_t va = 0x40000000; !err; va -= 2 * PAGE_SIZE, made++)
		err = vm_region_map(&s, va, PAGE_SIZE, VM_READ);
	KEXPECT_EQ_U64(err, (uint64_t)-ENOMEM);
	KEXPECT_EQ_U64(made - 1, 100);
	KEXPECT_EQ_U64(s.nregions, 100);
	/* cutting a region in two would make one more: refused as well */
	vm_region_unmap(&s, 0x40000000, PAGE_SIZE);
	KEXPECT_EQ_U64(vm_region_map(&s, 0x40000000, 3 * PAGE_SIZE, VM_READ), 0);
	KEXPECT_EQ_U64(vm_region_unmap(&s, 0x40000000 + PAGE_SIZE, PAGE_SIZE), (uint64_t)-ENOMEM);
	KEXPECT_EQ_U64(s.nregions, 100);
	vm_max_regions = VM_MAX_REGIONS;
	vm_space_destroy(&s);
}

/* munmap of (nearly) the whole user half costs what is mapped there, not 2^35 page steps. */
KTEST(vm_unmap_of_a_huge_range_is_quick)
{
	struct vm_space s;
	vm_space_create(&s);
	vm_region_map(&s, VT_BASE, PAGE_SIZE, VM_READ | VM_WRITE);
	vm_fault(&s, VT_BASE, VM_WRITE);
	KEXPECT_EQ_U64(vm_region_unmap(&s, PAGE_SIZE, VM_USER_END - PAGE_SIZE), 0);
	KEXPECT(s.regions == NULL);
	KEXPECT_EQ_U64(vt_frame(&s, VT_BASE, NULL), 0);
	vm_space_destroy(&s);
}

/* Private regions with the same rights that touch become one (brk grows a page at a time). */
KTEST(vm_touching_regions_merge)
{
	struct vm_space s;
	vm_space_create(&s);
	KEXPECT_EQ_U64(vm_region_map(&s, VT_BASE, PAGE_SIZE, VM_READ | VM_WRITE), 0);
	KEXPECT_EQ_U64(vm_region_map(&s, VT_BASE + 2 * PAGE_SIZE, PAGE_SIZE, VM_READ | VM_WRITE), 0);
	KEXPECT_EQ_U64(s.nregions, 2);
	/* the page between joins both */
	KEXPECT_EQ_U64(vm_region_map(&s, VT_BASE + PAGE_SIZE, PAGE_SIZE, VM_READ | VM_WRITE), 0);
	KEXPECT_EQ_U64(s.nregions, 1);
	KEXPECT(s.regions->start == VT_BASE && s.regions->end == VT_BASE + 3 * PAGE_SIZE);
	/* other rights, or shared memory, stay apart */
	KEXPECT_EQ_U64(vm_region_map(&s, VT_BASE + 3 * PAGE_SIZE, PAGE_SIZE, VM_READ), 0);
	KEXPECT_EQ_U64(s.nregions, 2);
	/* growing downwards joins too */
	KEXPECT_EQ_U64(vm_region_map(&s, VT_BASE - PAGE_SIZE, PAGE_SIZE, VM_READ | VM_WRITE), 0);
	KEXPECT_EQ_U64(s.nregions, 2);
	KEXPECT_EQ_U64(s.regions->start, VT_BASE - PAGE_SIZE);
	KEXPECT_EQ_U64(s.committed, 5);
	/* and a merged region still unmaps by pages */
	KEXPECT_EQ_U64(vm_region_unmap(&s, VT_BASE, PAGE_SIZE), 0);
	KEXPECT_EQ_U64(s.nregions, 3);
	KEXPECT_EQ_U64(s.committed, 4);
	vm_space_destroy(&s);
}
