/* unit_durable.c: unit tests of durability and integrity: fsync through the intent log, the
 * orphan list, checksums catching damage, the superblock ring, delayed block reuse, fsck's
 * findings and repairs, and snapshots. A "crash" here is a copy of the disk taken without
 * unmounting (the crash tester covers lost and reordered writes). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "helpers.h"
#include "unit.h"
#include "../core/fs_int.h"

void test_fsync_survives_crash_without_commit(void)
{
	struct memdev m, crash;
	struct fs *fs = h_format_mount(&m, 1024);
	struct fs_counters c0, c1;
	uint8_t data[6000], out[6000];
	uint64_t ino, dir;

	h_fill(data, sizeof(data), 11);
	fs_get_counters(fs, &c0);
	fs_mkdir(fs, FS_ROOT_INO, "d", 0755, 0, 0, &dir);
	ino = h_create(fs, "/d/file", data, sizeof(data));
	CHECK_EQ(fs_fsync(fs, ino), 0);
	fs_get_counters(fs, &c1);
	CHECK_EQ(c1.commits, c0.commits); /* one log write, no tree commit */
	CHECK_EQ(c1.log_writes, c0.log_writes + 1);
	CHECK_EQ(c1.flushes, c0.flushes + 1);
	memdev_clone(&crash, &m);
	fs_unmount(fs);
	fs = h_mount(&crash, 0);
	CHECK(fs != NULL);
	if (fs) {
		CHECK_EQ(h_read(fs, "/d/file", out, sizeof(out)), sizeof(data));
		CHECK(memcmp(out, data, sizeof(data)) == 0);
		fs_unmount(fs);
	}
	CHECK_EQ(h_fsck_errors(&crash, 0), 0);
	memdev_free(&crash);
	memdev_free(&m);
}

void test_unsynced_changes_vanish_in_crash(void)
{
	struct memdev m, crash;
	struct fs *fs = h_format_mount(&m, 1024);
	uint64_t ino;

	ino = h_create(fs, "/kept", "k", 1);
	fs_fsync(fs, ino);
	h_create(fs, "/lost", "l", 1);
	fs_unlink(fs, FS_ROOT_INO, "kept");
	memdev_clone(&crash, &m);
	fs_unmount(fs);
	fs = h_mount(&crash, 0);
	CHECK(fs && h_exists(fs, "/kept"));
	CHECK(fs && !h_exists(fs, "/lost"));
	if (fs)
		fs_unmount(fs);
	memdev_free(&crash);
	memdev_free(&m);
}

void test_unlinked_open_file_readable_until_release(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 1024);
	struct fs_statfs a, b;
	uint8_t data[20000], out[20000];
	uint64_t ino;

	h_fill(data, sizeof(data), 12);
	ino = h_create(fs, "/o", data, sizeof(data));
	fs_sync(fs);
	fs_statfs(fs, &a);
	CHECK_EQ(fs_open(fs, ino), 0);
	CHECK_EQ(fs_unlink(fs, FS_ROOT_INO, "o"), 0);
	CHECK(!h_exists(fs, "/o"));
	fs_sync(fs);
	CHECK_EQ(fs_read(fs, ino, 0, out, sizeof(out)), sizeof(data));
	CHECK(memcmp(out, data, sizeof(data)) == 0);
	CHECK_EQ(fs_release(fs, ino), 0);
	fs_sync(fs);
	fs_sync(fs);
	fs_statfs(fs, &b);
	CHECK(b.bfree >= a.bfree + 5);
	CHECK_EQ(fs_read(fs, ino, 0, out, sizeof(out)), -ENOENT);
	fs_unmount(fs);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	memdev_free(&m);
}

void test_orphan_reclaimed_at_mount_after_crash(void)
{
	struct memdev m, crash;
	struct fs *fs = h_format_mount(&m, 1024);
	struct fs_stat st;
	uint8_t data[20000];
	uint64_t ino;

	h_fill(data, sizeof(data), 13);
	ino = h_create(fs, "/o", data, sizeof(data));
	fs_open(fs, ino);
	fs_unlink(fs, FS_ROOT_INO, "o");
	CHECK_EQ(fs_sync(fs), 0);
	memdev_clone(&crash, &m);
	fs_release(fs, ino);
	fs_unmount(fs);
	CHECK_EQ(h_fsck_errors(&crash, 0), 0); /* an orphan is a legal state */
	fs = h_mount(&crash, 0);
	CHECK(fs != NULL);
	if (fs) {
		CHECK_EQ(fs_getattr(fs, ino, &st), -ENOENT);
		fs_unmount(fs);
	}
	CHECK_EQ(h_fsck_errors(&crash, 0), 0);
	memdev_free(&crash);
	memdev_free(&m);
}

static uint64_t data_block_of(struct fs *fs, uint64_t ino, uint64_t idx)
{
	uint8_t v[FS_DATA_VAL];
	struct fs_key k = fs_mkkey(ino, FS_T_DATA, idx);
	struct fs_ptr p;

	if (fs_bt_get(fs, &fs->tree, &k, v, sizeof(v)) != FS_DATA_VAL)
		return 0;
	fs_ptr_dec(v, &p);
	return p.blk;
}

void test_data_checksum_mismatch_gives_eio(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 1024);
	uint8_t data[8192], out[8192];
	uint64_t ino, blk;

	h_fill(data, sizeof(data), 14);
	ino = h_create(fs, "/victim", data, sizeof(data));
	fs_sync(fs);
	blk = data_block_of(fs, ino, 1);
	CHECK(blk != 0);
	m.data[blk * FS_BLOCK_SIZE + 100] ^= 1;
	h_log[0] = 0;
	CHECK_EQ(fs_read(fs, ino, 0, out, 4096), 4096);
	CHECK_EQ(fs_read(fs, ino, 4096, out, 4096), -EIO);
	CHECK(strstr(h_log, "inode") && strstr(h_log, "block 1"));
	fs_unmount(fs);
	CHECK(h_fsck_errors(&m, 0) >= 1);
	memdev_free(&m);
}

void test_metadata_damage_detected(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 1024);
	uint64_t root_blk, x;

	h_create(fs, "/a", "a", 1);
	fs_unmount(fs);
	fs = h_mount(&m, 0);
	root_blk = fs->sb.root.blk;
	fs_unmount(fs);
	m.data[root_blk * FS_BLOCK_SIZE + 40] ^= 0x40;
	fs = h_mount(&m, FS_MOUNT_RDONLY);
	CHECK(fs != NULL);
	if (fs) {
		CHECK_EQ(fs_lookup(fs, FS_ROOT_INO, "a", &x), -EIO);
		fs_unmount(fs);
	}
	CHECK(h_fsck_errors(&m, 0) >= 1);
	memdev_free(&m);
}

void test_torn_superblock_falls_back_to_previous(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 1024);
	uint64_t gen;

	h_create(fs, "/first", "1", 1);
	fs_sync(fs);
	h_create(fs, "/second", "2", 1);
	fs_sync(fs);
	gen = fs->sb.gen;
	fs_unmount(fs);
	fs = h_mount(&m, 0);
	gen = fs->sb.gen;
	fs_unmount(fs);
	memset(m.data + (gen % 4) * FS_BLOCK_SIZE + 2048, 0xee, 512); /* one torn sector */
	fs = h_mount(&m, FS_MOUNT_RDONLY);
	CHECK(fs != NULL);
	if (fs) {
		CHECK_EQ(fs->sb.gen, gen - 1);
		CHECK(h_exists(fs, "/first"));
		fs_unmount(fs);
	}
	memdev_free(&m);
}

void test_freed_blocks_wait_for_commit(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 1024);
	uint8_t data[16384];
	uint64_t a, b, old[4], i, j;
	int overlap = 0;

	h_fill(data, sizeof(data), 15);
	a = h_create(fs, "/a", data, sizeof(data));
	fs_sync(fs);
	for (i = 0; i < 4; i++)
		old[i] = data_block_of(fs, a, i);
	fs_unlink(fs, FS_ROOT_INO, "a");
	b = h_create(fs, "/b", data, sizeof(data));
	fs_fsync(fs, b);
	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
			overlap |= data_block_of(fs, b, i) == old[j];
	CHECK(!overlap);
	CHECK(old[0] != 0 && data_block_of(fs, b, 0) != 0);
	fs_unmount(fs);
	memdev_free(&m);
}

void test_full_log_falls_back_to_commit(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 512);
	struct fs_counters c0, c1;
	uint8_t data[4096];
	uint64_t ino;
	int i;

	h_fill(data, sizeof(data), 16);
	ino = h_create(fs, "/f", "", 0);
	fs_get_counters(fs, &c0);
	for (i = 0; i < 100; i++) {
		fs_write(fs, ino, (uint64_t)(i % 8) * 4096, data, sizeof(data));
		CHECK_EQ(fs_fsync(fs, ino), 0);
	}
	fs_get_counters(fs, &c1);
	CHECK(c1.commits > c0.commits);
	CHECK(c1.log_writes > c0.log_writes + 50);
	fs_unmount(fs);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	memdev_free(&m);
}

void test_fsck_repairs_leak_and_link_count(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 1024);
	struct fs_inode in;
	uint64_t ino, blk;

	ino = h_create(fs, "/f", "x", 1);
	fs_inode_get(fs, ino, &in);
	in.nlink = 5;
	fs_inode_put(fs, ino, &in);
	fs_alloc(fs, &blk); /* a block marked used that nothing refers to */
	fs_unmount(fs);
	CHECK_EQ(h_fsck_errors(&m, 0), 2);
	CHECK_EQ(h_fsck_errors(&m, FS_FSCK_REPAIR), 0);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	fs = h_mount(&m, 0);
	fs_inode_get(fs, ino, &in);
	CHECK_EQ(in.nlink, 1);
	fs_unmount(fs);
	memdev_free(&m);
}

void test_fsck_moves_nameless_inode_to_lost_found(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 1024);
	uint64_t ino;

	ino = h_create(fs, "/f", "x", 1);
	fs_dir_remove(fs, FS_ROOT_INO, "f");
	fs_unmount(fs);
	CHECK(h_fsck_errors(&m, 0) >= 1);
	CHECK_EQ(h_fsck_errors(&m, FS_FSCK_REPAIR), 0);
	fs = h_mount(&m, 0);
	CHECK(h_exists(fs, "/lost+found"));
	{
		char name[40];
		uint64_t x, lf;

		snprintf(name, sizeof(name), "#%llu", (unsigned long long)ino);
		fs_resolve(fs, "/lost+found", &lf);
		CHECK_EQ(fs_lookup(fs, lf, name, &x), 0);
	}
	fs_unmount(fs);
	memdev_free(&m);
}

void test_snapshot_mount_sees_old_state(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 2048), *snap;
	struct fs_mount_opts o;
	struct fs_snap_info info[4];
	char buf[16];

	h_create(fs, "/f", "before", 6);
	CHECK_EQ(fs_snap_create(fs, "s1"), 0);
	CHECK_EQ(fs_snap_create(fs, "s1"), -EEXIST);
	h_create(fs, "/f", "AFTER!", 6);
	h_create(fs, "/g", "new", 3);
	CHECK_EQ(fs_snap_list(fs, info, 4), 1);
	CHECK(strcmp(info[0].name, "s1") == 0);
	fs_unmount(fs);
	memset(&o, 0, sizeof(o));
	o.snapshot = "s1";
	o.env = h_env;
	CHECK_EQ(fs_mount(&m.dev, &o, &snap), 0);
	CHECK_EQ(h_read(snap, "/f", buf, sizeof(buf)), 6);
	CHECK(memcmp(buf, "before", 6) == 0);
	CHECK(!h_exists(snap, "/g"));
	CHECK(h_create(snap, "/h", "x", 1) == 0); /* read-only */
	fs_unmount(snap);
	fs = h_mount(&m, 0);
	CHECK_EQ(h_read(fs, "/f", buf, sizeof(buf)), 6);
	CHECK(memcmp(buf, "AFTER!", 6) == 0);
	fs_unmount(fs);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	memdev_free(&m);
}

void test_snapshot_delete_returns_space(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 2048);
	struct fs_statfs a, b, c;
	uint8_t data[65536];
	uint64_t ino;

	h_fill(data, sizeof(data), 17);
	ino = h_create(fs, "/big", data, sizeof(data));
	fs_sync(fs);
	fs_sync(fs);
	fs_statfs(fs, &a);
	CHECK_EQ(fs_snap_create(fs, "s"), 0);
	h_fill(data, sizeof(data), 18);
	fs_write(fs, ino, 0, data, sizeof(data));
	fs_sync(fs);
	fs_sync(fs);
	fs_statfs(fs, &b);
	CHECK(b.bfree + 16 <= a.bfree); /* the snapshot keeps the old 16 blocks */
	fs_unmount(fs);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	fs = h_mount(&m, 0);
	CHECK_EQ(fs_snap_delete(fs, "s"), 0);
	fs_sync(fs);
	fs_statfs(fs, &c);
	CHECK(c.bfree >= a.bfree - 4);
	fs_unmount(fs);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	memdev_free(&m);
}

void test_snapshot_rollback_restores_tree(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 2048);
	char buf[16];

	h_create(fs, "/keep", "v1", 2);
	CHECK_EQ(fs_snap_create(fs, "good"), 0);
	h_create(fs, "/keep", "v2", 2);
	h_create(fs, "/junk", "j", 1);
	CHECK_EQ(fs_snap_create(fs, "newer"), 0);
	CHECK_EQ(fs_snap_rollback(fs, "good"), -EBUSY);
	CHECK_EQ(fs_snap_delete(fs, "newer"), 0);
	CHECK_EQ(fs_snap_rollback(fs, "good"), 0);
	CHECK_EQ(h_read(fs, "/keep", buf, sizeof(buf)), 2);
	CHECK(memcmp(buf, "v1", 2) == 0);
	CHECK(!h_exists(fs, "/junk"));
	h_create(fs, "/after", "a", 1);
	fs_unmount(fs);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	fs = h_mount(&m, 0);
	CHECK(h_exists(fs, "/after"));
	CHECK_EQ(fs_snap_delete(fs, "good"), 0);
	fs_unmount(fs);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	memdev_free(&m);
}

void test_write_error_makes_fs_fail_safe(void)
{
	struct memdev m, copy;
	struct fs *fs = h_format_mount(&m, 1024);
	uint64_t ino;

	ino = h_create(fs, "/a", "durable", 7);
	fs_fsync(fs, ino);
	m.fail_after = 0;
	h_create(fs, "/b", "x", 1);
	CHECK(fs_sync(fs) < 0);
	CHECK(fs_fsync(fs, ino) < 0); /* broken stays broken: no half state is written */
	fs_unmount(fs);
	m.fail_after = -1;
	memdev_clone(&copy, &m);
	fs = h_mount(&copy, 0);
	CHECK(fs && h_exists(fs, "/a"));
	if (fs)
		fs_unmount(fs);
	CHECK_EQ(h_fsck_errors(&copy, 0), 0);
	memdev_free(&copy);
	memdev_free(&m);
}

/* Checks an in-memory subtree: keys sorted, inside the bounds the parent promised, nodes fit. */
static int bt_sound(const struct fs_node *n, const struct fs_key *lo, const struct fs_key *hi)
{
	const struct fs_key *k;
	int i, bad = n->bytes > FS_BLOCK_SIZE;

	for (i = 0; i < n->n; i++) {
		k = n->level ? &n->keys[i] : &n->items[i].key;
		bad |= fs_key_cmp(k, lo) < 0 || (hi && fs_key_cmp(k, hi) >= 0);
		if (n->level && n->kids[i])
			bad |= !bt_sound(n->kids[i], k, i + 1 < n->n ? &n->keys[i + 1] : hi);
	}
	return !bad;
}

/* The B-tree alone against a plain array: big values (3 per leaf) make many nodes; deleting
 * runs of keys empties nodes, then keys inserted into the holes test the bounds. */
void test_btree_matches_model_under_random_changes(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 8192);
	static unsigned char have[4000];
	struct fs_key k, lo = fs_mkkey(0, 0, 0), found;
	uint8_t val[1200], out[1200];
	uint32_t x = 99;
	int i, j, bad = 0, n, step;

	memset(have, 0, sizeof(have));
	for (step = 0; step < 6; step++) {
		for (i = 0; i < 4000; i++) {
			x = x * 1103515245u + 12345u;
			j = step % 2 ? (int)((x >> 8) % 4000) : i;
			k = fs_mkkey(1000000 + (uint64_t)j, 9, 0);
			if (step % 3 == 2 && j % 97 < 60 && have[j]) { /* runs of deletions */
				bad += fs_bt_del(fs, &fs->tree, &k) != 0;
				have[j] = 0;
			} else if (step % 3 != 2) {
				memset(val, j & 0xff, sizeof(val));
				bad += fs_bt_put(fs, &fs->tree, &k, val, 400 + (size_t)(j % 800)) != 0;
				have[j] = 1;
			}
		}
		CHECK(bt_sound(fs->tree.node, &lo, NULL));
		CHECK_EQ(fs_sync(fs), 0);
	}
	CHECK_EQ(bad, 0);
	fs_bt_drop(fs, &fs->tree); /* read it all back from disk */
	k = fs_mkkey(1000000, 9, 0);
	for (n = 0; fs_bt_next(fs, &fs->tree, &k, &found, out, sizeof(out)) >= 0 &&
		    found.type == 9; n++) {
		j = (int)(found.ino - 1000000);
		bad += !have[j] || out[0] != (j & 0xff);
		k = found;
		k.off++;
	}
	for (i = 0, j = 0; i < 4000; i++)
		j += have[i];
	CHECK_EQ(n, j);
	CHECK_EQ(bad, 0);
	CHECK(bt_sound(fs->tree.node, &lo, NULL));
	for (i = 0; i < 4000; i++) {
		k = fs_mkkey(1000000 + (uint64_t)i, 9, 0);
		if (have[i])
			bad += fs_bt_del(fs, &fs->tree, &k) != 0;
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(fs->tree.node->level, 0);
	fs_unmount(fs);
	memdev_free(&m);
}

/* Three generations of one file: deleting the middle snapshot and then the newest must keep
 * exactly the blocks the others still use. */
void test_snapshot_delete_keeps_blocks_of_others(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 2048), *snap;
	struct fs_mount_opts o;
	uint8_t v1[20000], v2[20000], v3[20000], out[20000];
	uint64_t ino;

	h_fill(v1, sizeof(v1), 21);
	h_fill(v2, sizeof(v2), 22);
	h_fill(v3, sizeof(v3), 23);
	ino = h_create(fs, "/f", v1, sizeof(v1));
	h_create(fs, "/only-in-s1", "x", 1);
	CHECK_EQ(fs_snap_create(fs, "s1"), 0);
	fs_unlink(fs, FS_ROOT_INO, "only-in-s1");
	fs_write(fs, ino, 0, v2, 8192); /* s2 shares the tail of v1 with s1 */
	CHECK_EQ(fs_snap_create(fs, "s2"), 0);
	fs_write(fs, ino, 0, v3, sizeof(v3));
	CHECK_EQ(fs_snap_create(fs, "s3"), 0);
	CHECK_EQ(fs_snap_delete(fs, "s2"), 0);
	fs_unmount(fs);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	fs = h_mount(&m, 0);
	CHECK_EQ(fs_snap_delete(fs, "s3"), 0);
	fs_unmount(fs);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	memset(&o, 0, sizeof(o));
	o.snapshot = "s1";
	o.env = h_env;
	CHECK_EQ(fs_mount(&m.dev, &o, &snap), 0);
	CHECK_EQ(h_read(snap, "/f", out, sizeof(out)), sizeof(v1));
	CHECK(memcmp(out, v1, sizeof(v1)) == 0);
	CHECK(h_exists(snap, "/only-in-s1"));
	fs_unmount(snap);
	fs = h_mount(&m, 0);
	CHECK_EQ(h_read(fs, "/f", out, sizeof(out)), sizeof(v3));
	CHECK(memcmp(out, v3, sizeof(v3)) == 0);
	CHECK_EQ(fs_snap_delete(fs, "s1"), 0);
	fs_unmount(fs);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	memdev_free(&m);
}

void test_fsck_removes_entry_of_missing_inode(void)
{
	struct memdev m;
	struct fs *fs = h_format_mount(&m, 1024);
	struct fs_key k;
	uint64_t ino, d;

	fs_mkdir(fs, FS_ROOT_INO, "d", 0755, 0, 0, &d);
	ino = h_create(fs, "/d/f", "data", 4);
	h_create(fs, "/d/g", "kept", 4);
	fs_sync(fs);
	k = fs_mkkey(ino, FS_T_INODE, 0);
	fs_item_del(fs, &k); /* the inode vanishes, its entry and data stay */
	fs->sb.ninodes--;
	fs_unmount(fs);
	CHECK(h_fsck_errors(&m, 0) >= 2);
	CHECK_EQ(h_fsck_errors(&m, FS_FSCK_REPAIR), 0);
	CHECK_EQ(h_fsck_errors(&m, 0), 0);
	fs = h_mount(&m, 0);
	CHECK(!h_exists(fs, "/d/f"));
	CHECK(h_exists(fs, "/d/g"));
	fs_unmount(fs);
	memdev_free(&m);
}
