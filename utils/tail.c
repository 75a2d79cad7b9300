/* utils/tail.c: tail, the last lines or bytes: tail [-f] [-n [+]N | -c [+]N] [FILE...].
 * The input is read whole into memory (simple and right for pipes); +N counts from the start.
 * -f then keeps reading the (last) file once a second as it grows. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "lib/util.h"

static const char tail_help[] =
	"usage: tail [-f] [-n [+]LINES | -c [+]BYTES] [FILE...]\n"
	"Writes the last 10 lines (or LINES lines, or BYTES bytes) of each FILE (standard input\n"
	"for - or none); with +N, everything from line (or byte) N on. -NUMBER is -n NUMBER.\n"
	"  -f  follow: after the end, keep writing what is appended to the file\n"
	"Exit status: 0, or 1 if a file could not be read.\n";

static char *tail_buf;
static size_t tail_len, tail_cap;

static int tail_slurp(int fd)
{
	tail_len = 0;
	for (;;) {
		if (tail_cap - tail_len < 16384) {
			tail_cap = tail_cap ? tail_cap * 2 : 65536;
			tail_buf = util_realloc(tail_buf, tail_cap);
		}
		ssize_t n = read(fd, tail_buf + tail_len, tail_cap - tail_len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		tail_len += (size_t)n;
	}
}

/* Where the output starts in the buffer. */
static size_t tail_start(long long count, int bytes, int from_start)
{
	size_t i;
	if (bytes) {
		if (from_start)
			return count > 0 && (size_t)(count - 1) < tail_len ? (size_t)(count - 1)
				: (count <= 0 ? 0 : tail_len);
		return (size_t)count < tail_len ? tail_len - (size_t)count : 0;
	}
	if (from_start) {
		long long line = 1;
		for (i = 0; i < tail_len && line < count; i++)
			if (tail_buf[i] == '\n')
				line++;
		return i;
	}
	if (count == 0)
		return tail_len; /* -n 0: nothing */
	i = tail_len;
	if (i && tail_buf[i - 1] == '\n')
		i--; /* the last line's own newline */
	for (long long seen = 0; i > 0; i--)
		if (tail_buf[i - 1] == '\n' && ++seen == count)
			return i;
	return 0;
}

static void tail_follow(int fd)
{
	char buf[16384];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n > 0) {
			fwrite(buf, 1, (size_t)n, stdout);
			fflush(stdout);
		} else if (n == 0 || errno == EINTR)
			sleep(1);
		else
			return;
	}
}

int main(int argc, char **argv)
{
	long long count = 10;
	int c, bytes = 0, from_start = 0, follow = 0, status = 0, nfiles, headed = 0;
	char num[32];
	util_init(argc, argv, "tail", tail_help);
	if (argc > 1 && argv[1][0] == '-' && argv[1][1] >= '0' && argv[1][1] <= '9') {
		snprintf(num, sizeof(num), "-n%s", argv[1] + 1);
		argv[1] = num;
	}
	while ((c = getopt(argc, argv, "+fn:c:")) != -1) {
		if (c == 'f') {
			follow = 1;
			continue;
		}
		if (c == '?')
			return util_usage(1);
		from_start = optarg[0] == '+';
		if (util_parse_long(optarg + (optarg[0] == '+' || optarg[0] == '-'), &count) || count < 0) {
			util_msg("invalid number: %s", optarg);
			return 1;
		}
		bytes = c == 'c';
	}
	nfiles = argc - optind;
	if (!nfiles)
		argv[--optind] = "-", nfiles = 1;
	for (int i = optind; i < argc; i++) {
		int std = !strcmp(argv[i], "-");
		int fd = std ? 0 : open(argv[i], O_RDONLY);
		if (fd < 0 || tail_slurp(fd) < 0) {
			util_warn(argv[i]);
			status = 1;
			if (fd > 0)
				close(fd);
			continue;
		}
		if (nfiles > 1)
			printf("%s==> %s <==\n", headed++ ? "\n" : "", std ? "standard input" : argv[i]);
		size_t s = tail_start(count, bytes, from_start);
		fwrite(tail_buf + s, 1, tail_len - s, stdout);
		if (follow && i == argc - 1) {
			fflush(stdout);
			tail_follow(fd);
		}
		if (fd > 0)
			close(fd);
	}
	if (fflush(stdout)) {
		util_warn("write error");
		return 1;
	}
	return status;
}
