/* kernel/core/ktest.c: runs the KTEST functions the linker gathered (see ktest.h). The same
 * file runs the portable cores' tests on the host. */
#include "ktest.h"

extern const struct ktest __start_ktests[], __stop_ktests[];

static int ktest_failures; /* KEXPECT failures in the running test */

bool ktest_check(bool ok, const char *file, int line, const char *what)
{
	if (!ok) {
		kprintf("    FAILED %s:%d: %s\n", file, line, what);
		ktest_failures++;
	}
	return ok;
}

bool ktest_check_str(const char *got, const char *want, const char *file, int line, const char *what)
{
	bool ok = got && want && strcmp(got, want) == 0;
	if (!ok) {
		kprintf("    FAILED %s:%d: %s is \"%s\", expected \"%s\"\n", file, line, what,
			got ? got : "(null)", want ? want : "(null)");
		ktest_failures++;
	}
	return ok;
}

bool ktest_check_u64(uint64_t got, uint64_t want, const char *file, int line, const char *what)
{
	if (got != want) {
		kprintf("    FAILED %s:%d: %s is %#lx (%lu), expected %#lx (%lu)\n", file, line, what,
			got, got, want, want);
		ktest_failures++;
	}
	return got == want;
}

/* Does name contain one of the comma-separated words of filter (any name, if it is empty)? */
static bool ktest_selected(const char *name, const char *filter)
{
	char word[64];
	size_t n;
	if (!filter || !*filter)
		return true;
	while (*filter) {
		for (n = 0; filter[n] && filter[n] != ',' && n + 1 < sizeof(word); n++)
			word[n] = filter[n];
		word[n] = 0;
		if (n && strstr(name, word))
			return true;
		filter += n;
		if (*filter == ',')
			filter++;
	}
	return false;
}

int ktest_run_all(const char *filter)
{
	int passed = 0, failed = 0;
	for (const struct ktest *t = __start_ktests; t < __stop_ktests; t++) {
		if (!ktest_selected(t->name, filter))
			continue;
		ktest_failures = 0;
		t->fn();
		if (ktest_failures) {
			kprintf("FAIL %s\n", t->name);
			failed++;
		} else {
			kprintf("ok   %s\n", t->name);
			passed++;
		}
	}
	kprintf("%d passed, %d failed\n", passed, failed);
	return failed;
}
