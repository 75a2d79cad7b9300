/* boot/loader/multiboot.h: the parts of the Multiboot 1 and 2 information structures the
 * loader reads, as the two specifications lay them out. */
#ifndef LOADER_MULTIBOOT_H
#define LOADER_MULTIBOOT_H

#define MB1_BOOT_MAGIC 0x2BADB002u
#define MB2_BOOT_MAGIC 0x36d76289u

#define MB1_INFO_MEM     0x001u
#define MB1_INFO_CMDLINE 0x004u
#define MB1_INFO_MODS    0x008u
#define MB1_INFO_MMAP    0x040u
#define MB1_INFO_FB      0x1000u

struct mb1_info {
	unsigned int flags;
	unsigned int mem_lower, mem_upper;
	unsigned int boot_device;
	unsigned int cmdline;
	unsigned int mods_count, mods_addr;
	unsigned int syms[4];
	unsigned int mmap_length, mmap_addr;
	unsigned int drives_length, drives_addr;
	unsigned int config_table;
	unsigned int boot_loader_name;
	unsigned int apm_table;
	unsigned int vbe_control_info, vbe_mode_info;
	unsigned short vbe_mode, vbe_seg, vbe_off, vbe_len;
	unsigned int fb_addr_lo, fb_addr_hi;
	unsigned int fb_pitch, fb_width, fb_height;
	unsigned char fb_bpp, fb_type;
	unsigned char fb_color[6];
};
_Static_assert(__builtin_offsetof(struct mb1_info, fb_addr_lo) == 88, "mb1 fb offset");

struct mb1_module {
	unsigned int start, end, cmdline, pad;
};

struct mb1_mmap {
	unsigned int size; /* of the rest of the entry */
	unsigned int base_lo, base_hi, len_lo, len_hi;
	unsigned int type;
};

#define MB2_TAG_END      0
#define MB2_TAG_CMDLINE  1
#define MB2_TAG_MODULE   3
#define MB2_TAG_MMAP     6
#define MB2_TAG_FB       8
#define MB2_TAG_ACPI_OLD 14
#define MB2_TAG_ACPI_NEW 15

struct mb2_tag {
	unsigned int type, size;
};

struct mb2_module {
	unsigned int type, size, start, end;
	char name[];
};

struct mb2_mmap {
	unsigned int type, size, entry_size, entry_version;
};

struct mb2_mmap_entry {
	unsigned int base_lo, base_hi, len_lo, len_hi;
	unsigned int type, reserved;
};

struct mb2_fb {
	unsigned int type, size;
	unsigned int addr_lo, addr_hi;
	unsigned int pitch, width, height;
	unsigned char bpp, fb_type;
	unsigned short reserved;
	unsigned char color[6];
};

#endif
