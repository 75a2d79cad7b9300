/* libc/tests/suite/t_time.c: clocks, sleeping, calendar conversions, formatting. Durations
 * are checked with seconds of slack: QEMU under TCG on a loaded host is slow, never fast. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "lt.h"

static long time_ns_between(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1000000000l + (b->tv_nsec - a->tv_nsec);
}

static void time_clocks(void)
{
	struct timespec a, b, r;
	struct timeval tv;
	LT_EQ(clock_gettime(CLOCK_MONOTONIC, &a), 0);
	LT_EQ(clock_gettime(CLOCK_REALTIME, &r), 0);
	LT_CHECK(r.tv_sec > 1577836800); /* after 2020 */
	LT_CHECK(labs((long)time(NULL) - (long)r.tv_sec) <= 2);
	LT_EQ(gettimeofday(&tv, NULL), 0);
	LT_CHECK(labs((long)tv.tv_sec - (long)r.tv_sec) <= 2);
	LT_EQ(clock_gettime(CLOCK_MONOTONIC, &b), 0);
	LT_CHECK(time_ns_between(&a, &b) >= 0);
	LT_EQ(clock_getres(CLOCK_MONOTONIC, &r), 0);
	LT_CHECK(r.tv_sec == 0 && r.tv_nsec > 0 && r.tv_nsec <= 1000000);
}

static void time_sleep(void)
{
	struct timespec a, b, d = { 0, 50000000 }, abs;
	clock_gettime(CLOCK_MONOTONIC, &a);
	LT_EQ(nanosleep(&d, NULL), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	LT_CHECK(time_ns_between(&a, &b) >= 50000000);
	abs = b;
	abs.tv_nsec += 50000000;
	if (abs.tv_nsec >= 1000000000) {
		abs.tv_nsec -= 1000000000;
		abs.tv_sec++;
	}
	LT_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL), 0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	LT_CHECK(time_ns_between(&abs, &a) >= 0);
	LT_EQ(usleep(10000), 0);
}

static void time_calendar(void)
{
	struct tm tm, *g;
	time_t t = 0;
	char b[64];
	g = gmtime_r(&t, &tm);
	LT_CHECK(g && tm.tm_year == 70 && tm.tm_mon == 0 && tm.tm_mday == 1 && tm.tm_wday == 4);
	t = 951782400; /* 2000-02-29 00:00:00 UTC */
	gmtime_r(&t, &tm);
	LT_CHECK(tm.tm_year == 100 && tm.tm_mon == 1 && tm.tm_mday == 29 && tm.tm_yday == 59);
	LT_EQ(timegm(&tm), 951782400);
	strftime(b, sizeof(b), "%Y-%m-%d %H:%M:%S %a %j", &tm);
	LT_CHECK(!strcmp(b, "2000-02-29 00:00:00 Tue 060"));
	setenv("TZ", "UTC0", 1);
	tzset();
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = 124;
	tm.tm_mon = 11;
	tm.tm_mday = 31;
	tm.tm_hour = 23;
	LT_EQ(mktime(&tm), 1735686000);
	LT_EQ(tm.tm_wday, 2);
	tm.tm_hour += 2; /* normalises into the next year */
	mktime(&tm);
	LT_CHECK(tm.tm_year == 125 && tm.tm_mon == 0 && tm.tm_mday == 1 && tm.tm_hour == 1);
	t = 1735686000;
	LT_CHECK(!strcmp(asctime_r(gmtime_r(&t, &tm), b), "Tue Dec 31 23:00:00 2024\n"));
}

const struct lt_test lt_time_tests[] = {
	{ "time_clocks", time_clocks },
	{ "time_sleep", time_sleep },
	{ "time_calendar", time_calendar },
	{ 0, 0 },
};
