/* utils/seq.c: seq, prints numbers: seq [-w] [-s SEP] [-f FORMAT] [FIRST [STEP]] LAST.
 * Counted as doubles (FIRST + i * STEP, so no error piles up), printed with as many decimals
 * as FIRST or STEP has (exact for whole numbers up to 2^53). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/util.h"

static const char seq_help[] =
	"usage: seq [-w] [-s SEP] [-f FORMAT] [FIRST [STEP]] LAST\n"
	"Prints the numbers from FIRST (1) to LAST by STEP (1), one a line.\n"
	"  -s SEP     separate them with SEP instead of a newline\n"
	"  -w         pad with leading zeros to the same width\n"
	"  -f FORMAT  a printf format for a double (%g, %f, %e ...)\n"
	"Exit status: 0, or 1 on a wrong argument.\n";

static int seq_decimals(const char *s)
{
	const char *dot = strchr(s, '.');
	if (!dot || strpbrk(s, "eE"))
		return 0;
	return (int)strlen(dot + 1);
}

/* A -f FORMAT takes one double: exactly one %[flags][width][.precision] conversion of
 * e E f F g G a A, and %% as often as wanted; anything else would hand printf the wrong type. */
static int seq_format_ok(const char *f)
{
	int convs = 0;
	for (; *f; f++) {
		if (*f != '%')
			continue;
		if (*++f == '%')
			continue;
		f += strspn(f, "-+ #0");
		f += strspn(f, "0123456789");
		if (*f == '.') {
			f++;
			f += strspn(f, "0123456789");
		}
		if (!*f || !strchr("eEfFgGaA", *f))
			return 0;
		convs++;
	}
	return convs == 1;
}

static int seq_num(const char *s, double *d)
{
	char *end;
	*d = strtod(s, &end);
	return (!*s || *end || isnan(*d)) ? -1 : 0;
}

int main(int argc, char **argv)
{
	int c, pad = 0, n, prec;
	const char *sep = "\n", *fmt = NULL;
	double v[3] = { 1, 1, 0 };
	char buf[64];
	util_init(argc, argv, "seq", seq_help);
	/* a negative number is an operand, not an option */
	while (optind < argc && !(argv[optind][0] == '-' && (argv[optind][1] == '.' ||
	       (argv[optind][1] >= '0' && argv[optind][1] <= '9'))) &&
	       (c = getopt(argc, argv, "+ws:f:")) != -1) {
		if (c == 'w') pad = 1;
		else if (c == 's') sep = optarg;
		else if (c == 'f') {
			fmt = optarg;
			if (!seq_format_ok(fmt)) {
				fprintf(stderr, "seq: format '%s' must have exactly one of %%e %%f %%g %%a\n", fmt);
				return 1;
			}
		}
		else return util_usage(1);
	}
	n = argc - optind;
	if (n < 1 || n > 3)
		return util_usage(1);
	for (int i = 0; i < n; i++) {
		int slot = n == 1 ? 2 : n == 2 ? (i ? 2 : 0) : i;
		if (seq_num(argv[optind + i], &v[slot]) < 0)
			util_die(1, "invalid number: %s", argv[optind + i]);
	}
	if (v[1] == 0)
		util_die(1, "the step must not be zero");
	prec = seq_decimals(n > 1 ? argv[optind] : "1");
	if (n == 3 && seq_decimals(argv[optind + 1]) > prec)
		prec = seq_decimals(argv[optind + 1]);
	int width = 0;
	if (pad && !fmt) {
		int a = snprintf(buf, sizeof(buf), "%.*f", prec, v[0]);
		int b = snprintf(buf, sizeof(buf), "%.*f", prec, v[2]);
		width = a > b ? a : b;
	}
	for (long long i = 0;; i++) {
		double x = v[0] + (double)i * v[1];
		if (v[1] > 0 ? x > v[2] + 1e-9 * fabs(v[1]) : x < v[2] - 1e-9 * fabs(v[1]))
			break;
		if (i)
			fputs(sep, stdout);
		if (fmt)
			printf(fmt, x);
		else if (pad)
			printf("%0*.*f", width, prec, x);
		else
			printf("%.*f", prec, x);
	}
	if (v[1] > 0 ? v[0] <= v[2] : v[0] >= v[2])
		putchar('\n');
	return fflush(stdout) ? 1 : 0;
}
