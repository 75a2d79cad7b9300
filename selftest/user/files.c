/* selftest/user/files.c: descriptors and pipes: read/write through a pipe between processes,
 * end of file, dup and dup3 sharing one description, fcntl flags, close-on-exec across execve,
 * O_NONBLOCK, the 64 KiB capacity, PIPE_BUF atomicity with several writers, EPIPE and SIGPIPE,
 * bad descriptors. Exits 0 when every check passed. */
#include "ulib.h"

static long wait_status(long pid)
{
	int st = -1;
	U_CHECK(ferrite_waitpid((int)pid, &st, 0) == pid);
	return st;
}

static void check_pipe_between_processes(void)
{
	int fds[2];
	char buf[64];
	long pid, n, total = 0;
	U_CHECK(ferrite_pipe2(fds, 0) == 0);
	pid = ferrite_fork();
	if (pid == 0) {
		ferrite_close(fds[0]);
		for (int i = 0; i < 10; i++)
			ferrite_write(fds[1], "0123456789", 10);
		ferrite_exit(0); /* its end closes with it: the reader then sees EOF */
	}
	ferrite_close(fds[1]);
	while ((n = ferrite_read(fds[0], buf, sizeof(buf))) > 0)
		total += n;
	U_CHECK(n == 0 && total == 100);
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
	ferrite_close(fds[0]);
}

static void check_dup_and_flags(void)
{
	int fds[2], d, e;
	char c = 0;
	U_CHECK(ferrite_pipe2(fds, FERRITE_O_CLOEXEC) == 0);
	U_CHECK(ferrite_fcntl(fds[0], FERRITE_F_GETFD, 0) == FERRITE_FD_CLOEXEC);
	d = (int)ferrite_dup(fds[1]);
	U_CHECK(d > fds[1] && ferrite_fcntl(d, FERRITE_F_GETFD, 0) == 0); /* dup clears CLOEXEC */
	U_CHECK(ferrite_close(fds[1]) == 0);
	U_CHECK(ferrite_write(d, "a", 1) == 1);        /* the description lives on through d */
	U_CHECK(ferrite_read(fds[0], &c, 1) == 1 && c == 'a');
	e = (int)ferrite_dup3(d, 40, FERRITE_O_CLOEXEC);
	U_CHECK(e == 40 && ferrite_fcntl(40, FERRITE_F_GETFD, 0) == FERRITE_FD_CLOEXEC);
	U_CHECK(ferrite_dup3(d, d, 0) == d);
	U_CHECK(ferrite_fcntl(fds[0], FERRITE_F_SETFL, FERRITE_O_NONBLOCK) == 0);
	U_CHECK((ferrite_fcntl(fds[0], FERRITE_F_GETFL, 0) & FERRITE_O_NONBLOCK) != 0);
	U_CHECK(ferrite_read(fds[0], &c, 1) == -FERRITE_EAGAIN); /* empty, writers remain */
	U_CHECK(ferrite_fcntl(fds[0], FERRITE_F_DUPFD, 30) == 30);
	U_CHECK(ferrite_lseek(fds[0], 0, FERRITE_SEEK_SET) == -FERRITE_ESPIPE);
	U_CHECK(ferrite_read(d, &c, 1) == -FERRITE_EBADF);        /* the write end */
	U_CHECK(ferrite_write(fds[0], "x", 1) == -FERRITE_EBADF); /* the read end */
	ferrite_close(30);
	ferrite_close(40);
	ferrite_close(d);
	ferrite_close(fds[0]);
	U_CHECK(ferrite_close(fds[0]) == -FERRITE_EBADF);
	U_CHECK(ferrite_close(-1) == -FERRITE_EBADF && ferrite_close(5000) == -FERRITE_EBADF);
	U_CHECK(ferrite_dup3(0, 5000, 0) == -FERRITE_EBADF);
	U_CHECK(ferrite_pipe2((int *)8, 0) == -FERRITE_EFAULT);
}

static void check_cloexec_across_exec(void)
{
	int a[2], b[2];
	long pid;
	char *argv[] = { "fdcheck", 0 };
	U_CHECK(ferrite_pipe2(a, 0) == 0 && ferrite_pipe2(b, 0) == 0);
	U_CHECK(ferrite_dup3(a[1], 5, FERRITE_O_CLOEXEC) == 5 && ferrite_dup3(b[1], 6, 0) == 6);
	pid = ferrite_fork();
	if (pid == 0) {
		ferrite_execve("/selftest/fdcheck", argv, 0);
		ferrite_exit(99);
	}
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
	ferrite_close(5);
	ferrite_close(6);
	ferrite_close(a[0]); ferrite_close(a[1]); ferrite_close(b[0]); ferrite_close(b[1]);
}

static char big[70000];

static void check_capacity_and_atomicity(void)
{
	int fds[2], ok = 1;
	long n, pids[3];
	static char rec[4096];
	U_CHECK(ferrite_pipe2(fds, FERRITE_O_NONBLOCK) == 0);
	n = ferrite_write(fds[1], big, sizeof(big));
	U_CHECK(n == 65536);                                     /* full: the rest did not fit */
	U_CHECK(ferrite_write(fds[1], big, 1) == -FERRITE_EAGAIN);
	ferrite_close(fds[0]);
	ferrite_close(fds[1]);
	/* three writers, 4096-byte records of one letter each; records must arrive whole */
	U_CHECK(ferrite_pipe2(fds, 0) == 0);
	for (int w = 0; w < 3; w++) {
		pids[w] = ferrite_fork();
		if (pids[w] == 0) {
			for (int i = 0; i < 4096; i++)
				rec[i] = (char)('a' + w);
			for (int r = 0; r < 20; r++)
				ferrite_write(fds[1], rec, sizeof(rec));
			ferrite_exit(0);
		}
	}
	ferrite_close(fds[1]);
	for (int r = 0; r < 60; r++) {
		long got = 0;
		while (got < 4096) {
			n = ferrite_read(fds[0], rec + got, (size_t)(4096 - got));
			if (n <= 0)
				break;
			got += n;
		}
		for (int i = 1; i < 4096; i++)
			ok &= rec[i] == rec[0];
		ok &= got == 4096;
	}
	U_CHECK(ok);
	U_CHECK(ferrite_read(fds[0], rec, 1) == 0);
	for (int w = 0; w < 3; w++)
		U_CHECK(wait_status(pids[w]) == FERRITE_WSTATUS_EXIT(0));
	ferrite_close(fds[0]);
}

static void check_epipe(void)
{
	int fds[2], st;
	long pid;
	struct ferrite_sigaction ign = { FERRITE_SIG_IGN, 0, 0, 0 };
	U_CHECK(ferrite_pipe2(fds, 0) == 0);
	ferrite_close(fds[0]);
	pid = ferrite_fork();
	if (pid == 0) {
		ferrite_write(fds[1], "x", 1); /* SIGPIPE's default ends it */
		ferrite_exit(0);
	}
	st = (int)wait_status(pid);
	U_CHECK(st == FERRITE_WSTATUS_SIGNAL(FERRITE_SIGPIPE));
	U_CHECK(ferrite_sigaction(FERRITE_SIGPIPE, &ign, 0) == 0);
	U_CHECK(ferrite_write(fds[1], "x", 1) == -FERRITE_EPIPE); /* ignored: just the error */
	ferrite_close(fds[1]);
}

static void check_poll(void)
{
	int fds[2];
	struct ferrite_pollfd p[3];
	struct ferrite_timespec a, b, d = { 0, 30000000 };
	long pid;
	char c;
	U_CHECK(ferrite_pipe2(fds, 0) == 0);
	p[0].fd = fds[0]; p[0].events = FERRITE_POLLIN;
	p[1].fd = fds[1]; p[1].events = FERRITE_POLLOUT;
	p[2].fd = 900;    p[2].events = FERRITE_POLLIN;
	U_CHECK(ferrite_poll(p, 3, 0) == 2); /* the write end is ready, 900 is not open */
	U_CHECK(p[0].revents == 0 && p[1].revents == FERRITE_POLLOUT && p[2].revents == FERRITE_POLLNVAL);
	ferrite_clock_gettime(FERRITE_CLOCK_MONOTONIC, &a);
	U_CHECK(ferrite_poll(p, 1, 30) == 0); /* nothing to read: the timeout */
	ferrite_clock_gettime(FERRITE_CLOCK_MONOTONIC, &b);
	U_CHECK((b.tv_sec - a.tv_sec) * 1000000000l + b.tv_nsec - a.tv_nsec >= 30000000l);
	pid = ferrite_fork();
	if (pid == 0) {
		ferrite_nanosleep(&d, 0);
		ferrite_write(fds[1], "z", 1);
		ferrite_exit(0);
	}
	U_CHECK(ferrite_poll(p, 1, -1) == 1 && p[0].revents == FERRITE_POLLIN); /* woken by the write */
	U_CHECK(ferrite_read(fds[0], &c, 1) == 1 && c == 'z');
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
	ferrite_close(fds[1]);
	U_CHECK(ferrite_poll(p, 1, 0) == 1 && p[0].revents == FERRITE_POLLHUP); /* no writer left */
	ferrite_close(fds[0]);
	U_CHECK(ferrite_poll((struct ferrite_pollfd *)8, 1, 0) == -FERRITE_EFAULT);
}

int main(void)
{
	check_pipe_between_processes();
	check_dup_and_flags();
	check_cloexec_across_exec();
	check_capacity_and_atomicity();
	check_epipe();
	check_poll();
	u_puts(u_failures ? "files: FAILED\n" : "files: all checks passed\n");
	return u_failures;
}
