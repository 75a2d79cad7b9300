/* utils/sed.c: sed, the stream editor: sed [-nEr] [-i] [-e SCRIPT | -f FILE]... [SCRIPT]
 * [FILE...]. The script is parsed into a list of commands (sed_parse), then run over each
 * line (sed_cycle). Regular expressions are musl's (regcomp), basic or -E extended; \n in
 * them and in replacements is a newline. Commands: { } ! s y d D p P n N g G h H x b t T :
 * = q Q a i c l r w, with addresses N, $, /RE/, \cREc, A,B and A,+N. */
#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "lib/util.h"

static const char sed_help[] =
	"usage: sed [-nEr] [-i] [-e SCRIPT]... [-f FILE]... [SCRIPT] [FILE...]\n"
	"Edits each line of the FILEs (standard input for - or none) by the SCRIPT's commands.\n"
	"  -n  no automatic printing of each line    -E -r  extended regular expressions\n"
	"  -i  edit the FILEs in place               -e SCRIPT, -f FILE  the script\n"
	"Addresses: N (line)  $ (last line)  /RE/ or \\cREc  A,B  A,+N  ADDR! (not)\n"
	"Commands: s/RE/REPL/[gpN]  y/ABC/XYZ/  d D p P n N g G h H x  = l  q Q\n"
	"  a TEXT  i TEXT  c TEXT (or a\\ newline TEXT)  b LABEL  t LABEL  T LABEL  :LABEL\n"
	"  r FILE  w FILE  { ... }\n"
	"Exit status: 0, 1 on a wrong script, 2 if an input could not be read, or q's code.\n";

enum { SED_A_NONE, SED_A_LINE, SED_A_LAST, SED_A_RE, SED_A_PLUS };

struct sed_addr {
	int type;
	long long line;
	regex_t *re; /* NULL with SED_A_RE: the last regular expression used */
};

struct sed_cmd {
	struct sed_addr a1, a2;
	int negate, active;
	long long range_end; /* A,+N: the last line of the current range */
	char fn;
	regex_t *re;         /* s: NULL for the last one used */
	char *text;          /* s: replacement; a i c: text; b t T : label; r w: file name */
	int global, print, nth;
	unsigned char map[256]; /* y */
	size_t jump;          /* { : the matching }; b t T: the target */
	FILE *wfile;
};

static struct sed_cmd *sed_cmds;
static size_t sed_ncmds;
static int sed_ext, sed_quiet, sed_inplace;
static regex_t *sed_last_re;

struct sed_buf {
	char *s;
	size_t len, cap;
};

static void sed_set(struct sed_buf *b, const char *s, size_t n)
{
	if (n + 1 > b->cap) {
		b->cap = n + 64;
		b->s = util_realloc(b->s, b->cap);
	}
	memmove(b->s, s, n);
	b->len = n;
	b->s[n] = 0;
}

static void sed_append(struct sed_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n) * 2 + 64;
		b->s = util_realloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

/* ---- parsing ---- */

static const char *sed_p; /* where the parser is in the script */

static void sed_bad(const char *why)
{
	util_die(1, "-e expression: %s", why);
}

static void sed_blanks(void)
{
	while (*sed_p == ' ' || *sed_p == '\t')
		sed_p++;
}

/* Text up to the delimiter D (\D is D; \n is a newline when NL), in a new string. */
static char *sed_delimited(char d, int nl)
{
	struct sed_buf b = { 0 };
	sed_set(&b, "", 0);
	for (; *sed_p && *sed_p != d; sed_p++) {
		if (*sed_p == '\\' && sed_p[1]) {
			sed_p++;
			if (*sed_p == d)
				sed_append(&b, sed_p, 1);
			else if (*sed_p == 'n' && nl)
				sed_append(&b, "\n", 1);
			else if (*sed_p == '\n')
				sed_append(&b, "\n", 1);
			else {
				sed_append(&b, "\\", 1);
				sed_append(&b, sed_p, 1);
			}
		} else
			sed_append(&b, sed_p, 1);
	}
	if (*sed_p != d)
		sed_bad("an unterminated address or command");
	sed_p++;
	return b.s;
}

/* SRC compiled (freed); NULL for an empty one (the last one used). */
static regex_t *sed_compile(char *src, int icase)
{
	regex_t *re;
	int flags = (sed_ext ? REG_EXTENDED : 0) | (icase ? REG_ICASE : 0), e;
	if (!*src) {
		free(src);
		return NULL;
	}
	re = util_alloc(sizeof(*re));
	if ((e = regcomp(re, src, flags))) {
		char msg[256];
		regerror(e, re, msg, sizeof(msg));
		util_die(1, "%s: %s", src, msg);
	}
	free(src);
	return re;
}

/* An address's regular expression, and GNU's I after it (ignore case). */
static regex_t *sed_regex(char d)
{
	char *src = sed_delimited(d, 1);
	int icase = *sed_p == 'I';
	if (icase)
		sed_p++;
	return sed_compile(src, icase);
}

static int sed_address(struct sed_addr *a)
{
	if (isdigit((unsigned char)*sed_p)) {
		a->type = SED_A_LINE;
		a->line = strtoll(sed_p, (char **)&sed_p, 10);
	} else if (*sed_p == '$') {
		a->type = SED_A_LAST;
		sed_p++;
	} else if (*sed_p == '/' || *sed_p == '\\') {
		char d = *sed_p == '\\' ? *++sed_p : '/';
		sed_p++;
		a->type = SED_A_RE;
		a->re = sed_regex(d);
	} else
		return 0;
	return 1;
}

/* a, i, c text: `a text`, `a\` newline text, lines ending in \ go on. */
static char *sed_text(void)
{
	struct sed_buf b = { 0 };
	sed_set(&b, "", 0);
	sed_blanks();
	if (*sed_p == '\\') {
		sed_p++;
		if (*sed_p == '\n')
			sed_p++;
	}
	sed_blanks();
	for (; *sed_p && *sed_p != '\n'; sed_p++) {
		if (*sed_p == '\\' && sed_p[1]) {
			sed_p++;
			sed_append(&b, sed_p, 1);
		} else
			sed_append(&b, sed_p, 1);
	}
	sed_append(&b, "\n", 1);
	return b.s;
}

/* A label or file name: the rest of the line (a label also ends at ;). */
static char *sed_word(int semicolon)
{
	sed_blanks();
	const char *s = sed_p;
	while (*sed_p && *sed_p != '\n' && !(semicolon && *sed_p == ';'))
		sed_p++;
	size_t n = (size_t)(sed_p - s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	char *w = util_alloc(n + 1);
	memcpy(w, s, n);
	w[n] = 0;
	return w;
}

static void sed_parse_s(struct sed_cmd *c)
{
	char d = *sed_p++;
	if (!d || d == '\n' || d == '\\')
		sed_bad("s needs a delimiter");
	char *src = sed_delimited(d, 1);
	int icase = 0;
	c->text = sed_delimited(d, 0);
	c->nth = 1;
	for (;; sed_p++) {
		if (*sed_p == 'I' || *sed_p == 'i')
			icase = 1;
		else if (*sed_p == 'g')
			c->global = 1;
		else if (*sed_p == 'p')
			c->print = 1;
		else if (isdigit((unsigned char)*sed_p))
			c->nth = (int)strtol(sed_p, (char **)&sed_p, 10), sed_p--;
		else if (*sed_p == 'w') {
			sed_p++;
			char *name = sed_word(0);
			c->wfile = fopen(name, "w");
			if (!c->wfile) {
				util_warn(name);
				exit(1);
			}
			free(name);
			break;
		} else
			break;
	}
	c->re = sed_compile(src, icase);
}

static void sed_parse_y(struct sed_cmd *c)
{
	char d = *sed_p++;
	char *from = sed_delimited(d, 1), *to = sed_delimited(d, 1);
	for (int i = 0; i < 256; i++)
		c->map[i] = (unsigned char)i;
	/* sed_delimited kept \\ as two bytes: fold them here */
	char *f = from, *t = to;
	size_t nf = 0, nt = 0;
	for (char *p = from; *p; p++, nf++)
		from[nf] = (*p == '\\' && p[1] == '\\') ? *++p : *p;
	for (char *p = to; *p; p++, nt++)
		to[nt] = (*p == '\\' && p[1] == '\\') ? *++p : *p;
	if (nf != nt)
		sed_bad("y strings of different lengths");
	for (size_t i = 0; i < nf; i++)
		c->map[(unsigned char)f[i]] = (unsigned char)t[i];
	free(from);
	free(to);
}

static void sed_parse(const char *script)
{
	size_t *open = NULL, nopen = 0;
	sed_p = script;
	for (;;) {
		while (*sed_p == ' ' || *sed_p == '\t' || *sed_p == '\n' || *sed_p == ';')
			sed_p++;
		if (!*sed_p)
			break;
		if (*sed_p == '#') {
			while (*sed_p && *sed_p != '\n')
				sed_p++;
			continue;
		}
		sed_cmds = util_realloc(sed_cmds, sizeof(*sed_cmds) * (sed_ncmds + 1));
		struct sed_cmd *c = &sed_cmds[sed_ncmds];
		memset(c, 0, sizeof(*c));
		if (sed_address(&c->a1)) {
			sed_blanks();
			if (*sed_p == ',') {
				sed_p++;
				sed_blanks();
				if (*sed_p == '+') {
					sed_p++;
					c->a2.type = SED_A_PLUS;
					c->a2.line = strtoll(sed_p, (char **)&sed_p, 10);
				} else if (!sed_address(&c->a2))
					sed_bad("a bad second address");
			}
		}
		sed_blanks();
		while (*sed_p == '!') {
			c->negate = 1;
			sed_p++;
			sed_blanks();
		}
		c->fn = *sed_p++;
		switch (c->fn) {
		case '{':
			open = util_realloc(open, sizeof(*open) * (nopen + 1));
			open[nopen++] = sed_ncmds;
			break;
		case '}':
			if (!nopen || c->a1.type)
				sed_bad("an unexpected }");
			sed_cmds[open[--nopen]].jump = sed_ncmds;
			break;
		case 's': sed_parse_s(c); break;
		case 'y': sed_parse_y(c); break;
		case 'a': case 'i': case 'c': c->text = sed_text(); break;
		case 'b': case 't': case 'T': c->text = sed_word(1); break;
		case ':':
			if (c->a1.type)
				sed_bad(": takes no address");
			c->text = sed_word(1);
			if (!*c->text)
				sed_bad(": needs a label");
			break;
		case 'r': c->text = sed_word(0); break;
		case 'w':
			c->text = sed_word(0);
			if (!(c->wfile = fopen(c->text, "w"))) {
				util_warn(c->text);
				exit(1);
			}
			break;
		case 'q': case 'Q':
			sed_blanks();
			c->nth = isdigit((unsigned char)*sed_p) ? (int)strtol(sed_p, (char **)&sed_p, 10) : 0;
			break;
		case '=': case 'd': case 'D': case 'p': case 'P': case 'n': case 'N': case 'g':
		case 'G': case 'h': case 'H': case 'x': case 'l':
			break;
		default:
			util_die(1, "-e expression: unknown command: '%c'", c->fn ? c->fn : ' ');
		}
		sed_ncmds++;
		sed_blanks();
		if (c->fn != '{' && *sed_p && *sed_p != ';' && *sed_p != '\n' && *sed_p != '}' && *sed_p != '#')
			util_die(1, "-e expression: extra characters after command '%c'", c->fn);
	}
	if (nopen)
		sed_bad("a { without its }");
	/* labels: each b, t and T jumps to its : (or to the end) */
	for (size_t i = 0; i < sed_ncmds; i++) {
		struct sed_cmd *c = &sed_cmds[i];
		if (c->fn != 'b' && c->fn != 't' && c->fn != 'T')
			continue;
		c->jump = sed_ncmds;
		if (!*c->text)
			continue;
		size_t k = 0;
		while (k < sed_ncmds && !(sed_cmds[k].fn == ':' && !strcmp(sed_cmds[k].text, c->text)))
			k++;
		if (k == sed_ncmds)
			util_die(1, "can't find label for jump to '%s'", c->text);
		c->jump = k;
	}
	free(open);
}

/* ---- running ---- */

struct sed_input {
	char **files;
	int nfiles, idx;
	FILE *f;
	struct sed_buf next; /* the line read ahead (to know which is the last) */
	int have_next, status;
};

static struct sed_input sed_in;
static FILE *sed_out;
static long long sed_lineno;
static int sed_exit = -1; /* q's exit code once it ran */
static struct sed_buf sed_ps, sed_hold;
static char **sed_appends; /* a texts (a copy) and r files ("\001" + name) for the cycle's end */
static size_t sed_nappends;

/* Reads the next line of the inputs into B (without its newline); 0 at the end. */
static int sed_raw_line(struct sed_buf *b)
{
	char *line = NULL;
	size_t cap = 0;
	for (;;) {
		if (!sed_in.f) {
			if (sed_in.idx >= sed_in.nfiles)
				return 0;
			const char *name = sed_in.files[sed_in.idx++];
			sed_in.f = strcmp(name, "-") ? fopen(name, "r") : stdin;
			if (!sed_in.f) {
				util_warn(name);
				sed_in.status = 2;
				continue;
			}
		}
		ssize_t n = getline(&line, &cap, sed_in.f);
		if (n > 0) {
			if (line[n - 1] == '\n')
				n--;
			sed_set(b, line, (size_t)n);
			free(line);
			return 1;
		}
		if (sed_in.f != stdin)
			fclose(sed_in.f);
		sed_in.f = NULL;
	}
}

static int sed_next_line(struct sed_buf *b)
{
	if (!sed_in.have_next && !sed_raw_line(&sed_in.next))
		return 0;
	sed_set(b, sed_in.next.s, sed_in.next.len);
	sed_in.have_next = sed_raw_line(&sed_in.next);
	sed_lineno++;
	return 1;
}

static int sed_is_last(void)
{
	return !sed_in.have_next;
}

static void sed_flush_appends(void)
{
	for (size_t i = 0; i < sed_nappends; i++) {
		char *a = sed_appends[i];
		if (a[0] == 1) {
			FILE *f = fopen(a + 1, "r");
			char buf[4096];
			size_t n;
			while (f && (n = fread(buf, 1, sizeof(buf), f)) > 0)
				fwrite(buf, 1, n, sed_out);
			if (f)
				fclose(f);
		} else
			fputs(a, sed_out);
		free(a);
	}
	sed_nappends = 0;
}

static void sed_queue(const char *s, int file)
{
	sed_appends = util_realloc(sed_appends, sizeof(char *) * (sed_nappends + 1));
	char *a = util_alloc(strlen(s) + 2);
	a[0] = 1;
	strcpy(a + (file ? 1 : 0), s);
	sed_appends[sed_nappends++] = a;
}

static void sed_print_ps(FILE *f)
{
	fwrite(sed_ps.s, 1, sed_ps.len, f);
	putc('\n', f);
}

static int sed_re_match(regex_t *re, const char *s)
{
	if (!re)
		re = sed_last_re;
	if (!re)
		util_die(1, "no previous regular expression");
	sed_last_re = re;
	return regexec(re, s, 0, NULL, 0) == 0;
}

static int sed_addr_match(struct sed_addr *a)
{
	switch (a->type) {
	case SED_A_LINE: return sed_lineno == a->line;
	case SED_A_LAST: return sed_is_last();
	case SED_A_RE: return sed_re_match(a->re, sed_ps.s);
	default: return 0;
	}
}

static int sed_selected(struct sed_cmd *c)
{
	int r;
	if (!c->a1.type)
		r = 1;
	else if (!c->a2.type)
		r = sed_addr_match(&c->a1);
	else if (!c->active) {
		r = sed_addr_match(&c->a1);
		if (r) {
			c->active = 1;
			if (c->a2.type == SED_A_LINE && c->a2.line <= sed_lineno)
				c->active = 0;
			if (c->a2.type == SED_A_PLUS) {
				c->range_end = sed_lineno + c->a2.line;
				c->active = c->a2.line > 0;
			}
		}
	} else {
		r = 1;
		if (c->a2.type == SED_A_PLUS ? sed_lineno >= c->range_end
		    : c->a2.type == SED_A_LINE ? sed_lineno >= c->a2.line : sed_addr_match(&c->a2))
			c->active = 0;
	}
	return c->negate ? !r : r;
}

static void sed_replacement(struct sed_buf *out, const char *repl, const char *base,
	const regmatch_t *m)
{
	for (const char *r = repl; *r; r++) {
		if (*r == '&') {
			sed_append(out, base + m[0].rm_so, (size_t)(m[0].rm_eo - m[0].rm_so));
		} else if (*r == '\\' && r[1]) {
			r++;
			if (*r >= '0' && *r <= '9') {
				int k = *r - '0';
				if (m[k].rm_so >= 0)
					sed_append(out, base + m[k].rm_so, (size_t)(m[k].rm_eo - m[k].rm_so));
			} else if (*r == 'n')
				sed_append(out, "\n", 1);
			else if (*r == 't')
				sed_append(out, "\t", 1);
			else
				sed_append(out, r, 1);
		} else
			sed_append(out, r, 1);
	}
}

/* s: 1 if something was replaced. */
static int sed_subst(struct sed_cmd *c)
{
	regex_t *re = c->re ? c->re : sed_last_re;
	struct sed_buf out = { 0 };
	regmatch_t m[10];
	size_t pos = 0;
	long prev_end = -1;
	int count = 0, done = 0;
	if (!re)
		util_die(1, "no previous regular expression");
	sed_last_re = re;
	sed_set(&out, "", 0);
	while (pos <= sed_ps.len &&
	       regexec(re, sed_ps.s + pos, 10, m, pos ? REG_NOTBOL : 0) == 0) {
		size_t so = pos + (size_t)m[0].rm_so, eo = pos + (size_t)m[0].rm_eo;
		sed_append(&out, sed_ps.s + pos, so - pos);
		/* an empty match right where the last match ended is no match (s/b*\/x/g) */
		if (so == eo && (long)so == prev_end) {
			if (so < sed_ps.len)
				sed_append(&out, sed_ps.s + so, 1);
			pos = so + 1;
			continue;
		}
		count++;
		if (count >= c->nth && (c->global || count == c->nth)) {
			sed_replacement(&out, c->text, sed_ps.s + pos, m);
			done = 1;
		} else
			sed_append(&out, sed_ps.s + so, eo - so);
		prev_end = (long)eo;
		if (so == eo) {
			if (so < sed_ps.len)
				sed_append(&out, sed_ps.s + so, 1);
			pos = so + 1;
		} else
			pos = eo;
		if (done && !c->global)
			break;
	}
	if (!done) {
		free(out.s);
		return 0;
	}
	if (pos < sed_ps.len)
		sed_append(&out, sed_ps.s + pos, sed_ps.len - pos);
	free(sed_ps.s);
	sed_ps = out;
	if (c->print)
		sed_print_ps(sed_out);
	if (c->wfile) {
		sed_print_ps(c->wfile);
		fflush(c->wfile);
	}
	return 1;
}

/* l: the pattern space unambiguously, folded at 70 columns, $ at the end. */
static void sed_list(void)
{
	int col = 0;
	for (size_t i = 0; i < sed_ps.len; i++) {
		unsigned char ch = (unsigned char)sed_ps.s[i];
		char e[8];
		static const char escs[] = "\\\a\b\f\n\r\t\v"; /* one array: equal literals may differ */
		const char *esc = ch ? strchr(escs, ch) : NULL;
		if (esc)
			snprintf(e, sizeof(e), "\\%c", "\\abfnrtv"[esc - escs]);
		else if (!isprint(ch))
			snprintf(e, sizeof(e), "\\%03o", ch);
		else
			snprintf(e, sizeof(e), "%c", ch);
		if (col + (int)strlen(e) > 69) {
			fputs("\\\n", sed_out);
			col = 0;
		}
		fputs(e, sed_out);
		col += (int)strlen(e);
	}
	fputs("$\n", sed_out);
}

/* One cycle over the pattern space; 0 once the script asked to stop. */
static int sed_cycle(void)
{
	int autoprint = !sed_quiet, subst = 0, restart;
	do {
		restart = 0;
		for (size_t pc = 0; pc < sed_ncmds; pc++) {
			struct sed_cmd *c = &sed_cmds[pc];
			if (c->fn == '}' || c->fn == ':')
				continue;
			if (!sed_selected(c)) {
				if (c->fn == '{')
					pc = c->jump;
				continue;
			}
			switch (c->fn) {
			case '{': break;
			case '=': fprintf(sed_out, "%lld\n", sed_lineno); break;
			case 'a': sed_queue(c->text, 0); break;
			case 'i': fputs(c->text, sed_out); break;
			case 'c':
				if (!c->a2.type || !c->active || c->negate)
					fputs(c->text, sed_out);
				goto end_no_print;
			case 'd': goto end_no_print;
			case 'D': {
				char *nl = memchr(sed_ps.s, '\n', sed_ps.len);
				if (!nl)
					goto end_no_print;
				sed_set(&sed_ps, nl + 1, sed_ps.len - (size_t)(nl + 1 - sed_ps.s));
				sed_flush_appends();
				restart = 1;
				pc = sed_ncmds;
				break;
			}
			case 'p': sed_print_ps(sed_out); break;
			case 'P': {
				char *nl = memchr(sed_ps.s, '\n', sed_ps.len);
				fwrite(sed_ps.s, 1, nl ? (size_t)(nl - sed_ps.s) : sed_ps.len, sed_out);
				putc('\n', sed_out);
				break;
			}
			case 'n':
				if (sed_is_last() || sed_exit >= 0)
					goto end;
				if (autoprint)
					sed_print_ps(sed_out);
				sed_flush_appends();
				sed_next_line(&sed_ps);
				break;
			case 'N': {
				struct sed_buf line = { 0 };
				if (sed_is_last())
					goto end;
				sed_flush_appends();
				sed_next_line(&line);
				sed_append(&sed_ps, "\n", 1);
				sed_append(&sed_ps, line.s, line.len);
				free(line.s);
				break;
			}
			case 'g': sed_set(&sed_ps, sed_hold.s ? sed_hold.s : "", sed_hold.len); break;
			case 'G':
				sed_append(&sed_ps, "\n", 1);
				sed_append(&sed_ps, sed_hold.s ? sed_hold.s : "", sed_hold.len);
				break;
			case 'h': sed_set(&sed_hold, sed_ps.s, sed_ps.len); break;
			case 'H':
				sed_append(&sed_hold, "\n", 1);
				sed_append(&sed_hold, sed_ps.s, sed_ps.len);
				break;
			case 'x': {
				struct sed_buf t = sed_ps;
				sed_ps = sed_hold;
				sed_hold = t;
				if (!sed_ps.s)
					sed_set(&sed_ps, "", 0);
				break;
			}
			case 'b': pc = c->jump - 1; break;
			case 't':
				if (subst) {
					subst = 0;
					pc = c->jump - 1;
				}
				break;
			case 'T':
				if (!subst)
					pc = c->jump - 1;
				else
					subst = 0;
				break;
			case 'l': sed_list(); break;
			case 'q': sed_exit = c->nth; goto end;
			case 'Q': sed_exit = c->nth; goto end_no_print;
			case 'r': sed_queue(c->text, 1); break;
			case 'w': sed_print_ps(c->wfile); fflush(c->wfile); break;
			case 's': subst |= sed_subst(c); break;
			case 'y':
				for (size_t i = 0; i < sed_ps.len; i++)
					sed_ps.s[i] = (char)c->map[(unsigned char)sed_ps.s[i]];
				break;
			}
		}
	} while (restart);
end:
	if (autoprint)
		sed_print_ps(sed_out);
end_no_print:
	sed_flush_appends();
	return sed_exit < 0;
}

/* Runs the script over FILES (all as one stream); the output to OUT. */
static void sed_run(char **files, int nfiles, FILE *out)
{
	memset(&sed_in, 0, sizeof(sed_in));
	sed_in.files = files;
	sed_in.nfiles = nfiles;
	sed_out = out;
	sed_in.have_next = sed_raw_line(&sed_in.next);
	while (sed_exit < 0 && sed_next_line(&sed_ps))
		if (!sed_cycle())
			break;
}

/* -i: each file through a temporary file beside it, renamed over it at the end. */
static int sed_in_place(char *name)
{
	struct stat st;
	if (stat(name, &st) < 0) {
		util_warn(name);
		return 2;
	}
	char *tmp = util_alloc(strlen(name) + 16);
	sprintf(tmp, "%s.sedXXXXXX", name);
	int fd = mkstemp(tmp);
	FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!out) {
		util_warn(tmp);
		free(tmp);
		return 4;
	}
	sed_lineno = 0;
	for (size_t i = 0; i < sed_ncmds; i++)
		sed_cmds[i].active = 0;
	sed_run(&name, 1, out);
	fchmod(fd, st.st_mode & 07777);
	if (fclose(out) || rename(tmp, name) < 0) {
		util_warn(name);
		unlink(tmp);
		free(tmp);
		return 4;
	}
	free(tmp);
	return sed_in.status;
}

int main(int argc, char **argv)
{
	int c, given = 0, status = 0;
	struct sed_buf script = { 0 };
	util_init(argc, argv, "sed", sed_help);
	sed_set(&script, "", 0);
	while ((c = getopt(argc, argv, "+nErie:f:s")) != -1) {
		switch (c) {
		case 'n': sed_quiet = 1; break;
		case 'E': case 'r': sed_ext = 1; break;
		case 'i': sed_inplace = 1; break;
		case 's': break;
		case 'e':
			sed_append(&script, optarg, strlen(optarg));
			sed_append(&script, "\n", 1);
			given = 1;
			break;
		case 'f': {
			FILE *f = strcmp(optarg, "-") ? fopen(optarg, "r") : stdin;
			char buf[4096];
			size_t n;
			if (!f) {
				util_warn(optarg);
				return 1;
			}
			while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
				sed_append(&script, buf, n);
			sed_append(&script, "\n", 1);
			if (f != stdin)
				fclose(f);
			given = 1;
			break;
		}
		default: return util_usage(1);
		}
	}
	if (!given) {
		if (optind == argc)
			return util_usage(1);
		sed_append(&script, argv[optind], strlen(argv[optind]));
		optind++;
	}
	/* the options are read before the script is parsed: -E must come first either way */
	sed_parse(script.s);
	if (optind == argc)
		argv[--optind] = "-";
	if (sed_inplace) {
		for (int i = optind; i < argc && sed_exit < 0; i++) {
			int r = sed_in_place(argv[i]);
			status = r > status ? r : status;
		}
	} else {
		sed_run(argv + optind, argc - optind, stdout);
		status = sed_in.status;
	}
	if (fflush(stdout)) {
		util_warn("write error");
		return 4;
	}
	return sed_exit > 0 ? sed_exit : status;
}
