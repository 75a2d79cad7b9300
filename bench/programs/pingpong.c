/* bench/programs/pingpong.c: two processes hand a turn back and forth through a shared page,
 * each calling sched_yield while it waits; one round trip is two hand-offs. This stands in for
 * a thread switch until Ferrite has user threads. It needs shared memory between processes:
 * where mmap(MAP_SHARED | MAP_ANONYMOUS) fails, it says so instead of measuring. */
#include "port.h"

#define ITERS 2000

/* The parent writes 1 (the child's turn), the child 0 (the parent's turn), 2 = stop. */
static void child_loop(volatile int *turn)
{
	for (;;) {
		while (*turn != 1) {
			if (*turn == 2)
				bp_exit(0);
			bp_yield();
		}
		*turn = 0;
	}
}

int main(void)
{
	long err = 0, pid;
	int code = -1;
	volatile int *turn = bp_shared_page(&err);
	if (!turn) {
		bp_not_measured("pingpong", "no memory shared between processes (mmap MAP_SHARED)", err);
		bp_done("pingpong");
		return 0;
	}
	*turn = 0;
	pid = bp_fork();
	if (pid < 0) {
		bp_not_measured("pingpong", "fork failed", pid);
		bp_done("pingpong");
		return 1;
	}
	if (pid == 0)
		child_loop(turn);
	for (int b = 0; b <= BP_BATCHES; b++) {
		uint64_t t0 = bp_now_ns(), t1;
		for (int i = 0; i < ITERS; i++) {
			*turn = 1;
			while (*turn != 0)
				bp_yield();
		}
		t1 = bp_now_ns();
		bp_report_batch("pingpong", b, ITERS, t1 - t0);
	}
	*turn = 2;
	bp_wait(pid, &code);
	bp_done("pingpong");
	return code == 0 ? 0 : 1;
}
