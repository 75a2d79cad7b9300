/* servers/fs/server/ramdev.c: the RAM block device under fsd. Sparse: a block takes memory
 * only once written, and a block never written reads as zeros, so a large device costs its
 * table of pointers (8 bytes a block) until it fills. Writes are durable at once (there is
 * nothing behind them), so flush has nothing to do. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fsd.h"

static int ramdev_read(void *ctx, uint64_t blk, void *buf)
{
	struct ramdev *r = ctx;

	if (blk >= r->dev.nblocks)
		return -EIO;
	if (r->blk[blk])
		memcpy(buf, r->blk[blk], FS_BLOCK_SIZE);
	else
		memset(buf, 0, FS_BLOCK_SIZE);
	return 0;
}

static int ramdev_write(void *ctx, uint64_t blk, const void *buf)
{
	struct ramdev *r = ctx;

	if (blk >= r->dev.nblocks)
		return -EIO;
	if (!r->blk[blk]) {
		r->blk[blk] = malloc(FS_BLOCK_SIZE);
		if (!r->blk[blk])
			return -ENOSPC;
		r->used++;
	}
	memcpy(r->blk[blk], buf, FS_BLOCK_SIZE);
	return 0;
}

static int ramdev_flush(void *ctx)
{
	(void)ctx;
	return 0;
}

int ramdev_init(struct ramdev *r, uint64_t nblocks)
{
	memset(r, 0, sizeof(*r));
	if (nblocks == 0 || nblocks > ((uint64_t)1 << 28))
		return -EINVAL;
	r->blk = calloc((size_t)nblocks, sizeof(*r->blk));
	if (!r->blk)
		return -ENOMEM;
	r->dev.ctx = r;
	r->dev.nblocks = nblocks;
	r->dev.read = ramdev_read;
	r->dev.write = ramdev_write;
	r->dev.flush = ramdev_flush;
	return 0;
}

static int ramdev_zero(const unsigned char *b)
{
	size_t i;

	for (i = 0; i < FS_BLOCK_SIZE; i++)
		if (b[i])
			return 0;
	return 1;
}

/* Reads a whole image: the device grows a block at a time as the file goes on (its size is
 * not asked for, so a pipe would do too); blocks of zeros take no memory. */
int ramdev_load(struct ramdev *r, int fd)
{
	unsigned char buf[FS_BLOCK_SIZE];
	uint64_t cap = 1024, n = 0;
	size_t got;
	ssize_t k = 0;
	int rc = ramdev_init(r, cap);

	while (rc == 0) {
		for (got = 0; got < FS_BLOCK_SIZE; got += (size_t)k) {
			k = read(fd, buf + got, FS_BLOCK_SIZE - got);
			if (k < 0 && errno == EINTR) {
				k = 0;
				continue;
			}
			if (k <= 0)
				break;
		}
		if (k < 0)
			rc = -errno;
		if (rc < 0 || got == 0)
			break;
		if (got < FS_BLOCK_SIZE) { /* not a whole number of blocks: not an image */
			rc = -EINVAL;
			break;
		}
		if (n == cap) {
			unsigned char **nb = realloc(r->blk, (size_t)(cap * 2) * sizeof(*nb));

			if (!nb) {
				rc = -ENOMEM;
				break;
			}
			memset(nb + cap, 0, (size_t)cap * sizeof(*nb));
			r->blk = nb;
			cap *= 2;
			r->dev.nblocks = cap;
		}
		if (!ramdev_zero(buf))
			rc = ramdev_write(r, n, buf);
		n++;
	}
	r->dev.nblocks = n;
	if (rc == 0 && n == 0)
		rc = -EINVAL;
	if (rc < 0)
		ramdev_free(r);
	return rc;
}

void ramdev_free(struct ramdev *r)
{
	uint64_t i;

	if (r->blk)
		for (i = 0; i < r->dev.nblocks; i++)
			free(r->blk[i]);
	free(r->blk);
	memset(r, 0, sizeof(*r));
}
