/* servers/init/supervisor.h: init's supervisor, a portable core: which service to start when
 * (dependency order, readiness), what to do when one ends (restart at once, then with a
 * back-off that doubles; give up on a non-essential one that keeps failing), and an orderly
 * shutdown (dependents first, SIGTERM, then SIGKILL after a grace period). Time is passed in
 * and every action goes through struct sv_ops, so the host tests drive it with a fake clock
 * and fake processes; init.c drives it with the real ones. */
#ifndef INIT_SUPERVISOR_H
#define INIT_SUPERVISOR_H

#include <stdbool.h>
#include <stdint.h>
#include "svclist.h"

#define SV_MS 1000000ull                /* nanoseconds */
#define SV_BACKOFF_FIRST (100 * SV_MS)  /* after the first restart that failed again */
#define SV_BACKOFF_MAX (10000 * SV_MS)
#define SV_STABLE (10000 * SV_MS)       /* a service that ran this long starts afresh */
#define SV_GIVE_UP 8                    /* quick failures in a row: a non-essential one is left */
#define SV_READY_WAIT (5000 * SV_MS)    /* then it counts as up anyway (with a log line) */
#define SV_READY_POLL (10 * SV_MS)
#define SV_STOP_GRACE (3000 * SV_MS)    /* SIGTERM, then SIGKILL */
#define SV_NEVER UINT64_MAX

enum sv_state {
	SV_WAITING,   /* for its dependencies, or for its back-off to end */
	SV_STARTING,  /* running, its ready path not there yet */
	SV_UP,
	SV_DONE,      /* ended and not to be restarted */
	SV_FAILED,    /* given up on */
	SV_STOPPING,  /* shutdown: told to stop */
	SV_STOPPED,
};

struct sv_ops {
	/* Starts the service (fork, capabilities, namespace, stdio, exec): its pid or -errno. */
	int (*spawn)(void *ctx, const struct svc_def *d);
	/* Does its ready path exist? */
	bool (*ready)(void *ctx, const struct svc_def *d);
	void (*kill)(void *ctx, int pid, int sig);
	void (*log)(void *ctx, const char *line);
};

struct sv_proc {
	enum sv_state state;
	int pid;
	int failures;          /* quick failures in a row */
	int starts;
	uint64_t started;      /* when it was started */
	uint64_t due;          /* WAITING: not before; STARTING: ready deadline; STOPPING: SIGKILL */
};

struct sv {
	const struct svc_list *list;
	struct sv_proc *p;
	const struct sv_ops *ops;
	void *ctx;
	bool shutting_down;
};

/* 0 or -ENOMEM. Every service starts WAITING. */
int sv_init(struct sv *sv, const struct svc_list *l, const struct sv_ops *ops, void *ctx);
void sv_fini(struct sv *sv);
/* Does what is due at time now (starts, readiness, SIGKILLs): the next time it wants to be
 * called (SV_NEVER: only when a child ends). */
uint64_t sv_run(struct sv *sv, uint64_t now);
/* A child ended with wstatus (a wait status): its service is restarted or not. False if the
 * pid is not a service's (an orphan init collected). */
bool sv_exited(struct sv *sv, int pid, int wstatus, uint64_t now);
/* Poweroff or reboot: services are stopped, those that need others first. */
void sv_shutdown(struct sv *sv, uint64_t now);
bool sv_all_stopped(const struct sv *sv);
/* The delay before restart number `failures` (1: the first after a good run). */
uint64_t sv_backoff(int failures);
const char *sv_state_name(enum sv_state s);

#endif
