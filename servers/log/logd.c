/* servers/log/logd.c: the log server, /dev/log (scheme "syslog"; the kernel's own scheme "log"
 * is /dev/kmsg): a 64 KiB ring of recent lines
 * (logring.c) that every process may write to and read. init starts it first and sends its own
 * lines there once it is up; services' standard output and error go there by default.
 *
 * A write appends each line of its text, marked like the kernel's: `[seconds.micros] pid N: `
 * (the time when logd took it, the writer's pid from the request). One write is taken whole
 * (up to LOGD_WRITE_MAX bytes) before the next request, so two writers' lines never mix. A
 * read gives the ring's bytes at the description's offset, where offset 0 is the oldest line
 * when it was opened, and 0 (end of file) at the end: `cat /dev/log` prints the log.
 * /dev/log/follow is the same but a read at the end waits for the next line (EAGAIN with
 * O_NONBLOCK): `dmesg -f`.
 *
 * Kernel lines: logd reads /dev/kmsg as it grows and appends its lines as they are (they carry
 * the kernel's own stamp, from the same monotonic clock), so one ring holds both in the order
 * logd took them. No line comes in both ways: a process writes either to /dev/log or to the
 * kernel log (init uses the kernel log only while logd is not up). The ring lives in shared
 * memory (/dev/shm/log) with logd's place in the kernel log, so a restarted logd keeps the
 * lines its predecessor held and goes on reading the kernel log where it stopped: what was
 * written there meanwhile (init's line about logd's own death) comes in, nothing twice but the
 * lines of a read that was cut short by the kill. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include "srv_fd.h"
#include "logring.h"

#define LOGD_RING_BYTES (64 * 1024)
#define LOGD_SHM "/dev/shm/log"
#define LOGD_WRITE_MAX 16384   /* a longer write is taken in pieces, at line ends where it can */
#define LOGD_READ_MAX 16384
#define LOGD_WAITS 32          /* followers waiting at the end */
#define LOGD_OPENS_MAX 4096

struct logd_open {
	int used;
	int follow;
	struct log_cursor cur;
};

struct logd_wait {
	unsigned long id, handle, off, len;
};

static struct {
	struct srv srv;
	struct log_ring ring;
	struct logd_open *opens;
	int nopens;
	struct logd_wait waits[LOGD_WAITS];
	int nwaits;
	int kfd;                   /* /dev/kmsg, or -1 */
	char buf[LOGD_WRITE_MAX > LOGD_READ_MAX ? LOGD_WRITE_MAX : LOGD_READ_MAX];
} logd;

static uint64_t logd_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* The ring: in shared memory if it can be (a restart keeps it), else in our own. */
static int logd_ring_setup(void)
{
	static char fallback[LOGD_RING_BYTES + sizeof(struct log_ring_hdr)];
	size_t size = sizeof(fallback);
	void *mem = MAP_FAILED;
	int kept, fd = open(LOGD_SHM, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0 && ftruncate(fd, (off_t)size) == 0)
		mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (fd >= 0)
		close(fd);
	if (mem == MAP_FAILED) {
		srv_fd_log("logd", "no " LOGD_SHM " (%d): the ring goes with this process", errno);
		mem = fallback;
	}
	kept = log_ring_attach(&logd.ring, mem, size) == 1;
	if (kept && logd.ring.h->lines)
		srv_fd_log("logd", "kept the last log server's ring (%lu lines written in all)",
			   (unsigned long)logd.ring.h->lines);
	return kept;
}

static struct logd_open *logd_get(unsigned long handle)
{
	if (handle == 0 || handle > (unsigned long)logd.nopens || !logd.opens[handle - 1].used)
		return NULL;
	return &logd.opens[handle - 1];
}

static long logd_new_handle(struct srv_req *rq, int follow)
{
	int i;
	for (i = 0; i < logd.nopens && logd.opens[i].used; i++)
		;
	if (i == logd.nopens) {
		int n = logd.nopens ? logd.nopens * 2 : 16;
		struct logd_open *grown;
		if (n > LOGD_OPENS_MAX || !(grown = realloc(logd.opens, (size_t)n * sizeof(*grown))))
			return -FERRITE_ENFILE;
		memset(grown + logd.nopens, 0, (size_t)(n - logd.nopens) * sizeof(*grown));
		logd.opens = grown;
		logd.nopens = n;
	}
	logd.opens[i].used = 1;
	logd.opens[i].follow = follow;
	log_cursor_init(&logd.opens[i].cur, &logd.ring);
	return srv_handle(rq, (unsigned long)i + 1);
}

/* "" is the log, "follow" the log whose reads wait at the end; nothing else is there. */
static int logd_path(const char *path)
{
	return !path[0] ? 0 : !strcmp(path, "follow") ? 1 : -1;
}

static long logd_open(struct srv_req *rq)
{
	int follow = logd_path(rq->path);
	if (follow < 0)
		return -FERRITE_ENOENT;
	if (rq->pkt.flags & FERRITE_O_DIRECTORY)
		return -FERRITE_ENOTDIR;
	return logd_new_handle(rq, follow);
}

static long logd_stat_answer(struct srv_req *rq, const struct logd_open *o)
{
	struct ferrite_stat st;
	memset(&st, 0, sizeof(st));
	st.st_mode = FERRITE_S_IFCHR | 0666;
	st.st_nlink = 1;
	st.st_rdev = 1u << 8 | 11; /* Linux's /dev/kmsg numbers */
	st.st_size = o ? (long)log_ring_end(&logd.ring, &o->cur) :
		(long)(logd.ring.h->head - logd.ring.h->tail);
	return srv_fd_data(rq, &st, sizeof(st), 0);
}

static long logd_stat(struct srv_req *rq)
{
	return logd_path(rq->path) < 0 ? -FERRITE_ENOENT : logd_stat_answer(rq, NULL);
}

static long logd_fstat(struct srv_req *rq)
{
	struct logd_open *o = logd_get(rq->pkt.handle);
	return o ? logd_stat_answer(rq, o) : -FERRITE_EBADF;
}

static long logd_access(struct srv_req *rq)
{
	return logd_path(rq->path) < 0 ? -FERRITE_ENOENT : 0;
}

static long logd_read(struct srv_req *rq)
{
	struct logd_open *o = logd_get(rq->pkt.handle);
	size_t len = rq->pkt.len < LOGD_READ_MAX ? rq->pkt.len : LOGD_READ_MAX, n;
	char *buf;
	if (!o)
		return -FERRITE_EBADF;
	if (len == 0)
		return 0;
	if (!(buf = srv_buf(rq, len)))
		return -FERRITE_ENOMEM;
	n = log_ring_read(&logd.ring, &o->cur, rq->pkt.arg[0], buf, len);
	if (n || !o->follow)
		return srv_data(rq, buf, n, (long)n);
	if (rq->pkt.flags & FERRITE_O_NONBLOCK)
		return -FERRITE_EAGAIN;
	if (logd.nwaits == LOGD_WAITS)
		return -FERRITE_EAGAIN;
	logd.waits[logd.nwaits].id = rq->pkt.id;
	logd.waits[logd.nwaits].handle = rq->pkt.handle;
	logd.waits[logd.nwaits].off = rq->pkt.arg[0];
	logd.waits[logd.nwaits++].len = len;
	srv_defer(rq);
	return 0;
}

/* Followers waiting at the end get what came. */
static void logd_answer_waits(void)
{
	for (int i = 0; i < logd.nwaits;) {
		struct logd_wait *w = &logd.waits[i];
		struct logd_open *o = logd_get(w->handle);
		size_t n = o ? log_ring_read(&logd.ring, &o->cur, w->off, logd.buf, w->len) : 0;
		if (o && n == 0) {
			i++;
			continue;
		}
		srv_answer(&logd.srv, w->id, o ? (long)n : -FERRITE_EBADF, 0, logd.buf, n);
		*w = logd.waits[--logd.nwaits];
	}
}

static long logd_write(struct srv_req *rq)
{
	char prefix[LOG_PREFIX_MAX];
	size_t len = rq->pkt.len < LOGD_WRITE_MAX ? rq->pkt.len : LOGD_WRITE_MAX;
	long n;
	if (!logd_get(rq->pkt.handle))
		return -FERRITE_EBADF;
	if (len == 0)
		return 0;
	n = srv_fetch(rq, 0, logd.buf, len);
	if (n <= 0)
		return n < 0 ? n : -FERRITE_EIO;
	if ((size_t)n == LOGD_WRITE_MAX && rq->pkt.len > LOGD_WRITE_MAX) {
		long end = n; /* more follows: stop at the last line end, if there is one */
		while (end > 0 && logd.buf[end - 1] != '\n')
			end--;
		if (end > 0)
			n = end;
	}
	log_prefix(prefix, logd_now(), rq->pkt.pid);
	log_ring_text(&logd.ring, prefix, logd.buf, (size_t)n);
	return n;
}

static long logd_close(struct srv_req *rq)
{
	struct logd_open *o = logd_get(rq->pkt.handle);
	if (o)
		o->used = 0;
	return 0;
}

static long logd_cancel(struct srv_req *rq)
{
	for (int i = 0; i < logd.nwaits; i++)
		if (logd.waits[i].id == rq->pkt.arg[0]) {
			srv_answer(&logd.srv, logd.waits[i].id, -FERRITE_EINTR, 0, NULL, 0);
			logd.waits[i] = logd.waits[--logd.nwaits];
			break;
		}
	return 0;
}

static const struct srv_ops logd_ops = {
	.open = logd_open,
	.stat = logd_stat,
	.access = logd_access,
	.read = logd_read,
	.write = logd_write,
	.fstat = logd_fstat,
	.close = logd_close,
	.cancel = logd_cancel,
};

/* The kernel's new lines into the ring, as they are (stamped by the kernel). */
static void logd_drain_kmsg(void)
{
	char buf[8192];
	long n, pos;
	if (logd.kfd < 0)
		return;
	while ((n = read(logd.kfd, buf, sizeof(buf))) > 0)
		log_ring_text(&logd.ring, "", buf, (size_t)n);
	if ((pos = (long)lseek(logd.kfd, 0, SEEK_CUR)) >= 0)
		logd.ring.h->kmsg_pos = (uint64_t)pos;
}

static void logd_open_kmsg(int kept)
{
	logd.kfd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (logd.kfd < 0)
		srv_fd_log("logd", "no /dev/kmsg (%d): the kernel's lines stay there", errno);
	else if (kept)
		lseek(logd.kfd, (off_t)logd.ring.h->kmsg_pos, SEEK_SET);
}

int main(void)
{
	struct srv_transport tr;
	struct srv_fd sfd;
	struct pollfd pfd[2];
	int err, kept;
	kept = logd_ring_setup();
	logd_open_kmsg(kept);
	if ((err = srv_fd_open(&sfd, &tr, "syslog")) < 0 ||
	    srv_init(&logd.srv, &logd_ops, &tr, NULL) < 0) {
		srv_fd_log("logd", "cannot register syslog: error %d", -err);
		return 1;
	}
	pfd[0].fd = sfd.fd;
	pfd[0].events = POLLIN;
	pfd[1].fd = logd.kfd;
	pfd[1].events = POLLIN;
	for (;;) {
		/* the kernel log is also looked at every second, whatever poll says of it */
		int n = poll(pfd, logd.kfd >= 0 ? 2 : 1, 1000);
		if (n < 0 && errno != EINTR)
			break;
		logd_drain_kmsg();
		if (n > 0 && (pfd[0].revents & POLLIN) && srv_step(&logd.srv) < 0)
			break;
		logd_answer_waits();
	}
	srv_fd_log("logd", "the request loop ended");
	return 1;
}
