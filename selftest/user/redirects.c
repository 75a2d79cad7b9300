/* selftest/user/redirects.c: redirects and namespaces from user space: initfs symbolic links into
 * /proc and back, relative links with "..", /proc/self, a loop (ELOOP), O_NOFOLLOW, ".."
 * above /proc's root landing back in the initfs, a relative path entering a mount, rename and
 * link across schemes (EXDEV), the proc scheme's listing and status files, ns_mount and
 * ns_restrict (the sandbox). The links come from INITFS_LINKS in selftest/build.mk. Exits 0
 * when every check passed. */
#include "ulib.h"

#define AT FERRITE_AT_FDCWD

static char buf[4096], buf2[4096];

/* tcc fills local arrays with initializers through memset: freestanding, so here it is */
void *memset(void *d, int c, unsigned long n)
{
	unsigned char *p = d;
	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

static int u_streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static int u_contains(const char *hay, const char *needle)
{
	for (; *hay; hay++) {
		const char *h = hay, *n = needle;
		while (*n && *h == *n)
			h++, n++;
		if (!*n)
			return 1;
	}
	return 0;
}

static void u_itoa(long v, char *out)
{
	char t[24];
	int i = 0, k = 0;
	do
		t[i++] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	while (i)
		out[k++] = t[--i];
	out[k] = 0;
}

/* The whole of a small file, NUL-terminated in buf: its length or an error. */
static long slurp(const char *path)
{
	long fd = ferrite_openat(AT, path, FERRITE_O_RDONLY, 0), n, total = 0;
	if (fd < 0)
		return fd;
	while ((n = ferrite_read((int)fd, buf + total, sizeof(buf) - 1 - (unsigned long)total)) > 0)
		total += n;
	buf[total] = 0;
	ferrite_close((int)fd);
	return n < 0 ? n : total;
}

static long wait_status(long pid)
{
	int st = -1;
	U_CHECK(ferrite_waitpid((int)pid, &st, 0) == pid);
	return st;
}

static void check_links_into_proc(void)
{
	struct ferrite_stat st, lst, pst;
	char want[64] = "Pid:\t";
	u_itoa(ferrite_getpid(), want + 5);
	U_CHECK(ferrite_readlinkat(AT, "/selftest/links/proc-self", buf, sizeof(buf)) == 10);
	U_CHECK(buf[0] == '/' && buf[5] == '/' && buf[9] == 'f');
	U_CHECK(ferrite_fstatat(AT, "/selftest/links/proc-self", &lst, FERRITE_AT_SYMLINK_NOFOLLOW) == 0);
	U_CHECK((lst.st_mode & FERRITE_S_IFMT) == FERRITE_S_IFLNK && lst.st_size == 10);
	U_CHECK(ferrite_fstatat(AT, "/selftest/links/proc-self", &st, 0) == 0);
	U_CHECK(ferrite_fstatat(AT, "/proc", &pst, 0) == 0);
	U_CHECK((st.st_mode & FERRITE_S_IFMT) == FERRITE_S_IFDIR && st.st_dev == pst.st_dev);
	U_CHECK(st.st_dev != lst.st_dev); /* followed into another scheme */
	U_CHECK(slurp("/selftest/links/proc-self/status") > 0 && u_contains(buf, want));
	U_CHECK(u_contains(buf, "Name:\tselftest/redirects"));
	U_CHECK(slurp("/proc/self/status") > 0 && u_contains(buf, want) && u_contains(buf, "Threads:\t1"));
	U_CHECK(ferrite_readlinkat(AT, "/proc/self", buf, sizeof(buf)) == (long)u_strlen(want + 5));
	/* relative with "..": to-proc is ../../proc, from /selftest/links */
	U_CHECK(ferrite_fstatat(AT, "/selftest/links/to-proc", &st, 0) == 0 && st.st_ino == pst.st_ino &&
		st.st_dev == pst.st_dev);
	U_CHECK(slurp("/selftest/links/to-proc/self/status") > 0 && u_contains(buf, want));
	U_CHECK(slurp("/proc/version") > 0 && u_contains(buf, "Ferrite"));
}

static void check_links_in_initfs(void)
{
	struct ferrite_stat st, hst;
	char *argv[] = { "via-link", 0 };
	long pid, fd;
	U_CHECK(ferrite_fstatat(AT, "/selftest/hello", &hst, 0) == 0);
	U_CHECK(ferrite_fstatat(AT, "/selftest/links/up", &st, 0) == 0 && st.st_ino == hst.st_ino);
	U_CHECK(ferrite_fstatat(AT, "/selftest/links/parent/hello", &st, 0) == 0 && st.st_ino == hst.st_ino);
	U_CHECK(ferrite_fstatat(AT, "/selftest/links/parent/links/parent/links/up", &st, 0) == 0 &&
		st.st_ino == hst.st_ino);
	/* ".." after a link is the parent of its target, not of the link */
	U_CHECK(ferrite_fstatat(AT, "/selftest/links/to-proc/../selftest/hello", &st, 0) == 0 &&
		st.st_ino == hst.st_ino);
	fd = ferrite_openat(AT, "/selftest/links/up", FERRITE_O_RDONLY, 0);
	U_CHECK(fd >= 0 && ferrite_read((int)fd, buf, 4) == 4 && buf[1] == 'E');
	ferrite_close((int)fd);
	U_CHECK(ferrite_openat(AT, "/selftest/links/up", FERRITE_O_RDONLY | FERRITE_O_NOFOLLOW, 0) == -FERRITE_ELOOP);
	fd = ferrite_openat(AT, "/selftest/links/up", FERRITE_O_PATH | FERRITE_O_NOFOLLOW, 0);
	U_CHECK(fd >= 0 && ferrite_fstat((int)fd, &st) == 0 && (st.st_mode & FERRITE_S_IFMT) == FERRITE_S_IFLNK);
	U_CHECK(ferrite_readlinkat((int)fd, "", buf, sizeof(buf)) == 8 && buf[0] == '.' && buf[3] == 'h');
	ferrite_close((int)fd);
	U_CHECK(ferrite_openat(AT, "/selftest/links/loop-a", FERRITE_O_RDONLY, 0) == -FERRITE_ELOOP);
	U_CHECK(ferrite_fstatat(AT, "/selftest/links/loop-b/x", &st, 0) == -FERRITE_ELOOP);
	U_CHECK(ferrite_execve("/selftest/links/loop-a", argv, 0) == -FERRITE_ELOOP);
	U_CHECK(ferrite_fstatat(AT, "/selftest/links/loop-a", &st, FERRITE_AT_SYMLINK_NOFOLLOW) == 0);
	U_CHECK(ferrite_openat(AT, "/selftest/links/nowhere", FERRITE_O_RDONLY, 0) == -FERRITE_ENOENT);
	U_CHECK(ferrite_readlinkat(AT, "/selftest/links/nowhere", buf, 4) == 4 && buf[3] == 's');
	pid = ferrite_fork();
	if (pid == 0) {
		ferrite_execve("/selftest/links/up", argv, 0);
		ferrite_exit(99);
	}
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(7));
}

/* ".." above /proc's root lands in the initfs; a relative path may enter /proc. */
static void check_dotdot_and_mounts(void)
{
	struct ferrite_stat st, hst;
	char self[32] = "/proc/";
	int dir, fd;
	u_itoa(ferrite_getpid(), self + 6);
	U_CHECK(ferrite_fstatat(AT, "/selftest/hello", &hst, 0) == 0);
	U_CHECK(ferrite_fstatat(AT, "/proc/../selftest/hello", &st, 0) == 0 && st.st_ino == hst.st_ino);
	U_CHECK(ferrite_fstatat(AT, "/proc/self/../../selftest/hello", &st, 0) == 0 && st.st_ino == hst.st_ino);
	U_CHECK(ferrite_chdir("/proc/self") == 0);
	U_CHECK(ferrite_getcwd(buf, sizeof(buf)) > 0 && u_streq(buf, self));
	U_CHECK(slurp("status") > 0 && u_contains(buf, "PPid:"));
	U_CHECK(ferrite_chdir("..") == 0 && ferrite_getcwd(buf, sizeof(buf)) > 0 && u_streq(buf, "/proc"));
	U_CHECK(ferrite_fstatat(AT, "../selftest/hello", &st, 0) == 0 && st.st_ino == hst.st_ino);
	U_CHECK(ferrite_chdir("..") == 0 && ferrite_getcwd(buf, sizeof(buf)) > 0 && u_streq(buf, "/"));
	U_CHECK(slurp("proc/self/status") > 0);                   /* into the /proc mount */
	U_CHECK(ferrite_chdir("selftest/links/to-proc") == 0);
	U_CHECK(ferrite_getcwd(buf, sizeof(buf)) > 0 && u_streq(buf, "/proc"));
	U_CHECK(ferrite_chdir("/") == 0);
	dir = (int)ferrite_openat(AT, "/selftest/links", FERRITE_O_RDONLY | FERRITE_O_DIRECTORY, 0);
	U_CHECK(dir >= 0);
	fd = (int)ferrite_openat(dir, "proc-self/status", FERRITE_O_RDONLY, 0);
	U_CHECK(fd >= 0);
	ferrite_close(fd);
	U_CHECK(ferrite_fstatat(dir, "up", &st, 0) == 0 && st.st_ino == hst.st_ino);
	U_CHECK(ferrite_fstatat(dir, "../../proc/..", &st, 0) == 0 && st.st_ino == 1);
	ferrite_close(dir);
}

static void check_exdev(void)
{
	U_CHECK(ferrite_renameat(AT, "/selftest/hello", AT, "/proc/hello") == -FERRITE_EXDEV);
	U_CHECK(ferrite_renameat(AT, "/proc/self/status", AT, "/selftest/status") == -FERRITE_EXDEV);
	U_CHECK(ferrite_linkat(AT, "/selftest/hello", AT, "/proc/hello", 0) == -FERRITE_EXDEV);
	U_CHECK(ferrite_renameat(AT, "/selftest/links/proc-self/status", AT, "/selftest/s") == -FERRITE_EXDEV);
	U_CHECK(ferrite_renameat(AT, "/proc/self/status", AT, "/proc/self/x") == -FERRITE_EACCES);
	U_CHECK(ferrite_renameat(AT, "/nothere/a", AT, "/proc/x") == -FERRITE_ENOENT);
}

/* The proc scheme: the listing has every living process, a child's status names its parent,
 * nothing in it can be changed. */
static void check_proc_listing(void)
{
	char me[24], kid[24], path[64] = "/proc/", ppid[40] = "PPid:\t";
	int p[2], dir, found_me = 0, found_kid = 0, found_self = 0, found_version = 0;
	long pid, n;
	char c = 0;
	u_itoa(ferrite_getpid(), me);
	u_itoa(ferrite_getpid(), ppid + 6);
	U_CHECK(ferrite_pipe2(p, 0) == 0);
	pid = ferrite_fork();
	if (pid == 0) {
		ferrite_close(p[1]);
		ferrite_read(p[0], &c, 1); /* until the parent has looked */
		ferrite_exit(0);
	}
	u_itoa(pid, kid);
	dir = (int)ferrite_openat(AT, "/proc", FERRITE_O_RDONLY | FERRITE_O_DIRECTORY, 0);
	U_CHECK(dir >= 0);
	while ((n = ferrite_getdents64(dir, buf2, 100)) > 0)
		for (long at = 0; at < n;) {
			struct ferrite_dirent *d = (struct ferrite_dirent *)(buf2 + at);
			found_me += u_streq(d->d_name, me) && d->d_type == FERRITE_DT_DIR;
			found_kid += u_streq(d->d_name, kid);
			found_self += u_streq(d->d_name, "self") && d->d_type == FERRITE_DT_LNK;
			found_version += u_streq(d->d_name, "version");
			at += d->d_reclen;
		}
	U_CHECK(n == 0 && found_me == 1 && found_kid == 1 && found_self == 1 && found_version == 1);
	u_itoa(pid, path + 6);
	for (int i = 0; path[i]; i++)
		if (!path[i + 1]) {
			path[i + 1] = '/';
			path[i + 2] = 's'; path[i + 3] = 't'; path[i + 4] = 'a'; path[i + 5] = 't';
			path[i + 6] = 'u'; path[i + 7] = 's'; path[i + 8] = 0;
			break;
		}
	U_CHECK(slurp(path) > 0 && u_contains(buf, ppid) && u_contains(buf, "State:\tR"));
	ferrite_close(p[0]);
	ferrite_close(p[1]);
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
	U_CHECK(slurp(path) == -FERRITE_ENOENT); /* gone with it */
	U_CHECK(ferrite_lseek(dir, 0, FERRITE_SEEK_SET) == 0);
	found_kid = 0;
	while ((n = ferrite_getdents64(dir, buf2, sizeof(buf2))) > 0)
		for (long at = 0; at < n;) {
			struct ferrite_dirent *d = (struct ferrite_dirent *)(buf2 + at);
			found_kid += u_streq(d->d_name, kid);
			at += d->d_reclen;
		}
	U_CHECK(found_kid == 0);
	ferrite_close(dir);
	U_CHECK(ferrite_openat(AT, "/proc/version", FERRITE_O_WRONLY, 0) == -FERRITE_EACCES);
	U_CHECK(ferrite_openat(AT, "/proc/new", FERRITE_O_CREAT | FERRITE_O_WRONLY, 0600) == -FERRITE_EACCES);
	U_CHECK(ferrite_mkdirat(AT, "/proc/d", 0755) == -FERRITE_EACCES);
	U_CHECK(ferrite_unlinkat(AT, "/proc/version", 0) == -FERRITE_EACCES);
	U_CHECK(ferrite_openat(AT, "/proc/0", 0, 0) == -FERRITE_ENOENT);
	U_CHECK(ferrite_openat(AT, "/proc/0123", 0, 0) == -FERRITE_ENOENT);
	U_CHECK(ferrite_openat(AT, "/proc/version/x", 0, 0) == -FERRITE_ENOTDIR);
}

/* ns_mount adds, ns_restrict removes for good (and drops CAP_MOUNT): in a child, so this
 * process keeps its namespace. */
static void ns_child(void)
{
	struct ferrite_stat st;
	const char *keep[] = { "/", "/mnt" };
	const char *bad[] = { "/nothing" };
	long pfd, fd;
	U_CHECK(ferrite_ns_mount("/mnt", "proc") == 0);
	U_CHECK(ferrite_fstatat(AT, "/mnt/self", &st, 0) == 0 && (st.st_mode & FERRITE_S_IFMT) == FERRITE_S_IFDIR);
	U_CHECK(slurp("/mnt/self/status") > 0 && u_contains(buf, "Pid:"));
	U_CHECK(ferrite_chdir("/mnt/self/..") == 0 && ferrite_getcwd(buf, sizeof(buf)) > 0 && u_streq(buf, "/mnt"));
	U_CHECK(ferrite_chdir("/") == 0);
	U_CHECK(ferrite_fstatat(AT, "/mnt/../selftest/hello", &st, 0) == 0);
	U_CHECK(ferrite_ns_mount("/nope", "nosuchscheme") == 0);       /* allowed, serves nothing */
	U_CHECK(ferrite_fstatat(AT, "/nope/x", &st, 0) == -FERRITE_ENOENT);
	U_CHECK(ferrite_ns_mount("rel", "proc") == -FERRITE_EINVAL);
	U_CHECK(ferrite_ns_mount("/a/../b", "proc") == -FERRITE_EINVAL);
	U_CHECK(ferrite_ns_mount("/a", "") == -FERRITE_EINVAL);
	U_CHECK(ferrite_ns_mount("/a", "a-scheme-name-longer-than-thirty-two-bytes") == -FERRITE_ENAMETOOLONG);
	U_CHECK(ferrite_ns_mount((const char *)8, "proc") == -FERRITE_EFAULT);
	U_CHECK(ferrite_ns_restrict(bad, 1) == -FERRITE_ENOENT);
	U_CHECK(ferrite_ns_restrict((const char *const *)8, 1) == -FERRITE_EFAULT);
	U_CHECK(ferrite_ns_restrict(keep, 1000) == -FERRITE_EINVAL);
	U_CHECK(ferrite_fstatat(AT, "/proc/self", &st, 0) == 0);        /* nothing changed yet */
	/* the current directory in a dropped mount is dropped too; a held descriptor is not */
	U_CHECK(ferrite_chdir("/proc") == 0);
	pfd = ferrite_openat(AT, "/proc/self", FERRITE_O_DIRECTORY, 0);
	U_CHECK(pfd >= 0);
	U_CHECK(ferrite_ns_restrict(keep, 2) == 0);
	U_CHECK(ferrite_openat(AT, "self/status", 0, 0) == -FERRITE_ENOENT);
	U_CHECK(ferrite_fstatat(AT, ".", &st, 0) == -FERRITE_ENOENT);
	U_CHECK(ferrite_getcwd(buf, sizeof(buf)) == -FERRITE_ENOENT);
	fd = ferrite_openat((int)pfd, "status", 0, 0);
	U_CHECK(fd >= 0);
	ferrite_close((int)fd);
	ferrite_close((int)pfd);
	U_CHECK(ferrite_chdir("/mnt") == 0 && ferrite_fstatat(AT, "self", &st, 0) == 0);
	U_CHECK(ferrite_chdir("/") == 0);
	U_CHECK(ferrite_openat(AT, "/proc/self/status", 0, 0) == -FERRITE_ENOENT); /* removed */
	U_CHECK(ferrite_fstatat(AT, "/selftest/links/proc-self", &st, 0) == -FERRITE_ENOENT);
	U_CHECK(slurp("/mnt/self/status") > 0);                          /* kept */
	U_CHECK((ferrite_cap_get() & FERRITE_CAP_MOUNT) == 0);
	U_CHECK(ferrite_ns_mount("/proc", "proc") == -FERRITE_EPERM);     /* no way back */
	U_CHECK(ferrite_ns_mount("/", "proc") == -FERRITE_EPERM);
	U_CHECK(ferrite_chdir("/mnt") == 0);
	U_CHECK(ferrite_ns_restrict(keep, 1) == 0);                      /* narrower still */
	U_CHECK(ferrite_openat(AT, "/mnt/self/status", 0, 0) == -FERRITE_ENOENT);
	U_CHECK(ferrite_fstatat(AT, "self", &st, 0) == -FERRITE_ENOENT); /* cwd was in /mnt */
	ferrite_exit(u_failures ? 1 : 0);
}

static void check_namespaces(void)
{
	struct ferrite_stat st;
	long pid = ferrite_fork();
	if (pid == 0)
		ns_child();
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
	U_CHECK(ferrite_fstatat(AT, "/proc/self", &st, 0) == 0);   /* the parent's is untouched */
	U_CHECK(ferrite_fstatat(AT, "/mnt", &st, 0) == -FERRITE_ENOENT);
	/* a child with CAP_MOUNT dropped cannot mount either */
	pid = ferrite_fork();
	if (pid == 0) {
		ferrite_cap_drop(FERRITE_CAP_MOUNT);
		ferrite_exit(ferrite_ns_mount("/mnt", "proc") == -FERRITE_EPERM ? 0 : 1);
	}
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
}

int main(void)
{
	check_links_into_proc();
	check_links_in_initfs();
	check_dotdot_and_mounts();
	check_exdev();
	check_proc_listing();
	check_namespaces();
	if (u_failures == 0)
		u_puts("redirects: all checks passed\n");
	return u_failures ? 1 : 0;
}
