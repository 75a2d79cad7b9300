/* selftest/user/jobctl.c: job control from user space: stop signals stop every thread of a
 * process and SIGCONT continues it, waitpid reports both (WUNTRACED, WCONTINUED) with musl's
 * encoding, SIGKILL ends a stopped process, signals wait while it is stopped, the parent's
 * SIGCHLD (and SA_NOCLDSTOP), a read cut short by a stop is made again, process-group waits
 * and kills, orphaned process groups, and the calls servers and tools ask with (proc_jobinfo,
 * proc_info, reboot's refusals). Exits 0 when all pass. */
#include "ulib.h"

/* what the children and the test share (a MAP_SHARED page survives fork) */
struct jc_shared {
	volatile long count, count2;   /* spinning children count here */
	volatile int flag, conts, usr1, hup;
	volatile int gpid;             /* a grandchild's pid */
};
static struct jc_shared *sh;
static volatile int chld_seen;

static void set_handler(int sig, void (*fn)(int), unsigned long flags)
{
	struct ferrite_sigaction a;
	a.handler = (unsigned long)fn;
	a.flags = FERRITE_SA_RESTORER | flags;
	a.restorer = (unsigned long)u_restorer;
	a.mask = 0;
	ferrite_sigaction(sig, &a, 0);
}

static void set_action(int sig, unsigned long handler)
{
	struct ferrite_sigaction a = { handler, 0, 0, 0 };
	ferrite_sigaction(sig, &a, 0);
}

static void on_flag(int sig) { (void)sig; sh->flag++; }
static void on_cont(int sig) { (void)sig; sh->conts++; }
static void on_usr1(int sig) { (void)sig; sh->usr1++; }
static void on_hup(int sig) { (void)sig; sh->hup = 1; ferrite_exit(0); }
static void on_chld(int sig) { (void)sig; chld_seen++; }

static void spin(volatile long *counter)
{
	for (;;)
		(*counter)++;
}

/* Does *counter move within a second? */
static int moves(volatile long *counter)
{
	long before = *counter;
	for (int i = 0; i < 100; i++) {
		u_sleep_ms(10);
		if (*counter != before)
			return 1;
	}
	return 0;
}

/* Does *counter stay put over 100 ms? */
static int frozen(volatile long *counter)
{
	long before = *counter;
	u_sleep_ms(100);
	return *counter == before;
}

static int wait_flag(volatile int *v, int want)
{
	for (int i = 0; i < 200 && *v != want; i++)
		u_sleep_ms(10);
	return *v == want;
}

/* A child in a process group of its own (as a shell makes a job) that runs fn. */
static long spawn_job(void (*fn)(void))
{
	long pid = ferrite_fork();
	if (pid == 0) {
		ferrite_setpgid(0, 0);
		fn();
		ferrite_exit(0);
	}
	ferrite_setpgid((int)pid, (int)pid); /* whichever of the two comes first */
	return pid;
}

static void job_spin(void) { spin(&sh->count); }

static int wait_st(long pid, int options)
{
	int st = -1;
	long r = ferrite_waitpid((int)pid, &st, options);
	return r == pid ? st : -1000 - (int)r;
}

static void check_stop_and_continue(void)
{
	long pid;
	sh->count = 0;
	pid = spawn_job(job_spin);
	U_CHECK(moves(&sh->count));
	U_CHECK(ferrite_kill((int)pid, FERRITE_SIGSTOP) == 0);
	U_CHECK(wait_st(pid, FERRITE_WUNTRACED) == FERRITE_WSTATUS_STOPPED(FERRITE_SIGSTOP));
	U_CHECK((FERRITE_WSTATUS_STOPPED(FERRITE_SIGSTOP) & 0xff) == 0x7f); /* WIFSTOPPED */
	U_CHECK(frozen(&sh->count));
	/* a stop is reported once; without WUNTRACED not at all */
	U_CHECK(ferrite_waitpid((int)pid, 0, FERRITE_WNOHANG | FERRITE_WUNTRACED) == 0);
	U_CHECK(ferrite_kill((int)pid, FERRITE_SIGCONT) == 0);
	U_CHECK(wait_st(pid, FERRITE_WCONTINUED) == FERRITE_WSTATUS_CONTINUED);
	U_CHECK(moves(&sh->count));
	U_CHECK(ferrite_waitpid((int)pid, 0, FERRITE_WNOHANG | FERRITE_WCONTINUED) == 0);
	U_CHECK(ferrite_kill((int)pid, FERRITE_SIGKILL) == 0);
	U_CHECK(wait_st(pid, 0) == FERRITE_WSTATUS_SIGNAL(FERRITE_SIGKILL));
	U_CHECK(ferrite_waitpid(0, 0, 0x40) == -FERRITE_EINVAL); /* an unknown option */
}

static void check_tstp_and_kill_while_stopped(void)
{
	long pid = spawn_job(job_spin);
	U_CHECK(ferrite_kill((int)pid, FERRITE_SIGTSTP) == 0);
	U_CHECK(wait_st(pid, FERRITE_WUNTRACED) == FERRITE_WSTATUS_STOPPED(FERRITE_SIGTSTP));
	U_CHECK(ferrite_kill((int)pid, FERRITE_SIGTERM) == 0); /* waits: the process is stopped */
	U_CHECK(ferrite_waitpid((int)pid, 0, FERRITE_WNOHANG) == 0);
	U_CHECK(ferrite_kill((int)pid, FERRITE_SIGKILL) == 0);
	U_CHECK(wait_st(pid, 0) == FERRITE_WSTATUS_SIGNAL(FERRITE_SIGKILL));
}

static void job_tstp_handler(void)
{
	set_handler(FERRITE_SIGTSTP, on_flag, 0);
	sh->count2 = 1;
	spin(&sh->count);
}

static void check_tstp_handler_runs_instead(void)
{
	long pid;
	sh->flag = 0;
	sh->count2 = 0;
	pid = spawn_job(job_tstp_handler);
	while (!sh->count2)
		u_sleep_ms(5);
	U_CHECK(ferrite_kill((int)pid, FERRITE_SIGTSTP) == 0);
	U_CHECK(wait_flag(&sh->flag, 1));
	U_CHECK(ferrite_waitpid((int)pid, 0, FERRITE_WNOHANG | FERRITE_WUNTRACED) == 0);
	U_CHECK(moves(&sh->count));
	ferrite_kill((int)pid, FERRITE_SIGKILL);
	U_CHECK(wait_st(pid, 0) == FERRITE_WSTATUS_SIGNAL(FERRITE_SIGKILL));
}

static void job_cont_and_usr1(void)
{
	set_handler(FERRITE_SIGCONT, on_cont, 0);
	set_handler(FERRITE_SIGUSR1, on_usr1, 0);
	sh->count2 = 1;
	spin(&sh->count);
}

/* SIGCONT's handler runs once continued; other signals wait while the process is stopped. */
static void check_signals_wait_while_stopped(void)
{
	long pid;
	sh->conts = sh->usr1 = 0;
	sh->count2 = 0;
	pid = spawn_job(job_cont_and_usr1);
	while (!sh->count2)
		u_sleep_ms(5);
	U_CHECK(ferrite_kill((int)pid, FERRITE_SIGSTOP) == 0);
	U_CHECK(wait_st(pid, FERRITE_WUNTRACED) == FERRITE_WSTATUS_STOPPED(FERRITE_SIGSTOP));
	U_CHECK(ferrite_kill((int)pid, FERRITE_SIGUSR1) == 0);
	u_sleep_ms(100);
	U_CHECK(sh->usr1 == 0 && sh->conts == 0);
	U_CHECK(ferrite_kill((int)pid, FERRITE_SIGCONT) == 0);
	U_CHECK(wait_flag(&sh->conts, 1));
	U_CHECK(wait_flag(&sh->usr1, 1));
	ferrite_kill((int)pid, FERRITE_SIGKILL);
	U_CHECK(wait_st(pid, 0) == FERRITE_WSTATUS_SIGNAL(FERRITE_SIGKILL));
}

static void job_ignore_cont(void)
{
	set_action(FERRITE_SIGCONT, FERRITE_SIG_IGN);
	spin(&sh->count);
}

static void check_ignored_sigcont_still_continues(void)
{
	long pid = spawn_job(job_ignore_cont);
	U_CHECK(ferrite_kill((int)pid, FERRITE_SIGSTOP) == 0);
	U_CHECK(wait_st(pid, FERRITE_WUNTRACED) == FERRITE_WSTATUS_STOPPED(FERRITE_SIGSTOP));
	U_CHECK(frozen(&sh->count));
	U_CHECK(ferrite_kill((int)pid, FERRITE_SIGCONT) == 0);
	U_CHECK(moves(&sh->count));
	ferrite_kill((int)pid, FERRITE_SIGKILL);
	U_CHECK(wait_st(pid, 0) == FERRITE_WSTATUS_SIGNAL(FERRITE_SIGKILL));
}

static void check_sigchld(void)
{
	long pid;
	set_handler(FERRITE_SIGCHLD, on_chld, FERRITE_SA_RESTART);
	chld_seen = 0;
	pid = spawn_job(job_spin);
	ferrite_kill((int)pid, FERRITE_SIGSTOP);
	U_CHECK(wait_st(pid, FERRITE_WUNTRACED) == FERRITE_WSTATUS_STOPPED(FERRITE_SIGSTOP));
	U_CHECK(chld_seen == 1);
	ferrite_kill((int)pid, FERRITE_SIGCONT);
	U_CHECK(wait_st(pid, FERRITE_WCONTINUED) == FERRITE_WSTATUS_CONTINUED);
	U_CHECK(chld_seen == 2);
	ferrite_kill((int)pid, FERRITE_SIGKILL);
	U_CHECK(wait_st(pid, 0) == FERRITE_WSTATUS_SIGNAL(FERRITE_SIGKILL));
	U_CHECK(chld_seen == 3); /* and for the end */
	/* SA_NOCLDSTOP: only the end */
	set_handler(FERRITE_SIGCHLD, on_chld, FERRITE_SA_RESTART | FERRITE_SA_NOCLDSTOP);
	chld_seen = 0;
	pid = spawn_job(job_spin);
	ferrite_kill((int)pid, FERRITE_SIGSTOP);
	U_CHECK(wait_st(pid, FERRITE_WUNTRACED) == FERRITE_WSTATUS_STOPPED(FERRITE_SIGSTOP));
	ferrite_kill((int)pid, FERRITE_SIGCONT);
	U_CHECK(wait_st(pid, FERRITE_WCONTINUED) == FERRITE_WSTATUS_CONTINUED);
	U_CHECK(chld_seen == 0);
	ferrite_kill((int)pid, FERRITE_SIGKILL);
	U_CHECK(wait_st(pid, 0) == FERRITE_WSTATUS_SIGNAL(FERRITE_SIGKILL));
	U_CHECK(chld_seen == 1);
	set_action(FERRITE_SIGCHLD, FERRITE_SIG_DFL);
}

#define JC_THREAD_FLAGS (FERRITE_CLONE_VM | FERRITE_CLONE_FS | FERRITE_CLONE_FILES | \
	FERRITE_CLONE_SIGHAND | FERRITE_CLONE_THREAD | FERRITE_CLONE_SYSVSEM)
static unsigned long thread_stack[2048];

static int thread_spin(void *arg)
{
	(void)arg;
	spin(&sh->count2);
	return 0;
}

static void job_two_threads(void)
{
	u_clone(JC_THREAD_FLAGS, thread_stack + 2048, 0, 0, 0, thread_spin, 0);
	spin(&sh->count);
}

static void check_every_thread_stops(void)
{
	long pid;
	sh->count = sh->count2 = 0;
	pid = spawn_job(job_two_threads);
	U_CHECK(moves(&sh->count) && moves(&sh->count2));
	ferrite_kill((int)pid, FERRITE_SIGSTOP);
	U_CHECK(wait_st(pid, FERRITE_WUNTRACED) == FERRITE_WSTATUS_STOPPED(FERRITE_SIGSTOP));
	U_CHECK(frozen(&sh->count) && frozen(&sh->count2));
	ferrite_kill((int)pid, FERRITE_SIGCONT);
	U_CHECK(moves(&sh->count) && moves(&sh->count2));
	ferrite_kill((int)pid, FERRITE_SIGKILL);
	U_CHECK(wait_st(pid, 0) == FERRITE_WSTATUS_SIGNAL(FERRITE_SIGKILL));
}

static int pipe_fds[2];

static void job_read(void)
{
	char c = 0;
	long n;
	sh->count2 = 1;
	n = ferrite_read(pipe_fds[0], &c, 1);
	ferrite_exit(n == 1 && c == 'x' ? 0 : n < 0 ? (int)-n : 100);
}

/* A read cut short by a stop is made again once continued: no EINTR without a handler. */
static void check_read_survives_stop(void)
{
	long pid;
	U_CHECK(ferrite_pipe2(pipe_fds, 0) == 0);
	sh->count2 = 0;
	pid = spawn_job(job_read);
	while (!sh->count2)
		u_sleep_ms(5);
	u_sleep_ms(50); /* in the read by now */
	ferrite_kill((int)pid, FERRITE_SIGTSTP);
	U_CHECK(wait_st(pid, FERRITE_WUNTRACED) == FERRITE_WSTATUS_STOPPED(FERRITE_SIGTSTP));
	ferrite_kill((int)pid, FERRITE_SIGCONT);
	u_sleep_ms(50);
	U_CHECK(ferrite_write(pipe_fds[1], "x", 1) == 1);
	U_CHECK(wait_st(pid, 0) == FERRITE_WSTATUS_EXIT(0));
	ferrite_close(pipe_fds[0]);
	ferrite_close(pipe_fds[1]);
}

static void check_group_kill_and_wait(void)
{
	long a = spawn_job(job_spin), b = ferrite_fork();
	int st, seen = 0;
	if (b == 0) {
		ferrite_setpgid(0, (int)a);
		spin(&sh->count2);
	}
	ferrite_setpgid((int)b, (int)a);
	U_CHECK(ferrite_getpgid((int)b) == a);
	U_CHECK(ferrite_waitpid(0, &st, FERRITE_WNOHANG) == -FERRITE_ECHILD); /* none in my group */
	U_CHECK(ferrite_kill((int)-a, FERRITE_SIGSTOP) == 0);
	for (int i = 0; i < 2; i++) {
		long r = ferrite_waitpid((int)-a, &st, FERRITE_WUNTRACED);
		seen += (r == a || r == b) && st == FERRITE_WSTATUS_STOPPED(FERRITE_SIGSTOP);
	}
	U_CHECK(seen == 2);
	U_CHECK(ferrite_kill((int)-a, FERRITE_SIGKILL) == 0);
	U_CHECK(wait_st(a, 0) == FERRITE_WSTATUS_SIGNAL(FERRITE_SIGKILL));
	U_CHECK(wait_st(b, 0) == FERRITE_WSTATUS_SIGNAL(FERRITE_SIGKILL));
}

static void grandchild_hup(void)
{
	set_handler(FERRITE_SIGHUP, on_hup, 0);
	spin(&sh->count2);
}

/* The middle process stops its child and leaves: the group is orphaned with a stopped member,
 * which gets SIGHUP (and SIGCONT to act on it). */
static void job_orphan_stopped(void)
{
	long g = ferrite_fork();
	if (g == 0)
		grandchild_hup();
	while (!moves(&sh->count2))
		;
	ferrite_kill((int)g, FERRITE_SIGSTOP);
	ferrite_exit(wait_st(g, FERRITE_WUNTRACED) == FERRITE_WSTATUS_STOPPED(FERRITE_SIGSTOP) ? 0 : 1);
}

static void job_orphan_running(void)
{
	long g = ferrite_fork();
	if (g == 0)
		spin(&sh->count2);
	sh->gpid = (int)g;
	ferrite_exit(0);
}

static void check_orphaned_groups(void)
{
	long c;
	sh->hup = 0;
	sh->count2 = 0;
	c = spawn_job(job_orphan_stopped);
	U_CHECK(wait_st(c, 0) == FERRITE_WSTATUS_EXIT(0));
	U_CHECK(wait_flag(&sh->hup, 1));
	/* in an orphaned group the terminal's stop signals are dropped; SIGSTOP still stops */
	sh->gpid = 0;
	sh->count2 = 0;
	c = spawn_job(job_orphan_running);
	U_CHECK(wait_st(c, 0) == FERRITE_WSTATUS_EXIT(0));
	U_CHECK(sh->gpid > 0);
	U_CHECK(moves(&sh->count2));
	U_CHECK(ferrite_kill(sh->gpid, FERRITE_SIGTSTP) == 0);
	U_CHECK(moves(&sh->count2));
	U_CHECK(ferrite_kill(sh->gpid, FERRITE_SIGSTOP) == 0);
	u_sleep_ms(50);
	U_CHECK(frozen(&sh->count2));
	U_CHECK(ferrite_kill(sh->gpid, FERRITE_SIGKILL) == 0);
}

/* proc_jobinfo and proc_info as the pty server and ps use them; reboot refuses what it must. */
static void check_info_calls(void)
{
	struct ferrite_procinfo pi;
	long me = ferrite_getpid(), pid, seen = 0, last = 0, p;
	pid = spawn_job(job_spin);
	U_CHECK(moves(&sh->count));
	/* its own group, with a parent in another group of the session: not orphaned */
	U_CHECK(ferrite_proc_jobinfo((int)pid, FERRITE_SIGTTIN) == 0);
	ferrite_kill((int)pid, FERRITE_SIGSTOP);
	U_CHECK(wait_st(pid, FERRITE_WUNTRACED) == FERRITE_WSTATUS_STOPPED(FERRITE_SIGSTOP));
	for (p = 1; (p = ferrite_proc_info((int)p, &pi)) > 0; p = pi.pid + 1) {
		U_CHECK(pi.pid > last);
		last = pi.pid;
		if (pi.pid == me)
			seen += pi.ppid == 0 && pi.sid == me && pi.state == 'R' && pi.nthreads == 1;
		if (pi.pid == pid)
			seen += pi.ppid == me && pi.pgid == pid && pi.state == 'T';
	}
	U_CHECK(seen == 2);
	U_CHECK(ferrite_proc_info(1 << 30, &pi) == 0);
	U_CHECK(ferrite_proc_info((int)me, (struct ferrite_procinfo *)16) == -FERRITE_EFAULT);
	U_CHECK(ferrite_proc_jobinfo((int)me, FERRITE_SIGTTIN) == FERRITE_JOB_ORPHANED);
	set_action(FERRITE_SIGTTOU, FERRITE_SIG_IGN);
	U_CHECK(ferrite_proc_jobinfo((int)me, FERRITE_SIGTTOU) == (FERRITE_JOB_ORPHANED | FERRITE_JOB_SIG_HELD));
	set_action(FERRITE_SIGTTOU, FERRITE_SIG_DFL);
	U_CHECK(ferrite_proc_jobinfo(1 << 30, FERRITE_SIGTTIN) == -FERRITE_ESRCH);
	U_CHECK(ferrite_proc_jobinfo((int)me, 0) == -FERRITE_EINVAL);
	ferrite_kill((int)pid, FERRITE_SIGKILL);
	U_CHECK(wait_st(pid, 0) == FERRITE_WSTATUS_SIGNAL(FERRITE_SIGKILL));
	U_CHECK(ferrite_reboot(7) == -FERRITE_EINVAL);
	pid = ferrite_fork();
	if (pid == 0) {
		ferrite_cap_drop(FERRITE_CAP_POWER);
		ferrite_exit(ferrite_reboot(FERRITE_REBOOT_POWEROFF) == -FERRITE_EPERM ? 0 : 1);
	}
	U_CHECK(wait_st(pid, 0) == FERRITE_WSTATUS_EXIT(0));
}

int main(void)
{
	sh = (struct jc_shared *)ferrite_mmap(0, 4096, FERRITE_PROT_READ | FERRITE_PROT_WRITE,
		FERRITE_MAP_SHARED | FERRITE_MAP_ANONYMOUS, -1, 0);
	if (sh == FERRITE_MAP_FAILED) {
		u_puts("jobctl: no shared page\n");
		return 1;
	}
	check_stop_and_continue();
	check_tstp_and_kill_while_stopped();
	check_tstp_handler_runs_instead();
	check_signals_wait_while_stopped();
	check_ignored_sigcont_still_continues();
	check_sigchld();
	check_every_thread_stops();
	check_read_survives_stop();
	check_group_kill_and_wait();
	check_orphaned_groups();
	check_info_calls();
	if (u_failures)
		return 1;
	u_puts("jobctl: all checks passed\n");
	return 0;
}
