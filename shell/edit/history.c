/* history.c: command history, kept across logins in $HISTFILE (default ~/.sh_history). Each
 * command is one line of the file, with backslash and newline escaped (\\ and \n), and is
 * appended when it runs, so two shells at once both keep theirs. */
#include "edit.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include <fcntl.h>

struct sh_hist sh_history;

static void sh_hist_push(struct sh_hist *h, char *line)
{
	if (h->n + 1 > h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		h->lines = sh_realloc(h->lines, sizeof(char *) * (size_t)h->cap);
	}
	h->lines[h->n++] = line;
}

void sh_hist_load(struct sh_hist *h, const char *file)
{
	free(h->file);
	h->file = sh_strdup(file);
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	struct sh_str all = {0}, line = {0};
	char buf[4096];
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		sh_str_putn(&all, buf, (size_t)n);
	close(fd);
	for (size_t i = 0; i < all.len; i++) {
		char c = all.s[i];
		if (c == '\n') {
			sh_hist_push(h, sh_str_take(&line));
			continue;
		}
		if (c == '\\' && i + 1 < all.len) {
			c = all.s[++i];
			if (c == 'n')
				c = '\n';
		}
		sh_str_putc(&line, c);
	}
	free(line.s);
	free(all.s);
}

void sh_hist_add(struct sh_hist *h, const char *text)
{
	size_t n = strlen(text);
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
		n--;
	if (n == 0)
		return;
	char *line = sh_strndup(text, n);
	if (h->n > 0 && !strcmp(h->lines[h->n - 1], line)) {
		free(line);
		return;
	}
	sh_hist_push(h, line);
	if (!h->file)
		return;
	struct sh_str out = {0};
	for (const char *s = line; *s; s++) {
		if (*s == '\\')
			sh_str_puts(&out, "\\\\");
		else if (*s == '\n')
			sh_str_puts(&out, "\\n");
		else
			sh_str_putc(&out, *s);
	}
	sh_str_putc(&out, '\n');
	int fd = open(h->file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0) {
		sh_write_all(fd, out.s, out.len);
		close(fd);
	}
	free(out.s);
}

/* The newest entry at or before index `from` that contains needle, or -1. */
int sh_hist_search(struct sh_hist *h, const char *needle, int from)
{
	if (from >= h->n)
		from = h->n - 1;
	for (int i = from; i >= 0; i--)
		if (strstr(h->lines[i], needle))
			return i;
	return -1;
}
