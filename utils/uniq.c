/* utils/uniq.c: uniq, drops repeated adjacent lines: uniq [-c|-d|-u] [-i] [-f N] [-s N]
 * [INPUT [OUTPUT]]. Lines compare after skipping N fields (-f) then N bytes (-s). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "lib/util.h"

static const char uniq_help[] =
	"usage: uniq [-c|-d|-u] [-i] [-f FIELDS] [-s CHARS] [INPUT [OUTPUT]]\n"
	"Writes INPUT (standard input for - or none) with each run of equal adjacent lines as\n"
	"one line.\n"
	"  -c  each line with its count first     -i  ignore case\n"
	"  -d  only the lines that repeat         -u  only the lines that do not\n"
	"  -f FIELDS  skip that many blank-separated fields before comparing\n"
	"  -s CHARS   then skip that many bytes\n"
	"Exit status: 0, or 1 on an error.\n";

static long long uniq_fields, uniq_chars;
static int uniq_icase;

static const char *uniq_key(const char *s)
{
	for (long long i = 0; i < uniq_fields; i++) {
		while (isblank((unsigned char)*s))
			s++;
		while (*s && !isblank((unsigned char)*s))
			s++;
	}
	for (long long i = 0; i < uniq_chars && *s; i++)
		s++;
	return s;
}

static int uniq_same(const char *a, size_t alen, const char *b, size_t blen)
{
	(void)alen;
	(void)blen;
	a = uniq_key(a);
	b = uniq_key(b);
	return uniq_icase ? !strcasecmp(a, b) : !strcmp(a, b);
}

int main(int argc, char **argv)
{
	int c, count = 0, dups = 0, singles = 0;
	FILE *in = stdin, *out = stdout;
	char *prev = NULL, *line = NULL;
	size_t pcap = 0, cap = 0, plen = 0;
	ssize_t n;
	unsigned long long run = 0;
	util_init(argc, argv, "uniq", uniq_help);
	while ((c = getopt(argc, argv, "+cdiuf:s:")) != -1) {
		switch (c) {
		case 'c': count = 1; break;
		case 'd': dups = 1; break;
		case 'u': singles = 1; break;
		case 'i': uniq_icase = 1; break;
		case 'f':
		case 's':
			if (util_parse_long(optarg, c == 'f' ? &uniq_fields : &uniq_chars) ||
			    (c == 'f' ? uniq_fields : uniq_chars) < 0)
				util_die(1, "invalid number: %s", optarg);
			break;
		default: return util_usage(1);
		}
	}
	if (argc - optind > 2)
		return util_usage(1);
	if (optind < argc && strcmp(argv[optind], "-") && !(in = fopen(argv[optind], "r"))) {
		util_warn(argv[optind]);
		return 1;
	}
	if (optind + 1 < argc && !(out = fopen(argv[optind + 1], "w"))) {
		util_warn(argv[optind + 1]);
		return 1;
	}
	for (;;) {
		n = getline(&line, &cap, in);
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = 0;
		if (run && (n < 0 || !uniq_same(prev, plen, line, (size_t)n))) {
			if ((!dups || run > 1) && (!singles || run == 1)) {
				if (count)
					fprintf(out, "%7llu ", run);
				fwrite(prev, 1, plen, out);
				putc('\n', out);
			}
			run = 0;
		}
		if (n < 0)
			break;
		if (!run++) {
			char *t = prev;
			size_t tc = pcap;
			prev = line;
			pcap = cap;
			line = t;
			cap = tc;
			plen = (size_t)n;
		}
	}
	if (ferror(in)) {
		util_warn(optind < argc ? argv[optind] : "standard input");
		return 1;
	}
	free(prev);
	free(line);
	return fflush(out) ? 1 : 0;
}
