/* kernel/arch/x86_64/power.c: turning the machine off. */
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
