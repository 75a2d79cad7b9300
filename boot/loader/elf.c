/* boot/loader/elf.c: checks the kernel's ELF64 file and copies its segments into place. */
#include "loader.h"

#define PAGE_2M 0x200000ull
#define PT_LOAD 1

struct elf64_ehdr {
	unsigned char ident[16];
	unsigned short type, machine;
	unsigned int version;
	unsigned long long entry, phoff, shoff;
	unsigned int flags;
	unsigned short ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	unsigned int type, flags;
	unsigned long long offset, vaddr, paddr, filesz, memsz, align;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "elf64 header");
_Static_assert(sizeof(struct elf64_phdr) == 56, "elf64 program header");

static const struct elf64_phdr *phdr(const struct loader_elf_image *img, unsigned int i)
{
	const struct elf64_ehdr *eh = (const struct elf64_ehdr *)img->file;
	return (const struct elf64_phdr *)(img->file + (unsigned int)eh->phoff + i * eh->phentsize);
}

/* 0 if file is an x86_64 executable whose segments all lie inside the file; fills img. */
int loader_elf_probe(const void *file, unsigned long long size, struct loader_elf_image *img)
{
	const struct elf64_ehdr *eh = file;
	unsigned int i;
	int any = 0;
	if (size < sizeof(*eh) || loader_memcmp(eh->ident, "\177ELF", 4) || eh->ident[4] != 2 ||
			eh->machine != 62 || eh->type != 2 || eh->phentsize != sizeof(struct elf64_phdr) ||
			eh->phoff + (unsigned long long)eh->phnum * eh->phentsize > size)
		return -1;
	img->file = file;
	img->size = (unsigned int)size;
	img->vbase = ~0ull;
	img->vend = 0;
	img->entry = eh->entry;
	for (i = 0; i < eh->phnum; i++) {
		const struct elf64_phdr *ph = phdr(img, i);
		if (ph->type != PT_LOAD)
			continue;
		if (ph->offset + ph->filesz > size || ph->filesz > ph->memsz)
			loader_panic("kernel ELF segment lies outside the file");
		if (ph->vaddr < img->vbase)
			img->vbase = ph->vaddr;
		if (ph->vaddr + ph->memsz > img->vend)
			img->vend = ph->vaddr + ph->memsz;
		any = 1;
	}
	if (!any)
		return -1;
	img->vbase &= ~(PAGE_2M - 1);
	if (img->vend - img->vbase > 0x40000000ull)
		loader_panic("kernel image larger than 1 GiB");
	return 0;
}

void loader_elf_load(const struct loader_elf_image *img, unsigned long long phys)
{
	const struct elf64_ehdr *eh = (const struct elf64_ehdr *)img->file;
	unsigned int i;
	loader_memset((void *)(unsigned int)phys, 0, (unsigned int)(img->vend - img->vbase));
	for (i = 0; i < eh->phnum; i++) {
		const struct elf64_phdr *ph = phdr(img, i);
		if (ph->type != PT_LOAD)
			continue;
		loader_memcpy((void *)(unsigned int)(phys + ph->vaddr - img->vbase),
			img->file + (unsigned int)ph->offset, (unsigned int)ph->filesz);
	}
}
