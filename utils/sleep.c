/* utils/sleep.c: sleep, waits: sleep SECONDS... (each a decimal number, fractions allowed;
 * the waits add up). A signal that stops and continues it does not cut the wait short. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int sleep_usage(FILE *to, int status)
{
	fprintf(to, "usage: sleep SECONDS...\nWaits for the sum of the SECONDS (fractions allowed).\n");
	return status;
}

int main(int argc, char **argv)
{
	double total = 0;
	struct timespec ts;
	if (argc < 2)
		return sleep_usage(stderr, 2);
	if (!strcmp(argv[1], "--help"))
		return sleep_usage(stdout, 0);
	for (int i = 1; i < argc; i++) {
		char *end;
		double s = strtod(argv[i], &end);
		if (end == argv[i] || *end || s < 0) {
			fprintf(stderr, "sleep: invalid time interval '%s'\n", argv[i]);
			return 1;
		}
		total += s;
	}
	ts.tv_sec = (time_t)total;
	ts.tv_nsec = (long)((total - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	return 0;
}
