/* utils/true.c: true, does nothing, successfully: true (exit status 0). */
#include "lib/util.h"

int main(int argc, char **argv)
{
	util_init(argc, argv, "true", "usage: true\nDoes nothing. Exit status: 0.\n");
	return 0;
}
