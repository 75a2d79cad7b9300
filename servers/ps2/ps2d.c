/* servers/ps2/ps2d.c: the PS/2 keyboard, /dev/kbd (scheme "kbd"). init grants it the i8042's
 * ports (0x60-0x64) and CAP_IRQ; it sets the controller up (self-test, the first port on with
 * its interrupt and scancode translation, the second off: the mouse comes later), reads the
 * scancodes when IRQ 1 (/dev/irq/1) says they came, and turns them into key events and bytes
 * (kbdmap.c). The events go to every reader of /dev/kbd (8 bytes each, struct kbd_event; a read
 * with none waits, EAGAIN with O_NONBLOCK; poll says POLLIN); the bytes go to the console's
 * input (/dev/cons/input), so what is typed on the keyboard reaches the console's shell as
 * what comes down the serial line does. One loop: poll the scheme and the interrupt. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "srv_fd.h"
#include "kbdmap.h"

#define PS2_DATA 0x60
#define PS2_STATUS 0x64          /* read: status; write: a command */
#define PS2_ST_OUT 0x01          /* a byte waits in the data port */
#define PS2_ST_IN 0x02           /* the controller has not taken our last byte yet */
#define PS2_ST_AUX 0x20          /* the waiting byte is the second port's (the mouse) */
#define PS2_CFG_IRQ1 0x01
#define PS2_CFG_IRQ12 0x02
#define PS2_CFG_CLK1_OFF 0x10
#define PS2_CFG_CLK2_OFF 0x20
#define PS2_CFG_XLATE 0x40
#define PS2_SPIN 200000          /* status polls before a wait counts as failed */
#define PS2_QUEUE 256            /* events each reader may have unread (then the oldest go) */
#define PS2_WAITS 8
#define PS2_OPENS_MAX 64

struct ps2_reader {
	int used;
	struct kbd_event q[PS2_QUEUE];
	unsigned head, len;
	unsigned long wait_id;   /* a deferred read, or 0 */
	size_t wait_len;
	unsigned events;         /* readiness last pushed */
};

static struct {
	struct srv srv;
	struct kbd_state kbd;
	struct ps2_reader *readers;
	int nreaders;
	int cons;                /* /dev/cons/input, or -1 */
} ps2 = { .cons = -1 };

static uint8_t ps2_inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void ps2_outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static int ps2_wait_write(void)
{
	for (int i = 0; i < PS2_SPIN; i++)
		if (!(ps2_inb(PS2_STATUS) & PS2_ST_IN))
			return 0;
	return -1;
}

static int ps2_read_byte(void)
{
	for (int i = 0; i < PS2_SPIN; i++)
		if (ps2_inb(PS2_STATUS) & PS2_ST_OUT)
			return ps2_inb(PS2_DATA);
	return -1;
}

static int ps2_command(uint8_t cmd)
{
	if (ps2_wait_write() < 0)
		return -1;
	ps2_outb(PS2_STATUS, cmd);
	return 0;
}

static int ps2_write_data(uint8_t v)
{
	if (ps2_wait_write() < 0)
		return -1;
	ps2_outb(PS2_DATA, v);
	return 0;
}

static void ps2_flush(void)
{
	for (int i = 0; i < 64 && (ps2_inb(PS2_STATUS) & PS2_ST_OUT); i++)
		(void)ps2_inb(PS2_DATA);
}

static int ps2_set_config(uint8_t cfg)
{
	return ps2_command(0x60) < 0 || ps2_write_data(cfg) < 0 ? -1 : 0;
}

/* A command to the keyboard itself, answered 0xfa (ACK). */
static int ps2_kbd_command(uint8_t cmd)
{
	for (int tries = 0; tries < 3; tries++) {
		int r;
		if (ps2_write_data(cmd) < 0)
			return -1;
		while ((r = ps2_read_byte()) >= 0 && r != 0xfa && r != 0xfe)
			;
		if (r == 0xfa)
			return 0;
		if (r < 0)
			return -1;
	}
	return -1; /* 0xfe three times: resend asked for ever */
}

/* The controller set up as this server wants it; a message names the step that failed. */
static const char *ps2_setup(void)
{
	int cfg;
	if (ps2_command(0xad) < 0 || ps2_command(0xa7) < 0) /* both ports off while we work */
		return "no controller (the command port stays busy)";
	ps2_flush();
	if (ps2_command(0x20) < 0 || (cfg = ps2_read_byte()) < 0)
		return "cannot read the configuration byte";
	cfg &= ~(PS2_CFG_IRQ1 | PS2_CFG_IRQ12 | PS2_CFG_CLK1_OFF); /* 0xad set CLK1_OFF */
	cfg |= PS2_CFG_XLATE | PS2_CFG_CLK2_OFF;
	if (ps2_set_config((uint8_t)cfg) < 0)
		return "cannot write the configuration byte";
	if (ps2_command(0xaa) < 0 || ps2_read_byte() != 0x55)
		return "the controller's self-test failed";
	if (ps2_set_config((uint8_t)cfg) < 0) /* a self-test may reset it */
		return "cannot write the configuration byte";
	if (ps2_command(0xab) < 0 || ps2_read_byte() != 0x00)
		return "the first port's test failed";
	if (ps2_command(0xae) < 0)
		return "cannot enable the first port";
	ps2_flush();
	if (ps2_kbd_command(0xf4) < 0) /* scanning on (a keyboard may have come up without it) */
		return "the keyboard does not answer";
	if (ps2_set_config((uint8_t)(cfg | PS2_CFG_IRQ1)) < 0)
		return "cannot turn the interrupt on";
	return NULL;
}

static uint32_t ps2_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint32_t)(ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

static struct ps2_reader *ps2_reader_get(unsigned long handle)
{
	if (handle == 0 || handle > (unsigned long)ps2.nreaders || !ps2.readers[handle - 1].used)
		return NULL;
	return &ps2.readers[handle - 1];
}

/* Readers' waiting reads answered, and their readiness told when it changed. */
static void ps2_kick(void)
{
	struct kbd_event out[PS2_QUEUE];
	for (int i = 0; i < ps2.nreaders; i++) {
		struct ps2_reader *r = &ps2.readers[i];
		unsigned ev;
		if (!r->used)
			continue;
		if (r->wait_id && r->len) {
			size_t n = 0, max = r->wait_len / sizeof(struct kbd_event);
			while (n < max && r->len) {
				out[n++] = r->q[r->head];
				r->head = (r->head + 1) % PS2_QUEUE;
				r->len--;
			}
			srv_answer(&ps2.srv, r->wait_id, (long)(n * sizeof(out[0])), 0, out,
				   n * sizeof(out[0]));
			r->wait_id = 0;
		}
		ev = r->len ? FERRITE_POLLIN : 0;
		if (ev != r->events) {
			r->events = ev;
			srv_event(&ps2.srv, (unsigned long)i + 1, ev);
		}
	}
}

/* The bytes to the console's input; a console that went away is opened again next time. */
static void ps2_to_console(const char *b, size_t n)
{
	if (ps2.cons < 0)
		ps2.cons = open("/dev/cons/input", O_WRONLY | O_CLOEXEC);
	if (ps2.cons >= 0 && write(ps2.cons, b, n) != (ssize_t)n) {
		close(ps2.cons);
		ps2.cons = open("/dev/cons/input", O_WRONLY | O_CLOEXEC);
		if (ps2.cons >= 0)
			(void)write(ps2.cons, b, n);
	}
}

static void ps2_event(const struct kbd_event *ev)
{
	for (int i = 0; i < ps2.nreaders; i++) {
		struct ps2_reader *r = &ps2.readers[i];
		if (!r->used)
			continue;
		if (r->len == PS2_QUEUE) { /* a reader that does not read loses the oldest */
			r->head = (r->head + 1) % PS2_QUEUE;
			r->len--;
		}
		r->q[(r->head + r->len++) % PS2_QUEUE] = *ev;
	}
}

/* Every byte the controller holds: the keyboard's are keys, the mouse's are dropped. */
static void ps2_drain(void)
{
	uint8_t st;
	while ((st = ps2_inb(PS2_STATUS)) & PS2_ST_OUT) {
		uint8_t sc = ps2_inb(PS2_DATA);
		struct kbd_event ev;
		char out[KBD_BYTES_MAX];
		size_t n;
		if (st & PS2_ST_AUX)
			continue;
		if (!kbd_scancode(&ps2.kbd, sc, &ev, out, &n))
			continue;
		ev.time_ms = ps2_now_ms();
		ps2_event(&ev);
		if (n)
			ps2_to_console(out, n);
	}
	ps2_kick();
}

static long ps2_open(struct srv_req *rq)
{
	int i;
	if (rq->path[0])
		return -FERRITE_ENOENT;
	if (rq->pkt.flags & FERRITE_O_DIRECTORY)
		return -FERRITE_ENOTDIR;
	if ((rq->pkt.flags & FERRITE_O_ACCMODE) != FERRITE_O_RDONLY)
		return -FERRITE_EACCES; /* events are read, never written */
	for (i = 0; i < ps2.nreaders && ps2.readers[i].used; i++)
		;
	if (i == ps2.nreaders) {
		int n = ps2.nreaders ? ps2.nreaders * 2 : 4;
		struct ps2_reader *grown;
		if (n > PS2_OPENS_MAX || !(grown = realloc(ps2.readers, (size_t)n * sizeof(*grown))))
			return -FERRITE_ENFILE;
		memset(grown + ps2.nreaders, 0, (size_t)(n - ps2.nreaders) * sizeof(*grown));
		ps2.readers = grown;
		ps2.nreaders = n;
	}
	memset(&ps2.readers[i], 0, sizeof(ps2.readers[i]));
	ps2.readers[i].used = 1;
	return srv_handle(rq, (unsigned long)i + 1);
}

static long ps2_stat_answer(struct srv_req *rq)
{
	struct ferrite_stat st;
	memset(&st, 0, sizeof(st));
	st.st_mode = FERRITE_S_IFCHR | 0440;
	st.st_nlink = 1;
	st.st_rdev = 13u << 8 | 64; /* Linux's first input event device */
	return srv_fd_data(rq, &st, sizeof(st), 0);
}

static long ps2_stat(struct srv_req *rq)
{
	return rq->path[0] ? -FERRITE_ENOENT : ps2_stat_answer(rq);
}

static long ps2_fstat(struct srv_req *rq)
{
	return ps2_reader_get(rq->pkt.handle) ? ps2_stat_answer(rq) : -FERRITE_EBADF;
}

static long ps2_read(struct srv_req *rq)
{
	struct ps2_reader *r = ps2_reader_get(rq->pkt.handle);
	if (!r)
		return -FERRITE_EBADF;
	if (rq->pkt.len < sizeof(struct kbd_event))
		return -FERRITE_EINVAL; /* whole events only */
	if (!r->len && (rq->pkt.flags & FERRITE_O_NONBLOCK))
		return -FERRITE_EAGAIN;
	if (r->wait_id)
		return -FERRITE_EBUSY; /* one waiting read per description */
	r->wait_id = rq->pkt.id;
	r->wait_len = rq->pkt.len < PS2_QUEUE * sizeof(struct kbd_event) ? rq->pkt.len :
		PS2_QUEUE * sizeof(struct kbd_event);
	srv_defer(rq);
	return 0; /* answered by ps2_kick, at once if events wait */
}

static long ps2_close(struct srv_req *rq)
{
	struct ps2_reader *r = ps2_reader_get(rq->pkt.handle);
	if (r)
		r->used = 0;
	return 0;
}

static long ps2_cancel(struct srv_req *rq)
{
	for (int i = 0; i < ps2.nreaders; i++)
		if (ps2.readers[i].used && ps2.readers[i].wait_id == rq->pkt.arg[0]) {
			srv_answer(&ps2.srv, ps2.readers[i].wait_id, -FERRITE_EINTR, 0, NULL, 0);
			ps2.readers[i].wait_id = 0;
		}
	return 0;
}

static const struct srv_ops ps2_ops = {
	.open = ps2_open,
	.stat = ps2_stat,
	.read = ps2_read,
	.fstat = ps2_fstat,
	.close = ps2_close,
	.cancel = ps2_cancel,
};

int main(void)
{
	struct srv_transport tr;
	struct srv_fd sfd;
	struct pollfd pfd[2];
	const char *why;
	int irq, err;
	kbd_init(&ps2.kbd);
	if ((why = ps2_setup()) != NULL) {
		srv_fd_log("ps2d", "%s", why);
		return 1;
	}
	irq = open("/dev/irq/1", O_RDWR | O_CLOEXEC);
	if (irq < 0)
		srv_fd_log("ps2d", "no /dev/irq/1 (%d): the keyboard is polled every 20 ms", errno);
	if ((err = srv_fd_open(&sfd, &tr, "kbd")) < 0 || srv_init(&ps2.srv, &ps2_ops, &tr, NULL) < 0) {
		srv_fd_log("ps2d", "cannot register kbd: error %d", -err);
		return 1;
	}
	pfd[0].fd = sfd.fd;
	pfd[0].events = POLLIN;
	pfd[1].fd = irq;
	pfd[1].events = POLLIN;
	ps2_drain(); /* what came before the interrupt was routed */
	for (;;) {
		uint64_t count;
		int n = poll(pfd, irq >= 0 ? 2 : 1, irq >= 0 ? 1000 : 20);
		if (n < 0 && errno != EINTR)
			break;
		if (irq >= 0 && (pfd[1].revents & POLLIN) && read(irq, &count, sizeof(count)) > 0)
			write(irq, &count, sizeof(count)); /* acknowledged */
		ps2_drain();
		if (n > 0 && (pfd[0].revents & POLLIN)) {
			if (srv_step(&ps2.srv) < 0)
				break;
			ps2_kick();
		}
	}
	srv_fd_log("ps2d", "the request loop ended");
	return 1;
}
