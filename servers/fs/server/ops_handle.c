/* servers/fs/server/ops_handle.c: fsd's handle requests (READ ... CLOSE). The handle must be
 * one this server gave and has not seen closed (else EBADF); reads and writes check the
 * access mode the handle was opened with, since the core knows nothing of it. The kernel
 * keeps the offset: READ and WRITE carry it in arg[0], except that a WRITE on a handle opened
 * with O_APPEND goes to the end of the file. */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include "fsd.h"

#define FSD_IO_MAX (1u << 20)     /* bytes one READ answers at most (a short read beyond) */
#define FSD_WRITE_CHUNK (64u << 10) /* bytes fetched from the client at a time */

static struct fsd_handle *fsd_h(struct srv_req *rq)
{
	return fsd_handle_get(&fsd_of(rq)->handles, rq->pkt.handle);
}

long fsd_read(struct srv_req *rq)
{
	struct fsd *f = fsd_of(rq);
	struct fsd_handle *h = fsd_h(rq);
	size_t n = rq->pkt.len < FSD_IO_MAX ? (size_t)rq->pkt.len : FSD_IO_MAX;
	struct fs_stat st;
	void *b;
	int64_t got;
	long rc;

	if (!h || (h->flags & FERRITE_O_ACCMODE) == FERRITE_O_WRONLY || (h->flags & FERRITE_O_PATH))
		return -EBADF;
	rc = fs_getattr(f->fs, h->ino, &st);
	if (rc < 0)
		return rc;
	if ((st.mode & FS_S_IFMT) == FS_S_IFDIR)
		return -EISDIR;
	if ((long)rq->pkt.arg[0] < 0)
		return -EINVAL;
	if (n == 0)
		return 0;
	b = srv_buf(rq, n);
	if (!b)
		return -ENOMEM;
	got = fs_read(f->fs, h->ino, rq->pkt.arg[0], b, n);
	return got < 0 ? (long)got : srv_data(rq, b, (size_t)got, (long)got);
}

long fsd_write(struct srv_req *rq)
{
	struct fsd *f = fsd_of(rq);
	struct fsd_handle *h = fsd_h(rq);
	uint64_t off = rq->pkt.arg[0], done = 0;
	struct fs_stat st;
	size_t n;
	long got, rc;
	int64_t put;
	void *b;

	if (!h || (h->flags & FERRITE_O_ACCMODE) == FERRITE_O_RDONLY || (h->flags & FERRITE_O_PATH))
		return -EBADF;
	rc = fs_getattr(f->fs, h->ino, &st);
	if (rc < 0)
		return rc;
	if ((st.mode & FS_S_IFMT) == FS_S_IFDIR)
		return -EISDIR;
	if ((h->flags | rq->pkt.flags) & FERRITE_O_APPEND)
		off = st.size;
	else if ((long)off < 0)
		return -EINVAL;
	b = srv_buf(rq, FSD_WRITE_CHUNK);
	if (!b)
		return -ENOMEM;
	while (done < rq->pkt.len) {
		n = rq->pkt.len - done < FSD_WRITE_CHUNK ? (size_t)(rq->pkt.len - done) : FSD_WRITE_CHUNK;
		got = srv_fetch(rq, (unsigned long)done, b, n);
		if (got <= 0) {
			rc = got < 0 ? got : -EFAULT;
			break;
		}
		put = fs_write(f->fs, h->ino, off + done, b, (size_t)got);
		if (put < 0) {
			rc = (long)put;
			break;
		}
		done += (uint64_t)put;
		if ((size_t)put < (size_t)got)
			break;
	}
	if (done && ((h->flags | rq->pkt.flags) & FERRITE_O_APPEND))
		return srv_offset(rq, (unsigned long)(off + done), (long)done);
	return done ? (long)done : rc;
}

long fsd_fstat(struct srv_req *rq)
{
	struct fsd *f = fsd_of(rq);
	struct fsd_handle *h = fsd_h(rq);
	struct ferrite_stat *st = srv_buf(rq, sizeof(*st));
	struct fs_stat s;
	long rc;

	if (!h)
		return -EBADF;
	if (rq->pkt.len < sizeof(*st))
		return -EINVAL;
	if (!st)
		return -ENOMEM;
	rc = fs_getattr(f->fs, h->ino, &s);
	if (rc < 0)
		return rc;
	fsd_stat_fill(&s, st);
	return srv_data(rq, st, sizeof(*st), 0);
}

/* getdents: records are packed while they fit. Names sharing one cookie (a hash collision)
 * go out together or not at all, since the cookie can only resume after all of them. */
struct fsd_dents {
	unsigned char *buf;
	size_t size, used, group_start;
	uint64_t group_cookie;
	int full;
};

static int fsd_dent_fn(void *ctx, const char *name, uint64_t ino, uint32_t type, uint64_t cookie)
{
	struct fsd_dents *d = ctx;
	size_t nlen = strlen(name);
	size_t reclen = (offsetof(struct ferrite_dirent, d_name) + nlen + 1 + 7) & ~(size_t)7;
	struct ferrite_dirent de;

	if (cookie != d->group_cookie) {
		d->group_cookie = cookie;
		d->group_start = d->used;
	}
	if (d->used + reclen > d->size) {
		d->used = d->group_start; /* take back the names of this cookie already packed */
		d->full = 1;
		return 1;
	}
	memset(d->buf + d->used, 0, reclen);
	de.d_ino = ino;
	de.d_off = (long)cookie;
	de.d_reclen = (unsigned short)reclen;
	de.d_type = (unsigned char)type;
	memcpy(d->buf + d->used, &de, offsetof(struct ferrite_dirent, d_name));
	memcpy(d->buf + d->used + offsetof(struct ferrite_dirent, d_name), name, nlen);
	d->used += reclen;
	return 0;
}

long fsd_getdents(struct srv_req *rq)
{
	struct fsd *f = fsd_of(rq);
	struct fsd_handle *h = fsd_h(rq);
	struct fsd_dents d;
	long rc;

	if (!h || (h->flags & FERRITE_O_PATH))
		return -EBADF;
	memset(&d, 0, sizeof(d));
	d.size = rq->pkt.len < FSD_IO_MAX ? (size_t)rq->pkt.len : FSD_IO_MAX;
	d.group_cookie = ~0ull;
	d.buf = srv_buf(rq, d.size ? d.size : 1);
	if (!d.buf)
		return -ENOMEM;
	rc = fs_readdir(f->fs, h->ino, rq->pkt.arg[0], fsd_dent_fn, &d);
	if (rc < 0)
		return rc;
	if (d.full && d.used == 0)
		return -EINVAL; /* not even one entry fits */
	return srv_data(rq, d.buf, d.used, (long)d.used);
}

long fsd_truncate(struct srv_req *rq)
{
	struct fsd *f = fsd_of(rq);
	struct fsd_handle *h = fsd_h(rq);
	struct fs_stat s;

	if (!h || (h->flags & FERRITE_O_PATH))
		return -EBADF;
	if ((h->flags & FERRITE_O_ACCMODE) == FERRITE_O_RDONLY || (long)rq->pkt.arg[0] < 0)
		return -EINVAL;
	s.size = rq->pkt.arg[0];
	return fs_setattr(f->fs, h->ino, &s, FS_SET_SIZE);
}

long fsd_fsync(struct srv_req *rq)
{
	struct fsd_handle *h = fsd_h(rq);

	return h ? fs_fsync(fsd_of(rq)->fs, h->ino) : -EBADF;
}

long fsd_fchmod(struct srv_req *rq)
{
	struct fsd_handle *h = fsd_h(rq);

	return h ? fsd_do_chmod(fsd_of(rq), h->ino, &rq->pkt, (unsigned)rq->pkt.arg[0]) : -EBADF;
}

long fsd_fchown(struct srv_req *rq)
{
	struct fsd_handle *h = fsd_h(rq);

	return h ? fsd_do_chown(fsd_of(rq), h->ino, &rq->pkt, rq->pkt.arg[0], rq->pkt.arg[1])
		 : -EBADF;
}

/* A notice: the last description of the handle went. Nothing is answered. */
long fsd_close(struct srv_req *rq)
{
	struct fsd *f = fsd_of(rq);
	struct fsd_handle *h = fsd_h(rq);
	uint64_t ino;

	if (!h)
		return -EBADF;
	ino = h->ino;
	fsd_handle_free(&f->handles, rq->pkt.handle);
	return fs_release(f->fs, ino);
}

/* chmod: the owner or root; a caller outside the file's group cannot set S_ISGID. */
long fsd_do_chmod(struct fsd *f, uint64_t ino, const struct ferrite_packet *p, unsigned mode)
{
	struct fs_stat st;
	long rc = fs_getattr(f->fs, ino, &st);

	if (rc < 0)
		return rc;
	if (!fsd_is_owner(&st, p))
		return -EPERM;
	if (p->uid != 0 && (uint32_t)p->gid != st.gid)
		mode &= ~02000u;
	st.mode = mode & 07777;
	return fs_setattr(f->fs, ino, &st, FS_SET_MODE);
}

/* chown: only root gives a file away; the owner may change its group to its own group. A
 * change by anyone but root clears S_ISUID and S_ISGID. -1 leaves an id as it is. */
long fsd_do_chown(struct fsd *f, uint64_t ino, const struct ferrite_packet *p,
		  unsigned long uid, unsigned long gid)
{
	struct fs_stat st;
	unsigned mask = 0;
	long rc = fs_getattr(f->fs, ino, &st);

	if (rc < 0)
		return rc;
	if ((uint32_t)uid != 0xffffffffu && (uint32_t)uid != st.uid) {
		if (p->uid != 0)
			return -EPERM;
		st.uid = (uint32_t)uid;
		mask |= FS_SET_UID;
	}
	if ((uint32_t)gid != 0xffffffffu && (uint32_t)gid != st.gid) {
		if (p->uid != 0 && ((uint32_t)p->uid != st.uid || (uint32_t)p->gid != (uint32_t)gid))
			return -EPERM;
		st.gid = (uint32_t)gid;
		mask |= FS_SET_GID;
	}
	if (p->uid != 0 && mask && (st.mode & FS_S_IFMT) != FS_S_IFDIR) {
		st.mode &= ~06000u;
		mask |= FS_SET_MODE;
	}
	return fs_setattr(f->fs, ino, &st, mask); /* mask 0 still stamps ctime */
}
