/* kernel/arch/x86_64/power.c: turning the machine off, or restarting it. */
#include "klib.h"
#include "arch.h"
#include "cpu.h"

#define DEBUG_EXIT_PORT 0xf4   /* QEMU -device isa-debug-exit,iobase=0xf4,iosize=4 */
#define ACPI_PM1A_Q35   0x604  /* QEMU q35's PM1a control block: SLP_EN | SLP_TYP(S5) */

void power_off(int code)
{
	outb(DEBUG_EXIT_PORT, (uint8_t)code);
	/* Until the ACPI tables are read, the value QEMU's machine expects. */
	outw(ACPI_PM1A_Q35, 0x2000);
	kprintf("power off failed; halted\n");
	cpu_halt_forever();
}

/* The keyboard controller's reset line; if that does nothing, a triple fault (an empty IDT
 * and an exception) resets any x86. */
void power_reset(void)
{
	static const struct { uint16_t limit; uint64_t base; } __attribute__((packed)) none = { 0, 0 };
	outb(0x64, 0xfe);
	__asm__ volatile("lidt %0; int3" : : "m"(none));
	cpu_halt_forever();
}
