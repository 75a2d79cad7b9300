/* fuzz.c: the libFuzzer target. The input is a disk image (8 to 64 blocks): it is checked by
 * fsck, mounted read-only and walked (every directory listed, every file and link read), its
 * snapshots mounted, then mounted read-write, changed, synced, repaired by fsck and checked
 * again. Nothing may crash, leak or hang, whatever the bytes. Built with FS_FUZZING, so
 * checksums do not stop mutated blocks before the code that parses them. */
#include <stdlib.h>
#include <string.h>
#include "memdev.h"

#define FZ_MAX_ENTRIES 4000

struct fz_walk {
	struct fs *fs;
	int depth, entries;
};

static void fz_dir(struct fz_walk *w, uint64_t ino);

static int fz_entry(void *ctx, const char *name, uint64_t ino, uint32_t type, uint64_t cookie)
{
	struct fz_walk *w = ctx;
	struct fs_stat st;
	char buf[FS_SYMLINK_MAX + 1];
	uint8_t data[8192];
	uint64_t off;

	(void)type;
	(void)cookie;
	if (++w->entries > FZ_MAX_ENTRIES)
		return 1;
	if (!strcmp(name, ".") || !strcmp(name, "..") || fs_getattr(w->fs, ino, &st) < 0)
		return 0;
	if ((st.mode & FS_S_IFMT) == FS_S_IFDIR && w->depth < 6) {
		w->depth++;
		fz_dir(w, ino);
		w->depth--;
	} else if ((st.mode & FS_S_IFMT) == FS_S_IFLNK) {
		fs_readlink(w->fs, ino, buf, sizeof(buf));
	} else {
		for (off = 0; off < st.size && off < 65536; off += sizeof(data))
			fs_read(w->fs, ino, off, data, sizeof(data));
		fs_read(w->fs, ino, st.size > 4096 ? st.size - 4096 : 0, data, sizeof(data));
	}
	return 0;
}

static void fz_dir(struct fz_walk *w, uint64_t ino)
{
	fs_readdir(w->fs, ino, 0, fz_entry, w);
}

static void fz_walk_fs(struct fs *fs)
{
	struct fz_walk w;
	struct fs_statfs sf;

	memset(&w, 0, sizeof(w));
	w.fs = fs;
	fz_dir(&w, FS_ROOT_INO);
	fs_statfs(fs, &sf);
}

static void fz_mount_walk(struct memdev *m, unsigned flags, const char *snap)
{
	struct fs_mount_opts o;
	struct fs *fs;

	memset(&o, 0, sizeof(o));
	o.flags = flags;
	o.snapshot = snap;
	if (fs_mount(&m->dev, &o, &fs) == 0) {
		fz_walk_fs(fs);
		fs_unmount(fs);
	}
}

static void fz_change(struct memdev *m)
{
	struct fs_mount_opts o;
	struct fs_snap_info snaps[FS_SNAP_MAX];
	struct fs *fs;
	uint64_t ino, d;
	char data[5000];
	int n;

	memset(&o, 0, sizeof(o));
	memset(data, 'z', sizeof(data));
	if (fs_mount(&m->dev, &o, &fs) < 0)
		return;
	n = fs_snap_list(fs, snaps, FS_SNAP_MAX);
	if (fs_create(fs, FS_ROOT_INO, "fuzz-new", 0644, 0, 0, 0, &ino) == 0) {
		fs_write(fs, ino, 0, data, sizeof(data));
		fs_fsync(fs, ino);
	}
	fs_mkdir(fs, FS_ROOT_INO, "fuzz-dir", 0755, 0, 0, &d);
	fs_rename(fs, FS_ROOT_INO, "fuzz-new", FS_ROOT_INO, "a", 0);
	fs_unlink(fs, FS_ROOT_INO, "b");
	fs_rmdir(fs, FS_ROOT_INO, "d");
	if (n > 0)
		fs_snap_delete(fs, snaps[0].name);
	fs_sync(fs);
	fz_walk_fs(fs);
	fs_unmount(fs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fs_fsck_result r;
	struct fs_snap_info snaps[FS_SNAP_MAX];
	struct fs_mount_opts o;
	struct memdev m;
	struct fs *fs;
	uint64_t nblocks = (size + FS_BLOCK_SIZE - 1) / FS_BLOCK_SIZE;
	int n, i;

	if (nblocks < 8 || nblocks > 64 || memdev_init(&m, nblocks) < 0)
		return 0;
	memcpy(m.data, data, size);
	fs_fsck(&m.dev, 0, NULL, &r);
	fz_mount_walk(&m, FS_MOUNT_RDONLY, NULL);
	memset(&o, 0, sizeof(o));
	o.flags = FS_MOUNT_RDONLY;
	if (fs_mount(&m.dev, &o, &fs) == 0) {
		n = fs_snap_list(fs, snaps, FS_SNAP_MAX);
		fs_unmount(fs);
		for (i = 0; i < n && i < FS_SNAP_MAX; i++)
			fz_mount_walk(&m, 0, snaps[i].name);
	}
	fz_change(&m);
	fs_fsck(&m.dev, FS_FSCK_REPAIR, NULL, &r);
	fs_fsck(&m.dev, 0, NULL, &r);
	memdev_free(&m);
	return 0;
}
