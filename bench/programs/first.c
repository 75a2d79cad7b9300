/* bench/programs/first.c: the first user program of the boot-time benchmark: prints one line
 * as soon as it runs (the host times QEMU's start to this line), then the machine turns off. */
#include "port.h"

int main(void)
{
	bp_add("bench first: user space reached on ");
	bp_add(BP_SYSTEM);
	bp_flush();
	bp_power_off();
	return 0;
}
