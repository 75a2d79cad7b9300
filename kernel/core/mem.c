/* kernel/core/mem.c: memory bring-up at boot (see mem.h): the physical allocator over the
 * memory map, then the kernel's own page tables (after which the loader's identity map is
 * gone), then the RAM above 4 GiB (which only the new direct map reaches), then the heap. */
#include "klib.h"
#include "kheap.h"
#include "mem.h"
#include "pmm.h"
#include "vm.h"

void mem_init(const struct bootinfo *bi)
{
	struct pmm_stats s;
	pmm_init(bi);
	paging_init(bi);
	pmm_init_high();
	kheap_init();
	vm_init();
	pmm_stats(&s);
	kprintf("memory: %lu pages free of %lu (%lu MiB), page array %lu KiB; kernel page tables "
		"loaded, heap ready\n", s.free_pages, s.total_pages, s.total_pages >> 8, s.array_pages * 4);
}
