/* kernel/core/path_str_test.c: tidying, lexical "..", joining and dirent records (kernel and
 * host). */
#include "ktest.h"
#include "errno.h"
#include "path.h"

static char pt_buf[FERRITE_PATH_MAX];

static const char *pt_tidy(const char *in, bool *dir_only)
{
	memcpy(pt_buf, in, strlen(in) + 1);
	path_tidy(pt_buf, dir_only);
	return pt_buf;
}

static const char *pt_collapse(const char *in)
{
	memcpy(pt_buf, in, strlen(in) + 1);
	path_collapse(pt_buf);
	return pt_buf;
}

KTEST(path_tidy_keeps_dotdot_but_not_dots)
{
	bool d = false;
	KEXPECT_EQ_STR(pt_tidy("/", &d), "/");
	KEXPECT(!d);
	KEXPECT_EQ_STR(pt_tidy("//a//./b/", &d), "/a/b");
	KEXPECT(d);
	KEXPECT_EQ_STR(pt_tidy("/../../a/../b", NULL), "/a/../b"); /* ".." of "/" is "/" */
	KEXPECT_EQ_STR(pt_tidy("./a/../..", NULL), "a/../..");
	KEXPECT_EQ_STR(pt_tidy(".", NULL), "");
	KEXPECT_EQ_STR(pt_tidy("", NULL), "");
	KEXPECT_EQ_STR(pt_tidy("a.b/.c/..d", NULL), "a.b/.c/..d");
}

KTEST(path_collapse_is_lexical)
{
	KEXPECT_EQ_STR(pt_collapse("/a/b/../c/./"), "/a/c");
	KEXPECT_EQ_STR(pt_collapse("/a/../../.."), "/");
	KEXPECT_EQ_STR(pt_collapse("a/../../b"), "../b");
	KEXPECT_EQ_STR(pt_collapse("../../x/.."), "../..");
	KEXPECT_EQ_STR(pt_collapse("a/b/.."), "a");
	KEXPECT_EQ_STR(pt_collapse("a/.."), "");
}

KTEST(path_join_and_components)
{
	const char *p = "//ab/c//", *c;
	size_t l;
	KEXPECT_EQ_U64(path_join(pt_buf, sizeof(pt_buf), "/", "x"), 0);
	KEXPECT_EQ_STR(pt_buf, "/x");
	KEXPECT_EQ_U64(path_join(pt_buf, sizeof(pt_buf), "/a", "b/c"), 0);
	KEXPECT_EQ_STR(pt_buf, "/a/b/c");
	KEXPECT_EQ_U64(path_join(pt_buf, sizeof(pt_buf), pt_buf, ""), 0);
	KEXPECT_EQ_STR(pt_buf, "/a/b/c");
	KEXPECT_EQ_U64(path_join(pt_buf, 5, "/abc", "d"), (uint64_t)-ENAMETOOLONG);
	KEXPECT(path_next(&p, &c, &l) && l == 2 && c[0] == 'a' && !path_is_last(p));
	KEXPECT(path_next(&p, &c, &l) && l == 1 && c[0] == 'c' && path_is_last(p));
	KEXPECT(!path_next(&p, &c, &l));
}

KTEST(path_dirent_records_are_aligned_and_bounded)
{
	static uint8_t b[64];
	size_t used = 0;
	const struct ferrite_dirent *d = (const struct ferrite_dirent *)b;
	KEXPECT(path_dirent_put(b, sizeof(b), &used, 7, 1, FERRITE_DT_REG, "hello", 5));
	KEXPECT_EQ_U64(used, 32); /* 19 + 5 + NUL = 25, rounded up to 8 */
	KEXPECT(d->d_reclen == 32 && d->d_ino == 7 && d->d_off == 1 && d->d_type == FERRITE_DT_REG);
	KEXPECT_EQ_STR(d->d_name, "hello");
	KEXPECT(path_dirent_put(b, sizeof(b), &used, 8, 2, FERRITE_DT_DIR, "d", 1));
	KEXPECT_EQ_U64(used, 56);
	KEXPECT(!path_dirent_put(b, sizeof(b), &used, 9, 3, FERRITE_DT_DIR, "e", 1)); /* no room */
	KEXPECT_EQ_U64(used, 56);
}
