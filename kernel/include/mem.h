/* kernel/include/mem.h: bringing up the kernel's memory management at boot. */
#ifndef KERNEL_MEM_H
#define KERNEL_MEM_H

#include "../../boot/bootinfo.h"

/* Called once by kmain on the boot CPU, after the memory map is printed and before any other
 * CPU starts: physical allocator, kernel page tables, kernel heap. */
void mem_init(const struct bootinfo *bi);

#endif
