/* kernel/include/elf64.h: the ELF64 structures the kernel reads (its own symbols, programs it
 * loads), as the ELF specification lays them out. */
#ifndef KERNEL_ELF64_H
#define KERNEL_ELF64_H

#include "types.h"

#define ELF_PT_LOAD    1
#define ELF_PF_X       1
#define ELF_PF_W       2
#define ELF_SHT_SYMTAB 2
#define ELF_STT_NOTYPE 0
#define ELF_STT_OBJECT 1
#define ELF_STT_FUNC   2

struct elf64_ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

struct elf64_shdr {
	uint32_t name, type;
	uint64_t flags, addr, offset, size;
	uint32_t link, info;
	uint64_t addralign, entsize;
};

struct elf64_sym {
	uint32_t name;
	uint8_t info, other;
	uint16_t shndx;
	uint64_t value, size;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64 && sizeof(struct elf64_phdr) == 56 &&
	sizeof(struct elf64_shdr) == 64 && sizeof(struct elf64_sym) == 24, "ELF64 layouts");

#endif
