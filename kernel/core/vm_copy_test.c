/* kernel/core/vm_copy_test.c: copies to and from user memory and between spaces (kernel
 * only): pages faulted in on the way, copy-on-write honoured, and every bad pointer -EFAULT. */
#include "ktest.h"
#include "errno.h"
#include "pmm.h"
#include "vm.h"
#include "../arch/x86_64/cpu.h"

#define VC_BASE 0x10000000ul

KTEST(vm_copy_user_round_trip)
{
	static char big[3 * PAGE_SIZE], back[3 * PAGE_SIZE];
	struct vm_space s;
	uint64_t f0 = 0;
	vm_space_create(&s);
	vm_region_map(&s, VC_BASE, 4 * PAGE_SIZE, VM_READ | VM_WRITE);
	vm_region_map(&s, VC_BASE + 8 * PAGE_SIZE, PAGE_SIZE, VM_READ);
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7 + 3);
	/* across three page boundaries, into pages nobody touched yet */
	KEXPECT_EQ_U64(vm_copy_to_user(&s, VC_BASE + 100, big, sizeof(big)), 0);
	KEXPECT_EQ_U64(vm_copy_from_user(&s, back, VC_BASE + 100, sizeof(back)), 0);
	KEXPECT(memcmp(big, back, sizeof(big)) == 0);
	KEXPECT_EQ_U64(vm_translate(&s, VC_BASE, &f0, NULL), 0);
	KEXPECT_EQ_U64(((uint8_t *)phys_to_virt(f0 & ~(PAGE_SIZE - 1)))[100], (uint8_t)3);
	/* bad pointers: nothing there, read-only, kernel addresses, wrapping, past the region */
	KEXPECT_EQ_U64(vm_copy_from_user(&s, back, VC_BASE - 8, 16), (uint64_t)-EFAULT);
	KEXPECT_EQ_U64(vm_copy_to_user(&s, VC_BASE + 8 * PAGE_SIZE, big, 1), (uint64_t)-EFAULT);
	KEXPECT_EQ_U64(vm_copy_from_user(&s, back, VC_BASE + 8 * PAGE_SIZE, 1), 0);
	KEXPECT_EQ_U64(vm_copy_from_user(&s, back, (uint64_t)&s, 8), (uint64_t)-EFAULT);
	KEXPECT_EQ_U64(vm_copy_from_user(&s, back, VM_USER_END - 8, 16), (uint64_t)-EFAULT);
	KEXPECT_EQ_U64(vm_copy_to_user(&s, ~0ul - 4, big, 16), (uint64_t)-EFAULT);
	KEXPECT_EQ_U64(vm_copy_to_user(&s, VC_BASE + 4 * PAGE_SIZE - 8, big, 16), (uint64_t)-EFAULT);
	KEXPECT_EQ_U64(vm_copy_to_user(&s, VC_BASE, big, 0), 0);
	vm_space_destroy(&s);
}

KTEST(vm_copy_strings_and_between_spaces)
{
	struct vm_space a, b;
	char buf[32];
	vm_space_create(&a);
	vm_region_map(&a, VC_BASE, 2 * PAGE_SIZE, VM_READ | VM_WRITE);
	/* a string across a page boundary */
	KEXPECT_EQ_U64(vm_copy_to_user(&a, VC_BASE + PAGE_SIZE - 3, "/src/make", 10), 0);
	KEXPECT_EQ_U64(vm_copy_string_from_user(&a, buf, VC_BASE + PAGE_SIZE - 3, sizeof(buf)), 9);
	KEXPECT_EQ_STR(buf, "/src/make");
	KEXPECT_EQ_U64(vm_copy_string_from_user(&a, buf, VC_BASE + PAGE_SIZE - 3, 5), (uint64_t)-ERANGE);
	KEXPECT_EQ_U64(vm_copy_string_from_user(&a, buf, VC_BASE + 2 * PAGE_SIZE - 2, 32), 0); /* zeros */
	vm_copy_to_user(&a, VC_BASE + 2 * PAGE_SIZE - 2, "ab", 2); /* no NUL before the region ends */
	KEXPECT_EQ_U64(vm_copy_string_from_user(&a, buf, VC_BASE + 2 * PAGE_SIZE - 2, 32), (uint64_t)-EFAULT);
	/* fork: the child's write breaks the sharing, the parent still reads its own */
	KEXPECT_EQ_U64(vm_space_fork(&b, &a), 0);
	KEXPECT_EQ_U64(vm_copy_to_user(&b, VC_BASE + PAGE_SIZE - 3, "/tmp", 5), 0);
	vm_copy_string_from_user(&a, buf, VC_BASE + PAGE_SIZE - 3, sizeof(buf));
	KEXPECT_EQ_STR(buf, "/src/make");
	vm_copy_string_from_user(&b, buf, VC_BASE + PAGE_SIZE - 3, sizeof(buf));
	KEXPECT_EQ_STR(buf, "/tmp");
	/* one space to the other, as IPC's read and write do */
	KEXPECT_EQ_U64(vm_copy_between(&b, VC_BASE + 10, &a, VC_BASE + PAGE_SIZE - 3, 10), 0);
	vm_copy_string_from_user(&b, buf, VC_BASE + 10, sizeof(buf));
	KEXPECT_EQ_STR(buf, "/src/make");
	KEXPECT_EQ_U64(vm_copy_between(&b, VC_BASE + 2 * PAGE_SIZE, &a, VC_BASE, 1), (uint64_t)-EFAULT);
	vm_space_destroy(&b);
	vm_space_destroy(&a);
}
