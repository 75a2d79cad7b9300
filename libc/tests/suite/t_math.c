/* libc/tests/suite/t_math.c: the math library: values of the elementary functions, rounding,
 * classification, long double, conversions that must round-trip. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "lt.h"

static int math_near(double a, double b)
{
	return fabs(a - b) <= 1e-12 * (fabs(b) > 1 ? fabs(b) : 1);
}

static void math_functions(void)
{
	volatile double two = 2.0, zero = 0.0;
	LT_CHECK(math_near(sqrt(two), 1.4142135623730951));
	LT_CHECK(math_near(sin(1.0), 0.8414709848078965));
	LT_CHECK(math_near(cos(1.0), 0.5403023058681398));
	LT_CHECK(math_near(tan(0.5), 0.5463024898437905));
	LT_CHECK(math_near(atan2(1.0, 1.0), M_PI / 4));
	LT_CHECK(math_near(exp(1.0), M_E));
	LT_CHECK(math_near(log(10.0), M_LN10));
	LT_CHECK(math_near(pow(2.0, 0.5), M_SQRT2));
	LT_CHECK(pow(2.0, 10.0) == 1024.0);
	LT_CHECK(math_near(hypot(3.0, 4.0), 5.0));
	LT_CHECK(fabs(sqrtf(2.0f) - 1.4142135f) < 1e-6f);
	LT_CHECK(fabsl(sqrtl(2.0L) - 1.41421356237309504880L) < 1e-18L);
	LT_CHECK(fabsl(expl(1.0L) - 2.71828182845904523536L) < 1e-17L);
	LT_CHECK(isnan(sqrt(-two)) && isinf(1.0 / zero) && !isfinite(log(zero)));
	LT_CHECK(fpclassify(DBL_MIN / 2) == FP_SUBNORMAL);
}

static void math_rounding(void)
{
	LT_CHECK(floor(-2.5) == -3.0 && ceil(-2.5) == -2.0 && round(2.5) == 3.0 && trunc(-2.7) == -2.0);
	LT_EQ(lrint(2.5), 2); /* to even */
	LT_EQ(lrint(3.5), 4);
	LT_EQ(llround(-2.5), -3);
	LT_CHECK(fmod(7.5, 2.0) == 1.5 && remainder(7.0, 2.0) == -1.0);
	LT_CHECK(fabs(-3.0) == 3.0 && copysign(1.0, -0.0) == -1.0);
	LT_CHECK(ldexp(1.0, 10) == 1024.0 && frexp(8.0, &(int){0}) == 0.5);
	LT_CHECK(fmaxf(1.0f, 2.0f) == 2.0f && nextafter(1.0, 2.0) > 1.0);
}

static void math_roundtrip(void)
{
	double v[] = { 0.1, 1.0 / 3, 1e-300, 6.02214076e23, DBL_MAX, -DBL_MIN };
	char b[64];
	for (unsigned i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		snprintf(b, sizeof(b), "%.17g", v[i]);
		LT_CHECK(strtod(b, NULL) == v[i]);
	}
	LT_CHECK(strtold("1.5", NULL) == 1.5L);
}

const struct lt_test lt_math_tests[] = {
	{ "math_functions", math_functions },
	{ "math_rounding", math_rounding },
	{ "math_roundtrip", math_roundtrip },
	{ 0, 0 },
};
