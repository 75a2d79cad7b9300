/* libc/scheme/srv.h: the server skeleton every Ferrite server is built on. A server fills a
 * table of operations (one function per FERRITE_SOP_* request, ferrite/abi.h), hands it to
 * srv_init with a transport, and calls srv_run: one loop that reads a packet, checks it,
 * dispatches it through the table and writes the reply. Start reading here, then srv.c.
 *
 * The transport is the only thing that touches the system: inside Ferrite it is the scheme
 * descriptor (srv_ferrite.c: read, write, scheme_fetch, scheme_serve); on the host a test
 * harness plays the kernel (srv_harness.h), so the same server code is tested there under
 * sanitizers.
 *
 * An operation gets the request (struct srv_req) and returns its result: >= 0, or a negative
 * errno. Reply data (READ, STAT, READLINK, GETDENTS, a redirect path) is named with srv_data
 * and must stay valid until the operation returns; srv_buf gives scratch memory that does
 * (and lets the reply go out with the next receive). The answer is checked as the kernel
 * checks it; what the kernel would refuse becomes EIO. A missing operation answers ENOSYS
 * (ENOTTY for IOCTL, 0 for FSYNC). CLOSE and CANCEL are notices: never answered. Handles
 * (what OPEN answers and later requests name) are the server's own business: the skeleton
 * only carries them. Single-threaded: one request at a time, unless an operation defers its
 * answer (srv_defer) and gives it later with srv_answer.
 *
 * A whole server, in Ferrite (srv_ferrite.h; a real one checks what each call returns):
 *     static long hi_open(struct srv_req *rq) { return srv_handle(rq, 1); }
 *     static long hi_read(struct srv_req *rq)
 *     {
 *         size_t n = rq->pkt.arg[0] ? 0 : rq->pkt.len < 3 ? rq->pkt.len : 3;
 *         return srv_data(rq, "hi\n", n, (long)n);  // 3 bytes, then end of file
 *     }
 *     static const struct srv_ops hi_ops = { .open = hi_open, .read = hi_read };
 *     int main(void)
 *     {
 *         struct srv s;
 *         struct srv_transport t = srv_ferrite_transport(srv_ferrite_register("hi", 0));
 *         return srv_init(&s, &hi_ops, &t, NULL) < 0 || srv_run(&s) < 0;
 *     }
 * and `ns_mount("/dev/hi", "hi")` makes `cat /dev/hi` print hi. */
#ifndef SRV_H
#define SRV_H

#include <stddef.h>
#include "ferrite/abi.h"

struct srv;

/* One request as the skeleton hands it to an operation. */
struct srv_req {
	struct srv *srv;
	struct ferrite_packet pkt;  /* as the kernel sent it */
	const char *path, *path2;   /* NUL-terminated; "" when the request carries none */
	/* the answer, set through the helpers below */
	unsigned long handle;       /* OPEN: the new handle */
	int pass_fd;                /* OPEN: 1 + a descriptor of the server's to hand over, or 0 */
	const void *data;
	size_t len;
	int deferred;
	int has_offset;             /* WRITE: srv_offset was called */
	unsigned long offset;
};

struct srv_ops {
	/* path requests: rq->pkt.handle is the directory rq->path is relative to (0: the root) */
	long (*open)(struct srv_req *rq);      /* set rq->handle with srv_handle */
	long (*mkdir)(struct srv_req *rq);
	long (*unlink)(struct srv_req *rq);
	long (*rename)(struct srv_req *rq);
	long (*link)(struct srv_req *rq);
	long (*symlink)(struct srv_req *rq);
	long (*readlink)(struct srv_req *rq);
	long (*stat)(struct srv_req *rq);
	long (*chmod)(struct srv_req *rq);
	long (*chown)(struct srv_req *rq);
	long (*utimens)(struct srv_req *rq);
	long (*access)(struct srv_req *rq);
	/* handle requests: rq->pkt.handle is a handle this server gave in answer to OPEN */
	long (*read)(struct srv_req *rq);
	long (*write)(struct srv_req *rq);     /* the bytes come with srv_fetch */
	long (*fstat)(struct srv_req *rq);
	long (*getdents)(struct srv_req *rq);
	long (*truncate)(struct srv_req *rq);
	long (*fsync)(struct srv_req *rq);
	long (*ioctl)(struct srv_req *rq);
	long (*fchmod)(struct srv_req *rq);
	long (*fchown)(struct srv_req *rq);
	long (*close)(struct srv_req *rq);     /* a notice (id 0): the last description went */
	/* CANCEL: rq->pkt.arg[0] is the id of a request the client gave up on. Only a server that
	 * defers answers needs it: it answers that request now (usually -FERRITE_EINTR). */
	long (*cancel)(struct srv_req *rq);
};

/* How the skeleton reaches the kernel (or the test harness). Each returns >= 0 or -errno. */
struct srv_transport {
	void *ctx;
	/* the next packet and its paths into buf (size FERRITE_PACKET_MAX): bytes read, 0 when
	 * there will be no more (the harness ran dry), or -errno */
	long (*recv)(void *ctx, void *buf, size_t size);
	/* one reply; its data (r->data, r->len) is copied before this returns */
	long (*send)(void *ctx, const struct ferrite_reply *r);
	/* copies len bytes at off of the data request id offers (WRITE, UTIMENS, IOCTL in) */
	long (*fetch)(void *ctx, unsigned long id, unsigned long off, void *buf, size_t len);
	/* optional: send r, then receive as recv does, in one call (scheme_serve); an error
	 * means the reply was refused or the receive failed after it went */
	long (*serve)(void *ctx, const struct ferrite_reply *r, void *buf, size_t size);
};

struct srv_stats {
	unsigned long requests;     /* packets dispatched */
	unsigned long bad_packets;  /* refused before dispatch (short, bad path lengths) */
	unsigned long send_errors;  /* replies the transport refused */
};

struct srv {
	const struct srv_ops *ops;
	struct srv_transport tr;
	void *priv;                 /* the server's own state */
	unsigned char *pkt;         /* FERRITE_PACKET_MAX bytes */
	unsigned char *scratch;     /* srv_buf's memory, grown on demand */
	size_t scratch_size;
	int stopped;
	int hold;                   /* replies wait for the next receive (srv_run sets it) */
	int has_held;
	struct ferrite_reply held;
	struct srv_stats stats;
	void (*log)(struct srv *s, const char *line); /* optional: why a packet was refused */
};

int srv_init(struct srv *s, const struct srv_ops *ops, const struct srv_transport *tr,
	     void *priv);
void srv_fini(struct srv *s);
/* Serves one request: 1 served (or refused), 0 the transport has no more, < 0 its error. */
int srv_step(struct srv *s);
/* Serves until srv_stop, the end of the transport or an error other than EINTR. Inside it a
 * reply goes out with the next receive (one scheme_serve call); a server with a loop of its
 * own that calls srv_step with hold set must srv_flush before it waits elsewhere. */
int srv_run(struct srv *s);
void srv_stop(struct srv *s);
void srv_flush(struct srv *s);

/* Helpers for operations. */
void *srv_buf(struct srv_req *rq, size_t len);  /* scratch for reply data, NULL: no memory */
long srv_data(struct srv_req *rq, const void *data, size_t len, long result);
long srv_handle(struct srv_req *rq, unsigned long handle); /* OPEN's answer; returns 0 */
/* WRITE: the file offset after the write, for the description to take (an O_APPEND write
 * lands at the end, which only the server knows); returns result. */
long srv_offset(struct srv_req *rq, unsigned long offset, long result);
/* OPEN answered with a descriptor of the server's own (FERRITE_REPLY_FD): the client gets a
 * reference to that description (an interrupt, a pipe), not a handle. Returns 0. */
long srv_pass_fd(struct srv_req *rq, int fd);
/* Answer "resolve this instead": path is absolute, or relative to the scheme's root as it is
 * mounted (so "../x" leaves the scheme upwards). Returns -FERRITE_EREDIRECT. */
long srv_redirect(struct srv_req *rq, const char *path);
/* Copies the client's data for this request (WRITE, UTIMENS, IOCTL): bytes, or -errno. */
long srv_fetch(struct srv_req *rq, unsigned long off, void *buf, size_t len);
/* Tells the kernel that handle's readiness is now bits (FERRITE_POLL*). */
long srv_event(struct srv *s, unsigned long handle, unsigned bits);
/* Deferred answers: an operation calls srv_defer and returns anything; later the server
 * answers with srv_answer (data copied before it returns). */
void srv_defer(struct srv_req *rq);
long srv_answer(struct srv *s, unsigned long id, long result, unsigned long handle,
		const void *data, size_t len);

/* Whether a request opcode names a path (OPEN..ACCESS) or a handle (READ..CLOSE). */
int srv_op_is_path(unsigned op);

#endif
