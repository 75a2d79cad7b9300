/* memdev.h: a block device in memory for the tests, the fuzzer and the benchmarks. */
#ifndef MEMDEV_H
#define MEMDEV_H

#include "../core/fs.h"

struct memdev {
	struct fs_dev dev;
	uint8_t *data;
	uint64_t reads, writes, flushes;
	int64_t fail_after; /* writes left before every write fails (-1: never) */
};

int memdev_init(struct memdev *m, uint64_t nblocks);
int memdev_clone(struct memdev *dst, const struct memdev *src);
void memdev_free(struct memdev *m);

#endif
