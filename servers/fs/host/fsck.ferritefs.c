/* fsck.ferritefs.c: checks a FerriteFS image; -y repairs what is safe to repair.
 * Exit status as e2fsck: 0 clean, 1 errors were repaired, 4 errors remain, 8 could not check. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "filedev.h"

int main(int argc, char **argv)
{
	struct fs_fsck_result r;
	struct filedev f;
	unsigned flags = 0;
	int c, rc;

	while ((c = getopt(argc, argv, "ny")) != -1) {
		if (c == 'y')
			flags |= FS_FSCK_REPAIR;
		else if (c != 'n')
			return 8;
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: fsck.ferritefs [-n | -y] IMAGE\n");
		return 8;
	}
	rc = filedev_open(&f, argv[optind], !(flags & FS_FSCK_REPAIR));
	if (rc == 0)
		rc = fs_fsck(&f.dev, flags, &filedev_env, &r);
	if (rc < 0) {
		fprintf(stderr, "fsck.ferritefs: %s: cannot check: %s\n", argv[optind], strerror(-rc));
		return 8;
	}
	printf("%s: %llu inodes, %llu blocks in use, %llu log batches to replay\n", argv[optind],
	       (unsigned long long)r.inodes, (unsigned long long)r.blocks_used,
	       (unsigned long long)r.log_batches);
	if (r.repaired)
		printf("%s: %llu problems repaired\n", argv[optind], (unsigned long long)r.repaired);
	if (r.errors) {
		printf("%s: %llu problems remain\n", argv[optind], (unsigned long long)r.errors);
		return 4;
	}
	printf("%s: clean\n", argv[optind]);
	filedev_close(&f);
	return r.repaired ? 1 : 0;
}
