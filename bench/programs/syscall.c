/* bench/programs/syscall.c: the null system call (getpid): entry to the kernel and back, the
 * floor under every other figure. Prints one line per batch (see port.h). */
#include "port.h"

#define ITERS 20000

int main(void)
{
	long sum = 0;
	for (int b = 0; b <= BP_BATCHES; b++) {
		uint64_t t0 = bp_now_ns(), t1;
		for (int i = 0; i < ITERS; i++)
			sum += bp_getpid();
		t1 = bp_now_ns();
		bp_report_batch("syscall", b, ITERS, t1 - t0);
	}
	bp_done("syscall");
	return sum == 0 ? 1 : 0; /* uses sum, so the calls cannot be left out */
}
