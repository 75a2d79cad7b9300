/* utils/kill.c: kill, sends a signal: kill [-s NAME | -NAME | -NUMBER] PID... (a negative PID
 * is a process group), kill -l lists the signal names. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct { const char *name; int sig; } kill_sigs[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "ILL", SIGILL },
	{ "TRAP", SIGTRAP }, { "ABRT", SIGABRT }, { "BUS", SIGBUS }, { "FPE", SIGFPE },
	{ "KILL", SIGKILL }, { "USR1", SIGUSR1 }, { "SEGV", SIGSEGV }, { "USR2", SIGUSR2 },
	{ "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM }, { "CHLD", SIGCHLD },
	{ "CONT", SIGCONT }, { "STOP", SIGSTOP }, { "TSTP", SIGTSTP }, { "TTIN", SIGTTIN },
	{ "TTOU", SIGTTOU }, { "URG", SIGURG }, { "WINCH", SIGWINCH },
};
#define KILL_NSIGS (sizeof(kill_sigs) / sizeof(kill_sigs[0]))

static int kill_usage(FILE *to, int status)
{
	fprintf(to, "usage: kill [-s NAME | -NAME | -NUMBER] PID...\n"
		"       kill -l\n"
		"Sends a signal (TERM unless named) to each PID; a negative PID is a process group.\n"
		"-l lists the signal names.\n");
	return status;
}

/* A signal by name (with or without SIG) or number; -1 if it is neither. */
static int kill_parse_sig(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (*s && !*end)
		return n >= 0 && n < 65 ? (int)n : -1;
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (size_t i = 0; i < KILL_NSIGS; i++)
		if (!strcasecmp(s, kill_sigs[i].name))
			return kill_sigs[i].sig;
	return -1;
}

int main(int argc, char **argv)
{
	int sig = SIGTERM, i = 1, status = 0;
	if (argc < 2)
		return kill_usage(stderr, 2);
	if (!strcmp(argv[1], "--help"))
		return kill_usage(stdout, 0);
	if (!strcmp(argv[1], "-l")) {
		for (size_t k = 0; k < KILL_NSIGS; k++)
			printf("%2d %s\n", kill_sigs[k].sig, kill_sigs[k].name);
		return 0;
	}
	if (!strcmp(argv[1], "-s") && argc > 2) {
		sig = kill_parse_sig(argv[2]);
		i = 3;
	} else if (argv[1][0] == '-' && argv[1][1] && (argv[1][1] < '0' || argv[1][1] > '9' || argc > 2)) {
		sig = kill_parse_sig(argv[1] + 1);
		i = 2;
	}
	if (sig < 0) {
		fprintf(stderr, "kill: unknown signal\n");
		return kill_usage(stderr, 2);
	}
	if (i >= argc)
		return kill_usage(stderr, 2);
	for (; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);
		if (!*argv[i] || *end) {
			fprintf(stderr, "kill: %s: not a process id\n", argv[i]);
			status = 1;
		} else if (kill((pid_t)pid, sig) < 0) {
			fprintf(stderr, "kill: %ld: %s\n", pid, strerror(errno));
			status = 1;
		}
	}
	return status;
}
