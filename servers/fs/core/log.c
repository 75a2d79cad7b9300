/* log.c: the intent log. Every item change since the last commit is kept in memory as an
 * operation; fsync writes them as one batch of log blocks at the log head and flushes once.
 * Mount replays complete batches on top of the tree the superblock names. A log block belongs
 * to the superblock generation written in it and carries its position (seq), so blocks from an
 * older generation or a torn batch are recognised and ignored; a batch is applied only when
 * its last block (flag END) is valid, so a replayed state is always one fsync'ed state. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fs_int.h"

#define LOG_HDR 64
#define LOG_OP_HDR 20
#define LOG_END 1u

static int log_reserve(struct fs *fs, size_t need)
{
	uint8_t *p;
	size_t cap;

	if (fs->ops_len + need <= fs->ops_cap)
		return 0;
	cap = fs->ops_cap ? fs->ops_cap * 2 : 65536;
	while (cap < fs->ops_len + need)
		cap *= 2;
	p = realloc(fs->ops, cap);
	if (!p)
		return -ENOMEM;
	fs->ops = p;
	fs->ops_cap = cap;
	return 0;
}

int fs_log_record(struct fs *fs, int op, const struct fs_key *k, const void *val, size_t len)
{
	uint8_t *p;
	int rc;

	if (fs->replaying)
		return 0;
	rc = log_reserve(fs, LOG_OP_HDR + len);
	if (rc < 0)
		return rc;
	p = fs->ops + fs->ops_len;
	p[0] = (uint8_t)op;
	fs_put64(p + 1, k->ino);
	fs_put64(p + 9, k->off);
	p[17] = k->type;
	fs_put16(p + 18, (uint16_t)len);
	if (len)
		memcpy(p + LOG_OP_HDR, val, len);
	fs->ops_len += LOG_OP_HDR + len;
	return 0;
}

void fs_log_reset(struct fs *fs)
{
	fs->log_head = 0;
	fs->ops_len = 0;
}

/* How many blocks the pending operations fill (operations never straddle two blocks). */
static uint64_t log_blocks_needed(const struct fs *fs)
{
	size_t off = 0, used = 0, n;
	uint64_t blocks = 1;

	while (off < fs->ops_len) {
		n = LOG_OP_HDR + fs_get16(fs->ops + off + 18);
		if (used + n > FS_BS - LOG_HDR) {
			blocks++;
			used = 0;
		}
		used += n;
		off += n;
	}
	return blocks;
}

static void log_block_seal(struct fs *fs, uint8_t *b, size_t used, unsigned flags)
{
	fs_put32(b, FS_MAGIC_LOG);
	fs_put64(b + 8, fs->sb.gen);
	fs_put64(b + 16, fs->log_head);
	fs_put64(b + 24, fs->log_batch);
	fs_put32(b + 32, (uint32_t)used);
	fs_put32(b + 36, flags);
	fs_put64(b + 40, fs->sb.next_ino);
	fs_put64(b + 48, fs->sb.ninodes);
	fs_put32(b + 4, 0);
	fs_put32(b + 4, fs_crc32c(0, b, FS_BS));
}

static int log_write_block(struct fs *fs, uint8_t *b, size_t used, unsigned flags)
{
	int rc;

	log_block_seal(fs, b, used, flags);
	rc = fs_dev_write(fs, fs->sb.log_start + fs->log_head, b);
	fs->log_head++;
	memset(b, 0, FS_BS);
	return rc;
}

/* Writes the pending operations as one batch and flushes. -ENOSPC: the log is full, the
 * caller commits the tree instead (which also empties the log). */
int fs_log_commit_batch(struct fs *fs)
{
	uint8_t *b = fs->scratch;
	size_t off = 0, used = 0, n;
	int rc = 0;

	if (fs->ops_len == 0)
		return 0;
	if (fs->log_head + log_blocks_needed(fs) > fs->sb.log_blocks)
		return -ENOSPC;
	memset(b, 0, FS_BS);
	while (off < fs->ops_len && rc == 0) {
		n = LOG_OP_HDR + fs_get16(fs->ops + off + 18);
		if (used + n > FS_BS - LOG_HDR) {
			rc = log_write_block(fs, b, used, 0);
			used = 0;
		}
		memcpy(b + LOG_HDR + used, fs->ops + off, n);
		used += n;
		off += n;
	}
	if (rc == 0)
		rc = log_write_block(fs, b, used, LOG_END);
	if (rc == 0)
		rc = fs_dev_flush(fs);
	if (rc < 0) {
		fs->broken = 1;
		return rc;
	}
	fs->log_batch++;
	fs->ops_len = 0;
	fs->cnt.log_writes++;
	return 0;
}

static int log_apply_ops(struct fs *fs, const uint8_t *p, size_t len)
{
	size_t off = 0, n;
	struct fs_key k;
	int rc;

	while (off < len) {
		if (off + LOG_OP_HDR > len)
			return -EIO;
		n = fs_get16(p + off + 18);
		if (off + LOG_OP_HDR + n > len)
			return -EIO;
		k = fs_mkkey(fs_get64(p + off + 1), p[off + 17], fs_get64(p + off + 9));
		if (p[off] == 1)
			rc = fs_item_put(fs, &k, p + off + LOG_OP_HDR, n);
		else if (p[off] == 2)
			rc = fs_item_del(fs, &k);
		else
			rc = -EIO;
		if (rc < 0)
			return rc == -ENOENT ? -EIO : rc;
		off += LOG_OP_HDR + n;
	}
	return 0;
}

/* A batch whose data blocks did not all reach the disk was never acknowledged (its fsync's
 * flush did not finish): the CRCs in its data items tell. */
static int log_data_intact(struct fs *fs, const uint8_t *p, size_t len)
{
	size_t off = 0, n;
	struct fs_ptr ptr;
	int rc;

	while (off + LOG_OP_HDR <= len) {
		n = fs_get16(p + off + 18);
		if (off + LOG_OP_HDR + n > len)
			return -EIO;
		if (p[off] == 1 && p[off + 17] == FS_T_DATA && n == FS_DATA_VAL) {
			fs_ptr_dec(p + off + LOG_OP_HDR, &ptr);
			rc = fs_read_checked(fs, &ptr, fs->scratch);
			if (rc < 0)
				return rc;
		}
		off += LOG_OP_HDR + n;
	}
	return 0;
}

static int log_block_valid(struct fs *fs, uint8_t *b, uint64_t pos)
{
	uint32_t crc = fs_get32(b + 4);

	fs_put32(b + 4, 0);
	return fs_get32(b) == FS_MAGIC_LOG && FS_CRC_OK(crc, fs_crc32c(0, b, FS_BS)) &&
	       fs_get64(b + 8) == fs->sb.gen && fs_get64(b + 16) == pos &&
	       fs_get32(b + 32) <= FS_BS - LOG_HDR;
}

/* Collects one batch's operations into ops (reused as a buffer) and applies it at its END. */
int fs_log_replay(struct fs *fs, uint64_t *batches)
{
	uint8_t *b = malloc(FS_BS);
	uint64_t pos, done = 0;
	size_t used;
	int rc = 0;

	if (!b)
		return -ENOMEM;
	*batches = 0;
	fs->ops_len = 0;
	for (pos = 0; pos < fs->sb.log_blocks && rc == 0; pos++) {
		rc = fs_dev_read(fs, fs->sb.log_start + pos, b);
		if (rc < 0 || !log_block_valid(fs, b, pos))
			break;
		used = fs_get32(b + 32);
		rc = log_reserve(fs, used);
		if (rc < 0)
			break;
		memcpy(fs->ops + fs->ops_len, b + LOG_HDR, used);
		fs->ops_len += used;
		if (!(fs_get32(b + 36) & LOG_END))
			continue;
		if (log_data_intact(fs, fs->ops, fs->ops_len) < 0)
			break;
		fs->replaying = 1;
		rc = log_apply_ops(fs, fs->ops, fs->ops_len);
		fs->replaying = 0;
		fs->ops_len = 0;
		if (rc < 0)
			break;
		fs->sb.next_ino = fs_get64(b + 40);
		fs->sb.ninodes = fs_get64(b + 48);
		done = pos + 1;
		(*batches)++;
	}
	free(b);
	fs->ops_len = 0;
	fs->log_head = done;
	return rc;
}
