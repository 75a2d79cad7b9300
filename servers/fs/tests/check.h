/* check.h: the smallest test harness. A test is a function; CHECK records a failure with its
 * place and goes on; the runner prints one line per test and `NAME: N passed, N failed`. */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>

extern int check_failed;

#define CHECK(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			printf("    %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
			check_failed = 1;                                        \
		}                                                                \
	} while (0)

#define CHECK_EQ(a, b)                                                           \
	do {                                                                     \
		long long ca_ = (long long)(a), cb_ = (long long)(b);            \
		if (ca_ != cb_) {                                                \
			printf("    %s:%d: %s == %lld, expected %s == %lld\n", __FILE__, __LINE__, \
			       #a, ca_, #b, cb_);                                \
			check_failed = 1;                                        \
		}                                                                \
	} while (0)

struct check_case {
	const char *name;
	void (*fn)(void);
};

#define CASE(f) { #f, f }

int check_run(const char *suite, const struct check_case *cases, int n, const char *only);

#endif
