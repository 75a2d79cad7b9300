/* libc/port/shim/io.c: descriptor calls that Ferrite has in another shape: readv and writev
 * (as read and write), preadv and pwritev (as pread64 and pwrite64), pipe and dup2 (as pipe2 and dup3), select, pselect6 and ppoll (as
 * poll), ioctl. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/select.h>
#include <sys/uio.h>
#include "shim.h"

#define SHIM_GATHER 4096 /* up to PIPE_BUF: one write, so a pipe gets it whole */

long shim_readv(const long *a)
{
	const struct iovec *iov = (const struct iovec *)a[1];
	long done = 0;
	for (int i = 0; i < (int)a[2]; i++) {
		long r = shim_call3(SYS_read, a[0], iov[i].iov_base, iov[i].iov_len);
		if (r < 0)
			return done ? done : r;
		done += r;
		if ((size_t)r < iov[i].iov_len)
			break;
	}
	return done;
}

/* preadv and pwritev (the whole 64-bit offset in a[3]; musl also passes its high half in
 * a[4], which a 64-bit call does not need): one pread64 or pwrite64 per buffer, stopping at the
 * first short one, as readv does. */
static long shim_prwv(const long *a, long nr)
{
	const struct iovec *iov = (const struct iovec *)a[1];
	long done = 0, off = a[3];
	if ((int)a[2] < 0 || (int)a[2] > IOV_MAX)
		return -EINVAL;
	for (int i = 0; i < (int)a[2]; i++) {
		long r = shim_call4(nr, a[0], iov[i].iov_base, iov[i].iov_len, off + done);
		if (r < 0)
			return done ? done : r;
		done += r;
		if ((size_t)r < iov[i].iov_len)
			break;
	}
	return done;
}

long shim_preadv(const long *a)
{
	return shim_prwv(a, SYS_pread64);
}

long shim_pwritev(const long *a)
{
	return shim_prwv(a, SYS_pwrite64);
}

long shim_writev(const long *a)
{
	const struct iovec *iov = (const struct iovec *)a[1];
	int n = (int)a[2];
	size_t total = 0;
	long done = 0;
	char buf[SHIM_GATHER];
	if (n < 0)
		return -EINVAL;
	for (int i = 0; i < n; i++)
		total += iov[i].iov_len;
	if (total <= sizeof(buf) && n > 1) {
		size_t at = 0;
		for (int i = 0; i < n; i++) {
			memcpy(buf + at, iov[i].iov_base, iov[i].iov_len);
			at += iov[i].iov_len;
		}
		return shim_call3(SYS_write, a[0], buf, total);
	}
	for (int i = 0; i < n; i++) {
		long r;
		if (!iov[i].iov_len)
			continue;
		r = shim_call3(SYS_write, a[0], iov[i].iov_base, iov[i].iov_len);
		if (r < 0)
			return done ? done : r;
		done += r;
		if ((size_t)r < iov[i].iov_len)
			break;
	}
	return done;
}

long shim_pipe(const long *a)
{
	return shim_call2(SYS_pipe2, a[0], 0);
}

long shim_dup2(const long *a)
{
	if (a[0] == a[1]) { /* a valid descriptor onto itself: nothing to do */
		long r = shim_call3(SYS_fcntl, a[0], F_GETFD, 0);
		return r < 0 ? r : a[1];
	}
	return shim_call3(SYS_dup3, a[0], a[1], 0);
}

/* poll with a timespec (or none), in milliseconds rounded up */
static long shim_poll_ts(struct pollfd *fds, unsigned long n, const struct timespec *ts)
{
	long ms = -1;
	if (ts) {
		if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000l)
			return -EINVAL;
		ms = ts->tv_sec > 86400l * 365 ? 0x7fffffff :
			ts->tv_sec * 1000 + (ts->tv_nsec + 999999) / 1000000;
		if (ms > 0x7fffffff)
			ms = 0x7fffffff;
	}
	return shim_call3(SYS_poll, fds, n, ms);
}

/* select's three sets as one poll; the sets are rewritten with what is ready */
static long shim_select_ts(int nfds, fd_set *r, fd_set *w, fd_set *e, const struct timespec *ts)
{
	struct pollfd fds[FD_SETSIZE];
	int n = 0, ready = 0;
	long k;
	if (nfds < 0 || nfds > FD_SETSIZE)
		return -EINVAL;
	for (int fd = 0; fd < nfds; fd++) {
		short ev = (r && FD_ISSET(fd, r) ? POLLIN : 0) | (w && FD_ISSET(fd, w) ? POLLOUT : 0) |
			(e && FD_ISSET(fd, e) ? POLLPRI : 0);
		if (ev) {
			fds[n].fd = fd;
			fds[n].events = ev;
			fds[n++].revents = 0;
		}
	}
	k = shim_poll_ts(fds, (unsigned long)n, ts);
	if (k < 0)
		return k;
	for (int i = 0; i < n; i++)
		if (fds[i].revents & POLLNVAL)
			return -EBADF;
	for (int i = 0; i < n; i++) {
		int fd = fds[i].fd;
		short rv = fds[i].revents;
		if (r && FD_ISSET(fd, r) && !(rv & (POLLIN | POLLHUP | POLLERR)))
			FD_CLR(fd, r);
		else if (r && FD_ISSET(fd, r))
			ready++;
		if (w && FD_ISSET(fd, w) && !(rv & (POLLOUT | POLLERR)))
			FD_CLR(fd, w);
		else if (w && FD_ISSET(fd, w))
			ready++;
		if (e && FD_ISSET(fd, e) && !(rv & POLLPRI))
			FD_CLR(fd, e);
		else if (e && FD_ISSET(fd, e))
			ready++;
	}
	return ready;
}

long shim_select(const long *a)
{
	const struct timeval *tv = (const struct timeval *)a[4];
	struct timespec ts;
	if (tv) {
		if (tv->tv_usec < 0 || tv->tv_usec >= 1000000)
			return -EINVAL;
		ts.tv_sec = tv->tv_sec;
		ts.tv_nsec = tv->tv_usec * 1000;
	}
	return shim_select_ts((int)a[0], (fd_set *)a[1], (fd_set *)a[2], (fd_set *)a[3], tv ? &ts : 0);
}

/* pselect6 and ppoll take a signal mask for the wait. Ferrite has no call that swaps the mask
 * and waits in one step: the mask is set around the wait, so a signal arriving between the two
 * steps is handled before the wait starts instead of ending it (docs/libc.md). */
static long shim_masked(const unsigned long *mask, unsigned long *old)
{
	return mask ? shim_call3(SYS_sigprocmask, SIG_SETMASK, mask, old) : 0;
}

long shim_pselect6(const long *a)
{
	const long *data = (const long *)a[5]; /* { const sigset_t *mask; size_t size; } */
	const unsigned long *mask = data ? (const unsigned long *)data[0] : 0;
	unsigned long old;
	long r = shim_masked(mask, &old);
	if (r < 0)
		return r;
	r = shim_select_ts((int)a[0], (fd_set *)a[1], (fd_set *)a[2], (fd_set *)a[3],
		(const struct timespec *)a[4]);
	if (mask)
		shim_call3(SYS_sigprocmask, SIG_SETMASK, &old, 0);
	return r;
}

long shim_ppoll(const long *a)
{
	const unsigned long *mask = (const unsigned long *)a[3];
	unsigned long old;
	long r = shim_masked(mask, &old);
	if (r < 0)
		return r;
	r = shim_poll_ts((struct pollfd *)a[0], (unsigned long)a[1], (const struct timespec *)a[2]);
	if (mask)
		shim_call3(SYS_sigprocmask, SIG_SETMASK, &old, 0);
	return r;
}

/* The kernel's ioctl (the scheme protocol's): the requests of the ABI header's table go to the
 * description's server (a pty answers the termios ones, so isatty works); others are ENOTTY. */
long shim_ioctl(const long *a)
{
	return shim_call3(SYS_ioctl, a[0], a[1], a[2]);
}
