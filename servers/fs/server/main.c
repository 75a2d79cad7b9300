/* servers/fs/server/main.c: fsd as a Ferrite program.
 *     fsd [-n SCHEME] [-s SIZE] [-i IMAGE] [-m MODE] [-d]
 * makes a filesystem of SIZE bytes (default 256M; k, M and G suffixes) in memory, its root
 * with MODE (octal, default 1777: it is /tmp), or loads the FerriteFS image IMAGE instead;
 * registers SCHEME (default "tmp", which the boot namespace mounts at /tmp) and serves it
 * until the scheme descriptor fails. With -d it forks once the scheme is registered and the
 * parent exits 0, so whoever started it can use the scheme as soon as it returns (a start-up
 * step; init's `ready /tmp` does the same for a supervised fsd, which runs without -d). Its
 * few log lines go to the kernel console. Needs FERRITE_CAP_SCHEME. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "ferrite/syscalls.h"
#include "fsd.h"
#include "srv_ferrite.h"

static void fsd_say(const char *fmt, const char *a, const char *b)
{
	char line[256];
	int n = snprintf(line, sizeof(line), fmt, a, b);

	if (n > 0)
		ferrite_debug_write(line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

static struct fs_time fsd_now(void *ctx)
{
	struct timespec ts;
	struct fs_time t;

	(void)ctx;
	clock_gettime(CLOCK_REALTIME, &ts);
	t.sec = ts.tv_sec;
	t.nsec = (uint32_t)ts.tv_nsec;
	return t;
}

static void fsd_core_log(void *ctx, const char *line)
{
	(void)ctx;
	fsd_say("fsd: %s%s\n", line, "");
}

static void fsd_srv_log(struct srv *s, const char *line)
{
	(void)s;
	fsd_say("fsd: %s%s\n", line, "");
}

/* 64M, 2G, 4096k, or plain bytes; 0 if it is none of those. */
static uint64_t fsd_size(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	if (end == s)
		return 0;
	if (*end == 'k' || *end == 'K')
		v <<= 10, end++;
	else if (*end == 'm' || *end == 'M')
		v <<= 20, end++;
	else if (*end == 'g' || *end == 'G')
		v <<= 30, end++;
	return *end ? 0 : v;
}

static int fsd_usage(void)
{
	fsd_say("usage: fsd [-n SCHEME] [-s SIZE] [-i IMAGE] [-m MODE] [-d]%s%s\n", "", "");
	return 2;
}

int main(int argc, char **argv)
{
	static struct fsd f;
	static struct srv s;
	const char *name = "tmp", *image = NULL;
	struct srv_transport t;
	struct fsd_opts o;
	int c, fd, rc, daemon = 0;
	pid_t pid;

	memset(&o, 0, sizeof(o));
	o.size = 256ull << 20;
	o.image_fd = -1;
	o.root_mode = 01777;
	o.env.now = fsd_now;
	o.env.log = fsd_core_log;
	while ((c = getopt(argc, argv, "n:s:i:m:d")) != -1) {
		if (c == 'n')
			name = optarg;
		else if (c == 's')
			o.size = fsd_size(optarg);
		else if (c == 'i')
			image = optarg;
		else if (c == 'm')
			o.root_mode = (unsigned)strtoul(optarg, NULL, 8) & 07777;
		else if (c == 'd')
			daemon = 1;
		else
			return fsd_usage();
	}
	if (o.size < (1u << 20)) /* not a size, or too small for the intent log and a tree */
		return fsd_usage();
	if (image && (o.image_fd = open(image, O_RDONLY | O_CLOEXEC)) < 0) {
		fsd_say("fsd: %s: %s\n", image, strerror(errno));
		return 1;
	}
	rc = fsd_init(&f, &o);
	if (o.image_fd >= 0)
		close(o.image_fd);
	if (rc < 0) {
		fsd_say("fsd: cannot make the filesystem: %s%s\n", strerror(-rc), "");
		return 1;
	}
	fd = srv_ferrite_register(name, FERRITE_O_CLOEXEC);
	if (fd < 0) {
		fsd_say("fsd: cannot register the scheme %s: %s\n", name, strerror(-fd));
		return 1;
	}
	if (daemon && (pid = fork()) != 0) {
		if (pid < 0)
			fsd_say("fsd: fork: %s%s\n", strerror(errno), "");
		_exit(pid < 0 ? 1 : 0);
	}
	t = srv_ferrite_transport(fd);
	if (srv_init(&s, &fsd_ops, &t, &f) < 0)
		return 1;
	s.log = fsd_srv_log;
	fsd_say("fsd: serving the scheme %s%s\n", name, image ? " from an image" : "");
	rc = srv_run(&s);
	fsd_say("fsd: the scheme %s ended: %s\n", name, strerror(rc < 0 ? -rc : 0));
	srv_fini(&s);
	fsd_fini(&f);
	return rc < 0 ? 1 : 0;
}
