/* mkfs.ferritefs.c: formats an image file (or device) with FerriteFS.
 *   mkfs.ferritefs [-L label] [-s size] [-l log-blocks] IMAGE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "filedev.h"

int main(int argc, char **argv)
{
	struct fs_mkfs_opts o;
	struct filedev f;
	uint64_t size = 0;
	int c, rc;

	memset(&o, 0, sizeof(o));
	o.env = filedev_env;
	while ((c = getopt(argc, argv, "L:s:l:")) != -1) {
		if (c == 'L')
			o.label = optarg;
		else if (c == 's')
			size = filedev_parse_size(optarg);
		else if (c == 'l')
			o.log_blocks = strtoull(optarg, NULL, 10);
		else
			return 2;
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: mkfs.ferritefs [-L label] [-s size] [-l log-blocks] IMAGE\n");
		return 2;
	}
	rc = filedev_create(&f, argv[optind], size);
	if (rc == 0)
		rc = fs_mkfs(&f.dev, &o);
	if (rc < 0) {
		fprintf(stderr, "mkfs.ferritefs: %s: %s\n", argv[optind], strerror(-rc));
		return 1;
	}
	printf("%s: FerriteFS, %llu blocks of %d bytes\n", argv[optind],
	       (unsigned long long)f.dev.nblocks, FS_BLOCK_SIZE);
	filedev_close(&f);
	return 0;
}
