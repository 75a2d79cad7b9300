/* utils/tar.c: tar, ustar archives: tar -c|-t|-x [-vz] [-f ARCHIVE] [-C DIR] [FILE...] (the
 * old form `tar cvf a.tar dir` too; -z through the gzip program). Directories, regular files, symbolic and hard links
 * (entries of one archive naming the same file), modes and modification times; names up to
 * 255 bytes (ustar's prefix and name). Extraction strips a leading / and refuses `..`. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "lib/util.h"

static const char tar_help[] =
	"usage: tar -c [-vz] [-f ARCHIVE] [-C DIR] FILE...\n"
	"       tar -t [-vz] [-f ARCHIVE] [FILE...]\n"
	"       tar -x [-vz] [-f ARCHIVE] [-C DIR] [FILE...]\n"
	"Makes (-c), lists (-t) or extracts (-x) a ustar archive (standard input or output\n"
	"unless -f; - is them too). The first argument may leave out its - (tar cvf a.tar d).\n"
	"  -v      name each file (-t -v: in the long form)\n"
	"  -C DIR  work in DIR (after the archive is opened)\n"
	"  -z      the archive is compressed with gzip (through the gzip program)\n"
	"  -o -p -m  accepted: owners are never set; modes and times always are\n"
	"Exit status: 0, or 1 if a file could not be archived or extracted, 2 on a bad archive.\n";

#define TAR_BLOCK 512
#define TAR_RECORD 10240

struct tar_header {
	char name[100], mode[8], uid[8], gid[8], size[12], mtime[12], chksum[8], type;
	char linkname[100], magic[6], version[2], uname[32], gname[32], devmajor[8], devminor[8];
	char prefix[155], pad[12];
};
_Static_assert(sizeof(struct tar_header) == TAR_BLOCK, "ustar header is one block");

static int tar_fd, tar_verbose, tar_status;
static unsigned long long tar_written;
static struct { dev_t dev; ino_t ino; char *name; } *tar_links; /* -c: files seen with links */
static size_t tar_nlinks;

static void tar_write(const void *p, size_t n)
{
	const char *s = p;
	while (n) {
		ssize_t w = write(tar_fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			util_die(1, "write error: %s", strerror(errno));
		s += w;
		n -= (size_t)w;
		tar_written += (unsigned long long)w;
	}
}

/* Reads exactly N bytes; 0 at a clean end, -1 short. */
static int tar_read(void *p, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(tar_fd, (char *)p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			util_die(2, "read error: %s", strerror(errno));
		if (r == 0)
			return got ? -1 : 0;
		got += (size_t)r;
	}
	return 1;
}

/* V in SIZE - 1 octal digits and a NUL; a value that does not fit is the field's largest. */
static void tar_octal(char *field, size_t size, unsigned long long v)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), "%0*llo", (int)size - 1, v);
	if (n > (int)size - 1)
		memset(tmp, '7', size - 1);
	memcpy(field, tmp, size - 1);
	field[size - 1] = 0;
}

static unsigned long long tar_number(const char *field, size_t size)
{
	unsigned long long v = 0;
	for (size_t i = 0; i < size && (field[i] == ' ' || field[i] == '0'); i++)
		;
	for (size_t i = 0; i < size && field[i]; i++)
		if (field[i] >= '0' && field[i] <= '7')
			v = v * 8 + (unsigned)(field[i] - '0');
	return v;
}

static unsigned tar_sum(const struct tar_header *h)
{
	const unsigned char *p = (const unsigned char *)h;
	unsigned sum = 0;
	for (size_t i = 0; i < TAR_BLOCK; i++)
		sum += (i >= 148 && i < 156) ? ' ' : p[i];
	return sum;
}

/* ---- create ---- */

static int tar_names(struct tar_header *h, const char *name)
{
	size_t n = strlen(name);
	if (n <= 100) {
		memcpy(h->name, name, n);
		return 0;
	}
	/* split at a slash: the prefix up to 155 bytes, the rest up to 100 */
	for (size_t i = n - 1; i > 0; i--)
		if (name[i] == '/' && i <= 155 && n - i - 1 <= 100 && n - i - 1 > 0) {
			memcpy(h->prefix, name, i);
			memcpy(h->name, name + i + 1, n - i - 1);
			return 0;
		}
	return -1;
}

static void tar_header_for(struct tar_header *h, const char *name, const struct stat *st,
	char type, unsigned long long size)
{
	struct passwd *pw = getpwuid(st->st_uid);
	struct group *gr = getgrgid(st->st_gid);
	tar_octal(h->mode, sizeof(h->mode), st->st_mode & 07777);
	tar_octal(h->uid, sizeof(h->uid), st->st_uid);
	tar_octal(h->gid, sizeof(h->gid), st->st_gid);
	tar_octal(h->size, sizeof(h->size), size);
	tar_octal(h->mtime, sizeof(h->mtime), (unsigned long long)st->st_mtim.tv_sec);
	h->type = type;
	memcpy(h->magic, "ustar", 6);
	memcpy(h->version, "00", 2);
	if (pw)
		snprintf(h->uname, sizeof(h->uname), "%s", pw->pw_name);
	if (gr)
		snprintf(h->gname, sizeof(h->gname), "%s", gr->gr_name);
	(void)name;
	snprintf(h->chksum, sizeof(h->chksum), "%06o", tar_sum(h));
	h->chksum[7] = ' ';
}

static void tar_add(const char *path, const struct stat *st)
{
	struct tar_header h;
	char *name = util_alloc(strlen(path) + 2);
	const char *p = path;
	while (*p == '/')
		p++; /* stored relative, as GNU tar does */
	strcpy(name, *p ? p : ".");
	if (S_ISDIR(st->st_mode) && name[strlen(name) - 1] != '/')
		strcat(name, "/");
	memset(&h, 0, sizeof(h));
	if (tar_names(&h, name) < 0) {
		util_msg("%s: name too long for ustar", path);
		tar_status = 1;
		free(name);
		return;
	}
	if (tar_verbose)
		fprintf(stderr, "%s\n", name);
	if (S_ISLNK(st->st_mode)) {
		ssize_t n = readlink(path, h.linkname, sizeof(h.linkname));
		if (n < 0 || (size_t)n >= sizeof(h.linkname)) {
			util_msg("%s: link target unreadable or too long", path);
			tar_status = 1;
		} else {
			tar_header_for(&h, name, st, '2', 0);
			tar_write(&h, sizeof(h));
		}
	} else if (S_ISDIR(st->st_mode)) {
		tar_header_for(&h, name, st, '5', 0);
		tar_write(&h, sizeof(h));
	} else if (S_ISREG(st->st_mode)) {
		for (size_t i = 0; st->st_nlink > 1 && i < tar_nlinks; i++)
			if (tar_links[i].dev == st->st_dev && tar_links[i].ino == st->st_ino) {
				snprintf(h.linkname, sizeof(h.linkname), "%s", tar_links[i].name);
				tar_header_for(&h, name, st, '1', 0);
				tar_write(&h, sizeof(h));
				free(name);
				return;
			}
		int fd = open(path, O_RDONLY);
		if (fd < 0) {
			util_warn(path);
			tar_status = 1;
			free(name);
			return;
		}
		if (st->st_nlink > 1) {
			tar_links = util_realloc(tar_links, sizeof(*tar_links) * (tar_nlinks + 1));
			tar_links[tar_nlinks].dev = st->st_dev;
			tar_links[tar_nlinks].ino = st->st_ino;
			tar_links[tar_nlinks++].name = util_strdup(name);
		}
		tar_header_for(&h, name, st, '0', (unsigned long long)st->st_size);
		tar_write(&h, sizeof(h));
		/* exactly the size in the header: a file that changes meanwhile is cut or padded */
		char buf[TAR_BLOCK * 16];
		unsigned long long left = (unsigned long long)st->st_size;
		while (left) {
			size_t want = left < sizeof(buf) ? (size_t)left : sizeof(buf);
			ssize_t r = read(fd, buf, want);
			if (r <= 0) {
				util_msg("%s: file shrank while being read", path);
				tar_status = 1;
				memset(buf, 0, want);
				r = (ssize_t)want;
			}
			tar_write(buf, (size_t)r);
			left -= (unsigned long long)r;
		}
		memset(buf, 0, TAR_BLOCK);
		tar_write(buf, (TAR_BLOCK - (size_t)(st->st_size % TAR_BLOCK)) % TAR_BLOCK);
		close(fd);
	} else {
		util_msg("%s: not a file, directory or link: left out", path);
		tar_status = 1;
	}
	free(name);
}

static int tar_visit(struct util_walk *w, const char *path, const struct stat *st, int kind,
	int depth)
{
	(void)w;
	(void)depth;
	if (kind == UTIL_WALK_ERR) {
		util_warn(path);
		tar_status = 1;
	} else if (kind != UTIL_WALK_POST)
		tar_add(path, st);
	return UTIL_WALK_GO;
}

static void tar_create(char **files, int n)
{
	char zero[TAR_BLOCK];
	if (!n)
		util_die(2, "no files to archive");
	for (int i = 0; i < n; i++) {
		struct util_walk w = { UTIL_FOLLOW_NONE, tar_visit, NULL, 0 };
		util_walk(&w, files[i]);
	}
	memset(zero, 0, sizeof(zero));
	tar_write(zero, sizeof(zero));
	tar_write(zero, sizeof(zero));
	while (tar_written % TAR_RECORD)
		tar_write(zero, sizeof(zero));
}

/* -z: gzip between tar and the archive; tar_fd becomes the pipe's end. Returns gzip's pid. */
static pid_t tar_gzip(int creating)
{
	int p[2];
	pid_t pid;
	if (pipe(p) < 0)
		util_die(2, "pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		util_die(2, "fork: %s", strerror(errno));
	if (pid == 0) {
		/* creating: tar -> pipe -> gzip -> archive; else archive -> gzip -d -> pipe -> tar */
		dup2(creating ? p[0] : tar_fd, 0);
		dup2(creating ? tar_fd : p[1], 1);
		close(p[0]);
		close(p[1]);
		execlp("gzip", "gzip", creating ? "-c" : "-dc", (char *)NULL);
		util_warn("gzip");
		_exit(127);
	}
	if (tar_fd > 1)
		close(tar_fd);
	close(creating ? p[0] : p[1]);
	tar_fd = creating ? p[1] : p[0];
	return pid;
}

static int tar_gzip_done(pid_t pid)
{
	int st;
	close(tar_fd);
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		util_msg("gzip failed");
		return 2;
	}
	return 0;
}

/* ---- list and extract ---- */

/* Is NAME among the FILE operands (or under one of them)? All are when there are none. */
static int tar_wanted(const char *name, char **files, int n)
{
	if (!n)
		return 1;
	for (int i = 0; i < n; i++) {
		size_t k = strlen(files[i]);
		while (k > 1 && files[i][k - 1] == '/')
			k--;
		if (!strncmp(name, files[i], k) && (name[k] == 0 || name[k] == '/'))
			return 1;
	}
	return 0;
}

static void tar_long(const struct tar_header *h, const char *name, unsigned long long size)
{
	char mode[11], when[32], owner[80];
	const char *rwx = "rwxrwxrwx";
	unsigned m = (unsigned)tar_number(h->mode, sizeof(h->mode));
	time_t t = (time_t)tar_number(h->mtime, sizeof(h->mtime));
	struct tm *tm = localtime(&t);
	mode[0] = h->type == '5' ? 'd' : h->type == '2' ? 'l' : h->type == '1' ? 'h' : '-';
	for (int i = 0; i < 9; i++)
		mode[i + 1] = (m & (0400u >> i)) ? rwx[i] : '-';
	mode[10] = 0;
	if (!tm || !strftime(when, sizeof(when), "%Y-%m-%d %H:%M", tm))
		snprintf(when, sizeof(when), "%lld", (long long)t);
	snprintf(owner, sizeof(owner), "%.32s/%.32s", h->uname, h->gname);
	printf("%s %s %*llu %s %s", mode, owner, (int)(19 - strlen(owner) > 0 ? 19 - strlen(owner) : 1),
		size, when, name);
	if (h->type == '2')
		printf(" -> %.100s", h->linkname);
	else if (h->type == '1')
		printf(" link to %.100s", h->linkname);
	putchar('\n');
}

/* Does NAME stay inside the directory it is extracted into? */
static int tar_safe(const char *name)
{
	for (const char *p = name; *p;) {
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || !p[2]))
			return 0;
		p = strchr(p, '/');
		if (!p)
			break;
		p++;
	}
	return 1;
}

static void tar_parents(char *name)
{
	for (char *p = name + 1; *p; p++)
		if (*p == '/') {
			*p = 0;
			mkdir(name, 0755);
			*p = '/';
		}
}

struct tar_dir { char *name; mode_t mode; time_t mtime; };
static struct tar_dir *tar_dirs; /* modes and times set at the end (they are written into) */
static size_t tar_ndirs;

static void tar_extract_one(const struct tar_header *h, char *name, unsigned long long size,
	int *out)
{
	mode_t mode = (mode_t)tar_number(h->mode, sizeof(h->mode)) & 07777;
	time_t mtime = (time_t)tar_number(h->mtime, sizeof(h->mtime));
	char target[101];
	struct timespec t[2] = { { mtime, 0 }, { mtime, 0 } };
	*out = -1;
	if (!tar_safe(name)) {
		util_msg("%s: a name with .. is not extracted", name);
		tar_status = 1;
		return;
	}
	tar_parents(name);
	snprintf(target, sizeof(target), "%.100s", h->linkname);
	switch (h->type) {
	case '5': {
		struct stat st;
		size_t n = strlen(name);
		if (n > 1 && name[n - 1] == '/')
			name[n - 1] = 0;
		if (mkdir(name, 0700) < 0 && !(errno == EEXIST && stat(name, &st) == 0 &&
		    S_ISDIR(st.st_mode))) {
			util_warn(name);
			tar_status = 1;
			return;
		}
		tar_dirs = util_realloc(tar_dirs, sizeof(*tar_dirs) * (tar_ndirs + 1));
		tar_dirs[tar_ndirs].name = util_strdup(name);
		tar_dirs[tar_ndirs].mode = mode;
		tar_dirs[tar_ndirs++].mtime = mtime;
		return;
	}
	case '2':
		unlink(name);
		if (symlink(target, name) < 0) {
			util_warn(name);
			tar_status = 1;
		} else
			utimensat(AT_FDCWD, name, t, AT_SYMLINK_NOFOLLOW);
		return;
	case '1':
		unlink(name);
		if (link(target, name) < 0) {
			util_warn(name);
			tar_status = 1;
		}
		return;
	case '0': case 0: case '7':
		unlink(name);
		*out = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (*out < 0) {
			util_warn(name);
			tar_status = 1;
		}
		return;
	default:
		util_msg("%s: entry type '%c' is not extracted", name, h->type);
		tar_status = 1;
	}
	(void)size;
}

static void tar_read_archive(int extract, char **files, int n)
{
	struct tar_header h;
	char block[TAR_BLOCK];
	int r, zeros = 0;
	while ((r = tar_read(&h, sizeof(h))) > 0) {
		static const char nothing[TAR_BLOCK];
		if (!memcmp(&h, nothing, sizeof(h))) {
			if (++zeros == 2)
				break;
			continue;
		}
		if (tar_number(h.chksum, sizeof(h.chksum)) != tar_sum(&h))
			util_die(2, "a damaged header (its checksum is wrong): not a tar archive?");
		char name[260];
		if (h.prefix[0])
			snprintf(name, sizeof(name), "%.155s/%.100s", h.prefix, h.name);
		else
			snprintf(name, sizeof(name), "%.100s", h.name);
		unsigned long long size = tar_number(h.size, sizeof(h.size));
		if (h.type == '1' || h.type == '2' || h.type == '5')
			size = 0;
		char *stored = name;
		while (*stored == '/')
			stored++;
		int want = tar_wanted(stored, files, n), fd = -1;
		if (want && !extract) {
			if (tar_verbose)
				tar_long(&h, stored, size);
			else
				puts(stored);
		}
		if (want && extract) {
			if (tar_verbose)
				puts(stored);
			tar_extract_one(&h, stored, size, &fd);
		}
		for (unsigned long long left = size; left > 0;) {
			if (tar_read(block, sizeof(block)) <= 0)
				util_die(2, "the archive ends inside %s", stored);
			size_t use = left < TAR_BLOCK ? (size_t)left : TAR_BLOCK;
			if (fd >= 0 && write(fd, block, use) != (ssize_t)use) {
				util_warn(stored);
				tar_status = 1;
				close(fd);
				fd = -1;
			}
			left -= use;
		}
		if (fd >= 0) {
			mode_t mode = (mode_t)tar_number(h.mode, sizeof(h.mode)) & 07777;
			time_t mtime = (time_t)tar_number(h.mtime, sizeof(h.mtime));
			struct timespec t[2] = { { mtime, 0 }, { mtime, 0 } };
			fchmod(fd, mode);
			close(fd);
			utimensat(AT_FDCWD, stored, t, 0);
		}
	}
	if (r < 0)
		util_die(2, "the archive ends inside a header");
	for (size_t i = tar_ndirs; i-- > 0;) { /* the deepest first: their times stay */
		struct timespec t[2] = { { tar_dirs[i].mtime, 0 }, { tar_dirs[i].mtime, 0 } };
		chmod(tar_dirs[i].name, tar_dirs[i].mode);
		utimensat(AT_FDCWD, tar_dirs[i].name, t, 0);
	}
}

int main(int argc, char **argv)
{
	int c, mode = 0, gz = 0;
	pid_t gzpid = -1;
	const char *archive = "-", *dir = NULL;
	char *first = NULL;
	util_init(argc, argv, "tar", tar_help);
	if (argc > 1 && argv[1][0] != '-') { /* tar cvf x.tar: the old form */
		first = util_alloc(strlen(argv[1]) + 2);
		sprintf(first, "-%s", argv[1]);
		argv[1] = first;
	}
	while ((c = getopt(argc, argv, "+ctxvzf:C:opm")) != -1) {
		switch (c) {
		case 'c': case 't': case 'x':
			if (mode && mode != c)
				util_die(2, "only one of -c, -t and -x");
			mode = c;
			break;
		case 'v': tar_verbose = 1; break;
		case 'z': gz = 1; break;
		case 'f': archive = optarg; break;
		case 'C': dir = optarg; break;
		case 'o': case 'p': case 'm': break;
		default: return util_usage(2);
		}
	}
	if (!mode)
		return util_usage(2);
	if (!strcmp(archive, "-"))
		tar_fd = mode == 'c' ? 1 : 0;
	else
		tar_fd = mode == 'c' ? open(archive, O_WRONLY | O_CREAT | O_TRUNC, 0666)
			: open(archive, O_RDONLY);
	if (tar_fd < 0) {
		util_warn(archive);
		return 2;
	}
	if (gz)
		gzpid = tar_gzip(mode == 'c');
	if (dir && chdir(dir) < 0) {
		util_warn(dir);
		return 2;
	}
	if (mode == 'c')
		tar_create(argv + optind, argc - optind);
	else
		tar_read_archive(mode == 'x', argv + optind, argc - optind);
	if (gz) {
		if (mode != 'c') { /* read to the end: gzip must not die of a closed pipe */
			char rest[4096];
			while (read(tar_fd, rest, sizeof(rest)) > 0)
				;
		}
		if (tar_gzip_done(gzpid))
			return 2;
	} else if (tar_fd > 1 && close(tar_fd) < 0) {
		util_warn(archive);
		return 2;
	}
	free(first);
	return fflush(stdout) ? 2 : tar_status;
}
