/* servers/pty/ldisc.c: the line discipline (see ldisc.h). Start at ld_input, which takes what
 * is typed one byte at a time in the order a terminal does: strip, literal-next, flow control,
 * the signal characters, CR/NL mapping, then canonical editing or raw input, with echo through
 * the same output processing as what programs write. Everything it holds is in struct ldisc:
 * no allocation, no system call, so the host tests run it as it runs in Ferrite. */
#include <errno.h>
#include <string.h>
#include "ldisc.h"

#define CTRL(c) ((c) & 0x1f)

/* ---- rings ---- */

static size_t ring_room(const struct ld_ring *r)
{
	return r->size - r->len;
}

static void ring_put(struct ld_ring *r, char c)
{
	r->buf[(r->head + r->len) % r->size] = c;
	r->len++;
}

static char ring_get(struct ld_ring *r)
{
	char c = r->buf[r->head];
	r->head = (r->head + 1) % r->size;
	r->len--;
	return c;
}

static void ring_clear(struct ld_ring *r)
{
	r->head = r->len = 0;
}

/* ---- set-up ---- */

void ld_default_termios(struct ld_termios *t)
{
	memset(t, 0, sizeof(*t));
	t->c_iflag = LD_ICRNL | LD_IXON | LD_IUTF8;
	t->c_oflag = LD_OPOST | LD_ONLCR;
	t->c_cflag = LD_CS8 | LD_CREAD | LD_B38400;
	t->c_lflag = LD_ISIG | LD_ICANON | LD_ECHO | LD_ECHOE | LD_ECHOK | LD_ECHOCTL | LD_ECHOKE |
		LD_IEXTEN;
	t->c_cc[LD_VINTR] = CTRL('C');
	t->c_cc[LD_VQUIT] = CTRL('\\');
	t->c_cc[LD_VERASE] = 0x7f;
	t->c_cc[LD_VKILL] = CTRL('U');
	t->c_cc[LD_VEOF] = CTRL('D');
	t->c_cc[LD_VMIN] = 1;
	t->c_cc[LD_VSTART] = CTRL('Q');
	t->c_cc[LD_VSTOP] = CTRL('S');
	t->c_cc[LD_VSUSP] = CTRL('Z');
	t->c_cc[LD_VREPRINT] = CTRL('R');
	t->c_cc[LD_VWERASE] = CTRL('W');
	t->c_cc[LD_VLNEXT] = CTRL('V');
	t->c_ispeed = t->c_ospeed = LD_B38400;
}

void ld_init(struct ldisc *ld, const struct ld_ops *ops, void *ctx)
{
	memset(ld, 0, sizeof(*ld));
	ld_default_termios(&ld->tio);
	ld->ws.ws_row = 24;
	ld->ws.ws_col = 80;
	ld->ops = ops;
	ld->ctx = ctx;
	ld->in.buf = ld->in_buf;
	ld->in.size = sizeof(ld->in_buf);
	ld->out.buf = ld->out_buf;
	ld->out.size = sizeof(ld->out_buf);
}

static bool ld_lflag(const struct ldisc *ld, uint32_t f)
{
	return (ld->tio.c_lflag & f) != 0;
}

/* Is c the special character idx? A zero entry is disabled (_POSIX_VDISABLE). */
static bool ld_is(const struct ldisc *ld, unsigned char c, int idx)
{
	return ld->tio.c_cc[idx] != 0 && c == ld->tio.c_cc[idx];
}

static void ld_signal(struct ldisc *ld, int pgid, int sig)
{
	if (pgid > 0 && ld->ops && ld->ops->signal)
		ld->ops->signal(ld->ctx, pgid, sig);
}

/* ---- output: what programs write and what is echoed, processed alike ---- */

static void ld_track_column(struct ldisc *ld, unsigned char c)
{
	if (c == '\r')
		ld->column = 0;
	else if (c == '\b')
		ld->column -= ld->column > 0;
	else if (c == '\t')
		ld->column = (ld->column | 7) + 1;
	else if (c >= 0x20 && c != 0x7f && (c & 0xc0) != 0x80) /* not a UTF-8 continuation byte */
		ld->column++;
}

/* One byte into the output with OPOST processing; false when there is no room for it. */
static bool ld_out_char(struct ldisc *ld, unsigned char c)
{
	uint32_t o = ld->tio.c_oflag;
	if (o & LD_OPOST) {
		if (c == '\n' && (o & LD_ONLCR)) {
			if (ring_room(&ld->out) < 2)
				return false;
			ring_put(&ld->out, '\r');
			ring_put(&ld->out, '\n');
			ld->column = 0;
			return true;
		}
		if (c == '\r' && (o & LD_ONOCR) && ld->column == 0)
			return true;
		if (c == '\r' && (o & LD_OCRNL))
			c = '\n';
		if (c == '\n' && (o & (LD_ONLRET | LD_OCRNL)))
			ld->column = 0;
	}
	if (ring_room(&ld->out) < 1)
		return false;
	ring_put(&ld->out, (char)c);
	ld_track_column(ld, c);
	return true;
}

static void ld_out_str(struct ldisc *ld, const char *s)
{
	while (*s)
		ld_out_char(ld, (unsigned char)*s++);
}

long ld_write(struct ldisc *ld, const char *buf, size_t n)
{
	size_t i;
	if (ld->hung_up)
		return -EIO;
	for (i = 0; i < n; i++)
		if (!ld_out_char(ld, (unsigned char)buf[i]))
			break;
	return i == 0 && n > 0 ? -EAGAIN : (long)i;
}

size_t ld_output(struct ldisc *ld, char *buf, size_t n)
{
	size_t k = 0;
	if (ld->out_stopped)
		return 0;
	while (k < n && ld->out.len)
		buf[k++] = ring_get(&ld->out);
	return k;
}

size_t ld_output_pending(const struct ldisc *ld)
{
	return ld->out_stopped ? 0 : ld->out.len;
}

size_t ld_write_room(const struct ldisc *ld)
{
	return ring_room(&ld->out);
}

/* ---- echo ---- */

static bool ld_echo_as_ctl(const struct ldisc *ld, unsigned char c)
{
	return ld_lflag(ld, LD_ECHOCTL) && ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f);
}

/* Echoes c if ECHO is on; returns the columns it took (for erasing it later). */
static uint8_t ld_echo(struct ldisc *ld, unsigned char c)
{
	unsigned before = ld->column;
	if (!ld_lflag(ld, LD_ECHO)) {
		if (c == '\n' && ld_lflag(ld, LD_ECHONL))
			ld_out_char(ld, '\n');
		return 0;
	}
	if (ld_echo_as_ctl(ld, c)) {
		ld_out_char(ld, '^');
		ld_out_char(ld, c == 0x7f ? '?' : (unsigned char)(c + 0x40));
	} else {
		ld_out_char(ld, c);
	}
	return (uint8_t)(ld->column >= before ? ld->column - before : 0);
}

static void ld_echo_erase(struct ldisc *ld, unsigned width)
{
	if (!ld_lflag(ld, LD_ECHO) || !ld_lflag(ld, LD_ECHOE))
		return;
	while (width--)
		ld_out_str(ld, "\b \b");
}

/* ---- canonical editing ---- */

static bool ld_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Takes the last character (a whole UTF-8 sequence under IUTF8) off the line and off the
 * screen. */
static void ld_erase_char(struct ldisc *ld)
{
	unsigned width = 0;
	while (ld->line_len) {
		unsigned char c = (unsigned char)ld->line[--ld->line_len];
		width += ld->width[ld->line_len];
		if (!(ld->tio.c_iflag & LD_IUTF8) || (c & 0xc0) != 0x80)
			break;
	}
	ld_echo_erase(ld, width);
}

static void ld_erase_word(struct ldisc *ld)
{
	while (ld->line_len && ld_is_blank(ld->line[ld->line_len - 1]))
		ld_erase_char(ld);
	while (ld->line_len && !ld_is_blank(ld->line[ld->line_len - 1]))
		ld_erase_char(ld);
}

static void ld_kill_line(struct ldisc *ld, unsigned char c)
{
	if (ld_lflag(ld, LD_ECHOKE) && ld_lflag(ld, LD_ECHOE)) {
		while (ld->line_len)
			ld_erase_char(ld);
		return;
	}
	ld->line_len = 0;
	if (ld_lflag(ld, LD_ECHO)) {
		ld_echo(ld, c);
		if (ld_lflag(ld, LD_ECHOK))
			ld_out_char(ld, '\n');
	}
	ld->line_col = ld->column;
}

static void ld_reprint(struct ldisc *ld, unsigned char c)
{
	ld_echo(ld, c);
	if (ld_lflag(ld, LD_ECHO))
		ld_out_char(ld, '\n');
	ld->line_col = ld->column;
	for (size_t i = 0; i < ld->line_len; i++)
		ld->width[i] = ld_echo(ld, (unsigned char)ld->line[i]);
}

/* The line is complete (term: its terminator, or -1 for ^D which is not kept): it moves to
 * the input as one readable line. False when there is no room (the byte waits). */
static bool ld_end_line(struct ldisc *ld, int term)
{
	size_t len = ld->line_len + (term >= 0);
	if (ring_room(&ld->in) < len || ld->nlines == LD_LINES_MAX)
		return false;
	if (term >= 0) {
		ld->line[ld->line_len] = (char)term;
		ld_echo(ld, (unsigned char)term);
	}
	for (size_t i = 0; i < len; i++)
		ring_put(&ld->in, ld->line[i]);
	ld->lines[(ld->line_head + ld->nlines) % LD_LINES_MAX] = len;
	ld->nlines++;
	ld->line_len = 0;
	ld->line_col = ld->column;
	return true;
}

static void ld_add_to_line(struct ldisc *ld, unsigned char c)
{
	if (ld->line_len >= LD_LINE_MAX - 1) { /* room is kept for the terminator */
		if (ld->tio.c_iflag & LD_IMAXBEL)
			ld_out_char(ld, '\a');
		return;
	}
	if (ld->line_len == 0)
		ld->line_col = ld->column;
	ld->line[ld->line_len] = (char)c;
	ld->width[ld->line_len] = ld_echo(ld, c);
	ld->line_len++;
}

/* A canonical-mode byte; false if it must wait for room. */
static bool ld_canon(struct ldisc *ld, unsigned char c)
{
	bool ext = ld_lflag(ld, LD_IEXTEN);
	if (ld_is(ld, c, LD_VERASE))
		ld_erase_char(ld);
	else if (ld_is(ld, c, LD_VKILL))
		ld_kill_line(ld, c);
	else if (ext && ld_is(ld, c, LD_VWERASE))
		ld_erase_word(ld);
	else if (ext && ld_is(ld, c, LD_VREPRINT))
		ld_reprint(ld, c);
	else if (c == '\n' || ld_is(ld, c, LD_VEOL) || (ext && ld_is(ld, c, LD_VEOL2)))
		return ld_end_line(ld, c);
	else if (ld_is(ld, c, LD_VEOF))
		return ld_end_line(ld, -1);
	else
		ld_add_to_line(ld, c);
	return true;
}

/* ---- input ---- */

static void ld_flush_input(struct ldisc *ld)
{
	ring_clear(&ld->in);
	ld->line_len = 0;
	ld->nlines = ld->line_head = 0;
	ld->lnext = false;
}

/* ^C, ^\, ^Z: the foreground group gets the signal; queues are flushed unless NOFLSH. */
static void ld_isig(struct ldisc *ld, unsigned char c, int sig)
{
	if (!ld_lflag(ld, LD_NOFLSH)) {
		ld_flush_input(ld);
		ring_clear(&ld->out);
	}
	ld->out_stopped = false;
	ld_echo(ld, c);
	ld->line_col = ld->column;
	ld_signal(ld, ld->fg_pgid, sig);
}

/* A byte taken as it is (raw mode, or after ^V): false if there is no room. */
static bool ld_literal(struct ldisc *ld, unsigned char c)
{
	if (ld_lflag(ld, LD_ICANON)) {
		ld_add_to_line(ld, c);
		return true;
	}
	if (ring_room(&ld->in) < 1)
		return false;
	ring_put(&ld->in, (char)c);
	ld_echo(ld, c);
	return true;
}

/* One typed byte; false if it must wait for room. */
static bool ld_input_char(struct ldisc *ld, unsigned char c)
{
	uint32_t i = ld->tio.c_iflag;
	if (i & LD_ISTRIP)
		c &= 0x7f;
	if (ld->lnext) {
		ld->lnext = false;
		if (ld_lflag(ld, LD_ECHO) && ld_lflag(ld, LD_ECHOCTL))
			ld_out_str(ld, "\b \b"); /* the ^ shown for ^V */
		return ld_literal(ld, c);
	}
	if (i & LD_IXON) {
		if (ld_is(ld, c, LD_VSTOP)) {
			ld->out_stopped = true;
			return true;
		}
		if (ld_is(ld, c, LD_VSTART)) {
			ld->out_stopped = false;
			return true;
		}
		if (i & LD_IXANY)
			ld->out_stopped = false;
	}
	if (ld_lflag(ld, LD_ISIG)) {
		int sig = ld_is(ld, c, LD_VINTR) ? LD_SIGINT : ld_is(ld, c, LD_VQUIT) ? LD_SIGQUIT :
			ld_is(ld, c, LD_VSUSP) ? LD_SIGTSTP : 0;
		if (sig) {
			ld_isig(ld, c, sig);
			return true;
		}
	}
	if (c == '\r') {
		if (i & LD_IGNCR)
			return true;
		if (i & LD_ICRNL)
			c = '\n';
	} else if (c == '\n' && (i & LD_INLCR)) {
		c = '\r';
	}
	if (ld_lflag(ld, LD_IEXTEN) && ld_is(ld, c, LD_VLNEXT)) {
		ld->lnext = true;
		if (ld_lflag(ld, LD_ECHO) && ld_lflag(ld, LD_ECHOCTL))
			ld_out_char(ld, '^');
		return true;
	}
	if (ld_lflag(ld, LD_ICANON))
		return ld_canon(ld, c);
	return ld_literal(ld, c);
}

size_t ld_input(struct ldisc *ld, const char *buf, size_t n)
{
	size_t i;
	if (ld->hung_up || !(ld->tio.c_cflag & LD_CREAD))
		return n; /* nobody reads it: dropped */
	for (i = 0; i < n; i++)
		if (!ld_input_char(ld, (unsigned char)buf[i]))
			break;
	return i;
}

/* ---- reading ---- */

long ld_read(struct ldisc *ld, char *buf, size_t n, bool timed_out)
{
	size_t k = 0, avail = ld->in.len;
	unsigned vmin = ld->tio.c_cc[LD_VMIN], vtime = ld->tio.c_cc[LD_VTIME];
	if (n == 0)
		return 0;
	if (ld_lflag(ld, LD_ICANON)) {
		size_t *len;
		if (ld->nlines == 0)
			return ld->hung_up ? 0 : -EAGAIN;
		len = &ld->lines[ld->line_head];
		while (k < n && k < *len)
			buf[k++] = ring_get(&ld->in);
		*len -= k;
		if (*len == 0) { /* the whole line (or the ^D of an empty one) was read */
			ld->line_head = (ld->line_head + 1) % LD_LINES_MAX;
			ld->nlines--;
		}
		return (long)k;
	}
	if (avail == 0 && (ld->hung_up || (vmin == 0 && vtime == 0) || timed_out))
		return 0;
	if (avail < (vmin < n ? vmin : n) && !timed_out)
		return -EAGAIN;
	if (avail == 0)
		return -EAGAIN;
	while (k < n && ld->in.len)
		buf[k++] = ring_get(&ld->in);
	return (long)k;
}

unsigned ld_read_timeout_ds(const struct ldisc *ld)
{
	unsigned vmin = ld->tio.c_cc[LD_VMIN], vtime = ld->tio.c_cc[LD_VTIME];
	if (ld_lflag(ld, LD_ICANON) || vtime == 0)
		return 0;
	/* VMIN 0: a timeout for the whole read; VMIN > 0: it runs once a byte is there */
	return vmin == 0 || ld->in.len > 0 ? vtime : 0;
}

size_t ld_readable(const struct ldisc *ld)
{
	return ld->in.len;
}

bool ld_read_ready(const struct ldisc *ld)
{
	if (ld->hung_up)
		return true;
	if (ld_lflag(ld, LD_ICANON))
		return ld->nlines > 0;
	return ld->in.len > 0 || (ld->tio.c_cc[LD_VMIN] == 0 && ld->tio.c_cc[LD_VTIME] == 0);
}

/* ---- job control ---- */

static bool ld_background(const struct ldisc *ld, const struct ld_caller *c)
{
	return ld->sid > 0 && c->sid == ld->sid && ld->fg_pgid > 0 && c->pgid != ld->fg_pgid;
}

int ld_check_read(struct ldisc *ld, const struct ld_caller *c)
{
	if (!ld_background(ld, c))
		return 0;
	if (c->sig_held || c->orphaned)
		return -EIO;
	ld_signal(ld, c->pgid, LD_SIGTTIN);
	return -EINTR;
}

int ld_check_control(struct ldisc *ld, const struct ld_caller *c)
{
	if (!ld_background(ld, c) || c->sig_held)
		return 0;
	if (c->orphaned)
		return -EIO;
	ld_signal(ld, c->pgid, LD_SIGTTOU);
	return -EINTR;
}

int ld_check_write(struct ldisc *ld, const struct ld_caller *c)
{
	return ld_lflag(ld, LD_TOSTOP) ? ld_check_control(ld, c) : 0;
}

/* ---- control ---- */

void ld_set_termios(struct ldisc *ld, const struct ld_termios *t, int when)
{
	bool was_canon = ld_lflag(ld, LD_ICANON);
	if (when == LD_TCSAFLUSH)
		ld_flush_input(ld);
	ld->tio = *t;
	if (was_canon && !ld_lflag(ld, LD_ICANON)) {
		/* the line being edited becomes input as it is */
		for (size_t i = 0; i < ld->line_len && ring_room(&ld->in); i++)
			ring_put(&ld->in, ld->line[i]);
		ld->line_len = 0;
		ld->nlines = ld->line_head = 0;
	} else if (!was_canon && ld_lflag(ld, LD_ICANON) && ld->in.len) {
		ld->nlines = 1; /* what raw mode left is one line to read */
		ld->line_head = 0;
		ld->lines[0] = ld->in.len;
	}
	if (!(ld->tio.c_iflag & LD_IXON))
		ld->out_stopped = false;
}

void ld_set_winsize(struct ldisc *ld, const struct ld_winsize *ws)
{
	if (memcmp(&ld->ws, ws, sizeof(*ws)) == 0)
		return;
	ld->ws = *ws;
	ld_signal(ld, ld->fg_pgid, LD_SIGWINCH);
}

int ld_flush(struct ldisc *ld, int queue)
{
	if (queue != LD_TCIFLUSH && queue != LD_TCOFLUSH && queue != LD_TCIOFLUSH)
		return -EINVAL;
	if (queue != LD_TCOFLUSH)
		ld_flush_input(ld);
	if (queue != LD_TCIFLUSH)
		ring_clear(&ld->out);
	return 0;
}

void ld_set_session(struct ldisc *ld, int sid, int pgid)
{
	ld->sid = sid;
	ld->fg_pgid = pgid;
	ld->hung_up = false;
}

int ld_set_fg(struct ldisc *ld, int pgid)
{
	if (pgid <= 0)
		return -EINVAL;
	ld->fg_pgid = pgid;
	return 0;
}

void ld_hangup(struct ldisc *ld)
{
	if (ld->hung_up)
		return;
	ld->hung_up = true;
	ld_signal(ld, ld->fg_pgid, LD_SIGHUP);
	ld_signal(ld, ld->fg_pgid, LD_SIGCONT);
	if (ld->sid > 0 && ld->sid != ld->fg_pgid)
		ld_signal(ld, ld->sid, LD_SIGHUP); /* the session leader's group: its shell */
	ld->sid = ld->fg_pgid = 0;
}
