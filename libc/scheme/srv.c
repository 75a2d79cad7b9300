/* libc/scheme/srv.c: the server skeleton's request loop (srv.h says how a server uses it).
 * A packet is checked before any operation sees it: complete, path lengths within
 * FERRITE_PATH_MAX and matching the bytes that follow, each path NUL-terminated with no NUL
 * inside. The reply is checked before it leaves: data never longer than the request asked for
 * (the kernel would refuse it; here the server's bug becomes EIO for that request), a handle
 * only with OPEN, a redirect path that is not empty and not too long. */
#include <stdlib.h>
#include <string.h>
#include "srv.h"

#define SRV_SCRATCH_MIN 4096

int srv_init(struct srv *s, const struct srv_ops *ops, const struct srv_transport *tr,
	     void *priv)
{
	memset(s, 0, sizeof(*s));
	s->ops = ops;
	s->tr = *tr;
	s->priv = priv;
	s->pkt = malloc(FERRITE_PACKET_MAX);
	return s->pkt ? 0 : -FERRITE_ENOMEM;
}

void srv_fini(struct srv *s)
{
	free(s->pkt);
	free(s->scratch);
	s->pkt = s->scratch = NULL;
	s->scratch_size = 0;
}

void srv_stop(struct srv *s)
{
	s->stopped = 1;
}

int srv_op_is_path(unsigned op)
{
	return op >= FERRITE_SOP_OPEN && op <= FERRITE_SOP_ACCESS;
}

static void srv_log(struct srv *s, const char *line)
{
	if (s->log)
		s->log(s, line);
}

/* The operation for op, or NULL (missing or unknown); *unknown tells which. */
static long (*srv_lookup(const struct srv_ops *o, unsigned op, int *unknown))(struct srv_req *)
{
	*unknown = 0;
	switch (op) {
	case FERRITE_SOP_OPEN: return o->open;
	case FERRITE_SOP_MKDIR: return o->mkdir;
	case FERRITE_SOP_UNLINK: return o->unlink;
	case FERRITE_SOP_RENAME: return o->rename;
	case FERRITE_SOP_LINK: return o->link;
	case FERRITE_SOP_SYMLINK: return o->symlink;
	case FERRITE_SOP_READLINK: return o->readlink;
	case FERRITE_SOP_STAT: return o->stat;
	case FERRITE_SOP_CHMOD: return o->chmod;
	case FERRITE_SOP_CHOWN: return o->chown;
	case FERRITE_SOP_UTIMENS: return o->utimens;
	case FERRITE_SOP_ACCESS: return o->access;
	case FERRITE_SOP_READ: return o->read;
	case FERRITE_SOP_WRITE: return o->write;
	case FERRITE_SOP_FSTAT: return o->fstat;
	case FERRITE_SOP_GETDENTS: return o->getdents;
	case FERRITE_SOP_TRUNCATE: return o->truncate;
	case FERRITE_SOP_FSYNC: return o->fsync;
	case FERRITE_SOP_IOCTL: return o->ioctl;
	case FERRITE_SOP_FCHMOD: return o->fchmod;
	case FERRITE_SOP_FCHOWN: return o->fchown;
	case FERRITE_SOP_CLOSE: return o->close;
	case FERRITE_SOP_CANCEL: return o->cancel;
	}
	*unknown = 1;
	return NULL;
}

/* Is there a NUL-terminated string of exactly len bytes at p, within end? */
static int srv_str_ok(const unsigned char *p, const unsigned char *end, unsigned len)
{
	return (size_t)(end - p) > len && p[len] == 0 && memchr(p, 0, len) == NULL;
}

/* Finds the paths after the packet. The kernel sends each path that is present as its bytes
 * and a NUL; an empty path may come as a lone NUL or not at all: both are accepted. */
static int srv_parse(struct srv_req *rq, const unsigned char *buf, size_t n)
{
	const struct ferrite_packet *p = &rq->pkt;
	const unsigned char *q = buf + sizeof(*p), *end = buf + n;
	size_t rest = n - sizeof(*p), l1 = p->path_len, l2 = p->path2_len;

	rq->path = rq->path2 = "";
	if (l1 >= FERRITE_PATH_MAX || l2 >= FERRITE_PATH_MAX)
		return -FERRITE_ENAMETOOLONG;
	if (rest == (l1 ? l1 + 1 : 0) + (l2 ? l2 + 1 : 0)) {
		if (l1 && !srv_str_ok(q, end, (unsigned)l1))
			return -FERRITE_EINVAL;
		if (l1) {
			rq->path = (const char *)q;
			q += l1 + 1;
		}
		if (l2 && !srv_str_ok(q, end, (unsigned)l2))
			return -FERRITE_EINVAL;
		if (l2)
			rq->path2 = (const char *)q;
		return 0;
	}
	if (rest != l1 + 1 + l2 + 1 || !srv_str_ok(q, end, (unsigned)l1) ||
	    !srv_str_ok(q + l1 + 1, end, (unsigned)l2))
		return -FERRITE_EINVAL;
	rq->path = (const char *)q;
	rq->path2 = (const char *)q + l1 + 1;
	return 0;
}

static long srv_send(struct srv *s, const struct ferrite_reply *r)
{
	long rc = s->tr.send(s->tr.ctx, r);

	if (rc < 0) {
		s->stats.send_errors++;
		srv_log(s, "srv: the kernel refused a reply");
	}
	return rc;
}

long srv_answer(struct srv *s, unsigned long id, long result, unsigned long handle,
		const void *data, size_t len)
{
	struct ferrite_reply r;

	memset(&r, 0, sizeof(r));
	r.id = id;
	r.result = result;
	r.handle = handle;
	if (data && len) {
		r.data = (unsigned long)data;
		r.len = len;
	}
	return srv_send(s, &r);
}

/* The reply to a request the operation answered, checked as the kernel would check it. */
static long srv_reply(struct srv *s, struct srv_req *rq, long result)
{
	const struct ferrite_packet *p = &rq->pkt;
	unsigned long handle = 0;
	const void *data = NULL;
	size_t len = 0;

	if (result == -FERRITE_EREDIRECT) {
		if (rq->len == 0 || rq->len >= FERRITE_PATH_MAX || !rq->data) {
			srv_log(s, "srv: a redirect without a usable path");
			result = rq->len ? -FERRITE_ENAMETOOLONG : -FERRITE_EIO;
		} else {
			data = rq->data;
			len = rq->len;
		}
	} else if (result >= 0 && rq->len > 0) {
		if (rq->len > p->len) {
			srv_log(s, "srv: reply data longer than the request asked for");
			result = -FERRITE_EIO;
		} else {
			data = rq->data;
			len = rq->len;
		}
	}
	if (p->op == FERRITE_SOP_OPEN && result >= 0)
		handle = rq->handle;
	return srv_answer(s, p->id, result, handle, data, len);
}

/* What a missing operation answers. */
static long srv_missing(unsigned op)
{
	if (op == FERRITE_SOP_IOCTL)
		return -FERRITE_ENOTTY;
	if (op == FERRITE_SOP_CLOSE || op == FERRITE_SOP_FSYNC)
		return 0;
	return -FERRITE_ENOSYS;
}

static void srv_dispatch(struct srv *s, struct srv_req *rq)
{
	long (*fn)(struct srv_req *);
	int unknown;
	long result;

	fn = srv_lookup(s->ops, rq->pkt.op, &unknown);
	s->stats.requests++;
	if (rq->pkt.op == FERRITE_SOP_CANCEL) {
		/* nothing to answer: a request answered at once can no longer be cancelled */
		if (fn)
			fn(rq);
		return;
	}
	result = fn ? fn(rq) : (unknown ? -FERRITE_ENOSYS : srv_missing(rq->pkt.op));
	if (!rq->deferred)
		srv_reply(s, rq, result);
}

int srv_step(struct srv *s)
{
	struct srv_req rq;
	long n = s->tr.recv(s->tr.ctx, s->pkt, FERRITE_PACKET_MAX);
	int rc;

	if (n <= 0)
		return (int)n;
	memset(&rq, 0, sizeof(rq));
	rq.srv = s;
	if ((size_t)n < sizeof(rq.pkt) || (size_t)n > FERRITE_PACKET_MAX) {
		s->stats.bad_packets++;
		srv_log(s, "srv: a packet of the wrong size");
		return 1;
	}
	memcpy(&rq.pkt, s->pkt, sizeof(rq.pkt));
	rc = srv_parse(&rq, s->pkt, (size_t)n);
	if (rc < 0) {
		s->stats.bad_packets++;
		srv_log(s, "srv: a packet with bad path lengths");
		if (rq.pkt.op != FERRITE_SOP_CANCEL)
			srv_answer(s, rq.pkt.id, rc, 0, NULL, 0);
		return 1;
	}
	srv_dispatch(s, &rq);
	return 1;
}

int srv_run(struct srv *s)
{
	int rc = 0;

	s->stopped = 0;
	while (!s->stopped) {
		rc = srv_step(s);
		if (rc == -FERRITE_EINTR)
			continue;
		if (rc <= 0)
			break;
	}
	return rc < 0 ? rc : 0;
}

void *srv_buf(struct srv_req *rq, size_t len)
{
	struct srv *s = rq->srv;
	unsigned char *p;
	size_t size = s->scratch_size ? s->scratch_size : SRV_SCRATCH_MIN;

	if (len <= s->scratch_size)
		return s->scratch;
	while (size < len) {
		if (size > (size_t)-1 / 2)
			return NULL;
		size *= 2;
	}
	p = realloc(s->scratch, size);
	if (!p)
		return NULL;
	s->scratch = p;
	s->scratch_size = size;
	return p;
}

long srv_data(struct srv_req *rq, const void *data, size_t len, long result)
{
	rq->data = data;
	rq->len = len;
	return result;
}

long srv_handle(struct srv_req *rq, unsigned long handle)
{
	rq->handle = handle;
	return 0;
}

long srv_redirect(struct srv_req *rq, const char *path)
{
	rq->data = path;
	rq->len = strlen(path);
	return -FERRITE_EREDIRECT;
}

long srv_fetch(struct srv_req *rq, unsigned long off, void *buf, size_t len)
{
	struct srv *s = rq->srv;

	if (len == 0)
		return 0;
	return s->tr.fetch(s->tr.ctx, rq->pkt.id, off, buf, len);
}

long srv_event(struct srv *s, unsigned long handle, unsigned bits)
{
	struct ferrite_reply r;

	memset(&r, 0, sizeof(r));
	r.result = (long)bits;
	r.handle = handle;
	r.flags = FERRITE_REPLY_EVENT;
	return srv_send(s, &r);
}

void srv_defer(struct srv_req *rq)
{
	rq->deferred = 1;
}
