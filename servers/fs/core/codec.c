/* codec.c: little-endian encoding of the on-disk structures (superblock, block pointers,
 * inodes), key order, name hashing, and the checked device accessors. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "fs_int.h"

void fs_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

void fs_put32(uint8_t *p, uint32_t v)
{
	fs_put16(p, (uint16_t)v);
	fs_put16(p + 2, (uint16_t)(v >> 16));
}

void fs_put64(uint8_t *p, uint64_t v)
{
	fs_put32(p, (uint32_t)v);
	fs_put32(p + 4, (uint32_t)(v >> 32));
}

uint16_t fs_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

uint32_t fs_get32(const uint8_t *p)
{
	return (uint32_t)fs_get16(p) | ((uint32_t)fs_get16(p + 2) << 16);
}

uint64_t fs_get64(const uint8_t *p)
{
	return (uint64_t)fs_get32(p) | ((uint64_t)fs_get32(p + 4) << 32);
}

void fs_ptr_enc(uint8_t *p, const struct fs_ptr *ptr)
{
	fs_put64(p, ptr->blk);
	fs_put64(p + 8, ptr->birth);
	fs_put32(p + 16, ptr->crc);
	fs_put32(p + 20, 0);
}

void fs_ptr_dec(const uint8_t *p, struct fs_ptr *ptr)
{
	ptr->blk = fs_get64(p);
	ptr->birth = fs_get64(p + 8);
	ptr->crc = fs_get32(p + 16);
}

static void fs_time_enc(uint8_t *p, struct fs_time t)
{
	fs_put64(p, (uint64_t)t.sec);
	fs_put32(p + 8, t.nsec);
}

static struct fs_time fs_time_dec(const uint8_t *p)
{
	struct fs_time t;

	t.sec = (int64_t)fs_get64(p);
	t.nsec = fs_get32(p + 8);
	return t;
}

void fs_inode_enc(uint8_t *p, const struct fs_inode *in)
{
	fs_put32(p, in->mode);
	fs_put32(p + 4, in->uid);
	fs_put32(p + 8, in->gid);
	fs_put32(p + 12, in->nlink);
	fs_put64(p + 16, in->size);
	fs_put64(p + 24, in->rdev);
	fs_put64(p + 32, in->parent);
	fs_time_enc(p + 40, in->atime);
	fs_time_enc(p + 52, in->mtime);
	fs_time_enc(p + 64, in->ctime);
	fs_put32(p + 76, in->flags);
	fs_put64(p + 80, in->blocks);
}

int fs_inode_dec(const uint8_t *p, size_t len, struct fs_inode *in)
{
	if (len != FS_INODE_VAL)
		return -EIO;
	in->mode = fs_get32(p);
	in->uid = fs_get32(p + 4);
	in->gid = fs_get32(p + 8);
	in->nlink = fs_get32(p + 12);
	in->size = fs_get64(p + 16);
	in->rdev = fs_get64(p + 24);
	in->parent = fs_get64(p + 32);
	in->atime = fs_time_dec(p + 40);
	in->mtime = fs_time_dec(p + 52);
	in->ctime = fs_time_dec(p + 64);
	in->flags = fs_get32(p + 76);
	in->blocks = fs_get64(p + 80);
	if (in->atime.nsec >= 1000000000u || in->mtime.nsec >= 1000000000u ||
	    in->ctime.nsec >= 1000000000u)
		return -EIO;
	return 0;
}

/* The superblock's CRC covers the whole block, so a torn write of any sector is caught. */
void fs_super_enc(uint8_t *b, const struct fs_super *sb)
{
	memset(b, 0, FS_BS);
	fs_put64(b, FS_MAGIC_SB);
	fs_put32(b + 8, FS_VERSION);
	fs_put32(b + 12, FS_BS);
	fs_put64(b + 16, sb->gen);
	fs_put64(b + 24, sb->nblocks);
	fs_put64(b + 32, sb->log_start);
	fs_put64(b + 40, sb->log_blocks);
	fs_put64(b + 48, sb->next_ino);
	fs_put64(b + 56, sb->ninodes);
	fs_put64(b + 64, sb->snap_gen);
	fs_put64(b + 72, sb->next_snap_id);
	fs_ptr_enc(b + 80, &sb->root);
	fs_ptr_enc(b + 104, &sb->bmi);
	fs_ptr_enc(b + 128, &sb->snaps);
	fs_put32(b + 152, sb->root_level);
	fs_put32(b + 156, sb->nsnaps);
	memcpy(b + 160, sb->label, sizeof(sb->label));
	fs_put32(b + FS_BS - 4, fs_crc32c(0, b, FS_BS - 4));
}

int fs_super_dec(const uint8_t *b, struct fs_super *sb)
{
	if (fs_get64(b) != FS_MAGIC_SB || fs_get32(b + 8) != FS_VERSION ||
	    fs_get32(b + 12) != FS_BS || !FS_CRC_OK(fs_get32(b + FS_BS - 4), fs_crc32c(0, b, FS_BS - 4)))
		return -EINVAL;
	sb->gen = fs_get64(b + 16);
	sb->nblocks = fs_get64(b + 24);
	sb->log_start = fs_get64(b + 32);
	sb->log_blocks = fs_get64(b + 40);
	sb->next_ino = fs_get64(b + 48);
	sb->ninodes = fs_get64(b + 56);
	sb->snap_gen = fs_get64(b + 64);
	sb->next_snap_id = fs_get64(b + 72);
	fs_ptr_dec(b + 80, &sb->root);
	fs_ptr_dec(b + 104, &sb->bmi);
	fs_ptr_dec(b + 128, &sb->snaps);
	sb->root_level = fs_get32(b + 152);
	sb->nsnaps = fs_get32(b + 156);
	memcpy(sb->label, b + 160, sizeof(sb->label));
	sb->label[sizeof(sb->label) - 1] = 0;
	if (sb->log_start < FS_SB_SLOTS || sb->log_blocks < 2 ||
	    sb->log_start + sb->log_blocks > sb->nblocks || sb->root_level >= FS_MAX_LEVEL ||
	    sb->nsnaps > FS_SNAP_MAX || sb->gen == 0)
		return -EINVAL;
	return 0;
}

int fs_key_cmp(const struct fs_key *a, const struct fs_key *b)
{
	if (a->ino != b->ino)
		return a->ino < b->ino ? -1 : 1;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	return 0;
}

struct fs_key fs_mkkey(uint64_t ino, uint8_t type, uint64_t off)
{
	struct fs_key k;

	k.ino = ino;
	k.type = type;
	k.off = off;
	return k;
}

/* FNV-1a, folded to 62 bits and moved above 2 so readdir cookies 1 and 2 can mean . and .. */
uint64_t fs_name_hash(const char *name, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (uint8_t)name[i];
		h *= 0x100000001b3ull;
	}
	return ((h ^ (h >> 62)) & ((1ull << 62) - 1)) + 3;
}

void fs_logf(struct fs *fs, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	if (!fs->env.log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fs->env.log(fs->env.ctx, line);
}

int fs_dev_read(struct fs *fs, uint64_t blk, void *buf)
{
	if (blk >= fs->dev->nblocks)
		return -EIO;
	return fs->dev->read(fs->dev->ctx, blk, buf);
}

int fs_dev_write(struct fs *fs, uint64_t blk, const void *buf)
{
	if (fs->nowrite || blk >= fs->dev->nblocks)
		return -EIO;
	return fs->dev->write(fs->dev->ctx, blk, buf);
}

int fs_dev_flush(struct fs *fs)
{
	if (fs->nowrite)
		return -EROFS;
	fs->cnt.flushes++;
	return fs->dev->flush(fs->dev->ctx);
}

/* Reads the block a pointer names and checks it against the pointer's CRC. */
int fs_read_checked(struct fs *fs, const struct fs_ptr *ptr, void *buf)
{
	int rc;

	if (ptr->blk < FS_SB_SLOTS || ptr->blk >= fs->sb.nblocks)
		return -EIO;
	rc = fs_dev_read(fs, ptr->blk, buf);
	if (rc < 0)
		return rc;
	if (!FS_CRC_OK(fs_crc32c(0, buf, FS_BS), ptr->crc))
		return -EIO;
	return 0;
}
