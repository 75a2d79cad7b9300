/* var.c: shell variables (a hash table), special parameters, positional parameters, local
 * variables, functions and aliases. */
#include "sh.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>

static size_t sh_var_hash(const char *s)
{
	size_t h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static void sh_var_rehash(struct sh *sh)
{
	size_t nb = sh->nbuckets ? sh->nbuckets * 2 : 64;
	struct sh_var **t = sh_alloc(sizeof *t * nb);
	for (size_t i = 0; i < sh->nbuckets; i++) {
		struct sh_var *v = sh->vars[i], *next;
		for (; v; v = next) {
			next = v->next;
			size_t h = sh_var_hash(v->name) % nb;
			v->next = t[h];
			t[h] = v;
		}
	}
	free(sh->vars);
	sh->vars = t;
	sh->nbuckets = nb;
}

struct sh_var *sh_var_lookup(struct sh *sh, const char *name)
{
	if (!sh->nbuckets)
		return NULL;
	struct sh_var *v = sh->vars[sh_var_hash(name) % sh->nbuckets];
	for (; v; v = v->next)
		if (!strcmp(v->name, name))
			return v;
	return NULL;
}

static struct sh_var *sh_var_create(struct sh *sh, const char *name)
{
	struct sh_var *v = sh_var_lookup(sh, name);
	if (v)
		return v;
	if (sh->nvars + 1 > sh->nbuckets)
		sh_var_rehash(sh);
	v = sh_alloc(sizeof *v);
	v->name = sh_strdup(name);
	size_t h = sh_var_hash(name) % sh->nbuckets;
	v->next = sh->vars[h];
	sh->vars[h] = v;
	sh->nvars++;
	return v;
}

const char *sh_var_get(struct sh *sh, const char *name)
{
	struct sh_var *v = sh_var_lookup(sh, name);
	return v ? v->value : NULL;
}

/* value NULL keeps the value and only adds flags (export x, readonly x). */
int sh_var_set(struct sh *sh, const char *name, const char *value, int flags)
{
	struct sh_var *v = sh_var_lookup(sh, name);
	if (v && (v->flags & SH_V_READONLY) && value) {
		sh_errmsg(sh, "%s: is read only", name);
		return -1;
	}
	v = sh_var_create(sh, name);
	if (value) {
		char *nv = sh_strdup(value);
		free(v->value);
		v->value = nv;
		if (sh->opts[SH_O_ALLEXPORT])
			v->flags |= SH_V_EXPORT;
		if (!strcmp(name, "OPTIND"))
			sh->optind_sub = 0;
		if (!strcmp(name, "PATH"))
			sh_hash_clear(sh);
	}
	v->flags |= flags;
	return 0;
}

int sh_var_unset(struct sh *sh, const char *name)
{
	struct sh_var *v = sh_var_lookup(sh, name);
	if (!v)
		return 0;
	if (v->flags & SH_V_READONLY) {
		sh_errmsg(sh, "unset: %s: is read only", name);
		sh_abort(sh, 2);
	}
	free(v->value);
	v->value = NULL;
	v->flags = 0;
	if (!strcmp(name, "PATH"))
		sh_hash_clear(sh);
	return 0;
}

int sh_var_assign(struct sh *sh, const char *a, int flags)
{
	const char *eq = strchr(a, '=');
	char *name = sh_strndup(a, (size_t)(eq - a));
	int r = sh_var_set(sh, name, eq + 1, flags);
	free(name);
	return r;
}

void sh_vars_init(struct sh *sh, char **envp)
{
	for (; envp && *envp; envp++) {
		const char *eq = strchr(*envp, '=');
		if (eq && sh_is_name_n(*envp, (size_t)(eq - *envp)))
			sh_var_assign(sh, *envp, SH_V_EXPORT);
	}
	sh_var_set(sh, "IFS", " \t\n", 0);
	/* PS1 is set in sh_main, once it is known whether the shell is interactive */
	sh_var_set(sh, "PS2", "> ", 0);
	sh_var_set(sh, "PS4", "+ ", 0);
	sh_var_set(sh, "OPTIND", "1", 0);
	char cwd[4096];
	const char *pwd = sh_var_get(sh, "PWD");
	if (getcwd(cwd, sizeof cwd) && !(pwd && pwd[0] == '/' && !strcmp(pwd, cwd)))
		sh_var_set(sh, "PWD", cwd, SH_V_EXPORT);
	char ppid[32];
	snprintf(ppid, sizeof ppid, "%ld", (long)getppid());
	sh_var_set(sh, "PPID", ppid, 0);
}

static int sh_var_cmp(const void *a, const void *b)
{
	return strcmp((*(struct sh_var *const *)a)->name, (*(struct sh_var *const *)b)->name);
}

static struct sh_var **sh_var_sorted(struct sh *sh, size_t *n)
{
	struct sh_var **all = sh_alloc(sizeof *all * (sh->nvars + 1));
	size_t k = 0;
	for (size_t i = 0; i < sh->nbuckets; i++)
		for (struct sh_var *v = sh->vars[i]; v; v = v->next)
			all[k++] = v;
	qsort(all, k, sizeof *all, sh_var_cmp);
	*n = k;
	return all;
}

char **sh_var_environ(struct sh *sh)
{
	size_t n;
	struct sh_var **all = sh_var_sorted(sh, &n);
	char **env = sh_alloc(sizeof(char *) * (n + 1));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if ((all[i]->flags & SH_V_EXPORT) && all[i]->value)
			env[k++] = sh_strcat3(all[i]->name, "=", all[i]->value);
	free(all);
	return env;
}

/* Single-quoted, as `set` and `export -p` print values so they can be read back. */
char *sh_quote(const char *s)
{
	struct sh_str b = {0};
	sh_str_putc(&b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			sh_str_puts(&b, "'\"'\"'");
		else
			sh_str_putc(&b, *s);
	}
	sh_str_putc(&b, '\'');
	return sh_str_take(&b);
}

/* flags 0: every set variable (set); else those with the flag, prefixed (export -p). */
void sh_var_list(struct sh *sh, int flags, const char *prefix)
{
	size_t n;
	struct sh_var **all = sh_var_sorted(sh, &n);
	struct sh_str out = {0};
	for (size_t i = 0; i < n; i++) {
		struct sh_var *v = all[i];
		if (flags ? !(v->flags & flags) : !v->value)
			continue;
		if (prefix)
			sh_str_printf(&out, "%s ", prefix);
		sh_str_puts(&out, v->name);
		if (v->value) {
			char *q = sh_quote(v->value);
			sh_str_printf(&out, "=%s", q);
			free(q);
		}
		sh_str_putc(&out, '\n');
	}
	if (out.len)
		sh_write_all(1, out.s, out.len);
	free(out.s);
	free(all);
}

struct sh_local *sh_var_save(struct sh *sh, const char *name, struct sh_local *list)
{
	struct sh_local *l = sh_alloc(sizeof *l);
	struct sh_var *v = sh_var_lookup(sh, name);
	l->name = sh_strdup(name);
	if (v) {
		l->existed = 1;
		l->value = v->value ? sh_strdup(v->value) : NULL;
		l->flags = v->flags;
	}
	l->next = list;
	return l;
}

void sh_var_restore(struct sh *sh, struct sh_local *list)
{
	while (list) {
		struct sh_local *next = list->next;
		struct sh_var *v = sh_var_create(sh, list->name);
		if (!strcmp(list->name, "PATH"))
			sh_hash_clear(sh);
		free(v->value);
		v->value = list->value;
		v->flags = list->existed ? list->flags : 0;
		free(list->name);
		free(list);
		list = next;
	}
}

void sh_var_local(struct sh *sh, const char *name)
{
	for (struct sh_local *l = sh->locals; l; l = l->next)
		if (!strcmp(l->name, name))
			return;
	sh->locals = sh_var_save(sh, name, sh->locals);
}

char *sh_special_param(struct sh *sh, const char *name, int *is_set)
{
	char buf[32];
	*is_set = 1;
	if (name[0] >= '0' && name[0] <= '9') {
		long i;
		if (!sh_parse_int(name, &i))
			return NULL;
		if (i == 0)
			return sh_strdup(sh->arg0);
		return i <= sh->nparams ? sh_strdup(sh->params[i - 1]) : NULL;
	}
	if (name[1]) {
		*is_set = 0;
		if (!strcmp(name, "LINENO") && !sh_var_lookup(sh, "LINENO")) {
			*is_set = 1;
			snprintf(buf, sizeof buf, "%d", sh->lineno);
			return sh_strdup(buf);
		}
		return NULL;
	}
	switch (name[0]) {
	case '?':
		snprintf(buf, sizeof buf, "%d", sh->status);
		return sh_strdup(buf);
	case '$':
		snprintf(buf, sizeof buf, "%ld", (long)sh->rootpid);
		return sh_strdup(buf);
	case '!':
		if (!sh->last_bg)
			return NULL;
		snprintf(buf, sizeof buf, "%ld", (long)sh->last_bg);
		return sh_strdup(buf);
	case '#':
		snprintf(buf, sizeof buf, "%d", sh->nparams);
		return sh_strdup(buf);
	case '-':
		return sh_option_letters(sh);
	}
	*is_set = 0;
	return NULL;
}

void sh_set_params(struct sh *sh, char **argv, int n)
{
	for (int i = 0; i < sh->nparams; i++)
		free(sh->params[i]);
	free(sh->params);
	sh->params = sh_argv_dup(argv, n);
	sh->nparams = n;
}

struct sh_func *sh_func_lookup(struct sh *sh, const char *name)
{
	for (struct sh_func *f = sh->funcs; f; f = f->next)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

void sh_func_define(struct sh *sh, const char *name, struct sh_node *body)
{
	struct sh_func *f = sh_func_lookup(sh, name);
	if (!f) {
		f = sh_alloc(sizeof *f);
		f->name = sh_strdup(name);
		f->next = sh->funcs;
		sh->funcs = f;
	} else {
		/* A running function keeps its old body alive through its own reference. */
		sh_arena_unref(f->body->arena);
	}
	f->body = body;
	sh_arena_ref(body->arena);
}

int sh_func_unset(struct sh *sh, const char *name)
{
	for (struct sh_func **pf = &sh->funcs; *pf; pf = &(*pf)->next) {
		struct sh_func *f = *pf;
		if (!strcmp(f->name, name)) {
			*pf = f->next;
			sh_arena_unref(f->body->arena);
			free(f->name);
			free(f);
			return 0;
		}
	}
	return 0;
}

const char *sh_alias_get(struct sh *sh, const char *name)
{
	for (struct sh_alias *a = sh->aliases; a; a = a->next)
		if (!strcmp(a->name, name))
			return a->value;
	return NULL;
}
