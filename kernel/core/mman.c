/* kernel/core/mman.c: the memory calls of user space: mmap (anonymous memory, private or shared,
 * and MAP_SHARED of a description that has memory behind it: shm), munmap, mprotect, brk, on the
 * VM regions of core/vm.c. */
#include "klib.h"
#include "errno.h"
#include "file.h"
#include "proc.h"
#include "syscall.h"
#include "vm.h"

#define MMAN_BASE 0x0000100000000000ul /* where mmap without an address looks for room */
#define MMAN_BRK_MAX (1ul << 30)       /* the heap may grow 1 GiB past the program */

static unsigned mman_prot(int prot)
{
	return (prot & FERRITE_PROT_READ ? VM_READ : 0) | (prot & FERRITE_PROT_WRITE ? VM_WRITE : 0) |
		(prot & FERRITE_PROT_EXEC ? VM_EXEC : 0);
}

static bool mman_range(uint64_t addr, uint64_t len)
{
	return (addr & 4095) == 0 && len && user_range_ok(addr, len) && addr >= 0x10000;
}

/* The object behind descriptor fd for a MAP_SHARED mapping of n bytes from offset, with a
 * reference, and what mprotect may give the mapping later (*maxprot: the access mode's
 * rights): 0, or -EBADF (none, or O_PATH), -EACCES (the description's access mode forbids
 * prot), -ENODEV (it cannot be mapped), -EOPNOTSUPP (MAP_PRIVATE of a file: no copy-on-write
 * of objects yet). */
static int mman_file_object(int fd, long offset, uint64_t n, int prot, int flags,
	struct vm_object **out, unsigned *maxprot)
{
	struct file *f = fd_get(&proc_current()->fds, fd);
	unsigned acc;
	int err = 0;
	if (!f)
		return -EBADF;
	acc = f->flags & FERRITE_O_ACCMODE;
	*maxprot = VM_READ | VM_EXEC | (acc == FERRITE_O_RDWR ? VM_WRITE : 0);
	if (f->flags & FERRITE_O_PATH)
		err = -EBADF; /* a path, not an open file: Linux's answer */
	else if (acc == FERRITE_O_WRONLY || ((prot & FERRITE_PROT_WRITE) &&
			(flags & FERRITE_MAP_SHARED) && acc != FERRITE_O_RDWR))
		err = -EACCES;
	else if (!f->ops->mmap)
		err = -ENODEV;
	else if (!(flags & FERRITE_MAP_SHARED))
		err = -EOPNOTSUPP;
	else if (!(*out = f->ops->mmap(f, (uint64_t)offset, n, prot, &err)) && !err)
		err = -ENODEV;
	if (!err && (prot & FERRITE_PROT_EXEC) && !vm_object_may_exec(*out)) {
		vm_object_unref(*out); /* device memory: refused before MAP_FIXED unmaps anything */
		*out = NULL;
		err = -EACCES;
	}
	file_put(f);
	return err;
}

long sys_mmap(void *addr, size_t len, int prot, int flags, int fd, long offset)
{
	struct process *p = proc_current();
	struct vm_object *o = NULL;
	uint64_t a = (uint64_t)addr, n = (len + 4095) & ~4095ul;
	unsigned maxprot = VM_READ | VM_WRITE | VM_EXEC;
	int err;
	if (len == 0 || n < len || (prot & ~7) || offset & 4095 || offset < 0)
		return -EINVAL;
	if (!!(flags & FERRITE_MAP_PRIVATE) == !!(flags & FERRITE_MAP_SHARED))
		return -EINVAL; /* exactly one of the two */
	if (flags & FERRITE_MAP_FIXED && !mman_range(a, n))
		return -EINVAL;
	if (!(flags & FERRITE_MAP_ANONYMOUS) &&
			(err = mman_file_object(fd, offset, n, prot, flags, &o, &maxprot)))
		return err;
	if (flags & FERRITE_MAP_FIXED) {
		err = vm_region_unmap(&p->vm, a, n); /* MAP_FIXED replaces what was there */
	} else {
		a = vm_region_find_gap(&p->vm, n, MMAN_BASE, PROC_STACK_TOP - (1ul << 32));
		err = a ? 0 : -ENOMEM;
	}
	if (!err && o) /* a description's memory (shm): its pages from offset on */
		err = vm_region_map_object_max(&p->vm, a, n, mman_prot(prot), maxprot, o,
			(uint64_t)offset / 4096);
	else if (!err && (flags & FERRITE_MAP_SHARED)) {
		/* anonymous shared memory: an object whose pages fork's children share with us */
		if (!(o = vm_object_create(n / 4096)))
			err = -ENOMEM;
		else
			err = vm_region_map_object(&p->vm, a, n, mman_prot(prot), o, 0);
	} else if (!err) {
		err = vm_region_map(&p->vm, a, n, mman_prot(prot));
	}
	if (o)
		vm_object_unref(o); /* the region holds it now, or nothing does */
	return err ? err : (long)a;
}

long mman_map_object(struct vm_object *o, uint64_t first, size_t len, unsigned prot)
{
	struct process *p = proc_current();
	uint64_t n = (len + 4095) & ~4095ul, a;
	int err;
	if (len == 0 || n < len)
		return -EINVAL;
	a = vm_region_find_gap(&p->vm, n, MMAN_BASE, PROC_STACK_TOP - (1ul << 32));
	if (!a)
		return -ENOMEM;
	err = vm_region_map_object(&p->vm, a, n, prot, o, first);
	return err ? err : (long)a;
}

long sys_munmap(void *addr, size_t len)
{
	uint64_t n = (len + 4095) & ~4095ul;
	if (!mman_range((uint64_t)addr, n) || n < len)
		return -EINVAL;
	return vm_region_unmap(&proc_current()->vm, (uint64_t)addr, n);
}

long sys_mprotect(void *addr, size_t len, int prot)
{
	uint64_t n = (len + 4095) & ~4095ul;
	if (!mman_range((uint64_t)addr, n) || n < len || (prot & ~7))
		return -EINVAL;
	return vm_region_protect(&proc_current()->vm, (uint64_t)addr, n, mman_prot(prot));
}

/* brk(0) tells the current break; a new break inside [start, start + 1 GiB) grows or shrinks
 * the heap region; anything else leaves it and returns the current break (as Linux does). */
long sys_brk(unsigned long addr)
{
	struct process *p = proc_current();
	uint64_t old_end = (p->brk + 4095) & ~4095ul, new_end = (addr + 4095) & ~4095ul;
	if (addr < p->brk_start || addr > p->brk_start + MMAN_BRK_MAX)
		return (long)p->brk;
	if (new_end > old_end) {
		if (vm_region_map(&p->vm, old_end, new_end - old_end, VM_READ | VM_WRITE))
			return (long)p->brk;
	} else if (new_end < old_end) {
		vm_region_unmap(&p->vm, new_end, old_end - new_end);
	}
	p->brk = addr;
	return (long)addr;
}
