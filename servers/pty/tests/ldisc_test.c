/* servers/pty/tests/ldisc_test.c: host tests of the line discipline core (servers/pty/ldisc.c),
 * run plain and under ASan/UBSan: what a person types and what a program reads, the echo, the
 * signal characters, raw mode with VMIN/VTIME, output processing, job control decisions, the
 * window size, hangup, full buffers, and a randomized run that checks the invariants. The
 * termios layout and values are compared with the host C library's (musl and glibc agree on
 * x86_64). Prints `ldisc: N passed, M failed`. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <sys/ioctl.h>
#include "../ldisc.h"

_Static_assert(offsetof(struct termios, c_cc) == offsetof(struct ld_termios, c_cc), "c_cc");
_Static_assert(offsetof(struct termios, c_line) == offsetof(struct ld_termios, c_line), "c_line");
_Static_assert(NCCS == LD_NCCS && sizeof(struct termios) == sizeof(struct ld_termios), "termios");
_Static_assert(ICANON == LD_ICANON && ECHO == LD_ECHO && ECHOE == LD_ECHOE && ECHOK == LD_ECHOK &&
	ISIG == LD_ISIG && IEXTEN == LD_IEXTEN && ECHOCTL == LD_ECHOCTL && ECHOKE == LD_ECHOKE &&
	TOSTOP == LD_TOSTOP && NOFLSH == LD_NOFLSH && ECHONL == LD_ECHONL, "c_lflag");
_Static_assert(ICRNL == LD_ICRNL && IGNCR == LD_IGNCR && INLCR == LD_INLCR && IXON == LD_IXON &&
	IXANY == LD_IXANY && ISTRIP == LD_ISTRIP && IUTF8 == LD_IUTF8 && IMAXBEL == LD_IMAXBEL, "c_iflag");
_Static_assert(OPOST == LD_OPOST && ONLCR == LD_ONLCR && OCRNL == LD_OCRNL && ONOCR == LD_ONOCR &&
	ONLRET == LD_ONLRET, "c_oflag");
_Static_assert(VINTR == LD_VINTR && VQUIT == LD_VQUIT && VERASE == LD_VERASE && VKILL == LD_VKILL &&
	VEOF == LD_VEOF && VTIME == LD_VTIME && VMIN == LD_VMIN && VSUSP == LD_VSUSP &&
	VWERASE == LD_VWERASE && VLNEXT == LD_VLNEXT && VREPRINT == LD_VREPRINT && VEOL == LD_VEOL &&
	VEOL2 == LD_VEOL2 && VSTART == LD_VSTART && VSTOP == LD_VSTOP, "c_cc indices");
_Static_assert(SIGINT == LD_SIGINT && SIGQUIT == LD_SIGQUIT && SIGTSTP == LD_SIGTSTP &&
	SIGTTIN == LD_SIGTTIN && SIGTTOU == LD_SIGTTOU && SIGWINCH == LD_SIGWINCH &&
	SIGHUP == LD_SIGHUP && SIGCONT == LD_SIGCONT, "signals");
_Static_assert(sizeof(struct winsize) == sizeof(struct ld_winsize), "winsize");
_Static_assert(TCSAFLUSH == LD_TCSAFLUSH && TCIOFLUSH == LD_TCIOFLUSH, "tcsetattr, tcflush");

static int passed, failed, checks_failed;
static const char *current;

#define CHECK(cond) check(!!(cond), #cond, __LINE__)
static void check(int ok, const char *what, int line)
{
	if (ok)
		return;
	checks_failed++;
	printf("FAIL %s, line %d: %s\n", current, line, what);
}

/* ---- a terminal with a fake server: signals are recorded ---- */
struct sent {
	int pgid, sig;
};
static struct sent sent[64];
static int nsent;

static void fake_signal(void *ctx, int pgid, int sig)
{
	(void)ctx;
	if (nsent < 64)
		sent[nsent++] = (struct sent){ pgid, sig };
}

static const struct ld_ops fake_ops = { fake_signal };
static struct ldisc *ld;

static void setup(const char *name)
{
	current = name;
	nsent = 0;
	ld_init(ld, &fake_ops, NULL);
	ld_set_session(ld, 100, 200); /* session 100, group 200 in front */
}

static void type(const char *s)
{
	size_t n = strlen(s);
	CHECK(ld_input(ld, s, n) == n);
}

/* Everything the master side would show now, as a string. */
static const char *shown(void)
{
	static char buf[LD_OUT_SIZE + 1];
	size_t n = ld_output(ld, buf, LD_OUT_SIZE);
	buf[n] = 0;
	return buf;
}

/* A read of up to n bytes as a string; "EAGAIN" when it would wait. */
static const char *got(size_t n, int timed_out)
{
	static char buf[LD_IN_SIZE + 1];
	long r = ld_read(ld, buf, n, timed_out);
	if (r == -EAGAIN)
		return "EAGAIN";
	if (r < 0)
		return "ERROR";
	buf[r] = 0;
	return buf;
}

static int was_sent(int pgid, int sig)
{
	for (int i = 0; i < nsent; i++)
		if (sent[i].pgid == pgid && sent[i].sig == sig)
			return 1;
	return 0;
}

static void set_raw(int vmin, int vtime)
{
	struct ld_termios t = ld->tio;
	t.c_lflag &= ~(uint32_t)(LD_ICANON | LD_ECHO | LD_ISIG | LD_IEXTEN);
	t.c_cc[LD_VMIN] = (uint8_t)vmin;
	t.c_cc[LD_VTIME] = (uint8_t)vtime;
	ld_set_termios(ld, &t, LD_TCSANOW);
}

/* Each test counts once: passed if no check in it failed. */
#define TEST(name) static void test_##name(void)
#define RUN(name) do { int before = checks_failed; setup(#name); test_##name(); \
	if (checks_failed == before) passed++; else failed++; } while (0)

TEST(canonical_line)
{
	type("abc");
	CHECK(!strcmp(got(100, 0), "EAGAIN"));
	CHECK(!ld_read_ready(ld));
	type("\r"); /* Enter: ICRNL makes it a newline */
	CHECK(ld_read_ready(ld) && ld_readable(ld) == 4);
	CHECK(!strcmp(got(100, 0), "abc\n"));
	CHECK(!strcmp(shown(), "abc\r\n"));
}

TEST(one_line_per_read_and_partial_reads)
{
	type("a\nb\nhello\n");
	CHECK(!strcmp(got(100, 0), "a\n"));
	CHECK(!strcmp(got(100, 0), "b\n"));
	CHECK(!strcmp(got(2, 0), "he"));
	CHECK(!strcmp(got(100, 0), "llo\n"));
	CHECK(!strcmp(got(100, 0), "EAGAIN"));
}

TEST(erase)
{
	type("ab\x7f");
	CHECK(!strcmp(shown(), "ab\b \b"));
	type("c\n");
	CHECK(!strcmp(got(100, 0), "ac\n"));
	type("\x01\x7f\n"); /* ^A is shown as two columns, erased as two */
	CHECK(!strcmp(shown(), "c\r\n^A\b \b\b \b\r\n"));
	CHECK(!strcmp(got(100, 0), "\n"));
	type("\x7f\x7fx\n"); /* erasing an empty line does nothing */
	CHECK(!strcmp(got(100, 0), "x\n"));
}

TEST(erase_tab_and_utf8)
{
	CHECK(ld_write(ld, "$ ", 2) == 2); /* a prompt: the tab goes from column 2 to 8 */
	type("\t\x7f");
	CHECK(!strcmp(shown(), "$ \t\b \b\b \b\b \b\b \b\b \b\b \b"));
	type("\xc3\xa9\x7f"); /* é is one character of two bytes: one erase */
	CHECK(!strcmp(shown(), "\xc3\xa9\b \b"));
	type("e\n");
	CHECK(!strcmp(got(100, 0), "e\n"));
}

TEST(kill_and_werase)
{
	type("hello\x15");
	CHECK(!strcmp(shown(), "hello\b \b\b \b\b \b\b \b\b \b"));
	type("x\n");
	CHECK(!strcmp(got(100, 0), "x\n"));
	type("foo bar  \x17");
	type("baz\n");
	CHECK(!strcmp(got(100, 0), "foo baz\n"));
	/* without ECHOKE the kill character is echoed, then a newline (ECHOK) */
	ld->tio.c_lflag &= ~(uint32_t)LD_ECHOKE;
	shown();
	type("abc\x15");
	CHECK(!strcmp(shown(), "abc^U\r\n"));
}

TEST(end_of_file)
{
	type("\x04");
	CHECK(ld_read_ready(ld));
	CHECK(ld_read(ld, (char[8]){ 0 }, 8, 0) == 0); /* ^D on an empty line: end of file */
	CHECK(!strcmp(got(8, 0), "EAGAIN"));
	type("ab\x04");
	CHECK(!strcmp(got(8, 0), "ab")); /* ^D ends the line without a newline, and is not kept */
	CHECK(!strcmp(shown(), "ab"));
}

TEST(signal_characters)
{
	type("partial");
	shown();
	type("\x03");
	CHECK(was_sent(200, SIGINT));
	CHECK(!strcmp(shown(), "^C"));
	CHECK(ld_readable(ld) == 0 && ld->line_len == 0); /* flushed */
	type("\x1a\x1c");
	CHECK(was_sent(200, SIGTSTP) && was_sent(200, SIGQUIT));
	/* NOFLSH keeps the input */
	ld->tio.c_lflag |= LD_NOFLSH;
	type("keep\n\x03");
	CHECK(!strcmp(got(100, 0), "keep\n"));
	/* without ISIG, ^C is a character like any other */
	nsent = 0;
	ld->tio.c_lflag &= ~(uint32_t)LD_ISIG;
	type("\x03\n");
	CHECK(nsent == 0);
	CHECK(!strcmp(got(100, 0), "\x03\n"));
}

TEST(literal_next_and_reprint)
{
	type("\x16\x03x\n"); /* ^V ^C: a literal ^C, no signal */
	CHECK(nsent == 0);
	CHECK(!strcmp(got(100, 0), "\x03x\n"));
	shown();
	type("ab\x12");
	CHECK(!strcmp(shown(), "ab^R\r\nab"));
	type("\n");
	CHECK(!strcmp(got(100, 0), "ab\n"));
}

TEST(raw_mode_vmin_vtime)
{
	set_raw(1, 0);
	CHECK(!strcmp(got(10, 0), "EAGAIN"));
	type("x");
	CHECK(!strcmp(shown(), "")); /* ECHO off */
	CHECK(!strcmp(got(10, 0), "x"));
	type("\x03\x7f\r"); /* nothing is special: ISIG and ICANON are off; ICRNL still maps CR */
	CHECK(!strcmp(got(10, 0), "\x03\x7f\n"));
	CHECK(nsent == 0);
	set_raw(0, 0);
	CHECK(ld_read(ld, (char[4]){ 0 }, 4, 0) == 0); /* a poll: nothing there, no wait */
	set_raw(0, 5);
	CHECK(ld_read_timeout_ds(ld) == 5);
	CHECK(!strcmp(got(10, 0), "EAGAIN"));
	CHECK(ld_read(ld, (char[4]){ 0 }, 4, 1) == 0); /* the timer ran out */
	set_raw(3, 0);
	type("ab");
	CHECK(!strcmp(got(10, 0), "EAGAIN"));
	type("c");
	CHECK(!strcmp(got(10, 0), "abc"));
	set_raw(3, 2);
	CHECK(ld_read_timeout_ds(ld) == 0); /* VMIN > 0: the timer starts with the first byte */
	type("q");
	CHECK(ld_read_timeout_ds(ld) == 2);
	CHECK(!strcmp(got(10, 1), "q"));
}

TEST(mode_switches)
{
	type("ab");
	set_raw(1, 0); /* the line being edited becomes input */
	CHECK(!strcmp(got(10, 0), "ab"));
	type("cd");
	{
		struct ld_termios t;
		ld_default_termios(&t);
		ld_set_termios(ld, &t, LD_TCSANOW); /* back to canonical: "cd" is one line */
	}
	CHECK(!strcmp(got(10, 0), "cd"));
	type("lost");
	ld_set_termios(ld, &ld->tio, LD_TCSAFLUSH);
	type("\n");
	CHECK(!strcmp(got(10, 0), "\n"));
}

TEST(input_mapping)
{
	ld->tio.c_iflag |= LD_IGNCR;
	type("a\rb\n");
	CHECK(!strcmp(got(10, 0), "ab\n"));
	ld->tio.c_iflag &= ~(uint32_t)(LD_IGNCR | LD_ICRNL);
	ld->tio.c_iflag |= LD_INLCR | LD_ISTRIP;
	ld->tio.c_cc[LD_VEOL] = '\r'; /* so that the mapped CR still ends the line */
	type("\xe1\n");
	CHECK(!strcmp(got(10, 0), "a\r"));
}

TEST(echo_modes)
{
	ld->tio.c_lflag &= ~(uint32_t)LD_ECHO;
	type("secret\n");
	CHECK(!strcmp(shown(), ""));
	ld->tio.c_lflag |= LD_ECHONL;
	type("pw\n");
	CHECK(!strcmp(shown(), "\r\n"));
	ld->tio.c_lflag |= LD_ECHO;
	ld->tio.c_lflag &= ~(uint32_t)LD_ECHOCTL;
	type("\x01");
	CHECK(!strcmp(shown(), "\x01"));
}

TEST(output_processing)
{
	CHECK(ld_write(ld, "a\nb", 3) == 3);
	CHECK(!strcmp(shown(), "a\r\nb"));
	ld->tio.c_oflag &= ~(uint32_t)LD_OPOST;
	CHECK(ld_write(ld, "a\nb", 3) == 3);
	CHECK(!strcmp(shown(), "a\nb"));
	ld->tio.c_oflag = LD_OPOST | LD_OCRNL;
	CHECK(ld_write(ld, "x\r", 2) == 2);
	CHECK(!strcmp(shown(), "x\n"));
}

TEST(flow_control)
{
	CHECK(ld_write(ld, "hi", 2) == 2);
	type("\x13"); /* ^S */
	CHECK(ld_output_pending(ld) == 0 && !strcmp(shown(), ""));
	type("\x11"); /* ^Q */
	CHECK(!strcmp(shown(), "hi"));
	CHECK(ld_readable(ld) == 0 && ld->line_len == 0); /* neither reached the input */
}

TEST(background_read)
{
	struct ld_caller fg = { 1, 200, 100, false, false }, bg = { 2, 300, 100, false, false };
	struct ld_caller other = { 3, 400, 999, false, false };
	CHECK(ld_check_read(ld, &fg) == 0);
	CHECK(ld_check_read(ld, &other) == 0); /* not its controlling terminal */
	CHECK(ld_check_read(ld, &bg) == -EINTR);
	CHECK(was_sent(300, SIGTTIN));
	bg.sig_held = true;
	CHECK(ld_check_read(ld, &bg) == -EIO);
	bg.sig_held = false;
	bg.orphaned = true;
	nsent = 0;
	CHECK(ld_check_read(ld, &bg) == -EIO && nsent == 0);
}

TEST(background_write_and_control)
{
	struct ld_caller bg = { 2, 300, 100, false, false };
	CHECK(ld_check_write(ld, &bg) == 0); /* TOSTOP is off */
	ld->tio.c_lflag |= LD_TOSTOP;
	CHECK(ld_check_write(ld, &bg) == -EINTR && was_sent(300, SIGTTOU));
	bg.sig_held = true;
	CHECK(ld_check_write(ld, &bg) == 0); /* ignoring SIGTTOU: the write goes ahead */
	CHECK(ld_check_control(ld, &bg) == 0);
	bg.sig_held = false;
	nsent = 0;
	ld->tio.c_lflag &= ~(uint32_t)LD_TOSTOP;
	CHECK(ld_check_control(ld, &bg) == -EINTR && was_sent(300, SIGTTOU));
	bg.orphaned = true;
	CHECK(ld_check_control(ld, &bg) == -EIO);
	CHECK(ld_set_fg(ld, 300) == 0);
	CHECK(ld_check_control(ld, &bg) == 0); /* now it is in front */
	CHECK(ld_set_fg(ld, 0) == -EINVAL);
}

TEST(window_size)
{
	struct ld_winsize ws = { 50, 132, 0, 0 };
	ld_set_winsize(ld, &ws);
	CHECK(was_sent(200, SIGWINCH) && nsent == 1);
	CHECK(ld->ws.ws_row == 50 && ld->ws.ws_col == 132);
	ld_set_winsize(ld, &ws);
	CHECK(nsent == 1); /* no change, no signal */
}

TEST(hangup)
{
	type("half");
	ld_hangup(ld);
	CHECK(was_sent(200, SIGHUP) && was_sent(200, SIGCONT) && was_sent(100, SIGHUP));
	CHECK(ld_read_ready(ld));
	CHECK(ld_read(ld, (char[4]){ 0 }, 4, 0) == 0);
	CHECK(ld_write(ld, "x", 1) == -EIO);
	CHECK(ld_input(ld, "abc", 3) == 3); /* typed into nothing */
}

TEST(full_buffers)
{
	static char big[LD_IN_SIZE + LD_LINE_MAX];
	long w;
	memset(big, 'x', sizeof(big));
	/* a canonical line stops growing at LD_LINE_MAX - 1; the newline still ends it */
	CHECK(ld_input(ld, big, 5000) == 5000);
	CHECK(ld->line_len == LD_LINE_MAX - 1);
	type("\n");
	CHECK(ld_readable(ld) == LD_LINE_MAX);
	CHECK(ld_read(ld, big, sizeof(big), 0) == LD_LINE_MAX);
	/* raw input takes what fits, then waits */
	set_raw(1, 0);
	memset(big, 'y', sizeof(big));
	CHECK(ld_input(ld, big, sizeof(big)) == LD_IN_SIZE);
	CHECK(ld_read(ld, big, 10, 0) == 10);
	CHECK(ld_input(ld, big, 20) == 10);
	/* output: a write takes what fits, then EAGAIN until the master side reads */
	shown();
	w = ld_write(ld, big, LD_OUT_SIZE + 5);
	CHECK(w == LD_OUT_SIZE);
	CHECK(ld_write(ld, "z", 1) == -EAGAIN);
	CHECK(ld_output(ld, big, 100) == 100);
	CHECK(ld_write_room(ld) == 100);
	/* empty lines (^D) queue up to LD_LINES_MAX */
	{
		struct ld_termios t;
		ld_default_termios(&t);
		ld_set_termios(ld, &t, LD_TCSAFLUSH);
	}
	CHECK(ld_flush(ld, LD_TCIOFLUSH) == 0 && ld_flush(ld, 7) == -EINVAL);
	memset(big, 4, 70);
	CHECK(ld_input(ld, big, 70) == LD_LINES_MAX);
}

/* Random bytes, reads, writes and mode changes; every invariant holds after each step. */
TEST(randomized)
{
	static char buf[LD_IN_SIZE];
	unsigned seed = 12345;
	for (int step = 0; step < 200000; step++) {
		unsigned r;
		seed = seed * 1103515245u + 12345u;
		r = seed >> 8;
		switch (r % 8) {
		case 0: case 1: case 2: {
			char in[16];
			size_t n = 1 + r % 16;
			for (size_t i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				in[i] = (char)(seed >> 16); /* all bytes, control characters included */
			}
			ld_input(ld, in, n);
			break;
		}
		case 3: ld_read(ld, buf, 1 + r % 64, (r & 256) != 0); break;
		case 4: ld_write(ld, "out\n\t", 5); break;
		case 5: ld_output(ld, buf, r % 512); break;
		case 6: {
			struct ld_termios t = ld->tio;
			t.c_lflag ^= (r >> 4) & (LD_ICANON | LD_ECHO | LD_ISIG | LD_IEXTEN | LD_ECHOCTL);
			t.c_cc[LD_VMIN] = (uint8_t)(r >> 12) % 4;
			ld_set_termios(ld, &t, (int)(r >> 16) % 3);
			break;
		}
		default: if (r % 97 == 0) ld_flush(ld, LD_TCIOFLUSH); break;
		}
		if (ld->in.len > ld->in.size || ld->out.len > ld->out.size ||
				ld->line_len >= LD_LINE_MAX || ld->nlines > LD_LINES_MAX) {
			CHECK(!"bounds");
			return;
		}
		if (ld->tio.c_lflag & LD_ICANON) {
			size_t sum = 0;
			for (size_t i = 0; i < ld->nlines; i++)
				sum += ld->lines[(ld->line_head + i) % LD_LINES_MAX];
			if (sum != ld->in.len) {
				CHECK(!"lines add up to the input");
				return;
			}
		}
	}
}

int main(void)
{
	ld = malloc(sizeof(*ld));
	if (!ld)
		return 1;
	RUN(canonical_line);
	RUN(one_line_per_read_and_partial_reads);
	RUN(erase);
	RUN(erase_tab_and_utf8);
	RUN(kill_and_werase);
	RUN(end_of_file);
	RUN(signal_characters);
	RUN(literal_next_and_reprint);
	RUN(raw_mode_vmin_vtime);
	RUN(mode_switches);
	RUN(input_mapping);
	RUN(echo_modes);
	RUN(output_processing);
	RUN(flow_control);
	RUN(background_read);
	RUN(background_write_and_control);
	RUN(window_size);
	RUN(hangup);
	RUN(full_buffers);
	RUN(randomized);
	free(ld);
	printf("ldisc: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
