/* kernel/include/signal.h: POSIX signals (core/signal.c). Actions belong to the process,
 * the mask and the pending set to the thread. Signals are acted on when a thread is about to
 * return to user mode; a thread blocked in the kernel is interrupted (its call returns EINTR, or
 * restarts under SA_RESTART). */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include "types.h"
#include "ferrite/abi.h"

struct process;
struct thread;
struct trap_frame;

#define SIG_BIT(s) (1ul << ((s) - 1))

/* Makes sig pending for p (its main thread), waking it from an interruptible wait. from_pid
 * goes into si_pid. sig 0 only checks. 0, -EINVAL. */
int signal_send(struct process *p, int sig, int from_pid);
/* The same, to one thread (tkill). */
int signal_send_thread(struct thread *t, int sig, int from_pid);
/* A fault in user mode: the handler runs if there is one and the signal is not blocked;
 * otherwise the process ends with the signal's status. */
void signal_fault(int sig, int code, uint64_t addr, uint64_t trapno, uint64_t rip, const char *what);
/* Does the current thread have a signal to act on? (interruptible waits ask) */
bool signal_pending(void);
/* On the way back to user mode: acts on pending signals, building a handler's frame in the
 * saved registers. nr and ret: the system call just made and its result (nr = -1 after an
 * interrupt or exception), to restart it or not. */
void signal_deliver(struct trap_frame *tf, uint64_t nr, long ret);
/* Would sig be dropped by p (ignored, by action or by default)? */
bool signal_ignored_by(struct process *p, int sig);
/* execve: handlers go back to the default; ignored signals stay ignored. */
void signal_exec_reset(struct process *p);

#endif
