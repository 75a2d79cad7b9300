/* kernel/include/proc.h: processes: an address space, its threads (one, until clone), what
 * it holds of physical memory, and its exit status for the parent to collect. */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include "types.h"
#include "sched.h"
#include "syscall.h"
#include "vm.h"
#include "file.h"

#define PROC_STACK_TOP   0x00007ffffffff000ul
#define PROC_MAX_THREADS 256   /* per process: clone answers EAGAIN past it */
#define PROC_MAX_PROCS   4096  /* in all: fork and clone answer EAGAIN past it */
#define PROC_STACK_PAGES 256 /* 1 MiB, made page by page as it is touched */

enum proc_state { PROC_ALIVE, PROC_ZOMBIE };

struct process {
	int pid;
	int pgid, sid;               /* process group and session (job control) */
	int uid, euid, suid;         /* real, effective, saved */
	int gid, egid, sgid;
	char name[32];
	struct vm_space vm;
	struct fdtable fds;
	struct ns *ns;               /* its namespace (scheme.h) */
	struct file *cwd;            /* the current directory's description */
	unsigned umask;              /* mode bits openat (O_CREAT) and mkdirat clear */
	volatile unsigned caps;      /* FERRITE_CAP_* it holds: only ever fewer (caps.c) */
	uint8_t *iobitmap;           /* CAP_IOPORT: the ports granted (TSS I/O bitmap), or NULL */
	uint32_t iobitmap_len;       /* bytes of it that grant anything; the rest is 0xff */
	uint64_t iobitmap_gen;       /* changes with every grant (a CPU's copy is current if equal) */
	bool ioports_sealed;         /* ioport_seal: no more grants (fork keeps it) */
	volatile int vm_users;       /* other processes copying its memory (procmem.c) */
	bool vm_closing;             /* its space is being replaced or destroyed: no new users */
	volatile bool essential;     /* may use the commit reserve (essential.c); fork keeps it */
	volatile int ipc_inflight;   /* its requests to servers in flight (FERRITE_SCHEME_INFLIGHT) */
	struct waitq ipc_wq;         /* where a request waits for a free place among them */
	enum proc_state state;
	int wstatus;                 /* FERRITE_WSTATUS_* once a zombie */
	struct process *parent;      /* NULL: started by the kernel, or orphaned */
	struct list children;        /* its children, through their sibling links */
	struct list sibling;
	struct waitq child_wq;       /* where it waits for its children */
	volatile uint64_t child_events; /* children that ended, ever: waitpid's wake-up check */
	struct waitq exit_wq;        /* where the kernel waits for it (proc_wait) */
	bool kernel_waited;          /* proc_spawn'ed: the kernel collects it */
	struct thread *main;         /* the first thread (it may have ended: see threads) */
	struct list threads;         /* every living thread, through thread.proc_link */
	int nthreads;                /* living threads: the last one to leave takes it apart */
	bool exiting;                /* exit (or a fatal signal) was decided: threads leave */
	struct waitq vfork_wq;       /* a CLONE_VFORK parent waits here for exec or exit */
	volatile bool vfork_done;
	uint64_t entry, user_rsp;    /* where its first thread enters user mode */
	uint64_t brk_start, brk;     /* the heap: from the end of the program to the break */
	struct trap_frame fork_frame; /* a forked child's registers on its first return */
	uint64_t linux_calls;        /* Linux system calls it tried (answered ENOSYS) */
	volatile int released;       /* set by the exiting thread once it no longer touches it */
	volatile int refs;           /* proc_get references: it is not freed while any is held */
	struct list all_link;        /* on the list of every process (pid lookups) */
	struct ferrite_sigaction sigactions[FERRITE_NSIG - 1];
	/* job control (jobctl.c), under the tree lock */
	bool stopped;                /* a stop signal took it: its threads wait in the kernel */
	int stop_sig;                /* the signal that stopped it */
	int jc_report;               /* JC_STOPPED or JC_CONTINUED, not yet told to waitpid */
	volatile uint32_t cont_seq;  /* SIGCONTs sent to it: a stop decided before one is dropped */
	struct waitq stop_wq;        /* its stopped threads wait here */
	/* DMA holds (dmahold.c), under dma_hold_lock */
	struct dma_hold *dma_hold;   /* the pci server's hold on its DMA memory, or NULL */
	bool dma_ended;              /* it ended: no new hold */
};
_Static_assert(sizeof(struct process) <= 4096, "a process fits its page");

void proc_reap(struct process *p); /* frees an orphan with its last thread (thread.c) */
/* The living process with this pid, held until proc_put; NULL if none. */
struct process *proc_get(int pid);
void proc_put(struct process *p);
/* The smallest pid >= min of a living process, or -1 (listings: /proc). */
int proc_pid_from(int min);

/* exec.c: loads a static ELF image into vm and builds its stack. */
struct exec_result {
	uint64_t entry, sp, phdr, brk;
	uint16_t phnum;
};
int exec_load(struct vm_space *vm, const void *image, size_t size, const char *execfn,
	const char *const *argv, int argc, const char *const *envp, int envc, struct exec_result *r);

/* Starts the static ELF executable image (a copy is not kept) as a new process with argv[0]
 * = name. Returns it, or NULL and *err < 0 (-ENOEXEC, -ENOMEM). */
struct process *proc_spawn(const char *name, const void *image, size_t size, int *err);
/* Waits for p to end and returns its wait status; p is freed. */
int proc_wait(struct process *p);
/* Ends the current process with wstatus (never returns). */
void proc_exit(int wstatus);
struct process *proc_current(void);
/* A copy of the calling process whose first thread returns from fork with 0: its pid or < 0. */
int proc_fork(const struct trap_frame *f);
/* Waits for a child (pid > 0: that one; -1: any; 0: of the caller's group; < -1: of group
 * -pid) to end, or with WUNTRACED / WCONTINUED to stop or continue: its pid, 0 (WNOHANG and
 * nothing to report), -ECHILD. The status goes to *wstatus. */
int proc_waitpid(int pid, int *wstatus, int options);
/* clone: a new thread of the calling process (CLONE_VM) or a child process (like fork). */
long proc_clone(const struct trap_frame *f, unsigned long flags, uint64_t stack, int *ptid,
	int *ctid, uint64_t tls);
/* Ends the calling thread; the last thread of a process ends the process with wstatus. */
void proc_thread_exit(int wstatus);
/* Sends sig to the calling process's thread tid (-ESRCH if none), or to a thread of p that
 * does not block it (process-directed). */
int proc_signal_tid(int tid, int sig, int from_pid);
int proc_signal(struct process *p, int sig, int from_pid);
/* kill from the calling process (a kernel thread may signal anything), with POSIX's
 * permission rule (proc.c): to pid, 0, -ESRCH or -EPERM; with pid 0 or < -1, to every process
 * of group pgid it may signal: 0 if one was, -EPERM if none of its members could be, -ESRCH if
 * it has none. pid 1 is never sent a stop signal, nor SIGKILL but by root. */
int proc_signal_pid(int pid, int sig, int from_pid);
int proc_signal_group(int pgid, int sig, int from_pid);
/* The same two with the tree lock held. Ignored signals are dropped here, after job control
 * had its say (a SIGCONT continues even when ignored). */
int proc_signal_locked(struct process *p, int sig, int from_pid);
int proc_signal_group_locked(int pgid, int sig, int from_pid);
/* With the tree lock held: fn(p, arg) for every living process until it returns false. */
void proc_each_locked(bool (*fn)(struct process *p, void *arg), void *arg);
void proc_each_racy(bool (*fn)(struct process *p, void *arg), void *arg, bool (*ok)(const void *));
/* The tree lock, for the id calls (proc_ids.c), which read other processes' fields. */
uint64_t proc_tree_lock_take(void);
void proc_tree_lock_give(uint64_t flags);
/* The living process with this pid, with the tree lock held (no reference taken). */
struct process *proc_find_locked(int pid);
/* With the tree lock held: does a living process of group pgid exist (in session sid, if sid
 * is not negative)? */
bool proc_group_in_session(int pgid, int sid);
/* A fault in user mode ends the process with the signal's status and one log line. */
void proc_fault(int sig, uint64_t rip, uint64_t addr, const char *what);
int proc_total(void); /* process structures in use, zombies included */
uint64_t proc_enosys_total(void); /* Linux calls answered ENOSYS since boot */

/* dmahold.c: the process ends; its DMA objects freed from now on wait for its hold's release */
void dma_hold_proc_end(struct process *p);

/* essential.c: may the calling process (or kernel thread) take the commit reserve? */
bool proc_may_use_reserve(void);
/* caps.c: 0 if the calling process holds cap, else -EPERM. */
int cap_require(unsigned cap);
/* procmem.c: before its space is replaced (execve) or destroyed (exit), a process waits for
 * the copies other processes are making from or to it, and lets no new one start;
 * proc_vm_reopen lets them in again (execve, once the new space is in place). */
void proc_vm_close(struct process *p);
void proc_vm_reopen(struct process *p);
/* arch/x86_64/ioport.c: a fork's copy of the parent's granted ports (0 or -ENOMEM), and the
 * end of a process's grants (exit, or dropping CAP_IOPORT). */
int ioport_fork(struct process *child, struct process *parent);
void ioport_revoke(struct process *p);

/* initfs.c: the boot module holding the first programs, a ustar archive. */
void initfs_init(const void *image, size_t size);
/* The file's bytes, or NULL; *size gets its length. */
const void *initfs_find(const char *path, size_t *size);
void initfs_image_get(const void **image, size_t *size); /* the archive, or NULL */
/* Portable core: the same, in any archive. */
const void *ustar_find(const void *tar, size_t tar_size, const char *path, size_t *size);
/* One member of an archive as ustar_next reads it. */
struct ustar_member {
	char name[260];          /* "dir/file": no leading "./", no trailing '/' */
	char type;               /* '0' a file, '5' a directory, '2' a symbolic link, ... */
	unsigned mode;           /* the permission bits */
	const void *data;        /* in the archive */
	size_t size;
	char link[101];          /* a symbolic link's target */
};
/* The member at *off into m, *off moved past it; false at the end or at damage. */
bool ustar_next(const void *tar, size_t tar_size, size_t *off, struct ustar_member *m);

#endif
