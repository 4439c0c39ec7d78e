/*
 * index_prepass.c - a first threshold for a search (index_search.c),
 * from the parts the lists' best blocks give, before the walk.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "index_search.h"

/*
 * The k-th largest score of a[0..n) (k <= n): for k up to PRE_FULL, the
 * k largest kept in order as they come (after the first few, most are
 * below the least of them: one comparison), else a selection (which
 * reorders a).
 */
static double
kth_score(txf_ix_hit *a, size_t n, size_t k)
{
	double top[PRE_FULL];
	size_t nt = 0;

	if (k > PRE_FULL) {
		txf_topk_select(a, n, k);
		return a[k - 1].score;
	}
	for (size_t i = 0; i < n; i++) {
		double v = a[i].score;
		if (nt == k && v <= top[k - 1])
			continue;
		size_t j = nt < k ? nt++ : k - 1;
		for (; j > 0 && top[j - 1] < v; j--)
			top[j] = top[j - 1];
		top[j] = v;
	}
	return top[k - 1];
}

/* Whether the term cache holds list c's k-th part for its weight:
 * then *v gets it (0: fewer than k documents). */
static int
kth_cached(txf_ix_searcher *s, const struct cur *c, double *v)
{
	const uint64_t *e = txf_count_vals(s->tc, c->ce);
	uint64_t w;

	memcpy(&w, &c->w, sizeof w);
	if (!(e[TC_FLAGS] & TC_KTH) || e[TC_W] != w)
		return 0;
	memcpy(v, &e[TC_KTH_V], sizeof *v);
	return 1;
}

/*
 * A first threshold, before any document is scored.  A document's score
 * is at least the part one term gives it (BM25's parts are positive,
 * and a sum of them rounds to no less than each), so the k-th largest
 * part one list gives its documents is at most the k-th score.  Each
 * list's blocks of the largest bounds are decoded, enough for k of its
 * documents (allowed and not excluded), and the threshold starts just
 * below the largest such k-th part: a document whose score cannot reach
 * it cannot rank, and the lists are walked with less to look at while
 * the true k-th score is not yet found.  (Not for tf-idf, whose scores
 * are divided by the documents' norms.)  The best parts' documents are
 * not scored in full: looking them up in the other lists cost more
 * than the higher threshold saved (1,000 queries, k 10: 559M -> 537M
 * instructions without).  0, or TXF_EFORMAT.
 */
int
txf_ix_prepass(txf_ix_searcher *s, size_t m, const txf_str *exclude)
{
	size_t k = s->o.k, want = k / TXF_IX_BLOCK + 2;
	uint32_t docs[TXF_IX_BLOCK + PAD], tfs[TXF_IX_BLOCK], pick[PRE_BLOCKS];
	double pb[PRE_BLOCKS], best = 0;

	if (want > PRE_BLOCKS)
		return 0;
	/* The k-th parts the searcher's term cache holds for these lists
	 * and weights (not with an excluded document, which each query
	 * names). */
	int cached = exclude == NULL;
	for (size_t l = 0; cached && l < m; l++) {
		const struct cur *c = s->cs[l];
		double v;
		if (kth_cached(s, c, &v) && v > best)
			best = v;
	}
	/* From the largest bound down; for a large k, the first list of k
	 * documents only (a selection among many is not cheap): got is
	 * the largest of the lists met so. */
	double got = 0;
	for (size_t l = m; l-- > 0;) {
		const struct cur *c = s->cs[l];
		double v;
		if (c->df < k)
			continue;
		if (k > PRE_FULL && got > 0)
			break;
		/* Its parts cannot pass best (nor, mostly, its documents'
		 * scores): it and the lists of smaller bounds are not
		 * scanned, which costs a dense list's every skip entry. */
		if (c->ub * SLACK <= best)
			break;
		if (cached && kth_cached(s, c, &v)) {
			got = v > got ? v : got;
			continue;
		}
		/* Its blocks of the largest bounds, by bound. */
		size_t np = 0;
		for (uint32_t i = 0; i < c->nb; i++) {
			double b = c->nb > 1 ?
			    skip_bound(s, c, c->skip + (size_t)i * IX_SKIP) :
			    c->ub;
			if (np == want && b <= pb[np - 1])
				continue;
			size_t j = np < want ? np++ : np - 1;
			for (; j > 0 && pb[j - 1] < b; j--) {
				pb[j] = pb[j - 1];
				pick[j] = pick[j - 1];
			}
			pb[j] = b;
			pick[j] = i;
		}
		size_t n = 0;
		for (size_t j = 0; j < np; j++) {
			const uint8_t *blk;
			uint32_t nd = txf_ix_block_at(s, c, pick[j], docs, tfs,
			    &blk);
			if (nd == 0) {
				s->bad = 1;
				return TXF_EFORMAT;
			}
			for (uint32_t i = 0; i < nd; i++) {
				uint32_t d = docs[i];
				if (!allowed(s, d))
					continue;
				if (exclude != NULL) {
					txf_str id;
					if (txf_ix_docid(s->ix, d, &id) < 0)
						return TXF_EFORMAT;
					if (id.n == exclude->n && memcmp(id.p,
					    exclude->p, id.n) == 0)
						continue;
				}
				double t = (double)tfs[i];
				s->pre[n].doc = d;
				s->pre[n].score = c->w * t / (t + doc_norm(s, d));
				n++;
			}
		}
		v = n < k ? 0 : kth_score(s->pre, n, k);
		if (cached) {
			uint64_t *e = txf_count_vals(s->tc, c->ce);
			e[TC_FLAGS] |= TC_KTH;
			memcpy(&e[TC_W], &c->w, sizeof c->w);
			memcpy(&e[TC_KTH_V], &v, sizeof v);
		}
		got = v > got ? v : got;
		if (v > best)
			best = v;
	}
	if (best > 0) {
		s->top.theta = nextafter(best, 0);
		s->top.full = 1;
	}
	return 0;
}
