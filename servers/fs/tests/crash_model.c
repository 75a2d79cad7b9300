/* crash_model.c: see crash_model.h. The model is deliberately naive (arrays, linear search) so
 * that it is obviously right; it knows POSIX's error codes for the operations it models. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "crash_model.h"

#define CM_ROOT 0

void cm_init(struct cm_model *m)
{
	memset(m, 0, sizeof(*m));
	m->ino[CM_ROOT].type = FS_S_IFDIR;
}

void cm_free(struct cm_model *m)
{
	int i;

	for (i = 0; i < CM_INODES; i++)
		free(m->ino[i].data);
	memset(m, 0, sizeof(*m));
}

void cm_copy(struct cm_model *dst, const struct cm_model *src)
{
	int i;

	*dst = *src;
	for (i = 0; i < CM_INODES; i++) {
		if (!src->ino[i].data)
			continue;
		dst->ino[i].data = malloc(src->ino[i].size ? src->ino[i].size : 1);
		memcpy(dst->ino[i].data, src->ino[i].data, src->ino[i].size);
	}
}

static int cm_find(const struct cm_model *m, int dir, const char *name)
{
	int i;

	for (i = 0; i < CM_DIRENTS; i++)
		if (m->de[i].used && m->de[i].dir == dir && !strcmp(m->de[i].name, name))
			return i;
	return -1;
}

/* Splits "/A/x" into the parent directory's inode and the last name. */
static int cm_parent(const struct cm_model *m, const char *path, const char **name)
{
	const char *slash = strrchr(path, '/');
	char first[32];
	int d;

	*name = slash + 1;
	if (slash == path)
		return CM_ROOT;
	memcpy(first, path + 1, (size_t)(slash - path - 1));
	first[slash - path - 1] = 0;
	d = cm_find(m, CM_ROOT, first);
	if (d < 0)
		return -ENOENT;
	return m->ino[m->de[d].ino].type == FS_S_IFDIR ? m->de[d].ino : -ENOTDIR;
}

static int cm_lookup(const struct cm_model *m, const char *path, int *dir, const char **name)
{
	int d = cm_parent(m, path, name), e;

	*dir = d;
	if (d < 0)
		return d;
	e = cm_find(m, d, *name);
	return e < 0 ? -ENOENT : e;
}

static int cm_nlink(const struct cm_model *m, int ino)
{
	int i, n = m->ino[ino].type == FS_S_IFDIR ? 2 : 0;

	for (i = 0; i < CM_DIRENTS; i++) {
		if (!m->de[i].used)
			continue;
		if (m->de[i].ino == ino)
			n += m->ino[ino].type == FS_S_IFDIR ? 0 : 1;
		if (m->de[i].dir == ino && m->ino[m->de[i].ino].type == FS_S_IFDIR)
			n++;
	}
	return n;
}

static int cm_new_inode(struct cm_model *m, int type)
{
	int i;

	for (i = 1; i < CM_INODES; i++) {
		if (!m->ino[i].type) {
			memset(&m->ino[i], 0, sizeof(m->ino[i]));
			m->ino[i].type = type;
			return i;
		}
	}
	return -ENOSPC;
}

static int cm_add(struct cm_model *m, int dir, const char *name, int ino)
{
	int i;

	for (i = 0; i < CM_DIRENTS; i++) {
		if (!m->de[i].used) {
			m->de[i].used = 1;
			m->de[i].dir = dir;
			m->de[i].ino = ino;
			snprintf(m->de[i].name, sizeof(m->de[i].name), "%s", name);
			return 0;
		}
	}
	return -ENOSPC;
}

/* Drops a name; the inode goes with its last name (open files do not show in a digest). */
static void cm_drop(struct cm_model *m, int e)
{
	int ino = m->de[e].ino;

	m->de[e].used = 0;
	if (m->ino[ino].type == FS_S_IFDIR || cm_nlink(m, ino) == 0) {
		free(m->ino[ino].data);
		memset(&m->ino[ino], 0, sizeof(m->ino[ino]));
	}
}

static int cm_empty(const struct cm_model *m, int dir)
{
	int i;

	for (i = 0; i < CM_DIRENTS; i++)
		if (m->de[i].used && m->de[i].dir == dir)
			return 0;
	return 1;
}

static void cm_resize(struct cm_inode *in, uint64_t size)
{
	uint8_t *p = realloc(in->data, size ? size : 1);

	if (size > in->size)
		memset(p + in->size, 0, size - in->size);
	in->data = p;
	in->size = size;
}

static void cm_pattern(uint8_t *p, uint64_t len, unsigned seed)
{
	uint64_t i;
	uint32_t x = seed * 2654435761u + 7;

	for (i = 0; i < len; i++) {
		x = x * 1103515245u + 12345u;
		p[i] = (uint8_t)(x >> 16);
	}
}

static int cm_create(struct cm_model *m, const struct cm_op *op, int type)
{
	const char *name;
	int dir, e = cm_lookup(m, op->a, &dir, &name), ino;

	if (dir < 0)
		return dir;
	if (e >= 0)
		return -EEXIST;
	ino = cm_new_inode(m, type);
	if (ino < 0)
		return ino;
	if (type == FS_S_IFLNK) {
		snprintf(m->ino[ino].target, sizeof(m->ino[ino].target), "%s", op->b);
		m->ino[ino].size = strlen(op->b);
	}
	return cm_add(m, dir, name, ino);
}

static int cm_rename(struct cm_model *m, const struct cm_op *op)
{
	const char *on, *nn;
	int od, nd, s = cm_lookup(m, op->a, &od, &on), t, sino, tino;

	if (s < 0)
		return s;
	t = cm_lookup(m, op->b, &nd, &nn);
	if (nd < 0)
		return nd;
	sino = m->de[s].ino;
	if (m->ino[sino].type == FS_S_IFDIR && nd == sino)
		return -EINVAL;
	if (t >= 0) {
		tino = m->de[t].ino;
		if (tino == sino)
			return 0;
		if (m->ino[sino].type == FS_S_IFDIR && m->ino[tino].type != FS_S_IFDIR)
			return -ENOTDIR;
		if (m->ino[sino].type != FS_S_IFDIR && m->ino[tino].type == FS_S_IFDIR)
			return -EISDIR;
		if (m->ino[tino].type == FS_S_IFDIR && !cm_empty(m, tino))
			return -ENOTEMPTY;
		cm_drop(m, t);
	}
	m->de[s].dir = nd;
	snprintf(m->de[s].name, sizeof(m->de[s].name), "%s", nn);
	return 0;
}

static int cm_file_op(struct cm_model *m, const struct cm_op *op)
{
	const char *name;
	int dir, e = cm_lookup(m, op->a, &dir, &name);
	struct cm_inode *in;

	if (e < 0)
		return e;
	in = &m->ino[m->de[e].ino];
	if (op->code != CM_WRITE && op->code != CM_TRUNC)
		return 0;
	if (in->type == FS_S_IFDIR)
		return -EISDIR;
	if (in->type != FS_S_IFREG)
		return -EINVAL;
	if (op->code == CM_TRUNC) {
		cm_resize(in, op->len);
		return 0;
	}
	if (op->off + op->len > in->size)
		cm_resize(in, op->off + op->len);
	cm_pattern(in->data + op->off, op->len, op->seed);
	return 0;
}

static int cm_remove(struct cm_model *m, const struct cm_op *op, int rmdir)
{
	const char *name;
	int dir, e = cm_lookup(m, op->a, &dir, &name), ino;

	if (e < 0)
		return e;
	ino = m->de[e].ino;
	if (rmdir && m->ino[ino].type != FS_S_IFDIR)
		return -ENOTDIR;
	if (!rmdir && m->ino[ino].type == FS_S_IFDIR)
		return -EISDIR;
	if (rmdir && !cm_empty(m, ino))
		return -ENOTEMPTY;
	cm_drop(m, e);
	return 0;
}

static int cm_link(struct cm_model *m, const struct cm_op *op)
{
	const char *on, *nn;
	int od, nd, s = cm_lookup(m, op->a, &od, &on), t;

	if (s < 0)
		return s;
	t = cm_lookup(m, op->b, &nd, &nn);
	if (nd < 0)
		return nd;
	if (t >= 0)
		return -EEXIST;
	if (m->ino[m->de[s].ino].type == FS_S_IFDIR)
		return -EPERM;
	return cm_add(m, nd, nn, m->de[s].ino);
}

int cm_apply(struct cm_model *m, const struct cm_op *op)
{
	switch (op->code) {
	case CM_CREATE: return cm_create(m, op, FS_S_IFREG);
	case CM_MKDIR: return cm_create(m, op, FS_S_IFDIR);
	case CM_SYMLINK: return cm_create(m, op, FS_S_IFLNK);
	case CM_RENAME: return cm_rename(m, op);
	case CM_LINK: return cm_link(m, op);
	case CM_UNLINK: return cm_remove(m, op, 0);
	case CM_RMDIR: return cm_remove(m, op, 1);
	case CM_SYNC:
	case CM_CLOSE:
	case CM_SNAPSHOT: /* the crash tester models snapshots itself */
	case CM_SNAPDEL:
	case CM_ROLLBACK: return 0;
	default: return cm_file_op(m, op);
	}
}

int cm_is_sync(const struct cm_op *op)
{
	return op->code == CM_FSYNC || op->code == CM_FDATASYNC || op->code == CM_SYNC ||
	       op->code >= CM_SNAPSHOT; /* snapshot operations commit */
}

static int cm_fs_split(struct fs *fs, const char *path, uint64_t *dir, const char **name)
{
	char parent[32];
	const char *slash = strrchr(path, '/');

	memcpy(parent, path, (size_t)(slash - path));
	parent[slash - path] = 0;
	*name = slash + 1;
	return fs_resolve(fs, parent, dir);
}

static int cm_fs_file(struct fs *fs, const struct cm_op *op, uint64_t ino)
{
	struct fs_stat st;
	uint8_t *buf;
	int64_t n;

	switch (op->code) {
	case CM_WRITE:
		buf = malloc(op->len ? op->len : 1);
		cm_pattern(buf, op->len, op->seed);
		n = fs_write(fs, ino, op->off, buf, op->len);
		free(buf);
		return n < 0 ? (int)n : 0;
	case CM_TRUNC:
		st.size = op->len;
		return fs_setattr(fs, ino, &st, FS_SET_SIZE);
	case CM_FSYNC:
	case CM_FDATASYNC:
		return fs_fsync(fs, ino);
	case CM_OPEN:
		return fs_open(fs, ino);
	case CM_CLOSE:
		return fs_release(fs, ino) == -EBADF ? 0 : 0;
	default:
		return -EINVAL;
	}
}

int cm_fs_apply(struct fs *fs, const struct cm_op *op)
{
	uint64_t dir, dir2, ino;
	const char *name, *name2;
	int rc = op->code == CM_SYNC ? 0 : cm_fs_split(fs, op->a, &dir, &name);

	if (rc < 0)
		return rc;
	switch (op->code) {
	case CM_CREATE: return fs_create(fs, dir, name, FS_S_IFREG | 0644, 0, 0, 0, &ino);
	case CM_MKDIR: return fs_mkdir(fs, dir, name, 0755, 0, 0, &ino);
	case CM_SYMLINK: return fs_symlink(fs, dir, name, op->b, 0, 0, &ino);
	case CM_UNLINK: return fs_unlink(fs, dir, name);
	case CM_RMDIR: return fs_rmdir(fs, dir, name);
	case CM_SYNC: return fs_sync(fs);
	default: break;
	}
	if (op->code == CM_RENAME || op->code == CM_LINK) {
		rc = cm_fs_split(fs, op->b, &dir2, &name2);
		if (rc == 0 && op->code == CM_RENAME)
			return fs_rename(fs, dir, name, dir2, name2, 0);
		if (rc == 0)
			rc = fs_lookup(fs, dir, name, &ino);
		return rc < 0 ? rc : fs_link(fs, ino, dir2, name2);
	}
	rc = fs_lookup(fs, dir, name, &ino);
	return rc < 0 ? rc : cm_fs_file(fs, op, ino);
}

/* The digest: FNV-1a over "path type nlink size crc target" lines in name order. */
struct cm_line {
	char text[320];
};

static int cm_line_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cm_line *)a)->text, ((const struct cm_line *)b)->text);
}

static uint64_t cm_hash_lines(struct cm_line *l, int n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	const char *p;
	int i;

	qsort(l, (size_t)n, sizeof(*l), cm_line_cmp);
	for (i = 0; i < n; i++)
		for (p = l[i].text; *p; p++)
			h = (h ^ (uint8_t)*p) * 0x100000001b3ull;
	return h;
}

/* The full path of an inode (names are unique per directory; depth is small). */
static void cm_path(const struct cm_model *m, int ino, char *buf, size_t size)
{
	char up[96];
	int i;

	buf[0] = 0;
	if (ino == CM_ROOT)
		return;
	for (i = 0; i < CM_DIRENTS; i++) {
		if (m->de[i].used && m->de[i].ino == ino) {
			cm_path(m, m->de[i].dir, up, sizeof(up));
			snprintf(buf, size, "%s/%s", up, m->de[i].name);
			return;
		}
	}
}

static void cm_line(struct cm_line *l, const char *path, uint32_t type, uint32_t nlink,
		    uint64_t size, uint32_t crc, const char *target)
{
	snprintf(l->text, sizeof(l->text), "%s %o %u %llu %08x %s", path, (unsigned)type,
		 (unsigned)nlink, (unsigned long long)(type == FS_S_IFDIR ? 0 : size), (unsigned)crc,
		 target);
}

uint64_t cm_digest_model(const struct cm_model *m)
{
	struct cm_line lines[CM_DIRENTS];
	const struct cm_dirent *d;
	const struct cm_inode *in;
	char dir[160], path[200];
	int i, n = 0;

	for (i = 0; i < CM_DIRENTS; i++) {
		d = &m->de[i];
		if (!d->used)
			continue;
		in = &m->ino[d->ino];
		cm_path(m, d->dir, dir, sizeof(dir));
		snprintf(path, sizeof(path), "%s/%s", dir, d->name);
		cm_line(&lines[n++], path, (uint32_t)in->type, (uint32_t)cm_nlink(m, d->ino), in->size,
			in->type == FS_S_IFREG ? fs_crc32c(0, in->data, in->size) : 0, in->target);
	}
	return cm_hash_lines(lines, n);
}

struct cm_walk {
	struct fs *fs;
	struct cm_line *lines;
	int n, rc;
	const char *dir;
};

static int cm_walk_dir(struct fs *fs, uint64_t dino, const char *dir, struct cm_walk *w);

static uint32_t cm_fs_crc(struct fs *fs, uint64_t ino, uint64_t size, int *rc)
{
	uint8_t *buf = malloc(size ? size : 1);
	int64_t n = fs_read(fs, ino, 0, buf, size);
	uint32_t crc = fs_crc32c(0, buf, size);

	if (n != (int64_t)size)
		*rc = n < 0 ? (int)n : -EIO;
	free(buf);
	return crc;
}

static int cm_walk_entry(void *ctx, const char *name, uint64_t ino, uint32_t type, uint64_t cookie)
{
	struct cm_walk *w = ctx;
	struct fs_stat st;
	char path[160], target[64] = "";
	uint32_t crc = 0;
	int n;

	(void)type;
	(void)cookie;
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return 0;
	if (w->n >= CM_DIRENTS || (w->rc = fs_getattr(w->fs, ino, &st)) < 0)
		return w->rc = w->rc < 0 ? w->rc : -ENOSPC;
	snprintf(path, sizeof(path), "%s/%s", w->dir, name);
	if ((st.mode & FS_S_IFMT) == FS_S_IFREG)
		crc = cm_fs_crc(w->fs, ino, st.size, &w->rc);
	if ((st.mode & FS_S_IFMT) == FS_S_IFLNK) {
		n = fs_readlink(w->fs, ino, target, sizeof(target) - 1);
		target[n > 0 ? n : 0] = 0;
	}
	cm_line(&w->lines[w->n++], path, st.mode & FS_S_IFMT, st.nlink, st.size, crc, target);
	if ((st.mode & FS_S_IFMT) == FS_S_IFDIR && w->rc == 0)
		w->rc = cm_walk_dir(w->fs, ino, path, w);
	return w->rc != 0;
}

static int cm_walk_dir(struct fs *fs, uint64_t dino, const char *dir, struct cm_walk *w)
{
	const char *saved = w->dir;
	int rc;

	w->dir = dir;
	rc = fs_readdir(fs, dino, 0, cm_walk_entry, w);
	w->dir = saved;
	return rc < 0 ? rc : w->rc;
}

int cm_digest_fs(struct fs *fs, uint64_t *digest)
{
	struct cm_line lines[CM_DIRENTS];
	struct cm_walk w;
	int rc;

	memset(&w, 0, sizeof(w));
	w.fs = fs;
	w.lines = lines;
	rc = cm_walk_dir(fs, FS_ROOT_INO, "", &w);
	if (rc < 0)
		return rc;
	*digest = cm_hash_lines(lines, w.n);
	return 0;
}

static const char *cm_names[CM_NOPS] = {
	"create", "write", "truncate", "fsync", "fdatasync", "sync", "rename", "link",
	"unlink", "mkdir", "rmdir", "symlink", "open", "close", "snapshot", "snapshot-delete",
	"rollback"
};

void cm_describe(const struct cm_op *op, char *buf, size_t size)
{
	switch (op->code) {
	case CM_WRITE:
		snprintf(buf, size, "write %s %llu+%llu", op->a, (unsigned long long)op->off,
			 (unsigned long long)op->len);
		break;
	case CM_TRUNC:
		snprintf(buf, size, "truncate %s %llu", op->a, (unsigned long long)op->len);
		break;
	case CM_RENAME: case CM_LINK: case CM_SYMLINK:
		snprintf(buf, size, "%s %s %s", cm_names[op->code], op->a, op->b);
		break;
	default:
		snprintf(buf, size, "%s %s", cm_names[op->code], op->a);
	}
}
