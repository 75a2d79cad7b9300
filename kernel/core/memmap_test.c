/* kernel/core/memmap_test.c: tests of the memory map normaliser (kernel and host). */
#include "ktest.h"
#include "memmap.h"

#define AV BOOTINFO_MEM_AVAILABLE
#define RS BOOTINFO_MEM_RESERVED

KTEST(memmap_sorts_and_merges)
{
	struct bootinfo_mmap in[] = {
		{ 0x100000, 0x7ee0000, AV, 0 },
		{ 0, 0x9fc00, AV, 0 },
		{ 0x9fc00, 0x400, RS, 0 },
		{ 0xf0000, 0x10000, RS, 0 },
		{ 0x7fe0000, 0x20000, RS, 0 },
		{ 0x8000000, 0x1000, AV, 0 }, /* follows a reserved block: a region of its own */
	};
	struct mem_region r[16];
	struct mem_totals t;
	int n = memmap_normalize(in, 6, r, 16);
	KEXPECT_EQ_U64(n, 6);
	KEXPECT_EQ_U64(r[0].base, 0);
	KEXPECT_EQ_U64(r[0].end, 0x9fc00);
	KEXPECT_EQ_U64(r[1].type, RS);
	KEXPECT_EQ_U64(r[2].base, 0xf0000);
	KEXPECT_EQ_U64(r[3].base, 0x100000);
	KEXPECT_EQ_U64(r[3].end, 0x7fe0000);
	/* the reserved block at 0x7fe0000 and the one after it: different types, no merge */
	KEXPECT_EQ_U64(r[4].type, RS);
	KEXPECT_EQ_U64(r[4].end, 0x8000000);
	KEXPECT(r[5].base == 0x8000000 && r[5].end == 0x8001000 && r[5].type == AV);
	memmap_totals(r, n, &t);
	KEXPECT_EQ_U64(t.available, 0x9fc00 + 0x7ee0000 + 0x1000);
	KEXPECT_EQ_U64(t.reserved, 0x400 + 0x10000 + 0x20000);
	KEXPECT_EQ_U64(t.highest, 0x8001000);
}

KTEST(memmap_overlap_reserved_wins)
{
	struct bootinfo_mmap in[] = {
		{ 0x1000, 0x9000, AV, 0 },
		{ 0x4000, 0x1000, RS, 0 },
		{ 0x3000, 0x3000, AV, 0 },
		{ 0x4800, 0x100, BOOTINFO_MEM_ACPI_NVS, 0 },
	};
	struct mem_region r[16];
	int n = memmap_normalize(in, 4, r, 16);
	KEXPECT_EQ_U64(n, 5);
	KEXPECT(r[0].base == 0x1000 && r[0].end == 0x4000 && r[0].type == AV);
	KEXPECT(r[1].base == 0x4000 && r[1].end == 0x4800 && r[1].type == RS);
	KEXPECT(r[2].base == 0x4800 && r[2].end == 0x4900 && r[2].type == BOOTINFO_MEM_ACPI_NVS);
	KEXPECT(r[3].base == 0x4900 && r[3].end == 0x5000 && r[3].type == RS);
	KEXPECT(r[4].base == 0x5000 && r[4].end == 0xa000 && r[4].type == AV);
}

KTEST(memmap_odd_entries)
{
	struct bootinfo_mmap in[] = {
		{ 0x2000, 0, AV, 0 },                      /* empty: dropped */
		{ 0x10000, 0x1000, 77, 0 },                /* unknown type: reserved */
		{ 0xfffffffffffff000ull, 0x2000, AV, 0 },  /* wraps: clipped */
	};
	struct mem_region r[4];
	int n = memmap_normalize(in, 3, r, 4);
	KEXPECT_EQ_U64(n, 2);
	KEXPECT_EQ_U64(r[0].type, RS);
	KEXPECT_EQ_U64(r[1].end, ~0ull);
	KEXPECT_EQ_U64(memmap_normalize(in, 3, r, 1), (uint64_t)-1);
	KEXPECT_EQ_U64(memmap_normalize(in, -1, r, 4), (uint64_t)-1);
	KEXPECT_EQ_U64(memmap_normalize(in, 0, r, 4), 0);
	KEXPECT_EQ_STR(memmap_type_name(77), "reserved");
}

KTEST(memmap_sizes_for_people)
{
	char b[32];
	memmap_size(b, sizeof(b), 639 * 1024);
	KEXPECT_EQ_STR(b, "639 KiB");
	memmap_size(b, sizeof(b), 12ull << 30);
	KEXPECT_EQ_STR(b, "12 GiB");
	memmap_size(b, sizeof(b), 1047420ull * 1024);
	KEXPECT_EQ_STR(b, "1022.9 MiB");
	memmap_size(b, sizeof(b), 1023);
	KEXPECT_EQ_STR(b, "1023 B");
	memmap_size(b, sizeof(b), ~0ull);
	KEXPECT_EQ_STR(b, "16383.9 PiB");
}
