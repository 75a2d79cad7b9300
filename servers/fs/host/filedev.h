/* filedev.h: a FerriteFS block device backed by an image file on the host (tools only). */
#ifndef FILEDEV_H
#define FILEDEV_H

#include "../core/fs.h"

struct filedev {
	struct fs_dev dev;
	int fd;
};

int filedev_open(struct filedev *f, const char *path, int rdonly);
int filedev_create(struct filedev *f, const char *path, uint64_t bytes);
void filedev_close(struct filedev *f);
extern struct fs_env filedev_env;      /* SOURCE_DATE_EPOCH or the clock; log to stderr */
extern struct fs_env filedev_live_env; /* always the clock (a mounted filesystem) */
uint64_t filedev_parse_size(const char *s); /* 64M, 2G, 4096k, plain bytes */

#endif
