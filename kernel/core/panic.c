/* kernel/core/panic.c: stopping the kernel with a message and a backtrace. */
#include "klib.h"
#include "panic.h"
#include "../arch/x86_64/arch.h"
#include "../arch/x86_64/cpu.h"

void panic(const char *fmt, ...)
{
	va_list ap;
	char msg[256];
	uint64_t rbp;
	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	kprintf("\nPANIC: %s\n", msg);
	__asm__ volatile("mov %%rbp, %0" : "=r"(rbp));
	backtrace_print(rbp, (uint64_t)panic);
	kprintf("PANIC: system halted\n");
	cpu_halt_forever();
}

/* tcc's va_arg helper (libtcc1) calls abort on a bad argument type. */
void abort(void)
{
	panic("abort() called");
}
