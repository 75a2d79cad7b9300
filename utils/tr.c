/* utils/tr.c: tr, translates or deletes bytes: tr [-cs] SET1 SET2, tr -d[c] SET1,
 * tr -s[c] SET1, tr -ds[c] SET1 SET2. Sets hold bytes, ranges a-z, escapes (\n \t \\ \NNN),
 * classes [:alpha:] and the like, and in SET2 [c*N] or [c*] (c repeated). A SET2 shorter than
 * SET1 is stretched with its last byte. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/util.h"

static const char tr_help[] =
	"usage: tr [-cs] SET1 SET2\n"
	"       tr -d [-c] SET1\n"
	"       tr -s [-c] SET1\n"
	"       tr -ds [-c] SET1 SET2\n"
	"Copies standard input to standard output, replacing bytes of SET1 by the bytes at the same\n"
	"place in SET2.\n"
	"  -c  SET1 is every byte not in it (its complement)\n"
	"  -d  delete the bytes of SET1\n"
	"  -s  squeeze a run of the same byte of the last SET given into one\n"
	"Sets: bytes, a-z ranges, \\n \\t \\r \\\\ \\NNN (octal), [:alnum:] [:alpha:] [:blank:]\n"
	"[:cntrl:] [:digit:] [:graph:] [:lower:] [:print:] [:punct:] [:space:] [:upper:]\n"
	"[:xdigit:]; in SET2 also [c*N] (N times c) and [c*] (c until SET2 is as long as SET1).\n"
	"Exit status: 0, or 1 on a wrong set or a read error.\n";

struct tr_set {
	unsigned char *b;
	size_t n, cap;
	long fill_at; /* [c*]: where c goes to fill up, or -1 */
};

static void tr_add(struct tr_set *s, int c)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->b = util_realloc(s->b, s->cap);
	}
	s->b[s->n++] = (unsigned char)c;
}

/* One byte of a set, escapes read; advances *p. */
static int tr_byte(const char **p)
{
	const char *s = *p;
	int c = (unsigned char)*s++;
	if (c == '\\' && *s) {
		c = (unsigned char)*s++;
		if (c >= '0' && c <= '7') {
			int v = c - '0';
			for (int k = 0; k < 2 && *s >= '0' && *s <= '7'; k++)
				v = v * 8 + (*s++ - '0');
			c = v & 255;
		} else if (c == 'n') c = '\n';
		else if (c == 't') c = '\t';
		else if (c == 'r') c = '\r';
		else if (c == 'a') c = '\a';
		else if (c == 'b') c = '\b';
		else if (c == 'f') c = '\f';
		else if (c == 'v') c = '\v';
	}
	*p = s;
	return c;
}

static const struct { const char *name; int (*is)(int); } tr_classes[] = {
	{ "alnum", isalnum }, { "alpha", isalpha }, { "blank", isblank }, { "cntrl", iscntrl },
	{ "digit", isdigit }, { "graph", isgraph }, { "lower", islower }, { "print", isprint },
	{ "punct", ispunct }, { "space", isspace }, { "upper", isupper }, { "xdigit", isxdigit },
};

static int tr_class(struct tr_set *set, const char **p)
{
	const char *s = *p + 2, *end = strstr(s, ":]");
	if (!end)
		return 0;
	for (size_t i = 0; i < sizeof(tr_classes) / sizeof(tr_classes[0]); i++)
		if (strlen(tr_classes[i].name) == (size_t)(end - s) &&
		    !strncmp(s, tr_classes[i].name, (size_t)(end - s))) {
			for (int c = 0; c < 256; c++)
				if (tr_classes[i].is(c))
					tr_add(set, c);
			*p = end + 2;
			return 1;
		}
	util_die(1, "unknown class: %.*s", (int)(end - s), s);
	return 0;
}

/* [c*N] or [c*]: 1 if read. */
static int tr_repeat(struct tr_set *set, const char **p)
{
	const char *s = *p + 1;
	int c = tr_byte(&s);
	char *end;
	if (*s != '*')
		return 0;
	long n = strtol(s + 1, &end, *(s + 1) == '0' ? 8 : 10);
	if (*end != ']')
		return 0;
	if (end == s + 1) {
		set->fill_at = (long)set->n;
		tr_add(set, c);
	} else
		while (n-- > 0)
			tr_add(set, c);
	*p = end + 1;
	return 1;
}

static void tr_parse(struct tr_set *set, const char *s)
{
	set->fill_at = -1;
	while (*s) {
		if (s[0] == '[' && s[1] == ':' && tr_class(set, &s))
			continue;
		if (s[0] == '[' && s[1] && tr_repeat(set, &s))
			continue;
		int c = tr_byte(&s);
		if (s[0] == '-' && s[1]) {
			const char *q = s + 1;
			int hi = tr_byte(&q);
			if (hi < c)
				util_die(1, "range %c-%c is in reverse order", c, hi);
			for (; c <= hi; c++)
				tr_add(set, c);
			s = q;
			continue;
		}
		tr_add(set, c);
	}
}

int main(int argc, char **argv)
{
	int c, comp = 0, del = 0, squeeze = 0, last = -1;
	struct tr_set s1 = { NULL, 0, 0, -1 }, s2 = { NULL, 0, 0, -1 };
	unsigned char map[256], in1[256], sq[256];
	util_init(argc, argv, "tr", tr_help);
	while ((c = getopt(argc, argv, "+cdsC")) != -1) {
		if (c == 'c' || c == 'C') comp = 1;
		else if (c == 'd') del = 1;
		else if (c == 's') squeeze = 1;
		else return util_usage(1);
	}
	int nsets = argc - optind;
	if (nsets < 1 || nsets > 2 || (del && !squeeze && nsets != 1) ||
	    (!del && !squeeze && nsets != 2) || (del && squeeze && nsets != 2))
		return util_usage(1);
	tr_parse(&s1, argv[optind]);
	if (nsets == 2)
		tr_parse(&s2, argv[optind + 1]);
	memset(in1, 0, sizeof(in1));
	for (size_t i = 0; i < s1.n; i++)
		in1[s1.b[i]] = 1;
	if (comp) { /* SET1 becomes the bytes not in it, in order */
		s1.n = 0;
		for (int b = 0; b < 256; b++)
			if (!in1[b])
				tr_add(&s1, b);
		for (int b = 0; b < 256; b++)
			in1[b] = !in1[b];
	}
	if (s2.fill_at >= 0 && s2.n < s1.n) { /* [c*]: c repeated until SET2 is SET1's length */
		size_t extra = s1.n - s2.n, at = (size_t)s2.fill_at;
		for (size_t k = 0; k < extra; k++)
			tr_add(&s2, 0);
		memmove(s2.b + at + 1 + extra, s2.b + at + 1, s2.n - extra - at - 1);
		memset(s2.b + at + 1, s2.b[at], extra);
	}
	for (int b = 0; b < 256; b++)
		map[b] = (unsigned char)b;
	if (!del && nsets == 2) {
		if (!s2.n && s1.n)
			util_die(1, "SET2 must not be empty");
		for (size_t i = 0; i < s1.n; i++)
			map[s1.b[i]] = s2.b[i < s2.n ? i : s2.n - 1];
	}
	memset(sq, 0, sizeof(sq));
	struct tr_set *sqset = nsets == 2 ? &s2 : &s1;
	for (size_t i = 0; squeeze && i < sqset->n; i++)
		sq[sqset->b[i]] = 1;
	while ((c = getchar()) != EOF) {
		if (del && in1[c])
			continue;
		c = map[c];
		if (squeeze && sq[c] && c == last)
			continue;
		last = c;
		putchar(c);
	}
	if (ferror(stdin)) {
		util_warn("standard input");
		return 1;
	}
	return fflush(stdout) ? 1 : 0;
}
