/* servers/getty/tests/ttytest.c: the programs the interactive tests (tty-test here) run in the
 * shell on Ferrite's console: ttytest tick (prints a count twice a second), read (reads a line
 * from the terminal), vtime (raw reads with VMIN and VTIME), winch (waits for SIGWINCH and prints the new size), zerokill PID (kills
 * the /dev/zero server and measures how soon /dev/zero answers again), badreq (wrong requests
 * to every server: each gets an error, none hangs). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <termios.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

static volatile sig_atomic_t winched;

static void on_winch(int sig)
{
	(void)sig;
	winched = 1;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int tick(void)
{
	for (int i = 0; i < 1000; i++) {
		printf("tick %d\n", i);
		fflush(stdout);
		usleep(500000);
	}
	return 0;
}

static int read_line(void)
{
	char line[256];
	if (!fgets(line, sizeof(line), stdin)) {
		printf("read: %s\n", ferror(stdin) ? strerror(errno) : "end of file");
		return 1;
	}
	line[strcspn(line, "\n")] = 0;
	printf("got <%s>\n", line);
	return 0;
}

static int winch(void)
{
	struct winsize ws;
	signal(SIGWINCH, on_winch);
	printf("winch: waiting\n");
	fflush(stdout);
	while (!winched)
		pause();
	if (ioctl(0, TIOCGWINSZ, &ws) < 0)
		return 1;
	printf("winch %dx%d\n", ws.ws_row, ws.ws_col);
	return 0;
}

/* Raw mode with VMIN 0 and VTIME 5: a read with nothing typed returns 0 after half a second;
 * then with VMIN 2, two typed bytes come back together. */
static int vtime(void)
{
	struct termios saved, raw;
	char buf[8];
	double t0;
	long n;
	if (tcgetattr(0, &saved) < 0)
		return 1;
	raw = saved;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 5;
	tcsetattr(0, TCSANOW, &raw);
	t0 = now_s();
	n = read(0, buf, sizeof(buf));
	printf("vtime: %ld bytes after %d ms\n", n, (int)((now_s() - t0) * 1000));
	raw.c_cc[VMIN] = 2;
	raw.c_cc[VTIME] = 0;
	tcsetattr(0, TCSANOW, &raw);
	printf("vmin: type two\n");
	fflush(stdout);
	n = read(0, buf, sizeof(buf));
	printf("vmin: %ld bytes <%.*s>\n", n, n > 0 ? (int)n : 0, buf);
	tcsetattr(0, TCSAFLUSH, &saved);
	return 0;
}

/* Kills the zero server while holding /dev/zero open: the old description answers a clean
 * error, and a new open works again within the time printed. */
static int zerokill(int pid)
{
	char buf[16];
	double t0;
	int fd = open("/dev/zero", O_RDONLY), fd2 = -1;
	long n;
	if (fd < 0 || read(fd, buf, sizeof(buf)) != (long)sizeof(buf)) {
		printf("zerokill: /dev/zero does not work to begin with\n");
		return 1;
	}
	t0 = now_s();
	if (kill(pid, SIGKILL) < 0) {
		printf("zerokill: kill %d: %s\n", pid, strerror(errno));
		return 1;
	}
	usleep(50000);
	n = read(fd, buf, sizeof(buf));
	printf("zerokill: the old descriptor: %s\n", n < 0 ? strerror(errno) : "still reads");
	while (now_s() - t0 < 5) {
		fd2 = open("/dev/zero", O_RDONLY);
		if (fd2 >= 0 && read(fd2, buf, sizeof(buf)) == (long)sizeof(buf) && buf[0] == 0)
			break;
		if (fd2 >= 0)
			close(fd2);
		fd2 = -1;
		usleep(20000);
	}
	if (fd2 < 0) {
		printf("zerokill: /dev/zero never came back\n");
		return 1;
	}
	printf("zerokill: served again after %d ms\n", (int)((now_s() - t0) * 1000));
	return 0;
}

static int bad_passed, bad_failed;

static void bad_check(int ok, const char *what, const char *dev)
{
	if (ok) {
		bad_passed++;
		return;
	}
	bad_failed++;
	printf("badreq: %s on %s: %s\n", what, dev, strerror(errno));
}

/* Requests each server must refuse (or answer sanely) rather than hang or crash. */
static void badreq_device(const char *dev, int tty)
{
	char sub[64], buf[8];
	struct stat st;
	int fd = open(dev, O_RDWR | O_NOCTTY | O_NONBLOCK), v = 0;
	bad_check(fd >= 0, "open", dev);
	if (fd < 0)
		return;
	snprintf(sub, sizeof(sub), "%s/nothing/here", dev);
	errno = 0;
	bad_check(open(sub, O_RDONLY) < 0, "open below a device", dev);
	bad_check(ioctl(fd, 0x12345678, &v) < 0 && errno == ENOTTY, "an unknown ioctl", dev);
	bad_check(tty || (ioctl(fd, TIOCGWINSZ, buf) < 0 && errno == ENOTTY), "TIOCGWINSZ", dev);
	/* bad buffers: whatever data would move must fail with EFAULT (a device that moves
	 * none, like null, may answer without touching them), and the server must live on */
	errno = 0;
	v = (int)read(fd, (void *)16, 8);
	bad_check(v < 0 ? errno == EFAULT || errno == EAGAIN : v == 0, "a read into a bad buffer", dev);
	errno = 0;
	v = (int)write(fd, (void *)16, 8);
	bad_check(v < 0 ? errno == EFAULT || errno == EAGAIN : v == 8, "a write from a bad buffer", dev);
	bad_check(ftruncate(fd, 0) < 0, "ftruncate", dev);
	bad_check(fstat(fd, &st) == 0 && S_ISCHR(st.st_mode), "fstat afterwards", dev);
	bad_check(stat(sub, &st) < 0, "stat below a device", dev);
	bad_check(write(fd, buf, 0) == 0, "an empty write", dev);
	close(fd);
}

static int badreq(void)
{
	static const char *const devs[] = { "/dev/null", "/dev/zero", "/dev/random", "/dev/urandom",
		"/dev/cons", "/dev/ptmx", "/dev/log" };
	int master;
	char slave[64];
	for (size_t i = 0; i < sizeof(devs) / sizeof(devs[0]); i++)
		badreq_device(devs[i], !strcmp(devs[i], "/dev/ptmx"));
	for (size_t i = 1; i < 4; i++) { /* devices with data to give: a bad buffer is EFAULT */
		int fd = open(devs[i], O_RDONLY);
		errno = 0;
		bad_check(fd >= 0 && read(fd, (void *)16, 8) < 0 && errno == EFAULT, "reading into a bad buffer", devs[i]);
		bad_check(fd >= 0 && read(fd, (void *)0x7ffffffff000, 1 << 20) < 0, "a long read into unmapped memory", devs[i]);
		close(fd);
	}
	master = posix_openpt(O_RDWR | O_NOCTTY);
	bad_check(master >= 0 && ptsname_r(master, slave, sizeof(slave)) == 0, "posix_openpt", "ptmx");
	errno = 0;
	bad_check(master >= 0 && open(slave, O_RDWR | O_NOCTTY) < 0 && errno == EIO,
		"opening a locked slave", slave);
	if (master >= 0 && unlockpt(master) == 0)
		badreq_device(slave, 1);
	bad_check(open("/dev/pts/63", O_RDWR) < 0 && errno == ENOENT, "a slave with no master", "/dev/pts");
	bad_check(open("/dev/pts/x9", O_RDWR) < 0, "a bad slave name", "/dev/pts");
	bad_check(ioctl(0, TCSETS, (void *)16) < 0 && errno == EFAULT, "TCSETS from a bad pointer", "tty");
	/* the pci server's files are read-only */
	errno = 0;
	bad_check(open("/dev/pci", O_RDWR) < 0 && errno == EROFS, "opening for writing", "/dev/pci");
	bad_check(open("/dev/pci/zz:zz.z", O_RDONLY) < 0 && errno == ENOENT, "a bad name", "/dev/pci");
	bad_check(open("/dev/pci/00:00.0/x", O_RDONLY) < 0, "a path below a function", "/dev/pci");
	master = open("/dev/pci/00:00.0", O_RDONLY);
	bad_check(master >= 0, "opening the host bridge", "/dev/pci");
	errno = 0;
	bad_check(read(master, (void *)16, 64) < 0 && errno == EFAULT, "a read into a bad buffer", "/dev/pci");
	bad_check(ioctl(master, TIOCGWINSZ, slave) < 0 && errno == ENOTTY, "TIOCGWINSZ", "/dev/pci");
	bad_check(lseek(master, 1 << 20, SEEK_SET) >= 0 && read(master, slave, 8) == 0, "a read past the end", "/dev/pci");
	close(master);
	printf("badreq: %d passed, %d failed\n", bad_passed, bad_failed);
	return bad_failed != 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "tick"))
		return tick();
	if (argc >= 2 && !strcmp(argv[1], "read"))
		return read_line();
	if (argc >= 2 && !strcmp(argv[1], "vtime"))
		return vtime();
	if (argc >= 2 && !strcmp(argv[1], "winch"))
		return winch();
	if (argc >= 3 && !strcmp(argv[1], "zerokill"))
		return zerokill(atoi(argv[2]));
	if (argc >= 2 && !strcmp(argv[1], "badreq"))
		return badreq();
	fprintf(stderr, "usage: ttytest tick|read|vtime|winch|zerokill PID|badreq\n");
	return 2;
}
