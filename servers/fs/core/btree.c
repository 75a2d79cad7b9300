/* btree.c: the copy-on-write B-tree that holds every item (inodes, directory entries, data
 * block pointers, symlinks, orphans). Nodes are loaded lazily and kept in memory; changing one
 * dirties it and its ancestors (their old blocks are freed, to be reused only after the commit
 * is durable); fs_bt_write gives dirty nodes fresh blocks, children first, at commit.
 * Nodes in memory may briefly exceed a block: inserts add first and split after, greedily,
 * so a node never has to guess how to make room. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fs_int.h"

struct bt_path {
	struct fs_node *n[FS_MAX_LEVEL + 2];
	int idx[FS_MAX_LEVEL + 2];
	int depth; /* n[depth] is the leaf */
};

static struct fs_node *bt_node_new(struct fs *fs, int level)
{
	struct fs_node *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->level = level;
	n->dirty = 1;
	n->bytes = FS_NODE_HDR;
	fs->nnodes++;
	return n;
}

void fs_node_free(struct fs_node *n)
{
	int i;

	if (!n)
		return;
	if (n->level == 0) {
		for (i = 0; i < n->n; i++)
			free(n->items[i].val);
		free(n->items);
	} else {
		for (i = 0; i < n->n; i++)
			fs_node_free(n->kids ? n->kids[i] : NULL);
		free(n->keys);
		free(n->ptrs);
		free(n->kids);
	}
	free(n);
}

/* Makes room for cap entries; arrays grow but never shrink. */
static int bt_reserve(struct fs_node *n, int cap)
{
	void *p;

	if (n->level == 0) {
		p = realloc(n->items, (size_t)cap * sizeof(*n->items));
		if (!p)
			return -ENOMEM;
		n->items = p;
		return 0;
	}
	p = realloc(n->keys, (size_t)cap * sizeof(*n->keys));
	if (!p)
		return -ENOMEM;
	n->keys = p;
	p = realloc(n->ptrs, (size_t)cap * sizeof(*n->ptrs));
	if (!p)
		return -ENOMEM;
	n->ptrs = p;
	p = realloc(n->kids, (size_t)cap * sizeof(*n->kids));
	if (!p)
		return -ENOMEM;
	n->kids = p;
	return 0;
}

static void bt_key_dec(const uint8_t *p, struct fs_key *k)
{
	k->ino = fs_get64(p);
	k->off = fs_get64(p + 8);
	k->type = p[16];
}

static void bt_key_enc(uint8_t *p, const struct fs_key *k)
{
	fs_put64(p, k->ino);
	fs_put64(p + 8, k->off);
	p[16] = k->type;
	memset(p + 17, 0, 7);
}

/* Decodes cnt leaf items; n->n counts only those fully decoded, so a failure frees cleanly. */
static int bt_parse_leaf(const uint8_t *b, struct fs_node *n, int cnt)
{
	int i;
	size_t end = FS_NODE_HDR + (size_t)cnt * FS_LEAF_ITEM, voff, vlen;
	const uint8_t *e;
	struct fs_item *it;

	if (end > FS_BS)
		return -EIO;
	for (i = 0; i < cnt; i++) {
		e = b + FS_NODE_HDR + i * FS_LEAF_ITEM;
		it = &n->items[i];
		bt_key_dec(e, &it->key);
		voff = fs_get16(e + 18);
		vlen = fs_get16(e + 20);
		if (voff < end || voff + vlen > FS_BS || vlen > FS_VAL_MAX)
			return -EIO;
		if (i > 0 && fs_key_cmp(&n->items[i - 1].key, &it->key) >= 0)
			return -EIO;
		it->len = (uint16_t)vlen;
		it->val = malloc(vlen ? vlen : 1);
		if (!it->val)
			return -ENOMEM;
		memcpy(it->val, b + voff, vlen);
		n->bytes += FS_LEAF_ITEM + vlen;
		n->n = i + 1;
	}
	return 0;
}

static int bt_parse_internal(const uint8_t *b, struct fs_node *n, int cnt)
{
	int i;
	const uint8_t *e;

	if (cnt < 1 || cnt > FS_INT_MAX)
		return -EIO;
	for (i = 0; i < cnt; i++) {
		e = b + FS_NODE_HDR + i * FS_INT_ENTRY;
		bt_key_dec(e, &n->keys[i]);
		fs_ptr_dec(e + 24, &n->ptrs[i]);
		n->kids[i] = NULL;
		n->n = i + 1;
		if (i > 0 && fs_key_cmp(&n->keys[i - 1], &n->keys[i]) >= 0)
			return -EIO;
	}
	n->bytes = FS_NODE_HDR + (size_t)cnt * FS_INT_ENTRY;
	return 0;
}

/* Decodes a node block (already checked against its pointer's CRC) and checks its shape. */
int fs_node_parse(struct fs *fs, const uint8_t *b, const struct fs_ptr *ptr, struct fs_node **out)
{
	struct fs_node *n;
	int level = fs_get16(b + 4), cnt = fs_get16(b + 6), rc;

	if (fs_get32(b) != FS_MAGIC_NODE || level >= FS_MAX_LEVEL || fs_get64(b + 8) != ptr->birth ||
	    fs_get64(b + 16) != ptr->blk || cnt > FS_BS / FS_LEAF_ITEM)
		return -EIO;
	n = bt_node_new(fs, level);
	if (!n)
		return -ENOMEM;
	n->dirty = 0;
	n->ptr = *ptr;
	rc = cnt ? bt_reserve(n, cnt) : 0;
	if (!rc)
		rc = level ? bt_parse_internal(b, n, cnt) : bt_parse_leaf(b, n, cnt);
	if (rc < 0) {
		fs->nnodes--;
		fs_node_free(n);
		return rc;
	}
	*out = n;
	return 0;
}

static int bt_load(struct fs *fs, const struct fs_ptr *ptr, int level, struct fs_node **out)
{
	uint8_t *b = fs->scratch;
	int rc = fs_read_checked(fs, ptr, b);

	if (rc == 0)
		rc = fs_node_parse(fs, b, ptr, out);
	if (rc == 0 && (*out)->level != level) {
		fs->nnodes--;
		fs_node_free(*out);
		*out = NULL; /* out may be the parent's slot: leave no dangling pointer there */
		rc = -EIO;
	}
	if (rc == -EIO)
		fs_logf(fs, "fs: metadata block %llu is damaged (checksum or format)",
			(unsigned long long)ptr->blk);
	return rc;
}

static int bt_root(struct fs *fs, struct fs_tree *t, struct fs_node **out)
{
	int rc;

	if (!t->node) {
		if (t->root.blk == 0) {
			t->node = bt_node_new(fs, 0);
			if (!t->node)
				return -ENOMEM;
			t->level = 0;
		} else {
			rc = bt_load(fs, &t->root, t->level, &t->node);
			if (rc < 0)
				return rc;
		}
	}
	*out = t->node;
	return 0;
}

static int bt_child(struct fs *fs, struct fs_node *n, int i, struct fs_node **out)
{
	int rc;

	if (!n->kids[i]) {
		rc = bt_load(fs, &n->ptrs[i], n->level - 1, &n->kids[i]);
		if (rc < 0)
			return rc;
	}
	*out = n->kids[i];
	return 0;
}

/* Index of the child whose range holds k: the last separator <= k (or the first child). */
static int bt_int_index(const struct fs_node *n, const struct fs_key *k)
{
	int lo = 0, hi = n->n - 1, mid;

	while (lo < hi) {
		mid = (lo + hi + 1) / 2;
		if (fs_key_cmp(&n->keys[mid], k) <= 0)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* First item position with key >= k. */
static int bt_leaf_index(const struct fs_node *n, const struct fs_key *k)
{
	int lo = 0, hi = n->n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (fs_key_cmp(&n->items[mid].key, k) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int bt_descend(struct fs *fs, struct fs_tree *t, const struct fs_key *k, struct bt_path *p)
{
	struct fs_node *n;
	int d = 0, rc = bt_root(fs, t, &n);

	if (rc < 0)
		return rc;
	p->n[0] = n;
	while (n->level > 0) {
		if (d > FS_MAX_LEVEL)
			return -EIO;
		p->idx[d] = bt_int_index(n, k);
		rc = bt_child(fs, n, p->idx[d], &n);
		if (rc < 0)
			return rc;
		p->n[++d] = n;
	}
	p->idx[d] = bt_leaf_index(n, k);
	p->depth = d;
	return 0;
}

/* Dirties a node: its old block is released (delayed, and kept if a snapshot shares it). */
static int bt_cow(struct fs *fs, struct fs_node *n)
{
	if (n->dirty)
		return 0;
	if (fs->rdonly)
		return -EROFS;
	if (n->ptr.blk)
		fs_free(fs, n->ptr.blk, n->ptr.birth);
	n->ptr.blk = 0;
	n->dirty = 1;
	return 0;
}

static int bt_cow_path(struct fs *fs, struct bt_path *p)
{
	int d, rc;

	for (d = 0; d <= p->depth; d++) {
		rc = bt_cow(fs, p->n[d]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int bt_found(const struct bt_path *p, const struct fs_key *k)
{
	const struct fs_node *l = p->n[p->depth];
	int i = p->idx[p->depth];

	return i < l->n && fs_key_cmp(&l->items[i].key, k) == 0;
}

int fs_bt_get(struct fs *fs, struct fs_tree *t, const struct fs_key *k, uint8_t *val, size_t cap)
{
	struct bt_path p;
	struct fs_item *it;
	int rc = bt_descend(fs, t, k, &p);

	if (rc < 0)
		return rc;
	if (!bt_found(&p, k))
		return -ENOENT;
	it = &p.n[p.depth]->items[p.idx[p.depth]];
	if (val)
		memcpy(val, it->val, it->len < cap ? it->len : cap);
	return it->len;
}

/* Inserts child c (first key sk) into internal node n at position i. */
static int bt_int_insert(struct fs_node *n, int i, const struct fs_key *sk, struct fs_node *c)
{
	int rc = bt_reserve(n, n->n + 1);

	if (rc < 0)
		return rc;
	memmove(&n->keys[i + 1], &n->keys[i], (size_t)(n->n - i) * sizeof(*n->keys));
	memmove(&n->ptrs[i + 1], &n->ptrs[i], (size_t)(n->n - i) * sizeof(*n->ptrs));
	memmove(&n->kids[i + 1], &n->kids[i], (size_t)(n->n - i) * sizeof(*n->kids));
	n->keys[i] = *sk;
	memset(&n->ptrs[i], 0, sizeof(n->ptrs[i]));
	n->kids[i] = c;
	n->n++;
	n->bytes += FS_INT_ENTRY;
	return 0;
}

/* Removing child 0 hands its lower bound to the next child, so that a node's first key stays
 * the bound its parent promised (fsck checks it; a smaller key may later be inserted there). */
static void bt_int_remove(struct fs_node *n, int i)
{
	if (i == 0 && n->n > 1)
		n->keys[1] = n->keys[0];
	memmove(&n->keys[i], &n->keys[i + 1], (size_t)(n->n - i - 1) * sizeof(*n->keys));
	memmove(&n->ptrs[i], &n->ptrs[i + 1], (size_t)(n->n - i - 1) * sizeof(*n->ptrs));
	memmove(&n->kids[i], &n->kids[i + 1], (size_t)(n->n - i - 1) * sizeof(*n->kids));
	n->n--;
	n->bytes -= FS_INT_ENTRY;
}

static size_t bt_entry_size(const struct fs_node *n, int i)
{
	return n->level ? FS_INT_ENTRY : FS_LEAF_ITEM + n->items[i].len;
}

static struct fs_key bt_first_key(const struct fs_node *n)
{
	return n->level ? n->keys[0] : n->items[0].key;
}

/* Moves entries [from, n) of a to the end of b. */
static int bt_move(struct fs_node *a, int from, struct fs_node *b)
{
	int cnt = a->n - from, i, rc = bt_reserve(b, b->n + cnt);

	if (rc < 0)
		return rc;
	for (i = from; i < a->n; i++) {
		a->bytes -= bt_entry_size(a, i);
		b->bytes += bt_entry_size(a, i);
	}
	if (a->level == 0) {
		memcpy(&b->items[b->n], &a->items[from], (size_t)cnt * sizeof(*a->items));
	} else {
		memcpy(&b->keys[b->n], &a->keys[from], (size_t)cnt * sizeof(*a->keys));
		memcpy(&b->ptrs[b->n], &a->ptrs[from], (size_t)cnt * sizeof(*a->ptrs));
		memcpy(&b->kids[b->n], &a->kids[from], (size_t)cnt * sizeof(*a->kids));
	}
	a->n = from;
	b->n += cnt;
	return 0;
}

/* Splits an oversized node into pieces that each fit a block: the first stays in place, the
 * others go into the parent right after it. A root that overflows first gets a new root. */
static int bt_split(struct fs *fs, struct fs_tree *t, struct bt_path *p, int d)
{
	struct fs_node *x = p->n[d], *par, *r;
	size_t run = FS_NODE_HDR;
	int i, cut = -1, rc;
	struct fs_key sk;

	if (x->bytes <= FS_BS)
		return 0;
	/* cut near the middle by bytes (a cut at the first overflow would leave a full node and a
	 * near-empty one at every random insert); a right piece still too big is split again */
	for (i = 0; i < x->n; i++) {
		if (i > 0 && (run + bt_entry_size(x, i) > FS_BS ||
			      run - FS_NODE_HDR >= (x->bytes - FS_NODE_HDR) / 2)) {
			cut = i;
			break;
		}
		run += bt_entry_size(x, i);
	}
	if (cut < 0)
		return -EIO;
	if (d == 0) {
		if (t->level + 1 >= FS_MAX_LEVEL)
			return -ENOSPC;
		par = bt_node_new(fs, x->level + 1);
		if (!par)
			return -ENOMEM;
		sk = fs_mkkey(0, 0, 0);
		rc = bt_int_insert(par, 0, &sk, x);
		if (rc < 0)
			return rc;
		memmove(&p->n[1], &p->n[0], (size_t)(p->depth + 1) * sizeof(p->n[0]));
		memmove(&p->idx[1], &p->idx[0], (size_t)(p->depth + 1) * sizeof(p->idx[0]));
		p->n[0] = par;
		p->idx[0] = 0;
		p->depth++;
		t->node = par;
		t->level++;
		d = 1;
	}
	par = p->n[d - 1];
	r = bt_node_new(fs, x->level);
	if (!r)
		return -ENOMEM;
	rc = bt_move(x, cut, r);
	if (rc == 0) {
		sk = bt_first_key(r);
		rc = bt_int_insert(par, p->idx[d - 1] + 1, &sk, r);
	}
	if (rc < 0) {
		fs->nnodes--;
		fs_node_free(r);
		return rc;
	}
	/* the right piece may itself be too big: it is now the parent's next child */
	p->n[d] = r;
	p->idx[d - 1]++;
	return bt_split(fs, t, p, d);
}

static int bt_fix_overflow(struct fs *fs, struct fs_tree *t, struct bt_path *p)
{
	int d, rc, depth0;

	for (d = p->depth; d >= 0; d--) {
		depth0 = p->depth;
		rc = bt_split(fs, t, p, d);
		if (rc < 0)
			return rc;
		d += p->depth - depth0; /* a new root shifted the path down by one */
	}
	return 0;
}

int fs_bt_put(struct fs *fs, struct fs_tree *t, const struct fs_key *k, const void *val,
	      size_t len)
{
	struct bt_path p;
	struct fs_node *l;
	struct fs_item *it;
	uint8_t *copy;
	int i, rc;

	if (len > FS_VAL_MAX)
		return -ENAMETOOLONG;
	rc = bt_descend(fs, t, k, &p);
	if (rc == 0)
		rc = bt_cow_path(fs, &p);
	if (rc < 0)
		return rc;
	copy = malloc(len ? len : 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, val, len);
	l = p.n[p.depth];
	i = p.idx[p.depth];
	if (bt_found(&p, k)) {
		it = &l->items[i];
		l->bytes = l->bytes - it->len + len;
		free(it->val);
	} else {
		rc = bt_reserve(l, l->n + 1);
		if (rc < 0) {
			free(copy);
			return rc;
		}
		memmove(&l->items[i + 1], &l->items[i], (size_t)(l->n - i) * sizeof(*l->items));
		l->n++;
		it = &l->items[i];
		it->key = *k;
		l->bytes += FS_LEAF_ITEM + len;
	}
	it->val = copy;
	it->len = (uint16_t)len;
	return bt_fix_overflow(fs, t, &p);
}

/* Merges child i+1 of par into child i when both fit one block. */
static int bt_merge(struct fs *fs, struct fs_node *par, int i)
{
	struct fs_node *a, *b;
	int rc;

	rc = bt_child(fs, par, i, &a);
	if (rc == 0)
		rc = bt_child(fs, par, i + 1, &b);
	if (rc < 0)
		return rc;
	if (a->bytes + b->bytes - FS_NODE_HDR > FS_BS)
		return 0;
	rc = bt_cow(fs, a);
	if (rc == 0)
		rc = bt_cow(fs, b);
	if (rc < 0)
		return rc;
	if (b->level > 0)
		b->keys[0] = par->keys[i + 1]; /* keep the bound the parent promised */
	rc = bt_move(b, 0, a);
	if (rc < 0)
		return rc;
	bt_int_remove(par, i + 1);
	fs->nnodes--;
	fs_node_free(b);
	return 0;
}

static int bt_fix_underflow(struct fs *fs, struct fs_tree *t, struct bt_path *p)
{
	struct fs_node *x, *par, *c;
	int d, i, rc;

	for (d = p->depth; d > 0; d--) {
		x = p->n[d];
		par = p->n[d - 1];
		i = p->idx[d - 1];
		if (x->n == 0) {
			bt_int_remove(par, i);
			fs->nnodes--;
			fs_node_free(x);
		} else if (x->bytes < FS_BS / 4 && par->n > 1) {
			rc = bt_merge(fs, par, i + 1 < par->n ? i : i - 1);
			if (rc < 0)
				return rc;
		}
	}
	x = t->node;
	while (x->level > 0 && x->n <= 1) { /* a root with one child gives way to it */
		if (x->n == 0) {
			c = bt_node_new(fs, 0);
			if (!c)
				return -ENOMEM;
		} else {
			rc = bt_child(fs, x, 0, &c);
			if (rc < 0)
				return rc;
			x->n = 0;
		}
		fs->nnodes--;
		fs_node_free(x);
		t->node = x = c;
		t->level = c->level;
		rc = bt_cow(fs, c);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int fs_bt_del(struct fs *fs, struct fs_tree *t, const struct fs_key *k)
{
	struct bt_path p;
	struct fs_node *l;
	int i, rc = bt_descend(fs, t, k, &p);

	if (rc < 0)
		return rc;
	if (!bt_found(&p, k))
		return -ENOENT;
	rc = bt_cow_path(fs, &p);
	if (rc < 0)
		return rc;
	l = p.n[p.depth];
	i = p.idx[p.depth];
	l->bytes -= FS_LEAF_ITEM + l->items[i].len;
	free(l->items[i].val);
	memmove(&l->items[i], &l->items[i + 1], (size_t)(l->n - i - 1) * sizeof(*l->items));
	l->n--;
	return bt_fix_underflow(fs, t, &p);
}

/* Finds the first item with key >= from. Returns its length, or -ENOENT past the end. */
int fs_bt_next(struct fs *fs, struct fs_tree *t, const struct fs_key *from, struct fs_key *found,
	       uint8_t *val, size_t cap)
{
	struct bt_path p;
	struct fs_node *n;
	struct fs_item *it;
	int d, rc = bt_descend(fs, t, from, &p);

	if (rc < 0)
		return rc;
	d = p.depth;
	while (p.idx[d] >= p.n[d]->n) { /* past this node: climb to the next subtree */
		if (d == 0)
			return -ENOENT;
		d--;
		p.idx[d]++;
	}
	n = p.n[d];
	while (n->level > 0) {
		rc = bt_child(fs, n, p.idx[d], &n);
		if (rc < 0)
			return rc;
		p.n[++d] = n;
		p.idx[d] = 0;
		if (n->n == 0)
			return -EIO;
	}
	it = &n->items[p.idx[d]];
	*found = it->key;
	if (val)
		memcpy(val, it->val, it->len < cap ? it->len : cap);
	return it->len;
}

static void bt_serialize(struct fs_node *n, uint8_t *b, uint64_t blk, uint64_t gen)
{
	size_t voff = FS_BS;
	uint8_t *e;
	int i;

	memset(b, 0, FS_BS);
	fs_put32(b, FS_MAGIC_NODE);
	fs_put16(b + 4, (uint16_t)n->level);
	fs_put16(b + 6, (uint16_t)n->n);
	fs_put64(b + 8, gen);
	fs_put64(b + 16, blk);
	for (i = 0; i < n->n; i++) {
		if (n->level) {
			e = b + FS_NODE_HDR + i * FS_INT_ENTRY;
			bt_key_enc(e, &n->keys[i]);
			fs_ptr_enc(e + 24, &n->ptrs[i]);
			continue;
		}
		e = b + FS_NODE_HDR + i * FS_LEAF_ITEM;
		bt_key_enc(e, &n->items[i].key);
		voff -= n->items[i].len;
		memcpy(b + voff, n->items[i].val, n->items[i].len);
		fs_put16(e + 18, (uint16_t)voff);
		fs_put16(e + 20, n->items[i].len);
	}
}

static int bt_write_node(struct fs *fs, struct fs_node *n)
{
	uint64_t blk, gen = fs->sb.gen + 1;
	int i, rc;

	if (!n->dirty)
		return 0;
	for (i = 0; n->level && i < n->n; i++) {
		if (n->kids[i] && n->kids[i]->dirty) {
			rc = bt_write_node(fs, n->kids[i]);
			if (rc < 0)
				return rc;
			n->ptrs[i] = n->kids[i]->ptr;
		}
	}
	rc = fs_alloc(fs, &blk);
	if (rc < 0)
		return rc;
	bt_serialize(n, fs->scratch, blk, gen);
	rc = fs_dev_write(fs, blk, fs->scratch);
	if (rc < 0)
		return rc;
	n->ptr.blk = blk;
	n->ptr.birth = gen;
	n->ptr.crc = fs_crc32c(0, fs->scratch, FS_BS);
	n->dirty = 0;
	return 0;
}

/* Writes every dirty node; afterwards t->root names the new tree (durable after a flush). */
int fs_bt_write(struct fs *fs, struct fs_tree *t)
{
	int rc;

	if (!t->node || !t->node->dirty)
		return 0;
	rc = bt_write_node(fs, t->node);
	if (rc < 0)
		return rc;
	t->root = t->node->ptr;
	t->level = t->node->level;
	return 0;
}

/* Forgets the in-memory nodes (clean ones can be read again; dirty ones are lost). */
void fs_bt_drop(struct fs *fs, struct fs_tree *t)
{
	fs_node_free(t->node);
	t->node = NULL;
	fs->nnodes = 0;
}
