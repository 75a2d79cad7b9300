/* libc/scheme/srv_harness.c: the kernel's side of the scheme protocol, played on the host for
 * tests (srv_harness.h). Packets are laid out as the kernel lays them out: the packet, then
 * each path that is present with its NUL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "srv_harness.h"

void srvh_init(struct srvh *h)
{
	memset(h, 0, sizeof(*h));
}

static void srvh_slot_free(struct srvh_slot *sl)
{
	free(sl->rdata);
	memset(sl, 0, sizeof(*sl));
}

void srvh_fini(struct srvh *h)
{
	int i;

	for (i = 0; i < h->qcount; i++)
		free(h->queue[(h->qhead + i) % SRVH_QUEUE]);
	for (i = 0; i < SRVH_SLOTS; i++)
		srvh_slot_free(&h->slots[i]);
	memset(h, 0, sizeof(*h));
}

static void srvh_violation(struct srvh *h, const char *what, unsigned long id)
{
	h->violations++;
	snprintf(h->why, sizeof(h->why), "%s (request %lu)", what, id);
}

/* A slot for a new request: a free one, else one already answered. */
static struct srvh_slot *srvh_slot_new(struct srvh *h)
{
	int i;

	for (i = 0; i < SRVH_SLOTS; i++)
		if (!h->slots[i].used)
			return &h->slots[i];
	for (i = 0; i < SRVH_SLOTS; i++) {
		if (h->slots[i].answered) {
			srvh_slot_free(&h->slots[i]);
			return &h->slots[i];
		}
	}
	return NULL;
}

static struct srvh_slot *srvh_slot_find(struct srvh *h, unsigned long id)
{
	int i;

	for (i = 0; i < SRVH_SLOTS; i++)
		if (h->slots[i].used && h->slots[i].pkt.id == id)
			return &h->slots[i];
	return NULL;
}

static int srvh_queue(struct srvh *h, unsigned char *bytes, size_t n)
{
	int tail;

	if (h->qcount == SRVH_QUEUE) {
		free(bytes);
		return -1;
	}
	tail = (h->qhead + h->qcount) % SRVH_QUEUE;
	h->queue[tail] = bytes;
	h->qlen[tail] = n;
	h->qcount++;
	return 0;
}

unsigned long srvh_send(struct srvh *h, const struct ferrite_packet *p, const char *path,
			const char *path2, const void *wdata, size_t wlen)
{
	/* CLOSE is a notice: id 0, nothing remembered, no answer */
	int notice = p->op == FERRITE_SOP_CLOSE;
	struct srvh_slot *sl = h->qcount < SRVH_QUEUE && !notice ? srvh_slot_new(h) : NULL;
	size_t l1 = path && *path ? strlen(path) : 0, l2 = path2 && *path2 ? strlen(path2) : 0;
	/* as the kernel does: a path request's path always (an empty one as a lone NUL) */
	int with1 = l1 || (path && srv_op_is_path(p->op));
	size_t n = sizeof(*p) + (with1 ? l1 + 1 : 0) + (l2 ? l2 + 1 : 0);
	unsigned char *b = (sl || notice) && h->qcount < SRVH_QUEUE ? malloc(n) : NULL;
	struct ferrite_packet pk = *p;

	if (!b)
		return 0;
	pk.id = notice ? 0 : ++h->next_id;
	pk.path_len = (unsigned)l1;
	pk.path2_len = (unsigned)l2;
	if (wdata && pk.len == 0)
		pk.len = wlen;
	if (sl) {
		sl->used = 1;
		sl->pkt = pk;
		sl->wdata = wdata;
		sl->wlen = wlen;
	}
	memcpy(b, &pk, sizeof(pk));
	if (with1)
		memcpy(b + sizeof(pk), l1 ? path : "", l1 + 1);
	if (l2)
		memcpy(b + sizeof(pk) + (with1 ? l1 + 1 : 0), path2, l2 + 1);
	srvh_queue(h, b, n);
	return notice ? ~0ul : pk.id;
}

int srvh_push_raw(struct srvh *h, const void *bytes, size_t n)
{
	unsigned char *b = malloc(n ? n : 1);
	struct srvh_slot *sl;

	if (!b || h->qcount == SRVH_QUEUE) {
		free(b);
		return -1;
	}
	memcpy(b, bytes, n);
	/* a reply to a raw packet is legitimate: remember its id as the kernel would */
	if (n >= sizeof(struct ferrite_packet) && (sl = srvh_slot_new(h))) {
		sl->used = 1;
		memcpy(&sl->pkt, bytes, sizeof(sl->pkt));
	}
	return srvh_queue(h, b, n);
}

static long srvh_recv(void *ctx, void *buf, size_t size)
{
	struct srvh *h = ctx;
	unsigned char *b;
	size_t n;

	if (h->qcount == 0)
		return 0;
	b = h->queue[h->qhead];
	n = h->qlen[h->qhead] < size ? h->qlen[h->qhead] : size;
	memcpy(buf, b, n);
	free(b);
	h->qhead = (h->qhead + 1) % SRVH_QUEUE;
	h->qcount--;
	return (long)n;
}

static int srvh_op_has_data(unsigned op)
{
	return op == FERRITE_SOP_READ || op == FERRITE_SOP_READLINK || op == FERRITE_SOP_STAT ||
	       op == FERRITE_SOP_FSTAT || op == FERRITE_SOP_GETDENTS || op == FERRITE_SOP_IOCTL;
}

/* The checks the kernel makes on a reply (docs/ARCHITECTURE.md, the scheme protocol); a
 * refused reply is a violation and -EINVAL, and the request still waits. */
static const char *srvh_refusal(const struct ferrite_reply *r, const struct srvh_slot *sl)
{
	const struct ferrite_packet *p = &sl->pkt;

	if (sl->answered)
		return "second reply to one request";
	if (r->flags & ~(unsigned)(FERRITE_REPLY_OFFSET | FERRITE_REPLY_FD))
		return "unknown reply flags";
	if ((r->flags & FERRITE_REPLY_OFFSET) &&
	    (p->op != FERRITE_SOP_WRITE || r->result < 0 || r->len || (long)r->data < 0))
		return "an offset in a reply other than a write's that went";
	if ((r->flags & FERRITE_REPLY_FD) && (p->op != FERRITE_SOP_OPEN || r->result != 0 || r->handle))
		return "a descriptor answering anything but a successful OPEN";
	if (r->result < -4095)
		return "result is not an errno";
	if (r->handle && p->op != FERRITE_SOP_OPEN)
		return "a handle in a reply other than OPEN's";
	if (r->result == -FERRITE_EREDIRECT) {
		if (!srv_op_is_path(p->op))
			return "a redirect answering a handle request";
		if (r->len == 0 || r->len >= FERRITE_PATH_MAX || !r->data ||
		    memchr((const void *)r->data, 0, r->len))
			return "redirect without a usable path";
		return NULL;
	}
	if (r->len && !srvh_op_has_data(p->op))
		return "data on a call that has none";
	if (r->len > p->len || (r->len && !r->data))
		return "reply data longer than asked for";
	if ((p->op == FERRITE_SOP_STAT || p->op == FERRITE_SOP_FSTAT) && r->result == 0 &&
	    r->len != sizeof(struct ferrite_stat))
		return "a stat answer of the wrong size";
	if (p->op == FERRITE_SOP_WRITE && r->result > 0 && (unsigned long)r->result > p->len)
		return "more written than offered";
	if (r->result > 0 && p->op != FERRITE_SOP_READ && p->op != FERRITE_SOP_WRITE &&
	    p->op != FERRITE_SOP_READLINK && p->op != FERRITE_SOP_GETDENTS &&
	    p->op != FERRITE_SOP_IOCTL)
		return "a positive result where only 0 makes sense";
	return NULL;
}

static long srvh_check(struct srvh *h, const struct ferrite_reply *r, struct srvh_slot *sl)
{
	const char *why = r->id == 0 ? "reply with id 0" : !sl ? "reply to an unknown request"
						      : srvh_refusal(r, sl);

	if (!why)
		return 0;
	srvh_violation(h, why, r->id);
	return -FERRITE_EINVAL;
}

static long srvh_reply(void *ctx, const struct ferrite_reply *r)
{
	struct srvh *h = ctx;
	struct srvh_slot *sl;
	long rc;

	if (r->flags & FERRITE_REPLY_EVENT) {
		h->events++;
		h->last_event_handle = r->handle;
		h->last_event_bits = (unsigned long)r->result;
		return 0;
	}
	sl = srvh_slot_find(h, r->id);
	rc = srvh_check(h, r, sl);
	if (rc < 0)
		return rc;
	if (h->refuse > 0 && r->result != -FERRITE_EIO) { /* a fault copying the data, say */
		h->refuse--;
		return -FERRITE_EFAULT;
	}
	sl->rdata = r->len ? malloc(r->len) : NULL;
	if (r->len && !sl->rdata)
		return -FERRITE_ENOMEM;
	if (r->len)
		memcpy(sl->rdata, (const void *)r->data, r->len);
	sl->rlen = r->len;
	sl->reply = *r;
	sl->answered = 1;
	return 0;
}

static long srvh_fetch(void *ctx, unsigned long id, unsigned long off, void *buf, size_t len)
{
	struct srvh *h = ctx;
	struct srvh_slot *sl = srvh_slot_find(h, id);

	h->fetches++;
	if (!sl || sl->answered || !sl->wdata)
		return -FERRITE_EINVAL;
	if (off > sl->wlen)
		return -FERRITE_EINVAL;
	if (len > sl->wlen - off)
		len = sl->wlen - off;
	memcpy(buf, sl->wdata + off, len);
	return (long)len;
}

/* scheme_serve: the reply, then the next packet; a refused reply receives nothing */
static long srvh_serve(void *ctx, const struct ferrite_reply *r, void *buf, size_t size)
{
	struct srvh *h = ctx;
	long rc = r ? srvh_reply(ctx, r) : 0;

	h->serves++;
	return rc < 0 ? rc : srvh_recv(ctx, buf, size);
}

struct srv_transport srvh_transport(struct srvh *h)
{
	struct srv_transport t;

	t.ctx = h;
	t.recv = srvh_recv;
	t.send = srvh_reply;
	t.fetch = srvh_fetch;
	t.serve = srvh_serve;
	return t;
}

const struct srvh_slot *srvh_answer(struct srvh *h, unsigned long id)
{
	struct srvh_slot *sl = srvh_slot_find(h, id);

	return sl && sl->answered ? sl : NULL;
}

void srvh_forget(struct srvh *h, unsigned long id)
{
	struct srvh_slot *sl = srvh_slot_find(h, id);

	if (sl)
		srvh_slot_free(sl);
}

long srvh_call(struct srvh *h, struct srv *s, const struct ferrite_packet *p, const char *path,
	       const char *path2, const void *wdata, size_t wlen, void *rbuf, size_t rsize,
	       struct ferrite_reply *reply)
{
	unsigned long id = srvh_send(h, p, path, path2, wdata, wlen);
	const struct srvh_slot *sl;
	long result;

	if (!id)
		return -FERRITE_EAGAIN;
	if (id == ~0ul) { /* a notice: read by the server, never answered */
		while (h->qcount && srv_step(s) > 0)
			;
		return 0;
	}
	/* a held reply goes out with the next receive, even when that finds nothing */
	while (!(sl = srvh_answer(h, id)))
		if (srv_step(s) <= 0 && !(sl = srvh_answer(h, id)))
			return -FERRITE_ETIMEDOUT;
	if (reply)
		*reply = sl->reply;
	if (rbuf && sl->rlen)
		memcpy(rbuf, sl->rdata, sl->rlen < rsize ? sl->rlen : rsize);
	if (rbuf && sl->rlen < rsize)
		((char *)rbuf)[sl->rlen] = 0; /* a redirect's path, a link's target: a C string */
	result = sl->reply.result;
	srvh_forget(h, id);
	return result;
}
