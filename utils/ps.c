/* utils/ps.c: ps, the processes running: ps [-o] [--help]. One line per process: its pid,
 * parent, process group, session, state (R running or ready, S waiting, T stopped), threads and
 * name, from the kernel's proc_info call (the processes in pid order). */
#include <stdio.h>
#include <string.h>
#include "ferrite/syscalls.h"

static int ps_usage(FILE *to, int status)
{
	fprintf(to, "usage: ps [--help]\n"
		"Lists every process: PID, PPID, PGID, SID, STATE (R running or ready, S waiting,\n"
		"T stopped), THREADS, CAPS (the capability bits it holds, in hex) and NAME.\n");
	return status;
}

int main(int argc, char **argv)
{
	struct ferrite_procinfo pi;
	long pid = 1;
	if (argc > 1)
		return ps_usage(strcmp(argv[1], "--help") ? stderr : stdout, strcmp(argv[1], "--help") ? 2 : 0);
	printf("%5s %5s %5s %5s %5s %3s %4s %s\n", "PID", "PPID", "PGID", "SID", "STATE", "THR",
		"CAPS", "NAME");
	while ((pid = ferrite_proc_info((int)pid, &pi)) > 0) {
		printf("%5d %5d %5d %5d %5c %3d %4x %s\n", pi.pid, pi.ppid, pi.pgid, pi.sid, pi.state,
			pi.nthreads, pi.caps, pi.name);
		pid = pi.pid + 1;
	}
	if (pid < 0) {
		fprintf(stderr, "ps: cannot list the processes (error %ld)\n", -pid);
		return 1;
	}
	return 0;
}
