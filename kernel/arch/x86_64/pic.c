/* kernel/arch/x86_64/pic.c: the legacy 8259 PICs. Ferrite uses the APICs; the PICs are remapped
 * away from the exception vectors (a spurious IRQ 7 would otherwise look like #DF's neighbour)
 * and masked. */
#include "cpu.h"
#include "irq.h"

void pic_disable(void)
{
	outb(0x20, 0x11); outb(0xa0, 0x11);                 /* ICW1: init, ICW4 follows */
	outb(0x21, VEC_PIC_BASE); outb(0xa1, VEC_PIC_BASE + 8); /* ICW2: vector bases */
	outb(0x21, 0x04); outb(0xa1, 0x02);                 /* ICW3: cascade on IRQ 2 */
	outb(0x21, 0x01); outb(0xa1, 0x01);                 /* ICW4: 8086 mode */
	outb(0x21, 0xff); outb(0xa1, 0xff);                 /* mask everything */
}
