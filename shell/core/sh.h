/* sh.h: the portable shell core's one shared header: state, syntax tree and every shared prototype.
 *
 * Start reading at struct sh (the whole shell's state), then the table of contents below, which
 * lists each source file's exported functions under its name. The core depends only on the POSIX
 * calls that musl provides (fork, execve, pipe, dup2, waitpid, sigaction, tcsetpgrp, opendir),
 * so the same files build on the Linux host and inside Ferrite. Nothing here has a fixed limit:
 * every buffer and array grows.
 */
#ifndef SH_H
#define SH_H

#include <stddef.h>
#include <stdarg.h>
#include <setjmp.h>
#include <sys/types.h>

/* ---- growable byte strings (util.c) ---- */
struct sh_str {
	char *s;
	size_t len, cap;
};

/* ---- syntax tree (parse.c) ---- */
enum sh_node_type {
	SH_N_CMD,      /* simple command: assigns, words, redirs */
	SH_N_PIPE,     /* kids[0..nkids), bang */
	SH_N_AND, SH_N_OR, SH_N_SEQ,  /* a then b */
	SH_N_BG,       /* a run asynchronously */
	SH_N_SUBSHELL, SH_N_GROUP,    /* a, with redirs */
	SH_N_IF,       /* a cond, b then, c else (may be NULL) */
	SH_N_WHILE, SH_N_UNTIL,      /* a cond, b body */
	SH_N_FOR,      /* name, words (or all positional parameters if !has_in), b body */
	SH_N_CASE,     /* name = word, items */
	SH_N_FUNC,     /* name, a body */
};

enum sh_redir_op {
	SH_R_IN, SH_R_OUT, SH_R_APPEND, SH_R_CLOBBER, SH_R_RDWR,
	SH_R_DUPIN, SH_R_DUPOUT, SH_R_HEREDOC,
};

struct sh_redir {
	struct sh_redir *next;
	int fd;            /* the descriptor redirected */
	int op;            /* enum sh_redir_op */
	char *word;        /* target word (raw), or the here-document delimiter */
	char *body;        /* here-document body (raw) */
	int quoted;        /* here-document delimiter was quoted: body is literal */
	int strip_tabs;    /* <<- */
	char *expanded;    /* body expanded by the parent just before a fork (redir.c) */
};

struct sh_case_item {
	struct sh_case_item *next;
	char **pats;
	int npats;
	struct sh_node *body;  /* may be NULL */
	int fallthrough;       /* ;& */
};

struct sh_node {
	int type;
	int lineno;
	struct sh_node *a, *b, *c;
	struct sh_node **kids;
	int nkids;
	char **words;
	int nwords;
	char **assigns;
	int nassigns;
	struct sh_redir *redirs;
	char *name;
	struct sh_case_item *items;
	int bang;      /* ! pipeline */
	int has_in;    /* for name in ... */
	struct sh_arena *arena;  /* for functions: keeps the tree alive */
};

/* All nodes of one parse live in one arena, freed together; a function definition holds a
 * reference so its body outlives the command that defined it. */
struct sh_arena {
	int refs;
	struct sh_arena_block *blocks;
};

/* ---- input and lexer (input.c, lex.c) ---- */
/* In a word's raw text, a command substitution $( ... ) is stored between these two bytes. */
#define SH_CTL_SUB '\001'
#define SH_CTL_END '\002'

struct sh_alias_span {
	char *name;
	size_t end;     /* the alias text ends at this buffer offset */
};

struct sh_input {
	struct sh_str buf;      /* text of the command being parsed; grows on demand */
	size_t pos;
	int fd;                 /* read more from this fd (-1: none) */
	int interactive;        /* read through the line editor with PS1/PS2 */
	int eof;
	int lineno;
	int first_prompt;       /* next read is the start of a command: PS1, else PS2 */
	struct sh_alias_span *aliases;
	int naliases;
	struct sh_input *prev;  /* stack: `.` and eval push a new input */
	char *name;             /* "eval" or the file `.` reads: messages name it */
};

enum sh_tok {
	SH_T_EOF, SH_T_WORD, SH_T_NEWLINE, SH_T_IONUM,
	SH_T_AND_IF, SH_T_OR_IF, SH_T_DSEMI, SH_T_SEMI_AND, SH_T_SEMI, SH_T_AMP, SH_T_PIPE,
	SH_T_LPAREN, SH_T_RPAREN,
	SH_T_LESS, SH_T_GREAT, SH_T_DGREAT, SH_T_LESSAND, SH_T_GREATAND, SH_T_LESSGREAT,
	SH_T_CLOBBER, SH_T_DLESS, SH_T_DLESSDASH,
};

struct sh_heredoc_pending {
	struct sh_redir *r;
	struct sh_heredoc_pending *next;
};

struct sh_parser {
	struct sh *sh;
	struct sh_input *in;
	struct sh_arena *arena;
	int tok;             /* current token (after sh_lex) */
	char *text;          /* its text, for words */
	int tok_quoted;      /* word had quoting of any kind */
	int tok_line;
	size_t tok_start;     /* buffer offset where the current token began */
	int peeked;          /* tok is valid and not consumed */
	int cmd_pos;         /* next word is in command position (reserved words, aliases) */
	int alias_blank;     /* the last alias ended in a blank: check the next word too */
	size_t alias_blank_end;  /* ...the word that starts at or after this offset */
	int nest;            /* inside $( ), stop at ) */
	struct sh_heredoc_pending *heredocs, **heredoc_tail;
	int error;           /* syntax error seen */
	int incomplete;      /* error was unexpected end of input */
};

/* ---- variables (var.c) ---- */
enum { SH_V_EXPORT = 1, SH_V_READONLY = 2 };

struct sh_var {
	struct sh_var *next;     /* hash chain */
	char *name;
	char *value;             /* NULL: unset (but may carry flags) */
	int flags;
};

struct sh_local {            /* a variable saved by `local` or a temporary assignment */
	struct sh_local *next;
	char *name;
	char *value;
	int flags;
	int existed;
};

struct sh_func {
	struct sh_func *next;
	char *name;
	struct sh_node *body;
};

/* ---- jobs (jobs.c) ---- */
struct sh_proc {
	pid_t pid;
	int status;     /* wait status */
	int done;
	int stopped;
};

struct sh_job {
	struct sh_job *next;
	int id;
	pid_t pgid;
	struct sh_proc *procs;
	int nprocs;
	char *cmd;
	int bg;         /* started with & */
	int notified;   /* its end was reported */
	int changed;    /* state changed since the last report */
	int pipefail_status;
};

/* ---- options ---- */
enum sh_opt {
	SH_O_ERREXIT, SH_O_NOUNSET, SH_O_XTRACE, SH_O_NOGLOB, SH_O_NOCLOBBER, SH_O_PIPEFAIL,
	SH_O_MONITOR, SH_O_VERBOSE, SH_O_NOEXEC, SH_O_ALLEXPORT, SH_O_INTERACTIVE, SH_O_IGNOREEOF,
	SH_O_VI, SH_O_EMACS, SH_O_NOTIFY, SH_O_HASHALL, SH_O_NOLOG, SH_O_STDIN,
	SH_O_COUNT
};

enum sh_jump { SH_J_NONE, SH_J_BREAK, SH_J_CONTINUE, SH_J_RETURN, SH_J_EXIT };

/* The whole shell's state: one per process (a subshell is a forked copy). */
struct sh {
	char *progname;       /* $0 at startup, used in messages */
	char *arg0;           /* $0 */
	char **params;        /* $1.. */
	int nparams;
	int status;           /* $? */
	int opts[SH_O_COUNT];
	struct sh_var **vars;
	size_t nbuckets, nvars;
	struct sh_local *locals;   /* innermost function's saved variables */
	int local_depth;
	struct sh_func *funcs;
	struct sh_alias { struct sh_alias *next; char *name, *value; } *aliases;
	struct sh_job *jobs;
	struct sh_hashed { struct sh_hashed *next; char *name, *path; } *hashed;  /* `hash`: found commands */
	pid_t last_bg;         /* $! */
	pid_t rootpid;         /* $$ */
	int subshell;          /* >0 in a forked child */
	int jump, jump_count;  /* break/continue/return in progress */
	int loop_depth, func_depth;
	int errexit_off;       /* >0 in conditions, where set -e does not apply */
	int in_trap;
	int trap_status;       /* $? when the running trap began: what a bare return returns */
	int exiting;
	int cmdsubst_status;   /* status of the last command substitution */
	int lineno;            /* line of the command being run, for messages */
	char **traps;          /* per signal, index 0 = EXIT: NULL default, "" ignore */
	char **parent_traps;   /* in a subshell: the parent's, which `trap` lists until one is set */
	int ntraps;
	int job_control;       /* monitor mode active on a terminal */
	int tty_fd;
	char *stack_base;       /* address near the bottom of the C stack (sh_init) */
	size_t stack_room;      /* how deep recursion may go before we refuse (sh_stack_check) */
	int warned_stopped;     /* "There are stopped jobs" was said once */
	const char *job_text;   /* source text of the pipeline being started, for jobs */
	pid_t fork_pgid;       /* next fork under job control: 0 new group, >0 join it, -1 none */
	int fork_fg;           /* ...and the new group takes the terminal */
	pid_t shell_pgid;
	struct sh_input *input;
	jmp_buf *err_jmp;      /* where an error in an interactive shell returns to */
	int optind_sub;        /* getopts position inside the current argument */
	char *(*read_line)(struct sh *sh, const char *prompt);  /* line editor hook (NULL: plain read) */
	void (*add_history)(struct sh *sh, const char *line);
};

/* ======================= table of contents ======================= */

/* util.c */
void *sh_alloc(size_t n);
void *sh_realloc(void *p, size_t n);
char *sh_strdup(const char *s);
char *sh_strndup(const char *s, size_t n);
char *sh_strcat3(const char *a, const char *b, const char *c);
void sh_str_putc(struct sh_str *b, int c);
void sh_str_puts(struct sh_str *b, const char *s);
void sh_str_putn(struct sh_str *b, const char *s, size_t n);
char *sh_str_take(struct sh_str *b);   /* NUL-terminated, buffer reset */
void sh_str_printf(struct sh_str *b, const char *fmt, ...);
void sh_errmsg(struct sh *sh, const char *fmt, ...);      /* "$0: LINE: msg" on stderr */
void sh_verrmsg(struct sh *sh, const char *fmt, va_list ap);
void sh_error(struct sh *sh, const char *fmt, ...);       /* message, then abort the command */
void sh_abort(struct sh *sh, int status);                  /* abort the current command */
int sh_is_name(const char *s);
int sh_is_name_n(const char *s, size_t n);
int sh_parse_int(const char *s, long *out);
int sh_write_all(int fd, const char *s, size_t n);
int sh_stack_low(struct sh *sh);
char **sh_argv_dup(char **v, int n);

/* arena.c */
struct sh_arena *sh_arena_new(void);
void *sh_arena_alloc(struct sh_arena *a, size_t n);
char *sh_arena_strdup(struct sh_arena *a, const char *s);
void sh_arena_ref(struct sh_arena *a);
void sh_arena_unref(struct sh_arena *a);

/* input.c */
struct sh_input *sh_input_push_string(struct sh *sh, const char *s, int lineno);
struct sh_input *sh_input_push_fd(struct sh *sh, int fd, int interactive);
void sh_input_pop(struct sh *sh);
int sh_in_getc(struct sh_parser *p);
void sh_in_ungetc(struct sh_parser *p);
void sh_input_discard(struct sh_input *in);
void sh_input_splice_alias(struct sh_input *in, const char *name, const char *text);
int sh_input_alias_active(struct sh_input *in, const char *name);

/* lex.c */
int sh_lex(struct sh_parser *p);
const char *sh_tok_name(int tok);

/* parse.c */
enum { SH_PARSE_OK, SH_PARSE_EOF, SH_PARSE_ERROR };
int sh_parse_command(struct sh *sh, struct sh_input *in, struct sh_node **out, struct sh_arena **arena);
struct sh_node *sh_parse_list(struct sh_parser *p, const char *expect);
void sh_syntax_error(struct sh_parser *p, const char *fmt, ...);
int sh_parse_skip_subst(struct sh_parser *p);   /* $( ... ) body, for the lexer */
long sh_parse_subst_len(struct sh *sh, const char *s);  /* same, in a string: length with the ) */

/* expand.c */
enum {
	SH_X_SPLIT = 1,     /* field splitting */
	SH_X_GLOB = 2,      /* pathname expansion */
	SH_X_ASSIGN = 4,    /* tilde after : too */
	SH_X_PATTERN = 8,   /* result is a pattern: quoted chars come out backslash-escaped */
	SH_X_HEREDOC = 16,  /* here-document body: only \ $ ` special */
	SH_X_NOTILDE = 32,
};
char **sh_expand_words(struct sh *sh, char **words, int nwords, int *nout);
char *sh_expand_str(struct sh *sh, const char *word, int flags);
char *sh_expand_heredoc(struct sh *sh, const char *body);
char *sh_cmdsubst(struct sh *sh, const char *text, size_t len);

/* pattern.c */
int sh_pattern_match(const char *pat, const char *s);    /* backslash escapes in pat */
int sh_pattern_has_magic(const char *pat);
char *sh_pattern_unescape(const char *pat);
char **sh_glob(const char *pat, int *n);                  /* NULL when nothing matches */

/* arith.c */
int sh_arith_eval(struct sh *sh, const char *expr, long *out);

/* var.c */
void sh_vars_init(struct sh *sh, char **envp);
struct sh_var *sh_var_lookup(struct sh *sh, const char *name);
const char *sh_var_get(struct sh *sh, const char *name);
int sh_var_set(struct sh *sh, const char *name, const char *value, int flags);
int sh_var_unset(struct sh *sh, const char *name);
int sh_var_assign(struct sh *sh, const char *assignment, int flags);  /* "name=value" */
char **sh_var_environ(struct sh *sh);
void sh_var_local(struct sh *sh, const char *name);
struct sh_local *sh_var_save(struct sh *sh, const char *name, struct sh_local *list);
void sh_var_restore(struct sh *sh, struct sh_local *list);
void sh_var_list(struct sh *sh, int flags, const char *prefix);
char *sh_quote(const char *s);
char *sh_special_param(struct sh *sh, const char *name, int *is_set);
struct sh_func *sh_func_lookup(struct sh *sh, const char *name);
void sh_func_define(struct sh *sh, const char *name, struct sh_node *body);
int sh_func_unset(struct sh *sh, const char *name);
const char *sh_alias_get(struct sh *sh, const char *name);
void sh_set_params(struct sh *sh, char **argv, int n);

/* exec.c */
enum { SH_E_EXIT = 1, SH_E_NOERREXIT = 2 };
int sh_exec(struct sh *sh, struct sh_node *n, int flags);
int sh_exec_string(struct sh *sh, const char *s, int lineno);
int sh_run_input(struct sh *sh, struct sh_input *in, int toplevel);
int sh_exec_argv(struct sh *sh, char **argv, int argc, int flags);
char *sh_find_command(struct sh *sh, const char *name);
void sh_hash_clear(struct sh *sh);
pid_t sh_fork(struct sh *sh, int bg);
pid_t sh_fork_job(struct sh *sh, pid_t pgid, int fg);
void sh_exit(struct sh *sh, int status);
void sh_errexit_check(struct sh *sh, int status);

/* redir.c */
struct sh_saved_fd { int fd, saved; };
struct sh_redir_undo { struct sh_saved_fd *v; int n; };
int sh_redirect(struct sh *sh, struct sh_redir *r, struct sh_redir_undo *undo);
void sh_redirect_undo(struct sh *sh, struct sh_redir_undo *undo);
void sh_redirect_prepare(struct sh *sh, struct sh_redir *r);
void sh_redirect_release(struct sh_redir *r);
int sh_dup_high(int fd);

/* jobs.c */
struct sh_job *sh_job_new(struct sh *sh, pid_t pgid, const char *cmd, int bg);
void sh_job_add_proc(struct sh_job *j, pid_t pid);
int sh_job_wait(struct sh *sh, struct sh_job *j);
void sh_jobs_reap(struct sh *sh, int block);
void sh_jobs_notify(struct sh *sh);
struct sh_job *sh_job_find(struct sh *sh, const char *spec);
void sh_job_free(struct sh *sh, struct sh_job *j);
int sh_job_status(struct sh *sh, struct sh_job *j);
void sh_job_control_init(struct sh *sh);
void sh_job_foreground(struct sh *sh, struct sh_job *j, int cont);
int sh_wait_status(int st);
int sh_jobs_may_exit(struct sh *sh);

/* trap.c */
void sh_traps_init(struct sh *sh);
int sh_signal_number(const char *name);
const char *sh_signal_name(int sig);
const char *sh_signal_description(int sig);
int sh_trap_set(struct sh *sh, int sig, const char *action);
void sh_traps_run(struct sh *sh);
int sh_traps_pending(void);
int sh_traps_set(struct sh *sh);
int sh_trap_interrupt(struct sh *sh);
void sh_traps_reset_for_subshell(struct sh *sh);
char **sh_traps_copy(struct sh *sh);
void sh_trap_exit(struct sh *sh);
void sh_signals_for_child(struct sh *sh, int bg);
extern volatile int sh_sig_pending[];

/* builtin.c, builtin2.c, test.c, printf.c */
typedef int (*sh_builtin_fn)(struct sh *sh, int argc, char **argv);
struct sh_builtin {
	const char *name;
	sh_builtin_fn fn;
	int special;
};
const struct sh_builtin *sh_builtin_find(const char *name);
const struct sh_builtin *sh_builtin_find2(const char *name);
int sh_bi_test(struct sh *sh, int argc, char **argv);
int sh_bi_bracket(struct sh *sh, int argc, char **argv);
int sh_bi_printf(struct sh *sh, int argc, char **argv);
int sh_bi_echo(struct sh *sh, int argc, char **argv);
int sh_bi_read(struct sh *sh, int argc, char **argv);
int sh_bi_getopts(struct sh *sh, int argc, char **argv);
int sh_bi_umask(struct sh *sh, int argc, char **argv);
int sh_bi_ulimit(struct sh *sh, int argc, char **argv);
int sh_bi_times(struct sh *sh, int argc, char **argv);
int sh_bi_jobs(struct sh *sh, int argc, char **argv);
int sh_bi_fg(struct sh *sh, int argc, char **argv);
int sh_bi_bg(struct sh *sh, int argc, char **argv);
int sh_bi_wait(struct sh *sh, int argc, char **argv);
int sh_bi_kill(struct sh *sh, int argc, char **argv);
int sh_bi_trap(struct sh *sh, int argc, char **argv);
int sh_bi_set(struct sh *sh, int argc, char **argv);
int sh_bi_type(struct sh *sh, int argc, char **argv);
int sh_bi_command(struct sh *sh, int argc, char **argv);
int sh_bi_hash(struct sh *sh, int argc, char **argv);
int sh_set_option_name(struct sh *sh, const char *name, int on);
int sh_set_option_letter(struct sh *sh, int c, int on);
char *sh_option_letters(struct sh *sh);
int sh_builtin_usage(struct sh *sh, const char *name, const char *msg);

/* shell.c: whole-shell setup and the main loops */
void sh_init(struct sh *sh, int argc, char **argv, char **envp);
int sh_main(struct sh *sh, int argc, char **argv);
char *sh_prompt(struct sh *sh, int ps2);

#endif
