/* pattern.c: shell pattern matching (* ? [...] with backslash escapes) and pathname expansion.
 * Patterns arrive with quoted characters already escaped by a backslash (see expand.c). */
#include "sh.h"
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <dirent.h>
#include <sys/stat.h>

static int sh_class_match(const char *name, size_t n, int c)
{
	static const struct { const char *name; int (*fn)(int); } classes[] = {
		{"alpha", isalpha}, {"digit", isdigit}, {"alnum", isalnum}, {"upper", isupper},
		{"lower", islower}, {"space", isspace}, {"blank", isblank}, {"punct", ispunct},
		{"print", isprint}, {"graph", isgraph}, {"cntrl", iscntrl}, {"xdigit", isxdigit},
	};
	for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
		if (strlen(classes[i].name) == n && !strncmp(classes[i].name, name, n))
			return classes[i].fn(c) != 0;
	return 0;
}

/* A bracket expression at p (just after '['). Returns the pattern after ']', or NULL when the
 * brackets do not close (then '[' is an ordinary character). *matched says whether c is in it. */
static const char *sh_bracket(const char *p, int c, int *matched)
{
	int neg = 0, ok = 0;
	if (*p == '!' || *p == '^') {
		neg = 1;
		p++;
	}
	const char *start = p;
	while (*p && (*p != ']' || p == start)) {
		if (p[0] == '[' && p[1] == ':') {
			const char *e = strstr(p + 2, ":]");
			if (e) {
				if (sh_class_match(p + 2, (size_t)(e - p - 2), c))
					ok = 1;
				p = e + 2;
				continue;
			}
		}
		int lo = (unsigned char)*p;
		if (lo == '\\' && p[1])
			lo = (unsigned char)*++p;
		p++;
		int hi = lo;
		if (p[0] == '-' && p[1] && p[1] != ']') {
			p++;
			hi = (unsigned char)*p;
			if (hi == '\\' && p[1])
				hi = (unsigned char)*++p;
			p++;
		}
		if (c >= lo && c <= hi)
			ok = 1;
	}
	if (*p != ']')
		return NULL;
	*matched = ok != neg;
	return p + 1;
}

int sh_pattern_match(const char *pat, const char *s)
{
	const char *star_p = NULL, *star_s = NULL;
	for (;;) {
		int c = (unsigned char)*pat;
		if (c == '*') {
			while (*pat == '*')
				pat++;
			if (!*pat)
				return 1;
			star_p = pat;
			star_s = s;
			continue;
		}
		if (!*s) {
			if (!c)
				return 1;
			goto backtrack;
		}
		if (c == '?') {
			pat++;
			s++;
			continue;
		}
		if (c == '[') {
			int m = 0;
			const char *e = sh_bracket(pat + 1, (unsigned char)*s, &m);
			if (e) {
				if (!m)
					goto backtrack;
				pat = e;
				s++;
				continue;
			}
		}
		if (c == '\\' && pat[1])
			c = (unsigned char)*++pat;
		if (c && c == (unsigned char)*s) {
			pat++;
			s++;
			continue;
		}
	backtrack:
		if (!star_p || !*star_s)
			return 0;
		pat = star_p;
		s = ++star_s;
	}
}

/* Does the pattern need matching at all? A '[' counts only if its bracket expression closes
 * ("[ $x = y ]" must not read the directory each time). */
int sh_pattern_has_magic(const char *pat)
{
	for (; *pat; pat++) {
		int m;
		if (*pat == '\\' && pat[1])
			pat++;
		else if (*pat == '*' || *pat == '?')
			return 1;
		else if (*pat == '[' && sh_bracket(pat + 1, 'a', &m))
			return 1;
	}
	return 0;
}

char *sh_pattern_unescape(const char *pat)
{
	struct sh_str b = {0};
	sh_str_puts(&b, "");
	for (; *pat; pat++) {
		if (*pat == '\\' && pat[1])
			pat++;
		sh_str_putc(&b, *pat);
	}
	return sh_str_take(&b);
}

struct sh_globv {
	char **v;
	int n, cap;
};

static void sh_globv_add(struct sh_globv *g, char *s)
{
	if (g->n + 1 >= g->cap) {
		g->cap = g->cap ? g->cap * 2 : 16;
		g->v = sh_realloc(g->v, sizeof(char *) * (size_t)g->cap);
	}
	g->v[g->n++] = s;
	g->v[g->n] = NULL;
}

/* Match the pattern's components from rest onward under the directory prefix `dir`. */
static void sh_glob_walk(const char *dir, const char *rest, struct sh_globv *out)
{
	while (*rest == '/')
		rest++;
	const char *slash = rest;
	while (*slash && *slash != '/') {
		if (*slash == '\\' && slash[1])
			slash++;
		slash++;
	}
	char *comp = sh_strndup(rest, (size_t)(slash - rest));
	int last = !*slash;
	if (!sh_pattern_has_magic(comp)) {
		char *lit = sh_pattern_unescape(comp);
		char *path = sh_strcat3(dir, lit, last ? "" : "/");
		struct stat st;
		if (last) {
			if (lstat(path, &st) == 0)
				sh_globv_add(out, sh_strdup(path));
		} else {
			sh_glob_walk(path, slash, out);
		}
		free(path);
		free(lit);
		free(comp);
		return;
	}
	DIR *d = opendir(*dir ? dir : ".");
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			/* A leading dot is matched only by a pattern that starts with one. */
			if (e->d_name[0] == '.' && comp[0] != '.' && !(comp[0] == '\\' && comp[1] == '.'))
				continue;
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				if (comp[0] != '.')
					continue;
			if (!sh_pattern_match(comp, e->d_name))
				continue;
			char *path = sh_strcat3(dir, e->d_name, last ? "" : "/");
			if (last)
				sh_globv_add(out, path);
			else {
				struct stat st;
				if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
					sh_glob_walk(path, slash, out);
				free(path);
			}
		}
		closedir(d);
	}
	free(comp);
}

static int sh_glob_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **sh_glob(const char *pat, int *n)
{
	struct sh_globv out = {0};
	sh_glob_walk(pat[0] == '/' ? "/" : "", pat, &out);
	*n = out.n;
	if (!out.n) {
		free(out.v);
		return NULL;
	}
	qsort(out.v, (size_t)out.n, sizeof(char *), sh_glob_cmp);
	return out.v;
}
