/* kernel/core/initfs_scheme.c: the initfs as a scheme, mounted at "/" in the first namespace:
 * read-only, served from the ustar boot module in place. At boot the archive's members become
 * a tree of nodes: directories (those in the archive and those its paths imply), regular files
 * and symbolic links. A handle is a node's index (0: the root). A symbolic link on the way is
 * answered with a redirect (absolute targets as they are, relative ones from the scheme's
 * root), as is ".." at the root; anything that would write is EROFS. */
#include "klib.h"
#include "errno.h"
#include "kheap.h"
#include "path.h"
#include "proc.h"
#include "syscall.h"

#define INITFS_DEV 1 /* st_dev of every initfs node */

struct initfs_node {
	char *name;           /* its last component ("" for the root) */
	int parent, child, sibling; /* -1: none; children in archive (name) order */
	unsigned char type;   /* FERRITE_DT_DIR, FERRITE_DT_REG, FERRITE_DT_LNK */
	unsigned mode;        /* permission bits */
	const uint8_t *data;  /* a file's bytes, in the archive */
	size_t size;
	char *target;         /* a link's target */
};

static struct initfs_node *in_nodes;
static int in_count, in_cap;
static const struct file_ops initfs_file_ops;

static int in_child(int dir, const char *name, size_t len)
{
	for (int c = in_nodes[dir].child; c >= 0; c = in_nodes[c].sibling)
		if (strlen(in_nodes[c].name) == len && memcmp(in_nodes[c].name, name, len) == 0)
			return c;
	return -1;
}

static int in_new(int parent, const char *name, size_t len, unsigned char type)
{
	struct initfs_node *n;
	int *link;
	if (in_count == in_cap) {
		int cap = in_cap ? in_cap * 2 : 64;
		struct initfs_node *more = kmalloc(sizeof(*more) * (size_t)cap);
		if (!more)
			return -1;
		if (in_nodes)
			memcpy(more, in_nodes, sizeof(*more) * (size_t)in_count);
		kfree(in_nodes);
		in_nodes = more;
		in_cap = cap;
	}
	n = &in_nodes[in_count];
	memset(n, 0, sizeof(*n));
	n->name = path_strndup(name, len);
	if (!n->name)
		return -1;
	n->parent = parent;
	n->child = n->sibling = -1;
	n->type = type;
	n->mode = type == FERRITE_DT_DIR ? 0755 : 0644;
	if (parent >= 0) { /* appended: the archive is in name order, so the listing is too */
		for (link = &in_nodes[parent].child; *link >= 0; link = &in_nodes[*link].sibling)
			;
		*link = in_count;
	}
	return in_count++;
}

/* One archive member into the tree, with the directories its path implies. */
static void in_add(const struct ustar_member *m)
{
	const char *r = m->name, *c;
	size_t l;
	int cur = 0, n;
	while (path_next(&r, &c, &l)) {
		bool last = path_is_last(r);
		if (in_nodes[cur].type != FERRITE_DT_DIR)
			return; /* a path through a file: not kept */
		if ((l == 1 && c[0] == '.') || (l == 2 && c[0] == '.' && c[1] == '.'))
			return;
		n = in_child(cur, c, l);
		if (n < 0) {
			unsigned char type = !last || m->type == '5' ? FERRITE_DT_DIR :
				m->type == '2' ? FERRITE_DT_LNK : m->type == '0' ? FERRITE_DT_REG : 0;
			if (!type || (n = in_new(cur, c, l, type)) < 0)
				return;
		}
		if (last) {
			struct initfs_node *node = &in_nodes[n];
			node->mode = m->mode;
			if (node->type == FERRITE_DT_REG) {
				node->data = m->data;
				node->size = m->size;
			} else if (node->type == FERRITE_DT_LNK && !node->target) {
				node->target = path_strndup(m->link, strlen(m->link));
				node->size = strlen(m->link);
			}
		}
		cur = n;
	}
}

/* The path of node n from the root ("" for the root), into buf (FERRITE_PATH_MAX). */
static int in_node_path(int n, char *buf)
{
	size_t at = FERRITE_PATH_MAX - 1;
	buf[at] = 0;
	for (; n > 0; n = in_nodes[n].parent) {
		size_t l = strlen(in_nodes[n].name);
		if (l + 1 > at)
			return -ENAMETOOLONG;
		at -= l;
		memcpy(buf + at, in_nodes[n].name, l);
		buf[--at] = '/';
	}
	if (buf[at] == '/')
		at++;
	memmove(buf, buf + at, FERRITE_PATH_MAX - at);
	return 0;
}

/* The redirect for the link `link` met with `rest` still to walk: an absolute target as it is,
 * a relative one from the link's directory, said from the scheme's root. */
static long in_link_redirect(int link, const char *rest, char **red)
{
	char *buf = kmalloc(FERRITE_PATH_MAX);
	const char *t = in_nodes[link].target;
	int err;
	if (!buf)
		return -ENOMEM;
	if (t[0] == '/') {
		err = path_join(buf, FERRITE_PATH_MAX, t, "");
	} else {
		err = in_node_path(in_nodes[link].parent, buf);
		if (!err)
			err = path_join(buf, FERRITE_PATH_MAX, buf, t);
		if (!err)
			path_collapse(buf); /* the link's directory has no links in it: lexical is right */
	}
	while (*rest == '/')
		rest++;
	if (!err)
		err = path_join(buf, FERRITE_PATH_MAX, buf, rest);
	if (!err && !buf[0])
		err = path_join(buf, FERRITE_PATH_MAX, ".", ""); /* a link to the root itself */
	if (err) {
		kfree(buf);
		return err;
	}
	*red = buf;
	return -EREDIRECT;
}

/* Walks path from node dir: the node it names, or -ENOENT with *parent set when only the last
 * component is missing, -EREDIRECT with *red, or another -errno. */
static long in_walk(uint64_t dir, const char *path, bool follow_last, int *parent, char **red)
{
	const char *r = path, *c;
	size_t l;
	int cur;
	*parent = -1;
	if (dir >= (uint64_t)in_count)
		return -EBADF;
	cur = (int)dir;
	while (path_next(&r, &c, &l)) {
		bool last = path_is_last(r);
		int n;
		if (in_nodes[cur].type != FERRITE_DT_DIR)
			return -ENOTDIR;
		if (l == 1 && c[0] == '.')
			continue;
		if (l == 2 && c[0] == '.' && c[1] == '.') {
			if (cur == 0) { /* above the root: the namespace's business */
				*red = path_strndup(c, strlen(c));
				return *red ? -EREDIRECT : -ENOMEM;
			}
			cur = in_nodes[cur].parent;
			continue;
		}
		n = in_child(cur, c, l);
		if (n < 0) {
			if (last)
				*parent = cur;
			return -ENOENT;
		}
		if (in_nodes[n].type == FERRITE_DT_LNK && (!last || follow_last))
			return in_link_redirect(n, r, red);
		cur = n;
	}
	return cur;
}

static void in_stat(int n, struct ferrite_stat *st)
{
	const struct initfs_node *node = &in_nodes[n];
	memset(st, 0, sizeof(*st));
	st->st_dev = INITFS_DEV;
	st->st_ino = (unsigned long)n + 1;
	st->st_nlink = node->type == FERRITE_DT_DIR ? 2 : 1;
	st->st_mode = node->mode | (node->type == FERRITE_DT_DIR ? FERRITE_S_IFDIR :
		node->type == FERRITE_DT_LNK ? FERRITE_S_IFLNK : FERRITE_S_IFREG);
	st->st_size = (long)node->size;
	st->st_blksize = 4096;
	st->st_blocks = (long)((node->size + 511) / 512);
}

static long in_open(struct path_req *rq)
{
	unsigned fl = rq->flags;
	int parent;
	long n = in_walk(rq->dir, rq->path, !(fl & FERRITE_O_NOFOLLOW), &parent, &rq->redirect);
	struct file *f;
	if (n == -ENOENT && parent >= 0 && (fl & FERRITE_O_CREAT))
		return -EROFS;
	if (n < 0)
		return n;
	if (in_nodes[n].type == FERRITE_DT_LNK && !(fl & FERRITE_O_PATH))
		return -ELOOP; /* O_NOFOLLOW on a link */
	if ((fl & FERRITE_O_CREAT) && (fl & FERRITE_O_EXCL))
		return -EEXIST;
	if ((fl & FERRITE_O_DIRECTORY) && in_nodes[n].type != FERRITE_DT_DIR)
		return -ENOTDIR;
	if (!(fl & FERRITE_O_PATH) &&
			((fl & FERRITE_O_ACCMODE) != FERRITE_O_RDONLY || (fl & FERRITE_O_TRUNC)))
		return in_nodes[n].type == FERRITE_DT_DIR ? -EISDIR : -EROFS;
	f = file_new(&initfs_file_ops, NULL, fl);
	if (!f)
		return -ENOMEM;
	f->handle = (uint64_t)n;
	rq->file = f;
	return 0;
}

static long in_access(struct path_req *rq, long n)
{
	unsigned mode = (unsigned)rq->arg[0], bits = in_nodes[n].mode;
	if (mode & FERRITE_W_OK)
		return -EROFS;
	if (((mode & FERRITE_R_OK) && !(bits & 0444)) || ((mode & FERRITE_X_OK) && !(bits & 0111)))
		return -EACCES;
	return 0;
}

static long initfs_path(struct scheme *s, struct path_req *rq)
{
	bool nofollow = (rq->flags & FERRITE_AT_SYMLINK_NOFOLLOW) != 0;
	int parent;
	long n;
	size_t len;
	(void)s;
	switch (rq->op) {
	case FERRITE_SOP_OPEN:
		return in_open(rq);
	case FERRITE_SOP_STAT:
	case FERRITE_SOP_ACCESS:
		n = in_walk(rq->dir, rq->path, !nofollow, &parent, &rq->redirect);
		if (n >= 0 && rq->op == FERRITE_SOP_ACCESS)
			return in_access(rq, n);
		if (n >= 0 && rq->out_len >= sizeof(struct ferrite_stat))
			in_stat((int)n, rq->out);
		return n < 0 ? n : 0;
	case FERRITE_SOP_READLINK:
		n = in_walk(rq->dir, rq->path, false, &parent, &rq->redirect);
		if (n < 0)
			return n;
		if (in_nodes[n].type != FERRITE_DT_LNK)
			return -EINVAL;
		len = MIN(in_nodes[n].size, rq->out_len);
		memcpy(rq->out, in_nodes[n].target, len);
		return (long)len;
	case FERRITE_SOP_MKDIR:
	case FERRITE_SOP_SYMLINK:
		n = in_walk(rq->dir, rq->path, false, &parent, &rq->redirect);
		return n >= 0 ? -EEXIST : n == -ENOENT && parent >= 0 ? -EROFS : n;
	case FERRITE_SOP_UNLINK:
	case FERRITE_SOP_RENAME:
	case FERRITE_SOP_LINK:
	case FERRITE_SOP_CHMOD:
	case FERRITE_SOP_CHOWN:
	case FERRITE_SOP_UTIMENS:
		n = in_walk(rq->dir, rq->path, rq->op >= FERRITE_SOP_CHMOD && !nofollow, &parent,
			&rq->redirect);
		return n >= 0 ? -EROFS : n;
	default:
		return -EOPNOTSUPP;
	}
}

/* --- descriptions --- */

static const struct initfs_node *in_file_node(struct file *f)
{
	return &in_nodes[f->handle];
}

/* The bytes at off (the description's offset if off is NULL, which then moves on), at most
 * len: where they are and how many. */
static long in_take(struct file *f, size_t len, const uint64_t *at_off, const uint8_t **at)
{
	const struct initfs_node *node = in_file_node(f);
	uint64_t fl = 0, off;
	size_t n;
	if (node->type == FERRITE_DT_DIR)
		return -EISDIR;
	if (node->type != FERRITE_DT_REG)
		return -EINVAL;
	if (!at_off)
		fl = spin_lock_irqsave(&f->lock);
	off = at_off ? *at_off : f->offset;
	n = off >= node->size ? 0 : MIN(len, node->size - off);
	if (!at_off) {
		f->offset = off + n;
		spin_unlock_irqrestore(&f->lock, fl);
	}
	*at = node->data + off;
	return (long)n;
}

static long in_read(struct file *f, void *buf, size_t len)
{
	const uint8_t *at;
	long n = in_take(f, len, NULL, &at);
	if (n > 0)
		memcpy(buf, at, (size_t)n);
	return n;
}

static long in_pread(struct file *f, void *buf, size_t len, uint64_t off)
{
	const uint8_t *at;
	long n = in_take(f, len, &off, &at);
	if (n > 0)
		memcpy(buf, at, (size_t)n);
	return n;
}

static long in_read_user(struct file *f, void *ubuf, size_t len)
{
	const uint8_t *at;
	long n = in_take(f, len, NULL, &at);
	if (n > 0 && copy_to_user(ubuf, at, (size_t)n))
		return -EFAULT;
	return n;
}

static long in_lseek(struct file *f, long off, int whence)
{
	const struct initfs_node *node = in_file_node(f);
	uint64_t fl = spin_lock_irqsave(&f->lock);
	long base = whence == FERRITE_SEEK_SET ? 0 : whence == FERRITE_SEEK_CUR ?
		(long)f->offset : (long)node->size;
	long r = base + off;
	if (r < 0 || (off > 0 && r < base) ||
			(node->type == FERRITE_DT_DIR && whence == FERRITE_SEEK_END))
		r = -EINVAL;
	else
		f->offset = (uint64_t)r;
	spin_unlock_irqrestore(&f->lock, fl);
	return r;
}

static long in_fstat(struct file *f, struct ferrite_stat *st)
{
	in_stat((int)f->handle, st);
	return 0;
}

/* Cookies: 0 ".", 1 "..", 2 + k the k-th child. */
static long in_getdents(struct file *f, void *buf, size_t len)
{
	int dir = (int)f->handle, c;
	uint64_t cookie, k, fl;
	size_t used = 0;
	bool full = false;
	if (in_nodes[dir].type != FERRITE_DT_DIR)
		return -ENOTDIR;
	fl = spin_lock_irqsave(&f->lock);
	cookie = f->offset;
	spin_unlock_irqrestore(&f->lock, fl);
	for (; cookie < 2 && !full; cookie++) {
		int ino = cookie == 0 || dir == 0 ? dir : in_nodes[dir].parent;
		full = !path_dirent_put(buf, len, &used, (uint64_t)ino + 1, cookie + 1, FERRITE_DT_DIR,
			"..", (size_t)cookie + 1);
	}
	if (full)
		cookie--;
	for (c = in_nodes[dir].child, k = 2; c >= 0 && k < cookie; c = in_nodes[c].sibling, k++)
		;
	for (; c >= 0 && !full; c = in_nodes[c].sibling, cookie++) {
		full = !path_dirent_put(buf, len, &used, (uint64_t)c + 1, cookie + 1, in_nodes[c].type,
			in_nodes[c].name, strlen(in_nodes[c].name));
		if (full)
			break;
	}
	if (!used && full)
		return -EINVAL; /* not even one record fits */
	fl = spin_lock_irqsave(&f->lock);
	f->offset = cookie;
	spin_unlock_irqrestore(&f->lock, fl);
	return (long)used;
}

static const struct file_ops initfs_file_ops = {
	.read = in_read,
	.read_user = in_read_user,
	.pread = in_pread,
	.lseek = in_lseek,
	.stat = in_fstat,
	.getdents = in_getdents,
};

const void *initfs_file_data(struct file *f, size_t *size)
{
	if (f->ops != &initfs_file_ops || in_nodes[f->handle].type != FERRITE_DT_REG)
		return NULL;
	*size = in_nodes[f->handle].size;
	return in_nodes[f->handle].data;
}

static const struct scheme_ops initfs_scheme_ops = { .path = initfs_path };
static struct scheme initfs_scheme = { .name = "initfs", .ops = &initfs_scheme_ops, .dev = INITFS_DEV };

void initfs_scheme_init(void)
{
	const void *image;
	size_t size, off = 0;
	static struct ustar_member m;
	int err;
	if (in_new(-1, "", 0, FERRITE_DT_DIR) != 0) {
		kprintf("initfs: no memory for its tree\n");
		return;
	}
	initfs_image_get(&image, &size);
	while (image && ustar_next(image, size, &off, &m))
		in_add(&m);
	err = scheme_register(&initfs_scheme);
	if (err)
		kprintf("initfs: cannot register the scheme (error %d)\n", err);
}
