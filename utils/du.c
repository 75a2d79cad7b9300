/* utils/du.c: du, disk usage: du [-a | -s] [-d N] [-hkx] [FILE...]. Sizes are the blocks the
 * files hold (st_blocks), in KiB by default; a file with several links counts once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "lib/util.h"

static const char du_help[] =
	"usage: du [-a | -s] [-d DEPTH] [-hkx] [FILE...]\n"
	"Prints the space each directory under each FILE (. by default) takes, in KiB.\n"
	"  -a  every file, not just directories     -s  only the total of each FILE\n"
	"  -d DEPTH  only down to DEPTH levels       -h  sizes as 1.5K, 23M ...\n"
	"  -k  KiB units (the default)               -x  stay on each FILE's filesystem\n"
	"Exit status: 0, or 1 if a file could not be examined.\n";

static int du_all, du_summary, du_human, du_xdev, du_status;
static long du_maxdepth = -1;
static dev_t du_dev;
static unsigned long long *du_sums; /* the running total of each directory on the walk's path */
static size_t du_cap;
static struct { dev_t dev; ino_t ino; } *du_seen; /* files with several links already counted */
static size_t du_nseen;

static int du_first_time(const struct stat *st)
{
	if (st->st_nlink < 2 || S_ISDIR(st->st_mode))
		return 1;
	for (size_t i = 0; i < du_nseen; i++)
		if (du_seen[i].dev == st->st_dev && du_seen[i].ino == st->st_ino)
			return 0;
	du_seen = util_realloc(du_seen, sizeof(*du_seen) * (du_nseen + 1));
	du_seen[du_nseen].dev = st->st_dev;
	du_seen[du_nseen++].ino = st->st_ino;
	return 1;
}

static void du_print(unsigned long long blocks, const char *path)
{
	char h[16];
	if (du_human)
		printf("%s\t%s\n", util_human(h, blocks * 512), path);
	else
		printf("%llu\t%s\n", (blocks + 1) / 2, path);
}

static int du_visit(struct util_walk *w, const char *path, const struct stat *st, int kind,
	int depth)
{
	(void)w;
	if (kind == UTIL_WALK_ERR) {
		util_warn(path);
		du_status = 1;
		return UTIL_WALK_GO;
	}
	if ((size_t)depth + 2 > du_cap) {
		du_cap = (size_t)depth + 16;
		du_sums = util_realloc(du_sums, sizeof(*du_sums) * du_cap);
	}
	if (depth == 0)
		du_dev = st->st_dev;
	int show = !du_summary ? (du_maxdepth < 0 || depth <= du_maxdepth) : depth == 0;
	if (kind == UTIL_WALK_PRE) {
		du_sums[depth] = (unsigned long long)st->st_blocks;
		return du_xdev && st->st_dev != du_dev ? UTIL_WALK_SKIP : UTIL_WALK_GO;
	}
	if (kind == UTIL_WALK_FILE) {
		unsigned long long b = du_first_time(st) ? (unsigned long long)st->st_blocks : 0;
		if (depth)
			du_sums[depth - 1] += b;
		if ((du_all && show) || depth == 0)
			du_print(b, path);
		return UTIL_WALK_GO;
	}
	/* POST: the directory's total is known */
	if (show)
		du_print(du_sums[depth], path);
	if (depth)
		du_sums[depth - 1] += du_sums[depth];
	return UTIL_WALK_GO;
}

int main(int argc, char **argv)
{
	int c;
	long long v;
	util_init(argc, argv, "du", du_help);
	while ((c = getopt(argc, argv, "+ashkxd:HL")) != -1) {
		switch (c) {
		case 'a': du_all = 1; break;
		case 's': du_summary = 1; break;
		case 'h': du_human = 1; break;
		case 'k': du_human = 0; break;
		case 'x': du_xdev = 1; break;
		case 'H': case 'L': break;
		case 'd':
			if (util_parse_long(optarg, &v) || v < 0)
				util_die(1, "invalid depth: %s", optarg);
			du_maxdepth = (long)v;
			break;
		default: return util_usage(1);
		}
	}
	if (optind == argc)
		argv[--optind] = ".";
	for (int i = optind; i < argc; i++) {
		struct util_walk w = { UTIL_FOLLOW_TOP, du_visit, NULL, 0 };
		util_walk(&w, argv[i]);
	}
	return fflush(stdout) ? 1 : du_status;
}
