/* kernel/core/kscheme_test.c: the kernel's schemes from user space (selftest/kschemes: shm
 * between processes, an event set over pipes and a timer, the clocks, the log, the RTC's
 * interrupt through /dev/irq/8), and the registry holding each of them (kernel only). */
#include "ktest.h"
#include "kscheme.h"
#include "pmm.h"
#include "proc.h"
#include "sched.h"
#include "ferrite/abi.h"

int proc_test_run_program(const char *path, int *status, char **out); /* proc_test.c */
uint64_t thread_cached_pages(void);                                   /* thread.c */

KTEST(kscheme_each_kernel_scheme_is_registered)
{
	static const char *const names[] = { "time", "log", "shm", "event", "irq" };
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		struct scheme *s = scheme_find(names[i]);
		KEXPECT(s != NULL);
		if (s) {
			KEXPECT_EQ_STR(s->name, names[i]);
			scheme_put(s);
		}
	}
}

static void kscheme_test_run(int *st, char **out)
{
	kprintf("selftest: kschemes starts\n"); /* the program looks for this line in /dev/kmsg */
	KEXPECT_EQ_U64(proc_test_run_program("selftest/kschemes", st, out), 0);
}

KTEST(kscheme_shm_event_time_log_irq_from_user)
{
	struct pmm_stats a, b;
	int st = -1;
	char *out;
	kscheme_test_run(&st, &out); /* the first run fills the heap's caches */
	KEXPECT_EQ_U64(st, FERRITE_WSTATUS_EXIT(0));
	KEXPECT(strstr(out, "kschemes: all checks passed") != NULL);
	sched_sleep_ns(20000000);
	pmm_stats(&a);
	a.free_pages += thread_cached_pages();
	kscheme_test_run(&st, &out);
	KEXPECT_EQ_U64(st, FERRITE_WSTATUS_EXIT(0));
	sched_sleep_ns(20000000);
	pmm_stats(&b);
	b.free_pages += thread_cached_pages();
	/* the shared memory went with its name, its mappings and its descriptions */
	if (b.free_pages + 8 < a.free_pages)
		kprintf("    free pages before %lu, after %lu\n", a.free_pages, b.free_pages);
	KEXPECT(b.free_pages + 8 >= a.free_pages);
}
