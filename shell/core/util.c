/* util.c: memory, growable strings, error messages and small helpers shared by the shell core. */
#include "sh.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <limits.h>

void *sh_alloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);
	if (!p) {
		/* Out of memory leaves no sensible way to continue a command. */
		write(2, "sh: out of memory\n", 18);
		_exit(2);
	}
	return p;
}

void *sh_realloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		write(2, "sh: out of memory\n", 18);
		_exit(2);
	}
	return p;
}

char *sh_strdup(const char *s)
{
	return sh_strndup(s, strlen(s));
}

char *sh_strndup(const char *s, size_t n)
{
	char *p = sh_alloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *sh_strcat3(const char *a, const char *b, const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
	char *p = sh_alloc(la + lb + lc + 1);
	memcpy(p, a, la);
	memcpy(p + la, b, lb);
	memcpy(p + la + lb, c, lc + 1);
	return p;
}

static void sh_str_grow(struct sh_str *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap * 2 : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->s = sh_realloc(b->s, cap);
	b->cap = cap;
}

void sh_str_putc(struct sh_str *b, int c)
{
	sh_str_grow(b, 1);
	b->s[b->len++] = (char)c;
	b->s[b->len] = 0;
}

void sh_str_putn(struct sh_str *b, const char *s, size_t n)
{
	sh_str_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

void sh_str_puts(struct sh_str *b, const char *s)
{
	sh_str_putn(b, s, strlen(s));
}

char *sh_str_take(struct sh_str *b)
{
	char *s = b->s ? b->s : sh_strdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void sh_str_printf(struct sh_str *b, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0) {
		sh_str_grow(b, (size_t)n);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap2);
		b->len += (size_t)n;
	}
	va_end(ap2);
}

/* Messages carry the script name and line, as dash prints them, so that scripts' stderr can be
 * compared with dash's and a user finds the failing line. An interactive shell omits the line
 * only when reading from the terminal would make it meaningless; we keep it always. */
void sh_verrmsg(struct sh *sh, const char *fmt, va_list ap)
{
	struct sh_str b = {0};
	sh_str_printf(&b, "%s: %d: ", sh->arg0 ? sh->arg0 : "sh", sh->lineno);
	if (sh->input && sh->input->name)
		sh_str_printf(&b, "%s: ", sh->input->name);
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	char *m = sh_alloc((size_t)n + 1);
	vsnprintf(m, (size_t)n + 1, fmt, ap);
	sh_str_puts(&b, m);
	sh_str_putc(&b, '\n');
	sh_write_all(2, b.s, b.len);
	free(m);
	free(b.s);
}

void sh_errmsg(struct sh *sh, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sh_verrmsg(sh, fmt, ap);
	va_end(ap);
}

void sh_error(struct sh *sh, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sh_verrmsg(sh, fmt, ap);
	va_end(ap);
	sh_abort(sh, 2);
}

/* Abandon the current command. An interactive shell goes back to its prompt; a script (or a
 * subshell) exits, as POSIX requires for expansion and special-builtin errors. */
void sh_abort(struct sh *sh, int status)
{
	sh->status = status;
	if (sh->err_jmp)
		longjmp(*sh->err_jmp, 1);
	sh_exit(sh, status);
}

/* Is the C stack nearly used up? Deep recursion (f() { f; }) must end in an error, not a
 * crash; the depth it allows comes from the stack's size, not from a fixed count. */
int sh_stack_low(struct sh *sh)
{
	char here;
	if (!sh->stack_base)
		return 0;
	size_t used = (size_t)(sh->stack_base > &here ? sh->stack_base - &here : &here - sh->stack_base);
	return used > sh->stack_room;
}

int sh_is_name_n(const char *s, size_t n)
{
	if (n == 0 || !(s[0] == '_' || (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	for (size_t i = 1; i < n; i++) {
		char c = s[i];
		if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return 0;
	}
	return 1;
}

int sh_is_name(const char *s)
{
	return sh_is_name_n(s, strlen(s));
}

int sh_parse_int(const char *s, long *out)
{
	char *end;
	if (!*s)
		return 0;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (*end || errno)
		return 0;
	*out = v;
	return 1;
}

int sh_write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

char **sh_argv_dup(char **v, int n)
{
	char **r = sh_alloc(sizeof(char *) * (size_t)(n + 1));
	for (int i = 0; i < n; i++)
		r[i] = sh_strdup(v[i]);
	return r;
}

/* ---- arenas: every node of one parse, freed at once ---- */
struct sh_arena_block {
	struct sh_arena_block *next;
	size_t used, size;
	char data[];
};

struct sh_arena *sh_arena_new(void)
{
	struct sh_arena *a = sh_alloc(sizeof *a);
	a->refs = 1;
	return a;
}

void *sh_arena_alloc(struct sh_arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	struct sh_arena_block *b = a->blocks;
	if (!b || b->used + n > b->size) {
		size_t size = n > 4000 ? n : 4000;
		b = sh_alloc(sizeof *b + size);
		b->size = size;
		b->next = a->blocks;
		a->blocks = b;
	}
	void *p = b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *sh_arena_strdup(struct sh_arena *a, const char *s)
{
	size_t n = strlen(s);
	char *p = sh_arena_alloc(a, n + 1);
	memcpy(p, s, n + 1);
	return p;
}

void sh_arena_ref(struct sh_arena *a)
{
	a->refs++;
}

void sh_arena_unref(struct sh_arena *a)
{
	if (!a || --a->refs > 0)
		return;
	struct sh_arena_block *b = a->blocks, *n;
	for (; b; b = n) {
		n = b->next;
		free(b);
	}
	free(a);
}
