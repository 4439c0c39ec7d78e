/* vindex.c - terms by their bytes, for lookups (vindex.h). */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "textfeat.h"
#include "internal.h"
#include "vindex.h"

/* Zeroed memory for the table; large tables are aligned to 2 MiB and asked
 * for huge pages, since every lookup lands on a random page of it. */
static void *
table_alloc(size_t size)
{
	void *p;

#ifdef MADV_HUGEPAGE
	if (size >= (4u << 20)) {
		if (posix_memalign(&p, 2u << 20, size) != 0)
			return NULL;
		(void)madvise(p, size, MADV_HUGEPAGE);
		memset(p, 0, size);
		return p;
	}
#endif
	p = calloc(1, size);
	return p;
}

void
txf_vindex_free(txf_vindex *vi)
{
	if (vi != NULL) {
		TXF_FREE_ALL(vi->slot, vi);
	}
}

/* Lookups started ahead of the one being finished. */
#define AHEAD 16

txf_vindex *
txf_vindex_new(const txf_count *terms, const double *idf)
{
	size_t n = txf_count_size(terms), cap = 16;
	txf_vindex *vi = calloc(1, sizeof *vi);

	while (cap < n + n / 2)
		cap *= 2;
	if (vi == NULL ||
	    (vi->slot = table_alloc(cap * sizeof *vi->slot)) == NULL) {
		txf_vindex_free(vi);
		return NULL;
	}
	vi->mask = cap - 1;
	vi->terms = terms;
	/* Terms are placed a few after their home slot is fetched, so
	 * that the cache misses overlap. */
	uint64_t head[AHEAD][2];
	size_t home[AHEAD];
	for (size_t i = 0; i < n + AHEAD; i++) {
		size_t r = i % AHEAD;
		if (i >= AHEAD) {
			size_t j = i - AHEAD, pos = home[r];
			while (vi->slot[pos].row1 != 0)
				pos = (pos + 1) & vi->mask;
			vi->slot[pos].head[0] = head[r][0];
			vi->slot[pos].head[1] = head[r][1];
			vi->slot[pos].len = (uint32_t)txf_count_term(terms, j).n;
			vi->slot[pos].row1 = (uint32_t)j + 1;
			vi->slot[pos].idf = idf != NULL ? idf[j] : 0;
		}
		if (i < n) {
			txf_str t = txf_count_term(terms, i);
			txf_vindex_head(t.p, t.n, head[r]);
			home[r] = txf_vindex_home(vi, head[r], t.p, t.n);
			TXF_PREFETCH(&vi->slot[home[r]]);
		}
	}
	return vi;
}

void
txf_vindex_find_many(const txf_vindex *vi, const txf_str *t, size_t n,
                     long *rows, double *idf)
{
	uint64_t head[AHEAD][2];
	size_t home[AHEAD], ahead = n < AHEAD ? n : AHEAD;

	/* Token i starts (hashed, its home slot fetched) ahead lookups
	 * before it is finished; its place in the ring is i % AHEAD. */
	for (size_t i = 0; i < n + ahead; i++) {
		if (i >= ahead) {
			size_t j = i - ahead, r = j % AHEAD;
			const struct txf_vslot *s = txf_vindex_slot(vi, home[r],
			    head[r], t[j].p, t[j].n);
			rows[j] = s != NULL ? (long)s->row1 - 1 : -1;
			if (idf != NULL)
				idf[j] = s != NULL ? s->idf : 0;
		}
		if (i < n) {
			size_t r = i % AHEAD;
			txf_vindex_head(t[i].p, t[i].n, head[r]);
			home[r] = txf_vindex_home(vi, head[r], t[i].p, t[i].n);
			TXF_PREFETCH(&vi->slot[home[r]]);
		}
	}
}
