/* kernel/core/proc_calls.c: the process system calls: exit, getpid, getppid, fork, execve,
 * waitpid (with job control's WUNTRACED and WCONTINUED). execve opens its program through the
 * namespace (path.c) like any open. */
#include "klib.h"
#include "errno.h"
#include "kheap.h"
#include "path.h"
#include "proc.h"
#include "syscall.h"
#include "vm.h"
#include "signal.h"

#define EXEC_MAX_ARGS 256
#define EXEC_MAX_BYTES 65536 /* all argument and environment strings together */
#define EXEC_MAX_IMAGE (256ul << 20) /* bytes of a program file */

void fpu_reset_current(void *area); /* arch/x86_64/context.c */

long sys_exit(int status)
{
	proc_exit(FERRITE_WSTATUS_EXIT(status));
	return 0;
}

long sys_exit_thread(int status)
{
	proc_thread_exit(FERRITE_WSTATUS_EXIT(status));
	return 0;
}

long sys_gettid(void)
{
	return thread_current()->id;
}

long sys_tkill(int tid, int sig)
{
	if (sig < 0 || sig >= FERRITE_NSIG || tid <= 0)
		return -EINVAL;
	return proc_signal_tid(tid, sig, proc_current()->pid); /* the calling process's threads */
}

long sys_clone(unsigned long flags, void *stack, int *ptid, int *ctid, unsigned long tls)
{
	return proc_clone(thread_current()->uframe, flags, (uint64_t)stack, ptid, ctid, tls);
}

long sys_getpid(void)
{
	return proc_current()->pid;
}

long sys_getppid(void)
{
	struct process *p = proc_current();
	uint64_t fl = proc_tree_lock_take(); /* the parent may be exiting meanwhile */
	long ppid = p->parent ? p->parent->pid : 0;
	proc_tree_lock_give(fl);
	return ppid;
}

long sys_fork(void)
{
	return proc_fork(thread_current()->uframe);
}

long sys_waitpid(int pid, int *status, int options)
{
	int st = 0, r;
	if (options & ~(FERRITE_WNOHANG | FERRITE_WUNTRACED | FERRITE_WCONTINUED))
		return -EINVAL;
	if (status && !user_range_ok((uint64_t)status, sizeof(int)))
		return -EFAULT;
	r = proc_waitpid(pid, &st, options);
	if (r > 0 && status && copy_to_user(status, &st, sizeof(st)))
		return -EFAULT;
	return r;
}

/* Copies a NULL-terminated user array of strings into one kernel block: the pointers to the
 * copies go to out[]; returns the count or an error. */
static int exec_copy_strings(char *const *uarr, const char **out, char *buf, size_t *used)
{
	struct process *p = proc_current();
	int n = 0;
	if (!uarr)
		return 0;
	for (;;) {
		uint64_t ptr;
		int64_t len;
		if (copy_from_user(&ptr, uarr + n, sizeof(ptr)))
			return -EFAULT;
		if (!ptr)
			return n;
		if (n == EXEC_MAX_ARGS)
			return -E2BIG;
		len = vm_copy_string_from_user(&p->vm, buf + *used, ptr, EXEC_MAX_BYTES - *used);
		if (len < 0)
			return len == -ERANGE ? -E2BIG : (int)len;
		out[n++] = buf + *used;
		*used += (size_t)len + 1;
	}
}

/* A program's bytes, read whole through its description into pages of VM_KMAP (a stack
 * allocation without its use as a stack: contiguous virtual memory of any size). */
struct exec_image {
	const void *data;
	size_t size;
	uint64_t top;    /* the pages read into, if any (vm_kstack_free) */
	unsigned pages;
};

static int exec_read_all(struct file *f, size_t size, struct exec_image *im)
{
	size_t done = 0;
	uint8_t *buf;
	if (size > EXEC_MAX_IMAGE)
		return -ENOMEM;
	if (!f->ops->read)
		return -EACCES;
	im->pages = (unsigned)((size + 4095) / 4096) + 1;
	im->top = vm_kstack_alloc(im->pages);
	if (!im->top)
		return -ENOMEM;
	buf = (uint8_t *)(im->top - (uint64_t)im->pages * 4096);
	while (done < size) {
		long r = f->ops->read(f, buf + done, size - done);
		if (r < 0)
			return (int)r;
		if (r == 0 || (size_t)r > size - done)
			break;
		done += (size_t)r;
	}
	im->data = buf;
	im->size = done;
	return 0;
}

/* Opens the program (links followed), checks it is an executable regular file, and finds
 * its bytes: the initfs's in place, anything else read whole. */
static int exec_open(struct process *p, const char *path, struct exec_image *im)
{
	struct ferrite_stat st;
	int err = 0;
	struct file *f = path_open(p, FERRITE_AT_FDCWD, path, FERRITE_O_RDONLY, 0, &err);
	memset(im, 0, sizeof(*im));
	if (!f)
		return err;
	err = (int)file_stat(f, &st);
	if (!err && ((st.st_mode & FERRITE_S_IFMT) != FERRITE_S_IFREG || !(st.st_mode & 0111)))
		err = -EACCES;
	if (!err && !(im->data = initfs_file_data(f, &im->size)))
		err = exec_read_all(f, (size_t)st.st_size, im);
	file_put(f);
	return err;
}

static void exec_image_free(struct exec_image *im)
{
	if (im->top)
		vm_kstack_free(im->top, im->pages);
}

long sys_execve(const char *path, char *const *argv, char *const *envp)
{
	struct process *p = proc_current();
	struct thread *t = thread_current();
	struct trap_frame *f = t->uframe;
	struct vm_space fresh;
	struct exec_result r;
	const char **args = kmalloc(2 * EXEC_MAX_ARGS * sizeof(char *));
	char *buf = kmalloc(EXEC_MAX_BYTES), *name = kmalloc(FERRITE_PATH_MAX);
	struct exec_image im;
	size_t used = 0;
	int argc, envc, err;
	if (!args || !buf || !name) {
		err = -ENOMEM;
		goto out;
	}
	if (p->nthreads > 1) {
		err = -EBUSY; /* the other threads would be left on freed page tables: not yet */
		goto out;
	}
	err = path_from_user(name, path);
	if (!err && !name[0])
		err = -ENOENT;
	if (err)
		goto out;
	argc = exec_copy_strings(argv, args, buf, &used);
	envc = argc < 0 ? 0 : exec_copy_strings(envp, args + EXEC_MAX_ARGS, buf, &used);
	if (argc < 0 || envc < 0) {
		err = argc < 0 ? argc : envc;
		goto out;
	}
	err = exec_open(p, name, &im);
	/* the new image goes into a new space: until it is complete, the old one is untouched and
	 * execve can still fail back to the caller */
	if (!err) {
		err = vm_space_create(&fresh);
		if (!err) {
			err = exec_load(&fresh, im.data, im.size, name, args, argc, args + EXEC_MAX_ARGS,
				envc, &r);
			if (err)
				vm_space_destroy(&fresh);
		}
	}
	exec_image_free(&im);
	if (err)
		goto out;
	{
		uint64_t fl;
		struct vm_space old;
		proc_vm_close(p); /* a process copying from this one finishes first (procmem.c) */
		fl = irq_save();
		old = p->vm;
		p->vm = fresh;
		vm_space_activate(&p->vm);
		irq_restore(fl);
		proc_vm_reopen(p);
		vm_space_destroy(&old);
	}
	ksnprintf(p->name, sizeof(p->name), "%s", name);
	p->brk_start = p->brk = r.brk;
	t->fs_base = 0;
	__asm__ volatile("wrmsr" : : "c"(0xc0000100u), "a"(0), "d"(0));
	fpu_reset_current(t->fpu);
	__asm__ volatile("" : : : "memory");
	memset(f, 0, sizeof(*f));
	f->rip = r.entry;
	f->rsp = r.sp;
	f->rflags = 0x202;
	f->vector = (uint64_t)-1;
	t->full_return = true;
	t->altstack_sp = t->altstack_size = 0;
	t->altstack_flags = FERRITE_SS_DISABLE;
	signal_exec_reset(p); /* handlers go; ignored signals stay ignored; the mask stays */
	fdtable_close_on_exec(&p->fds);
	t->clear_tid = NULL;
	p->vfork_done = true; /* a CLONE_VFORK parent goes on now */
	waitq_wake(&p->vfork_wq, -1);
	err = 0;
out:
	kfree(args);
	kfree(buf);
	kfree(name);
	return err;
}
