/* servers/log/logring.c: the log ring (logring.h): lines in, bytes out by position. */
#include <stdio.h>
#include <string.h>
#include "logring.h"

static char *log_at(const struct log_ring *r, uint64_t pos)
{
	return r->data + pos % r->h->size;
}

int log_ring_attach(struct log_ring *r, void *mem, size_t memsize)
{
	struct log_ring_hdr *h = mem;
	uint64_t size;
	if (memsize < sizeof(*h) + 2 * (LOG_LINE_MAX + LOG_PREFIX_MAX + 1) ||
	    memsize - sizeof(*h) > 0xffffffffu)
		return -1;
	size = memsize - sizeof(*h);
	r->h = h;
	r->data = (char *)mem + sizeof(*h);
	/* kept only if it is whole: our magic and size, the tail not past the head, at most a
	 * ring's worth between them, and the last byte a line's end */
	if (h->magic == LOG_RING_MAGIC && h->size == size && h->tail <= h->head &&
	    h->head - h->tail <= size && (h->head == h->tail || *log_at(r, h->head - 1) == '\n'))
		return 1;
	memset(h, 0, sizeof(*h));
	h->size = (uint32_t)size;
	h->magic = LOG_RING_MAGIC;
	return 0;
}

/* Makes room for need bytes: the oldest whole lines go. */
static void log_make_room(struct log_ring *r, uint64_t need)
{
	uint64_t tail = r->h->tail;
	while (r->h->head + need - tail > r->h->size) {
		while (tail < r->h->head && *log_at(r, tail) != '\n')
			tail++;
		tail++; /* past the '\n' */
		r->h->dropped++;
	}
	r->h->tail = tail; /* first: the bytes below are about to be overwritten */
}

static void log_put(struct log_ring *r, uint64_t *pos, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		*log_at(r, (*pos)++) = (char)(c < 0x20 && c != '\t' ? '?' : c == 0x7f ? '?' : c);
	}
}

void log_ring_line(struct log_ring *r, const char *prefix, const char *text, size_t n)
{
	size_t plen = strlen(prefix);
	uint64_t pos;
	if (plen > LOG_PREFIX_MAX)
		plen = LOG_PREFIX_MAX;
	if (n > LOG_LINE_MAX)
		n = LOG_LINE_MAX;
	log_make_room(r, plen + n + 1);
	pos = r->h->head;
	log_put(r, &pos, prefix, plen);
	log_put(r, &pos, text, n);
	*log_at(r, pos++) = '\n';
	r->h->head = pos; /* last: the line is there */
	r->h->lines++;
}

int log_ring_text(struct log_ring *r, const char *prefix, const char *text, size_t n)
{
	size_t start = 0;
	int lines = 0;
	for (size_t i = 0; i <= n; i++)
		if (i == n || text[i] == '\n' || i - start == LOG_LINE_MAX) {
			if (i > start) {
				log_ring_line(r, prefix, text + start, i - start);
				lines++;
			}
			start = i < n && text[i] == '\n' ? i + 1 : i;
		}
	return lines;
}

void log_cursor_init(struct log_cursor *c, const struct log_ring *r)
{
	c->base = r->h->tail;
}

/* The ring position of offset off; a position the ring no longer holds moves the cursor on. */
static uint64_t log_pos(const struct log_ring *r, struct log_cursor *c, uint64_t off)
{
	uint64_t pos = c->base + off;
	if (pos < c->base || pos < r->h->tail) { /* wrapped, or fell behind: the oldest line */
		c->base = r->h->tail - off;
		pos = r->h->tail;
	}
	return pos;
}

size_t log_ring_read(const struct log_ring *r, struct log_cursor *c, uint64_t off, char *buf,
		     size_t len)
{
	uint64_t pos = log_pos(r, c, off), left;
	size_t n = 0;
	if (pos >= r->h->head)
		return 0;
	left = r->h->head - pos;
	if (len > left)
		len = (size_t)left;
	while (n < len) { /* at most two pieces: up to the end of the buffer, then from its start */
		uint64_t at = pos % r->h->size;
		size_t k = r->h->size - at < len - n ? (size_t)(r->h->size - at) : len - n;
		memcpy(buf + n, r->data + at, k);
		n += k;
		pos += k;
	}
	return n;
}

uint64_t log_ring_left(const struct log_ring *r, const struct log_cursor *c, uint64_t off)
{
	struct log_cursor tmp = *c;
	uint64_t pos = log_pos(r, &tmp, off);
	return pos < r->h->head ? r->h->head - pos : 0;
}

uint64_t log_ring_end(const struct log_ring *r, const struct log_cursor *c)
{
	return r->h->head >= c->base ? r->h->head - c->base : 0;
}

void log_prefix(char *buf, uint64_t ns, int pid)
{
	snprintf(buf, LOG_PREFIX_MAX, "[%5lu.%06lu] pid %d: ", (unsigned long)(ns / 1000000000ull),
		 (unsigned long)(ns / 1000 % 1000000), pid);
}
