/* kernel/include/ktest.h: named tests that run inside the kernel (`selftest` on the command
 * line) and, for the portable cores, on the host too. A test is a function declared with
 * KTEST(name) next to the code it tests; the linker gathers them into the ktests section.
 * KEXPECT records a failure with its file, line and expression and lets the test go on. */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include "klib.h"

struct ktest {
	const char *name;
	void (*fn)(void);
};

#define KTEST(name)                                                              \
	static void ktest_fn_##name(void);                                        \
	__attribute__((section("ktests"), used)) const struct ktest ktest_##name = \
		{ #name, ktest_fn_##name };                                           \
	static void ktest_fn_##name(void)

#define KEXPECT(cond) ktest_check(!!(cond), __FILE__, __LINE__, #cond)
#define KEXPECT_EQ_STR(a, b) ktest_check_str((a), (b), __FILE__, __LINE__, #a)
#define KEXPECT_EQ_U64(a, b) ktest_check_u64((uint64_t)(a), (uint64_t)(b), __FILE__, __LINE__, #a)

bool ktest_check(bool ok, const char *file, int line, const char *what);
bool ktest_check_str(const char *got, const char *want, const char *file, int line, const char *what);
bool ktest_check_u64(uint64_t got, uint64_t want, const char *file, int line, const char *what);

/* Runs every test whose name contains one of filter's comma-separated words (all if filter is
 * NULL or empty); prints one line
 * per test and the summary `N passed, N failed`; returns the number failed. */
int ktest_run_all(const char *filter);

#endif
