/* utils/grep.c: grep, finds lines: grep [-EFHhiclLnoqrsvwx] [-e PATTERN]... [-f FILE]
 * [PATTERN] [FILE...]. Patterns are POSIX basic or (-E) extended regular expressions, through
 * musl's regcomp, or fixed strings (-F); several patterns (or lines of one) match if any does.
 * A file with a NUL byte is binary: it is searched, and only said to match. */
#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "lib/util.h"

static const char grep_help[] =
	"usage: grep [-EFHhiclLnoqrsvwx] [-e PATTERN]... [-f FILE]... [PATTERN] [FILE...]\n"
	"Writes the lines of each FILE (standard input for - or none) that match a PATTERN.\n"
	"  -E  extended regular expressions      -F  fixed strings\n"
	"  -e PATTERN  a pattern (may be given several times)   -f FILE  patterns, one a line\n"
	"  -i  ignore case         -v  the lines that do not match\n"
	"  -w  the match must be a whole word    -x  the match must be the whole line\n"
	"  -c  a count of lines per file         -l  the names of files with a match\n"
	"  -L  the names of files without one    -n  line numbers\n"
	"  -o  only the matching parts           -q  nothing: the exit status says\n"
	"  -s  no message for unreadable files   -r  search directories' files too\n"
	"  -H  always the file name              -h  never the file name\n"
	"Exit status: 0 if a line was selected, 1 if none, 2 on an error (unless -q matched).\n";

static int g_ext, g_fixed, g_icase, g_invert, g_word, g_line, g_count, g_list, g_nolist,
	g_number, g_only, g_quiet, g_silent, g_recursive, g_names = -1;
static char **g_pats;
static size_t g_npats;
static regex_t *g_re;
static int g_matched, g_error;

static void grep_add_patterns(const char *s)
{
	/* a pattern with newlines is several patterns */
	for (;;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		char *p = util_alloc(n + 1);
		memcpy(p, s, n);
		p[n] = 0;
		g_pats = util_realloc(g_pats, sizeof(*g_pats) * (g_npats + 1));
		g_pats[g_npats++] = p;
		if (!nl)
			return;
		s = nl + 1;
	}
}

static int grep_wordc(int c)
{
	return isalnum(c) || c == '_';
}

/* The first match of pattern K in LINE at or after FROM: 1 and [*so, *eo) if found. */
static int grep_find(size_t k, const char *line, size_t len, size_t from, size_t *so, size_t *eo)
{
	if (g_fixed) {
		size_t pl = strlen(g_pats[k]);
		for (size_t i = from; i + pl <= len; i++) {
			size_t j = 0;
			if (g_icase)
				while (j < pl && tolower((unsigned char)line[i + j]) ==
				       tolower((unsigned char)g_pats[k][j]))
					j++;
			else
				while (j < pl && line[i + j] == g_pats[k][j])
					j++;
			if (j == pl) {
				*so = i;
				*eo = i + pl;
				return 1;
			}
		}
		return 0;
	}
	regmatch_t m;
	if (from > len || regexec(&g_re[k], line + from, 1, &m, from ? REG_NOTBOL : 0))
		return 0;
	*so = from + (size_t)m.rm_so;
	*eo = from + (size_t)m.rm_eo;
	return 1;
}

/* A match of pattern K that -w and -x accept, at or after FROM. */
static int grep_find_ok(size_t k, const char *line, size_t len, size_t from, size_t *so, size_t *eo)
{
	while (grep_find(k, line, len, from, so, eo)) {
		if (g_line) {
			if (*so == 0 && *eo == len)
				return 1;
			if (!g_fixed)
				return 0; /* the leftmost-longest match was not the whole line */
		} else if (!g_word || ((*so == 0 || !grep_wordc((unsigned char)line[*so - 1])) &&
			   (*eo == len || !grep_wordc((unsigned char)line[*eo])) && *eo > *so))
			return 1;
		from = *so + 1;
		if (from > len)
			return 0;
	}
	return 0;
}

/* The earliest acceptable match of any pattern at or after FROM. */
static int grep_match(const char *line, size_t len, size_t from, size_t *so, size_t *eo)
{
	int found = 0;
	for (size_t k = 0; k < g_npats; k++) {
		size_t s, e;
		if (grep_find_ok(k, line, len, from, &s, &e) &&
		    (!found || s < *so || (s == *so && e > *eo))) {
			*so = s;
			*eo = e;
			found = 1;
		}
	}
	return found;
}

static void grep_prefix(const char *name, unsigned long long lineno, int sep)
{
	if (g_names)
		printf("%s%c", name, sep);
	if (g_number)
		printf("%llu%c", lineno, sep);
}

/* Searches one open file; NAME is what the output calls it. */
static void grep_file(FILE *f, const char *name)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned long long lineno = 0, count = 0;
	int binary = 0;
	while ((n = getline(&line, &cap, f)) > 0) {
		size_t len = (size_t)n, so, eo;
		lineno++;
		if (line[len - 1] == '\n')
			line[--len] = 0;
		if (memchr(line, 0, len)) {
			binary = 1;
			for (size_t i = 0; i < len; i++)
				if (!line[i])
					line[i] = '\n';
		}
		int hit = grep_match(line, len, 0, &so, &eo);
		if (hit == g_invert)
			continue;
		count++;
		g_matched = 1;
		if (g_quiet)
			exit(0);
		if (g_list || g_nolist)
			break;
		if (g_count || binary)
			continue;
		if (!g_only || g_invert) {
			grep_prefix(name, lineno, ':');
			fwrite(line, 1, len, stdout);
			putchar('\n');
			continue;
		}
		for (size_t from = 0; grep_match(line, len, from, &so, &eo); from = eo > so ? eo : so + 1) {
			if (eo == so)
				continue;
			grep_prefix(name, lineno, ':');
			fwrite(line + so, 1, eo - so, stdout);
			putchar('\n');
		}
	}
	if (ferror(f)) {
		if (!g_silent)
			util_warn(name);
		g_error = 1;
	}
	free(line);
	if (g_count) {
		if (g_names)
			printf("%s:", name);
		printf("%llu\n", count);
	} else if (g_list && count)
		printf("%s\n", name);
	else if (g_nolist && !count)
		printf("%s\n", name);
	else if (binary && count && !g_list && !g_nolist) {
		fflush(stdout);
		fprintf(stderr, "%s: %s: binary file matches\n", util_prog, name);
	}
}

static void grep_path(const char *path, const char *shown)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (!g_silent)
			util_warn(path);
		g_error = 1;
		return;
	}
	grep_file(f, shown);
	fclose(f);
}

static int grep_visit(struct util_walk *w, const char *path, const struct stat *st, int kind,
	int depth)
{
	const char *shown = path;
	(void)depth;
	if (w->ctx && !strncmp(path, "./", 2))
		shown = path + 2; /* grep -r with no FILE: names relative to here */
	if (kind == UTIL_WALK_ERR) {
		if (!g_silent)
			util_warn(path);
		g_error = 1;
	} else if (kind == UTIL_WALK_FILE && (S_ISREG(st->st_mode) || depth == 0))
		grep_path(path, shown);
	return UTIL_WALK_GO;
}

int main(int argc, char **argv)
{
	int c;
	util_init(argc, argv, "grep", grep_help);
	while ((c = getopt(argc, argv, "+EFGHhiyclLnoqrRsvwxe:f:")) != -1) {
		switch (c) {
		case 'E': g_ext = 1; g_fixed = 0; break;
		case 'F': g_fixed = 1; break;
		case 'G': g_ext = 0; g_fixed = 0; break;
		case 'H': g_names = 1; break;
		case 'h': g_names = 0; break;
		case 'i': case 'y': g_icase = 1; break;
		case 'c': g_count = 1; break;
		case 'l': g_list = 1; break;
		case 'L': g_nolist = 1; break;
		case 'n': g_number = 1; break;
		case 'o': g_only = 1; break;
		case 'q': g_quiet = 1; break;
		case 'r': case 'R': g_recursive = 1; break;
		case 's': g_silent = 1; break;
		case 'v': g_invert = 1; break;
		case 'w': g_word = 1; break;
		case 'x': g_line = 1; break;
		case 'e': grep_add_patterns(optarg); break;
		case 'f': {
			FILE *pf = strcmp(optarg, "-") ? fopen(optarg, "r") : stdin;
			char *l = NULL;
			size_t cap = 0;
			ssize_t n;
			if (!pf) {
				util_warn(optarg);
				return 2;
			}
			while ((n = getline(&l, &cap, pf)) > 0) {
				if (l[n - 1] == '\n')
					l[n - 1] = 0;
				grep_add_patterns(l);
			}
			free(l);
			if (pf != stdin)
				fclose(pf);
			break;
		}
		default: return util_usage(2);
		}
	}
	if (!g_pats) {
		if (optind == argc)
			return util_usage(2);
		grep_add_patterns(argv[optind++]);
	}
	if (!g_fixed) {
		g_re = util_alloc(sizeof(*g_re) * g_npats);
		for (size_t k = 0; k < g_npats; k++) {
			int e = regcomp(&g_re[k], g_pats[k],
				(g_ext ? REG_EXTENDED : 0) | (g_icase ? REG_ICASE : 0));
			if (e) {
				char msg[256];
				regerror(e, &g_re[k], msg, sizeof(msg));
				util_msg("%s: %s", g_pats[k], msg);
				return 2;
			}
		}
	}
	int nfiles = argc - optind;
	if (g_names < 0)
		g_names = nfiles > 1 || g_recursive;
	if (!nfiles && g_recursive) {
		struct util_walk w = { UTIL_FOLLOW_NONE, grep_visit, "strip", 0 };
		util_walk(&w, ".");
	} else if (!nfiles)
		grep_file(stdin, "(standard input)");
	for (int i = optind; i < argc; i++) {
		struct stat st;
		if (!strcmp(argv[i], "-"))
			grep_file(stdin, "(standard input)");
		else if (g_recursive && stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			struct util_walk w = { UTIL_FOLLOW_TOP, grep_visit, NULL, 0 };
			util_walk(&w, argv[i]);
		} else if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (!g_silent)
				util_msg("%s: Is a directory", argv[i]);
			g_error = 1;
		} else
			grep_path(argv[i], argv[i]);
	}
	if (fflush(stdout))
		g_error = 1;
	return g_error && !(g_quiet && g_matched) ? 2 : !g_matched;
}
