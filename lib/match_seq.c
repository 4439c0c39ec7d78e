/*
 * match_seq.c - phrase and lcs_run over the token sequences of a query
 * and a listing: Knuth-Morris-Pratt for phrase; lcs_run by dynamic
 * programming for short queries and through the query's suffix
 * automaton for long ones, in time linear in the tokens.
 */
#include <stdlib.h>
#include <string.h>

#include "match.h"

/* Whether the query's token sequence occurs in the listing's (KMP). */
int
txf_mt_phrase(const txf_matcher *m, size_t nd)
{
	const uint32_t *p = m->qseq;
	size_t nq = m->nq, k = 0;

	if (nq == 0 || nq > nd)
		return 0;
	for (size_t j = 0; j < nd; j++) {
		int32_t t = m->dseq[j];
		if (t < 0) {
			k = 0;
			continue;
		}
		while (k > 0 && p[k] != (uint32_t)t)
			k = m->fail[k - 1];
		if (p[k] == (uint32_t)t && ++k == nq)
			return 1;
	}
	return 0;
}

/*
 * lcs_run, the longest run of consecutive tokens in both, in time linear
 * in the lengths: a query of at most LCS_DP_MAX tokens by dynamic
 * programming over the query for each listing token (at most LCS_DP_MAX
 * steps a token, and no allocation), a longer one through the suffix
 * automaton of the query (O(query + listing) steps).  m->steps counts
 * the steps, for the test of the bound.
 */
#define LCS_DP_MAX 32

/*
 * The dynamic programming: run[i] is the length of the common run ending
 * at query token i - 1 and the current listing token, updated right to
 * left so that run[i - 1] still holds the value for the previous listing
 * token.  A listing token that is no query term zeroes the row; only
 * listing tokens that are query terms cost a pass over the query.
 */
static size_t
lcs_run_dp(txf_matcher *m, size_t nd)
{
	uint32_t *run = m->run;
	size_t nq = m->nq, best = 0;
	int dirty = 0;

	memset(run, 0, (nq + 1) * sizeof *run);
	m->steps += nq + 1;
	for (size_t j = 0; j < nd; j++) {
		int32_t t = m->dseq[j];
		m->steps++;
		if (t < 0) {
			if (dirty) {
				memset(run, 0, (nq + 1) * sizeof *run);
				m->steps += nq + 1;
				dirty = 0;
			}
			continue;
		}
		for (size_t i = nq; i > 0; i--) {
			uint32_t r = m->qseq[i - 1] == (uint32_t)t ?
			    run[i - 1] + 1 : 0;
			run[i] = r;
			if (r > best)
				best = r;
		}
		m->steps += nq;
		dirty = 1;
	}
	return best;
}

/* The slot of the transition (from, sym): holding it, or empty. */
static inline uint32_t *
sam_slot(const struct sam *a, uint32_t from, uint32_t sym)
{
	uint64_t h = (((uint64_t)from << 32) | sym) * 0x9E3779B97F4A7C15ull;
	size_t mask = ((size_t)1 << a->bits) - 1;
	size_t i = (size_t)(h >> (64 - a->bits));

	for (;;) {
		uint32_t e = a->slot[i];
		if (e == 0 || (a->e[e - 1].from == from &&
		    a->e[e - 1].sym == sym))
			return &a->slot[i];
		i = (i + 1) & mask;
	}
}

static inline void
sam_add(struct sam *a, uint32_t *slot, uint32_t from, uint32_t sym,
        uint32_t to)
{
	struct sedge *e = &a->e[a->ne];

	e->from = from;
	e->sym = sym;
	e->to = to;
	e->next = a->head[from];
	a->head[from] = a->ne;
	*slot = ++a->ne;
}

/* Room for the automaton of n tokens. */
static int
sam_reserve(struct sam *a, size_t n)
{
	if (n <= a->cap)
		return 0;
	size_t c = a->cap ? a->cap : 64;
	while (c < n)
		c *= 2;
	if (c > UINT32_MAX / 8)
		return TXF_ENOMEM;
	unsigned bits = 1;
	while (((size_t)1 << bits) < 2 * (3 * c + 4))
		bits++;
	uint32_t *len = realloc(a->len, (2 * c + 2) * sizeof *len);
	if (len != NULL)
		a->len = len;
	int32_t *link = realloc(a->link, (2 * c + 2) * sizeof *link);
	if (link != NULL)
		a->link = link;
	uint32_t *head = realloc(a->head, (2 * c + 2) * sizeof *head);
	if (head != NULL)
		a->head = head;
	struct sedge *e = realloc(a->e, (3 * c + 4) * sizeof *e);
	if (e != NULL)
		a->e = e;
	uint32_t *slot = realloc(a->slot, ((size_t)1 << bits) * sizeof *slot);
	if (slot != NULL)
		a->slot = slot;
	if (len == NULL || link == NULL || head == NULL || e == NULL ||
	    slot == NULL)
		return TXF_ENOMEM;
	a->cap = c;
	a->bits = bits;
	return 0;
}

/* The suffix automaton of the query's token sequence (the classic online
 * construction, with clones). */
static int
sam_build(txf_matcher *m)
{
	struct sam *a = &m->sam;
	size_t nq = m->nq;

	if (sam_reserve(a, nq) < 0)
		return TXF_ENOMEM;
	memset(a->slot, 0, ((size_t)1 << a->bits) * sizeof *a->slot);
	a->ne = 0;
	a->len[0] = 0;
	a->link[0] = -1;
	a->head[0] = UINT32_MAX;
	uint32_t nst = 1, last = 0;
	for (size_t i = 0; i < nq; i++) {
		uint32_t c = m->qseq[i], cur = nst++, *s = NULL;
		int32_t p = (int32_t)last;
		a->len[cur] = a->len[last] + 1;
		a->head[cur] = UINT32_MAX;
		for (; p >= 0; p = a->link[p]) {
			s = sam_slot(a, (uint32_t)p, c);
			if (*s != 0)
				break;
			sam_add(a, s, (uint32_t)p, c, cur);
			m->steps++;
		}
		if (p < 0) {
			a->link[cur] = 0;
		} else {
			uint32_t q = a->e[*s - 1].to;
			if (a->len[p] + 1 == a->len[q]) {
				a->link[cur] = (int32_t)q;
			} else {
				uint32_t cl = nst++;
				a->len[cl] = a->len[p] + 1;
				a->head[cl] = UINT32_MAX;
				a->link[cl] = a->link[q];
				for (uint32_t k = a->head[q]; k != UINT32_MAX;
				    k = a->e[k].next) {
					uint32_t sym = a->e[k].sym, to = a->e[k].to;
					sam_add(a, sam_slot(a, cl, sym), cl, sym,
					    to);
					m->steps++;
				}
				for (; p >= 0; p = a->link[p]) {
					s = sam_slot(a, (uint32_t)p, c);
					if (*s == 0 || a->e[*s - 1].to != q)
						break;
					a->e[*s - 1].to = cl;
					m->steps++;
				}
				a->link[q] = a->link[cur] = (int32_t)cl;
			}
		}
		last = cur;
		m->steps++;
	}
	a->built = 1;
	return 0;
}

/* The longest common run by walking the listing through the query's
 * automaton: a token that cannot extend the match follows suffix links
 * (each shortens the match, so they are paid for by the tokens that
 * lengthened it). */
static size_t
lcs_run_sam(txf_matcher *m, size_t nd)
{
	const struct sam *a = &m->sam;
	uint32_t v = 0;
	size_t l = 0, best = 0;

	for (size_t j = 0; j < nd; j++) {
		int32_t t = m->dseq[j];
		m->steps++;
		if (t < 0) {
			v = 0;
			l = 0;
			continue;
		}
		for (;;) {
			const uint32_t *s = sam_slot(a, v, (uint32_t)t);
			if (*s != 0) {
				v = a->e[*s - 1].to;
				l++;
				break;
			}
			if (v == 0) {
				l = 0;
				break;
			}
			v = (uint32_t)a->link[v];
			l = a->len[v];
			m->steps++;
		}
		if (l > best)
			best = l;
	}
	return best;
}

int
txf_mt_lcs_run(txf_matcher *m, size_t nd, size_t *best)
{
	*best = 0;
	if (m->nq == 0)
		return 0;
	if (m->nq <= LCS_DP_MAX) {
		*best = lcs_run_dp(m, nd);
		return 0;
	}
	if (!m->sam.built && sam_build(m) < 0)
		return TXF_ENOMEM;
	*best = lcs_run_sam(m, nd);
	return 0;
}
