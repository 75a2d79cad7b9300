/* kernel/core/calendar_test.c: the civil calendar conversions (kernel and host). */
#include "ktest.h"
#include "ktime.h"

KTEST(calendar_known_dates)
{
	KEXPECT_EQ_U64(time_from_civil(1970, 1, 1, 0, 0, 0), 0);
	KEXPECT_EQ_U64(time_from_civil(2000, 3, 1, 0, 0, 0), 951868800);
	KEXPECT_EQ_U64(time_from_civil(2026, 11, 21, 5, 31, 0), 1795239060);
	KEXPECT_EQ_U64(time_from_civil(2038, 1, 19, 3, 14, 8), 2147483648ull);
	KEXPECT_EQ_U64(time_from_civil(2024, 2, 29, 23, 59, 59), 1709251199);
}

KTEST(calendar_round_trip)
{
	int y, mo, d, h, mi, s, bad = 0;
	/* every 7 hours and 13 seconds from 1970 to about 2100 */
	for (int64_t t = 0; t < 4102444800ll; t += 7 * 3600 + 13) {
		time_to_civil(t, &y, &mo, &d, &h, &mi, &s);
		if (time_from_civil(y, mo, d, h, mi, s) != t || mo < 1 || mo > 12 || d < 1 || d > 31)
			bad++;
	}
	KEXPECT_EQ_U64(bad, 0);
	time_to_civil(951782400, &y, &mo, &d, &h, &mi, &s); /* 2000-02-29 */
	KEXPECT(y == 2000 && mo == 2 && d == 29);
}
