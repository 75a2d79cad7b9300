/* utils/ls.c: ls, lists directories: ls [-1AaCdFhilnRrt] [FILE...]. Names sorted (strcmp, or
 * by time with -t); in columns when standard output is a terminal (or -C), one a line
 * otherwise; -l in POSIX's long format (mode, links, owner and group by name when
 * /etc/passwd and /etc/group know them, size, time, name). Start reading at main. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "lib/util.h"

static const char ls_help[] =
	"usage: ls [-1AaCdFhilnRrt] [FILE...]\n"
	"Lists each FILE, and what each directory holds (the current directory by default).\n"
	"  -a  also names starting with a dot, . and .. among them\n"
	"  -A  also names starting with a dot, but not . and ..\n"
	"  -C  in columns (the default on a terminal)     -1  one name a line (the default elsewhere)\n"
	"  -d  directories themselves, not what they hold\n"
	"  -F  mark directories /, programs *, links @, fifos |, sockets =\n"
	"  -h  with -l, sizes as 1.5K, 23M ...           -i  the inode number first\n"
	"  -l  the long format: mode, links, owner, group, size, modification time, name\n"
	"  -n  like -l, owner and group as numbers     -R  into subdirectories too\n"
	"  -r  reverse the order                        -t  newest first\n"
	"Exit status: 0; 1 if a directory could not be read; 2 if a FILE named could not be found.\n";

struct ls_ent {
	char *name; /* as shown */
	char *path; /* to stat and to list */
	struct stat st;
	int ok;     /* stat worked */
};

static int ls_all, ls_almost, ls_cols, ls_dirself, ls_classify, ls_human, ls_inode, ls_long,
	ls_numeric, ls_recursive, ls_reverse, ls_time, ls_status;
static int ls_width = 80;
static int ls_sections; /* directory sections printed so far, for the blank line between */
static time_t ls_now;

static int ls_cmp(const void *pa, const void *pb)
{
	const struct ls_ent *a = pa, *b = pb;
	int r = 0;
	if (ls_time) {
		if (a->st.st_mtim.tv_sec != b->st.st_mtim.tv_sec)
			r = a->st.st_mtim.tv_sec > b->st.st_mtim.tv_sec ? -1 : 1;
		else if (a->st.st_mtim.tv_nsec != b->st.st_mtim.tv_nsec)
			r = a->st.st_mtim.tv_nsec > b->st.st_mtim.tv_nsec ? -1 : 1;
	}
	if (!r)
		r = strcmp(a->name, b->name);
	return ls_reverse ? -r : r;
}

static char ls_indicator(const struct stat *st)
{
	if (S_ISDIR(st->st_mode)) return '/';
	if (S_ISLNK(st->st_mode)) return '@';
	if (S_ISFIFO(st->st_mode)) return '|';
	if (S_ISSOCK(st->st_mode)) return '=';
	if (S_ISREG(st->st_mode) && (st->st_mode & 0111)) return '*';
	return 0;
}

static void ls_mode(mode_t m, char *s)
{
	const char *rwx = "rwxrwxrwx";
	s[0] = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b'
		: S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '-';
	for (int i = 0; i < 9; i++)
		s[i + 1] = (m & (0400 >> i)) ? rwx[i] : '-';
	if (m & S_ISUID) s[3] = (m & 0100) ? 's' : 'S';
	if (m & S_ISGID) s[6] = (m & 0010) ? 's' : 'S';
	if (m & S_ISVTX) s[9] = (m & 0001) ? 't' : 'T';
	s[10] = 0;
}

static void ls_owner(char *buf, size_t n, uid_t uid, int group)
{
	if (!ls_numeric) {
		if (!group) {
			struct passwd *pw = getpwuid(uid);
			if (pw) {
				snprintf(buf, n, "%s", pw->pw_name);
				return;
			}
		} else {
			struct group *gr = getgrgid((gid_t)uid);
			if (gr) {
				snprintf(buf, n, "%s", gr->gr_name);
				return;
			}
		}
	}
	snprintf(buf, n, "%u", (unsigned)uid);
}

static void ls_size(char *buf, size_t n, const struct stat *st)
{
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		snprintf(buf, n, "%u, %u", major(st->st_rdev), minor(st->st_rdev));
	else if (ls_human)
		util_human(buf, (uint64_t)st->st_size);
	else
		snprintf(buf, n, "%lld", (long long)st->st_size);
}

/* The name with what -F adds, and (-l) the target of a link. */
static void ls_print_name(const struct ls_ent *e)
{
	fputs(e->name, stdout);
	if (ls_long && e->ok && S_ISLNK(e->st.st_mode)) {
		char *target = util_alloc((size_t)e->st.st_size + 256);
		ssize_t n = readlink(e->path, target, (size_t)e->st.st_size + 255);
		struct stat ts;
		if (n >= 0) {
			target[n] = 0;
			printf(" -> %s", target);
			if (ls_classify && stat(e->path, &ts) == 0 && ls_indicator(&ts))
				putchar(ls_indicator(&ts));
		}
		free(target);
		return;
	}
	if (ls_classify && e->ok && ls_indicator(&e->st))
		putchar(ls_indicator(&e->st));
}

static int ls_digits(unsigned long long v)
{
	int n = 1;
	while (v >= 10)
		v /= 10, n++;
	return n;
}

static void ls_print_long(struct ls_ent *e, size_t n)
{
	int wl = 1, wu = 1, wg = 1, ws = 1, wi = 1;
	char buf[64], mode[11], tbuf[32];
	for (size_t i = 0; i < n; i++) {
		int k;
		if (ls_digits(e[i].st.st_nlink) > wl) wl = ls_digits(e[i].st.st_nlink);
		if (ls_digits(e[i].st.st_ino) > wi) wi = ls_digits(e[i].st.st_ino);
		ls_owner(buf, sizeof(buf), e[i].st.st_uid, 0);
		if ((k = (int)strlen(buf)) > wu) wu = k;
		ls_owner(buf, sizeof(buf), e[i].st.st_gid, 1);
		if ((k = (int)strlen(buf)) > wg) wg = k;
		ls_size(buf, sizeof(buf), &e[i].st);
		if ((k = (int)strlen(buf)) > ws) ws = k;
	}
	for (size_t i = 0; i < n; i++) {
		const struct stat *st = &e[i].st;
		time_t t = st->st_mtim.tv_sec;
		struct tm *tm = localtime(&t);
		/* POSIX: the year instead of the time for files six months old or in the future */
		int recent = t <= ls_now && ls_now - t < 183L * 24 * 3600;
		if (!tm || !strftime(tbuf, sizeof(tbuf), recent ? "%b %e %H:%M" : "%b %e  %Y", tm))
			snprintf(tbuf, sizeof(tbuf), "%lld", (long long)t);
		if (ls_inode)
			printf("%*llu ", wi, (unsigned long long)st->st_ino);
		ls_mode(st->st_mode, mode);
		printf("%s %*lu ", mode, wl, (unsigned long)st->st_nlink);
		ls_owner(buf, sizeof(buf), st->st_uid, 0);
		printf("%-*s ", wu, buf);
		ls_owner(buf, sizeof(buf), st->st_gid, 1);
		printf("%-*s ", wg, buf);
		ls_size(buf, sizeof(buf), st);
		printf("%*s %s ", ws, buf, tbuf);
		ls_print_name(&e[i]);
		putchar('\n');
	}
}

/* The width of a name in the columns: inode, name, indicator. */
static size_t ls_cell(const struct ls_ent *e, int wi)
{
	size_t w = strlen(e->name) + (ls_inode ? (size_t)wi + 1 : 0);
	return w + (ls_classify && e->ok && ls_indicator(&e->st) ? 1 : 0);
}

/* Columns filled top to bottom: the most columns whose widths fit the line. */
static void ls_print_cols(struct ls_ent *e, size_t n)
{
	int wi = 1;
	size_t cols = 1, rows = n, *w = util_alloc(sizeof(size_t) * (n ? n : 1));
	for (size_t i = 0; i < n; i++)
		if (ls_digits(e[i].st.st_ino) > wi)
			wi = ls_digits(e[i].st.st_ino);
	for (size_t c = n; c > 1; c--) {
		size_t r = (n + c - 1) / c, total = 0;
		if ((r - 1) * c >= n && c > 1)
			continue; /* the same rows with fewer columns */
		for (size_t k = 0; k < c; k++) {
			size_t m = 0;
			for (size_t i = k * r; i < n && i < (k + 1) * r; i++)
				if (ls_cell(&e[i], wi) > m)
					m = ls_cell(&e[i], wi);
			total += m + (k + 1 < c ? 2 : 0);
		}
		if (total <= (size_t)ls_width) {
			cols = c;
			rows = r;
			break;
		}
	}
	for (size_t k = 0; k < cols; k++) {
		w[k] = 0;
		for (size_t i = k * rows; i < n && i < (k + 1) * rows; i++)
			if (ls_cell(&e[i], wi) > w[k])
				w[k] = ls_cell(&e[i], wi);
	}
	for (size_t r = 0; r < rows; r++) {
		for (size_t k = 0; k < cols; k++) {
			size_t i = k * rows + r;
			if (i >= n)
				break;
			if (ls_inode)
				printf("%*llu ", wi, (unsigned long long)e[i].st.st_ino);
			ls_print_name(&e[i]);
			if (k + 1 < cols && i + rows < n)
				printf("%*s", (int)(w[k] - ls_cell(&e[i], wi) + 2), "");
		}
		putchar('\n');
	}
	free(w);
}

static void ls_print(struct ls_ent *e, size_t n)
{
	qsort(e, n, sizeof(*e), ls_cmp);
	if (ls_long)
		ls_print_long(e, n);
	else if (ls_cols)
		ls_print_cols(e, n);
	else
		for (size_t i = 0; i < n; i++) {
			if (ls_inode)
				printf("%llu ", (unsigned long long)e[i].st.st_ino);
			ls_print_name(&e[i]);
			putchar('\n');
		}
}

static void ls_free(struct ls_ent *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].name);
		free(e[i].path);
	}
	free(e);
}

/* One directory's section: a header when there are several, the names, then (-R) each
 * subdirectory's own section. */
static void ls_dir(const char *path, int header)
{
	size_t n = 0, count;
	char **names = util_dir_names(path, ls_all || ls_almost, &count);
	struct ls_ent *e;
	if (ls_sections++)
		putchar('\n');
	if (header)
		printf("%s:\n", path);
	if (!names) {
		fflush(stdout);
		util_warn(path);
		ls_status = ls_status > 1 ? ls_status : 1;
		return;
	}
	e = util_alloc(sizeof(*e) * (count + 2));
	if (ls_all && !ls_almost) {
		e[n++].name = util_strdup(".");
		e[n++].name = util_strdup("..");
	}
	for (size_t i = 0; i < count; i++)
		e[n++].name = util_strdup(names[i]);
	util_free_names(names);
	unsigned long long blocks = 0;
	for (size_t i = 0; i < n; i++) {
		e[i].path = util_join(path, e[i].name);
		e[i].ok = lstat(e[i].path, &e[i].st) == 0;
		if (!e[i].ok) {
			util_warn(e[i].path);
			memset(&e[i].st, 0, sizeof(e[i].st));
			ls_status = ls_status > 1 ? ls_status : 1;
		}
		blocks += (unsigned long long)e[i].st.st_blocks;
	}
	if (ls_long) {
		char h[16];
		if (ls_human)
			printf("total %s\n", util_human(h, blocks * 512));
		else
			printf("total %llu\n", (blocks + 1) / 2);
	}
	ls_print(e, n);
	if (ls_recursive)
		for (size_t i = 0; i < n; i++)
			if (e[i].ok && S_ISDIR(e[i].st.st_mode) && strcmp(e[i].name, ".") &&
			    strcmp(e[i].name, ".."))
				ls_dir(e[i].path, 1);
	ls_free(e, n);
}

int main(int argc, char **argv)
{
	int c, nops;
	size_t nfiles = 0, ndirs = 0;
	struct winsize ws;
	util_init(argc, argv, "ls", ls_help);
	ls_cols = isatty(1);
	if (ls_cols && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		ls_width = ws.ws_col;
	else if (getenv("COLUMNS") && atoi(getenv("COLUMNS")) > 0)
		ls_width = atoi(getenv("COLUMNS"));
	while ((c = getopt(argc, argv, "+1AaCdFhilnRrt")) != -1) {
		switch (c) {
		case '1': ls_cols = 0; break;
		case 'A': ls_almost = 1; ls_all = 0; break;
		case 'a': ls_all = 1; ls_almost = 0; break;
		case 'C': ls_cols = 1; ls_long = 0; break;
		case 'd': ls_dirself = 1; break;
		case 'F': ls_classify = 1; break;
		case 'h': ls_human = 1; break;
		case 'i': ls_inode = 1; break;
		case 'l': ls_long = 1; break;
		case 'n': ls_long = 1; ls_numeric = 1; break;
		case 'R': ls_recursive = 1; break;
		case 'r': ls_reverse = 1; break;
		case 't': ls_time = 1; break;
		default: return util_usage(2);
		}
	}
	ls_now = time(NULL);
	if (optind == argc)
		argv[--optind] = ".";
	nops = argc - optind;
	struct ls_ent *files = util_alloc(sizeof(*files) * (size_t)nops);
	struct ls_ent *dirs = util_alloc(sizeof(*dirs) * (size_t)nops);
	for (int i = optind; i < argc; i++) {
		struct ls_ent e;
		e.name = util_strdup(argv[i]);
		e.path = util_strdup(argv[i]);
		/* a named link is followed unless -l, -F or -d asks for the link itself */
		e.ok = ((ls_long || ls_classify || ls_dirself) ? lstat(argv[i], &e.st)
			: stat(argv[i], &e.st)) == 0;
		if (!e.ok && errno == ENOENT)
			e.ok = lstat(argv[i], &e.st) == 0;
		if (!e.ok) {
			util_warn(argv[i]);
			ls_status = 2;
			free(e.name);
			free(e.path);
			continue;
		}
		if (S_ISDIR(e.st.st_mode) && !ls_dirself)
			dirs[ndirs++] = e;
		else
			files[nfiles++] = e;
	}
	if (nfiles)
		ls_print(files, nfiles);
	ls_sections = nfiles > 0;
	qsort(dirs, ndirs, sizeof(*dirs), ls_cmp);
	for (size_t i = 0; i < ndirs; i++)
		ls_dir(dirs[i].path, nops > 1 || ls_recursive);
	ls_free(files, nfiles);
	ls_free(dirs, ndirs);
	if (fflush(stdout)) {
		util_warn("write error");
		return 2;
	}
	return ls_status;
}
