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

/* What the entry stub saved: the user's registers, in this order on the kernel stack. */
struct syscall_frame {
	uint64_t r15, r14, r13, r12, rbp, rbx;
	uint64_t r9, r8, r10, rdx, rsi, rdi, rax;
	uint64_t rip, rflags, rsp; /* from %rcx, %r11 and the user stack pointer */
};
_Static_assert(offsetof(struct syscall_frame, rax) == 96 && offsetof(struct syscall_frame, rsp) == 120,
	"syscall.S reads the frame at these offsets");

long syscall_dispatch(struct syscall_frame *f);

/* Copies between the kernel and the current process's user memory. Each checks that the
 * range lies in user space, and a fault inside is caught: 0, or -EFAULT. */
int copy_from_user(void *dst, const void *user_src, size_t n);
int copy_to_user(void *user_dst, const void *src, size_t n);
bool user_range_ok(uint64_t addr, size_t n);

#endif
