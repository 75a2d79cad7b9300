/* kernel/core/symbols.c: symbol lookup in an ELF64 image, for symbolised backtraces. The
 * image comes from outside the kernel's control (a boot module), so every offset is checked
 * before it is used. Portable; tested on the host with well-formed and broken images. */
#include "klib.h"
#include "errno.h"
#include "symbols.h"
#include "elf64.h"

struct symtab kernel_symtab;

static bool sym_range_ok(uint64_t off, uint64_t len, size_t size)
{
	return off <= size && len <= size - off;
}

int sym_init(struct symtab *st, const void *image, size_t size)
{
	const struct elf64_ehdr *eh = image;
	const uint8_t *base = image;
	memset(st, 0, sizeof(*st));
	if (size < sizeof(*eh) || memcmp(eh->ident, "\177ELF", 4) || eh->ident[4] != 2 ||
			eh->shentsize != sizeof(struct elf64_shdr) ||
			!sym_range_ok(eh->shoff, (uint64_t)eh->shnum * sizeof(struct elf64_shdr), size))
		return -ENOEXEC;
	for (unsigned i = 0; i < eh->shnum; i++) {
		struct elf64_shdr sh, strh;
		memcpy(&sh, base + eh->shoff + i * sizeof(sh), sizeof(sh));
		if (sh.type != ELF_SHT_SYMTAB)
			continue;
		if (sh.link >= eh->shnum || !sym_range_ok(sh.offset, sh.size, size))
			return -ENOEXEC;
		memcpy(&strh, base + eh->shoff + sh.link * sizeof(strh), sizeof(strh));
		if (!sym_range_ok(strh.offset, strh.size, size) || strh.size == 0)
			return -ENOEXEC;
		st->syms = base + sh.offset;
		st->count = sh.size / sizeof(struct elf64_sym);
		st->strs = (const char *)base + strh.offset;
		st->strs_size = strh.size;
		return 0;
	}
	return -ENOENT;
}

static void sym_get(const struct symtab *st, size_t i, struct elf64_sym *s)
{
	memcpy(s, st->syms + i * sizeof(*s), sizeof(*s));
}

static const char *sym_name(const struct symtab *st, uint32_t off)
{
	if (off >= st->strs_size || strnlen(st->strs + off, st->strs_size - off) == st->strs_size - off)
		return NULL; /* out of range or not NUL-terminated inside the table */
	return st->strs + off;
}

/* Assemblers' local labels ("1:" becomes L..1 in tcc, .L1 in gas) name nothing useful. */
static bool sym_worth_naming(const struct symtab *st, uint32_t off)
{
	const char *n = sym_name(st, off);
	return n && *n && strncmp(n, "L..", 3) != 0 && strncmp(n, ".L", 2) != 0;
}

const char *sym_lookup(const struct symtab *st, uint64_t addr, uint64_t *offset)
{
	struct elf64_sym s, best = { 0, 0, 0, 0, 0, 0 };
	bool found = false;
	for (size_t i = 0; i < st->count; i++) {
		int type;
		sym_get(st, i, &s);
		type = s.info & 0xf;
		/* untyped symbols are assembly labels (_start, isr stubs): names worth showing */
		if ((type != ELF_STT_FUNC && type != ELF_STT_OBJECT && type != ELF_STT_NOTYPE) || s.shndx == 0 ||
				s.value > addr || !sym_worth_naming(st, s.name))
			continue;
		if (s.size && addr - s.value >= s.size)
			continue;
		if (!found || s.value > best.value) {
			best = s;
			found = true;
		}
	}
	if (!found)
		return NULL;
	if (offset)
		*offset = addr - best.value;
	return sym_name(st, best.name);
}

uint64_t sym_address(const struct symtab *st, const char *name)
{
	struct elf64_sym s;
	for (size_t i = 0; i < st->count; i++) {
		const char *n;
		sym_get(st, i, &s);
		n = sym_name(st, s.name);
		if (n && s.shndx != 0 && strcmp(n, name) == 0)
			return s.value;
	}
	return 0;
}
