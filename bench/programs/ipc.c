/* bench/programs/ipc.c: the scheme IPC null round trip: a client reads 0 bytes from a
 * description served by a user-space server (a child process that registered a scheme), which
 * answers every request at once; one round trip is the client's call, the server's wake-up
 * with the packet, its reply and the client's wake-up with the answer. The server uses
 * scheme_serve (answer and wait for the next request in one call), the fast path's. The kernel's
 * counters (/proc/ipc) are read before and after and printed as an info line. Linux has no
 * schemes: its pipe round trip (bench/programs/pipe.c) is the comparison. */
#include "port.h"

#define ITERS 2000

#if defined(__ferrite__)
static unsigned char pkt_buf[FERRITE_PACKET_MAX];

static void server(void)
{
	struct ferrite_reply r = { 0, 0, 0, 0, 0, 0, 0 };
	int fd = (int)ferrite_scheme_register("benchipc", 0), have = 0;
	if (fd < 0)
		bp_exit(2);
	for (;;) {
		const struct ferrite_packet *p = (const void *)pkt_buf;
		long n = ferrite_scheme_serve(fd, have ? &r : 0, pkt_buf, sizeof(pkt_buf));
		if (n < 0)
			continue;
		r.id = p->id;
		r.result = 0;
		r.handle = p->op == FERRITE_SOP_OPEN ? 1 : 0;
		have = p->op != FERRITE_SOP_CLOSE;
	}
}

/* The counters line of /proc/ipc, copied into the info line as it is. */
static void counters(const char *when)
{
	char buf[512];
	int fd = (int)ferrite_openat(FERRITE_AT_FDCWD, "/proc/ipc", FERRITE_O_RDONLY, 0);
	long n = fd >= 0 ? ferrite_read(fd, buf, sizeof(buf) - 1) : -1;
	bp_add("bench ipc info: ");
	bp_add(when);
	bp_add(": ");
	if (n > 0) {
		for (long i = 0; i < n; i++)
			if (buf[i] == '\n')
				buf[i] = ' ';
		buf[n] = 0;
		bp_add(buf);
	} else {
		bp_add("no /proc/ipc");
	}
	bp_flush();
	if (fd >= 0)
		ferrite_close(fd);
}

int main(void)
{
	long pid = bp_fork();
	int fd = -1, code;
	char c;
	if (pid == 0)
		server();
	ferrite_ns_mount("/benchipc", "benchipc");
	for (int i = 0; i < 1000 && fd < 0; i++) {
		fd = (int)ferrite_openat(FERRITE_AT_FDCWD, "/benchipc/null", FERRITE_O_RDWR, 0);
		if (fd < 0)
			bp_yield();
	}
	if (fd < 0) {
		bp_not_measured("ipc", "the server did not answer", fd);
		bp_done("ipc");
		return 1;
	}
	counters("before");
	for (int b = 0; b <= BP_BATCHES; b++) {
		uint64_t t0 = bp_now_ns(), t1;
		for (int i = 0; i < ITERS; i++)
			ferrite_read(fd, &c, 0);
		t1 = bp_now_ns();
		bp_report_batch("ipc", b, ITERS, t1 - t0);
	}
	counters("after");
	ferrite_kill((int)pid, FERRITE_SIGKILL);
	bp_wait(pid, &code);
	bp_done("ipc");
	return 0;
}
#else
int main(void)
{
	bp_not_measured("ipc", "no schemes on Linux (the pipe round trip is the comparison)", 0);
	bp_done("ipc");
	return 0;
}
#endif
