/* utf8.c - UTF-8 validation, decoding, encoding and repair. */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "textfeat.h"
#include "internal.h"

/*
 * Well-formed sequences (Unicode 15.0, table 3-7):
 *   00..7F
 *   C2..DF 80..BF
 *   E0 A0..BF 80..BF | E1..EC 80..BF 80..BF | ED 80..9F 80..BF
 *   EE..EF 80..BF 80..BF
 *   F0 90..BF 80..BF 80..BF | F1..F3 80..BF 80..BF 80..BF
 *   F4 80..8F 80..BF 80..BF
 * The second byte's range depends on the lead; later bytes are 80..BF.
 */
static int
seq_len(unsigned char c, unsigned char *lo, unsigned char *hi)
{
	*lo = 0x80;
	*hi = 0xBF;
	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return 0;
	if (c < 0xE0)
		return 2;
	if (c < 0xF0) {
		if (c == 0xE0)
			*lo = 0xA0;
		else if (c == 0xED)
			*hi = 0x9F;
		return 3;
	}
	if (c < 0xF5) {
		if (c == 0xF0)
			*lo = 0x90;
		else if (c == 0xF4)
			*hi = 0x8F;
		return 4;
	}
	return 0;
}

int
txf_utf8_decode(const char *p, size_t n, int32_t *cp, size_t *len)
{
	const unsigned char *s = (const unsigned char *)p;
	unsigned char lo, hi;
	int k = seq_len(s[0], &lo, &hi);
	size_t i;
	int32_t c;

	if (k == 1) {
		*cp = s[0];
		*len = 1;
		return 1;
	}
	if (k == 0) {
		*cp = 0xFFFD;
		*len = 1;
		return TXF_EUTF8;
	}
	c = s[0] & (0x7F >> k);
	for (i = 1; i < (size_t)k; i++) {
		unsigned char b = i < n ? s[i] : 0;
		if (i >= n || b < lo || b > hi) {
			/* A maximal subpart: the lead and the valid bytes so far. */
			*cp = 0xFFFD;
			*len = i;
			return TXF_EUTF8;
		}
		lo = 0x80;
		hi = 0xBF;
		c = (c << 6) | (b & 0x3F);
	}
	*cp = c;
	*len = (size_t)k;
	return k;
}

size_t
txf_utf8_check(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0;

	while (i < n) {
#ifdef __SSE2__
		/* ASCII fast path, 16 bytes at a time, the last ones in the
		 * 16 that end the text (less those before i): on to the first
		 * byte that has its high bit set or is NUL. */
		for (;;) {
			size_t at = i;
			unsigned skip = 0;
			if (i + 16 > n) {
				if (n < 16 || i >= n)
					break;
				at = n - 16;
				skip = (unsigned)(16 - (n - i));
			}
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)
			    (s + at));
			unsigned bad = ((unsigned)_mm_movemask_epi8(v) |
			    (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v,
			    _mm_setzero_si128()))) >> skip;
			if (bad != 0) {
				i += (size_t)__builtin_ctz(bad);
				break;
			}
			i += 16 - skip;
		}
#endif
		/* ASCII fast path, 8 bytes at a time. */
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			/* a zero byte in w? */
			if ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		if (s[i] == 0)
			return i;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		int32_t cp;
		size_t len;
		if (txf_utf8_decode(p + i, n - i, &cp, &len) < 0)
			return i;
		i += len;
	}
	return n;
}

int
txf_utf8_encode(int32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

long
txf_utf8_repair(const char *p, size_t n, txf_buf *out)
{
	long fixes = 0;
	size_t i = 0;

	while (i < n) {
		size_t ok = txf_utf8_check(p + i, n - i);
		if (txf_buf_add(out, p + i, ok) < 0)
			return TXF_ENOMEM;
		i += ok;
		if (i >= n)
			break;
		int32_t cp;
		size_t len;
		if (p[i] == 0)
			len = 1;
		else
			(void)txf_utf8_decode(p + i, n - i, &cp, &len);
		if (txf_buf_add(out, "\xEF\xBF\xBD", 3) < 0)
			return TXF_ENOMEM;
		fixes++;
		i += len;
	}
	return fixes;
}

size_t
txf_utf8_count(const char *p, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)p[i] & 0xC0) != 0x80;
	return k;
}

int
txf_is_ascii(const char *p, size_t n)
{
	size_t i = 0;
	uint64_t acc = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		acc |= w;
	}
	for (; i < n; i++)
		acc |= (unsigned char)p[i];
	return (acc & 0x8080808080808080ULL) == 0;
}

void
txf_ascii_lower(const char *p, size_t n, char *o)
{
	size_t i = 0;

	/* Eight bytes at a time: bit 7 of each byte of ge/gt says whether it
	 * is >= 'A' / > 'Z' (bytes are below 0x80, so no carry crosses). */
	for (; i + 8 <= n; i += 8) {
		uint64_t w, ge, gt;
		memcpy(&w, p + i, 8);
		ge = w + 0x3F3F3F3F3F3F3F3FULL;   /* 0x80 - 'A' */
		gt = w + 0x2525252525252525ULL;   /* 0x80 - 'Z' - 1 */
		w |= ((ge & ~gt) & 0x8080808080808080ULL) >> 2;
		memcpy(o + i, &w, 8);
	}
	for (; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		o[i] = (char)((unsigned)(c - 'A') < 26u ? c + 32 : c);
	}
}

int
txf_ascii_copy(const char *p, size_t n, char *o, int lower)
{
	const uint64_t mask = lower ? 0x8080808080808080ULL : 0;
	uint64_t acc = 0;
	size_t i = 0;

#ifdef __SSE2__
	/* 16 bytes at a time, the last ones in the 16 that end the text
	 * (those before them copied again, as they were): a byte from 'A'
	 * to 'Z' gains 0x20 (the signed compares leave bytes from 0x80 as
	 * they are); every byte is or-ed into hi, whose high bits say
	 * whether one is not ASCII. */
	const __m128i ua = _mm_set1_epi8('A' - 1), uz = _mm_set1_epi8('Z' + 1);
	const __m128i cs = _mm_set1_epi8(lower ? 0x20 : 0);
	__m128i hi = _mm_setzero_si128();
	while (i < n && n >= 16) {
		size_t at = i + 16 <= n ? i : n - 16;
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)
		    (p + at));
		__m128i up = _mm_and_si128(_mm_cmpgt_epi8(v, ua),
		    _mm_cmpgt_epi8(uz, v));
		hi = _mm_or_si128(hi, v);
		_mm_storeu_si128((__m128i *)(void *)(o + at),
		    _mm_or_si128(v, _mm_and_si128(up, cs)));
		i = at + 16;
	}
	if (_mm_movemask_epi8(hi) != 0)
		acc = 0x80;
#endif
	/* As txf_ascii_lower, with the case bits masked off when not
	 * lowering; the high bits of every word are gathered in acc. */
	for (; i + 8 <= n; i += 8) {
		uint64_t w, ge, gt;
		memcpy(&w, p + i, 8);
		acc |= w;
		ge = w + 0x3F3F3F3F3F3F3F3FULL;
		gt = w + 0x2525252525252525ULL;
		w |= ((ge & ~gt) & mask) >> 2;
		memcpy(o + i, &w, 8);
	}
	for (; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		acc |= c;
		o[i] = (char)(lower && (unsigned)(c - 'A') < 26u ? c + 32 : c);
	}
	return (acc & 0x8080808080808080ULL) == 0;
}
