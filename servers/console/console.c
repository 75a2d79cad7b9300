/* servers/console/console.c: the serial console as a byte device, /dev/cons (scheme "cons").
 * The kernel keeps COM1 for its own lines; this server takes the receive side over: it is
 * granted ports 0x3f8-0x3ff and IRQ 4 (/dev/irq/4) by init, turns on the UART's receive
 * interrupt, and keeps what arrives in a ring until someone reads it. A read with nothing to
 * give waits (its answer is deferred) and a cancel answers it EINTR; a write goes out byte by
 * byte when the transmitter is free. No line discipline here: getty puts a pty in between.
 * /dev/cons/input is the way in for other keyboards: what root writes there is taken as if it
 * had come down the line (the PS/2 keyboard server, ps2d, writes what is typed on it).
 * One loop: poll the scheme descriptor and the interrupt descriptor. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include "srv_fd.h"

#define CONS_PORT 0x3f8
#define CONS_IER (CONS_PORT + 1)
#define CONS_MCR (CONS_PORT + 4)
#define CONS_LSR (CONS_PORT + 5)
#define CONS_LSR_DATA 0x01
#define CONS_LSR_THRE 0x20
#define CONS_RING 4096
#define CONS_READERS 16
#define CONS_HANDLE 1
#define CONS_INPUT 2   /* /dev/cons/input: written to, as typed bytes */

static struct {
	unsigned char ring[CONS_RING];
	size_t head, len;
	struct { unsigned long id; size_t len; } readers[CONS_READERS];
	int nreaders;
	struct srv srv;
} cons;

static uint8_t cons_inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void cons_outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

/* One typed byte into the ring (the oldest bytes are dropped when it is full). */
static void cons_push(uint8_t c)
{
	if (cons.len == CONS_RING) {
		cons.head = (cons.head + 1) % CONS_RING;
		cons.len--;
	}
	cons.ring[(cons.head + cons.len++) % CONS_RING] = c;
}

/* What the UART holds goes into the ring. */
static void cons_drain(void)
{
	while (cons_inb(CONS_LSR) & CONS_LSR_DATA)
		cons_push(cons_inb(CONS_PORT));
}

static size_t cons_take(unsigned char *buf, size_t n)
{
	size_t k = 0;
	while (k < n && cons.len) {
		buf[k++] = cons.ring[cons.head];
		cons.head = (cons.head + 1) % CONS_RING;
		cons.len--;
	}
	return k;
}

/* Waiting readers get what arrived, the oldest first. */
static void cons_answer_readers(void)
{
	unsigned char buf[CONS_RING];
	while (cons.nreaders && cons.len) {
		size_t n = cons_take(buf, cons.readers[0].len < sizeof(buf) ? cons.readers[0].len : sizeof(buf));
		srv_answer(&cons.srv, cons.readers[0].id, (long)n, 0, buf, n);
		memmove(&cons.readers[0], &cons.readers[1], (size_t)--cons.nreaders * sizeof(cons.readers[0]));
	}
}

static long cons_open(struct srv_req *rq)
{
	if (!strcmp(rq->path, "input")) { /* typed bytes from another keyboard: root's, write only */
		if (rq->pkt.uid != 0)
			return -FERRITE_EACCES;
		if ((rq->pkt.flags & FERRITE_O_ACCMODE) != FERRITE_O_WRONLY)
			return -FERRITE_EACCES;
		return srv_handle(rq, CONS_INPUT);
	}
	return rq->path[0] ? -FERRITE_ENOENT : srv_handle(rq, CONS_HANDLE);
}

/* Bytes written to /dev/cons/input: typed, as if they came down the line. */
static long cons_input(struct srv_req *rq)
{
	unsigned char buf[256];
	unsigned long done = 0;
	while (done < rq->pkt.len) {
		long n = srv_fetch(rq, done, buf, sizeof(buf));
		if (n <= 0)
			return done ? (long)done : (n < 0 ? n : -FERRITE_EIO);
		for (long i = 0; i < n; i++)
			cons_push(buf[i]);
		done += (unsigned long)n;
	}
	return (long)done;
}

static long cons_stat_answer(struct srv_req *rq)
{
	struct ferrite_stat st;
	memset(&st, 0, sizeof(st));
	st.st_mode = FERRITE_S_IFCHR | 0620;
	st.st_nlink = 1;
	st.st_rdev = 4u << 8 | 64; /* ttyS0's numbers */
	return srv_fd_data(rq, &st, sizeof(st), 0);
}

static long cons_stat(struct srv_req *rq)
{
	return rq->path[0] && strcmp(rq->path, "input") ? -FERRITE_ENOENT : cons_stat_answer(rq);
}

static long cons_fstat(struct srv_req *rq)
{
	return rq->pkt.handle == CONS_HANDLE || rq->pkt.handle == CONS_INPUT ?
		cons_stat_answer(rq) : -FERRITE_EBADF;
}

static long cons_read(struct srv_req *rq)
{
	unsigned char buf[CONS_RING];
	size_t n;
	if (rq->pkt.handle != CONS_HANDLE)
		return -FERRITE_EBADF;
	if (rq->pkt.len == 0)
		return 0;
	cons_drain();
	if (cons.len && cons.nreaders == 0) {
		n = cons_take(buf, rq->pkt.len < sizeof(buf) ? rq->pkt.len : sizeof(buf));
		return srv_fd_data(rq, buf, n, (long)n);
	}
	if (rq->pkt.flags & FERRITE_O_NONBLOCK)
		return -FERRITE_EAGAIN;
	if (cons.nreaders == CONS_READERS)
		return -FERRITE_EAGAIN;
	cons.readers[cons.nreaders].id = rq->pkt.id;
	cons.readers[cons.nreaders++].len = rq->pkt.len;
	srv_defer(rq);
	return 0;
}

static long cons_write(struct srv_req *rq)
{
	unsigned char buf[256];
	unsigned long done = 0;
	if (rq->pkt.handle == CONS_INPUT)
		return cons_input(rq);
	if (rq->pkt.handle != CONS_HANDLE)
		return -FERRITE_EBADF;
	while (done < rq->pkt.len) {
		long n = srv_fetch(rq, done, buf, sizeof(buf));
		if (n <= 0)
			return done ? (long)done : (n < 0 ? n : -FERRITE_EIO);
		for (long i = 0; i < n; i++) {
			while (!(cons_inb(CONS_LSR) & CONS_LSR_THRE))
				;
			cons_outb(CONS_PORT, buf[i]);
		}
		done += (unsigned long)n;
	}
	return (long)done;
}

static long cons_cancel(struct srv_req *rq)
{
	for (int i = 0; i < cons.nreaders; i++)
		if (cons.readers[i].id == rq->pkt.arg[0]) {
			srv_answer(&cons.srv, cons.readers[i].id, -FERRITE_EINTR, 0, NULL, 0);
			memmove(&cons.readers[i], &cons.readers[i + 1],
				(size_t)(--cons.nreaders - i) * sizeof(cons.readers[0]));
			break;
		}
	return 0;
}

static const struct srv_ops cons_ops = {
	.open = cons_open,
	.stat = cons_stat,
	.read = cons_read,
	.write = cons_write,
	.fstat = cons_fstat,
	.cancel = cons_cancel,
};

int main(void)
{
	struct srv_transport tr;
	struct srv_fd sfd;
	struct pollfd pfd[2];
	int irq = open("/dev/irq/4", O_RDWR), err;
	if (irq < 0)
		srv_fd_log("console", "no /dev/irq/4 (%d): input is polled every 20 ms", errno);
	if ((err = srv_fd_open(&sfd, &tr, "cons")) < 0 || srv_init(&cons.srv, &cons_ops, &tr, NULL) < 0) {
		srv_fd_log("console", "cannot register cons: error %d", -err);
		return 1;
	}
	cons_outb(CONS_MCR, (uint8_t)(cons_inb(CONS_MCR) | 0x08)); /* OUT2: the IRQ line to the PIC */
	cons_outb(CONS_IER, 0x01);                                  /* interrupt on received data */
	pfd[0].fd = sfd.fd;
	pfd[0].events = POLLIN;
	pfd[1].fd = irq;
	pfd[1].events = POLLIN;
	for (;;) {
		uint64_t count;
		int n = poll(pfd, irq >= 0 ? 2 : 1, irq >= 0 ? -1 : 20);
		if (n < 0 && errno != EINTR)
			break;
		if (irq >= 0 && (pfd[1].revents & POLLIN)) {
			if (read(irq, &count, sizeof(count)) > 0)
				write(irq, &count, sizeof(count)); /* acknowledged */
		}
		cons_drain();
		cons_answer_readers();
		if (pfd[0].revents & POLLIN) {
			if (srv_step(&cons.srv) < 0)
				break;
			cons_answer_readers(); /* bytes written to /dev/cons/input */
		}
	}
	srv_fd_log("console", "the request loop ended");
	return 1;
}
