/* arith.c: $(( )) arithmetic: C's integer operators on signed longs, with variables and
 * assignment, evaluated by precedence climbing. Skipped branches of && || ?: are parsed with
 * evaluation off, so their assignments and divisions do nothing. */
#include "sh.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <ctype.h>

struct sh_ar {
	struct sh *sh;
	const char *expr, *p;
	int err;
};

static long sh_ar_assign(struct sh_ar *a, int eval);

static void sh_ar_fail(struct sh_ar *a, const char *msg)
{
	if (!a->err)
		sh_errmsg(a->sh, "arithmetic expression: %s: \"%s\"", msg, a->expr);
	a->err = 1;
}

static void sh_ar_ws(struct sh_ar *a)
{
	while (isspace((unsigned char)*a->p))
		a->p++;
}

static int sh_ar_num(const char *s, long *out)
{
	char *end;
	while (isspace((unsigned char)*s))
		s++;
	if (!*s) {
		*out = 0;
		return 1;
	}
	*out = strtol(s, &end, 0);
	while (isspace((unsigned char)*end))
		end++;
	return *end == 0;
}

static long sh_ar_var(struct sh_ar *a, const char *name)
{
	const char *v = sh_var_get(a->sh, name);
	long n = 0;
	if (!v)
		return 0;
	if (sh_ar_num(v, &n))
		return n;
	/* A variable must hold a number (dash's rule; bash would evaluate it as an expression). */
	if (!a->err)
		sh_errmsg(a->sh, "Illegal number: %s", v);
	a->err = 1;
	return 0;
}

static int sh_ar_match(struct sh_ar *a, const char *op)
{
	sh_ar_ws(a);
	size_t n = strlen(op);
	if (strncmp(a->p, op, n))
		return 0;
	/* Do not take "<" out of "<<" or "<=", nor "&" out of "&&", and so on. */
	char next = a->p[n];
	if (n == 1 && strchr("<>&|", op[0]) && (next == op[0] || next == '='))
		return 0;
	if (n == 1 && strchr("*/%+-^!=", op[0]) && next == '=')
		return 0;
	if (n == 2 && (op[0] == '<' || op[0] == '>') && op[1] == op[0] && next == '=')
		return 0;
	a->p += n;
	return 1;
}

static long sh_ar_unary(struct sh_ar *a, int eval);
static long sh_ar_incdec(struct sh_ar *a, const char *name, int delta, int post, int eval);

static long sh_ar_primary(struct sh_ar *a, int eval)
{
	sh_ar_ws(a);
	if (*a->p == '(') {
		a->p++;
		long v = sh_ar_assign(a, eval);
		sh_ar_ws(a);
		if (*a->p != ')')
			sh_ar_fail(a, "expecting ')'");
		else
			a->p++;
		return v;
	}
	if (isdigit((unsigned char)*a->p)) {
		char *end;
		long v = strtol(a->p, &end, 0);
		if (isalnum((unsigned char)*end) || *end == '_') {
			sh_ar_fail(a, "expecting EOF");
			return 0;
		}
		a->p = end;
		return v;
	}
	if (isalpha((unsigned char)*a->p) || *a->p == '_') {
		const char *s = a->p;
		while (isalnum((unsigned char)*a->p) || *a->p == '_')
			a->p++;
		char *name = sh_strndup(s, (size_t)(a->p - s));
		sh_ar_ws(a);
		long v;
		if ((a->p[0] == '+' || a->p[0] == '-') && a->p[1] == a->p[0]) {
			int delta = a->p[0] == '+' ? 1 : -1;
			a->p += 2;
			v = sh_ar_incdec(a, name, delta, 1, eval);
		} else {
			v = eval ? sh_ar_var(a, name) : 0;
		}
		free(name);
		return v;
	}
	sh_ar_fail(a, "expecting primary");
	return 0;
}

/* ++name / --name / name++ / name-- (not required by POSIX; dash and bash have them) */
static long sh_ar_incdec(struct sh_ar *a, const char *name, int delta, int post, int eval)
{
	long v = eval ? sh_ar_var(a, name) : 0;
	if (eval && !a->err) {
		char num[32];
		snprintf(num, sizeof num, "%ld", v + delta);
		if (sh_var_set(a->sh, name, num, 0) < 0)
			a->err = 1;
	}
	return post ? v : v + delta;
}

static char *sh_ar_name(struct sh_ar *a)
{
	sh_ar_ws(a);
	const char *s = a->p;
	if (!(isalpha((unsigned char)*s) || *s == '_'))
		return NULL;
	while (isalnum((unsigned char)*a->p) || *a->p == '_')
		a->p++;
	return sh_strndup(s, (size_t)(a->p - s));
}

static long sh_ar_unary(struct sh_ar *a, int eval)
{
	sh_ar_ws(a);
	char c = *a->p;
	if ((c == '+' || c == '-') && a->p[1] == c) {
		const char *save = a->p;
		a->p += 2;
		char *name = sh_ar_name(a);
		if (name) {
			long v = sh_ar_incdec(a, name, c == '+' ? 1 : -1, 0, eval);
			free(name);
			return v;
		}
		a->p = save;
	}
	if ((c == '-' || c == '+') && a->p[1] != c) {
		a->p++;
		long v = sh_ar_unary(a, eval);
		return c == '-' ? -v : v;
	}
	if (c == '!' && a->p[1] != '=') {
		a->p++;
		return !sh_ar_unary(a, eval);
	}
	if (c == '~') {
		a->p++;
		return ~sh_ar_unary(a, eval);
	}
	return sh_ar_primary(a, eval);
}

/* Binary operators by precedence level, loosest first. */
static const char *const sh_ar_levels[][6] = {
	{"||"}, {"&&"}, {"|"}, {"^"}, {"&"}, {"==", "!="}, {"<=", ">=", "<", ">"}, {"<<", ">>"},
	{"+", "-"}, {"*", "/", "%"},
};
#define SH_AR_NLEVELS (int)(sizeof sh_ar_levels / sizeof sh_ar_levels[0])

static long sh_ar_apply(struct sh_ar *a, const char *op, long l, long r, int eval)
{
	if (!eval)
		return 0;
	switch (op[0]) {
	case '|': return op[1] ? (l || r) : (l | r);
	case '&': return op[1] ? (l && r) : (l & r);
	case '^': return l ^ r;
	case '=': return l == r;
	case '!': return l != r;
	case '<': return op[1] == '=' ? l <= r : op[1] == '<' ? (long)((unsigned long)l << (r & 63)) : l < r;
	case '>': return op[1] == '=' ? l >= r : op[1] == '>' ? l >> (r & 63) : l > r;
	case '+': return (long)((unsigned long)l + (unsigned long)r);
	case '-': return (long)((unsigned long)l - (unsigned long)r);
	case '*': return (long)((unsigned long)l * (unsigned long)r);
	default:
		if (r == 0) {
			sh_ar_fail(a, "division by zero");
			return 0;
		}
		if (r == -1)
			return op[0] == '/' ? (long)(0 - (unsigned long)l) : 0;
		return op[0] == '/' ? l / r : l % r;
	}
}

static long sh_ar_binary(struct sh_ar *a, int level, int eval)
{
	if (level >= SH_AR_NLEVELS)
		return sh_ar_unary(a, eval);
	long l = sh_ar_binary(a, level + 1, eval);
	for (;;) {
		const char *op = NULL;
		for (int i = 0; i < 6 && sh_ar_levels[level][i]; i++)
			if (sh_ar_match(a, sh_ar_levels[level][i])) {
				op = sh_ar_levels[level][i];
				break;
			}
		if (!op || a->err)
			return l;
		int short_circuit = (!strcmp(op, "&&") && !l) || (!strcmp(op, "||") && l);
		long r = sh_ar_binary(a, level + 1, eval && !short_circuit);
		if (!strcmp(op, "&&") || !strcmp(op, "||"))
			l = short_circuit ? !strcmp(op, "||") : (r != 0);
		else
			l = sh_ar_apply(a, op, l, r, eval);
	}
}

static long sh_ar_cond(struct sh_ar *a, int eval)
{
	long c = sh_ar_binary(a, 0, eval);
	if (!sh_ar_match(a, "?"))
		return c;
	long t = sh_ar_assign(a, eval && c);
	if (!sh_ar_match(a, ":")) {
		sh_ar_fail(a, "expecting ':'");
		return 0;
	}
	long f = sh_ar_cond(a, eval && !c);
	return c ? t : f;
}

static long sh_ar_assign(struct sh_ar *a, int eval)
{
	sh_ar_ws(a);
	const char *s = a->p;
	if (isalpha((unsigned char)*s) || *s == '_') {
		const char *e = s;
		while (isalnum((unsigned char)*e) || *e == '_')
			e++;
		const char *q = e;
		while (isspace((unsigned char)*q))
			q++;
		static const char *const ops[] = {"<<=", ">>=", "+=", "-=", "*=", "/=", "%=", "&=", "^=", "|=", "=", NULL};
		for (int i = 0; ops[i]; i++) {
			size_t n = strlen(ops[i]);
			if (strncmp(q, ops[i], n) || (n == 1 && q[1] == '='))
				continue;
			char *name = sh_strndup(s, (size_t)(e - s));
			a->p = q + n;
			long r = sh_ar_assign(a, eval);
			if (n > 1 && eval && !a->err) {
				char op[3] = {ops[i][0], n == 3 ? ops[i][1] : 0, 0};
				r = sh_ar_apply(a, op, sh_ar_var(a, name), r, eval);
			}
			if (eval && !a->err) {
				char num[32];
				snprintf(num, sizeof num, "%ld", r);
				if (sh_var_set(a->sh, name, num, 0) < 0)
					a->err = 1;
			}
			free(name);
			return r;
		}
	}
	return sh_ar_cond(a, eval);
}

int sh_arith_eval(struct sh *sh, const char *expr, long *out)
{
	struct sh_ar a = {sh, expr, expr, 0};
	long v = 0;
	sh_ar_ws(&a);
	if (*a.p) {
		v = sh_ar_assign(&a, 1);
		/* the comma operator */
		while (!a.err && sh_ar_match(&a, ","))
			v = sh_ar_assign(&a, 1);
	}
	sh_ar_ws(&a);
	if (!a.err && *a.p)
		sh_ar_fail(&a, "expecting EOF");
	*out = v;
	return a.err ? -1 : 0;
}
