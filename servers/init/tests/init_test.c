/* servers/init/tests/init_test.c: host tests of init's portable cores, run under ASan/UBSan:
 * the service list parser (every field, quoting, comments, each error with its line) and the
 * supervisor driven by a fake clock and fake processes (dependency order, readiness, restart
 * at once then with a doubling back-off, giving up, restart policies, shutdown order with
 * SIGTERM then SIGKILL). Prints `init: N passed, M failed`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../svclist.h"
#include "../supervisor.h"

static int passed, failed, checks_failed;
static const char *current;

#define CHECK(cond) check(!!(cond), #cond, __LINE__)
static void check(int ok, const char *what, int line)
{
	if (ok)
		return;
	checks_failed++;
	printf("FAIL %s, line %d: %s\n", current, line, what);
}

#define TEST(name) static void test_##name(void)
#define RUN(name) do { int before = checks_failed; current = #name; test_##name(); \
	if (checks_failed == before) passed++; else failed++; } while (0)

static int parse(const char *text, struct svc_list *l, char *err)
{
	return svc_parse(text, strlen(text), l, err, 128);
}

static const char *example =
	"# the first servers\n"
	"service log\n"
	"\trun /sbin/logd --lines 512\n"
	"\tcaps scheme\n"
	"\tns /dev/kmsg /dev/null   # only these\n"
	"\tready /dev/log\n"
	"\tmount /dev/log syslog\n"
	"\tmount /dev/klog \"sys log\"\n"
	"\tessential\n"
	"\n"
	"service console\n"
	"  run /sbin/console \"two words\" a\\b \"q\\\"x\"\n"
	"  caps scheme ioport\n"
	"  caps irq\n"
	"  ioports 0x3f8-0x3ff 0x60-0x64\n"
	"  needs log\n"
	"  stdio /dev/null\n"
	"  restart on-failure\n"
	"service getty\n"
	"  run /sbin/getty\n"
	"  needs console\n"
	"  needs log\n"
	"  restart never\n";

TEST(parse_every_field)
{
	struct svc_list l;
	char err[128];
	const struct svc_def *d;
	CHECK(parse(example, &l, err) == 0);
	CHECK(l.n == 3);
	if (l.n != 3)
		return;
	d = &l.svc[0];
	CHECK(!strcmp(d->name, "log") && d->line == 2);
	CHECK(d->argc == 3 && !strcmp(d->argv[0], "/sbin/logd") && !strcmp(d->argv[2], "512") &&
		d->argv[3] == NULL);
	CHECK(d->caps == SVC_CAP_SCHEME);
	CHECK(d->nns == 2 && !strcmp(d->ns[1], "/dev/null"));
	CHECK(d->ready && !strcmp(d->ready, "/dev/log"));
	CHECK(d->nmounts == 2 && !strcmp(d->mounts[0].prefix, "/dev/log") &&
		!strcmp(d->mounts[0].scheme, "syslog") && !strcmp(d->mounts[1].scheme, "sys log"));
	CHECK(d->essential && d->restart == SVC_RESTART_ALWAYS && d->nneeds == 0 && !d->stdio);
	d = &l.svc[1];
	CHECK(d->argc == 4 && !strcmp(d->argv[1], "two words") && !strcmp(d->argv[2], "a\\b") &&
		!strcmp(d->argv[3], "q\"x"));
	CHECK(d->caps == (SVC_CAP_SCHEME | SVC_CAP_IOPORT | SVC_CAP_IRQ));
	CHECK(d->nioports == 2 && d->ioports[0].first == 0x3f8 && d->ioports[0].last == 0x3ff &&
		d->ioports[1].first == 0x60);
	CHECK(d->nneeds == 1 && d->need_idx[0] == 0);
	CHECK(!strcmp(d->stdio, "/dev/null") && d->restart == SVC_RESTART_ON_FAILURE && !d->essential);
	d = &l.svc[2];
	CHECK(d->nneeds == 2 && d->need_idx[0] == 1 && d->need_idx[1] == 0);
	CHECK(d->restart == SVC_RESTART_NEVER && d->ns == NULL);
	CHECK(svc_find(&l, "getty") == 2 && svc_find(&l, "nope") == -1);
	CHECK(svc_cap_bit("power") == SVC_CAP_POWER && svc_cap_bit("root") == 0);
	svc_free(&l);
	CHECK(l.n == 0 && l.svc == NULL);
}

/* Each broken list fails with its line and a word about what is wrong. */
TEST(parse_errors)
{
	static const struct { const char *text, *err; } cases[] = {
		{ "run /x\n", "1: keyword before the first service: run" },
		{ "service a\n  run /x\n  colour red\n", "3: unknown keyword: colour" },
		{ "service a\n", "1: no run line for: a" },
		{ "service a\n run /x\nservice a\n run /y\n", "3: service defined twice: a" },
		{ "service a b\n", "1: service takes one name" },
		{ "service a/b\n", "1: bad service name: a/b" },
		{ "service a\n run /x\n caps root\n", "3: unknown capability: root" },
		{ "service a\n run /x\n needs b\n", "1: needs an unknown service: b" },
		{ "service a\n run /x\n needs a\n", "1: needs itself: a" },
		{ "service a\n run /x\n needs b\nservice b\n run /y\n needs a\n",
			"1: dependency cycle through: a" },
		{ "service a\n run \"/x\n", "2: unterminated quote" },
		{ "service a\n run /x\n ioports 0x60-0x64\n", "1: ioports without caps ioport in: a" },
		{ "service a\n run /x\n caps ioport\n ioports 0x64-0x60\n", "4: bad port range: 0x64-0x60" },
		{ "service a\n run /x\n caps ioport\n ioports 0x60\n", "4: bad port range: 0x60" },
		{ "service a\n run /x\n run /y\n", "3: given twice: run" },
		{ "service a\n run /x\n ready /a /b\n", "3: takes one word: ready" },
		{ "service a\n run /x\n restart sometimes\n", "3: restart is always, on-failure or never" },
		{ "service a\n run /x\n ns dev\n", "3: a namespace prefix is an absolute path: dev" },
		{ "service a\n run\n", "2: run needs a program" },
		{ "service a\n run /x\n mount /dev/a\n", "3: mount takes a prefix and a scheme" },
		{ "service a\n run /x\n mount dev a\n", "3: a namespace prefix is an absolute path: dev" },
		{ "service a\n run /x\n essential now\n", "3: essential takes no words" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct svc_list l;
		char err[128];
		int rc = parse(cases[i].text, &l, err);
		if (rc != -EINVAL || strcmp(err, cases[i].err) || l.n != 0) {
			printf("  case %zu: rc %d, \"%s\" (wanted \"%s\")\n", i, rc, err, cases[i].err);
			CHECK(!"the error named");
		}
	}
}

TEST(parse_edges)
{
	struct svc_list l;
	char err[128], big[5000];
	CHECK(parse("", &l, err) == 0 && l.n == 0);
	CHECK(parse("# nothing\n\n   \n", &l, err) == 0 && l.n == 0);
	CHECK(parse("service a\r\n run /x \"\"\r\n", &l, err) == 0); /* CRLF; an empty word */
	CHECK(l.n == 1 && l.svc[0].argc == 2 && l.svc[0].argv[1][0] == 0);
	svc_free(&l);
	CHECK(parse("service a\n run /x", &l, err) == 0); /* no newline at the end */
	svc_free(&l);
	CHECK(svc_parse("service a\n\0run /x\n", 18, &l, err, sizeof(err)) == -EINVAL);
	memset(big, 'a', sizeof(big));
	big[sizeof(big) - 1] = 0;
	CHECK(parse(big, &l, err) == -EINVAL && !strcmp(err, "1: line too long"));
}

/* ---- the supervisor with fake processes ---- */

static struct {
	char spawned[64][32];     /* names in start order */
	int nspawned;
	int next_pid;
	int fail_spawn;           /* spawns to fail from now on */
	const char *ready[8];     /* ready paths that exist */
	int nready;
	int killed[32][2];        /* pid, signal */
	int nkilled;
	char logs[64][160];
	int nlogs;
} fk;

static void fk_reset(void)
{
	memset(&fk, 0, sizeof(fk));
	fk.next_pid = 100;
}

static int fk_spawn(void *ctx, const struct svc_def *d)
{
	(void)ctx;
	if (fk.fail_spawn) {
		fk.fail_spawn--;
		return -ENOENT;
	}
	if (fk.nspawned < 64)
		snprintf(fk.spawned[fk.nspawned++], 32, "%s", d->name);
	return fk.next_pid++;
}

static bool fk_ready(void *ctx, const struct svc_def *d)
{
	(void)ctx;
	for (int i = 0; i < fk.nready; i++)
		if (!strcmp(fk.ready[i], d->ready))
			return true;
	return false;
}

static void fk_kill(void *ctx, int pid, int sig)
{
	(void)ctx;
	if (fk.nkilled < 32) {
		fk.killed[fk.nkilled][0] = pid;
		fk.killed[fk.nkilled++][1] = sig;
	}
}

static void fk_log(void *ctx, const char *line)
{
	(void)ctx;
	if (fk.nlogs < 64)
		snprintf(fk.logs[fk.nlogs++], 160, "%s", line);
}

static const struct sv_ops fk_ops = { fk_spawn, fk_ready, fk_kill, fk_log };

static bool logged(const char *text)
{
	for (int i = 0; i < fk.nlogs; i++)
		if (strstr(fk.logs[i], text))
			return true;
	return false;
}

static int pid_of(struct sv *sv, const char *name)
{
	return sv->p[svc_find(sv->list, name)].pid;
}

static enum sv_state state_of(struct sv *sv, const char *name)
{
	return sv->p[svc_find(sv->list, name)].state;
}

static int setup_sv(struct sv *sv, struct svc_list *l, const char *text)
{
	char err[128];
	fk_reset();
	if (parse(text, l, err)) {
		printf("  parse: %s\n", err);
		return -1;
	}
	return sv_init(sv, l, &fk_ops, NULL);
}

static const char *chain =
	"service c\n run /c\n needs b\n"
	"service b\n run /b\n needs a\n ready /dev/b\n"
	"service a\n run /a\n"
	"service lone\n run /lone\n";

TEST(dependency_order_and_readiness)
{
	struct svc_list l;
	struct sv sv;
	uint64_t next;
	if (setup_sv(&sv, &l, chain)) {
		CHECK(!"set up");
		return;
	}
	next = sv_run(&sv, 0);
	/* a and lone start; b starts (a is up at once) but waits for /dev/b; c waits for b */
	CHECK(fk.nspawned == 3);
	CHECK(state_of(&sv, "b") == SV_STARTING && state_of(&sv, "c") == SV_WAITING);
	CHECK(next == SV_READY_POLL); /* it polls for readiness */
	sv_run(&sv, 5 * SV_MS);
	CHECK(fk.nspawned == 3);
	fk.ready[fk.nready++] = "/dev/b";
	next = sv_run(&sv, 20 * SV_MS);
	CHECK(fk.nspawned == 4 && !strcmp(fk.spawned[3], "c"));
	/* a before b before c whatever the list's order */
	{
		int ia = -1, ib = -1, ic = -1;
		for (int i = 0; i < fk.nspawned; i++) {
			if (!strcmp(fk.spawned[i], "a")) ia = i;
			if (!strcmp(fk.spawned[i], "b")) ib = i;
			if (!strcmp(fk.spawned[i], "c")) ic = i;
		}
		CHECK(ia >= 0 && ia < ib && ib < ic);
	}
	CHECK(next == SV_NEVER);
	sv_fini(&sv);
	svc_free(&l);
}

TEST(not_ready_counts_as_up_after_a_while)
{
	struct svc_list l;
	struct sv sv;
	if (setup_sv(&sv, &l, chain)) {
		CHECK(!"set up");
		return;
	}
	sv_run(&sv, 0);
	sv_run(&sv, SV_READY_WAIT + 1);
	CHECK(state_of(&sv, "b") == SV_UP && state_of(&sv, "c") == SV_UP);
	CHECK(logged("b not ready after 5000 ms"));
	sv_fini(&sv);
	svc_free(&l);
}

TEST(restart_at_once_then_back_off)
{
	struct svc_list l;
	struct sv sv;
	uint64_t t = 60000 * SV_MS, next;
	int pid;
	if (setup_sv(&sv, &l, "service a\n run /a\n")) {
		CHECK(!"set up");
		return;
	}
	sv_run(&sv, 0);
	pid = pid_of(&sv, "a");
	/* killed after a long, good run: restarted within this very call */
	CHECK(sv_exited(&sv, pid, 9, t));
	CHECK(logged("a (pid 100) killed by signal 9") && logged("restarting a in 0 ms"));
	next = sv_run(&sv, t);
	CHECK(state_of(&sv, "a") == SV_UP && pid_of(&sv, "a") == 101 && next == SV_NEVER);
	CHECK(logged("a restarted, pid 101"));
	/* it dies again at once: 100 ms, then 200, 400, ... */
	sv_exited(&sv, 101, 1 << 8, t + SV_MS);
	CHECK(logged("exited with status 1") && logged("restarting a in 100 ms"));
	CHECK(sv_run(&sv, t + 2 * SV_MS) == t + 101 * SV_MS);
	CHECK(state_of(&sv, "a") == SV_WAITING);
	sv_run(&sv, t + 101 * SV_MS);
	CHECK(state_of(&sv, "a") == SV_UP);
	CHECK(sv_backoff(1) == 0 && sv_backoff(2) == 100 * SV_MS && sv_backoff(3) == 200 * SV_MS &&
		sv_backoff(4) == 400 * SV_MS && sv_backoff(30) == SV_BACKOFF_MAX);
	CHECK(!sv_exited(&sv, 4242, 0, t)); /* not a service: an orphan init collected */
	sv_fini(&sv);
	svc_free(&l);
}

/* A non-essential service that keeps failing is given up; an essential one never is. */
TEST(give_up_unless_essential)
{
	struct svc_list l;
	struct sv sv;
	uint64_t t = 0;
	if (setup_sv(&sv, &l, "service flaky\n run /f\nservice core\n run /c\n essential\n"
			"service user\n run /u\n needs flaky\n")) {
		CHECK(!"set up");
		return;
	}
	sv_run(&sv, t);
	for (int round = 0; round < 12; round++) {
		int pf = pid_of(&sv, "flaky"), pc = pid_of(&sv, "core");
		t += SV_MS;
		if (pf)
			sv_exited(&sv, pf, 11, t);
		sv_exited(&sv, pc, 11, t);
		t += SV_BACKOFF_MAX;
		sv_run(&sv, t);
	}
	CHECK(state_of(&sv, "flaky") == SV_FAILED);
	CHECK(logged("flaky failed 8 times in a row: giving up"));
	CHECK(state_of(&sv, "core") == SV_UP && sv.p[svc_find(&l, "core")].failures == 12);
	CHECK(state_of(&sv, "user") == SV_FAILED || state_of(&sv, "user") == SV_UP);
	sv_fini(&sv);
	svc_free(&l);
}

TEST(dependent_of_a_failed_service)
{
	struct svc_list l;
	struct sv sv;
	if (setup_sv(&sv, &l, "service dep\n run /d\n needs base\nservice base\n run /b\n ready /never\n")) {
		CHECK(!"set up");
		return;
	}
	fk.fail_spawn = 100;
	for (uint64_t t = 0; t < 200 * SV_BACKOFF_MAX; t += SV_BACKOFF_MAX)
		sv_run(&sv, t);
	CHECK(logged("cannot start base (/b): error 2"));
	CHECK(state_of(&sv, "base") == SV_FAILED && state_of(&sv, "dep") == SV_FAILED);
	CHECK(logged("dep cannot start: base failed"));
	sv_fini(&sv);
	svc_free(&l);
}

TEST(restart_policies)
{
	struct svc_list l;
	struct sv sv;
	if (setup_sv(&sv, &l, "service once\n run /o\n restart never\n"
			"service retry\n run /r\n restart on-failure\n"
			"service next\n run /n\n needs once\n")) {
		CHECK(!"set up");
		return;
	}
	sv_run(&sv, 0);
	CHECK(fk.nspawned == 3); /* next may start once `once` is up */
	sv_exited(&sv, pid_of(&sv, "once"), 1 << 8, SV_MS);
	CHECK(state_of(&sv, "once") == SV_DONE);
	sv_exited(&sv, pid_of(&sv, "retry"), 0, SV_MS);
	CHECK(state_of(&sv, "retry") == SV_DONE); /* a clean exit is not a failure */
	sv_fini(&sv);
	svc_free(&l);
	if (setup_sv(&sv, &l, "service retry\n run /r\n restart on-failure\n")) {
		CHECK(!"set up");
		return;
	}
	sv_run(&sv, 0);
	sv_exited(&sv, pid_of(&sv, "retry"), 3 << 8, SV_MS);
	sv_run(&sv, SV_MS);
	CHECK(state_of(&sv, "retry") == SV_UP && fk.nspawned == 2);
	sv_fini(&sv);
	svc_free(&l);
}

/* Dependents stop first; one that ignores SIGTERM gets SIGKILL after the grace period. */
TEST(shutdown_order)
{
	struct svc_list l;
	struct sv sv;
	int pa, pb, pc;
	uint64_t next;
	if (setup_sv(&sv, &l, chain)) {
		CHECK(!"set up");
		return;
	}
	fk.ready[fk.nready++] = "/dev/b";
	sv_run(&sv, 0);
	pa = pid_of(&sv, "a");
	pb = pid_of(&sv, "b");
	pc = pid_of(&sv, "c");
	sv_shutdown(&sv, SV_MS);
	/* c and lone are told; b and a wait for their dependents */
	CHECK(fk.nkilled == 2 && fk.killed[0][1] == 15 && state_of(&sv, "a") == SV_UP);
	CHECK(state_of(&sv, "c") == SV_STOPPING && state_of(&sv, "b") == SV_UP);
	sv_exited(&sv, pc, 15, 2 * SV_MS);
	sv_exited(&sv, pid_of(&sv, "lone"), 15, 2 * SV_MS);
	next = sv_run(&sv, 2 * SV_MS);
	CHECK(state_of(&sv, "b") == SV_STOPPING && fk.killed[2][0] == pb);
	CHECK(next == 2 * SV_MS + SV_STOP_GRACE);
	/* b ignores it */
	sv_run(&sv, 2 * SV_MS + SV_STOP_GRACE);
	CHECK(fk.killed[3][0] == pb && fk.killed[3][1] == 9 && logged("b (pid"));
	CHECK(!sv_all_stopped(&sv));
	sv_exited(&sv, pb, 9, 3 * SV_STOP_GRACE);
	sv_run(&sv, 3 * SV_STOP_GRACE);
	CHECK(fk.killed[4][0] == pa && fk.killed[4][1] == 15);
	sv_exited(&sv, pa, 0, 3 * SV_STOP_GRACE);
	CHECK(sv_all_stopped(&sv));
	CHECK(fk.nspawned == 4); /* nothing was restarted meanwhile */
	sv_fini(&sv);
	svc_free(&l);
}

int main(void)
{
	RUN(parse_every_field);
	RUN(parse_errors);
	RUN(parse_edges);
	RUN(dependency_order_and_readiness);
	RUN(not_ready_counts_as_up_after_a_while);
	RUN(restart_at_once_then_back_off);
	RUN(give_up_unless_essential);
	RUN(dependent_of_a_failed_service);
	RUN(restart_policies);
	RUN(shutdown_order);
	printf("init: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
