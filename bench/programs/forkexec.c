/* bench/programs/forkexec.c: fork + execve(/bench/true) + waitpid, the cost of starting a
 * small static program and collecting its status. Prints one line per batch (see port.h). */
#include "port.h"

#define ITERS 200

static char *const child_argv[] = { "true", 0 };
static char *const child_envp[] = { 0 };

/* One fork+exec+wait; 0 on success, else a negative error (or 1: bad exit status). */
static long one_run(void)
{
	int ok = 0;
	long pid = bp_fork();
	if (pid == 0) {
		bp_execve("/bench/true", child_argv, child_envp);
		bp_exit(127); /* only if execve failed */
	}
	if (pid < 0)
		return pid;
	if (bp_wait(pid, &ok) != pid)
		return -1;
	return ok ? 0 : 1;
}

int main(void)
{
	long err = one_run();
	if (err) {
		bp_not_measured("forkexec", err == 1 ? "/bench/true did not exit 0" :
			"fork, execve or waitpid failed", err);
		bp_done("forkexec");
		return 1;
	}
	for (int b = 0; b <= BP_BATCHES; b++) {
		uint64_t t0 = bp_now_ns(), t1;
		for (int i = 0; i < ITERS; i++) {
			err = one_run();
			if (err) {
				bp_not_measured("forkexec", "a run failed during the batch", err);
				bp_done("forkexec");
				return 1;
			}
		}
		t1 = bp_now_ns();
		bp_report_batch("forkexec", b, ITERS, t1 - t0);
	}
	bp_done("forkexec");
	return 0;
}
