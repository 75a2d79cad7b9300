/* selftest/user/hello.c: the first program: prints its name and exits with 7, which the
 * kernel's test reads back as the wait status. */
#include "ulib.h"

int main(int argc, char **argv)
{
	u_puts("hello from user space: ");
	u_puts(argc > 0 ? argv[0] : "?");
	u_puts("\n");
	return 7;
}
