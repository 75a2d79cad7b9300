/* kernel/core/printf.c: formatted output for the kernel: kvformat does the work, the rest are
 * front ends. Portable: the host unit tests compare it with the host's snprintf. */
#include "klib.h"

struct kfmt_spec {
	bool left, zero, alt, plus, space;
	bool is_signed;  /* d, i: only these take '+' and ' ' */
	int width, prec; /* prec < 0: none */
	int size;        /* 0 int, 1 long, 2 long long, -1 short, -2 char */
};

struct kfmt_sink {
	kformat_out out;
	void *arg;
	size_t n;
};

static void kfmt_put(struct kfmt_sink *s, char c)
{
	s->out(s->arg, c);
	s->n++;
}

static void kfmt_pad(struct kfmt_sink *s, char c, int n)
{
	while (n-- > 0)
		kfmt_put(s, c);
}

/* Emits prefix + (zeros) + digits within the field width. */
static void kfmt_number(struct kfmt_sink *s, const struct kfmt_spec *sp, uint64_t v,
		unsigned base, bool upper, bool negative)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24], prefix[3];
	int len = 0, plen = 0, zeros = 0, total;
	while (v) {
		buf[len++] = digits[v % base];
		v /= base;
	}
	if (sp->prec < 0 && len == 0)
		buf[len++] = '0';
	if (sp->alt && base == 8 && (len == 0 || buf[len - 1] != '0'))
		buf[len++] = '0';
	if (negative)
		prefix[plen++] = '-';
	else if (sp->plus && sp->is_signed)
		prefix[plen++] = '+';
	else if (sp->space && sp->is_signed)
		prefix[plen++] = ' ';
	if (sp->alt && base == 16 && len && !(len == 1 && buf[0] == '0')) {
		prefix[plen++] = '0';
		prefix[plen++] = upper ? 'X' : 'x';
	}
	if (sp->prec > len)
		zeros = sp->prec - len;
	total = plen + zeros + len;
	if (sp->zero && !sp->left && sp->prec < 0 && sp->width > total) {
		zeros += sp->width - total;
		total = sp->width;
	}
	if (!sp->left)
		kfmt_pad(s, ' ', sp->width - total);
	for (int i = 0; i < plen; i++)
		kfmt_put(s, prefix[i]);
	kfmt_pad(s, '0', zeros);
	while (len)
		kfmt_put(s, buf[--len]);
	if (sp->left)
		kfmt_pad(s, ' ', sp->width - total);
}

static void kfmt_string(struct kfmt_sink *s, const struct kfmt_spec *sp, const char *str)
{
	int len;
	if (!str)
		str = "(null)";
	len = (int)strnlen(str, sp->prec >= 0 ? (size_t)sp->prec : (size_t)-1);
	if (!sp->left)
		kfmt_pad(s, ' ', sp->width - len);
	for (int i = 0; i < len; i++)
		kfmt_put(s, str[i]);
	if (sp->left)
		kfmt_pad(s, ' ', sp->width - len);
}

/* Reads flags, width, precision and size; returns the conversion character's position. */
static const char *kfmt_parse(const char *f, struct kfmt_spec *sp, va_list *ap)
{
	memset(sp, 0, sizeof(*sp));
	sp->prec = -1;
	for (;; f++) {
		if (*f == '-') sp->left = true;
		else if (*f == '0') sp->zero = true;
		else if (*f == '#') sp->alt = true;
		else if (*f == '+') sp->plus = true;
		else if (*f == ' ') sp->space = true;
		else break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		f++;
	}
	for (; *f >= '0' && *f <= '9'; f++)
		sp->width = sp->width * 10 + (*f - '0');
	if (*f == '.') {
		f++;
		sp->prec = 0;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		}
		for (; *f >= '0' && *f <= '9'; f++)
			sp->prec = sp->prec * 10 + (*f - '0');
	}
	for (;; f++) {
		if (*f == 'l') sp->size++;
		else if (*f == 'h') sp->size--;
		else if (*f == 'z' || *f == 't') sp->size = 1;
		else break;
	}
	return f;
}

static int64_t kfmt_signed(const struct kfmt_spec *sp, va_list *ap)
{
	if (sp->size >= 1)
		return va_arg(*ap, long);
	if (sp->size == -1)
		return (short)va_arg(*ap, int);
	if (sp->size <= -2)
		return (signed char)va_arg(*ap, int);
	return va_arg(*ap, int);
}

static uint64_t kfmt_unsigned(const struct kfmt_spec *sp, va_list *ap)
{
	if (sp->size >= 1)
		return va_arg(*ap, unsigned long);
	if (sp->size == -1)
		return (unsigned short)va_arg(*ap, unsigned int);
	if (sp->size <= -2)
		return (unsigned char)va_arg(*ap, unsigned int);
	return va_arg(*ap, unsigned int);
}

size_t kvformat(kformat_out out, void *arg, const char *fmt, va_list ap0)
{
	struct kfmt_sink s = { out, arg, 0 };
	struct kfmt_spec sp;
	va_list ap;
	va_copy(ap, ap0);
	for (const char *f = fmt; *f; f++) {
		int64_t sv;
		if (*f != '%') {
			kfmt_put(&s, *f);
			continue;
		}
		f = kfmt_parse(f + 1, &sp, &ap);
		switch (*f) {
		case 'd': case 'i':
			sv = kfmt_signed(&sp, &ap);
			sp.is_signed = true;
			kfmt_number(&s, &sp, sv < 0 ? (uint64_t)0 - (uint64_t)sv : (uint64_t)sv, 10, false, sv < 0);
			break;
		case 'u': kfmt_number(&s, &sp, kfmt_unsigned(&sp, &ap), 10, false, false); break;
		case 'x': kfmt_number(&s, &sp, kfmt_unsigned(&sp, &ap), 16, false, false); break;
		case 'X': kfmt_number(&s, &sp, kfmt_unsigned(&sp, &ap), 16, true, false); break;
		case 'o': kfmt_number(&s, &sp, kfmt_unsigned(&sp, &ap), 8, false, false); break;
		case 'p':
			sp.alt = true;
			kfmt_number(&s, &sp, (uintptr_t)va_arg(ap, void *), 16, false, false);
			break;
		case 'c': {
			struct kfmt_spec one = sp;
			char c[2] = { (char)va_arg(ap, int), 0 };
			one.prec = 1;
			if (c[0] == 0) { /* a NUL char is still one byte of output */
				kfmt_pad(&s, ' ', sp.left ? 0 : sp.width - 1);
				kfmt_put(&s, 0);
				kfmt_pad(&s, ' ', sp.left ? sp.width - 1 : 0);
			} else {
				kfmt_string(&s, &one, c);
			}
			break;
		}
		case 's': kfmt_string(&s, &sp, va_arg(ap, const char *)); break;
		case '%': kfmt_put(&s, '%'); break;
		case 0: f--; break; /* a lone % at the end: print nothing */
		default: /* unknown conversion: show it rather than eat arguments */
			kfmt_put(&s, '%');
			kfmt_put(&s, *f);
			break;
		}
	}
	va_end(ap);
	return s.n;
}

struct kfmt_buf {
	char *buf;
	size_t size, len;
};

static void kfmt_buf_out(void *arg, char c)
{
	struct kfmt_buf *b = arg;
	if (b->len + 1 < b->size)
		b->buf[b->len] = c;
	b->len++;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct kfmt_buf b = { buf, size, 0 };
	size_t n = kvformat(kfmt_buf_out, &b, fmt, ap);
	if (size)
		buf[n < size ? n : size - 1] = 0;
	return (int)n;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Output goes out in chunks, so a line reaches the serial port in one console_write. */
struct kfmt_line {
	char buf[128];
	size_t len;
};

static void kfmt_line_out(void *arg, char c)
{
	struct kfmt_line *l = arg;
	l->buf[l->len++] = c;
	if (l->len == sizeof(l->buf) || c == '\n') {
		console_write(l->buf, l->len);
		l->len = 0;
	}
}

int kprintf(const char *fmt, ...)
{
	struct kfmt_line l;
	va_list ap;
	size_t n;
	l.len = 0;
	va_start(ap, fmt);
	n = kvformat(kfmt_line_out, &l, fmt, ap);
	va_end(ap);
	if (l.len)
		console_write(l.buf, l.len);
	return (int)n;
}
