/* utils/false.c: false, does nothing, unsuccessfully: false (exit status 1). */
#include "lib/util.h"

int main(int argc, char **argv)
{
	util_init(argc, argv, "false", "usage: false\nDoes nothing. Exit status: 1.\n");
	return 1;
}
