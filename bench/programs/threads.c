/* bench/programs/threads.c: the thread switch: two threads of one process hand a turn back and
 * forth through one word, each sleeping on it with FUTEX_WAIT until the other wakes it; per
 * round trip (two hand-offs). Threads are pthreads on Linux and raw clone on Ferrite, which has
 * no C library yet; the futex calls are the same on both. Prints one line per batch. */
#include "port.h"

#define ITERS 2000

/* 0: the main thread's turn, 1: the other thread's, 2: stop. done: the other has stopped. */
static volatile int turn, done;

static int partner(void *arg)
{
	(void)arg;
	for (;;) {
		while (turn == 0)
			bp_futex_wait((int *)&turn, 0);
		if (turn == 2)
			break;
		turn = 0;
		bp_futex_wake((int *)&turn);
	}
	done = 1;
	bp_futex_wake((int *)&done);
	return 0;
}

int main(void)
{
	long err = bp_thread_start(partner, 0);
	if (err) {
		bp_not_measured("threads", "cannot start a thread", err);
		bp_done("threads");
		return 1;
	}
	for (int b = 0; b <= BP_BATCHES; b++) {
		uint64_t t0 = bp_now_ns(), t1;
		for (int i = 0; i < ITERS; i++) {
			turn = 1;
			bp_futex_wake((int *)&turn);
			while (turn == 1)
				bp_futex_wait((int *)&turn, 1);
		}
		t1 = bp_now_ns();
		bp_report_batch("threads", b, ITERS, t1 - t0);
	}
	turn = 2;
	bp_futex_wake((int *)&turn);
	while (!done)
		bp_futex_wait((int *)&done, 0);
	bp_done("threads");
	return 0;
}
