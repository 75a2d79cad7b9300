/* libc/tests/suite/t_misc.c: uname, getrandom and getentropy, sysconf, ids. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include "lt.h"

static void misc_uname(void)
{
	struct utsname u;
	LT_EQ(uname(&u), 0);
	LT_CHECK(u.sysname[0] && u.release[0] && u.version[0] && u.nodename[0]);
	LT_CHECK(!strcmp(u.machine, "x86_64"));
}

static void misc_random(void)
{
	unsigned char a[32], b[32], z[32] = { 0 };
	LT_EQ(getrandom(a, sizeof(a), 0), 32);
	LT_EQ(getrandom(b, sizeof(b), GRND_NONBLOCK), 32);
	LT_CHECK(memcmp(a, b, 32) != 0 && memcmp(a, z, 32) != 0);
	LT_EQ(getentropy(a, sizeof(a)), 0);
	LT_CHECK(memcmp(a, b, 32) != 0);
	LT_CHECK(getentropy(a, 300) == -1 && errno == EIO);
}

static void misc_sysconf_ids(void)
{
	LT_EQ(sysconf(_SC_PAGESIZE), 4096);
	LT_CHECK(sysconf(_SC_NPROCESSORS_ONLN) >= 1);
	LT_CHECK(sysconf(_SC_OPEN_MAX) >= 64);
	LT_CHECK(getuid() == geteuid() && getgid() == getegid());
	/* The ids this process inherited depend on who started it (a container's init has
	 * session 0), so a fresh session is made in a child and checked there. */
	pid_t pid = fork();
	LT_CHECK(pid >= 0);
	if (pid == 0) {
		int ok = setsid() == getpid() && getsid(0) == getpid() && getpgrp() == getpid()
			&& getsid(getpid()) == getpid();
		_exit(ok ? 0 : 1);
	}
	int st = 0;
	LT_EQ(waitpid(pid, &st, 0), pid);
	LT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	LT_CHECK(getsid(0) >= 0 && getpgrp() >= 0);
}

const struct lt_test lt_misc_tests[] = {
	{ "misc_uname", misc_uname },
	{ "misc_random", misc_random },
	{ "misc_sysconf_ids", misc_sysconf_ids },
	{ 0, 0 },
};
