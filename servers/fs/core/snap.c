/* snap.c: read-only snapshots. A snapshot is a saved root pointer: creating one costs a commit.
 * Sharing is tracked by birth generation, not reference counts: a block stays in the live tree
 * from its birth until it is freed, so a block born no later than the newest snapshot is in
 * that snapshot, and fs_free keeps it. Deleting a snapshot S frees the blocks only S holds:
 * those not in the next newer tree (found by walking it) and born after the older snapshot.
 * Rollback makes the live tree the newest snapshot's tree and frees what was born after it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fs_int.h"

int fs_snap_load(struct fs *fs)
{
	uint8_t *b = fs->scratch, *e;
	uint32_t i;

	if (fs->sb.nsnaps == 0)
		return 0;
	if (fs_read_checked(fs, &fs->sb.snaps, b) < 0 || fs_get32(b) != FS_MAGIC_SNAP ||
	    fs_get32(b + 4) != fs->sb.nsnaps) {
		fs_logf(fs, "fs: snapshot table block %llu is damaged",
			(unsigned long long)fs->sb.snaps.blk);
		return -EIO;
	}
	for (i = 0; i < fs->sb.nsnaps; i++) {
		e = b + 16 + i * FS_SNAP_ENT;
		fs->snaps[i].id = fs_get64(e);
		fs->snaps[i].gen = fs_get64(e + 8);
		fs->snaps[i].ctime.sec = (int64_t)fs_get64(e + 16);
		fs->snaps[i].ctime.nsec = fs_get32(e + 24);
		fs_ptr_dec(e + 28, &fs->snaps[i].root);
		fs->snaps[i].level = fs_get32(e + 52);
		fs->snaps[i].next_ino = fs_get64(e + 56);
		fs->snaps[i].ninodes = fs_get64(e + 64);
		memcpy(fs->snaps[i].name, e + 72, FS_SNAP_NAME_MAX);
		fs->snaps[i].name[FS_SNAP_NAME_MAX] = 0;
		if (fs->snaps[i].level >= FS_MAX_LEVEL || fs->snaps[i].gen > fs->sb.gen)
			return -EIO;
	}
	return 0;
}

int fs_snap_write(struct fs *fs)
{
	uint8_t *b = fs->scratch, *e;
	uint64_t blk;
	uint32_t i;
	int rc;

	if (fs->sb.snaps.blk)
		fs_free(fs, fs->sb.snaps.blk, FS_UNSHARED);
	memset(&fs->sb.snaps, 0, sizeof(fs->sb.snaps));
	if (fs->sb.nsnaps == 0)
		return 0;
	rc = fs_alloc(fs, &blk);
	if (rc < 0)
		return rc;
	memset(b, 0, FS_BS);
	fs_put32(b, FS_MAGIC_SNAP);
	fs_put32(b + 4, fs->sb.nsnaps);
	for (i = 0; i < fs->sb.nsnaps; i++) {
		e = b + 16 + i * FS_SNAP_ENT;
		fs_put64(e, fs->snaps[i].id);
		fs_put64(e + 8, fs->snaps[i].gen);
		fs_put64(e + 16, (uint64_t)fs->snaps[i].ctime.sec);
		fs_put32(e + 24, fs->snaps[i].ctime.nsec);
		fs_ptr_enc(e + 28, &fs->snaps[i].root);
		fs_put32(e + 52, fs->snaps[i].level);
		fs_put64(e + 56, fs->snaps[i].next_ino);
		fs_put64(e + 64, fs->snaps[i].ninodes);
		memcpy(e + 72, fs->snaps[i].name, FS_SNAP_NAME_MAX);
	}
	fs->sb.snaps.blk = blk;
	fs->sb.snaps.birth = fs->sb.gen + 1;
	fs->sb.snaps.crc = fs_crc32c(0, b, FS_BS);
	return fs_dev_write(fs, blk, b);
}

static int snap_find(struct fs *fs, const char *name)
{
	uint32_t i;

	for (i = 0; i < fs->sb.nsnaps; i++)
		if (strcmp(fs->snaps[i].name, name) == 0)
			return (int)i;
	return -ENOENT;
}

static void snap_recompute_gen(struct fs *fs)
{
	uint32_t i;

	fs->sb.snap_gen = 0;
	for (i = 0; i < fs->sb.nsnaps; i++)
		if (fs->snaps[i].gen > fs->sb.snap_gen)
			fs->sb.snap_gen = fs->snaps[i].gen;
}

static int snap_check(struct fs *fs)
{
	if (fs->broken)
		return -EIO;
	return fs->rdonly ? -EROFS : 0;
}

int fs_snap_create(struct fs *fs, const char *name)
{
	struct fs_snap *s;
	int rc = snap_check(fs);

	if (rc < 0)
		return rc;
	if (!name[0] || strlen(name) > FS_SNAP_NAME_MAX || strchr(name, '/'))
		return -EINVAL;
	if (snap_find(fs, name) >= 0)
		return -EEXIST;
	if (fs->sb.nsnaps >= FS_SNAP_MAX)
		return -ENOSPC;
	rc = fs_commit(fs); /* the snapshot names a durable, clean tree */
	if (rc < 0)
		return rc;
	s = &fs->snaps[fs->sb.nsnaps++];
	memset(s, 0, sizeof(*s));
	strcpy(s->name, name);
	s->id = ++fs->sb.next_snap_id;
	s->gen = fs->sb.gen;
	s->ctime = fs_now(fs);
	s->root = fs->sb.root;
	s->level = fs->sb.root_level;
	s->next_ino = fs->sb.next_ino;
	s->ninodes = fs->sb.ninodes;
	fs->sb.snap_gen = s->gen;
	fs->snaps_dirty = 1;
	return fs_commit(fs);
}

int fs_snap_list(struct fs *fs, struct fs_snap_info *out, int max)
{
	uint32_t i;

	for (i = 0; i < fs->sb.nsnaps && (int)i < max; i++) {
		out[i].id = fs->snaps[i].id;
		out[i].gen = fs->snaps[i].gen;
		out[i].ctime = fs->snaps[i].ctime;
		strcpy(out[i].name, fs->snaps[i].name);
	}
	return (int)fs->sb.nsnaps;
}

/* Walks a tree without caching it. visit() decides per block pointer: 1 descend (nodes),
 * 0 skip. Data blocks are offered with is_data set. */
typedef int (*snap_visit_fn)(struct fs *fs, void *ctx, const struct fs_ptr *p, int is_data);

static int snap_ptr_ok(struct fs *fs, const struct fs_ptr *p)
{
	return p->blk >= fs->sb.log_start + fs->sb.log_blocks && p->blk < fs->sb.nblocks;
}

static int snap_walk(struct fs *fs, const struct fs_ptr *p, int level, snap_visit_fn fn, void *ctx)
{
	struct fs_node *n;
	struct fs_ptr dp;
	int i, rc = snap_ptr_ok(fs, p) ? fn(fs, ctx, p, 0) : -EIO;

	if (rc <= 0)
		return rc;
	rc = fs_read_checked(fs, p, fs->scratch);
	if (rc == 0)
		rc = fs_node_parse(fs, fs->scratch, p, &n);
	if (rc < 0)
		return rc;
	if (n->level != level)
		rc = -EIO;
	for (i = 0; i < n->n && rc >= 0; i++) {
		if (level > 0) {
			rc = snap_walk(fs, &n->ptrs[i], level - 1, fn, ctx);
		} else if (n->items[i].key.type == FS_T_DATA && n->items[i].len == FS_DATA_VAL) {
			fs_ptr_dec(n->items[i].val, &dp);
			rc = snap_ptr_ok(fs, &dp) ? fn(fs, ctx, &dp, 1) : -EIO;
		}
	}
	fs->nnodes--;
	fs_node_free(n);
	return rc < 0 ? rc : 0;
}

struct snap_del {
	uint8_t *keep; /* blocks of the newer tree born no later than the snapshot */
	uint64_t sgen, pgen;
};

static int snap_mark_newer(struct fs *fs, void *ctx, const struct fs_ptr *p, int is_data)
{
	struct snap_del *d = ctx;

	(void)fs;
	if (p->birth <= d->sgen) {
		fs_bit_set(d->keep, p->blk, 1);
		return 0;
	}
	return !is_data;
}

static int snap_free_own(struct fs *fs, void *ctx, const struct fs_ptr *p, int is_data)
{
	struct snap_del *d = ctx;

	if (fs_bit(d->keep, p->blk) || p->birth <= d->pgen)
		return 0;
	fs_free(fs, p->blk, FS_UNSHARED);
	return !is_data;
}

/* Index of the snapshot just older / just newer than s by generation (-1: none). */
static int snap_neighbour(struct fs *fs, int s, int newer)
{
	uint32_t i;
	int best = -1;
	uint64_t g = fs->snaps[s].gen, bg;

	for (i = 0; i < fs->sb.nsnaps; i++) {
		bg = best >= 0 ? fs->snaps[best].gen : 0;
		if (newer && fs->snaps[i].gen > g && (best < 0 || fs->snaps[i].gen < bg))
			best = (int)i;
		if (!newer && fs->snaps[i].gen < g && (best < 0 || fs->snaps[i].gen > bg))
			best = (int)i;
	}
	return best;
}

static int snap_release(struct fs *fs, int s)
{
	struct snap_del d;
	struct fs_ptr newer_root;
	int older = snap_neighbour(fs, s, 0), newer = snap_neighbour(fs, s, 1), level, rc;

	d.keep = calloc(1, (size_t)fs->nbm * FS_BS);
	if (!d.keep)
		return -ENOMEM;
	d.sgen = fs->snaps[s].gen;
	d.pgen = older >= 0 ? fs->snaps[older].gen : 0;
	newer_root = newer >= 0 ? fs->snaps[newer].root : fs->sb.root;
	level = newer >= 0 ? (int)fs->snaps[newer].level : (int)fs->sb.root_level;
	rc = snap_walk(fs, &newer_root, level, snap_mark_newer, &d);
	if (rc == 0)
		rc = snap_walk(fs, &fs->snaps[s].root, (int)fs->snaps[s].level, snap_free_own, &d);
	free(d.keep);
	return rc;
}

static void snap_remove_entry(struct fs *fs, int s)
{
	memmove(&fs->snaps[s], &fs->snaps[s + 1],
		(fs->sb.nsnaps - (uint32_t)s - 1) * sizeof(fs->snaps[0]));
	fs->sb.nsnaps--;
	snap_recompute_gen(fs);
	fs->snaps_dirty = 1;
}

int fs_snap_delete(struct fs *fs, const char *name)
{
	int s = snap_find(fs, name), rc = snap_check(fs);

	if (rc < 0)
		return rc;
	if (s < 0)
		return s;
	rc = fs_commit(fs); /* the live tree on disk is then the one in memory */
	if (rc == 0)
		rc = snap_release(fs, s);
	if (rc < 0) {
		fs->broken = 1;
		return rc;
	}
	snap_remove_entry(fs, s);
	return fs_commit(fs);
}

static int snap_free_newer(struct fs *fs, void *ctx, const struct fs_ptr *p, int is_data)
{
	const uint64_t *sgen = ctx;

	if (p->birth <= *sgen)
		return 0;
	fs_free(fs, p->blk, FS_UNSHARED);
	return !is_data;
}

/* Only to the newest snapshot (delete newer ones first): older snapshots then stay exact. */
int fs_snap_rollback(struct fs *fs, const char *name)
{
	int s = snap_find(fs, name), rc = snap_check(fs);
	uint64_t sgen;

	if (rc < 0)
		return rc;
	if (s < 0)
		return s;
	if (snap_neighbour(fs, s, 1) >= 0)
		return -EBUSY;
	if (fs->opens)
		return -EBUSY;
	rc = fs_commit(fs);
	sgen = fs->snaps[s].gen;
	if (rc == 0)
		rc = snap_walk(fs, &fs->sb.root, (int)fs->sb.root_level, snap_free_newer, &sgen);
	if (rc < 0) {
		fs->broken = 1;
		return rc;
	}
	fs_bt_drop(fs, &fs->tree);
	fs->tree.root = fs->snaps[s].root;
	fs->tree.level = (int)fs->snaps[s].level;
	fs->sb.root = fs->tree.root;
	fs->sb.root_level = (uint32_t)fs->tree.level;
	fs->sb.ninodes = fs->snaps[s].ninodes;
	fs->snaps_dirty = 1; /* forces the commit even though no node is dirty */
	rc = fs_commit(fs);
	return rc < 0 ? rc : fs_orphans_reclaim(fs);
}
