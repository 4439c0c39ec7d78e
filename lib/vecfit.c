/*
 * vecfit.c - a vocab fitted and the input vectorized in one pass
 * (vecfit.h): one table of the distinct terms (df, cf), every document's
 * tokens kept as the numbers of their terms (4 bytes a token).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "textfeat.h"
#include "internal.h"
#include "spill.h"
#include "vecfit.h"

/* The counters of a term. */
enum { F_DF, F_CF, F_LAST, F_NVALS };

struct txf_vecfit {
	txf_count *t;
	uint32_t *ids;            /* every document's term numbers */
	size_t nids, capids;
	uint64_t *start;          /* document i's are ids[start[i]..start[i+1]) */
	size_t ndocs, capdocs;
	/* The tokens of the documents not counted yet (fdocs.. ndocs - 1):
	 * counted many documents at once, their lookups overlap. */
	struct txf_pend pend;
	size_t fdocs;
	struct txf_srec *sorted;  /* at the end */
	size_t nsorted;
	int sealed;               /* sorted: no more documents */
	txf_merge *m;             /* the merge this fit owns */
	/* Term number -> its key for txf_vectorize_keyed(): vocab row and
	 * df, or TXF_VECFIT_NONE; the idf by df of the terms with a row. */
	uint64_t *key;
	double *idf_df;
};

void
txf_vecfit_free(txf_vecfit *f)
{
	txf_merge_free(f->m);
	txf_count_free(f->t);
	txf_pend_free(&f->pend);
	TXF_FREE_ALL(f->sorted, f->ids, f->start, f->key, f->idf_df, f);
}

txf_vecfit *
txf_vecfit_new(void)
{
	txf_vecfit *f = calloc(1, sizeof *f);

	if (f == NULL)
		return NULL;
	if ((f->t = txf_count_new(F_NVALS)) == NULL ||
	    (f->start = malloc(1024 * sizeof *f->start)) == NULL) {
		txf_vecfit_free(f);
		return NULL;
	}
	f->capdocs = 1024;
	f->start[0] = 0;
	return f;
}

/* Tokens pending before they are counted. */
#define PENDING 256

/* Count the pending tokens and put their numbers in place. */
static int
count_pending(txf_vecfit *f)
{
	int rc;

	if (f->pend.n == 0)
		return 0;
	if ((rc = txf_pend_count(&f->pend, f->t)) < 0)
		return rc;
	if (txf_count_size(f->t) > UINT32_MAX)
		return TXF_ERANGE;
	char *arena = txf_count_arena(f->t);
	uint64_t base = f->start[f->fdocs];
	uint32_t *o = f->ids + base;
	const size_t *idx = f->pend.idx, *rec = f->pend.rec;
	for (size_t d = f->fdocs; d < f->ndocs; d++) {
		uint64_t doc = d + 1;
		for (uint64_t k = f->start[d] - base; k < f->start[d + 1] - base;
		    k++) {
			uint64_t *v = (uint64_t *)(void *)(arena + rec[k]);
			v[F_CF]++;
			if (v[F_LAST] != doc) {
				v[F_LAST] = doc;
				v[F_DF]++;
			}
			o[k] = (uint32_t)idx[k];
		}
	}
	f->fdocs = f->ndocs;
	txf_pend_clear(&f->pend);
	return 0;
}

int
txf_vecfit_add(txf_vecfit *f, const txf_str *tok, size_t n)
{
	if (f->sealed)
		return TXF_EINVAL;
	if (n > UINT32_MAX || f->ndocs >= UINT32_MAX - 1)
		return TXF_ERANGE;
	if (TXF_GROW(f->ids, f->capids, f->nids + n, 65536) < 0 ||
	    TXF_GROW(f->start, f->capdocs, f->ndocs + 2, 1024) < 0 ||
	    txf_pend_add(&f->pend, tok, n) < 0)
		return TXF_ENOMEM;
	f->nids += n;
	f->start[++f->ndocs] = f->nids;
	return f->pend.n >= PENDING ? count_pending(f) : 0;
}

uint64_t
txf_vecfit_docs(const txf_vecfit *f)
{
	return f->ndocs;
}

uint64_t
txf_vecfit_tokens(const txf_vecfit *f)
{
	return f->nids;
}

size_t
txf_vecfit_memory(const txf_vecfit *f)
{
	return (f->t != NULL ? txf_count_memory(f->t) : 0) +
	    f->capids * sizeof *f->ids +
	    f->capdocs * sizeof *f->start;
}

int
txf_vecfit_sort(txf_vecfit *f)
{
	int rc;

	f->sealed = 1;
	if ((rc = count_pending(f)) < 0)
		return rc;
	if (f->sorted == NULL &&
	    (f->sorted = txf_sort_table(f->t, &f->nsorted)) == NULL)
		return TXF_ENOMEM;
	return 0;
}

txf_merge *
txf_vecfit_merge(txf_vecfit *const *f, size_t n, int *err)
{
	static const unsigned cols[2] = { F_DF, F_CF };
	int rc;

	if (n == 0 || f[0]->m != NULL) {
		*err = TXF_EINVAL;
		return NULL;
	}
	if ((f[0]->m = txf_merge_new()) == NULL) {
		*err = TXF_ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if ((rc = txf_vecfit_sort(f[i])) < 0) {
			*err = rc;
			return NULL;
		}
		if (f[i]->nsorted > 0 && (rc = txf_merge_add_sorted(f[0]->m,
		    f[i]->sorted, f[i]->nsorted, cols)) < 0) {
			*err = rc;
			return NULL;
		}
	}
	return f[0]->m;
}

/* The byte order of terms a and b whose first 8 bytes as numbers
 * (txf_load_key()) are ka and kb: those first, the rest if they tie. */
static inline int
keyed_cmp(uint64_t ka, txf_str a, uint64_t kb, txf_str b)
{
	if (ka != kb)
		return ka < kb ? -1 : 1;
	return txf_cmp_from(a, b, 8);
}

/* Sorted records fetched ahead of the one compared. */
#define SORTED_AHEAD 16

/* Room for f's keys and its idf by df, docs documents in all (the
 * largest df): 0, TXF_ENOMEM, or TXF_ERANGE (a df of 2^32). */
static int
keys_new(txf_vecfit *f, uint64_t docs)
{
	size_t n = txf_count_size(f->t);

	free(f->key);
	free(f->idf_df);
	f->idf_df = NULL;
	if (docs > UINT32_MAX)
		return TXF_ERANGE;
	if ((f->key = malloc((n ? n : 1) * sizeof *f->key)) == NULL ||
	    (f->idf_df = malloc((docs + 1) * sizeof *f->idf_df)) == NULL)
		return TXF_ENOMEM;
	return 0;
}

/* The key of a term of row row and df df. */
static inline uint64_t
make_key(size_t row, uint64_t df)
{
	return (uint64_t)row << TXF_VECFIT_ROW_SHIFT | df << 1;
}

int
txf_vecfit_index(txf_vecfit *f, const txf_vocab *v)
{
	size_t n = txf_count_size(f->t), nv = txf_vocab_size(v), j = 0;
	int rc;

	if (nv > INT32_MAX)
		return TXF_ERANGE;
	if ((rc = keys_new(f, txf_vocab_get_header(v)->docs)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		f->key[i] = TXF_VECFIT_NONE;
	/* Both in term order (the merge read the sorted terms): one walk
	 * beside the other.  The sorted records' terms lie all over the
	 * table: fetched some records ahead, and compared by their first
	 * 8 bytes first. */
	const struct txf_srec *srt = f->sorted;
	for (size_t k = 0; k < f->nsorted && j < nv; k++) {
		if (k + SORTED_AHEAD < f->nsorted) {
			TXF_PREFETCH(srt[k + SORTED_AHEAD].v);
			TXF_PREFETCH(srt[k + SORTED_AHEAD].p);
		}
		txf_str t = { srt[k].p, srt[k].n };
		uint64_t tkey = txf_load_key(t.p, t.n, 0);
		int c = -1;
		for (; j < nv; j++) {
			txf_str u = txf_vocab_term(v, j);
			c = keyed_cmp(txf_load_key(u.p, u.n, 0), u, tkey, t);
			if (c >= 0)
				break;
		}
		if (c == 0) {
			uint64_t df = txf_vocab_df(v, j);
			f->key[txf_count_entry_of(f->t, srt[k].v)] =
			    make_key(j, df);
			f->idf_df[df] = txf_vocab_idf(v, j);
		}
	}
	/* The sorted records are needed no more. */
	free(f->sorted);
	f->sorted = NULL;
	return 0;
}

/* The next of a fit's sorted terms in txf_vecfit_rows(): k, its bytes
 * and their first 8 as a number. */
struct head {
	size_t k;
	txf_str t;
	uint64_t key;
};

static void
head_load(const txf_vecfit *f, struct head *h)
{
	const struct txf_srec *srt = f->sorted;

	if (h->k + SORTED_AHEAD < f->nsorted) {
		TXF_PREFETCH(srt[h->k + SORTED_AHEAD].v);
		TXF_PREFETCH(srt[h->k + SORTED_AHEAD].p);
	}
	if (h->k < f->nsorted) {
		h->t = (txf_str){ srt[h->k].p, srt[h->k].n };
		h->key = txf_load_key(h->t.p, h->t.n, 0);
	}
}

/* The order of heads a and b. */
static inline int
head_cmp(const struct head *a, const struct head *b)
{
	return keyed_cmp(a->key, a->t, b->key, b->t);
}

/* idf values kept for the smallest df (most terms have one of them). */
#define IDF_MEMO 256

int
txf_vecfit_rows(txf_vecfit *const *f, size_t n, txf_vocab *v,
                enum txf_idf kind, uint64_t docs,
                void (*done)(void *arg, size_t rows, int end), void *arg)
{
	struct head *h = calloc(n ? n : 1, sizeof *h);
	uint64_t **mk = calloc(n ? n : 1, sizeof *mk);   /* a row's keys */
	double memo[IDF_MEMO];
	unsigned char have[IDF_MEMO] = { 0 };
	size_t rows = 0, bytes = 0;
	int rc = 0;

	if (h == NULL || mk == NULL) {
		free(h);
		free(mk);
		return TXF_ENOMEM;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		if ((rc = txf_vecfit_sort(f[i])) == 0)
			rc = keys_new(f[i], docs);
		head_load(f[i], &h[i]);
		rows += txf_count_size(f[i]->t);
		bytes += txf_count_term_bytes(f[i]->t);
	}
	if (rc == 0 && done != NULL)
		rc = txf_vocab_reserve_rows(v, rows, bytes);
	/* The least of the heads is the next row; every head that holds
	 * the same term adds its counts and takes the row's number. */
	while (rc == 0) {
		size_t best = n;
		for (size_t i = 0; i < n; i++)
			if (h[i].k < f[i]->nsorted && (best == n ||
			    head_cmp(&h[i], &h[best]) < 0))
				best = i;
		if (best == n)
			break;
		struct head at = h[best];
		int32_t row = (int32_t)txf_vocab_size(v);
		uint64_t df = 0, cf = 0;
		size_t nmk = 0;
		for (size_t i = best; i < n; i++) {
			if (h[i].k >= f[i]->nsorted || (i != best &&
			    head_cmp(&h[i], &at) != 0))
				continue;
			const uint64_t *c = f[i]->sorted[h[i].k].v;
			df += c[F_DF];
			cf += c[F_CF];
			mk[nmk++] = &f[i]->key[txf_count_entry_of(f[i]->t, c)];
			h[i].k++;
			head_load(f[i], &h[i]);
		}
		double idf;
		if (df < IDF_MEMO && have[df]) {
			idf = memo[df];
		} else {
			idf = txf_idf(kind, docs, df);
			if (df < IDF_MEMO) {
				memo[df] = idf;
				have[df] = 1;
			}
		}
		for (size_t i = 0; i < nmk; i++)
			*mk[i] = make_key((size_t)row, df);
		for (size_t i = 0; i < n; i++)
			f[i]->idf_df[df] = idf;
		if (row == INT32_MAX)
			rc = TXF_ERANGE;
		else
			rc = txf_vocab_add_row(v, at.t, df, cf, idf);
		if (rc == 0 && done != NULL &&
		    (row + 1) % TXF_VECFIT_STEP == 0)
			done(arg, (size_t)row + 1, 0);
	}
	if (done != NULL)
		done(arg, txf_vocab_size(v), 1);
	free(h);
	free(mk);
	for (size_t i = 0; i < n; i++) {
		free(f[i]->sorted);
		f[i]->sorted = NULL;
	}
	return rc;
}

void
txf_vecfit_drop_terms(txf_vecfit *f)
{
	txf_count_free(f->t);
	f->t = NULL;
}

int
txf_vecfit_vector(txf_vecfit *f, txf_vectorizer *vz, size_t i, txf_vec *out)
{
	if (f->key == NULL || i >= f->ndocs)
		return TXF_EINVAL;
	return txf_vectorize_keyed(vz, f->ids + f->start[i],
	    (size_t)(f->start[i + 1] - f->start[i]), f->key, f->idf_df, out);
}
