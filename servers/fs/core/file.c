/* file.c: file contents. Writes go to dirty data buffers (one per 4 KiB block); fsync, commit
 * or memory pressure writes them copy-on-write to new blocks and points a data item at each,
 * with the block's CRC32C, so a data block is never overwritten in place. A block of zeros
 * becomes a hole. Reads check the CRC: a mismatch is EIO and a log line naming the inode. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fs_int.h"

#define DB_BUCKETS FS_DBUF_BUCKETS
#define FS_FILE_MAX (1ull << 52)

static size_t db_slot(uint64_t ino, uint64_t idx)
{
	uint64_t h = ino * 0x9e3779b97f4a7c15ull + idx * 0xc2b2ae3d27d4eb4full;

	return (size_t)(h >> 40) & (DB_BUCKETS - 1);
}

static struct fs_dbuf *db_find(struct fs *fs, uint64_t ino, uint64_t idx)
{
	struct fs_dbuf *d;

	for (d = fs->dbufs[db_slot(ino, idx)]; d; d = d->next)
		if (d->ino == ino && d->idx == idx)
			return d;
	return NULL;
}

/* Reads block idx of a file as stored (not the dirty buffer): zeros for a hole. */
static int file_read_stored(struct fs *fs, uint64_t ino, uint64_t idx, uint8_t *buf)
{
	uint8_t v[FS_DATA_VAL];
	struct fs_key k = fs_mkkey(ino, FS_T_DATA, idx);
	struct fs_ptr p;
	int rc = fs_bt_get(fs, &fs->tree, &k, v, sizeof(v));

	if (rc == -ENOENT) {
		memset(buf, 0, FS_BS);
		return 0;
	}
	if (rc < 0)
		return rc;
	if (rc != FS_DATA_VAL)
		return -EIO;
	fs_ptr_dec(v, &p);
	rc = fs_read_checked(fs, &p, buf);
	if (rc == -EIO)
		fs_logf(fs, "fs: inode %llu block %llu (disk block %llu): checksum mismatch",
			(unsigned long long)ino, (unsigned long long)idx, (unsigned long long)p.blk);
	return rc;
}

static int db_get(struct fs *fs, uint64_t ino, uint64_t idx, int whole, struct fs_dbuf **out)
{
	struct fs_dbuf *d = db_find(fs, ino, idx);
	size_t s;
	int rc;

	if (d) {
		*out = d;
		return 0;
	}
	d = malloc(sizeof(*d));
	if (!d)
		return -ENOMEM;
	rc = whole ? 0 : file_read_stored(fs, ino, idx, d->data);
	if (rc < 0) {
		free(d);
		return rc;
	}
	d->ino = ino;
	d->idx = idx;
	s = db_slot(ino, idx);
	d->next = fs->dbufs[s];
	fs->dbufs[s] = d;
	fs->ndbufs++;
	*out = d;
	return 0;
}

static int db_all_zero(const uint8_t *p)
{
	size_t i;

	for (i = 0; i < FS_BS; i++)
		if (p[i])
			return 0;
	return 1;
}

static int db_write_out(struct fs *fs, struct fs_dbuf *d)
{
	struct fs_key k = fs_mkkey(d->ino, FS_T_DATA, d->idx);
	uint8_t v[FS_DATA_VAL];
	struct fs_ptr p;
	int rc;

	if (db_all_zero(d->data)) {
		rc = fs_item_del(fs, &k);
		return rc == -ENOENT ? 0 : rc;
	}
	rc = fs_alloc(fs, &p.blk);
	if (rc < 0)
		return rc;
	rc = fs_dev_write(fs, p.blk, d->data);
	if (rc < 0)
		return rc;
	p.birth = fs->sb.gen + 1;
	p.crc = fs_crc32c(0, d->data, FS_BS);
	fs_ptr_enc(v, &p);
	return fs_item_put(fs, &k, v, sizeof(v));
}

int fs_data_flush(struct fs *fs)
{
	struct fs_dbuf *d;
	size_t i;
	int rc = 0;

	fs->batch_counts = 1;
	for (i = 0; i < DB_BUCKETS && rc == 0; i++) {
		while ((d = fs->dbufs[i])) {
			rc = db_write_out(fs, d);
			if (rc < 0)
				break;
			fs->dbufs[i] = d->next;
			fs->ndbufs--;
			free(d);
		}
	}
	fs->batch_counts = 0;
	if (rc == 0)
		rc = fs_count_flush(fs);
	if (rc < 0)
		fs->broken = 1;
	return rc;
}

void fs_dbuf_drop_ino(struct fs *fs, uint64_t ino, uint64_t from_idx)
{
	struct fs_dbuf **pp, *d;
	size_t i;

	for (i = 0; i < DB_BUCKETS; i++) {
		pp = &fs->dbufs[i];
		while ((d = *pp)) {
			if (d->ino == ino && d->idx >= from_idx) {
				*pp = d->next;
				fs->ndbufs--;
				free(d);
			} else {
				pp = &d->next;
			}
		}
	}
}

void fs_dbuf_free_all(struct fs *fs)
{
	struct fs_dbuf *d;
	size_t i;

	for (i = 0; fs->dbufs && i < DB_BUCKETS; i++) {
		while ((d = fs->dbufs[i])) {
			fs->dbufs[i] = d->next;
			free(d);
		}
	}
	fs->ndbufs = 0;
}

/* Shrinking drops the blocks past the end and zeroes the tail of the last one, so bytes past
 * the size are always zero on disk (a later extension then reads zeros there). */
int fs_data_truncate(struct fs *fs, uint64_t ino, uint64_t oldsize, uint64_t newsize)
{
	uint64_t first = (newsize + FS_BS - 1) / FS_BS;
	struct fs_key from = fs_mkkey(ino, FS_T_DATA, first), k;
	struct fs_dbuf *d;
	int rc;

	if (newsize >= oldsize)
		return 0;
	fs_dbuf_drop_ino(fs, ino, first);
	for (;;) {
		rc = fs_bt_next(fs, &fs->tree, &from, &k, NULL, 0);
		if (rc == -ENOENT || (rc >= 0 && (k.ino != ino || k.type != FS_T_DATA)))
			break;
		if (rc < 0)
			return rc;
		rc = fs_item_del(fs, &k);
		if (rc < 0)
			return rc;
	}
	if (newsize % FS_BS == 0)
		return 0;
	rc = db_get(fs, ino, newsize / FS_BS, 0, &d);
	if (rc == 0)
		memset(d->data + newsize % FS_BS, 0, FS_BS - newsize % FS_BS);
	return rc;
}

static int file_inode(struct fs *fs, uint64_t ino, struct fs_inode *in)
{
	int rc = fs->broken ? -EIO : fs_inode_get(fs, ino, in);

	if (rc < 0)
		return rc;
	if ((in->mode & FS_S_IFMT) == FS_S_IFDIR)
		return -EISDIR;
	if ((in->mode & FS_S_IFMT) != FS_S_IFREG)
		return -EINVAL;
	return 0;
}

int64_t fs_read(struct fs *fs, uint64_t ino, uint64_t off, void *buf, size_t len)
{
	struct fs_inode in;
	struct fs_dbuf *d;
	uint64_t idx, done = 0, n, bo;
	uint8_t *out = buf;
	int rc = file_inode(fs, ino, &in);

	if (rc < 0)
		return rc;
	if (off >= in.size)
		return 0;
	if (len > in.size - off)
		len = (size_t)(in.size - off);
	while (done < len) {
		idx = (off + done) / FS_BS;
		bo = (off + done) % FS_BS;
		n = FS_BS - bo < len - done ? FS_BS - bo : len - done;
		d = db_find(fs, ino, idx);
		if (d) {
			memcpy(out + done, d->data + bo, (size_t)n);
		} else {
			rc = file_read_stored(fs, ino, idx, fs->scratch);
			if (rc < 0)
				return rc;
			memcpy(out + done, fs->scratch + bo, (size_t)n);
		}
		done += n;
	}
	return (int64_t)done;
}

int64_t fs_write(struct fs *fs, uint64_t ino, uint64_t off, const void *buf, size_t len)
{
	struct fs_inode in;
	struct fs_dbuf *d;
	uint64_t idx, done = 0, n, bo;
	const uint8_t *src = buf;
	int rc = file_inode(fs, ino, &in);

	if (rc < 0)
		return rc;
	if (fs->rdonly)
		return -EROFS;
	if (off > FS_FILE_MAX || len > FS_FILE_MAX - off)
		return -EFBIG;
	rc = len ? fs_alloc_room(fs, (off + len - 1) / FS_BS - off / FS_BS + 1) : 0;
	if (rc < 0)
		return rc;
	while (done < len) {
		idx = (off + done) / FS_BS;
		bo = (off + done) % FS_BS;
		n = FS_BS - bo < len - done ? FS_BS - bo : len - done;
		rc = db_get(fs, ino, idx, n == FS_BS, &d);
		if (rc < 0)
			return rc;
		memcpy(d->data + bo, src + done, (size_t)n);
		done += n;
	}
	rc = fs_inode_get(fs, ino, &in);
	if (rc < 0)
		return rc;
	if (off + len > in.size)
		in.size = off + len;
	in.mtime = in.ctime = fs_now(fs);
	rc = fs_op_end(fs, fs_inode_put(fs, ino, &in));
	return rc < 0 ? rc : (int64_t)len;
}

/* Everything written before is durable when this returns: a log batch and one flush. */
int fs_fsync(struct fs *fs, uint64_t ino)
{
	int rc;

	(void)ino; /* the log is shared: one batch makes every earlier change durable */
	if (fs->broken)
		return -EIO;
	if (fs->rdonly)
		return 0;
	rc = fs_data_flush(fs);
	if (rc == 0)
		rc = fs_log_commit_batch(fs);
	if (rc == -ENOSPC)
		rc = fs_commit(fs);
	return rc;
}
