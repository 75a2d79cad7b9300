/* utils/gzip.c: gzip, gunzip and zcat (the same program, by its name): gzip [-cdfk] [-1..-9]
 * [FILE...]. Compression is LZ77 over a 32 KiB window (hash chains) with deflate's fixed
 * Huffman codes (RFC 1951, block type 1): any inflater reads it, the ratio is a little below
 * gzip's. Decompression reads all three block types (stored, fixed, dynamic), with the gzip
 * member format (RFC 1952) and its CRC-32 and size checked. Start reading at main. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "lib/util.h"

static const char gz_help[] =
	"usage: gzip [-cdfk] [-1..-9] [FILE...]\n"
	"       gunzip [-cfk] [FILE...]    zcat [FILE...]\n"
	"Compresses each FILE into FILE.gz (removing FILE), or with -d (gunzip) decompresses\n"
	"FILE.gz into FILE; without FILEs, standard input to standard output.\n"
	"  -c  write to standard output, keep the FILEs    -d  decompress\n"
	"  -f  replace an existing output file              -k  keep the input FILEs\n"
	"  -1 .. -9  accepted (one level here)\n"
	"Exit status: 0, or 1 on an error (a damaged input among them).\n";

/* ---- CRC-32 (the gzip trailer's) ---- */

static uint32_t gz_crctab[256];

static void gz_crc_init(void)
{
	for (uint32_t n = 0; n < 256; n++) {
		uint32_t c = n;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		gz_crctab[n] = c;
	}
}

static uint32_t gz_crc(uint32_t crc, const unsigned char *p, size_t n)
{
	crc = ~crc;
	while (n--)
		crc = gz_crctab[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* ---- whole files in memory ---- */

struct gz_buf {
	unsigned char *p;
	size_t len, cap;
};

static void gz_put(struct gz_buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 4096;
		b->p = util_realloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static int gz_slurp(int fd, struct gz_buf *b)
{
	unsigned char tmp[65536];
	for (;;) {
		ssize_t r = read(fd, tmp, sizeof(tmp));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			return 0;
		gz_put(b, tmp, (size_t)r);
	}
}

/* ---- deflate's tables (RFC 1951 3.2.5) ---- */

static const unsigned short gz_lbase[29] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23,
	27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const unsigned char gz_lextra[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const unsigned short gz_dbase[30] = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97,
	129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385,
	24577 };
static const unsigned char gz_dextra[30] = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
	7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

/* ---- inflate ---- */

struct gz_in {
	const unsigned char *p;
	size_t len, pos;
	unsigned bits, nbits;
	int bad;
};

static unsigned gz_bits(struct gz_in *in, unsigned n)
{
	while (in->nbits < n) {
		if (in->pos >= in->len) {
			in->bad = 1;
			return 0;
		}
		in->bits |= (unsigned)in->p[in->pos++] << in->nbits;
		in->nbits += 8;
	}
	unsigned v = in->bits & ((1u << n) - 1);
	in->bits >>= n;
	in->nbits -= n;
	return v;
}

/* A canonical Huffman code: how many codes of each length, the symbols in code order. */
struct gz_huff {
	unsigned short count[16], symbol[320];
};

static int gz_huff_build(struct gz_huff *h, const unsigned char *lens, int n)
{
	unsigned short offs[16];
	memset(h->count, 0, sizeof(h->count));
	for (int i = 0; i < n; i++)
		h->count[lens[i]]++;
	h->count[0] = 0;
	int left = 1;
	for (int len = 1; len < 16; len++) {
		left = left * 2 - h->count[len];
		if (left < 0)
			return -1; /* more codes than the lengths allow */
	}
	offs[1] = 0;
	for (int len = 1; len < 15; len++)
		offs[len + 1] = (unsigned short)(offs[len] + h->count[len]);
	for (int i = 0; i < n; i++)
		if (lens[i])
			h->symbol[offs[lens[i]]++] = (unsigned short)i;
	return 0;
}

/* One symbol: the code is read a bit at a time (most significant first, as deflate sends
 * Huffman codes), compared with the first code of each length. */
static int gz_decode(struct gz_in *in, const struct gz_huff *h)
{
	int code = 0, first = 0, index = 0;
	for (int len = 1; len < 16; len++) {
		code |= (int)gz_bits(in, 1);
		int count = h->count[len];
		if (code - first < count)
			return h->symbol[index + code - first];
		index += count;
		first = (first + count) << 1;
		code <<= 1;
		if (in->bad)
			return -1;
	}
	return -1;
}

static int gz_codes(struct gz_in *in, struct gz_buf *out, const struct gz_huff *lit,
	const struct gz_huff *dist)
{
	for (;;) {
		int sym = gz_decode(in, lit);
		if (sym < 0 || in->bad)
			return -1;
		if (sym < 256) {
			unsigned char c = (unsigned char)sym;
			gz_put(out, &c, 1);
			continue;
		}
		if (sym == 256)
			return 0;
		sym -= 257;
		if (sym >= 29)
			return -1;
		size_t len = gz_lbase[sym] + gz_bits(in, gz_lextra[sym]);
		int ds = gz_decode(in, dist);
		if (ds < 0 || ds >= 30)
			return -1;
		size_t d = gz_dbase[ds] + gz_bits(in, gz_dextra[ds]);
		if (d > out->len || in->bad)
			return -1;
		if (out->len + len > out->cap) {
			out->cap = (out->len + len) * 2 + 4096;
			out->p = util_realloc(out->p, out->cap);
		}
		for (size_t i = 0; i < len; i++) /* byte by byte: the copy may overlap itself */
			out->p[out->len + i] = out->p[out->len - d + i];
		out->len += len;
	}
}

static int gz_dynamic(struct gz_in *in, struct gz_huff *lit, struct gz_huff *dist)
{
	static const unsigned char order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3,
		13, 2, 14, 1, 15 };
	unsigned char lens[320];
	struct gz_huff lencode;
	int nlen = (int)gz_bits(in, 5) + 257, ndist = (int)gz_bits(in, 5) + 1;
	int ncode = (int)gz_bits(in, 4) + 4;
	if (nlen > 286 || ndist > 30)
		return -1;
	memset(lens, 0, sizeof(lens));
	for (int i = 0; i < ncode; i++)
		lens[order[i]] = (unsigned char)gz_bits(in, 3);
	if (gz_huff_build(&lencode, lens, 19) < 0)
		return -1;
	for (int i = 0; i < nlen + ndist;) {
		int sym = gz_decode(in, &lencode), rep, val = 0;
		if (sym < 0 || in->bad)
			return -1;
		if (sym < 16) {
			lens[i++] = (unsigned char)sym;
			continue;
		}
		if (sym == 16) {
			if (!i)
				return -1;
			val = lens[i - 1];
			rep = 3 + (int)gz_bits(in, 2);
		} else
			rep = sym == 17 ? 3 + (int)gz_bits(in, 3) : 11 + (int)gz_bits(in, 7);
		if (i + rep > nlen + ndist)
			return -1;
		while (rep--)
			lens[i++] = (unsigned char)val;
	}
	if (!lens[256])
		return -1; /* no end-of-block code */
	if (gz_huff_build(lit, lens, nlen) < 0 || gz_huff_build(dist, lens + nlen, ndist) < 0)
		return -1;
	return 0;
}

static void gz_fixed_lens(unsigned char *lens)
{
	for (int i = 0; i < 288; i++)
		lens[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
	for (int i = 0; i < 30; i++)
		lens[288 + i] = 5;
}

static int gz_inflate(struct gz_in *in, struct gz_buf *out)
{
	int last;
	do {
		struct gz_huff lit, dist;
		unsigned char lens[320];
		last = (int)gz_bits(in, 1);
		int type = (int)gz_bits(in, 2);
		if (type == 0) {
			in->bits = in->nbits = 0; /* to a byte boundary */
			if (in->pos + 4 > in->len)
				return -1;
			size_t n = in->p[in->pos] | (size_t)in->p[in->pos + 1] << 8;
			size_t nn = in->p[in->pos + 2] | (size_t)in->p[in->pos + 3] << 8;
			in->pos += 4;
			if (n != (~nn & 0xffff) || in->pos + n > in->len)
				return -1;
			gz_put(out, in->p + in->pos, n);
			in->pos += n;
		} else if (type == 1) {
			gz_fixed_lens(lens);
			gz_huff_build(&lit, lens, 288);
			gz_huff_build(&dist, lens + 288, 30);
			if (gz_codes(in, out, &lit, &dist) < 0)
				return -1;
		} else if (type == 2) {
			if (gz_dynamic(in, &lit, &dist) < 0 || gz_codes(in, out, &lit, &dist) < 0)
				return -1;
		} else
			return -1;
		if (in->bad)
			return -1;
	} while (!last);
	return 0;
}

/* ---- deflate with the fixed codes ---- */

struct gz_out {
	struct gz_buf *b;
	uint32_t bits;
	unsigned nbits;
};

static void gz_emit(struct gz_out *o, uint32_t v, unsigned n)
{
	o->bits |= v << o->nbits;
	o->nbits += n;
	while (o->nbits >= 8) {
		unsigned char c = (unsigned char)o->bits;
		gz_put(o->b, &c, 1);
		o->bits >>= 8;
		o->nbits -= 8;
	}
}

/* A Huffman code goes out most significant bit first: reversed into the LSB-first stream. */
static void gz_emit_code(struct gz_out *o, unsigned code, unsigned len)
{
	unsigned r = 0;
	for (unsigned i = 0; i < len; i++)
		r |= ((code >> i) & 1u) << (len - 1 - i);
	gz_emit(o, r, len);
}

static void gz_emit_sym(struct gz_out *o, unsigned sym)
{
	if (sym < 144) gz_emit_code(o, 0x30 + sym, 8);
	else if (sym < 256) gz_emit_code(o, 0x190 + sym - 144, 9);
	else if (sym < 280) gz_emit_code(o, sym - 256, 7);
	else gz_emit_code(o, 0xc0 + sym - 280, 8);
}

static void gz_emit_match(struct gz_out *o, unsigned len, unsigned dist)
{
	int l = 28, d = 29;
	while (gz_lbase[l] > len)
		l--;
	gz_emit_sym(o, 257 + (unsigned)l);
	gz_emit(o, len - gz_lbase[l], gz_lextra[l]);
	while (gz_dbase[d] > dist)
		d--;
	gz_emit_code(o, (unsigned)d, 5);
	gz_emit(o, dist - gz_dbase[d], gz_dextra[d]);
}

#define GZ_WINDOW 32768
#define GZ_HASH 32768
#define GZ_CHAIN 64

static void gz_deflate(const unsigned char *p, size_t n, struct gz_buf *out)
{
	struct gz_out o = { out, 0, 0 };
	long *head = util_alloc(sizeof(long) * GZ_HASH);
	long *prev = util_alloc(sizeof(long) * GZ_WINDOW);
	for (size_t i = 0; i < GZ_HASH; i++)
		head[i] = -1;
	gz_emit(&o, 1, 1); /* the last block */
	gz_emit(&o, 1, 2); /* fixed codes */
	for (size_t i = 0; i < n;) {
		unsigned best = 0, bestd = 0;
		if (i + 3 <= n) {
			unsigned h = ((unsigned)p[i] << 10 ^ (unsigned)p[i + 1] << 5 ^ p[i + 2]) & (GZ_HASH - 1);
			long cand = head[h];
			for (int chain = 0; cand >= 0 && (size_t)cand + GZ_WINDOW > i && chain < GZ_CHAIN;
			     chain++) {
				size_t max = n - i < 258 ? n - i : 258, len = 0;
				while (len < max && p[(size_t)cand + len] == p[i + len])
					len++;
				if (len > best) {
					best = (unsigned)len;
					bestd = (unsigned)(i - (size_t)cand);
					if (len == max)
						break;
				}
				long nx = prev[(size_t)cand % GZ_WINDOW];
				if (nx >= cand)
					break;
				cand = nx;
			}
			prev[i % GZ_WINDOW] = head[h];
			head[h] = (long)i;
		}
		if (best >= 3) {
			gz_emit_match(&o, best, bestd);
			/* the skipped positions still go into the chains */
			for (size_t k = i + 1; k < i + best && k + 3 <= n; k++) {
				unsigned h = ((unsigned)p[k] << 10 ^ (unsigned)p[k + 1] << 5 ^ p[k + 2]) &
					(GZ_HASH - 1);
				prev[k % GZ_WINDOW] = head[h];
				head[h] = (long)k;
			}
			i += best;
		} else
			gz_emit_sym(&o, p[i++]);
	}
	gz_emit_sym(&o, 256);
	gz_emit(&o, 0, 7); /* out to a byte boundary */
	free(head);
	free(prev);
}

/* ---- the gzip member format ---- */

static void gz_le32(struct gz_buf *b, uint32_t v)
{
	unsigned char c[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
		(unsigned char)(v >> 24) };
	gz_put(b, c, 4);
}

/* Stored blocks (type 0) of up to 65535 bytes: for data the codes would make bigger. */
static void gz_stored(const unsigned char *p, size_t n, struct gz_buf *out)
{
	size_t done = 0;
	do {
		size_t k = n - done < 65535 ? n - done : 65535;
		unsigned char h[5] = { done + k == n, (unsigned char)k, (unsigned char)(k >> 8),
			(unsigned char)~k, (unsigned char)(~k >> 8) };
		gz_put(out, h, 5);
		gz_put(out, p + done, k);
		done += k;
	} while (done < n);
}

static void gz_compress(const struct gz_buf *in, struct gz_buf *out)
{
	static const unsigned char hdr[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
	gz_put(out, hdr, sizeof(hdr)); /* no name, no time: the same input gives the same bytes */
	size_t start = out->len;
	gz_deflate(in->p, in->len, out);
	if (out->len - start > in->len + in->len / 64 + 16) {
		out->len = start;
		gz_stored(in->p, in->len, out);
	}
	gz_le32(out, gz_crc(0, in->p, in->len));
	gz_le32(out, (uint32_t)in->len);
}

static uint32_t gz_get32(const unsigned char *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Every member of IN, one after another (as gzip -d does); -1 and a reason if damaged. */
static int gz_decompress(const struct gz_buf *in, struct gz_buf *out, const char **why)
{
	size_t pos = 0;
	*why = "not in gzip format";
	if (in->len < 18)
		return -1;
	while (pos < in->len) {
		const unsigned char *h = in->p + pos;
		if (in->len - pos < 18 || h[0] != 0x1f || h[1] != 0x8b || h[2] != 8)
			return pos ? (*why = "trailing garbage after the data", -1) : -1;
		int flags = h[3];
		size_t at = pos + 10;
		if (flags & 4) { /* FEXTRA */
			if (at + 2 > in->len)
				return -1;
			at += 2 + (in->p[at] | (size_t)in->p[at + 1] << 8);
		}
		for (int f = 8; f <= 16; f += 8) /* FNAME, FCOMMENT: zero-terminated */
			if (flags & f) {
				while (at < in->len && in->p[at])
					at++;
				at++;
			}
		if (flags & 2) /* FHCRC */
			at += 2;
		if (at >= in->len)
			return -1;
		struct gz_in bits = { in->p, in->len, at, 0, 0, 0 };
		size_t start = out->len;
		*why = "damaged compressed data";
		if (gz_inflate(&bits, out) < 0 || bits.pos + 8 > in->len)
			return -1;
		pos = bits.pos;
		*why = "the check sum or the size is wrong";
		if (gz_get32(in->p + pos) != gz_crc(0, out->p + start, out->len - start) ||
		    gz_get32(in->p + pos + 4) != (uint32_t)(out->len - start))
			return -1;
		pos += 8;
	}
	return 0;
}

/* ---- files ---- */

static int gz_stdout, gz_decomp, gz_force, gz_keep;

static int gz_write_all(int fd, const struct gz_buf *b)
{
	for (size_t done = 0; done < b->len;) {
		ssize_t w = write(fd, b->p + done, b->len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		done += (size_t)w;
	}
	return 0;
}

static int gz_file(const char *name)
{
	int std = !strcmp(name, "-"), in = std ? 0 : open(name, O_RDONLY), out = 1;
	struct gz_buf src = { 0 }, dst = { 0 };
	const char *why;
	char *outname = NULL;
	struct stat st;
	if (in < 0 || fstat(in, &st) < 0) {
		util_warn(name);
		return 1;
	}
	if (!std && !gz_stdout) {
		size_t n = strlen(name);
		if (gz_decomp && (n < 4 || strcmp(name + n - 3, ".gz"))) {
			util_msg("%s: unknown suffix (not .gz): left alone", name);
			close(in);
			return 1;
		}
		if (!gz_decomp && n >= 3 && !strcmp(name + n - 3, ".gz")) {
			util_msg("%s: already has the .gz suffix: left alone", name);
			close(in);
			return 1;
		}
		outname = util_alloc(n + 4);
		if (gz_decomp)
			snprintf(outname, n - 2, "%s", name);
		else
			sprintf(outname, "%s.gz", name);
	}
	if (gz_slurp(in, &src) < 0) {
		util_warn(name);
		return 1;
	}
	if (!std)
		close(in);
	if (gz_decomp ? gz_decompress(&src, &dst, &why) < 0 : (gz_compress(&src, &dst), 0)) {
		util_msg("%s: %s", std ? "standard input" : name, why);
		return 1;
	}
	if (outname) {
		out = open(outname, O_WRONLY | O_CREAT | O_TRUNC | (gz_force ? 0 : O_EXCL),
			st.st_mode & 0777);
		if (out < 0) {
			util_warn(outname);
			return 1;
		}
	}
	if (gz_write_all(out, &dst) < 0 || (outname && close(out) < 0)) {
		util_warn(outname ? outname : "standard output");
		return 1;
	}
	if (outname && !gz_keep && unlink(name) < 0) {
		util_warn(name);
		return 1;
	}
	free(src.p);
	free(dst.p);
	free(outname);
	return 0;
}

int main(int argc, char **argv)
{
	int c, status = 0;
	const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	util_init(argc, argv, "gzip", gz_help);
	util_prog = base;
	if (!strcmp(base, "gunzip"))
		gz_decomp = 1;
	if (!strcmp(base, "zcat"))
		gz_decomp = gz_stdout = 1;
	while ((c = getopt(argc, argv, "+cdfkn123456789")) != -1) {
		if (c == 'c') gz_stdout = 1;
		else if (c == 'd') gz_decomp = 1;
		else if (c == 'f') gz_force = 1;
		else if (c == 'k') gz_keep = 1;
		else if (c == '?') return util_usage(1);
	}
	gz_crc_init();
	if (optind == argc)
		argv[--optind] = "-";
	if (!gz_decomp && gz_stdout == 0 && optind == argc - 1 && !strcmp(argv[optind], "-") &&
	    isatty(1) && !gz_force) {
		util_msg("compressed data not written to a terminal (-f to force)");
		return 1;
	}
	for (int i = optind; i < argc; i++)
		status |= gz_file(argv[i]);
	return status;
}
