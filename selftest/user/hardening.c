/* selftest/user/hardening.c: what a program must not get away with, each check the shape of a
 * hole found once: an event watch that outlives its description and follows a new one at the
 * same address (nested sets, recursion through the kernel stack); kill across users; rights
 * mprotect would add to a mapping, shm objects of other users; floods of the kernel log;
 * deadlines that wrap or that a reader would not see moved. Exits 0 when every check
 * passed. */
#include "ulib.h"

#define RDWR FERRITE_O_RDWR
#define EV_CHAIN 24

static int open_path(const char *path, int flags)
{
	return (int)ferrite_openat(FERRITE_AT_FDCWD, path, flags, 0600);
}

static int event_reg(int ev, int op, int fd, unsigned events, unsigned long data)
{
	struct ferrite_event_reg r = { op, fd, events, 0, data };
	return (int)ferrite_write(ev, &r, sizeof(r));
}

/* A chain of sets, each watching a pipe end whose descriptor number (and, freed last, whose
 * memory) the next set then takes: were watches matched by address, set i would watch set
 * i + 1 and a read of the first would recurse down the chain and report it ready. A watch
 * must follow its own description only: every one here is stale, so nothing is ready. */
static void check_event_watch_follows_its_description(void)
{
	int sets[EV_CHAIN + 1], p[2], reused = 0;
	struct ferrite_event out[2];
	sets[0] = open_path("/dev/event", RDWR | FERRITE_O_NONBLOCK);
	U_CHECK(sets[0] >= 0);
	for (int i = 0; i < EV_CHAIN; i++) {
		U_CHECK(ferrite_pipe2(p, 0) == 0);
		U_CHECK(event_reg(sets[i], FERRITE_EVENT_ADD, p[0], FERRITE_POLLIN | FERRITE_POLLOUT, 1) == 24);
		ferrite_close(p[1]);
		ferrite_close(p[0]); /* freed last: the next description of this size may go there */
		sets[i + 1] = open_path("/dev/event", RDWR | FERRITE_O_NONBLOCK);
		U_CHECK(sets[i + 1] >= 0);
		reused += sets[i + 1] == p[0];
	}
	U_CHECK(reused == EV_CHAIN); /* the lowest free number: the test reaches what it means to */
	U_CHECK(ferrite_read(sets[0], out, sizeof(out)) == -FERRITE_EAGAIN);
	for (int i = 0; i <= EV_CHAIN; i++)
		ferrite_close(sets[i]);
}

/* The same with a pipe: a new pipe's read end at the old one's number (and likely memory),
 * with data in it, is not the watched description, so the set reports nothing. */
static void check_event_watch_ignores_a_new_pipe(void)
{
	int ev = open_path("/dev/event", RDWR | FERRITE_O_NONBLOCK), p[2], q[2];
	struct ferrite_event out[2];
	U_CHECK(ev >= 0 && ferrite_pipe2(p, 0) == 0);
	U_CHECK(event_reg(ev, FERRITE_EVENT_ADD, p[0], FERRITE_POLLIN, 5) == 24);
	ferrite_close(p[1]);
	ferrite_close(p[0]);
	U_CHECK(ferrite_pipe2(q, 0) == 0 && q[0] == p[0]);
	U_CHECK(ferrite_write(q[1], "x", 1) == 1);
	U_CHECK(ferrite_read(ev, out, sizeof(out)) == -FERRITE_EAGAIN);
	/* the stale watch went, so the new pipe can be watched under that number */
	U_CHECK(event_reg(ev, FERRITE_EVENT_ADD, q[0], FERRITE_POLLIN, 6) == 24);
	U_CHECK(ferrite_read(ev, out, sizeof(out)) == 16 && out[0].data == 6);
	ferrite_close(q[0]);
	ferrite_close(q[1]);
	ferrite_close(ev);
}

static long wait_status(long pid)
{
	int st = -1;
	U_CHECK(ferrite_waitpid((int)pid, &st, 0) == pid);
	return st;
}

/* A child that sleeps under uid until it is killed; returned once it has that uid. */
static long sleeper(int uid)
{
	int p[2];
	char c = 0;
	long pid;
	U_CHECK(ferrite_pipe2(p, 0) == 0);
	pid = ferrite_fork();
	if (pid == 0) {
		ferrite_setuid(uid);
		ferrite_write(p[1], "u", 1);
		for (;;)
			u_sleep_ms(1000);
	}
	U_CHECK(pid > 0 && ferrite_read(p[0], &c, 1) == 1 && c == 'u');
	ferrite_close(p[0]);
	ferrite_close(p[1]);
	return pid;
}

/* kill follows POSIX: another uid's process (root's, the parent here) is out of reach, its
 * own uid's is not, SIGCONT goes anywhere in the session, a group kill reaches only the
 * members it may signal (EPERM if none), and pid 1 is never stopped. */
static void check_kill_permissions(void)
{
	long a = sleeper(1000), b, parent = ferrite_getpid();
	int st = -1;
	b = ferrite_fork();
	if (b == 0) {
		int bad = 0;
		ferrite_setpgid(0, 0); /* out of the parent's group: a group kill below is not ours */
		ferrite_setuid(1001);
		bad |= ferrite_kill((int)a, FERRITE_SIGTERM) != -FERRITE_EPERM;
		bad |= (ferrite_kill((int)a, 0) != -FERRITE_EPERM) << 1;
		bad |= (ferrite_kill((int)parent, FERRITE_SIGSTOP) != -FERRITE_EPERM) << 2;
		bad |= (ferrite_kill(-(int)parent, FERRITE_SIGTERM) != -FERRITE_EPERM) << 3;
		bad |= (ferrite_kill((int)a, FERRITE_SIGCONT) != 0) << 4; /* the same session */
		bad |= (ferrite_kill(1, FERRITE_SIGKILL) == 0) << 5;
		bad |= (ferrite_kill(0, 0) != 0) << 6; /* its own group: itself */
		ferrite_exit(bad);
	}
	U_CHECK(b > 0 && wait_status(b) == FERRITE_WSTATUS_EXIT(0));
	U_CHECK(ferrite_waitpid((int)a, &st, FERRITE_WNOHANG) == 0); /* a lived through it */
	b = ferrite_fork();
	if (b == 0) {
		ferrite_setuid(1000);
		ferrite_exit(ferrite_kill((int)a, FERRITE_SIGTERM) == 0 ? 0 : 1); /* the same uid */
	}
	U_CHECK(b > 0 && wait_status(b) == FERRITE_WSTATUS_EXIT(0));
	U_CHECK(wait_status(a) == FERRITE_WSTATUS_SIGNAL(FERRITE_SIGTERM));
	/* even root does not stop init, if there is one */
	if (ferrite_kill(1, 0) == 0)
		U_CHECK(ferrite_kill(1, FERRITE_SIGSTOP) == -FERRITE_EPERM);
}

#define PR FERRITE_PROT_READ
#define PW FERRITE_PROT_WRITE
#define PX FERRITE_PROT_EXEC

static long map_fd(int fd, int prot)
{
	return ferrite_mmap(0, 4096, prot, FERRITE_MAP_SHARED, fd, 0);
}

/* mprotect gives no more than mmap allowed: a read-only description's shared mapping stays
 * unwritable, device and DMA memory never runs; an O_PATH descriptor maps nothing; a shm
 * object's mode holds against other users, and only its owner unlinks it. */
static void check_memory_rights(void)
{
	int rw = open_path("/dev/shm/hardening", FERRITE_O_CREAT | FERRITE_O_EXCL | RDWR), ro, path;
	unsigned long phys;
	struct ferrite_stat st;
	long m, pid;
	U_CHECK(rw >= 0 && ferrite_ftruncate(rw, 4096) == 0);
	ro = open_path("/dev/shm/hardening", FERRITE_O_RDONLY);
	U_CHECK(ro >= 0 && map_fd(ro, PR | PW) == -FERRITE_EACCES);
	m = map_fd(ro, PR);
	U_CHECK(m > 0);
	U_CHECK(ferrite_mprotect((void *)m, 4096, PR | PW) == -FERRITE_EACCES);
	U_CHECK(ferrite_mprotect((void *)m, 4096, PR) == 0);
	ferrite_munmap((void *)m, 4096);
	m = map_fd(rw, PR); /* read-write: write may come later */
	U_CHECK(m > 0 && ferrite_mprotect((void *)m, 4096, PR | PW) == 0);
	ferrite_munmap((void *)m, 4096);
	path = open_path("/dev/shm/hardening", FERRITE_O_PATH);
	U_CHECK(path >= 0 && map_fd(path, PR) == -FERRITE_EBADF);
	U_CHECK(ferrite_fstat(rw, &st) == 0 && st.st_uid == 0 && (st.st_mode & 0777) == 0600);
	pid = ferrite_fork();
	if (pid == 0) { /* another user: the mode (0600) keeps it out */
		int bad = 0;
		ferrite_setuid(1000);
		bad |= open_path("/dev/shm/hardening", RDWR) != -FERRITE_EACCES;
		bad |= (open_path("/dev/shm/hardening", FERRITE_O_RDONLY) != -FERRITE_EACCES) << 1;
		bad |= (ferrite_unlinkat(FERRITE_AT_FDCWD, "/dev/shm/hardening", 0) != -FERRITE_EPERM) << 2;
		ferrite_exit(bad);
	}
	U_CHECK(pid > 0 && wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
	U_CHECK(ferrite_unlinkat(FERRITE_AT_FDCWD, "/dev/shm/hardening", 0) == 0);
	ferrite_close(rw);
	ferrite_close(ro);
	ferrite_close(path);
	/* device registers and DMA buffers: never executable (the process is root with every
	 * capability here) */
	m = ferrite_physmap(0xfee00000ul, 4096, FERRITE_CACHE_UC);
	U_CHECK(m > 0 && ferrite_mprotect((void *)m, 4096, PR | PX) == -FERRITE_EACCES);
	if (m > 0)
		ferrite_munmap((void *)m, 4096);
	m = ferrite_dma_alloc(4096, &phys);
	U_CHECK(m > 0 && ferrite_mprotect((void *)m, 4096, PR | PX) == -FERRITE_EACCES);
	U_CHECK(ferrite_mprotect((void *)m, 4096, PR) == 0);
	if (m > 0)
		ferrite_munmap((void *)m, 4096);
}

/* /dev/kmsg: lseek says where it went; a flood of empty lines from anyone stops short. */
static void check_log(void)
{
	int fd = open_path("/dev/kmsg", RDWR | FERRITE_O_NONBLOCK);
	static char flood[4096];
	long end, start, pid;
	U_CHECK(fd >= 0);
	end = ferrite_lseek(fd, 0, FERRITE_SEEK_END);
	start = ferrite_lseek(fd, 0, FERRITE_SEEK_SET);
	U_CHECK(end > 0 && start >= 0 && start < end); /* the boot's lines are there */
	for (unsigned i = 0; i < sizeof(flood); i++)
		flood[i] = '\n';
	pid = ferrite_fork();
	if (pid == 0) {
		ferrite_setuid(1000);
		ferrite_exit(ferrite_write(fd, flood, sizeof(flood)) == 64 ? 0 : 1);
	}
	U_CHECK(pid > 0 && wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
	ferrite_close(fd);
}

static unsigned long now_ns(int clock)
{
	struct ferrite_timespec t;
	ferrite_clock_gettime(clock, &t);
	return (unsigned long)t.tv_sec * 1000000000ul + (unsigned long)t.tv_nsec;
}

static long set_deadline(int fd, unsigned long ns)
{
	struct ferrite_timespec dl = { (long)(ns / 1000000000ul), (long)(ns % 1000000000ul) };
	return ferrite_write(fd, &dl, sizeof(dl));
}

/* A deadline whose nanoseconds would not fit in 64 bits is refused; a reader waiting for a
 * far deadline sees a nearer one written meanwhile (by another process sharing the
 * description) and returns then, not at the old one. */
static void check_time(void)
{
	int t = open_path("/dev/time/monotonic", RDWR);
	struct ferrite_timespec ts = { 100l * 365 * 86400 * 1000, 0 }, got;
	unsigned long start;
	long pid;
	U_CHECK(t >= 0);
	U_CHECK(ferrite_write(t, &ts, sizeof(ts)) == -FERRITE_EINVAL); /* 3e12 s: would wrap */
	ts.tv_sec = 584l * 366 * 86400;
	U_CHECK(ferrite_write(t, &ts, sizeof(ts)) == -FERRITE_EINVAL);
	start = now_ns(FERRITE_CLOCK_MONOTONIC);
	U_CHECK(set_deadline(t, start + 30000000000ul) == 16); /* 30 s away */
	pid = ferrite_fork();
	if (pid == 0) {
		u_sleep_ms(300);
		set_deadline(t, now_ns(FERRITE_CLOCK_MONOTONIC) + 200000000ul);
		ferrite_exit(0);
	}
	U_CHECK(ferrite_read(t, &got, sizeof(got)) == sizeof(got));
	U_CHECK(now_ns(FERRITE_CLOCK_MONOTONIC) - start < 15000000000ul); /* not the 30 s */
	U_CHECK(pid > 0 && wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
	ferrite_close(t);
}

int main(void)
{
	check_event_watch_follows_its_description();
	check_event_watch_ignores_a_new_pipe();
	check_kill_permissions();
	check_memory_rights();
	check_log();
	check_time();
	u_puts(u_failures ? "hardening: FAILED\n" : "hardening: all checks passed\n");
	return u_failures;
}
