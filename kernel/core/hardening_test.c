/* kernel/core/hardening_test.c: runs selftest/hardening, the user program that tries what
 * reviews found a program could get away with (stale event watches, signals to others'
 * processes, rights mprotect would add, floods of the kernel log, deadlines that wrap)
 * (kernel only). */
#include "ktest.h"
#include "kheap.h"
#include "klog.h"
#include "proc.h"
#include "ferrite/abi.h"

int proc_test_run_program(const char *path, int *status, char **out); /* proc_test.c */

KTEST(hardening_user_program_gets_away_with_nothing)
{
	int st = -1;
	char *out;
	KEXPECT_EQ_U64(proc_test_run_program("selftest/hardening", &st, &out), 0);
	KEXPECT_EQ_U64(st, FERRITE_WSTATUS_EXIT(0));
	KEXPECT(strstr(out, "hardening: all checks passed") != NULL);
}

/* A write to the log adds at most 64 lines, each under the lock on its own, and says how much
 * it took: a flood of empty lines stops short; a long line is cut every 1,024 bytes. */
KTEST(hardening_log_write_is_bounded)
{
	size_t n = 4096;
	char *text = kmalloc(n);
	uint64_t before;
	KEXPECT(text != NULL);
	if (!text)
		return;
	memset(text, '\n', n);
	KEXPECT_EQ_U64(klog_write_line(5, text, n), 64);
	memset(text, 'y', n);
	text[3000] = '\n';
	before = klog_newest();
	KEXPECT_EQ_U64(klog_write_line(5, text, 3001), 3001); /* three lines: 1024, 1024, 952 */
	KEXPECT(klog_newest() - before > 3000 && klog_newest() - before < 3400);
	kfree(text);
}
