/* kernel/core/devmem.c: memory for user-space drivers. physmap (CAP_PHYSMAP) maps a physical
 * range that is not RAM (device registers, a frame buffer) with a cache type through the PAT;
 * dma_alloc (CAP_DMA) gives physically contiguous zeroed pages and their address, for a device
 * to read and write. Both are memory objects (vm_object.c) mapped like shared memory: fork
 * shares them, munmap and exit let them go (DMA pages are freed with the last mapping).
 *
 * The kernel's RAM is never handed out by physmap; the one exception is DMA memory, which a
 * driver may map again by its address (a second view of its own buffers, or a buffer another
 * process allocated: a driver that can do DMA is trusted anyway, see docs/ARCHITECTURE.md). */
#include "klib.h"
#include "errno.h"
#include "pmm.h"
#include "proc.h"
#include "syscall.h"
#include "vm.h"
#include "../arch/x86_64/cpufeat.h"

#define DEVMEM_PHYS_END (1ul << 52) /* the architecture's physical address limit */

/* The entry bits of a cache type: PCD|PWT is PAT entry 3 (UC), PTE_PAT alone entry 4 (WC,
 * cpu.c), none entry 0 (WB). Without a PAT, WC is UC. -1 for an unknown type. */
static int64_t devmem_cache_bits(int cache)
{
	switch (cache) {
	case FERRITE_CACHE_UC: return (int64_t)(PTE_PCD | PTE_PWT);
	case FERRITE_CACHE_WC: return cpu_features.pat ? (int64_t)PTE_PAT : (int64_t)(PTE_PCD | PTE_PWT);
	case FERRITE_CACHE_WB: return 0;
	default: return -1;
	}
}

long sys_physmap(unsigned long phys, size_t len, int cache)
{
	uint64_t n = (len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1), first = 0;
	int64_t bits = devmem_cache_bits(cache);
	struct vm_object *o;
	long r;
	int err = cap_require(FERRITE_CAP_PHYSMAP);
	if (err)
		return err;
	if (len == 0 || n < len || (phys & (PAGE_SIZE - 1)) || bits < 0 || phys >= DEVMEM_PHYS_END ||
			n > DEVMEM_PHYS_END - phys)
		return -EINVAL;
	if (pmm_range_has_ram(phys, phys + n)) {
		/* RAM: only DMA memory, mapped as the object it is (its frames counted, write-back) */
		o = vm_object_find_contig(phys, n, &first);
		if (!o)
			return -EACCES;
	} else if (!(o = vm_object_create_phys(phys, n / PAGE_SIZE, (uint64_t)bits))) {
		return -ENOMEM;
	}
	r = mman_map_object(o, first, n, VM_READ | VM_WRITE);
	vm_object_unref(o); /* the region holds it now, or nothing does */
	return r;
}

long sys_dma_alloc(size_t len, unsigned long *uphys)
{
	uint64_t n = (len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1), phys = 0;
	struct vm_object *o;
	long addr;
	int err = cap_require(FERRITE_CAP_DMA);
	if (err)
		return err;
	if (len == 0 || n < len || n > (PAGE_SIZE << BUDDY_MAX_ORDER))
		return -EINVAL;
	if (!user_range_ok((uint64_t)uphys, sizeof(*uphys)))
		return -EFAULT;
	if (!(o = vm_object_create_contig(n / PAGE_SIZE, &phys, proc_current()->pid)))
		return -ENOMEM;
	addr = mman_map_object(o, 0, n, VM_READ | VM_WRITE);
	vm_object_unref(o);
	if (addr < 0)
		return addr;
	if (copy_to_user(uphys, &phys, sizeof(phys))) {
		vm_region_unmap(&proc_current()->vm, (uint64_t)addr, n);
		return -EFAULT;
	}
	return addr;
}
