/* items.c: every change to the live tree goes through fs_item_put/fs_item_del, which keep the
 * block accounting right (a data item replaced or deleted frees its block) and record the
 * change for the intent log. Log replay calls the same two functions, so a replayed change
 * has exactly the side effects the original had. Inode helpers live here too. */
#include <errno.h>
#include <string.h>
#include "fs_int.h"

#define ITEM_PUT 1
#define ITEM_DEL 2

struct fs_time fs_now(struct fs *fs)
{
	struct fs_time t = {0, 0};

	if (fs->env.now)
		t = fs->env.now(fs->env.ctx);
	return t;
}

int fs_inode_get(struct fs *fs, uint64_t ino, struct fs_inode *in)
{
	uint8_t v[FS_INODE_VAL];
	struct fs_key k = fs_mkkey(ino, FS_T_INODE, 0);
	int rc = fs_bt_get(fs, &fs->tree, &k, v, sizeof(v));

	if (rc < 0)
		return rc;
	rc = fs_inode_dec(v, (size_t)rc, in);
	if (rc < 0)
		fs_logf(fs, "fs: inode %llu is malformed", (unsigned long long)ino);
	return rc;
}

int fs_inode_put(struct fs *fs, uint64_t ino, const struct fs_inode *in)
{
	uint8_t v[FS_INODE_VAL];
	struct fs_key k = fs_mkkey(ino, FS_T_INODE, 0);

	fs_inode_enc(v, in);
	return fs_item_put(fs, &k, v, sizeof(v));
}

static int item_count_apply(struct fs *fs, uint64_t ino, int64_t delta)
{
	struct fs_inode in;
	int rc;

	if (delta == 0)
		return 0;
	rc = fs_inode_get(fs, ino, &in);
	if (rc == -ENOENT) /* the inode is being purged */
		return 0;
	if (rc < 0)
		return rc;
	in.blocks += (uint64_t)delta;
	return fs_inode_put(fs, ino, &in);
}

/* Applies the block count gathered during a data flush (before the flush returns, so the
 * inode change lands in the same log batch or commit as the data items). */
int fs_count_flush(struct fs *fs)
{
	int64_t d = fs->count_delta;

	fs->count_delta = 0;
	return item_count_apply(fs, fs->count_ino, d);
}

/* Keeps the inode's count of data blocks (st_blocks) in step with its data items. A data flush
 * gathers the changes of consecutive blocks of one inode into one inode update. */
static int item_count_blocks(struct fs *fs, uint64_t ino, int delta)
{
	int rc;

	if (fs->replaying) /* the log holds the inode as it was after the change */
		return 0;
	if (!fs->batch_counts)
		return item_count_apply(fs, ino, delta);
	if (ino != fs->count_ino) {
		rc = fs_count_flush(fs);
		if (rc < 0)
			return rc;
		fs->count_ino = ino;
	}
	fs->count_delta += delta;
	return 0;
}

static int item_data_ptr(const struct fs_key *k, const uint8_t *v, int len, struct fs_ptr *p)
{
	if (k->type != FS_T_DATA || len != FS_DATA_VAL)
		return 0;
	fs_ptr_dec(v, p);
	return 1;
}

static int item_check(struct fs *fs)
{
	if (fs->broken)
		return -EIO;
	if (fs->rdonly)
		return -EROFS;
	return 0;
}

int fs_item_put(struct fs *fs, const struct fs_key *k, const void *val, size_t len)
{
	uint8_t old[FS_DATA_VAL];
	struct fs_ptr p;
	int rc = item_check(fs), olen = -ENOENT;

	if (rc < 0)
		return rc;
	if (k->type == FS_T_DATA) {
		olen = fs_bt_get(fs, &fs->tree, k, old, sizeof(old));
		if (olen < 0 && olen != -ENOENT)
			return olen;
		if (fs->replaying && item_data_ptr(k, val, (int)len, &p)) {
			rc = fs_claim(fs, p.blk);
			if (rc < 0)
				return rc;
		}
	}
	rc = fs_bt_put(fs, &fs->tree, k, val, len);
	if (rc < 0)
		return rc;
	if (olen >= 0 && item_data_ptr(k, old, olen, &p))
		fs_free(fs, p.blk, p.birth);
	rc = fs_log_record(fs, ITEM_PUT, k, val, len);
	if (rc == 0 && k->type == FS_T_DATA && olen == -ENOENT)
		rc = item_count_blocks(fs, k->ino, 1);
	return rc;
}

int fs_item_del(struct fs *fs, const struct fs_key *k)
{
	uint8_t old[FS_DATA_VAL];
	struct fs_ptr p;
	int rc = item_check(fs), olen = 0;

	if (rc < 0)
		return rc;
	if (k->type == FS_T_DATA) {
		olen = fs_bt_get(fs, &fs->tree, k, old, sizeof(old));
		if (olen < 0)
			return olen;
	}
	rc = fs_bt_del(fs, &fs->tree, k);
	if (rc < 0)
		return rc;
	if (item_data_ptr(k, old, olen, &p))
		fs_free(fs, p.blk, p.birth);
	rc = fs_log_record(fs, ITEM_DEL, k, NULL, 0);
	if (rc == 0 && k->type == FS_T_DATA)
		rc = item_count_blocks(fs, k->ino, -1);
	return rc;
}

/* Deletes an inode and everything under its number (data, symlink target). */
int fs_inode_purge(struct fs *fs, uint64_t ino)
{
	struct fs_key from = fs_mkkey(ino, 0, 0), k;
	int rc;

	fs_dbuf_drop_ino(fs, ino, 0);
	for (;;) {
		rc = fs_bt_next(fs, &fs->tree, &from, &k, NULL, 0);
		if (rc == -ENOENT || (rc >= 0 && k.ino != ino))
			break;
		if (rc < 0)
			return rc;
		rc = fs_item_del(fs, &k);
		if (rc < 0)
			return rc;
		from = k;
	}
	if (fs->sb.ninodes)
		fs->sb.ninodes--;
	return 0;
}
