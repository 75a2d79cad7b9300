/* utils/wc.c: wc, counts lines, words and bytes: wc [-clmw] [FILE...]. Words are runs of
 * non-space bytes; -m counts characters of the locale (bytes in musl's C locale: UTF-8 lead
 * bytes are counted, continuation bytes are not). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "lib/util.h"

static const char wc_help[] =
	"usage: wc [-clmw] [FILE...]\n"
	"Counts the newlines, words and bytes of each FILE (standard input for - or none), and\n"
	"their total when there are several.\n"
	"  -l lines   -w words   -c bytes   -m characters (UTF-8)\n"
	"Exit status: 0, or 1 if a file could not be read.\n";

static int wc_l, wc_w, wc_c, wc_m;

static void wc_print(const unsigned long long n[4], const char *name, int width)
{
	const int *on[4] = { &wc_l, &wc_w, &wc_m, &wc_c };
	int first = 1;
	for (int i = 0; i < 4; i++)
		if (*on[i]) {
			printf(first ? "%*llu" : " %*llu", width, n[i]);
			first = 0;
		}
	if (name)
		printf(" %s", name);
	putchar('\n');
}

static int wc_count(FILE *f, unsigned long long n[4])
{
	int c, inword = 0;
	n[0] = n[1] = n[2] = n[3] = 0;
	while ((c = getc(f)) != EOF) {
		n[3]++;
		if ((c & 0xc0) != 0x80)
			n[2]++;
		if (c == '\n')
			n[0]++;
		if (isspace(c))
			inword = 0;
		else if (!inword) {
			inword = 1;
			n[1]++;
		}
	}
	return ferror(f) ? -1 : 0;
}

/* GNU's column width: the digits of the inputs' total size when all are regular files, else 7. */
static int wc_width(char **names, int n)
{
	unsigned long long sum = 0;
	struct stat st;
	char digits[32];
	for (int i = 0; i < (n ? n : 1); i++) {
		int r = n && strcmp(names[i], "-") ? stat(names[i], &st) : fstat(0, &st);
		if (r == 0 && !S_ISREG(st.st_mode))
			return 7;
		if (r == 0)
			sum += (unsigned long long)st.st_size;
	}
	return snprintf(digits, sizeof(digits), "%llu", sum);
}

int main(int argc, char **argv)
{
	int c, status = 0, nfiles, width = 7, n_on;
	unsigned long long total[4] = { 0, 0, 0, 0 };
	util_init(argc, argv, "wc", wc_help);
	while ((c = getopt(argc, argv, "+clmw")) != -1) {
		if (c == 'c') wc_c = 1;
		else if (c == 'l') wc_l = 1;
		else if (c == 'm') wc_m = 1;
		else if (c == 'w') wc_w = 1;
		else return util_usage(1);
	}
	if (!wc_c && !wc_l && !wc_m && !wc_w)
		wc_c = wc_l = wc_w = 1;
	n_on = wc_c + wc_l + wc_m + wc_w;
	nfiles = argc - optind;
	/* GNU's widths: one count alone is not padded; for files the width fits the total */
	if (n_on == 1 && nfiles <= 1)
		width = 1;
	unsigned long long (*counts)[4] = util_alloc(sizeof(*counts) * (size_t)(nfiles ? nfiles : 1));
	int *ok = util_alloc(sizeof(int) * (size_t)(nfiles ? nfiles : 1));
	for (int i = 0; i < (nfiles ? nfiles : 1); i++) {
		const char *name = nfiles ? argv[optind + i] : "-";
		int std = !strcmp(name, "-");
		FILE *f = std ? stdin : fopen(name, "r");
		ok[i] = 0;
		if (!f || wc_count(f, counts[i]) < 0) {
			util_warn(name);
			status = 1;
		} else {
			ok[i] = 1;
			for (int k = 0; k < 4; k++)
				total[k] += counts[i][k];
		}
		if (f && !std)
			fclose(f);
	}
	if (!(n_on == 1 && nfiles <= 1))
		width = wc_width(argv + optind, nfiles);
	for (int i = 0; i < (nfiles ? nfiles : 1); i++)
		if (ok[i])
			wc_print(counts[i], nfiles ? argv[optind + i] : NULL, width);
	if (nfiles > 1)
		wc_print(total, "total", width);
	if (fflush(stdout)) {
		util_warn("write error");
		return 1;
	}
	return status;
}
