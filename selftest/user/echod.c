/* selftest/user/echod.c: a scheme server for the protocol's tests: registers the scheme
 * argv[1] (default "echo") and serves it with scheme_serve until told to quit. Every OPEN gets
 * a handle with a small buffer holding the path; READ and WRITE work on the buffer (WRITE
 * fetches the caller's bytes), FSTAT says its size, and a few paths behave specially:
 *   "fd"        OPEN is answered with a descriptor: a pipe holding "passed through a pipe";
 *   "link"      OPEN is answered with a redirect to "/<scheme>/target";
 *   "stall"     READs are never answered; their CANCEL is (with -EINTR);
 *   "stallonce" the first READ is held until its CANCEL comes (answered -EINTR), later ones
 *               are answered: SA_RESTART's test;
 *   "stalls"    FIONREAD answers how many stalled READs wait (not yet cancelled);
 *   "batch"     READs are held until four wait, then answered last first;
 *   "hostile"   a READ is first answered wrongly in every way the kernel must refuse (long
 *               data, unknown id, a handle, a bad descriptor, a notice's id 0, a redirect to
 *               a READ); the answer's data says how many refusals came back right;
 *   "event"     readiness is pushed: POLLIN|POLLOUT once written to, POLLOUT once read;
 *   "quit"      answered, then the server exits: the scheme dies with it.
 * IOCTL: TCGETS, TIOCGWINSZ/TIOCSWINSZ, FIONREAD; anything else -ENOTTY. CLOSE notices are
 * counted: FIONREAD on a handle opened as "closes" answers how many came. */
#include "ulib.h"

#define HANDLES 64 /* open at once; a CLOSE frees its handle for the next OPEN */
#define HELD 4

struct handle {
	char data[256];
	unsigned long len;
	int kind;
	int used;
};
enum { H_PLAIN, H_STALL, H_BATCH, H_HOSTILE, H_EVENT, H_CLOSES, H_STALLONCE, H_STALLS };

static struct handle handles[HANDLES + 1];
static unsigned long next_handle = 1;
static unsigned char buf[FERRITE_PACKET_MAX];
static unsigned long held[HELD];
static int nheld, closes, fd;
static unsigned long stalled[64]; /* ids of stalled READs; 0: a free place */
static int nstalled;

static void stall(unsigned long id)
{
	for (int i = 0; i < 64; i++)
		if (!stalled[i]) {
			stalled[i] = id;
			nstalled++;
			return;
		}
}

/* A cancel: true if it named a stalled READ (which then ends). */
static int unstall(unsigned long id)
{
	for (int i = 0; i < 64; i++)
		if (stalled[i] == id) {
			stalled[i] = 0;
			nstalled--;
			return 1;
		}
	return 0;
}
static struct ferrite_winsize ws = { 24, 80, 0, 0 };
static char scheme[32] = "echo";

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static void copy(char *d, const char *s, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		d[i] = s[i];
}

static long send(struct ferrite_reply *r)
{
	return ferrite_write(fd, r, sizeof(*r));
}

static void event(unsigned long h, long bits)
{
	struct ferrite_reply e = { 0, bits, h, 0, 0, FERRITE_REPLY_EVENT, 0 };
	send(&e);
}

/* tcc makes a structure copy a call to memmove, which freestanding programs lack */
static void rcopy(struct ferrite_reply *d, const struct ferrite_reply *s)
{
	copy((char *)d, (const char *)s, sizeof(*d));
}

/* Every wrong answer must be refused with its error; then the right one goes. */
static void hostile_read(const struct ferrite_packet *p, struct ferrite_reply *r)
{
	static char text[] = "hostile: 0 of 9 refusals right";
	struct ferrite_reply bad;
	int right = 0;
	rcopy(&bad, r); bad.data = (unsigned long)text; bad.len = p->len + 1;             /* too long */
	right += send(&bad) == -FERRITE_EINVAL;
	rcopy(&bad, r); bad.id = p->id + 1000;                                             /* unknown */
	right += send(&bad) == -FERRITE_EINVAL;
	rcopy(&bad, r); bad.handle = 7;                                                    /* a handle */
	right += send(&bad) == -FERRITE_EINVAL;
	rcopy(&bad, r); bad.flags = FERRITE_REPLY_FD; bad.fd = 999;                        /* bad fd */
	right += send(&bad) == -FERRITE_EBADF;
	rcopy(&bad, r); bad.id = 0;                                                        /* id 0 */
	right += send(&bad) == -FERRITE_EINVAL;
	rcopy(&bad, r); bad.result = -FERRITE_EREDIRECT; bad.data = (unsigned long)text; bad.len = 4;
	right += send(&bad) == -FERRITE_EINVAL;                                      /* redirect */
	rcopy(&bad, r); bad.flags = 0x80;                                                  /* flags */
	right += send(&bad) == -FERRITE_EINVAL;
	rcopy(&bad, r); bad.flags = FERRITE_REPLY_OFFSET; bad.data = 5; bad.len = 0; /* a READ's offset */
	right += send(&bad) == -FERRITE_EINVAL;
	right += ferrite_write(fd, r, 3) == -FERRITE_EINVAL;                        /* short */
	text[9] = (char)('0' + right);
	r->data = (unsigned long)text;
	r->len = sizeof(text) - 1 < p->len ? sizeof(text) - 1 : p->len;
}

static void do_open(const struct ferrite_packet *p, const char *path, struct ferrite_reply *r)
{
	static int pfd[2] = { -1, -1 };
	struct handle *h;
	if (streq(path, "fd")) {
		if (pfd[0] < 0) {
			ferrite_pipe2(pfd, 0);
			ferrite_write(pfd[1], "passed through a pipe", 21);
		}
		r->flags = FERRITE_REPLY_FD;
		r->fd = pfd[0];
		return;
	}
	if (streq(path, "link")) {
		static char target[64];
		int n = 0;
		for (const char *s = "/"; *s; s++)
			target[n++] = *s;
		for (const char *s = scheme; *s; s++)
			target[n++] = *s;
		for (const char *s = "/target"; *s; s++)
			target[n++] = *s;
		r->result = -FERRITE_EREDIRECT;
		r->data = (unsigned long)target;
		r->len = (unsigned long)n;
		return;
	}
	while (next_handle <= HANDLES && handles[next_handle].used)
		next_handle++;
	if (next_handle > HANDLES) {
		r->result = -FERRITE_ENFILE;
		return;
	}
	h = &handles[next_handle];
	h->used = 1;
	h->len = p->path_len < sizeof(h->data) ? p->path_len : sizeof(h->data);
	copy(h->data, path, h->len);
	h->kind = streq(path, "stall") ? H_STALL : streq(path, "batch") ? H_BATCH :
		streq(path, "hostile") ? H_HOSTILE : streq(path, "event") ? H_EVENT :
		streq(path, "closes") ? H_CLOSES : streq(path, "stallonce") ? H_STALLONCE :
		streq(path, "stalls") ? H_STALLS : H_PLAIN;
	r->handle = next_handle++;
}

static struct handle *handle_of(unsigned long h)
{
	return h >= 1 && h <= HANDLES && handles[h].used ? &handles[h] : 0;
}

/* Fills r for p; returns 0 when the answer must wait (held or stalled). */
static int serve(const struct ferrite_packet *p, const char *path, struct ferrite_reply *r)
{
	struct handle *h = handle_of(p->handle);
	r->id = p->id;
	r->result = 0;
	r->handle = r->data = r->len = 0;
	r->flags = 0;
	r->fd = 0;
	switch (p->op) {
	case FERRITE_SOP_OPEN:
		do_open(p, path, r);
		return 1;
	case FERRITE_SOP_CLOSE:
		closes++;
		if (h) {
			h->used = 0;
			if (p->handle < next_handle)
				next_handle = p->handle; /* the lowest free one is looked for from here */
		}
		return 0;
	case FERRITE_SOP_CANCEL:
		r->result = -FERRITE_EINTR; /* the stalled request it names ends */
		if (unstall(p->id) && h && h->kind == H_STALLONCE)
			h->kind = H_PLAIN;
		return 1;
	}
	if (!h) {
		r->result = -FERRITE_EBADF;
		return 1;
	}
	switch (p->op) {
	case FERRITE_SOP_READ:
		if (h->kind == H_STALL || h->kind == H_STALLONCE) {
			stall(p->id);
			return 0;
		}
		r->data = (unsigned long)h->data + (p->arg[0] < h->len ? p->arg[0] : h->len);
		r->len = p->arg[0] < h->len ? h->len - p->arg[0] : 0;
		if (r->len > p->len)
			r->len = p->len;
		if (h->kind == H_HOSTILE)
			hostile_read(p, r);
		if (h->kind == H_EVENT)
			event(p->handle, FERRITE_POLLOUT); /* read: nothing more to read until a write */
		if (h->kind == H_BATCH) {
			held[nheld++] = p->id;
			if (nheld < HELD)
				return 0;
			for (int i = HELD - 1; i > 0; i--) { /* last first; the first goes below */
				r->id = held[i];
				send(r);
			}
			r->id = held[0];
			nheld = 0;
		}
		return 1;
	case FERRITE_SOP_WRITE: {
		unsigned long off = p->arg[0] < sizeof(h->data) ? p->arg[0] : sizeof(h->data);
		unsigned long n = p->len < sizeof(h->data) - off ? p->len : sizeof(h->data) - off;
		long got = ferrite_scheme_fetch(fd, p->id, 0, h->data + off, n);
		r->result = got;
		if (got > 0 && off + (unsigned long)got > h->len)
			h->len = off + (unsigned long)got;
		if (h->kind == H_EVENT)
			event(p->handle, FERRITE_POLLIN | FERRITE_POLLOUT);
		return 1;
	}
	case FERRITE_SOP_FSTAT: {
		static struct ferrite_stat st;
		st.st_mode = FERRITE_S_IFCHR | 0666;
		st.st_size = (long)h->len;
		st.st_ino = p->handle;
		r->data = (unsigned long)&st;
		r->len = sizeof(st);
		return 1;
	}
	case FERRITE_SOP_IOCTL:
		if (p->arg[0] == FERRITE_TCGETS) {
			static struct ferrite_termios t;
			t.c_lflag = 0x8a3b;
			t.c_cc[0] = 3;
			r->data = (unsigned long)&t;
			r->len = sizeof(t);
		} else if (p->arg[0] == FERRITE_TIOCGWINSZ) {
			r->data = (unsigned long)&ws;
			r->len = sizeof(ws);
		} else if (p->arg[0] == FERRITE_TIOCSWINSZ) {
			r->result = ferrite_scheme_fetch(fd, p->id, 0, &ws, sizeof(ws)) == sizeof(ws) ? 0 : -FERRITE_EIO;
		} else if (p->arg[0] == FERRITE_FIONREAD) {
			static int n;
			n = h->kind == H_CLOSES ? closes : h->kind == H_STALLS ? nstalled : (int)h->len;
			r->data = (unsigned long)&n;
			r->len = sizeof(n);
		} else {
			r->result = -FERRITE_ENOTTY;
		}
		return 1;
	default:
		r->result = -FERRITE_ENOSYS;
		return 1;
	}
}

int main(int argc, char **argv)
{
	struct ferrite_reply r;
	int have = 0;
	if (argc > 1) {
		int i = 0;
		for (; argv[1][i] && i < 31; i++)
			scheme[i] = argv[1][i];
		scheme[i] = 0;
	}
	fd = (int)ferrite_scheme_register(scheme, FERRITE_O_CLOEXEC);
	if (fd < 0) {
		u_puts("echod: cannot register: ");
		u_putnum(fd);
		u_puts("\n");
		return 1;
	}
	for (;;) {
		const struct ferrite_packet *p = (const void *)buf;
		long n = ferrite_scheme_serve(fd, have ? &r : 0, buf, sizeof(buf));
		const char *path = (const char *)buf + sizeof(*p);
		if (n < 0 && (have || n == -FERRITE_EINTR)) {
			/* the reply was refused (its client may have gone: SIGKILL), or no packet came
			 * after an accepted one: either way the next call carries no reply */
			have = 0;
			continue;
		}
		have = 0;
		if (n < (long)sizeof(*p)) {
			u_puts("echod: serve failed: ");
			u_putnum(n);
			u_puts("\n");
			return 2;
		}
		have = serve(p, path, &r);
		if (p->op == FERRITE_SOP_OPEN && streq(path, "quit")) {
			send(&r);
			return 0; /* the descriptor closes with the process: the scheme dies */
		}
	}
}
