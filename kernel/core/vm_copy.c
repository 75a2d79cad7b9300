/* kernel/core/vm_copy.c: copies between the kernel and user memory, and between two spaces
 * (see vm.h). Each page is found in the space's tables, faulted in when it is not there, and
 * pinned with a frame reference while it is copied through the direct map, so a concurrent
 * munmap cannot free it under the copy and no lock is held while bytes move. */
#include "klib.h"
#include "errno.h"
#include "pmm.h"
#include "vm.h"
#include "../arch/x86_64/cpu.h"

/* The frame behind user page va, usable for a write if write, with a reference taken: 0, or
 * -EFAULT / -ENOMEM. At most a few rounds: each fault makes the page. */
static int vm_user_frame(struct vm_space *s, uint64_t va, bool write, uint64_t *frame)
{
	for (int round = 0; round < 4; round++) {
		uint64_t irq = spin_lock_irqsave(&s->lock), *e = vm_pte_locked(s, va, false), pte;
		int err;
		pte = e ? *e : 0;
		if ((pte & PTE_P) && (pte & PTE_U) && (pte & PTE_OWNED) && (!write || (pte & PTE_W))) {
			*frame = pte & PTE_ADDR;
			pmm_page_ref(*frame);
			spin_unlock_irqrestore(&s->lock, irq);
			return 0;
		}
		spin_unlock_irqrestore(&s->lock, irq);
		if ((pte & PTE_P) && !(pte & PTE_OWNED))
			return -EFAULT; /* a device window: not copied through */
		err = vm_fault(s, va, write ? VM_WRITE : 0);
		if (err)
			return err;
	}
	return -EFAULT;
}

static bool vm_user_range(uint64_t va, size_t n)
{
	return va < VM_USER_END && n <= VM_USER_END - va;
}

/* The bytes of [va, va + n) that lie in va's page. */
static size_t vm_chunk(uint64_t va, size_t n)
{
	return MIN(n, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
}

int vm_copy_from_user(struct vm_space *s, void *dst, uint64_t usrc, size_t n)
{
	uint8_t *d = dst;
	if (!vm_user_range(usrc, n))
		return -EFAULT;
	while (n) {
		size_t k = vm_chunk(usrc, n);
		uint64_t f;
		int err = vm_user_frame(s, usrc & ~(PAGE_SIZE - 1), false, &f);
		if (err)
			return err;
		vm_mem_copy(d, (uint8_t *)phys_to_virt(f) + (usrc & (PAGE_SIZE - 1)), k);
		pmm_page_unref(f);
		d += k;
		usrc += k;
		n -= k;
	}
	return 0;
}

int vm_copy_to_user(struct vm_space *s, uint64_t udst, const void *src, size_t n)
{
	const uint8_t *p = src;
	if (!vm_user_range(udst, n))
		return -EFAULT;
	while (n) {
		size_t k = vm_chunk(udst, n);
		uint64_t f;
		int err = vm_user_frame(s, udst & ~(PAGE_SIZE - 1), true, &f);
		if (err)
			return err;
		vm_mem_copy((uint8_t *)phys_to_virt(f) + (udst & (PAGE_SIZE - 1)), p, k);
		pmm_page_unref(f);
		p += k;
		udst += k;
		n -= k;
	}
	return 0;
}

int vm_copy_between(struct vm_space *ds, uint64_t udst, struct vm_space *ss, uint64_t usrc, size_t n)
{
	if (!vm_user_range(udst, n) || !vm_user_range(usrc, n))
		return -EFAULT;
	while (n) {
		size_t k = MIN(vm_chunk(udst, n), vm_chunk(usrc, n));
		uint64_t sf, df;
		int err = vm_user_frame(ss, usrc & ~(PAGE_SIZE - 1), false, &sf);
		if (err)
			return err;
		/* one frame pinned while the other space's lock is taken: no lock is nested */
		err = vm_user_frame(ds, udst & ~(PAGE_SIZE - 1), true, &df);
		if (err) {
			pmm_page_unref(sf);
			return err;
		}
		if (sf == df) /* one frame: the two ranges may overlap */
			memmove((uint8_t *)phys_to_virt(df) + (udst & (PAGE_SIZE - 1)),
				(uint8_t *)phys_to_virt(sf) + (usrc & (PAGE_SIZE - 1)), k);
		else
			vm_mem_copy((uint8_t *)phys_to_virt(df) + (udst & (PAGE_SIZE - 1)),
				(uint8_t *)phys_to_virt(sf) + (usrc & (PAGE_SIZE - 1)), k);
		pmm_page_unref(sf);
		pmm_page_unref(df);
		udst += k;
		usrc += k;
		n -= k;
	}
	return 0;
}

int64_t vm_copy_string_from_user(struct vm_space *s, char *dst, uint64_t usrc, size_t max)
{
	size_t done = 0;
	while (done < max) {
		size_t k = MIN(vm_chunk(usrc + done, max - done), max - done);
		const char *from;
		uint64_t f;
		int err;
		if (!vm_user_range(usrc + done, k))
			return -EFAULT;
		err = vm_user_frame(s, (usrc + done) & ~(PAGE_SIZE - 1), false, &f);
		if (err)
			return err;
		from = (const char *)phys_to_virt(f) + ((usrc + done) & (PAGE_SIZE - 1));
		for (size_t i = 0; i < k; i++) {
			dst[done + i] = from[i];
			if (!from[i]) {
				pmm_page_unref(f);
				return (int64_t)(done + i);
			}
		}
		pmm_page_unref(f);
		done += k;
	}
	return -ERANGE;
}
