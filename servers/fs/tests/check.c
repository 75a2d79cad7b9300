/* check.c: runs a table of named tests and prints the summary line make test reads. */
#include <string.h>
#include <time.h>
#include "check.h"

int check_failed;

int check_run(const char *suite, const struct check_case *cases, int n, const char *only)
{
	int i, pass = 0, fail = 0;
	clock_t t0;

	for (i = 0; i < n; i++) {
		if (only && !strstr(cases[i].name, only))
			continue;
		check_failed = 0;
		t0 = clock();
		cases[i].fn();
		printf("%s %s (%.2fs)\n", check_failed ? "FAIL" : "ok  ", cases[i].name,
		       (double)(clock() - t0) / CLOCKS_PER_SEC);
		fflush(stdout);
		if (check_failed)
			fail++;
		else
			pass++;
	}
	printf("%s: %d passed, %d failed\n", suite, pass, fail);
	return fail ? 1 : 0;
}
