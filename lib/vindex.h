/*
 * vindex.h - the terms of a counting table by their bytes, for lookups
 * (internal: a vocab builds one of its terms when it loads; vectorize and
 * match look tokens up in it).  The index takes the terms it indexes and
 * knows nothing of vocabs.
 *
 * Open addressing with linear probing, at most two thirds full.  A slot
 * holds the term's first 16 bytes (zero-padded), its length, its row + 1
 * (0: empty) and its idf, so a term of up to 16 bytes, most terms, is
 * found with its idf in one memory access; a longer one compares its
 * other bytes with the table's copy.  The probing helpers are inline so
 * that a caller can start many lookups before finishing any (hash and prefetch the home
 * slots of a few tokens ahead, then probe), which overlaps the cache
 * misses of a large vocab.
 */
#ifndef TXF_VINDEX_H
#define TXF_VINDEX_H

#include <stdint.h>
#include <string.h>

#include "textfeat.h"
#include "internal.h"

struct txf_vslot {
	uint64_t head[2];         /* the first 16 bytes */
	uint32_t len;
	uint32_t row1;            /* row + 1; 0 for an empty slot */
	double idf;               /* the row's idf column (0 without one) */
};

typedef struct txf_vindex {
	struct txf_vslot *slot;
	size_t mask;
	const txf_count *terms;   /* the terms indexed: the bytes of terms of
	                             more than 16 */
} txf_vindex;

/* The index of the terms of a table (rows 0..txf_count_size(terms) - 1,
 * all distinct; borrowed: the table must outlive the index), idf[row]
 * their idf (NULL: none); NULL when out of memory. */
txf_vindex *txf_vindex_new(const txf_count *terms, const double *idf);
void txf_vindex_free(txf_vindex *vi);

/* The row of each of t[0..n) in rows[0..n), -1 for a term not there, and
 * when idf is not NULL its idf in idf[0..n) (0 for a term not there); the
 * lookups' misses overlap. */
void txf_vindex_find_many(const txf_vindex *vi, const txf_str *t, size_t n,
                          long *rows, double *idf);

/* A term's first 16 bytes, zero-padded, as two words. */
static inline void
txf_vindex_head(const char *p, size_t n, uint64_t head[2])
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* The same words as the zero-padded copy below, from reads of 8,
	 * 4 or 1 bytes that stay within the term (the last one of each
	 * size overlapping, its extra bytes shifted out). */
	const unsigned char *u = (const unsigned char *)p;
	uint64_t a, b;
	uint32_t x, y;

	if (n >= 16) {
		memcpy(&a, p, 8);
		memcpy(&b, p + 8, 8);
	} else if (n >= 8) {
		memcpy(&a, p, 8);
		memcpy(&b, p + n - 8, 8);
		b = n > 8 ? b >> (8 * (16 - n)) : 0;
	} else if (n >= 4) {
		memcpy(&x, p, 4);
		memcpy(&y, p + n - 4, 4);
		a = x | (uint64_t)y << (8 * (n - 4));
		b = 0;
	} else if (n > 0) {
		a = u[0] | (uint64_t)u[n >> 1] << (8 * (n >> 1)) |
		    (uint64_t)u[n - 1] << (8 * (n - 1));
		b = 0;
	} else {
		a = b = 0;
	}
	head[0] = a;
	head[1] = b;
#else
	char b[16] = { 0 };

	memcpy(b, p, n < 16 ? n : 16);
	memcpy(head, b, 16);
#endif
}

static inline uint64_t
txf_vindex_mix(uint64_t x)
{
	x ^= x >> 32;
	x *= 0xd6e8feb86659fd93ull;
	x ^= x >> 32;
	x *= 0xd6e8feb86659fd93ull;
	x ^= x >> 32;
	return x;
}

/* Where a term's probe starts: its head, its length and the rest of its
 * bytes, 8 at a time (the last 8 overlapping), mixed. */
static inline size_t
txf_vindex_home(const txf_vindex *vi, const uint64_t head[2], const char *p,
                size_t n)
{
	uint64_t x = txf_vindex_mix(head[0] ^ (uint64_t)n *
	    0x9e3779b97f4a7c15ull);

	x ^= head[1];
	if (n > 16) {
		size_t i = 16;
		for (; i + 8 < n; i += 8) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			x = txf_vindex_mix(x ^ w);
		}
		uint64_t tail;
		memcpy(&tail, p + n - 8, 8);
		x ^= tail;
	}
	return (size_t)txf_vindex_mix(x) & vi->mask;
}

/* The slot of the term p[0..n) whose head and home slot are head and
 * pos, or NULL. */
static inline const struct txf_vslot *
txf_vindex_slot(const txf_vindex *vi, size_t pos, const uint64_t head[2],
                const char *p, size_t n)
{
	for (;;) {
		const struct txf_vslot *s = &vi->slot[pos];
		if (s->row1 == 0)
			return NULL;
		if (s->head[0] == head[0] && s->head[1] == head[1] &&
		    s->len == n && (n <= 16 || memcmp(txf_count_term(vi->terms,
		    s->row1 - 1).p + 16, p + 16, n - 16) == 0))
			return s;
		pos = (pos + 1) & vi->mask;
	}
}

/* The row of the term p[0..n) whose head and home slot are head and pos,
 * or -1. */
static inline long
txf_vindex_probe(const txf_vindex *vi, size_t pos, const uint64_t head[2],
                 const char *p, size_t n)
{
	const struct txf_vslot *s = txf_vindex_slot(vi, pos, head, p, n);

	return s != NULL ? (long)s->row1 - 1 : -1;
}

/* The row of p[0..n), or -1. */
static inline long
txf_vindex_find(const txf_vindex *vi, const char *p, size_t n)
{
	uint64_t head[2];

	txf_vindex_head(p, n, head);
	return txf_vindex_probe(vi, txf_vindex_home(vi, head, p, n), head, p,
	    n);
}

#endif
