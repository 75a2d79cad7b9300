/* complete.c: Tab completion: variables after $, command names in command position
 * (builtins, functions, aliases, programs in PATH), file names elsewhere. */
#include "edit.h"
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

struct sh_cands {
	char **v;
	int n, cap;
};

static void sh_cand_add(struct sh_cands *c, const char *s)
{
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->v[i], s))
			return;
	if (c->n + 1 >= c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->v = sh_realloc(c->v, sizeof(char *) * (size_t)c->cap);
	}
	c->v[c->n++] = sh_strdup(s);
	c->v[c->n] = NULL;
}

static int sh_cand_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sh_complete_vars(struct sh *sh, const char *prefix, struct sh_cands *c)
{
	size_t n = strlen(prefix);
	for (size_t i = 0; i < sh->nbuckets; i++)
		for (struct sh_var *v = sh->vars[i]; v; v = v->next)
			if (v->value && !strncmp(v->name, prefix, n)) {
				char *s = sh_strcat3("$", v->name, "");
				sh_cand_add(c, s);
				free(s);
			}
}

static void sh_complete_files(const char *word, int only_exec, struct sh_cands *c)
{
	const char *slash = strrchr(word, '/');
	char *dir = slash ? sh_strndup(word, (size_t)(slash - word + 1)) : sh_strdup("");
	const char *base = slash ? slash + 1 : word;
	DIR *d = opendir(*dir ? dir : ".");
	if (d) {
		struct dirent *e;
		size_t n = strlen(base);
		while ((e = readdir(d))) {
			if (strncmp(e->d_name, base, n) || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			if (e->d_name[0] == '.' && base[0] != '.')
				continue;
			char *full = sh_strcat3(dir, e->d_name, "");
			struct stat st;
			int isdir = stat(full, &st) == 0 && S_ISDIR(st.st_mode);
			if (!only_exec || isdir || access(full, X_OK) == 0) {
				char *s = sh_strcat3(full, isdir ? "/" : "", "");
				sh_cand_add(c, s);
				free(s);
			}
			free(full);
		}
		closedir(d);
	}
	free(dir);
}

static void sh_complete_commands(struct sh *sh, const char *prefix, struct sh_cands *c)
{
	size_t n = strlen(prefix);
	static const char *const extra[] = {"if", "then", "else", "elif", "fi", "for", "while",
		"until", "do", "done", "case", "esac", ".", ":", "[", "alias", "bg", "break", "cd",
		"command", "continue", "echo", "eval", "exec", "exit", "export", "false", "fg",
		"getopts", "hash", "jobs", "kill", "local", "printf", "pwd", "read", "readonly",
		"return", "set", "shift", "test", "times", "trap", "true", "type", "ulimit", "umask",
		"unalias", "unset", "wait", NULL};
	for (int i = 0; extra[i]; i++)
		if (!strncmp(extra[i], prefix, n))
			sh_cand_add(c, extra[i]);
	for (struct sh_func *f = sh->funcs; f; f = f->next)
		if (!strncmp(f->name, prefix, n))
			sh_cand_add(c, f->name);
	for (struct sh_alias *a = sh->aliases; a; a = a->next)
		if (!strncmp(a->name, prefix, n))
			sh_cand_add(c, a->name);
	const char *path = sh_var_get(sh, "PATH");
	while (path && *path) {
		const char *colon = strchr(path, ':');
		size_t len = colon ? (size_t)(colon - path) : strlen(path);
		char *dir = len ? sh_strndup(path, len) : sh_strdup(".");
		DIR *d = opendir(dir);
		if (d) {
			struct dirent *e;
			while ((e = readdir(d))) {
				if (strncmp(e->d_name, prefix, n) || e->d_name[0] == '.')
					continue;
				char *full = sh_strcat3(dir, "/", e->d_name);
				struct stat st;
				if (stat(full, &st) == 0 && S_ISREG(st.st_mode) && access(full, X_OK) == 0)
					sh_cand_add(c, e->d_name);
				free(full);
			}
			closedir(d);
		}
		free(dir);
		path = colon ? colon + 1 : NULL;
	}
}

/* Candidates for the word that ends at the cursor; *word_start is where that word begins.
 * Each candidate is the whole new word. */
char **sh_complete(struct sh *sh, const char *line, size_t cursor, size_t *word_start, int *n)
{
	size_t s = cursor;
	while (s > 0 && !strchr(" \t;|&<>()`", line[s - 1]))
		s--;
	*word_start = s;
	char *word = sh_strndup(line + s, cursor - s);
	/* command position: only blanks or a command separator before the word */
	size_t k = s;
	while (k > 0 && (line[k - 1] == ' ' || line[k - 1] == '\t'))
		k--;
	int cmd_pos = k == 0 || strchr(";|&(`", line[k - 1]);
	struct sh_cands c = {0};
	if (word[0] == '$')
		sh_complete_vars(sh, word + 1, &c);
	else if (cmd_pos && !strchr(word, '/'))
		sh_complete_commands(sh, word, &c);
	else
		sh_complete_files(word, cmd_pos, &c);
	free(word);
	if (c.n > 1)
		qsort(c.v, (size_t)c.n, sizeof(char *), sh_cand_cmp);
	*n = c.n;
	return c.v;
}
