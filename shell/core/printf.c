/* printf.c: the printf and echo builtins. printf reuses its format until the arguments run out;
 * echo takes -n, -e (backslash escapes) and -E, as busybox's and bash's do. */
#include "sh.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <errno.h>
#include <ctype.h>

/* One backslash escape at s (just after the backslash); appends it and returns what follows.
 * In %b and echo -e, \c ends all output (*stop) and octal is \0NNN. */
static const char *sh_escape(const char *s, struct sh_str *out, int bmode, int *stop)
{
	int c = *s;
	switch (c) {
	case 'a': sh_str_putc(out, '\a'); return s + 1;
	case 'b': sh_str_putc(out, '\b'); return s + 1;
	case 'f': sh_str_putc(out, '\f'); return s + 1;
	case 'n': sh_str_putc(out, '\n'); return s + 1;
	case 'r': sh_str_putc(out, '\r'); return s + 1;
	case 't': sh_str_putc(out, '\t'); return s + 1;
	case 'v': sh_str_putc(out, '\v'); return s + 1;
	case '\\': sh_str_putc(out, '\\'); return s + 1;
	case 'x':
		/* \xHH: not POSIX, but bash's and busybox's printf and echo -e know it */
		if (isxdigit((unsigned char)s[1])) {
			int v = 0, n = 0;
			for (s++; n < 2 && isxdigit((unsigned char)*s); s++, n++)
				v = v * 16 + (isdigit((unsigned char)*s) ? *s - '0' : (tolower((unsigned char)*s) - 'a' + 10));
			sh_str_putc(out, v);
			return s;
		}
		break;
	case 'c':
		if (bmode) {
			*stop = 1;
			return s + 1;
		}
		break;
	}
	if (c >= '0' && c <= '7') {
		int v = 0, n = 0;
		if (bmode && c == '0')
			s++;
		while (n < 3 && *s >= '0' && *s <= '7') {
			v = v * 8 + (*s++ - '0');
			n++;
		}
		sh_str_putc(out, v & 255);
		return s;
	}
	sh_str_putc(out, '\\');
	if (c)
		sh_str_putc(out, c);
	return c ? s + 1 : s;
}

static int sh_printf_num(struct sh *sh, const char *arg, long long *v, int *err)
{
	char *end;
	if (arg[0] == '\'' || arg[0] == '"') {
		*v = (unsigned char)arg[1];
		return 1;
	}
	errno = 0;
	*v = strtoll(arg, &end, 0);
	if (end == arg || *end || errno) {
		sh_errmsg(sh, "printf: %s: %s", arg, end == arg ? "expected numeric value" : "not completely converted");
		*err = 1;
	}
	return 1;
}

int sh_bi_printf(struct sh *sh, int argc, char **argv)
{
	int ai = 1;
	if (ai < argc && !strcmp(argv[ai], "--"))
		ai++;
	if (ai >= argc)
		return sh_builtin_usage(sh, "printf", "usage: printf format [arg ...]");
	const char *fmt = argv[ai++];
	struct sh_str out = {0};
	int err = 0, stop = 0;
	do {
		int used = 0;
		for (const char *p = fmt; *p && !stop;) {
			if (*p == '\\') {
				p = sh_escape(p + 1, &out, 0, &stop);
				continue;
			}
			if (*p != '%') {
				sh_str_putc(&out, *p++);
				continue;
			}
			if (p[1] == '%') {
				sh_str_putc(&out, '%');
				p += 2;
				continue;
			}
			/* Collect %[flags][width][.prec]conv, with * taking an argument. */
			struct sh_str spec = {0};
			sh_str_putc(&spec, *p++);
			while (*p && strchr("-+ #0", *p))
				sh_str_putc(&spec, *p++);
			for (int part = 0; part < 2; part++) {
				if (part == 1) {
					if (*p != '.')
						break;
					sh_str_putc(&spec, *p++);
				}
				if (*p == '*') {
					long long w = 0;
					if (ai < argc)
						sh_printf_num(sh, argv[ai++], &w, &err);
					used = 1;
					sh_str_printf(&spec, "%lld", w);
					p++;
				} else {
					while (*p >= '0' && *p <= '9')
						sh_str_putc(&spec, *p++);
				}
			}
			char conv = *p ? *p++ : 0;
			const char *arg = ai < argc ? argv[ai++] : NULL;
			if (arg)
				used = 1;
			if (conv == 'd' || conv == 'i') {
				long long v = 0;
				if (arg)
					sh_printf_num(sh, arg, &v, &err);
				sh_str_puts(&spec, "lld");
				sh_str_printf(&out, spec.s, v);
			} else if (conv && strchr("ouxX", conv)) {
				long long v = 0;
				if (arg)
					sh_printf_num(sh, arg, &v, &err);
				sh_str_puts(&spec, "ll");
				sh_str_putc(&spec, conv);
				sh_str_printf(&out, spec.s, (unsigned long long)v);
			} else if (conv && strchr("eEfFgGaA", conv)) {
				double v = arg ? strtod(arg, NULL) : 0;
				sh_str_putc(&spec, conv);
				sh_str_printf(&out, spec.s, v);
			} else if (conv == 's' || conv == 'c') {
				sh_str_putc(&spec, 's');
				char one[2] = {arg ? arg[0] : 0, 0};
				sh_str_printf(&out, spec.s, conv == 'c' ? one : arg ? arg : "");
			} else if (conv == 'b') {
				struct sh_str b = {0};
				sh_str_puts(&b, "");
				for (const char *s = arg ? arg : ""; *s && !stop;) {
					if (*s == '\\')
						s = sh_escape(s + 1, &b, 1, &stop);
					else
						sh_str_putc(&b, *s++);
				}
				sh_str_putc(&spec, 's');
				sh_str_printf(&out, spec.s, b.s);
				free(b.s);
			} else {
				sh_errmsg(sh, "printf: %%%c: invalid directive", conv);
				free(spec.s);
				sh_write_all(1, out.s, out.len);
				free(out.s);
				return 1;
			}
			free(spec.s);
		}
		if (!used)
			break;
	} while (ai < argc && !stop);
	if (out.len && sh_write_all(1, out.s, out.len) < 0) {
		sh_errmsg(sh, "printf: I/O error");
		err = 1;
	}
	free(out.s);
	return err;
}

int sh_bi_echo(struct sh *sh, int argc, char **argv)
{
	int nl = 1, esc = 0, i = 1, stop = 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1] && strspn(argv[i] + 1, "neE") == strlen(argv[i] + 1); i++)
		for (const char *c = argv[i] + 1; *c; c++) {
			if (*c == 'n')
				nl = 0;
			else if (*c == 'e')
				esc = 1;
			else
				esc = 0;
		}
	struct sh_str out = {0};
	for (int first = i; i < argc && !stop; i++) {
		if (i > first)
			sh_str_putc(&out, ' ');
		for (const char *s = argv[i]; *s && !stop;) {
			if (esc && *s == '\\')
				s = sh_escape(s + 1, &out, 1, &stop);
			else
				sh_str_putc(&out, *s++);
		}
	}
	if (nl && !stop)
		sh_str_putc(&out, '\n');
	int st = 0;
	if (out.len && sh_write_all(1, out.s, out.len) < 0) {
		sh_errmsg(sh, "echo: echo: I/O error");  /* as dash words it */
		st = 1;
	}
	free(out.s);
	return st;
}
