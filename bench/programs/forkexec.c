/* bench/programs/forkexec.c: fork + execve + waitpid, the cost of starting a small static
 * program and collecting its status. Two children: /bench/true (no C library on either
 * system) and /bench/true-libc (a static C library start-up: Linux only until Ferrite has
 * musl). Prints one line per batch (see port.h). */
#include "port.h"

#define ITERS 200
/* A child whose execve failed exits with EXEC_FAILED + the error number. */
#define EXEC_FAILED 100

static char *const child_envp[] = { 0 };

/* One fork+exec+wait: the child's exit code (0 expected), or a negative error of fork/wait. */
static long one_run(const char *path)
{
	char *argv[2];
	int code = -1;
	long pid, err;
	argv[0] = (char *)path;
	argv[1] = 0;
	pid = bp_fork();
	if (pid == 0) {
		err = bp_execve(path, argv, child_envp); /* returns only if it failed */
		bp_exit(err < 0 && err > -100 ? EXEC_FAILED + (int)-err : EXEC_FAILED);
	}
	if (pid < 0)
		return pid;
	if (bp_wait(pid, &code) != pid)
		return -1000;
	return code;
}

static void failed(const char *name, const char *path, long r)
{
	bp_add("bench ");
	bp_add(name);
	bp_add(" not-measured: ");
	if (r >= EXEC_FAILED && r < EXEC_FAILED + 100) {
		bp_add("execve ");
		bp_add(path);
		bp_add(" failed with error ");
		bp_addi(EXEC_FAILED - r);
#ifdef __ferrite__
		bp_add(" (Ferrite has no C library yet)");
#endif
	} else if (r < 0) {
		bp_add("fork or waitpid failed with error ");
		bp_addi(r);
	} else {
		bp_add(path);
		bp_add(" exited with ");
		bp_addi(r);
	}
	bp_flush();
}

static int run(const char *name, const char *path)
{
	long r = one_run(path);
	if (r) {
		failed(name, path, r);
		return 1;
	}
	for (int b = 0; b <= BP_BATCHES; b++) {
		uint64_t t0 = bp_now_ns(), t1;
		for (int i = 0; i < ITERS; i++) {
			r = one_run(path);
			if (r) {
				failed(name, path, r); /* the batches so far stand; the rest is not run */
				return 1;
			}
		}
		t1 = bp_now_ns();
		bp_report_batch(name, b, ITERS, t1 - t0);
	}
	return 0;
}

int main(void)
{
	int bad = run("forkexec", "/bench/true");
	run("forkexec-libc", "/bench/true-libc"); /* absent on Ferrite: reported, not an error */
	bp_done("forkexec");
	return bad;
}
