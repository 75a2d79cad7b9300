/* kernel/core/klog_test.c: the kernel log ring (klog.c): kernel lines and process lines go in
 * with their stamps, reads give whole lines, a full ring drops its oldest lines whole (kernel
 * only). */
#include "ktest.h"
#include "errno.h"
#include "kheap.h"
#include "klog.h"

/* Reads everything from pos on into a fresh buffer (the caller frees it); its length to *n. */
static char *klog_test_slurp(uint64_t pos, size_t *n)
{
	size_t size = 70000, used = 0;
	char *buf = kmalloc(size + 1);
	long r;
	if (!buf)
		return NULL;
	while ((r = klog_read(&pos, buf + used, size - used)) > 0)
		used += (size_t)r;
	buf[used] = 0;
	*n = used;
	return buf;
}

KTEST(klog_holds_kernel_and_process_lines)
{
	uint64_t start = klog_newest(), pos;
	size_t n;
	char *all, small[8];
	kprintf("klog test: a kernel line %d\n", 1234);
	KEXPECT_EQ_U64(klog_write_line(42, "first\nsecond", 12), 12);
	all = klog_test_slurp(start, &n);
	KEXPECT(all != NULL);
	if (!all)
		return;
	KEXPECT(strstr(all, "] klog test: a kernel line 1234\n") != NULL);
	KEXPECT(strstr(all, "] pid 42: first\n") != NULL);
	KEXPECT(strstr(all, "] pid 42: second\n") != NULL); /* the missing '\n' added */
	KEXPECT(all[0] == '['); /* every line starts with its time */
	KEXPECT(n > 0 && all[n - 1] == '\n');
	kfree(all);
	pos = start;
	KEXPECT_EQ_U64(klog_read(&pos, small, sizeof(small)), (uint64_t)-EINVAL);
	KEXPECT_EQ_U64(pos, start); /* nothing taken */
}

KTEST(klog_full_ring_drops_whole_old_lines)
{
	uint64_t start = klog_newest(), pos;
	char line[100], *all;
	size_t n;
	memset(line, 'x', sizeof(line));
	for (int i = 0; i < 1000; i++) /* 100 KiB and more: past the 64 KiB ring */
		klog_write_line(7, line, sizeof(line));
	KEXPECT(klog_oldest() > start);
	pos = start; /* a reader that fell behind goes on from the oldest line kept */
	all = klog_test_slurp(pos, &n);
	KEXPECT(all != NULL);
	if (!all)
		return;
	KEXPECT(all[0] == '[');
	KEXPECT(n <= 65536 && n > 60000);
	KEXPECT(strstr(all, "pid 7: xxxx") != NULL);
	kfree(all);
}
