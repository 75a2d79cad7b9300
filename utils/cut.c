/* utils/cut.c: cut, picks parts of lines: cut -b LIST | -c LIST | -f LIST [-d DELIM] [-s]
 * [FILE...]. LIST is N, N-M, N-, -M, comma separated, counted from 1; the parts come out in
 * the file's order whatever the list's. -c counts bytes (musl's C locale). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/util.h"

static const char cut_help[] =
	"usage: cut -b LIST [FILE...]\n"
	"       cut -c LIST [FILE...]\n"
	"       cut -f LIST [-d DELIM] [-s] [FILE...]\n"
	"Writes the chosen bytes, characters or fields of each line of each FILE (standard\n"
	"input for - or none). LIST: N, N-M, N- or -M, separated by commas, from 1.\n"
	"  -b LIST  bytes      -c LIST  characters (bytes here)\n"
	"  -f LIST  fields separated by DELIM (a tab unless -d DELIM)\n"
	"  -s       with -f, leave out lines without DELIM (else they are written whole)\n"
	"Exit status: 0, or 1 on a wrong LIST or a file that could not be read.\n";

struct cut_range { size_t lo, hi; }; /* hi 0: to the end */
static struct cut_range *cut_ranges;
static size_t cut_nranges;

static int cut_parse(const char *s)
{
	char *end;
	while (*s) {
		struct cut_range r = { 1, 0 };
		if (*s != '-') {
			r.lo = strtoul(s, &end, 10);
			if (end == s || r.lo == 0)
				return -1;
			s = end;
			r.hi = r.lo;
		}
		if (*s == '-') {
			s++;
			r.hi = 0;
			if (*s >= '0' && *s <= '9') {
				r.hi = strtoul(s, &end, 10);
				if (r.hi < r.lo || r.hi == 0)
					return -1;
				s = end;
			}
		}
		if (*s && *s != ',' && *s != ' ')
			return -1;
		if (*s)
			s++;
		cut_ranges = util_realloc(cut_ranges, sizeof(*cut_ranges) * (cut_nranges + 1));
		cut_ranges[cut_nranges++] = r;
	}
	return cut_nranges ? 0 : -1;
}

static int cut_want(size_t i)
{
	for (size_t k = 0; k < cut_nranges; k++)
		if (i >= cut_ranges[k].lo && (cut_ranges[k].hi == 0 || i <= cut_ranges[k].hi))
			return 1;
	return 0;
}

static void cut_line(const char *line, size_t len, int fields, int delim, int only_delimited)
{
	if (!fields) {
		for (size_t i = 0; i < len; i++)
			if (cut_want(i + 1))
				putchar(line[i]);
		putchar('\n');
		return;
	}
	if (!memchr(line, delim, len)) {
		if (!only_delimited) {
			fwrite(line, 1, len, stdout);
			putchar('\n');
		}
		return;
	}
	size_t field = 1, start = 0;
	int first = 1;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && line[i] != delim)
			continue;
		if (cut_want(field)) {
			if (!first)
				putchar(delim);
			fwrite(line + start, 1, i - start, stdout);
			first = 0;
		}
		field++;
		start = i + 1;
	}
	putchar('\n');
}

int main(int argc, char **argv)
{
	int c, fields = -1, delim = '\t', only = 0, status = 0;
	char *line = NULL;
	size_t cap = 0;
	util_init(argc, argv, "cut", cut_help);
	while ((c = getopt(argc, argv, "+b:c:f:d:sn")) != -1) {
		switch (c) {
		case 'b': case 'c': case 'f':
			if (fields != -1 || cut_parse(optarg) < 0) {
				util_msg("a single valid LIST is needed: %s", optarg);
				return 1;
			}
			fields = c == 'f';
			break;
		case 'd':
			if (strlen(optarg) != 1) {
				util_msg("the delimiter must be one byte");
				return 1;
			}
			delim = (unsigned char)optarg[0];
			break;
		case 's': only = 1; break;
		case 'n': break;
		default: return util_usage(1);
		}
	}
	if (fields == -1)
		return util_usage(1);
	if (optind == argc)
		argv[--optind] = "-";
	for (int i = optind; i < argc; i++) {
		int std = !strcmp(argv[i], "-");
		FILE *f = std ? stdin : fopen(argv[i], "r");
		ssize_t n;
		if (!f) {
			util_warn(argv[i]);
			status = 1;
			continue;
		}
		while ((n = getline(&line, &cap, f)) > 0) {
			if (line[n - 1] == '\n')
				n--;
			cut_line(line, (size_t)n, fields, delim, only);
		}
		if (ferror(f)) {
			util_warn(argv[i]);
			status = 1;
		}
		if (!std)
			fclose(f);
	}
	free(line);
	return fflush(stdout) ? 1 : status;
}
