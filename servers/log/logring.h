/* servers/log/logring.h: the log server's ring of recent lines, a portable core (no system
 * call, no allocation) that logd.c serves at /dev/log and the host tests drive. Start here.
 *
 * The ring lives in one block of memory the caller gives: a header, then the bytes. It holds
 * whole lines only, each ending in '\n'. Positions are counts of bytes ever appended, so the
 * ring's content is [tail, head); when a new line needs room the oldest lines go whole. An
 * append writes the header's tail first, then the bytes, then the head, so a writer killed in
 * the middle leaves a ring that is still whole: logd keeps it in shared memory (/dev/shm) and a
 * restarted logd goes on with the lines its predecessor kept (log_ring_attach checks them).
 *
 * Readers: a cursor maps a description's offset (0 at the oldest line when it was opened) to
 * a ring position; a reader that fell behind the tail is moved on to the oldest line left, and
 * the cursor remembers the shift, so the kernel's offset (which advances by what a read
 * answered) and the ring stay in step. */
#ifndef SERVERS_LOGRING_H
#define SERVERS_LOGRING_H

#include <stddef.h>
#include <stdint.h>

#define LOG_RING_MAGIC 0x676f4c46u   /* "FLog" */
#define LOG_LINE_MAX 1024            /* a written line's text longer than this is cut in pieces */
#define LOG_PREFIX_MAX 48            /* "[seconds.micros] pid N: " */

struct log_ring_hdr {
	uint32_t magic;
	uint32_t size;         /* bytes of line data after the header */
	uint64_t head;         /* bytes ever appended */
	uint64_t tail;         /* the oldest byte kept: a line's start */
	uint64_t kmsg_pos;     /* logd's place in the kernel log (/dev/kmsg), kept across restarts */
	uint64_t lines;        /* lines ever appended */
	uint64_t dropped;      /* lines that went to make room */
	uint64_t reserved[2];
};
_Static_assert(sizeof(struct log_ring_hdr) == 64, "struct log_ring_hdr");

struct log_ring {
	struct log_ring_hdr *h;
	char *data;
};

struct log_cursor {
	uint64_t base;         /* the ring position of offset 0 */
};

/* Uses mem (memsize bytes: the header and at least 2 * LOG_LINE_MAX bytes of data) as the ring.
 * 1: a ring found there whole was kept; 0: it was empty or damaged and starts over; -1: too
 * small. */
int log_ring_attach(struct log_ring *r, void *mem, size_t memsize);
/* Appends one line: prefix and text (n bytes, no '\n' in it; control bytes but tab become
 * '?'), cut to LOG_LINE_MAX bytes of text, and a '\n'. */
void log_ring_line(struct log_ring *r, const char *prefix, const char *text, size_t n);
/* A written text as lines: each line of it is a line of the ring with prefix (an empty line is
 * skipped, a missing last '\n' added, a line over LOG_LINE_MAX cut into several). Returns the
 * count of lines appended. */
int log_ring_text(struct log_ring *r, const char *prefix, const char *text, size_t n);

/* A new cursor: offset 0 is the oldest line now. */
void log_cursor_init(struct log_cursor *c, const struct log_ring *r);
/* Copies at most len bytes at the cursor's offset off into buf: the bytes, 0 at the end. */
size_t log_ring_read(const struct log_ring *r, struct log_cursor *c, uint64_t off, char *buf,
		     size_t len);
/* Bytes from offset off to the end (what a follower still has to read; 0 at the end). */
uint64_t log_ring_left(const struct log_ring *r, const struct log_cursor *c, uint64_t off);
/* The size a description sees: the end as an offset (fstat's st_size, SEEK_END). */
uint64_t log_ring_end(const struct log_ring *r, const struct log_cursor *c);

/* "[seconds.micros] pid N: " into buf (LOG_PREFIX_MAX): the kernel log's own format. */
void log_prefix(char *buf, uint64_t ns, int pid);

#endif
