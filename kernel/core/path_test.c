/* kernel/core/path_test.c: the scheme registry (names held, given back, taken again), and a
 * scheme of the test's own that serves files through a kernel-buffer read in small pieces:
 * selftest/execfs mounts it, reads through it and runs a program from it (execve's path for
 * files that are not the initfs's), and gets ENOEXEC and EACCES where due (kernel only). */
#include "ktest.h"
#include "errno.h"
#include "path.h"
#include "proc.h"

int proc_test_run_program(const char *path, int *status, char **out); /* proc_test.c */

static int pt_released;

static void pt_release(struct scheme *s)
{
	(void)s;
	pt_released++;
}

static long pt_path_none(struct scheme *s, struct path_req *rq)
{
	(void)s;
	(void)rq;
	return -ENOENT;
}

static const struct scheme_ops pt_ops_none = { .path = pt_path_none, .release = pt_release };

KTEST(scheme_registry_names_and_restarts)
{
	static struct scheme a = { .name = "ktest-reg", .ops = &pt_ops_none };
	static struct scheme b = { .name = "ktest-reg", .ops = &pt_ops_none };
	static struct scheme bad = { .name = "", .ops = &pt_ops_none };
	struct scheme *f;
	pt_released = 0;
	KEXPECT_EQ_U64(scheme_register(&a), 0);
	KEXPECT_EQ_U64(scheme_register(&b), (uint64_t)-EEXIST); /* the name is held */
	KEXPECT_EQ_U64(scheme_register(&bad), (uint64_t)-EINVAL);
	f = scheme_find("ktest-reg");
	KEXPECT(f == &a);
	scheme_unregister(&a);               /* its server died */
	KEXPECT(a.dead && scheme_find("ktest-reg") == NULL);
	KEXPECT_EQ_U64(pt_released, 0);      /* f still holds it */
	scheme_put(f);
	KEXPECT_EQ_U64(pt_released, 1);
	KEXPECT_EQ_U64(scheme_register(&b), 0); /* a restarted server takes the name again */
	KEXPECT(scheme_find("ktest-reg") == &b);
	scheme_put(&b);
	scheme_unregister(&b);
	KEXPECT_EQ_U64(pt_released, 2);
	f = scheme_find("initfs");
	KEXPECT(f != NULL);
	if (f)
		scheme_put(f);
	f = scheme_find("proc");
	KEXPECT(f != NULL);
	if (f)
		scheme_put(f);
}

/* The files: "prog" (selftest/hello's bytes, 0755), "junk" (not ELF, 0755), "noexec"
 * (selftest/hello's bytes, 0644). A read gives at most 100 bytes. */
struct pt_file {
	const char *name;
	const uint8_t *data;
	size_t size;
	unsigned mode;
};

static struct pt_file pt_files[3];

static long pt_read(struct file *f, void *buf, size_t len)
{
	const struct pt_file *pf = &pt_files[f->handle - 1];
	uint64_t fl = spin_lock_irqsave(&f->lock);
	uint64_t off = f->offset;
	size_t n = off >= pf->size ? 0 : MIN(MIN(len, pf->size - off), 100);
	f->offset = off + n;
	spin_unlock_irqrestore(&f->lock, fl);
	memcpy(buf, pf->data + off, n);
	return (long)n;
}

static void pt_fill_stat(uint64_t h, struct ferrite_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = h + 1;
	st->st_mode = h ? FERRITE_S_IFREG | pt_files[h - 1].mode : FERRITE_S_IFDIR | 0755;
	st->st_size = h ? (long)pt_files[h - 1].size : 0;
}

static long pt_stat(struct file *f, struct ferrite_stat *st)
{
	pt_fill_stat(f->handle, st);
	return 0;
}

static const struct file_ops pt_file_ops = { .read = pt_read, .stat = pt_stat };

static long pt_path(struct scheme *s, struct path_req *rq)
{
	uint64_t h = 0;
	(void)s;
	if (rq->path[0]) {
		for (h = 0; h < ARRAY_SIZE(pt_files) && strcmp(pt_files[h].name, rq->path) != 0; h++)
			;
		if (h == ARRAY_SIZE(pt_files))
			return -ENOENT;
		h++;
	}
	if (rq->op == FERRITE_SOP_STAT) {
		pt_fill_stat(h, rq->out);
		return 0;
	}
	if (rq->op == FERRITE_SOP_OPEN) {
		struct file *f = file_new(&pt_file_ops, NULL, rq->flags);
		if (!f)
			return -ENOMEM;
		f->handle = h;
		rq->file = f;
		return 0;
	}
	return -EROFS;
}

static const struct scheme_ops pt_ops = { .path = pt_path };

KTEST(path_exec_and_read_through_another_scheme)
{
	static struct scheme fs = { .name = "ktestfs", .ops = &pt_ops };
	static const char junk[] = "#!/bin/sh\necho this is no ELF file\n";
	char *out;
	int st = -1;
	size_t size = 0;
	const uint8_t *hello = initfs_find("selftest/hello", &size);
	KEXPECT(hello != NULL && size > 1000);
	pt_files[0] = (struct pt_file){ "prog", hello, size, 0755 };
	pt_files[1] = (struct pt_file){ "junk", (const uint8_t *)junk, sizeof(junk) - 1, 0755 };
	pt_files[2] = (struct pt_file){ "noexec", hello, size, 0644 };
	KEXPECT_EQ_U64(scheme_register(&fs), 0);
	KEXPECT_EQ_U64(proc_test_run_program("selftest/execfs", &st, &out), 0);
	scheme_unregister(&fs);
	KEXPECT_EQ_U64(st, FERRITE_WSTATUS_EXIT(0));
	KEXPECT(strstr(out, "execfs: all checks passed") != NULL);
	KEXPECT(strstr(out, "hello from user space: from-ktestfs") != NULL);
}
