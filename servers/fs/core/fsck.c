/* fsck.c: the checker. It walks every tree from the newest superblock (the live tree and each
 * snapshot), verifying each block's CRC32C and each node's shape, and compares what it reached
 * with the free map; it counts directory entries against link counts, checks that every entry
 * names a live inode and that directories point back to their parents. With FS_FSCK_REPAIR it
 * fixes what loses nothing: free-map errors, link and block counts, entries naming missing
 * inodes, items of missing inodes; an inode no entry names goes to /lost+found. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fs_int.h"

struct ck_ino {
	uint64_t ino, refs, subdirs, blocks, parent_seen, maxidx, entries;
	struct fs_inode in;
	int have_inode, have_symlink, orphan, has_data;
};

struct ck_dirent {
	uint64_t dir, ino;
	uint32_t type;
	char *name;
};

struct ck {
	struct fs *fs;
	uint8_t *seen;
	int live, repair;
	struct ck_ino *tab;
	size_t tabcap, tabn;
	struct ck_dirent *des;
	size_t nde, decap;
	struct fs_fsck_result *res;
};

static void ck_err(struct ck *c, const char *fmt, unsigned long long a, unsigned long long b)
{
	char line[200];

	snprintf(line, sizeof(line), fmt, a, b);

	c->res->errors++;
	fs_logf(c->fs, "fsck: %s", line);
}

static struct ck_ino *ck_ino(struct ck *c, uint64_t ino)
{
	size_t i, cap;
	struct ck_ino *old;

	if (c->tabn * 2 >= c->tabcap) {
		old = c->tab;
		cap = c->tabcap;
		c->tabcap = cap ? cap * 2 : 1024;
		c->tab = calloc(c->tabcap, sizeof(*c->tab));
		if (!c->tab) {
			c->tab = old;
			c->tabcap = cap;
			return NULL;
		}
		c->tabn = 0;
		for (i = 0; i < cap; i++)
			if (old[i].ino)
				*ck_ino(c, old[i].ino) = old[i];
		free(old);
	}
	for (i = (size_t)(ino * 0x9e3779b97f4a7c15ull) & (c->tabcap - 1);; i = (i + 1) & (c->tabcap - 1)) {
		if (c->tab[i].ino == ino)
			return &c->tab[i];
		if (!c->tab[i].ino) {
			c->tab[i].ino = ino;
			c->tabn++;
			return &c->tab[i];
		}
	}
}

static int ck_mark(struct ck *c, uint64_t blk, const char *what)
{
	if (blk < c->fs->sb.log_start + c->fs->sb.log_blocks || blk >= c->fs->sb.nblocks) {
		c->res->errors++;
		fs_logf(c->fs, "fsck: a %s pointer names block %llu, outside the data area", what,
			(unsigned long long)blk);
		return -1;
	}
	if (fs_bit(c->seen, blk)) {
		if (c->live)
			ck_err(c, "block %llu is referenced twice%.0llu", blk, 0);
		return 1;
	}
	fs_bit_set(c->seen, blk, 1);
	return 0;
}

static void ck_data(struct ck *c, const struct fs_key *k, const uint8_t *v, int len)
{
	struct fs_ptr p;
	struct ck_ino *ci;

	if (len != FS_DATA_VAL) {
		ck_err(c, "inode %llu block %llu: malformed data item", k->ino, k->off);
		return;
	}
	fs_ptr_dec(v, &p);
	if (ck_mark(c, p.blk, "data") != 0)
		return;
	if (fs_read_checked(c->fs, &p, c->fs->scratch) < 0)
		ck_err(c, "inode %llu block %llu: data checksum mismatch", k->ino, k->off);
	if (c->live && (ci = ck_ino(c, k->ino))) {
		ci->blocks++;
		ci->has_data = 1;
		if (k->off + 1 > ci->maxidx)
			ci->maxidx = k->off + 1;
	}
}

static void ck_dirent(struct ck *c, const struct fs_key *k, const uint8_t *v, int len)
{
	int off = 0, n;
	struct ck_dirent *d;
	struct ck_ino *ci;

	while (off + 10 <= len) {
		n = v[off + 9];
		if (off + 10 + n > len || n == 0 || fs_name_hash((const char *)v + off + 10, (size_t)n) != k->off) {
			ck_err(c, "directory %llu: malformed entry at hash %llu", k->ino, k->off);
			return;
		}
		if (c->nde == c->decap) {
			c->decap = c->decap ? c->decap * 2 : 1024;
			d = realloc(c->des, c->decap * sizeof(*d));
			if (!d)
				return;
			c->des = d;
		}
		d = &c->des[c->nde++];
		d->dir = k->ino;
		d->ino = fs_get64(v + off);
		d->type = v[off + 8];
		d->name = malloc((size_t)n + 1);
		if (d->name) {
			memcpy(d->name, v + off + 10, (size_t)n);
			d->name[n] = 0;
		}
		if ((ci = ck_ino(c, d->ino))) {
			ci->refs++;
			if (d->type == FS_DT(FS_S_IFDIR))
				ci->parent_seen = k->ino;
		}
		if ((ci = ck_ino(c, k->ino))) {
			ci->entries++;
			ci->subdirs += d->type == FS_DT(FS_S_IFDIR);
		}
		off += 10 + n;
	}
	if (off != len)
		ck_err(c, "directory %llu: malformed entry at hash %llu", k->ino, k->off);
}

static void ck_item(struct ck *c, const struct fs_item *it)
{
	struct ck_ino *ci;

	if (it->key.type == FS_T_DATA) {
		ck_data(c, &it->key, it->val, it->len);
		return;
	}
	if (!c->live)
		return;
	if (it->key.type == FS_T_DIRENT) {
		ck_dirent(c, &it->key, it->val, it->len);
	} else if (it->key.type == FS_T_INODE && (ci = ck_ino(c, it->key.ino))) {
		ci->have_inode = 1;
		if (fs_inode_dec(it->val, it->len, &ci->in) < 0)
			ck_err(c, "inode %llu is malformed%.0llu", it->key.ino, 0);
	} else if (it->key.type == FS_T_SYMLINK && (ci = ck_ino(c, it->key.ino))) {
		ci->have_symlink = 1;
	} else if (it->key.type == FS_T_ORPHAN && it->key.ino == FS_ORPHAN_INO &&
		   (ci = ck_ino(c, it->key.off))) {
		ci->orphan = 1;
	} else if (it->key.type != FS_T_SYMLINK && it->key.type != FS_T_INODE) {
		ck_err(c, "unknown item type %llu under inode %llu", it->key.type, it->key.ino);
	}
}

static void ck_node(struct ck *c, const struct fs_ptr *p, int level, const struct fs_key *lo,
		    const struct fs_key *hi)
{
	struct fs_node *n;
	struct fs_key *k;
	int i;

	if (ck_mark(c, p->blk, "tree") != 0)
		return;
	if (p->birth > c->fs->sb.gen || fs_read_checked(c->fs, p, c->fs->scratch) < 0 ||
	    fs_node_parse(c->fs, c->fs->scratch, p, &n) < 0) {
		ck_err(c, "metadata block %llu is damaged (checksum or format)%.0llu", p->blk, 0);
		return;
	}
	if (n->level != level)
		ck_err(c, "metadata block %llu has level %llu, not the expected one", p->blk, n->level);
	for (i = 0; i < n->n && n->level == level; i++) {
		k = n->level ? &n->keys[i] : &n->items[i].key;
		if (fs_key_cmp(k, lo) < 0 || (hi && fs_key_cmp(k, hi) >= 0))
			ck_err(c, "metadata block %llu: key %llu out of order", p->blk, (unsigned long long)i);
		if (n->level)
			ck_node(c, &n->ptrs[i], level - 1, k, i + 1 < n->n ? &n->keys[i + 1] : hi);
		else
			ck_item(c, &n->items[i]);
	}
	c->fs->nnodes--;
	fs_node_free(n);
}

static void ck_fixed(struct ck *c)
{
	struct fs *fs = c->fs;
	uint64_t i;

	for (i = 0; i < fs->sb.log_start + fs->sb.log_blocks; i++)
		fs_bit_set(c->seen, i, 1);
	ck_mark(c, fs->sb.bmi.blk, "bitmap index");
	for (i = 0; i < fs->nbm; i++)
		ck_mark(c, fs->bm_ptrs[i].blk, "bitmap");
	if (fs->sb.nsnaps)
		ck_mark(c, fs->sb.snaps.blk, "snapshot table");
}

static void ck_trees(struct ck *c)
{
	struct fs_key lo = fs_mkkey(0, 0, 0);
	uint32_t i;

	c->live = 1;
	ck_node(c, &c->fs->sb.root, (int)c->fs->sb.root_level, &lo, NULL);
	c->live = 0;
	for (i = 0; i < c->fs->sb.nsnaps; i++)
		ck_node(c, &c->fs->snaps[i].root, (int)c->fs->snaps[i].level, &lo, NULL);
}

static void ck_freemap(struct ck *c)
{
	struct fs *fs = c->fs;
	uint64_t b;

	for (b = 0; b < fs->sb.nblocks; b++) {
		if (fs_bit(c->seen, b) == fs_bit(fs->used, b))
			continue;
		if (fs_bit(c->seen, b)) {
			ck_err(c, "block %llu is in use but marked free%.0llu", b, 0);
			if (c->repair) {
				fs_bit_set(fs->used, b, 1);
				fs->bm_dirty[b / FS_BITS_PER_BMB] = 1;
				fs->nfree--;
				c->res->repaired++;
			}
		} else {
			ck_err(c, "block %llu is marked in use but nothing refers to it%.0llu", b, 0);
			if (c->repair) {
				fs_free(fs, b, FS_UNSHARED);
				c->res->repaired++;
			}
		}
	}
}

/* Puts an inode that no entry names into /lost+found as "#ino". */
static int ck_lost_found(struct ck *c, uint64_t ino, struct ck_ino *ci)
{
	struct fs *fs = c->fs;
	struct fs_inode lf;
	uint64_t lfino;
	char name[32];
	int isdir = (ci->in.mode & FS_S_IFMT) == FS_S_IFDIR, rc;

	rc = fs_dir_find(fs, FS_ROOT_INO, "lost+found", &lfino, NULL);
	if (rc == -ENOENT)
		rc = fs_mkdir(fs, FS_ROOT_INO, "lost+found", 0700, 0, 0, &lfino);
	if (rc < 0)
		return rc;
	snprintf(name, sizeof(name), "#%llu", (unsigned long long)ino);
	rc = fs_dir_add(fs, lfino, name, ino, FS_DT(ci->in.mode));
	if (rc == 0)
		rc = fs_inode_get(fs, lfino, &lf);
	if (rc < 0)
		return rc;
	lf.size++;
	lf.nlink += isdir;
	rc = fs_inode_put(fs, lfino, &lf);
	ci->in.nlink = isdir ? 2 + (uint32_t)ci->subdirs : 1;
	ci->in.parent = lfino;
	return rc < 0 ? rc : fs_inode_put(fs, ino, &ci->in);
}

/* A removed entry no longer counts towards its directory's size and links. */
static void ck_forget_entry(struct ck *c, const struct ck_dirent *d)
{
	struct ck_ino *dir = ck_ino(c, d->dir), *ci = ck_ino(c, d->ino);

	if (ci)
		ci->refs--;
	if (dir) {
		dir->entries--;
		dir->subdirs -= d->type == FS_DT(FS_S_IFDIR);
	}
}

static void ck_dirents(struct ck *c)
{
	struct ck_dirent *d;
	struct ck_ino *ci;
	size_t i;
	char line[320];

	for (i = 0; i < c->nde; i++) {
		d = &c->des[i];
		ci = ck_ino(c, d->ino);
		if (!ci || !d->name || (ci->have_inode && FS_DT(ci->in.mode) == d->type))
			continue;
		snprintf(line, sizeof(line), "directory %llu entry '%s' names %s inode %llu",
			 (unsigned long long)d->dir, d->name,
			 ci->have_inode ? "the wrong type of" : "missing", (unsigned long long)d->ino);
		c->res->errors++;
		fs_logf(c->fs, "fsck: %s", line);
		if (c->repair && fs_dir_remove(c->fs, d->dir, d->name) == 0) {
			c->res->repaired++;
			if (ci->have_inode) /* put it back with the right type */
				fs_dir_add(c->fs, d->dir, d->name, d->ino, FS_DT(ci->in.mode));
			else
				ck_forget_entry(c, d);
		}
	}
}

/* Items whose inode item is missing: the orphan entry or the items go. */
static void ck_stray(struct ck *c, struct ck_ino *ci)
{
	struct fs_key k = fs_mkkey(FS_ORPHAN_INO, FS_T_ORPHAN, ci->ino);

	if (ci->orphan) {
		ck_err(c, "orphan list names missing inode %llu%.0llu", ci->ino, 0);
		if (c->repair && fs_item_del(c->fs, &k) == 0)
			c->res->repaired++;
	}
	if (ci->has_data || ci->have_symlink) {
		ck_err(c, "items of missing inode %llu%.0llu", ci->ino, 0);
		if (c->repair && fs_inode_purge(c->fs, ci->ino) == 0) {
			c->fs->sb.ninodes++; /* purge counted an inode that was never there */
			c->res->repaired++;
		}
	}
}

static int ck_one_inode(struct ck *c, struct ck_ino *ci)
{
	int isdir = (ci->in.mode & FS_S_IFMT) == FS_S_IFDIR, fix = 0;
	uint64_t want = isdir ? 2 + ci->subdirs : ci->refs, parent = ci->ino == FS_ROOT_INO ?
		FS_ROOT_INO : ci->parent_seen;

	if (ci->refs == 0 && ci->ino != FS_ROOT_INO) {
		if (ci->orphan && ci->in.nlink == 0)
			return 0;
		ck_err(c, "inode %llu is in no directory%.0llu", ci->ino, 0);
		if (c->repair && ck_lost_found(c, ci->ino, ci) == 0)
			c->res->repaired++;
		return 0;
	}
	if (isdir && ci->refs > 1)
		ck_err(c, "directory %llu has %llu names", ci->ino, ci->refs);
	if (ci->in.nlink != want) {
		ck_err(c, "inode %llu has link count %llu, entries say otherwise", ci->ino, ci->in.nlink);
		ci->in.nlink = (uint32_t)want;
		fix = 1;
	}
	if (isdir && ci->in.parent != parent) {
		ck_err(c, "directory %llu names parent %llu, not the one holding it", ci->ino, ci->in.parent);
		ci->in.parent = parent;
		fix = 1;
	}
	if (isdir && ci->in.size != ci->entries) { /* a directory's size counts its entries */
		ck_err(c, "directory %llu counts %llu entries wrongly", ci->ino, ci->in.size);
		ci->in.size = ci->entries;
		fix = 1;
	}
	if (ci->in.blocks != ci->blocks) {
		ck_err(c, "inode %llu counts %llu data blocks wrongly", ci->ino, ci->in.blocks);
		ci->in.blocks = ci->blocks;
		fix = 1;
	}
	if (ci->maxidx && (ci->in.size + FS_BS - 1) / FS_BS < ci->maxidx)
		ck_err(c, "inode %llu has data past its size %llu", ci->ino, ci->in.size);
	if ((ci->in.mode & FS_S_IFMT) == FS_S_IFLNK && !ci->have_symlink)
		ck_err(c, "symlink %llu has no target%.0llu", ci->ino, 0);
	return fix;
}

/* The inode count is checked before repairs, which may create /lost+found. */
static void ck_count(struct ck *c)
{
	size_t i;

	for (i = 0; i < c->tabcap; i++)
		c->res->inodes += c->tab[i].ino && c->tab[i].have_inode;
	if (c->res->inodes != c->fs->sb.ninodes) {
		ck_err(c, "superblock counts %llu inodes, the tree holds %llu", c->fs->sb.ninodes,
		       c->res->inodes);
		if (c->repair) {
			c->fs->sb.ninodes = c->res->inodes;
			c->fs->snaps_dirty = 1; /* so that the commit writes a superblock */
			c->res->repaired++;
		}
	}
}

static void ck_inodes(struct ck *c)
{
	struct ck_ino *ci;
	size_t i;

	ck_count(c);
	ck_dirents(c);
	for (i = 0; i < c->tabcap; i++) {
		ci = &c->tab[i];
		if (!ci->ino)
			continue;
		if (!ci->have_inode) {
			ck_stray(c, ci);
			continue;
		}
		if (ck_one_inode(c, ci) && c->repair && fs_inode_put(c->fs, ci->ino, &ci->in) == 0)
			c->res->repaired++;
	}
}

static void ck_free(struct ck *c)
{
	size_t i;

	for (i = 0; i < c->nde; i++)
		free(c->des[i].name);
	free(c->des);
	free(c->tab);
	free(c->seen);
}

static int ck_run(struct fs *fs, int repair, struct fs_fsck_result *res)
{
	struct ck c;
	uint64_t b;

	memset(&c, 0, sizeof(c));
	c.fs = fs;
	c.repair = repair;
	c.res = res;
	c.seen = calloc(1, (size_t)fs->nbm * FS_BS);
	if (!c.seen)
		return -ENOMEM;
	ck_fixed(&c);
	ck_trees(&c);
	ck_freemap(&c);
	ck_inodes(&c);
	for (b = 0; b < fs->sb.nblocks; b++)
		res->blocks_used += fs_bit(c.seen, b);
	ck_free(&c);
	return 0;
}

int fs_fsck(struct fs_dev *dev, unsigned flags, const struct fs_env *env,
	    struct fs_fsck_result *res)
{
	struct fs_mount_opts mo;
	struct fs_counters cnt;
	struct fs *fs;
	int rc;

	memset(res, 0, sizeof(*res));
	memset(&mo, 0, sizeof(mo));
	if (env)
		mo.env = *env;
	mo.flags = FS_MOUNT_RDONLY; /* first: does the log replay? */
	rc = fs_mount(dev, &mo, &fs);
	if (rc < 0) {
		res->errors++;
		return rc;
	}
	fs_get_counters(fs, &cnt);
	res->log_batches = cnt.replayed_batches;
	fs_unmount(fs);
	mo.flags = (flags & FS_FSCK_REPAIR) ? 0 : FS_MOUNT_RDONLY | FS_MOUNT_NOREPLAY;
	rc = fs_mount(dev, &mo, &fs);
	if (rc < 0) {
		res->errors++;
		return rc;
	}
	rc = ck_run(fs, (flags & FS_FSCK_REPAIR) != 0, res);
	if (rc == 0 && res->repaired) {
		rc = fs_commit(fs);
		res->errors = res->blocks_used = res->inodes = 0;
		if (rc == 0) /* what a second pass still finds could not be repaired */
			rc = ck_run(fs, 0, res);
	}
	fs_unmount(fs);
	return rc;
}
