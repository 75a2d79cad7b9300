/* dir.c: directories. An entry lives in the item (dir, DIRENT, hash(name)); its value lists
 * (ino, type, name) for every name with that hash, so collisions cost nothing but a longer
 * value. Lookup is one B-tree search, so a directory of 100,000 entries stays fast; readdir
 * walks the items in hash order, and a cookie is the next hash to visit. */
#include <errno.h>
#include <string.h>
#include "fs_int.h"

#define DE_HDR 10

int fs_dir_check_name(const char *name, size_t *len)
{
	size_t n = strlen(name);

	if (n == 0)
		return -ENOENT;
	if (n > FS_NAME_MAX)
		return -ENAMETOOLONG;
	if (memchr(name, '/', n) || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return -EINVAL;
	*len = n;
	return 0;
}

/* Finds name in an item's value: returns its offset, or -ENOENT. */
static int de_scan(const uint8_t *v, int len, const char *name, size_t nlen)
{
	int off = 0, n;

	while (off + DE_HDR <= len) {
		n = v[off + 9];
		if (off + DE_HDR + n > len)
			return -EIO;
		if ((size_t)n == nlen && memcmp(v + off + DE_HDR, name, nlen) == 0)
			return off;
		off += DE_HDR + n;
	}
	return off == len ? -ENOENT : -EIO;
}

static int de_load(struct fs *fs, uint64_t dir, const char *name, size_t nlen, struct fs_key *k,
		   uint8_t *v)
{
	*k = fs_mkkey(dir, FS_T_DIRENT, fs_name_hash(name, nlen));
	return fs_bt_get(fs, &fs->tree, k, v, FS_VAL_MAX);
}

int fs_dir_find(struct fs *fs, uint64_t dir, const char *name, uint64_t *ino, uint32_t *type)
{
	uint8_t v[FS_VAL_MAX];
	struct fs_key k;
	size_t nlen = strlen(name);
	int len = de_load(fs, dir, name, nlen, &k, v), off;

	if (len < 0)
		return len;
	off = de_scan(v, len, name, nlen);
	if (off < 0)
		return off;
	*ino = fs_get64(v + off);
	if (type)
		*type = v[off + 8];
	return 0;
}

int fs_dir_add(struct fs *fs, uint64_t dir, const char *name, uint64_t ino, uint32_t type)
{
	uint8_t v[FS_VAL_MAX];
	struct fs_key k;
	size_t nlen = strlen(name);
	int len = de_load(fs, dir, name, nlen, &k, v);

	if (len == -ENOENT)
		len = 0;
	if (len < 0)
		return len;
	if (len + DE_HDR + nlen > FS_VAL_MAX) /* five names sharing one 62-bit hash */
		return -ENOSPC;
	fs_put64(v + len, ino);
	v[len + 8] = (uint8_t)type;
	v[len + 9] = (uint8_t)nlen;
	memcpy(v + len + DE_HDR, name, nlen);
	return fs_item_put(fs, &k, v, len + DE_HDR + nlen);
}

int fs_dir_remove(struct fs *fs, uint64_t dir, const char *name)
{
	uint8_t v[FS_VAL_MAX];
	struct fs_key k;
	size_t nlen = strlen(name), cut;
	int len = de_load(fs, dir, name, nlen, &k, v), off;

	if (len < 0)
		return len;
	off = de_scan(v, len, name, nlen);
	if (off < 0)
		return off;
	cut = DE_HDR + nlen;
	if ((size_t)len == cut)
		return fs_item_del(fs, &k);
	memmove(v + off, v + off + cut, len - off - cut);
	return fs_item_put(fs, &k, v, len - cut);
}

int fs_dir_empty(struct fs *fs, uint64_t dir)
{
	struct fs_key from = fs_mkkey(dir, FS_T_DIRENT, 0), k;
	int rc = fs_bt_next(fs, &fs->tree, &from, &k, NULL, 0);

	if (rc == -ENOENT)
		return 1;
	if (rc < 0)
		return rc;
	return !(k.ino == dir && k.type == FS_T_DIRENT);
}

static int dir_emit(const uint8_t *v, int len, uint64_t cookie, fs_dirent_fn fn, void *ctx)
{
	char name[FS_NAME_MAX + 1];
	int off = 0, n;

	while (off + DE_HDR <= len) {
		n = v[off + 9];
		if (off + DE_HDR + n > len)
			return -EIO;
		memcpy(name, v + off + DE_HDR, (size_t)n);
		name[n] = 0;
		if (fn(ctx, name, fs_get64(v + off), v[off + 8], cookie))
			return 1;
		off += DE_HDR + n;
	}
	return 0;
}

int fs_readdir(struct fs *fs, uint64_t dir, uint64_t cookie, fs_dirent_fn fn, void *ctx)
{
	uint8_t v[FS_VAL_MAX];
	struct fs_inode in;
	struct fs_key from, k;
	int rc = fs_inode_get(fs, dir, &in);

	if (rc < 0)
		return rc;
	if ((in.mode & FS_S_IFMT) != FS_S_IFDIR)
		return -ENOTDIR;
	if (cookie == 0 && fn(ctx, ".", dir, FS_DT(FS_S_IFDIR), 1))
		return 0;
	if (cookie <= 1 && fn(ctx, "..", in.parent, FS_DT(FS_S_IFDIR), 2))
		return 0;
	from = fs_mkkey(dir, FS_T_DIRENT, cookie < 3 ? 3 : cookie);
	for (;;) {
		rc = fs_bt_next(fs, &fs->tree, &from, &k, v, sizeof(v));
		if (rc == -ENOENT || (rc >= 0 && (k.ino != dir || k.type != FS_T_DIRENT)))
			return 0;
		if (rc < 0)
			return rc;
		rc = dir_emit(v, rc, k.off + 1, fn, ctx);
		if (rc != 0)
			return rc < 0 ? rc : 0;
		from.off = k.off + 1;
	}
}
