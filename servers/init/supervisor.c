/* servers/init/supervisor.c: the supervisor's decisions (see supervisor.h). Start at sv_run:
 * each call looks at every service once: a waiting one starts when its dependencies are up
 * and its back-off is over, a starting one becomes up when its ready path appears, a stopping
 * one is killed when its grace period is over. sv_exited decides about restarts. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "supervisor.h"

#define SV_SIGKILL 9
#define SV_SIGTERM 15

static const char *const sv_names[] = { "waiting", "starting", "up", "done", "failed",
	"stopping", "stopped" };

const char *sv_state_name(enum sv_state s)
{
	return (unsigned)s < sizeof(sv_names) / sizeof(sv_names[0]) ? sv_names[s] : "?";
}

static void sv_log(struct sv *sv, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (sv->ops->log)
		sv->ops->log(sv->ctx, line);
}

int sv_init(struct sv *sv, const struct svc_list *l, const struct sv_ops *ops, void *ctx)
{
	sv->list = l;
	sv->ops = ops;
	sv->ctx = ctx;
	sv->shutting_down = false;
	sv->p = calloc((size_t)l->n + 1, sizeof(*sv->p));
	return sv->p ? 0 : -ENOMEM;
}

void sv_fini(struct sv *sv)
{
	free(sv->p);
	sv->p = NULL;
}

uint64_t sv_backoff(int failures)
{
	uint64_t d = SV_BACKOFF_FIRST;
	if (failures <= 1)
		return 0; /* the first failure after a good run: at once */
	for (int i = 2; i < failures && d < SV_BACKOFF_MAX; i++)
		d *= 2;
	return d < SV_BACKOFF_MAX ? d : SV_BACKOFF_MAX;
}

static bool sv_running(enum sv_state s)
{
	return s == SV_STARTING || s == SV_UP || s == SV_STOPPING;
}

/* Its dependencies are up (or ran to their end, like a one-shot set-up step). */
static bool sv_deps_up(struct sv *sv, int i)
{
	const struct svc_def *d = &sv->list->svc[i];
	for (int k = 0; k < d->nneeds; k++) {
		enum sv_state s = sv->p[d->need_idx[k]].state;
		if (s != SV_UP && s != SV_DONE)
			return false;
	}
	return true;
}

/* A dependency that was given up on: the service can never start. */
static const struct svc_def *sv_dep_failed(struct sv *sv, int i)
{
	const struct svc_def *d = &sv->list->svc[i];
	for (int k = 0; k < d->nneeds; k++)
		if (sv->p[d->need_idx[k]].state == SV_FAILED)
			return &sv->list->svc[d->need_idx[k]];
	return NULL;
}

/* A failure to start or an end that calls for a restart: when, or given up. */
static void sv_schedule_restart(struct sv *sv, int i, uint64_t now)
{
	const struct svc_def *d = &sv->list->svc[i];
	struct sv_proc *p = &sv->p[i];
	uint64_t delay;
	p->failures++;
	if (!d->essential && p->failures >= SV_GIVE_UP) {
		p->state = SV_FAILED;
		sv_log(sv, "init: %s failed %d times in a row: giving up", d->name, p->failures);
		return;
	}
	delay = sv_backoff(p->failures);
	p->state = SV_WAITING;
	p->due = now + delay;
	sv_log(sv, "init: restarting %s in %llu ms", d->name, (unsigned long long)(delay / SV_MS));
}

static void sv_start(struct sv *sv, int i, uint64_t now)
{
	const struct svc_def *d = &sv->list->svc[i];
	struct sv_proc *p = &sv->p[i];
	int pid = sv->ops->spawn(sv->ctx, d);
	p->starts++;
	p->started = now;
	if (pid < 0) {
		sv_log(sv, "init: cannot start %s (%s): error %d", d->name, d->argv[0], -pid);
		sv_schedule_restart(sv, i, now);
		return;
	}
	p->pid = pid;
	if (d->ready && !sv->ops->ready(sv->ctx, d)) {
		p->state = SV_STARTING;
		p->due = now + SV_READY_WAIT;
	} else {
		p->state = SV_UP;
	}
	sv_log(sv, "init: %s %s, pid %d", d->name, p->starts > 1 ? "restarted" : "started", pid);
}

static uint64_t sv_min(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* During shutdown: may i be told to stop (nothing running needs it)? */
static bool sv_no_dependents(struct sv *sv, int i)
{
	for (int j = 0; j < sv->list->n; j++) {
		const struct svc_def *d = &sv->list->svc[j];
		if (!sv_running(sv->p[j].state))
			continue;
		for (int k = 0; k < d->nneeds; k++)
			if (d->need_idx[k] == i)
				return false;
	}
	return true;
}

static uint64_t sv_run_shutdown(struct sv *sv, uint64_t now)
{
	uint64_t next = SV_NEVER;
	for (int i = 0; i < sv->list->n; i++) {
		struct sv_proc *p = &sv->p[i];
		const struct svc_def *d = &sv->list->svc[i];
		if ((p->state == SV_STARTING || p->state == SV_UP) && sv_no_dependents(sv, i)) {
			sv->ops->kill(sv->ctx, p->pid, SV_SIGTERM);
			p->state = SV_STOPPING;
			p->due = now + SV_STOP_GRACE;
		}
		if (p->state == SV_STOPPING) {
			if (now >= p->due && p->due) {
				sv_log(sv, "init: %s (pid %d) did not stop: killed", d->name, p->pid);
				sv->ops->kill(sv->ctx, p->pid, SV_SIGKILL);
				p->due = 0; /* killed: only its end is awaited now */
			} else if (p->due) {
				next = sv_min(next, p->due);
			}
		}
	}
	return next;
}

uint64_t sv_run(struct sv *sv, uint64_t now)
{
	uint64_t next = SV_NEVER;
	bool progress = true;
	if (sv->shutting_down)
		return sv_run_shutdown(sv, now);
	/* again while something became up: its dependents may start in the same call */
	while (progress) {
		progress = false;
		for (int i = 0; i < sv->list->n; i++) {
			struct sv_proc *p = &sv->p[i];
			const struct svc_def *d = &sv->list->svc[i], *gone;
			if (p->state == SV_WAITING && (gone = sv_dep_failed(sv, i)) != NULL) {
				p->state = SV_FAILED;
				sv_log(sv, "init: %s cannot start: %s failed", d->name, gone->name);
				progress = true;
			} else if (p->state == SV_WAITING && now >= p->due && sv_deps_up(sv, i)) {
				sv_start(sv, i, now);
				progress |= p->state == SV_UP;
			} else if (p->state == SV_STARTING) {
				if (sv->ops->ready(sv->ctx, d)) {
					p->state = SV_UP;
					progress = true;
				} else if (now >= p->due) {
					sv_log(sv, "init: %s not ready after %llu ms: counted as up", d->name,
						(unsigned long long)(SV_READY_WAIT / SV_MS));
					p->state = SV_UP;
					progress = true;
				}
			}
		}
	}
	for (int i = 0; i < sv->list->n; i++) {
		struct sv_proc *p = &sv->p[i];
		if (p->state == SV_STARTING)
			next = sv_min(next, sv_min(p->due, now + SV_READY_POLL));
		else if (p->state == SV_WAITING && sv_deps_up(sv, i))
			next = sv_min(next, p->due > now ? p->due : now); /* now: a retry at once */
	}
	return next;
}

static void sv_describe_end(char *buf, size_t n, int wstatus)
{
	if ((wstatus & 0x7f) == 0)
		snprintf(buf, n, "exited with status %d", (wstatus >> 8) & 0xff);
	else
		snprintf(buf, n, "killed by signal %d", wstatus & 0x7f);
}

bool sv_exited(struct sv *sv, int pid, int wstatus, uint64_t now)
{
	char how[48];
	for (int i = 0; i < sv->list->n; i++) {
		struct sv_proc *p = &sv->p[i];
		const struct svc_def *d = &sv->list->svc[i];
		bool clean = wstatus == 0;
		if (!sv_running(p->state) || p->pid != pid)
			continue;
		p->pid = 0;
		sv_describe_end(how, sizeof(how), wstatus);
		if (sv->shutting_down) {
			p->state = SV_STOPPED;
			return true;
		}
		sv_log(sv, "init: %s (pid %d) %s", d->name, pid, how);
		if (now - p->started >= SV_STABLE)
			p->failures = 0;
		if (d->restart == SVC_RESTART_NEVER || (d->restart == SVC_RESTART_ON_FAILURE && clean)) {
			p->state = SV_DONE;
			return true;
		}
		sv_schedule_restart(sv, i, now);
		return true;
	}
	return false;
}

void sv_shutdown(struct sv *sv, uint64_t now)
{
	sv->shutting_down = true;
	for (int i = 0; i < sv->list->n; i++)
		if (sv->p[i].state == SV_WAITING)
			sv->p[i].state = SV_STOPPED;
	sv_run_shutdown(sv, now);
}

bool sv_all_stopped(const struct sv *sv)
{
	for (int i = 0; i < sv->list->n; i++)
		if (sv_running(sv->p[i].state))
			return false;
	return true;
}
