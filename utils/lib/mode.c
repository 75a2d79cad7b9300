/* utils/lib/mode.c: file modes as people write them (chmod, mkdir -m, install -m): octal, or
 * POSIX's symbolic clauses `[ugoa]*[-+=][rwxXst]*|[ugo]`, comma separated, several operations
 * per clause (u+r-w); a clause without who is masked by the umask, as POSIX says. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "util.h"

/* The permission bits a letter stands for, or the bits of who (u, g, o) copied from MODE. */
static mode_t mode_perm(const char **sp, mode_t mode, int isdir_or_x)
{
	mode_t perm = 0, src;
	const char *s = *sp;
	if (*s == 'u' || *s == 'g' || *s == 'o') {
		src = *s == 'u' ? (mode >> 6) & 7 : *s == 'g' ? (mode >> 3) & 7 : mode & 7;
		*sp = s + 1;
		return src * 0111;
	}
	for (; *s && strchr("rwxXst", *s); s++) {
		if (*s == 'r') perm |= 0444;
		else if (*s == 'w') perm |= 0222;
		else if (*s == 'x') perm |= 0111;
		else if (*s == 'X') perm |= isdir_or_x ? 0111 : 0;
		else if (*s == 's') perm |= 06000;
		else perm |= 01000;
	}
	*sp = s;
	return perm;
}

long util_mode(const char *s, mode_t mode, int isdir)
{
	char *end;
	mode_t mask;
	long octal = strtol(s, &end, 8);
	if (*s >= '0' && *s <= '7' && !*end)
		return octal & 07777;
	mask = umask(0);
	umask(mask);
	for (;;) {
		mode_t who = 0;
		for (; *s && strchr("ugoa", *s); s++)
			who |= *s == 'u' ? 04700 : *s == 'g' ? 02070 : *s == 'o' ? 01007 : 07777;
		if (*s != '+' && *s != '-' && *s != '=')
			return -1;
		while (*s == '+' || *s == '-' || *s == '=') {
			char op = *s++;
			int x = isdir || (mode & 0111);
			mode_t perm = mode_perm(&s, mode, x);
			mode_t affected = who ? who : (07777 & ~mask);
			if (op == '+')
				mode |= perm & affected;
			else if (op == '-')
				mode &= ~(perm & affected);
			else
				mode = (mode & ~(who ? who : 07777)) | (perm & affected);
		}
		if (*s == 0)
			return mode & 07777;
		if (*s++ != ',')
			return -1;
	}
}
