/* kernel/include/ktime.h: the kernel's clocks. CLOCK_MONOTONIC counts nanoseconds since boot
 * from the TSC, calibrated at boot against the HPET (or the ACPI PM timer); CLOCK_REALTIME is
 * the CMOS clock read at boot plus the monotonic time since. */
#ifndef KERNEL_KTIME_H
#define KERNEL_KTIME_H

#include "types.h"

void time_init(void);
uint64_t time_monotonic_ns(void);
uint64_t time_realtime_ns(void);
uint64_t time_tsc_hz(void);
const char *time_source(void); /* what the TSC was calibrated against */
void time_delay_ns(uint64_t ns); /* busy-waits */

/* calendar.c (portable): seconds since 1970-01-01 00:00:00 UTC of a civil date and time, and
 * back. year >= 1970. */
int64_t time_from_civil(int year, int month, int day, int hour, int min, int sec);
void time_to_civil(int64_t secs, int *year, int *month, int *day, int *hour, int *min, int *sec);

/* rtc.c: the CMOS clock as seconds since the epoch, or -1 if it cannot be read. */
int64_t rtc_read(void);

#endif
