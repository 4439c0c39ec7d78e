/*
 * index_topk.h - the best hits of a search so far (index_topk.c): an
 * array of k + extra hits that, when it fills, keeps at least the k best
 * and raises the threshold a hit must beat to enter.
 */
#ifndef TXF_INDEX_TOPK_H
#define TXF_INDEX_TOPK_H

#include <stddef.h>
#include <stdint.h>

#include "index.h"

typedef struct {
	txf_ix_hit *a;
	size_t n;                /* hits in a */
	size_t cap;              /* when n reaches it, room is made */
	size_t max;              /* a's size: k + extra */
	size_t k;
	double theta;            /* a hit must score above it, once full */
	int full;                /* theta is set */
} txf_topk;

/* Room for k (> 0) hits and some more: 0 or TXF_ENOMEM. */
int txf_topk_init(txf_topk *t, size_t k);
void txf_topk_free(txf_topk *t);
/* Empty, no threshold: for the next query. */
void txf_topk_reset(txf_topk *t);
/* The array is full: keep at least the k best, raise theta. */
void txf_topk_room(txf_topk *t);
/* Put the k best of a[0..n) (0 < k <= n) first, the k-th best at k - 1. */
void txf_topk_select(txf_ix_hit *a, size_t n, size_t k);
/* The hits, at most k, best first (higher score, then earlier document):
 * their number; t->a holds them. */
size_t txf_topk_finish(txf_topk *t);

/* Whether hit a ranks above hit b: a higher score, or an earlier
 * document. */
static inline int
txf_hit_better(const txf_ix_hit *a, const txf_ix_hit *b)
{
	return a->score > b->score || (a->score == b->score && a->doc < b->doc);
}

/* Take document d with score (the caller has checked it beats theta). */
static inline void
txf_topk_add(txf_topk *t, uint32_t d, double score)
{
	t->a[t->n].doc = d;
	t->a[t->n].score = score;
	if (++t->n >= t->cap)
		txf_topk_room(t);
}

#endif
