/* utils/dmesg.c: dmesg, the kernel log: every line the kernel printed and every line a
 * process wrote to /dev/kmsg, oldest first, each with its time. dmesg [-f] [--help]: -f goes
 * on printing new lines as they come. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int dmesg_usage(FILE *to, int status)
{
	fprintf(to, "usage: dmesg [-f] [--help]\n"
		"Prints the kernel log (/dev/kmsg), oldest line first; -f follows it.\n");
	return status;
}

int main(int argc, char **argv)
{
	char buf[4096];
	int follow = 0, fd;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help"))
			return dmesg_usage(stdout, 0);
		if (strcmp(argv[i], "-f"))
			return dmesg_usage(stderr, 2);
		follow = 1;
	}
	fd = open("/dev/kmsg", O_RDONLY | (follow ? 0 : O_NONBLOCK));
	if (fd < 0) {
		fprintf(stderr, "dmesg: /dev/kmsg: %s\n", strerror(errno));
		return 1;
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break; /* the end of the log (EAGAIN without -f) */
		if (write(1, buf, (size_t)n) != n)
			return 1;
	}
	return 0;
}
