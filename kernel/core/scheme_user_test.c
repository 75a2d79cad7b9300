/* kernel/core/scheme_user_test.c: the scheme protocol with the kernel as the client: a user
 * server (selftest/echod) is started from the initfs, and the test calls its scheme's path
 * operation and the operations of the descriptions it opens, as the path layer and the
 * descriptor calls do: opens, reads and writes (one copy each way), fstat, lseek, ioctl,
 * redirects, a passed descriptor, the server's refused replies, close notices, the fast path's
 * counters, and the server's death (EIO, the name free again for a restarted server). The
 * user-space clients' tests are selftest/user/schemes.c, run by proc_schemes_from_user. */
#include "ktest.h"
#include "errno.h"
#include "file.h"
#include "kheap.h"
#include "ktime.h"
#include "proc.h"
#include "scheme_user.h"

static struct process *ust_start(void)
{
	size_t size;
	const void *img = initfs_find("selftest/echod", &size);
	int err;
	return img ? proc_spawn("selftest/echod", img, size, &err) : NULL;
}

/* The scheme once its server registered it (5 s at most), referenced. */
static struct scheme *ust_find(const char *name)
{
	for (int i = 0; i < 500; i++) {
		struct scheme *s = scheme_find(name);
		if (s)
			return s;
		sched_sleep_ns(10000000);
	}
	return NULL;
}

static long ust_path(struct scheme *s, unsigned op, const char *path, struct path_req *rq)
{
	memset(rq, 0, sizeof(*rq));
	rq->op = op;
	rq->flags = FERRITE_O_RDWR;
	rq->path = path;
	return s->ops->path(s, rq);
}

static struct file *ust_open(struct scheme *s, const char *path)
{
	struct path_req rq;
	long r = ust_path(s, FERRITE_SOP_OPEN, path, &rq);
	return r == 0 ? rq.file : NULL;
}

KTEST(scheme_user_kernel_client)
{
	struct process *p = ust_start();
	struct scheme *s = p ? ust_find("echo") : NULL;
	struct scheme_ipc_stats a, b;
	struct ferrite_winsize ws;
	struct ferrite_stat st;
	struct path_req rq;
	struct file *f, *g;
	char buf[64];
	uint64_t t0;
	long r;
	KEXPECT(s != NULL);
	if (!s)
		return;
	f = ust_open(s, "hello");
	KEXPECT(f != NULL);
	if (!f)
		return;
	KEXPECT_EQ_U64(f->handle, 1);
	memset(buf, 0, sizeof(buf));
	KEXPECT_EQ_U64(f->ops->read(f, buf, sizeof(buf)), 5);
	KEXPECT_EQ_STR(buf, "hello");
	KEXPECT_EQ_U64(f->ops->lseek(f, 0, FERRITE_SEEK_SET), 0);
	KEXPECT_EQ_U64(f->ops->write(f, "HEL", 3), 3);
	KEXPECT_EQ_U64(f->ops->lseek(f, 0, FERRITE_SEEK_SET), 0);
	memset(buf, 0, sizeof(buf));
	KEXPECT_EQ_U64(f->ops->read(f, buf, 4), 4); /* no more than asked */
	KEXPECT_EQ_STR(buf, "HELl");
	KEXPECT_EQ_U64(f->ops->stat(f, &st), 0);
	KEXPECT_EQ_U64(st.st_size, 5);
	KEXPECT_EQ_U64(f->ops->lseek(f, -1, FERRITE_SEEK_END), 4);
	KEXPECT_EQ_U64(f->ops->ioctl(f, FERRITE_TIOCGWINSZ, &ws, sizeof(ws)), 0);
	KEXPECT_EQ_U64(ws.ws_col, 80);
	KEXPECT_EQ_U64(f->ops->ioctl(f, FERRITE_TCFLSH, NULL, 0), -ENOTTY);
	/* the fast path: the server waits in scheme_serve; each round trip is two direct
	 * switches and two address-space switches */
	scheme_ipc_stats(&a);
	t0 = time_monotonic_ns();
	for (int i = 0; i < 200; i++)
		f->ops->read(f, buf, 1);
	t0 = time_monotonic_ns() - t0;
	scheme_ipc_stats(&b);
	kprintf("    200 round trips in %lu us: %lu direct switches, %lu queued, %lu CR3 loads\n",
		t0 / 1000, b.direct_switches - a.direct_switches, b.queued - a.queued, b.cr3_loads - a.cr3_loads);
	KEXPECT_EQ_U64(b.requests - a.requests, 200);
	KEXPECT(b.direct_switches - a.direct_switches >= 360);
	KEXPECT(b.cr3_loads - a.cr3_loads <= 440);
	/* a redirect comes back as a path; a passed descriptor is the server's pipe */
	KEXPECT_EQ_U64(ust_path(s, FERRITE_SOP_OPEN, "link", &rq), -EREDIRECT);
	KEXPECT(rq.redirect && !strcmp(rq.redirect, "/echo/target"));
	kfree(rq.redirect);
	g = ust_open(s, "fd");
	KEXPECT(g && g->ops != &usfile_ops && g->ops->poll && (g->ops->poll(g) & FERRITE_POLLIN));
	if (g)
		file_put(g);
	/* wrong answers are refused, and the right one still gets through */
	g = ust_open(s, "hostile");
	memset(buf, 0, sizeof(buf));
	r = g ? g->ops->read(g, buf, sizeof(buf)) : -1;
	KEXPECT_EQ_U64(r, 30);
	KEXPECT_EQ_STR(buf, "hostile: 9 of 9 refusals right");
	/* the last reference to a description sends the server one CLOSE */
	if (g)
		file_put(g);
	g = ust_open(s, "closes");
	r = -1;
	KEXPECT(g && g->ops->ioctl(g, FERRITE_FIONREAD, &r, sizeof(int)) == 0);
	KEXPECT_EQ_U64((int)r, 1);
	if (g)
		file_put(g);
	/* the server quits: its pending and later requests fail with EIO, the name is free */
	g = ust_open(s, "quit");
	KEXPECT(g != NULL);
	KEXPECT_EQ_U64(proc_wait(p), FERRITE_WSTATUS_EXIT(0));
	KEXPECT_EQ_U64(f->ops->read(f, buf, 1), -EIO);
	KEXPECT(f->ops->poll(f) & FERRITE_POLLERR);
	KEXPECT_EQ_U64(ust_path(s, FERRITE_SOP_OPEN, "again", &rq), -EIO);
	KEXPECT(s->dead);
	file_put(f);
	if (g)
		file_put(g);
	scheme_put(s);
	/* restarted, it registers the name again and serves */
	p = ust_start();
	s = p ? ust_find("echo") : NULL;
	KEXPECT(s != NULL);
	if (!s)
		return;
	f = ust_open(s, "again");
	KEXPECT(f != NULL);
	if (f)
		file_put(f);
	g = ust_open(s, "quit");
	KEXPECT_EQ_U64(proc_wait(p), FERRITE_WSTATUS_EXIT(0));
	if (g)
		file_put(g);
	scheme_put(s);
}

static char ust_out[32768];

/* The user-space side: selftest/schemes runs servers and clients (see its header). */
KTEST(scheme_user_from_user)
{
	size_t size;
	const void *img = initfs_find("selftest/schemes", &size);
	struct process *p;
	int err, st = -1;
	KEXPECT(img != NULL);
	if (!img)
		return;
	console_capture(ust_out, sizeof(ust_out));
	p = proc_spawn("selftest/schemes", img, size, &err);
	if (p)
		st = proc_wait(p);
	console_capture(NULL, 0);
	KEXPECT_EQ_U64(st, FERRITE_WSTATUS_EXIT(0));
	if (!KEXPECT(strstr(ust_out, "schemes: all checks passed") != NULL))
		kprintf("%s", ust_out);
}
