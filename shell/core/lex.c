/* lex.c: the tokenizer. Words keep their quoting as written (the expander reads it later);
 * operators become tokens; here-document bodies are read after the newline that ends their
 * line; aliases are expanded here, in command position.
 *
 * A command substitution $( ... ) is found by running the parser over it (sh_parse_skip_subst),
 * because only the grammar knows where it ends (a `case` pattern's `)` does not end it).
 */
#include "sh.h"
#include <stdlib.h>
#include <string.h>

static const char *sh_tok_names[] = {
	"end of file", "word", "newline", "io number", "&&", "||", ";;", ";&", ";", "&", "|", "(", ")",
	"<", ">", ">>", "<&", ">&", "<>", ">|", "<<", "<<-",
};

const char *sh_tok_name(int tok)
{
	return sh_tok_names[tok];
}

static int sh_lex_word_part(struct sh_parser *p, struct sh_str *w, int c, int in_dq);

/* \<newline> disappears everywhere outside single quotes; this reads past it. */
static int sh_lex_getc(struct sh_parser *p)
{
	for (;;) {
		int c = sh_in_getc(p);
		if (c != '\\')
			return c;
		int d = sh_in_getc(p);
		if (d == '\n')
			continue;
		if (d >= 0)
			sh_in_ungetc(p);
		return c;
	}
}

static void sh_lex_eof_in(struct sh_parser *p, const char *what)
{
	p->incomplete = 1;
	sh_syntax_error(p, "Syntax error: Unterminated %s", what);
}

static void sh_lex_squote(struct sh_parser *p, struct sh_str *w)
{
	sh_str_putc(w, '\'');
	for (;;) {
		int c = sh_in_getc(p);
		if (c < 0) {
			sh_lex_eof_in(p, "quoted string");
			return;
		}
		sh_str_putc(w, c);
		if (c == '\'')
			return;
	}
}

static void sh_lex_dquote(struct sh_parser *p, struct sh_str *w)
{
	sh_str_putc(w, '"');
	for (;;) {
		int c = sh_lex_getc(p);
		if (c < 0) {
			sh_lex_eof_in(p, "quoted string");
			return;
		}
		if (c == '"') {
			sh_str_putc(w, c);
			return;
		}
		if (sh_lex_word_part(p, w, c, 1) < 0)
			return;
	}
}

static void sh_lex_bquote(struct sh_parser *p, struct sh_str *w)
{
	sh_str_putc(w, '`');
	for (;;) {
		int c = sh_in_getc(p);
		if (c < 0) {
			p->incomplete = 1;
			sh_syntax_error(p, "Syntax error: EOF in backquote substitution");
			return;
		}
		sh_str_putc(w, c);
		if (c == '`')
			return;
		if (c == '\\') {
			c = sh_in_getc(p);
			if (c >= 0)
				sh_str_putc(w, c);
		}
	}
}

static void sh_lex_brace(struct sh_parser *p, struct sh_str *w, int in_dq)
{
	sh_str_puts(w, "${");
	int in_name = 1;   /* still reading the parameter's name: a newline there is an error */
	for (;;) {
		int c = sh_lex_getc(p);
		if (c < 0 || (in_name && c == '\n')) {
			p->incomplete = c < 0;
			if (c == '\n')
				sh_in_ungetc(p);   /* the error is on the line the newline ends */
			sh_syntax_error(p, "Syntax error: Missing '}'");
			return;
		}
		if (!(c == '_' || c == '#' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			in_name = 0;
		if (c == '}') {
			sh_str_putc(w, c);
			return;
		}
		if (c == '\'' && !in_dq) {
			sh_lex_squote(p, w);
			continue;
		}
		if (sh_lex_word_part(p, w, c, in_dq) < 0)
			return;
	}
}

/* $(( ... )) if the parentheses balance to a closing "))", else it was $( ( ... ) ). */
static int sh_lex_arith(struct sh_parser *p, struct sh_str *w)
{
	size_t start = p->in->pos, wlen = w->len;
	int line = p->in->lineno, depth = 0;
	sh_str_puts(w, "$((");
	for (;;) {
		int c = sh_lex_getc(p);
		if (c < 0)
			break;
		if (c == '(')
			depth++;
		else if (c == ')') {
			if (depth == 0) {
				int e = sh_lex_getc(p);
				if (e >= 0)
					sh_in_ungetc(p);
				if (e == ')') {
					sh_lex_getc(p);
					sh_str_puts(w, "))");
					return 1;
				}
				break;
			}
			depth--;
		}
		if (c == '"') {
			sh_lex_dquote(p, w);
			continue;
		}
		if (c == '\'') {
			sh_lex_squote(p, w);
			continue;
		}
		if (sh_lex_word_part(p, w, c, 1) < 0)
			return 1;
		if (c == '$' || c == '`' || c == '\\')
			continue;
	}
	p->in->pos = start;
	p->in->lineno = line;
	w->len = wlen;
	w->s[wlen] = 0;
	return 0;
}

static void sh_lex_cmdsubst(struct sh_parser *p, struct sh_str *w)
{
	size_t start = p->in->pos;
	if (sh_parse_skip_subst(p) < 0)
		return;
	/* pos is just past the closing parenthesis. The word marks the substitution with
	 * SH_CTL_SUB ... SH_CTL_END, so the expander finds its end without parsing it again. */
	sh_str_putc(w, SH_CTL_SUB);
	sh_str_putn(w, p->in->buf.s + start, p->in->pos - start - 1);
	sh_str_putc(w, SH_CTL_END);
}

/* One character c of a word (and what it opens). Returns -1 after a syntax error. */
static int sh_lex_word_part(struct sh_parser *p, struct sh_str *w, int c, int in_dq)
{
	if (c == '\\') {
		sh_str_putc(w, c);
		c = sh_in_getc(p);
		if (c >= 0)
			sh_str_putc(w, c);
	} else if (c == '\'' && !in_dq) {
		sh_lex_squote(p, w);
	} else if (c == '"' && !in_dq) {
		sh_lex_dquote(p, w);
	} else if (c == '`') {
		sh_lex_bquote(p, w);
	} else if (c == '$') {
		int d = sh_lex_getc(p);
		if (d == '{') {
			sh_lex_brace(p, w, in_dq);
		} else if (d == '(') {
			int e = sh_lex_getc(p);
			if (e >= 0)
				sh_in_ungetc(p);
			if (e == '(') {
				sh_lex_getc(p);
				if (sh_lex_arith(p, w))
					return p->error ? -1 : 0;
			}
			sh_lex_cmdsubst(p, w);
		} else {
			sh_str_putc(w, '$');
			if (d >= 0)
				sh_in_ungetc(p);
		}
	} else {
		sh_str_putc(w, c);
	}
	return p->error ? -1 : 0;
}

/* Delimiter of a here-document: quote removal, and whether any quoting was there. */
static char *sh_lex_heredoc_delim(const char *w, int *quoted)
{
	struct sh_str b = {0};
	*quoted = 0;
	for (const char *s = w; *s; s++) {
		if (*s == '\\' && s[1]) {
			*quoted = 1;
			sh_str_putc(&b, *++s);
		} else if (*s == '\'' || *s == '"') {
			*quoted = 1;
		} else {
			sh_str_putc(&b, *s);
		}
	}
	return sh_str_take(&b);
}

static void sh_lex_read_heredocs(struct sh_parser *p)
{
	struct sh_heredoc_pending *h = p->heredocs;
	p->heredocs = NULL;
	p->heredoc_tail = &p->heredocs;
	for (; h; h = h->next) {
		struct sh_redir *r = h->r;
		char *delim = sh_lex_heredoc_delim(r->word, &r->quoted);
		struct sh_str body = {0};
		sh_str_puts(&body, "");
		for (;;) {
			struct sh_str line = {0};
			int c;
			sh_str_puts(&line, "");
			while ((c = sh_in_getc(p)) >= 0 && c != '\n')
				sh_str_putc(&line, c);
			/* In an unquoted body, backslash-newline joins lines before the delimiter is
			 * looked for (so "EO\<newline>F" can end it, and "c\<newline>EOF" cannot). */
			while (!r->quoted && c == '\n' && line.len > 0 && line.s[line.len - 1] == '\\') {
				size_t k = line.len, nb = 0;
				while (k > 0 && line.s[k - 1] == '\\')
					k--, nb++;
				if (nb % 2 == 0)
					break;
				line.s[--line.len] = 0;
				while ((c = sh_in_getc(p)) >= 0 && c != '\n')
					sh_str_putc(&line, c);
			}
			const char *l = line.s;
			if (r->strip_tabs)
				while (*l == '\t')
					l++;
			if (!strcmp(l, delim) || (c < 0 && !*l)) {
				free(line.s);
				break;
			}
			sh_str_puts(&body, l);
			sh_str_putc(&body, '\n');
			free(line.s);
			if (c < 0)
				break;
		}
		r->body = sh_arena_strdup(p->arena, body.s);
		free(body.s);
		free(delim);
	}
}

static int sh_lex_op(struct sh_parser *p, int c)
{
	int d = sh_lex_getc(p);
	switch (c) {
	case '&':
		if (d == '&') return SH_T_AND_IF;
		break;
	case '|':
		if (d == '|') return SH_T_OR_IF;
		break;
	case ';':
		if (d == ';') return SH_T_DSEMI;
		if (d == '&') return SH_T_SEMI_AND;
		break;
	case '<':
		if (d == '&') return SH_T_LESSAND;
		if (d == '>') return SH_T_LESSGREAT;
		if (d == '<') {
			if (sh_lex_getc(p) == '-')
				return SH_T_DLESSDASH;
			sh_in_ungetc(p);
			return SH_T_DLESS;
		}
		break;
	case '>':
		if (d == '>') return SH_T_DGREAT;
		if (d == '&') return SH_T_GREATAND;
		if (d == '|') return SH_T_CLOBBER;
		break;
	}
	if (d >= 0)
		sh_in_ungetc(p);
	switch (c) {
	case '&': return SH_T_AMP;
	case '|': return SH_T_PIPE;
	case ';': return SH_T_SEMI;
	case '<': return SH_T_LESS;
	case '>': return SH_T_GREAT;
	case '(': return SH_T_LPAREN;
	default: return SH_T_RPAREN;
	}
}

static int sh_lex_is_meta(int c)
{
	return c < 0 || c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' ||
	       c == '(' || c == ')' || c == '<' || c == '>';
}

/* Read the next token into p->tok (and p->text for words). */
int sh_lex(struct sh_parser *p)
{
	int c;
	int check_alias = p->cmd_pos;
again:
	free(p->text);
	p->text = NULL;
	p->tok_quoted = 0;
	do
		c = sh_lex_getc(p);
	while (c == ' ' || c == '\t');
	if (c == '#') {
		while ((c = sh_in_getc(p)) >= 0 && c != '\n')
			;
	}
	p->tok_line = p->in->lineno;
	p->tok_start = p->in->pos > 0 ? p->in->pos - 1 : 0;
	if (c < 0)
		return p->tok = SH_T_EOF;
	if (c == '\n') {
		p->tok_line = p->in->lineno - 1;
		if (p->heredocs)
			sh_lex_read_heredocs(p);
		p->alias_blank = 0;
		return p->tok = SH_T_NEWLINE;
	}
	if (strchr("&|;<>()", c)) {
		p->alias_blank = 0;
		return p->tok = sh_lex_op(p, c);
	}
	struct sh_str w = {0};
	size_t start = p->in->pos - 1;
	for (; !sh_lex_is_meta(c); c = sh_lex_getc(p)) {
		if (c == '\\' || c == '\'' || c == '"')
			p->tok_quoted = 1;
		if (sh_lex_word_part(p, &w, c, 0) < 0) {
			free(w.s);
			return p->tok = SH_T_EOF;
		}
	}
	if (c >= 0)
		sh_in_ungetc(p);
	p->text = sh_str_take(&w);
	if (p->alias_blank && start >= p->alias_blank_end) {
		check_alias = 1;
		p->alias_blank = 0;
	}
	if ((c == '<' || c == '>') && p->text[strspn(p->text, "0123456789")] == 0)
		return p->tok = SH_T_IONUM;
	if (check_alias && !p->tok_quoted && p->in->pos - start == strlen(p->text)) {
		const char *a = sh_alias_get(p->sh, p->text);
		static const char *const reserved[] = {"if", "then", "else", "elif", "fi", "do", "done",
			"case", "esac", "while", "until", "for", "{", "}", "!", "in", NULL};
		int is_reserved = 0;
		for (int i = 0; reserved[i]; i++)
			if (!strcmp(reserved[i], p->text))
				is_reserved = 1;
		if (a && !is_reserved && !sh_input_alias_active(p->in, p->text)) {
			sh_input_splice_alias(p->in, p->text, a);
			size_t n = strlen(a);
			check_alias = 1;
			/* A value ending in a blank makes the next word a candidate too. */
			/* A value ending in a blank makes the word after it a candidate too. */
			if (n > 0 && (a[n - 1] == ' ' || a[n - 1] == '\t')) {
				p->alias_blank = 1;
				p->alias_blank_end = p->in->pos + n;
			}
			goto again;
		}
	}
	return p->tok = SH_T_WORD;
}
