/* kernel/include/klog.h: the kernel log ring (core/klog.c), read through /dev/kmsg
 * (core/scheme_log.c). Positions are byte counts since boot; a reader keeps its own. */
#ifndef KERNEL_KLOG_H
#define KERNEL_KLOG_H

#include "types.h"

/* console.c: every piece of kernel output. Never blocks; skipped if the log is busy. */
void klog_console(const char *s, size_t n);
/* A process's text, one log line per line of it, each marked with pid: n. */
long klog_write_line(int pid, const char *s, size_t n);
/* Whole lines from *pos into buf (at most len bytes), *pos moved past them: the bytes, 0 if
 * there is nothing yet, -EINVAL if the next line is longer than len. */
long klog_read(uint64_t *pos, char *buf, size_t len);
uint64_t klog_oldest(void); /* the position of the oldest line kept */
uint64_t klog_newest(void); /* the position after the last whole line */
/* Blocks until there is a whole line past pos: 0, or -EINTR when a signal came. */
int klog_wait(uint64_t pos);
/* Where pollers of /dev/kmsg wait for new lines. */
struct poll_head *klog_poll_head(void);

#endif
