/*
 * numfmt.c - numbers written as the tools write them: integers in decimal,
 * other values as printf's "%.*g" would, whatever the locale.
 *
 * printf rounds the exact binary value of a double to the requested
 * significant digits, ties to even.  txf_fmt_num() does the same without
 * printf on two fast paths:
 *  - exact integer arithmetic, where the compiler has 128-bit integers: a
 *    double below 2^52 is m / 2^k exactly (m of 53 bits), so m * 10^s is
 *    an exact 128-bit product for s <= 19, and shifting it right by k
 *    gives the digits and the exact remainder that decides the rounding.
 *    It covers every precision and magnitudes from about 10^(prec-20) up
 *    to 2^52, which takes in the weights, idf values and features the
 *    tools write;
 *  - otherwise, for precisions up to 15 and magnitudes about 1e-21 to
 *    1e21: |v| scaled by an exactly representable 10^s (s <= 22), with
 *    the rounding error of the scaling recovered exactly (FMA, or
 *    Dekker's product where FMA is not a single instruction), so it is
 *    known on which side of a tie the exact value lies.
 *  - before both, the numbers written most (weights, scores, idf:
 *    2^-11 <= |v| < 2^20 at precisions 2 to 9, below 10^prec): the exact
 *    integer path cut down to one 64-bit word of remainder, laid out
 *    from one word of digits.
 * Every other value goes through snprintf("%.*e"), whose digits are
 * parsed and laid out again, so the locale's decimal point never reaches
 * the output.
 *
 * The digits are laid out from registers: the first, and the others as
 * ASCII bytes of a 128-bit integer, made without a chain of divisions and
 * stored into the output a word at a time (out has TXF_NUM_MAX bytes).
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "textfeat.h"

/* 10^0 .. 10^19, every power of ten a uint64_t holds. */
static const uint64_t u10[20] = {
	1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
	10000000ull, 100000000ull, 1000000000ull, 10000000000ull,
	100000000000ull, 1000000000000ull, 10000000000000ull,
	100000000000000ull, 1000000000000000ull, 10000000000000000ull,
	100000000000000000ull, 1000000000000000000ull,
	10000000000000000000ull
};

static const char digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233"
	"34353637383940414243444546474849505152535455565758596061626364656667"
	"6869707172737475767778798081828384858687888990919293949596979899";

/*
 * Digits made in registers and stored a word at a time, where the
 * compiler has 128-bit integers and the machine is little-endian (the
 * first digit in a word's lowest byte).
 */
#if defined(__SIZEOF_INT128__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HAVE_WIDE_LAYOUT 1
#define ASCII_ZEROS 0x3030303030303030ull

/*
 * The 8 digits of v < 10^8, leading zeros included, as ASCII bytes of a
 * word, the first digit in its lowest byte: v splits into two 4-digit
 * halves in 32-bit lanes, each into two 2-digit quarters in 16-bit lanes,
 * each into two digits in bytes.  Lane-wise division by multiplying with
 * a reciprocal: x * 10486 >> 20 is x / 100 for x < 43690, x * 103 >> 10
 * is x / 10 for x < 179.
 */
static inline uint64_t
ascii8(uint32_t v)
{
	uint64_t z = (v / 10000) | (uint64_t)(v % 10000) << 32;
	uint64_t h = ((z * 10486) >> 20) & 0x0000007f0000007full;

	z = h | (z - h * 100) << 16;
	h = ((z * 103) >> 10) & 0x000f000f000f000full;
	z = h | (z - h * 10) << 8;
	return z | ASCII_ZEROS;
}

static inline void
store16(char *o, unsigned __int128 v)
{
	memcpy(o, &v, 16);
}

static inline void
store8(char *o, uint64_t v)
{
	memcpy(o, &v, 8);
}

#endif

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

/* txf_fmt_u64() of any v (out of line: the common case needs no stack
 * frame). */
static __attribute__((noinline)) size_t
fmt_u64_any(uint64_t v, char *out)
{
	char buf[20], *end = buf + sizeof buf;
	char *p = u64_digits(v, end);
	size_t n = (size_t)(end - p);

	memcpy(out, p, n);
	out[n] = '\0';
	return n;
}

size_t
txf_fmt_u64(uint64_t v, char *out)
{
#ifdef HAVE_WIDE_LAYOUT
	/* Below 10^8 (indices, counts): the digits in one word.  The
	 * number of digits from the number of bits: t = floor(bits *
	 * log10(2)) is it or one less. */
	if (v < 100000000) {
		unsigned bits = 64 - (unsigned)__builtin_clzll(v | 1);
		size_t t = (bits * 1233) >> 12;
		size_t n = t + (v >= u10[t]) + (v == 0);
		store8(out, ascii8((uint32_t)v) >> (8 * (8 - n)));
		out[n] = '\0';
		return n;
	}
#endif
	return fmt_u64_any(v, out);
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

/* "e+XX" or "e-XXX": printf's exponent, at least two digits. */
static inline char *
put_exponent(int x, char *o)
{
	unsigned ax = (unsigned)(x < 0 ? -x : x);

	*o++ = 'e';
	*o++ = x < 0 ? '-' : '+';
	if (ax >= 100) {
		*o++ = (char)('0' + ax / 100);
		ax %= 100;
	}
	memcpy(o, digit_pairs + 2 * ax, 2);
	return o + 2;
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
		o = put_exponent(x, o);
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


/* Lay out significand m of prec digits, E-style exponent x. */
static size_t
layout_m(int neg, uint64_t m, int prec, int x, char *out);

/* ------------------------------------------------------------------ */
/* The exact integer path                                              */

#ifdef __SIZEOF_INT128__
#define HAVE_EXACT_PATH 1

static size_t
fmt_exact(double v, int prec, char *out)
{
	uint64_t bits;

	memcpy(&bits, &v, sizeof bits);
	int neg = (int)(bits >> 63);
	int be = (int)(bits >> 52 & 0x7ff);
	/* Normal values below 2^52 (integers are written before). */
	if (be == 0 || be >= 1023 + 52)
		return 0;
	int e2 = be - 1023;
	unsigned k = (unsigned)(52 - e2);   /* |v| = m / 2^k */
	if (k > 120)
		return 0;
	uint64_t m = (bits & ((1ull << 52) - 1)) | 1ull << 52;
	int x = e2 * 1233;                  /* ~ floor(e2 log10 2) */
	x = x >= 0 ? x >> 12 : -((-x + 4095) >> 12);
	/* |v| lies in [2^e2, 2^(e2+1)), so its decimal exponent is x or
	 * x + 1: both scalings are made and one is kept without a branch
	 * (which way it goes is as good as random).  The retries below are
	 * for the rare estimate that is off. */
	int s = prec - 1 - x;
	if (s >= 1 && s <= 19) {
		unsigned __int128 p = (unsigned __int128)m * u10[s];
		unsigned __int128 p1 = (unsigned __int128)m * u10[s - 1];
		uint64_t up = (uint64_t)((p >> k) >= u10[prec]);
		unsigned __int128 sel = (unsigned __int128)0 - up;
		p ^= (p ^ p1) & sel;
		unsigned __int128 q = p >> k;
		if (q >= u10[prec - 1] && q < u10[prec]) {
			unsigned __int128 r = p - (q << k);
			unsigned __int128 half = (unsigned __int128)1 << (k - 1);
			uint64_t d = (uint64_t)q;
			d += (uint64_t)((r > half) | ((r == half) & (d & 1)));
			x += (int)up;
			if (d == u10[prec]) {
				d = u10[prec - 1];
				x++;
			}
			return layout_m(neg, d, prec, x, out);
		}
	}
	for (int tries = 0; tries < 4; tries++) {
		/* |v| * 10^s, s = prec - 1 - x, has prec digits before the
		 * point when x is the decimal exponent. */
		s = prec - 1 - x;
		if (s < 0 || s > 19)
			return 0;
		unsigned __int128 p = (unsigned __int128)m * u10[s];
		unsigned __int128 q = p >> k;
		if (q < u10[prec - 1]) {
			x--;
			continue;
		}
		if (q >= u10[prec]) {
			x++;
			continue;
		}
		/* Round the exact remainder, ties to even. */
		unsigned __int128 r = p - (q << k);
		unsigned __int128 half = (unsigned __int128)1 << (k - 1);
		uint64_t d = (uint64_t)q;
		if (r > half || (r == half && (d & 1)))
			d++;
		if (d == u10[prec]) {
			d = u10[prec - 1];
			x++;
		}
		return layout_m(neg, d, prec, x, out);
	}
	return 0;
}
#endif /* exact path */

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
	return layout_m(v < 0, m, prec, x, out);
}
#endif /* fast path */

/* ------------------------------------------------------------------ */
/* Laying out from registers                                           */

#ifdef HAVE_WIDE_LAYOUT
/* "%.*g" of significand m (10^(prec-1) <= m < 10^prec, prec <= 17) and
 * E-style exponent x, written with stores of 8 and 16 bytes, none
 * reaching past out[TXF_NUM_MAX]. */
static size_t
layout_wide(int neg, uint64_t m, int prec, int x, char *out)
{
	unsigned __int128 rest, z;
	char *o = out, first;
	int nd;

	/* first: the first digit; rest: the prec - 1 others as bytes, the
	 * next lowest, zero bytes above. */
	if (prec <= 8) {
		uint64_t d = ascii8((uint32_t)m) >> (8 * (8 - prec));
		first = (char)(uint8_t)d;
		rest = d >> 8;
	} else if (prec == 9) {         /* the default: 1 + 8 digits */
		first = (char)('0' + m / 100000000);
		rest = ascii8((uint32_t)(m % 100000000));
	} else if (prec <= 16) {
		uint64_t hi = ascii8((uint32_t)(m / 100000000)) >>
		    (8 * (16 - prec));
		unsigned __int128 d = hi | (unsigned __int128)
		    ascii8((uint32_t)(m % 100000000)) << (8 * (prec - 8));
		first = (char)(uint8_t)d;
		rest = d >> 8;
	} else {
		uint64_t r = m % 10000000000000000ull;
		first = (char)('0' + m / 10000000000000000ull);
		rest = ascii8((uint32_t)(r / 100000000)) |
		    (unsigned __int128)ascii8((uint32_t)(r % 100000000)) << 64;
	}
	/* nd: the digits without trailing zeros, found from the highest
	 * byte of rest that is not '0'. */
	z = (unsigned __int128)ASCII_ZEROS << 64 | ASCII_ZEROS;
	if (prec - 1 < 16)
		z &= ((unsigned __int128)1 << (8 * (prec - 1))) - 1;
	z ^= rest;
	{
		uint64_t zh = (uint64_t)(z >> 64), zl = (uint64_t)z;
		int bits = zh ? 128 - __builtin_clzll(zh) :
		    zl ? 64 - __builtin_clzll(zl) : 0;
		nd = 1 + (bits + 7) / 8;
	}
	*o = '-';
	o += neg;
	if (x < -4 || x >= prec) {
		o[0] = first;
		o[1] = '.';
		store16(o + 2, rest);
		o += nd > 1 ? nd + 1 : 1;
		o = put_exponent(x, o);
	} else if (x >= 0) {
		/* The digits, then from digit x + 1 on again one place
		 * further, after the point. */
		o[0] = first;
		store16(o + 1, rest);
		if (nd > x + 1) {
			unsigned __int128 f = rest >> (8 * x);
			o[x + 1] = '.';
			if (nd - x - 1 <= 8)
				store8(o + x + 2, (uint64_t)f);
			else
				store16(o + x + 2, f);
			o += nd + 1;
		} else {
			o += x + 1;
		}
	} else {
		/* "0.", -x - 1 zeros (at most 3), the digits. */
		store8(o, 0x3030303030302e30ull);   /* "0.000000" */
		o += 1 - x;
		o[0] = first;
		store16(o + 1, rest);
		o += nd;
	}
	*o = '\0';
	return (size_t)(o - out);
}
#endif /* wide layout */

static size_t
layout_m(int neg, uint64_t m, int prec, int x, char *out)
{
#ifdef HAVE_WIDE_LAYOUT
	return layout_wide(neg, m, prec, x, out);
#else
	char buf[20], *end = buf + sizeof buf;
	return layout_g(neg, u64_digits(m, end), prec, x, out);
#endif
}

/* ------------------------------------------------------------------ */

#if defined(HAVE_WIDE_LAYOUT) && defined(HAVE_EXACT_PATH)
#define HAVE_FRAC_PATH 1
/*
 * The numbers written most: weights, scores, idf values, 2^-11 <= |v| <
 * 2^20, at a precision of 2 to 9 when the value is below 10^prec (no
 * exponent).  |v| = m / 2^k with 33 <= k <= 63, so the digits of m * 10^s
 * (s <= 12) lie above bit k of a 128-bit product and the remainder that
 * rounds them is in its low word.  0 when the general paths must write
 * it (the value rounds to 10^prec or to 1 from below).
 */
static size_t
fmt_frac(uint64_t bits, int prec, char *out)
{
	int e2 = (int)(bits >> 52 & 0x7ff) - 1023;
	unsigned k = (unsigned)(52 - e2);
	uint64_t m = (bits & ((1ull << 52) - 1)) | 1ull << 52;
	int x = e2 * 1233;                  /* ~ floor(e2 log10 2), not above */
	x = x >= 0 ? x >> 12 : -((-x + 4095) >> 12);
	if (x >= prec)
		return 0;
	unsigned __int128 p = (unsigned __int128)m * u10[prec - 1 - x];
	uint64_t lo = (uint64_t)p;
	uint64_t q = (uint64_t)(p >> 64) << (64 - k) | lo >> k;

	if (q >= u10[prec]) {        /* the estimate was one low */
		if (++x >= prec)
			return 0;
		p = (unsigned __int128)m * u10[prec - 1 - x];
		lo = (uint64_t)p;
		q = (uint64_t)(p >> 64) << (64 - k) | lo >> k;
	}
	uint64_t r = lo & ((1ull << k) - 1), half = 1ull << (k - 1);
	q += (uint64_t)((r > half) | ((r == half) & (q & 1)));
	if (q == u10[prec]) {
		if (x == -1 || x + 1 >= prec)
			return 0;
		q = u10[prec - 1];
		x++;
	}
	/* first: the first digit; rest: the prec - 1 others, the next in
	 * the lowest byte; nz of them before trailing zeros. */
	uint64_t rest;
	char first;
	if (prec == 9) {
		first = (char)('0' + q / 100000000);
		rest = ascii8((uint32_t)(q % 100000000));
	} else {
		uint64_t d = ascii8((uint32_t)q) >> (8 * (8 - prec));
		first = (char)(uint8_t)d;
		rest = d >> 8;
	}
	uint64_t z = rest ^ (ASCII_ZEROS >> (8 * (9 - prec)));
	int nz = z ? (64 - __builtin_clzll(z) + 7) / 8 : 0;
	char *o = out;
	*o = '-';
	o += (int)(bits >> 63);
	if (x < 0) {
		store8(o, 0x3030303030302e30ull);       /* "0.000000" */
		o += 1 - x;
		o[0] = first;
		store8(o + 1, rest);
		o += 1 + nz;
	} else {
		/* x digits after the first, then the point and the rest,
		 * if any is not zero. */
		o[0] = first;
		store8(o + 1, rest);
		if (nz > x) {
			o[1 + x] = '.';
			store8(o + 2 + x, rest >> (8 * x));
			o += 2 + nz;
		} else {
			o += 1 + x;
		}
	}
	*o = '\0';
	return (size_t)(o - out);
}
#endif

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

static size_t fmt_other(double v, int prec, char *out);

size_t
txf_fmt_num(double v, int prec, char *out)
{
#ifdef HAVE_FRAC_PATH
	uint64_t bits;
	memcpy(&bits, &v, sizeof bits);
	unsigned be = (unsigned)(bits >> 52 & 0x7ff);
	if (be - (1023 - 11) < 31 && prec >= 2 && prec <= 9) {
		size_t n = fmt_frac(bits, prec, out);
		if (n > 0)
			return n;
	}
#endif
	return fmt_other(v, prec, out);
}

/* txf_fmt_num() but for the common numbers (out of line: their path needs
 * no stack frame). */
static __attribute__((noinline)) size_t
fmt_other(double v, int prec, char *out)
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
#ifdef HAVE_EXACT_PATH
	{
		size_t n = fmt_exact(v, prec, out);
		if (n > 0)
			return n;
	}
#endif
#ifdef HAVE_FAST_PATH
	if (prec <= 15) {
		size_t n = fmt_fast(v, prec, out);
		if (n > 0)
			return n;
	}
#endif
	return fmt_slow(v, prec, out);
}
