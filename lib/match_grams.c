/*
 * match_grams.c - char3_jaccard: the sets of character 3-grams of a
 * query and a listing (see match.c for the keys and the sets).
 */
#include <stdlib.h>
#include <string.h>

#include "match.h"

/* The product of a key that places it: its home slot in a set is the
 * product's top bits, as many as the set has slots (so two sets share
 * one multiplication). */
static inline uint64_t
gset_mix(uint64_t key)
{
	return key * UINT64_C(0x9E3779B97F4A7C15);
}

/*
 * Empty the set for at most max short grams: over the smallest power of
 * two of slots at least 8 max (2 max for a set of more than 4096), so that
 * most keys find their home slot free or their own, and the probes of a
 * short listing stay within a few cache lines after a long one.  The
 * memory is allocated once for the largest set and reused; emptying
 * clears the bitmap of the slots in use, a bit a slot.
 */
int
txf_mt_gset_reset(struct gset *s, size_t max)
{
	size_t need = 64, want = max <= 4096 ? 8 * max : 2 * max;

	while (need < want) {
		if (need > SIZE_MAX / 4 / sizeof *s->key)
			return TXF_ENOMEM;
		need *= 2;
	}
	s->n = 0;
	txf_count_clear(s->lng);
	if (need > s->cap) {
		free(s->key);
		free(s->used);
		s->key = malloc(need * sizeof *s->key);
		s->used = malloc(need / 64 * sizeof *s->used);
		s->cap = s->key != NULL && s->used != NULL ? need : 0;
		s->mask = 0;
		if (s->cap == 0)
			return TXF_ENOMEM;
	}
	memset(s->used, 0, need / 64 * sizeof *s->used);
	s->mask = need - 1;
	s->shift = 64;
	for (size_t k = need; k > 1; k >>= 1)
		s->shift--;
	return 0;
}

/* Add key of product x (gset_mix(); the set has room: see gset_reset):
 * 1 when it is new, 0 when it was there.  A new key is written without
 * reading its slot. */
static inline int
gset_add(struct gset *s, uint64_t key, uint64_t x)
{
	size_t h = (size_t)(x >> s->shift);
	for (;;) {
		uint64_t bit = UINT64_C(1) << (h & 63);
		if ((s->used[h >> 6] & bit) == 0) {
			s->used[h >> 6] |= bit;
			s->key[h] = key;
			s->n++;
			return 1;
		}
		if (s->key[h] == key)
			return 0;
		h = (h + 1) & s->mask;
	}
}

/* Whether key, of product x, is in the set. */
static inline int
gset_has(const struct gset *s, uint64_t key, uint64_t x)
{
	if (s->mask == 0)
		return 0;
	size_t h = (size_t)(x >> s->shift);
	for (;;) {
		if ((s->used[h >> 6] >> (h & 63) & 1) == 0)
			return 0;
		if (s->key[h] == key)
			return 1;
		h = (h + 1) & s->mask;
	}
}

static size_t
gset_size(const struct gset *s)
{
	return s->n + txf_count_size(s->lng);
}

/* The key of gram p[0..n) spelled with 0x80 for U+2581 (E2 96 81), into
 * *key: 1, or 0 when the spelling takes more than 8 bytes. */
static inline int
gram_key(const char *p, size_t n, uint64_t *key)
{
	const unsigned char *u = (const unsigned char *)p;
	uint64_t k = 0;
	unsigned at = 0;

	for (size_t i = 0; i < n; i++) {
		if (at == 64)
			return 0;
		uint64_t c = u[i];
		if (c == 0xE2 && i + 2 < n && u[i + 1] == 0x96 &&
		    u[i + 2] == 0x81) {
			c = 0x80;
			i += 2;
		}
		k |= c << at;
		at += 8;
	}
	*key = k;
	return 1;
}

/*
 * The character 3-grams of tok[0..n), repeats and all: the keys of those
 * of at most 8 bytes into m->gk[0..m->ngk), the others into
 * m->gl[0..m->ngl) (views valid until the next call).
 */
int
txf_mt_gram_keys(txf_matcher *m, const txf_str *tok, size_t n)
{
	size_t bytes = 0, i;
	int rc;

	m->ngk = m->ngl = 0;
	for (i = 0; i < n; i++)
		bytes += tok[i].n + 1;
	RESERVE(m->gk, m->gk_cap, bytes);
	/*
	 * ASCII text, in one pass: every byte is a character, and so is each
	 * space.  w holds the last three characters, a byte each (the oldest
	 * lowest), the space as 0x80: a window of three is a gram's key.  A
	 * byte above 0x7F sends the text to the general case.
	 */
	uint64_t *gk = m->gk;
	uint32_t w = 0;
	size_t k = 0, have = 0;
	unsigned char high = 0;
	for (i = 0; i < n && high < 0x80; i++) {
		const unsigned char *p = (const unsigned char *)tok[i].p;
		size_t len = tok[i].n, j;
		/* Only the first two windows of the text are short. */
		if (i > 0) {
			w = w >> 8 | (uint32_t)0x80 << 16;
			if (++have >= 3)
				gk[k++] = w;
		}
		for (j = 0; j < len && j < 2; j++) {
			high |= p[j];
			w = w >> 8 | (uint32_t)p[j] << 16;
			if (++have >= 3)
				gk[k++] = w;
		}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		/* Six windows from one read of the 8 bytes from j - 2. */
		for (; j + 6 <= len; j += 6) {
			uint64_t x, f;
			memcpy(&x, p + j - 2, 8);
			f = x | x >> 32;      /* every byte's high bit */
			f |= f >> 16;
			f |= f >> 8;
			high |= (unsigned char)f;
			for (int t = 0; t < 6; t++)
				gk[k++] = x >> (8 * t) & 0xffffff;
			w = (uint32_t)(x >> 40) & 0xffffff;
		}
#endif
		for (; j < len; j++) {
			high |= p[j];
			w = w >> 8 | (uint32_t)p[j] << 16;
			gk[k++] = w;
		}
		if (len > 2)
			have += len - 2;
	}
	if (high < 0x80) {
		m->ngk = k;
		return 0;
	}

	txf_tokens g;
	if ((rc = txf_ngrams(m->ngen, tok, n, &g)) < 0)
		return rc;
	RESERVE(m->gk, m->gk_cap, g.n);
	RESERVE(m->gl, m->gl_cap, g.n);
	for (size_t j = 0; j < g.n; j++) {
		if (gram_key(g.v[j].p, g.v[j].n, &m->gk[m->ngk]))
			m->ngk++;
		else
			m->gl[m->ngl++] = g.v[j];
	}
	return 0;
}

/* Put the grams m->gk and m->gl into the set s (emptied first).  Returns
 * 0 or a TXF_E* code. */
int
txf_mt_gset_fill(txf_matcher *m, struct gset *s)
{
	size_t i;

	if (txf_mt_gset_reset(s, m->ngk) < 0)
		return TXF_ENOMEM;
	for (i = 0; i < m->ngk; i++)
		(void)gset_add(s, m->gk[i], gset_mix(m->gk[i]));
	for (size_t j = 0; j < m->ngl; j++) {
		int rc = txf_count_add(s->lng, m->gl[j].p, m->gl[j].n, &i);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/*
 * char3_jaccard of the listing tok[0..n) and the query's grams: the
 * listing's grams go into a set of their own, and each one new to it is
 * looked for among the query's (whose bitmap, a cache line or two for a
 * short query, turns most of them away).
 */
int
txf_mt_char3(txf_matcher *m, const txf_str *tok, size_t n, double *out)
{
	struct gset *q = &m->qg, *d = &m->dg;
	size_t shared = 0, i;
	int rc;

	*out = 0;
	if (gset_size(q) == 0)
		return 0;
	if ((rc = txf_mt_gram_keys(m, tok, n)) < 0)
		return rc;
	if (txf_mt_gset_reset(d, m->ngk) < 0)
		return TXF_ENOMEM;
	for (i = 0; i < m->ngk; i++) {
		uint64_t key = m->gk[i], x = gset_mix(key);
		if (gset_add(d, key, x) && gset_has(q, key, x))
			shared++;
	}
	for (size_t j = 0; j < m->ngl; j++) {
		rc = txf_count_add(d->lng, m->gl[j].p, m->gl[j].n, &i);
		if (rc < 0)
			return rc;
		if (rc > 0 && txf_count_find(q->lng, m->gl[j].p, m->gl[j].n,
		    &i))
			shared++;
	}
	if (shared > 0)
		*out = (double)shared /
		    (double)(gset_size(q) + gset_size(d) - shared);
	return 0;
}
