/* kernel/core/console.c: the one path for kernel output. Tests capture it into a buffer to
 * check what a report said; everything still reaches the backend (the serial port) and the
 * kernel log (klog.c, /dev/kmsg). */
#include "klib.h"

static char *console_cap_buf;
static void (*console_log)(const char *s, size_t n); /* the kernel log, once it is set up */

void console_set_log(void (*fn)(const char *s, size_t n))
{
	console_log = fn;
}
static size_t console_cap_size, console_cap_len;

void console_capture(char *buf, size_t size)
{
	console_cap_buf = buf;
	console_cap_size = size;
	console_cap_len = 0;
	if (buf && size)
		buf[0] = 0;
}

size_t console_captured(void)
{
	return console_cap_len;
}

void console_write(const char *s, size_t n)
{
	if (console_cap_buf) {
		size_t room = console_cap_size - 1 - console_cap_len;
		size_t k = n < room ? n : room;
		memcpy(console_cap_buf + console_cap_len, s, k);
		console_cap_len += k;
		console_cap_buf[console_cap_len] = 0;
	}
	console_backend_write(s, n);
	if (console_log)
		console_log(s, n);
}
