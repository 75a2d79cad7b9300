/* servers/pty/ldisc.h: the line discipline, a portable core with no OS dependency: what a
 * terminal does between the keyboard side (the pty master, the serial line) and the programs
 * reading and writing its slave side. Canonical and raw input, echo, erase/kill/werase, the
 * characters that raise signals for the foreground process group, end of file, output
 * processing, the window size, and the job control decisions for background readers and
 * writers. The server (servers/pty/, the console) owns the waiting and the system calls; this
 * core only says what happens. Values and the termios layout are musl's (x86_64). */
#ifndef PTY_LDISC_H
#define PTY_LDISC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* struct termios as musl (and glibc) lay it out on x86_64: 60 bytes */
#define LD_NCCS 32
struct ld_termios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;
	uint8_t c_cc[LD_NCCS];
	uint32_t c_ispeed, c_ospeed;
};
_Static_assert(sizeof(struct ld_termios) == 60, "struct termios is musl's");

struct ld_winsize {
	uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* c_cc indices */
#define LD_VINTR 0
#define LD_VQUIT 1
#define LD_VERASE 2
#define LD_VKILL 3
#define LD_VEOF 4
#define LD_VTIME 5
#define LD_VMIN 6
#define LD_VSTART 8
#define LD_VSTOP 9
#define LD_VSUSP 10
#define LD_VEOL 11
#define LD_VREPRINT 12
#define LD_VWERASE 14
#define LD_VLNEXT 15
#define LD_VEOL2 16
/* c_iflag */
#define LD_IGNBRK 0000001
#define LD_ISTRIP 0000040
#define LD_INLCR  0000100
#define LD_IGNCR  0000200
#define LD_ICRNL  0000400
#define LD_IXON   0002000
#define LD_IXANY  0004000
#define LD_IMAXBEL 0020000
#define LD_IUTF8  0040000
/* c_oflag */
#define LD_OPOST  0000001
#define LD_ONLCR  0000004
#define LD_OCRNL  0000010
#define LD_ONOCR  0000020
#define LD_ONLRET 0000040
/* c_cflag */
#define LD_B38400 0000017
#define LD_CS8    0000060
#define LD_CREAD  0000200
/* c_lflag */
#define LD_ISIG   0000001
#define LD_ICANON 0000002
#define LD_ECHO   0000010
#define LD_ECHOE  0000020
#define LD_ECHOK  0000040
#define LD_ECHONL 0000100
#define LD_NOFLSH 0000200
#define LD_TOSTOP 0000400
#define LD_ECHOCTL 0001000
#define LD_ECHOKE 0004000
#define LD_IEXTEN 0100000
/* tcsetattr's when, tcflush's queue */
#define LD_TCSANOW 0
#define LD_TCSADRAIN 1
#define LD_TCSAFLUSH 2
#define LD_TCIFLUSH 0
#define LD_TCOFLUSH 1
#define LD_TCIOFLUSH 2
/* the signals it raises (musl's numbers) */
#define LD_SIGHUP 1
#define LD_SIGINT 2
#define LD_SIGQUIT 3
#define LD_SIGCONT 18
#define LD_SIGTSTP 20
#define LD_SIGTTIN 21
#define LD_SIGTTOU 22
#define LD_SIGWINCH 28

#define LD_LINE_MAX 4096   /* a canonical line, its terminator included (MAX_CANON) */
#define LD_IN_SIZE 8192    /* input ready for reading */
#define LD_OUT_SIZE 8192   /* output waiting for the master side */
#define LD_LINES_MAX 64    /* completed lines not yet read */

/* What the caller of a read, write or control request is, as far as job control cares. The
 * server fills in sid always, and the rest when it matters (the caller is not in the foreground). */
struct ld_caller {
	int pid, pgid, sid;
	bool sig_held;     /* the signal job control would send (SIGTTIN/SIGTTOU) is ignored or blocked */
	bool orphaned;     /* its process group is orphaned */
};

struct ld_ops {
	/* send sig to process group pgid */
	void (*signal)(void *ctx, int pgid, int sig);
};

/* a ring of bytes */
struct ld_ring {
	char *buf;
	size_t size, head, len;
};

struct ldisc {
	struct ld_termios tio;
	struct ld_winsize ws;
	const struct ld_ops *ops;
	void *ctx;
	int sid;             /* the session it is the controlling terminal of, 0: none */
	int fg_pgid;         /* its foreground process group, 0: none */
	bool hung_up;        /* the other side went: reads see end of file, writes EIO */
	bool out_stopped;    /* ^S (IXON): output waits for ^Q */
	bool lnext;          /* ^V: the next character is taken literally */
	/* canonical: the line being edited; each byte's echo width, to erase it */
	char line[LD_LINE_MAX];
	uint8_t width[LD_LINE_MAX];
	size_t line_len;
	unsigned line_col;   /* the output column the line's echo started at */
	unsigned column;     /* the output column, for erasing tabs */
	/* ready for reading; in canonical mode, the lengths of the lines in it (one may be 0: ^D) */
	struct ld_ring in, out;
	char in_buf[LD_IN_SIZE], out_buf[LD_OUT_SIZE];
	size_t lines[LD_LINES_MAX];
	size_t nlines, line_head;
};

/* Linux's and musl's defaults: canonical, echo with ECHOE/ECHOK/ECHOKE/ECHOCTL, ISIG,
 * IEXTEN, ICRNL, IXON, IUTF8, OPOST|ONLCR, 80x24. */
void ld_init(struct ldisc *ld, const struct ld_ops *ops, void *ctx);
void ld_default_termios(struct ld_termios *t);

/* Bytes typed (from the master side or the device): how many were taken; fewer than n when
 * the input is full (the rest waits for a reader). May raise signals and fill the output. */
size_t ld_input(struct ldisc *ld, const char *buf, size_t n);
/* A read by a program: bytes (> 0), 0 at end of file (^D at the start of a line, or hung
 * up), or -EAGAIN when it must wait. timed_out: the VTIME timer ran out (non-canonical). */
long ld_read(struct ldisc *ld, char *buf, size_t n, bool timed_out);
/* How long a waiting non-canonical read may wait, in tenths of a second (VTIME), 0: forever. */
unsigned ld_read_timeout_ds(const struct ldisc *ld);
/* A write by a program: bytes taken into the output (with OPOST processing), -EAGAIN when the
 * output is full (wait for the master side to read), -EIO once hung up. */
long ld_write(struct ldisc *ld, const char *buf, size_t n);
/* The master side reads what is to be shown: bytes (0: nothing, or ^S holds it). */
size_t ld_output(struct ldisc *ld, char *buf, size_t n);
size_t ld_readable(const struct ldisc *ld);     /* FIONREAD; > 0 also means a read would not wait */
bool ld_read_ready(const struct ldisc *ld);     /* a read would not wait (end of file counts) */
size_t ld_output_pending(const struct ldisc *ld);
size_t ld_write_room(const struct ldisc *ld);

/* Job control, for a caller in the terminal's session but not in its foreground group:
 * 0 (go ahead), -EINTR (SIGTTIN or SIGTTOU was sent to its group: the call is made again
 * once it is continued), or -EIO (it would never be continued, or ignores the signal on a
 * read). Control requests are the ones that change the terminal (tcsetattr, tcsetpgrp, ...). */
int ld_check_read(struct ldisc *ld, const struct ld_caller *c);
int ld_check_write(struct ldisc *ld, const struct ld_caller *c);
int ld_check_control(struct ldisc *ld, const struct ld_caller *c);

/* tcsetattr: the new modes; TCSAFLUSH also drops pending input. */
void ld_set_termios(struct ldisc *ld, const struct ld_termios *t, int when);
/* TIOCSWINSZ: a change sends SIGWINCH to the foreground group. */
void ld_set_winsize(struct ldisc *ld, const struct ld_winsize *ws);
/* tcflush */
int ld_flush(struct ldisc *ld, int queue);
/* The terminal becomes the controlling terminal of session sid, with group pgid in front. */
void ld_set_session(struct ldisc *ld, int sid, int pgid);
/* tcsetpgrp, after the server checked pgid belongs to the session: 0 or -EINVAL. */
int ld_set_fg(struct ldisc *ld, int pgid);
/* The master side went (or the line dropped): SIGHUP and SIGCONT to the foreground group,
 * reads see end of file, writes fail. */
void ld_hangup(struct ldisc *ld);

#endif
