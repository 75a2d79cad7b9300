/* parse.c: the recursive-descent parser for the POSIX shell grammar, building the tree that
 * exec.c runs. One call parses one complete command (a line's worth: an and-or list with its
 * separators), so a script runs command by command as it is read.
 *
 * Reserved words are words the parser recognises by position (unquoted, where a command may
 * start); the lexer knows nothing of them except for alias expansion.
 */
#include "sh.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

static struct sh_node *sh_parse_and_or(struct sh_parser *p);
static struct sh_node *sh_parse_pipeline(struct sh_parser *p);

static int sh_peek(struct sh_parser *p)
{
	if (!p->peeked) {
		if (p->error)
			return SH_T_EOF;
		sh_lex(p);
		p->peeked = 1;
	}
	return p->tok;
}

static void sh_next(struct sh_parser *p)
{
	p->peeked = 0;
}

/* Peek with the next word in command position (aliases and reserved words apply). */
static int sh_peek_cmd(struct sh_parser *p)
{
	if (!p->peeked)
		p->cmd_pos = 1;
	int t = sh_peek(p);
	p->cmd_pos = 0;
	return t;
}

static int sh_is_kw(struct sh_parser *p, const char *kw)
{
	return p->tok == SH_T_WORD && !p->tok_quoted && !strcmp(p->text, kw);
}

void sh_syntax_error(struct sh_parser *p, const char *fmt, ...)
{
	if (p->error)
		return;
	p->error = 1;
	va_list ap;
	va_start(ap, fmt);
	p->sh->lineno = p->in->lineno;
	sh_verrmsg(p->sh, fmt, ap);
	va_end(ap);
}

/* "Syntax error: "fi" unexpected (expecting "done")": the token at hand, and what would fit. */
static void sh_unexpected(struct sh_parser *p, const char *expecting)
{
	char tok[64];
	if (p->error)
		return;
	if (p->tok == SH_T_EOF) {
		p->incomplete = 1;
		snprintf(tok, sizeof tok, "end of file");
	} else if (p->tok == SH_T_NEWLINE) {
		snprintf(tok, sizeof tok, "newline");
	} else {
		snprintf(tok, sizeof tok, "\"%.50s\"", p->tok == SH_T_WORD || p->tok == SH_T_IONUM ? p->text : sh_tok_name(p->tok));
	}
	p->sh->lineno = p->tok_line;
	if (expecting)
		sh_syntax_error(p, "Syntax error: %s unexpected (expecting \"%s\")", tok, expecting);
	else
		sh_syntax_error(p, "Syntax error: %s unexpected", tok);
	p->sh->lineno = p->tok_line;
}

static struct sh_node *sh_node_new(struct sh_parser *p, int type)
{
	struct sh_node *n = sh_arena_alloc(p->arena, sizeof *n);
	n->type = type;
	n->lineno = p->tok_line;
	return n;
}

static char **sh_push_word(struct sh_parser *p, char **v, int *n, const char *w)
{
	char **nv = sh_arena_alloc(p->arena, sizeof(char *) * (size_t)(*n + 2));
	if (*n)
		memcpy(nv, v, sizeof(char *) * (size_t)*n);
	nv[(*n)++] = sh_arena_strdup(p->arena, w);
	return nv;
}

static void sh_linebreak(struct sh_parser *p)
{
	while (sh_peek_cmd(p) == SH_T_NEWLINE)
		sh_next(p);
}

static int sh_expect_kw(struct sh_parser *p, const char *kw)
{
	if (sh_peek_cmd(p) == SH_T_WORD && sh_is_kw(p, kw)) {
		sh_next(p);
		return 1;
	}
	sh_unexpected(p, kw);
	return 0;
}

/* Can the token at hand start a command? (Not a closing keyword or operator.) */
static int sh_at_list_end(struct sh_parser *p)
{
	static const char *const closers[] = {"then", "else", "elif", "fi", "do", "done", "esac", "}", NULL};
	int t = sh_peek_cmd(p);
	if (t == SH_T_EOF || t == SH_T_RPAREN || t == SH_T_DSEMI || t == SH_T_SEMI_AND)
		return 1;
	if (t == SH_T_WORD && !p->tok_quoted)
		for (int i = 0; closers[i]; i++)
			if (!strcmp(p->text, closers[i]))
				return 1;
	return 0;
}

static struct sh_node *sh_join(struct sh_parser *p, int type, struct sh_node *a, struct sh_node *b)
{
	if (!a)
		return b;
	struct sh_node *n = sh_node_new(p, type);
	n->a = a;
	n->b = b;
	n->lineno = a->lineno;
	return n;
}

/* compound_list: and-or lists separated by ; & or newlines, up to a closing word. */
struct sh_node *sh_parse_list(struct sh_parser *p, const char *expect)
{
	struct sh_node *list = NULL;
	sh_linebreak(p);
	while (!p->error && !sh_at_list_end(p)) {
		struct sh_node *n = sh_parse_and_or(p);
		if (!n)
			break;
		int t = sh_peek(p);
		if (t == SH_T_AMP) {
			struct sh_node *bg = sh_node_new(p, SH_N_BG);
			bg->a = n;
			bg->lineno = n->lineno;
			n = bg;
		}
		list = sh_join(p, SH_N_SEQ, list, n);
		if (t == SH_T_AMP || t == SH_T_SEMI || t == SH_T_NEWLINE) {
			sh_next(p);
			sh_linebreak(p);
		} else {
			break;
		}
	}
	if (!list && !p->error) {
		sh_peek_cmd(p);
		sh_unexpected(p, p->tok == SH_T_EOF ? expect : NULL);
	}
	return p->error ? NULL : list;
}

static struct sh_node *sh_parse_and_or(struct sh_parser *p)
{
	struct sh_node *n = sh_parse_pipeline(p);
	for (;;) {
		if (!n || p->error)
			return NULL;
		int t = sh_peek(p);
		if (t != SH_T_AND_IF && t != SH_T_OR_IF)
			return n;
		sh_next(p);
		sh_linebreak(p);
		struct sh_node *r = sh_parse_pipeline(p);
		if (!r)
			return NULL;
		n = sh_join(p, t == SH_T_AND_IF ? SH_N_AND : SH_N_OR, n, r);
	}
}

static int sh_is_redir_tok(int t)
{
	return t == SH_T_IONUM || (t >= SH_T_LESS && t <= SH_T_DLESSDASH);
}

static struct sh_redir *sh_parse_redir(struct sh_parser *p)
{
	struct sh_redir *r = sh_arena_alloc(p->arena, sizeof *r);
	int t = sh_peek(p);
	r->fd = -1;
	if (t == SH_T_IONUM) {
		long fd;
		if (!sh_parse_int(p->text, &fd) || fd > 1000000) {
			sh_syntax_error(p, "Syntax error: Bad fd number");
			return NULL;
		}
		r->fd = (int)fd;
		sh_next(p);
		t = sh_peek(p);
	}
	static const int ops[] = {SH_R_IN, SH_R_OUT, SH_R_APPEND, SH_R_DUPIN, SH_R_DUPOUT, SH_R_RDWR,
				  SH_R_CLOBBER, SH_R_HEREDOC, SH_R_HEREDOC};
	r->op = ops[t - SH_T_LESS];
	if (r->fd < 0)
		r->fd = (r->op == SH_R_IN || r->op == SH_R_DUPIN || r->op == SH_R_RDWR || r->op == SH_R_HEREDOC) ? 0 : 1;
	r->strip_tabs = t == SH_T_DLESSDASH;
	sh_next(p);
	if (sh_peek(p) != SH_T_WORD) {
		sh_unexpected(p, NULL);
		return NULL;
	}
	r->word = sh_arena_strdup(p->arena, p->text);
	sh_next(p);
	if ((r->op == SH_R_DUPIN || r->op == SH_R_DUPOUT) && strcmp(r->word, "-") &&
	    r->word[strcspn(r->word, "$`'\"\\\001")] == 0 && r->word[strspn(r->word, "0123456789")] != 0) {
		/* a literal that is no descriptor: found as the line is read, as dash does */
		sh_peek(p);
		sh_syntax_error(p, "Syntax error: Bad fd number");
		return NULL;
	}
	if (r->op == SH_R_HEREDOC) {
		struct sh_heredoc_pending *h = sh_arena_alloc(p->arena, sizeof *h);
		h->r = r;
		*p->heredoc_tail = h;
		p->heredoc_tail = &h->next;
	}
	return r;
}

/* Redirections after a compound command. */
static struct sh_node *sh_parse_trailing_redirs(struct sh_parser *p, struct sh_node *n)
{
	struct sh_redir **tail = &n->redirs;
	while (!p->error && sh_is_redir_tok(sh_peek(p))) {
		*tail = sh_parse_redir(p);
		if (*tail)
			tail = &(*tail)->next;
	}
	return p->error ? NULL : n;
}

static struct sh_node *sh_parse_if(struct sh_parser *p)
{
	struct sh_node *n = sh_node_new(p, SH_N_IF);
	n->a = sh_parse_list(p, "then");
	if (!n->a || !sh_expect_kw(p, "then"))
		return NULL;
	n->b = sh_parse_list(p, "fi");
	if (!n->b)
		return NULL;
	sh_peek_cmd(p);
	if (sh_is_kw(p, "elif")) {
		sh_next(p);
		n->c = sh_parse_if(p);
		return n->c ? n : NULL;
	}
	if (sh_is_kw(p, "else")) {
		sh_next(p);
		n->c = sh_parse_list(p, "fi");
		if (!n->c)
			return NULL;
	}
	return sh_expect_kw(p, "fi") ? n : NULL;
}

static struct sh_node *sh_parse_do_group(struct sh_parser *p, struct sh_node *n)
{
	if (!sh_expect_kw(p, "do"))
		return NULL;
	n->b = sh_parse_list(p, "done");
	if (!n->b || !sh_expect_kw(p, "done"))
		return NULL;
	return n;
}

static struct sh_node *sh_parse_for(struct sh_parser *p)
{
	struct sh_node *n = sh_node_new(p, SH_N_FOR);
	if (sh_peek(p) != SH_T_WORD || !sh_is_name(p->text)) {
		sh_syntax_error(p, "Syntax error: Bad for loop variable");
		return NULL;
	}
	n->name = sh_arena_strdup(p->arena, p->text);
	sh_next(p);
	sh_linebreak(p);
	if (sh_is_kw(p, "in")) {
		sh_next(p);
		n->has_in = 1;
		while (sh_peek(p) == SH_T_WORD) {
			n->words = sh_push_word(p, n->words, &n->nwords, p->text);
			sh_next(p);
		}
		if (p->tok != SH_T_SEMI && p->tok != SH_T_NEWLINE) {
			sh_unexpected(p, "do");
			return NULL;
		}
		sh_next(p);
	} else if (p->tok == SH_T_SEMI) {
		sh_next(p);
	}
	sh_linebreak(p);
	return sh_parse_do_group(p, n);
}

static struct sh_node *sh_parse_case(struct sh_parser *p)
{
	struct sh_node *n = sh_node_new(p, SH_N_CASE);
	if (sh_peek(p) != SH_T_WORD) {
		sh_unexpected(p, NULL);
		return NULL;
	}
	n->name = sh_arena_strdup(p->arena, p->text);
	sh_next(p);
	sh_linebreak(p);
	if (!sh_expect_kw(p, "in"))
		return NULL;
	struct sh_case_item **tail = &n->items;
	for (;;) {
		/* a pattern is not in command position: no alias expansion there */
		while (sh_peek(p) == SH_T_NEWLINE)
			sh_next(p);
		if (sh_is_kw(p, "esac")) {
			sh_next(p);
			return n;
		}
		struct sh_case_item *it = sh_arena_alloc(p->arena, sizeof *it);
		if (sh_peek(p) == SH_T_LPAREN)
			sh_next(p);
		for (;;) {
			if (sh_peek(p) != SH_T_WORD) {
				sh_unexpected(p, ")");
				return NULL;
			}
			it->pats = sh_push_word(p, it->pats, &it->npats, p->text);
			sh_next(p);
			if (sh_peek(p) == SH_T_PIPE) {
				sh_next(p);
				continue;
			}
			if (p->tok == SH_T_RPAREN) {
				sh_next(p);
				break;
			}
			sh_unexpected(p, ")");
			return NULL;
		}
		sh_linebreak(p);
		if (!sh_at_list_end(p)) {
			it->body = sh_parse_list(p, ";;");
			if (!it->body)
				return NULL;
		}
		*tail = it;
		tail = &it->next;
		int t = sh_peek_cmd(p);
		if (t == SH_T_DSEMI || t == SH_T_SEMI_AND) {
			it->fallthrough = t == SH_T_SEMI_AND;
			sh_next(p);
			continue;
		}
		if (sh_is_kw(p, "esac")) {
			sh_next(p);
			return n;
		}
		sh_unexpected(p, "esac");
		return NULL;
	}
}

static struct sh_node *sh_parse_compound(struct sh_parser *p)
{
	struct sh_node *n = NULL;
	int line = p->tok_line;
	if (p->tok == SH_T_LPAREN) {
		sh_next(p);
		n = sh_node_new(p, SH_N_SUBSHELL);
		n->a = sh_parse_list(p, ")");
		if (!n->a)
			return NULL;
		if (sh_peek(p) != SH_T_RPAREN) {
			sh_unexpected(p, ")");
			return NULL;
		}
		sh_next(p);
	} else {
		char kw[8];
		snprintf(kw, sizeof kw, "%s", p->text);
		sh_next(p);
		if (!strcmp(kw, "{")) {
			n = sh_node_new(p, SH_N_GROUP);
			n->a = sh_parse_list(p, "}");
			if (!n->a || !sh_expect_kw(p, "}"))
				return NULL;
		} else if (!strcmp(kw, "if")) {
			n = sh_parse_if(p);
		} else if (!strcmp(kw, "while") || !strcmp(kw, "until")) {
			n = sh_node_new(p, kw[0] == 'w' ? SH_N_WHILE : SH_N_UNTIL);
			n->a = sh_parse_list(p, "do");
			n = n->a ? sh_parse_do_group(p, n) : NULL;
		} else if (!strcmp(kw, "for")) {
			n = sh_parse_for(p);
		} else {
			n = sh_parse_case(p);
		}
		if (!n)
			return NULL;
	}
	n->lineno = line;
	return sh_parse_trailing_redirs(p, n);
}

static int sh_is_compound_start(struct sh_parser *p)
{
	static const char *const kws[] = {"{", "if", "while", "until", "for", "case", NULL};
	if (p->tok == SH_T_LPAREN)
		return 1;
	if (p->tok != SH_T_WORD || p->tok_quoted)
		return 0;
	for (int i = 0; kws[i]; i++)
		if (!strcmp(p->text, kws[i]))
			return 1;
	return 0;
}

static struct sh_node *sh_parse_funcdef(struct sh_parser *p, const char *name)
{
	struct sh_node *n = sh_node_new(p, SH_N_FUNC);
	n->arena = p->arena;
	n->name = sh_arena_strdup(p->arena, name);
	sh_next(p);   /* ( */
	if (sh_peek(p) != SH_T_RPAREN) {
		sh_unexpected(p, ")");
		return NULL;
	}
	sh_next(p);
	sh_linebreak(p);
	if (!sh_is_compound_start(p)) {
		sh_unexpected(p, NULL);
		return NULL;
	}
	n->a = sh_parse_compound(p);
	return n->a ? n : NULL;
}

static struct sh_node *sh_parse_simple(struct sh_parser *p)
{
	struct sh_node *n = sh_node_new(p, SH_N_CMD);
	struct sh_redir **tail = &n->redirs;
	for (;;) {
		int t = n->nwords == 0 ? sh_peek_cmd(p) : sh_peek(p);
		if (sh_is_redir_tok(t)) {
			*tail = sh_parse_redir(p);
			if (!*tail)
				return NULL;
			tail = &(*tail)->next;
		} else if (t == SH_T_WORD) {
			const char *eq = strchr(p->text, '=');
			if (n->nwords == 0 && eq && eq != p->text && sh_is_name_n(p->text, (size_t)(eq - p->text))) {
				n->assigns = sh_push_word(p, n->assigns, &n->nassigns, p->text);
				sh_next(p);
				continue;
			}
			n->words = sh_push_word(p, n->words, &n->nwords, p->text);
			sh_next(p);
			if (n->nwords == 1 && n->nassigns == 0 && !n->redirs && sh_peek(p) == SH_T_LPAREN) {
				/* a special builtin cannot be replaced by a function (dash refuses it too) */
				const struct sh_builtin *b = sh_builtin_find(n->words[0]);
				if (!sh_is_name(n->words[0]) || (b && b->special)) {
					sh_syntax_error(p, "Syntax error: Bad function name");
					return NULL;
				}
				return sh_parse_funcdef(p, n->words[0]);
			}
		} else {
			break;
		}
	}
	if (!n->nwords && !n->nassigns && !n->redirs) {
		sh_unexpected(p, NULL);
		return NULL;
	}
	return n;
}

static struct sh_node *sh_parse_pipeline(struct sh_parser *p)
{
	int bang = 0;
	if (sh_stack_low(p->sh)) {
		sh_syntax_error(p, "Syntax error: nesting too deep (the stack is used up)");
		return NULL;
	}
	sh_peek_cmd(p);
	size_t start = p->tok_start;
	if (sh_peek_cmd(p) == SH_T_WORD && sh_is_kw(p, "!")) {
		bang = 1;
		sh_next(p);
	}
	struct sh_node *pipe = NULL;
	for (;;) {
		sh_peek_cmd(p);
		struct sh_node *c;
		if (sh_at_list_end(p) && p->tok == SH_T_WORD) {
			sh_unexpected(p, NULL);
			return NULL;
		}
		if (sh_is_compound_start(p))
			c = sh_parse_compound(p);
		else if (p->tok == SH_T_WORD || sh_is_redir_tok(p->tok))
			c = sh_parse_simple(p);
		else {
			sh_unexpected(p, NULL);
			return NULL;
		}
		if (!c)
			return NULL;
		if (!pipe) {
			pipe = sh_node_new(p, SH_N_PIPE);
			pipe->lineno = c->lineno;
		}
		/* arena arrays cannot grow in place: copy into a larger one */
		struct sh_node **kids = sh_arena_alloc(p->arena, sizeof(struct sh_node *) * (size_t)(pipe->nkids + 1));
		if (pipe->nkids)
			memcpy(kids, pipe->kids, sizeof(struct sh_node *) * (size_t)pipe->nkids);
		kids[pipe->nkids++] = c;
		pipe->kids = kids;
		if (sh_peek(p) != SH_T_PIPE)
			break;
		sh_next(p);
		sh_linebreak(p);
	}
	pipe->bang = bang;
	/* The source text, for job listings. */
	size_t end = p->in->pos;
	if (end > p->in->buf.len)
		end = p->in->buf.len;
	while (start < end && strchr(" \t", p->in->buf.s[start]))
		start++;
	while (end > start && strchr(" \t\n;&|)", p->in->buf.s[end - 1]))
		end--;
	char *text = sh_strndup(p->in->buf.s + start, end > start ? end - start : 0);
	pipe->name = sh_arena_strdup(p->arena, text);
	free(text);
	return pipe;
}

static void sh_parser_init(struct sh_parser *p, struct sh *sh, struct sh_input *in, struct sh_arena *a)
{
	memset(p, 0, sizeof *p);
	p->sh = sh;
	p->in = in;
	p->arena = a;
	p->heredoc_tail = &p->heredocs;
}

/* Parse one complete command. SH_PARSE_EOF at end of input. */
int sh_parse_command(struct sh *sh, struct sh_input *in, struct sh_node **out, struct sh_arena **arena)
{
	struct sh_parser p;
	struct sh_arena *a = sh_arena_new();
	sh_parser_init(&p, sh, in, a);
	*out = NULL;
	*arena = a;
	struct sh_node *list = NULL;
	while (sh_peek_cmd(&p) == SH_T_NEWLINE) {
		sh_next(&p);
		sh_input_discard(in);
		if (in->interactive) {
			/* an empty line at the prompt: back to the caller, which reports finished jobs */
			free(p.text);
			return SH_PARSE_OK;
		}
	}
	if (p.tok == SH_T_EOF && !p.error) {
		free(p.text);
		return SH_PARSE_EOF;
	}
	while (!p.error) {
		struct sh_node *n = sh_parse_and_or(&p);
		if (!n)
			break;
		int t = sh_peek(&p);
		if (t == SH_T_AMP) {
			struct sh_node *bg = sh_node_new(&p, SH_N_BG);
			bg->a = n;
			bg->lineno = n->lineno;
			n = bg;
		}
		list = sh_join(&p, SH_N_SEQ, list, n);
		if (t == SH_T_AMP || t == SH_T_SEMI) {
			sh_next(&p);
			t = sh_peek_cmd(&p);
			if (t == SH_T_NEWLINE || t == SH_T_EOF) {
				sh_next(&p);
				break;
			}
			continue;
		}
		if (t == SH_T_NEWLINE || t == SH_T_EOF) {
			sh_next(&p);
			break;
		}
		sh_unexpected(&p, NULL);
	}
	free(p.text);
	if (p.error) {
		/* Skip the rest of the line, so an interactive shell starts afresh. */
		in->pos = in->buf.len;
		return SH_PARSE_ERROR;
	}
	*out = list;
	return SH_PARSE_OK;
}

/* A here-document body keeps $( ... ) as written: find its end by parsing, s being just after
 * the "$(". Returns the length up to and including the ")", or -1. */
long sh_parse_subst_len(struct sh *sh, const char *s)
{
	struct sh_input in;
	memset(&in, 0, sizeof in);
	sh_str_puts(&in.buf, s);
	in.fd = -1;
	in.lineno = sh->lineno;
	struct sh_parser p;
	struct sh_arena *a = sh_arena_new();
	sh_parser_init(&p, sh, &in, a);
	int r = sh_parse_skip_subst(&p);
	long len = r < 0 ? -1 : (long)in.pos;
	sh_arena_unref(a);
	free(in.buf.s);
	for (int i = 0; i < in.naliases; i++)
		free(in.aliases[i].name);
	free(in.aliases);
	return len;
}

/* The lexer met "$(": parse the command list up to ")" on the same input, for its length. */
int sh_parse_skip_subst(struct sh_parser *outer)
{
	struct sh_parser p;
	sh_parser_init(&p, outer->sh, outer->in, outer->arena);
	sh_linebreak(&p);
	if (p.tok != SH_T_RPAREN)
		sh_parse_list(&p, ")");
	if (!p.error && sh_peek(&p) != SH_T_RPAREN)
		sh_unexpected(&p, ")");
	free(p.text);
	if (p.error) {
		outer->error = 1;
		outer->incomplete = p.incomplete;
		return -1;
	}
	return 0;
}
