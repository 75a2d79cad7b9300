/* libc/port/shim/mem.c: memory calls Ferrite answers in the shim: madvise (advice only) and
 * mremap (shrinking in place; growing answers ENOMEM, which callers such as realloc treat as
 * "allocate, copy and free"). */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/mman.h>
#include "shim.h"

long shim_madvise(const long *a)
{
	if (a[0] & 4095)
		return -EINVAL;
	return 0; /* advice: nothing Ferrite's memory manager acts on yet */
}

long shim_mremap(const long *a)
{
	unsigned long old = (unsigned long)a[0], oldlen = (unsigned long)a[1];
	unsigned long newlen = (unsigned long)a[2];
	oldlen = (oldlen + 4095) & ~4095ul;
	newlen = (newlen + 4095) & ~4095ul;
	if ((old & 4095) || !newlen || (a[3] & ~(long)MREMAP_MAYMOVE))
		return -EINVAL;
	if (newlen > oldlen)
		return -ENOMEM;
	if (newlen < oldlen) {
		long r = shim_call2(SYS_munmap, old + newlen, oldlen - newlen);
		if (r < 0)
			return r;
	}
	return (long)old;
}
