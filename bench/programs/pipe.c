/* bench/programs/pipe.c: pipe ping-pong: a parent and a child pass one byte back and forth
 * through two pipes, each blocked in read until the other writes; one round trip is a write
 * and a read on each side. The Linux guest's figure is the yardstick of the scheme IPC round
 * trip (bench/programs/ipc.c). */
#include "port.h"

#define ITERS 2000

int main(void)
{
	int to_child[2], to_parent[2], code = -1;
	long pid, err;
	char c = 'x';
	if ((err = bp_pipe(to_child)) < 0 || (err = bp_pipe(to_parent)) < 0) {
		bp_not_measured("pipe", "no pipe", err);
		bp_done("pipe");
		return 1;
	}
	pid = bp_fork();
	if (pid < 0) {
		bp_not_measured("pipe", "fork failed", pid);
		bp_done("pipe");
		return 1;
	}
	if (pid == 0) {
		bp_close(to_child[1]);
		bp_close(to_parent[0]);
		while (bp_read(to_child[0], &c, 1) == 1)
			bp_write_fd(to_parent[1], &c, 1);
		bp_exit(0); /* the parent closed its end */
	}
	bp_close(to_child[0]);
	bp_close(to_parent[1]);
	for (int b = 0; b <= BP_BATCHES; b++) {
		uint64_t t0 = bp_now_ns(), t1;
		for (int i = 0; i < ITERS; i++) {
			if (bp_write_fd(to_child[1], &c, 1) != 1 || bp_read(to_parent[0], &c, 1) != 1) {
				bp_not_measured("pipe", "a read or write failed", 0);
				bp_done("pipe");
				return 1;
			}
		}
		t1 = bp_now_ns();
		bp_report_batch("pipe", b, ITERS, t1 - t0);
	}
	bp_close(to_child[1]);
	bp_wait(pid, &code);
	bp_done("pipe");
	return code == 0 ? 0 : 1;
}
