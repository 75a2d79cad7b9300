/* redir.c: redirections. For commands that run in the shell itself (builtins, functions,
 * compound commands) each changed descriptor is first saved above 10 with close-on-exec, and
 * put back afterwards; a forked child passes undo == NULL and keeps the changes. */
#include "sh.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>

int sh_dup_high(int fd)
{
	return fcntl(fd, F_DUPFD_CLOEXEC, 10);
}

static void sh_undo_save(struct sh_redir_undo *undo, int fd)
{
	if (!undo)
		return;
	for (int i = 0; i < undo->n; i++)
		if (undo->v[i].fd == fd)
			return;
	int saved = sh_dup_high(fd);
	if (saved < 0 && errno != EBADF)
		saved = -2;
	undo->v = sh_realloc(undo->v, sizeof *undo->v * (size_t)(undo->n + 1));
	undo->v[undo->n].fd = fd;
	undo->v[undo->n].saved = saved;
	undo->n++;
}

void sh_redirect_undo(struct sh *sh, struct sh_redir_undo *undo)
{
	(void)sh;
	for (int i = undo->n - 1; i >= 0; i--) {
		struct sh_saved_fd *s = &undo->v[i];
		if (s->saved >= 0) {
			dup2(s->saved, s->fd);
			close(s->saved);
		} else {
			close(s->fd);
		}
	}
	free(undo->v);
	undo->v = NULL;
	undo->n = 0;
}

/* A here-document's text on a pipe. A writer child feeds text larger than a pipe is sure to
 * hold, so the reader never deadlocks against us. */
/* Here-documents of a command about to run in a child are expanded first, in the shell, so
 * that their expansions' side effects (${a=b}) happen here, as for builtins. */
void sh_redirect_prepare(struct sh *sh, struct sh_redir *r)
{
	for (; r; r = r->next)
		if (r->op == SH_R_HEREDOC && !r->quoted)
			r->expanded = sh_expand_heredoc(sh, r->body);
}

void sh_redirect_release(struct sh_redir *r)
{
	for (; r; r = r->next) {
		free(r->expanded);
		r->expanded = NULL;
	}
}

static int sh_heredoc_fd(struct sh *sh, struct sh_redir *r)
{
	char *text = r->quoted ? sh_strdup(r->body) : r->expanded ? sh_strdup(r->expanded) : sh_expand_heredoc(sh, r->body);
	size_t n = strlen(text);
	int fds[2];
	if (pipe(fds) < 0) {
		free(text);
		return -1;
	}
	if (n <= 4096) {
		sh_write_all(fds[1], text, n);
	} else {
		pid_t pid = fork();
		if (pid == 0) {
			close(fds[0]);
			sh_write_all(fds[1], text, n);
			_exit(0);
		}
	}
	close(fds[1]);
	free(text);
	return fds[0];
}

static const char *sh_open_error(int e)
{
	switch (e) {
	case ENOENT: return "No such file";
	case ENOTDIR: return "Directory nonexistent";
	case EACCES: return "Permission denied";
	case EEXIST: return "File exists";
	case EISDIR: return "Is a directory";
	default: return strerror(e);
	}
}

/* The script or a `.` file being read may sit on the descriptor the user now redirects
 * (exec 10>&-): move our reading elsewhere first. */
static void sh_redirect_move_inputs(struct sh *sh, int fd)
{
	for (struct sh_input *in = sh->input; in; in = in->prev)
		if (in->fd == fd && fd > 2) {
			int nfd = sh_dup_high(fd);
			if (nfd >= 0) {
				close(fd);
				in->fd = nfd;
			}
		}
}

static int sh_redirect_one(struct sh *sh, struct sh_redir *r, struct sh_redir_undo *undo)
{
	int fd = -1;
	/* a temporary redirection is undone before the script is read again */
	if (!undo)
		sh_redirect_move_inputs(sh, r->fd);
	if (r->op == SH_R_HEREDOC) {
		fd = sh_heredoc_fd(sh, r);
		if (fd < 0)
			return -1;
	} else if (r->op == SH_R_DUPIN || r->op == SH_R_DUPOUT) {
		char *w = sh_expand_str(sh, r->word, 0);
		long target;
		if (!strcmp(w, "-")) {
			free(w);
			sh_undo_save(undo, r->fd);
			close(r->fd);
			return 0;
		}
		if (!sh_parse_int(w, &target) || target < 0) {
			sh_errmsg(sh, "%s: Bad file descriptor", w);
			free(w);
			return -1;
		}
		free(w);
		if (target == r->fd) {
			if (fcntl(r->fd, F_GETFD) < 0) {
				sh_errmsg(sh, "%ld: Bad file descriptor", target);
				return -1;
			}
			return 0;
		}
		/* The shell's own descriptors (saved ones, script input) are not the user's. */
		if (fcntl((int)target, F_GETFD) < 0 || (fcntl((int)target, F_GETFD) & FD_CLOEXEC && target >= 10)) {
			sh_errmsg(sh, "%ld: Bad file descriptor", target);
			return -1;
		}
		sh_undo_save(undo, r->fd);
		dup2((int)target, r->fd);
		return 0;
	} else {
		char *w = sh_expand_str(sh, r->word, 0);
		int oflags;
		switch (r->op) {
		case SH_R_IN: oflags = O_RDONLY; break;
		case SH_R_RDWR: oflags = O_RDWR | O_CREAT; break;
		case SH_R_APPEND: oflags = O_WRONLY | O_CREAT | O_APPEND; break;
		case SH_R_OUT:
			oflags = O_WRONLY | O_CREAT | O_TRUNC;
			if (sh->opts[SH_O_NOCLOBBER]) {
				struct stat st;
				if (stat(w, &st) == 0 && S_ISREG(st.st_mode))
					oflags = O_WRONLY | O_CREAT | O_EXCL;
				else if (stat(w, &st) != 0)
					oflags |= O_EXCL;
			}
			break;
		default: oflags = O_WRONLY | O_CREAT | O_TRUNC; break;
		}
		fd = open(w, oflags | O_NOCTTY, 0666);
		if (fd < 0) {
			int e = errno;
			int creating = oflags != O_RDONLY;
			sh_errmsg(sh, "cannot %s %s: %s", creating ? "create" : "open", w,
				  creating && e == ENOENT ? "Directory nonexistent" : sh_open_error(e));
			free(w);
			return -1;
		}
		free(w);
	}
	if (fd != r->fd) {
		sh_undo_save(undo, r->fd);
		dup2(fd, r->fd);
		close(fd);
	} else {
		/* open gave us exactly the descriptor we wanted: it was closed before */
		sh_undo_save(undo, -1);
		if (undo) {
			undo->v[undo->n - 1].fd = r->fd;
			undo->v[undo->n - 1].saved = -1;
		}
	}
	return 0;
}

int sh_redirect(struct sh *sh, struct sh_redir *r, struct sh_redir_undo *undo)
{
	for (; r; r = r->next)
		if (sh_redirect_one(sh, r, undo) < 0)
			return -1;
	return 0;
}
