/* kernel/include/memmap.h: the physical memory map: the boot loader's entries made sorted,
 * non-overlapping and merged, and a summary of it. */
#ifndef KERNEL_MEMMAP_H
#define KERNEL_MEMMAP_H

#include "types.h"
#include "../../boot/bootinfo.h"

struct mem_region {
	uint64_t base;
	uint64_t end;  /* one past the last byte */
	uint32_t type; /* BOOTINFO_MEM_* */
};

struct mem_totals {
	uint64_t available; /* usable RAM */
	uint64_t reserved;  /* everything else the map names */
	uint64_t highest;   /* end of the highest available region */
	int regions;
};

/* Normalises n loader entries into out (room for max): where entries overlap, the more
 * restrictive type wins (anything beats available; bad beats NVS beats ACPI beats reserved);
 * unknown types count as reserved; ranges that wrap past 2^64 are clipped. Returns the count,
 * or -1 if out is too small. */
int memmap_normalize(const struct bootinfo_mmap *in, int n, struct mem_region *out, int max);
void memmap_totals(const struct mem_region *r, int n, struct mem_totals *t);
const char *memmap_type_name(uint32_t type);
/* A size for people: "639 KiB", "1022.9 MiB". */
void memmap_size(char *buf, size_t n, uint64_t bytes);
/* Prints the regions and a one-line summary. */
void memmap_print(const struct mem_region *r, int n);

#endif
