/* utils/stat.c: stat, what the system knows of files: stat [-L] [-c FORMAT] FILE... The
 * default output follows GNU's layout; FORMAT takes GNU's common directives (%n %s %a %A %u
 * %g %U %G %h %i %d %t %T %F %b %B %x %y %z %X %Y %Z %N %o %f %%). */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "lib/util.h"

static const char stat_help[] =
	"usage: stat [-L] [-c FORMAT] FILE...\n"
	"Prints what the system knows of each FILE (a symbolic link itself unless -L).\n"
	"  -L         follow symbolic links\n"
	"  -c FORMAT  print FORMAT instead, with a newline; its directives:\n"
	"     %n name  %N quoted name (-> target)  %s size  %b blocks  %B block unit  %o I/O size\n"
	"     %a octal mode  %A mode as ls  %f raw mode (hex)  %F type  %h links  %i inode\n"
	"     %d device  %t %T major, minor (hex)  %u %g ids  %U %G names\n"
	"     %x %y %z access, modify, change times  %X %Y %Z as seconds  %% a percent sign\n"
	"Exit status: 0, or 1 if a file could not be examined.\n";

static const char *stat_type(mode_t m)
{
	if (S_ISREG(m)) return "regular file";
	if (S_ISDIR(m)) return "directory";
	if (S_ISLNK(m)) return "symbolic link";
	if (S_ISCHR(m)) return "character special file";
	if (S_ISBLK(m)) return "block special file";
	if (S_ISFIFO(m)) return "fifo";
	if (S_ISSOCK(m)) return "socket";
	return "unknown";
}

static void stat_mode(mode_t m, char *s)
{
	const char *rwx = "rwxrwxrwx";
	s[0] = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b'
		: S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '-';
	for (int i = 0; i < 9; i++)
		s[i + 1] = (m & (0400 >> i)) ? rwx[i] : '-';
	if (m & S_ISUID) s[3] = (m & 0100) ? 's' : 'S';
	if (m & S_ISGID) s[6] = (m & 0010) ? 's' : 'S';
	if (m & S_ISVTX) s[9] = (m & 0001) ? 't' : 'T';
	s[10] = 0;
}

static void stat_time(const struct timespec *ts)
{
	char buf[64], zone[16];
	time_t t = ts->tv_sec;
	struct tm *tm = localtime(&t);
	if (!tm) {
		printf("%lld", (long long)t);
		return;
	}
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", tm);
	strftime(zone, sizeof(zone), "%z", tm);
	printf("%s.%09ld %s", buf, ts->tv_nsec, zone);
}

static const char *stat_user(uid_t u)
{
	struct passwd *pw = getpwuid(u);
	return pw ? pw->pw_name : "UNKNOWN";
}

static const char *stat_group(gid_t g)
{
	struct group *gr = getgrgid(g);
	return gr ? gr->gr_name : "UNKNOWN";
}

static void stat_link_target(const char *path, const struct stat *st)
{
	char *t = util_alloc((size_t)st->st_size + 256);
	ssize_t n = readlink(path, t, (size_t)st->st_size + 255);
	if (n >= 0)
		printf(" -> '%.*s'", (int)n, t);
	free(t);
}

static void stat_directive(char d, const char *path, const struct stat *st)
{
	char mode[11];
	switch (d) {
	case 'n': fputs(path, stdout); break;
	case 'N':
		printf("'%s'", path);
		if (S_ISLNK(st->st_mode))
			stat_link_target(path, st);
		break;
	case 's': printf("%lld", (long long)st->st_size); break;
	case 'b': printf("%lld", (long long)st->st_blocks); break;
	case 'B': fputs("512", stdout); break;
	case 'o': printf("%ld", (long)st->st_blksize); break;
	case 'a': printf("%o", (unsigned)(st->st_mode & 07777)); break;
	case 'A': stat_mode(st->st_mode, mode); fputs(mode, stdout); break;
	case 'f': printf("%x", (unsigned)st->st_mode); break;
	case 'F': fputs(stat_type(st->st_mode), stdout); break;
	case 'h': printf("%lu", (unsigned long)st->st_nlink); break;
	case 'i': printf("%llu", (unsigned long long)st->st_ino); break;
	case 'd': printf("%llu", (unsigned long long)st->st_dev); break;
	case 't': printf("%x", major(st->st_rdev)); break;
	case 'T': printf("%x", minor(st->st_rdev)); break;
	case 'u': printf("%u", (unsigned)st->st_uid); break;
	case 'g': printf("%u", (unsigned)st->st_gid); break;
	case 'U': fputs(stat_user(st->st_uid), stdout); break;
	case 'G': fputs(stat_group(st->st_gid), stdout); break;
	case 'x': stat_time(&st->st_atim); break;
	case 'y': stat_time(&st->st_mtim); break;
	case 'z': stat_time(&st->st_ctim); break;
	case 'X': printf("%lld", (long long)st->st_atim.tv_sec); break;
	case 'Y': printf("%lld", (long long)st->st_mtim.tv_sec); break;
	case 'Z': printf("%lld", (long long)st->st_ctim.tv_sec); break;
	case '%': putchar('%'); break;
	default: putchar('%'); putchar(d); break;
	}
}

static void stat_format(const char *fmt, const char *path, const struct stat *st)
{
	for (; *fmt; fmt++) {
		if (*fmt == '%' && fmt[1])
			stat_directive(*++fmt, path, st);
		else if (*fmt == '\\' && fmt[1] == 'n')
			putchar('\n'), fmt++;
		else if (*fmt == '\\' && fmt[1] == 't')
			putchar('\t'), fmt++;
		else
			putchar(*fmt);
	}
	putchar('\n');
}

static void stat_default(const char *path, const struct stat *st)
{
	char mode[11];
	stat_mode(st->st_mode, mode);
	stat_format("  File: %N", path, st);
	printf("  Size: %-15lld Blocks: %-10lld IO Block: %-6ld %s\n", (long long)st->st_size,
		(long long)st->st_blocks, (long)st->st_blksize, stat_type(st->st_mode));
	printf("Device: %llxh/%llud\tInode: %-11llu Links: %lu\n", (unsigned long long)st->st_dev,
		(unsigned long long)st->st_dev, (unsigned long long)st->st_ino,
		(unsigned long)st->st_nlink);
	printf("Access: (%04o/%s)  Uid: (%5u/%8s)   Gid: (%5u/%8s)\n",
		(unsigned)(st->st_mode & 07777), mode, (unsigned)st->st_uid, stat_user(st->st_uid),
		(unsigned)st->st_gid, stat_group(st->st_gid));
	stat_format("Access: %x\nModify: %y\nChange: %z\n Birth: -", path, st);
}

int main(int argc, char **argv)
{
	int c, follow = 0, status = 0;
	const char *fmt = NULL;
	util_init(argc, argv, "stat", stat_help);
	while ((c = getopt(argc, argv, "+Lc:")) != -1) {
		if (c == 'L') follow = 1;
		else if (c == 'c') fmt = optarg;
		else return util_usage(1);
	}
	if (optind == argc)
		return util_usage(1);
	for (int i = optind; i < argc; i++) {
		struct stat st;
		if ((follow ? stat(argv[i], &st) : lstat(argv[i], &st)) < 0) {
			util_warn(argv[i]);
			status = 1;
			continue;
		}
		if (fmt)
			stat_format(fmt, argv[i], &st);
		else
			stat_default(argv[i], &st);
	}
	return fflush(stdout) ? 1 : status;
}
