/* servers/pty/ptyd.c: pseudo terminals. Each pair is a master (what a terminal emulator or
 * getty holds) and a slave (what programs see as their terminal), with a line discipline
 * (ldisc.c) between them. Two schemes: "ptmx" (mounted at /dev/ptmx: every open makes a new
 * pair and answers its master) and "pty" (at /dev/pts: "N" is pair N's slave, "ptmx" another
 * way to a new master). musl's posix_openpt, ptsname (TIOCGPTN), unlockpt (TIOCSPTLCK), isatty
 * (TIOCGWINSZ) and the termios calls work through the ioctls below.
 *
 * Reads that cannot be answered yet are deferred (srv_defer) and answered when the other side
 * gives something; writes that find no room wait the same way; a cancel (the caller got a
 * signal) answers EINTR. After every request, pty_kick answers what became possible and pushes
 * readiness events for poll. Job control: the caller's session comes from getsid, and whether
 * it holds the signal or is orphaned from proc_jobinfo; ldisc.c decides. */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <time.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ferrite/syscalls.h"
#include "srv_fd.h"
#include "ldisc.h"

#define PTY_MAX 64
#define PTY_WAITS 8
#define PTY_CHUNK 512

/* A deferred request: a read waiting for data, or a write waiting for room (done: bytes of
 * it already taken). */
struct pty_wait {
	struct srv *srv;
	unsigned long id, len, done;
	uint64_t deadline;      /* a raw read under VTIME: answered with what there is then (ns) */
};

struct pty_queue {
	struct pty_wait w[PTY_WAITS];
	int n;
};

struct pty {
	int num;
	struct ldisc ld;
	int masters, slaves;    /* descriptions open on each side */
	int slave_opened;       /* a slave was opened once: its last close is a hangup for the master */
	int locked;             /* TIOCSPTLCK: the slave cannot be opened yet */
	unsigned ev_master, ev_slave; /* readiness last pushed */
	struct pty_queue sread, mread, swrite, mwrite;
};

static struct pty *ptys[PTY_MAX];

static uint64_t pty_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
static struct srv srv_pty, srv_ptmx;

static unsigned long pty_handle(const struct pty *t, int master)
{
	return ((unsigned long)t->num + 1) << 1 | (unsigned long)master;
}

static struct pty *pty_of(unsigned long handle, int *master)
{
	unsigned long n = (handle >> 1) - 1;
	*master = (int)(handle & 1);
	return handle >= 2 && n < PTY_MAX ? ptys[n] : NULL;
}

static void pty_signal(void *ctx, int pgid, int sig)
{
	(void)ctx;
	kill(-pgid, sig);
}

static const struct ld_ops pty_ld_ops = { pty_signal };

/* ---- deferred requests ---- */

static int pty_defer(struct pty_queue *q, struct srv_req *rq)
{
	if (q->n == PTY_WAITS)
		return -FERRITE_EAGAIN;
	q->w[q->n].srv = rq->srv;
	q->w[q->n].id = rq->pkt.id;
	q->w[q->n].len = rq->pkt.len;
	q->w[q->n].done = 0;
	q->w[q->n].deadline = 0;
	q->n++;
	srv_defer(rq);
	return 0;
}

static void pty_pop(struct pty_queue *q, int i)
{
	memmove(&q->w[i], &q->w[i + 1], (size_t)(--q->n - i) * sizeof(q->w[0]));
}

static void pty_answer_all(struct pty_queue *q, long result)
{
	while (q->n) {
		srv_answer(q->w[0].srv, q->w[0].id, result, 0, NULL, 0);
		pty_pop(q, 0);
	}
}

static int pty_cancel_in(struct pty_queue *q, unsigned long id)
{
	for (int i = 0; i < q->n; i++)
		if (q->w[i].id == id) {
			struct pty_wait w = q->w[i];
			pty_pop(q, i);
			/* a write that took some bytes reports them; anything else was interrupted */
			srv_answer(w.srv, w.id, w.done ? (long)w.done : -FERRITE_EINTR, 0, NULL, 0);
			return 1;
		}
	return 0;
}

/* A waiting write goes on: its bytes are fetched and handed to put (the line discipline's
 * input or output) while they are taken. Answered once all went, or some went and no more fit. */
static int pty_resume_write(struct pty *t, struct pty_wait *w, int master)
{
	char buf[PTY_CHUNK];
	while (w->done < w->len) {
		long n = w->srv->tr.fetch(w->srv->tr.ctx, w->id, w->done, buf,
			w->len - w->done < sizeof(buf) ? w->len - w->done : sizeof(buf));
		long took;
		if (n <= 0) {
			if (n < 0 && w->done == 0) { /* the caller's buffer is bad: EFAULT */
				srv_answer(w->srv, w->id, n, 0, NULL, 0);
				return 1;
			}
			break;
		}
		took = master ? (long)ld_input(&t->ld, buf, (size_t)n) : ld_write(&t->ld, buf, (size_t)n);
		if (took <= 0)
			return 0; /* no room: it waits on */
		w->done += (unsigned long)took;
		if (took < n)
			break;
	}
	srv_answer(w->srv, w->id, (long)w->done, 0, NULL, 0);
	return 1;
}

/* ---- what became possible after a request ---- */

static void pty_push_events(struct pty *t)
{
	unsigned m = (ld_output_pending(&t->ld) ? FERRITE_POLLIN : 0) | FERRITE_POLLOUT;
	unsigned s = (ld_read_ready(&t->ld) ? FERRITE_POLLIN : 0) |
		(ld_write_room(&t->ld) ? FERRITE_POLLOUT : 0);
	if (t->slave_opened && t->slaves == 0 && !ld_output_pending(&t->ld))
		m |= FERRITE_POLLHUP;
	if (m != t->ev_master) {
		srv_event(&srv_ptmx, pty_handle(t, 1), m);
		srv_event(&srv_pty, pty_handle(t, 1), m);
		t->ev_master = m;
	}
	if (s != t->ev_slave) {
		srv_event(&srv_pty, pty_handle(t, 0), s);
		t->ev_slave = s;
	}
}

static void pty_kick(struct pty *t)
{
	char buf[LD_IN_SIZE];
	int progress = 1;
	while (progress) {
		progress = 0;
		while (t->sread.n) {
			struct pty_wait *w = &t->sread.w[0];
			unsigned ds = ld_read_timeout_ds(&t->ld);
			int expired;
			if (ds && !w->deadline)
				w->deadline = pty_now() + (uint64_t)ds * 100000000ull; /* VTIME starts */
			expired = w->deadline && pty_now() >= w->deadline;
			long r = ld_read(&t->ld, buf, w->len < sizeof(buf) ? w->len : sizeof(buf), expired);
			if (r == -FERRITE_EAGAIN)
				break;
			srv_answer(w->srv, w->id, r, 0, buf, r > 0 ? (size_t)r : 0);
			pty_pop(&t->sread, 0);
			progress = 1;
		}
		while (t->mread.n && ld_output_pending(&t->ld)) {
			struct pty_wait *w = &t->mread.w[0];
			size_t n = ld_output(&t->ld, buf, w->len < sizeof(buf) ? w->len : sizeof(buf));
			srv_answer(w->srv, w->id, (long)n, 0, buf, n);
			pty_pop(&t->mread, 0);
			progress = 1;
		}
		if (t->swrite.n && ld_write_room(&t->ld) && pty_resume_write(t, &t->swrite.w[0], 0)) {
			pty_pop(&t->swrite, 0);
			progress = 1;
		}
		if (t->mwrite.n && pty_resume_write(t, &t->mwrite.w[0], 1)) {
			pty_pop(&t->mwrite, 0);
			progress = 1;
		}
	}
	if (t->slave_opened && t->slaves == 0)
		pty_answer_all(&t->mread, -FERRITE_EIO); /* the other side is gone */
	pty_push_events(t);
}

/* ---- the caller, as job control sees it ---- */

static void pty_caller(struct pty *t, struct srv_req *rq, int sig, struct ld_caller *c)
{
	long info;
	memset(c, 0, sizeof(*c));
	c->pid = rq->pkt.pid;
	c->pgid = rq->pkt.pgid;
	c->sid = (int)getsid(c->pid);
	if (c->sid != t->ld.sid || c->pgid == t->ld.fg_pgid)
		return; /* not a background process of this terminal's session: nothing more to ask */
	info = ferrite_proc_jobinfo(c->pid, sig);
	c->sig_held = info >= 0 && (info & FERRITE_JOB_SIG_HELD);
	c->orphaned = info >= 0 && (info & FERRITE_JOB_ORPHANED);
}

/* ---- opening and closing ---- */

static struct pty *pty_new(void)
{
	for (int i = 0; i < PTY_MAX; i++)
		if (!ptys[i]) {
			struct pty *t = calloc(1, sizeof(*t));
			if (!t)
				return NULL;
			t->num = i;
			t->locked = 1; /* until unlockpt, as on Linux */
			ld_init(&t->ld, &pty_ld_ops, t);
			ptys[i] = t;
			return t;
		}
	return NULL;
}

static long pty_open_master(struct srv_req *rq)
{
	struct pty *t = pty_new();
	if (!t)
		return -FERRITE_ENOSPC;
	t->masters = 1;
	return srv_handle(rq, pty_handle(t, 1));
}

static long pty_parse_num(const char *s)
{
	long n = 0;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || n >= PTY_MAX)
			return -1;
		n = n * 10 + (*s - '0');
	}
	return n < PTY_MAX ? n : -1;
}

static long pty_open(struct srv_req *rq)
{
	long n;
	struct pty *t;
	if (rq->srv == &srv_ptmx)
		return rq->path[0] ? -FERRITE_ENOENT : pty_open_master(rq);
	if (!strcmp(rq->path, "ptmx"))
		return pty_open_master(rq);
	if ((n = pty_parse_num(rq->path)) < 0 || !(t = ptys[n]))
		return -FERRITE_ENOENT;
	if (t->locked || t->masters == 0)
		return -FERRITE_EIO;
	t->slaves++;
	t->slave_opened = 1;
	/* a session leader without O_NOCTTY makes it its controlling terminal, if it has none */
	if (!(rq->pkt.flags & FERRITE_O_NOCTTY) && t->ld.sid == 0 && getsid(rq->pkt.pid) == rq->pkt.pid)
		ld_set_session(&t->ld, rq->pkt.pid, rq->pkt.pgid);
	return srv_handle(rq, pty_handle(t, 0));
}

static void pty_free(struct pty *t)
{
	ptys[t->num] = NULL;
	free(t);
}

static long pty_close(struct srv_req *rq)
{
	int master;
	struct pty *t = pty_of(rq->pkt.handle, &master);
	if (!t)
		return 0;
	if (master && --t->masters == 0) {
		ld_hangup(&t->ld);
		pty_answer_all(&t->sread, 0);
		pty_answer_all(&t->swrite, -FERRITE_EIO);
	} else if (!master && --t->slaves == 0) {
		t->ld.sid = t->ld.fg_pgid = 0; /* no session has it as its terminal any more */
	}
	if (t->masters == 0 && t->slaves == 0) {
		pty_answer_all(&t->mread, -FERRITE_EIO);
		pty_answer_all(&t->mwrite, -FERRITE_EIO);
		pty_free(t);
		return 0;
	}
	pty_kick(t);
	return 0;
}

/* ---- reading and writing ---- */

static long pty_read(struct srv_req *rq)
{
	char buf[LD_IN_SIZE];
	int master, nonblock = (rq->pkt.flags & FERRITE_O_NONBLOCK) != 0;
	struct pty *t = pty_of(rq->pkt.handle, &master);
	size_t want = rq->pkt.len < sizeof(buf) ? rq->pkt.len : sizeof(buf);
	long r;
	if (!t)
		return -FERRITE_EBADF;
	if (master) {
		size_t n = t->mread.n ? 0 : ld_output(&t->ld, buf, want);
		if (n || want == 0)
			r = srv_fd_data(rq, buf, n, (long)n);
		else if (t->slave_opened && t->slaves == 0)
			r = -FERRITE_EIO;
		else
			r = nonblock ? -FERRITE_EAGAIN : pty_defer(&t->mread, rq);
	} else {
		struct ld_caller c;
		pty_caller(t, rq, LD_SIGTTIN, &c);
		if ((r = ld_check_read(&t->ld, &c)) == 0) {
			r = t->sread.n ? -FERRITE_EAGAIN : ld_read(&t->ld, buf, want, 0);
			if (r >= 0)
				r = srv_fd_data(rq, buf, (size_t)r, r);
			else if (r == -FERRITE_EAGAIN && !nonblock)
				r = pty_defer(&t->sread, rq);
		}
	}
	pty_kick(t);
	return r;
}

static long pty_write(struct srv_req *rq)
{
	int master;
	struct pty *t = pty_of(rq->pkt.handle, &master);
	struct pty_wait w;
	struct pty_queue *q;
	long r;
	if (!t)
		return -FERRITE_EBADF;
	if (!master) {
		struct ld_caller c;
		pty_caller(t, rq, LD_SIGTTOU, &c);
		if ((r = ld_check_write(&t->ld, &c)) != 0)
			return r;
		if (t->ld.hung_up)
			return -FERRITE_EIO;
	}
	if (rq->pkt.len == 0)
		return 0;
	q = master ? &t->mwrite : &t->swrite;
	if (q->n == 0) {
		/* try at once; what does not fit waits */
		w.srv = rq->srv;
		w.id = rq->pkt.id;
		w.len = rq->pkt.len;
		w.done = 0;
		if (pty_resume_write(t, &w, master)) {
			srv_defer(rq); /* answered by pty_resume_write */
			pty_kick(t);
			return 0;
		}
		if (w.done)
			return (long)w.done;
	}
	if (rq->pkt.flags & FERRITE_O_NONBLOCK)
		return -FERRITE_EAGAIN;
	r = pty_defer(q, rq);
	pty_kick(t);
	return r;
}

/* ---- ioctl ---- */

static long pty_ioctl_in(struct srv_req *rq, void *v, size_t size)
{
	if (rq->pkt.arg[1] != size)
		return -FERRITE_EINVAL;
	return srv_fetch(rq, 0, v, size) == (long)size ? 0 : -FERRITE_EFAULT;
}

/* The requests that change the terminal: a background caller gets SIGTTOU first. */
static long pty_ioctl_control(struct pty *t, struct srv_req *rq, int master)
{
	struct ld_caller c;
	if (master)
		return 0;
	pty_caller(t, rq, LD_SIGTTOU, &c);
	return ld_check_control(&t->ld, &c);
}

static long pty_ioctl_set(struct pty *t, struct srv_req *rq, int master, unsigned long req)
{
	struct ld_termios tio;
	struct ld_winsize ws;
	int v;
	long err = pty_ioctl_control(t, rq, master);
	if (err)
		return err;
	switch (req) {
	case FERRITE_TCSETS: case FERRITE_TCSETSW: case FERRITE_TCSETSF:
		if ((err = pty_ioctl_in(rq, &tio, sizeof(tio))) == 0)
			ld_set_termios(&t->ld, &tio, req == FERRITE_TCSETSF ? LD_TCSAFLUSH : LD_TCSANOW);
		return err;
	case FERRITE_TIOCSWINSZ:
		if ((err = pty_ioctl_in(rq, &ws, sizeof(ws))) == 0)
			ld_set_winsize(&t->ld, &ws);
		return err;
	case FERRITE_TIOCSPGRP:
		if ((err = pty_ioctl_in(rq, &v, sizeof(v))) != 0)
			return err;
		if (t->ld.sid == 0 || getsid(rq->pkt.pid) != t->ld.sid)
			return -FERRITE_ENOTTY; /* not the caller's controlling terminal */
		if (v <= 0 || (getsid(v) >= 0 && getsid(v) != t->ld.sid))
			return -FERRITE_EPERM;
		return ld_set_fg(&t->ld, v);
	case FERRITE_TCFLSH:
		return ld_flush(&t->ld, (int)rq->pkt.arg[2]);
	}
	return -FERRITE_ENOTTY;
}

static long pty_ioctl(struct srv_req *rq)
{
	int master, v;
	struct pty *t = pty_of(rq->pkt.handle, &master);
	unsigned long req = rq->pkt.arg[0];
	long r;
	if (!t)
		return -FERRITE_EBADF;
	switch (req) {
	case FERRITE_TCGETS:
		return srv_data(rq, &t->ld.tio, sizeof(t->ld.tio), 0);
	case FERRITE_TIOCGWINSZ:
		return srv_data(rq, &t->ld.ws, sizeof(t->ld.ws), 0);
	case FERRITE_TIOCGPGRP:
		v = t->ld.fg_pgid;
		return srv_fd_data(rq, &v, sizeof(v), 0);
	case FERRITE_TIOCGSID:
		if (!(v = t->ld.sid))
			return -FERRITE_ENOTTY;
		return srv_fd_data(rq, &v, sizeof(v), 0);
	case FERRITE_FIONREAD:
		v = (int)(master ? ld_output_pending(&t->ld) : ld_readable(&t->ld));
		return srv_fd_data(rq, &v, sizeof(v), 0);
	case FERRITE_TIOCSCTTY:
		if (master || getsid(rq->pkt.pid) != rq->pkt.pid)
			return -FERRITE_EPERM; /* only a session leader takes a terminal */
		if (t->ld.sid && t->ld.sid != rq->pkt.pid && rq->pkt.arg[2] != 1)
			return -FERRITE_EPERM;
		ld_set_session(&t->ld, rq->pkt.pid, rq->pkt.pgid);
		return 0;
	case FERRITE_TIOCNOTTY:
		if (!master && t->ld.sid == rq->pkt.pid)
			t->ld.sid = t->ld.fg_pgid = 0;
		return 0;
	case FERRITE_TCSBRK: case FERRITE_TCXONC:
		return 0;
	case FERRITE_TIOCGPTN:
		if (!master)
			return -FERRITE_ENOTTY;
		v = t->num;
		return srv_fd_data(rq, &v, sizeof(v), 0);
	case FERRITE_TIOCSPTLCK:
		if (!master)
			return -FERRITE_ENOTTY;
		if ((r = pty_ioctl_in(rq, &v, sizeof(v))) == 0)
			t->locked = v != 0;
		return r;
	}
	r = pty_ioctl_set(t, rq, master, req);
	pty_kick(t);
	return r;
}

/* ---- the rest ---- */

static long pty_stat_of(struct srv_req *rq, struct pty *t, int master, int dir)
{
	struct ferrite_stat st;
	memset(&st, 0, sizeof(st));
	st.st_nlink = 1;
	st.st_blksize = 1024;
	st.st_mode = dir ? FERRITE_S_IFDIR | 0755 : FERRITE_S_IFCHR | (master ? 0666 : 0620);
	st.st_rdev = dir ? 0 : master ? (5u << 8 | 2) : (136u << 8 | (unsigned)t->num);
	st.st_uid = 0;
	return srv_fd_data(rq, &st, sizeof(st), 0);
}

static long pty_stat(struct srv_req *rq)
{
	long n;
	if (!rq->path[0])
		return pty_stat_of(rq, NULL, 1, rq->srv == &srv_pty);
	if (rq->srv == &srv_pty && !strcmp(rq->path, "ptmx"))
		return pty_stat_of(rq, NULL, 1, 0);
	if (rq->srv != &srv_pty || (n = pty_parse_num(rq->path)) < 0 || !ptys[n])
		return -FERRITE_ENOENT;
	return pty_stat_of(rq, ptys[n], 0, 0);
}

static long pty_fstat(struct srv_req *rq)
{
	int master;
	struct pty *t = pty_of(rq->pkt.handle, &master);
	return t ? pty_stat_of(rq, t, master, 0) : -FERRITE_EBADF;
}

static long pty_cancel(struct srv_req *rq)
{
	unsigned long id = rq->pkt.arg[0];
	for (int i = 0; i < PTY_MAX; i++) {
		struct pty *t = ptys[i];
		if (t && (pty_cancel_in(&t->sread, id) || pty_cancel_in(&t->mread, id) ||
				pty_cancel_in(&t->swrite, id) || pty_cancel_in(&t->mwrite, id))) {
			pty_kick(t);
			break;
		}
	}
	return 0;
}

/* The next VTIME deadline as poll's timeout (-1: none). */
static int pty_timeout_ms(void)
{
	uint64_t next = 0, now = pty_now();
	for (int i = 0; i < PTY_MAX; i++)
		if (ptys[i] && ptys[i]->sread.n && ptys[i]->sread.w[0].deadline &&
				(!next || ptys[i]->sread.w[0].deadline < next))
			next = ptys[i]->sread.w[0].deadline;
	if (!next)
		return -1;
	return next <= now ? 0 : (int)((next - now) / 1000000 + 1);
}

/* Reads whose VTIME ran out are answered with what there is (perhaps nothing). */
static void pty_timers(void)
{
	uint64_t now = pty_now();
	for (int i = 0; i < PTY_MAX; i++)
		if (ptys[i] && ptys[i]->sread.n && ptys[i]->sread.w[0].deadline &&
				now >= ptys[i]->sread.w[0].deadline)
			pty_kick(ptys[i]);
}

static const struct srv_ops pty_ops = {
	.open = pty_open,
	.stat = pty_stat,
	.read = pty_read,
	.write = pty_write,
	.fstat = pty_fstat,
	.ioctl = pty_ioctl,
	.close = pty_close,
	.cancel = pty_cancel,
};

int main(void)
{
	static struct srv_fd fd_pty, fd_ptmx;
	struct srv_transport tr_pty, tr_ptmx;
	struct pollfd pfd[2];
	int err;
	signal(SIGPIPE, SIG_IGN);
	if ((err = srv_fd_open(&fd_pty, &tr_pty, "pty")) < 0 ||
			(err = srv_fd_open(&fd_ptmx, &tr_ptmx, "ptmx")) < 0 ||
			(err = srv_init(&srv_pty, &pty_ops, &tr_pty, NULL)) < 0 ||
			(err = srv_init(&srv_ptmx, &pty_ops, &tr_ptmx, NULL)) < 0) {
		srv_fd_log("ptyd", "cannot register its schemes: error %d", -err);
		return 1;
	}
	pfd[0].fd = fd_pty.fd;
	pfd[1].fd = fd_ptmx.fd;
	pfd[0].events = pfd[1].events = POLLIN;
	for (;;) {
		if (poll(pfd, 2, pty_timeout_ms()) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		pty_timers();
		if ((pfd[0].revents & POLLIN) && srv_step(&srv_pty) < 0)
			break;
		if ((pfd[1].revents & POLLIN) && srv_step(&srv_ptmx) < 0)
			break;
	}
	srv_fd_log("ptyd", "the request loop ended");
	return 1;
}
