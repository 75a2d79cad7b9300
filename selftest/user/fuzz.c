/* selftest/user/fuzz.c: random system calls with random arguments from unprivileged
 * processes: the kernel must neither panic nor hang. Each child takes a session of its own,
 * opens a descriptor of each kernel scheme (event, time, log, shm), gives up root (for a uid
 * no other process has) and every capability, and makes N calls; one that is still alive
 * after its time is killed (SIGKILL must get it out of any wait). Children may die of their
 * own calls (a handler at a random address, memory unmapped under them, a signal sent to
 * themselves): that is allowed. Prints the seed, so a failure can be
 * replayed with `init=/selftest/fuzz` and the same seed as argv[1]. */
#include "ulib.h"

#define CHILDREN 16
#define CALLS 400

static unsigned long fz_state;

static unsigned long fz_next(void)
{
	fz_state ^= fz_state << 13;
	fz_state ^= fz_state >> 7;
	fz_state ^= fz_state << 17;
	return fz_state;
}

static char fz_buf[8192];
/* what each child is doing, in memory its parent shares: said when the child has to be killed */
static volatile unsigned long *fz_now;

/* Paths the path calls can walk (links, "..", other schemes, nothing), so that random calls
 * get past the copy of a path now and then. */
static const char *const fz_paths[] = {
	"/selftest/hello", "/proc/self/status", "/proc", "/selftest/links/loop-a",
	"/selftest/links/to-proc/..", "..", "", ".", "/proc/self/../..", "selftest/links/proc-self",
	"/selftest/links/nowhere", "/dev/shm/x", "/", "/proc/1/status",
};

/* An argument: small numbers, -1, edges, pointers into our memory, NULL, kernel addresses,
 * paths. */
static unsigned long fz_arg(void)
{
	switch (fz_next() % 11) {
	case 10: return (unsigned long)fz_paths[fz_next() % (sizeof(fz_paths) / sizeof(fz_paths[0]))];
	case 0: return 0;
	case 1: return (unsigned long)-1;
	case 2: return fz_next() % 64;
	case 3: return (unsigned long)fz_buf + fz_next() % sizeof(fz_buf);
	case 4: return 0xffffffff80200000ul + (fz_next() & 0xffff);      /* the kernel */
	case 5: return 0xffff800000000000ul + (fz_next() & 0xfffffff);   /* the direct map */
	case 6: return 0x7ffffffff000ul - (fz_next() & 0xffff);          /* the stack's edge */
	case 7: return 1ul << (fz_next() % 64);
	case 8: return fz_next() & 0xffffffff;
	default: return fz_next();
	}
}

/* Calls that would take the fuzzer away from its job are not picked at random: exit, fork,
 * clone, execve. kill is: each child has a uid of its own and a session of its own, so POSIX's
 * rule lets it signal only itself (the parent is root's, init is spared). */
static int fz_allowed(long nr)
{
	return nr != SYS_exit && nr != SYS_exit_thread && nr != SYS_fork && nr != SYS_clone &&
		nr != SYS_execve;
}

static long fz_raw(long nr, unsigned long a, unsigned long b, unsigned long c, unsigned long d,
	unsigned long e, unsigned long f)
{
	long ret;
	unsigned long hi[3] = { d, e, f };
	__asm__ volatile("movq 0(%5), %%r10; movq 8(%5), %%r8; movq 16(%5), %%r9; syscall"
		: "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(hi) : "rcx", "r11", "r10", "r8", "r9", "memory");
	return ret;
}

static void fz_child(int c)
{
	static const char *const kpaths[] = {
		"/dev/event", "/dev/time/monotonic", "/dev/time/realtime", "/dev/kmsg", "/dev/shm/fuzz",
	};
	char name[8];
	ferrite_setsid();
	ferrite_setuid(1000 + c); /* no other process has it: kill reaches this child only */
	/* descriptors of the kernel's schemes, so that random descriptor numbers reach their
	 * operations too; non-blocking, so a read with nothing to give returns at once. The shm
	 * object loses its name at once: it goes with this child. */
	for (unsigned k = 0; k < sizeof(kpaths) / sizeof(kpaths[0]); k++)
		ferrite_openat(FERRITE_AT_FDCWD, kpaths[k],
			FERRITE_O_RDWR | FERRITE_O_NONBLOCK | FERRITE_O_CREAT, 0600);
	ferrite_unlinkat(FERRITE_AT_FDCWD, "/dev/shm/fuzz", 0);
	/* a scheme of its own at a low descriptor, made while it may: random reads, writes,
	 * fetches and serves on it are random packets taken and random replies checked
	 * (non-blocking: no client comes) */
	name[0] = 'f'; /* "fuzzX", built by hand: an initializer would call memset */
	name[1] = 'u';
	name[2] = name[3] = 'z';
	name[4] = (char)('a' + c % 26);
	name[5] = 0;
	ferrite_scheme_register(name, FERRITE_O_NONBLOCK);
	/* no capability: the driver primitives answer EPERM (ports, physical memory, DMA, IRQs,
	 * other processes' memory would let random calls hurt the machine or the test) */
	if (ferrite_cap_drop(FERRITE_CAP_ALL) != 0)
		ferrite_exit(99);
	for (int i = 0; i < CALLS; i++) {
		long nr;
		unsigned long r = fz_next() % 100;
		if (r < 90)
			nr = SYS_FIRST + (long)(fz_next() % (SYS_LAST - SYS_FIRST + 1));
		else if (r < 95)
			nr = (long)(fz_next() % 400);          /* Linux's numbers */
		else
			nr = (long)fz_next();                  /* anything */
		if (!fz_allowed(nr))
			continue;
		if (nr == SYS_sigreturn && fz_next() % 50)
			continue; /* a random frame ends the child at once: rarely, to keep it going */
		if (nr == SYS_debug_write)
			continue; /* random bytes on the console help no one */
		if (nr == SYS_nanosleep || nr == SYS_futex || nr == SYS_poll || nr == SYS_read ||
				nr == SYS_waitpid || nr == SYS_scheme_serve) {
			/* these may wait: short waits only, the parent's deadline stays the backstop */
			if (fz_next() % 4)
				continue;
		}
		{
			unsigned long a[6];
			for (int k = 0; k < 6; k++)
				fz_now[1 + k] = a[k] = fz_arg();
			fz_now[0] = (unsigned long)nr;
			fz_raw(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		}
	}
	ferrite_exit(0);
}

int main(int argc, char **argv)
{
	unsigned long seed = 0;
	int exited = 0, signalled = 0, killed = 0;
	if (argc > 1)
		for (const char *p = argv[1]; *p >= '0' && *p <= '9'; p++)
			seed = seed * 10 + (unsigned long)(*p - '0');
	else
		ferrite_getrandom(&seed, sizeof(seed), 0);
	fz_now = (volatile unsigned long *)ferrite_mmap(0, 4096, FERRITE_PROT_READ | FERRITE_PROT_WRITE,
		FERRITE_MAP_SHARED | FERRITE_MAP_ANONYMOUS, -1, 0);
	u_puts("fuzz: seed ");
	u_putnum((long)(seed & 0x7fffffffffffffff));
	u_puts("\n");
	for (int c = 0; c < CHILDREN; c++) {
		long pid;
		int st = 0, waited = 0;
		struct ferrite_timespec t = { 0, 20000000 };
		fz_state = (seed & 0x7fffffffffffffff) + (unsigned long)c * 7919 + 1;
		pid = ferrite_fork();
		if (pid == 0)
			fz_child(c);
		U_CHECK(pid > 0);
		while (ferrite_waitpid((int)pid, &st, FERRITE_WNOHANG) == 0) {
			if (++waited == 150) { /* 3 s */
				u_puts("fuzz: child stuck in call ");
				u_putnum((long)fz_now[0]);
				for (int k = 1; k <= 6; k++) {
					u_puts(" ");
					u_putnum((long)fz_now[k]);
				}
				u_puts(": killed\n");
				U_CHECK(ferrite_kill((int)pid, FERRITE_SIGKILL) == 0);
				killed++;
			}
			U_CHECK(waited < 900); /* SIGKILL must end it within 15 s more, even on a busy host */
			if (waited >= 900)
				break;
			ferrite_nanosleep(&t, 0);
		}
		if ((st & 0x7f) == 0)
			exited++;
		else
			signalled++;
	}
	u_puts("fuzz: ");
	u_putnum(CHILDREN * CALLS);
	u_puts(" calls at most; children exited ");
	u_putnum(exited);
	u_puts(", died of a signal ");
	u_putnum(signalled);
	u_puts(", killed at the deadline ");
	u_putnum(killed);
	u_puts(u_failures ? "\nfuzz: FAILED\n" : "\nfuzz: the kernel lived\n");
	return u_failures;
}
