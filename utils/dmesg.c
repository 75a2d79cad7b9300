/* utils/dmesg.c: dmesg, the system log: the log server's ring (/dev/log: the kernel's lines and
 * every line a process wrote to the log, each with its time), or the kernel log (/dev/kmsg)
 * when there is no log server. dmesg [-f] [--help]: -f goes on printing new lines as they
 * come (/dev/log/follow). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int dmesg_usage(FILE *to, int status)
{
	fprintf(to, "usage: dmesg [-f] [--help]\n"
		"Prints the system log (/dev/log; the kernel log /dev/kmsg without a log server),\n"
		"oldest line first; -f follows it.\n");
	return status;
}

/* The log server's ring if it answers, else the kernel's. */
static int dmesg_open(int follow, const char **name)
{
	int fd;
	*name = follow ? "/dev/log/follow" : "/dev/log";
	fd = open(*name, O_RDONLY);
	if (fd >= 0)
		return fd;
	*name = "/dev/kmsg"; /* blocks at its end: O_NONBLOCK says where the end is */
	return open(*name, O_RDONLY | (follow ? 0 : O_NONBLOCK));
}

int main(int argc, char **argv)
{
	char buf[4096];
	const char *name;
	int follow = 0, fd;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help"))
			return dmesg_usage(stdout, 0);
		if (strcmp(argv[i], "-f"))
			return dmesg_usage(stderr, 2);
		follow = 1;
	}
	fd = dmesg_open(follow, &name);
	if (fd < 0) {
		fprintf(stderr, "dmesg: %s: %s\n", name, strerror(errno));
		return 1;
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN) {
			fprintf(stderr, "dmesg: %s: %s\n", name, strerror(errno));
			return 1;
		}
		if (n <= 0)
			break; /* the end of the log (EAGAIN from /dev/kmsg) */
		if (write(1, buf, (size_t)n) != n)
			return 1;
	}
	return 0;
}
