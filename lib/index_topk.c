/*
 * index_topk.c - the best hits of a search so far (index_topk.h).
 *
 * The hits are collected in an array of k + extra: when it fills, the
 * hits above a sampled score (compact()) or a selection keep at least
 * the k best, and that score or the k-th best's becomes the threshold
 * (a threshold that lags the true k-th score only prunes less).
 */
#include <stdlib.h>
#include <string.h>

#include "textfeat.h"
#include "index_topk.h"
#include "sort.h"

/* Scores compact() samples. */
#define COMPACT_SAMPLE 64

#define HIT_BETTER(ctx, x, y) txf_hit_better((x), (y))
TXF_SORT_PARTS_DEFINE(hit_sort, txf_ix_hit, int, HIT_BETTER)

int
txf_topk_init(txf_topk *t, size_t k)
{
	/* Room for k/2 more (k/4 + 1 when k is small): selections often
	 * enough that the threshold lags little (a threshold below the
	 * k-th best lets more candidates in: a small k selects among few,
	 * and oftener). */
	size_t extra = k < 256 ? k / 4 + 1 : k / 2;

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

/*
 * Selection and sorting partition without a branch on the scores: hits
 * are in no order, so a branch on each comparison is mispredicted half
 * the time.  Lomuto's scheme, every element swapped whether it moves or
 * not: a[lo..hi] about the pivot a[hi], which ends at the position
 * returned, the better hits before it, the others after.  (better() is
 * a strict total order: documents are distinct.)
 */
static inline int
hit_better_nb(const txf_ix_hit *a, const txf_ix_hit *b)
{
	return (a->score > b->score) |
	    ((a->score == b->score) & (a->doc < b->doc));
}

/*
 * A hit moved as one 16-byte word where the compiler has vectors: moved
 * field by field, a hit stored as two parts and read back whole (the
 * next element often is the one just stored) stalls the processor's
 * store forwarding on every such element.
 */
#if defined(__GNUC__)
typedef unsigned char hit_word __attribute__((vector_size(16)));
_Static_assert(sizeof(txf_ix_hit) == sizeof(hit_word), "a hit is 16 bytes");
#define HIT_LOAD(w, h) memcpy(&(w), (h), sizeof(w))
#define HIT_STORE(h, w) memcpy((h), &(w), sizeof(w))
#else
typedef txf_ix_hit hit_word;
#define HIT_LOAD(w, h) ((w) = *(h))
#define HIT_STORE(h, w) (*(h) = (w))
#endif

static size_t
partition(txf_ix_hit *a, size_t lo, size_t hi)
{
	txf_ix_hit p = a[hi];
	size_t j = lo;

	for (size_t i = lo; i < hi; i++) {
		hit_word x, y;
		int b = hit_better_nb(&a[i], &p);
		HIT_LOAD(x, &a[i]);
		HIT_LOAD(y, &a[j]);
		HIT_STORE(&a[i], y);
		HIT_STORE(&a[j], x);
		j += (size_t)b;
	}
	a[hi] = a[j];
	a[j] = p;
	return j;
}

/* The median of a[x], a[y], a[z] moved to a[hi] (the pivot). */
static void
pivot(txf_ix_hit *a, size_t x, size_t y, size_t z, size_t hi)
{
	size_t m;

	if (txf_hit_better(&a[x], &a[y]))
		m = txf_hit_better(&a[y], &a[z]) ? y :
		    txf_hit_better(&a[x], &a[z]) ? z : x;
	else
		m = txf_hit_better(&a[x], &a[z]) ? x :
		    txf_hit_better(&a[y], &a[z]) ? z : y;
	txf_ix_hit t = a[m];
	a[m] = a[hi];
	a[hi] = t;
}

void
txf_topk_select(txf_ix_hit *a, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1, want = k - 1;

	while (lo < hi) {
		pivot(a, lo, lo + (hi - lo) / 2, hi, hi);
		size_t j = partition(a, lo, hi);
		if (want == j)
			return;
		if (want < j)
			hi = j - 1;
		else
			lo = j + 1;
	}
}

/* Sort a[0..n) best first: quicksort on the partition above, the
 * recursion on the smaller part, heap sort past a depth, insertion sort
 * on short parts. */
static void
hits_sort(txf_ix_hit *a, size_t n, int depth)
{
	while (n > 16) {
		if (depth-- == 0) {
			hit_sort_heap(0, a, n);
			return;
		}
		pivot(a, 0, n / 2, n - 1, n - 1);
		size_t j = partition(a, 0, n - 1);
		if (j < n - 1 - j) {
			hits_sort(a, j, depth);
			a += j + 1;
			n -= j + 1;
		} else {
			hits_sort(a + j + 1, n - 1 - j, depth);
			n = j;
		}
	}
	hit_sort_insertion(0, a, n);
}

/*
 * Make room in the full array of hits by a score p that about k + a
 * quarter of the room exceed, taken from a sample: when at least k and
 * at most k + half the room do, they are kept and p becomes the
 * threshold (any document of score p or less ranks below k of them);
 * when not, the next sampled score down or up is tried, a few times.  One pass that counts and
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
	size_t keep = k + (t->max - k) / 4, hi = k + (t->max - k) / 2;
	size_t at = COMPACT_SAMPLE - 1 - keep * COMPACT_SAMPLE / n;
	double p;
	/* When too few or too many exceed p (the sample's luck, or many
	 * equal scores), the next sampled score down or up; a few tries. */
	for (int tries = 0;; tries++) {
		p = smp[at];
		cnt = 0;
		for (size_t i = 0; i < n; i++)
			cnt += a[i].score > p;
		if (cnt >= k && cnt <= hi)
			break;
		if (tries == 3)
			return 0;
		if (cnt < k) {
			while (at > 0 && smp[at] == p)
				at--;
			if (smp[at] == p)
				return 0;
		} else {
			while (at < COMPACT_SAMPLE - 1 && smp[at] == p)
				at++;
			if (smp[at] == p)
				return 0;
		}
	}
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
	if (t->n == t->k) {
		/* The first k: the k-th best is the worst, nothing moves. */
		double lo = t->a[0].score;
		for (size_t i = 1; i < t->n; i++)
			lo = t->a[i].score < lo ? t->a[i].score : lo;
		t->theta = lo;
	} else if (!compact(t)) {
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
	size_t d = 0;
	for (size_t m = t->n; m > 1; m >>= 1)
		d += 2;
	hits_sort(t->a, t->n, (int)d);
	return t->n;
}
