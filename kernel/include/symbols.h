/* kernel/include/symbols.h: looking up addresses in an ELF64 file's symbol table; the kernel
 * uses its own image (a boot module) to put names in backtraces. */
#ifndef KERNEL_SYMBOLS_H
#define KERNEL_SYMBOLS_H

#include "types.h"

struct symtab {
	const uint8_t *syms;   /* Elf64_Sym array */
	size_t count;
	const char *strs;
	size_t strs_size;
};

/* Finds the symbol table of the ELF file at image; checks every offset against size.
 * Returns 0, or a negative errno value (-ENOEXEC: not ELF64, -ENOENT: no symtab). */
int sym_init(struct symtab *st, const void *image, size_t size);
/* The function or object containing addr, and addr's offset into it; NULL if none. */
const char *sym_lookup(const struct symtab *st, uint64_t addr, uint64_t *offset);
/* The address of the symbol called name, or 0. */
uint64_t sym_address(const struct symtab *st, const char *name);

/* The kernel's own table, set up at boot (empty until then). */
extern struct symtab kernel_symtab;

#endif
