/* ptytest.c: drives the shell through a pseudo-terminal as a person would type, for the
 * interactive tests (job control, line editing, history, completion).
 *
 * usage: ptytest SHELL CASE.pty...  Each case is a script of steps, one per line:
 *   start ARGS...    start the shell (on a new pty, with a fresh $HOME unless "keephome";
 *                    PS1 is "$ " unless "ownprompt" leaves it unset)
 *   send TEXT        type TEXT; escapes: \r \n \t \e \\ and \xHH (\x03 is Ctrl-C)
 *   expect TEXT      wait (up to 5 s) until TEXT appears in the output after the last match
 *   sleep MS         wait
 *   wait-exit N      wait for the shell to exit with status N
 *   # ...            comment
 * A case passes if every expect matched. The last line is "sh-pty: N passed, N failed".
 */
#define _XOPEN_SOURCE 600
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <signal.h>
#include <poll.h>
#include <time.h>
#include <termios.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

struct pty_run {
	int master;
	pid_t pid;
	char *out;        /* everything the shell wrote */
	size_t len, cap, seen;
	char home[256];
};

static long pty_now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void pty_read_some(struct pty_run *r, int timeout_ms)
{
	struct pollfd p = {r->master, POLLIN, 0};
	if (poll(&p, 1, timeout_ms) <= 0)
		return;
	char buf[4096];
	ssize_t n = read(r->master, buf, sizeof buf);
	if (n <= 0)
		return;
	if (r->len + (size_t)n + 1 > r->cap) {
		r->cap = (r->len + (size_t)n + 1) * 2;
		r->out = realloc(r->out, r->cap);
	}
	memcpy(r->out + r->len, buf, (size_t)n);
	r->len += (size_t)n;
	r->out[r->len] = 0;
}

static size_t pty_unescape(const char *s, char *out)
{
	size_t n = 0;
	for (; *s; s++) {
		if (*s != '\\' || !s[1]) {
			out[n++] = *s;
			continue;
		}
		s++;
		switch (*s) {
		case 'r': out[n++] = '\r'; break;
		case 'n': out[n++] = '\n'; break;
		case 't': out[n++] = '\t'; break;
		case 'e': out[n++] = 27; break;
		case 'x': {
			char hex[3] = {s[1], s[2], 0};
			out[n++] = (char)strtol(hex, NULL, 16);
			s += 2;
			break;
		}
		default: out[n++] = *s; break;
		}
	}
	out[n] = 0;
	return n;
}

static int pty_start(struct pty_run *r, const char *shell, char *args, int keephome, int ownprompt)
{
	if (!keephome || !r->home[0]) {
		snprintf(r->home, sizeof r->home, "/tmp/ptytest.XXXXXX");
		if (!mkdtemp(r->home))
			return -1;
	}
	r->master = posix_openpt(O_RDWR | O_NOCTTY);
	if (r->master < 0 || grantpt(r->master) < 0 || unlockpt(r->master) < 0)
		return -1;
	char *slave = ptsname(r->master);
	r->pid = fork();
	if (r->pid == 0) {
		setsid();
		int s = open(slave, O_RDWR);
		ioctl(s, TIOCSCTTY, 0);
		dup2(s, 0);
		dup2(s, 1);
		dup2(s, 2);
		if (s > 2)
			close(s);
		close(r->master);
		char *argv[16];
		int argc = 0;
		argv[argc++] = (char *)shell;
		for (char *t = strtok(args, " "); t && argc < 15; t = strtok(NULL, " "))
			argv[argc++] = t;
		argv[argc] = NULL;
		/* a fresh login: default signal actions, whatever the test harness ignores */
		int sigs[] = {SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGCHLD, SIGPIPE};
		for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++)
			signal(sigs[k], SIG_DFL);
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		setenv("HOME", r->home, 1);
		if (ownprompt)
			unsetenv("PS1");
		else
			setenv("PS1", "$ ", 1);
		setenv("TERM", "vt100", 1);
		unsetenv("ENV");
		unsetenv("HISTFILE");
		if (chdir(r->home) < 0)
			_exit(126);
		execv(shell, argv);
		_exit(127);
	}
	r->len = r->seen = 0;
	if (r->out)
		r->out[0] = 0;
	return 0;
}

static void pty_stop(struct pty_run *r)
{
	if (r->pid > 0) {
		kill(r->pid, SIGKILL);
		waitpid(r->pid, NULL, 0);
		r->pid = 0;
	}
	if (r->master >= 0)
		close(r->master);
	r->master = -1;
}

/* Run one case file; returns the number of failed expectations. */
static int pty_case(const char *shell, const char *file)
{
	FILE *f = fopen(file, "r");
	if (!f) {
		fprintf(stderr, "%s: cannot open\n", file);
		return 1;
	}
	struct pty_run r;
	memset(&r, 0, sizeof r);
	r.master = -1;
	char line[4096], text[4096];
	int failed = 0, lineno = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		line[strcspn(line, "\n")] = 0;
		if (!line[0] || line[0] == '#')
			continue;
		char *arg = strchr(line, ' ');
		arg = arg ? arg + 1 : line + strlen(line);
		if (!strncmp(line, "start", 5)) {
			int keep = !strncmp(arg, "keephome", 8);
			char args[256];
			snprintf(args, sizeof args, "%s", keep ? arg + 8 : arg);
			int own = strstr(args, "ownprompt") != NULL;
			if (own)
				memmove(strstr(args, "ownprompt"), strstr(args, "ownprompt") + 9, strlen(strstr(args, "ownprompt") + 9) + 1);
			pty_stop(&r);
			if (pty_start(&r, shell, args, keep, own) < 0) {
				fprintf(stderr, "%s:%d: cannot start\n", file, lineno);
				failed++;
				break;
			}
		} else if (!strncmp(line, "send", 4)) {
			size_t n = pty_unescape(arg, text);
			if (write(r.master, text, n) < 0)
				failed++;
			pty_read_some(&r, 50);
		} else if (!strncmp(line, "sleep", 5)) {
			long end = pty_now_ms() + atol(arg);
			while (pty_now_ms() < end)
				pty_read_some(&r, (int)(end - pty_now_ms()));
		} else if (!strncmp(line, "expect", 6)) {
			pty_unescape(arg, text);
			long end = pty_now_ms() + 5000;
			char *hit = NULL;
			while (!(hit = r.out ? strstr(r.out + r.seen, text) : NULL) && pty_now_ms() < end)
				pty_read_some(&r, 100);
			if (hit) {
				r.seen = (size_t)(hit - r.out) + strlen(text);
			} else {
				fprintf(stderr, "%s:%d: expected \"%s\"; output since the last match:\n%s\n",
					file, lineno, arg, r.out ? r.out + r.seen : "");
				failed++;
				break;
			}
		} else if (!strncmp(line, "wait-exit", 9)) {
			int st = -1;
			long end = pty_now_ms() + 5000;
			while (pty_now_ms() < end) {
				pty_read_some(&r, 50);
				if (waitpid(r.pid, &st, WNOHANG) == r.pid) {
					r.pid = 0;
					break;
				}
			}
			if (r.pid || !WIFEXITED(st) || WEXITSTATUS(st) != atoi(arg)) {
				fprintf(stderr, "%s:%d: shell did not exit with %s\n", file, lineno, arg);
				failed++;
				break;
			}
		}
	}
	fclose(f);
	pty_stop(&r);
	free(r.out);
	return failed;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: ptytest SHELL CASE.pty...\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	int pass = 0, fail = 0;
	for (int i = 2; i < argc; i++) {
		if (pty_case(argv[1], argv[i]) == 0) {
			pass++;
		} else {
			fail++;
			fprintf(stderr, "FAIL %s\n", argv[i]);
		}
	}
	printf("sh-pty: %d passed, %d failed\n", pass, fail);
	return fail ? 1 : 0;
}
