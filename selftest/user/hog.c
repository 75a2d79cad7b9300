/* selftest/user/hog.c: takes memory until the kernel says no (ENOMEM from mmap: the commit
 * limit), touches every page it was given (all must be there: memory is promised once), and
 * prints how much it got. The kernel's test checks that the rest of the system lives on. */
#include "ulib.h"

#define CHUNK (32ul << 20)

int main(void)
{
	unsigned long got = 0, touched = 0;
	char *chunks[64];
	int n = 0;
	long r;
	while (n < 64) {
		r = ferrite_mmap(0, CHUNK, FERRITE_PROT_READ | FERRITE_PROT_WRITE,
			FERRITE_MAP_PRIVATE | FERRITE_MAP_ANONYMOUS, -1, 0);
		if (r < 0) {
			U_CHECK(r == -FERRITE_ENOMEM);
			break;
		}
		chunks[n++] = (char *)r;
		got += CHUNK;
	}
	U_CHECK(n > 4 && n < 64); /* 1 GiB of RAM: more than 128 MiB, and a limit was met */
	for (int i = 0; i < n; i++)
		for (unsigned long off = 0; off < CHUNK; off += 4096) {
			chunks[i][off] = 1;
			touched += 4096;
		}
	U_CHECK(touched == got);
	u_puts("hog: got ");
	u_putnum((long)(got >> 20));
	u_puts(" MiB, touched all of it\n");
	return u_failures;
}
