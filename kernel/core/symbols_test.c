/* kernel/core/symbols_test.c: symbol lookup over a small ELF64 image built here, and over
 * broken ones (kernel and host). */
#include "ktest.h"
#include "errno.h"
#include "symbols.h"

/* ELF header, 3 section headers (null, .symtab, .strtab), 4 symbols, strings. */
struct symtest_image {
	uint8_t ehdr[64];
	uint8_t shdr[3][64];
	uint8_t syms[4][24];
	char strs[32];
};

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)v); put16(p + 2, (uint16_t)(v >> 16)); }
static void put64(uint8_t *p, uint64_t v) { put32(p, (uint32_t)v); put32(p + 4, (uint32_t)(v >> 32)); }

static void symtest_sym(uint8_t *s, uint32_t name, uint8_t type, uint64_t value, uint64_t size)
{
	put32(s, name);
	s[4] = (uint8_t)(0x10 | type); /* global */
	put16(s + 6, 1);
	put64(s + 8, value);
	put64(s + 16, size);
}

static void symtest_build(struct symtest_image *im)
{
	memset(im, 0, sizeof(*im));
	memcpy(im->ehdr, "\177ELF\2\1\1", 7);
	put16(im->ehdr + 16, 2);
	put16(im->ehdr + 18, 62);
	put64(im->ehdr + 40, 64);      /* shoff */
	put16(im->ehdr + 58, 64);      /* shentsize */
	put16(im->ehdr + 60, 3);       /* shnum */
	put32(im->shdr[1] + 4, 2);     /* SHT_SYMTAB */
	put64(im->shdr[1] + 24, 64 + 3 * 64);
	put64(im->shdr[1] + 32, sizeof(im->syms));
	put32(im->shdr[1] + 40, 2);    /* link: strtab */
	put32(im->shdr[2] + 4, 3);     /* SHT_STRTAB */
	put64(im->shdr[2] + 24, 64 + 3 * 64 + sizeof(im->syms));
	put64(im->shdr[2] + 32, sizeof(im->strs));
	memcpy(im->strs, "\0alpha\0beta\0gamma\0data", 23);
	symtest_sym(im->syms[0], 1, 2, 0x1000, 0x40);  /* alpha: func 0x1000-0x103f */
	symtest_sym(im->syms[1], 7, 2, 0x1040, 0x20);  /* beta */
	symtest_sym(im->syms[2], 12, 2, 0x2000, 0);    /* gamma: size unknown */
	symtest_sym(im->syms[3], 18, 1, 0x3000, 8);    /* data: object */
}

KTEST(symbols_lookup)
{
	struct symtest_image im;
	struct symtab st;
	uint64_t off = 99;
	symtest_build(&im);
	KEXPECT_EQ_U64(sym_init(&st, &im, sizeof(im)), 0);
	KEXPECT_EQ_U64(st.count, 4);
	KEXPECT_EQ_STR(sym_lookup(&st, 0x1000, &off), "alpha");
	KEXPECT_EQ_U64(off, 0);
	KEXPECT_EQ_STR(sym_lookup(&st, 0x1045, &off), "beta");
	KEXPECT_EQ_U64(off, 5);
	KEXPECT_EQ_STR(sym_lookup(&st, 0x2345, &off), "gamma");
	KEXPECT_EQ_U64(off, 0x345);
	KEXPECT(sym_lookup(&st, 0x1060, &off) == NULL); /* past beta's end, before gamma */
	KEXPECT(sym_lookup(&st, 0x10, &off) == NULL);
	KEXPECT_EQ_STR(sym_lookup(&st, 0x3004, NULL), "data");
	KEXPECT_EQ_U64(sym_address(&st, "beta"), 0x1040);
	KEXPECT_EQ_U64(sym_address(&st, "delta"), 0);
}

KTEST(symbols_reject_broken_images)
{
	struct symtest_image im;
	struct symtab st;
	symtest_build(&im);
	KEXPECT_EQ_U64(sym_init(&st, &im, 40), (uint64_t)-ENOEXEC);          /* truncated header */
	KEXPECT_EQ_U64(sym_init(&st, &im, 64 + 100), (uint64_t)-ENOEXEC);    /* truncated sections */
	symtest_build(&im);
	put64(im.shdr[1] + 32, 1u << 20);                                      /* symtab past the end */
	KEXPECT_EQ_U64(sym_init(&st, &im, sizeof(im)), (uint64_t)-ENOEXEC);
	symtest_build(&im);
	put32(im.shdr[1] + 40, 9);                                             /* bad strtab link */
	KEXPECT_EQ_U64(sym_init(&st, &im, sizeof(im)), (uint64_t)-ENOEXEC);
	symtest_build(&im);
	put32(im.shdr[1] + 4, 1);                                              /* no symtab at all */
	KEXPECT_EQ_U64(sym_init(&st, &im, sizeof(im)), (uint64_t)-ENOENT);
	symtest_build(&im);
	im.ehdr[0] = 0;
	KEXPECT_EQ_U64(sym_init(&st, &im, sizeof(im)), (uint64_t)-ENOEXEC);
	/* a symbol whose name lies outside the string table is passed over, not read wildly */
	symtest_build(&im);
	put32(im.syms[0], 1000);
	KEXPECT_EQ_U64(sym_init(&st, &im, sizeof(im)), 0);
	KEXPECT(sym_lookup(&st, 0x1000, NULL) == NULL);
	/* so is one whose name runs off the end of the table: gamma (size unknown) is next */
	symtest_build(&im);
	memset(im.strs + 18, 'x', sizeof(im.strs) - 18);
	KEXPECT_EQ_U64(sym_init(&st, &im, sizeof(im)), 0);
	KEXPECT_EQ_STR(sym_lookup(&st, 0x3000, NULL), "gamma");
	KEXPECT_EQ_U64(sym_address(&st, "data"), 0);
	KEXPECT_EQ_STR(sym_lookup(&st, 0x1000, NULL), "alpha");
}
