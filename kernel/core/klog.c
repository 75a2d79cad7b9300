/* kernel/core/klog.c: the kernel log, a 64 KiB ring of text lines that dmesg and the log
 * server read through /dev/kmsg (scheme_log.c). Every line the kernel prints goes in (console.c
 * hands it each piece of output), and so does every line a process writes there, marked with
 * its pid; each line starts with the monotonic time. When the ring is full the oldest whole
 * lines go. Positions are counts of bytes ever written, so a reader that fell behind notices
 * (its position is older than the oldest line) and goes on from the oldest line left.
 * klog_lock is a leaf; console output only tries it, so a panic while it is held still prints.
 * Kernel output can come from anywhere, under any lock: it wakes readers only when interrupts
 * were on (then this CPU holds no spin lock: they are all held with interrupts off); a reader
 * also looks again every KLOG_RECHECK_NS, so a line printed under a lock waits that long. */
#include "klib.h"
#include "errno.h"
#include "klog.h"
#include "ktime.h"
#include "file.h"
#include "sched.h"
#include "signal.h"
#include "spinlock.h"

#define KLOG_SIZE 65536ul
#define KLOG_RECHECK_NS 200000000ull
#define KLOG_LINE_MAX 1024    /* a process's line longer than this goes in as several */
#define KLOG_WRITE_LINES 64   /* lines one write adds at most: it stops short after them */

static char klog_buf[KLOG_SIZE];
static uint64_t klog_head;     /* bytes ever written */
static uint64_t klog_tail;     /* the oldest byte kept: always a line's start */
static uint64_t klog_complete; /* just after the last '\n': what readers may have */
static struct spinlock klog_lock = SPINLOCK_INIT("klog");
static struct waitq klog_wq = WAITQ_INIT(klog_wq);
static volatile uint64_t klog_lines; /* lines completed, ever: the readers' wake-up check */
static struct poll_head klog_poll = POLL_HEAD_INIT(klog_poll);

struct poll_head *klog_poll_head(void)
{
	return &klog_poll;
}

/* One byte in, with klog_lock held: the oldest line goes whole if there is no room. */
static void klog_put(char c)
{
	if (klog_head - klog_tail == KLOG_SIZE) {
		while (klog_tail < klog_head && klog_buf[klog_tail % KLOG_SIZE] != '\n')
			klog_tail++;
		klog_tail++; /* past the '\n' too */
		if (klog_complete < klog_tail)
			klog_complete = klog_tail;
	}
	klog_buf[klog_head % KLOG_SIZE] = c;
	klog_head++;
	if (c == '\n') {
		klog_complete = klog_head;
		klog_lines++;
	}
}

/* Bytes in with klog_lock held; a line's first byte brings its time stamp. */
static void klog_put_text(const char *s, size_t n, const char *prefix)
{
	for (size_t i = 0; i < n; i++) {
		if (klog_head == klog_complete) { /* the start of a line */
			char stamp[48];
			uint64_t ns = time_monotonic_ns();
			int k = ksnprintf(stamp, sizeof(stamp), "[%5lu.%06lu] %s", ns / 1000000000ull,
				ns / 1000 % 1000000, prefix ? prefix : "");
			for (int j = 0; j < k && j < (int)sizeof(stamp) - 1; j++)
				klog_put(stamp[j]);
		}
		klog_put(s[i]);
	}
}

static void klog_wake(void)
{
	waitq_wake(&klog_wq, -1);
	poll_head_wake(&klog_poll);
}

void klog_console(const char *s, size_t n)
{
	uint64_t fl = irq_save(), lines;
	if (!spin_trylock(&klog_lock)) { /* a panic inside the log, or a nested print: skip it */
		irq_restore(fl);
		return;
	}
	lines = klog_lines;
	klog_put_text(s, n, NULL);
	spin_unlock(&klog_lock);
	irq_restore(fl);
	if (lines != klog_lines && (fl & 0x200))
		klog_wake();
}

/* One line of a process's text in, under the lock (taken and given back for each line, so the
 * console on another CPU, which only tries it, loses little). */
static void klog_put_line(const char *s, size_t n, const char *prefix)
{
	uint64_t fl = spin_lock_irqsave(&klog_lock);
	if (klog_head != klog_complete)
		klog_put('\n'); /* a kernel line left open: ours starts on its own */
	klog_put_text(s, n, prefix);
	if (klog_head == klog_complete) /* an empty line still gets its stamp */
		klog_put_text(" ", 1, prefix);
	klog_put('\n');
	spin_unlock_irqrestore(&klog_lock, fl);
}

long klog_write_line(int pid, const char *s, size_t n)
{
	char prefix[24];
	size_t start = 0, i, lines = 0;
	ksnprintf(prefix, sizeof(prefix), "pid %d: ", pid);
	/* each line of the text is a line of the log (a longer one is cut every KLOG_LINE_MAX
	 * bytes), a missing last '\n' is added; after KLOG_WRITE_LINES lines the write stops
	 * short, so one call cannot fill the ring with empty lines */
	for (i = 0; i <= n && lines < KLOG_WRITE_LINES; i++)
		if (i == n || s[i] == '\n' || i - start == KLOG_LINE_MAX) {
			if (i == n && i == start)
				break; /* nothing after the last '\n' */
			klog_put_line(s + start, i - start, prefix);
			lines++;
			start = i < n && s[i] == '\n' ? i + 1 : i;
		}
	klog_wake();
	return (long)(start < n ? start : n);
}

uint64_t klog_oldest(void)
{
	uint64_t fl = spin_lock_irqsave(&klog_lock), t = klog_tail;
	spin_unlock_irqrestore(&klog_lock, fl);
	return t;
}

uint64_t klog_newest(void)
{
	uint64_t fl = spin_lock_irqsave(&klog_lock), t = klog_complete;
	spin_unlock_irqrestore(&klog_lock, fl);
	return t;
}

long klog_read(uint64_t *pos, char *buf, size_t len)
{
	uint64_t fl = spin_lock_irqsave(&klog_lock), p, end;
	size_t n = 0;
	if (*pos < klog_tail)
		*pos = klog_tail; /* overwritten while the reader slept: go on from the oldest */
	if (*pos > klog_complete)
		*pos = klog_complete;
	p = *pos;
	end = p; /* whole lines only: copy up to the last '\n' that fits */
	while (p < klog_complete && n < len) {
		char c = klog_buf[p % KLOG_SIZE];
		buf[n++] = c;
		p++;
		if (c == '\n')
			end = p;
	}
	n = (size_t)(end - *pos);
	*pos = end;
	if (n == 0 && *pos < klog_complete) {
		spin_unlock_irqrestore(&klog_lock, fl);
		return -EINVAL; /* the next line does not fit in len */
	}
	spin_unlock_irqrestore(&klog_lock, fl);
	return (long)n;
}

struct klog_wait {
	uint64_t pos;
};

/* Under klog_wq's lock: sleep while there is nothing past pos and no signal came. */
static bool klog_nothing_new(void *arg)
{
	struct klog_wait *w = arg;
	return klog_newest() <= w->pos && !signal_pending();
}

int klog_wait(uint64_t pos)
{
	struct klog_wait w = { pos };
	if (signal_pending())
		return -EINTR;
	waitq_wait_if(&klog_wq, KLOG_RECHECK_NS, klog_nothing_new, &w, 0);
	return signal_pending() ? -EINTR : 0;
}
