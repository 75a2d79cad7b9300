/* servers/fs/tests/fsd_test.c: fsd, the filesystem server, driven through the packet harness
 * as the kernel would drive it: files made, written, read back, listed, renamed, linked and
 * removed; symlinks and ".." above the root answered with redirects; the errors POSIX names;
 * permissions with the caller from the packet; bad handles and hostile packets. Every test
 * also insists that no reply broke the protocol (the harness counts violations). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "fsd_client.h"

#define MB (1024 * 1024)
#define O_NEW (FERRITE_O_RDWR | FERRITE_O_CREAT)

static struct fsdc C;

static void up(void)
{
	CHECK_EQ(fsdc_start(&C, 64 * MB), 0);
}

static void down(void)
{
	CHECK_EQ(C.h.violations, 0);
	if (C.h.violations)
		printf("    protocol: %s\n", C.h.why);
	CHECK_EQ(C.fsd.handles.live, 0); /* every test closes what it opened */
	fsdc_stop(&C);
}

static void test_create_write_read_back(void)
{
	char buf[64];
	struct ferrite_stat st;
	long h;

	up();
	h = fsdc_open(&C, 0, "a", O_NEW, 0640);
	CHECK(h > 0);
	CHECK_EQ(fsdc_write(&C, h, 0, "hello, ", 7), 7);
	CHECK_EQ(fsdc_write(&C, h, 7, "world", 5), 5);
	CHECK_EQ(fsdc_read(&C, h, 0, buf, sizeof(buf)), 12);
	CHECK(memcmp(buf, "hello, world", 12) == 0);
	CHECK_EQ(fsdc_read(&C, h, 7, buf, 3), 3);
	CHECK(memcmp(buf, "wor", 3) == 0);
	CHECK_EQ(fsdc_read(&C, h, 100, buf, 10), 0); /* past the end */
	CHECK_EQ(fsdc_fstat(&C, h, &st), 0);
	CHECK_EQ(st.st_size, 12);
	CHECK_EQ(st.st_mode, FERRITE_S_IFREG | 0640);
	CHECK_EQ(st.st_nlink, 1);
	CHECK_EQ(fsdc_close(&C, h), 0);
	CHECK_EQ(fsdc_slurp(&C, "a", buf, sizeof(buf)), 12);
	CHECK(strcmp(buf, "hello, world") == 0);
	down();
}

static void test_large_write_in_chunks(void)
{
	static unsigned char big[300000], back[300000];
	size_t i;
	long h;

	up();
	for (i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)(i * 7 + i / 4096);
	h = fsdc_open(&C, 0, "big", O_NEW, 0644);
	CHECK_EQ(fsdc_write(&C, h, 0, big, sizeof(big)), (long)sizeof(big));
	CHECK(C.h.fetches >= 5); /* fetched 64 KiB at a time */
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_READ, h, NULL, 0, 0, 0, 65536), 65536);
	CHECK(memcmp(C.data, big, 65536) == 0);
	for (i = 0; i < sizeof(back); i += 65536) {
		size_t n = sizeof(back) - i < 65536 ? sizeof(back) - i : 65536;

		CHECK_EQ(fsdc_read(&C, h, i, back + i, n), (long)n);
	}
	CHECK(memcmp(back, big, sizeof(big)) == 0);
	CHECK_EQ(fsdc_close(&C, h), 0);
	down();
}

static void test_open_flags(void)
{
	char buf[32];
	long h, h2;

	up();
	CHECK_EQ(fsdc_put(&C, "f", "0123456789"), 0);
	CHECK_EQ(fsdc_open(&C, 0, "f", O_NEW | FERRITE_O_EXCL, 0644), -FERRITE_EEXIST);
	CHECK_EQ(fsdc_open(&C, 0, "missing", FERRITE_O_RDONLY, 0), -FERRITE_ENOENT);
	CHECK_EQ(fsdc_open(&C, 0, "f", FERRITE_O_RDONLY | FERRITE_O_DIRECTORY, 0), -FERRITE_ENOTDIR);
	CHECK_EQ(fsdc_open(&C, 0, "f/", FERRITE_O_RDONLY, 0), -FERRITE_ENOTDIR);
	CHECK_EQ(fsdc_open(&C, 0, "new/", O_NEW, 0644), -FERRITE_EISDIR);
	CHECK_EQ(fsdc_open(&C, 0, "", FERRITE_O_WRONLY, 0), -FERRITE_EISDIR);
	CHECK_EQ(fsdc_open(&C, 0, ".", O_NEW, 0), -FERRITE_EISDIR);
	/* O_APPEND writes at the end whatever offset comes */
	h = fsdc_open(&C, 0, "f", FERRITE_O_WRONLY | FERRITE_O_APPEND, 0);
	CHECK(h > 0);
	CHECK_EQ(fsdc_write(&C, h, 0, "ab", 2), 2);
	/* the reply says where the write ended, for the description's offset */
	CHECK(C.reply.flags == FERRITE_REPLY_OFFSET && C.reply.data == 12);
	CHECK_EQ(fsdc_close(&C, h), 0);
	CHECK_EQ(fsdc_slurp(&C, "f", buf, sizeof(buf)), 12);
	CHECK(strcmp(buf, "0123456789ab") == 0);
	/* O_TRUNC empties it; a read-only open does not */
	h = fsdc_open(&C, 0, "f", FERRITE_O_RDONLY | FERRITE_O_TRUNC, 0);
	CHECK_EQ(fsdc_close(&C, h), 0);
	CHECK_EQ(fsdc_slurp(&C, "f", buf, sizeof(buf)), 12);
	h = fsdc_open(&C, 0, "f", FERRITE_O_WRONLY | FERRITE_O_TRUNC, 0);
	CHECK_EQ(fsdc_close(&C, h), 0);
	CHECK_EQ(fsdc_slurp(&C, "f", buf, sizeof(buf)), 0);
	/* one file, two handles */
	h = fsdc_open(&C, 0, "f", FERRITE_O_RDWR, 0);
	h2 = fsdc_open(&C, 0, "f", FERRITE_O_RDONLY, 0);
	CHECK(h > 0 && h2 > 0 && h != h2);
	CHECK_EQ(fsdc_write(&C, h, 0, "xyz", 3), 3);
	CHECK_EQ(fsdc_read(&C, h2, 0, buf, 3), 3);
	CHECK(memcmp(buf, "xyz", 3) == 0);
	CHECK_EQ(fsdc_close(&C, h), 0);
	CHECK_EQ(fsdc_close(&C, h2), 0);
	down();
}

static void test_mkdir_and_paths_under_handles(void)
{
	struct ferrite_stat st;
	char buf[16];
	long d, h;

	up();
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_MKDIR, 0, "d", 0, 0755, 0, 0), 0);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_MKDIR, 0, "d", 0, 0755, 0, 0), -FERRITE_EEXIST);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_MKDIR, 0, "d/e/f", 0, 0755, 0, 0), -FERRITE_ENOENT);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_MKDIR, 0, "d/e", 0, 0700, 0, 0), 0);
	CHECK_EQ(fsdc_stat(&C, 0, "d/e", 0, &st), 0);
	CHECK_EQ(st.st_mode, FERRITE_S_IFDIR | 0700);
	CHECK_EQ(fsdc_stat(&C, 0, "d", 0, &st), 0);
	CHECK_EQ(st.st_nlink, 3);
	d = fsdc_open(&C, 0, "d", FERRITE_O_RDONLY | FERRITE_O_DIRECTORY, 0);
	CHECK(d > 0);
	/* a file made relative to the directory handle is there by its full path */
	h = fsdc_open(&C, d, "e/g", O_NEW, 0600);
	CHECK(h > 0);
	CHECK_EQ(fsdc_write(&C, h, 0, "in e", 4), 4);
	CHECK_EQ(fsdc_close(&C, h), 0);
	CHECK_EQ(fsdc_slurp(&C, "d/e/g", buf, sizeof(buf)), 4);
	CHECK_EQ(fsdc_stat(&C, d, "e/./g", 0, &st), 0);
	CHECK_EQ(st.st_size, 4);
	CHECK_EQ(fsdc_stat(&C, d, "e/../e/g", 0, &st), 0);
	/* ".." below the root stays in the server; "" names the handle's directory */
	CHECK_EQ(fsdc_stat(&C, d, "..", 0, &st), 0);
	CHECK_EQ(st.st_ino, FS_ROOT_INO);
	CHECK_EQ(fsdc_stat(&C, d, "", 0, &st), 0);
	CHECK_EQ(st.st_mode & FERRITE_S_IFMT, FERRITE_S_IFDIR);
	CHECK_EQ(fsdc_stat(&C, 0, "d/e/g/x", 0, &st), -FERRITE_ENOTDIR);
	CHECK_EQ(fsdc_close(&C, d), 0);
	down();
}

/* The names getdents gives, joined by spaces in a sorted list. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_dir(long h, size_t bufsize, char *out, size_t outsize, int *calls)
{
	static char names[64][64];
	char *sorted[64];
	unsigned char buf[4096];
	unsigned long cookie = 0;
	int n = 0, i;
	long got;
	size_t off;

	*calls = 0;
	while ((got = fsdc_getdents(&C, h, cookie, buf, bufsize)) > 0) {
		(*calls)++;
		for (off = 0; off < (size_t)got;) {
			struct ferrite_dirent de;

			memcpy(&de, buf + off, sizeof(de));
			if (n < 64)
				snprintf(names[n++], 64, "%s", (char *)buf + off + 19);
			cookie = (unsigned long)de.d_off;
			if (de.d_reclen == 0 || de.d_reclen % 8)
				return -1;
			off += de.d_reclen;
		}
	}
	if (got < 0)
		return (int)got;
	for (i = 0; i < n; i++)
		sorted[i] = names[i];
	qsort(sorted, (size_t)n, sizeof(*sorted), cmp_str);
	out[0] = 0;
	for (i = 0; i < n; i++) {
		strncat(out, sorted[i], outsize - strlen(out) - 2);
		strcat(out, " ");
	}
	return n;
}

static void test_getdents_lists_with_cookies(void)
{
	char list[512], name[32];
	int calls, i;
	long d;

	up();
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_MKDIR, 0, "sub", 0, 0755, 0, 0), 0);
	for (i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "sub/f%02d", i);
		CHECK_EQ(fsdc_put(&C, name, "x"), 0);
	}
	d = fsdc_open(&C, 0, "sub", FERRITE_O_RDONLY | FERRITE_O_DIRECTORY, 0);
	CHECK_EQ(list_dir(d, 4096, list, sizeof(list), &calls), 22);
	CHECK_EQ(calls, 1);
	CHECK(strncmp(list, ". .. f00 f01 f02", 16) == 0);
	/* a buffer for two records at a time: the cookies carry the listing across calls */
	CHECK_EQ(list_dir(d, 64, list, sizeof(list), &calls), 22);
	CHECK(calls >= 11);
	CHECK(strstr(list, "f19 ") != NULL);
	/* too small for one record */
	CHECK_EQ(fsdc_getdents(&C, d, 0, list, 16), -FERRITE_EINVAL);
	CHECK_EQ(fsdc_close(&C, d), 0);
	d = fsdc_open(&C, 0, "sub/f00", FERRITE_O_RDONLY, 0);
	CHECK_EQ(fsdc_getdents(&C, d, 0, list, 4096), -FERRITE_ENOTDIR);
	CHECK_EQ(fsdc_close(&C, d), 0);
	down();
}

static void test_rename_and_remove(void)
{
	char buf[32];
	struct ferrite_stat st;

	up();
	CHECK_EQ(fsdc_put(&C, "a", "first"), 0);
	CHECK_EQ(fsdc_put(&C, "b", "second"), 0);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_MKDIR, 0, "d", 0, 0755, 0, 0), 0);
	CHECK_EQ(fsdc_two(&C, FERRITE_SOP_RENAME, 0, "a", 0, "d/a2", 0), 0);
	CHECK_EQ(fsdc_stat(&C, 0, "a", 0, &st), -FERRITE_ENOENT);
	CHECK_EQ(fsdc_slurp(&C, "d/a2", buf, sizeof(buf)), 5);
	/* over an existing file: it is replaced */
	CHECK_EQ(fsdc_two(&C, FERRITE_SOP_RENAME, 0, "b", 0, "d/a2", 0), 0);
	CHECK_EQ(fsdc_slurp(&C, "d/a2", buf, sizeof(buf)), 6);
	CHECK(strcmp(buf, "second") == 0);
	CHECK_EQ(fsdc_put(&C, "c", "third"), 0);
	CHECK_EQ(fsdc_two(&C, FERRITE_SOP_RENAME, 0, "c", 0, "d/a2", 1), -FERRITE_EEXIST);
	CHECK_EQ(fsdc_two(&C, FERRITE_SOP_RENAME, 0, "nope", 0, "x", 0), -FERRITE_ENOENT);
	CHECK_EQ(fsdc_two(&C, FERRITE_SOP_RENAME, 0, "d", 0, "d/inside", 0), -FERRITE_EINVAL);
	CHECK_EQ(fsdc_two(&C, FERRITE_SOP_RENAME, 0, "c", 0, "d/a2/x", 0), -FERRITE_ENOTDIR);
	CHECK_EQ(fsdc_two(&C, FERRITE_SOP_RENAME, 0, "d", 0, "c", 0), -FERRITE_ENOTDIR);
	CHECK_EQ(fsdc_two(&C, FERRITE_SOP_RENAME, 0, ".", 0, "e", 0), -FERRITE_EBUSY);
	CHECK_EQ(fsdc_two(&C, FERRITE_SOP_RENAME, 0, "c", 0, "e", 4), -FERRITE_EINVAL);
	/* removal */
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_UNLINK, 0, "d", FERRITE_AT_REMOVEDIR, 0, 0, 0),
		 -FERRITE_ENOTEMPTY);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_UNLINK, 0, "d", 0, 0, 0, 0), -FERRITE_EISDIR);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_UNLINK, 0, "c", FERRITE_AT_REMOVEDIR, 0, 0, 0),
		 -FERRITE_ENOTDIR);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_UNLINK, 0, "c/", 0, 0, 0, 0), -FERRITE_ENOTDIR);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_UNLINK, 0, "d/a2", 0, 0, 0, 0), 0);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_UNLINK, 0, "d/a2", 0, 0, 0, 0), -FERRITE_ENOENT);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_UNLINK, 0, "d/.", FERRITE_AT_REMOVEDIR, 0, 0, 0),
		 -FERRITE_EINVAL);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_UNLINK, 0, "d/..", FERRITE_AT_REMOVEDIR, 0, 0, 0),
		 -FERRITE_ENOTEMPTY);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_UNLINK, 0, "d", FERRITE_AT_REMOVEDIR, 0, 0, 0), 0);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_UNLINK, 0, "c", 0, 0, 0, 0), 0);
	CHECK_EQ(fsdc_stat(&C, 0, "", 0, &st), 0);
	CHECK_EQ(st.st_nlink, 2);
	down();
}

static void test_symlinks_answer_with_redirects(void)
{
	struct ferrite_stat st;
	long d;

	up();
	CHECK_EQ(fsdc_two(&C, FERRITE_SOP_SYMLINK, 0, "out", 0, "/bin/hello", 0), 0);
	CHECK_EQ(fsdc_two(&C, FERRITE_SOP_SYMLINK, 0, "out", 0, "/x", 0), -FERRITE_EEXIST);
	/* followed: the kernel gets the target to resolve again */
	CHECK_EQ(fsdc_open(&C, 0, "out", FERRITE_O_RDONLY, 0), -FERRITE_EREDIRECT);
	CHECK(strcmp(C.data, "/bin/hello") == 0);
	CHECK_EQ(fsdc_stat(&C, 0, "out", 0, &st), -FERRITE_EREDIRECT);
	/* not followed */
	CHECK_EQ(fsdc_open(&C, 0, "out", FERRITE_O_RDONLY | FERRITE_O_NOFOLLOW, 0), -FERRITE_ELOOP);
	CHECK_EQ(fsdc_stat(&C, 0, "out", FERRITE_AT_SYMLINK_NOFOLLOW, &st), 0);
	CHECK_EQ(st.st_mode & FERRITE_S_IFMT, FERRITE_S_IFLNK);
	CHECK_EQ(st.st_size, 10);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_READLINK, 0, "out", 0, 0, 0, 64), 10);
	CHECK(strcmp(C.data, "/bin/hello") == 0);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_READLINK, 0, "out", 0, 0, 0, 4), 4); /* truncated */
	CHECK(strcmp(C.data, "/bin") == 0);
	CHECK_EQ(fsdc_put(&C, "plain", "p"), 0);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_READLINK, 0, "plain", 0, 0, 0, 64), -FERRITE_EINVAL);
	/* a symlink in the middle of a path carries the rest with it */
	CHECK_EQ(fsdc_two(&C, FERRITE_SOP_SYMLINK, 0, "bin", 0, "/bin", 0), 0);
	CHECK_EQ(fsdc_open(&C, 0, "bin/sh", FERRITE_O_RDONLY, 0), -FERRITE_EREDIRECT);
	CHECK(strcmp(C.data, "/bin/sh") == 0);
	/* a relative target is given relative to the scheme's root, from the link's directory */
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_MKDIR, 0, "d", 0, 0755, 0, 0), 0);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_MKDIR, 0, "d/e", 0, 0755, 0, 0), 0);
	CHECK_EQ(fsdc_two(&C, FERRITE_SOP_SYMLINK, 0, "d/e/up", 0, "../../plain", 0), 0);
	d = fsdc_open(&C, 0, "d", FERRITE_O_RDONLY | FERRITE_O_DIRECTORY, 0);
	CHECK_EQ(fsdc_open(&C, d, "e/up", FERRITE_O_RDONLY, 0), -FERRITE_EREDIRECT);
	CHECK(strcmp(C.data, "d/e/../../plain") == 0);
	CHECK_EQ(fsdc_two(&C, FERRITE_SOP_SYMLINK, 0, "d/e/sib", 0, "x/y", 0), 0);
	CHECK_EQ(fsdc_stat(&C, d, "e/sib/z", 0, &st), -FERRITE_EREDIRECT);
	CHECK(strcmp(C.data, "d/e/x/y/z") == 0);
	/* a trailing slash follows even where the last name would not be */
	CHECK_EQ(fsdc_stat(&C, 0, "bin/", FERRITE_AT_SYMLINK_NOFOLLOW, &st), -FERRITE_EREDIRECT);
	CHECK(strcmp(C.data, "/bin/") == 0);
	/* removing, renaming and linking a symlink act on the link */
	CHECK_EQ(fsdc_two(&C, FERRITE_SOP_RENAME, 0, "out", 0, "out2", 0), 0);
	CHECK_EQ(fsdc_two(&C, FERRITE_SOP_LINK, 0, "out2", 0, "out3", 0), 0);
	CHECK_EQ(fsdc_stat(&C, 0, "out3", FERRITE_AT_SYMLINK_NOFOLLOW, &st), 0);
	CHECK_EQ(st.st_nlink, 2);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_UNLINK, 0, "out2", 0, 0, 0, 0), 0);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_UNLINK, 0, "out3", 0, 0, 0, 0), 0);
	CHECK_EQ(fsdc_two(&C, FERRITE_SOP_SYMLINK, 0, "empty", 0, "", 0), -FERRITE_ENOENT);
	CHECK_EQ(fsdc_close(&C, d), 0);
	down();
}

static void test_dotdot_above_the_root_redirects(void)
{
	struct ferrite_stat st;
	long d;

	up();
	CHECK_EQ(fsdc_open(&C, 0, "..", FERRITE_O_RDONLY, 0), -FERRITE_EREDIRECT);
	CHECK(strcmp(C.data, "..") == 0);
	CHECK_EQ(fsdc_stat(&C, 0, "../etc//passwd", 0, &st), -FERRITE_EREDIRECT);
	CHECK(strcmp(C.data, "../etc//passwd") == 0);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_MKDIR, 0, "d", 0, 0755, 0, 0), 0);
	d = fsdc_open(&C, 0, "d", FERRITE_O_RDONLY | FERRITE_O_DIRECTORY, 0);
	CHECK_EQ(fsdc_stat(&C, d, "../../bin", 0, &st), -FERRITE_EREDIRECT);
	CHECK(strcmp(C.data, "../bin") == 0);
	CHECK_EQ(fsdc_stat(&C, d, "./.././../", 0, &st), -FERRITE_EREDIRECT);
	CHECK(strcmp(C.data, "..") == 0);
	CHECK_EQ(fsdc_close(&C, d), 0);
	down();
}

static void test_hard_links_and_unlinked_open_file(void)
{
	struct ferrite_stat st;
	char buf[16];
	long h;

	up();
	CHECK_EQ(fsdc_put(&C, "f", "shared"), 0);
	CHECK_EQ(fsdc_two(&C, FERRITE_SOP_LINK, 0, "f", 0, "g", 0), 0);
	CHECK_EQ(fsdc_two(&C, FERRITE_SOP_LINK, 0, "f", 0, "g", 0), -FERRITE_EEXIST);
	CHECK_EQ(fsdc_two(&C, FERRITE_SOP_LINK, 0, "nope", 0, "h", 0), -FERRITE_ENOENT);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_MKDIR, 0, "d", 0, 0755, 0, 0), 0);
	CHECK_EQ(fsdc_two(&C, FERRITE_SOP_LINK, 0, "d", 0, "d2", 0), -FERRITE_EPERM);
	CHECK_EQ(fsdc_stat(&C, 0, "g", 0, &st), 0);
	CHECK_EQ(st.st_nlink, 2);
	/* linkat with AT_SYMLINK_FOLLOW: the kernel sends the object's handle and the path "" */
	h = fsdc_open(&C, 0, "f", FERRITE_O_PATH, 0);
	CHECK_EQ(fsdc_two(&C, FERRITE_SOP_LINK, h, "", 0, "h3", FERRITE_AT_SYMLINK_FOLLOW), 0);
	fsdc_close(&C, h);
	CHECK_EQ(fsdc_stat(&C, 0, "h3", 0, &st), 0);
	CHECK_EQ(st.st_nlink, 3);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_UNLINK, 0, "h3", 0, 0, 0, 0), 0);
	/* the last name goes while a handle is open: the data stays until the close */
	h = fsdc_open(&C, 0, "g", FERRITE_O_RDONLY, 0);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_UNLINK, 0, "f", 0, 0, 0, 0), 0);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_UNLINK, 0, "g", 0, 0, 0, 0), 0);
	CHECK_EQ(fsdc_read(&C, h, 0, buf, sizeof(buf)), 6);
	CHECK(memcmp(buf, "shared", 6) == 0);
	CHECK_EQ(fsdc_fstat(&C, h, &st), 0);
	CHECK_EQ(st.st_nlink, 0);
	CHECK_EQ(fsdc_close(&C, h), 0);
	down();
}

static void test_attributes(void)
{
	struct ferrite_timespec ts[2];
	struct ferrite_stat st;
	long h;

	up();
	CHECK_EQ(fsdc_put(&C, "f", "0123456789"), 0);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_CHMOD, 0, "f", 0, 0600, 0, 0), 0);
	CHECK_EQ(fsdc_stat(&C, 0, "f", 0, &st), 0);
	CHECK_EQ(st.st_mode, FERRITE_S_IFREG | 0600);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_CHOWN, 0, "f", 0, 1000, 100, 0), 0);
	CHECK_EQ(fsdc_stat(&C, 0, "f", 0, &st), 0);
	CHECK(st.st_uid == 1000 && st.st_gid == 100);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_CHOWN, 0, "f", 0, 0xffffffffu, 7, 0), 0);
	CHECK_EQ(fsdc_stat(&C, 0, "f", 0, &st), 0);
	CHECK(st.st_uid == 1000 && st.st_gid == 7);
	ts[0].tv_sec = 1000000000;
	ts[0].tv_nsec = 5;
	ts[1].tv_sec = 1234567890;
	ts[1].tv_nsec = 123456789;
	CHECK_EQ(fsdc_utimens(&C, "f", ts), 0);
	CHECK_EQ(fsdc_stat(&C, 0, "f", 0, &st), 0);
	CHECK(st.st_atim.tv_sec == 1000000000 && st.st_atim.tv_nsec == 5);
	CHECK(st.st_mtim.tv_sec == 1234567890 && st.st_mtim.tv_nsec == 123456789);
	ts[0].tv_nsec = (1l << 30) - 2; /* UTIME_OMIT */
	ts[1].tv_nsec = (1l << 30) - 1; /* UTIME_NOW */
	CHECK_EQ(fsdc_utimens(&C, "f", ts), 0);
	CHECK_EQ(fsdc_stat(&C, 0, "f", 0, &st), 0);
	CHECK(st.st_atim.tv_sec == 1000000000 && st.st_mtim.tv_sec > 1600000000);
	ts[0].tv_nsec = 1000000000;
	CHECK_EQ(fsdc_utimens(&C, "f", ts), -FERRITE_EINVAL);
	CHECK_EQ(fsdc_utimens(&C, "f", NULL), 0);
	/* truncate, fsync, access, fchmod */
	h = fsdc_open(&C, 0, "f", FERRITE_O_RDWR, 0);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_TRUNCATE, h, NULL, 0, 3, 0, 0), 0);
	CHECK_EQ(fsdc_fstat(&C, h, &st), 0);
	CHECK_EQ(st.st_size, 3);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_TRUNCATE, h, NULL, 0, 8192, 0, 0), 0);
	CHECK_EQ(fsdc_fstat(&C, h, &st), 0);
	CHECK_EQ(st.st_size, 8192);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_FSYNC, h, NULL, 0, 0, 0, 0), 0);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_FCHMOD, h, NULL, 0, 0444, 0, 0), 0);
	CHECK_EQ(fsdc_fstat(&C, h, &st), 0);
	CHECK_EQ(st.st_mode, FERRITE_S_IFREG | 0444);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_IOCTL, h, NULL, 0, 0x5401, 0, 0), -FERRITE_ENOTTY);
	CHECK_EQ(fsdc_close(&C, h), 0);
	h = fsdc_open(&C, 0, "f", FERRITE_O_RDONLY, 0);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_TRUNCATE, h, NULL, 0, 0, 0, 0), -FERRITE_EINVAL);
	CHECK_EQ(fsdc_close(&C, h), 0);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_ACCESS, 0, "f", 0, 4, 0, 0), 0);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_ACCESS, 0, "f", 0, 1, 0, 0), -FERRITE_EACCES);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_ACCESS, 0, "nope", 0, 0, 0, 0), -FERRITE_ENOENT);
	down();
}

static void test_permissions_from_the_packet(void)
{
	struct ferrite_stat st;
	long h;

	up();
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_MKDIR, 0, "root-only", 0, 0755, 0, 0), 0);
	CHECK_EQ(fsdc_put(&C, "secret", "s"), 0);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_CHMOD, 0, "secret", 0, 0600, 0, 0), 0);
	C.uid = 1000;
	C.gid = 1000;
	CHECK_EQ(fsdc_open(&C, 0, "root-only/x", O_NEW, 0644), -FERRITE_EACCES);
	CHECK_EQ(fsdc_open(&C, 0, "secret", FERRITE_O_RDONLY, 0), -FERRITE_EACCES);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_CHMOD, 0, "secret", 0, 0666, 0, 0), -FERRITE_EPERM);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_CHOWN, 0, "secret", 0, 1000, 1000, 0), -FERRITE_EPERM);
	/* the root (mode 01777, like /tmp) takes anyone's files; they are the caller's */
	CHECK_EQ(fsdc_put(&C, "mine", "m"), 0);
	CHECK_EQ(fsdc_stat(&C, 0, "mine", 0, &st), 0);
	CHECK(st.st_uid == 1000 && st.st_gid == 1000);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_CHOWN, 0, "mine", 0, 0, 0xffffffffu, 0), -FERRITE_EPERM);
	/* sticky: another user may not remove or rename it, nor root's */
	C.uid = 1001;
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_UNLINK, 0, "mine", 0, 0, 0, 0), -FERRITE_EPERM);
	CHECK_EQ(fsdc_two(&C, FERRITE_SOP_RENAME, 0, "mine", 0, "stolen", 0), -FERRITE_EPERM);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_UNLINK, 0, "secret", 0, 0, 0, 0), -FERRITE_EPERM);
	CHECK_EQ(fsdc_open(&C, 0, "mine", FERRITE_O_WRONLY, 0), -FERRITE_EACCES);
	h = fsdc_open(&C, 0, "mine", FERRITE_O_RDONLY, 0);
	CHECK(h > 0);
	CHECK_EQ(fsdc_close(&C, h), 0);
	C.uid = 1000;
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_UNLINK, 0, "mine", 0, 0, 0, 0), 0);
	/* a directory one cannot search hides what is under it */
	C.uid = 0;
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_MKDIR, 0, "closed", 0, 0700, 0, 0), 0);
	CHECK_EQ(fsdc_put(&C, "closed/f", "c"), 0);
	C.uid = 1000;
	CHECK_EQ(fsdc_stat(&C, 0, "closed/f", 0, &st), -FERRITE_EACCES);
	down();
}

static void test_bad_handles(void)
{
	char buf[8];
	struct ferrite_stat st;
	long h, w, r;

	up();
	CHECK_EQ(fsdc_read(&C, 0, 0, buf, 8), -FERRITE_EBADF);
	CHECK_EQ(fsdc_read(&C, 12345, 0, buf, 8), -FERRITE_EBADF);
	CHECK_EQ(fsdc_fstat(&C, ~0ul, &st), -FERRITE_EBADF);
	fsdc_close(&C, 99); /* a notice: nothing to answer, nothing closed */
	CHECK_EQ(C.fsd.handles.live, 0);
	CHECK_EQ(fsdc_open(&C, 77, "x", O_NEW, 0644), -FERRITE_EBADF);
	h = fsdc_open(&C, 0, "f", O_NEW, 0644);
	CHECK_EQ(fsdc_close(&C, h), 0);
	/* closed: the number is dead, even once its slot is reused */
	CHECK_EQ(fsdc_read(&C, h, 0, buf, 8), -FERRITE_EBADF);
	w = fsdc_open(&C, 0, "f", FERRITE_O_WRONLY, 0);
	CHECK(w > 0 && w != h);
	CHECK_EQ(fsdc_read(&C, h, 0, buf, 8), -FERRITE_EBADF);
	fsdc_close(&C, h); /* closing a dead handle closes nothing else */
	CHECK_EQ(C.fsd.handles.live, 1);
	CHECK_EQ(fsdc_read(&C, w, 0, buf, 8), -FERRITE_EBADF);
	r = fsdc_open(&C, 0, "f", FERRITE_O_RDONLY, 0);
	CHECK_EQ(fsdc_write(&C, r, 0, "x", 1), -FERRITE_EBADF);
	/* a file handle is no directory to walk from */
	CHECK_EQ(fsdc_stat(&C, r, "x", 0, &st), -FERRITE_ENOTDIR);
	CHECK_EQ(fsdc_close(&C, w), 0);
	CHECK_EQ(fsdc_close(&C, r), 0);
	h = fsdc_open(&C, 0, "", FERRITE_O_RDONLY, 0);
	CHECK_EQ(fsdc_read(&C, h, 0, buf, 8), -FERRITE_EISDIR);
	CHECK_EQ(fsdc_close(&C, h), 0);
	down();
}

static void test_names_and_lengths(void)
{
	char longname[300], path[5000];
	struct ferrite_stat st;
	int i;

	up();
	memset(longname, 'n', sizeof(longname));
	longname[256] = 0;
	CHECK_EQ(fsdc_open(&C, 0, longname, O_NEW, 0644), -FERRITE_ENAMETOOLONG);
	longname[255] = 0;
	CHECK(fsdc_open(&C, 0, longname, O_NEW, 0644) > 0);
	CHECK_EQ(fsdc_close(&C, C.reply.handle), 0);
	CHECK_EQ(fsdc_stat(&C, 0, longname, 0, &st), 0);
	/* a path as long as PATH_MAX allows, of "./" steps */
	for (i = 0; i + 2 < 3800; i += 2)
		memcpy(path + i, "./", 2);
	strcpy(path + i, longname);
	CHECK_EQ(fsdc_stat(&C, 0, path, 0, &st), 0);
	CHECK_EQ(fsdc_stat(&C, 0, "nope/..", 0, &st), -FERRITE_ENOENT);
	CHECK_EQ(fsdc_stat(&C, 0, "a\001b", 0, &st), -FERRITE_ENOENT);
	CHECK_EQ(fsdc_stat(&C, 0, "", 0, &st), 0);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_STAT, 0, "", 0, 0, 0, 10), -FERRITE_EINVAL);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_MKDIR, 0, "", 0, 0755, 0, 0), -FERRITE_ENOENT);
	down();
}

static unsigned long rnd_state = 12345;

static unsigned long rnd(void)
{
	rnd_state = rnd_state * 6364136223846793005ul + 1442695040888963407ul;
	return rnd_state >> 17;
}

/* A random path from a few names, dots and slashes, so that walks go somewhere. */
static size_t rnd_path(char *out, size_t max)
{
	static const char *const parts[] = { "a", "b", "d", ".", "..", "/", "//", "l", "f" };
	size_t n = 0, k;
	int i, cnt = (int)(rnd() % 5);

	for (i = 0; i < cnt; i++) {
		const char *p = parts[rnd() % 9];

		k = strlen(p);
		if (n + k + 1 >= max)
			break;
		memcpy(out + n, p, k);
		n += k;
		if (rnd() % 2 && n + 2 < max)
			out[n++] = '/';
	}
	out[n] = 0;
	return n;
}

/* Packets no kernel should send, and random ones: answered (or refused), never a crash or
 * a broken reply. Two packets in three are well formed with random fields and paths, the
 * third is random bytes with random path lengths. */
static void test_hostile_packets(void)
{
	unsigned char b[sizeof(struct ferrite_packet) + 160];
	char path[64], path2[64], wdata[512];
	struct ferrite_packet p;
	struct fs_fsck_result res;
	unsigned long h;
	int i, j;

	up();
	CHECK_EQ(fsdc_req(&C, 0, 0, NULL, 0, 0, 0, 0), -FERRITE_ENOSYS);
	CHECK_EQ(fsdc_req(&C, 63, 0, NULL, 0, 0, 0, 0), -FERRITE_ENOSYS);
	CHECK_EQ(fsdc_req(&C, 0xdeadbeef, 0, "x", 0, 0, 0, 0), -FERRITE_ENOSYS);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_WRITE, 0, NULL, 0, 0, 0, 100), -FERRITE_EBADF);
	CHECK_EQ(fsdc_req(&C, FERRITE_SOP_FSTAT, 0, NULL, 0, 0, 0, 8), -FERRITE_EBADF);
	memset(wdata, 'w', sizeof(wdata));
	for (i = 0; i < 4000; i++) {
		for (j = 0; j < (int)sizeof(b); j++)
			b[j] = (unsigned char)rnd();
		memcpy(&p, b, sizeof(p));
		p.op = (unsigned)(rnd() % 44);
		p.len %= 1 << 17;
		if (rnd() % 2) /* flags that open and create things, often */
			p.flags = (unsigned)(rnd() % 3) | (rnd() % 2 ? FERRITE_O_CREAT : 0) |
				  (rnd() % 4 ? 0 : FERRITE_O_DIRECTORY) | (rnd() % 8 ? 0 : FERRITE_O_APPEND);
		p.uid = rnd() % 4 ? 0 : 1000;
		p.gid = p.uid;
		/* a live handle now and then, else 0 or a random number */
		h = C.fsd.handles.n ? rnd() % C.fsd.handles.n : 0;
		if (rnd() % 2 && h < C.fsd.handles.n && C.fsd.handles.h[h].used)
			p.handle = ((unsigned long)C.fsd.handles.h[h].gen << 32) | (h + 1);
		else if (rnd() % 2)
			p.handle = 0;
		p.handle2 = rnd() % 2 ? 0 : p.handle;
		p.arg[0] = rnd() % 3 ? rnd() % 070000 : p.arg[0];
		if (i % 3) {
			rnd_path(path, sizeof(path));
			rnd_path(path2, sizeof(path2));
			srvh_send(&C.h, &p, path, path2, wdata, rnd() % sizeof(wdata));
		} else {
			p.path_len = (unsigned)(rnd() % 70);
			p.path2_len = rnd() % 4 ? 0 : (unsigned)(rnd() % 20);
			memcpy(b, &p, sizeof(p));
			srvh_push_raw(&C.h, b, sizeof(p) + rnd() % 161);
		}
		while (srv_step(&C.srv) > 0)
			;
	}
	printf("    %lu requests, %lu refused, %u handles open\n", C.srv.stats.requests,
	       C.srv.stats.bad_packets, C.fsd.handles.live);
	CHECK(C.srv.stats.bad_packets > 500);
	CHECK(C.srv.stats.requests > 2000);
	/* the server is still sound, and no reply broke the protocol */
	CHECK_EQ(C.h.violations, 0);
	if (C.h.violations)
		printf("    %s\n", C.h.why);
	CHECK_EQ(fsdc_put(&C, "after", "ok"), 0);
	for (i = 1; i <= (int)C.fsd.handles.n; i++)
		if (C.fsd.handles.h[i - 1].used)
			fsdc_close(&C, ((unsigned long)C.fsd.handles.h[i - 1].gen << 32) | (unsigned)i);
	/* and what it left on its device is a sound filesystem */
	CHECK_EQ(fs_sync(C.fsd.fs), 0);
	CHECK_EQ(fs_fsck(&C.fsd.dev.dev, 0, NULL, &res), 0);
	CHECK_EQ(res.errors, 0);
	down();
}

static void test_image_loaded_from_a_file(void)
{
	struct ferrite_stat st;
	char buf[32];
	FILE *img = tmpfile();
	uint64_t i;

	up();
	CHECK_EQ(fsdc_put(&C, "kept", "from the image"), 0);
	CHECK_EQ(fs_sync(C.fsd.fs), 0);
	CHECK(img != NULL);
	for (i = 0; img && i < C.fsd.dev.dev.nblocks; i++) {
		CHECK_EQ(C.fsd.dev.dev.read(C.fsd.dev.dev.ctx, i, C.data), 0);
		CHECK_EQ(fwrite(C.data, FS_BLOCK_SIZE, 1, img), 1);
	}
	down();
	if (!img)
		return;
	fflush(img);
	rewind(img);
	CHECK_EQ(fsdc_start_image(&C, fileno(img)), 0);
	CHECK_EQ(C.fsd.dev.dev.nblocks, 64 * MB / FS_BLOCK_SIZE);
	CHECK(C.fsd.dev.used < 200); /* the zeros of the image took no memory */
	CHECK_EQ(fsdc_slurp(&C, "kept", buf, sizeof(buf)), 14);
	CHECK(strcmp(buf, "from the image") == 0);
	CHECK_EQ(fsdc_stat(&C, 0, "", 0, &st), 0);
	CHECK_EQ(st.st_mode, FERRITE_S_IFDIR | 01777);
	down();
	fclose(img);
}

int main(int argc, char **argv)
{
	static const struct check_case cases[] = {
		CASE(test_create_write_read_back),
		CASE(test_large_write_in_chunks),
		CASE(test_open_flags),
		CASE(test_mkdir_and_paths_under_handles),
		CASE(test_getdents_lists_with_cookies),
		CASE(test_rename_and_remove),
		CASE(test_symlinks_answer_with_redirects),
		CASE(test_dotdot_above_the_root_redirects),
		CASE(test_hard_links_and_unlinked_open_file),
		CASE(test_attributes),
		CASE(test_permissions_from_the_packet),
		CASE(test_bad_handles),
		CASE(test_names_and_lengths),
		CASE(test_hostile_packets),
		CASE(test_image_loaded_from_a_file),
	};

	(void)argc;
	return check_run("fsd-test", cases, (int)(sizeof(cases) / sizeof(cases[0])),
			 argc > 1 ? argv[1] : NULL);
}
