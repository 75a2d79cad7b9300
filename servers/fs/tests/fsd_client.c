/* servers/fs/tests/fsd_client.c: the test client of fsd (fsd_client.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "fsd_client.h"

static struct fs_time fsdc_now(void *ctx)
{
	struct timespec ts;
	struct fs_time t;

	(void)ctx;
	clock_gettime(CLOCK_REALTIME, &ts);
	t.sec = ts.tv_sec;
	t.nsec = (uint32_t)ts.tv_nsec;
	return t;
}

static void fsdc_log(void *ctx, const char *line)
{
	(void)ctx;
	fprintf(stderr, "fsd: %s\n", line);
}

static int fsdc_begin(struct fsdc *c, uint64_t size, int fd)
{
	struct srv_transport t;
	struct fsd_opts o;
	int rc;

	memset(c, 0, sizeof(*c));
	memset(&o, 0, sizeof(o));
	o.size = size;
	o.image_fd = fd;
	o.root_mode = 01777;
	o.env.now = fsdc_now;
	o.env.log = fsdc_log;
	rc = fsd_init(&c->fsd, &o);
	if (rc < 0)
		return rc;
	srvh_init(&c->h);
	t = srvh_transport(&c->h);
	rc = srv_init(&c->srv, &fsd_ops, &t, &c->fsd);
	c->srv.hold = 1; /* replies go out with the next receive, as in srv_run */
	return rc;
}

int fsdc_start(struct fsdc *c, uint64_t size)
{
	return fsdc_begin(c, size, -1);
}

int fsdc_start_image(struct fsdc *c, int fd)
{
	return fsdc_begin(c, 0, fd);
}

void fsdc_stop(struct fsdc *c)
{
	srv_fini(&c->srv);
	srvh_fini(&c->h);
	fsd_fini(&c->fsd);
}

static long fsdc_call(struct fsdc *c, struct ferrite_packet *p, const char *path,
		      const char *path2, const void *wdata, size_t wlen)
{
	p->uid = c->uid;
	p->gid = c->gid;
	p->pid = 42;
	memset(c->data, 0, sizeof(c->data));
	return srvh_call(&c->h, &c->srv, p, path, path2, wdata, wlen, c->data,
			 sizeof(c->data) - 1, &c->reply);
}

long fsdc_req(struct fsdc *c, unsigned op, unsigned long handle, const char *path,
	      unsigned flags, unsigned long a0, unsigned long a1, unsigned long len)
{
	struct ferrite_packet p;

	memset(&p, 0, sizeof(p));
	p.op = op;
	p.handle = handle;
	p.flags = flags;
	p.arg[0] = a0;
	p.arg[1] = a1;
	p.len = len;
	return fsdc_call(c, &p, path, NULL, NULL, 0);
}

long fsdc_open(struct fsdc *c, unsigned long dir, const char *path, unsigned flags, unsigned mode)
{
	long rc = fsdc_req(c, FERRITE_SOP_OPEN, dir, path, flags, mode, 0, 0);

	return rc < 0 ? rc : (long)c->reply.handle;
}

long fsdc_write(struct fsdc *c, unsigned long h, unsigned long off, const void *buf, size_t n)
{
	struct ferrite_packet p;

	memset(&p, 0, sizeof(p));
	p.op = FERRITE_SOP_WRITE;
	p.handle = h;
	p.arg[0] = off;
	p.len = n;
	return fsdc_call(c, &p, NULL, NULL, buf, n);
}

long fsdc_read(struct fsdc *c, unsigned long h, unsigned long off, void *buf, size_t n)
{
	long rc = fsdc_req(c, FERRITE_SOP_READ, h, NULL, 0, off, 0, n);

	if (rc > 0)
		memcpy(buf, c->data, (size_t)rc < sizeof(c->data) ? (size_t)rc : sizeof(c->data));
	return rc;
}

long fsdc_close(struct fsdc *c, unsigned long h)
{
	return fsdc_req(c, FERRITE_SOP_CLOSE, h, NULL, 0, 0, 0, 0);
}

long fsdc_stat(struct fsdc *c, unsigned long dir, const char *path, unsigned flags,
	       struct ferrite_stat *st)
{
	long rc = fsdc_req(c, FERRITE_SOP_STAT, dir, path, flags, 0, 0, sizeof(*st));

	if (rc == 0)
		memcpy(st, c->data, sizeof(*st));
	return rc;
}

long fsdc_fstat(struct fsdc *c, unsigned long h, struct ferrite_stat *st)
{
	long rc = fsdc_req(c, FERRITE_SOP_FSTAT, h, NULL, 0, 0, 0, sizeof(*st));

	if (rc == 0)
		memcpy(st, c->data, sizeof(*st));
	return rc;
}

long fsdc_two(struct fsdc *c, unsigned op, unsigned long d1, const char *p1, unsigned long d2,
	      const char *p2, unsigned flags)
{
	struct ferrite_packet p;

	memset(&p, 0, sizeof(p));
	p.op = op;
	p.handle = d1;
	p.handle2 = d2;
	p.flags = flags;
	return fsdc_call(c, &p, p1, p2, NULL, 0);
}

long fsdc_getdents(struct fsdc *c, unsigned long h, unsigned long cookie, void *buf, size_t n)
{
	long rc = fsdc_req(c, FERRITE_SOP_GETDENTS, h, NULL, 0, cookie, 0, n);

	if (rc > 0)
		memcpy(buf, c->data, (size_t)rc);
	return rc;
}

long fsdc_utimens(struct fsdc *c, const char *path, const struct ferrite_timespec ts[2])
{
	struct ferrite_packet p;

	memset(&p, 0, sizeof(p));
	p.op = FERRITE_SOP_UTIMENS;
	p.len = ts ? 2 * sizeof(*ts) : 0;
	return fsdc_call(c, &p, path, NULL, ts, ts ? 2 * sizeof(*ts) : 0);
}

long fsdc_slurp(struct fsdc *c, const char *path, char *buf, size_t size)
{
	long h = fsdc_open(c, 0, path, FERRITE_O_RDONLY, 0), n;

	if (h < 0)
		return h;
	n = fsdc_read(c, (unsigned long)h, 0, buf, size - 1);
	fsdc_close(c, (unsigned long)h);
	if (n >= 0)
		buf[n] = 0;
	return n;
}

long fsdc_put(struct fsdc *c, const char *path, const char *text)
{
	long h = fsdc_open(c, 0, path, FERRITE_O_WRONLY | FERRITE_O_CREAT | FERRITE_O_TRUNC, 0644);
	long n;

	if (h < 0)
		return h;
	n = fsdc_write(c, (unsigned long)h, 0, text, strlen(text));
	fsdc_close(c, (unsigned long)h);
	return n == (long)strlen(text) ? 0 : n < 0 ? n : -FERRITE_EIO;
}
