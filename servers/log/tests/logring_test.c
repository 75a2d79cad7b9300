/* servers/log/tests/logring_test.c: host tests of the log ring (servers/log/logring.c), run
 * under ASan/UBSan: lines in with their prefix, a write's text as lines, the ring wrapping
 * (the oldest lines go whole), readers' cursors (from the oldest line, behind the tail, across
 * the buffer's end), a ring kept or refused on attach, and a randomized run that checks that
 * the ring always holds the newest whole lines in order. Prints `log-ring: N passed, M failed`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../logring.h"

static int passed, failed, checks_failed;
static const char *current;

#define CHECK(cond) check(!!(cond), #cond, __LINE__)
static void check(int ok, const char *what, int line)
{
	if (ok)
		return;
	checks_failed++;
	printf("FAIL %s, line %d: %s\n", current, line, what);
}

#define MEM (sizeof(struct log_ring_hdr) + 4096)
static unsigned char mem[MEM];
static struct log_ring ring;

static void fresh(void)
{
	memset(mem, 0xa5, sizeof(mem));
	CHECK(log_ring_attach(&ring, mem, sizeof(mem)) == 0);
}

/* Everything a new reader sees, NUL-terminated. */
static char *all(void)
{
	static char out[8192];
	struct log_cursor c;
	size_t n = 0, k;
	log_cursor_init(&c, &ring);
	while ((k = log_ring_read(&ring, &c, n, out + n, 7)) > 0) /* small reads: pieces join */
		n += k;
	out[n] = 0;
	return out;
}

static void test_lines_and_prefix(void)
{
	fresh();
	CHECK(all()[0] == 0);
	log_ring_line(&ring, "p: ", "hello", 5);
	log_ring_line(&ring, "", "bad\x1b[2Jbyte\ttab\x7f", 16);
	CHECK(!strcmp(all(), "p: hello\nbad?[2Jbyte\ttab?\n"));
	CHECK(ring.h->lines == 2 && ring.h->tail == 0);
}

static void test_text_as_lines(void)
{
	fresh();
	CHECK(log_ring_text(&ring, "x ", "one\ntwo\n\nthree", 14) == 3); /* the empty line skipped */
	CHECK(!strcmp(all(), "x one\nx two\nx three\n"));
	CHECK(log_ring_text(&ring, "x ", "\n\n", 2) == 0);
	fresh();
	{
		char big[LOG_LINE_MAX * 2 + 10];
		memset(big, 'a', sizeof(big));
		CHECK(log_ring_text(&ring, "", big, sizeof(big)) == 3); /* cut every LOG_LINE_MAX */
		CHECK(strlen(all()) == sizeof(big) + 3);
	}
}

static void test_prefix_format(void)
{
	char p[LOG_PREFIX_MAX];
	log_prefix(p, 12345678901234ull, 77);
	CHECK(!strcmp(p, "[12345.678901] pid 77: "));
	log_prefix(p, 5000, 1);
	CHECK(!strcmp(p, "[    0.000005] pid 1: "));
}

static void test_wrap_drops_whole_lines(void)
{
	char line[64], *s;
	fresh();
	for (int i = 0; i < 1000; i++) {
		int n = snprintf(line, sizeof(line), "line %04d", i);
		log_ring_line(&ring, "", line, (size_t)n);
	}
	s = all();
	CHECK(ring.h->head - ring.h->tail <= ring.h->size);
	CHECK(!strncmp(s, "line ", 5));                          /* starts at a whole line */
	CHECK(strstr(s, "line 0999\n") && s[strlen(s) - 1] == '\n'); /* the newest is there */
	CHECK(!strstr(s, "line 0000"));
	CHECK(ring.h->dropped > 0 && ring.h->lines == 1000);
	CHECK(strlen(s) == ring.h->head - ring.h->tail);
}

static void test_cursor_behind_tail(void)
{
	struct log_cursor c;
	char buf[64];
	size_t n;
	uint64_t off = 0;
	fresh();
	log_ring_line(&ring, "", "first", 5);
	log_cursor_init(&c, &ring);
	n = log_ring_read(&ring, &c, off, buf, 3);
	CHECK(n == 3 && !memcmp(buf, "fir", 3));
	off += n;
	for (int i = 0; i < 2000; i++) /* the ring wraps many times under the reader */
		log_ring_line(&ring, "", "filler line", 11);
	CHECK(log_ring_left(&ring, &c, off) == ring.h->head - ring.h->tail);
	n = log_ring_read(&ring, &c, off, buf, 12);
	CHECK(n == 12 && !memcmp(buf, "filler line\n", 12)); /* moved on to the oldest line left */
	off += n;
	CHECK(c.base + off == ring.h->tail + 12);
	n = log_ring_read(&ring, &c, off, buf, 12); /* and goes on from there, in step */
	CHECK(n == 12 && !memcmp(buf, "filler line\n", 12));
	CHECK(log_ring_end(&ring, &c) == ring.h->head - c.base);
	off = log_ring_end(&ring, &c);
	CHECK(log_ring_read(&ring, &c, off, buf, sizeof(buf)) == 0); /* the end */
	CHECK(log_ring_left(&ring, &c, off) == 0);
	CHECK(log_ring_read(&ring, &c, ~0ull - 3, buf, 12) == 12); /* a wild offset: the oldest */
}

static void test_attach_keeps_or_refuses(void)
{
	struct log_ring again;
	fresh();
	log_ring_line(&ring, "", "kept", 4);
	ring.h->kmsg_pos = 1234;
	CHECK(log_ring_attach(&again, mem, sizeof(mem)) == 1);
	CHECK(again.h->kmsg_pos == 1234 && again.h->head == 5);
	CHECK(log_ring_attach(&again, mem, sizeof(mem) - 8) == 0); /* another size: starts over */
	CHECK(again.h->head == 0 && again.h->kmsg_pos == 0);
	fresh();
	log_ring_line(&ring, "", "x", 1);
	ring.h->head = 1; /* a half-written line (no '\n' at the head): refused */
	CHECK(log_ring_attach(&again, mem, sizeof(mem)) == 0);
	fresh();
	ring.h->tail = 10; /* the tail past the head */
	CHECK(log_ring_attach(&again, mem, sizeof(mem)) == 0);
	CHECK(log_ring_attach(&again, mem, 100) == -1);
}

/* A writer killed mid-line: tail moved, bytes half written, head not: the ring is still whole. */
static void test_half_written_line(void)
{
	struct log_ring again;
	char *s;
	fresh();
	for (int i = 0; i < 300; i++)
		log_ring_line(&ring, "", "0123456789", 10);
	{
		uint64_t head = ring.h->head;
		log_ring_line(&ring, "", "partial line", 12);
		ring.h->head = head; /* as if killed before the head moved */
		ring.h->lines--;
	}
	CHECK(log_ring_attach(&again, mem, sizeof(mem)) == 1);
	s = all();
	CHECK(!strstr(s, "partial") && !strncmp(s, "0123456789\n", 11));
	CHECK(strlen(s) % 11 == 0);
}

static void test_random_run(void)
{
	unsigned seed = 12345;
	uint64_t next = 0; /* the number of the next line written */
	char line[LOG_LINE_MAX + 40];
	fresh();
	for (int step = 0; step < 20000; step++) {
		int pad;
		size_t n;
		seed = seed * 1103515245u + 12345u;
		pad = (int)((seed >> 16) % 300);
		n = (size_t)snprintf(line, sizeof(line), "%08llu ", (unsigned long long)next++);
		memset(line + n, 'a' + (int)(next % 26), (size_t)pad);
		log_ring_line(&ring, "", line, n + (size_t)pad);
		if (step % 97 == 0) { /* the ring holds the newest lines, whole and in order */
			char *s = all(), *p = s;
			unsigned long long expect = 0, first = 1;
			CHECK(strlen(s) == ring.h->head - ring.h->tail && s[strlen(s) - 1] == '\n');
			while (*p) {
				unsigned long long num = strtoull(p, NULL, 10);
				char *nl = strchr(p, '\n');
				if (!first && num != expect)
					break;
				first = 0;
				expect = num + 1;
				p = nl + 1;
			}
			CHECK(!*p && expect == next);
		}
	}
}

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "lines_and_prefix", test_lines_and_prefix },
	{ "text_as_lines", test_text_as_lines },
	{ "prefix_format", test_prefix_format },
	{ "wrap_drops_whole_lines", test_wrap_drops_whole_lines },
	{ "cursor_behind_tail", test_cursor_behind_tail },
	{ "attach_keeps_or_refuses", test_attach_keeps_or_refuses },
	{ "half_written_line", test_half_written_line },
	{ "random_run", test_random_run },
};

int main(void)
{
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		current = tests[i].name;
		checks_failed = 0;
		tests[i].fn();
		if (checks_failed)
			failed++;
		else
			passed++;
	}
	printf("log-ring: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
