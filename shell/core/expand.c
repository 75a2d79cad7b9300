/* expand.c: word expansion: tilde, parameters, command substitution, arithmetic, then field
 * splitting, pathname expansion and quote removal, in the order POSIX gives.
 *
 * A word's raw text (quotes and all, as the lexer kept it) is expanded into a buffer of
 * characters, each with flags saying whether it was quoted (never split, never a pattern
 * character) and whether it came out of an unquoted expansion (split by IFS). Field breaks that
 * "$@" makes, and the empty fields that "" makes, are NUL characters with their own flags.
 * Splitting and globbing then read that buffer; quote removal is simply never copying quotes.
 */
#include "sh.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <pwd.h>

/* Quoted characters that would mean something in a pattern, bracket expressions included. */
#define SH_PAT_SPECIAL "*?[]\\!-^"

enum {
	XQ = 1,     /* quoted */
	XS = 2,     /* from an unquoted expansion: subject to field splitting */
	XBRK = 4,   /* NUL: hard field break ("$@") */
	XMARK = 8,  /* NUL: a quoted empty string, the field exists */
	XSOFT = 16, /* NUL: soft break ($@ unquoted): ends a non-empty field */
};

struct sh_xp {
	struct sh *sh;
	struct sh_str s, q;
	int flags;
	int at_empty;   /* "$@" expanded to nothing inside the current quotes */
};

static const char *sh_xp_text(struct sh_xp *xp, const char *p, const char *end, int dq, int lit);

static void sh_xput(struct sh_xp *xp, const char *s, size_t n, int fl)
{
	sh_str_putn(&xp->s, s, n);
	/* the flags run parallel to the text: grow once, then fill (this is the hot path of
	 * x="$x$y" loops, which copy the whole value each time) */
	size_t at = xp->q.len;
	sh_str_putn(&xp->q, s, n);
	memset(xp->q.s + at, fl, n);
}

static void sh_xmark(struct sh_xp *xp, int fl)
{
	sh_str_putc(&xp->s, 0);
	sh_str_putc(&xp->q, fl);
}

/* ---- finding the end of a construct in raw text ---- */
static const char *sh_sk_dollar(const char *p, int dq);

static const char *sh_sk_squote(const char *p)
{
	p++;
	while (*p && *p != '\'')
		p++;
	return *p ? p + 1 : p;
}

static const char *sh_sk_dquote(const char *p)
{
	p++;
	while (*p && *p != '"') {
		if (*p == '\\' && p[1])
			p += 2;
		else if (*p == '$' || *p == '`' || *p == SH_CTL_SUB)
			p = sh_sk_dollar(p, 1);
		else
			p++;
	}
	return *p ? p + 1 : p;
}

static const char *sh_sk_bquote(const char *p)
{
	p++;
	while (*p && *p != '`') {
		if (*p == '\\' && p[1])
			p++;
		p++;
	}
	return *p ? p + 1 : p;
}

static const char *sh_sk_sub(const char *p)
{
	int depth = 0;
	for (; *p; p++) {
		if (*p == SH_CTL_SUB)
			depth++;
		else if (*p == SH_CTL_END && --depth == 0)
			return p + 1;
	}
	return p;
}

static const char *sh_sk_brace(const char *p, int dq)
{
	p += 2;
	while (*p && *p != '}') {
		if (*p == '\\' && p[1])
			p += 2;
		else if (*p == '\'' && !dq)
			p = sh_sk_squote(p);
		else if (*p == '"' && !dq)
			p = sh_sk_dquote(p);
		else if (*p == '$' || *p == '`' || *p == SH_CTL_SUB)
			p = sh_sk_dollar(p, dq);
		else
			p++;
	}
	return *p ? p + 1 : p;
}

static const char *sh_sk_arith(const char *p)
{
	int depth = 0;
	p += 3;
	while (*p) {
		if (*p == '(')
			depth++;
		else if (*p == ')') {
			if (depth == 0)
				return p[1] == ')' ? p + 2 : p + 1;
			depth--;
		} else if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '\'') {
			p = sh_sk_squote(p);
			continue;
		} else if (*p == '"') {
			p = sh_sk_dquote(p);
			continue;
		} else if (*p == '$' || *p == '`' || *p == SH_CTL_SUB) {
			const char *n = sh_sk_dollar(p, 1);
			if (n > p + 1) {
				p = n;
				continue;
			}
		}
		p++;
	}
	return p;
}

static const char *sh_sk_dollar(const char *p, int dq)
{
	if (*p == SH_CTL_SUB)
		return sh_sk_sub(p);
	if (*p == '`')
		return sh_sk_bquote(p);
	if (p[1] == '{')
		return sh_sk_brace(p, dq);
	if (p[1] == '(' && p[2] == '(')
		return sh_sk_arith(p);
	return p + 1;
}

/* ---- parameters ---- */
static char *sh_xp_join_params(struct sh *sh)
{
	const char *ifs = sh_var_get(sh, "IFS");
	char sep[2] = {ifs ? ifs[0] : ' ', 0};
	struct sh_str b = {0};
	sh_str_puts(&b, "");
	for (int i = 0; i < sh->nparams; i++) {
		if (i)
			sh_str_puts(&b, sep);
		sh_str_puts(&b, sh->params[i]);
	}
	return sh_str_take(&b);
}

/* $@ and $*: one field per parameter, except "$*", which is one string. */
static void sh_xp_params(struct sh_xp *xp, int star, int dq)
{
	struct sh *sh = xp->sh;
	if (dq && star) {
		char *j = sh_xp_join_params(sh);
		sh_xput(xp, j, strlen(j), XQ);
		free(j);
		return;
	}
	if (sh->nparams == 0 && dq)
		xp->at_empty = 1;
	for (int i = 0; i < sh->nparams; i++) {
		if (i)
			sh_xmark(xp, dq ? XBRK : XSOFT);
		if (dq)
			sh_xmark(xp, XMARK);
		sh_xput(xp, sh->params[i], strlen(sh->params[i]), dq ? XQ : XS);
	}
}

/* The value of a parameter named by name[0..n), malloc'd; NULL when unset. */
static char *sh_xp_value(struct sh *sh, const char *name, size_t n)
{
	char *nm = sh_strndup(name, n);
	int set = 0;
	char *v = sh_special_param(sh, nm, &set);
	if (!set) {
		const char *val = sh_var_get(sh, nm);
		v = val ? sh_strdup(val) : NULL;
	}
	free(nm);
	return v;
}

static void sh_xp_unset_error(struct sh *sh, const char *name, size_t n, const char *msg)
{
	sh_error(sh, "%.*s: %s", (int)n, name, msg);
}

/* Expand a sub-word (the word of ${x-word}) to a plain string: no splitting, quotes removed. */
static char *sh_xp_subword(struct sh *sh, const char *p, const char *end, int pattern)
{
	struct sh_xp x = {0};
	x.sh = sh;
	x.flags = pattern ? SH_X_PATTERN : 0;
	sh_xp_text(&x, p, end, 0, 0);
	struct sh_str out = {0};
	sh_str_puts(&out, "");
	for (size_t i = 0; i < x.s.len; i++) {
		char c = x.s.s[i];
		if (!c)
			continue;
		if (pattern && (x.q.s[i] & XQ) && strchr(SH_PAT_SPECIAL, c))
			sh_str_putc(&out, '\\');
		sh_str_putc(&out, c);
	}
	free(x.s.s);
	free(x.q.s);
	return sh_str_take(&out);
}

/* ${name#pat} and friends: remove the shortest or longest matching prefix or suffix. */
static char *sh_xp_trim(const char *v, const char *pat, int suffix, int longest)
{
	size_t n = strlen(v);
	char *tmp = sh_strdup(v);
	if (!suffix) {
		for (size_t k = 0; k <= n; k++) {
			size_t i = longest ? n - k : k;
			char save = tmp[i];
			tmp[i] = 0;
			int m = sh_pattern_match(pat, tmp);
			tmp[i] = save;
			if (m) {
				char *r = sh_strdup(v + i);
				free(tmp);
				return r;
			}
		}
	} else {
		for (size_t k = 0; k <= n; k++) {
			size_t i = longest ? k : n - k;
			if (sh_pattern_match(pat, v + i)) {
				tmp[i] = 0;
				return tmp;
			}
		}
	}
	free(tmp);
	return sh_strdup(v);
}

static const char *sh_xp_brace(struct sh_xp *xp, const char *p, int dq)
{
	struct sh *sh = xp->sh;
	const char *end = sh_sk_brace(p, dq);
	const char *inner = p + 2, *close = end - 1;
	int length = 0;
	/* ${#name} is a length; ${#} and ${#-x}, ${##x} are about the parameter # itself. */
	if (*inner == '#' && close > inner + 1) {
		const char *q = inner + 1;
		if (q + 1 == close && strchr("@*#?-$!", *q))
			length = 1;
		else {
			while (q < close && ((*q >= '0' && *q <= '9') || *q == '_' || (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z')))
				q++;
			length = q == close;
		}
		if (length)
			inner++;
	}
	const char *name = inner, *q = inner;
	if (*q >= '0' && *q <= '9') {
		while (q < close && *q >= '0' && *q <= '9')
			q++;
	} else if (*q && strchr("@*#?-$!", *q)) {
		q++;
	} else {
		while (q < close && (*q == '_' || (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (q > name && *q >= '0' && *q <= '9')))
			q++;
	}
	size_t nlen = (size_t)(q - name);
	if (nlen == 0 || (length && q != close))
		sh_error(sh, "Bad substitution");
	int is_at = nlen == 1 && (*name == '@' || *name == '*');
	char *v = sh_xp_value(sh, name, nlen);
	if (is_at) {
		free(v);
		v = sh->nparams ? sh_xp_join_params(sh) : NULL;
	}
	int fl = dq ? XQ : XS;
	if (length) {
		if (!v && sh->opts[SH_O_NOUNSET] && !is_at)
			sh_xp_unset_error(sh, name, nlen, "parameter not set");
		char num[32];
		/* ${#@} and ${#*}: the length of the parameters joined, as dash gives it */
		snprintf(num, sizeof num, "%zu", v ? strlen(v) : 0);
		sh_xput(xp, num, strlen(num), fl);
		free(v);
		return end;
	}
	int colon = *q == ':';
	const char *op = q + colon;
	if (op == close && !colon) {
		if (!v && sh->opts[SH_O_NOUNSET] && !is_at)
			sh_xp_unset_error(sh, name, nlen, "parameter not set");
		if (is_at)
			sh_xp_params(xp, *name == '*', dq);
		else if (v)
			sh_xput(xp, v, strlen(v), fl);
		free(v);
		return end;
	}
	if (!*op || !strchr("-=?+#%", *op) || (colon && strchr("#%", *op)))
		sh_error(sh, "Bad substitution");
	const char *word = op + 1;
	int twice = (*op == '#' || *op == '%') && *word == *op;
	if (twice)
		word++;
	int ok = v && (!colon || *v);
	switch (*op) {
	case '-':
	case '+':
		if (*op == '+' && !ok)
			break;
		if (*op == '-' && ok) {
			if (is_at)
				sh_xp_params(xp, *name == '*', dq);
			else
				sh_xput(xp, v, strlen(v), fl);
		} else {
			sh_xp_text(xp, word, close, dq ? 2 : 0, dq ? 0 : XS);
		}
		break;
	case '=':
		if (!ok) {
			if (!sh_is_name_n(name, nlen))
				sh_error(sh, "%.*s: bad variable name", (int)nlen, name);
			free(v);
			v = sh_xp_subword(sh, word, close, 0);
			char *nm = sh_strndup(name, nlen);
			sh_var_set(sh, nm, v, 0);
			free(nm);
		}
		sh_xput(xp, v, strlen(v), fl);
		break;
	case '?':
		if (!ok) {
			char *msg = word == close ? sh_strdup(v ? "parameter not set or null" : "parameter not set")
						  : sh_xp_subword(sh, word, close, 0);
			sh_xp_unset_error(sh, name, nlen, msg);
		}
		sh_xput(xp, v, strlen(v), fl);
		break;
	default: {
		if (!v && sh->opts[SH_O_NOUNSET])
			sh_xp_unset_error(sh, name, nlen, "parameter not set");
		char *pat = sh_xp_subword(sh, word, close, 1);
		char *r = sh_xp_trim(v ? v : "", pat, *op == '%', twice);
		sh_xput(xp, r, strlen(r), fl);
		free(r);
		free(pat);
	}
	}
	free(v);
	return end;
}

static const char *sh_xp_dollar(struct sh_xp *xp, const char *p, int dq)
{
	struct sh *sh = xp->sh;
	int fl = dq ? XQ : XS;
	if (p[1] == '{')
		return sh_xp_brace(xp, p, dq);
	if (p[1] == '(' && p[2] == '(') {
		const char *end = sh_sk_arith(p);
		char *expr = sh_xp_subword(sh, p + 3, end - 2, 0);
		long v;
		sh->lineno = sh->lineno;
		if (sh_arith_eval(sh, expr, &v) < 0) {
			free(expr);
			sh_abort(sh, 2);
		}
		free(expr);
		char num[32];
		snprintf(num, sizeof num, "%ld", v);
		sh_xput(xp, num, strlen(num), fl);
		return end;
	}
	if (p[1] == '(') {
		/* only in here-documents: words from the lexer carry SH_CTL_SUB instead */
		long len = sh_parse_subst_len(sh, p + 2);
		if (len < 0)
			sh_abort(sh, 2);
		char *out = sh_cmdsubst(sh, p + 2, (size_t)len - 1);
		sh_xput(xp, out, strlen(out), fl);
		free(out);
		return p + 2 + len;
	}
	const char *q = p + 1;
	if (*q && strchr("@*", *q)) {
		sh_xp_params(xp, *q == '*', dq);
		return q + 1;
	}
	size_t n = 0;
	if ((*q >= '0' && *q <= '9') || (*q && strchr("#?-$!", *q)))
		n = 1;
	else
		while (q[n] == '_' || (q[n] >= 'a' && q[n] <= 'z') || (q[n] >= 'A' && q[n] <= 'Z') || (n && q[n] >= '0' && q[n] <= '9'))
			n++;
	if (n == 0) {
		sh_xput(xp, "$", 1, dq ? XQ : 0);
		return p + 1;
	}
	char *v = sh_xp_value(sh, q, n);
	if (!v && sh->opts[SH_O_NOUNSET])
		sh_xp_unset_error(sh, q, n, "parameter not set");
	if (v)
		sh_xput(xp, v, strlen(v), fl);
	free(v);
	return q + n;
}

/* `...`: backslash quotes only $ ` \ (and " inside double quotes and, as dash has it, in a
 * here-document). */
static const char *sh_xp_bquote(struct sh_xp *xp, const char *p, int dq)
{
	int dq_quote = dq != 0;
	const char *end = sh_sk_bquote(p);
	const char *stop = end[-1] == '`' && end - 1 > p ? end - 1 : end;
	struct sh_str b = {0};
	sh_str_puts(&b, "");
	for (const char *s = p + 1; s < stop; s++) {
		if (*s == '\\' && s + 1 < stop && (strchr("$`\\", s[1]) || (dq_quote && s[1] == '"')))
			s++;
		sh_str_putc(&b, *s);
	}
	char *out = sh_cmdsubst(xp->sh, b.s, b.len);
	sh_xput(xp, out, strlen(out), dq ? XQ : XS);
	free(out);
	free(b.s);
	return end;
}

static const char *sh_xp_sub(struct sh_xp *xp, const char *p, int dq)
{
	const char *end = sh_sk_sub(p);
	char *out = sh_cmdsubst(xp->sh, p + 1, (size_t)(end - 1 - (p + 1)));
	sh_xput(xp, out, strlen(out), dq ? XQ : XS);
	free(out);
	return end;
}

/* ~ and ~user at the start of a word (or after : in an assignment). */
static const char *sh_xp_tilde(struct sh_xp *xp, const char *p, const char *end)
{
	const char *q = p + 1;
	while (q < end && *q != '/' && !((xp->flags & SH_X_ASSIGN) && *q == ':')) {
		if (strchr("\\'\"$`", *q) || *q == SH_CTL_SUB) {
			sh_xput(xp, "~", 1, 0);
			return p + 1;
		}
		q++;
	}
	char *user = sh_strndup(p + 1, (size_t)(q - p - 1));
	const char *home = NULL;
	if (!*user) {
		home = sh_var_get(xp->sh, "HOME");
	} else {
		struct passwd *pw = getpwnam(user);
		home = pw ? pw->pw_dir : NULL;
	}
	free(user);
	if (!home) {
		sh_xput(xp, p, (size_t)(q - p), 0);
		return q;
	}
	sh_xput(xp, home, strlen(home), XQ);
	if (!*home)
		sh_xmark(xp, XMARK);
	return q;
}

/* The expansion loop. dq: 0 unquoted, 1 inside "...", 2 inside "${x-...}" (where a " is
 * dropped), 3 a here-document (only \ $ ` special). lit: flags for unquoted literal text. */
static const char *sh_xp_text(struct sh_xp *xp, const char *p, const char *end, int dq, int lit)
{
	const char *start = p;
	while (p < end && *p) {
		char c = *p;
		if (c == '~' && !dq && !(xp->flags & SH_X_NOTILDE) &&
		    (p == start || ((xp->flags & SH_X_ASSIGN) && p[-1] == ':'))) {
			p = sh_xp_tilde(xp, p, end);
		} else if (c == '\'' && !dq) {
			const char *e = sh_sk_squote(p);
			size_t n = (size_t)(e - p - 1) - (e[-1] == '\'' && e - 1 > p ? 1 : 0);
			sh_xput(xp, p + 1, n, XQ);
			sh_xmark(xp, XMARK);
			p = e;
		} else if (c == '"' && dq == 2) {
			p++;
		} else if (c == '"' && !dq) {
			const char *e = sh_sk_dquote(p);
			const char *ce = e[-1] == '"' && e - 1 > p ? e - 1 : e;
			size_t before = xp->s.len;
			xp->at_empty = 0;
			sh_xp_text(xp, p + 1, ce, 1, 0);
			/* "" is an empty field, but "$@" with no parameters is no field at all. */
			if (!(xp->at_empty && xp->s.len == before))
				sh_xmark(xp, XMARK);
			xp->at_empty = 0;
			p = e;
		} else if (c == '\\') {
			if (p + 1 >= end || !p[1]) {
				sh_xput(xp, p, 1, dq ? XQ : 0);
				p++;
			} else if (!dq || strchr(dq == 3 ? "$`\\\n" : "$`\"\\\n", p[1]) || (dq == 2 && p[1] == '}')) {
				if (p[1] != '\n')
					sh_xput(xp, p + 1, 1, XQ);
				p += 2;
			} else {
				sh_xput(xp, p, 2, XQ);
				p += 2;
			}
		} else if (c == '$') {
			p = sh_xp_dollar(xp, p, dq != 0);
		} else if (c == '`') {
			p = sh_xp_bquote(xp, p, dq);
		} else if (c == SH_CTL_SUB) {
			p = sh_xp_sub(xp, p, dq != 0);
		} else {
			sh_xput(xp, p, 1, dq ? XQ : lit);
			p++;
		}
	}
	return p;
}

/* ---- field splitting and pathname expansion ---- */
struct sh_fields {
	char **v;
	int n, cap;
};

static void sh_fields_add(struct sh_fields *f, char *s)
{
	if (f->n + 1 >= f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		f->v = sh_realloc(f->v, sizeof(char *) * (size_t)f->cap);
	}
	f->v[f->n++] = s;
	f->v[f->n] = NULL;
}

/* One field, from s/q[a..b): glob it if it has unquoted pattern characters. */
static void sh_xp_emit(struct sh_xp *xp, size_t a, size_t b, struct sh_fields *out)
{
	struct sh_str plain = {0}, pat = {0};
	int magic = 0;
	sh_str_puts(&plain, "");
	sh_str_puts(&pat, "");
	for (size_t i = a; i < b; i++) {
		char c = xp->s.s[i];
		if (!c)
			continue;
		sh_str_putc(&plain, c);
		if ((xp->q.s[i] & XQ) && strchr(SH_PAT_SPECIAL, c))
			sh_str_putc(&pat, '\\');
		else if (c == '\\' && !(xp->q.s[i] & XS))
			sh_str_putc(&pat, '\\');   /* a literal one; one from $var escapes, as POSIX says */
		else if (strchr("*?[", c))
			magic = 1;
		sh_str_putc(&pat, c);
	}
	if (magic && (xp->flags & SH_X_GLOB) && !xp->sh->opts[SH_O_NOGLOB] && sh_pattern_has_magic(pat.s)) {
		int n;
		char **m = sh_glob(pat.s, &n);
		if (m) {
			for (int i = 0; i < n; i++)
				sh_fields_add(out, m[i]);
			free(m);
			free(plain.s);
			free(pat.s);
			return;
		}
	}
	free(pat.s);
	sh_fields_add(out, sh_str_take(&plain));
}

static void sh_xp_split(struct sh_xp *xp, struct sh_fields *out)
{
	const char *ifs = sh_var_get(xp->sh, "IFS");
	if (!ifs)
		ifs = " \t\n";
	size_t start = 0;
	int started = 0, after_ws = 0;
	for (size_t i = 0; i < xp->s.len; i++) {
		char c = xp->s.s[i];
		int fl = xp->q.s[i];
		if (!c) {
			if (fl & XBRK) {
				sh_xp_emit(xp, start, i, out);
				started = 0;
				start = i + 1;
			} else if (fl & XSOFT) {
				if (started)
					sh_xp_emit(xp, start, i, out);
				started = 0;
				start = i + 1;
			} else if (fl & XMARK) {
				started = 1;
			}
			continue;
		}
		if ((fl & XS) && !(fl & XQ) && (xp->flags & SH_X_SPLIT) && strchr(ifs, c)) {
			int ws = c == ' ' || c == '\t' || c == '\n';
			if (ws) {
				if (started)
					sh_xp_emit(xp, start, i, out);
				after_ws = started || after_ws;
				started = 0;
			} else {
				if (started || !after_ws)
					sh_xp_emit(xp, start, i, out);
				started = 0;
				after_ws = 0;
			}
			start = i + 1;
			continue;
		}
		started = 1;
		after_ws = 0;
	}
	if (started)
		sh_xp_emit(xp, start, xp->s.len, out);
}

/* after_ws above: a non-whitespace IFS character right after whitespace that already ended a
 * field does not make an empty field ("a , b" is two fields); at the start it does. */

char **sh_expand_words(struct sh *sh, char **words, int nwords, int *nout)
{
	struct sh_fields out = {0};
	sh_fields_add(&out, NULL);
	out.n = 0;
	for (int i = 0; i < nwords; i++) {
		struct sh_xp xp = {0};
		xp.sh = sh;
		xp.flags = SH_X_SPLIT | SH_X_GLOB;
		sh_xp_text(&xp, words[i], words[i] + strlen(words[i]), 0, 0);
		sh_xp_split(&xp, &out);
		free(xp.s.s);
		free(xp.q.s);
	}
	*nout = out.n;
	return out.v;
}

/* Where "$@" or $* made separate fields, a single string joins them with IFS's first character. */
static void sh_xp_join_sep(struct sh *sh, struct sh_str *out)
{
	const char *ifs = sh_var_get(sh, "IFS");
	if (!ifs)
		sh_str_putc(out, ' ');
	else if (*ifs)
		sh_str_putc(out, *ifs);
}

/* One string: assignments, redirection targets, case words and patterns. */
char *sh_expand_str(struct sh *sh, const char *word, int flags)
{
	struct sh_xp xp = {0};
	xp.sh = sh;
	xp.flags = flags;
	sh_xp_text(&xp, word, word + strlen(word), 0, 0);
	struct sh_str out = {0};
	sh_str_puts(&out, "");
	for (size_t i = 0; i < xp.s.len; i++) {
		char c = xp.s.s[i];
		if (c && !(flags & SH_X_PATTERN)) {
			/* copy the run up to the next marker in one piece */
			size_t k = i;
			while (k < xp.s.len && xp.s.s[k])
				k++;
			sh_str_putn(&out, xp.s.s + i, k - i);
			i = k - 1;
			continue;
		}
		if (!c) {
			if (xp.q.s[i] & (XBRK | XSOFT))
				sh_xp_join_sep(sh, &out);
			continue;
		}
		if ((flags & SH_X_PATTERN) && (((xp.q.s[i] & XQ) && strchr(SH_PAT_SPECIAL, c)) || (c == '\\' && !(xp.q.s[i] & XQ))))
			sh_str_putc(&out, '\\');
		sh_str_putc(&out, c);
	}
	free(xp.s.s);
	free(xp.q.s);
	return sh_str_take(&out);
}

char *sh_expand_heredoc(struct sh *sh, const char *body)
{
	struct sh_xp xp = {0};
	xp.sh = sh;
	sh_xp_text(&xp, body, body + strlen(body), 3, 0);
	struct sh_str out = {0};
	sh_str_puts(&out, "");
	for (size_t i = 0; i < xp.s.len; i++)
		if (xp.s.s[i])
			sh_str_putc(&out, xp.s.s[i]);
		else if (xp.q.s[i] & (XBRK | XSOFT))
			sh_xp_join_sep(sh, &out);
	free(xp.s.s);
	free(xp.q.s);
	return sh_str_take(&out);
}
