/* kernel/include/syscall.h: the kernel's side of system calls: the generated table's entry,
 * and the only ways the kernel touches user memory. */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "types.h"
#include "ferrite/abi.h"

struct syscall_entry {
	const char *name;
	int nargs;
	long (*fn)(const uint64_t *args);
};

extern const struct syscall_entry syscall_table[SYS_LAST - SYS_FIRST + 1];

/* The entry stub saves the user's registers as a struct trap_frame (arch/x86_64/arch.h), the
 * same layout as an interrupt's, with vector -1. */
#include "../arch/x86_64/arch.h"

/* Returns 0 to leave by SYSRET, 1 to restore the whole frame by IRETQ. */
int syscall_dispatch(struct trap_frame *f);

/* Copies between the kernel and the current process's user memory. Each checks that the
 * range lies in user space, and a fault inside is caught: 0, or -EFAULT. */
int copy_from_user(void *dst, const void *user_src, size_t n);
int copy_to_user(void *user_dst, const void *src, size_t n);
bool user_range_ok(uint64_t addr, size_t n);

#endif
