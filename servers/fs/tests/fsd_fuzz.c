/* servers/fs/tests/fsd_fuzz.c: libFuzzer over sequences of requests to fsd. The input is
 * read as a stream of requests: an opcode, flags, a handle chosen among the live ones (or a
 * made-up one), arguments, and paths spelled from a few names, dots and slashes, so that
 * requests meet each other's files. Every tenth request is raw bytes instead. A crash, a
 * sanitizer report or a reply the kernel would refuse (harness violation) is a finding; so is
 * a filesystem that fsck finds broken at the end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fsd_client.h"

struct fz {
	const unsigned char *p;
	size_t n;
};

static unsigned fz_byte(struct fz *f)
{
	if (f->n == 0)
		return 0;
	f->n--;
	return *f->p++;
}

static unsigned long fz_num(struct fz *f, int bytes)
{
	unsigned long v = 0;

	while (bytes--)
		v = v << 8 | fz_byte(f);
	return v;
}

static void fz_path(struct fz *f, char *out, size_t max)
{
	static const char *const parts[] = { "a", "b", "dir", ".", "..", "/", "link", "f",
					     "a/b", "x" };
	unsigned cnt = fz_byte(f) % 6, i;
	size_t n = 0, k;

	for (i = 0; i < cnt; i++) {
		unsigned c = fz_byte(f);
		const char *p = parts[c % 10];

		k = strlen(p);
		if (n + k + 2 >= max)
			break;
		memcpy(out + n, p, k);
		n += k;
		if (c & 0x80)
			out[n++] = '/';
	}
	out[n] = 0;
}

static unsigned long fz_handle(struct fz *f, struct fsdc *c)
{
	unsigned b = fz_byte(f);
	uint32_t i;

	if (b < 64)
		return 0;
	if (b < 80)
		return fz_num(f, 8);
	for (i = 0; i < c->fsd.handles.n; i++) {
		uint32_t k = (i + b) % c->fsd.handles.n;

		if (c->fsd.handles.h[k].used)
			return ((unsigned long)c->fsd.handles.h[k].gen << 32) | (k + 1);
	}
	return 0;
}

static void fz_check(struct fsdc *c)
{
	if (c->h.violations) {
		fprintf(stderr, "protocol violation: %s\n", c->h.why);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const unsigned ops[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 32, 33, 34, 35, 36,
					37, 38, 39, 40, 41, 64, 99 };
	static char wdata[8192];
	struct fsdc *c = calloc(1, sizeof(*c));
	struct fz f = { data, size };
	struct ferrite_packet p;
	struct fs_fsck_result res;
	char path[128], path2[128];
	unsigned char raw[sizeof(p) + 64];
	int steps = 0;

	if (!c || fsdc_start(c, 4u << 20) < 0)
		abort();
	while (f.n > 0 && steps++ < 200) {
		memset(&p, 0, sizeof(p));
		p.op = ops[fz_byte(&f) % (sizeof(ops) / sizeof(ops[0]))];
		p.flags = (unsigned)fz_num(&f, 3);
		p.handle = fz_handle(&f, c);
		p.handle2 = fz_byte(&f) & 1 ? p.handle : 0;
		p.arg[0] = fz_num(&f, 2) | (fz_byte(&f) == 0xff ? ~0ul << 40 : 0);
		p.arg[1] = fz_num(&f, 2);
		p.len = fz_num(&f, 2);
		p.uid = fz_byte(&f) < 200 ? 0 : 1000;
		p.gid = p.uid;
		if (steps % 10 == 0) {
			memcpy(raw, &p, sizeof(p));
			memset(raw + sizeof(p), 0, sizeof(raw) - sizeof(p));
			((struct ferrite_packet *)raw)->path_len = fz_byte(&f);
			((struct ferrite_packet *)raw)->id = 1u << 31 | (unsigned)steps;
			srvh_push_raw(&c->h, raw, sizeof(p) + fz_byte(&f) % 65);
		} else {
			fz_path(&f, path, sizeof(path));
			fz_path(&f, path2, sizeof(path2));
			srvh_send(&c->h, &p, path, path2, wdata, p.len < sizeof(wdata) ? p.len : sizeof(wdata));
		}
		while (srv_step(&c->srv) > 0)
			;
		fz_check(c);
	}
	if (fs_sync(c->fsd.fs) == 0 && (fs_fsck(&c->fsd.dev.dev, 0, NULL, &res) < 0 || res.errors)) {
		fprintf(stderr, "fsck: %llu errors\n", (unsigned long long)res.errors);
		abort();
	}
	fsdc_stop(c);
	free(c);
	return 0;
}
