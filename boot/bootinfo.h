/* boot/bootinfo.h: the structure the 32-bit loader hands to the 64-bit kernel.
 *
 * The loader is built by the i386 tcc, the kernel by the x86_64 tcc: i386 aligns uint64_t to
 * 4 bytes and x86_64 to 8, so every field is fixed-width, every gap is an explicit pad field,
 * and both sides check the offsets below at compile time. Addresses are physical. */
#ifndef BOOT_BOOTINFO_H
#define BOOT_BOOTINFO_H

#define BOOTINFO_MAGIC     0x544f4f4246455246ULL /* "FERFBOOT" read as little-endian bytes */
#define BOOTINFO_VERSION   1
#define BOOTINFO_MAX_MMAP  128
#define BOOTINFO_MAX_MODS  16
#define BOOTINFO_CMDLINE   256
#define BOOTINFO_MODNAME   48

/* Memory map entry types: the Multiboot / E820 values. */
#define BOOTINFO_MEM_AVAILABLE    1
#define BOOTINFO_MEM_RESERVED     2
#define BOOTINFO_MEM_ACPI_RECLAIM 3
#define BOOTINFO_MEM_ACPI_NVS     4
#define BOOTINFO_MEM_BAD          5

/* Which boot protocol handed control to the loader. */
#define BOOTINFO_PROTO_MULTIBOOT1 1
#define BOOTINFO_PROTO_MULTIBOOT2 2

/* flags */
#define BOOTINFO_HAVE_FB   0x1u /* fb is valid */
#define BOOTINFO_HAVE_RSDP 0x2u /* rsdp holds a copy of the ACPI RSDP */

struct bootinfo_mmap {
	unsigned long long base;
	unsigned long long length;
	unsigned int type;
	unsigned int pad;
};

struct bootinfo_module {
	unsigned long long start; /* physical, first byte */
	unsigned long long end;   /* physical, one past the last byte */
	char name[BOOTINFO_MODNAME]; /* the module's command line, truncated, NUL-terminated */
};

struct bootinfo_fb {
	unsigned long long addr;
	unsigned int pitch;
	unsigned int width;
	unsigned int height;
	unsigned char bpp;
	unsigned char type;        /* Multiboot: 0 indexed, 1 RGB, 2 EGA text */
	unsigned char red_pos, red_size;
	unsigned char green_pos, green_size;
	unsigned char blue_pos, blue_size;
	unsigned int pad;
};

struct bootinfo {
	unsigned long long magic;       /* BOOTINFO_MAGIC */
	unsigned int version;           /* BOOTINFO_VERSION */
	unsigned int size;              /* sizeof(struct bootinfo) as the loader saw it */
	unsigned int protocol;          /* BOOTINFO_PROTO_* */
	unsigned int flags;             /* BOOTINFO_HAVE_* */
	unsigned long long loader_start;  /* the loader's own image, bootinfo and page tables */
	unsigned long long loader_end;
	unsigned long long kernel_start;  /* where the kernel's segments were placed */
	unsigned long long kernel_end;
	unsigned long long kernel_vbase;  /* the virtual address kernel_start is mapped at */
	unsigned long long kernel_entry;
	unsigned long long kernel_image;  /* the kernel ELF file as loaded (symbols live there) */
	unsigned long long kernel_image_size;
	unsigned long long pml4;          /* the page tables the kernel starts on */
	unsigned int mmap_count;
	unsigned int module_count;
	char cmdline[BOOTINFO_CMDLINE];
	unsigned char rsdp[40];           /* a copy of the RSDP (20 bytes for ACPI 1, 36 for 2+) */
	unsigned long long rsdp_addr;     /* where it was found (0 if it came in a Multiboot 2 tag) */
	struct bootinfo_fb fb;
	struct bootinfo_mmap mmap[BOOTINFO_MAX_MMAP];
	struct bootinfo_module modules[BOOTINFO_MAX_MODS];
};

/* Checked on both sides of the boundary: change a field, change these. */
#define BOOTINFO_CHECK(field, off) \
	_Static_assert(__builtin_offsetof(struct bootinfo, field) == (off), "bootinfo." #field)
BOOTINFO_CHECK(magic, 0);
BOOTINFO_CHECK(version, 8);
BOOTINFO_CHECK(protocol, 16);
BOOTINFO_CHECK(loader_start, 24);
BOOTINFO_CHECK(kernel_start, 40);
BOOTINFO_CHECK(kernel_entry, 64);
BOOTINFO_CHECK(kernel_image, 72);
BOOTINFO_CHECK(pml4, 88);
BOOTINFO_CHECK(mmap_count, 96);
BOOTINFO_CHECK(module_count, 100);
BOOTINFO_CHECK(cmdline, 104);
BOOTINFO_CHECK(rsdp, 360);
BOOTINFO_CHECK(rsdp_addr, 400);
BOOTINFO_CHECK(fb, 408);
BOOTINFO_CHECK(mmap, 440);
BOOTINFO_CHECK(modules, 440 + 24 * BOOTINFO_MAX_MMAP);
_Static_assert(sizeof(struct bootinfo_mmap) == 24, "bootinfo_mmap size");
_Static_assert(sizeof(struct bootinfo_module) == 64, "bootinfo_module size");
_Static_assert(sizeof(struct bootinfo_fb) == 32, "bootinfo_fb size");
_Static_assert(sizeof(struct bootinfo) == 440 + 24 * BOOTINFO_MAX_MMAP + 64 * BOOTINFO_MAX_MODS,
	"bootinfo size");

#endif
