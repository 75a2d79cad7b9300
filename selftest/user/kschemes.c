/* selftest/user/kschemes.c: the kernel's own schemes from user space: shared memory by name
 * between two processes (/dev/shm), an event set waiting on several pipes and a timer
 * (/dev/event), the clocks and their deadlines (/dev/time), the kernel log (/dev/kmsg), and
 * the RTC's periodic interrupt through ports and /dev/irq/8. Exits 0 when every check passed. */
#include "ulib.h"

#define RDWR FERRITE_O_RDWR

static long wait_status(long pid)
{
	int st = -1;
	U_CHECK(ferrite_waitpid((int)pid, &st, 0) == pid);
	return st;
}

static int open_path(const char *path, int flags)
{
	return (int)ferrite_openat(FERRITE_AT_FDCWD, path, flags, 0600);
}

static unsigned long now_ns(int clock)
{
	struct ferrite_timespec t;
	ferrite_clock_gettime(clock, &t);
	return (unsigned long)t.tv_sec * 1000000000ul + (unsigned long)t.tv_nsec;
}

/* Whether the directory fd lists name (from its start). */
static int dir_lists(int fd, const char *name)
{
	static char buf[512];
	long n;
	int found = 0;
	U_CHECK(ferrite_lseek(fd, 0, FERRITE_SEEK_SET) == 0);
	while ((n = ferrite_getdents64(fd, buf, sizeof(buf))) > 0)
		for (long at = 0; at < n;) {
			struct ferrite_dirent *d = (struct ferrite_dirent *)(buf + at);
			unsigned long k = 0;
			while (name[k] && d->d_name[k] == name[k])
				k++;
			found += !name[k] && !d->d_name[k];
			at += d->d_reclen;
		}
	return found;
}

/* The schemes' roots are directories: listed, opened, used as a base for relative paths. */
static void check_roots(void)
{
	struct ferrite_stat st;
	int shm = open_path("/dev/shm", FERRITE_O_RDONLY | FERRITE_O_DIRECTORY);
	int tm = open_path("/dev/time", FERRITE_O_RDONLY | FERRITE_O_DIRECTORY);
	int irq = open_path("/dev/irq", FERRITE_O_RDONLY | FERRITE_O_DIRECTORY);
	int obj = open_path("/dev/shm/ks-root", FERRITE_O_CREAT | FERRITE_O_EXCL | RDWR);
	U_CHECK(shm >= 0 && tm >= 0 && irq >= 0 && obj >= 0);
	U_CHECK(dir_lists(shm, "ks-root") == 1 && dir_lists(shm, ".") == 1 && dir_lists(shm, "nothing") == 0);
	U_CHECK(ferrite_fstat(shm, &st) == 0 && st.st_mode == (FERRITE_S_IFDIR | 01777));
	U_CHECK(ferrite_unlinkat(shm, "ks-root", 0) == 0 && dir_lists(shm, "ks-root") == 0);
	U_CHECK(dir_lists(tm, "realtime") == 1 && dir_lists(tm, "monotonic") == 1);
	U_CHECK(ferrite_fstatat(tm, "monotonic", &st, 0) == 0 && (st.st_mode & FERRITE_S_IFMT) == FERRITE_S_IFCHR);
	U_CHECK(dir_lists(irq, "..") == 1);
	/* the listing's d_ino is what stat says, and fstat of an open clock agrees */
	{
		static char b[512];
		struct ferrite_stat st2;
		long n = (ferrite_lseek(tm, 0, FERRITE_SEEK_SET), ferrite_getdents64(tm, b, sizeof(b)));
		unsigned long ino = 0;
		int clk;
		for (long at = 0; at < n;) {
			struct ferrite_dirent *d = (struct ferrite_dirent *)(b + at);
			if (d->d_name[0] == 'm')
				ino = d->d_ino;
			at += d->d_reclen;
		}
		U_CHECK(ferrite_fstatat(tm, "monotonic", &st2, 0) == 0 && ino != 0 && st2.st_ino == ino);
		clk = open_path("/dev/time/monotonic", RDWR);
		U_CHECK(clk >= 0 && ferrite_fstat(clk, &st2) == 0 && st2.st_ino == ino);
		U_CHECK((st2.st_mode & FERRITE_S_IFMT) == FERRITE_S_IFCHR);
		ferrite_close(clk);
	}
	U_CHECK(open_path("/dev/shm", RDWR) == -FERRITE_EISDIR);
	U_CHECK(open_path("/dev/time", FERRITE_O_WRONLY) == -FERRITE_EISDIR);
	U_CHECK(ferrite_read(tm, &st, 8) < 0);
	U_CHECK(ferrite_chdir("/dev/time") == 0 && ferrite_fstatat(FERRITE_AT_FDCWD, "realtime", &st, 0) == 0);
	U_CHECK(ferrite_chdir("/") == 0);
	ferrite_close(obj);
	ferrite_close(shm);
	ferrite_close(tm);
	ferrite_close(irq);
}

static void check_shm(void)
{
	int fd = open_path("/dev/shm/kschemes", FERRITE_O_CREAT | FERRITE_O_EXCL | RDWR), up[2];
	volatile unsigned *m;
	struct ferrite_stat st;
	long pid;
	char c;
	U_CHECK(fd >= 0);
	U_CHECK(open_path("/dev/shm/kschemes", FERRITE_O_CREAT | FERRITE_O_EXCL | RDWR) == -FERRITE_EEXIST);
	U_CHECK(open_path("/dev/shm/none", RDWR) == -FERRITE_ENOENT);
	/* an object is no directory: nothing is made relative to it */
	U_CHECK(ferrite_openat(fd, "x", FERRITE_O_CREAT | RDWR, 0600) == -FERRITE_ENOTDIR);
	U_CHECK(ferrite_fstatat(fd, "kschemes", &st, 0) == -FERRITE_ENOTDIR);
	U_CHECK(open_path("/dev/shm/x", RDWR) == -FERRITE_ENOENT);
	/* no size yet: nothing to map */
	U_CHECK(ferrite_mmap(0, 4096, FERRITE_PROT_READ, FERRITE_MAP_SHARED, fd, 0) == -FERRITE_ENXIO);
	U_CHECK(ferrite_ftruncate(fd, 3 * 4096) == 0);
	U_CHECK(ferrite_fstat(fd, &st) == 0 && st.st_size == 3 * 4096);
	m = (volatile unsigned *)ferrite_mmap(0, 3 * 4096, FERRITE_PROT_READ | FERRITE_PROT_WRITE,
		FERRITE_MAP_SHARED, fd, 0);
	U_CHECK((long)m > 0);
	if ((long)m <= 0)
		return;
	U_CHECK(ferrite_mmap(0, 4096, FERRITE_PROT_READ, FERRITE_MAP_PRIVATE, fd, 0) == -FERRITE_EOPNOTSUPP);
	U_CHECK(ferrite_mmap(0, 4 * 4096, FERRITE_PROT_READ, FERRITE_MAP_SHARED, fd, 0) == -FERRITE_ENXIO);
	m[0] = 1234;
	m[2048] = 5678; /* the third page */
	U_CHECK(ferrite_pipe2(up, 0) == 0);
	pid = ferrite_fork();
	if (pid == 0) {
		/* a process of its own that finds the object by name, as an unrelated one would */
		int g = open_path("/dev/shm/kschemes", RDWR);
		volatile unsigned *n = (volatile unsigned *)ferrite_mmap(0, 4096,
			FERRITE_PROT_READ | FERRITE_PROT_WRITE, FERRITE_MAP_SHARED, g, 2 * 4096);
		int ok = g >= 0 && (long)n > 0 && n[0] == 5678;
		if (ok)
			n[1] = 91011; /* seen by the parent's mapping */
		ferrite_write(up[1], ok ? "y" : "n", 1);
		ferrite_exit(ok ? 0 : 1);
	}
	U_CHECK(ferrite_read(up[0], &c, 1) == 1 && c == 'y');
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
	U_CHECK(m[2049] == 91011);
	U_CHECK(ferrite_unlinkat(FERRITE_AT_FDCWD, "/dev/shm/kschemes", 0) == 0);
	U_CHECK(open_path("/dev/shm/kschemes", RDWR) == -FERRITE_ENOENT);
	U_CHECK(m[0] == 1234); /* unlinked: the memory stays while it is mapped */
	ferrite_close(fd);
	U_CHECK(m[2049] == 91011);
	U_CHECK(ferrite_munmap((void *)m, 3 * 4096) == 0);
	ferrite_close(up[0]);
	ferrite_close(up[1]);
}

static int event_reg(int ev, int op, int fd, unsigned events, unsigned long data)
{
	struct ferrite_event_reg r = { op, fd, events, 0, data };
	return (int)ferrite_write(ev, &r, sizeof(r));
}

static void check_event(void)
{
	int ev = open_path("/dev/event", RDWR), p[3][2], t;
	struct ferrite_event out[4];
	struct ferrite_timespec dl;
	unsigned long start;
	long pid, n;
	U_CHECK(ev >= 0);
	for (int i = 0; i < 3; i++) {
		U_CHECK(ferrite_pipe2(p[i], 0) == 0);
		U_CHECK(event_reg(ev, FERRITE_EVENT_ADD, p[i][0], FERRITE_POLLIN, 100 + (unsigned long)i) == 24);
	}
	U_CHECK(event_reg(ev, FERRITE_EVENT_ADD, p[0][0], FERRITE_POLLIN, 7) == -FERRITE_EEXIST);
	U_CHECK(event_reg(ev, FERRITE_EVENT_MOD, p[0][1], FERRITE_POLLIN, 7) == -FERRITE_ENOENT);
	U_CHECK(event_reg(ev, FERRITE_EVENT_ADD, ev, FERRITE_POLLIN, 7) == -FERRITE_EINVAL);
	U_CHECK(event_reg(ev, 9, p[0][0], FERRITE_POLLIN, 7) == -FERRITE_EINVAL);
	U_CHECK(event_reg(ev, FERRITE_EVENT_ADD, 999, FERRITE_POLLIN, 7) == -FERRITE_EBADF);
	U_CHECK(ferrite_fcntl(ev, FERRITE_F_SETFL, FERRITE_O_NONBLOCK) == 0);
	U_CHECK(ferrite_read(ev, out, sizeof(out)) == -FERRITE_EAGAIN); /* nothing ready */
	U_CHECK(ferrite_fcntl(ev, FERRITE_F_SETFL, 0) == 0);
	pid = ferrite_fork();
	if (pid == 0) {
		struct ferrite_timespec d = { 0, 200000000 };
		ferrite_nanosleep(&d, 0);
		ferrite_write(p[2][1], "x", 1); /* the third pipe, a while later */
		ferrite_exit(0);
	}
	n = ferrite_read(ev, out, sizeof(out)); /* blocks until the child writes */
	U_CHECK(n == 16 && out[0].data == 102 && (out[0].events & FERRITE_POLLIN));
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
	ferrite_write(p[0][1], "y", 1);
	n = ferrite_read(ev, out, sizeof(out)); /* level-triggered: both are still unread */
	U_CHECK(n == 32);
	U_CHECK(event_reg(ev, FERRITE_EVENT_DEL, p[2][0], 0, 0) == 24);
	n = ferrite_read(ev, out, sizeof(out));
	U_CHECK(n == 16 && out[0].data == 100);
	U_CHECK(event_reg(ev, FERRITE_EVENT_MOD, p[0][0], FERRITE_POLLIN, 55) == 24);
	n = ferrite_read(ev, out, sizeof(out));
	U_CHECK(n == 16 && out[0].data == 55);
	/* a closed descriptor's watch goes; a hang-up is reported without being asked for */
	ferrite_close(p[0][0]);
	ferrite_close(p[1][1]);
	n = ferrite_read(ev, out, sizeof(out));
	U_CHECK(n == 16 && out[0].data == 101 && (out[0].events & FERRITE_POLLHUP));
	U_CHECK(event_reg(ev, FERRITE_EVENT_DEL, p[1][0], 0, 0) == 24);
	/* a timer in the set: the read waits for its deadline */
	t = open_path("/dev/time/monotonic", RDWR);
	U_CHECK(t >= 0);
	start = now_ns(FERRITE_CLOCK_MONOTONIC);
	dl.tv_sec = (long)((start + 300000000ul) / 1000000000ul);
	dl.tv_nsec = (long)((start + 300000000ul) % 1000000000ul);
	U_CHECK(ferrite_write(t, &dl, sizeof(dl)) == sizeof(dl));
	U_CHECK(event_reg(ev, FERRITE_EVENT_ADD, t, FERRITE_POLLIN, 77) == 24);
	n = ferrite_read(ev, out, sizeof(out));
	U_CHECK(n == 16 && out[0].data == 77);
	U_CHECK(now_ns(FERRITE_CLOCK_MONOTONIC) - start >= 300000000ul);
	ferrite_close(t);
	ferrite_close(ev);
	for (int i = 0; i < 3; i++) {
		ferrite_close(p[i][0]);
		ferrite_close(p[i][1]);
	}
}

static void check_time(void)
{
	int m = open_path("/dev/time/monotonic", RDWR), r = open_path("/dev/time/realtime", FERRITE_O_RDONLY);
	struct ferrite_timespec a, dl;
	unsigned long before, after;
	U_CHECK(m >= 0 && r >= 0);
	U_CHECK(open_path("/dev/time/lunar", FERRITE_O_RDONLY) == -FERRITE_ENOENT);
	U_CHECK(ferrite_openat(m, "realtime", FERRITE_O_RDONLY, 0) == -FERRITE_ENOTDIR);
	before = now_ns(FERRITE_CLOCK_REALTIME);
	U_CHECK(ferrite_read(r, &a, sizeof(a)) == sizeof(a));
	after = now_ns(FERRITE_CLOCK_REALTIME);
	U_CHECK((unsigned long)a.tv_sec * 1000000000ul + (unsigned long)a.tv_nsec >= before);
	U_CHECK((unsigned long)a.tv_sec * 1000000000ul + (unsigned long)a.tv_nsec <= after);
	U_CHECK(ferrite_read(m, &a, 8) == -FERRITE_EINVAL);
	before = now_ns(FERRITE_CLOCK_MONOTONIC);
	dl.tv_sec = (long)((before + 250000000ul) / 1000000000ul);
	dl.tv_nsec = (long)((before + 250000000ul) % 1000000000ul);
	U_CHECK(ferrite_write(m, &dl, sizeof(dl)) == sizeof(dl));
	U_CHECK(ferrite_read(m, &a, sizeof(a)) == sizeof(a)); /* blocks until the deadline */
	after = now_ns(FERRITE_CLOCK_MONOTONIC);
	U_CHECK(after - before >= 250000000ul);
	U_CHECK((unsigned long)a.tv_sec * 1000000000ul + (unsigned long)a.tv_nsec >= before + 250000000ul);
	U_CHECK(ferrite_read(m, &a, sizeof(a)) == sizeof(a)); /* the deadline is spent: at once */
	dl.tv_nsec = 1000000000l;
	U_CHECK(ferrite_write(m, &dl, sizeof(dl)) == -FERRITE_EINVAL);
	ferrite_close(m);
	ferrite_close(r);
}

/* Does the log hold a line containing what? Reads it all (O_NONBLOCK: EAGAIN at the end). */
static int log_has(int fd, const char *what)
{
	static char buf[8192];
	long n;
	int found = 0;
	size_t w = u_strlen(what);
	U_CHECK(ferrite_lseek(fd, 0, FERRITE_SEEK_SET) >= 0); /* the oldest line's position */
	while ((n = ferrite_read(fd, buf, sizeof(buf))) > 0) {
		U_CHECK(buf[n - 1] == '\n'); /* whole lines only */
		for (long i = 0; i + (long)w <= n && !found; i++) {
			size_t k = 0;
			while (k < w && buf[i + (long)k] == what[k])
				k++;
			found = k == w;
		}
	}
	U_CHECK(n == -FERRITE_EAGAIN);
	return found;
}

static void check_log(void)
{
	int fd = open_path("/dev/kmsg", RDWR | FERRITE_O_NONBLOCK);
	char pid_line[64];
	char tiny[8];
	long pid = ferrite_getpid();
	int i = 4, k = 0;
	char digits[12];
	U_CHECK(fd >= 0);
	pid_line[0] = 'p';
	pid_line[1] = 'i';
	pid_line[2] = 'd';
	pid_line[3] = ' ';
	do
		digits[k++] = (char)('0' + pid % 10);
	while ((pid /= 10) && k < 11);
	while (k)
		pid_line[i++] = digits[--k];
	pid_line[i] = 0;
	{
		const char *rest = ": kschemes was here";
		for (k = 0; rest[k]; k++)
			pid_line[i++] = rest[k];
		pid_line[i] = 0;
	}
	U_CHECK(log_has(fd, "selftest: kschemes starts")); /* the kernel's lines are in it */
	U_CHECK(!log_has(fd, pid_line));
	U_CHECK(ferrite_write(fd, "kschemes was here\n", 18) == 18);
	U_CHECK(log_has(fd, pid_line));
	U_CHECK(ferrite_lseek(fd, 0, FERRITE_SEEK_SET) >= 0);
	U_CHECK(ferrite_read(fd, tiny, sizeof(tiny)) == -FERRITE_EINVAL); /* a line does not fit */
	U_CHECK(ferrite_lseek(fd, 0, FERRITE_SEEK_END) > 0); /* the end: bytes ever logged */
	U_CHECK(ferrite_read(fd, tiny, sizeof(tiny)) == -FERRITE_EAGAIN);
	ferrite_close(fd);
}

static unsigned char port_in(unsigned short port)
{
	unsigned char v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void port_out(unsigned short port, unsigned char v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static unsigned char cmos(unsigned char reg)
{
	port_out(0x70, reg);
	return port_in(0x71);
}

static void cmos_set(unsigned char reg, unsigned char v)
{
	port_out(0x70, reg);
	port_out(0x71, v);
}

static void check_irq(void)
{
	unsigned long n = 0, total = 0;
	struct ferrite_pollfd pfd;
	long pid;
	int fd;
	unsigned char b;
	pid = ferrite_fork();
	if (pid == 0) {
		ferrite_cap_drop(FERRITE_CAP_IRQ);
		ferrite_exit(open_path("/dev/irq/8", RDWR) == -FERRITE_EPERM ? 0 : 1);
	}
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
	U_CHECK(open_path("/dev/irq/x", RDWR) == -FERRITE_ENOENT);
	fd = open_path("/dev/irq/8", RDWR);
	U_CHECK(fd >= 0);
	if (fd < 0)
		return;
	U_CHECK(open_path("/dev/irq/8", RDWR) == -FERRITE_EBUSY); /* one holder at a time */
	U_CHECK(ferrite_ioport_grant(0x70, 2) == 0);
	/* the RTC's periodic interrupt at 8 Hz (rate 13), status C read to clear what is pending */
	cmos_set(0x0a, (unsigned char)((cmos(0x0a) & 0xf0) | 13));
	b = cmos(0x0b);
	cmos(0x0c);
	cmos_set(0x0b, (unsigned char)(b | 0x40));
	pfd.fd = fd;
	pfd.events = FERRITE_POLLIN;
	for (int i = 0; i < 3; i++) {
		/* at 8 Hz it comes within 5 s, or never: then fail rather than hang in read */
		int ready = ferrite_poll(&pfd, 1, 5000) == 1;
		U_CHECK(ready);
		if (!ready)
			break;
		U_CHECK(ferrite_read(fd, &n, sizeof(n)) == sizeof(n) && n >= 1);
		total += n;
		U_CHECK(cmos(0x0c) & 0x40); /* the RTC says: periodic */
		U_CHECK(ferrite_write(fd, "", 1) == 1); /* acknowledged: the next may come */
	}
	U_CHECK(ferrite_read(fd, &n, sizeof(n)) == sizeof(n) && n >= 1); /* a read that blocks */
	cmos_set(0x0b, b & (unsigned char)~0x40); /* off again */
	cmos(0x0c);
	u_puts("kschemes: RTC interrupts read from /dev/irq/8: ");
	u_putnum((long)total);
	u_puts("\n");
	ferrite_close(fd);
}

int main(void)
{
	check_shm();
	check_roots();
	check_event();
	check_time();
	check_log();
	check_irq();
	u_puts(u_failures ? "kschemes: FAILED\n" : "kschemes: all checks passed\n");
	return u_failures;
}
