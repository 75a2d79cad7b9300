/* bench.c: host benchmarks of the FerriteFS core on an image file (fdatasync as flush):
 * create, write+fsync, sequential write and read, stat, unlink. Figures show regressions of
 * the core before in-system figures exist; they depend on the host's disk, so compare runs
 * on one machine only.   fs-bench IMAGE [MiB] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../../servers/fs/host/filedev.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct fs *bench_mount(struct filedev *f)
{
	struct fs_mount_opts o;
	struct fs *fs;

	memset(&o, 0, sizeof(o));
	o.env = filedev_env;
	if (fs_mount(&f->dev, &o, &fs) < 0) {
		fprintf(stderr, "fs-bench: mount failed\n");
		exit(1);
	}
	return fs;
}

static void report(const char *what, double n, const char *unit, double secs)
{
	printf("%-34s %10.0f %s/s  (%.3f s)\n", what, n / secs, unit, secs);
}

static void bench_small_files(struct fs *fs, int n, int fsync_each)
{
	char name[32], data[1024];
	uint64_t dir, ino;
	double t;
	int i;

	memset(data, 'b', sizeof(data));
	fs_mkdir(fs, FS_ROOT_INO, fsync_each ? "synced" : "small", 0755, 0, 0, &dir);
	t = now();
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "f%06d", i);
		fs_create(fs, dir, name, 0644, 0, 0, 0, &ino);
		fs_write(fs, ino, 0, data, sizeof(data));
		if (fsync_each)
			fs_fsync(fs, ino);
	}
	fs_sync(fs);
	report(fsync_each ? "create 1 KiB file + fsync" : "create 1 KiB file (one sync)", n,
	       "files", now() - t);
}

static void bench_write_fsync(struct fs *fs, int n)
{
	char data[4096];
	uint64_t ino;
	double t;
	int i;

	memset(data, 'w', sizeof(data));
	fs_create(fs, FS_ROOT_INO, "log", 0644, 0, 0, 0, &ino);
	t = now();
	for (i = 0; i < n; i++) {
		fs_write(fs, ino, (uint64_t)i * sizeof(data), data, sizeof(data));
		fs_fsync(fs, ino);
	}
	report("append 4 KiB + fsync", n, "ops", now() - t);
}

static void bench_seq(struct filedev *f, struct fs **fsp, uint64_t mib)
{
	static char buf[1 << 20];
	struct fs *fs = *fsp;
	uint64_t ino, i;
	double t;

	memset(buf, 's', sizeof(buf));
	fs_create(fs, FS_ROOT_INO, "seq", 0644, 0, 0, 0, &ino);
	t = now();
	for (i = 0; i < mib; i++)
		fs_write(fs, ino, i << 20, buf, sizeof(buf));
	fs_fsync(fs, ino);
	report("sequential write (MiB)", (double)mib, "MiB", now() - t);
	fs_unmount(fs);
	fs = *fsp = bench_mount(f);
	fs_resolve(fs, "/seq", &ino);
	t = now();
	for (i = 0; i < mib; i++)
		fs_read(fs, ino, i << 20, buf, sizeof(buf));
	report("sequential read after remount", (double)mib, "MiB", now() - t);
}

static void bench_stat_unlink(struct fs *fs, int n)
{
	struct fs_stat st;
	char name[32];
	uint64_t dir, ino;
	double t;
	int i;

	fs_resolve(fs, "/small", &dir);
	t = now();
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "f%06d", i);
		fs_lookup(fs, dir, name, &ino);
		fs_getattr(fs, ino, &st);
	}
	report("lookup + stat", n, "files", now() - t);
	t = now();
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "f%06d", i);
		fs_unlink(fs, dir, name);
	}
	fs_sync(fs);
	report("unlink (one sync)", n, "files", now() - t);
}

int main(int argc, char **argv)
{
	struct fs_mkfs_opts ko;
	struct filedev f;
	struct fs *fs;
	uint64_t mib = argc > 2 ? strtoull(argv[2], NULL, 10) : 256;

	if (argc < 2) {
		fprintf(stderr, "usage: fs-bench IMAGE [MiB]\n");
		return 2;
	}
	memset(&ko, 0, sizeof(ko));
	ko.env = filedev_env;
	if (filedev_create(&f, argv[1], (mib * 2 + 512) << 20) < 0 || fs_mkfs(&f.dev, &ko) < 0) {
		fprintf(stderr, "fs-bench: cannot create %s\n", argv[1]);
		return 1;
	}
	fs = bench_mount(&f);
	bench_small_files(fs, 20000, 0);
	bench_small_files(fs, 1000, 1);
	bench_write_fsync(fs, 2000);
	bench_seq(&f, &fs, mib);
	bench_stat_unlink(fs, 20000);
	fs_unmount(fs);
	filedev_close(&f);
	return 0;
}
