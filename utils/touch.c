/* utils/touch.c: touch, sets times or makes empty files: touch [-acm] [-d DATE | -t STAMP |
 * -r REF] FILE... DATE is YYYY-MM-DD[ T]hh:mm[:ss] (UTC with a Z, else local) or @SECONDS;
 * STAMP is POSIX's [[CC]YY]MMDDhhmm[.SS]. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include "lib/util.h"

static const char touch_help[] =
	"usage: touch [-acm] [-d DATE | -t STAMP | -r REF] FILE...\n"
	"Sets each FILE's access and modification times (to now unless told), making it empty\n"
	"if it does not exist.\n"
	"  -a        the access time only       -m  the modification time only\n"
	"  -c        do not make missing files\n"
	"  -d DATE   YYYY-MM-DD[ T]hh:mm[:ss[.frac]][Z], or @SECONDS since 1970\n"
	"  -t STAMP  [[CC]YY]MMDDhhmm[.SS]\n"
	"  -r REF    the times of the file REF\n"
	"Exit status: 0, or 1 if a file could not be touched.\n";

/* -d DATE; -1 if it is not one. */
static int touch_date(const char *s, struct timespec *ts)
{
	struct tm tm;
	int n = 0, sec = 0, consumed = 0;
	char z = 0;
	memset(&tm, 0, sizeof(tm));
	if (s[0] == '@') {
		long long v;
		if (util_parse_long(s + 1, &v))
			return -1;
		ts->tv_sec = (time_t)v;
		ts->tv_nsec = 0;
		return 0;
	}
	n = sscanf(s, "%d-%d-%d%*[ T]%d:%d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		&tm.tm_min, &consumed);
	if (n == 3) {
		consumed = 0;
		sscanf(s, "%*d-%*d-%*d%n", &consumed);
	} else if (n != 5)
		return -1;
	s += consumed;
	if (*s == ':') {
		if (sscanf(s, ":%d%n", &sec, &consumed) != 1)
			return -1;
		s += consumed;
		if (*s == '.')
			for (s++; *s >= '0' && *s <= '9'; s++)
				;
	}
	z = *s;
	if (z && !((z == 'Z' || z == 'z') && !s[1]))
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	ts->tv_sec = z ? timegm(&tm) : mktime(&tm);
	ts->tv_nsec = 0;
	return 0;
}

/* -t STAMP; -1 if it is not one. */
static int touch_stamp(const char *s, struct timespec *ts)
{
	struct tm tm;
	const char *dot = strchr(s, '.');
	size_t len = dot ? (size_t)(dot - s) : strlen(s);
	int v[6], k = 0;
	memset(&tm, 0, sizeof(tm));
	if (len != 8 && len != 10 && len != 12)
		return -1;
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	for (size_t i = 0; i < len; i += 2)
		v[k++] = (s[i] - '0') * 10 + s[i + 1] - '0';
	k = 0;
	if (len == 12)
		tm.tm_year = v[0] * 100 + v[1] - 1900, k = 2;
	else if (len == 10)
		tm.tm_year = v[0] < 69 ? v[0] + 100 : v[0], k = 1;
	else {
		time_t now = time(NULL);
		tm.tm_year = localtime(&now)->tm_year;
	}
	tm.tm_mon = v[k] - 1;
	tm.tm_mday = v[k + 1];
	tm.tm_hour = v[k + 2];
	tm.tm_min = v[k + 3];
	if (dot) {
		if (strlen(dot) != 3 || dot[1] < '0' || dot[1] > '9' || dot[2] < '0' || dot[2] > '9')
			return -1;
		tm.tm_sec = (dot[1] - '0') * 10 + dot[2] - '0';
	}
	tm.tm_isdst = -1;
	ts->tv_sec = mktime(&tm);
	ts->tv_nsec = 0;
	return 0;
}

int main(int argc, char **argv)
{
	int c, only_a = 0, only_m = 0, nocreate = 0, status = 0, given = 0;
	struct timespec t[2];
	struct stat st;
	util_init(argc, argv, "touch", touch_help);
	while ((c = getopt(argc, argv, "+acmd:t:r:")) != -1) {
		switch (c) {
		case 'a': only_a = 1; break;
		case 'm': only_m = 1; break;
		case 'c': nocreate = 1; break;
		case 'd':
			if (touch_date(optarg, &t[0]) < 0)
				util_die(1, "invalid date: %s", optarg);
			t[1] = t[0];
			given = 1;
			break;
		case 't':
			if (touch_stamp(optarg, &t[0]) < 0)
				util_die(1, "invalid time stamp: %s", optarg);
			t[1] = t[0];
			given = 1;
			break;
		case 'r':
			if (stat(optarg, &st) < 0) {
				util_warn(optarg);
				return 1;
			}
			t[0] = st.st_atim;
			t[1] = st.st_mtim;
			given = 1;
			break;
		default:
			return util_usage(1);
		}
	}
	if (optind == argc)
		return util_usage(1);
	if (!given)
		t[0].tv_nsec = t[1].tv_nsec = UTIME_NOW;
	if (only_a && !only_m)
		t[1].tv_nsec = UTIME_OMIT;
	if (only_m && !only_a)
		t[0].tv_nsec = UTIME_OMIT;
	for (int i = optind; i < argc; i++) {
		if (utimensat(AT_FDCWD, argv[i], t, 0) == 0)
			continue;
		if (errno == ENOENT && nocreate)
			continue;
		if (errno == ENOENT) {
			int fd = open(argv[i], O_WRONLY | O_CREAT, 0666);
			if (fd >= 0) {
				close(fd);
				if (utimensat(AT_FDCWD, argv[i], t, 0) == 0)
					continue;
			}
		}
		util_warn(argv[i]);
		status = 1;
	}
	return status;
}
