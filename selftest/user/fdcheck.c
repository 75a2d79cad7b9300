/* selftest/user/fdcheck.c: run by execve from selftest/files: exits 0 if descriptor 5 is
 * closed (it was FD_CLOEXEC) and descriptor 6 is still open (it was not). */
#include "ulib.h"

int main(void)
{
	char c = 'x';
	int closed = ferrite_write(5, &c, 1) == -FERRITE_EBADF;
	int open = ferrite_write(6, &c, 1) == 1;
	return closed && open ? 0 : 1;
}
