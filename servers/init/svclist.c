/* servers/init/svclist.c: the service list parser (see svclist.h). The format, one stanza
 * per service, a keyword and its words per line (indentation is for the reader):
 *
 *     # a comment: from a word that starts with '#' to the end of the line
 *     service NAME             starts a stanza; NAME: letters, digits, '-', '_', at most 31
 *         run PATH ARG...      the program and its arguments (required)
 *         caps CAP...          ioport physmap dma irq scheme mount procmem power (default: none)
 *         ioports FIRST-LAST...  the I/O port ranges it may use (needs caps ioport)
 *         ns PREFIX...         the only namespace prefixes it keeps (default: all of init's)
 *         mount PREFIX SCHEME  init mounts SCHEME (the one this service registers) at PREFIX
 *         needs NAME...        services that must be up before it starts
 *         ready PATH           it is up once PATH exists (default: once it is started)
 *         stdio PATH           its standard input, output and error (default: init's)
 *         restart always|on-failure|never   (default: always)
 *         essential            never given up on after failures
 *
 * Words are separated by blanks; "double quotes" keep blanks in a word, with \" and \\
 * inside them. Every keyword but needs, caps, ioports, ns and mount appears at most once. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "svclist.h"

#define SVC_NAME_MAX 31
#define SVC_WORDS_MAX 64   /* words on one line */

static const char *const svc_caps[] = { "ioport", "physmap", "dma", "irq", "scheme", "mount",
	"procmem", "power" };

struct svc_parser {
	struct svc_list *list;
	char *err;
	size_t errlen;
	int line;
	char *words[SVC_WORDS_MAX];
	int nwords;
	char linebuf[4096];
};

static int svc_error(struct svc_parser *p, int line, const char *what, const char *word)
{
	if (p->errlen)
		snprintf(p->err, p->errlen, "%d: %s%s%s", line, what, word ? ": " : "", word ? word : "");
	return -EINVAL;
}

static char *svc_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *c = malloc(n);
	return c ? memcpy(c, s, n) : NULL;
}

unsigned svc_cap_bit(const char *name)
{
	for (unsigned i = 0; i < sizeof(svc_caps) / sizeof(svc_caps[0]); i++)
		if (!strcmp(name, svc_caps[i]))
			return 1u << i;
	return 0;
}

int svc_find(const struct svc_list *l, const char *name)
{
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->svc[i].name, name))
			return i;
	return -1;
}

/* Splits line (already copied into linebuf, NUL-terminated) into words in place. */
static int svc_split(struct svc_parser *p)
{
	char *r = p->linebuf, *w = p->linebuf;
	p->nwords = 0;
	for (;;) {
		while (*r == ' ' || *r == '\t' || *r == '\r')
			r++;
		if (!*r || *r == '#')
			return 0;
		if (p->nwords == SVC_WORDS_MAX)
			return svc_error(p, p->line, "too many words", NULL);
		p->words[p->nwords++] = w;
		while (*r && *r != ' ' && *r != '\t' && *r != '\r') {
			if (*r != '"') {
				*w++ = *r++;
				continue;
			}
			for (r++; *r != '"'; r++) {
				if (!*r)
					return svc_error(p, p->line, "unterminated quote", NULL);
				if (*r == '\\' && (r[1] == '"' || r[1] == '\\'))
					r++;
				*w++ = *r;
			}
			r++;
		}
		if (*r)
			r++;
		*w++ = 0;
	}
}

/* A copy of words[from..] as a NULL-terminated array. */
static char **svc_copy_words(struct svc_parser *p, int from, int *count)
{
	int n = p->nwords - from;
	char **v = calloc((size_t)n + 1, sizeof(char *));
	if (!v)
		return NULL;
	for (int i = 0; i < n; i++)
		if (!(v[i] = svc_strdup(p->words[from + i]))) {
			while (i--)
				free(v[i]);
			free(v);
			return NULL;
		}
	*count = n;
	return v;
}

/* needs, caps, ioports and ns may be given on several lines: their words add up. */
static int svc_append_words(struct svc_parser *p, char ***arr, int *count)
{
	int n = 0;
	char **more = svc_copy_words(p, 1, &n), **all;
	if (!more)
		return -ENOMEM;
	all = realloc(*arr, ((size_t)*count + (size_t)n + 1) * sizeof(char *));
	if (!all) {
		for (int i = 0; i < n; i++)
			free(more[i]);
		free(more);
		return -ENOMEM;
	}
	memcpy(all + *count, more, ((size_t)n + 1) * sizeof(char *));
	free(more);
	*arr = all;
	*count += n;
	return 0;
}

static bool svc_name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > SVC_NAME_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
				*s == '-' || *s == '_'))
			return false;
	return true;
}

static int svc_new(struct svc_parser *p)
{
	struct svc_list *l = p->list;
	struct svc_def *grown, *d;
	if (p->nwords != 2)
		return svc_error(p, p->line, "service takes one name", NULL);
	if (!svc_name_ok(p->words[1]))
		return svc_error(p, p->line, "bad service name", p->words[1]);
	if (svc_find(l, p->words[1]) >= 0)
		return svc_error(p, p->line, "service defined twice", p->words[1]);
	grown = realloc(l->svc, ((size_t)l->n + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	l->svc = grown;
	d = &l->svc[l->n];
	memset(d, 0, sizeof(*d));
	d->line = p->line;
	if (!(d->name = svc_strdup(p->words[1])))
		return -ENOMEM;
	l->n++;
	return 0;
}

static int svc_parse_ioports(struct svc_parser *p, struct svc_def *d)
{
	for (int i = 1; i < p->nwords; i++) {
		char *end;
		unsigned long first = strtoul(p->words[i], &end, 0), last;
		struct svc_ioports *grown;
		if (end == p->words[i] || *end != '-')
			return svc_error(p, p->line, "bad port range", p->words[i]);
		last = strtoul(end + 1, &end, 0);
		if (*end || first > last || last > 0xffff)
			return svc_error(p, p->line, "bad port range", p->words[i]);
		grown = realloc(d->ioports, ((size_t)d->nioports + 1) * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		d->ioports = grown;
		d->ioports[d->nioports].first = (unsigned)first;
		d->ioports[d->nioports++].last = (unsigned)last;
	}
	return 0;
}

/* A keyword that takes exactly one word, given once. */
static int svc_single(struct svc_parser *p, char **slot)
{
	if (p->nwords != 2)
		return svc_error(p, p->line, "takes one word", p->words[0]);
	if (*slot)
		return svc_error(p, p->line, "given twice", p->words[0]);
	return (*slot = svc_strdup(p->words[1])) ? 0 : -ENOMEM;
}

static int svc_keyword(struct svc_parser *p, struct svc_def *d)
{
	const char *k = p->words[0];
	if (!strcmp(k, "run")) {
		if (d->argv)
			return svc_error(p, p->line, "given twice", k);
		if (p->nwords < 2)
			return svc_error(p, p->line, "run needs a program", NULL);
		return (d->argv = svc_copy_words(p, 1, &d->argc)) ? 0 : -ENOMEM;
	}
	if (!strcmp(k, "caps")) {
		for (int i = 1; i < p->nwords; i++) {
			unsigned bit = svc_cap_bit(p->words[i]);
			if (!bit)
				return svc_error(p, p->line, "unknown capability", p->words[i]);
			d->caps |= bit;
		}
		return 0;
	}
	if (!strcmp(k, "ioports"))
		return svc_parse_ioports(p, d);
	if (!strcmp(k, "ns")) {
		for (int i = 1; i < p->nwords; i++)
			if (p->words[i][0] != '/')
				return svc_error(p, p->line, "a namespace prefix is an absolute path", p->words[i]);
		return svc_append_words(p, &d->ns, &d->nns);
	}
	if (!strcmp(k, "mount")) {
		struct svc_mount *grown;
		if (p->nwords != 3)
			return svc_error(p, p->line, "mount takes a prefix and a scheme", NULL);
		if (p->words[1][0] != '/')
			return svc_error(p, p->line, "a namespace prefix is an absolute path", p->words[1]);
		grown = realloc(d->mounts, ((size_t)d->nmounts + 1) * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		d->mounts = grown;
		grown = &d->mounts[d->nmounts];
		grown->prefix = svc_strdup(p->words[1]);
		grown->scheme = svc_strdup(p->words[2]);
		d->nmounts++; /* counted first: svc_free frees what the copies got */
		return grown->prefix && grown->scheme ? 0 : -ENOMEM;
	}
	if (!strcmp(k, "needs"))
		return svc_append_words(p, &d->needs, &d->nneeds);
	if (!strcmp(k, "ready"))
		return svc_single(p, &d->ready);
	if (!strcmp(k, "stdio"))
		return svc_single(p, &d->stdio);
	if (!strcmp(k, "essential")) {
		if (p->nwords != 1)
			return svc_error(p, p->line, "essential takes no words", NULL);
		d->essential = true;
		return 0;
	}
	if (!strcmp(k, "restart")) {
		const char *v = p->nwords == 2 ? p->words[1] : "";
		if (!strcmp(v, "always"))
			d->restart = SVC_RESTART_ALWAYS;
		else if (!strcmp(v, "on-failure"))
			d->restart = SVC_RESTART_ON_FAILURE;
		else if (!strcmp(v, "never"))
			d->restart = SVC_RESTART_NEVER;
		else
			return svc_error(p, p->line, "restart is always, on-failure or never", NULL);
		return 0;
	}
	return svc_error(p, p->line, "unknown keyword", k);
}

/* Depth-first search for a cycle through the needs; state: 0 new, 1 on the path, 2 done. */
static int svc_visit(struct svc_parser *p, int i, char *state)
{
	struct svc_def *d = &p->list->svc[i];
	if (state[i] == 1)
		return svc_error(p, d->line, "dependency cycle through", d->name);
	if (state[i] == 2)
		return 0;
	state[i] = 1;
	for (int k = 0; k < d->nneeds; k++) {
		int err = svc_visit(p, d->need_idx[k], state);
		if (err)
			return err;
	}
	state[i] = 2;
	return 0;
}

/* What can only be checked once every stanza is read. */
static int svc_check(struct svc_parser *p)
{
	struct svc_list *l = p->list;
	char *state;
	int err = 0;
	for (int i = 0; i < l->n; i++) {
		struct svc_def *d = &l->svc[i];
		if (!d->argv)
			return svc_error(p, d->line, "no run line for", d->name);
		if (d->nioports && !(d->caps & SVC_CAP_IOPORT))
			return svc_error(p, d->line, "ioports without caps ioport in", d->name);
		if (!(d->need_idx = calloc((size_t)d->nneeds + 1, sizeof(int))))
			return -ENOMEM;
		for (int k = 0; k < d->nneeds; k++) {
			d->need_idx[k] = svc_find(l, d->needs[k]);
			if (d->need_idx[k] < 0)
				return svc_error(p, d->line, "needs an unknown service", d->needs[k]);
			if (d->need_idx[k] == i)
				return svc_error(p, d->line, "needs itself", d->name);
		}
	}
	if (!(state = calloc((size_t)l->n + 1, 1)))
		return -ENOMEM;
	for (int i = 0; i < l->n && !err; i++)
		err = svc_visit(p, i, state);
	free(state);
	return err;
}

static int svc_parse_line(struct svc_parser *p)
{
	int err = svc_split(p);
	if (err || p->nwords == 0)
		return err;
	if (!strcmp(p->words[0], "service"))
		return svc_new(p);
	if (p->list->n == 0)
		return svc_error(p, p->line, "keyword before the first service", p->words[0]);
	return svc_keyword(p, &p->list->svc[p->list->n - 1]);
}

int svc_parse(const char *text, size_t len, struct svc_list *out, char *err, size_t errlen)
{
	struct svc_parser *p = calloc(1, sizeof(*p));
	size_t pos = 0;
	int rc = 0;
	out->svc = NULL;
	out->n = 0;
	if (!p)
		return -ENOMEM;
	p->list = out;
	p->err = err;
	p->errlen = errlen;
	if (errlen)
		err[0] = 0;
	while (pos < len && !rc) {
		size_t end = pos, n;
		while (end < len && text[end] != '\n')
			end++;
		n = end - pos;
		p->line++;
		if (n >= sizeof(p->linebuf) || memchr(text + pos, 0, n))
			rc = svc_error(p, p->line, n >= sizeof(p->linebuf) ? "line too long" : "NUL byte", NULL);
		else {
			memcpy(p->linebuf, text + pos, n);
			p->linebuf[n] = 0;
			rc = svc_parse_line(p);
		}
		pos = end + 1;
	}
	if (!rc)
		rc = svc_check(p);
	if (rc == -ENOMEM && errlen)
		snprintf(err, errlen, "%d: out of memory", p->line);
	free(p);
	if (rc)
		svc_free(out);
	return rc;
}

static void svc_free_words(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void svc_free(struct svc_list *l)
{
	for (int i = 0; i < l->n; i++) {
		struct svc_def *d = &l->svc[i];
		free(d->name);
		svc_free_words(d->argv, d->argc);
		svc_free_words(d->ns, d->nns);
		svc_free_words(d->needs, d->nneeds);
		free(d->need_idx);
		free(d->ioports);
		for (int k = 0; k < d->nmounts; k++) {
			free(d->mounts[k].prefix);
			free(d->mounts[k].scheme);
		}
		free(d->mounts);
		free(d->ready);
		free(d->stdio);
	}
	free(l->svc);
	l->svc = NULL;
	l->n = 0;
}
