/* libc/tests/suite/t_malloc.c: malloc, calloc, realloc, free, aligned allocation, large
 * blocks (mapped), and a random run that checks every block's contents. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lt.h"

static void malloc_basic(void)
{
	char *p = malloc(100), *q;
	int *z = calloc(1000, sizeof(int));
	LT_CHECK(p && z);
	memset(p, 'a', 100);
	for (int i = 0; i < 1000; i++)
		LT_EQ(z[i], 0);
	q = realloc(p, 100000); /* grows: the first bytes stay */
	LT_CHECK(q != NULL);
	for (int i = 0; i < 100; i++)
		LT_EQ(q[i], 'a');
	q = realloc(q, 10);
	LT_CHECK(q && q[9] == 'a');
	free(q);
	free(z);
	free(NULL);
	LT_CHECK(((uintptr_t)malloc(1) & 15) == 0);
}

static void malloc_aligned(void)
{
	void *p = NULL;
	LT_EQ(posix_memalign(&p, 4096, 10000), 0);
	LT_CHECK(p && ((uintptr_t)p & 4095) == 0);
	free(p);
	p = aligned_alloc(64, 640);
	LT_CHECK(p && ((uintptr_t)p & 63) == 0);
	free(p);
}

static void malloc_large(void)
{
	size_t n = 64 << 20; /* 64 MiB: mapped, touched sparsely */
	char *p = malloc(n);
	LT_CHECK(p != NULL);
	for (size_t i = 0; i < n; i += 1 << 20)
		p[i] = (char)i;
	for (size_t i = 0; i < n; i += 1 << 20)
		LT_EQ(p[i], (char)i);
	free(p);
}

static void malloc_random(void)
{
	enum { SLOTS = 512, STEPS = 20000 };
	static unsigned char *slot[SLOTS];
	static size_t size[SLOTS];
	unsigned seed = 12345;
	for (int s = 0; s < STEPS; s++) {
		int i;
		seed = seed * 1103515245u + 12345u;
		i = (int)((seed >> 8) % SLOTS);
		if (slot[i]) {
			for (size_t k = 0; k < size[i]; k += 7)
				LT_EQ(slot[i][k], (unsigned char)(i + k));
			free(slot[i]);
			slot[i] = NULL;
		} else {
			size[i] = (seed >> 4) % ((seed & 1) ? 200 : 70000) + 1;
			slot[i] = malloc(size[i]);
			LT_CHECK(slot[i] != NULL);
			for (size_t k = 0; k < size[i]; k++)
				slot[i][k] = (unsigned char)(i + k);
		}
	}
	for (int i = 0; i < SLOTS; i++)
		free(slot[i]);
}

const struct lt_test lt_malloc_tests[] = {
	{ "malloc_basic", malloc_basic },
	{ "malloc_aligned", malloc_aligned },
	{ "malloc_large", malloc_large },
	{ "malloc_random", malloc_random },
	{ 0, 0 },
};
