/* kernel/core/calendar.c: civil dates to seconds since the epoch and back (proleptic Gregorian,
 * UTC). Portable; tested on the host against the C library. */
#include "ktime.h"

static int64_t cal_days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t time_from_civil(int year, int month, int day, int hour, int min, int sec)
{
	return cal_days_from_civil(year, month, day) * 86400 + hour * 3600 + min * 60 + sec;
}

void time_to_civil(int64_t secs, int *year, int *month, int *day, int *hour, int *min, int *sec)
{
	int64_t days = secs / 86400, rem = secs % 86400, era, doe, yoe, doy, mp, y;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	*hour = (int)(rem / 3600);
	*min = (int)(rem / 60 % 60);
	*sec = (int)(rem % 60);
	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (int)(y + (*month <= 2));
}
