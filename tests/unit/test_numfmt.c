/* test_numfmt.c - number formatting (numfmt.c): txf_fmt_num() equals
 * printf("%.*g") for every precision 1..17 on edge values and millions of
 * random ones (integral values below 2^53 as plain integers), whatever the
 * locale; the integer formatters equal printf("%llu"/"%lld"). */
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textfeat.h"
#include "helpers.h"

static double
from_bits(uint64_t u)
{
	double d;
	memcpy(&d, &u, sizeof d);
	return d;
}

static uint64_t
to_bits(double d)
{
	uint64_t u;
	memcpy(&u, &d, sizeof u);
	return u;
}

/* What txf_fmt_num must write: "%.*g", or "%lld" for integral values of
 * magnitude below 2^53. */
static void
reference(double v, int prec, char *out, size_t size)
{
	if (v > -9007199254740992.0 && v < 9007199254740992.0 &&
	    v == (double)(long long)v)
		snprintf(out, size, "%lld", (long long)v);
	else
		snprintf(out, size, "%.*g", prec, v);
}

static unsigned long mismatches;
static unsigned long compared;

/* Compare for every precision; report the first few differences. */
static void
check_all(double v)
{
	char want[64], got[TXF_NUM_MAX + 8];

	for (int prec = 1; prec <= 17; prec++) {
		memset(got, 'X', sizeof got);
		reference(v, prec, want, sizeof want);
		size_t n = txf_fmt_num(v, prec, got);
		compared++;
		if (n != strlen(want) || strcmp(got, want) != 0) {
			if (mismatches++ < 10)
				fprintf(stderr, "numfmt: %a (%.17g) prec %d: "
				    "got '%s' (%zu), want '%s'\n", v, v, prec,
				    got, n, want);
		}
	}
}

#define CHECK_NONE_DIFFER()                                                \
	ck_assert_msg(mismatches == 0, "%lu of %lu formattings differ from " \
	    "printf (first ones on stderr)", mismatches, compared)

static void
reset(uint64_t seed)
{
	rng_state = seed;
	mismatches = 0;
	compared = 0;
}

/* ------------------------------------------------------------------ */

START_TEST(test_u64_i64)
{
	char got[TXF_NUM_MAX], want[32];
	static const uint64_t u[] = { 0, 1, 9, 10, 11, 99, 100, 101, 999,
	    1000, 65535, 4294967295ull, 4294967296ull, 9999999999999999999ull,
	    10000000000000000000ull, 18446744073709551615ull };
	static const int64_t s[] = { 0, -1, 1, -9, -10, -99, -100,
	    9223372036854775807ll, -9223372036854775807ll - 1 };

	for (size_t k = 0; k < sizeof u / sizeof u[0]; k++) {
		snprintf(want, sizeof want, "%llu", (unsigned long long)u[k]);
		ck_assert_uint_eq(txf_fmt_u64(u[k], got), strlen(want));
		ck_assert_str_eq(got, want);
	}
	for (size_t k = 0; k < sizeof s / sizeof s[0]; k++) {
		snprintf(want, sizeof want, "%lld", (long long)s[k]);
		ck_assert_uint_eq(txf_fmt_i64(s[k], got), strlen(want));
		ck_assert_str_eq(got, want);
	}
	/* Each number of digits, at its ends. */
	for (uint64_t p10 = 1, k = 0; k < 20; k++, p10 *= 10)
		for (uint64_t d = 0; d < 3; d++) {
			uint64_t v = p10 - 1 + d;
			snprintf(want, sizeof want, "%llu",
			    (unsigned long long)v);
			ck_assert_uint_eq(txf_fmt_u64(v, got), strlen(want));
			ck_assert_str_eq(got, want);
		}
	rng_state = 1;
	for (int k = 0; k < 200000; k++) {
		uint64_t r = rng() >> (rng() % 64);
		snprintf(want, sizeof want, "%llu", (unsigned long long)r);
		ck_assert_uint_eq(txf_fmt_u64(r, got), strlen(want));
		ck_assert_str_eq(got, want);
		snprintf(want, sizeof want, "%lld", (long long)(int64_t)r);
		ck_assert_uint_eq(txf_fmt_i64((int64_t)r, got), strlen(want));
		ck_assert_str_eq(got, want);
	}
}
END_TEST

START_TEST(test_examples)
{
	char b[TXF_NUM_MAX];

	/* Integers as integers, whatever the precision. */
	txf_fmt_num(3, 9, b);
	ck_assert_str_eq(b, "3");
	txf_fmt_num(1234567890123.0, 9, b);
	ck_assert_str_eq(b, "1234567890123");
	txf_fmt_num(9007199254740991.0, 1, b);
	ck_assert_str_eq(b, "9007199254740991");
	txf_fmt_num(-1e15, 3, b);
	ck_assert_str_eq(b, "-1000000000000000");
	txf_fmt_num(-0.0, 9, b);
	ck_assert_str_eq(b, "0");
	/* 2^53 and above: "%g". */
	txf_fmt_num(9007199254740992.0, 9, b);
	ck_assert_str_eq(b, "9.00719925e+15");
	txf_fmt_num(1e300, 9, b);
	ck_assert_str_eq(b, "1e+300");
	/* Fractions. */
	txf_fmt_num(1.0 / 3, 9, b);
	ck_assert_str_eq(b, "0.333333333");
	txf_fmt_num(2.0 / 3, 3, b);
	ck_assert_str_eq(b, "0.667");
	txf_fmt_num(0.75, 9, b);
	ck_assert_str_eq(b, "0.75");
	txf_fmt_num(1.6931471805599454, 9, b);
	ck_assert_str_eq(b, "1.69314718");
	txf_fmt_num(0.0001, 9, b);
	ck_assert_str_eq(b, "0.0001");
	txf_fmt_num(0.00001, 9, b);
	ck_assert_str_eq(b, "1e-05");
	txf_fmt_num(-1.5e-7, 9, b);
	ck_assert_str_eq(b, "-1.5e-07");
	/* Exact ties round to even. */
	txf_fmt_num(0.125, 2, b);
	ck_assert_str_eq(b, "0.12");
	txf_fmt_num(0.375, 2, b);
	ck_assert_str_eq(b, "0.38");
	txf_fmt_num(2.5e20, 1, b);
	ck_assert_str_eq(b, "2e+20");
	/* Rounding up into the next decade. */
	txf_fmt_num(9.9999999996, 9, b);
	ck_assert_str_eq(b, "10");
	txf_fmt_num(99999.99999, 9, b);
	ck_assert_str_eq(b, "100000");
	txf_fmt_num(0.99999999996, 9, b);
	ck_assert_str_eq(b, "1");
	txf_fmt_num(999999999.6, 9, b);
	ck_assert_str_eq(b, "1e+09");
	/* Precision clamped to 1..17. */
	txf_fmt_num(0.1, 0, b);
	ck_assert_str_eq(b, "0.1");
	txf_fmt_num(0.1, 40, b);
	ck_assert_str_eq(b, "0.10000000000000001");
	/* The longest outputs fit. */
	ck_assert_uint_eq(txf_fmt_num(-2.2250738585072014e-308, 17, b), 24);
	ck_assert_uint_eq(txf_fmt_num(-4.9406564584124654e-324, 17, b), 24);
}
END_TEST

START_TEST(test_nan_inf)
{
	char b[TXF_NUM_MAX], want[64];
	double qnan = from_bits(0x7ff8000000000000ull);
	double inf = from_bits(0x7ff0000000000000ull);
	double v[] = { qnan, -qnan, from_bits(0x7ff0000000000001ull), inf,
	    -inf };

	for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
		for (int prec = 1; prec <= 17; prec++) {
			snprintf(want, sizeof want, "%.*g", prec, v[k]);
			ck_assert_uint_eq(txf_fmt_num(v[k], prec, b),
			    strlen(want));
			ck_assert_str_eq(b, want);
		}
	}
	txf_fmt_num(qnan, 9, b);
	ck_assert_str_eq(b, "nan");
	txf_fmt_num(-qnan, 9, b);
	ck_assert_str_eq(b, "-nan");
	txf_fmt_num(-inf, 9, b);
	ck_assert_str_eq(b, "-inf");
}
END_TEST

/* Powers of ten from 1e-325 to 1e308 and their neighbours 1 and 2 ulps
 * away: the boundaries of every notation switch and of the fast path. */
START_TEST(test_powers_of_ten)
{
	char s[32];

	reset(0);
	for (int e = -325; e <= 308; e++) {
		snprintf(s, sizeof s, "1e%d", e);
		double p = strtod(s, NULL);
		uint64_t u = to_bits(p);
		for (int d = -2; d <= 2; d++) {
			if (u == 0 && d < 0)
				continue;
			double v = from_bits(u + (uint64_t)(int64_t)d);
			check_all(v);
			check_all(-v);
		}
		/* 9.99..95 e-like values that round up into the next decade. */
		for (int digits = 1; digits <= 17; digits++) {
			snprintf(s, sizeof s, "%.*fe%d", digits, 9.9999999999999999,
			    e - 1);
			check_all(strtod(s, NULL));
		}
	}
	CHECK_NONE_DIFFER();
}
END_TEST

/* Values whose decimal expansion ends in a 5 exactly at the rounding
 * digit (exact binary ties: odd multiples of 2^-j, and products with
 * powers of ten), and near-ties written as decimal strings. */
START_TEST(test_ties)
{
	char s[64];

	reset(2);
	for (int j = 1; j <= 60; j++) {
		for (int k = 0; k < 400; k++) {
			uint64_t m = (rng() >> (11 + rng() % 40)) | 1;
			double v = (double)m;
			for (int q = 0; q < j; q++)
				v *= 0.5;  /* exact */
			check_all(v);
			check_all(v * 1e10);
			check_all(v * 1e20);
			check_all(v / 1e10);
		}
	}
	/* m.5 x 10^e and m.5 +- a hair, for mantissas of every length. */
	for (int digits = 1; digits <= 17; digits++) {
		for (int e = -30; e <= 30; e++) {
			uint64_t p = 1;
			for (int q = 1; q < digits; q++)
				p *= 10;
			for (int k = 0; k < 20; k++) {
				snprintf(s, sizeof s, "%llu5e%d",
				    (unsigned long long)(p + rng() % (9 * p)), e);
				double v = strtod(s, NULL);
				check_all(v);
				check_all(from_bits(to_bits(v) + 1));
				check_all(from_bits(to_bits(v) - 1));
			}
		}
	}
	/* Exactly representable half-way values in the integer range and
	 * above 2^53. */
	for (int e = 0; e <= 22; e++) {
		static const double halves[] = { 1.5, 2.5, 12.5, 0.5, 1.25,
		    9.5, 99.5, 0.95, 1.05 };
		double p = 1;
		for (int q = 0; q < e; q++)
			p *= 10;
		for (size_t h = 0; h < sizeof halves / sizeof halves[0]; h++)
			check_all(halves[h] * p);
	}
	CHECK_NONE_DIFFER();
}
END_TEST

/* Subnormal numbers, the smallest and largest normals, and zero. */
START_TEST(test_denormals_and_extremes)
{
	reset(3);
	double v[] = { 0.0, -0.0, 4.9406564584124654e-324,
	    2.2250738585072009e-308, 2.2250738585072014e-308, DBL_MIN,
	    DBL_MAX, -DBL_MAX, DBL_EPSILON, 1 - DBL_EPSILON / 2,
	    1 + DBL_EPSILON, 9007199254740991.0, 9007199254740992.0,
	    9007199254740994.0, 18446744073709551616.0, 1e21, 1e22, 1e23,
	    0.1, 0.2, 0.3, 1e-5, 9.99999e-5, 0.0001, 0.00009999995,
	    99999.5, 999999999.5, 123456789.5, 0.5, 1.5 };
	for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
		check_all(v[k]);
		check_all(-v[k]);
	}
	for (int k = 0; k < 20000; k++) {
		double d = from_bits(rng() & 0x000fffffffffffffull);
		check_all(d);
		check_all(-d);
	}
	CHECK_NONE_DIFFER();
}
END_TEST

/* Random bit patterns: every finite double is as likely. */
START_TEST(test_random_bits)
{
	reset(4);
	for (int k = 0; k < 150000; k++) {
		double v = from_bits(rng());
		if (v != v || v - v != 0)
			continue;  /* NaN and inf have their own test */
		check_all(v);
	}
	CHECK_NONE_DIFFER();
}
END_TEST

/* Random magnitudes from about 1e-26 to 1e26, where the fast path
 * works: random significands, log-uniform exponents. */
START_TEST(test_random_fast_range)
{
	reset(5);
	for (int k = 0; k < 300000; k++) {
		uint64_t e = 1023 - 87 + rng() % 174;
		double v = from_bits(e << 52 | (rng() & 0x000fffffffffffffull));
		check_all((rng() & 1) ? v : -v);
	}
	CHECK_NONE_DIFFER();
}
END_TEST

/* The values the tools write: count / tokens, 0.5 + 0.5 * c / max,
 * decimal strings as people type them, and short binary fractions. */
START_TEST(test_random_typical)
{
	char s[64];

	reset(6);
	for (int n = 1; n <= 300; n++)
		for (int c = 1; c <= n; c++) {
			check_all((double)c / n);
			check_all(0.5 + 0.5 * c / n);
		}
	for (int k = 0; k < 100000; k++) {
		int ip = (int)(rng() % 100000), fd = (int)(rng() % 10);
		snprintf(s, sizeof s, "%d.%0*llu", ip, fd + 1,
		    (unsigned long long)(rng() % 10000000000ull));
		check_all(strtod(s, NULL));
		check_all(strtod(s, NULL) / 1000);
		check_all((double)(rng() % 100000) / 1024);
	}
	CHECK_NONE_DIFFER();
}
END_TEST

/* Weights and scores, which have a path of their own (2^-11 <= |v| <
 * 2^20 at precisions 2 to 9): random significands from 2^-12 to 2^21,
 * the values next to a power of ten and to ties at each precision. */
START_TEST(test_random_weights)
{
	static const double edge[] = { 1e6, 1e5, 1e4, 1e3, 100.0, 10.0, 1.0,
	    0.1, 0.01, 0.001, 0.0001 };

	reset(7);
	for (int k = 0; k < 300000; k++) {
		uint64_t e = 1011 + rng() % 33;
		double v = from_bits(e << 52 | (rng() & 0x000fffffffffffffull));
		check_all((rng() & 1) ? v : -v);
	}
	for (size_t i = 0; i < sizeof edge / sizeof *edge; i++) {
		double v = edge[i];
		for (int k = 0; k < 64; k++) {
			check_all(v);
			v = nextafter(v, 0.0);
		}
	}
	for (int k = 0; k < 100000; k++) {
		int p = 2 + (int)(rng() % 8);
		double t = (2.0 * (double)(rng() % 1000000000ull) + 1.0) /
		    (2.0 * 1e9) / (double)(1 + rng() % 3) / (p > 5 ? 10 : 1);
		check_all(t);
		check_all(nextafter(t, 1.0));
		check_all(nextafter(t, 0.0));
		check_all(t * 1000);
		check_all((double)(rng() % 2000000) / (double)(1 + rng() % 1000));
	}
	CHECK_NONE_DIFFER();
}
END_TEST

/* LC_NUMERIC never reaches the output: under a locale with a decimal
 * comma (when one is installed), the output is that of the C locale. */
START_TEST(test_locale_independent)
{
	static const char *const names[] = { "de_DE.UTF-8", "de_DE.utf8",
	    "fr_FR.UTF-8", "fr_FR.utf8", "ru_RU.UTF-8", "nl_NL.UTF-8",
	    "de_DE", "fr_FR", NULL };
	static const double v[] = { 0.5, 1.0 / 3, 1e-7 / 3, 2.5e20, 1e300 / 7,
	    4.9406564584124654e-324, 123456.789 };
	char want[7][17][TXF_NUM_MAX], got[TXF_NUM_MAX];
	const char *loc = NULL;

	for (size_t k = 0; k < 7; k++)
		for (int p = 1; p <= 17; p++)
			txf_fmt_num(v[k], p, want[k][p - 1]);
	for (size_t k = 0; names[k] != NULL && loc == NULL; k++)
		if (setlocale(LC_NUMERIC, names[k]) != NULL &&
		    strcmp(localeconv()->decimal_point, ".") != 0)
			loc = names[k];
	if (loc == NULL) {
		setlocale(LC_NUMERIC, "C");
		fprintf(stderr, "numfmt: no locale with a decimal comma "
		    "installed; locale check not run\n");
		return;
	}
	for (size_t k = 0; k < 7; k++)
		for (int p = 1; p <= 17; p++) {
			txf_fmt_num(v[k], p, got);
			ck_assert_msg(strcmp(got, want[k][p - 1]) == 0,
			    "%s: got %s, want %s", loc, got, want[k][p - 1]);
		}
	setlocale(LC_NUMERIC, "C");
}
END_TEST

Suite *
suite_numfmt(void)
{
	Suite *s = suite_create("numfmt");
	TCase *tc = tcase_create("numfmt");

	/* Millions of snprintf calls: slow under sanitizers. */
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_u64_i64);
	tcase_add_test(tc, test_examples);
	tcase_add_test(tc, test_nan_inf);
	tcase_add_test(tc, test_powers_of_ten);
	tcase_add_test(tc, test_ties);
	tcase_add_test(tc, test_denormals_and_extremes);
	tcase_add_test(tc, test_random_bits);
	tcase_add_test(tc, test_random_fast_range);
	tcase_add_test(tc, test_random_typical);
	tcase_add_test(tc, test_random_weights);
	tcase_add_test(tc, test_locale_independent);
	suite_add_tcase(s, tc);
	return s;
}
