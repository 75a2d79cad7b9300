/* alloc.c: the free map. A bitmap (one bit per block) in memory, written copy-on-write at each
 * commit as bitmap blocks listed by a bitmap index block that the superblock points to.
 * Freed blocks go to the held map, not back to the free pool: the tree that the last durable
 * superblock names may still use them, so they become reusable only after the next commit. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fs_int.h"

int fs_bit(const uint8_t *map, uint64_t i)
{
	return (map[i >> 3] >> (i & 7)) & 1;
}

void fs_bit_set(uint8_t *map, uint64_t i, int v)
{
	if (v)
		map[i >> 3] |= (uint8_t)(1u << (i & 7));
	else
		map[i >> 3] &= (uint8_t)~(1u << (i & 7));
}

static int alloc_maps(struct fs *fs)
{
	size_t bytes;

	fs->nbm = (fs->sb.nblocks + FS_BITS_PER_BMB - 1) / FS_BITS_PER_BMB;
	if (fs->nbm > FS_BMI_MAX)
		return -EFBIG;
	bytes = (size_t)fs->nbm * FS_BS;
	fs->used = calloc(1, bytes);
	fs->held = calloc(1, bytes);
	fs->bm_dirty = calloc(1, (size_t)fs->nbm);
	fs->bm_ptrs = calloc((size_t)fs->nbm, sizeof(*fs->bm_ptrs));
	if (!fs->used || !fs->held || !fs->bm_dirty || !fs->bm_ptrs)
		return -ENOMEM;
	return 0;
}

static void alloc_mark(struct fs *fs, uint64_t blk, int v)
{
	fs_bit_set(fs->used, blk, v);
	fs->bm_dirty[blk / FS_BITS_PER_BMB] = 1;
}

/* mkfs: everything free except the superblock ring and the log. */
int fs_alloc_init(struct fs *fs)
{
	uint64_t i;
	int rc = alloc_maps(fs);

	if (rc < 0)
		return rc;
	for (i = 0; i < fs->sb.log_start + fs->sb.log_blocks; i++)
		alloc_mark(fs, i, 1);
	memset(fs->bm_dirty, 1, (size_t)fs->nbm);
	fs->nfree = fs->sb.nblocks - i;
	return 0;
}

static uint64_t alloc_count_free(struct fs *fs)
{
	uint64_t i, n = 0;

	for (i = 0; i < fs->sb.nblocks; i++)
		n += !fs_bit(fs->used, i);
	return n;
}

int fs_alloc_load(struct fs *fs)
{
	uint8_t *b = fs->scratch;
	uint64_t i;
	int rc = alloc_maps(fs);

	if (rc < 0)
		return rc;
	rc = fs_read_checked(fs, &fs->sb.bmi, b);
	if (rc < 0 || fs_get32(b) != FS_MAGIC_BMI || fs_get32(b + 4) != fs->nbm) {
		fs_logf(fs, "fs: bitmap index block %llu is damaged", (unsigned long long)fs->sb.bmi.blk);
		return -EIO;
	}
	for (i = 0; i < fs->nbm; i++)
		fs_ptr_dec(fs->scratch + 16 + i * 24, &fs->bm_ptrs[i]);
	for (i = 0; i < fs->nbm; i++) {
		rc = fs_read_checked(fs, &fs->bm_ptrs[i], fs->used + i * FS_BS);
		if (rc < 0) {
			fs_logf(fs, "fs: bitmap block %llu is damaged",
				(unsigned long long)fs->bm_ptrs[i].blk);
			return -EIO;
		}
	}
	for (i = 0; i < fs->sb.log_start + fs->sb.log_blocks; i++)
		if (!fs_bit(fs->used, i))
			return -EIO;
	fs->nfree = alloc_count_free(fs);
	return 0;
}

/* Next fit from a cursor, so that one transaction's blocks tend to be contiguous. */
int fs_alloc(struct fs *fs, uint64_t *blk)
{
	uint64_t n = fs->sb.nblocks, i, b;

	for (i = 0; i < n; i++) {
		b = fs->alloc_cursor + i;
		if (b >= n)
			b -= n;
		if ((b & 7) == 0 && b + 8 <= n && fs->used[b >> 3] == 0xff) {
			i += 7;
			continue;
		}
		if (!fs_bit(fs->used, b) && !fs_bit(fs->held, b)) {
			alloc_mark(fs, b, 1);
			fs->alloc_cursor = b + 1;
			fs->nfree--;
			*blk = b;
			return 0;
		}
	}
	return -ENOSPC;
}

/* Releases a block. One born no later than the newest snapshot is still in that snapshot
 * (a block stays in the live tree from its birth until it is freed), so it stays allocated. */
void fs_free(struct fs *fs, uint64_t blk, uint64_t birth)
{
	if (birth <= fs->sb.snap_gen)
		return;
	if (blk >= fs->sb.nblocks || !fs_bit(fs->used, blk)) {
		fs_logf(fs, "fs: freeing block %llu that is not in use", (unsigned long long)blk);
		fs->broken = 1;
		return;
	}
	alloc_mark(fs, blk, 0);
	fs_bit_set(fs->held, blk, 1);
	fs->nheld++;
}

/* Log replay: a data block that a logged item points to becomes used again. */
int fs_claim(struct fs *fs, uint64_t blk)
{
	if (blk < fs->sb.log_start + fs->sb.log_blocks || blk >= fs->sb.nblocks ||
	    fs_bit(fs->used, blk) || fs_bit(fs->held, blk)) {
		fs_logf(fs, "fs: log names block %llu, which is not free", (unsigned long long)blk);
		return -EIO;
	}
	alloc_mark(fs, blk, 1);
	fs->nfree--;
	return 0;
}

/* Gives every dirty bitmap block a new place. Allocating and freeing those places dirties
 * more bitmap blocks, so repeat until every dirty one has moved (each moves at most once). */
static int alloc_place(struct fs *fs, uint8_t *moved)
{
	uint64_t i, blk;
	int changed = 1, rc;

	while (changed) {
		changed = 0;
		for (i = 0; i < fs->nbm; i++) {
			if (!fs->bm_dirty[i] || moved[i])
				continue;
			if (fs->bm_ptrs[i].blk)
				fs_free(fs, fs->bm_ptrs[i].blk, FS_UNSHARED);
			rc = fs_alloc(fs, &blk);
			if (rc < 0)
				return rc;
			fs->bm_ptrs[i].blk = blk;
			moved[i] = 1;
			changed = 1;
		}
	}
	return 0;
}

static int alloc_write_blocks(struct fs *fs, const uint8_t *moved, uint64_t gen)
{
	uint64_t i;
	int rc;

	for (i = 0; i < fs->nbm; i++) {
		if (!moved[i])
			continue;
		fs->bm_ptrs[i].birth = gen;
		fs->bm_ptrs[i].crc = fs_crc32c(0, fs->used + i * FS_BS, FS_BS);
		rc = fs_dev_write(fs, fs->bm_ptrs[i].blk, fs->used + i * FS_BS);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int fs_alloc_write(struct fs *fs)
{
	uint8_t *moved, *b = fs->scratch;
	uint64_t i, gen = fs->sb.gen + 1, bmi;
	int rc;

	moved = calloc(1, (size_t)fs->nbm);
	if (!moved)
		return -ENOMEM;
	if (fs->sb.bmi.blk)
		fs_free(fs, fs->sb.bmi.blk, FS_UNSHARED);
	rc = fs_alloc(fs, &bmi);
	if (rc == 0)
		rc = alloc_place(fs, moved);
	if (rc == 0)
		rc = alloc_write_blocks(fs, moved, gen);
	free(moved);
	if (rc < 0)
		return rc;
	memset(b, 0, FS_BS);
	fs_put32(b, FS_MAGIC_BMI);
	fs_put32(b + 4, (uint32_t)fs->nbm);
	for (i = 0; i < fs->nbm; i++)
		fs_ptr_enc(b + 16 + i * 24, &fs->bm_ptrs[i]);
	fs->sb.bmi.blk = bmi;
	fs->sb.bmi.birth = gen;
	fs->sb.bmi.crc = fs_crc32c(0, b, FS_BS);
	memset(fs->bm_dirty, 0, (size_t)fs->nbm);
	return fs_dev_write(fs, bmi, b);
}

/* After the commit's superblock is durable, what it freed may be reused. */
void fs_alloc_release_held(struct fs *fs)
{
	memset(fs->held, 0, (size_t)fs->nbm * FS_BS);
	fs->nfree += fs->nheld;
	fs->nheld = 0;
}

/* Data may take blocks only while a reserve remains for the metadata of the commits that
 * write it out; held blocks count once a commit has released them. */
int fs_alloc_room(struct fs *fs, uint64_t blocks)
{
	int rc;
	uint64_t reserve = 16 + fs->sb.nblocks / 128;

	if (reserve > fs->sb.nblocks / 4) /* tiny images (tests, fuzz seeds) */
		reserve = fs->sb.nblocks / 4;

	if (fs->nfree >= blocks + fs->ndbufs + reserve)
		return 0;
	if (fs->nfree + fs->nheld < blocks + fs->ndbufs + reserve)
		return -ENOSPC;
	rc = fs_commit(fs);
	if (rc < 0)
		return rc;
	return fs->nfree >= blocks + fs->ndbufs + reserve ? 0 : -ENOSPC;
}
