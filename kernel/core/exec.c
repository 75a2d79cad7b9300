/* kernel/core/exec.c: loading a static ELF executable into an address space and building the
 * stack musl expects: argc, argv, envp and the auxiliary vector. The file is input: every
 * offset and address in it is checked before use. Used by process creation and execve. */
#include "klib.h"
#include "errno.h"
#include "kheap.h"
#include "krandom.h"
#include "proc.h"
#include "vm.h"
#include "elf64.h"

/* One ELF_PT_LOAD segment: a region with the segment's rights, writable while it is filled. A
 * first page that an earlier segment already covers (two segments sharing a page) stays in
 * that segment's region, with its rights. */
static int exec_segment(struct vm_space *vm, const uint8_t *img, const struct elf64_phdr *ph)
{
	unsigned prot = VM_READ | (ph->flags & ELF_PF_W ? VM_WRITE : 0) | (ph->flags & ELF_PF_X ? VM_EXEC : 0);
	uint64_t start = ph->vaddr & ~4095ul, end = (ph->vaddr + ph->memsz + 4095) & ~4095ul, fl;
	bool shared;
	int err;
	fl = spin_lock_irqsave(&vm->lock);
	shared = vm_region_find(vm, start) != NULL;
	spin_unlock_irqrestore(&vm->lock, fl);
	if (shared)
		start += 4096;
	if (start < end) {
		err = vm_region_map(vm, start, end - start, prot | VM_WRITE);
		if (err)
			return err;
	}
	if (vm_copy_to_user(vm, ph->vaddr, img + ph->offset, ph->filesz))
		return -ENOEXEC;
	if (start < end && !(prot & VM_WRITE))
		return vm_region_protect(vm, start, end - start, prot);
	return 0;
}

static int exec_load_elf(struct vm_space *vm, const uint8_t *img, size_t size, struct exec_result *r)
{
	const struct elf64_ehdr *eh = (const struct elf64_ehdr *)img;
	if (size < sizeof(*eh) || memcmp(eh->ident, "\177ELF\2\1", 6) || eh->type != 2 ||
			eh->machine != 62 || eh->phentsize != sizeof(struct elf64_phdr) ||
			eh->phoff > size || (uint64_t)eh->phnum * sizeof(struct elf64_phdr) > size - eh->phoff ||
			eh->entry < 0x10000 || eh->entry >= VM_USER_END)
		return -ENOEXEC;
	r->entry = eh->entry;
	r->phnum = eh->phnum;
	for (unsigned i = 0; i < eh->phnum; i++) {
		const struct elf64_phdr *ph = (const struct elf64_phdr *)(img + eh->phoff) + i;
		int err;
		if (ph->type != ELF_PT_LOAD || ph->memsz == 0)
			continue;
		if (ph->filesz > ph->memsz || ph->offset > size || ph->filesz > size - ph->offset ||
				ph->vaddr < 0x10000 || ph->memsz > VM_USER_END ||
				ph->vaddr > VM_USER_END - ph->memsz)
			return -ENOEXEC;
		err = exec_segment(vm, img, ph);
		if (err)
			return err;
		if (ph->offset == 0) /* the headers are mapped: musl finds them through AT_PHDR */
			r->phdr = ph->vaddr + eh->phoff;
		if (ph->vaddr + ph->memsz > r->brk)
			r->brk = ph->vaddr + ph->memsz;
	}
	r->brk = (r->brk + 4095) & ~4095ul;
	return 0;
}

/* Puts a string block on the stack below *sp; its address, or 0 if it does not fit. */
static uint64_t exec_push(struct vm_space *vm, uint64_t *sp, uint64_t floor, const void *src, size_t n)
{
	if (*sp - floor < n + 4096) /* leave room for the vectors */
		return 0;
	*sp -= n;
	return vm_copy_to_user(vm, *sp, src, n) ? 0 : *sp;
}

/* Top down: the strings and AT_RANDOM's 16 bytes, then (16-byte aligned) argc, argv[], NULL,
 * envp[], NULL and the auxv pairs. */
static int exec_stack(struct vm_space *vm, const char *execfn, const char *const *argv, int argc,
	const char *const *envp, int envc, struct exec_result *r)
{
	uint64_t sp = PROC_STACK_TOP, floor = PROC_STACK_TOP - PROC_STACK_PAGES * 4096ul;
	uint64_t *v, fn_at, rnd_at, nv = (uint64_t)argc + (uint64_t)envc + 4 + 2 * 15;
	uint8_t rnd[16];
	int n = 0, err;
	err = vm_region_map(vm, floor, PROC_STACK_PAGES * 4096ul, VM_READ | VM_WRITE);
	if (err)
		return err;
	v = (uint64_t *)kmalloc(nv * 8);
	if (!v)
		return -ENOMEM;
	random_get(rnd, sizeof(rnd));
	fn_at = exec_push(vm, &sp, floor, execfn, strlen(execfn) + 1);
	rnd_at = exec_push(vm, &sp, floor, rnd, sizeof(rnd));
	v[n++] = (uint64_t)argc;
	for (int i = 0; i < argc; i++)
		v[n++] = exec_push(vm, &sp, floor, argv[i], strlen(argv[i]) + 1);
	v[n++] = 0;
	for (int i = 0; i < envc; i++)
		v[n++] = exec_push(vm, &sp, floor, envp[i], strlen(envp[i]) + 1);
	v[n++] = 0;
#define AUX(k, val) (v[n++] = (k), v[n++] = (val))
	AUX(FERRITE_AT_PHDR, r->phdr);
	AUX(FERRITE_AT_PHENT, sizeof(struct elf64_phdr));
	AUX(FERRITE_AT_PHNUM, r->phnum);
	AUX(FERRITE_AT_PAGESZ, 4096);
	AUX(FERRITE_AT_ENTRY, r->entry);
	AUX(FERRITE_AT_UID, 0);
	AUX(FERRITE_AT_EUID, 0);
	AUX(FERRITE_AT_GID, 0);
	AUX(FERRITE_AT_EGID, 0);
	AUX(FERRITE_AT_SECURE, 0);
	AUX(FERRITE_AT_HWCAP, 0);
	AUX(FERRITE_AT_RANDOM, rnd_at);
	AUX(FERRITE_AT_EXECFN, fn_at);
	AUX(FERRITE_AT_NULL, 0);
#undef AUX
	err = 0;
	for (int i = 0; i < n; i++)
		if (i > 0 && i <= argc + envc + 1 && v[i] == 0 && i != argc + 1)
			err = -E2BIG; /* a string did not fit */
	if (!fn_at || !rnd_at)
		err = -E2BIG;
	sp = (sp - (uint64_t)n * 8) & ~15ul;
	if (!err)
		err = vm_copy_to_user(vm, sp, v, (size_t)n * 8);
	kfree(v);
	r->sp = sp;
	return err;
}

int exec_load(struct vm_space *vm, const void *image, size_t size, const char *execfn,
	const char *const *argv, int argc, const char *const *envp, int envc, struct exec_result *r)
{
	int err;
	memset(r, 0, sizeof(*r));
	err = exec_load_elf(vm, image, size, r);
	if (!err)
		err = exec_stack(vm, execfn, argv, argc, envp, envc, r);
	return err;
}
