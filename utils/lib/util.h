/* utils/lib/util.h: what the command-line tools share (util.c): the program's name, --help,
 * messages in the form `NAME: PATH: strerror`, allocation that cannot fail quietly, sizes for
 * people (-h), and a walk over a file tree (rm -r, cp -r, du, find, chmod -R, grep -r),
 * file modes as people write them (mode.c). */
#ifndef UTIL_H
#define UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

extern const char *util_prog; /* the name messages start with */

/* Sets util_prog; `--help` as the first argument prints USAGE to stdout and exits 0. */
void util_init(int argc, char **argv, const char *name, const char *usage);
/* A wrong command line: the usage's first line to stderr; returns STATUS for main to return. */
int util_usage(int status);
/* `NAME: WHAT: strerror(errno)` to stderr. */
void util_warn(const char *what);
/* `NAME: ` and the formatted message, a newline added. */
void util_msg(const char *fmt, ...);
void util_die(int status, const char *fmt, ...);

void *util_alloc(size_t n);
void *util_realloc(void *p, size_t n);
char *util_strdup(const char *s);
/* DIR/NAME in a new string (no doubled slash). */
char *util_join(const char *dir, const char *name);

/* N bytes as 1023, 1.0K, 15K, 3.2M ... (rounded up, like GNU's -h); BUF of 16 bytes. */
char *util_human(char *buf, uint64_t n);
/* A decimal number, all of S; 0 on success, -1 if S is not one. */
int util_parse_long(const char *s, long long *out);

/* mode.c: MODE (octal or symbolic) applied to the mode BASE of a file (a directory if ISDIR,
 * for X); -1 if MODE is neither. */
long util_mode(const char *mode, mode_t base, int isdir);

/* walk.c: the walk calls VISIT for each file: kind FILE (not a directory), PRE and POST (a
 * directory, before and after its entries), ERR (errno says why; st may be NULL). A PRE visit
 * that returns UTIL_WALK_SKIP keeps the walk out of that directory. Entries come in name order. */
enum { UTIL_WALK_FILE, UTIL_WALK_PRE, UTIL_WALK_POST, UTIL_WALK_ERR };
enum { UTIL_WALK_GO = 0, UTIL_WALK_SKIP = 1 };
enum { UTIL_FOLLOW_NONE, UTIL_FOLLOW_TOP, UTIL_FOLLOW_ALL }; /* which symbolic links to follow */
struct util_walk {
	int follow;
	int (*visit)(struct util_walk *w, const char *path, const struct stat *st, int kind,
		int depth);
	void *ctx;
	int status; /* set to 1 by the walk when a directory could not be read */
};
void util_walk(struct util_walk *w, const char *path);

/* The names in directory PATH (no . or ..), sorted by strcmp, NULL-terminated; NULL and errno
 * if it cannot be read. util_free_names frees them. */
char **util_dir_names(const char *path, int all, size_t *count);
void util_free_names(char **names);

#endif
