/* utils/lib/walk.c: directory listings in name order, and the walk over a file tree built on
 * them (util.h). A directory's names are read whole before the walk goes into any of them, so
 * a deep tree holds one descriptor at a time and a remover does not disturb its own reading. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

static int util_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **util_dir_names(const char *path, int all, size_t *count)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	if (!d)
		return NULL;
	errno = 0;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (!all && e->d_name[0] == '.')
			continue;
		if (n + 1 >= cap) {
			cap = cap ? cap * 2 : 16;
			names = util_realloc(names, cap * sizeof(*names));
		}
		names[n++] = util_strdup(e->d_name);
	}
	if (errno) {
		int err = errno;
		closedir(d);
		names = util_realloc(names, (n + 1) * sizeof(*names));
		names[n] = NULL;
		util_free_names(names);
		errno = err;
		return NULL;
	}
	closedir(d);
	names = util_realloc(names, (n + 1) * sizeof(*names));
	names[n] = NULL;
	qsort(names, n, sizeof(*names), util_name_cmp);
	if (count)
		*count = n;
	return names;
}

void util_free_names(char **names)
{
	for (size_t i = 0; names && names[i]; i++)
		free(names[i]);
	free(names);
}

static void util_walk_at(struct util_walk *w, const char *path, int depth)
{
	struct stat st;
	int r = (w->follow == UTIL_FOLLOW_ALL || (w->follow == UTIL_FOLLOW_TOP && depth == 0))
		? stat(path, &st) : lstat(path, &st);
	if (r < 0) {
		w->visit(w, path, NULL, UTIL_WALK_ERR, depth);
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		w->visit(w, path, &st, UTIL_WALK_FILE, depth);
		return;
	}
	if (w->visit(w, path, &st, UTIL_WALK_PRE, depth) == UTIL_WALK_SKIP)
		return;
	char **names = util_dir_names(path, 1, NULL);
	if (!names) {
		w->status = 1;
		w->visit(w, path, &st, UTIL_WALK_ERR, depth);
	}
	for (size_t i = 0; names && names[i]; i++) {
		char *sub = util_join(path, names[i]);
		util_walk_at(w, sub, depth + 1);
		free(sub);
	}
	util_free_names(names);
	w->visit(w, path, &st, UTIL_WALK_POST, depth);
}

void util_walk(struct util_walk *w, const char *path)
{
	util_walk_at(w, path, 0);
}
