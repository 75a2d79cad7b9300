/* utils/head.c: head, the first lines or bytes: head [-n N | -c N | -N] [FILE...]. Several
 * files each get a `==> NAME <==` header. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/util.h"

static const char head_help[] =
	"usage: head [-n LINES | -c BYTES] [FILE...]\n"
	"Writes the first 10 lines (or LINES lines, or BYTES bytes) of each FILE (standard input\n"
	"for - or none). -NUMBER is -n NUMBER.\n"
	"Exit status: 0, or 1 if a file could not be read.\n";

static int head_copy(FILE *f, long long count, int bytes)
{
	int c;
	while (count > 0 && (c = getc(f)) != EOF) {
		putchar(c);
		if (bytes || c == '\n')
			count--;
	}
	return ferror(f) ? -1 : 0;
}

int main(int argc, char **argv)
{
	long long count = 10;
	int c, bytes = 0, status = 0, nfiles, headed = 0;
	char num[32];
	util_init(argc, argv, "head", head_help);
	if (argc > 1 && argv[1][0] == '-' && argv[1][1] >= '0' && argv[1][1] <= '9') {
		snprintf(num, sizeof(num), "-n%s", argv[1] + 1); /* -5 is -n 5 */
		argv[1] = num;
	}
	while ((c = getopt(argc, argv, "+n:c:")) != -1) {
		if (c == '?')
			return util_usage(1);
		if (util_parse_long(optarg, &count) || count < 0) {
			util_msg("invalid number: %s", optarg);
			return 1;
		}
		bytes = c == 'c';
	}
	nfiles = argc - optind;
	if (!nfiles)
		argv[--optind] = "-", nfiles = 1;
	for (int i = optind; i < argc; i++) {
		int std = !strcmp(argv[i], "-");
		FILE *f = std ? stdin : fopen(argv[i], "r");
		if (!f) {
			util_warn(argv[i]);
			status = 1;
			continue;
		}
		if (nfiles > 1)
			printf("%s==> %s <==\n", headed++ ? "\n" : "", std ? "standard input" : argv[i]);
		if (head_copy(f, count, bytes)) {
			util_warn(argv[i]);
			status = 1;
		}
		if (!std)
			fclose(f);
	}
	if (fflush(stdout)) {
		util_warn("write error");
		return 1;
	}
	return status;
}
