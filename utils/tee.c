/* utils/tee.c: tee, copies standard input to standard output and to files: tee [-ai] [FILE...].
 * A file that cannot be written is reported and dropped; the copy goes on to the others. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include "lib/util.h"

static const char tee_help[] =
	"usage: tee [-ai] [FILE...]\n"
	"Copies standard input to standard output and to each FILE.\n"
	"  -a  append to the FILEs instead of truncating them\n"
	"  -i  ignore SIGINT\n"
	"Exit status: 0, or 1 if a file could not be opened or written.\n";

static int tee_write(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int c, flags = O_WRONLY | O_CREAT | O_TRUNC, status = 0, nfd;
	int *fds;
	const char **names;
	char buf[16384];
	util_init(argc, argv, "tee", tee_help);
	while ((c = getopt(argc, argv, "+ai")) != -1) {
		if (c == 'a')
			flags = O_WRONLY | O_CREAT | O_APPEND;
		else if (c == 'i')
			signal(SIGINT, SIG_IGN);
		else
			return util_usage(1);
	}
	fds = util_alloc(sizeof(int) * (size_t)(argc - optind + 1));
	names = util_alloc(sizeof(char *) * (size_t)(argc - optind + 1));
	fds[0] = 1;
	names[0] = "standard output";
	nfd = 1;
	for (int i = optind; i < argc; i++) {
		int fd = open(argv[i], flags, 0666);
		if (fd < 0) {
			util_warn(argv[i]);
			status = 1;
			continue;
		}
		names[nfd] = argv[i];
		fds[nfd++] = fd;
	}
	for (;;) {
		ssize_t n = read(0, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			util_warn("standard input");
			return 1;
		}
		if (n == 0)
			break;
		for (int i = 0; i < nfd; i++) {
			if (fds[i] >= 0 && tee_write(fds[i], buf, (size_t)n) < 0) {
				util_warn(names[i]);
				fds[i] = -1;
				status = 1;
			}
		}
	}
	for (int i = 1; i < nfd; i++)
		if (fds[i] >= 0 && close(fds[i]) < 0) {
			util_warn(names[i]);
			status = 1;
		}
	return status;
}
