/* unit_posix.c: unit tests of the POSIX behaviour of the core: files, directories, links,
 * rename, attributes, big and sparse files, big directories. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "check.h"
#include "helpers.h"
#include "unit.h"

void test_crc32c_known_vector(void)
{
	CHECK_EQ(fs_crc32c(0, "123456789", 9), 0xe3069283u);
	CHECK_EQ(fs_crc32c(fs_crc32c(0, "1234", 4), "56789", 5), 0xe3069283u);
}

void test_mkfs_gives_empty_root(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 1024);
	struct fs_stat st;

	CHECK(fs != NULL);
	if (!fs)
		return;
	CHECK_EQ(fs_getattr(fs, FS_ROOT_INO, &st), 0);
	CHECK_EQ(st.mode & FS_S_IFMT, FS_S_IFDIR);
	CHECK_EQ(st.nlink, 2);
	CHECK_EQ(fs_unmount(fs), 0);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	memdev_free(&m);
}

void test_write_read_back_after_remount(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 2048);
	uint8_t data[10000], out[10000];

	h_fill(data, sizeof(data), 1);
	CHECK(h_create(fs, "/a", data, sizeof(data)) != 0);
	CHECK_EQ(h_read(fs, "/a", out, sizeof(out)), sizeof(data));
	CHECK(memcmp(data, out, sizeof(data)) == 0);
	CHECK_EQ(fs_unmount(fs), 0);
	fs = h_mount(&m, 0);
	CHECK(fs != NULL);
	memset(out, 0, sizeof(out));
	CHECK_EQ(h_read(fs, "/a", out, sizeof(out)), sizeof(data));
	CHECK(memcmp(data, out, sizeof(data)) == 0);
	fs_unmount(fs);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	memdev_free(&m);
}

void test_unaligned_overwrite_keeps_neighbours(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 2048);
	uint8_t data[9000], out[9000], patch[100];
	uint64_t ino;

	h_fill(data, sizeof(data), 2);
	h_fill(patch, sizeof(patch), 3);
	ino = h_create(fs, "/f", data, sizeof(data));
	CHECK_EQ(fs_sync(fs), 0);
	CHECK_EQ(fs_write(fs, ino, 4050, patch, sizeof(patch)), sizeof(patch));
	memcpy(data + 4050, patch, sizeof(patch));
	CHECK_EQ(fs_read(fs, ino, 0, out, sizeof(out)), sizeof(data));
	CHECK(memcmp(data, out, sizeof(data)) == 0);
	CHECK_EQ(fs_sync(fs), 0);
	CHECK_EQ(fs_read(fs, ino, 0, out, sizeof(out)), sizeof(data));
	CHECK(memcmp(data, out, sizeof(data)) == 0);
	fs_unmount(fs);
	memdev_free(&m);
}

void test_sparse_file_past_4gib(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 1024);
	uint64_t ino, off = 5ull << 30;
	struct fs_stat st;
	uint8_t buf[64], zero[64];

	ino = h_create(fs, "/sparse", "", 0);
	CHECK_EQ(fs_write(fs, ino, off, "tail", 4), 4);
	CHECK_EQ(fs_getattr(fs, ino, &st), 0);
	CHECK_EQ(st.size, off + 4);
	CHECK_EQ(fs_sync(fs), 0);
	CHECK_EQ(fs_getattr(fs, ino, &st), 0);
	CHECK_EQ(st.blocks, 1);
	memset(zero, 0, sizeof(zero));
	CHECK_EQ(fs_read(fs, ino, 1ull << 32, buf, sizeof(buf)), sizeof(buf));
	CHECK(memcmp(buf, zero, sizeof(buf)) == 0);
	CHECK_EQ(fs_read(fs, ino, off, buf, sizeof(buf)), 4);
	CHECK(memcmp(buf, "tail", 4) == 0);
	fs_unmount(fs);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	memdev_free(&m);
}

void test_truncate_shrink_then_grow_reads_zeros(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 1024);
	uint8_t data[12000], out[12000];
	struct fs_stat st;
	uint64_t ino;
	size_t i;
	int zeros = 1;

	h_fill(data, sizeof(data), 4);
	ino = h_create(fs, "/t", data, sizeof(data));
	CHECK_EQ(fs_sync(fs), 0);
	st.size = 5000;
	CHECK_EQ(fs_setattr(fs, ino, &st, FS_SET_SIZE), 0);
	st.size = 12000;
	CHECK_EQ(fs_setattr(fs, ino, &st, FS_SET_SIZE), 0);
	CHECK_EQ(fs_read(fs, ino, 0, out, sizeof(out)), 12000);
	CHECK(memcmp(out, data, 5000) == 0);
	for (i = 5000; i < 12000; i++)
		zeros &= out[i] == 0;
	CHECK(zeros);
	CHECK_EQ(fs_getattr(fs, ino, &st), 0);
	CHECK_EQ(st.blocks, 2);
	fs_unmount(fs);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	memdev_free(&m);
}

void test_mkdir_rmdir_link_counts(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 1024);
	uint64_t d, sub, f;
	struct fs_stat st;

	CHECK_EQ(fs_mkdir(fs, FS_ROOT_INO, "d", 0755, 0, 0, &d), 0);
	CHECK_EQ(fs_mkdir(fs, d, "sub", 0755, 0, 0, &sub), 0);
	CHECK_EQ(fs_create(fs, d, "f", 0644, 0, 0, 0, &f), 0);
	fs_getattr(fs, d, &st);
	CHECK_EQ(st.nlink, 3);
	fs_getattr(fs, FS_ROOT_INO, &st);
	CHECK_EQ(st.nlink, 3);
	CHECK_EQ(fs_rmdir(fs, FS_ROOT_INO, "d"), -ENOTEMPTY);
	CHECK_EQ(fs_rmdir(fs, d, "f"), -ENOTDIR);
	CHECK_EQ(fs_unlink(fs, d, "sub"), -EISDIR);
	CHECK_EQ(fs_rmdir(fs, d, "sub"), 0);
	CHECK_EQ(fs_unlink(fs, d, "f"), 0);
	CHECK_EQ(fs_rmdir(fs, FS_ROOT_INO, "d"), 0);
	fs_getattr(fs, FS_ROOT_INO, &st);
	CHECK_EQ(st.nlink, 2);
	CHECK_EQ(fs_getattr(fs, d, &st), -ENOENT);
	CHECK_EQ(fs_create(fs, FS_ROOT_INO, "x", 0644, 0, 0, 0, &f), 0);
	CHECK_EQ(fs_create(fs, FS_ROOT_INO, "x", 0644, 0, 0, 0, &f), -EEXIST);
	fs_unmount(fs);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	memdev_free(&m);
}

void test_hard_links_share_data(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 1024);
	uint64_t ino, ino2;
	struct fs_stat st;
	char buf[16];

	ino = h_create(fs, "/one", "hello", 5);
	CHECK_EQ(fs_link(fs, ino, FS_ROOT_INO, "two"), 0);
	CHECK_EQ(fs_link(fs, FS_ROOT_INO, FS_ROOT_INO, "rootlink"), -EPERM);
	CHECK_EQ(fs_lookup(fs, FS_ROOT_INO, "two", &ino2), 0);
	CHECK_EQ(ino2, ino);
	fs_getattr(fs, ino, &st);
	CHECK_EQ(st.nlink, 2);
	CHECK_EQ(fs_unlink(fs, FS_ROOT_INO, "one"), 0);
	CHECK_EQ(h_read(fs, "/two", buf, sizeof(buf)), 5);
	CHECK(memcmp(buf, "hello", 5) == 0);
	fs_getattr(fs, ino, &st);
	CHECK_EQ(st.nlink, 1);
	fs_unmount(fs);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	memdev_free(&m);
}

void test_symlink_readlink(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 1024);
	uint64_t ino;
	struct fs_stat st;
	char buf[64], longt[FS_SYMLINK_MAX + 2];

	CHECK_EQ(fs_symlink(fs, FS_ROOT_INO, "ln", "../target/file", 0, 0, &ino), 0);
	CHECK_EQ(fs_readlink(fs, ino, buf, sizeof(buf)), 14);
	CHECK(memcmp(buf, "../target/file", 14) == 0);
	fs_getattr(fs, ino, &st);
	CHECK_EQ(st.mode & FS_S_IFMT, FS_S_IFLNK);
	CHECK_EQ(st.size, 14);
	memset(longt, 'x', sizeof(longt) - 1);
	longt[sizeof(longt) - 1] = 0;
	CHECK_EQ(fs_symlink(fs, FS_ROOT_INO, "long", longt, 0, 0, &ino), -ENAMETOOLONG);
	fs_unmount(fs);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	memdev_free(&m);
}

void test_rename_replaces_target_atomically(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 1024);
	uint64_t a, b, x;
	char buf[16];
	struct fs_stat st;

	a = h_create(fs, "/new", "NEW", 3);
	b = h_create(fs, "/old", "OLD", 3);
	CHECK_EQ(fs_rename(fs, FS_ROOT_INO, "new", FS_ROOT_INO, "old", FS_RENAME_NOREPLACE), -EEXIST);
	CHECK_EQ(fs_rename(fs, FS_ROOT_INO, "new", FS_ROOT_INO, "old", 0), 0);
	CHECK_EQ(h_read(fs, "/old", buf, sizeof(buf)), 3);
	CHECK(memcmp(buf, "NEW", 3) == 0);
	CHECK(!h_exists(fs, "/new"));
	CHECK_EQ(fs_lookup(fs, FS_ROOT_INO, "old", &x), 0);
	CHECK_EQ(x, a);
	CHECK(fs_getattr(fs, b, &st) == -ENOENT);
	fs_unmount(fs);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	memdev_free(&m);
}

void test_rename_directory_moves_parent(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 1024);
	uint64_t a, b, c, x;
	struct fs_stat st;

	fs_mkdir(fs, FS_ROOT_INO, "a", 0755, 0, 0, &a);
	fs_mkdir(fs, FS_ROOT_INO, "b", 0755, 0, 0, &b);
	fs_mkdir(fs, a, "c", 0755, 0, 0, &c);
	CHECK_EQ(fs_rename(fs, FS_ROOT_INO, "a", c, "a2", 0), -EINVAL);
	CHECK_EQ(fs_rename(fs, FS_ROOT_INO, "a", a, "self", 0), -EINVAL);
	CHECK_EQ(fs_rename(fs, a, "c", b, "c", 0), 0);
	CHECK_EQ(fs_lookup(fs, c, "..", &x), 0);
	CHECK_EQ(x, b);
	fs_getattr(fs, a, &st);
	CHECK_EQ(st.nlink, 2);
	fs_getattr(fs, b, &st);
	CHECK_EQ(st.nlink, 3);
	h_create(fs, "/file", "f", 1);
	CHECK_EQ(fs_rename(fs, FS_ROOT_INO, "file", FS_ROOT_INO, "a", 0), -EISDIR);
	CHECK_EQ(fs_rename(fs, FS_ROOT_INO, "a", FS_ROOT_INO, "file", 0), -ENOTDIR);
	CHECK_EQ(fs_rename(fs, FS_ROOT_INO, "a", FS_ROOT_INO, "b", 0), -ENOTEMPTY);
	CHECK_EQ(fs_rmdir(fs, b, "c"), 0);
	CHECK_EQ(fs_rename(fs, FS_ROOT_INO, "a", FS_ROOT_INO, "b", 0), 0);
	fs_getattr(fs, FS_ROOT_INO, &st);
	CHECK_EQ(st.nlink, 3);
	fs_unmount(fs);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	memdev_free(&m);
}

void test_name_length_limit(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 1024);
	char name[300];
	uint64_t ino, x;

	memset(name, 'n', 255);
	name[255] = 0;
	CHECK_EQ(fs_create(fs, FS_ROOT_INO, name, 0644, 0, 0, 0, &ino), 0);
	CHECK_EQ(fs_lookup(fs, FS_ROOT_INO, name, &x), 0);
	CHECK_EQ(x, ino);
	name[255] = 'n';
	name[256] = 0;
	CHECK_EQ(fs_create(fs, FS_ROOT_INO, name, 0644, 0, 0, 0, &ino), -ENAMETOOLONG);
	CHECK_EQ(fs_create(fs, FS_ROOT_INO, "a/b", 0644, 0, 0, 0, &ino), -EINVAL);
	fs_unmount(fs);
	memdev_free(&m);
}

struct count_ctx {
	int n, dots;
	uint64_t last_cookie;
};

static int count_entry(void *ctx, const char *name, uint64_t ino, uint32_t type, uint64_t cookie)
{
	struct count_ctx *c = ctx;

	(void)ino;
	(void)type;
	if (name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2])))
		c->dots++;
	else
		c->n++;
	c->last_cookie = cookie;
	return c->n == 7; /* stop early once, to test resuming */
}

void test_readdir_resumes_from_cookie(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 1024);
	struct count_ctx c;
	char name[32];
	uint64_t ino;
	int i, total = 0;

	for (i = 0; i < 50; i++) {
		snprintf(name, sizeof(name), "entry%d", i);
		fs_create(fs, FS_ROOT_INO, name, 0644, 0, 0, 0, &ino);
	}
	memset(&c, 0, sizeof(c));
	CHECK_EQ(fs_readdir(fs, FS_ROOT_INO, 0, count_entry, &c), 0);
	CHECK_EQ(c.dots, 2);
	total += c.n;
	while (c.n == 7) {
		c.n = 0;
		CHECK_EQ(fs_readdir(fs, FS_ROOT_INO, c.last_cookie, count_entry, &c), 0);
		total += c.n;
	}
	CHECK_EQ(total, 50);
	CHECK_EQ(c.dots, 2);
	fs_unmount(fs);
	memdev_free(&m);
}

void test_hundred_thousand_entries_stay_fast(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 32768);
	struct count_ctx c;
	char name[32];
	uint64_t ino, x, dir;
	int i, n = 100000, bad = 0;
	clock_t t0 = clock();
	double secs;

	fs_mkdir(fs, FS_ROOT_INO, "big", 0755, 0, 0, &dir);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "file-%07d", i);
		if (fs_create(fs, dir, name, 0644, 0, 0, 0, &ino) < 0)
			bad++;
	}
	CHECK_EQ(bad, 0);
	for (i = 0; i < n; i += 7) {
		snprintf(name, sizeof(name), "file-%07d", i);
		if (fs_lookup(fs, dir, name, &x) < 0)
			bad++;
	}
	CHECK_EQ(bad, 0);
	memset(&c, 0, sizeof(c));
	c.n = -1000000000; /* never stops early */
	CHECK_EQ(fs_readdir(fs, dir, 0, count_entry, &c), 0);
	CHECK_EQ(c.n + 1000000000, n);
	CHECK_EQ(fs_unmount(fs), 0);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	printf("    %d entries created, looked up and listed in %.2f s\n", n, secs);
	CHECK(secs < 60);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	memdev_free(&m);
}

void test_attributes_and_nanosecond_times(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 1024);
	struct fs_stat st, set;
	uint64_t ino;

	ino = h_create(fs, "/attr", "x", 1);
	memset(&set, 0, sizeof(set));
	set.mode = 04711;
	set.uid = 1000;
	set.gid = 100;
	set.atime.sec = 123;
	set.atime.nsec = 456789012;
	set.mtime.sec = -5;
	set.mtime.nsec = 999999999;
	CHECK_EQ(fs_setattr(fs, ino, &set, FS_SET_MODE | FS_SET_UID | FS_SET_GID | FS_SET_ATIME |
					     FS_SET_MTIME), 0);
	fs_unmount(fs);
	fs = h_mount(&m, 0);
	CHECK_EQ(fs_getattr(fs, ino, &st), 0);
	CHECK_EQ(st.mode, FS_S_IFREG | 04711);
	CHECK_EQ(st.uid, 1000);
	CHECK_EQ(st.gid, 100);
	CHECK_EQ(st.atime.sec, 123);
	CHECK_EQ(st.atime.nsec, 456789012);
	CHECK_EQ(st.mtime.sec, -5);
	CHECK_EQ(st.mtime.nsec, 999999999);
	CHECK(st.ctime.sec == h_clock && st.ctime.nsec > 0);
	set.mtime.nsec = 1000000000;
	CHECK_EQ(fs_setattr(fs, ino, &set, FS_SET_MTIME), -EINVAL);
	fs_unmount(fs);
	memdev_free(&m);
}

void test_statfs_tracks_usage(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 1024);
	struct fs_statfs a, b, c;
	uint8_t data[40960];

	fs_statfs(fs, &a);
	h_fill(data, sizeof(data), 9);
	h_create(fs, "/ten", data, sizeof(data));
	fs_sync(fs);
	fs_statfs(fs, &b);
	CHECK(a.bfree >= b.bfree + 10);
	CHECK_EQ(b.files, a.files + 1);
	fs_unlink(fs, FS_ROOT_INO, "ten");
	fs_sync(fs);
	fs_sync(fs);
	fs_statfs(fs, &c);
	CHECK(c.bfree >= a.bfree - 2 && c.bfree <= a.bfree + 2);
	CHECK_EQ(c.namemax, 255);
	fs_unmount(fs);
	memdev_free(&m);
}

void test_enospc_when_full(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 256);
	uint8_t data[4096];
	uint64_t ino;
	int64_t rc = 0;
	int i;

	h_fill(data, sizeof(data), 5);
	ino = h_create(fs, "/fill", "", 0);
	for (i = 0; i < 400 && rc >= 0; i++) {
		rc = fs_write(fs, ino, (uint64_t)i * 4096, data, sizeof(data));
		if (rc >= 0)
			rc = fs_fsync(fs, ino);
	}
	CHECK_EQ(rc, -ENOSPC);
	for (i = 0, rc = 0; i < 500 && rc == 0; i++) { /* names run into the reserve too */
		char name[16];

		snprintf(name, sizeof(name), "n%d", i);
		rc = fs_create(fs, FS_ROOT_INO, name, 0644, 0, 0, 0, &ino);
	}
	CHECK(rc == -ENOSPC || rc == 0);
	CHECK_EQ(fs_unlink(fs, FS_ROOT_INO, "fill"), 0); /* and space comes back */
	CHECK_EQ(fs_sync(fs), 0);
	CHECK_EQ(fs_create(fs, FS_ROOT_INO, "after", 0644, 0, 0, 0, &ino), 0);
	CHECK_EQ(fs_write(fs, ino, 0, data, sizeof(data)), sizeof(data));
	CHECK_EQ(fs_unmount(fs), 0);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	memdev_free(&m);
}

/* Random creates and unlinks in one directory: nodes split, merge and disappear, including
 * the leftmost ones; every surviving name must be found and fsck must stay clean. */
void test_directory_churn_keeps_tree_sound(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 8192);
	static unsigned char present[30000];
	char name[32];
	uint64_t ino, dir;
	uint32_t x = 12345;
	int i, k, bad = 0, round;

	memset(present, 0, sizeof(present));
	fs_mkdir(fs, FS_ROOT_INO, "churn", 0755, 0, 0, &dir);
	for (round = 0; round < 4; round++) {
		for (i = 0; i < 30000; i++) {
			x = x * 1103515245u + 12345u;
			k = (int)((x >> 8) % 30000);
			snprintf(name, sizeof(name), "n%05d", k);
			if (present[k])
				bad += fs_unlink(fs, dir, name) != 0;
			else
				bad += fs_create(fs, dir, name, 0644, 0, 0, 0, &ino) != 0;
			present[k] ^= 1;
		}
		fs_unmount(fs);
		CHECK_EQ(h_fsck_errors(&m, 0), 0);
		fs = h_mount(&m, 0);
	}
	for (k = 0; k < 30000; k++) {
		snprintf(name, sizeof(name), "n%05d", k);
		bad += (fs_lookup(fs, dir, name, &ino) == 0) != present[k];
	}
	CHECK_EQ(bad, 0);
	for (k = 0; k < 30000; k++) { /* empty it: the tree must shrink back to sound */
		snprintf(name, sizeof(name), "n%05d", k);
		if (present[k])
			bad += fs_unlink(fs, dir, name) != 0;
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(fs_rmdir(fs, FS_ROOT_INO, "churn"), 0);
	fs_unmount(fs);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	memdev_free(&m);
}
