/* utils/diff.c: diff, compares two files line by line: diff [-u | -U N | -c?] [-q] FILE1 FILE2.
 * The lines are numbered by content (a hash table), then the longest common subsequence is
 * found by Myers' O(ND) algorithm in linear space (diff_snake: the middle snake of the forward
 * and backward searches, then each half again); the output is POSIX's default format or the
 * unified one (-u). Start reading at main. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include "lib/util.h"

static const char diff_help[] =
	"usage: diff [-q] [-u | -U LINES] FILE1 FILE2\n"
	"Says how to change FILE1 into FILE2 (- is standard input), line by line.\n"
	"  -u        the unified format, with 3 lines of context\n"
	"  -U LINES  the unified format, with LINES lines of context\n"
	"  -q        only say whether they differ\n"
	"Exit status: 0 if the files are the same, 1 if they differ, 2 on an error.\n";

struct diff_file {
	const char *name;
	char *data;
	size_t size;
	char **line;      /* where each line starts */
	size_t *len;      /* its length without the newline */
	int *id;          /* equal lines have equal ids */
	char *changed;    /* 1 for a line not in the common subsequence */
	size_t n;
	int noeol;        /* the last line has no newline */
	struct stat st;
};

static struct diff_file diff_a, diff_b;
static int *diff_vf, *diff_vb; /* the searches' furthest x per diagonal, offset by diff_off */
static long diff_off;

static int diff_read(struct diff_file *f)
{
	int fd = strcmp(f->name, "-") ? open(f->name, O_RDONLY) : 0;
	size_t cap = 65536;
	if (fd < 0 || fstat(fd, &f->st) < 0)
		return -1;
	if (S_ISDIR(f->st.st_mode)) {
		errno = EISDIR;
		return -1;
	}
	f->data = util_alloc(cap);
	for (;;) {
		if (f->size == cap)
			f->data = util_realloc(f->data, cap *= 2);
		ssize_t r = read(fd, f->data + f->size, cap - f->size);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		f->size += (size_t)r;
	}
	if (fd)
		close(fd);
	size_t lines = 0;
	for (size_t i = 0; i < f->size; i++)
		lines += f->data[i] == '\n';
	lines += f->size && f->data[f->size - 1] != '\n';
	f->line = util_alloc(sizeof(char *) * (lines + 1));
	f->len = util_alloc(sizeof(size_t) * (lines + 1));
	f->id = util_alloc(sizeof(int) * (lines + 1));
	f->changed = util_alloc(lines + 1);
	for (size_t i = 0; i < f->size;) {
		char *nl = memchr(f->data + i, '\n', f->size - i);
		size_t end = nl ? (size_t)(nl - f->data) : f->size;
		f->line[f->n] = f->data + i;
		f->len[f->n++] = end - i;
		i = end + 1;
	}
	f->noeol = f->size && f->data[f->size - 1] != '\n';
	memset(f->changed, 1, lines + 1);
	return 0;
}

/* Equal lines get equal ids: an open-addressing table over both files. */
static void diff_number(void)
{
	size_t cap = 16, total = diff_a.n + diff_b.n;
	while (cap < total * 2 + 2)
		cap *= 2;
	/* a last line without its newline differs from the same text with one */
	struct { const char *s; size_t len; int id, noeol; } *tab = util_alloc(sizeof(*tab) * cap);
	memset(tab, 0, sizeof(*tab) * cap);
	int next = 1;
	struct diff_file *fs[2] = { &diff_a, &diff_b };
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < fs[k]->n; i++) {
			const char *s = fs[k]->line[i];
			size_t len = fs[k]->len[i];
			int noeol = fs[k]->noeol && i + 1 == fs[k]->n;
			unsigned long h = 5381 + (unsigned long)noeol;
			for (size_t j = 0; j < len; j++)
				h = h * 33 + (unsigned char)s[j];
			size_t slot = h & (cap - 1);
			while (tab[slot].id && !(tab[slot].len == len && tab[slot].noeol == noeol &&
			       !memcmp(tab[slot].s, s, len)))
				slot = (slot + 1) & (cap - 1);
			if (!tab[slot].id) {
				tab[slot].s = s;
				tab[slot].len = len;
				tab[slot].noeol = noeol;
				tab[slot].id = next++;
			}
			fs[k]->id[i] = tab[slot].id;
		}
	free(tab);
}

/* The middle snake of A[0..n) against B[0..m) (both not empty): from (*x,*y) to (*u,*v). */
static void diff_snake(const int *a, long n, const int *b, long m, long *x, long *y, long *u,
	long *v)
{
	long delta = n - m, max = (n + m + 1) / 2;
	int odd = delta & 1;
	int *vf = diff_vf + diff_off, *vb = diff_vb + diff_off;
	vf[1] = 0;
	vb[1] = 0;
	for (long d = 0; d <= max; d++) {
		for (long k = -d; k <= d; k += 2) {
			long px = (k == -d || (k != d && vf[k - 1] < vf[k + 1])) ? vf[k + 1] : vf[k - 1] + 1;
			long py = px - k, sx = px, sy = py;
			while (px < n && py < m && a[px] == b[py])
				px++, py++;
			vf[k] = (int)px;
			if (odd && delta - k >= -(d - 1) && delta - k <= d - 1 && px + vb[delta - k] >= n) {
				*x = sx; *y = sy; *u = px; *v = py;
				return;
			}
		}
		for (long k = -d; k <= d; k += 2) {
			long px = (k == -d || (k != d && vb[k - 1] < vb[k + 1])) ? vb[k + 1] : vb[k - 1] + 1;
			long py = px - k, sx = px, sy = py;
			while (px < n && py < m && a[n - 1 - px] == b[m - 1 - py])
				px++, py++;
			vb[k] = (int)px;
			if (!odd && delta - k >= -d && delta - k <= d && px + vf[delta - k] >= n) {
				*x = n - px; *y = m - py; *u = n - sx; *v = m - sy;
				return;
			}
		}
	}
	*x = *u = 0; /* not reached: a snake is always found by d = max */
	*y = *v = 0;
}

/* Marks the lines of the longest common subsequence of A[a0..a1) and B[b0..b1) unchanged. */
static void diff_lcs(long a0, long a1, long b0, long b1)
{
	while (a0 < a1 && b0 < b1 && diff_a.id[a0] == diff_b.id[b0])
		diff_a.changed[a0++] = diff_b.changed[b0++] = 0;
	while (a0 < a1 && b0 < b1 && diff_a.id[a1 - 1] == diff_b.id[b1 - 1])
		diff_a.changed[--a1] = diff_b.changed[--b1] = 0;
	if (a0 == a1 || b0 == b1)
		return;
	long x, y, u, v;
	diff_snake(diff_a.id + a0, a1 - a0, diff_b.id + b0, b1 - b0, &x, &y, &u, &v);
	diff_lcs(a0, a0 + x, b0, b0 + y);
	for (long i = x; i < u; i++)
		diff_a.changed[a0 + i] = diff_b.changed[b0 + (i - x + y)] = 0;
	diff_lcs(a0 + u, a1, b0 + v, b1);
}

static void diff_line(char mark, const struct diff_file *f, size_t i)
{
	if (mark == '<' || mark == '>')
		printf("%c ", mark);
	else
		putchar(mark);
	fwrite(f->line[i], 1, f->len[i], stdout);
	putchar('\n');
	if (i + 1 == f->n && f->noeol)
		puts("\\ No newline at end of file");
}

static void diff_range(size_t from, size_t to) /* lines from+1 .. to, 1-based */
{
	if (to <= from + 1)
		printf("%zu", to > from ? to : from);
	else
		printf("%zu,%zu", from + 1, to);
}

/* The next change at or after (*i, *j): its ends in *i1, *j1; 0 if there is none. */
static int diff_next(size_t *i, size_t *j, size_t *i1, size_t *j1)
{
	while (*i < diff_a.n && *j < diff_b.n && !diff_a.changed[*i] && !diff_b.changed[*j])
		(*i)++, (*j)++;
	if (*i >= diff_a.n && *j >= diff_b.n)
		return 0;
	*i1 = *i;
	*j1 = *j;
	while (*i1 < diff_a.n && diff_a.changed[*i1])
		(*i1)++;
	while (*j1 < diff_b.n && diff_b.changed[*j1])
		(*j1)++;
	return 1;
}

static void diff_normal(void)
{
	size_t i = 0, j = 0, i1, j1;
	while (diff_next(&i, &j, &i1, &j1)) {
		char op = i1 == i ? 'a' : j1 == j ? 'd' : 'c';
		diff_range(op == 'a' ? i : i, op == 'a' ? i : i1);
		putchar(op);
		diff_range(op == 'd' ? j : j, op == 'd' ? j : j1);
		putchar('\n');
		for (size_t k = i; k < i1; k++)
			diff_line('<', &diff_a, k);
		if (op == 'c')
			puts("---");
		for (size_t k = j; k < j1; k++)
			diff_line('>', &diff_b, k);
		i = i1;
		j = j1;
	}
}

static void diff_header(const char *mark, const struct diff_file *f)
{
	char buf[64], zone[16];
	time_t t = f->st.st_mtim.tv_sec;
	struct tm *tm = localtime(&t);
	if (!strcmp(f->name, "-"))
		tm = NULL;
	if (tm) {
		strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", tm);
		strftime(zone, sizeof(zone), "%z", tm);
		printf("%s %s\t%s.%09ld %s\n", mark, f->name, buf, f->st.st_mtim.tv_nsec, zone);
	} else
		printf("%s %s\n", mark, f->name);
}

static void diff_hunk_range(size_t start, size_t count) /* start is 0-based */
{
	if (count == 1)
		printf("%zu", start + 1);
	else
		printf("%zu,%zu", count ? start + 1 : start, count);
}

static void diff_unified(size_t ctx)
{
	size_t i = 0, j = 0, i1, j1;
	int first = 1;
	diff_header("---", &diff_a);
	diff_header("+++", &diff_b);
	while (diff_next(&i, &j, &i1, &j1)) {
		(void)first;
		/* a hunk: this change and every next one within 2 * ctx unchanged lines */
		size_t hi = i > ctx ? i - ctx : 0, hj = j - (i - hi);
		size_t ei = i1, ej = j1, ni, nj, ni1, nj1;
		for (;;) {
			ni = ei;
			nj = ej;
			if (!diff_next(&ni, &nj, &ni1, &nj1) || ni - ei > 2 * ctx)
				break;
			ei = ni1;
			ej = nj1;
		}
		size_t tail = diff_a.n - ei < ctx ? diff_a.n - ei : ctx;
		size_t ai = ei + tail, aj = ej + tail;
		printf("@@ -");
		diff_hunk_range(hi, ai - hi);
		printf(" +");
		diff_hunk_range(hj, aj - hj);
		printf(" @@\n");
		size_t x = hi, y = hj;
		while (x < ai || y < aj) {
			if (x < ai && y < aj && !diff_a.changed[x] && !diff_b.changed[y]) {
				diff_line(' ', &diff_a, x);
				x++, y++;
				continue;
			}
			while (x < ai && diff_a.changed[x])
				diff_line('-', &diff_a, x++);
			while (y < aj && diff_b.changed[y])
				diff_line('+', &diff_b, y++);
		}
		i = ei;
		j = ej;
	}
}

int main(int argc, char **argv)
{
	int c, unified = 0, quiet = 0;
	long long ctx = 3;
	util_init(argc, argv, "diff", diff_help);
	while ((c = getopt(argc, argv, "+quU:")) != -1) {
		if (c == 'q')
			quiet = 1;
		else if (c == 'u')
			unified = 1;
		else if (c == 'U') {
			if (util_parse_long(optarg, &ctx) || ctx < 0)
				util_die(2, "invalid context length: %s", optarg);
			unified = 1;
		} else
			return util_usage(2);
	}
	if (argc - optind != 2)
		return util_usage(2);
	diff_a.name = argv[optind];
	diff_b.name = argv[optind + 1];
	if (diff_read(&diff_a) < 0) {
		util_warn(diff_a.name);
		return 2;
	}
	if (diff_read(&diff_b) < 0) {
		util_warn(diff_b.name);
		return 2;
	}
	if (diff_a.size == diff_b.size && !memcmp(diff_a.data, diff_b.data, diff_a.size))
		return 0;
	if (quiet || memchr(diff_a.data, 0, diff_a.size) || memchr(diff_b.data, 0, diff_b.size)) {
		printf("%s %s and %s differ\n", quiet ? "Files" : "Binary files", diff_a.name,
			diff_b.name);
		return fflush(stdout) ? 2 : 1;
	}
	diff_number();
	diff_off = (long)(diff_a.n + diff_b.n) / 2 + 2;
	diff_vf = util_alloc(sizeof(int) * (size_t)(2 * diff_off + 1));
	diff_vb = util_alloc(sizeof(int) * (size_t)(2 * diff_off + 1));
	diff_lcs(0, (long)diff_a.n, 0, (long)diff_b.n);
	if (unified)
		diff_unified((size_t)ctx);
	else
		diff_normal();
	return fflush(stdout) ? 2 : 1;
}
