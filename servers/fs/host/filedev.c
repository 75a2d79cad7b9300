/* filedev.c: the image-file block device the host tools share: pread/pwrite per block and
 * fdatasync for flush, a wall clock and a log that goes to stderr. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "filedev.h"

static int filedev_read(void *ctx, uint64_t blk, void *buf)
{
	struct filedev *f = ctx;
	ssize_t n = pread(f->fd, buf, FS_BLOCK_SIZE, (off_t)(blk * FS_BLOCK_SIZE));

	return n == FS_BLOCK_SIZE ? 0 : -EIO;
}

static int filedev_write(void *ctx, uint64_t blk, const void *buf)
{
	struct filedev *f = ctx;
	ssize_t n = pwrite(f->fd, buf, FS_BLOCK_SIZE, (off_t)(blk * FS_BLOCK_SIZE));

	return n == FS_BLOCK_SIZE ? 0 : -EIO;
}

static int filedev_flush(void *ctx)
{
	struct filedev *f = ctx;

	return fdatasync(f->fd) == 0 ? 0 : -errno;
}

static struct fs_time filedev_real_now(void *ctx)
{
	struct timespec ts;
	struct fs_time t;

	(void)ctx;
	clock_gettime(CLOCK_REALTIME, &ts);
	t.sec = ts.tv_sec;
	t.nsec = (uint32_t)ts.tv_nsec;
	return t;
}

/* With SOURCE_DATE_EPOCH set (the build sets it), every time stamp the image tools make is
 * that time, so an image built twice from the same tree is the same, byte for byte. */
static struct fs_time filedev_now(void *ctx)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	struct fs_time t;

	if (!epoch || !*epoch)
		return filedev_real_now(ctx);
	t.sec = strtoll(epoch, NULL, 10);
	t.nsec = 0;
	return t;
}

static void filedev_log(void *ctx, const char *line)
{
	(void)ctx;
	fprintf(stderr, "%s\n", line);
}

struct fs_env filedev_env = {NULL, filedev_now, filedev_log};
struct fs_env filedev_live_env = {NULL, filedev_real_now, filedev_log};

static int filedev_setup(struct filedev *f)
{
	struct stat st;

	if (fstat(f->fd, &st) < 0)
		return -errno;
	f->dev.ctx = f;
	f->dev.nblocks = (uint64_t)st.st_size / FS_BLOCK_SIZE;
	f->dev.read = filedev_read;
	f->dev.write = filedev_write;
	f->dev.flush = filedev_flush;
	return 0;
}

int filedev_open(struct filedev *f, const char *path, int rdonly)
{
	f->fd = open(path, rdonly ? O_RDONLY : O_RDWR);
	if (f->fd < 0)
		return -errno;
	return filedev_setup(f);
}

int filedev_create(struct filedev *f, const char *path, uint64_t bytes)
{
	f->fd = open(path, O_RDWR | O_CREAT, 0644);
	if (f->fd < 0)
		return -errno;
	if (bytes && ftruncate(f->fd, (off_t)bytes) < 0)
		return -errno;
	return filedev_setup(f);
}

void filedev_close(struct filedev *f)
{
	close(f->fd);
}

uint64_t filedev_parse_size(const char *s)
{
	char *end;
	uint64_t v = strtoull(s, &end, 10);

	switch (*end) {
	case 'k': case 'K': return v << 10;
	case 'm': case 'M': return v << 20;
	case 'g': case 'G': return v << 30;
	default: return v;
	}
}
