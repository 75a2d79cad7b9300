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
	srv_flush(s);
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
static int srv_str_ok(const unsigned char *p, const unsigned char *end, size_t len)
{
	return (size_t)(end - p) > len && p[len] == 0 && memchr(p, 0, len) == NULL;
}

/* Finds the paths after the packet: each path that is present is its bytes and a NUL; an
 * empty one may come as a lone NUL or not at all (the kernel sends a path request's path
 * always, path2 only when the call has one). Every layout that adds up is tried. */
static int srv_parse(struct srv_req *rq, const unsigned char *buf, size_t n)
{
	const struct ferrite_packet *p = &rq->pkt;
	const unsigned char *q = buf + sizeof(*p), *end = buf + n;
	size_t l1 = p->path_len, l2 = p->path2_len;
	int with1, with2;

	rq->path = rq->path2 = "";
	if (l1 >= FERRITE_PATH_MAX || l2 >= FERRITE_PATH_MAX)
		return -FERRITE_ENAMETOOLONG;
	for (with1 = l1 ? 1 : 0; with1 < 2; with1++) {
		for (with2 = l2 ? 1 : 0; with2 < 2; with2++) {
			size_t n1 = with1 ? l1 + 1 : 0, n2 = with2 ? l2 + 1 : 0;

			if (n1 + n2 != (size_t)(end - q))
				continue;
			if ((with1 && !srv_str_ok(q, end, l1)) || (with2 && !srv_str_ok(q + n1, end, l2)))
				return -FERRITE_EINVAL;
			if (with1)
				rq->path = (const char *)q;
			if (with2)
				rq->path2 = (const char *)q + n1;
			return 0;
		}
	}
	return -FERRITE_EINVAL;
}

/* An OPEN whose answer the kernel refused (its client gave up meanwhile, or the copy
 * faulted) made no description, so no CLOSE will ever come for its handle: the server is told
 * as if it had been closed. */
static void srv_forget(struct srv *s, const struct ferrite_reply *r)
{
	struct srv_req rq;

	if (!r->handle || (r->flags & FERRITE_REPLY_EVENT) || !s->ops->close)
		return;
	memset(&rq, 0, sizeof(rq));
	rq.srv = s;
	rq.pkt.op = FERRITE_SOP_CLOSE;
	rq.pkt.handle = r->handle;
	rq.path = rq.path2 = "";
	s->ops->close(&rq);
}

static long srv_send(struct srv *s, const struct ferrite_reply *r)
{
	long rc = s->tr.send(s->tr.ctx, r);

	if (rc < 0) {
		s->stats.send_errors++;
		srv_log(s, "srv: the kernel refused a reply");
		srv_forget(s, r);
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

/* Which requests answer with data, and which may answer a count rather than 0. */
static int srv_op_has_data(unsigned op)
{
	return op == FERRITE_SOP_READ || op == FERRITE_SOP_READLINK || op == FERRITE_SOP_STAT ||
	       op == FERRITE_SOP_FSTAT || op == FERRITE_SOP_GETDENTS || op == FERRITE_SOP_IOCTL;
}

static int srv_op_counts(unsigned op)
{
	return op == FERRITE_SOP_READ || op == FERRITE_SOP_WRITE || op == FERRITE_SOP_READLINK ||
	       op == FERRITE_SOP_GETDENTS || op == FERRITE_SOP_IOCTL;
}

/* Checks an operation's answer as the kernel will: what it would refuse becomes EIO (and a
 * log line), so a server bug costs one request, never a client left waiting. */
static long srv_check(struct srv *s, struct srv_req *rq, long result)
{
	const struct ferrite_packet *p = &rq->pkt;
	const char *why = NULL;

	if (result == -FERRITE_EREDIRECT) {
		if (!srv_op_is_path(p->op))
			why = "a redirect answering a handle request";
		else if (!rq->data || rq->len == 0 || rq->len >= FERRITE_PATH_MAX ||
			 memchr(rq->data, 0, rq->len))
			why = "a redirect without a usable path";
	} else if (result < -4095) {
		why = "a result that is no errno";
	} else if (result > 0 && !srv_op_counts(p->op)) {
		why = "a count answering a request that takes 0";
	} else if (result >= 0 && rq->len && (!srv_op_has_data(p->op) || !rq->data)) {
		why = "data answering a request that takes none";
	} else if (result >= 0 && rq->len > p->len) {
		why = "reply data longer than the request asked for";
	} else if (result >= 0 && (p->op == FERRITE_SOP_STAT || p->op == FERRITE_SOP_FSTAT) &&
		   rq->len != sizeof(struct ferrite_stat)) {
		why = "a stat answer that is not one struct ferrite_stat";
	} else if (p->op == FERRITE_SOP_WRITE && result > 0 && (unsigned long)result > p->len) {
		why = "more written than was offered";
	} else if (result > 0 && srv_op_has_data(p->op) && p->op != FERRITE_SOP_IOCTL &&
		   (size_t)result != rq->len) {
		why = "a count that is not the length of the data";
	}
	if (!why)
		return result;
	srv_log(s, why);
	rq->data = NULL;
	rq->len = 0;
	return -FERRITE_EIO;
}

static int srv_owe(struct srv *s, const struct ferrite_reply *r);

/* The reply to a request the operation answered. Inside srv_run, a reply whose data is in
 * the scratch buffer (or that has none) waits for the next receive, so that answering and
 * receiving are one system call (scheme_serve: the kernel's fast path). */
static void srv_reply(struct srv *s, struct srv_req *rq, long result)
{
	const unsigned char *d;
	struct ferrite_reply *r = &s->held;

	result = srv_check(s, rq, result);
	memset(r, 0, sizeof(*r));
	r->id = rq->pkt.id;
	r->result = result;
	if (rq->pkt.op == FERRITE_SOP_OPEN && result == 0 && rq->pass_fd) {
		r->flags = FERRITE_REPLY_FD;
		r->fd = rq->pass_fd - 1;
	} else if (rq->pkt.op == FERRITE_SOP_OPEN && result >= 0) {
		r->handle = rq->handle;
	}
	if (rq->pkt.op == FERRITE_SOP_WRITE && result >= 0 && rq->has_offset &&
	    (long)rq->offset >= 0) {
		r->flags = FERRITE_REPLY_OFFSET;
		r->data = rq->offset;
	}
	if ((result >= 0 || result == -FERRITE_EREDIRECT) && rq->len) {
		r->data = (unsigned long)rq->data;
		r->len = rq->len;
	}
	d = rq->data;
	/* An OPEN's handle is not held: if its client was killed meanwhile, a refused serve
	 * cannot tell which half failed, and the handle would never be forgotten (a pcid claim
	 * or an fsd handle left to a dead client); a plain send's refusal says so. */
	if (s->hold && s->tr.serve && !r->handle &&
	    (!r->len || (d >= s->scratch && d + r->len <= s->scratch + s->scratch_size)))
		s->has_held = 1;
	else if (s->tr.send(s->tr.ctx, r) < 0) {
		srv_owe(s, r);
		srv_forget(s, r); /* this reply surely did not go */
	}
}

/* A reply the kernel refused (a fault copying its data, a check the skeleton does not
 * know) still owes the client an answer: a bare EIO is always accepted, and is refused in
 * turn (harmlessly) when the first one did go. Returns 1 when the EIO went, so the first
 * reply surely did not. */
static int srv_owe(struct srv *s, const struct ferrite_reply *r)
{
	struct ferrite_reply e;

	memset(&e, 0, sizeof(e));
	e.id = r->id;
	e.result = -FERRITE_EIO;
	if (s->tr.send(s->tr.ctx, &e) < 0)
		return 0;
	s->stats.send_errors++;
	srv_log(s, "srv: the kernel refused a reply");
	return 1;
}

void srv_flush(struct srv *s)
{
	if (s->has_held) {
		s->has_held = 0;
		if (s->tr.send(s->tr.ctx, &s->held) < 0) {
			srv_owe(s, &s->held);
			srv_forget(s, &s->held); /* this reply surely did not go */
		}
	}
}

/* The next packet, with the held reply sent in the same call where the transport can. */
static long srv_recv(struct srv *s)
{
	long n;

	if (!s->has_held)
		return s->tr.recv(s->tr.ctx, s->pkt, FERRITE_PACKET_MAX);
	s->has_held = 0;
	n = s->tr.serve(s->tr.ctx, &s->held, s->pkt, FERRITE_PACKET_MAX);
	if (n >= 0)
		return n;
	/* the reply was refused, or the receive failed after it went: find out, then receive
	 * (when the client is gone both are refused; no handle is held, so nothing leaks) */
	if (srv_owe(s, &s->held))
		srv_forget(s, &s->held);
	return s->tr.recv(s->tr.ctx, s->pkt, FERRITE_PACKET_MAX);
}

/* What a missing operation answers. */
static long srv_missing(unsigned op)
{
	if (op == FERRITE_SOP_IOCTL)
		return -FERRITE_ENOTTY;
	if (op == FERRITE_SOP_FSYNC)
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
	/* notices take no answer: CLOSE (the last description of a handle went), CANCEL (a
	 * request answered at once can no longer be cancelled: only a deferring server acts) */
	if (rq->pkt.op == FERRITE_SOP_CANCEL || rq->pkt.op == FERRITE_SOP_CLOSE ||
	    rq->pkt.id == 0) {
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
	long n = srv_recv(s);
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
		if (rq.pkt.op != FERRITE_SOP_CANCEL && rq.pkt.op != FERRITE_SOP_CLOSE && rq.pkt.id)
			srv_answer(s, rq.pkt.id, rc, 0, NULL, 0);
		return 1;
	}
	srv_dispatch(s, &rq);
	return 1;
}

int srv_run(struct srv *s)
{
	int rc = 0, hold = s->hold;

	s->stopped = 0;
	s->hold = 1;
	while (!s->stopped) {
		rc = srv_step(s);
		if (rc == -FERRITE_EINTR)
			continue;
		if (rc <= 0)
			break;
	}
	srv_flush(s);
	s->hold = hold;
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

long srv_pass_fd(struct srv_req *rq, int fd)
{
	rq->handle = 0;
	rq->pass_fd = fd + 1;
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

long srv_offset(struct srv_req *rq, unsigned long offset, long result)
{
	rq->has_offset = 1;
	rq->offset = offset;
	return result;
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
