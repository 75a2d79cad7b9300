/* memdev.c: a block device in memory; writes are durable at once (the crash tester wraps it to
 * model a volatile cache). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "memdev.h"

static int memdev_read(void *ctx, uint64_t blk, void *buf)
{
	struct memdev *m = ctx;

	m->reads++;
	memcpy(buf, m->data + blk * FS_BLOCK_SIZE, FS_BLOCK_SIZE);
	return 0;
}

static int memdev_write(void *ctx, uint64_t blk, const void *buf)
{
	struct memdev *m = ctx;

	if (m->fail_after == 0)
		return -EIO;
	if (m->fail_after > 0)
		m->fail_after--;
	m->writes++;
	memcpy(m->data + blk * FS_BLOCK_SIZE, buf, FS_BLOCK_SIZE);
	return 0;
}

static int memdev_flush(void *ctx)
{
	struct memdev *m = ctx;

	m->flushes++;
	return 0;
}

int memdev_init(struct memdev *m, uint64_t nblocks)
{
	memset(m, 0, sizeof(*m));
	m->data = calloc(nblocks, FS_BLOCK_SIZE);
	if (!m->data)
		return -ENOMEM;
	m->fail_after = -1;
	m->dev.ctx = m;
	m->dev.nblocks = nblocks;
	m->dev.read = memdev_read;
	m->dev.write = memdev_write;
	m->dev.flush = memdev_flush;
	return 0;
}

int memdev_clone(struct memdev *dst, const struct memdev *src)
{
	int rc = memdev_init(dst, src->dev.nblocks);

	if (rc == 0)
		memcpy(dst->data, src->data, src->dev.nblocks * FS_BLOCK_SIZE);
	return rc;
}

void memdev_free(struct memdev *m)
{
	free(m->data);
	m->data = NULL;
}
