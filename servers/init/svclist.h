/* servers/init/svclist.h: init's service list, a portable core: the parsed form of the plain
 * text file (format in docs/ARCHITECTURE.md, "init and the service list", and at the top of
 * svclist.c) and its parser, which checks everything it can before init acts on it: known
 * keywords and capabilities, one definition per service, dependencies that exist and form no
 * cycle. Errors name the line. */
#ifndef INIT_SVCLIST_H
#define INIT_SVCLIST_H

#include <stdbool.h>
#include <stddef.h>

/* capability bits: the kernel's FERRITE_CAP_* values (ferrite/abi.h) */
#define SVC_CAP_IOPORT  (1u << 0)
#define SVC_CAP_PHYSMAP (1u << 1)
#define SVC_CAP_DMA     (1u << 2)
#define SVC_CAP_IRQ     (1u << 3)
#define SVC_CAP_SCHEME  (1u << 4)
#define SVC_CAP_MOUNT   (1u << 5)
#define SVC_CAP_PROCMEM (1u << 6)
#define SVC_CAP_POWER   (1u << 7)

enum svc_restart { SVC_RESTART_ALWAYS, SVC_RESTART_ON_FAILURE, SVC_RESTART_NEVER };

struct svc_ioports {
	unsigned first, last;
};

struct svc_mount {
	char *prefix, *scheme;
};

struct svc_def {
	char *name;
	int line;                /* where its stanza starts */
	char **argv;             /* argv[0] is the program's path; NULL-terminated */
	int argc;
	unsigned caps;           /* SVC_CAP_* */
	struct svc_ioports *ioports;
	int nioports;
	char **ns;               /* the namespace prefixes it keeps; NULL: all of init's */
	int nns;
	struct svc_mount *mounts; /* what init mounts in its namespace (before starting anything) */
	int nmounts;
	char **needs;            /* services that must be up before it starts */
	int nneeds;
	int *need_idx;           /* their indices in the list (filled by the parser) */
	char *ready;             /* up once this path exists; NULL: up when started */
	char *stdio;             /* its stdin, stdout and stderr; NULL: init's */
	bool essential;          /* never given up on (and spared by the memory policy) */
	enum svc_restart restart;
};

struct svc_list {
	struct svc_def *svc;
	int n;
};

/* Parses text (len bytes, need not be NUL-terminated). 0, or -EINVAL with a message
 * "LINE: what" in err, or -ENOMEM. The list is empty after a failure. */
int svc_parse(const char *text, size_t len, struct svc_list *out, char *err, size_t errlen);
void svc_free(struct svc_list *l);
/* The index of the service called name, or -1. */
int svc_find(const struct svc_list *l, const char *name);
/* A capability's name ("ioport") as its bit, or 0. */
unsigned svc_cap_bit(const char *name);

#endif
