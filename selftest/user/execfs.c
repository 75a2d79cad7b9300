/* selftest/user/execfs.c: run by the kernel test path_exec_and_read_through_another_scheme,
 * which registers the scheme "ktestfs" (files read a hundred bytes at a time, through a kernel
 * buffer): mounts it, reads a file through it, runs a program from it (execve reads it whole),
 * and gets ENOEXEC for a file that is no ELF and EACCES for one without an execute bit. Exits
 * 0 when every check passed. */
#include "ulib.h"

#define AT FERRITE_AT_FDCWD

static char a[65536], b[65536];

static long slurp(const char *path, char *buf)
{
	long fd = ferrite_openat(AT, path, FERRITE_O_RDONLY, 0), n, total = 0;
	if (fd < 0)
		return fd;
	while ((n = ferrite_read((int)fd, buf + total, 4096)) > 0 && total < 60000)
		total += n;
	ferrite_close((int)fd);
	return n < 0 ? n : total;
}

int main(void)
{
	char *argv[] = { "from-ktestfs", 0 };
	struct ferrite_stat st;
	long na, nb, pid;
	int status = -1, same = 1;
	U_CHECK(ferrite_ns_mount("/ktest", "ktestfs") == 0);
	U_CHECK(ferrite_fstatat(AT, "/ktest/prog", &st, 0) == 0 && (st.st_mode & 0777) == 0755);
	na = slurp("/ktest/prog", a);
	nb = slurp("/selftest/hello", b);
	U_CHECK(na > 1000 && na == nb && na == st.st_size);
	for (long i = 0; i < na && i < nb; i++)
		same &= a[i] == b[i];
	U_CHECK(same);
	U_CHECK(ferrite_openat(AT, "/ktest/missing", 0, 0) == -FERRITE_ENOENT);
	U_CHECK(ferrite_execve("/ktest/junk", argv, 0) == -FERRITE_ENOEXEC);
	U_CHECK(ferrite_execve("/ktest/noexec", argv, 0) == -FERRITE_EACCES);
	U_CHECK(ferrite_execve("/ktest", argv, 0) == -FERRITE_EACCES);
	pid = ferrite_fork();
	if (pid == 0) {
		ferrite_chdir("/ktest");
		ferrite_execve("prog", argv, 0);
		ferrite_exit(99);
	}
	U_CHECK(ferrite_waitpid((int)pid, &status, 0) == pid && status == FERRITE_WSTATUS_EXIT(7));
	if (u_failures == 0)
		u_puts("execfs: all checks passed\n");
	return u_failures ? 1 : 0;
}
