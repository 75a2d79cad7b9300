/* kernel/core/memmap.c: turns the boot loader's memory map, which firmware is free to give
 * unsorted and overlapping, into sorted disjoint regions. Portable; tested on the host. */
#include "klib.h"
#include "memmap.h"

#define MEMMAP_MAX_POINTS (2 * BOOTINFO_MAX_MMAP)

static uint32_t memmap_clean_type(uint32_t type)
{
	return type >= BOOTINFO_MEM_AVAILABLE && type <= BOOTINFO_MEM_BAD ? type : BOOTINFO_MEM_RESERVED;
}

/* Higher wins where entries overlap. */
static int memmap_rank(uint32_t type)
{
	static const int rank[] = { 0, 0, 1, 2, 3, 4 }; /* -, available, reserved, ACPI, NVS, bad */
	return rank[memmap_clean_type(type)];
}

static void memmap_sort_points(uint64_t *p, int n)
{
	for (int i = 1; i < n; i++) {
		uint64_t v = p[i];
		int j = i - 1;
		for (; j >= 0 && p[j] > v; j--)
			p[j + 1] = p[j];
		p[j + 1] = v;
	}
}

/* The type of the elementary interval [a, b): the highest-ranked entry covering it, 0 if none. */
static uint32_t memmap_cover(const struct bootinfo_mmap *in, int n, uint64_t a, uint64_t b)
{
	uint32_t best = 0;
	for (int i = 0; i < n; i++) {
		uint64_t s = in[i].base, e = in[i].base + in[i].length;
		if (e < s)
			e = ~0ull;
		if (in[i].length == 0 || s > a || e < b)
			continue;
		if (best == 0 || memmap_rank(in[i].type) > memmap_rank(best))
			best = memmap_clean_type(in[i].type);
	}
	return best;
}

int memmap_normalize(const struct bootinfo_mmap *in, int n, struct mem_region *out, int max)
{
	uint64_t pts[MEMMAP_MAX_POINTS];
	int np = 0, count = 0;
	if (n < 0 || n > BOOTINFO_MAX_MMAP)
		return -1;
	for (int i = 0; i < n; i++) {
		uint64_t e = in[i].base + in[i].length;
		if (in[i].length == 0)
			continue;
		pts[np++] = in[i].base;
		pts[np++] = e < in[i].base ? ~0ull : e;
	}
	memmap_sort_points(pts, np);
	for (int i = 0; i + 1 < np; i++) {
		uint32_t type;
		if (pts[i] == pts[i + 1])
			continue;
		type = memmap_cover(in, n, pts[i], pts[i + 1]);
		if (type == 0)
			continue;
		if (count && out[count - 1].end == pts[i] && out[count - 1].type == type) {
			out[count - 1].end = pts[i + 1];
			continue;
		}
		if (count == max)
			return -1;
		out[count].base = pts[i];
		out[count].end = pts[i + 1];
		out[count].type = type;
		count++;
	}
	return count;
}

void memmap_totals(const struct mem_region *r, int n, struct mem_totals *t)
{
	memset(t, 0, sizeof(*t));
	t->regions = n;
	for (int i = 0; i < n; i++) {
		uint64_t len = r[i].end - r[i].base;
		if (r[i].type == BOOTINFO_MEM_AVAILABLE) {
			t->available += len;
			if (r[i].end > t->highest)
				t->highest = r[i].end;
		} else {
			t->reserved += len;
		}
	}
}

const char *memmap_type_name(uint32_t type)
{
	static const char *const names[] = { "?", "available", "reserved", "ACPI data", "ACPI NVS", "bad" };
	return names[memmap_clean_type(type)];
}

/* 639 KiB, 1022.9 MiB, 12 GiB: the largest unit the size reaches, one decimal unless exact. */
void memmap_size(char *buf, size_t n, uint64_t bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	uint64_t unit = 1, tenths;
	int u = 0;
	while (u < 5 && bytes / unit >= 1024) {
		unit *= 1024;
		u++;
	}
	if (bytes % unit == 0) {
		ksnprintf(buf, n, "%lu %s", bytes / unit, units[u]);
		return;
	}
	tenths = (bytes % unit * 10 + unit / 2) / unit; /* no overflow: unit <= 2^50 */
	ksnprintf(buf, n, "%lu.%lu %s", bytes / unit, tenths > 9 ? 9 : tenths, units[u]);
}

void memmap_print(const struct mem_region *r, int n)
{
	struct mem_totals t;
	char a[32], b[32];
	for (int i = 0; i < n; i++) {
		memmap_size(a, sizeof(a), r[i].end - r[i].base);
		kprintf("  0x%016lx-0x%016lx %-9s %s\n", r[i].base, r[i].end - 1, memmap_type_name(r[i].type), a);
	}
	memmap_totals(r, n, &t);
	memmap_size(a, sizeof(a), t.available);
	memmap_size(b, sizeof(b), t.reserved);
	kprintf("memory: %s available, %s reserved, in %d regions\n", a, b, n);
}
