/* libc/scheme/srv_harness.h: a stand-in for the kernel's side of the scheme protocol, so that a
 * server built on the skeleton (srv.h) runs on the Linux host under a test: the test queues
 * packets as the kernel would send them (srvh_send, or raw bytes with srvh_push_raw), steps the
 * server, and reads the replies. Replies are checked as the kernel checks them (known id, not
 * answered twice, data no longer than asked for unless a redirect, a handle only for OPEN);
 * every breach is counted in `violations` with the last one described in `why`, so a test can
 * insist on none. Portable C, no system calls: usable from fuzz targets too. */
#ifndef SRV_HARNESS_H
#define SRV_HARNESS_H

#include <stddef.h>
#include "srv.h"

#define SRVH_QUEUE 64   /* packets queued and not yet read by the server */
#define SRVH_SLOTS 64   /* requests remembered (sent, then answered) */

struct srvh_slot {
	int used, answered;
	struct ferrite_packet pkt;
	const unsigned char *wdata;   /* the client's data (WRITE, UTIMENS), not copied */
	size_t wlen;
	struct ferrite_reply reply;
	unsigned char *rdata;         /* a copy of the reply's data */
	size_t rlen;
};

struct srvh {
	unsigned char *queue[SRVH_QUEUE];
	size_t qlen[SRVH_QUEUE];
	int qhead, qcount;
	struct srvh_slot slots[SRVH_SLOTS];
	unsigned long next_id;
	unsigned long violations, events, last_event_handle, last_event_bits, fetches, serves;
	int refuse;       /* tests: refuse this many replies (not EIO ones), as after a fault */
	char why[120];
};

void srvh_init(struct srvh *h);
void srvh_fini(struct srvh *h);
struct srv_transport srvh_transport(struct srvh *h);
/* Queues a request (the id and path lengths are filled in; wdata stays the caller's until
 * the request is answered): its id, or 0 if the queue or the slots are full. A CLOSE is a
 * notice, sent with id 0 and never answered: srvh_send returns ~0ul for it. */
unsigned long srvh_send(struct srvh *h, const struct ferrite_packet *p, const char *path,
			const char *path2, const void *wdata, size_t wlen);
int srvh_push_raw(struct srvh *h, const void *bytes, size_t n); /* 0, or -1 when full */
/* The answer to id once given: the slot (reply and data), or NULL. */
const struct srvh_slot *srvh_answer(struct srvh *h, unsigned long id);
void srvh_forget(struct srvh *h, unsigned long id);
/* One whole call: queue, step the server until the answer came, copy up to rsize bytes of
 * its data to rbuf (may be NULL) and return its result; *reply gets the reply if not NULL.
 * -FERRITE_ETIMEDOUT if the server read everything and did not answer; 0 for a notice. */
long srvh_call(struct srvh *h, struct srv *s, const struct ferrite_packet *p, const char *path,
	       const char *path2, const void *wdata, size_t wlen, void *rbuf, size_t rsize,
	       struct ferrite_reply *reply);

#endif
