/* kernel/core/mem.c: memory bring-up at boot (see mem.h). Until the physical allocator, the
 * kernel's own page tables and the heap exist, the kernel runs on the loader's tables and
 * static memory, and this does nothing. */
#include "mem.h"

void mem_init(const struct bootinfo *bi)
{
	(void)bi;
}
