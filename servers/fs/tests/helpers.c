/* helpers.c: see helpers.h. */
#include <string.h>
#include "helpers.h"

char h_log[4096];
int64_t h_clock = 1700000000;
static uint32_t h_nsec;

static struct fs_time h_now(void *ctx)
{
	struct fs_time t;

	(void)ctx;
	h_nsec += 1;
	t.sec = h_clock;
	t.nsec = h_nsec % 1000000000u;
	return t;
}

static void h_logline(void *ctx, const char *line)
{
	size_t n = strlen(h_log);

	(void)ctx;
	if (n + strlen(line) + 2 < sizeof(h_log)) {
		strcat(h_log, line);
		strcat(h_log, "\n");
	}
}

struct fs_env h_env = {NULL, h_now, h_logline};

struct fs *h_mount(struct memdev *m, unsigned flags)
{
	struct fs_mount_opts o;
	struct fs *fs = NULL;

	memset(&o, 0, sizeof(o));
	o.flags = flags;
	o.env = h_env;
	if (fs_mount(&m->dev, &o, &fs) < 0)
		return NULL;
	return fs;
}

struct fs *h_format_mount(struct memdev *m, uint64_t nblocks)
{
	struct fs_mkfs_opts o;

	memset(&o, 0, sizeof(o));
	o.env = h_env;
	h_log[0] = 0;
	if (memdev_init(m, nblocks) < 0 || fs_mkfs(&m->dev, &o) < 0)
		return NULL;
	return h_mount(m, 0);
}

int h_split(const char *path, char *parent, const char **name)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return -1;
	memcpy(parent, path, (size_t)(slash - path));
	parent[slash - path] = 0;
	*name = slash + 1;
	return 0;
}

uint64_t h_create(struct fs *fs, const char *path, const void *data, size_t len)
{
	char parent[512];
	const char *name;
	uint64_t dir, ino;

	if (h_split(path, parent, &name) < 0 || fs_resolve(fs, parent, &dir) < 0)
		return 0;
	if (fs_lookup(fs, dir, name, &ino) < 0 &&
	    fs_create(fs, dir, name, FS_S_IFREG | 0644, 0, 0, 0, &ino) < 0)
		return 0;
	if (fs_write(fs, ino, 0, data, len) != (int64_t)len)
		return 0;
	return ino;
}

int h_read(struct fs *fs, const char *path, void *buf, size_t cap)
{
	uint64_t ino;
	int rc = fs_resolve(fs, path, &ino);

	if (rc < 0)
		return rc;
	return (int)fs_read(fs, ino, 0, buf, cap);
}

int h_exists(struct fs *fs, const char *path)
{
	uint64_t ino;

	return fs_resolve(fs, path, &ino) == 0;
}

uint64_t h_fsck_errors(struct memdev *m, unsigned flags)
{
	struct fs_fsck_result r;
	int rc = fs_fsck(&m->dev, flags, &h_env, &r);

	return rc < 0 ? 1000000 : r.errors;
}

void h_fill(uint8_t *buf, size_t len, unsigned seed)
{
	size_t i;
	uint32_t x = seed * 2654435761u + 1;

	for (i = 0; i < len; i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (uint8_t)(x >> 16);
	}
}
