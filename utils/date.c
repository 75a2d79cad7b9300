/* utils/date.c: date, the date and time: date [-u] [-d DATE] [+FORMAT]. FORMAT is strftime's
 * (musl's); the default is POSIX's `%a %b %e %H:%M:%S %Z %Y`. Setting the clock is not done. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include "lib/util.h"

static const char date_help[] =
	"usage: date [-u] [-d DATE | -r FILE] [+FORMAT]\n"
	"Prints the date and time (now unless told), in FORMAT (strftime's: %Y-%m-%d %H:%M:%S,\n"
	"%s seconds since 1970, ...) or as `%a %b %e %H:%M:%S %Z %Y`.\n"
	"  -u       in UTC\n"
	"  -d DATE  @SECONDS, or YYYY-MM-DD[ hh:mm[:ss]]\n"
	"  -r FILE  FILE's modification time\n"
	"Exit status: 0, or 1 on an error.\n";

static int date_parse(const char *s, time_t *t, int utc)
{
	struct tm tm;
	int n, consumed = 0;
	long long v;
	if (s[0] == '@') {
		if (util_parse_long(s + 1, &v))
			return -1;
		*t = (time_t)v;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	n = sscanf(s, "%d-%d-%d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &consumed);
	if (n != 3)
		return -1;
	s += consumed;
	if (*s) {
		consumed = 0;
		n = sscanf(s, "%*[ T]%d:%d%n:%d%n", &tm.tm_hour, &tm.tm_min, &consumed, &tm.tm_sec,
			&consumed);
		if (n < 2 || s[consumed])
			return -1;
	}
	tm.tm_year -= 1900;
	tm.tm_mon--;
	tm.tm_isdst = -1;
	*t = utc ? timegm(&tm) : mktime(&tm);
	return 0;
}

int main(int argc, char **argv)
{
	int c, utc = 0;
	time_t t = time(NULL);
	const char *when = NULL, *ref = NULL, *fmt = "%a %b %e %H:%M:%S %Z %Y";
	struct tm *tm;
	util_init(argc, argv, "date", date_help);
	while ((c = getopt(argc, argv, "+ud:r:")) != -1) {
		if (c == 'u') utc = 1;
		else if (c == 'd') when = optarg;
		else if (c == 'r') ref = optarg;
		else return util_usage(1);
	}
	if (optind < argc && argv[optind][0] == '+')
		fmt = argv[optind++] + 1;
	if (optind < argc) {
		util_msg("setting the clock is not done: %s", argv[optind]);
		return 1;
	}
	if (utc) { /* local time in a zone named UTC (gmtime's %Z may say GMT) */
		setenv("TZ", "UTC0", 1);
		tzset();
	}
	if (when && date_parse(when, &t, utc) < 0)
		util_die(1, "invalid date: %s", when);
	if (ref) {
		struct stat st;
		if (stat(ref, &st) < 0) {
			util_warn(ref);
			return 1;
		}
		t = st.st_mtim.tv_sec;
	}
	tm = localtime(&t);
	if (!tm)
		util_die(1, "the time is out of range");
	/* strftime's output has no fixed bound: grow until it fits (an empty result is allowed) */
	for (size_t cap = 256;; cap *= 2) {
		char *buf = util_alloc(cap);
		size_t n = strftime(buf, cap, fmt, tm);
		if (n || cap > 65536 || !*fmt) {
			if (!n)
				buf[0] = 0;
			puts(buf);
			free(buf);
			break;
		}
		free(buf);
	}
	return fflush(stdout) ? 1 : 0;
}
