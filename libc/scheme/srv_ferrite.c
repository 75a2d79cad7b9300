/* libc/scheme/srv_ferrite.c: the skeleton's transport inside Ferrite: the scheme descriptor
 * that scheme_register gives (read: one packet and its paths; write: one reply; scheme_fetch:
 * a request's data; scheme_serve: a reply and the next packet in one call, the kernel's fast
 * path). The generated stubs return -errno themselves, so errno is never involved. */
#include <stddef.h>
#include "ferrite/syscalls.h"
#include "srv_ferrite.h"

static int srv_fd(void *ctx)
{
	return (int)(long)ctx;
}

static long srv_ferrite_recv(void *ctx, void *buf, size_t size)
{
	return ferrite_read(srv_fd(ctx), buf, size);
}

static long srv_ferrite_send(void *ctx, const struct ferrite_reply *r)
{
	long n = ferrite_write(srv_fd(ctx), r, sizeof(*r));

	return n < 0 ? n : 0;
}

static long srv_ferrite_fetch(void *ctx, unsigned long id, unsigned long off, void *buf,
			      size_t len)
{
	return ferrite_scheme_fetch(srv_fd(ctx), id, off, buf, len);
}

static long srv_ferrite_serve(void *ctx, const struct ferrite_reply *r, void *buf, size_t size)
{
	return ferrite_scheme_serve(srv_fd(ctx), r, buf, size);
}

int srv_ferrite_register(const char *name, int flags)
{
	return (int)ferrite_scheme_register(name, flags);
}

struct srv_transport srv_ferrite_transport(int fd)
{
	struct srv_transport t;

	t.ctx = (void *)(long)fd;
	t.recv = srv_ferrite_recv;
	t.send = srv_ferrite_send;
	t.fetch = srv_ferrite_fetch;
	t.serve = srv_ferrite_serve;
	return t;
}
