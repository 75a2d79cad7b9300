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
	struct srvh_slot *sl = h->qcount < SRVH_QUEUE ? srvh_slot_new(h) : NULL;
	size_t l1 = path && *path ? strlen(path) : 0, l2 = path2 && *path2 ? strlen(path2) : 0;
	size_t n = sizeof(*p) + (l1 ? l1 + 1 : 0) + (l2 ? l2 + 1 : 0);
	unsigned char *b = sl ? malloc(n) : NULL;

	if (!b)
		return 0;
	sl->used = 1;
	sl->pkt = *p;
	sl->pkt.id = ++h->next_id;
	sl->pkt.path_len = (unsigned)l1;
	sl->pkt.path2_len = (unsigned)l2;
	if (wdata && sl->pkt.len == 0)
		sl->pkt.len = wlen;
	sl->wdata = wdata;
	sl->wlen = wlen;
	memcpy(b, &sl->pkt, sizeof(*p));
	if (l1)
		memcpy(b + sizeof(*p), path, l1 + 1);
	if (l2)
		memcpy(b + sizeof(*p) + (l1 ? l1 + 1 : 0), path2, l2 + 1);
	srvh_queue(h, b, n);
	return sl->pkt.id;
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

/* The checks the kernel makes on a reply; a refused reply is a violation and -EINVAL. */
static long srvh_check(struct srvh *h, const struct ferrite_reply *r, struct srvh_slot *sl)
{
	if (!sl) {
		srvh_violation(h, "reply to an unknown request", r->id);
		return -FERRITE_EINVAL;
	}
	if (sl->answered) {
		srvh_violation(h, "second reply to one request", r->id);
		return -FERRITE_EINVAL;
	}
	if (r->result == -FERRITE_EREDIRECT) {
		if (r->len == 0 || r->len >= FERRITE_PATH_MAX || !r->data) {
			srvh_violation(h, "redirect without a usable path", r->id);
			return -FERRITE_EINVAL;
		}
	} else if (r->len > sl->pkt.len || (r->len && !r->data)) {
		srvh_violation(h, "reply data longer than asked for", r->id);
		return -FERRITE_EINVAL;
	}
	if (r->handle && sl->pkt.op != FERRITE_SOP_OPEN) {
		srvh_violation(h, "a handle in a reply other than OPEN's", r->id);
		return -FERRITE_EINVAL;
	}
	if (r->result < -133 && r->result != -FERRITE_EREDIRECT) { /* musl's errno values end at 133 */
		srvh_violation(h, "result is not an errno", r->id);
		return -FERRITE_EINVAL;
	}
	return 0;
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

struct srv_transport srvh_transport(struct srvh *h)
{
	struct srv_transport t;

	t.ctx = h;
	t.recv = srvh_recv;
	t.send = srvh_reply;
	t.fetch = srvh_fetch;
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
	while (!(sl = srvh_answer(h, id)))
		if (srv_step(s) <= 0)
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
