/* input.c: where the parser's characters come from: a string, a file, or the line editor.
 *
 * The text of the command being parsed stays in one growing buffer, so the lexer can step back
 * and command substitutions can take their source text as a slice. More input is read only when
 * the parser asks for it: a script's later lines are not read before its earlier commands run
 * (they may change aliases, or read the same stdin). Aliases are expanded by splicing their
 * value into the buffer; a span list remembers which aliases are being expanded, to stop
 * recursion.
 */
#include "sh.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <fcntl.h>

struct sh_input *sh_input_push_string(struct sh *sh, const char *s, int lineno)
{
	struct sh_input *in = sh_alloc(sizeof *in);
	sh_str_puts(&in->buf, s);
	in->fd = -1;
	in->lineno = lineno;
	in->prev = sh->input;
	sh->input = in;
	return in;
}

struct sh_input *sh_input_push_fd(struct sh *sh, int fd, int interactive)
{
	struct sh_input *in = sh_alloc(sizeof *in);
	sh_str_puts(&in->buf, "");
	in->fd = fd;
	in->interactive = interactive;
	in->lineno = 1;
	in->first_prompt = 1;
	in->prev = sh->input;
	sh->input = in;
	return in;
}

void sh_input_pop(struct sh *sh)
{
	struct sh_input *in = sh->input;
	if (!in)
		return;
	sh->input = in->prev;
	if (in->fd > 2)
		close(in->fd);
	free(in->name);
	for (int i = 0; i < in->naliases; i++)
		free(in->aliases[i].name);
	free(in->aliases);
	free(in->buf.s);
	free(in);
}

/* Read more text into the buffer. stdin is read one byte at a time up to a newline, because
 * the commands we run share that descriptor and must find the rest of it unread. */
static int sh_input_fill(struct sh *sh, struct sh_input *in)
{
	if (in->eof || in->fd < 0) {
		in->eof = 1;
		return 0;
	}
	if (in->interactive && sh->read_line) {
		char *prompt = sh_prompt(sh, !in->first_prompt);
		in->first_prompt = 0;
		char *line = sh->read_line(sh, prompt);
		free(prompt);
		if (!line) {
			in->eof = 1;
			return 0;
		}
		sh_str_puts(&in->buf, line);
		free(line);
		return 1;
	}
	if (in->interactive) {
		char *prompt = sh_prompt(sh, !in->first_prompt);
		in->first_prompt = 0;
		sh_write_all(2, prompt, strlen(prompt));
		free(prompt);
	}
	size_t before = in->buf.len;
	for (;;) {
		char chunk[4096];
		size_t want = in->fd == 0 || in->interactive ? 1 : sizeof chunk;
		ssize_t n = read(in->fd, chunk, want);
		if (n < 0 && errno == EINTR) {
			if (in->interactive)
				sh_traps_run(sh);
			continue;
		}
		if (n <= 0) {
			in->eof = 1;
			break;
		}
		sh_str_putn(&in->buf, chunk, (size_t)n);
		if (want > 1 || chunk[0] == '\n')
			break;
	}
	return in->buf.len > before;
}

int sh_in_getc(struct sh_parser *p)
{
	struct sh_input *in = p->in;
	while (in->pos >= in->buf.len) {
		if (!sh_input_fill(p->sh, in))
			return -1;
	}
	int c = (unsigned char)in->buf.s[in->pos++];
	if (c == '\n')
		in->lineno++;
	return c;
}

void sh_in_ungetc(struct sh_parser *p)
{
	struct sh_input *in = p->in;
	if (in->pos == 0)
		return;
	in->pos--;
	if (in->buf.s[in->pos] == '\n')
		in->lineno--;
}

/* Drop the text already parsed and run, keeping what follows it on the same line. */
void sh_input_discard(struct sh_input *in)
{
	size_t k = in->pos;
	if (k == 0)
		return;
	memmove(in->buf.s, in->buf.s + k, in->buf.len - k + 1);
	in->buf.len -= k;
	in->pos = 0;
	int j = 0;
	for (int i = 0; i < in->naliases; i++) {
		if (in->aliases[i].end > k) {
			in->aliases[i].end -= k;
			in->aliases[j++] = in->aliases[i];
		} else {
			free(in->aliases[i].name);
		}
	}
	in->naliases = j;
	in->first_prompt = 1;
}

/* Is the alias being expanded around the word just read, which ends at pos? */
int sh_input_alias_active(struct sh_input *in, const char *name)
{
	for (int i = 0; i < in->naliases; i++)
		if (in->aliases[i].end > in->pos - strlen(name) && !strcmp(in->aliases[i].name, name))
			return 1;
	return 0;
}

/* The word just read, buf[start, pos), is replaced by the alias text; reading resumes at its
 * start. Spans after the splice point move with the text. */
void sh_input_splice_alias(struct sh_input *in, const char *name, const char *text)
{
	size_t len = strlen(name), tl = strlen(text);
	size_t start = in->pos - len;
	struct sh_str nb = {0};
	sh_str_putn(&nb, in->buf.s, start);
	sh_str_puts(&nb, text);
	sh_str_puts(&nb, in->buf.s + in->pos);
	free(in->buf.s);
	in->buf = nb;
	for (int i = 0; i < in->naliases; i++)
		if (in->aliases[i].end >= in->pos)
			in->aliases[i].end = in->aliases[i].end - len + tl;
	in->aliases = sh_realloc(in->aliases, sizeof *in->aliases * (size_t)(in->naliases + 1));
	in->aliases[in->naliases].name = sh_strdup(name);
	in->aliases[in->naliases].end = start + tl;
	in->naliases++;
	in->pos = start;
}
