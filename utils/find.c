/* utils/find.c: find, walks file trees: find [-H|-L] [PATH...] [EXPRESSION]. The expression
 * is parsed into a tree (find_parse_or and below) and evaluated for each file the walk meets
 * (utils/lib/walk.c: names in order). With no action in it, -print is added. */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "lib/util.h"

static const char find_help[] =
	"usage: find [-H|-L] [PATH...] [EXPRESSION]\n"
	"Walks each PATH (. by default) and evaluates EXPRESSION for every file under it.\n"
	"Tests: -name PAT  -iname PAT  -path PAT  -type [bcdflps]  -newer FILE\n"
	"  -size [+-]N[ckMG] (512-byte blocks unless c bytes, k, M, G)  -mtime [+-]DAYS\n"
	"  -perm [-]MODE  -links [+-]N  -user UID  -group GID  -empty  -true  -false\n"
	"Actions: -print  -print0  -prune  -exec CMD [ARG|{}]... ;  -exec CMD [ARG]... {} +\n"
	"  -ok CMD ... ;  -delete\n"
	"Options: -maxdepth N  -mindepth N  -depth (directories after what they hold)  -xdev\n"
	"Operators: ( EXPR )  ! EXPR  EXPR [-a] EXPR  EXPR -o EXPR\n"
	"  -H follows links named as PATH, -L all links.\n"
	"Exit status: 0, or 1 if a file could not be examined or an -exec ... + run failed.\n";

enum find_op { FN_AND, FN_OR, FN_NOT, FN_NAME, FN_INAME, FN_PATH, FN_TYPE, FN_NEWER, FN_SIZE,
	FN_MTIME, FN_PERM, FN_LINKS, FN_USER, FN_GROUP, FN_EMPTY, FN_TRUE, FN_FALSE, FN_PRINT,
	FN_PRINT0, FN_PRUNE, FN_EXEC, FN_EXECPLUS, FN_OK, FN_DELETE };

struct find_node {
	enum find_op op;
	struct find_node *l, *r;
	const char *s;         /* a pattern, or the -type letter */
	long long n;           /* a number; the size unit for -size */
	int cmp;               /* -1 less than, 0 exactly, 1 more than; -perm: 1 for -MODE */
	char **argv;           /* -exec's words (the ; or + left out) */
	int argc;
	char **plus;           /* -exec ... +: the paths gathered */
	size_t nplus;
	struct timespec t;     /* -newer's time */
};

static char **find_args;
static int find_nargs, find_pos;
static int find_maxdepth = -1, find_mindepth, find_depthfirst, find_action, find_status;
static int find_xdev;
static dev_t find_dev;
static int find_pruned;
static time_t find_now;

static struct find_node *find_new(enum find_op op)
{
	struct find_node *n = util_alloc(sizeof(*n));
	memset(n, 0, sizeof(*n));
	n->op = op;
	return n;
}

static const char *find_arg(const char *what)
{
	if (find_pos >= find_nargs)
		util_die(1, "%s needs an argument", what);
	return find_args[find_pos++];
}

/* [+-]N: the number, and the comparison in *cmp. */
static long long find_num(const char *what, const char *s, int *cmp, char **unit)
{
	char *end;
	*cmp = *s == '+' ? 1 : *s == '-' ? -1 : 0;
	if (*s == '+' || *s == '-')
		s++;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (end == s || errno || (!unit && *end))
		util_die(1, "%s: not a number: %s", what, s);
	if (unit)
		*unit = end;
	return v;
}

static struct find_node *find_parse_or(void);

static struct find_node *find_exec(enum find_op op)
{
	struct find_node *n = find_new(op);
	int start = find_pos;
	while (find_pos < find_nargs) {
		const char *a = find_args[find_pos];
		if (!strcmp(a, ";"))
			break;
		if (!strcmp(a, "+") && op == FN_EXEC && find_pos > start &&
		    !strcmp(find_args[find_pos - 1], "{}")) {
			n->op = FN_EXECPLUS;
			break;
		}
		find_pos++;
	}
	if (find_pos >= find_nargs || find_pos == start)
		util_die(1, "-exec and -ok need a command and ; (or {} +)");
	n->argc = find_pos - start - (n->op == FN_EXECPLUS ? 1 : 0);
	n->argv = find_args + start;
	find_pos++;
	find_action = 1;
	return n;
}

static struct find_node *find_primary(void)
{
	const char *a = find_arg("an expression");
	struct find_node *n;
	char *unit;
	struct stat st;
	if (!strcmp(a, "(")) {
		n = find_parse_or();
		if (find_pos >= find_nargs || strcmp(find_args[find_pos++], ")"))
			util_die(1, "a ( without its )");
		return n;
	}
	if (!strcmp(a, "!") || !strcmp(a, "-not")) {
		n = find_new(FN_NOT);
		n->l = find_primary();
		return n;
	}
	if (!strcmp(a, "-name") || !strcmp(a, "-iname") || !strcmp(a, "-path") ||
	    !strcmp(a, "-wholename")) {
		n = find_new(a[1] == 'n' ? FN_NAME : a[1] == 'i' ? FN_INAME : FN_PATH);
		n->s = find_arg(a);
		return n;
	}
	if (!strcmp(a, "-type")) {
		n = find_new(FN_TYPE);
		n->s = find_arg(a);
		if (strlen(n->s) != 1 || !strchr("bcdflps", n->s[0]))
			util_die(1, "-type: unknown type: %s", n->s);
		return n;
	}
	if (!strcmp(a, "-newer")) {
		n = find_new(FN_NEWER);
		a = find_arg("-newer");
		if (stat(a, &st) < 0) {
			util_warn(a);
			exit(1);
		}
		n->t = st.st_mtim;
		return n;
	}
	if (!strcmp(a, "-size")) {
		n = find_new(FN_SIZE);
		n->n = find_num(a, find_arg(a), &n->cmp, &unit);
		n->s = unit;
		if (strlen(unit) > 1 || (*unit && !strchr("bckMG", *unit)))
			util_die(1, "-size: unknown unit: %s", unit);
		return n;
	}
	if (!strcmp(a, "-mtime") || !strcmp(a, "-links") || !strcmp(a, "-user") ||
	    !strcmp(a, "-group")) {
		n = find_new(a[1] == 'm' ? FN_MTIME : a[1] == 'l' ? FN_LINKS : a[1] == 'u' ? FN_USER : FN_GROUP);
		n->n = find_num(a, find_arg(a), &n->cmp, NULL);
		return n;
	}
	if (!strcmp(a, "-perm")) {
		n = find_new(FN_PERM);
		a = find_arg("-perm");
		n->cmp = *a == '-';
		n->n = util_mode(a + n->cmp, 0, 0);
		if (n->n < 0)
			util_die(1, "-perm: invalid mode: %s", a);
		return n;
	}
	if (!strcmp(a, "-maxdepth") || !strcmp(a, "-mindepth")) {
		int cmp;
		long long v = find_num(a, find_arg(a), &cmp, NULL);
		if (cmp || v < 0)
			util_die(1, "%s: invalid depth", a);
		*(a[2] == 'a' ? &find_maxdepth : &find_mindepth) = (int)v;
		return find_new(FN_TRUE);
	}
	if (!strcmp(a, "-depth") || !strcmp(a, "-xdev") || !strcmp(a, "-mount")) {
		*(a[1] == 'd' ? &find_depthfirst : &find_xdev) = 1;
		return find_new(FN_TRUE);
	}
	if (!strcmp(a, "-exec"))
		return find_exec(FN_EXEC);
	if (!strcmp(a, "-ok"))
		return find_exec(FN_OK);
	static const struct { const char *name; enum find_op op; int action; } simple[] = {
		{ "-empty", FN_EMPTY, 0 }, { "-true", FN_TRUE, 0 }, { "-false", FN_FALSE, 0 },
		{ "-print", FN_PRINT, 1 }, { "-print0", FN_PRINT0, 1 }, { "-prune", FN_PRUNE, 0 },
		{ "-delete", FN_DELETE, 1 },
	};
	for (size_t i = 0; i < sizeof(simple) / sizeof(simple[0]); i++)
		if (!strcmp(a, simple[i].name)) {
			find_action |= simple[i].action;
			if (simple[i].op == FN_DELETE)
				find_depthfirst = 1;
			return find_new(simple[i].op);
		}
	util_die(1, "unknown expression: %s", a);
	return NULL;
}

static int find_at_and_end(void)
{
	if (find_pos >= find_nargs)
		return 1;
	const char *a = find_args[find_pos];
	return !strcmp(a, "-o") || !strcmp(a, "-or") || !strcmp(a, ")");
}

static struct find_node *find_parse_and(void)
{
	struct find_node *l = find_primary();
	while (!find_at_and_end()) {
		if (!strcmp(find_args[find_pos], "-a") || !strcmp(find_args[find_pos], "-and"))
			find_pos++;
		struct find_node *n = find_new(FN_AND);
		n->l = l;
		n->r = find_primary();
		l = n;
	}
	return l;
}

static struct find_node *find_parse_or(void)
{
	struct find_node *l = find_parse_and();
	while (find_pos < find_nargs && (!strcmp(find_args[find_pos], "-o") ||
	       !strcmp(find_args[find_pos], "-or"))) {
		find_pos++;
		struct find_node *n = find_new(FN_OR);
		n->l = l;
		n->r = find_parse_and();
		l = n;
	}
	return l;
}

/* Runs ARGV with each {} replaced by PATH (or, for +, the gathered paths); 1 if it exited 0. */
static int find_run(struct find_node *n, const char *path)
{
	size_t extra = n->op == FN_EXECPLUS ? n->nplus : 0;
	char **argv = util_alloc(sizeof(char *) * ((size_t)n->argc + extra + 1));
	int k = 0, st;
	for (int i = 0; i < n->argc; i++)
		argv[k++] = !strcmp(n->argv[i], "{}") && path ? (char *)path : n->argv[i];
	for (size_t i = 0; i < extra; i++)
		argv[k++] = n->plus[i];
	argv[k] = NULL;
	if (n->op == FN_OK) {
		char *line = NULL;
		size_t cap = 0;
		for (int i = 0; i < k; i++)
			fprintf(stderr, "%s%s", i ? " " : "< ", argv[i]);
		fprintf(stderr, " > ? ");
		int yes = getline(&line, &cap, stdin) > 0 && (line[0] == 'y' || line[0] == 'Y');
		free(line);
		if (!yes) {
			free(argv);
			return 0;
		}
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		execvp(argv[0], argv);
		util_warn(argv[0]);
		_exit(127);
	}
	free(argv);
	if (pid < 0 || waitpid(pid, &st, 0) < 0) {
		util_warn("fork");
		return 0;
	}
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static void find_flush_plus(struct find_node *n)
{
	if (!n)
		return;
	if (n->op == FN_EXECPLUS && n->nplus) {
		if (!find_run(n, NULL))
			find_status = 1;
		for (size_t i = 0; i < n->nplus; i++)
			free(n->plus[i]);
		n->nplus = 0;
	}
	find_flush_plus(n->l);
	find_flush_plus(n->r);
}

static long long find_units(long long size, const char *unit)
{
	long long u = !*unit || *unit == 'b' ? 512 : *unit == 'c' ? 1 : *unit == 'k' ? 1024
		: *unit == 'M' ? 1048576 : 1073741824;
	return (size + u - 1) / u;
}

static int find_cmp(long long v, const struct find_node *n)
{
	return n->cmp > 0 ? v > n->n : n->cmp < 0 ? v < n->n : v == n->n;
}

static int find_eval(struct find_node *n, const char *path, const struct stat *st)
{
	const char *base;
	switch (n->op) {
	case FN_AND: return find_eval(n->l, path, st) && find_eval(n->r, path, st);
	case FN_OR: return find_eval(n->l, path, st) || find_eval(n->r, path, st);
	case FN_NOT: return !find_eval(n->l, path, st);
	case FN_NAME:
	case FN_INAME: {
		/* the last component, trailing slashes aside */
		size_t len = strlen(path);
		while (len > 1 && path[len - 1] == '/')
			len--;
		char *b = util_alloc(len + 1);
		memcpy(b, path, len);
		b[len] = 0;
		base = strrchr(b, '/') && len > 1 ? strrchr(b, '/') + 1 : b;
		char *pat = util_strdup(n->s);
		if (n->op == FN_INAME) /* both in lower case: FNM_CASEFOLD is not POSIX */
			for (char *p = pat, *q = b; *p || *q; p += !!*p, q += !!*q) {
				*p = (char)tolower((unsigned char)*p);
				*q = (char)tolower((unsigned char)*q);
			}
		int r = !fnmatch(pat, base, 0);
		free(pat);
		free(b);
		return r;
	}
	case FN_PATH: return !fnmatch(n->s, path, 0);
	case FN_TYPE: {
		mode_t m = st->st_mode;
		switch (n->s[0]) {
		case 'b': return S_ISBLK(m);
		case 'c': return S_ISCHR(m);
		case 'd': return S_ISDIR(m);
		case 'f': return S_ISREG(m);
		case 'l': return S_ISLNK(m);
		case 'p': return S_ISFIFO(m);
		default: return S_ISSOCK(m);
		}
	}
	case FN_NEWER:
		return st->st_mtim.tv_sec > n->t.tv_sec ||
			(st->st_mtim.tv_sec == n->t.tv_sec && st->st_mtim.tv_nsec > n->t.tv_nsec);
	case FN_SIZE: return find_cmp(find_units((long long)st->st_size, n->s), n);
	case FN_MTIME: return find_cmp((long long)(find_now - st->st_mtim.tv_sec) / 86400, n);
	case FN_LINKS: return find_cmp((long long)st->st_nlink, n);
	case FN_USER: return find_cmp((long long)st->st_uid, n);
	case FN_GROUP: return find_cmp((long long)st->st_gid, n);
	case FN_PERM:
		return n->cmp ? (st->st_mode & n->n) == n->n : (st->st_mode & 07777) == n->n;
	case FN_EMPTY:
		if (S_ISREG(st->st_mode))
			return st->st_size == 0;
		if (S_ISDIR(st->st_mode)) {
			size_t count = 1;
			char **names = util_dir_names(path, 1, &count);
			util_free_names(names);
			return names && count == 0;
		}
		return 0;
	case FN_TRUE: return 1;
	case FN_FALSE: return 0;
	case FN_PRINT: puts(path); return 1;
	case FN_PRINT0: fputs(path, stdout); putchar(0); return 1;
	case FN_PRUNE: find_pruned = 1; return 1;
	case FN_DELETE:
		if ((S_ISDIR(st->st_mode) ? rmdir(path) : unlink(path)) < 0 && strcmp(path, ".")) {
			util_warn(path);
			find_status = 1;
			return 0;
		}
		return 1;
	case FN_EXECPLUS:
		n->plus = util_realloc(n->plus, sizeof(char *) * (n->nplus + 1));
		n->plus[n->nplus++] = util_strdup(path);
		if (n->nplus >= 1024)
			find_flush_plus(n);
		return 1;
	default: return find_run(n, path);
	}
}

static struct find_node *find_root;

static int find_visit(struct util_walk *w, const char *path, const struct stat *st, int kind,
	int depth)
{
	(void)w;
	if (kind == UTIL_WALK_ERR) {
		util_warn(path);
		find_status = 1;
		return UTIL_WALK_GO;
	}
	if (find_xdev && depth == 0)
		find_dev = st->st_dev;
	int here = depth >= find_mindepth && (find_maxdepth < 0 || depth <= find_maxdepth);
	int skip = (find_maxdepth >= 0 && depth >= find_maxdepth) ||
		(find_xdev && st->st_dev != find_dev);
	if (kind == UTIL_WALK_POST) {
		if (find_depthfirst && here)
			find_eval(find_root, path, st);
		return UTIL_WALK_GO;
	}
	if (kind == UTIL_WALK_PRE && find_depthfirst)
		return skip ? UTIL_WALK_SKIP : UTIL_WALK_GO;
	find_pruned = 0;
	if (here)
		find_eval(find_root, path, st);
	return skip || find_pruned ? UTIL_WALK_SKIP : UTIL_WALK_GO;
}

int main(int argc, char **argv)
{
	int i = 1, follow = UTIL_FOLLOW_NONE, first_path;
	util_init(argc, argv, "find", find_help);
	for (; i < argc && (!strcmp(argv[i], "-H") || !strcmp(argv[i], "-L") ||
	       !strcmp(argv[i], "-P")); i++)
		follow = argv[i][1] == 'H' ? UTIL_FOLLOW_TOP : argv[i][1] == 'L' ? UTIL_FOLLOW_ALL
			: UTIL_FOLLOW_NONE;
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	first_path = i;
	while (i < argc && argv[i][0] != '-' && strcmp(argv[i], "(") && strcmp(argv[i], "!"))
		i++;
	find_args = argv + i;
	find_nargs = argc - i;
	find_now = time(NULL);
	if (find_nargs) {
		find_root = find_parse_or();
		if (find_pos < find_nargs)
			util_die(1, "unexpected %s", find_args[find_pos]);
	} else
		find_root = find_new(FN_TRUE);
	if (!find_action) {
		struct find_node *n = find_new(FN_AND);
		n->l = find_root;
		n->r = find_new(FN_PRINT);
		find_root = n;
	}
	char *dot[] = { ".", NULL };
	char **paths = i > first_path ? argv + first_path : dot;
	int npaths = i > first_path ? i - first_path : 1;
	for (int k = 0; k < npaths; k++) {
		struct util_walk w = { follow, find_visit, NULL, 0 };
		util_walk(&w, paths[k]);
	}
	find_flush_plus(find_root);
	if (fflush(stdout))
		find_status = 1;
	return find_status;
}
