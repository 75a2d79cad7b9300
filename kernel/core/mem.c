/* kernel/core/mem.c: memory bring-up at boot (see mem.h): the physical allocator over the
 * memory map, then the kernel's own page tables (after which the loader's identity map is
 * gone), then the rest of RAM, then the kernel heap. */
#include "klib.h"
#include "mem.h"
#include "pmm.h"

void mem_init(const struct bootinfo *bi)
{
	struct pmm_stats s;
	pmm_init(bi);
	pmm_init_high();
	pmm_stats(&s);
	kprintf("memory: %lu pages free of %lu (%lu MiB), page array %lu KiB\n", s.free_pages,
		s.total_pages, s.total_pages >> 8, s.array_pages * 4);
}
