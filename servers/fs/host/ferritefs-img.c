/* ferritefs-img.c: builds and inspects FerriteFS images from the host.
 *   ferritefs-img create IMAGE SIZE [DIR]   format, then copy DIR's tree in (the root disk)
 *   ferritefs-img put IMAGE SRC DEST        copy a host file or tree into the image
 *   ferritefs-img get IMAGE SRC DEST        copy a file or tree out of the image
 *   ferritefs-img ls IMAGE [PATH]           list a directory
 *   ferritefs-img cat IMAGE PATH            file contents to stdout
 *   ferritefs-img mkdir|rm IMAGE PATH
 *   ferritefs-img snap IMAGE create|delete|rollback NAME, or snap IMAGE list
 * Copies keep mode, owner and nanosecond times; symlinks and hard links within a tree too.
 * --owner UID:GID (before the command) gives everything copied in that owner instead, so a
 * root disk built by an ordinary user is owned by root. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "filedev.h"

#define IMG_BUF (1 << 20)

static struct fs *img_fs;
static char *img_buf;
static int img_owner_set;
static uid_t img_uid;
static gid_t img_gid;

struct img_link { dev_t dev; ino_t ino; uint64_t fino; struct img_link *next; };
static struct img_link *img_links; /* host inode -> image inode, for hard links */

static int img_split(const char *path, uint64_t *dir, const char **name)
{
	char parent[4096];
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;

	if (n >= sizeof(parent))
		return -ENAMETOOLONG;
	memcpy(parent, path, n);
	parent[n] = 0;
	*name = slash ? slash + 1 : path;
	return fs_resolve(img_fs, parent, dir);
}

static void img_set_attrs(uint64_t ino, const struct stat *st)
{
	struct fs_stat a;

	memset(&a, 0, sizeof(a));
	a.mode = st->st_mode;
	a.uid = st->st_uid;
	a.gid = st->st_gid;
	a.atime.sec = st->st_atim.tv_sec;
	a.atime.nsec = (uint32_t)st->st_atim.tv_nsec;
	a.mtime.sec = st->st_mtim.tv_sec;
	a.mtime.nsec = (uint32_t)st->st_mtim.tv_nsec;
	fs_setattr(img_fs, ino, &a, FS_SET_UID | FS_SET_GID | FS_SET_ATIME | FS_SET_MTIME |
		   (S_ISLNK(st->st_mode) ? 0 : FS_SET_MODE));
}

static int img_put_file(const char *src, uint64_t ino)
{
	int fd = open(src, O_RDONLY);
	ssize_t n;
	uint64_t off = 0;
	int64_t w;

	if (fd < 0)
		return -errno;
	while ((n = read(fd, img_buf, IMG_BUF)) > 0) {
		w = fs_write(img_fs, ino, off, img_buf, (size_t)n);
		if (w < 0) {
			close(fd);
			return (int)w;
		}
		off += (uint64_t)n;
	}
	close(fd);
	return n < 0 ? -errno : 0;
}

static int img_put(const char *src, uint64_t dir, const char *name);

static int img_not_dots(const struct dirent *de)
{
	return strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
}

/* Entries go in sorted order, so inode numbers (and the image) do not depend on the host. */
static int img_put_dir(const char *src, uint64_t ino)
{
	char path[4096];
	struct dirent **des;
	int n = scandir(src, &des, img_not_dots, alphasort), i, rc = 0;

	if (n < 0)
		return -errno;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", src, des[i]->d_name);
		if (rc == 0)
			rc = img_put(path, ino, des[i]->d_name);
		free(des[i]);
	}
	free(des);
	return rc;
}

static int img_put_link(const struct stat *st, uint64_t dir, const char *name)
{
	struct img_link *l;

	for (l = img_links; l; l = l->next)
		if (l->dev == st->st_dev && l->ino == st->st_ino)
			return fs_link(img_fs, l->fino, dir, name) == 0 ? 1 : -EIO;
	return 0;
}

static void img_remember(const struct stat *st, uint64_t fino)
{
	struct img_link *l = malloc(sizeof(*l));

	if (!l)
		return;
	l->dev = st->st_dev;
	l->ino = st->st_ino;
	l->fino = fino;
	l->next = img_links;
	img_links = l;
}

static int img_put(const char *src, uint64_t dir, const char *name)
{
	struct stat st;
	char target[FS_SYMLINK_MAX + 1];
	uint64_t ino;
	ssize_t n;
	int rc;

	if (lstat(src, &st) < 0)
		return -errno;
	if (img_owner_set) {
		st.st_uid = img_uid;
		st.st_gid = img_gid;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = fs_lookup(img_fs, dir, name, &ino);
		if (rc == -ENOENT)
			rc = fs_mkdir(img_fs, dir, name, st.st_mode, st.st_uid, st.st_gid, &ino);
		if (rc == 0)
			rc = img_put_dir(src, ino);
	} else if (S_ISLNK(st.st_mode)) {
		n = readlink(src, target, sizeof(target) - 1);
		if (n < 0)
			return -errno;
		target[n] = 0;
		rc = fs_symlink(img_fs, dir, name, target, st.st_uid, st.st_gid, &ino);
	} else {
		if (st.st_nlink > 1 && (rc = img_put_link(&st, dir, name)) != 0)
			return rc < 0 ? rc : 0;
		rc = fs_create(img_fs, dir, name, st.st_mode, S_ISREG(st.st_mode) ? 0 : st.st_rdev,
			       st.st_uid, st.st_gid, &ino);
		if (rc == 0 && S_ISREG(st.st_mode))
			rc = img_put_file(src, ino);
		if (rc == 0 && st.st_nlink > 1)
			img_remember(&st, ino);
	}
	if (rc == 0)
		img_set_attrs(ino, &st);
	if (rc < 0)
		fprintf(stderr, "ferritefs-img: %s: %s\n", src, strerror(-rc));
	return rc;
}

static int img_get(uint64_t ino, const char *dest);

struct img_walk { const char *dest; int rc; };

static int img_get_entry(void *ctx, const char *name, uint64_t ino, uint32_t type, uint64_t cookie)
{
	struct img_walk *w = ctx;
	char path[4096];

	(void)type;
	(void)cookie;
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return 0;
	snprintf(path, sizeof(path), "%s/%s", w->dest, name);
	w->rc = img_get(ino, path);
	return w->rc != 0;
}

static int img_get_file(uint64_t ino, const char *dest, const struct fs_stat *st)
{
	int fd = open(dest, O_WRONLY | O_CREAT | O_TRUNC, st->mode & 07777);
	uint64_t off = 0;
	int64_t n;

	if (fd < 0)
		return -errno;
	while ((n = fs_read(img_fs, ino, off, img_buf, IMG_BUF)) > 0) {
		if (write(fd, img_buf, (size_t)n) != n) {
			close(fd);
			return -EIO;
		}
		off += (uint64_t)n;
	}
	close(fd);
	return n < 0 ? (int)n : 0;
}

static int img_get(uint64_t ino, const char *dest)
{
	struct fs_stat st;
	struct img_walk w;
	char target[FS_SYMLINK_MAX + 1];
	int rc = fs_getattr(img_fs, ino, &st), n;

	if (rc < 0)
		return rc;
	if ((st.mode & FS_S_IFMT) == FS_S_IFDIR) {
		if (mkdir(dest, st.mode & 07777) < 0 && errno != EEXIST)
			return -errno;
		w.dest = dest;
		w.rc = 0;
		rc = fs_readdir(img_fs, ino, 0, img_get_entry, &w);
		return rc < 0 ? rc : w.rc;
	}
	if ((st.mode & FS_S_IFMT) == FS_S_IFLNK) {
		n = fs_readlink(img_fs, ino, target, sizeof(target) - 1);
		if (n < 0)
			return n;
		target[n] = 0;
		return symlink(target, dest) < 0 ? -errno : 0;
	}
	if ((st.mode & FS_S_IFMT) != FS_S_IFREG)
		return 0; /* devices and fifos are not recreated on the host */
	return img_get_file(ino, dest, &st);
}

static int img_ls_entry(void *ctx, const char *name, uint64_t ino, uint32_t type, uint64_t cookie)
{
	struct fs_stat st;

	(void)ctx;
	(void)type;
	(void)cookie;
	if (fs_getattr(img_fs, ino, &st) == 0)
		printf("%06o %3u %5u %5u %12llu %s\n", st.mode, st.nlink, st.uid, st.gid,
		       (unsigned long long)st.size, name);
	return 0;
}

static int img_snap(int argc, char **argv)
{
	struct fs_snap_info info[FS_SNAP_MAX];
	int i, n;

	if (argc >= 5 && !strcmp(argv[3], "create"))
		return fs_snap_create(img_fs, argv[4]);
	if (argc >= 5 && !strcmp(argv[3], "delete"))
		return fs_snap_delete(img_fs, argv[4]);
	if (argc >= 5 && !strcmp(argv[3], "rollback"))
		return fs_snap_rollback(img_fs, argv[4]);
	if (argc >= 4 && !strcmp(argv[3], "list")) {
		n = fs_snap_list(img_fs, info, FS_SNAP_MAX);
		for (i = 0; i < n; i++)
			printf("%llu %s gen %llu\n", (unsigned long long)info[i].id, info[i].name,
			       (unsigned long long)info[i].gen);
		return 0;
	}
	return -EINVAL;
}

static int img_cmd(int argc, char **argv)
{
	const char *cmd = argv[1], *name;
	uint64_t ino, dir;
	int rc;

	if (!strcmp(cmd, "create") || !strcmp(cmd, "put")) {
		if (argc < 4 + !strcmp(cmd, "put"))
			return -EINVAL;
		if (!strcmp(cmd, "create"))
			return argc > 4 ? img_put_dir(argv[4], FS_ROOT_INO) : 0;
		rc = img_split(argv[4], &dir, &name);
		return rc < 0 ? rc : img_put(argv[3], dir, name);
	}
	if (!strcmp(cmd, "snap"))
		return img_snap(argc, argv);
	rc = fs_resolve(img_fs, argc > 3 ? argv[3] : "/", &ino);
	if (rc < 0)
		return rc;
	if (!strcmp(cmd, "get") && argc > 4)
		return img_get(ino, argv[4]);
	if (!strcmp(cmd, "ls"))
		return fs_readdir(img_fs, ino, 0, img_ls_entry, NULL);
	if (!strcmp(cmd, "cat")) {
		uint64_t off = 0;
		int64_t n;

		while ((n = fs_read(img_fs, ino, off, img_buf, IMG_BUF)) > 0) {
			fwrite(img_buf, 1, (size_t)n, stdout);
			off += (uint64_t)n;
		}
		return (int)(n < 0 ? n : 0);
	}
	if (!strcmp(cmd, "mkdir") || !strcmp(cmd, "rm"))
		return -EINVAL; /* resolved an existing path: mkdir of it is EEXIST, handled below */
	return -EINVAL;
}

static int img_mkdir_rm(const char *cmd, const char *path)
{
	const char *name;
	uint64_t dir, ino, x;
	struct fs_stat st;
	int rc = img_split(path, &dir, &name);

	if (rc < 0)
		return rc;
	if (!strcmp(cmd, "mkdir"))
		return fs_mkdir(img_fs, dir, name, 0755, 0, 0, &ino);
	rc = fs_lookup(img_fs, dir, name, &x);
	if (rc == 0)
		rc = fs_getattr(img_fs, x, &st);
	if (rc < 0)
		return rc;
	return (st.mode & FS_S_IFMT) == FS_S_IFDIR ? fs_rmdir(img_fs, dir, name)
						   : fs_unlink(img_fs, dir, name);
}

int main(int argc, char **argv)
{
	struct filedev f;
	struct fs_mount_opts o;
	int rc, rdonly;

	if (argc > 2 && !strcmp(argv[1], "--owner")) {
		unsigned u, g;

		if (sscanf(argv[2], "%u:%u", &u, &g) != 2)
			return 2;
		img_owner_set = 1;
		img_uid = u;
		img_gid = g;
		argv += 2;
		argc -= 2;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: ferritefs-img [--owner UID:GID] create|put|get|ls|cat|mkdir|rm|snap IMAGE ...\n");
		return 2;
	}
	rdonly = !strcmp(argv[1], "get") || !strcmp(argv[1], "ls") || !strcmp(argv[1], "cat");
	if (!strcmp(argv[1], "create")) {
		struct fs_mkfs_opts mo;

		memset(&mo, 0, sizeof(mo));
		mo.env = filedev_env;
		rc = argc > 3 ? filedev_create(&f, argv[2], filedev_parse_size(argv[3])) : -EINVAL;
		if (rc == 0)
			rc = fs_mkfs(&f.dev, &mo);
	} else {
		rc = filedev_open(&f, argv[2], rdonly);
	}
	memset(&o, 0, sizeof(o));
	o.env = filedev_env;
	o.flags = rdonly ? FS_MOUNT_RDONLY : 0;
	img_buf = malloc(IMG_BUF);
	if (rc == 0)
		rc = img_buf ? fs_mount(&f.dev, &o, &img_fs) : -ENOMEM;
	if (rc == 0) {
		if ((!strcmp(argv[1], "mkdir") || !strcmp(argv[1], "rm")) && argc > 3)
			rc = img_mkdir_rm(argv[1], argv[3]);
		else
			rc = img_cmd(argc, argv);
		if (fs_unmount(img_fs) < 0 && rc == 0)
			rc = -EIO;
	}
	if (rc < 0) {
		fprintf(stderr, "ferritefs-img %s %s: %s\n", argv[1], argv[2], strerror(-rc));
		return 1;
	}
	return 0;
}
