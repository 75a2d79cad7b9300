/* edit.c: the interactive line editor: emacs-style keys, history browsing and Ctrl-R search,
 * Tab completion. It runs only when stdin is a terminal; otherwise lines are read plainly.
 *
 * Start at sh_edit_line: one loop reading keys and editing a buffer; every change redraws the
 * line (prompt's last line, text, cursor) with three escape sequences that any VT100-like
 * terminal (Ferrite's included) understands: carriage return, erase-to-end, cursor-left.
 */
#include "edit.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include <errno.h>
#include <termios.h>

struct sh_ed {
	struct sh *sh;
	int in, out;
	const char *prompt;     /* the prompt's last line: what a redraw prints */
	struct sh_str buf;
	size_t pos;
	int hist_index;         /* browsing history: index of the line shown (n = the new line) */
	char *saved_line;       /* the new line, kept while browsing */
	char *kill;             /* last killed text, for Ctrl-Y */
	int tabs;               /* consecutive Tab presses */
};

static void sh_ed_write(struct sh_ed *e, const char *s, size_t n)
{
	sh_write_all(e->out, s, n);
}

static void sh_ed_puts(struct sh_ed *e, const char *s)
{
	sh_ed_write(e, s, strlen(s));
}

static void sh_ed_redraw(struct sh_ed *e)
{
	struct sh_str o = {0};
	sh_str_puts(&o, "\r");
	sh_str_puts(&o, e->prompt);
	sh_str_putn(&o, e->buf.s ? e->buf.s : "", e->buf.len);
	sh_str_puts(&o, "\x1b[K");
	if (e->buf.len > e->pos)
		sh_str_printf(&o, "\x1b[%zuD", e->buf.len - e->pos);
	sh_ed_write(e, o.s, o.len);
	free(o.s);
}

static int sh_ed_key(struct sh_ed *e)
{
	unsigned char c;
	for (;;) {
		ssize_t n = read(e->in, &c, 1);
		if (n == 1)
			return c;
		if (n < 0 && errno == EINTR) {
			/* Ctrl-C arrives as a key (ISIG is off); other signals' traps run later */
			continue;
		}
		return -1;
	}
}

static void sh_ed_insert(struct sh_ed *e, const char *s, size_t n)
{
	struct sh_str nb = {0};
	sh_str_putn(&nb, e->buf.s ? e->buf.s : "", e->pos);
	sh_str_putn(&nb, s, n);
	sh_str_putn(&nb, e->buf.s ? e->buf.s + e->pos : "", e->buf.len - e->pos);
	free(e->buf.s);
	e->buf = nb;
	e->pos += n;
}

static void sh_ed_delete(struct sh_ed *e, size_t from, size_t to, int save)
{
	if (to <= from)
		return;
	if (save) {
		free(e->kill);
		e->kill = sh_strndup(e->buf.s + from, to - from);
	}
	memmove(e->buf.s + from, e->buf.s + to, e->buf.len - to + 1);
	e->buf.len -= to - from;
	e->pos = from;
}

static void sh_ed_set(struct sh_ed *e, const char *s)
{
	e->buf.len = 0;
	sh_str_puts(&e->buf, s);
	e->pos = e->buf.len;
}

static int sh_ed_isword(char c)
{
	return c && !strchr(" \t/;|&<>()'\"=", c);
}

static size_t sh_ed_word_left(struct sh_ed *e)
{
	size_t p = e->pos;
	while (p > 0 && !sh_ed_isword(e->buf.s[p - 1]))
		p--;
	while (p > 0 && sh_ed_isword(e->buf.s[p - 1]))
		p--;
	return p;
}

static size_t sh_ed_word_right(struct sh_ed *e)
{
	size_t p = e->pos;
	while (p < e->buf.len && !sh_ed_isword(e->buf.s[p]))
		p++;
	while (p < e->buf.len && sh_ed_isword(e->buf.s[p]))
		p++;
	return p;
}

static void sh_ed_history_move(struct sh_ed *e, int delta)
{
	struct sh_hist *h = &sh_history;
	int ni = e->hist_index + delta;
	if (ni < 0 || ni > h->n)
		return;
	if (e->hist_index == h->n) {
		free(e->saved_line);
		e->saved_line = sh_strdup(e->buf.s ? e->buf.s : "");
	}
	e->hist_index = ni;
	sh_ed_set(e, ni == h->n ? e->saved_line : h->lines[ni]);
}

/* Ctrl-R: incremental search backwards through history. Returns the key that ended it
 * (Enter runs the line found), or 0 if the search was cancelled. */
static int sh_ed_search(struct sh_ed *e)
{
	struct sh_str q = {0};
	int at = sh_history.n;
	const char *found = "";
	sh_str_puts(&q, "");
	for (;;) {
		struct sh_str o = {0};
		sh_str_printf(&o, "\r(reverse-i-search)`%s': %s\x1b[K", q.s, found);
		sh_ed_write(e, o.s, o.len);
		free(o.s);
		int c = sh_ed_key(e);
		if (c == 18) {          /* Ctrl-R again: an older match */
			int i = sh_hist_search(&sh_history, q.s, at - 1);
			if (i >= 0) {
				at = i;
				found = sh_history.lines[i];
			}
			continue;
		}
		if (c == 127 || c == 8) {
			if (q.len)
				q.s[--q.len] = 0;
			at = sh_history.n;
		} else if (c >= 32 && c < 127) {
			sh_str_putc(&q, c);
		} else {
			if (c == 7 || c == 3 || c < 0) {   /* Ctrl-G, Ctrl-C: give up */
				free(q.s);
				return 0;
			}
			sh_ed_set(e, found);
			free(q.s);
			return c;
		}
		int i = sh_hist_search(&sh_history, q.s, at == sh_history.n ? at - 1 : at);
		if (i >= 0) {
			at = i;
			found = sh_history.lines[i];
		}
	}
}

static void sh_ed_complete(struct sh_ed *e)
{
	size_t start;
	int n;
	char *line = sh_strndup(e->buf.s ? e->buf.s : "", e->buf.len);
	char **m = sh_complete(e->sh, line, e->pos, &start, &n);
	free(line);
	if (!m || n == 0) {
		sh_ed_puts(e, "\a");
		free(m);
		return;
	}
	/* the longest prefix all the candidates share */
	size_t common = strlen(m[0]);
	for (int i = 1; i < n; i++) {
		size_t k = 0;
		while (k < common && m[i][k] == m[0][k])
			k++;
		common = k;
	}
	size_t have = e->pos - start;
	if (common > have) {
		sh_ed_insert(e, m[0] + have, common - have);
		if (n == 1 && m[0][common - 1] != '/')
			sh_ed_insert(e, " ", 1);
	} else if (n > 1 && e->tabs > 0) {
		/* second Tab: list them */
		struct sh_str o = {0};
		sh_str_puts(&o, "\r\n");
		for (int i = 0; i < n; i++)
			sh_str_printf(&o, "%s%s", m[i], i + 1 < n ? "  " : "\r\n");
		sh_ed_write(e, o.s, o.len);
		free(o.s);
	} else if (n > 1) {
		sh_ed_puts(e, "\a");
	}
	for (int i = 0; i < n; i++)
		free(m[i]);
	free(m);
}

/* Escape sequences: ESC [ X, ESC O X, ESC [ N ~, and Alt-key as ESC key. */
static int sh_ed_escape(struct sh_ed *e)
{
	int c = sh_ed_key(e);
	if (c == 'b')
		return 1000 + 'b';
	if (c == 'f')
		return 1000 + 'f';
	if (c == 'd')
		return 1000 + 'd';
	if (c == 127 || c == 8)
		return 1000 + 127;
	if (c != '[' && c != 'O')
		return -2;
	int d = sh_ed_key(e);
	if (d >= '0' && d <= '9') {
		int num = d - '0', t;
		while ((t = sh_ed_key(e)) >= '0' && t <= '9')
			num = num * 10 + (t - '0');
		switch (num) {
		case 1: case 7: return 1;     /* Home */
		case 4: case 8: return 5;     /* End */
		case 3: return 2000;          /* Delete */
		}
		return -2;
	}
	switch (d) {
	case 'A': return 16;   /* Up = Ctrl-P */
	case 'B': return 14;   /* Down = Ctrl-N */
	case 'C': return 6;    /* Right = Ctrl-F */
	case 'D': return 2;    /* Left = Ctrl-B */
	case 'H': return 1;
	case 'F': return 5;
	}
	return -2;
}

char *sh_edit_line(struct sh *sh, int in_fd, int out_fd, const char *prompt, int *eof)
{
	struct sh_ed e;
	memset(&e, 0, sizeof e);
	e.sh = sh;
	e.in = in_fd;
	e.out = out_fd;
	const char *nl = strrchr(prompt, '\n');
	e.prompt = nl ? nl + 1 : prompt;
	e.hist_index = sh_history.n;
	sh_str_puts(&e.buf, "");
	*eof = 0;
	sh_ed_puts(&e, prompt);
	for (;;) {
		int c = sh_ed_key(&e);
		int was_tab = c == '\t';
		if (c == 27)
			c = sh_ed_escape(&e);
		if (c == 18) {
			c = sh_ed_search(&e);
			if (c == 0) {
				sh_ed_redraw(&e);
				continue;
			}
		}
		switch (c) {
		case -1:
			*eof = 1;
			goto done;
		case '\r':
		case '\n':
			e.pos = e.buf.len;
			sh_ed_redraw(&e);
			sh_ed_puts(&e, "\r\n");
			sh_str_putc(&e.buf, '\n');
			goto done;
		case 4:   /* Ctrl-D: end of input on an empty line, else delete */
			if (e.buf.len == 0) {
				*eof = 1;
				goto done;
			}
			/* fall through */
		case 2000:
			sh_ed_delete(&e, e.pos, e.pos < e.buf.len ? e.pos + 1 : e.pos, 0);
			break;
		case 3:   /* Ctrl-C: abandon the line */
			sh_ed_puts(&e, "^C\r\n");
			e.buf.len = 0;
			e.buf.s[0] = 0;
			sh_str_putc(&e.buf, '\n');
			goto done;
		case 127:
		case 8:
			if (e.pos > 0)
				sh_ed_delete(&e, e.pos - 1, e.pos, 0);
			break;
		case 1: e.pos = 0; break;
		case 5: e.pos = e.buf.len; break;
		case 2: if (e.pos > 0) e.pos--; break;
		case 6: if (e.pos < e.buf.len) e.pos++; break;
		case 11: sh_ed_delete(&e, e.pos, e.buf.len, 1); break;          /* Ctrl-K */
		case 21: sh_ed_delete(&e, 0, e.pos, 1); break;                  /* Ctrl-U */
		case 23: sh_ed_delete(&e, sh_ed_word_left(&e), e.pos, 1); break; /* Ctrl-W */
		case 1000 + 127: sh_ed_delete(&e, sh_ed_word_left(&e), e.pos, 1); break;
		case 1000 + 'd': sh_ed_delete(&e, e.pos, sh_ed_word_right(&e), 1); break;
		case 25:  /* Ctrl-Y */
			if (e.kill)
				sh_ed_insert(&e, e.kill, strlen(e.kill));
			break;
		case 1000 + 'b': e.pos = sh_ed_word_left(&e); break;
		case 1000 + 'f': e.pos = sh_ed_word_right(&e); break;
		case 12:  /* Ctrl-L: clear the screen, keep the line */
			sh_ed_puts(&e, "\x1b[H\x1b[2J");
			sh_ed_puts(&e, prompt);
			break;
		case 16: sh_ed_history_move(&e, -1); break;
		case 14: sh_ed_history_move(&e, 1); break;
		case '\t':
			sh_ed_complete(&e);
			break;
		default:
			if (c >= 32 && c != 127 && c < 256) {
				char ch = (char)c;
				sh_ed_insert(&e, &ch, 1);
			}
			break;
		}
		e.tabs = was_tab ? e.tabs + 1 : 0;
		sh_ed_redraw(&e);
	}
done:
	free(e.saved_line);
	free(e.kill);
	if (*eof) {
		free(e.buf.s);
		return NULL;
	}
	return sh_str_take(&e.buf);
}

/* Without a terminal: the prompt, then one line read a byte at a time. */
static char *sh_edit_plain(const char *prompt)
{
	struct sh_str b = {0};
	sh_write_all(2, prompt, strlen(prompt));
	for (;;) {
		char c;
		ssize_t n = read(0, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		sh_str_putc(&b, c);
		if (c == '\n')
			break;
	}
	if (!b.len) {
		free(b.s);
		return NULL;
	}
	return sh_str_take(&b);
}

char *sh_edit_read_line(struct sh *sh, const char *prompt)
{
	struct termios saved, raw;
	if (!sh_history.file) {
		/* the first prompt: load the history kept by earlier logins */
		const char *f = sh_var_get(sh, "HISTFILE"), *home = sh_var_get(sh, "HOME");
		char *path = f ? sh_strdup(f) : sh_strcat3(home ? home : "", "/", ".sh_history");
		sh_hist_load(&sh_history, path);
		free(path);
	}
	if (!isatty(0) || tcgetattr(0, &saved) < 0)
		return sh_edit_plain(prompt);
	/* The modes the terminal had at the first prompt are the ones commands get: a program
	 * that was stopped (Ctrl-Z) in raw mode must not leave the next one raw too. */
	static struct termios cooked;
	static int have_cooked;
	if (!have_cooked) {
		cooked = saved;
		have_cooked = 1;
	}
	saved = cooked;
	raw = saved;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
	raw.c_iflag &= ~(tcflag_t)(IXON | ICRNL);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(0, TCSADRAIN, &raw);
	int eof;
	char *line = sh_edit_line(sh, 0, 2, prompt, &eof);
	tcsetattr(0, TCSADRAIN, &saved);
	return line;
}

static void sh_edit_add_history(struct sh *sh, const char *text)
{
	(void)sh;
	sh_hist_add(&sh_history, text);
}

void sh_edit_attach(struct sh *sh)
{
	sh->read_line = sh_edit_read_line;
	sh->add_history = sh_edit_add_history;
}
