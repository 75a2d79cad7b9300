/* kernel/arch/x86_64/trap_test.c: exceptions are caught and reported with names (kernel
 * only: they need the IDT). */
#include "ktest.h"
#include "arch.h"
#include "symbols.h"

static char trap_test_out[4096];

/* Kept out of line so the report has a frame of its own to name. */
__attribute__((noinline)) void trap_test_raise_breakpoint(void)
{
	__asm__ volatile("int3");
}

__attribute__((noinline)) void trap_test_raise_invalid_opcode(void)
{
	__asm__ volatile("ud2");
}

KTEST(trap_breakpoint_is_caught_and_reported)
{
	struct trap_frame tf;
	console_capture(trap_test_out, sizeof(trap_test_out));
	trap_expect(3, 0); /* int3 leaves rip after itself */
	trap_test_raise_breakpoint();
	console_capture(NULL, 0);
	KEXPECT(trap_expected_seen(&tf));
	KEXPECT_EQ_U64(tf.vector, 3);
	KEXPECT(strstr(trap_test_out, "exception 3 (breakpoint)") != NULL);
	KEXPECT(strstr(trap_test_out, "trap_test_raise_breakpoint+") != NULL);
	/* the backtrace reaches this test, through the caller's frame */
	KEXPECT(strstr(trap_test_out, "ktest_fn_trap_breakpoint_is_caught_and_reported+") != NULL);
	KEXPECT(strstr(trap_test_out, "ktest_run_all+") != NULL);
}

KTEST(trap_invalid_opcode_reports_registers)
{
	struct trap_frame tf;
	console_capture(trap_test_out, sizeof(trap_test_out));
	trap_expect(6, 2); /* skip the two bytes of ud2 */
	trap_test_raise_invalid_opcode();
	console_capture(NULL, 0);
	KEXPECT(trap_expected_seen(&tf));
	KEXPECT_EQ_U64(tf.cs, GDT_KCODE);
	KEXPECT(strstr(trap_test_out, "exception 6 (invalid opcode)") != NULL);
	KEXPECT(strstr(trap_test_out, "  rax ") != NULL && strstr(trap_test_out, " cr3 ") != NULL);
	KEXPECT(sym_address(&kernel_symtab, "trap_test_raise_invalid_opcode") <= tf.rip);
}

KTEST(trap_ist_stacks_for_fatal_vectors)
{
	/* #DF, NMI and #MC must not depend on the stack that was in use */
	struct { uint16_t limit; uint64_t base; } __attribute__((packed)) p;
	const uint8_t *gate;
	__asm__ volatile("sidt %0" : "=m"(p));
	gate = (const uint8_t *)p.base;
	KEXPECT_EQ_U64(gate[8 * 16 + 4], IST_DF);
	KEXPECT_EQ_U64(gate[2 * 16 + 4], IST_NMI);
	KEXPECT_EQ_U64(gate[18 * 16 + 4], IST_MC);
	KEXPECT_EQ_U64(gate[14 * 16 + 4], 0);
}
