/* crash_dev.h: a block device that records every write and flush, and rebuilds the disk as it
 * could be after a power cut: everything before some flush, plus any subset of the writes
 * issued after it (a volatile cache may persist them in any order), optionally one torn. */
#ifndef CRASH_DEV_H
#define CRASH_DEV_H

#include "memdev.h"

#define CRASH_FLUSH (~0ull)

struct crash_ev {
	uint64_t blk; /* CRASH_FLUSH for a flush */
	uint8_t *data;
};

struct crash_dev {
	struct fs_dev dev;
	struct memdev live; /* what the filesystem reads back: every write applied */
	struct crash_ev *ev;
	size_t nev, cap;
};

int crash_dev_init(struct crash_dev *c, const struct memdev *base);
void crash_dev_free(struct crash_dev *c);
void crash_apply(struct memdev *img, const struct crash_ev *ev, size_t torn_bytes);

#endif
