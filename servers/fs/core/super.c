/* super.c: the superblock ring, commit, mkfs, mount and unmount.
 * A commit writes the dirty tree nodes, the snapshot table and the free map to new blocks,
 * flushes, then writes the next slot of the superblock ring and flushes again: the
 * superblock is never on disk before everything it names is. Mount takes the valid slot with
 * the highest generation and replays the intent log on top of it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fs_int.h"

#define FS_CACHE_NODES 4096 /* drop clean nodes from memory past this many (~25 MiB) */
#define FS_DIRTY_DATA 2048   /* write dirty data out past this many blocks */

static int super_write(struct fs *fs)
{
	int rc;

	fs_super_enc(fs->scratch, &fs->sb);
	rc = fs_dev_write(fs, fs->sb.gen % FS_SB_SLOTS, fs->scratch);
	if (rc == 0)
		rc = fs_dev_flush(fs);
	return rc;
}

static int commit_dirty(struct fs *fs)
{
	size_t i;

	if (fs->ops_len || fs->snaps_dirty || (fs->tree.node && fs->tree.node->dirty))
		return 1;
	for (i = 0; i < fs->nbm; i++)
		if (fs->bm_dirty[i])
			return 1;
	return 0;
}

/* Precondition: the operation that changed the tree is complete (commits happen only between
 * operations, so every durable state is one the API could have shown). */
int fs_commit(struct fs *fs)
{
	int rc;

	if (fs->broken)
		return -EIO;
	if (fs->rdonly)
		return 0;
	rc = fs_data_flush(fs);
	if (rc < 0 || !commit_dirty(fs))
		return rc;
	rc = fs_bt_write(fs, &fs->tree);
	if (rc == 0) {
		fs->sb.root = fs->tree.root;
		fs->sb.root_level = (uint32_t)fs->tree.level;
		rc = fs->snaps_dirty ? fs_snap_write(fs) : 0;
	}
	if (rc == 0)
		rc = fs_alloc_write(fs);
	if (rc == 0)
		rc = fs_dev_flush(fs);
	if (rc == 0) {
		fs->sb.gen++;
		rc = super_write(fs);
	}
	if (rc < 0) {
		fs->broken = 1;
		return rc;
	}
	fs_alloc_release_held(fs);
	fs_log_reset(fs);
	fs->snaps_dirty = 0;
	fs->cnt.commits++;
	if (fs->nnodes > FS_CACHE_NODES)
		fs_bt_drop(fs, &fs->tree);
	return 0;
}

/* Called at the end of every changing operation: commit when the log would overflow. */
int fs_op_end(struct fs *fs, int rc)
{
	int rc2;

	if (rc < 0 || fs->rdonly)
		return rc;
	if (fs->ndbufs > FS_DIRTY_DATA) {
		rc2 = fs_data_flush(fs);
		if (rc2 < 0)
			return rc2;
	}
	if (fs->ops_len > fs->sb.log_blocks * (FS_BS - 64) / 2 || fs->nnodes > 4 * FS_CACHE_NODES) {
		rc2 = fs_commit(fs);
		if (rc2 < 0)
			return rc2;
	}
	return rc;
}

static void fs_free_all(struct fs *fs)
{
	struct fs_open_ent *o;

	fs_bt_drop(fs, &fs->tree);
	fs_dbuf_free_all(fs);
	while ((o = fs->opens)) {
		fs->opens = o->next;
		free(o);
	}
	free(fs->dbufs);
	free(fs->used);
	free(fs->held);
	free(fs->bm_dirty);
	free(fs->bm_ptrs);
	free(fs->ops);
	free(fs);
}

static struct fs *fs_new(struct fs_dev *dev, const struct fs_env *env)
{
	struct fs *fs = calloc(1, sizeof(*fs));

	if (!fs)
		return NULL;
	fs->dev = dev;
	if (env)
		fs->env = *env;
	fs->dbufs = calloc(FS_DBUF_BUCKETS, sizeof(*fs->dbufs));
	if (!fs->dbufs) {
		free(fs);
		return NULL;
	}
	return fs;
}

static int mkfs_zero(struct fs *fs)
{
	uint64_t i;
	int rc = 0;

	memset(fs->scratch, 0, FS_BS);
	for (i = 0; i < fs->sb.log_start + fs->sb.log_blocks && rc == 0; i++)
		rc = fs_dev_write(fs, i, fs->scratch);
	return rc;
}

static int mkfs_root(struct fs *fs)
{
	struct fs_inode in;

	memset(&in, 0, sizeof(in));
	in.mode = FS_S_IFDIR | 0755;
	in.nlink = 2;
	in.parent = FS_ROOT_INO;
	in.atime = in.mtime = in.ctime = fs_now(fs);
	fs->sb.next_ino = FS_ROOT_INO + 1;
	fs->sb.ninodes = 1;
	return fs_inode_put(fs, FS_ROOT_INO, &in);
}

int fs_mkfs(struct fs_dev *dev, const struct fs_mkfs_opts *opts)
{
	struct fs *fs = fs_new(dev, opts ? &opts->env : NULL);
	uint64_t logb = opts ? opts->log_blocks : 0;
	int rc;

	if (!fs)
		return -ENOMEM;
	if (!logb)
		logb = dev->nblocks / 32 < 16 ? 16 : (dev->nblocks / 32 > 1024 ? 1024 : dev->nblocks / 32);
	fs->sb.nblocks = dev->nblocks;
	fs->sb.log_start = FS_SB_SLOTS;
	fs->sb.log_blocks = logb;
	if (opts && opts->label)
		strncpy(fs->sb.label, opts->label, sizeof(fs->sb.label) - 1);
	rc = dev->nblocks < FS_SB_SLOTS + logb + 16 ? -ENOSPC : 0;
	if (rc == 0)
		rc = fs_alloc_init(fs);
	if (rc == 0)
		rc = mkfs_zero(fs);
	if (rc == 0)
		rc = mkfs_root(fs);
	if (rc == 0)
		rc = fs_commit(fs);
	fs_free_all(fs);
	return rc;
}

static int mount_super(struct fs *fs)
{
	struct fs_super sb;
	int i, found = 0, rc;

	for (i = 0; i < FS_SB_SLOTS; i++) {
		rc = fs_dev_read(fs, (uint64_t)i, fs->scratch);
		if (rc < 0)
			return rc;
		if (fs_super_dec(fs->scratch, &sb) < 0 || sb.nblocks > fs->dev->nblocks ||
		    sb.gen % FS_SB_SLOTS != (uint64_t)i)
			continue;
		if (!found || sb.gen > fs->sb.gen)
			fs->sb = sb;
		found = 1;
	}
	if (!found)
		fs_logf(fs, "fs: no valid superblock");
	return found ? 0 : -EINVAL;
}

static int mount_pick_tree(struct fs *fs, const char *snapshot)
{
	uint32_t i;

	fs->tree.root = fs->sb.root;
	fs->tree.level = (int)fs->sb.root_level;
	if (!snapshot)
		return 0;
	for (i = 0; i < fs->sb.nsnaps; i++) {
		if (strcmp(fs->snaps[i].name, snapshot) == 0) {
			fs->tree.root = fs->snaps[i].root;
			fs->tree.level = (int)fs->snaps[i].level;
			return 0;
		}
	}
	return -ENOENT;
}

/* Orphans: inodes unlinked while open when the machine stopped. Nothing has them open now. */
int fs_orphans_reclaim(struct fs *fs)
{
	struct fs_key from = fs_mkkey(FS_ORPHAN_INO, FS_T_ORPHAN, 0), k;
	int rc, n = 0;

	for (;;) {
		rc = fs_bt_next(fs, &fs->tree, &from, &k, NULL, 0);
		if (rc == -ENOENT || (rc >= 0 && (k.ino != FS_ORPHAN_INO || k.type != FS_T_ORPHAN)))
			break;
		if (rc < 0)
			return rc;
		rc = fs_inode_purge(fs, k.off);
		if (rc == 0)
			rc = fs_item_del(fs, &k);
		if (rc < 0)
			return rc;
		n++;
	}
	return n ? fs_commit(fs) : 0;
}

static int mount_replay(struct fs *fs, unsigned flags)
{
	uint64_t batches = 0;
	int rc;

	if (flags & FS_MOUNT_NOREPLAY)
		return 0;
	fs->rdonly = 0;
	rc = fs_log_replay(fs, &batches);
	fs->cnt.replayed_batches = batches;
	fs->rdonly = (flags & FS_MOUNT_RDONLY) != 0;
	if (rc < 0) {
		fs_logf(fs, "fs: intent log replay failed (%d)", rc);
		return rc;
	}
	if (batches && !fs->rdonly)
		rc = fs_commit(fs);
	if (rc == 0 && !fs->rdonly)
		rc = fs_orphans_reclaim(fs);
	return rc;
}

int fs_mount(struct fs_dev *dev, const struct fs_mount_opts *opts, struct fs **out)
{
	unsigned flags = opts ? opts->flags : 0;
	const char *snap = opts ? opts->snapshot : NULL;
	struct fs *fs = fs_new(dev, opts ? &opts->env : NULL);
	int rc;

	if (!fs)
		return -ENOMEM;
	if (snap)
		flags |= FS_MOUNT_RDONLY | FS_MOUNT_NOREPLAY;
	fs->flags = flags;
	fs->rdonly = fs->nowrite = (flags & FS_MOUNT_RDONLY) != 0;
	rc = mount_super(fs);
	if (rc == 0)
		rc = fs_alloc_load(fs);
	if (rc == 0)
		rc = fs_snap_load(fs);
	if (rc == 0)
		rc = mount_pick_tree(fs, snap);
	if (rc == 0 && !snap)
		rc = mount_replay(fs, flags);
	if (rc < 0) {
		fs_free_all(fs);
		return rc;
	}
	*out = fs;
	return 0;
}

int fs_unmount(struct fs *fs)
{
	int rc = fs->rdonly ? 0 : fs_commit(fs);

	fs_free_all(fs);
	return rc;
}

int fs_sync(struct fs *fs)
{
	return fs_commit(fs);
}

int fs_statfs(struct fs *fs, struct fs_statfs *sf)
{
	sf->blocks = fs->sb.nblocks;
	sf->bfree = fs->nfree + fs->nheld;
	sf->files = fs->sb.ninodes;
	sf->ffree = fs->nfree;
	sf->bsize = FS_BS;
	sf->namemax = FS_NAME_MAX;
	return 0;
}

void fs_get_counters(struct fs *fs, struct fs_counters *c)
{
	*c = fs->cnt;
	c->gen = fs->sb.gen;
}
