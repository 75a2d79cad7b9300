/* kernel/core/vm_kmap_test.c: VM_KMAP address ranges (first fit, merging, the top coming back
 * down) and kernel stacks with guard pages (kernel only). */
#include "ktest.h"
#include "errno.h"
#include "pmm.h"
#include "vm.h"
#include "sched.h"

int64_t paging_test_fault(uint64_t addr, bool write); /* arch/x86_64/paging_test.c */

KTEST(vm_kmap_ranges_merge_and_reuse)
{
	uint64_t x, a, b, c, d;
	/* exact addresses below: let earlier tests' threads finish giving their stacks back (their
	 * CPUs free them when they next switch) so that nothing else uses VM_KMAP meanwhile */
	sched_sleep_ns(50000000);
	x = vm_kmap_reserve(1);
	vm_kmap_release(x, 1);
	a = vm_kmap_reserve(3);
	b = vm_kmap_reserve(5);
	c = vm_kmap_reserve(2);
	KEXPECT(a >= VM_KMAP_BASE && b >= VM_KMAP_BASE && c >= VM_KMAP_BASE);
	KEXPECT(b >= a + 3 * PAGE_SIZE || b + 5 * PAGE_SIZE <= a);
	vm_kmap_release(b, 5);
	vm_kmap_release(a, 3);
	/* b right after a: then any hole below a is under 3 pages (a would be in it), and the 8
	 * pages of a and b merged are the first fit (with freed ranges around, b may have gone
	 * into an older hole instead: then only the merge is checked, through d's success) */
	d = vm_kmap_reserve(8);
	KEXPECT(d != 0);
	if (b == a + 3 * PAGE_SIZE)
		KEXPECT_EQ_U64(d, a);
	KEXPECT_EQ_U64(vm_kmap_reserve(0), 0);
	KEXPECT_EQ_U64(vm_kmap_reserve(1ul << 40), 0); /* more than VM_KMAP holds */
	vm_kmap_release(d, 8);
	vm_kmap_release(c, 2);
	/* everything merged back: first fit finds x's place again, or a lower hole */
	d = vm_kmap_reserve(1);
	KEXPECT(d != 0 && d <= x);
	vm_kmap_release(d, 1);
}

KTEST(vm_kstack_has_a_guard_page)
{
	struct pmm_stats before, during, after;
	uint64_t top, again, pte = 0, bad = 0;
	vm_kstack_free(vm_kstack_alloc(4), 4); /* page tables for VM_KMAP exist from here on */
	pmm_stats(&before);
	top = vm_kstack_alloc(4);
	KEXPECT(top != 0);
	if (!top)
		return;
	pmm_stats(&during);
	KEXPECT_EQ_U64(before.free_pages - during.free_pages, 4);
	for (uint64_t *p = (uint64_t *)(top - 4 * PAGE_SIZE); p < (uint64_t *)top; p++)
		*p = (uint64_t)p;
	for (uint64_t *p = (uint64_t *)(top - 4 * PAGE_SIZE); p < (uint64_t *)top; p++)
		bad += *p != (uint64_t)p;
	KEXPECT_EQ_U64(bad, 0);
	KEXPECT_EQ_U64(vm_translate(&kernel_vm, top - 8, NULL, &pte), 0);
	KEXPECT((pte & PTE_W) && (pte & PTE_NX));
	/* the page below the stack: not mapped, marked, and a touch faults there */
	KEXPECT(vm_is_guard(&kernel_vm, top - 5 * PAGE_SIZE));
	KEXPECT(!vm_is_guard(&kernel_vm, top - 4 * PAGE_SIZE));
	KEXPECT_EQ_U64(vm_translate(&kernel_vm, top - 4 * PAGE_SIZE - 8, NULL, NULL), (uint64_t)-EFAULT);
	KEXPECT_EQ_U64(paging_test_fault(top - 4 * PAGE_SIZE - 8, false), 0);
	KEXPECT_EQ_U64(vm_map(&kernel_vm, top - 5 * PAGE_SIZE, 0x100000, 0),
		(uint64_t)-EBUSY); /* a guard is not free to map over */
	vm_kstack_free(top, 4);
	pmm_stats(&after);
	KEXPECT_EQ_U64(after.free_pages, before.free_pages);
	KEXPECT(!vm_is_guard(&kernel_vm, top - 5 * PAGE_SIZE));
	again = vm_kstack_alloc(4);
	KEXPECT_EQ_U64(again, top); /* the addresses are reused */
	vm_kstack_free(again, 4);
}
