/* boot/loader/util.c: the few memory functions the loader needs (it has no libc). */
#include "loader.h"

void loader_memcpy(void *dst, const void *src, unsigned int n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	while (n--)
		*d++ = *s++;
}

void loader_memset(void *dst, int c, unsigned int n)
{
	unsigned char *d = dst;
	while (n--)
		*d++ = (unsigned char)c;
}

int loader_memcmp(const void *a, const void *b, unsigned int n)
{
	const unsigned char *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}
