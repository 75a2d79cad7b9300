/* kernel/core/proc_test.c: programs from the initfs run in user mode, make system calls, exit
 * with a status; a faulting program dies alone; processes leave no memory behind; the kernel
 * cannot touch user memory outside the user copies (SMAP) (kernel only). */
#include "ktest.h"
#include "pmm.h"
#include "proc.h"
#include "vm.h"
#include "ferrite/abi.h"
#include "../arch/x86_64/arch.h"

static char proc_test_out[65536];

/* Runs an initfs program to its end; its console output lands in proc_test_out. */
static int proc_test_run(const char *path, int *status)
{
	size_t size;
	const void *img = initfs_find(path, &size);
	struct process *p;
	int err;
	if (!img)
		return -2;
	console_capture(proc_test_out, sizeof(proc_test_out));
	p = proc_spawn(path, img, size, &err);
	if (p)
		*status = proc_wait(p);
	console_capture(NULL, 0);
	return p ? 0 : err;
}

/* The same for other tests' files: the output stays here until the next run. */
int proc_test_run_program(const char *path, int *status, char **out)
{
	*out = proc_test_out;
	return proc_test_run(path, status);
}

KTEST(proc_hello_runs_in_user_mode)
{
	int st = -1;
	KEXPECT_EQ_U64(proc_test_run("selftest/hello", &st), 0);
	KEXPECT_EQ_U64(st, FERRITE_WSTATUS_EXIT(7));
	KEXPECT(strstr(proc_test_out, "hello from user space: selftest/hello") != NULL);
}

KTEST(proc_syscalls_from_user_mode)
{
	int st = -1;
	KEXPECT_EQ_U64(proc_test_run("selftest/syscalls", &st), 0);
	KEXPECT_EQ_U64(st, FERRITE_WSTATUS_EXIT(0));
	KEXPECT(strstr(proc_test_out, "syscalls: all checks passed") != NULL);
	KEXPECT(strstr(proc_test_out, "Linux system call 1 is not Ferrite's") != NULL);
}

KTEST(proc_fault_kills_only_that_process)
{
	int st = -1;
	KEXPECT_EQ_U64(proc_test_run("selftest/crash", &st), 0);
	KEXPECT_EQ_U64(st, FERRITE_WSTATUS_SIGNAL(FERRITE_SIGSEGV));
	KEXPECT(strstr(proc_test_out, "page fault at address 0x10") != NULL);
	KEXPECT(strstr(proc_test_out, "still alive") == NULL);
}

/* No page lost: as many free after as before. A few more may be free after (the heap gives
 * back slab pages it held when "before" was taken), never fewer. */
uint64_t thread_cached_pages(void); /* core/thread.c */

/* Free pages, counting the kernel stack cache's as free: they wait for the next threads. */
static void proc_test_pages(struct pmm_stats *s)
{
	pmm_stats(s);
	s->free_pages += thread_cached_pages();
}

static bool proc_test_no_loss(const struct pmm_stats *before, struct pmm_stats *after)
{
	/* what the other CPU still frees (a process's last thread ending there, its stack freed
	 * once that CPU switches away) may come a little later under load: up to 2 s more */
	for (int i = 0; i < 100 && after->free_pages < before->free_pages; i++) {
		sched_sleep_ns(20000000);
		proc_test_pages(after);
	}
	if (after->free_pages >= before->free_pages && after->free_pages - before->free_pages <= 8)
		return true;
	kprintf("    free pages before %lu, after %lu\n", before->free_pages, after->free_pages);
	return false;
}

KTEST(proc_bad_images_are_refused)
{
	static uint8_t junk[256];
	int err = 0;
	memcpy(junk, "\177ELF\1\1\1", 7); /* 32-bit */
	KEXPECT(proc_spawn("junk", junk, sizeof(junk), &err) == NULL);
	KEXPECT(err < 0);
	KEXPECT(proc_spawn("short", junk, 10, &err) == NULL);
}

KTEST(proc_many_processes_leave_no_memory_behind)
{
	struct pmm_stats before, after;
	int st, bad = 0;
	proc_test_run("selftest/hello", &st); /* first use: anything lazily set up is set up */
	sched_sleep_ns(20000000); /* the last thread's stack is freed after its CPU switches away */
	proc_test_pages(&before);
	for (int i = 0; i < 1000; i++)
		if (proc_test_run("selftest/hello", &st) || st != FERRITE_WSTATUS_EXIT(7))
			bad++;
	sched_sleep_ns(20000000);
	proc_test_pages(&after);
	KEXPECT_EQ_U64(bad, 0);
	KEXPECT(proc_test_no_loss(&before, &after));
}

KTEST(proc_kernel_cannot_touch_user_memory)
{
	struct vm_space s;
	struct trap_frame tf;
	uint64_t page = pmm_alloc_page(PMM_ZERO), fl;
	KEXPECT_EQ_U64(vm_space_create(&s), 0);
	KEXPECT_EQ_U64(vm_map(&s, 0x400000, page, VM_USER | VM_WRITE), 0);
	fl = irq_save();
	vm_space_activate(&s);
	trap_expect(14, 2); /* movb (%rax), %al is two bytes */
	__asm__ volatile("movb (%%rax), %%al" : : "a"(0x400000ul) : "memory");
	vm_space_activate(&kernel_vm);
	irq_restore(fl);
	KEXPECT(trap_expected_seen(&tf));
	KEXPECT(tf.error & 1); /* the page is present: SMAP refused it, nothing else */
	vm_unmap(&s, 0x400000, NULL);
	vm_space_destroy(&s);
	pmm_free_pages(page, 0);
}

KTEST(proc_fork_exec_wait_memory_futex_from_user)
{
	int st = -1;
	struct pmm_stats before, after;
	/* a first run grows whatever grows on first use (a slab page of a size class the heap had
	 * no room left in: which one depends on everything allocated since boot), so that the
	 * second, measured run shows a leak and nothing else */
	KEXPECT_EQ_U64(proc_test_run("selftest/procs", &st), 0);
	KEXPECT_EQ_U64(st, FERRITE_WSTATUS_EXIT(0));
	sched_sleep_ns(20000000);
	proc_test_pages(&before);
	KEXPECT_EQ_U64(proc_test_run("selftest/procs", &st), 0);
	sched_sleep_ns(20000000);
	proc_test_pages(&after);
	KEXPECT_EQ_U64(st, FERRITE_WSTATUS_EXIT(0));
	KEXPECT(strstr(proc_test_out, "procs: all checks passed") != NULL);
	KEXPECT(strstr(proc_test_out, "hello from user space: hello-exec") != NULL);
	KEXPECT(proc_test_no_loss(&before, &after)); /* 28 processes, nothing left behind */
}

KTEST(proc_signals_from_user)
{
	int st = -1;
	KEXPECT_EQ_U64(proc_test_run("selftest/signals", &st), 0);
	KEXPECT_EQ_U64(st, FERRITE_WSTATUS_EXIT(0));
	KEXPECT(strstr(proc_test_out, "signals: all checks passed") != NULL);
}

KTEST(proc_threads_from_user)
{
	int st = -1;
	KEXPECT_EQ_U64(proc_test_run("selftest/threads", &st), 0);
	KEXPECT_EQ_U64(st, FERRITE_WSTATUS_EXIT(0));
	KEXPECT(strstr(proc_test_out, "threads: all checks passed") != NULL);
}

KTEST(proc_memory_hog_meets_the_limit_and_the_system_lives)
{
	int st = -1;
	struct pmm_stats before, after;
	sched_sleep_ns(20000000);
	proc_test_pages(&before);
	KEXPECT_EQ_U64(proc_test_run("selftest/hog", &st), 0);
	KEXPECT_EQ_U64(st, FERRITE_WSTATUS_EXIT(0));
	KEXPECT(strstr(proc_test_out, "touched all of it") != NULL);
	sched_sleep_ns(20000000);
	proc_test_pages(&after);
	KEXPECT(proc_test_no_loss(&before, &after));
	KEXPECT_EQ_U64(proc_test_run("selftest/hello", &st), 0); /* and life goes on */
	KEXPECT_EQ_U64(st, FERRITE_WSTATUS_EXIT(7));
}

/* The commit reserve: a process not marked essential meets the limit first, a marked one can
 * still fork and map (selftest/reserve); everything goes back when it ends. */
KTEST(proc_commit_reserve_for_essential_from_user)
{
	int st = -1;
	struct vm_commit_stats c0, c;
	vm_commit_stats(&c0);
	KEXPECT(c0.reserve >= 1024 && c0.reserve < c0.limit / 8);
	KEXPECT_EQ_U64(proc_test_run("selftest/reserve", &st), 0);
	KEXPECT_EQ_U64(st, FERRITE_WSTATUS_EXIT(0));
	KEXPECT(strstr(proc_test_out, "reserve: all checks passed") != NULL);
	sched_sleep_ns(20000000);
	vm_commit_stats(&c);
	KEXPECT_EQ_U64(c.committed, c0.committed);
}

KTEST(proc_descriptors_and_pipes_from_user)
{
	int st = -1;
	KEXPECT_EQ_U64(proc_test_run("selftest/files", &st), 0);
	KEXPECT_EQ_U64(st, FERRITE_WSTATUS_EXIT(0));
	KEXPECT(strstr(proc_test_out, "files: all checks passed") != NULL);
}

KTEST(proc_syscall_fuzzing_does_not_hurt_the_kernel)
{
	int st = -1;
	KEXPECT_EQ_U64(proc_test_run("selftest/fuzz", &st), 0);
	KEXPECT_EQ_U64(st, FERRITE_WSTATUS_EXIT(0));
	KEXPECT(strstr(proc_test_out, "fuzz: the kernel lived") != NULL);
	KEXPECT_EQ_U64(proc_test_run("selftest/hello", &st), 0); /* and it still runs programs */
	KEXPECT_EQ_U64(st, FERRITE_WSTATUS_EXIT(7));
}

KTEST(proc_job_control_from_user)
{
	int st = -1;
	KEXPECT_EQ_U64(proc_test_run("selftest/jobctl", &st), 0);
	KEXPECT_EQ_U64(st, FERRITE_WSTATUS_EXIT(0));
	KEXPECT(strstr(proc_test_out, "jobctl: all checks passed") != NULL);
}

KTEST(proc_paths_and_namespace_from_user)
{
	int st = -1;
	KEXPECT_EQ_U64(proc_test_run("selftest/paths", &st), 0);
	KEXPECT_EQ_U64(st, FERRITE_WSTATUS_EXIT(0));
	KEXPECT(strstr(proc_test_out, "paths: all checks passed") != NULL);
}

KTEST(proc_links_redirects_and_namespaces_from_user)
{
	int st = -1;
	KEXPECT_EQ_U64(proc_test_run("selftest/redirects", &st), 0);
	KEXPECT_EQ_U64(st, FERRITE_WSTATUS_EXIT(0));
	KEXPECT(strstr(proc_test_out, "redirects: all checks passed") != NULL);
}
