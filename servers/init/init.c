/* servers/init/init.c: Ferrite's first process. It reads the service list (/etc/services,
 * svclist.c), mounts what the services will serve, and hands the rest to the supervisor
 * (supervisor.c), acting for it: a service is started by fork, then in the child its I/O
 * ports are granted, its capabilities narrowed to those listed, its namespace restricted,
 * its standard descriptors opened, and its program executed. init sleeps until the next thing
 * the supervisor has due or a child ends (SIGCHLD cuts the sleep short), and collects every
 * child. SIGUSR1 asks for a poweroff, SIGUSR2 for a reboot: the services are stopped in order
 * first. init's log lines go to the console and to the log server (/dev/log), or to the kernel
 * log while the log server is not up (debug_write: the console and /dev/kmsg, which the log
 * server reads when it comes), so each line is in the log once. init and the services its
 * list calls essential are marked so (proc_essential): the kernel keeps memory for them. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "ferrite/syscalls.h"
#include "svclist.h"
#include "supervisor.h"

#define INIT_SERVICES "/etc/services"
#define INIT_SLEEP_MAX (200 * SV_MS)   /* a SIGCHLD that came just before the sleep waits this long */
#define INIT_SHUTDOWN_MAX (10000 * SV_MS)

static volatile sig_atomic_t init_power_request; /* 0, or the reboot call's how */
static int init_logfd = -1; /* /dev/log, once the log server answers */

static void init_log(void *ctx, const char *line)
{
	char buf[320];
	int n = snprintf(buf, sizeof(buf), "%s\n", line);
	size_t len = n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1;
	(void)ctx;
	if (init_logfd < 0)
		init_logfd = open("/dev/log", O_WRONLY | O_CLOEXEC);
	if (init_logfd >= 0) {
		if (write(init_logfd, buf, len) == (ssize_t)len) {
			ferrite_console_print(buf, len);
			return;
		}
		if (errno != EINTR) { /* the server died: a new one may answer the next line */
			close(init_logfd);
			init_logfd = -1;
		}
	}
	ferrite_debug_write(buf, len);
}

static uint64_t init_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* In the child: what the service list grants, then the program. Never returns. */
static void init_exec(const struct svc_def *d)
{
	static char *const envp[] = { "PATH=/bin:/sbin", "HOME=/", "TERM=vt100", NULL };
	unsigned keep = d->caps;
	sigset_t none;
	int fd;
	/* what init ignores is its own business: a service starts with every signal's default */
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	setsid(); /* each service leads a session of its own */
	fd = open(d->stdio ? d->stdio : "/dev/log", O_RDWR);
	if (fd < 0 && !d->stdio)
		fd = open("/dev/kmsg", O_RDWR); /* the log server is not up */
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	/* its ports are open when it starts (it keeps CAP_IOPORT: dropping it closes them), and
	 * sealed: those ranges and no others, even though it holds the capability */
	for (int i = 0; i < d->nioports; i++)
		if (ferrite_ioport_grant(d->ioports[i].first, d->ioports[i].last - d->ioports[i].first + 1) < 0) {
			dprintf(2, "init: %s: cannot grant ports %#x-%#x\n", d->name, d->ioports[i].first,
				d->ioports[i].last);
			_exit(127);
		}
	ferrite_ioport_seal();
	if (d->ns && ferrite_ns_restrict((const char *const *)d->ns, (unsigned long)d->nns) < 0)
		dprintf(2, "init: %s: cannot restrict its namespace\n", d->name);
	if (!d->essential)
		ferrite_proc_essential(0, 0); /* forked from init, it had init's mark */
	ferrite_cap_drop(FERRITE_CAP_ALL & ~keep);
	execve(d->argv[0], d->argv, envp);
	dprintf(2, "init: %s: cannot run %s: %s\n", d->name, d->argv[0], strerror(errno));
	_exit(127);
}

static int init_spawn(void *ctx, const struct svc_def *d)
{
	pid_t pid = fork();
	(void)ctx;
	if (pid < 0)
		return -errno;
	if (pid == 0)
		init_exec(d);
	return (int)pid;
}

/* Up once its path answers: found, or anything but "no such scheme or file". */
static bool init_ready(void *ctx, const struct svc_def *d)
{
	struct stat st;
	(void)ctx;
	return stat(d->ready, &st) == 0 || (errno != ENOENT && errno != EIO);
}

static void init_kill(void *ctx, int pid, int sig)
{
	(void)ctx;
	kill(pid, sig);
}

static const struct sv_ops init_ops = { init_spawn, init_ready, init_kill, init_log };

static void init_on_signal(int sig)
{
	if (sig == SIGUSR1)
		init_power_request = FERRITE_REBOOT_POWEROFF + 1;
	else if (sig == SIGUSR2)
		init_power_request = FERRITE_REBOOT_RESTART + 1;
	/* SIGCHLD: only cuts the sleep short */
}

static char *init_read_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	long r;
	if (fd < 0 || !buf) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while ((r = read(fd, buf + n, cap - n)) > 0) {
		n += (size_t)r;
		if (n == cap) {
			char *grown = realloc(buf, cap *= 2);
			if (!grown)
				break;
			buf = grown;
		}
	}
	close(fd);
	*len = n;
	return buf;
}

static void init_sleep_until(uint64_t due, uint64_t now)
{
	uint64_t ns = due <= now ? 0 : due - now;
	struct timespec ts;
	if (ns > INIT_SLEEP_MAX)
		ns = INIT_SLEEP_MAX;
	if (ns == 0)
		return;
	ts.tv_sec = (time_t)(ns / 1000000000ull);
	ts.tv_nsec = (long)(ns % 1000000000ull);
	nanosleep(&ts, NULL); /* a signal ends it early */
}

static void init_reap(struct sv *sv)
{
	int st;
	pid_t pid;
	while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
		sv_exited(sv, (int)pid, st, init_now()); /* others are orphans' ends: nothing to do */
}

/* Every service told to stop, in order, within a bound; then the machine goes. */
static void init_power(struct sv *sv, int how)
{
	uint64_t start = init_now();
	init_log(NULL, how == FERRITE_REBOOT_RESTART ? "init: rebooting" : "init: powering off");
	sv_shutdown(sv, start);
	while (!sv_all_stopped(sv) && init_now() - start < INIT_SHUTDOWN_MAX) {
		uint64_t due = sv_run(sv, init_now());
		init_sleep_until(due, init_now());
		init_reap(sv);
	}
	ferrite_reboot(how);
}

static void init_mount_all(const struct svc_list *l)
{
	char line[200];
	for (int i = 0; i < l->n; i++)
		for (int k = 0; k < l->svc[i].nmounts; k++) {
			const struct svc_mount *m = &l->svc[i].mounts[k];
			long err = ferrite_ns_mount(m->prefix, m->scheme);
			if (err < 0) {
				snprintf(line, sizeof(line), "init: cannot mount %s at %s: error %ld", m->scheme,
					m->prefix, -err);
				init_log(NULL, line);
			}
		}
}

/* The service lists named (default /etc/services), one text after another. */
static char *init_read_lists(int n, char **paths, size_t *len)
{
	char *all = NULL, line[200];
	*len = 0;
	for (int i = 0; i < n; i++) {
		size_t l = 0;
		char *text = init_read_file(paths[i], &l), *grown;
		if (!text || !(grown = realloc(all, *len + l + 2))) {
			snprintf(line, sizeof(line), "init: cannot read %s", paths[i]);
			init_log(NULL, line);
			free(text);
			free(all);
			return NULL;
		}
		all = grown;
		memcpy(all + *len, text, l);
		*len += l;
		all[(*len)++] = '\n'; /* a last line without its newline ends here */
		free(text);
	}
	return all;
}

/* init [LIST...]: the service lists to run, /etc/services when none is named (a test boot
 * adds its own services after the system's: selftest's wrappers exec init with both). */
int main(int argc, char **argv)
{
	static char *default_lists[] = { INIT_SERVICES };
	struct svc_list list;
	struct sv sv;
	struct sigaction sa;
	char err[160], line[200];
	size_t len = 0;
	int nlists = argc > 1 ? argc - 1 : 1;
	char **lists = argc > 1 ? argv + 1 : default_lists;
	char *text = init_read_lists(nlists, lists, &len);
	if (!text)
		return 1;
	if (svc_parse(text, len, &list, err, sizeof(err)) < 0) {
		snprintf(line, sizeof(line), "init: %s%s:%s", lists[0], nlists > 1 ? " and the next" : "", err);
		init_log(NULL, line);
		return 1;
	}
	free(text);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = init_on_signal; /* no SA_RESTART: the sleep must end */
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	signal(SIGTERM, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	init_mount_all(&list);
	if (ferrite_proc_essential(0, 1) < 0)
		init_log(NULL, "init: cannot mark itself essential");
	if (sv_init(&sv, &list, &init_ops, NULL) < 0)
		return 1;
	snprintf(line, sizeof(line), "init: %d services from %s%s", list.n, lists[0],
		nlists > 1 ? " and more" : "");
	init_log(NULL, line);
	for (;;) {
		uint64_t due;
		init_reap(&sv);
		if (init_power_request)
			init_power(&sv, init_power_request - 1);
		due = sv_run(&sv, init_now());
		init_sleep_until(due, init_now());
	}
}
