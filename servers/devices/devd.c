/* servers/devices/devd.c: /dev/null, /dev/zero and /dev/random, one scheme per process:
 * `devd null|zero|random` registers that name. null reads as end of file and takes every
 * write; zero reads as zero bytes; random reads bytes of the kernel's generator (getrandom:
 * ChaCha20, seeded from the hardware). Writes to zero and random are taken and dropped. On the
 * server skeleton: its own loop (srv_run), a handful of operations. */
#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include "srv_fd.h"

#define DEVD_CHUNK 65536
#define DEVD_HANDLE 1

enum devd_kind { DEVD_NULL, DEVD_ZERO, DEVD_RANDOM };
static enum devd_kind devd_kind;

static long devd_open(struct srv_req *rq)
{
	if (rq->path[0])
		return -FERRITE_ENOENT; /* the device is the scheme's root, nothing below */
	if (rq->pkt.flags & FERRITE_O_DIRECTORY)
		return -FERRITE_ENOTDIR;
	return srv_handle(rq, DEVD_HANDLE);
}

static long devd_stat_answer(struct srv_req *rq)
{
	struct ferrite_stat st;
	memset(&st, 0, sizeof(st));
	st.st_mode = FERRITE_S_IFCHR | 0666;
	st.st_nlink = 1;
	st.st_rdev = 1u << 8 | (unsigned)(devd_kind == DEVD_NULL ? 3 : devd_kind == DEVD_ZERO ? 5 : 8);
	st.st_blksize = 4096;
	return srv_fd_data(rq, &st, sizeof(st), 0);
}

static long devd_stat(struct srv_req *rq)
{
	return rq->path[0] ? -FERRITE_ENOENT : devd_stat_answer(rq);
}

static long devd_access(struct srv_req *rq)
{
	return rq->path[0] ? -FERRITE_ENOENT : 0;
}

static long devd_read(struct srv_req *rq)
{
	size_t n = rq->pkt.len < DEVD_CHUNK ? rq->pkt.len : DEVD_CHUNK;
	unsigned char *buf;
	if (rq->pkt.handle != DEVD_HANDLE)
		return -FERRITE_EBADF;
	if (devd_kind == DEVD_NULL || n == 0)
		return 0;
	if (!(buf = srv_buf(rq, n)))
		return -FERRITE_ENOMEM;
	if (devd_kind == DEVD_ZERO)
		memset(buf, 0, n);
	else if (getrandom(buf, n, 0) != (long)n)
		return -FERRITE_EIO;
	return srv_fd_data(rq, buf, n, (long)n);
}

static long devd_write(struct srv_req *rq)
{
	if (rq->pkt.handle != DEVD_HANDLE)
		return -FERRITE_EBADF;
	return (long)rq->pkt.len; /* taken whole, never fetched */
}

static long devd_fstat(struct srv_req *rq)
{
	return rq->pkt.handle == DEVD_HANDLE ? devd_stat_answer(rq) : -FERRITE_EBADF;
}

static const struct srv_ops devd_ops = {
	.open = devd_open,
	.stat = devd_stat,
	.access = devd_access,
	.read = devd_read,
	.write = devd_write,
	.fstat = devd_fstat,
};

int main(int argc, char **argv)
{
	static const char *const names[] = { "null", "zero", "random" };
	struct srv_transport tr;
	struct srv_fd fd;
	struct srv srv;
	int k, err;
	for (k = 0; k < 3 && argc == 2 && strcmp(argv[1], names[k]); k++)
		;
	if (argc != 2 || k == 3) {
		srv_fd_log("devd", "usage: devd null|zero|random");
		return 2;
	}
	devd_kind = (enum devd_kind)k;
	if ((err = srv_fd_open(&fd, &tr, names[k])) < 0) {
		srv_fd_log("devd", "cannot register %s: error %d", names[k], -err);
		return 1;
	}
	if (srv_init(&srv, &devd_ops, &tr, NULL) < 0)
		return 1;
	err = srv_run(&srv);
	srv_fd_log("devd", "%s: the request loop ended: error %d", names[k], -err);
	return 1;
}
