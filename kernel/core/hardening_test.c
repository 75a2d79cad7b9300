/* kernel/core/hardening_test.c: runs selftest/hardening, the user program that tries what
 * reviews found a program could get away with (stale event watches, signals to others'
 * processes, rights mprotect would add, floods of the kernel log, deadlines that wrap)
 * (kernel only). */
#include "ktest.h"
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
