/*
 * index_topk.c - the best hits of a search so far (index_topk.h).
 *
 * The hits are collected in an array of k + extra: when it fills, the
 * hits above a sampled score (compact()) or a selection keep at least
 * the k best, and that score or the k-th best's becomes the threshold
 * (a threshold that lags the true k-th score only prunes less).
 */
#include <stdlib.h>

#include "textfeat.h"
#include "index_topk.h"
#include "sort.h"

/* Scores compact() samples. */
#define COMPACT_SAMPLE 32

#define HIT_BETTER(ctx, x, y) txf_hit_better((x), (y))
TXF_SORT_DEFINE(hit_sort, txf_ix_hit, int, HIT_BETTER)

int
txf_topk_init(txf_topk *t, size_t k)
{
	/* Room for k/2 more (k when k is small): selections often enough
	 * that the threshold lags little. */
	size_t extra = k < 256 ? k : k / 2;

	if (extra > 65536)
		extra = 65536;
	t->k = k;
	t->max = k + extra;
	t->a = malloc(t->max * sizeof *t->a);
	txf_topk_reset(t);
	return t->a == NULL ? TXF_ENOMEM : 0;
}

void
txf_topk_free(txf_topk *t)
{
	free(t->a);
	t->a = NULL;
}

void
txf_topk_reset(txf_topk *t)
{
	t->n = 0;
	t->cap = t->k;
	t->full = 0;
	t->theta = 0;
}

/* Quickselect, Hoare's partition about the middle element. */
void
txf_topk_select(txf_ix_hit *a, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1, want = k - 1;

	while (lo < hi) {
		txf_ix_hit p = a[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;
		for (;;) {
			while (txf_hit_better(&a[i], &p))
				i++;
			while (txf_hit_better(&p, &a[j]))
				j--;
			if (i >= j)
				break;
			txf_ix_hit x = a[i];
			a[i] = a[j];
			a[j] = x;
			i++;
			j--;
		}
		/* a[lo..j] rank above or as p, a[j + 1..hi] as or below. */
		if (want <= j)
			hi = j;
		else
			lo = j + 1;
	}
}

/*
 * Make room in the full array of hits by a score p that about k + k/4 of
 * them exceed, taken from a sample: when at least k and at most k + half
 * the room do, they are kept and p becomes the threshold (any document
 * of score p or less ranks below k of them).  One pass that counts and
 * one that moves, both without a branch on the scores: cheaper than a
 * selection, and a threshold that lags the k-th score a little only
 * prunes less.  0 when the sample missed (then a selection).
 */
static int
compact(txf_topk *t)
{
	txf_ix_hit *a = t->a;
	size_t n = t->n, k = t->k, cnt = 0, j = 0;
	double smp[COMPACT_SAMPLE];

	if (n < 4 * COMPACT_SAMPLE || n <= k)
		return 0;
	for (size_t i = 0; i < COMPACT_SAMPLE; i++) {
		double v = a[i * n / COMPACT_SAMPLE].score;
		size_t s = i;
		for (; s > 0 && smp[s - 1] > v; s--)
			smp[s] = smp[s - 1];
		smp[s] = v;
	}
	size_t keep = k + k / 4;
	double p = smp[COMPACT_SAMPLE - 1 - keep * COMPACT_SAMPLE / n];
	for (size_t i = 0; i < n; i++)
		cnt += a[i].score > p;
	if (cnt < k || cnt > k + (t->max - k) / 2)
		return 0;
	for (size_t i = 0; i < n; i++) {
		a[j] = a[i];
		j += a[i].score > p;
	}
	t->n = j;
	t->theta = p;
	return 1;
}

void
txf_topk_room(txf_topk *t)
{
	if (!compact(t)) {
		txf_topk_select(t->a, t->n, t->k);
		t->n = t->k;
		t->theta = t->a[t->k - 1].score;
	}
	t->full = 1;
	t->cap = t->max;
}

size_t
txf_topk_finish(txf_topk *t)
{
	if (t->n > t->k) {
		txf_topk_select(t->a, t->n, t->k);
		t->n = t->k;
	}
	hit_sort(0, t->a, t->n);
	return t->n;
}
