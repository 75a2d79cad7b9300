/* utils/sort.c: sort, sorts lines: sort [-bcfmnru] [-t SEP] [-k F1[.C1][,F2[.C2]][bfnr]]...
 * [-o OUT] [FILE...]. Keys as POSIX says; lines that compare equal fall back to the whole line
 * by bytes (as GNU's sort does), unless -u, where equal keys make one line. The input is read
 * whole into memory; -m merges by sorting it all, which gives the same output. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/util.h"

static const char sort_help[] =
	"usage: sort [-bcfmnru] [-t SEP] [-k KEY]... [-o OUTPUT] [FILE...]\n"
	"Writes the lines of the FILEs (standard input for - or none) in order.\n"
	"  -b  ignore leading blanks in keys       -f  fold lower case to upper case\n"
	"  -n  numeric (a leading number)          -r  reverse the order\n"
	"  -u  one line of each run of equal keys  -c  check the order only (exit 1 if not)\n"
	"  -m  the inputs are sorted: merge them   -o OUTPUT  write to OUTPUT (may be an input)\n"
	"  -t SEP  fields separated by SEP (default: runs of blanks, kept before each field)\n"
	"  -k F1[.C1][,F2[.C2]][bfnr]  a key: from field F1 (character C1) to field F2 (C2)\n"
	"Exit status: 0; 1 with -c when out of order; 2 on an error.\n";

struct sort_key {
	size_t f1, c1, f2, c2; /* f2 0: to the end of the line; c2 0: to the end of field f2 */
	int blank, fold, num, rev;
};

struct sort_line {
	char *s;
	size_t len;
	size_t idx; /* input order: under -u the first of equal lines is kept */
};

static struct sort_key *sort_keys;
static size_t sort_nkeys;
static int sort_sep = -1, sort_unique, sort_global_rev;

/* Where field F (from 1) starts, character C (from 1) within it; blanks skipped if B. */
static const char *sort_pos(const char *s, const char *end, size_t f, size_t c, int b)
{
	for (size_t i = 1; i < f && s < end; i++) {
		if (sort_sep >= 0) {
			const char *p = memchr(s, sort_sep, (size_t)(end - s));
			s = p ? p + 1 : end;
		} else {
			while (s < end && isblank((unsigned char)*s))
				s++;
			while (s < end && !isblank((unsigned char)*s))
				s++;
		}
	}
	if (b)
		while (s < end && isblank((unsigned char)*s))
			s++;
	for (size_t i = 1; i < c && s < end; i++)
		s++;
	return s;
}

/* The end of field F (character C of it when C > 0). */
static const char *sort_endpos(const char *s, const char *end, size_t f, size_t c, int b)
{
	if (c)
		return sort_pos(s, end, f, c + 1, b);
	s = sort_pos(s, end, f, 1, 0);
	if (sort_sep >= 0) {
		const char *p = memchr(s, sort_sep, (size_t)(end - s));
		return p ? p : end;
	}
	while (s < end && isblank((unsigned char)*s))
		s++;
	while (s < end && !isblank((unsigned char)*s))
		s++;
	return s;
}

static int sort_numcmp(const char *a, const char *ae, const char *b, const char *be)
{
	/* strtod is enough for what -n reads: an optional sign, digits, a decimal point */
	char *ta = util_alloc((size_t)(ae - a) + 1), *tb = util_alloc((size_t)(be - b) + 1);
	memcpy(ta, a, (size_t)(ae - a));
	ta[ae - a] = 0;
	memcpy(tb, b, (size_t)(be - b));
	tb[be - b] = 0;
	char *pa = ta, *pb = tb;
	while (isblank((unsigned char)*pa)) pa++;
	while (isblank((unsigned char)*pb)) pb++;
	/* no exponents or hex: cut the number where -n's grammar ends */
	size_t la = strspn(pa + (*pa == '-'), "0123456789.") + (*pa == '-');
	size_t lb = strspn(pb + (*pb == '-'), "0123456789.") + (*pb == '-');
	pa[la] = 0;
	pb[lb] = 0;
	double x = strtod(pa, NULL), y = strtod(pb, NULL);
	free(ta);
	free(tb);
	return x < y ? -1 : x > y;
}

static int sort_textcmp(const char *a, const char *ae, const char *b, const char *be, int fold)
{
	while (a < ae && b < be) {
		int x = (unsigned char)*a++, y = (unsigned char)*b++;
		if (fold) {
			x = toupper(x);
			y = toupper(y);
		}
		if (x != y)
			return x - y;
	}
	return (a < ae) - (b < be);
}

static int sort_keycmp(const struct sort_line *x, const struct sort_line *y)
{
	for (size_t k = 0; k < sort_nkeys; k++) {
		const struct sort_key *key = &sort_keys[k];
		const char *xe = x->s + x->len, *ye = y->s + y->len;
		const char *xa = sort_pos(x->s, xe, key->f1, key->c1, key->blank);
		const char *ya = sort_pos(y->s, ye, key->f1, key->c1, key->blank);
		const char *xb = key->f2 ? sort_endpos(x->s, xe, key->f2, key->c2, key->blank) : xe;
		const char *yb = key->f2 ? sort_endpos(y->s, ye, key->f2, key->c2, key->blank) : ye;
		if (xb < xa) xb = xa;
		if (yb < ya) yb = ya;
		int r = key->num ? sort_numcmp(xa, xb, ya, yb) : sort_textcmp(xa, xb, ya, yb, key->fold);
		if (r)
			return key->rev ? -r : r;
	}
	return 0;
}

static int sort_cmp(const void *pa, const void *pb)
{
	const struct sort_line *a = pa, *b = pb;
	int r = sort_keycmp(a, b);
	if (!r && !sort_unique) {
		size_t n = a->len < b->len ? a->len : b->len;
		r = memcmp(a->s, b->s, n);
		if (!r)
			r = (a->len > b->len) - (a->len < b->len);
		if (sort_global_rev)
			r = -r;
	}
	if (!r)
		r = (a->idx > b->idx) - (a->idx < b->idx);
	return r;
}

/* Key letters after a field position; 1 if there were any. */
static int sort_letters(const char **sp, struct sort_key *k)
{
	const char *s = *sp;
	for (;; s++) {
		if (*s == 'b') k->blank = 1;
		else if (*s == 'f') k->fold = 1;
		else if (*s == 'n') k->num = 1;
		else if (*s == 'r') k->rev = 1;
		else break;
	}
	int any = s != *sp;
	*sp = s;
	return any;
}

/* F[.C]: 0, or -1 if S is not one. */
static int sort_field(const char **sp, size_t *f, size_t *c, int cmin)
{
	char *end;
	*f = strtoul(*sp, &end, 10);
	if (end == *sp || *f == 0)
		return -1;
	*sp = end;
	if (**sp == '.') {
		*c = strtoul(*sp + 1, &end, 10);
		if (end == *sp + 1 || (int)*c < cmin)
			return -1;
		*sp = end;
	}
	return 0;
}

/* -k F1[.C1][bfnr][,F2[.C2][bfnr]]; a key without letters of its own takes the global ones. */
static int sort_parse_key(const char *s, const struct sort_key *global, struct sort_key *k)
{
	int own;
	memset(k, 0, sizeof(*k));
	k->c1 = 1;
	if (sort_field(&s, &k->f1, &k->c1, 1) < 0)
		return -1;
	own = sort_letters(&s, k);
	if (*s == ',') {
		s++;
		if (sort_field(&s, &k->f2, &k->c2, 0) < 0)
			return -1;
		own |= sort_letters(&s, k);
	}
	if (!own) {
		k->blank = global->blank;
		k->fold = global->fold;
		k->num = global->num;
		k->rev = global->rev;
	}
	return *s ? -1 : 0;
}

static void sort_read(FILE *f, struct sort_line **lines, size_t *n, size_t *cap)
{
	char *buf = NULL;
	size_t bcap = 0;
	ssize_t len;
	while ((len = getline(&buf, &bcap, f)) > 0) {
		if (buf[len - 1] == '\n')
			len--;
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 1024;
			*lines = util_realloc(*lines, sizeof(**lines) * *cap);
		}
		(*lines)[*n].s = util_alloc((size_t)len + 1);
		memcpy((*lines)[*n].s, buf, (size_t)len);
		(*lines)[*n].s[len] = 0;
		(*lines)[*n].idx = *n;
		(*lines)[(*n)++].len = (size_t)len;
	}
	free(buf);
}

int main(int argc, char **argv)
{
	int c, check = 0;
	const char *out = NULL;
	struct sort_key global = { 1, 1, 0, 0, 0, 0, 0, 0 };
	const char **keyargs = util_alloc(sizeof(char *) * (size_t)argc);
	size_t nkeyargs = 0, n = 0, cap = 0;
	struct sort_line *lines = NULL;
	util_init(argc, argv, "sort", sort_help);
	while ((c = getopt(argc, argv, "+bcfmnruo:t:k:")) != -1) {
		switch (c) {
		case 'b': global.blank = 1; break;
		case 'c': check = 1; break;
		case 'f': global.fold = 1; break;
		case 'm': break;
		case 'n': global.num = 1; break;
		case 'r': global.rev = 1; sort_global_rev = 1; break;
		case 'u': sort_unique = 1; break;
		case 'o': out = optarg; break;
		case 't':
			if (strlen(optarg) != 1)
				util_die(2, "the separator must be one byte");
			sort_sep = (unsigned char)optarg[0];
			break;
		case 'k': keyargs[nkeyargs++] = optarg; break;
		default: return util_usage(2);
		}
	}
	sort_keys = util_alloc(sizeof(*sort_keys) * (nkeyargs + 1));
	for (size_t i = 0; i < nkeyargs; i++) {
		struct sort_key k;
		if (sort_parse_key(keyargs[i], &global, &k) < 0)
			util_die(2, "invalid key: %s", keyargs[i]);
		sort_keys[sort_nkeys++] = k;
	}
	if (!sort_nkeys)
		sort_keys[sort_nkeys++] = global; /* the whole line */
	if (optind == argc)
		argv[--optind] = "-";
	for (int i = optind; i < argc; i++) {
		int std = !strcmp(argv[i], "-");
		FILE *f = std ? stdin : fopen(argv[i], "r");
		if (!f) {
			util_warn(argv[i]);
			return 2;
		}
		sort_read(f, &lines, &n, &cap);
		if (ferror(f)) {
			util_warn(argv[i]);
			return 2;
		}
		if (!std)
			fclose(f);
	}
	if (check) {
		for (size_t i = 1; i < n; i++) {
			int r = sort_keycmp(&lines[i - 1], &lines[i]);
			if (!r && !sort_unique) {
				struct sort_line x = lines[i - 1], y = lines[i];
				x.idx = y.idx = 0;
				r = sort_cmp(&x, &y);
			}
			if (r > 0 || (sort_unique && r == 0)) {
				fprintf(stderr, "%s: %s:%zu: disorder: %s\n", util_prog,
					argv[optind], i + 1, lines[i].s);
				return 1;
			}
		}
		return 0;
	}
	qsort(lines, n, sizeof(*lines), sort_cmp);
	FILE *o = stdout;
	if (out && !(o = fopen(out, "w"))) {
		util_warn(out);
		return 2;
	}
	for (size_t i = 0; i < n; i++) {
		if (sort_unique && i && sort_keycmp(&lines[i - 1], &lines[i]) == 0)
			continue;
		fwrite(lines[i].s, 1, lines[i].len, o);
		putc('\n', o);
	}
	if (fflush(o) || (o != stdout && fclose(o))) {
		util_warn(out ? out : "standard output");
		return 2;
	}
	return 0;
}
