/* crash.c: the crash-consistency tester. It runs workloads on a recording device, then rebuilds
 * the disk at every flush point and for the reorderings of the writes after it (all of them
 * when few, a sample otherwise, plus torn writes), and for each such crash state checks:
 * fsck finds the committed state clean; it mounts (replaying the log); its contents equal the
 * model after some operation between the last acknowledged fsync/sync and the last one begun;
 * and fsck is clean again after the mount. Workloads: every sequence of 1-2 (bounded) or 3
 * (campaign) operations from a CrashMonkey-style table, and long random ones from seeds.
 *   fs-crash [--campaign | --quick] [--seeds N] [--seed S] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "crash_dev.h"
#include "crash_model.h"

#define CR_BLOCKS 384
#define CR_MAX_OPS 400

struct cr_cfg {
	int exhaustive_max; /* epochs with at most this many writes: every subset */
	int samples;        /* otherwise: this many random subsets (and as many torn states) */
};

struct cr_stats {
	uint64_t states, workloads, failures, semantic, failed_workloads, snap_ops, recovery_states;
};

static struct cr_stats stats;
static struct cr_cfg cfg = {6, 12};
static char cr_log[8192];
static uint64_t cr_rng = 88172645463325252ull;

static uint64_t cr_rand(void)
{
	cr_rng ^= cr_rng << 13;
	cr_rng ^= cr_rng >> 7;
	cr_rng ^= cr_rng << 17;
	return cr_rng;
}

static void cr_logline(void *ctx, const char *line)
{
	size_t n = strlen(cr_log);

	(void)ctx;
	if (n + strlen(line) + 2 < sizeof(cr_log)) {
		strcat(cr_log, line);
		strcat(cr_log, "\n");
	}
}

static struct fs_time cr_now(void *ctx)
{
	struct fs_time t = {1700000000, 0};

	(void)ctx;
	return t;
}

static struct fs_env cr_env = {NULL, cr_now, cr_logline};

/* One workload as run: the operations, where their device events start and end, and the
 * model's digest after each (digest[0]: before the first). */
struct cr_run {
	const char *name;
	struct cm_op ops[CR_MAX_OPS];
	int nops, rc[CR_MAX_OPS];
	size_t ev_start[CR_MAX_OPS], ev_end[CR_MAX_OPS];
	uint64_t digest[CR_MAX_OPS + 1];
};

static struct cm_op cr_op(enum cm_opcode code, const char *a, const char *b, uint64_t off,
			  uint64_t len)
{
	struct cm_op op;

	memset(&op, 0, sizeof(op));
	op.code = code;
	snprintf(op.a, sizeof(op.a), "%s", a);
	snprintf(op.b, sizeof(op.b), "%s", b);
	op.off = off;
	op.len = len;
	op.seed = (unsigned)(off * 31 + len);
	return op;
}

/* The starting state of every workload: /f0 (8 KiB), /A/f1 (3 KiB), committed. */
static int cr_base(struct memdev *base, struct cm_model *m)
{
	struct cm_op setup[4];
	struct fs_mount_opts mo;
	struct fs_mkfs_opts ko;
	struct fs *fs;
	int i, rc;

	setup[0] = cr_op(CM_CREATE, "/f0", "", 0, 0);
	setup[1] = cr_op(CM_WRITE, "/f0", "", 0, 8192);
	setup[2] = cr_op(CM_MKDIR, "/A", "", 0, 0);
	setup[3] = cr_op(CM_CREATE, "/A/f1", "", 0, 0);
	memset(&ko, 0, sizeof(ko));
	memset(&mo, 0, sizeof(mo));
	ko.env = mo.env = cr_env;
	ko.log_blocks = 16;
	rc = memdev_init(base, CR_BLOCKS);
	if (rc == 0)
		rc = fs_mkfs(&base->dev, &ko);
	if (rc == 0)
		rc = fs_mount(&base->dev, &mo, &fs);
	if (rc < 0)
		return rc;
	cm_init(m);
	for (i = 0; i < 4 && rc == 0; i++) {
		cm_apply(m, &setup[i]);
		rc = cm_fs_apply(fs, &setup[i]);
	}
	i = fs_unmount(fs);
	return rc < 0 ? rc : i;
}

static void cr_fail(const struct cr_run *r, size_t epoch, uint64_t mask, int torn,
		    const char *why)
{
	char d[96];
	int i;

	stats.failures++;
	if (stats.failures > 5)
		return;
	printf("FAIL %s: %s (epoch %zu, subset %llx, torn %d)\n", r->name, why, epoch,
	       (unsigned long long)mask, torn);
	for (i = 0; i < r->nops; i++) {
		cm_describe(&r->ops[i], d, sizeof(d));
		printf("    op %d: %s -> %d (events %zu..%zu)\n", i, d, r->rc[i], r->ev_start[i],
		       r->ev_end[i]);
	}
	printf("%s", cr_log);
}

/* Which model states a crash during the epoch that ends with the flush at event epoch_end
 * may show: [lo, hi] indices into digest[]. The crash may come just before that flush ends,
 * so every fsync/sync that returned before it was issued must be in the state, whichever of
 * the epoch's writes reached the disk; and any operation begun by then may be. */
static void cr_bounds(const struct cr_run *r, size_t epoch_end, int *lo, int *hi)
{
	int i;

	*lo = 0;
	*hi = 0;
	for (i = 0; i < r->nops; i++) {
		if (cm_is_sync(&r->ops[i]) && r->rc[i] == 0 && r->ev_end[i] <= epoch_end)
			*lo = i + 1;
		if (r->ev_start[i] > epoch_end)
			break;
		*hi = i + 1;
	}
}

static int cr_check_state(const struct cr_run *r, struct memdev *img, int lo, int hi,
			  size_t epoch, uint64_t mask, int torn);

/* A crash during recovery: the mount of a crash state (log replay, its commit, orphans) is
 * recorded, and the disk at each of its flushes, with a random part of the writes after it,
 * must recover to an allowed state too. Done for every 16th state (it costs a few mounts). */
static void cr_recovery_crash(const struct cr_run *r, const struct memdev *img, int lo, int hi)
{
	struct crash_dev c;
	struct memdev st;
	struct fs_mount_opts mo;
	struct fs *fs;
	size_t i, j, start = 0;

	memset(&mo, 0, sizeof(mo));
	mo.env = cr_env;
	if (crash_dev_init(&c, img) < 0)
		return;
	if (fs_mount(&c.dev, &mo, &fs) == 0)
		fs_unmount(fs);
	for (i = 0; i <= c.nev; i++) {
		if (i < c.nev && c.ev[i].blk != CRASH_FLUSH)
			continue;
		if (memdev_clone(&st, img) < 0)
			break;
		for (j = 0; j < i; j++)
			if (j < start || cr_rand() % 2)
				crash_apply(&st, &c.ev[j], 0);
		stats.recovery_states++;
		cr_check_state(r, &st, lo, hi, 1000 + i, 0, 0);
		memdev_free(&st);
		start = i + 1;
	}
	crash_dev_free(&c);
}

static int cr_check_state(const struct cr_run *r, struct memdev *img, int lo, int hi,
			  size_t epoch, uint64_t mask, int torn)
{
	struct fs_fsck_result res;
	struct fs_mount_opts mo;
	struct fs *fs;
	uint64_t dig;
	int rc, i, ok = 0;

	stats.states++;
	cr_log[0] = 0;
	memset(&mo, 0, sizeof(mo));
	mo.env = cr_env;
	rc = fs_fsck(&img->dev, 0, &cr_env, &res);
	if (rc < 0 || res.errors) {
		cr_fail(r, epoch, mask, torn, "fsck of the crash state found errors");
		return -1;
	}
	rc = fs_mount(&img->dev, &mo, &fs);
	if (rc < 0) {
		cr_fail(r, epoch, mask, torn, "mount failed");
		return -1;
	}
	rc = cm_digest_fs(fs, &dig);
	for (i = lo; i <= hi && rc == 0; i++)
		ok |= dig == r->digest[i];
	fs_unmount(fs);
	if (!ok) {
		snprintf(cr_log + strlen(cr_log), 200, "allowed states %d..%d, rc %d\n", lo, hi, rc);
		cr_fail(r, epoch, mask, torn, "contents match no allowed state");
		return -1;
	}
	rc = fs_fsck(&img->dev, 0, &cr_env, &res);
	if (rc < 0 || res.errors) {
		cr_fail(r, epoch, mask, torn, "fsck after mount found errors");
		return -1;
	}
	return 0;
}

/* The state as the crash left it (img is changed by the mount, so check a copy first). */
static int cr_check_crash(const struct cr_run *r, struct memdev *img, int lo, int hi,
			  size_t epoch, uint64_t mask, int torn)
{
	if (stats.states % 16 == 0)
		cr_recovery_crash(r, img, lo, hi);
	return cr_check_state(r, img, lo, hi, epoch, mask, torn);
}

/* Builds one crash state: the durable image plus the chosen writes of the epoch. */
static int cr_state(const struct cr_run *r, const struct crash_dev *c, const struct memdev *durable,
		    const size_t *w, int nw, uint64_t mask, int torn_at, size_t epoch, int lo, int hi)
{
	struct memdev img;
	int i, rc;

	if (memdev_clone(&img, durable) < 0)
		return -1;
	for (i = 0; i < nw; i++)
		if (mask >> i & 1)
			crash_apply(&img, &c->ev[w[i]], i == torn_at ? 512 * (1 + cr_rand() % 7) : 0);
	rc = cr_check_crash(r, &img, lo, hi, epoch, mask, torn_at >= 0);
	memdev_free(&img);
	return rc;
}

static void cr_epoch(const struct cr_run *r, const struct crash_dev *c, const struct memdev *dur,
		     size_t from, size_t to, size_t epoch)
{
	size_t w[64];
	int nw = 0, lo, hi, s, bit;
	uint64_t mask, all;
	size_t i;

	for (i = from; i < to && nw < 64; i++)
		w[nw++] = i;
	cr_bounds(r, to, &lo, &hi);
	all = nw == 64 ? ~0ull : (1ull << nw) - 1;
	if (nw <= cfg.exhaustive_max) {
		for (mask = 0; mask <= all; mask++)
			cr_state(r, c, dur, w, nw, mask, -1, epoch, lo, hi);
	} else {
		cr_state(r, c, dur, w, nw, 0, -1, epoch, lo, hi);
		cr_state(r, c, dur, w, nw, all, -1, epoch, lo, hi);
		for (s = 0; s < cfg.samples; s++)
			cr_state(r, c, dur, w, nw, cr_rand() & all, -1, epoch, lo, hi);
	}
	for (s = 0; s < cfg.samples / 4 + 1 && nw > 0; s++) { /* torn writes */
		bit = (int)(cr_rand() % (uint64_t)nw);
		mask = (cr_rand() & all) | (1ull << bit);
		cr_state(r, c, dur, w, nw, mask, bit, epoch, lo, hi);
	}
}

/* Walks the recorded events epoch by epoch, keeping the durable image up to date. */
static void cr_crash_states(const struct cr_run *r, const struct crash_dev *c,
			    const struct memdev *base)
{
	struct memdev dur;
	size_t i, start = 0, epoch = 0;

	if (memdev_clone(&dur, base) < 0)
		return;
	for (i = 0; i <= c->nev; i++) {
		if (i < c->nev && c->ev[i].blk != CRASH_FLUSH)
			continue;
		cr_epoch(r, c, &dur, start, i, epoch++);
		for (; start < i; start++)
			crash_apply(&dur, &c->ev[start], 0);
		start = i + 1;
	}
	memdev_free(&dur);
}

/* Snapshots in the model: a saved copy of the model per name, newest last. */
struct cr_snaps {
	char name[2][8];
	struct cm_model saved[2];
	int n;
};

static int cr_snap_find(const struct cr_snaps *s, const char *name)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->name[i], name))
			return i;
	return -1;
}

/* Does a snapshot operation on the filesystem and the model; returns the model's answer. */
static int cr_snap_op(struct fs *fs, struct cm_model *m, struct cr_snaps *s, const struct cm_op *op,
		      int nopen, int *got)
{
	int i = cr_snap_find(s, op->a);

	if (op->code == CM_SNAPSHOT) {
		*got = fs_snap_create(fs, op->a);
		if (i >= 0)
			return -EEXIST;
		snprintf(s->name[s->n], sizeof(s->name[0]), "%s", op->a);
		cm_copy(&s->saved[s->n++], m);
		return 0;
	}
	*got = op->code == CM_SNAPDEL ? fs_snap_delete(fs, op->a) : fs_snap_rollback(fs, op->a);
	if (i < 0)
		return -ENOENT;
	if (op->code == CM_ROLLBACK) {
		if (i != s->n - 1 || nopen)
			return -EBUSY;
		cm_free(m);
		cm_copy(m, &s->saved[i]);
		return 0;
	}
	cm_free(&s->saved[i]);
	if (i == 0 && s->n == 2) {
		memcpy(s->name[0], s->name[1], sizeof(s->name[0]));
		s->saved[0] = s->saved[1];
	}
	s->n--;
	return 0;
}

static int cr_open_ino(struct fs *fs, const char *path, uint64_t *opened, int *nopen)
{
	uint64_t ino;
	int rc = fs_resolve(fs, path, &ino);

	if (rc == 0 && *nopen < 8 && (rc = fs_open(fs, ino)) == 0)
		opened[(*nopen)++] = ino;
	return rc;
}

/* Runs the operations on a fresh copy of the base image, then checks every crash state. */
static void cr_workload(struct cr_run *r, const struct memdev *base, const struct cm_model *m0)
{
	struct crash_dev c;
	struct fs_mount_opts mo;
	struct cm_model m;
	struct cr_snaps snaps;
	struct fs *fs;
	uint64_t opened[8], live;
	int i, nopen = 0, want;
	uint64_t fails0 = stats.failures;

	stats.workloads++;
	memset(&snaps, 0, sizeof(snaps));
	cm_copy(&m, m0);
	memset(&mo, 0, sizeof(mo));
	mo.env = cr_env;
	if (crash_dev_init(&c, base) < 0 || fs_mount(&c.dev, &mo, &fs) < 0) {
		cr_fail(r, 0, 0, 0, "cannot mount the base image");
		return;
	}
	r->digest[0] = cm_digest_model(&m);
	for (i = 0; i < r->nops; i++) {
		r->ev_start[i] = c.nev;
		want = cm_apply(&m, &r->ops[i]);
		if (r->ops[i].code >= CM_SNAPSHOT) {
			want = cr_snap_op(fs, &m, &snaps, &r->ops[i], nopen, &r->rc[i]);
			stats.snap_ops += r->rc[i] == 0;
		}
		else if (r->ops[i].code == CM_OPEN)
			r->rc[i] = cr_open_ino(fs, r->ops[i].a, opened, &nopen);
		else if (r->ops[i].code == CM_CLOSE)
			r->rc[i] = nopen ? fs_release(fs, opened[--nopen]) : 0;
		else
			r->rc[i] = cm_fs_apply(fs, &r->ops[i]);
		r->ev_end[i] = c.nev;
		r->digest[i + 1] = cm_digest_model(&m);
		if (r->rc[i] != want && !(r->ops[i].code == CM_OPEN && want < 0)) {
			stats.semantic++;
			snprintf(cr_log, sizeof(cr_log), "op %d returned %d, the model says %d\n", i,
				 r->rc[i], want);
			cr_fail(r, 0, 0, 0, "operation result differs from the model");
		}
	}
	for (i = 0; i < snaps.n; i++)
		cm_free(&snaps.saved[i]);
	if (cm_digest_fs(fs, &live) < 0 || live != r->digest[r->nops]) {
		stats.semantic++;
		cr_fail(r, 0, 0, 0, "the mounted filesystem's contents differ from the model's");
	}
	cr_crash_states(r, &c, base);
	if (stats.failures != fails0)
		stats.failed_workloads++;
	fs_unmount(fs); /* after the states: its writes are not part of the workload */
	crash_dev_free(&c);
	cm_free(&m);
}

/* CrashMonkey-style: each step is one operation from this table followed by a persistence
 * operation (none, fsync of the file it names, or sync). */
struct cr_template {
	enum cm_opcode code;
	const char *a, *b, *persist;
	uint64_t off, len;
};

static const struct cr_template cr_table[] = {
	{CM_WRITE, "/f0", "", "/f0", 8192, 5000},
	{CM_WRITE, "/f0", "", "/f0", 4000, 100},
	{CM_CREATE, "/f2", "", "/f2", 0, 0},
	{CM_WRITE, "/f2", "", "/f2", 0, 3000},
	{CM_TRUNC, "/f0", "", "/f0", 0, 1000},
	{CM_RENAME, "/f0", "/f2", "/f2", 0, 0},
	{CM_RENAME, "/f0", "/A/f1", "/A/f1", 0, 0},
	{CM_RENAME, "/A", "/B", "/B/f1", 0, 0},
	{CM_LINK, "/f0", "/A/f3", "/A/f3", 0, 0},
	{CM_UNLINK, "/f0", "", "/A/f1", 0, 0},
	{CM_UNLINK, "/A/f1", "", "/f0", 0, 0},
	{CM_MKDIR, "/B", "", "/f0", 0, 0},
	{CM_RMDIR, "/A", "", "/f0", 0, 0},
	{CM_SYMLINK, "/s0", "f0", "/s0", 0, 0},
};

#define CR_NT ((int)(sizeof(cr_table) / sizeof(cr_table[0])))

static void cr_add_step(struct cr_run *r, int choice)
{
	const struct cr_template *t = &cr_table[choice / 3];
	int persist = choice % 3;

	r->ops[r->nops++] = cr_op(t->code, t->a, t->b, t->off, t->len);
	if (persist == 1)
		r->ops[r->nops++] = cr_op(CM_FSYNC, t->persist, "", 0, 0);
	else if (persist == 2)
		r->ops[r->nops++] = cr_op(CM_SYNC, "", "", 0, 0);
}

/* Every sequence of len steps (3 * CR_NT choices each). */
static void cr_sequences(const struct memdev *base, const struct cm_model *m0, int len)
{
	static struct cr_run r;
	int choices = 3 * CR_NT, total = 1, n, i, x;

	for (i = 0; i < len; i++)
		total *= choices;
	for (n = 0; n < total; n++) {
		memset(&r, 0, sizeof(r));
		r.name = "sequence";
		for (i = 0, x = n; i < len; i++, x /= choices)
			cr_add_step(&r, x % choices);
		/* the last step always persists something, or its crash states add nothing */
		if (r.ops[r.nops - 1].code != CM_FSYNC && r.ops[r.nops - 1].code != CM_SYNC)
			r.ops[r.nops++] = cr_op(CM_FSYNC, "/f0", "", 0, 0);
		cr_workload(&r, base, m0);
	}
}

static const char *cr_files[] = {"/f0", "/f1", "/f2", "/A/f0", "/A/f1", "/B/f0", "/B/f1"};

static const char *cr_pick(void)
{
	return cr_files[cr_rand() % (sizeof(cr_files) / sizeof(cr_files[0]))];
}

/* sparse: fewer syncs, so that log batches span several blocks; snappy: many snapshots */
static struct cm_op cr_random_op(int sparse, int snappy)
{
	unsigned x = (unsigned)(cr_rand() % 100);

	if (snappy && x >= 88) /* a quarter of the time a snapshot operation, not a write */
		x = 97 + (unsigned)(cr_rand() % 3);
	else if (snappy && x < 16)
		x = 97 + (unsigned)(cr_rand() % 3);
	const char *dirs[2] = {"/A", "/B"};

	if (x < 28)
		return cr_op(CM_WRITE, cr_pick(), "", cr_rand() % 20000, 1 + cr_rand() % 9000);
	if (x < 38)
		return cr_op(CM_CREATE, cr_pick(), "", 0, 0);
	if (x < 46)
		return cr_op(sparse && x > 39 ? CM_WRITE : CM_FSYNC, cr_pick(), "", 0, 1 + cr_rand() % 900);
	if (x < 49)
		return cr_op(CM_FDATASYNC, cr_pick(), "", 0, 0);
	if (x < 52)
		return cr_op(CM_SYNC, "", "", 0, 0);
	if (x < 60)
		return cr_op(CM_RENAME, cr_pick(), cr_pick(), 0, 0);
	if (x < 62)
		return cr_op(CM_RENAME, dirs[cr_rand() & 1], dirs[cr_rand() & 1], 0, 0);
	if (x < 67)
		return cr_op(CM_LINK, cr_pick(), cr_pick(), 0, 0);
	if (x < 75)
		return cr_op(CM_UNLINK, cr_pick(), "", 0, 0);
	if (x < 79)
		return cr_op(CM_MKDIR, dirs[cr_rand() & 1], "", 0, 0);
	if (x < 82)
		return cr_op(CM_RMDIR, dirs[cr_rand() & 1], "", 0, 0);
	if (x < 89)
		return cr_op(CM_TRUNC, cr_pick(), "", 0, cr_rand() % 15000);
	if (x < 92)
		return cr_op(CM_SYMLINK, cr_pick(), "target", 0, 0);
	if (x < 95)
		return cr_op(CM_OPEN, cr_pick(), "", 0, 0);
	if (x < 97)
		return cr_op(CM_CLOSE, "", "", 0, 0);
	if (x < 98)
		return cr_op(CM_SNAPSHOT, cr_rand() & 1 ? "s1" : "s2", "", 0, 0);
	if (x < 99)
		return cr_op(CM_SNAPDEL, cr_rand() & 1 ? "s1" : "s2", "", 0, 0);
	return cr_op(CM_ROLLBACK, cr_rand() & 1 ? "s1" : "s2", "", 0, 0);
}

/* A long random workload; the seed makes it reproducible (fs-crash --seeds 1 --seed S). */
static void cr_random(const struct memdev *base, const struct cm_model *m0, uint64_t seed, int n)
{
	static struct cr_run r;
	uint64_t saved;
	int i;

	memset(&r, 0, sizeof(r));
	r.name = "random";
	cr_rng = seed * 0x9e3779b97f4a7c15ull + 1;
	for (i = 0; i < n && i < CR_MAX_OPS - 1; i++)
		r.ops[r.nops++] = cr_random_op(seed % 2 == 0, seed % 3 == 1);
	r.ops[r.nops++] = cr_op(CM_SYNC, "", "", 0, 0);
	saved = stats.failures;
	cr_workload(&r, base, m0);
	if (stats.failures != saved)
		printf("    (random workload seed %llu)\n", (unsigned long long)seed);
}

static void cr_progress(int campaign, clock_t t0, const char *what, int n)
{
	if (campaign)
		fprintf(stderr, "fs-crash: %s %d done: %llu workloads, %llu states, %llu failures, "
			"%.0f s\n", what, n, (unsigned long long)stats.workloads,
			(unsigned long long)stats.states, (unsigned long long)stats.failures,
			(double)(clock() - t0) / CLOCKS_PER_SEC);
}

int main(int argc, char **argv)
{
	struct memdev base;
	struct cm_model m0;
	int campaign = 0, quick = 0, seeds = 20, i, len;
	uint64_t seed0 = 1;
	clock_t t0 = clock();

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--campaign"))
			campaign = 1;
		else if (!strcmp(argv[i], "--quick")) /* single steps only (the sanitizer build) */
			quick = 1;
		else if (!strcmp(argv[i], "--seeds") && i + 1 < argc)
			seeds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed0 = strtoull(argv[++i], NULL, 10);
	}
	if (campaign)
		cfg.exhaustive_max = 10, cfg.samples = 64;
	if (cr_base(&base, &m0) < 0) {
		printf("fs-crash: cannot build the base image\n0 passed, 1 failed\n");
		return 1;
	}
	for (len = 1; len <= (campaign ? 3 : quick ? 1 : 2); len++) {
		cr_sequences(&base, &m0, len);
		cr_progress(campaign, t0, "sequences of length", len);
	}
	for (i = 0; i < seeds; i++) {
		cr_random(&base, &m0, seed0 + (uint64_t)i, campaign ? 300 : 120);
		if (i % 10 == 9)
			cr_progress(campaign, t0, "random workloads", i + 1);
	}
	printf("fs-crash: %llu workloads (%llu snapshot operations), %llu crash states checked "
	       "(%llu of them crashes during recovery) in %.1f s, %llu failures\n",
	       (unsigned long long)stats.workloads, (unsigned long long)stats.snap_ops,
	       (unsigned long long)stats.states, (unsigned long long)stats.recovery_states,
	       (double)(clock() - t0) / CLOCKS_PER_SEC, (unsigned long long)stats.failures);
	/* the summary counts crash states, so make test shows how many were checked */
	printf("fs-crash: %llu passed, %llu failed (crash states; %llu of %llu workloads failed)\n",
	       (unsigned long long)(stats.states - stats.failures),
	       (unsigned long long)stats.failures, (unsigned long long)stats.failed_workloads,
	       (unsigned long long)stats.workloads);
	cm_free(&m0);
	memdev_free(&base);
	return stats.failures ? 1 : 0;
}
