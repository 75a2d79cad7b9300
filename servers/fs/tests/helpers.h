/* helpers.h: what the unit tests share: a formatted in-memory disk, a fake clock, a captured
 * log, and whole-file helpers by path. */
#ifndef HELPERS_H
#define HELPERS_H

#include "../core/fs.h"
#include "memdev.h"

extern char h_log[4096];  /* the lines the core logged, joined */
extern int64_t h_clock;   /* the fake clock's seconds; each reading adds 1 ns */
extern struct fs_env h_env;

struct fs *h_format_mount(struct memdev *m, uint64_t nblocks);
struct fs *h_mount(struct memdev *m, unsigned flags);
uint64_t h_create(struct fs *fs, const char *path, const void *data, size_t len);
int h_read(struct fs *fs, const char *path, void *buf, size_t cap);
int h_exists(struct fs *fs, const char *path);
uint64_t h_fsck_errors(struct memdev *m, unsigned flags);
void h_fill(uint8_t *buf, size_t len, unsigned seed);
int h_split(const char *path, char *parent, const char **name);

#endif
