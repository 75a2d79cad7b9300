/* libc/scheme/tests/srv_test.c: the server skeleton on the host, driven by the harness that
 * plays the kernel: dispatch, missing and unknown operations, reply data, fetch, redirects,
 * events, deferred answers, and packets a broken kernel could send (short, bad path lengths,
 * paths without their NUL). Prints `srv-test: N passed, N failed`. */
#include <stdio.h>
#include <string.h>
#include "../srv.h"
#include "../srv_harness.h"

static int failed, passed, case_failed;

#define EXPECT(cond)                                                                     \
	do {                                                                             \
		if (!(cond)) {                                                           \
			printf("    %s:%d: EXPECT(%s) failed\n", __FILE__, __LINE__, #cond); \
			case_failed = 1;                                                 \
		}                                                                        \
	} while (0)

/* the toy server */
static char written[64];
static size_t written_len;
static unsigned long cancelled, deferred_id;

static long toy_open(struct srv_req *rq)
{
	if (strcmp(rq->path, "up") == 0)
		return srv_redirect(rq, "../elsewhere");
	if (strcmp(rq->path, "empty-redirect") == 0)
		return srv_redirect(rq, "");
	if (strcmp(rq->path, "missing") == 0)
		return -FERRITE_ENOENT;
	if (strcmp(rq->path, "passed") == 0)
		return srv_pass_fd(rq, 5);
	if (strcmp(rq->path, "passed-failing") == 0) { /* a failure passes nothing */
		srv_pass_fd(rq, 5);
		return -FERRITE_EBUSY;
	}
	return srv_handle(rq, 7);
}

static long toy_read(struct srv_req *rq)
{
	static const char msg[] = "hello, world";

	if (rq->pkt.arg[0] == 99) { /* answered later, as a terminal answers a read */
		deferred_id = rq->pkt.id;
		srv_defer(rq);
		return 0;
	}
	{
	size_t n = rq->pkt.len < sizeof(msg) - 1 ? rq->pkt.len : sizeof(msg) - 1;
	char *b = srv_buf(rq, n);

	if (!b)
		return -FERRITE_ENOMEM;
	memcpy(b, msg, n);
	return srv_data(rq, b, n, (long)n);
	}
}

static long toy_write(struct srv_req *rq)
{
	size_t n = rq->pkt.len < sizeof(written) ? rq->pkt.len : sizeof(written);
	long got = srv_fetch(rq, 0, written, n);

	if (got >= 0)
		written_len = (size_t)got;
	return got;
}

static long toy_readlink(struct srv_req *rq) /* a bug: more data than asked for */
{
	static const char t[] = "a-target-longer-than-asked";

	return srv_data(rq, t, sizeof(t), (long)sizeof(t));
}

static long toy_stat(struct srv_req *rq) /* a bug: a handle in a reply that takes none */
{
	struct ferrite_stat *st = srv_buf(rq, sizeof(*st));

	if (!st)
		return -FERRITE_ENOMEM;
	memset(st, 0, sizeof(*st));
	st->st_mode = FERRITE_S_IFREG | 0644;
	rq->handle = 99;
	return srv_data(rq, st, sizeof(*st), 0);
}

static unsigned long closed_handle;

static long toy_close(struct srv_req *rq)
{
	closed_handle = rq->pkt.handle;
	return 0;
}

static long toy_cancel(struct srv_req *rq)
{
	cancelled = rq->pkt.arg[0];
	return srv_answer(rq->srv, rq->pkt.arg[0], -FERRITE_EINTR, 0, NULL, 0);
}

static const struct srv_ops toy_ops = {
	.open = toy_open, .read = toy_read, .write = toy_write, .readlink = toy_readlink,
	.stat = toy_stat, .cancel = toy_cancel, .close = toy_close,
};

static struct srvh h;
static struct srv s;

static void setup(void)
{
	struct srv_transport t;

	srvh_init(&h);
	t = srvh_transport(&h);
	srv_init(&s, &toy_ops, &t, NULL);
}

static void teardown(void)
{
	srv_fini(&s);
	srvh_fini(&h);
}

static long call(unsigned op, const char *path, unsigned long len, void *out, size_t outsz,
		 struct ferrite_reply *r)
{
	struct ferrite_packet p;

	memset(&p, 0, sizeof(p));
	p.op = op;
	p.len = len;
	return srvh_call(&h, &s, &p, path, NULL, NULL, 0, out, outsz, r);
}

static void test_dispatch_and_handles(void)
{
	struct ferrite_reply r;

	EXPECT(call(FERRITE_SOP_OPEN, "file", 0, NULL, 0, &r) == 0);
	EXPECT(r.handle == 7);
	EXPECT(call(FERRITE_SOP_OPEN, "missing", 0, NULL, 0, &r) == -FERRITE_ENOENT);
	EXPECT(r.handle == 0);
	EXPECT(call(FERRITE_SOP_STAT, "x", sizeof(struct ferrite_stat), NULL, 0, &r) == 0);
	EXPECT(r.handle == 0); /* the skeleton keeps a handle out of anything but OPEN */
	EXPECT(h.violations == 0);
}

static void test_open_passes_a_descriptor(void)
{
	struct ferrite_reply r;

	EXPECT(call(FERRITE_SOP_OPEN, "passed", 0, NULL, 0, &r) == 0);
	EXPECT(r.flags == FERRITE_REPLY_FD && r.fd == 5 && r.handle == 0);
	EXPECT(call(FERRITE_SOP_OPEN, "passed-failing", 0, NULL, 0, &r) == -FERRITE_EBUSY);
	EXPECT(r.flags == 0 && r.handle == 0);
	EXPECT(h.violations == 0);
}

/* An OPEN answer the kernel refuses made no description: the server hears a CLOSE for it. */
static void test_refused_open_closes_its_handle(void)
{
	closed_handle = 0;
	h.refuse = 1;
	EXPECT(call(FERRITE_SOP_OPEN, "file", 0, NULL, 0, NULL) == -FERRITE_EIO);
	EXPECT(closed_handle == 7);
	closed_handle = 0;
	EXPECT(call(FERRITE_SOP_OPEN, "file", 0, NULL, 0, NULL) == 0);
	EXPECT(closed_handle == 0);
}

static void test_missing_and_unknown_ops(void)
{
	EXPECT(call(FERRITE_SOP_MKDIR, "d", 0, NULL, 0, NULL) == -FERRITE_ENOSYS);
	EXPECT(call(FERRITE_SOP_IOCTL, NULL, 0, NULL, 0, NULL) == -FERRITE_ENOTTY);
	EXPECT(call(FERRITE_SOP_CLOSE, NULL, 0, NULL, 0, NULL) == 0);
	EXPECT(call(99, NULL, 0, NULL, 0, NULL) == -FERRITE_ENOSYS);
	EXPECT(call(0, NULL, 0, NULL, 0, NULL) == -FERRITE_ENOSYS);
	EXPECT(call(0xffffffffu, NULL, 0, NULL, 0, NULL) == -FERRITE_ENOSYS);
	EXPECT(s.stats.requests == 6);
	EXPECT(h.violations == 0);
}

static void test_read_reply_data(void)
{
	char buf[32];
	struct ferrite_reply r;

	memset(buf, 0, sizeof(buf));
	EXPECT(call(FERRITE_SOP_READ, NULL, 5, buf, sizeof(buf), &r) == 5);
	EXPECT(memcmp(buf, "hello", 5) == 0);
	EXPECT(r.len == 5);
	EXPECT(call(FERRITE_SOP_READ, NULL, 100, buf, sizeof(buf), &r) == 12);
	EXPECT(memcmp(buf, "hello, world", 12) == 0);
	EXPECT(call(FERRITE_SOP_READ, NULL, 0, buf, sizeof(buf), &r) == 0);
	EXPECT(r.len == 0);
	EXPECT(h.violations == 0);
}

static void test_too_much_data_becomes_eio(void)
{
	char buf[8];

	EXPECT(call(FERRITE_SOP_READLINK, "l", sizeof(buf), buf, sizeof(buf), NULL) ==
	       -FERRITE_EIO);
	EXPECT(h.violations == 0); /* the skeleton caught it before the kernel would */
}

static void test_write_fetches_client_data(void)
{
	struct ferrite_packet p;

	memset(&p, 0, sizeof(p));
	p.op = FERRITE_SOP_WRITE;
	written_len = 0;
	EXPECT(srvh_call(&h, &s, &p, NULL, NULL, "some bytes", 10, NULL, 0, NULL) == 10);
	EXPECT(written_len == 10 && memcmp(written, "some bytes", 10) == 0);
	EXPECT(h.fetches == 1);
	EXPECT(h.violations == 0);
}

static void test_redirect_carries_a_path(void)
{
	char buf[64];
	struct ferrite_reply r;

	memset(buf, 0, sizeof(buf));
	EXPECT(call(FERRITE_SOP_OPEN, "up", 0, buf, sizeof(buf), &r) == -FERRITE_EREDIRECT);
	EXPECT(strcmp(buf, "../elsewhere") == 0);
	EXPECT(r.len == strlen("../elsewhere") && r.handle == 0);
	/* an empty redirect is a server bug: it becomes EIO, never a bad reply */
	EXPECT(call(FERRITE_SOP_OPEN, "empty-redirect", 0, NULL, 0, NULL) == -FERRITE_EIO);
	EXPECT(h.violations == 0);
}

static void test_events_reach_the_kernel(void)
{
	EXPECT(srv_event(&s, 7, FERRITE_POLLIN | FERRITE_POLLOUT) == 0);
	EXPECT(h.events == 1);
	EXPECT(h.last_event_handle == 7);
	EXPECT(h.last_event_bits == (FERRITE_POLLIN | FERRITE_POLLOUT));
	EXPECT(h.violations == 0);
}

static void test_deferred_answer_and_cancel(void)
{
	struct ferrite_packet p;
	unsigned long id, id2;
	const struct srvh_slot *sl;

	memset(&p, 0, sizeof(p));
	p.op = FERRITE_SOP_READ;
	p.arg[0] = 99;
	p.len = 10;
	id = srvh_send(&h, &p, NULL, NULL, NULL, 0);
	EXPECT(srv_step(&s) == 1);
	EXPECT(deferred_id == id);
	EXPECT(srvh_answer(&h, id) == NULL);
	EXPECT(srv_answer(&s, id, 3, 0, "abc", 3) == 0);
	sl = srvh_answer(&h, id);
	EXPECT(sl && sl->reply.result == 3 && sl->rlen == 3 && memcmp(sl->rdata, "abc", 3) == 0);
	/* a second answer is refused by the kernel and counted by the skeleton */
	EXPECT(srv_answer(&s, id, 4, 0, NULL, 0) < 0);
	EXPECT(s.stats.send_errors == 1);
	EXPECT(h.violations == 1);
	h.violations = 0;
	/* a deferred request cancelled: the server answers it EINTR */
	id = srvh_send(&h, &p, NULL, NULL, NULL, 0);
	EXPECT(srv_step(&s) == 1);
	p.op = FERRITE_SOP_CANCEL;
	p.arg[0] = id;
	id2 = srvh_send(&h, &p, NULL, NULL, NULL, 0);
	EXPECT(srv_step(&s) == 1);
	EXPECT(cancelled == id);
	sl = srvh_answer(&h, id);
	EXPECT(sl && sl->reply.result == -FERRITE_EINTR);
	EXPECT(srvh_answer(&h, id2) == NULL); /* a cancel itself is not answered */
	EXPECT(h.violations == 0);
}

/* Inside srv_run a reply goes out with the next receive (scheme_serve); one the kernel
 * refuses still gets the client an answer: EIO. */
static void test_run_answers_with_serve(void)
{
	struct ferrite_packet p;
	unsigned long id[4];
	const struct srvh_slot *sl;
	int i;

	memset(&p, 0, sizeof(p));
	p.op = FERRITE_SOP_READ;
	p.len = 5;
	for (i = 0; i < 4; i++)
		id[i] = srvh_send(&h, &p, NULL, NULL, NULL, 0);
	h.refuse = 1; /* the first reply is refused, as after a fault copying its data */
	EXPECT(srv_run(&s) == 0);
	EXPECT(h.serves == 4);
	for (i = 0; i < 4; i++) {
		sl = srvh_answer(&h, id[i]);
		EXPECT(sl != NULL);
		if (sl && i == 0)
			EXPECT(sl->reply.result == -FERRITE_EIO);
		if (sl && i > 0)
			EXPECT(sl->reply.result == 5 && memcmp(sl->rdata, "hello", 5) == 0);
	}
	EXPECT(s.stats.send_errors == 1);
	EXPECT(s.has_held == 0);
	EXPECT(h.violations == 0);
}

/* An OPEN's answer carries a handle: it goes by itself, never held for the next serve, so a
 * refusal (its client was killed meanwhile) is known and the handle forgotten (closed). */
static void test_open_answers_are_not_held(void)
{
	struct ferrite_packet p;
	unsigned long id[3];
	const struct srvh_slot *sl;
	int i;

	memset(&p, 0, sizeof(p));
	p.op = FERRITE_SOP_OPEN;
	for (i = 0; i < 3; i++)
		id[i] = srvh_send(&h, &p, "f", NULL, NULL, 0);
	closed_handle = 0;
	h.refuse = 1; /* the first answer is refused */
	EXPECT(srv_run(&s) == 0);
	EXPECT(h.serves == 0);
	EXPECT(closed_handle == 7); /* the refused OPEN's handle went to close */
	for (i = 1; i < 3; i++) {
		sl = srvh_answer(&h, id[i]);
		EXPECT(sl != NULL && sl->reply.result == 0 && sl->reply.handle == 7);
	}
	EXPECT(h.violations == 0);
}

/* The answers the kernel would refuse become EIO before they leave. */
static long bad_mkdir(struct srv_req *rq) /* a count where only 0 makes sense */
{
	(void)rq;
	return 7;
}

static long bad_unlink(struct srv_req *rq) /* data on a call that has none */
{
	return srv_data(rq, "x", 1, 0);
}

static long bad_fstat(struct srv_req *rq) /* a stat answer of the wrong size */
{
	return srv_data(rq, "short", 5, 0);
}

static long bad_read(struct srv_req *rq) /* a redirect answering a handle request */
{
	return srv_redirect(rq, "elsewhere");
}

static long bad_write(struct srv_req *rq) /* more written than offered */
{
	return (long)rq->pkt.len + 1;
}

static void test_answers_the_kernel_would_refuse(void)
{
	static const struct srv_ops bad = {
		.mkdir = bad_mkdir, .unlink = bad_unlink, .fstat = bad_fstat, .read = bad_read,
		.write = bad_write,
	};
	struct ferrite_packet p;

	s.ops = &bad;
	EXPECT(call(FERRITE_SOP_MKDIR, "d", 0, NULL, 0, NULL) == -FERRITE_EIO);
	EXPECT(call(FERRITE_SOP_UNLINK, "d", 0, NULL, 0, NULL) == -FERRITE_EIO);
	EXPECT(call(FERRITE_SOP_FSTAT, NULL, sizeof(struct ferrite_stat), NULL, 0, NULL) ==
	       -FERRITE_EIO);
	EXPECT(call(FERRITE_SOP_READ, NULL, 100, NULL, 0, NULL) == -FERRITE_EIO);
	memset(&p, 0, sizeof(p));
	p.op = FERRITE_SOP_WRITE;
	EXPECT(srvh_call(&h, &s, &p, NULL, NULL, "abc", 3, NULL, 0, NULL) == -FERRITE_EIO);
	EXPECT(h.violations == 0);
}

/* A packet followed by raw bytes, as a broken kernel might send it. */
static unsigned long raw(unsigned op, unsigned l1, unsigned l2, const char *tail, size_t tlen,
			 size_t cut)
{
	unsigned char b[sizeof(struct ferrite_packet) + 64];
	struct ferrite_packet p;
	static unsigned long id = 1000;

	memset(&p, 0, sizeof(p));
	p.id = ++id;
	p.op = op;
	p.path_len = l1;
	p.path2_len = l2;
	memcpy(b, &p, sizeof(p));
	memcpy(b + sizeof(p), tail, tlen);
	srvh_push_raw(&h, b, sizeof(p) + tlen - cut);
	while (srv_step(&s) > 0)
		;
	return p.id;
}

static long raw_result(unsigned long id)
{
	const struct srvh_slot *sl = srvh_answer(&h, id);

	return sl ? sl->reply.result : 1;
}

static void test_hostile_packets(void)
{
	unsigned long before = s.stats.bad_packets;

	/* shorter than a packet: refused without an answer (there is no id to trust) */
	srvh_push_raw(&h, "short", 5);
	EXPECT(srv_step(&s) == 1);
	EXPECT(s.stats.bad_packets == before + 1);
	/* a path length that does not match the bytes */
	EXPECT(raw_result(raw(FERRITE_SOP_OPEN, 10, 0, "abc", 4, 0)) == -FERRITE_EINVAL);
	/* a path without its NUL */
	EXPECT(raw_result(raw(FERRITE_SOP_OPEN, 3, 0, "abcd", 4, 0)) == -FERRITE_EINVAL);
	/* a NUL inside the path */
	EXPECT(raw_result(raw(FERRITE_SOP_OPEN, 3, 0, "a\0c", 4, 0)) == -FERRITE_EINVAL);
	/* a path length past PATH_MAX */
	EXPECT(raw_result(raw(FERRITE_SOP_OPEN, 1u << 31, 0, "", 0, 0)) == -FERRITE_ENAMETOOLONG);
	/* second path length wrong */
	EXPECT(raw_result(raw(FERRITE_SOP_RENAME, 1, 5, "a\0b", 4, 0)) == -FERRITE_EINVAL);
	/* both layouts of an empty first path are fine: with its NUL and without */
	EXPECT(raw_result(raw(FERRITE_SOP_OPEN, 0, 1, "\0b", 3, 0)) == 0);
	EXPECT(raw_result(raw(FERRITE_SOP_OPEN, 0, 1, "b", 2, 0)) == 0);
	/* a path and nothing else, well formed */
	EXPECT(raw_result(raw(FERRITE_SOP_OPEN, 7, 0, "missing", 8, 0)) == -FERRITE_ENOENT);
	EXPECT(s.stats.bad_packets == before + 6);
	EXPECT(h.violations == 0);
}

static void test_run_ends_with_the_transport(void)
{
	struct ferrite_packet p;

	memset(&p, 0, sizeof(p));
	p.op = FERRITE_SOP_CLOSE;
	srvh_send(&h, &p, NULL, NULL, NULL, 0);
	srvh_send(&h, &p, NULL, NULL, NULL, 0);
	EXPECT(srv_run(&s) == 0);
	EXPECT(h.qcount == 0);
	EXPECT(s.stats.requests == 2);
}

struct srv_case {
	const char *name;
	void (*fn)(void);
};

#define CASE(f) { #f, f }
static const struct srv_case cases[] = {
	CASE(test_dispatch_and_handles),
	CASE(test_open_passes_a_descriptor),
	CASE(test_refused_open_closes_its_handle),
	CASE(test_missing_and_unknown_ops),
	CASE(test_read_reply_data),
	CASE(test_too_much_data_becomes_eio),
	CASE(test_write_fetches_client_data),
	CASE(test_redirect_carries_a_path),
	CASE(test_events_reach_the_kernel),
	CASE(test_deferred_answer_and_cancel),
	CASE(test_run_answers_with_serve),
	CASE(test_open_answers_are_not_held),
	CASE(test_answers_the_kernel_would_refuse),
	CASE(test_hostile_packets),
	CASE(test_run_ends_with_the_transport),
};

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		case_failed = 0;
		setup();
		cases[i].fn();
		teardown();
		printf("%s %s\n", case_failed ? "FAIL" : "ok  ", cases[i].name);
		if (case_failed)
			failed++;
		else
			passed++;
	}
	printf("srv-test: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
