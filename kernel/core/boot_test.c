/* kernel/core/boot_test.c: what the loader handed over is sane (kernel only). */
#include "ktest.h"
#include "memmap.h"
#include "symbols.h"

extern const struct bootinfo *kernel_bootinfo;
void kmain(uint64_t bootinfo_phys);

KTEST(boot_info_from_loader)
{
	const struct bootinfo *bi = kernel_bootinfo;
	KEXPECT(bi->protocol == BOOTINFO_PROTO_MULTIBOOT1 || bi->protocol == BOOTINFO_PROTO_MULTIBOOT2);
	KEXPECT(bi->module_count >= 1);
	KEXPECT(bi->kernel_start % 0x200000 == 0);
	KEXPECT(bi->kernel_start >= bi->loader_end);
	/* the kernel was placed clear of every module */
	for (unsigned i = 0; i < bi->module_count; i++)
		KEXPECT(bi->modules[i].end <= bi->kernel_start || bi->modules[i].start >= bi->kernel_end);
	KEXPECT((uint64_t)kmain >= bi->kernel_vbase && (uint64_t)kmain < bi->kernel_vbase + (bi->kernel_end - bi->kernel_start));
	KEXPECT(cmdline_has(bi->cmdline, "selftest"));
}

KTEST(boot_memory_map_is_usable)
{
	const struct bootinfo *bi = kernel_bootinfo;
	struct mem_region r[BOOTINFO_MAX_MMAP * 2];
	struct mem_totals t;
	int n = memmap_normalize(bi->mmap, (int)bi->mmap_count, r, (int)ARRAY_SIZE(r));
	KEXPECT(n > 0);
	memmap_totals(r, n, &t);
	/* QEMU runs the tests with 1 GiB: nearly all of it is available */
	KEXPECT(t.available > 900ull << 20 && t.available <= 1024ull << 20);
	for (int i = 1; i < n; i++)
		KEXPECT(r[i - 1].end <= r[i].base);
	/* the kernel's own memory is inside available RAM */
	for (int i = 0; i < n; i++)
		if (r[i].base <= bi->kernel_start && bi->kernel_start < r[i].end)
			KEXPECT(r[i].type == BOOTINFO_MEM_AVAILABLE && bi->kernel_end <= r[i].end);
}

KTEST(boot_kernel_symbols_resolve)
{
	uint64_t off = 1;
	KEXPECT(kernel_symtab.count > 50);
	KEXPECT_EQ_STR(sym_lookup(&kernel_symtab, (uint64_t)kmain, &off), "kmain");
	KEXPECT_EQ_U64(off, 0);
	KEXPECT_EQ_U64(sym_address(&kernel_symtab, "kmain"), (uint64_t)kmain);
}
