/* test.c: the test and [ builtins: POSIX's rules by argument count for up to four arguments,
 * and a recursive-descent parser (with -a, -o, !, parentheses) beyond that. */
#include "sh.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

struct sh_test {
	struct sh *sh;
	char **argv;
	int argc, pos;
	int err;
};

static long sh_test_num(struct sh_test *t, const char *s)
{
	long v;
	const char *p = s;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!sh_parse_int(p, &v)) {
		if (!t->err)
			sh_errmsg(t->sh, "%s: Illegal number: %s", t->argv[0], s);
		t->err = 1;
		return 0;
	}
	return v;
}

static int sh_test_unary_op(const char *op)
{
	return op[0] == '-' && op[1] && !op[2] && strchr("bcdefghLnprSsuwxzktOG", op[1]);
}

static int sh_test_unary(struct sh_test *t, const char *op, const char *arg)
{
	struct stat st;
	char c = op[1];
	if (c == 'n')
		return *arg != 0;
	if (c == 'z')
		return *arg == 0;
	if (c == 't') {
		long fd = sh_test_num(t, arg);
		return isatty((int)fd);
	}
	if (c == 'h' || c == 'L')
		return lstat(arg, &st) == 0 && S_ISLNK(st.st_mode);
	if (stat(arg, &st) != 0)
		return 0;
	switch (c) {
	case 'b': return S_ISBLK(st.st_mode);
	case 'c': return S_ISCHR(st.st_mode);
	case 'd': return S_ISDIR(st.st_mode);
	case 'e': return 1;
	case 'f': return S_ISREG(st.st_mode);
	case 'g': return (st.st_mode & S_ISGID) != 0;
	case 'k': return (st.st_mode & S_ISVTX) != 0;
	case 'p': return S_ISFIFO(st.st_mode);
	case 'S': return S_ISSOCK(st.st_mode);
	case 's': return st.st_size > 0;
	case 'u': return (st.st_mode & S_ISUID) != 0;
	case 'r': return access(arg, R_OK) == 0;
	case 'w': return access(arg, W_OK) == 0;
	case 'x': return access(arg, X_OK) == 0;
	case 'O': return st.st_uid == geteuid();
	case 'G': return st.st_gid == getegid();
	}
	return 0;
}

static int sh_test_binary_op(const char *op)
{
	static const char *const ops[] = {"=", "!=", "==", "<", ">", "-eq", "-ne", "-gt", "-ge",
		"-lt", "-le", "-nt", "-ot", "-ef", NULL};
	for (int i = 0; ops[i]; i++)
		if (!strcmp(ops[i], op))
			return 1;
	return 0;
}

static int sh_test_binary(struct sh_test *t, const char *a, const char *op, const char *b)
{
	if (!strcmp(op, "=") || !strcmp(op, "=="))
		return strcmp(a, b) == 0;
	if (!strcmp(op, "!="))
		return strcmp(a, b) != 0;
	if (!strcmp(op, "<"))
		return strcmp(a, b) < 0;
	if (!strcmp(op, ">"))
		return strcmp(a, b) > 0;
	if (!strcmp(op, "-nt") || !strcmp(op, "-ot") || !strcmp(op, "-ef")) {
		struct stat sa, sb;
		int ha = stat(a, &sa) == 0, hb = stat(b, &sb) == 0;
		if (op[1] == 'e')
			return ha && hb && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
		if (op[1] == 'n')
			return ha && (!hb || sa.st_mtime > sb.st_mtime);
		return hb && (!ha || sa.st_mtime < sb.st_mtime);
	}
	long x = sh_test_num(t, a), y = sh_test_num(t, b);
	if (!strcmp(op, "-eq")) return x == y;
	if (!strcmp(op, "-ne")) return x != y;
	if (!strcmp(op, "-gt")) return x > y;
	if (!strcmp(op, "-ge")) return x >= y;
	if (!strcmp(op, "-lt")) return x < y;
	return x <= y;
}

static int sh_test_or(struct sh_test *t);

static const char *sh_test_arg(struct sh_test *t, int k)
{
	return t->pos + k < t->argc ? t->argv[t->pos + k] : NULL;
}

static int sh_test_primary(struct sh_test *t)
{
	const char *a = sh_test_arg(t, 0);
	if (!a) {
		if (!t->err)
			sh_errmsg(t->sh, "%s: argument expected", t->argv[0]);
		t->err = 1;
		return 0;
	}
	if (!strcmp(a, "!")) {
		t->pos++;
		return !sh_test_primary(t);
	}
	const char *b = sh_test_arg(t, 1), *c = sh_test_arg(t, 2);
	if (b && c && sh_test_binary_op(b)) {
		t->pos += 3;
		return sh_test_binary(t, a, b, c);
	}
	if (!strcmp(a, "(")) {
		t->pos++;
		int v = sh_test_or(t);
		const char *r = sh_test_arg(t, 0);
		if (!r || strcmp(r, ")")) {
			if (!t->err)
				sh_errmsg(t->sh, "%s: closing paren expected", t->argv[0]);
			t->err = 1;
		}
		t->pos++;
		return v;
	}
	if (sh_test_unary_op(a) && b) {
		t->pos += 2;
		return sh_test_unary(t, a, b);
	}
	t->pos++;
	return *a != 0;
}

static int sh_test_and(struct sh_test *t)
{
	int v = sh_test_primary(t);
	while (sh_test_arg(t, 0) && !strcmp(sh_test_arg(t, 0), "-a")) {
		t->pos++;
		int w = sh_test_primary(t);
		v = v && w;
	}
	return v;
}

static int sh_test_or(struct sh_test *t)
{
	int v = sh_test_and(t);
	while (sh_test_arg(t, 0) && !strcmp(sh_test_arg(t, 0), "-o")) {
		t->pos++;
		int w = sh_test_and(t);
		v = v || w;
	}
	return v;
}

/* POSIX's fixed meanings for few arguments, which the general grammar gets wrong ("test ! =") */
static int sh_test_eval(struct sh_test *t, int from, int n)
{
	char **a = t->argv + from;
	switch (n) {
	case 0:
		return 0;
	case 1:
		return a[0][0] != 0;
	case 2:
		if (!strcmp(a[0], "!"))
			return a[1][0] == 0;
		if (sh_test_unary_op(a[0]))
			return sh_test_unary(t, a[0], a[1]);
		break;
	case 3:
		if (sh_test_binary_op(a[1]))
			return sh_test_binary(t, a[0], a[1], a[2]);
		if (!strcmp(a[0], "!"))
			return !sh_test_eval(t, from + 1, 2);
		if (!strcmp(a[0], "(") && !strcmp(a[2], ")"))
			return a[1][0] != 0;
		break;
	case 4:
		if (!strcmp(a[0], "!"))
			return !sh_test_eval(t, from + 1, 3);
		if (!strcmp(a[0], "(") && !strcmp(a[3], ")"))
			return sh_test_eval(t, from + 1, 2);
		break;
	}
	t->pos = from;
	int v = sh_test_or(t);
	if (!t->err && t->pos < t->argc) {
		sh_errmsg(t->sh, "%s: unexpected operator", t->argv[0]);
		t->err = 1;
	}
	return v;
}

int sh_bi_test(struct sh *sh, int argc, char **argv)
{
	struct sh_test t = {sh, argv, argc, 1, 0};
	int v = sh_test_eval(&t, 1, argc - 1);
	return t.err ? 2 : !v;
}

int sh_bi_bracket(struct sh *sh, int argc, char **argv)
{
	if (strcmp(argv[argc - 1], "]")) {
		sh_errmsg(sh, "[: missing ]");
		return 2;
	}
	return sh_bi_test(sh, argc - 1, argv);
}
