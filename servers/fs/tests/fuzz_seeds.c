/* fuzz_seeds.c: writes the fuzzer's seed images (small filesystems in interesting states) to
 * a directory: an empty one, a populated one, one with a snapshot, one with an unreplayed log
 * and an orphan. The committed copies live in tests/seeds/; this is how they were made. */
#include <stdio.h>
#include <string.h>
#include "memdev.h"

#define SEED_BLOCKS 40

static int seed_save(const struct memdev *m, const char *dir, const char *name)
{
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f)
		return -1;
	n = fwrite(m->data, FS_BLOCK_SIZE, SEED_BLOCKS, f);
	fclose(f);
	return n == SEED_BLOCKS ? 0 : -1;
}

static struct fs *seed_fs(struct memdev *m)
{
	struct fs_mkfs_opts ko;
	struct fs *fs;

	memset(&ko, 0, sizeof(ko));
	ko.log_blocks = 4;
	if (memdev_init(m, SEED_BLOCKS) < 0 || fs_mkfs(&m->dev, &ko) < 0 ||
	    fs_mount(&m->dev, NULL, &fs) < 0)
		return NULL;
	return fs;
}

static void seed_populate(struct fs *fs)
{
	uint64_t a, b, d, s;
	char data[6000];

	memset(data, 'q', sizeof(data));
	fs_create(fs, FS_ROOT_INO, "a", 0644, 0, 0, 0, &a);
	fs_write(fs, a, 0, data, sizeof(data));
	fs_create(fs, FS_ROOT_INO, "b", 0600, 0, 0, 0, &b);
	fs_write(fs, b, 1 << 20, "x", 1);
	fs_mkdir(fs, FS_ROOT_INO, "d", 0755, 0, 0, &d);
	fs_link(fs, a, d, "a-link");
	fs_symlink(fs, d, "s", "../a", 0, 0, &s);
}

static void seed_many(struct fs *fs)
{
	char name[16];
	uint64_t d, ino;
	int i;

	fs_mkdir(fs, FS_ROOT_INO, "many", 0755, 0, 0, &d);
	for (i = 0; i < 120; i++) {
		snprintf(name, sizeof(name), "e%d", i);
		fs_create(fs, d, name, 0644, 0, 0, 0, &ino);
		if (i % 10 == 0)
			fs_write(fs, ino, 0, name, sizeof(name));
	}
}

int main(int argc, char **argv)
{
	struct memdev m;
	struct fs *fs;
	uint64_t o;
	int rc = 0;

	if (argc != 2)
		return 2;
	fs = seed_fs(&m);
	rc |= !fs || fs_unmount(fs) < 0 || seed_save(&m, argv[1], "empty.img");
	memdev_free(&m);
	fs = seed_fs(&m);
	seed_populate(fs);
	rc |= fs_unmount(fs) < 0 || seed_save(&m, argv[1], "populated.img");
	memdev_free(&m);
	fs = seed_fs(&m);
	seed_populate(fs);
	fs_snap_create(fs, "snap");
	fs_unlink(fs, FS_ROOT_INO, "a");
	rc |= fs_unmount(fs) < 0 || seed_save(&m, argv[1], "snapshot.img");
	memdev_free(&m);
	fs = seed_fs(&m);
	seed_populate(fs);
	fs_sync(fs);
	fs_lookup(fs, FS_ROOT_INO, "b", &o);
	fs_open(fs, o);
	fs_unlink(fs, FS_ROOT_INO, "b");
	fs_rename(fs, FS_ROOT_INO, "a", FS_ROOT_INO, "renamed", 0);
	fs_fsync(fs, o); /* logged, not committed: the image is taken before unmount */
	rc |= seed_save(&m, argv[1], "pending-log.img");
	fs_release(fs, o);
	fs_unmount(fs);
	memdev_free(&m);
	fs = seed_fs(&m);
	seed_many(fs); /* a two-level tree */
	rc |= fs_unmount(fs) < 0 || seed_save(&m, argv[1], "two-level-tree.img");
	memdev_free(&m);
	return rc;
}
