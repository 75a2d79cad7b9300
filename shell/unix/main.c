/* main.c: the shell program for a POSIX system (the Linux host, and Ferrite through musl):
 * the portable core plus the line editor for interactive use. */
#include "../core/sh.h"
#include "../edit/edit.h"
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	static struct sh sh;
	sh_init(&sh, argc, argv, environ);
	sh_edit_attach(&sh);
	return sh_main(&sh, argc, argv);
}
