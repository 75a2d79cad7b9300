/* kernel/include/klib.h: the kernel's small C library: memory and string functions,
 * formatted output, panics. core/string.c and core/printf.c implement them; both are portable
 * and are also tested on the host. */
#ifndef KERNEL_KLIB_H
#define KERNEL_KLIB_H

#include "types.h"

/* core/string.c: the kernel's own; tcc also emits calls to memcpy, memmove and memset. */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strstr(const char *haystack, const char *needle);

/* core/printf.c: %[-0#][width][.prec][hh|h|l|ll|z|t]{d,i,u,x,X,o,c,s,p,%}.
 * kvformat calls out for each byte and returns how many bytes the output has. */
typedef void (*kformat_out)(void *arg, char c);
size_t kvformat(kformat_out out, void *arg, const char *fmt, va_list ap);
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...);
int kprintf(const char *fmt, ...);

/* core/console.c: all kernel output goes through here; a test can capture it. */
void console_write(const char *s, size_t n);
void console_capture(char *buf, size_t size); /* buf NULL stops capturing */
size_t console_captured(void);
/* Where output also goes once the kernel log exists (klog.c): fn must never block. */
void console_set_log(void (*fn)(const char *s, size_t n));
/* provided by the platform: the serial port in the kernel, stdout on the host */
void console_backend_write(const char *s, size_t n);

/* core/cmdline.c: is word a whole word of the command line? What follows key=? */
bool cmdline_has(const char *cmdline, const char *word);
bool cmdline_get(const char *cmdline, const char *key, char *buf, size_t n);
bool kstrtou64(const char *s, uint64_t *out);

#endif
