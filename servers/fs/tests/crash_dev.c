/* crash_dev.c: see crash_dev.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "crash_dev.h"

static int crash_record(struct crash_dev *c, uint64_t blk, const void *buf)
{
	struct crash_ev *e;

	if (c->nev == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		e = realloc(c->ev, c->cap * sizeof(*e));
		if (!e)
			return -ENOMEM;
		c->ev = e;
	}
	e = &c->ev[c->nev];
	e->blk = blk;
	e->data = NULL;
	if (buf) {
		e->data = malloc(FS_BLOCK_SIZE);
		if (!e->data)
			return -ENOMEM;
		memcpy(e->data, buf, FS_BLOCK_SIZE);
	}
	c->nev++;
	return 0;
}

static int crash_read(void *ctx, uint64_t blk, void *buf)
{
	struct crash_dev *c = ctx;

	return c->live.dev.read(c->live.dev.ctx, blk, buf);
}

static int crash_write(void *ctx, uint64_t blk, const void *buf)
{
	struct crash_dev *c = ctx;
	int rc = crash_record(c, blk, buf);

	return rc < 0 ? rc : c->live.dev.write(c->live.dev.ctx, blk, buf);
}

static int crash_flush(void *ctx)
{
	return crash_record(ctx, CRASH_FLUSH, NULL);
}

int crash_dev_init(struct crash_dev *c, const struct memdev *base)
{
	int rc;

	memset(c, 0, sizeof(*c));
	rc = memdev_clone(&c->live, base);
	if (rc < 0)
		return rc;
	c->dev.ctx = c;
	c->dev.nblocks = base->dev.nblocks;
	c->dev.read = crash_read;
	c->dev.write = crash_write;
	c->dev.flush = crash_flush;
	return 0;
}

void crash_dev_free(struct crash_dev *c)
{
	size_t i;

	for (i = 0; i < c->nev; i++)
		free(c->ev[i].data);
	free(c->ev);
	memdev_free(&c->live);
}

/* A torn write reaches the disk only in part: its first torn_bytes (whole sectors). */
void crash_apply(struct memdev *img, const struct crash_ev *ev, size_t torn_bytes)
{
	size_t n = torn_bytes ? torn_bytes : FS_BLOCK_SIZE;

	if (ev->blk != CRASH_FLUSH)
		memcpy(img->data + ev->blk * FS_BLOCK_SIZE, ev->data, n);
}
