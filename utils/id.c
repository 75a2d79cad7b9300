/* utils/id.c: id, the user and groups: id [-G | -g | -u] [-nr] [USER]. Names come from
 * /etc/passwd and /etc/group when they exist. */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/util.h"

static const char id_help[] =
	"usage: id [-G | -g | -u] [-nr] [USER]\n"
	"Prints the user and group ids (of this process, or of USER from /etc/passwd).\n"
	"  -u  the user id only    -g  the group id only    -G  all the group ids\n"
	"  -n  names instead of numbers    -r  the real ids instead of the effective ones\n"
	"Exit status: 0, or 1 if USER is unknown.\n";

static void id_print(unsigned id, int group, int names, int paren)
{
	const char *name = NULL;
	if (group) {
		struct group *g = getgrgid((gid_t)id);
		name = g ? g->gr_name : NULL;
	} else {
		struct passwd *p = getpwuid((uid_t)id);
		name = p ? p->pw_name : NULL;
	}
	if (paren)
		printf(name ? "%u(%s)" : "%u", id, name);
	else if (names && name)
		fputs(name, stdout);
	else
		printf("%u", id);
}

int main(int argc, char **argv)
{
	int c, which = 0, names = 0, real = 0, ng;
	uid_t uid, euid;
	gid_t gid, egid, *groups;
	util_init(argc, argv, "id", id_help);
	while ((c = getopt(argc, argv, "+Ggunr")) != -1) {
		if (c == 'G' || c == 'g' || c == 'u') which = c;
		else if (c == 'n') names = 1;
		else if (c == 'r') real = 1;
		else return util_usage(1);
	}
	if (argc - optind > 1)
		return util_usage(1);
	if (optind < argc) {
		struct passwd *pw = getpwnam(argv[optind]);
		if (!pw) {
			util_msg("%s: no such user", argv[optind]);
			return 1;
		}
		uid = euid = pw->pw_uid;
		gid = egid = pw->pw_gid;
		groups = util_alloc(sizeof(gid_t));
		groups[0] = gid;
		ng = 1;
	} else {
		uid = getuid();
		euid = geteuid();
		gid = getgid();
		egid = getegid();
		ng = getgroups(0, NULL);
		groups = util_alloc(sizeof(gid_t) * (size_t)(ng > 0 ? ng : 1));
		ng = getgroups(ng, groups);
		if (ng < 0)
			ng = 0;
	}
	if (which == 'u')
		id_print(real ? uid : euid, 0, names, 0);
	else if (which == 'g')
		id_print(real ? gid : egid, 1, names, 0);
	else if (which == 'G') {
		id_print(egid, 1, names, 0);
		for (int i = 0; i < ng; i++)
			if (groups[i] != egid) {
				putchar(' ');
				id_print(groups[i], 1, names, 0);
			}
	} else {
		printf("uid=");
		id_print(uid, 0, 0, 1);
		printf(" gid=");
		id_print(gid, 1, 0, 1);
		if (euid != uid) {
			printf(" euid=");
			id_print(euid, 0, 0, 1);
		}
		if (egid != gid) {
			printf(" egid=");
			id_print(egid, 1, 0, 1);
		}
		if (ng > 0) {
			printf(" groups=");
			for (int i = 0; i < ng; i++) {
				if (i)
					putchar(',');
				id_print(groups[i], 1, 0, 1);
			}
		}
	}
	putchar('\n');
	free(groups);
	return fflush(stdout) ? 1 : 0;
}
