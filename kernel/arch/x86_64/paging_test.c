/* kernel/arch/x86_64/paging_test.c: the kernel's page tables as the CPU sees them (kernel
 * only): the direct map, the rights of the kernel image's pages, the identity map gone (a real
 * read faults), map/translate/unmap, and address spaces that share the kernel half. */
#include "ktest.h"
#include "errno.h"
#include "pmm.h"
#include "vm.h"
#include "arch.h"
#include "cpu.h"

extern const struct bootinfo *kernel_bootinfo;
static char paging_test_out[4096];
static uint64_t paging_test_bss_word;

/* Fixed registers, so the faulting instruction's length is known: 48 8b 07 and 88 07. */
__attribute__((noinline)) uint64_t paging_test_read(uint64_t addr)
{
	uint64_t v = 0;
	__asm__ volatile("movq (%%rdi), %%rax" : "=a"(v) : "D"(addr) : "memory");
	return v;
}

__attribute__((noinline)) void paging_test_write_byte(uint64_t addr, uint8_t v)
{
	__asm__ volatile("movb %%al, (%%rdi)" : : "a"(v), "D"(addr) : "memory");
}

/* Runs a read (write: a write of the byte already there) of addr that must page-fault; returns
 * the fault's error code, or -1 if it did not fault. Also used by core/vm_kmap_test.c. */
int64_t paging_test_fault(uint64_t addr, bool write)
{
	struct trap_frame tf;
	console_capture(paging_test_out, sizeof(paging_test_out));
	trap_expect(14, write ? 2 : 3);
	if (write)
		paging_test_write_byte(addr, *(volatile uint8_t *)addr);
	else
		paging_test_read(addr);
	console_capture(NULL, 0);
	if (!trap_expected_seen(&tf)) {
		trap_expect(-1, 0);
		return -1;
	}
	KEXPECT_EQ_U64(read_cr2(), addr);
	KEXPECT(strstr(paging_test_out, "page fault") != NULL);
	return (int64_t)tf.error;
}

KTEST(paging_direct_map_covers_ram)
{
	uint64_t p = pmm_alloc_page(0), pa = 0, pte = 0;
	volatile uint64_t *v = phys_to_virt(p);
	*v = 0x1122334455667788ull;
	KEXPECT_EQ_U64(vm_translate(&kernel_vm, (uint64_t)v, &pa, &pte), 0);
	KEXPECT_EQ_U64(pa, p);
	KEXPECT_EQ_U64(*(volatile uint64_t *)phys_to_virt(pa), 0x1122334455667788ull);
	KEXPECT(pte & PTE_PS);  /* large pages */
	KEXPECT(pte & PTE_W);
	KEXPECT(pte & PTE_NX);  /* data, never code */
	KEXPECT(!(pte & PTE_U) && !(pte & PTE_PCD));
	pmm_free_pages(p, 0);
	/* the last page of RAM, and the local APIC's page, uncached */
	KEXPECT_EQ_U64(vm_translate(&kernel_vm, VM_DIRECT_MAP + pmm_ram_end() - PAGE_SIZE, &pa, NULL), 0);
	KEXPECT_EQ_U64(pa, pmm_ram_end() - PAGE_SIZE);
	KEXPECT_EQ_U64(vm_translate(&kernel_vm, VM_DIRECT_MAP + 0xfee00000ul, &pa, &pte), 0);
	KEXPECT(pte & PTE_PCD);
}

KTEST(paging_identity_map_is_gone)
{
	const struct bootinfo *bi = kernel_bootinfo;
	KEXPECT_EQ_U64(read_cr3() & PTE_ADDR, kernel_vm.pml4);
	KEXPECT_EQ_U64(vm_translate(&kernel_vm, 0x100000, NULL, NULL), (uint64_t)-EFAULT);
	KEXPECT_EQ_U64(vm_translate(&kernel_vm, bi->kernel_start, NULL, NULL), (uint64_t)-EFAULT);
	KEXPECT_EQ_U64(vm_translate(&kernel_vm, 0, NULL, NULL), (uint64_t)-EFAULT);
	/* the CPU agrees: a read of low memory faults, page not present (error bit 0 clear) */
	KEXPECT_EQ_U64(paging_test_fault(0x100000, false), 0);
}

KTEST(paging_kernel_text_rx_data_nx)
{
	uint64_t pte = 0, pa = 0;
	const struct bootinfo *bi = kernel_bootinfo;
	uint64_t text = (uint64_t)paging_init;
	KEXPECT_EQ_U64(vm_translate(&kernel_vm, text, &pa, &pte), 0);
	KEXPECT_EQ_U64(pa, bi->kernel_start + (text - bi->kernel_vbase));
	KEXPECT(!(pte & PTE_W) && !(pte & PTE_NX) && !(pte & PTE_PS));
	KEXPECT_EQ_U64(vm_translate(&kernel_vm, (uint64_t)&kernel_vm, NULL, &pte), 0); /* .data */
	KEXPECT((pte & PTE_W) && (pte & PTE_NX) && !(pte & PTE_PS));
	KEXPECT_EQ_U64(vm_translate(&kernel_vm, (uint64_t)&paging_test_bss_word, NULL, &pte), 0);
	KEXPECT((pte & PTE_W) && (pte & PTE_NX));
	/* a write to the text faults: present and write (error bits 0 and 1) */
	uint8_t before = *(volatile uint8_t *)text;
	KEXPECT_EQ_U64(paging_test_fault(text, true), 3);
	KEXPECT_EQ_U64(*(volatile uint8_t *)text, before);
	/* and so does a write through its direct-map alias, while data stays writable there */
	KEXPECT_EQ_U64(vm_translate(&kernel_vm, (uint64_t)phys_to_virt(pa), NULL, &pte), 0);
	KEXPECT(!(pte & PTE_W) && (pte & PTE_NX) && !(pte & PTE_PS));
	KEXPECT_EQ_U64(paging_test_fault((uint64_t)phys_to_virt(pa), true), 3);
	KEXPECT_EQ_U64(vm_translate(&kernel_vm, (uint64_t)&kernel_vm, &pa, NULL), 0);
	KEXPECT_EQ_U64(vm_translate(&kernel_vm, (uint64_t)phys_to_virt(pa), NULL, &pte), 0);
	KEXPECT(pte & PTE_W);
}

KTEST(paging_map_translate_unmap)
{
	uint64_t f = pmm_alloc_page(PMM_ZERO), va = vm_kmap_reserve(1), pa = 0, pte = 0;
	KEXPECT(f != 0 && va >= VM_KMAP_BASE && va < VM_KMAP_END);
	KEXPECT_EQ_U64(vm_map(&kernel_vm, va, f, VM_WRITE), 0);
	*(volatile uint64_t *)va = 0xfeedfacecafebeefull;
	KEXPECT_EQ_U64(*(volatile uint64_t *)phys_to_virt(f), 0xfeedfacecafebeefull);
	KEXPECT_EQ_U64(vm_translate(&kernel_vm, va + 8, &pa, &pte), 0);
	KEXPECT_EQ_U64(pa, f + 8);
	KEXPECT((pte & PTE_W) && (pte & PTE_NX) && !(pte & PTE_U));
	KEXPECT_EQ_U64(vm_map(&kernel_vm, va, f, 0), (uint64_t)-EBUSY);
	KEXPECT_EQ_U64(vm_map(&kernel_vm, va + 1, f, 0), (uint64_t)-EINVAL);
	KEXPECT_EQ_U64(vm_map(&kernel_vm, VM_USER_END, f, 0), (uint64_t)-EINVAL); /* not canonical */
	KEXPECT_EQ_U64(vm_map(&kernel_vm, va + PAGE_SIZE, f, VM_USER), (uint64_t)-EINVAL);
	KEXPECT_EQ_U64(vm_map(&kernel_vm, VM_DIRECT_MAP, f, 0), (uint64_t)-EBUSY); /* a large page */
	KEXPECT_EQ_U64(vm_unmap(&kernel_vm, va, &pa), 0);
	KEXPECT_EQ_U64(pa, f);
	KEXPECT_EQ_U64(vm_translate(&kernel_vm, va, NULL, NULL), (uint64_t)-EFAULT);
	KEXPECT_EQ_U64(vm_unmap(&kernel_vm, va, NULL), (uint64_t)-ENOENT);
	/* the TLB forgot it too: the access faults instead of reaching the old frame */
	KEXPECT_EQ_U64(paging_test_fault(va, false), 0);
	pmm_free_pages(f, 0);
	vm_kmap_release(va, 1);
}

KTEST(paging_spaces_share_the_kernel_half)
{
	struct pmm_stats before, after;
	struct vm_space s;
	uint64_t f, pa = 0, pte = 0;
	const uint64_t *k, *u;
	pmm_stats(&before);
	KEXPECT_EQ_U64(vm_space_create(&s), 0);
	k = phys_to_virt(kernel_vm.pml4);
	u = phys_to_virt(s.pml4);
	KEXPECT(memcmp(k + 256, u + 256, 256 * 8) == 0);
	for (int i = 0; i < 256; i++)
		KEXPECT_EQ_U64(u[i], 0);
	f = pmm_alloc_page(PMM_ZERO);
	KEXPECT_EQ_U64(vm_map(&s, 0x400000, f, VM_USER | VM_WRITE), 0);
	KEXPECT_EQ_U64(vm_translate(&s, 0x400123, &pa, &pte), 0);
	KEXPECT_EQ_U64(pa, f + 0x123);
	KEXPECT((pte & PTE_U) && (pte & PTE_W) && (pte & PTE_NX));
	KEXPECT_EQ_U64(vm_translate(&kernel_vm, 0x400000, NULL, NULL), (uint64_t)-EFAULT);
	/* the kernel keeps running on the new space: its half is there */
	vm_space_activate(&s);
	KEXPECT_EQ_U64(read_cr3() & PTE_ADDR, s.pml4);
	KEXPECT_EQ_U64(vm_translate(&s, (uint64_t)&kernel_vm, NULL, NULL), 0);
	vm_space_activate(&kernel_vm);
	vm_space_destroy(&s);
	pmm_free_pages(f, 0);
	pmm_stats(&after);
	KEXPECT_EQ_U64(after.free_pages, before.free_pages); /* every table page came back */
}

KTEST(paging_string_helpers)
{
	static uint8_t a[PAGE_SIZE + 32], b[PAGE_SIZE + 32];
	uint64_t bad = 0;
	for (size_t i = 0; i < sizeof(a); i++) {
		a[i] = (uint8_t)(i * 13 + 1);
		b[i] = 0xee;
	}
	vm_mem_copy(b + 3, a + 5, PAGE_SIZE + 7); /* odd sizes and offsets */
	for (size_t i = 0; i < sizeof(b); i++)
		bad += b[i] != (i >= 3 && i < PAGE_SIZE + 10 ? a[i + 2] : 0xee);
	KEXPECT_EQ_U64(bad, 0);
	vm_mem_zero(b + 1, 13);
	KEXPECT(b[0] == 0xee && b[1] == 0 && b[13] == 0 && b[14] == a[16]);
	vm_mem_zero(b, 0);
	vm_mem_copy(b, a, 0);
	KEXPECT(b[0] == 0xee);
}
