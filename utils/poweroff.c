/* utils/poweroff.c: poweroff [--reboot]: asks init to stop every service in order and then
 * turn the machine off (SIGUSR1) or restart it (SIGUSR2). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static int poweroff_usage(FILE *to, int status)
{
	fprintf(to, "usage: poweroff [--reboot]\n"
		"Asks init (pid 1) to stop the services, then to power the machine off or, with\n"
		"--reboot, to restart it.\n");
	return status;
}

int main(int argc, char **argv)
{
	int sig = SIGUSR1;
	if (argc > 2)
		return poweroff_usage(stderr, 2);
	if (argc == 2 && !strcmp(argv[1], "--help"))
		return poweroff_usage(stdout, 0);
	if (argc == 2 && strcmp(argv[1], "--reboot"))
		return poweroff_usage(stderr, 2);
	if (argc == 2)
		sig = SIGUSR2;
	if (kill(1, sig) < 0) {
		fprintf(stderr, "poweroff: cannot reach init: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
