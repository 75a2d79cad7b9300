/* selftest/user/sleep2.c: sleeps 2 seconds between two lines; selftest/sleep-check times them
 * against the host's clock. */
#include "ulib.h"

int main(void)
{
	struct ferrite_timespec t = { 2, 0 };
	u_puts("sleep2: start\n");
	ferrite_nanosleep(&t, 0);
	u_puts("sleep2: end\n");
	return 0;
}
