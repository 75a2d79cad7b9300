/* edit.h: the interactive line editor (edit.c), its history (history.c) and completion
 * (complete.c). The core calls it through sh->read_line and sh->add_history. */
#ifndef SH_EDIT_H
#define SH_EDIT_H

#include "../core/sh.h"

struct sh_hist {
	char **lines;
	int n, cap;
	char *file;
};

/* edit.c */
void sh_edit_attach(struct sh *sh);
char *sh_edit_read_line(struct sh *sh, const char *prompt);
/* Edit a line on terminal fd (already in raw mode) reading keys from in_fd; for tests too. */
char *sh_edit_line(struct sh *sh, int in_fd, int out_fd, const char *prompt, int *eof);

/* history.c */
extern struct sh_hist sh_history;
void sh_hist_load(struct sh_hist *h, const char *file);
void sh_hist_add(struct sh_hist *h, const char *line);
int sh_hist_search(struct sh_hist *h, const char *needle, int from);

/* complete.c */
char **sh_complete(struct sh *sh, const char *line, size_t cursor, size_t *word_start, int *n);

#endif
