/*
 * index_search.h - what the search (index_search.c) and its first
 * threshold (index_prepass.c) share: the cursors of a query's lists, the
 * searcher, BM25's parts and bounds.  Internal.
 */
#ifndef TXF_INDEX_SEARCH_H
#define TXF_INDEX_SEARCH_H

#include <stdint.h>
#include <string.h>

#include "textfeat.h"
#include "index.h"
#include "index_impl.h"
#include "index_topk.h"

#define END UINT32_MAX
#define END64 UINT64_MAX
/* Bounds are compared with this much room for rounding. */
#define SLACK (1 + 1e-9)
/* Blocks of a list prepass() scores at most. */
#define PRE_BLOCKS 16
/* The largest k for which prepass() looks past the first list of k
 * documents. */
#define PRE_FULL 64

/* A decoded block's documents are followed by this many ENDs, for
 * seek(). */
#define PAD 16

/*
 * The first of docs[p..] that is d or more (docs sorted, then PAD ENDs
 * past the block): PAD at a time, then the count of those below d among
 * those PAD, without a branch on each (a lookup lands a few documents
 * on, and a loop's exit was mispredicted on nearly every one).
 */
static inline uint32_t
seek(const uint32_t *docs, uint32_t p, uint32_t d)
{
	while (docs[p + PAD - 1] < d)
		p += PAD;
#if IX_VEC
	/* Vectors of four, compared as signed numbers (SSE2 has no
	 * unsigned comparison): a lane below d is -1. */
	const ix_i4 x = (ix_i4){0, 0, 0, 0} + (int32_t)(d ^ 0x80000000u);
	ix_i4 m = {0, 0, 0, 0};
#pragma GCC unroll 4
	for (uint32_t j = 0; j < PAD; j += 4) {
		ix_u4 a;
		memcpy(&a, docs + p + j, 16);
		m += (ix_i4)(a ^ 0x80000000u) < x;
	}
	m += IX_SHUF(m, m, 2, 3, 0, 1);
	m += IX_SHUF(m, m, 1, 0, 3, 2);
	return p - (uint32_t)m[0];
#else
	uint32_t q = p;
#pragma GCC unroll 16
	for (uint32_t j = 0; j < PAD; j++)
		q += docs[p + j] < d;
	return q;
#endif
}

struct cur {
	const uint8_t *skip;     /* the skip table; NULL for one block */
	const uint8_t *pay;      /* the blocks */
	size_t payn;
	uint32_t df, nb;
	uint32_t bi;             /* the current block; nb when done */
	uint32_t bfirst, blast;  /* its documents lie in [bfirst, blast] */
	uint32_t dec;            /* the block decoded, plus 1 (0: none) */
	uint32_t n, pos;         /* its postings, the next one */
	int tfok;                /* its counts decoded in tfs */
	const uint8_t *blk;      /* its bytes */
	uint32_t ctf;            /* count in the document scored */
	size_t qi;               /* the query term */
	double w;                /* query count times idf */
	double wq;               /* w / 255: a quantised bound's unit */
	double idf;
	double ub;               /* bound of any posting's score */
	double bub;              /* bound in the current block */
	double cv;               /* the score it adds to the document (0
	                            when ctf is 0) */
	int loose;               /* its blocks do not end regions (see
	                            loosen()) */
	double rb;               /* its bound in the region */
	size_t ce;               /* its entry in the searcher's term cache */
	const uint64_t *bits;    /* its documents as bits (index_bits.c),
	                            or NULL */
	uint32_t docs[TXF_IX_BLOCK + PAD];  /* then PAD ENDs */
	uint32_t tfs[TXF_IX_BLOCK];
};

/* A dense list's documents as bits (index_bits.c). */
struct ix_bits {
	const uint8_t *pay;      /* the list's blocks */
	uint64_t *bits;
	uint64_t used;           /* the last query that used it */
};

struct txf_ix_searcher {
	const txf_ix *ix;
	txf_ix_searchopts o;
	int defaults;            /* k1, b are those the quantised maxima
	                            were made for */
	int tfidf;
	txf_count *q;
	txf_count *tc;           /* the terms met (term_lookup()): TC_* */
	struct cur *cur;         /* in the query's order */
	struct cur **cs;         /* by bound */
	struct cur **rl;         /* per region: the lists not done, by
	                            their blocks' bounds */
	size_t ncap;
	double *prefix;          /* sums of the first lists' bounds */
	double *nrest;           /* per region: sums of the first rl's
	                            blocks' bounds */
	txf_topk top;            /* the best hits so far */
	txf_ix_hit *pre;         /* prepass(): single-term scores */
	int bad;                 /* a malformed record was met */
	double *normtab;         /* BM25's length normalization by length */
	size_t nnorm;
	const uint8_t *dl1;      /* the lengths, when a byte each */
	const uint8_t *pfbase;   /* what doc_prefetch() fetches: lengths */
	unsigned pfshift;        /* or norms, 1 << pfshift bytes each */
	int prefetch;            /* they are larger than a cache */
	double qnorm;
	struct ix_bits *bm;      /* the dense lists' bits (index_bits.c) */
	size_t nbm, maxbm;
	uint64_t nq;             /* queries searched */
};

/* The BM25 length normalization of a document of dl tokens, as match
 * computes it. */
static inline double
bm_norm_calc(const txf_ix_searcher *s, uint32_t dl)
{
	double ratio = s->ix->avgdl > 0 ? (double)dl / s->ix->avgdl : 1;
	return s->o.k1 * (1 - s->o.b + s->o.b * ratio);
}

static inline double
bm_norm(const txf_ix_searcher *s, uint32_t dl)
{
	return dl < s->nnorm ? s->normtab[dl] : bm_norm_calc(s, dl);
}

/* The length normalization of document d. */
static inline double
doc_norm(const txf_ix_searcher *s, uint32_t d)
{
	if (s->dl1 != NULL)
		return s->normtab[s->dl1[d]];
	return bm_norm(s, ix_doclen(s->ix, d));
}

/* Start fetching what scoring document d reads (its length, or its
 * norm for tf-idf): the lists' documents are known ahead, their lengths
 * lie far apart in memory.  (Without a branch: GCC 12 drops a prefetch
 * under a condition.) */
static inline void
doc_prefetch(const txf_ix_searcher *s, uint32_t d)
{
	__builtin_prefetch(s->pfbase + ((size_t)d << s->pfshift));
}

/* A block's bound without the weight, from its largest count and
 * smallest length (65535: any count). */
static inline double
pair_bound(const txf_ix_searcher *s, unsigned maxtf, unsigned mindl)
{
	if (maxtf >= 65535)
		return 1;
	double tf = (double)maxtf;
	return tf / (tf + bm_norm(s, mindl));
}

/* The bound of the block whose skip entry is e. */
static inline double
skip_bound(const txf_ix_searcher *s, const struct cur *c, const uint8_t *e)
{
	if (s->tfidf)
		return c->ub;
	/* w * (q / 255) but for rounding, which SLACK covers: no
	 * division each time a list moves to a block. */
	if (s->defaults)
		return c->wq * (double)e[12];
	return c->w * pair_bound(s, ix_get16(e + 8), ix_get16(e + 10));
}

/* Whether document d passes --allow. */
static inline int
allowed(const txf_ix_searcher *s, uint32_t d)
{
	return s->o.allow == NULL || (s->o.allow[d >> 3] & (1u << (d & 7)));
}

/* The first of c's blocks from b (< c->nb) on whose last document is d
 * or after (c->nb when none), by the skip table: galloping, then halving
 * (a dense list's blocks are many, and the documents looked up may be
 * few). */
static inline uint32_t
block_of(const struct cur *c, uint32_t b, uint64_t d)
{
	uint32_t lo = b, step = 1;

	while (lo + step < c->nb &&
	    ix_get32(c->skip + (size_t)(lo + step) * IX_SKIP) < d) {
		lo += step;
		step *= 2;
	}
	uint32_t hi = lo + step < c->nb ? lo + step : c->nb;
	/* The block sought is in [lo, hi]: lo's last may be below d. */
	if (ix_get32(c->skip + (size_t)lo * IX_SKIP) >= d)
		return lo;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (ix_get32(c->skip + (size_t)mid * IX_SKIP) < d)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

/*
 * The searcher keeps the terms its queries met (up to TC_MAX, then it
 * starts again), each with these counters: where the dictionary put
 * it, and the first threshold its list gives for a weight (the
 * prepass's k-th part, which depends on the list, k, --allow and the
 * weight only).
 */
#define TC_MAX 16384
enum {
	TC_FLAGS,                /* TC_FOUND, TC_KTH */
	TC_PTR, TC_LEN, TC_DF,   /* the txf_ix_term */
	TC_W, TC_KTH_V,          /* the weight and its k-th part (bits) */
	TC_NVALS
};
#define TC_FOUND 1u
#define TC_KTH 2u

/* Whether c may hold document d: 0 when its bits say it does not. */
static inline int
may_hold(const struct cur *c, uint32_t d)
{
	return c->bits == NULL || (c->bits[d >> 6] >> (d & 63) & 1);
}

/* The bits of the documents of c (open, non-essential), kept by the
 * searcher, or NULL: a list not dense, no room, or a block malformed
 * (the walk finds it, as without) (index_bits.c). */
const uint64_t *txf_ix_list_bits(txf_ix_searcher *s, const struct cur *c);
void txf_ix_bits_free(txf_ix_searcher *s);

/* Decode c's block i into docs (then PAD ENDs) and, when tfs is not NULL,
 * its counts; *blk gets its bytes.  The postings, or 0 when it is
 * malformed (index_search.c). */
uint32_t txf_ix_block_at(const txf_ix_searcher *s, const struct cur *c,
                         uint32_t i, uint32_t *docs, uint32_t *tfs,
                         const uint8_t **blk);

/* A first threshold into s->top before any document is scored, for the
 * m lists s->cs (index_prepass.c).  0, or TXF_EFORMAT. */
int txf_ix_prepass(txf_ix_searcher *s, size_t m, const txf_str *exclude);

#endif
