/* servers/common/srv_fd.c: the scheme descriptor as the skeleton's transport (srv_fd.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "ferrite/syscalls.h"
#include "srv_fd.h"

static long srv_fd_recv(void *ctx, void *buf, size_t size)
{
	struct srv_fd *c = ctx;
	long n = read(c->fd, buf, size);
	return n < 0 ? -errno : n;
}

static long srv_fd_send(void *ctx, const struct ferrite_reply *r)
{
	struct srv_fd *c = ctx;
	long n = write(c->fd, r, sizeof(*r));
	return n < 0 ? -errno : n;
}

static long srv_fd_fetch(void *ctx, unsigned long id, unsigned long off, void *buf, size_t len)
{
	struct srv_fd *c = ctx;
	return ferrite_scheme_fetch(c->fd, id, off, buf, len);
}

int srv_fd_open(struct srv_fd *c, struct srv_transport *tr, const char *name)
{
	long fd = ferrite_scheme_register(name, FERRITE_O_CLOEXEC);
	if (fd < 0)
		return (int)fd;
	c->fd = (int)fd;
	tr->ctx = c;
	tr->recv = srv_fd_recv;
	tr->send = srv_fd_send;
	tr->fetch = srv_fd_fetch;
	tr->serve = NULL;
	return 0;
}

void srv_fd_log(const char *who, const char *fmt, ...)
{
	char line[256];
	int n = snprintf(line, sizeof(line), "%s: ", who);
	va_list ap;
	va_start(ap, fmt);
	if (n > 0 && n < (int)sizeof(line))
		n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(line) - 1)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	ferrite_debug_write(line, (size_t)n);
}

long srv_fd_data(struct srv_req *rq, const void *data, size_t len, long result)
{
	void *copy = srv_buf(rq, len ? len : 1);
	if (!copy)
		return -FERRITE_ENOMEM;
	memcpy(copy, data, len);
	return srv_data(rq, copy, len, result);
}
