/* libc/tests/suite/lt.h: the libc suite's small framework. A test is a named function; main.c
 * runs each in a child process of its own (a crash fails that test only) and counts. The same
 * sources build with Debian's musl-gcc on the Linux host and with Ferrite's cross tcc, and
 * must pass on both: they test the port against real musl on Linux, not our expectations. */
#ifndef LT_H
#define LT_H

#include <stddef.h>

struct lt_test {
	const char *name;
	void (*fn)(void);
};

/* Records a failed check (the child then exits 1) and says where. */
void lt_fail(const char *what, const char *file, int line);
#define LT_CHECK(c) do { if (!(c)) lt_fail(#c, __FILE__, __LINE__); } while (0)
#define LT_EQ(a, b) do { long lt_a_ = (long)(a), lt_b_ = (long)(b); if (lt_a_ != lt_b_) \
	lt_fail_eq(#a " == " #b, lt_a_, lt_b_, __FILE__, __LINE__); } while (0)
void lt_fail_eq(const char *what, long a, long b, const char *file, int line);
/* The test cannot run here (not a failure, not a pass): the child exits 77 with the reason. */
void lt_skip(const char *why);

/* A writable directory (TMPDIR, else /tmp, if a file can be made there), or NULL. */
const char *lt_tmpdir(void);
/* This program's path (argv[0]) and absolute directory, for exec and directory tests. */
extern const char *lt_argv0;

/* read() on fd made non-blocking: -1 if nothing is there (EAGAIN), else the count. */
long fcntl_nonblock_read(int fd, void *buf, size_t len);

/* The child modes of this program, for exec, spawn and fork tests: `prog --child WORD ARGS`. */
int lt_child_main(int argc, char **argv);

/* Each file's table, ending with { 0, 0 }. */
extern const struct lt_test lt_stdio_tests[], lt_malloc_tests[], lt_string_tests[],
	lt_time_tests[], lt_locale_tests[], lt_fs_tests[], lt_io_tests[], lt_mem_tests[],
	lt_thread_tests[], lt_signal_tests[], lt_math_tests[], lt_proc_tests[], lt_misc_tests[];

#endif
