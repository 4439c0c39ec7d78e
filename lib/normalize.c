/* normalize.c - NFC/NFKC, case mapping and accent stripping (utf8proc). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "textfeat.h"
#include "internal.h"
#include "unicode_tables.h"

/* Run utf8proc_map with the given options and append the result. */
static int
map_append(const char *p, size_t n, utf8proc_option_t opt, txf_buf *out)
{
	utf8proc_uint8_t *res = NULL;
	utf8proc_ssize_t k;
	int rc;

	k = utf8proc_map((const utf8proc_uint8_t *)p, (utf8proc_ssize_t)n,
	    &res, opt);
	if (k < 0)
		return k == UTF8PROC_ERROR_NOMEM ? TXF_ENOMEM : TXF_EUTF8;
	rc = txf_buf_add(out, res, (size_t)k);
	free(res);
	return rc;
}

/*
 * Whether NFC and NFKC leave a code point as it is wherever it stands, and
 * nothing before it changes because of it.  They change text only where a
 * code point has a decomposition, has a non-zero combining class
 * (reordering), or can be the second of a composition pair: utf8proc marks
 * those with bit 15 of comb_index, and the conjoining Hangul vowels and
 * trailing consonants compose by rule.
 */
static int
nf_stable_cp(int32_t cp)
{
	const utf8proc_property_t *pr = utf8proc_get_property(cp);

	return pr->decomp_seqindex == UINT16_MAX && pr->combining_class == 0 &&
	    (pr->comb_index == UINT16_MAX || !(pr->comb_index & 0x8000)) &&
	    !(cp >= 0x1161 && cp <= 0x1175) && !(cp >= 0x11A8 && cp <= 0x11C2);
}

/* The code point at p[i] (valid UTF-8) and its length. */
static inline int32_t
cp_at(const char *p, size_t n, size_t i, size_t *len)
{
	int32_t cp;

	if ((unsigned char)p[i] < 0x80) {
		*len = 1;
		return (unsigned char)p[i];
	}
	(void)txf_utf8_decode(p + i, n - i, &cp, len);
	return cp;
}

/*
 * Normalize only the runs that can change: a run starts at the stable code
 * point before an unstable one (it may be the first of a composition) and
 * ends before the next stable code point (which composes with nothing
 * before it and is not reordered).  The text between runs is copied.
 */
int
txf_normalize(const char *p, size_t n, enum txf_norm norm, txf_buf *out)
{
	utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	    (norm == TXF_NORM_NFKC ? UTF8PROC_COMPAT : 0);
	size_t i = 0, copied = 0, prev = 0, len;
	int rc;

	if (norm == TXF_NORM_NONE || txf_is_ascii(p, n))
		return txf_buf_add(out, p, n);
	while (i < n) {
		size_t at = i;
		int32_t cp = cp_at(p, n, i, &len);
		i += len;
		if (cp < 0x80 || nf_stable_cp(cp)) {
			prev = at;
			continue;
		}
		size_t run = at > 0 ? prev : 0;
		while (i < n) {
			cp = cp_at(p, n, i, &len);
			if (cp < 0x80 || nf_stable_cp(cp))
				break;
			i += len;
		}
		if ((rc = txf_buf_add(out, p + copied, run - copied)) < 0 ||
		    (rc = map_append(p + run, i - run, opt, out)) < 0)
			return rc;
		copied = i;
	}
	return txf_buf_add(out, p + copied, n - copied);
}

/* Decode the code point at p[i], valid UTF-8 assumed. */
static int32_t
next_cp(const char *p, size_t n, size_t *i)
{
	int32_t cp;
	size_t len;

	(void)txf_utf8_decode(p + *i, n - *i, &cp, &len);
	*i += len;
	return cp;
}

static int32_t
prev_cp(const char *p, size_t *i)
{
	size_t j = *i;
	int32_t cp;
	size_t len;

	do
		j--;
	while (j > 0 && ((unsigned char)p[j] & 0xC0) == 0x80);
	(void)txf_utf8_decode(p + j, *i - j, &cp, &len);
	*i = j;
	return cp;
}

/*
 * Python's Final_Sigma test for the capital sigma at p[at..at+2): a cased
 * letter before it (case-ignorable ones skipped) and none after it.
 */
static int
final_sigma(const char *p, size_t n, size_t at)
{
	size_t i = at;
	int32_t c = 0;
	int found = 0;

	while (i > 0) {
		c = prev_cp(p, &i);
		if (!txf_uc_is_case_ignorable(c)) {
			found = 1;
			break;
		}
	}
	if (!found || !txf_uc_is_cased(c))
		return 0;
	i = at + 2;
	while (i < n) {
		c = next_cp(p, n, &i);
		if (!txf_uc_is_case_ignorable(c))
			return !txf_uc_is_cased(c);
	}
	return 1;
}

static int
lower_ascii(const char *p, size_t n, txf_buf *out)
{
	if (txf_buf_grow(out, n) < 0)
		return TXF_ENOMEM;
	txf_ascii_lower(p, n, out->p + out->n);
	out->n += n;
	return 0;
}

/* Append the case mapping of one code point (not ASCII) at p[at..) to o;
 * returns its length (at most 6 bytes from one code point of two, 9 from
 * three or four). */
static size_t
map_cp(int32_t cp, enum txf_case c, const char *p, size_t n, size_t at,
       size_t len, char *o)
{
	const utf8proc_property_t *pr = utf8proc_get_property(cp);

	if (c == TXF_CASE_FOLD ? pr->casefold_seqindex == UINT16_MAX :
	    pr->lowercase_seqindex == UINT16_MAX) {
		/* Caseless (most non-Latin text): the bytes as they are. */
		memcpy(o, p + at, len);
		return len;
	}
	if (c == TXF_CASE_FOLD) {
		utf8proc_int32_t seq[8];
		int last = 0;
		size_t k = 0;
		utf8proc_ssize_t m = utf8proc_decompose_char(cp, seq, 8,
		    UTF8PROC_CASEFOLD, &last);
		for (utf8proc_ssize_t j = 0; j < m && j < 8; j++)
			k += (size_t)txf_utf8_encode(seq[j], o + k);
		return k;
	}
	if (cp == 0x130) {            /* I WITH DOT ABOVE */
		memcpy(o, "i\xCC\x87", 3);
		return 3;
	}
	if (cp == 0x3A3)              /* GREEK CAPITAL SIGMA */
		cp = final_sigma(p, n, at) ? 0x3C2 : 0x3C3;
	else
		cp = utf8proc_tolower(cp);
	return (size_t)txf_utf8_encode(cp, o);
}

/*
 * The mappings of the two-byte code points U+0080..U+07FF (Latin, Greek,
 * Cyrillic, Hebrew, Arabic ...), made once: most cased text that is not
 * ASCII is there.  len 0 marks capital sigma under lower, which depends
 * on its neighbours.
 */
struct map2 {
	char s[8];            /* copied whole: the output has room */
	unsigned char len;
};
static struct map2 fold2[0x780], lower2[0x780];
static pthread_once_t map2_once = PTHREAD_ONCE_INIT;

static void
map2_init(void)
{
	for (int32_t cp = 0x80; cp < 0x800; cp++) {
		char in[2];
		txf_utf8_encode(cp, in);
		fold2[cp - 0x80].len = (unsigned char)map_cp(cp, TXF_CASE_FOLD,
		    in, 2, 0, 2, fold2[cp - 0x80].s);
		if (cp != 0x3A3)
			lower2[cp - 0x80].len = (unsigned char)map_cp(cp,
			    TXF_CASE_LOWER, in, 2, 0, 2, lower2[cp - 0x80].s);
	}
}

int
txf_casemap(const char *p, size_t n, enum txf_case c, txf_buf *out)
{
	if (c == TXF_CASE_KEEP)
		return txf_buf_add(out, p, n);
	if (txf_is_ascii(p, n))
		return lower_ascii(p, n, out);
	/* Case changes at most triple the length (U+0390 folds to three
	 * code points of two bytes each from two bytes). */
	if (n > SIZE_MAX / 3 || txf_buf_grow(out, 3 * n + 8) < 0)
		return TXF_ENOMEM;
	pthread_once(&map2_once, map2_init);
	const struct map2 *m2 = c == TXF_CASE_FOLD ? fold2 : lower2;
	const unsigned char *u = (const unsigned char *)p;
	char *o = out->p + out->n;
	size_t i = 0;
	while (i < n) {
		unsigned char b = u[i];
		if (b < 0x80) {
			*o++ = (char)((unsigned)(b - 'A') < 26u ? b + 32 : b);
			i++;
			continue;
		}
		if (b < 0xE0) {   /* two bytes (valid UTF-8: C2..DF 80..BF) */
			const struct map2 *e =
			    &m2[(((b & 0x1F) << 6) | (u[i + 1] & 0x3F)) - 0x80];
			if (e->len > 0) {
				memcpy(o, e->s, 8);
				o += e->len;
				i += 2;
				continue;
			}
		}
		size_t at = i;
		int32_t cp = next_cp(p, n, &i);
		o += map_cp(cp, c, p, n, at, i - at, o);
	}
	out->n = (size_t)(o - out->p);
	return 0;
}

int
txf_strip_accents(const char *p, size_t n, txf_buf *out)
{
	if (txf_is_ascii(p, n))
		return txf_buf_add(out, p, n);

	size_t start = out->n;
	int rc = map_append(p, n, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
	    UTF8PROC_COMPAT, out);
	if (rc < 0)
		return rc;
	/* Drop the marks in place. */
	size_t i = start, o = start;
	while (i < out->n) {
		size_t at = i;
		int32_t cp = next_cp(out->p, out->n, &i);
		if (utf8proc_get_property(cp)->combining_class != 0)
			continue;
		memmove(out->p + o, out->p + at, i - at);
		o += i - at;
	}
	out->n = o;
	return 0;
}
