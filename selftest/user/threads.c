/* selftest/user/threads.c: threads made with clone: shared memory, a futex mutex, thread ids,
 * TLS through the FS base, join through CLONE_CHILD_CLEARTID, tkill, and exit of the whole
 * process from one thread while another is blocked. Exits 0 when all pass. */
#include "ulib.h"

#define NTHREADS 4
#define ROUNDS 20000

#define THREAD_FLAGS (FERRITE_CLONE_VM | FERRITE_CLONE_FS | FERRITE_CLONE_FILES | \
	FERRITE_CLONE_SIGHAND | FERRITE_CLONE_THREAD | FERRITE_CLONE_SYSVSEM | FERRITE_CLONE_SETTLS | \
	FERRITE_CLONE_PARENT_SETTID | FERRITE_CLONE_CHILD_CLEARTID)

static volatile int lock_word;
static volatile long counter;
static volatile int tids[NTHREADS], tls_ok[NTHREADS];
static int ctids[NTHREADS];
static unsigned long tls_blocks[NTHREADS][4];

static void mutex_lock(void)
{
	int v;
	for (;;) {
		v = 1;
		__asm__ volatile("xchgl %0, %1" : "+r"(v), "+m"(lock_word) : : "memory");
		if (v == 0)
			return;
		ferrite_futex((int *)&lock_word, FERRITE_FUTEX_WAIT | FERRITE_FUTEX_PRIVATE, 1, 0);
	}
}

static void mutex_unlock(void)
{
	__asm__ volatile("movl $0, %0" : "+m"(lock_word) : : "memory");
	ferrite_futex((int *)&lock_word, FERRITE_FUTEX_WAKE | FERRITE_FUTEX_PRIVATE, 1, 0);
}

static int worker(void *arg)
{
	int i = (int)(long)arg;
	unsigned long self;
	__asm__ volatile("movq %%fs:0, %0" : "=r"(self));
	tls_ok[i] = self == (unsigned long)tls_blocks[i];
	tids[i] = (int)ferrite_gettid();
	for (int k = 0; k < ROUNDS; k++) {
		mutex_lock();
		counter = counter + 1; /* a plain read-modify-write, guarded by the mutex */
		mutex_unlock();
	}
	return 0;
}

static void join(int *ctid)
{
	int v;
	while ((v = *(volatile int *)ctid) != 0)
		ferrite_futex(ctid, FERRITE_FUTEX_WAIT, v, 0);
}

static char *new_stack(void)
{
	char *s = (char *)ferrite_mmap(0, 65536, FERRITE_PROT_READ | FERRITE_PROT_WRITE,
		FERRITE_MAP_PRIVATE | FERRITE_MAP_ANONYMOUS, -1, 0);
	return (long)s > 0 ? s + 65536 : 0;
}

static void check_threads(void)
{
	int ptid[NTHREADS];
	for (int i = 0; i < NTHREADS; i++) {
		long r;
		tls_blocks[i][0] = (unsigned long)tls_blocks[i]; /* %fs:0 points at itself, as musl's */
		r = u_clone(THREAD_FLAGS, new_stack(), &ptid[i], &ctids[i], (unsigned long)tls_blocks[i],
			worker, (void *)(long)i);
		U_CHECK(r > 0);
		ctids[i] = (int)r; /* CLEARTID zeroes it when the thread is gone */
	}
	for (int i = 0; i < NTHREADS; i++)
		join(&ctids[i]);
	U_CHECK(counter == (long)NTHREADS * ROUNDS);
	for (int i = 0; i < NTHREADS; i++) {
		U_CHECK(tls_ok[i]);
		U_CHECK(tids[i] > 0 && tids[i] == ptid[i] && tids[i] != ferrite_gettid());
		for (int k = 0; k < i; k++)
			U_CHECK(tids[i] != tids[k]);
	}
}

static volatile int usr1_seen, waiter_tid, waiter_rc = 1, wait_word;

static void on_usr1(int sig, struct ferrite_siginfo *si, void *uc)
{
	(void)si;
	(void)uc;
	usr1_seen = sig;
}

static int waiter(void *arg)
{
	long r;
	(void)arg;
	waiter_tid = (int)ferrite_gettid();
	r = ferrite_futex((int *)&wait_word, FERRITE_FUTEX_WAIT, 0, 0); /* until a signal comes */
	waiter_rc = r == -FERRITE_EINTR ? 0 : 2;
	return 0;
}

static void check_tkill(void)
{
	struct ferrite_sigaction a = { (unsigned long)on_usr1, FERRITE_SA_SIGINFO | FERRITE_SA_RESTORER,
		(unsigned long)u_restorer, 0 };
	struct ferrite_timespec t = { 0, 20000000 };
	int ctid = 0, ptid;
	U_CHECK(ferrite_sigaction(FERRITE_SIGUSR1, &a, 0) == 0);
	ctid = (int)u_clone(THREAD_FLAGS, new_stack(), &ptid, &ctid, (unsigned long)tls_blocks[0], waiter, 0);
	while (!waiter_tid)
		ferrite_sched_yield();
	ferrite_nanosleep(&t, 0); /* let it block */
	U_CHECK(ferrite_tkill(waiter_tid, FERRITE_SIGUSR1) == 0);
	join(&ctid);
	U_CHECK(usr1_seen == FERRITE_SIGUSR1 && waiter_rc == 0);
	U_CHECK(ferrite_tkill(999999, FERRITE_SIGUSR1) == -FERRITE_ESRCH);
}

static int blocker(void *arg)
{
	(void)arg;
	ferrite_futex((int *)&wait_word, FERRITE_FUTEX_WAIT, 0, 0);
	return 9;
}

static int ender(void *arg)
{
	struct ferrite_timespec t = { 0, 20000000 };
	(void)arg;
	ferrite_nanosleep(&t, 0);
	ferrite_exit(5); /* the whole process, with the blocked thread and the main one */
	return 0;
}

static void check_exit_from_a_thread(void)
{
	int st = -1, c1 = 0, c2 = 0, p;
	long pid;
	wait_word = 0; /* the blocked threads wait while it is 0 */
	pid = ferrite_fork();
	if (pid == 0) {
		u_clone(THREAD_FLAGS, new_stack(), &p, &c1, (unsigned long)tls_blocks[1], blocker, 0);
		u_clone(THREAD_FLAGS, new_stack(), &p, &c2, (unsigned long)tls_blocks[2], ender, 0);
		ferrite_futex((int *)&wait_word, FERRITE_FUTEX_WAIT, 0, 0);
		ferrite_exit(1); /* not reached: the ender ends the process first */
	}
	U_CHECK(ferrite_waitpid((int)pid, &st, 0) == pid);
	U_CHECK(st == FERRITE_WSTATUS_EXIT(5));
}

/* A page unmapped while another thread keeps reading it: after munmap returns the reader
 * must fault (the TLB shootdown reached its CPU), and its SIGSEGV handler ends it. */
static volatile int reader_faulted, reader_started, unmapped, reader_stop;
static volatile long reader_sink;
static volatile char *shared_page;

static void on_segv_reader(int sig, struct ferrite_siginfo *si, void *uc)
{
	(void)si;
	(void)uc;
	reader_faulted = unmapped ? sig : -1; /* a fault before the unmap would be a bug */
	ferrite_exit_thread(0);
}

static int reader(void *arg)
{
	(void)arg;
	reader_started = 1;
	while (!reader_stop)
		reader_sink += shared_page[0]; /* a real load every time */
	return 0;
}

static void check_unmap_under_a_reader(void)
{
	struct ferrite_sigaction a = { (unsigned long)on_segv_reader, FERRITE_SA_SIGINFO | FERRITE_SA_RESTORER,
		(unsigned long)u_restorer, 0 };
	struct ferrite_timespec t = { 0, 20000000 };
	int ctid = 0, ptid, waited = 0;
	shared_page = (char *)ferrite_mmap(0, 4096, FERRITE_PROT_READ | FERRITE_PROT_WRITE,
		FERRITE_MAP_PRIVATE | FERRITE_MAP_ANONYMOUS, -1, 0);
	shared_page[0] = 7;
	U_CHECK(ferrite_sigaction(FERRITE_SIGSEGV, &a, 0) == 0);
	ctid = (int)u_clone(THREAD_FLAGS, new_stack(), &ptid, &ctid, (unsigned long)tls_blocks[3], reader, 0);
	while (!reader_started)
		ferrite_sched_yield();
	ferrite_nanosleep(&t, 0);
	unmapped = 1;
	U_CHECK(ferrite_munmap((void *)shared_page, 4096) == 0);
	while (!reader_faulted && waited++ < 100)
		ferrite_nanosleep(&t, 0);
	U_CHECK(reader_faulted == FERRITE_SIGSEGV);
	reader_stop = 1; /* if it never faulted, it still ends */
	join(&ctid);
}

/* fork from a process with other threads: the child has only the forking thread. */
static void check_fork_with_threads(void)
{
	int st = -1, c = 0, p;
	long pid;
	wait_word = 0;
	c = (int)u_clone(THREAD_FLAGS, new_stack(), &p, &c, (unsigned long)tls_blocks[1], blocker, 0);
	pid = ferrite_fork();
	if (pid == 0)
		ferrite_exit(counter == (long)NTHREADS * ROUNDS ? 3 : 4); /* memory came along */
	U_CHECK(ferrite_waitpid((int)pid, &st, 0) == pid && st == FERRITE_WSTATUS_EXIT(3));
	wait_word = 1;
	ferrite_futex((int *)&wait_word, FERRITE_FUTEX_WAKE, 1, 0);
	join(&c);
}

/* Threads per process are limited: clone says EAGAIN at the limit, and all is well after. */
static volatile int hold_word;

static int holder(void *arg)
{
	(void)arg;
	while (hold_word == 0)
		ferrite_futex((int *)&hold_word, FERRITE_FUTEX_WAIT, 0, 0);
	return 0;
}

static void check_thread_limit(void)
{
	static int ct[300];
	int n = 0, p;
	long r = 0;
	char *stacks = (char *)ferrite_mmap(0, 300ul * 8192, FERRITE_PROT_READ | FERRITE_PROT_WRITE,
		FERRITE_MAP_PRIVATE | FERRITE_MAP_ANONYMOUS, -1, 0);
	while (n < 300) {
		r = u_clone(THREAD_FLAGS, stacks + (unsigned long)(n + 1) * 8192, &p, &ct[n],
			(unsigned long)tls_blocks[0], holder, 0);
		if (r < 0)
			break;
		ct[n++] = (int)r;
	}
	U_CHECK(r == -FERRITE_EAGAIN && n > 100 && n < 300);
	hold_word = 1;
	ferrite_futex((int *)&hold_word, FERRITE_FUTEX_WAKE, 1000, 0);
	for (int i = 0; i < n; i++)
		join(&ct[i]);
	r = u_clone(THREAD_FLAGS, new_stack(), &p, &ct[0], (unsigned long)tls_blocks[0], holder, 0);
	U_CHECK(r > 0); /* room again */
	ct[0] = (int)r;
	join(&ct[0]);
}

int main(void)
{
	U_CHECK(ferrite_clone(FERRITE_CLONE_VM, 0, 0, 0, 0) == -FERRITE_EINVAL); /* no thread, no stack */
	check_threads();
	check_tkill();
	check_unmap_under_a_reader();
	check_fork_with_threads();
	check_exit_from_a_thread();
	check_thread_limit();
	u_puts(u_failures ? "threads: FAILED\n" : "threads: all checks passed\n");
	return u_failures;
}
