/* utils/od.c: od, dumps bytes: od [-bcdovx] [-A d|o|x|n] [-j SKIP] [-N COUNT] [-t TYPE]...
 * [FILE...]. 16 bytes a line, each TYPE on its own line (a, c, d, o, u, x with sizes 1, 2, 4,
 * 8 or C S I L), repeated lines as `*` unless -v. Integers are read in the machine's order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/util.h"

static const char od_help[] =
	"usage: od [-bcdovx] [-A d|o|x|n] [-j SKIP] [-N COUNT] [-t TYPE]... [FILE...]\n"
	"Writes the bytes of the FILEs (standard input for - or none), 16 a line, in each TYPE.\n"
	"  -t TYPE  a (named characters), c (characters), d (signed), u (unsigned), o (octal),\n"
	"           x (hex); the integer ones with a size 1, 2, 4, 8 (or C, S, I, L): x2\n"
	"  -A BASE  offsets in d, o (the default), x, or n (none)\n"
	"  -j SKIP  skip SKIP bytes first    -N COUNT  at most COUNT bytes\n"
	"  -v       every line (no * for repeats)\n"
	"  -b -c -d -o -x  -t o1, -t c, -t u2, -t o2, -t x2\n"
	"Exit status: 0, or 1 if a file could not be read.\n";

struct od_type {
	char kind;   /* a c d o u x */
	int size;
};

static struct od_type *od_types;
static size_t od_ntypes;
static char od_base = 'o';

static void od_add(const char *t)
{
	while (*t) {
		struct od_type ty = { *t++, 1 };
		if (!strchr("acdoux", ty.kind))
			util_die(1, "invalid type: %c", ty.kind);
		if (strchr("doux", ty.kind)) {
			ty.size = 4;
			if (*t == 'C') ty.size = 1, t++;
			else if (*t == 'S') ty.size = 2, t++;
			else if (*t == 'I') ty.size = 4, t++;
			else if (*t == 'L') ty.size = 8, t++;
			else if (*t >= '0' && *t <= '9') {
				ty.size = (int)strtol(t, (char **)&t, 10);
				if (ty.size != 1 && ty.size != 2 && ty.size != 4 && ty.size != 8)
					util_die(1, "invalid type size: %d", ty.size);
			}
		}
		od_types = util_realloc(od_types, sizeof(*od_types) * (od_ntypes + 1));
		od_types[od_ntypes++] = ty;
	}
}

static void od_offset(unsigned long long off, const char *end)
{
	if (od_base == 'd') printf("%07llu%s", off, end);
	else if (od_base == 'x') printf("%06llx%s", off, end);
	else if (od_base == 'o') printf("%07llo%s", off, end);
}

static void od_char(unsigned char b, int named)
{
	static const char *names[] = { "nul", "soh", "stx", "etx", "eot", "enq", "ack", "bel",
		"bs", "ht", "nl", "vt", "ff", "cr", "so", "si", "dle", "dc1", "dc2", "dc3", "dc4",
		"nak", "syn", "etb", "can", "em", "sub", "esc", "fs", "gs", "rs", "us", "sp" };
	static const char escs[] = "\a\b\f\n\r\t\v"; /* one array: two equal literals may differ */
	const char *esc = b ? strchr(escs, b) : NULL;
	if (named) {
		b &= 0x7f;
		if (b <= 32) printf(" %3s", names[b]);
		else if (b == 127) printf(" del");
		else printf("   %c", b);
	} else if (b == 0)
		printf("  \\0");
	else if (esc)
		printf("  \\%c", "abfnrtv"[esc - escs]);
	else if (b >= 32 && b < 127)
		printf("   %c", b);
	else
		printf(" %03o", b);
}

static void od_line(const unsigned char *p, size_t n)
{
	for (size_t t = 0; t < od_ntypes; t++) {
		struct od_type ty = od_types[t];
		if (t && od_base != 'n') /* the caller printed the offset before the first type */
			printf("%*s", od_base == 'x' ? 6 : 7, "");
		for (size_t i = 0; i < n; i += (size_t)ty.size) {
			unsigned long long v = 0;
			unsigned char buf[8] = { 0 };
			memcpy(buf, p + i, n - i < (size_t)ty.size ? n - i : (size_t)ty.size);
			for (int k = ty.size - 1; k >= 0; k--)
				v = v << 8 | buf[k]; /* little-endian, as x86 */
			int bits = ty.size * 8;
			long long sv = bits < 64 && (v >> (bits - 1)) ? (long long)(v - (1ULL << bits)) : (long long)v;
			static const int dw[9] = { 0, 4, 6, 0, 11, 0, 0, 0, 20 };
			static const int uw[9] = { 0, 3, 5, 0, 10, 0, 0, 0, 20 };
			static const int ow[9] = { 0, 3, 6, 0, 11, 0, 0, 0, 22 };
			switch (ty.kind) {
			case 'a': od_char(p[i], 1); break;
			case 'c': od_char(p[i], 0); break;
			case 'd': printf(" %*lld", dw[ty.size], sv); break;
			case 'u': printf(" %*llu", uw[ty.size], v); break;
			case 'o': printf(" %0*llo", ow[ty.size], v); break;
			case 'x': printf(" %0*llx", ty.size * 2, v); break;
			}
		}
		putchar('\n');
	}
}

int main(int argc, char **argv)
{
	int c, verbose = 0, status = 0;
	long long skip = 0, count = -1;
	util_init(argc, argv, "od", od_help);
	while ((c = getopt(argc, argv, "+A:j:N:t:bcdovx")) != -1) {
		switch (c) {
		case 'A':
			if (strlen(optarg) != 1 || !strchr("doxn", optarg[0]))
				util_die(1, "invalid offset base: %s", optarg);
			od_base = optarg[0];
			break;
		case 'j':
			if (util_parse_long(optarg, &skip) || skip < 0)
				util_die(1, "invalid skip: %s", optarg);
			break;
		case 'N':
			if (util_parse_long(optarg, &count) || count < 0)
				util_die(1, "invalid count: %s", optarg);
			break;
		case 't': od_add(optarg); break;
		case 'b': od_add("o1"); break;
		case 'c': od_add("c"); break;
		case 'd': od_add("u2"); break;
		case 'o': od_add("o2"); break;
		case 'x': od_add("x2"); break;
		case 'v': verbose = 1; break;
		default: return util_usage(1);
		}
	}
	if (!od_ntypes)
		od_add("o2");
	if (optind == argc)
		argv[--optind] = "-";
	unsigned char line[16], prev[16];
	size_t have = 0;
	unsigned long long off = 0;
	int fi = optind, starred = 0, have_prev = 0;
	FILE *f = NULL;
	for (;;) {
		int b = EOF;
		while (count != 0) {
			if (!f) {
				if (fi >= argc)
					break;
				const char *name = argv[fi++];
				f = strcmp(name, "-") ? fopen(name, "r") : stdin;
				if (!f) {
					util_warn(name);
					status = 1;
					continue;
				}
			}
			b = getc(f);
			if (b != EOF)
				break;
			if (ferror(f)) {
				util_warn(argv[fi - 1]);
				status = 1;
			}
			if (f != stdin)
				fclose(f);
			f = NULL;
		}
		if (b != EOF && skip > 0) {
			skip--;
			off++;
			continue;
		}
		if (b != EOF) {
			line[have++] = (unsigned char)b;
			if (count > 0)
				count--;
		}
		if (have == 16 || (b == EOF && have)) {
			if (!verbose && have == 16 && have_prev && !memcmp(line, prev, 16)) {
				if (!starred)
					puts("*");
				starred = 1;
			} else {
				starred = 0;
				if (od_base != 'n')
					od_offset(off, "");
				od_line(line, have);
			}
			memcpy(prev, line, have);
			have_prev = have == 16;
			off += have;
			have = 0;
		}
		if (b == EOF)
			break;
	}
	od_offset(off, "\n");
	return fflush(stdout) ? 1 : status;
}
