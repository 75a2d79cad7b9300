/* selftest/user/crash.c: touches memory it does not have; the kernel must end this process
 * with SIGSEGV and one log line, and nothing else. */
#include "ulib.h"

int main(void)
{
	volatile int *p = (volatile int *)0x10;
	u_puts("crash: about to fault\n");
	*p = 1;
	u_puts("crash: still alive, which is wrong\n");
	return 0;
}
