/* libc/tests/suite/t_io.c: descriptors: pipe (data, EOF, EPIPE), dup2, fcntl (flags,
 * close-on-exec, F_DUPFD), poll and select, termios on what is not a terminal and, where the
 * system has pseudo-terminals, on one. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <termios.h>
#include <unistd.h>
#include "lt.h"

static void io_pipe(void)
{
	int p[2];
	char b[8192];
	LT_EQ(pipe(p), 0);
	memset(b, 'q', sizeof(b));
	LT_EQ(write(p[1], b, 5000), 5000);
	LT_EQ(read(p[0], b, sizeof(b)), 5000);
	close(p[1]);
	LT_EQ(read(p[0], b, sizeof(b)), 0); /* no writer: end of file */
	close(p[0]);
	LT_EQ(pipe(p), 0);
	signal(SIGPIPE, SIG_IGN);
	close(p[0]);
	LT_CHECK(write(p[1], "x", 1) == -1 && errno == EPIPE);
	close(p[1]);
}

static void io_dup2_fcntl(void)
{
	int p[2], fd, fl;
	char b[8];
	LT_EQ(pipe2(p, O_CLOEXEC), 0);
	LT_EQ(fcntl(p[0], F_GETFD), FD_CLOEXEC);
	LT_EQ(fcntl(p[0], F_SETFD, 0), 0);
	LT_EQ(fcntl(p[0], F_GETFD), 0);
	fd = fcntl(p[1], F_DUPFD, 20);
	LT_CHECK(fd >= 20);
	LT_EQ(dup2(fd, 30), 30);
	LT_EQ(dup2(30, 30), 30);
	LT_EQ(write(30, "ab", 2), 2);
	LT_EQ(read(p[0], b, 8), 2);
	fl = fcntl(p[0], F_GETFL);
	LT_CHECK((fl & O_ACCMODE) == O_RDONLY && !(fl & O_NONBLOCK));
	LT_EQ(fcntl(p[0], F_SETFL, fl | O_NONBLOCK), 0);
	LT_CHECK(read(p[0], b, 8) == -1 && errno == EAGAIN);
	LT_CHECK(dup2(99, 31) == -1 && errno == EBADF);
	LT_CHECK(close(77) == -1 && errno == EBADF);
}

static void io_poll_select(void)
{
	int p[2];
	struct pollfd pf;
	fd_set r, w;
	struct timeval tv = { 0, 20000 };
	char c;
	LT_EQ(pipe(p), 0);
	pf.fd = p[0];
	pf.events = POLLIN;
	LT_EQ(poll(&pf, 1, 0), 0);
	LT_EQ(poll(&pf, 1, 20), 0); /* times out */
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	LT_EQ(select(p[0] + 1, &r, NULL, NULL, &tv), 0);
	LT_EQ(write(p[1], "z", 1), 1);
	LT_EQ(poll(&pf, 1, 1000), 1);
	LT_CHECK(pf.revents & POLLIN);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	FD_ZERO(&w);
	FD_SET(p[1], &w);
	LT_EQ(select(p[1] + 1, &r, &w, NULL, NULL), 2);
	LT_CHECK(FD_ISSET(p[0], &r) && FD_ISSET(p[1], &w));
	LT_EQ(read(p[0], &c, 1), 1);
	close(p[1]);
	LT_EQ(poll(&pf, 1, 1000), 1);
	LT_CHECK(pf.revents & POLLHUP);
	pf.fd = 99;
	LT_EQ(poll(&pf, 1, 0), 1);
	LT_CHECK(pf.revents & POLLNVAL);
}

static void io_termios(void)
{
	int p[2], m;
	struct termios t;
	LT_EQ(pipe(p), 0);
	LT_CHECK(!isatty(p[0]) && errno == ENOTTY);
	LT_CHECK(tcgetattr(p[0], &t) == -1 && errno == ENOTTY);
	memset(&t, 0, sizeof(t));
	LT_EQ(cfsetospeed(&t, B9600), 0);
	LT_EQ(cfgetospeed(&t), B9600);
	cfmakeraw(&t);
	LT_CHECK(!(t.c_lflag & (ICANON | ECHO)));
	m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0)
		lt_skip("no pseudo-terminals (posix_openpt)");
	LT_EQ(grantpt(m), 0);
	LT_EQ(unlockpt(m), 0);
	LT_CHECK(ptsname(m) != NULL);
	{
		int s = open(ptsname(m), O_RDWR | O_NOCTTY);
		char b[16];
		LT_CHECK(s >= 0 && isatty(s));
		LT_EQ(tcgetattr(s, &t), 0);
		t.c_lflag &= ~(ICANON | ECHO);
		LT_EQ(tcsetattr(s, TCSANOW, &t), 0);
		LT_EQ(write(m, "hi", 2), 2);
		LT_EQ(read(s, b, sizeof(b)), 2);
		close(s);
	}
	close(m);
}

const struct lt_test lt_io_tests[] = {
	{ "io_pipe", io_pipe },
	{ "io_dup2_fcntl", io_dup2_fcntl },
	{ "io_poll_select", io_poll_select },
	{ "io_termios", io_termios },
	{ 0, 0 },
};
