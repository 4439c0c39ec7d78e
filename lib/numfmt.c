/*
 * numfmt.c - numbers written as the tools write them: integers in decimal,
 * other values as printf's "%.*g" would, whatever the locale.
 *
 * txf_fmt_num() has a fast path for precisions up to 15 and magnitudes
 * whose scaling by a power of ten is exact enough to decide (about 1e-21 to
 * 1e21 at the default precision): it scales |v| by 10^s to an integer part
 * of `prec` digits and rounds it to the nearest integer, ties to even,
 * exactly as glibc rounds the exact binary value.  The scaling is one
 * multiplication or division by an exactly representable 10^s (s <= 22),
 * and its rounding error is recovered exactly (FMA, or Dekker's product
 * where FMA is not a single instruction), so the fast path knows on which
 * side of a tie the exact value lies.  Every other value, and precisions
 * 16 and 17, go through snprintf("%.*e"), whose digits are parsed and laid
 * out again, so the locale's decimal point never reaches the output.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "textfeat.h"

static const char digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233"
	"34353637383940414243444546474849505152535455565758596061626364656667"
	"6869707172737475767778798081828384858687888990919293949596979899";

/* The decimal digits of v at the end of buf (of 20 bytes); returns the
 * first one. */
static inline char *
u64_digits(uint64_t v, char *end)
{
	char *p = end;

	while (v >= 100) {
		unsigned r = (unsigned)(v % 100);
		v /= 100;
		p -= 2;
		memcpy(p, digit_pairs + 2 * r, 2);
	}
	if (v >= 10) {
		p -= 2;
		memcpy(p, digit_pairs + 2 * v, 2);
	} else {
		*--p = (char)('0' + v);
	}
	return p;
}

size_t
txf_fmt_u64(uint64_t v, char *out)
{
	char buf[20], *end = buf + sizeof buf;
	char *p = u64_digits(v, end);
	size_t n = (size_t)(end - p);

	memcpy(out, p, n);
	out[n] = '\0';
	return n;
}

size_t
txf_fmt_i64(int64_t v, char *out)
{
	if (v < 0) {
		*out = '-';
		return 1 + txf_fmt_u64((uint64_t)0 - (uint64_t)v, out + 1);
	}
	return txf_fmt_u64((uint64_t)v, out);
}

/*
 * Lay out "%.*g" from the significant digits d[0..prec) (d[0] != '0' unless
 * the value is 0) of a value whose E-style exponent is x.
 */
static size_t
layout_g(int neg, const char *d, int prec, int x, char *out)
{
	char *o = out;
	int nd = prec;

	while (nd > 1 && d[nd - 1] == '0')
		nd--;
	if (neg)
		*o++ = '-';
	if (x < -4 || x >= prec) {
		*o++ = d[0];
		if (nd > 1) {
			*o++ = '.';
			memcpy(o, d + 1, (size_t)(nd - 1));
			o += nd - 1;
		}
		*o++ = 'e';
		*o++ = x < 0 ? '-' : '+';
		unsigned ax = (unsigned)(x < 0 ? -x : x);
		if (ax >= 100) {
			*o++ = (char)('0' + ax / 100);
			ax %= 100;
		}
		memcpy(o, digit_pairs + 2 * ax, 2);
		o += 2;
	} else if (x >= 0) {
		memcpy(o, d, (size_t)x + 1);
		o += x + 1;
		if (nd > x + 1) {
			*o++ = '.';
			memcpy(o, d + x + 1, (size_t)(nd - x - 1));
			o += nd - x - 1;
		}
	} else {
		*o++ = '0';
		*o++ = '.';
		for (int k = -1; k > x; k--)
			*o++ = '0';
		memcpy(o, d, (size_t)nd);
		o += nd;
	}
	*o = '\0';
	return (size_t)(o - out);
}

/* ------------------------------------------------------------------ */
/* The fast path                                                       */

/*
 * It needs IEEE double arithmetic without excess precision, rounding to
 * nearest, and no value-changing optimizations.
 */
#if FLT_EVAL_METHOD == 0 && DBL_MANT_DIG == 53 && !defined(__FAST_MATH__)
#define HAVE_FAST_PATH 1

static const double p10[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
	1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

static const uint64_t u10[16] = {
	1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
	10000000ull, 100000000ull, 1000000000ull, 10000000000ull,
	100000000000ull, 1000000000000ull, 10000000000000ull,
	100000000000000ull, 1000000000000000ull
};

#if defined(FP_FAST_FMA) || defined(__FP_FAST_FMA)
/* The rounding error of a * b, exactly. */
static inline double
mul_err(double a, double b, double p)
{
	return fma(a, b, -p);
}

/* The sign of a - q * b (q = a / b rounded), exactly. */
static inline int
div_err_sign(double a, double b, double q)
{
	double r = fma(-q, b, a);
	return (r > 0) - (r < 0);
}
#else
/* Without a fused multiply-add instruction the compiler cannot contract
 * these expressions either, so Dekker's exact product holds. */
static inline void
split(double a, double *hi, double *lo)
{
	double c = 134217729.0 * a;  /* 2^27 + 1 */
	*hi = c - (c - a);
	*lo = a - *hi;
}

/* With p = a * b rounded: the exact a * b - p. */
static inline double
mul_err(double a, double b, double p)
{
	double ah, al, bh, bl;

	split(a, &ah, &al);
	split(b, &bh, &bl);
	return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

static inline int
div_err_sign(double a, double b, double q)
{
	double p = q * b;
	double e = mul_err(q, b, p);  /* q * b = p + e exactly */
	double d = a - p;             /* exact: p is within a factor 2 of a */
	return (d > e) - (d < e);
}
#endif

/*
 * |v| * 10^s rounded to nearest is *y, and the exact product lies above
 * *y when the result is 1, below when -1, and is *y when 0.
 * 10^|s| is exact for |s| <= 22.
 */
static inline int
scale(double a, int s, double *y)
{
	if (s >= 0) {
		double p = a * p10[s];
		double e = mul_err(a, p10[s], p);
		*y = p;
		return (e > 0) - (e < 0);
	}
	double q = a / p10[-s];
	*y = q;
	return div_err_sign(a, p10[-s], q);
}

static size_t
fmt_fast(double v, int prec, char *out)
{
	double a = v < 0 ? -v : v;
	uint64_t bits;
	int e2, x, s, side;
	double y, lo, hi;

	/* Finite normal values: the binary exponent gives log10 to within
	 * one. */
	memcpy(&bits, &a, sizeof bits);
	e2 = (int)(bits >> 52) - 1023;
	if (e2 < -1022 || e2 > 1023)
		return 0;
	x = e2 * 1233;
	x = x >= 0 ? x >> 12 : -((-x + 4095) >> 12);  /* ~ floor(e2 log10 2) */
	lo = (double)u10[prec - 1];
	hi = (double)u10[prec];
	/* Find x with 10^(prec-1) <= |v| * 10^(prec-1-x) < 10^prec. */
	for (int tries = 0;; tries++) {
		s = prec - 1 - x;
		if (s > 22 || s < -22 || tries > 3)
			return 0;
		side = scale(a, s, &y);
		if (y < lo || (y == lo && side < 0))
			x--;
		else if (y > hi || (y == hi && side >= 0))
			x++;
		else
			break;
	}
	/* Round to an integer, ties to even.  y < 2^50, so its fraction f
	 * is exact, a multiple of ulp(y) <= 1/8; the error of y is at most
	 * ulp(y)/2, so it decides only when f is exactly 1/2. */
	uint64_t m = (uint64_t)y;
	double f = y - (double)m;
	if (f > 0.5 || (f == 0.5 && (side > 0 || (side == 0 && (m & 1)))))
		m++;
	if (m == u10[prec]) {
		m = u10[prec - 1];
		x++;
	}
	char buf[20], *end = buf + sizeof buf;
	char *d = u64_digits(m, end);
	return layout_g(v < 0, d, prec, x, out);
}
#endif /* fast path */

/* ------------------------------------------------------------------ */

/* Through snprintf("%.*e"): its digits and exponent, laid out again. */
static size_t
fmt_slow(double v, int prec, char *out)
{
	char buf[64], d[24];
	const char *p = buf;
	int nd = 0, x = 0, xneg = 0, neg = 0;

	snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
	if (*p == '-') {
		neg = 1;
		p++;
	}
	/* The decimal point is whatever the locale says: skip to digits. */
	while (*p != '\0' && *p != 'e' && nd < prec) {
		if (*p >= '0' && *p <= '9')
			d[nd++] = *p;
		p++;
	}
	while (*p != '\0' && *p != 'e')
		p++;
	if (*p == 'e') {
		p++;
		if (*p == '-')
			xneg = 1;
		if (*p == '-' || *p == '+')
			p++;
		while (*p >= '0' && *p <= '9')
			x = 10 * x + (*p++ - '0');
	}
	while (nd < prec)
		d[nd++] = '0';
	return layout_g(neg, d, prec, xneg ? -x : x, out);
}

size_t
txf_fmt_num(double v, int prec, char *out)
{
	if (prec < 1)
		prec = 1;
	if (prec > 17)
		prec = 17;
	/* Integral values below 2^53 in magnitude: plain integers. */
	if (v > -9007199254740992.0 && v < 9007199254740992.0) {
		int64_t i = (int64_t)v;
		if ((double)i == v)
			return txf_fmt_i64(i, out);
	} else if (v != v || v == INFINITY || v == -INFINITY) {
		const char *s = v != v ? (signbit(v) ? "-nan" : "nan") :
		    v < 0 ? "-inf" : "inf";
		size_t n = strlen(s);
		memcpy(out, s, n + 1);
		return n;
	}
#ifdef HAVE_FAST_PATH
	if (prec <= 15) {
		size_t n = fmt_fast(v, prec, out);
		if (n > 0)
			return n;
	}
#endif
	return fmt_slow(v, prec, out);
}
