/* kernel/core/path_str.c: path strings: components, tidying, lexical "..", joining, and the
 * getdents record format (path.h). Portable core: tested on the host too. */
#include "klib.h"
#include "errno.h"
#include "path.h"

bool path_next(const char **p, const char **comp, size_t *len)
{
	const char *s = *p;
	size_t n = 0;
	while (*s == '/')
		s++;
	if (!*s) {
		*p = s;
		return false;
	}
	while (s[n] && s[n] != '/')
		n++;
	*comp = s;
	*len = n;
	*p = s + n;
	return true;
}

static bool path_is_dotdot(const char *c, size_t n)
{
	return n == 2 && c[0] == '.' && c[1] == '.';
}

/* The shared walk of path_tidy and path_collapse: rewrites p component by component (the
 * write position never passes the read position, so in place is safe). */
static void path_rewrite(char *p, bool collapse)
{
	bool abs = p[0] == '/';
	size_t w = abs ? 1 : 0, base = w;
	const char *r = p, *c;
	size_t n;
	while (path_next(&r, &c, &n)) {
		if (n == 1 && c[0] == '.')
			continue;
		if (path_is_dotdot(c, n)) {
			if (w == base && abs)
				continue; /* ".." of the root is the root */
			if (collapse && w > base) {
				/* the last written component, unless it is a ".." itself */
				size_t s = w;
				while (s > base && p[s - 1] != '/')
					s--;
				if (!path_is_dotdot(p + s, w - s)) {
					w = s > base ? s - 1 : base;
					continue;
				}
			}
		}
		if (w > base)
			p[w++] = '/';
		memmove(p + w, c, n);
		w += n;
	}
	p[w] = 0;
}

void path_tidy(char *p, bool *dir_only)
{
	size_t l = strlen(p);
	if (dir_only)
		*dir_only = l > 1 && p[l - 1] == '/';
	path_rewrite(p, false);
}

void path_collapse(char *p)
{
	path_rewrite(p, true);
}

int path_join(char *out, size_t n, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), sep = la && lb && a[la - 1] != '/' ? 1 : 0;
	if (la + sep + lb + 1 > n)
		return -ENAMETOOLONG;
	memmove(out, a, la); /* out may be a */
	if (sep)
		out[la] = '/';
	memmove(out + la + sep, b, lb);
	out[la + sep + lb] = 0;
	return 0;
}

bool path_dirent_put(void *buf, size_t len, size_t *used, uint64_t ino, uint64_t next_cookie,
	unsigned type, const char *name, size_t name_len)
{
	size_t rec = ALIGN_UP(19 + name_len + 1, 8);
	struct ferrite_dirent *d = (struct ferrite_dirent *)((uint8_t *)buf + *used);
	if (rec > len - *used)
		return false;
	memset(d, 0, rec);
	d->d_ino = ino;
	d->d_off = (long)next_cookie;
	d->d_reclen = (unsigned short)rec;
	d->d_type = (unsigned char)type;
	memcpy((char *)d + 19, name, name_len);
	*used += rec;
	return true;
}

bool path_is_last(const char *rest)
{
	while (*rest == '/')
		rest++;
	return *rest == 0;
}
