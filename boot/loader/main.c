/* boot/loader/main.c: the 32-bit loader. It turns the Multiboot 1 or 2 information into a
 * struct bootinfo, finds the 64-bit kernel among the boot modules, places it clear of
 * everything else, builds the first page tables and enters long mode (entry.S).
 *
 * Memory the kernel starts with: 0-4 GiB identity-mapped and again at LOADER_DIRECT_MAP (the
 * kernel's direct map), and the kernel's segments at their link addresses. All 2 MiB pages. */
#include "../bootinfo.h"
#include "loader.h"
#include "multiboot.h"

#define PAGE_2M        0x200000ull
#define PTE_P          0x1ull
#define PTE_W          0x2ull
#define PTE_PS         0x80ull
#define LOADER_DIRECT_MAP 0xffff800000000000ull
#define KERNEL_MAX_PDS 2

struct bootinfo loader_bootinfo;
static unsigned long long loader_kernel_entry;

/* Page tables live in the loader's own image, so loader_start..loader_end covers them. */
static unsigned long long pml4[512] __attribute__((aligned(4096)));
static unsigned long long pdpt_low[512] __attribute__((aligned(4096)));
static unsigned long long pd_low[4][512] __attribute__((aligned(4096)));
static unsigned long long pdpt_high[512] __attribute__((aligned(4096)));
static unsigned long long pd_kernel[KERNEL_MAX_PDS][512] __attribute__((aligned(4096)));

extern char loader_image_start[], _end[];

static void copy_name(char *dst, const char *src, unsigned int n)
{
	unsigned int i = 0;
	if (src)
		for (; i + 1 < n && src[i]; i++)
			dst[i] = src[i];
	dst[i] = 0;
}

static void add_mmap(struct bootinfo *bi, unsigned long long base, unsigned long long len,
		unsigned int type)
{
	struct bootinfo_mmap *m;
	if (bi->mmap_count >= BOOTINFO_MAX_MMAP)
		loader_panic("too many memory map entries");
	m = &bi->mmap[bi->mmap_count++];
	m->base = base;
	m->length = len;
	m->type = type;
	m->pad = 0;
}

static void add_module(struct bootinfo *bi, unsigned int start, unsigned int end, const char *name)
{
	struct bootinfo_module *m;
	if (bi->module_count >= BOOTINFO_MAX_MODS)
		loader_panic("too many boot modules");
	m = &bi->modules[bi->module_count++];
	m->start = start;
	m->end = end;
	copy_name(m->name, name, BOOTINFO_MODNAME);
}

/* Both protocols describe a framebuffer with the same fields. */
static void set_fb(struct bootinfo *bi, unsigned int lo, unsigned int hi, unsigned int pitch,
		unsigned int width, unsigned int height, unsigned char bpp, unsigned char type,
		const unsigned char color[6])
{
	bi->fb.addr = ((unsigned long long)hi << 32) | lo;
	bi->fb.pitch = pitch;
	bi->fb.width = width;
	bi->fb.height = height;
	bi->fb.bpp = bpp;
	bi->fb.type = type;
	loader_memcpy(&bi->fb.red_pos, color, 6);
	bi->flags |= BOOTINFO_HAVE_FB;
}

static void parse_mb1(struct bootinfo *bi, const struct mb1_info *mi)
{
	unsigned int i, off;
	bi->protocol = BOOTINFO_PROTO_MULTIBOOT1;
	if (mi->flags & MB1_INFO_CMDLINE)
		copy_name(bi->cmdline, (const char *)mi->cmdline, BOOTINFO_CMDLINE);
	if (mi->flags & MB1_INFO_MODS) {
		const struct mb1_module *mod = (const struct mb1_module *)mi->mods_addr;
		for (i = 0; i < mi->mods_count; i++)
			add_module(bi, mod[i].start, mod[i].end, (const char *)mod[i].cmdline);
	}
	if (mi->flags & MB1_INFO_MMAP) {
		for (off = 0; off < mi->mmap_length;) {
			const struct mb1_mmap *e = (const struct mb1_mmap *)(mi->mmap_addr + off);
			add_mmap(bi, ((unsigned long long)e->base_hi << 32) | e->base_lo,
				((unsigned long long)e->len_hi << 32) | e->len_lo, e->type);
			off += e->size + 4;
		}
	} else if (mi->flags & MB1_INFO_MEM) {
		add_mmap(bi, 0, (unsigned long long)mi->mem_lower << 10, BOOTINFO_MEM_AVAILABLE);
		add_mmap(bi, 0x100000, (unsigned long long)mi->mem_upper << 10, BOOTINFO_MEM_AVAILABLE);
	}
	if (mi->flags & MB1_INFO_FB)
		set_fb(bi, mi->fb_addr_lo, mi->fb_addr_hi, mi->fb_pitch, mi->fb_width, mi->fb_height,
			mi->fb_bpp, mi->fb_type, mi->fb_color);
}

static void parse_mb2_mmap(struct bootinfo *bi, const struct mb2_mmap *mm)
{
	unsigned int off;
	for (off = sizeof(*mm); off + mm->entry_size <= mm->size; off += mm->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)((const char *)mm + off);
		add_mmap(bi, ((unsigned long long)e->base_hi << 32) | e->base_lo,
			((unsigned long long)e->len_hi << 32) | e->len_lo, e->type);
	}
}

static void parse_mb2(struct bootinfo *bi, const char *info)
{
	unsigned int total = *(const unsigned int *)info, off = 8;
	bi->protocol = BOOTINFO_PROTO_MULTIBOOT2;
	while (off + 8 <= total) {
		const struct mb2_tag *t = (const struct mb2_tag *)(info + off);
		const char *body = (const char *)t + 8;
		if (t->type == MB2_TAG_END)
			break;
		if (t->type == MB2_TAG_CMDLINE) {
			copy_name(bi->cmdline, body, BOOTINFO_CMDLINE);
		} else if (t->type == MB2_TAG_MODULE) {
			const struct mb2_module *m = (const struct mb2_module *)t;
			add_module(bi, m->start, m->end, m->name);
		} else if (t->type == MB2_TAG_MMAP) {
			parse_mb2_mmap(bi, (const struct mb2_mmap *)t);
		} else if (t->type == MB2_TAG_FB) {
			const struct mb2_fb *f = (const struct mb2_fb *)t;
			set_fb(bi, f->addr_lo, f->addr_hi, f->pitch, f->width, f->height, f->bpp,
				f->fb_type, f->color);
		} else if ((t->type == MB2_TAG_ACPI_OLD && !(bi->flags & BOOTINFO_HAVE_RSDP)) ||
				t->type == MB2_TAG_ACPI_NEW) {
			unsigned int n = t->size - 8;
			loader_memcpy(bi->rsdp, body, n < sizeof(bi->rsdp) ? n : sizeof(bi->rsdp));
			bi->flags |= BOOTINFO_HAVE_RSDP;
		}
		off += (t->size + 7) & ~7u;
	}
}

/* Multiboot 1 has no RSDP tag: look where ACPI says it may be (EBDA, then the BIOS area). */
static int rsdp_valid(const unsigned char *p)
{
	unsigned char sum = 0;
	int i;
	if (loader_memcmp(p, "RSD PTR ", 8))
		return 0;
	for (i = 0; i < 20; i++)
		sum += p[i];
	return sum == 0;
}

static void find_rsdp(struct bootinfo *bi)
{
	unsigned int ebda = (unsigned int)*(const unsigned short *)0x40e << 4, a;
	unsigned int ranges[2][2] = { { ebda, ebda + 1024 }, { 0xe0000, 0x100000 } };
	int r;
	if (bi->flags & BOOTINFO_HAVE_RSDP)
		return;
	for (r = 0; r < 2; r++) {
		if (ranges[r][0] < 0x400)
			continue;
		for (a = ranges[r][0]; a + 20 <= ranges[r][1]; a += 16) {
			const unsigned char *p = (const unsigned char *)a;
			if (!rsdp_valid(p))
				continue;
			loader_memcpy(bi->rsdp, p, p[15] >= 2 ? 36 : 20);
			bi->rsdp_addr = a;
			bi->flags |= BOOTINFO_HAVE_RSDP;
			return;
		}
	}
}

/* The highest byte used by the loader, the modules and the boot information: the kernel
 * goes above it. */
static unsigned long long used_end(const struct bootinfo *bi, unsigned int mbi, unsigned int mbi_len)
{
	unsigned long long end = (unsigned int)_end;
	unsigned int i;
	for (i = 0; i < bi->module_count; i++)
		if (bi->modules[i].end > end)
			end = bi->modules[i].end;
	if (mbi + mbi_len > end)
		end = mbi + mbi_len;
	return end;
}

static int region_is_ram(const struct bootinfo *bi, unsigned long long start, unsigned long long end)
{
	unsigned int i;
	for (i = 0; i < bi->mmap_count; i++) {
		const struct bootinfo_mmap *m = &bi->mmap[i];
		if (m->type == BOOTINFO_MEM_AVAILABLE && m->base <= start && end <= m->base + m->length)
			return 1;
	}
	return 0;
}

static void map_kernel(unsigned long long vbase, unsigned long long phys, unsigned long long size)
{
	unsigned long long v, off;
	unsigned int used = 0, i, last_pdpt = 512;
	for (off = 0; off < size; off += PAGE_2M) {
		v = vbase + off;
		i = (unsigned int)(v >> 30) & 511;
		if ((v >> 39 & 511) != 511)
			loader_panic("kernel must be linked in the top 512 GiB");
		if (i != last_pdpt) {
			if (used == KERNEL_MAX_PDS)
				loader_panic("kernel too large");
			pdpt_high[i] = (unsigned int)pd_kernel[used++] | PTE_P | PTE_W;
			last_pdpt = i;
		}
		((unsigned long long *)(unsigned int)(pdpt_high[i] & ~0xfffull))[(v >> 21) & 511] =
			(phys + off) | PTE_P | PTE_W | PTE_PS;
	}
	pml4[511] = (unsigned int)pdpt_high | PTE_P | PTE_W;
}

static void build_page_tables(void)
{
	unsigned int g, i;
	for (g = 0; g < 4; g++) {
		for (i = 0; i < 512; i++)
			pd_low[g][i] = ((unsigned long long)g << 30) + (unsigned long long)i * PAGE_2M +
				(PTE_P | PTE_W | PTE_PS);
		pdpt_low[g] = (unsigned int)pd_low[g] | PTE_P | PTE_W;
	}
	pml4[0] = (unsigned int)pdpt_low | PTE_P | PTE_W;
	pml4[(LOADER_DIRECT_MAP >> 39) & 511] = (unsigned int)pdpt_low | PTE_P | PTE_W;
}

static void load_kernel(struct bootinfo *bi, unsigned int mbi, unsigned int mbi_len)
{
	struct loader_elf_image img;
	unsigned int i;
	int found = -1;
	for (i = 0; i < bi->module_count && found < 0; i++)
		if (loader_elf_probe((const void *)(unsigned int)bi->modules[i].start,
				bi->modules[i].end - bi->modules[i].start, &img) == 0)
			found = (int)i;
	if (found < 0)
		loader_panic("no x86_64 ELF kernel among the boot modules");
	bi->kernel_image = bi->modules[found].start;
	bi->kernel_image_size = bi->modules[found].end - bi->modules[found].start;
	bi->kernel_start = (used_end(bi, mbi, mbi_len) + PAGE_2M - 1) & ~(PAGE_2M - 1);
	bi->kernel_end = bi->kernel_start + img.vend - img.vbase;
	bi->kernel_vbase = img.vbase;
	bi->kernel_entry = img.entry;
	if (bi->kernel_end > 0xffffffffull || !region_is_ram(bi, bi->kernel_start, bi->kernel_end))
		loader_panic("no room for the kernel in memory below 4 GiB");
	loader_elf_load(&img, bi->kernel_start);
	map_kernel(img.vbase, bi->kernel_start, bi->kernel_end - bi->kernel_start);
}

void loader_main(unsigned int magic, unsigned int info)
{
	struct bootinfo *bi = &loader_bootinfo;
	unsigned int info_len = 0;
	loader_serial_init();
	bi->magic = BOOTINFO_MAGIC;
	bi->version = BOOTINFO_VERSION;
	bi->size = sizeof(*bi);
	if (magic == MB1_BOOT_MAGIC) {
		parse_mb1(bi, (const struct mb1_info *)info);
		info_len = sizeof(struct mb1_info);
	} else if (magic == MB2_BOOT_MAGIC) {
		parse_mb2(bi, (const char *)info);
		info_len = *(const unsigned int *)info;
	} else {
		loader_panic("not started by a Multiboot loader");
	}
	if (bi->mmap_count == 0)
		loader_panic("the boot loader gave no memory map");
	find_rsdp(bi);
	bi->loader_start = (unsigned int)loader_image_start;
	bi->loader_end = (unsigned int)_end;
	build_page_tables();
	load_kernel(bi, info, info_len);
	bi->pml4 = (unsigned int)pml4;
	loader_kernel_entry = bi->kernel_entry;
	loader_enter_long_mode((unsigned int)pml4, (unsigned int)&loader_kernel_entry,
		(unsigned int)bi);
}
