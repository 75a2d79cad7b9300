/* kernel/core/proc.c: processes: loading a static ELF executable into a new address space,
 * the initial user stack musl expects (argc, argv, envp, auxv), running its first thread,
 * and ending: exit, faults, and the parent's wait. */
#include "klib.h"
#include "errno.h"
#include "krandom.h"
#include "panic.h"
#include "pmm.h"
#include "proc.h"
#include "syscall.h"
#include "../arch/x86_64/percpu.h"

#define PF_X 1
#define PF_W 2
#define PT_LOAD 1

struct proc_ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct proc_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

static volatile int proc_next_pid = 1;
static volatile uint64_t proc_enosys;

void user_enter(uint64_t rip, uint64_t rsp); /* syscall.S */

struct process *proc_current(void)
{
	struct thread *t = thread_current();
	return t ? t->proc : NULL;
}

uint64_t proc_enosys_total(void)
{
	return proc_enosys;
}

void proc_count_enosys(void)
{
	__asm__ volatile("lock incq %0" : "+m"(proc_enosys));
}

/* Copies bytes into the process's memory (its regions; pages are made as they are touched). */
static int proc_poke(struct process *p, uint64_t va, const void *src, size_t n)
{
	return vm_copy_to_user(&p->vm, va, src, n);
}

/* One PT_LOAD segment: a region with the segment's rights, writable while it is filled. A
 * first page that an earlier segment already covers (two segments sharing a page) stays in
 * that segment's region, with its rights. */
static int proc_load_segment(struct process *p, const uint8_t *img, const struct proc_phdr *ph)
{
	unsigned prot = VM_READ | (ph->flags & PF_W ? VM_WRITE : 0) | (ph->flags & PF_X ? VM_EXEC : 0);
	uint64_t start = ph->vaddr & ~4095ul, end = (ph->vaddr + ph->memsz + 4095) & ~4095ul;
	int err;
	uint64_t fl = spin_lock_irqsave(&p->vm.lock);
	bool shared = vm_region_find(&p->vm, start) != NULL;
	spin_unlock_irqrestore(&p->vm.lock, fl);
	if (shared)
		start += 4096;
	if (start < end) {
		err = vm_region_map(&p->vm, start, end - start, prot | VM_WRITE);
		if (err)
			return err;
	}
	if (proc_poke(p, ph->vaddr, img + ph->offset, ph->filesz))
		return -ENOEXEC;
	if (start < end && !(prot & VM_WRITE))
		return vm_region_protect(&p->vm, start, end - start, prot);
	return 0;
}

static int proc_load_elf(struct process *p, const uint8_t *img, size_t size)
{
	const struct proc_ehdr *eh = (const struct proc_ehdr *)img;
	if (size < sizeof(*eh) || memcmp(eh->ident, "\177ELF\2\1", 6) || eh->type != 2 ||
			eh->machine != 62 || eh->phentsize != sizeof(struct proc_phdr) ||
			eh->phoff > size || (uint64_t)eh->phnum * sizeof(struct proc_phdr) > size - eh->phoff)
		return -ENOEXEC;
	for (unsigned i = 0; i < eh->phnum; i++) {
		const struct proc_phdr *ph = (const struct proc_phdr *)(img + eh->phoff) + i;
		int err;
		if (ph->type != PT_LOAD || ph->memsz == 0)
			continue;
		if (ph->filesz > ph->memsz || ph->offset > size || ph->filesz > size - ph->offset ||
				ph->vaddr < 0x10000 || ph->memsz > VM_USER_END ||
				ph->vaddr > VM_USER_END - ph->memsz)
			return -ENOEXEC;
		err = proc_load_segment(p, img, ph);
		if (err)
			return err;
	}
	if (eh->entry < 0x10000 || eh->entry >= VM_USER_END)
		return -ENOEXEC;
	p->entry = eh->entry;
	return 0;
}

/* The stack a new program starts on, top down: its strings and AT_RANDOM's 16 bytes, then
 * (16-byte aligned) argc, argv[], NULL, envp[] (empty), NULL, auxv pairs. */
static int proc_build_stack(struct process *p, uint64_t phdr, uint16_t phnum, uint64_t entry)
{
	uint64_t sp = PROC_STACK_TOP, name_at, rnd_at, v[32];
	uint8_t rnd[16];
	size_t len = strlen(p->name) + 1;
	int n = 0, err;
	err = vm_region_map(&p->vm, PROC_STACK_TOP - PROC_STACK_PAGES * 4096, PROC_STACK_PAGES * 4096,
		VM_READ | VM_WRITE);
	if (err)
		return err;
	sp -= len;
	name_at = sp;
	proc_poke(p, name_at, p->name, len);
	random_get(rnd, sizeof(rnd));
	sp -= sizeof(rnd);
	rnd_at = sp;
	proc_poke(p, rnd_at, rnd, sizeof(rnd));
	v[n++] = 1;                 /* argc */
	v[n++] = name_at;           /* argv[0] */
	v[n++] = 0;
	v[n++] = 0;                 /* no environment yet */
#define AUX(k, val) (v[n++] = (k), v[n++] = (val))
	AUX(FERRITE_AT_PHDR, phdr);
	AUX(FERRITE_AT_PHENT, sizeof(struct proc_phdr));
	AUX(FERRITE_AT_PHNUM, phnum);
	AUX(FERRITE_AT_PAGESZ, 4096);
	AUX(FERRITE_AT_ENTRY, entry);
	AUX(FERRITE_AT_UID, 0);
	AUX(FERRITE_AT_EUID, 0);
	AUX(FERRITE_AT_GID, 0);
	AUX(FERRITE_AT_EGID, 0);
	AUX(FERRITE_AT_SECURE, 0);
	AUX(FERRITE_AT_HWCAP, 0);
	AUX(FERRITE_AT_RANDOM, rnd_at);
	AUX(FERRITE_AT_EXECFN, name_at);
	AUX(FERRITE_AT_NULL, 0);
#undef AUX
	sp = (sp - (uint64_t)n * 8) & ~15ul;
	p->user_rsp = sp;
	return proc_poke(p, sp, v, (size_t)n * 8);
}

/* The ELF's program headers, as loaded: the first PT_LOAD maps the file's start. */
static uint64_t proc_phdr_addr(const uint8_t *img)
{
	const struct proc_ehdr *eh = (const struct proc_ehdr *)img;
	for (unsigned i = 0; i < eh->phnum; i++) {
		const struct proc_phdr *ph = (const struct proc_phdr *)(img + eh->phoff) + i;
		if (ph->type == PT_LOAD && ph->offset == 0)
			return ph->vaddr + eh->phoff;
	}
	return 0;
}

static void proc_free_memory(struct process *p)
{
	vm_space_destroy(&p->vm); /* its regions, every page they own, its tables */
}

static void proc_first_thread(void *arg)
{
	struct process *p = arg;
	user_enter(p->entry, p->user_rsp);
}

struct process *proc_spawn(const char *name, const void *image, size_t size, int *err)
{
	uint64_t phys = pmm_alloc_page(PMM_ZERO);
	struct process *p;
	int pid = 1;
	if (!phys) {
		*err = -ENOMEM;
		return NULL;
	}
	p = (struct process *)(VM_DIRECT_MAP + phys);
	__asm__ volatile("lock xaddl %0, %1" : "+r"(pid), "+m"(proc_next_pid));
	p->pid = pid;
	ksnprintf(p->name, sizeof(p->name), "%s", name);
	waitq_init(&p->exit_wq);
	*err = vm_space_create(&p->vm);
	if (!*err)
		*err = proc_load_elf(p, image, size);
	if (!*err)
		*err = proc_build_stack(p, proc_phdr_addr(image), ((const struct proc_ehdr *)image)->phnum, p->entry);
	if (!*err) {
		p->main = thread_create_user(p, proc_first_thread, p);
		if (!p->main)
			*err = -ENOMEM;
	}
	if (*err) {
		if (p->vm.pml4)
			proc_free_memory(p);
		pmm_free_pages(phys, 0);
		return NULL;
	}
	return p;
}

void proc_exit(int wstatus)
{
	struct thread *t = thread_current();
	struct process *p = t->proc;
	uint64_t fl;
	if (!p)
		panic("proc_exit from a kernel thread");
	/* Leave the process's address space before taking it apart; this thread finishes as a
	 * kernel thread. Its threads never leave the CPU they started on, so no other CPU has
	 * this space loaded. */
	fl = irq_save();
	t->proc = NULL;
	t->fpu = NULL;
	vm_space_activate(&kernel_vm);
	irq_restore(fl);
	proc_free_memory(p);
	p->wstatus = wstatus;
	__asm__ volatile("" : : : "memory");
	p->state = PROC_ZOMBIE;
	waitq_wake(&p->exit_wq, -1);
	__asm__ volatile("" : : : "memory");
	p->released = 1; /* the last touch: the waiter may free p from here on */
	thread_exit();
}

int proc_wait(struct process *p)
{
	int st;
	while (p->state != PROC_ZOMBIE)
		waitq_wait_timeout(&p->exit_wq, 100000000ull);
	while (!p->released)
		sched_yield();
	st = p->wstatus;
	pmm_free_pages(virt_to_phys(p), 0);
	return st;
}

void proc_fault(int sig, uint64_t rip, uint64_t addr, const char *what)
{
	struct process *p = proc_current();
	kprintf("pid %d (%s): %s at address %#lx, rip %#lx: killed (signal %d)\n", p->pid, p->name,
		what, addr, rip, sig);
	proc_exit(FERRITE_WSTATUS_SIGNAL(sig));
}
