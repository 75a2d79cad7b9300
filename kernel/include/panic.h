/* kernel/include/panic.h: the kernel's fatal error. */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

void panic(const char *fmt, ...);
void abort(void);

#endif
