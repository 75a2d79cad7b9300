/* kernel/arch/x86_64/rtc.c: the CMOS real-time clock, read once at boot for CLOCK_REALTIME.
 * Read twice until two reads agree, so an update in the middle cannot tear the value. */
#include "klib.h"
#include "acpi.h"
#include "cpu.h"
#include "ktime.h"

struct rtc_fields {
	uint8_t sec, min, hour, day, mon, year, century, regb;
};

static uint8_t rtc_reg(uint8_t r)
{
	outb(0x70, r);
	return inb(0x71);
}

static void rtc_snapshot(struct rtc_fields *f)
{
	while (rtc_reg(0x0a) & 0x80) /* update in progress */
		;
	f->sec = rtc_reg(0x00);
	f->min = rtc_reg(0x02);
	f->hour = rtc_reg(0x04);
	f->day = rtc_reg(0x07);
	f->mon = rtc_reg(0x08);
	f->year = rtc_reg(0x09);
	f->century = acpi.century_reg ? rtc_reg(acpi.century_reg) : 0;
	f->regb = rtc_reg(0x0b);
}

static int rtc_bcd(uint8_t v, bool bcd)
{
	return bcd ? (v >> 4) * 10 + (v & 0xf) : v;
}

int64_t rtc_read(void)
{
	struct rtc_fields a, b;
	bool bcd;
	int hour, year, tries = 0;
	rtc_snapshot(&a);
	do {
		b = a;
		rtc_snapshot(&a);
	} while (memcmp(&a, &b, sizeof(a)) && ++tries < 5);
	bcd = !(a.regb & 0x04);
	hour = rtc_bcd(a.hour & 0x7f, bcd);
	if (!(a.regb & 0x02) && (a.hour & 0x80)) /* 12-hour clock, PM */
		hour = (hour % 12) + 12;
	else if (!(a.regb & 0x02) && hour == 12)
		hour = 0;
	year = rtc_bcd(a.year, bcd) + (a.century ? rtc_bcd(a.century, bcd) * 100 : 2000);
	if (year < 1970 || a.mon == 0 || a.day == 0)
		return -1;
	return time_from_civil(year, rtc_bcd(a.mon, bcd), rtc_bcd(a.day, bcd), hour,
		rtc_bcd(a.min, bcd), rtc_bcd(a.sec, bcd));
}
