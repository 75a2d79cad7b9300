/* utils/cmp.c: cmp, compares two files byte by byte: cmp [-l | -s] FILE1 FILE2. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "lib/util.h"

static const char cmp_help[] =
	"usage: cmp [-l | -s] FILE1 FILE2\n"
	"Says where FILE1 and FILE2 (- is standard input) first differ: byte and line number.\n"
	"  -l  every differing byte: its number and both values in octal\n"
	"  -s  say nothing: the exit status says\n"
	"Exit status: 0 if the same, 1 if they differ, 2 on an error.\n";

int main(int argc, char **argv)
{
	int c, all = 0, silent = 0, status = 0;
	FILE *f[2];
	util_init(argc, argv, "cmp", cmp_help);
	while ((c = getopt(argc, argv, "+ls")) != -1) {
		if (c == 'l') all = 1;
		else if (c == 's') silent = 1;
		else return util_usage(2);
	}
	if (argc - optind != 2)
		return util_usage(2);
	for (int k = 0; k < 2; k++) {
		const char *name = argv[optind + k];
		f[k] = strcmp(name, "-") ? fopen(name, "r") : stdin;
		if (!f[k]) {
			if (!silent)
				util_warn(name);
			return 2;
		}
	}
	unsigned long long byte = 1, line = 1;
	int last = 0, width = 1;
	struct stat st[2];
	/* -l: byte numbers as wide as the larger file's size (GNU's layout) */
	if (fstat(fileno(f[0]), &st[0]) == 0 && fstat(fileno(f[1]), &st[1]) == 0 &&
	    S_ISREG(st[0].st_mode) && S_ISREG(st[1].st_mode)) {
		char digits[32];
		long long big = st[0].st_size > st[1].st_size ? st[0].st_size : st[1].st_size;
		width = snprintf(digits, sizeof(digits), "%lld", big);
	}
	for (;; byte++) {
		int a = getc(f[0]), b = getc(f[1]);
		if (a == EOF || b == EOF) {
			if (a != b) {
				if (!silent) {
					fflush(stdout);
					fprintf(stderr, "%s: EOF on %s after byte %llu, line %llu\n", util_prog,
						argv[optind + (a == EOF ? 0 : 1)], byte - 1,
						line - (last == '\n'));
				}
				status = 1;
			}
			break;
		}
		if (a != b) {
			status = 1;
			if (silent)
				break;
			if (!all) {
				printf("%s %s differ: char %llu, line %llu\n", argv[optind], argv[optind + 1],
					byte, line);
				break;
			}
			printf("%*llu %3o %3o\n", width, byte, a, b);
		}
		if (a == '\n')
			line++;
		last = a;
	}
	for (int k = 0; k < 2; k++)
		if (ferror(f[k])) {
			util_warn(argv[optind + k]);
			status = 2;
		}
	return fflush(stdout) ? 2 : status;
}
