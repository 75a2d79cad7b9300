/* selftest/user/schemes.c: the scheme protocol from user space, clients and servers alike.
 * Servers are selftest/echod (started with fork and execve, mounted with ns_mount) and, for
 * the server's own calls, this program itself: several client processes and many requests
 * outstanding at once (answered last first), the in-flight bound, a server killed in the
 * middle of requests (EIO, no hang; a restarted server takes the name again), wrong replies
 * refused, a client killed while its server never answers, EINTR and SA_RESTART through a
 * request, poll on a server's descriptor and on a client's with pushed readiness, a passed
 * descriptor, one CLOSE for a description shared by dup and fork, ioctl through the table,
 * scheme_register's and scheme_fetch's checks. Exits 0 when every check passed. */
#include "ulib.h"

#define SERVE_TRIES 300

static long wait_status(long pid)
{
	int st = -1;
	U_CHECK(ferrite_waitpid((int)pid, &st, 0) == pid);
	return st;
}

static void path_of(char *out, const char *scheme, const char *rest)
{
	int n = 0;
	out[n++] = '/';
	while (*scheme)
		out[n++] = *scheme++;
	out[n++] = '/';
	while (*rest)
		out[n++] = *rest++;
	out[n] = 0;
}

static int open_in(const char *scheme, const char *rest)
{
	char p[96];
	path_of(p, scheme, rest);
	return (int)ferrite_openat(FERRITE_AT_FDCWD, p, FERRITE_O_RDWR, 0);
}

/* An echod serving `scheme`, mounted at /scheme: its pid once it answers. */
static long start_server(const char *scheme)
{
	char *argv[] = { "echod", (char *)scheme, 0 };
	char mnt[40];
	long pid = ferrite_fork();
	if (pid == 0) {
		ferrite_execve("/selftest/echod", argv, 0);
		ferrite_exit(99);
	}
	path_of(mnt, scheme, "");
	mnt[u_strlen(mnt) - 1] = 0;
	ferrite_ns_mount(mnt, scheme); /* a mount names a scheme: it may register later */
	for (int i = 0; i < SERVE_TRIES; i++) {
		int fd = open_in(scheme, "ping");
		if (fd >= 0) {
			ferrite_close(fd);
			return pid;
		}
		u_sleep_ms(10);
	}
	U_CHECK(!"the server answers");
	return pid;
}

static void stop_server(long pid)
{
	ferrite_kill((int)pid, FERRITE_SIGKILL);
	wait_status(pid);
}

static long read_at(int fd, long off, char *buf, long n)
{
	ferrite_lseek(fd, off, FERRITE_SEEK_SET);
	return ferrite_read(fd, buf, (size_t)n);
}

/* tcc turns a structure copy into memmove, which freestanding programs lack */
static void copy_packet(struct ferrite_packet *p, const unsigned char *b)
{
	for (unsigned long i = 0; i < sizeof(*p); i++)
		((unsigned char *)p)[i] = b[i];
}

static int same(const char *a, const char *b, long n)
{
	for (long i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* Four processes, each writing and reading back its own text many times at once. */
static void check_many_clients(void)
{
	long pids[4];
	for (int c = 0; c < 4; c++) {
		pids[c] = ferrite_fork();
		if (pids[c] == 0) {
			char mine[8] = "client0", buf[16];
			int fd, bad = 0;
			mine[6] = (char)('0' + c);
			fd = open_in("echo", mine);
			for (int i = 0; i < 100 && fd >= 0; i++) {
				mine[0] = (char)('a' + i % 26);
				ferrite_lseek(fd, 0, FERRITE_SEEK_SET);
				bad |= ferrite_write(fd, mine, 7) != 7;
				bad |= read_at(fd, 0, buf, 16) != 7 || !same(buf, mine, 7);
			}
			ferrite_exit(fd < 0 || bad);
		}
	}
	for (int c = 0; c < 4; c++)
		U_CHECK(wait_status(pids[c]) == FERRITE_WSTATUS_EXIT(0));
}

/* Threads sharing one process: four READs outstanding at once, which the server holds and
 * answers last first; each thread still gets its own answer. */
#define THREAD_FLAGS (FERRITE_CLONE_VM | FERRITE_CLONE_FS | FERRITE_CLONE_FILES | \
	FERRITE_CLONE_SIGHAND | FERRITE_CLONE_THREAD | FERRITE_CLONE_SYSVSEM | \
	FERRITE_CLONE_CHILD_CLEARTID)
static char stacks[20][8192] __attribute__((aligned(16)));
static int ctids[20];
static volatile long results[20];
static int batch_fd;

static int batch_reader(void *arg)
{
	char buf[8];
	long i = (long)arg;
	results[i] = ferrite_read(batch_fd, buf, sizeof(buf));
	return 0;
}

static void join(int n)
{
	for (int i = 0; i < n; i++) {
		int v;
		while ((v = ctids[i]) != 0)
			ferrite_futex(&ctids[i], FERRITE_FUTEX_WAIT, v, 0);
	}
}

static void check_outstanding_answered_in_any_order(void)
{
	batch_fd = open_in("echo", "batch");
	U_CHECK(batch_fd >= 0);
	for (long i = 0; i < 4; i++) {
		results[i] = -1000;
		ctids[i] = 1;
		U_CHECK(u_clone(THREAD_FLAGS, stacks[i + 1], 0, &ctids[i], 0, batch_reader, (void *)i) > 0);
	}
	join(4);
	for (int i = 0; i < 4; i++)
		U_CHECK(results[i] == 5); /* "batch" from offset 0 each time: every read got its own */
	ferrite_close(batch_fd);
}

/* 17 threads each block in a READ the server never answers: 16 are in flight, the 17th waits
 * for a place. Then the process is killed: it dies, whatever its server does. */
static int stall_reader(void *arg)
{
	char buf[8];
	(void)arg;
	ferrite_read(batch_fd, buf, sizeof(buf));
	return 0;
}

/* READs the server of `scheme` holds unanswered ("stall", "stallonce"): a client's READ has
 * reached the server once this count grows. */
static int stalled_in(const char *scheme)
{
	int fd = open_in(scheme, "stalls"), n = -1;
	U_CHECK(ferrite_ioctl(fd, FERRITE_FIONREAD, (unsigned long)&n) == 0);
	ferrite_close(fd);
	return n;
}

static int stalled_count(void)
{
	return stalled_in("echo");
}

/* Waits (5 s at most) for the server of scheme to hold `want` stalled READs. */
static int await_stalled(const char *scheme, int want)
{
	int n = -1;
	for (int i = 0; i < 500 && (n = stalled_in(scheme)) != want; i++)
		u_sleep_ms(10);
	return n;
}

static void check_inflight_bound_and_kill(void)
{
	int before = stalled_count(), n = -1;
	long pid = ferrite_fork();
	if (pid == 0) {
		batch_fd = open_in("echo", "stall");
		for (long i = 0; i < 17; i++)
			u_clone(THREAD_FLAGS, stacks[i + 1], 0, &ctids[i], 0, stall_reader, 0);
		for (;;)
			u_sleep_ms(1000);
	}
	await_stalled("echo", before + 16);
	u_sleep_ms(100); /* time for a 17th to arrive, if the bound did not hold */
	n = stalled_count();
	U_CHECK(n == before + FERRITE_SCHEME_INFLIGHT);
	U_CHECK(ferrite_kill((int)pid, FERRITE_SIGKILL) == 0);
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_SIGNAL(FERRITE_SIGKILL));
	U_CHECK(await_stalled("echo", before) == before); /* the server was sent a CANCEL for each */
}

static void check_hostile_replies_refused(void)
{
	char buf[40];
	int fd = open_in("echo", "hostile");
	long n = ferrite_read(fd, buf, sizeof(buf));
	U_CHECK(n == 30 && same(buf, "hostile: 9 of 9 refusals right", 30));
	ferrite_close(fd);
}

static volatile int usr1_seen;
static void on_usr1(int sig)
{
	(void)sig;
	usr1_seen++;
}

static int handle(int sig, void (*fn)(int), unsigned long flags)
{
	struct ferrite_sigaction a;
	a.handler = (unsigned long)fn;
	a.flags = FERRITE_SA_RESTORER | flags;
	a.restorer = (unsigned long)u_restorer;
	a.mask = 0;
	return (int)ferrite_sigaction(sig, &a, 0);
}

/* A signal while a READ waits at the server: CANCEL, then EINTR; with SA_RESTART the READ is
 * made again and answered. */
static void check_eintr_and_restart(void)
{
	for (int restart = 0; restart < 2; restart++) {
		int before = stalled_count();
		long pid = ferrite_fork();
		if (pid == 0) {
			char buf[16];
			int fd = open_in("echo", restart ? "stallonce" : "stall");
			long r;
			handle(FERRITE_SIGUSR1, on_usr1, restart ? FERRITE_SA_RESTART : 0);
			r = ferrite_read(fd, buf, sizeof(buf));
			if (restart)
				ferrite_exit(r == 9 && same(buf, "stallonce", 9) && usr1_seen == 1 ? 0 : 1);
			ferrite_exit(r == -FERRITE_EINTR && usr1_seen == 1 ? 0 : 2);
		}
		U_CHECK(await_stalled("echo", before + 1) == before + 1); /* it waits at the server */
		U_CHECK(ferrite_kill((int)pid, FERRITE_SIGUSR1) == 0);
		U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
	}
}

/* The server dies with requests pending: its clients get EIO (no hang), later calls too; a
 * new server takes the name and new opens work. */
static void check_server_killed(void)
{
	long srv = start_server("doomed"), pid;
	int fd = open_in("doomed", "x"), fd2;
	char c;
	pid = ferrite_fork();
	if (pid == 0) {
		int s = open_in("doomed", "stall");
		ferrite_exit(ferrite_read(s, &c, 1) == -FERRITE_EIO ? 0 : 1);
	}
	U_CHECK(await_stalled("doomed", 1) == 1); /* its READ waits at the server */
	stop_server(srv);
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
	U_CHECK(ferrite_read(fd, &c, 1) == -FERRITE_EIO);
	U_CHECK(ferrite_write(fd, "x", 1) == -FERRITE_EIO);
	fd2 = open_in("doomed", "y");
	U_CHECK(fd2 < 0);
	srv = start_server("doomed");
	fd2 = open_in("doomed", "y");
	U_CHECK(fd2 >= 0 && ferrite_read(fd2, &c, 1) == 1 && c == 'y');
	U_CHECK(ferrite_read(fd, &c, 1) == -FERRITE_EIO); /* the old description stays dead */
	ferrite_close(fd);
	ferrite_close(fd2);
	stop_server(srv);
}

/* poll: a server's descriptor is readable when a packet waits; a client's description
 * follows the readiness its server pushes. */
static void check_poll(void)
{
	struct ferrite_pollfd p;
	struct ferrite_packet pkt;
	static unsigned char buf[FERRITE_PACKET_MAX];
	struct ferrite_reply r = { 0, 0, 5, 0, 0, 0, 0 };
	int fd = (int)ferrite_scheme_register("pollme", 0), efd;
	long pid;
	char c = 'x';
	U_CHECK(fd >= 0);
	ferrite_ns_mount("/pollme", "pollme");
	p.fd = fd;
	p.events = FERRITE_POLLIN;
	U_CHECK(ferrite_poll(&p, 1, 0) == 0);
	pid = ferrite_fork();
	if (pid == 0) {
		int k = open_in("pollme", "x");
		ferrite_exit(k >= 0 ? 0 : 1);
	}
	U_CHECK(ferrite_poll(&p, 1, 5000) == 1 && (p.revents & FERRITE_POLLIN));
	U_CHECK(ferrite_read(fd, buf, sizeof(buf)) == (long)sizeof(pkt) + 2);
	copy_packet(&pkt, buf);
	U_CHECK(pkt.op == FERRITE_SOP_OPEN && pkt.path_len == 1 && buf[sizeof(pkt)] == 'x');
	U_CHECK(pkt.pid == pid);
	r.id = pkt.id;
	U_CHECK(ferrite_write(fd, &r, sizeof(r)) == (long)sizeof(r));
	U_CHECK(ferrite_write(fd, &r, sizeof(r)) == -FERRITE_EINVAL); /* answered already */
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
	U_CHECK(ferrite_read(fd, buf, sizeof(buf)) == (long)sizeof(pkt)); /* its CLOSE */
	copy_packet(&pkt, buf);
	U_CHECK(pkt.op == FERRITE_SOP_CLOSE && pkt.handle == 5 && pkt.id == 0);
	U_CHECK(ferrite_scheme_fetch(fd, 12345, 0, buf, 8) == -FERRITE_EINVAL);
	ferrite_close(fd);
	/* pushed readiness: written to, it polls readable; read, it does not */
	efd = open_in("echo", "event");
	p.fd = efd;
	U_CHECK(ferrite_write(efd, "e", 1) == 1);
	U_CHECK(ferrite_poll(&p, 1, 0) == 1 && p.revents == FERRITE_POLLIN);
	U_CHECK(read_at(efd, 0, &c, 1) == 1);
	U_CHECK(ferrite_poll(&p, 1, 0) == 0);
	pid = ferrite_fork();
	if (pid == 0) { /* the same description: a write from here wakes the poller */
		u_sleep_ms(200);
		ferrite_exit(ferrite_write(efd, "f", 1) == 1 ? 0 : 1);
	}
	U_CHECK(ferrite_poll(&p, 1, 5000) == 1 && (p.revents & FERRITE_POLLIN));
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
	ferrite_close(efd);
}

/* An OPEN answered with a descriptor: the client holds the server's pipe. */
static void check_descriptor_passing(void)
{
	char buf[32];
	int fd = open_in("echo", "fd");
	U_CHECK(fd >= 0 && ferrite_read(fd, buf, sizeof(buf)) == 21 && same(buf, "passed through a pipe", 21));
	ferrite_close(fd);
}

static int closes_seen(void)
{
	int fd = open_in("echo", "closes"), n = -1;
	U_CHECK(ferrite_ioctl(fd, FERRITE_FIONREAD, (unsigned long)&n) == 0);
	ferrite_close(fd);
	return n;
}

/* dup and fork share the description: the server hears one CLOSE, when the last goes. */
static void check_one_close(void)
{
	int before = closes_seen(), fd = open_in("echo", "shared"), d = (int)ferrite_dup(fd);
	long pid = ferrite_fork();
	if (pid == 0) {
		ferrite_close(fd);
		ferrite_close(d);
		ferrite_exit(0);
	}
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
	ferrite_close(fd);
	U_CHECK(closes_seen() == before + 1); /* the probe's own close comes after its answer */
	ferrite_close(d);
	U_CHECK(closes_seen() == before + 3); /* the description's, and the first probe's */
}

/* pread and pwrite: at an offset, the description's own offset untouched. */
static void check_pread_pwrite(void)
{
	char buf[8];
	int fd = open_in("echo", "preadme");
	U_CHECK(ferrite_pread64(fd, buf, 3, 2) == 3 && same(buf, "ead", 3));
	U_CHECK(ferrite_read(fd, buf, 2) == 2 && same(buf, "pr", 2)); /* from 0: untouched */
	U_CHECK(ferrite_pwrite64(fd, "XY", 2, 4) == 2);
	U_CHECK(ferrite_pread64(fd, buf, 4, 3) == 4 && same(buf, "aXYe", 4));
	U_CHECK(ferrite_read(fd, buf, 1) == 1 && buf[0] == 'e'); /* still at 2 */
	ferrite_close(fd);
}

static void check_ioctl(void)
{
	struct ferrite_termios t;
	struct ferrite_winsize w = { 50, 132, 0, 0 }, g = { 0, 0, 0, 0 };
	int fd = open_in("echo", "tty"), fds[2];
	U_CHECK(ferrite_ioctl(fd, FERRITE_TCGETS, (unsigned long)&t) == 0 && t.c_lflag == 0x8a3b && t.c_cc[0] == 3);
	U_CHECK(ferrite_ioctl(fd, FERRITE_TIOCSWINSZ, (unsigned long)&w) == 0);
	U_CHECK(ferrite_ioctl(fd, FERRITE_TIOCGWINSZ, (unsigned long)&g) == 0 && g.ws_col == 132 && g.ws_row == 50);
	U_CHECK(ferrite_ioctl(fd, FERRITE_TCFLSH, 0) == -FERRITE_ENOTTY);   /* the server's answer */
	U_CHECK(ferrite_ioctl(fd, 0x1234, 0) == -FERRITE_ENOTTY);            /* not in the table */
	U_CHECK(ferrite_ioctl(fd, FERRITE_TCGETS, 8) == -FERRITE_EFAULT);
	U_CHECK(ferrite_ioctl(-1, FERRITE_TCGETS, (unsigned long)&t) == -FERRITE_EBADF);
	U_CHECK(ferrite_pipe2(fds, 0) == 0);
	U_CHECK(ferrite_ioctl(fds[0], FERRITE_TCGETS, (unsigned long)&t) == -FERRITE_ENOTTY);
	{
		int one = 1;
		U_CHECK(ferrite_ioctl(fds[0], FERRITE_FIONBIO, (unsigned long)&one) == 0);
		U_CHECK(ferrite_fcntl(fds[0], FERRITE_F_GETFL, 0) & FERRITE_O_NONBLOCK);
		U_CHECK(ferrite_ioctl(fds[0], FERRITE_FIOCLEX, 0) == 0);
		U_CHECK(ferrite_fcntl(fds[0], FERRITE_F_GETFD, 0) == FERRITE_FD_CLOEXEC);
	}
	ferrite_close(fds[0]);
	ferrite_close(fds[1]);
	ferrite_close(fd);
}

/* The value of `name` in /proc/ipc ("name value" lines), or -1. */
static long ipc_counter(const char *name)
{
	static char text[512];
	int fd = (int)ferrite_openat(FERRITE_AT_FDCWD, "/proc/ipc", FERRITE_O_RDONLY, 0);
	long n = fd >= 0 ? ferrite_read(fd, text, sizeof(text) - 1) : -1;
	unsigned long l = u_strlen(name);
	ferrite_close(fd);
	if (n <= 0)
		return -1;
	text[n] = 0;
	for (char *line = text; *line; ) {
		if (same(line, name, (long)l) && line[l] == ' ') {
			long v = 0;
			for (char *d = line + l + 1; *d >= '0' && *d <= '9'; d++)
				v = v * 10 + (*d - '0');
			return v;
		}
		while (*line && *line != '\n')
			line++;
		if (*line)
			line++;
	}
	return -1;
}

/* The fast path, seen from user space: 200 round trips to echod (waiting in scheme_serve)
 * are about 400 direct switches and 400 address-space switches (/proc/ipc). The bounds leave
 * room for what else runs meanwhile (the kernel's test thread wakes every 100 ms). */
static void check_fast_path_counters(void)
{
	int fd = open_in("echo", "fast");
	long d0, c0, d1, c1, r0, r1;
	char c;
	d0 = ipc_counter("direct_switches");
	c0 = ipc_counter("cr3_loads");
	r0 = ipc_counter("requests");
	for (int i = 0; i < 200; i++)
		ferrite_read(fd, &c, 0);
	d1 = ipc_counter("direct_switches");
	c1 = ipc_counter("cr3_loads");
	r1 = ipc_counter("requests");
	U_CHECK(d0 >= 0 && c0 >= 0 && r0 >= 0);
	U_CHECK(r1 - r0 >= 200 && r1 - r0 <= 203); /* the loop's, and the probes' own opens */
	U_CHECK(d1 - d0 >= 360);
	U_CHECK(c1 - c0 <= 500);
	u_puts("schemes: 200 round trips: ");
	u_putnum(d1 - d0);
	u_puts(" direct switches, ");
	u_putnum(c1 - c0);
	u_puts(" CR3 loads\n");
	ferrite_close(fd);
}

static void check_register(void)
{
	static unsigned char buf[FERRITE_PACKET_MAX];
	struct ferrite_reply r = { 1, 0, 0, 0, 0, 0, 0 };
	U_CHECK(ferrite_scheme_register("echo", 0) == -FERRITE_EEXIST);
	U_CHECK(ferrite_scheme_register("", 0) == -FERRITE_EINVAL);
	U_CHECK(ferrite_scheme_register("a/b", 0) == -FERRITE_EINVAL);
	U_CHECK(ferrite_scheme_register("..", 0) == -FERRITE_EINVAL);
	U_CHECK(ferrite_scheme_register("abcdefghijklmnopqrstuvwxyz0123456789", 0) == -FERRITE_ENAMETOOLONG);
	U_CHECK(ferrite_scheme_register((const char *)8, 0) == -FERRITE_EFAULT);
	U_CHECK(ferrite_scheme_register("x", 0x40) == -FERRITE_EINVAL);
	U_CHECK(ferrite_scheme_serve(0, &r, buf, sizeof(buf)) == -FERRITE_EBADF ||
		ferrite_scheme_serve(0, &r, buf, sizeof(buf)) == -FERRITE_EINVAL);
	U_CHECK(ferrite_scheme_fetch(-1, 1, 0, buf, 1) == -FERRITE_EBADF);
}

int main(void)
{
	long srv = start_server("echo");
	check_register();
	check_fast_path_counters();
	check_many_clients();
	check_outstanding_answered_in_any_order();
	check_inflight_bound_and_kill();
	check_hostile_replies_refused();
	check_eintr_and_restart();
	check_poll();
	check_descriptor_passing();
	check_one_close();
	check_pread_pwrite();
	check_ioctl();
	check_server_killed();
	stop_server(srv);
	u_puts(u_failures ? "schemes: FAILED\n" : "schemes: all checks passed\n");
	return u_failures;
}
