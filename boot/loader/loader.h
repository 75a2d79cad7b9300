/* boot/loader/loader.h: what the loader's files share. */
#ifndef LOADER_LOADER_H
#define LOADER_LOADER_H

struct loader_elf_image {
	const unsigned char *file;
	unsigned int size;
	unsigned long long vbase;  /* lowest segment address, rounded down to 2 MiB */
	unsigned long long vend;   /* one past the highest segment byte */
	unsigned long long entry;
};

/* elf.c */
int loader_elf_probe(const void *file, unsigned long long size, struct loader_elf_image *img);
void loader_elf_load(const struct loader_elf_image *img, unsigned long long phys);

/* serial.c */
void loader_serial_init(void);
void loader_puts(const char *s);
void loader_panic(const char *why);

/* util.c */
void loader_memcpy(void *dst, const void *src, unsigned int n);
void loader_memset(void *dst, int c, unsigned int n);
int loader_memcmp(const void *a, const void *b, unsigned int n);

/* entry.S */
void loader_enter_long_mode(unsigned int pml4, unsigned int entry_ptr, unsigned int bootinfo);

#endif
