/* servers/fs/tests/fsd_client.h: a client for fsd in host tests and the fuzz target: an fsd
 * on a fresh RAM filesystem behind the skeleton, and one call per request kind, each going
 * through the packet harness (libc/scheme/srv_harness.h) exactly as the kernel would send it. */
#ifndef FSD_CLIENT_H
#define FSD_CLIENT_H

#include "../server/fsd.h"
#include "srv_harness.h"

struct fsdc {
	struct fsd fsd;
	struct srv srv;
	struct srvh h;
	int uid, gid;            /* the caller the packets name */
	char data[70000];        /* the last reply's data (a redirect's path, a link's target) */
	struct ferrite_reply reply;
};

int fsdc_start(struct fsdc *c, uint64_t size);
int fsdc_start_image(struct fsdc *c, int fd);
void fsdc_stop(struct fsdc *c);

long fsdc_req(struct fsdc *c, unsigned op, unsigned long handle, const char *path,
	      unsigned flags, unsigned long a0, unsigned long a1, unsigned long len);
long fsdc_open(struct fsdc *c, unsigned long dir, const char *path, unsigned flags, unsigned mode);
long fsdc_write(struct fsdc *c, unsigned long h, unsigned long off, const void *buf, size_t n);
long fsdc_read(struct fsdc *c, unsigned long h, unsigned long off, void *buf, size_t n);
long fsdc_close(struct fsdc *c, unsigned long h);
long fsdc_stat(struct fsdc *c, unsigned long dir, const char *path, unsigned flags,
	       struct ferrite_stat *st);
long fsdc_fstat(struct fsdc *c, unsigned long h, struct ferrite_stat *st);
long fsdc_two(struct fsdc *c, unsigned op, unsigned long d1, const char *p1, unsigned long d2,
	      const char *p2, unsigned flags);
long fsdc_getdents(struct fsdc *c, unsigned long h, unsigned long cookie, void *buf, size_t n);
long fsdc_utimens(struct fsdc *c, const char *path, const struct ferrite_timespec ts[2]);
/* the whole file at path, NUL-terminated into buf: its length or -errno */
long fsdc_slurp(struct fsdc *c, const char *path, char *buf, size_t size);
/* a new file at path holding text: 0 or -errno */
long fsdc_put(struct fsdc *c, const char *path, const char *text);

#endif
