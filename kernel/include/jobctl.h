/* kernel/include/jobctl.h: job control (core/jobctl.c): stopping and continuing processes,
 * what the parent's waitpid and SIGCHLD learn of it, and orphaned process groups. Signals decide
 * (signal.c), the process layer keeps the fields (proc.h: stopped, jc_report, ...). */
#ifndef KERNEL_JOBCTL_H
#define KERNEL_JOBCTL_H

#include "types.h"

struct process;

#define JC_STOPPED   1
#define JC_CONTINUED 2

/* Is sig one whose default action stops the process? */
bool jobctl_is_stop(int sig);
/* Tree lock held, as sig is sent to p, before the ignore check: a SIGCONT continues p and
 * drops its pending stop signals; a stop signal drops a pending SIGCONT. */
void jobctl_on_send_locked(struct process *p, int sig);
/* signal_deliver took a stop signal with the default action. seq: p->cont_seq read before
 * it was taken (a SIGCONT sent since cancels the stop). SIGTSTP, SIGTTIN and SIGTTOU are
 * dropped in an orphaned process group. Waits while stopped; true if it stopped. */
bool jobctl_stop(struct process *p, int sig, uint32_t seq);
/* Waits while p is stopped (by this or another thread): every signal but SIGKILL is held back
 * meanwhile. True if it waited. */
bool jobctl_wait_stopped(struct process *p);
/* Tree lock held: the wait status to report for child c under waitpid's options, taken off
 * (a stop or a continue is reported once), or 0 if none. Zombies are not its business. */
int jobctl_report_locked(struct process *c, int options);
/* Tree lock held: c stopped, continued (stop_or_cont) or ended: its parent's waitpid looks
 * again, and the parent gets SIGCHLD (for a stop or continue, unless SA_NOCLDSTOP). */
void jobctl_notify_parent_locked(struct process *c, bool stop_or_cont);
/* Tree lock held, p has just become a zombie (no longer on the list): every process group its
 * end orphaned (its own, its children's) that holds a stopped process gets SIGHUP, then
 * SIGCONT (POSIX: no one is left to continue it). */
void jobctl_orphans_locked(struct process *p);
/* Tree lock held: is group pgid of session sid orphaned, no member having a living parent in
 * another group of the same session? */
bool jobctl_group_orphaned_locked(int pgid, int sid);

#endif
