/* selftest/boot_tmp.h: for a test program booted as the first process (init=PATH), which
 * nothing else started servers for: boot_tmp_start starts the filesystem server on /tmp as
 * init's `tmp` service does on an ordinary boot (fsd -d detaches once it serves). 0 once /tmp
 * answers, -1 if it cannot. Included by libc/tests/run.c, servers/fs/tests/tmp_test.c and
 * utils/tests/run.c (musl programs). */
#ifndef SELFTEST_BOOT_TMP_H
#define SELFTEST_BOOT_TMP_H

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int boot_tmp_start(void)
{
	struct stat st;
	int status = 0;
	pid_t pid;
	if (stat("/tmp", &st) == 0)
		return 0;
	pid = fork();
	if (pid == 0) {
		execl("/bin/fsd", "fsd", "-d", "-n", "tmp", "-m", "1777", (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return -1;
	return stat("/tmp", &st);
}

#endif
