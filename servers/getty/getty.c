/* servers/getty/getty.c: a login on a byte device (the serial console): getty DEVICE SHELL
 * [ARG...]. It makes a pseudo terminal, runs the shell on its slave side as a new session (so
 * the pty is its controlling terminal and job control works), says so on the device (one
 * line naming the pty), and copies bytes between the
 * device and the pty's master: a child copies what the pty shows to the device, getty itself
 * copies what is typed to the pty. When the shell ends, the pty is closed (a hangup for what
 * is left of its session) and a new one starts.
 *
 * A serial line cannot tell the far side's window size, so getty understands the sequence
 * xterm uses to resize a window, ESC [ 8 ; ROWS ; COLS t, typed on the device: the pty gets
 * that size (TIOCSWINSZ) and its foreground process group SIGWINCH. Everything else passes
 * through untouched.
 *
 * The shell starts in the home directory, /root (a RAM file system under init: the service
 * `home`), with HOME set to it; files of /etc/skel it lacks (.profile) are copied there first,
 * so that a login shell finds its profile and keeps its history across logins. */
#define _GNU_SOURCE /* ptsname_r */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define GETTY_RESIZE "\033[8;"
#define GETTY_HOME "/root"
#define GETTY_SKEL "/etc/skel"

static volatile sig_atomic_t getty_child_ended;

static void getty_on_child(int sig)
{
	(void)sig;
	getty_child_ended = 1;
}

static void getty_say(const char *what)
{
	char line[200];
	int n = snprintf(line, sizeof(line), "getty: %s: %s\n", what, strerror(errno));
	write(2, line, (size_t)n);
}

/* Writes all of buf (a pty may take it in pieces). */
static int getty_write_all(int fd, const char *buf, size_t n)
{
	while (n) {
		ssize_t k = write(fd, buf, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		buf += k;
		n -= (size_t)k;
	}
	return 0;
}

/* The resize sequence, byte by byte: bytes that turn out not to be one are passed on. */
struct getty_esc {
	char held[32];
	size_t n;
	unsigned num[2];
	int field;
};

static void getty_resize(int master, unsigned rows, unsigned cols)
{
	struct winsize ws;
	memset(&ws, 0, sizeof(ws));
	ws.ws_row = (unsigned short)rows;
	ws.ws_col = (unsigned short)cols;
	ioctl(master, TIOCSWINSZ, &ws);
}

static void getty_typed(int master, struct getty_esc *e, const char *buf, size_t n)
{
	char out[512];
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		char c = buf[i];
		size_t plen = sizeof(GETTY_RESIZE) - 1;
		if (e->n < plen ? c == GETTY_RESIZE[e->n] :
				(c >= '0' && c <= '9') || (c == ';' && e->field == 0) || c == 't') {
			if (e->n < sizeof(e->held))
				e->held[e->n++] = c;
			if (e->n == plen)
				e->num[0] = e->num[1] = 0, e->field = 0;
			else if (e->n > plen && c >= '0' && c <= '9')
				e->num[e->field] = e->num[e->field] * 10 + (unsigned)(c - '0');
			else if (c == ';')
				e->field = 1;
			else if (c == 't') {
				getty_resize(master, e->num[0], e->num[1]);
				e->n = 0;
			}
			continue;
		}
		/* not the sequence: what was held goes through, then this byte */
		if (k + e->n + 1 > sizeof(out)) {
			getty_write_all(master, out, k);
			k = 0;
		}
		memcpy(out + k, e->held, e->n);
		k += e->n;
		e->n = 0;
		out[k++] = c;
	}
	if (k)
		getty_write_all(master, out, k);
}

/* Copies one file of /etc/skel into the home directory unless it is there already (a
 * person's own ~/.profile is never replaced). */
static void getty_skel_copy(const char *name)
{
	char from[256], to[256], buf[4096];
	int in, out;
	ssize_t n;
	snprintf(from, sizeof(from), "%s/%s", GETTY_SKEL, name);
	snprintf(to, sizeof(to), "%s/%s", GETTY_HOME, name);
	if ((in = open(from, O_RDONLY)) < 0)
		return;
	out = open(to, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (out < 0 && errno != EEXIST)
		getty_say(to);
	while (out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		if (getty_write_all(out, buf, (size_t)n) < 0) {
			getty_say(to);
			break;
		}
	if (out >= 0)
		close(out);
	close(in);
}

/* The home directory: made if missing, /etc/skel's files added, the shell's first current
 * directory (/ when there is no home: the shell still starts). */
static void getty_home(void)
{
	DIR *d;
	struct dirent *e;
	if (mkdir(GETTY_HOME, 0700) < 0 && errno != EEXIST)
		getty_say(GETTY_HOME);
	if ((d = opendir(GETTY_SKEL)) != NULL) {
		while ((e = readdir(d)) != NULL)
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				getty_skel_copy(e->d_name);
		closedir(d);
	}
	if (chdir(GETTY_HOME) < 0 && chdir("/") < 0)
		getty_say("/");
}

/* The shell's side: a new session whose controlling terminal is the pty's slave. */
static void getty_shell(const char *slave, char **argv)
{
	static char *envp[] = { "PATH=/bin:/sbin", "HOME=" GETTY_HOME, "TERM=vt100", "PS1=$ ", NULL };
	int fd;
	setsid();
	fd = open(slave, O_RDWR);
	if (fd < 0) {
		getty_say(slave);
		_exit(126);
	}
	ioctl(fd, TIOCSCTTY, 0);
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	getty_home(); /* after dup2: its complaints reach the terminal */
	execve(argv[0], argv, envp);
	getty_say(argv[0]);
	_exit(127);
}

/* The copier: what the pty shows goes to the device, until the pty goes away. */
static void getty_copy_out(int master, int dev)
{
	char buf[4096];
	signal(SIGCHLD, SIG_DFL);
	for (;;) {
		ssize_t n = read(master, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || getty_write_all(dev, buf, (size_t)n) < 0)
			_exit(0);
	}
}

static int getty_session(int dev, char **shell_argv)
{
	char slave[64], buf[512];
	struct getty_esc esc;
	int master = posix_openpt(O_RDWR | O_NOCTTY), st, n;
	pid_t shell, copier;
	if (master < 0 || unlockpt(master) < 0 || ptsname_r(master, slave, sizeof(slave))) {
		getty_say("no pseudo terminal");
		return -1;
	}
	getty_child_ended = 0;
	n = snprintf(buf, sizeof(buf), "\r\nFerrite: a shell on %s\r\n", slave);
	getty_write_all(dev, buf, (size_t)n);
	if ((shell = fork()) == 0)
		getty_shell(slave, shell_argv);
	if ((copier = fork()) == 0)
		getty_copy_out(master, dev);
	memset(&esc, 0, sizeof(esc));
	for (;;) {
		ssize_t got;
		if (getty_child_ended) {
			getty_child_ended = 0;
			if (waitpid(shell, &st, WNOHANG) == shell)
				break;
		}
		got = read(dev, buf, sizeof(buf));
		if (got > 0)
			getty_typed(master, &esc, buf, (size_t)got);
		else if (got < 0 && errno != EINTR)
			break;
	}
	close(master); /* a hangup for whatever the shell left behind */
	kill(copier, SIGTERM);
	waitpid(copier, &st, 0);
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	int dev;
	if (argc < 3) {
		fprintf(stderr, "usage: getty DEVICE SHELL [ARG...]\n");
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = getty_on_child; /* no SA_RESTART: a read from the device ends with EINTR */
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGHUP, SIG_IGN);
	for (;;) {
		if ((dev = open(argv[1], O_RDWR | O_NOCTTY)) < 0) {
			getty_say(argv[1]);
			sleep(1);
			continue;
		}
		if (getty_session(dev, argv + 2) < 0)
			sleep(1);
		close(dev);
	}
}
