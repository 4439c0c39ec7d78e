/*
 * termfreq.c - the term frequencies of one document, weighted and
 * ordered as tf writes them: counting in a table in first-occurrence
 * order, the weight (the same formula the vectors use, txf_tf_weight()),
 * then first-occurrence, term-byte or value order, and a --top selection
 * of the largest values with ties by term bytes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "textfeat.h"
#include "batch.h"
#include "internal.h"

double
txf_tf_weight(enum txf_vec_weight w, uint64_t count, uint64_t ntokens,
              uint64_t maxcount)
{
	double c = (double)count;

	switch (w) {
	case TXF_VEC_RAW:
		return c;
	case TXF_VEC_BINARY:
		return 1.0;
	case TXF_VEC_LOG:
		return count == 0 ? 0.0 : log(c) + 1.0;
	case TXF_VEC_FREQ:
		return c / (double)ntokens;
	case TXF_VEC_AUGMENTED:
		return count == 0 ? 0.0 : 0.5 + 0.5 * c / (double)maxcount;
	}
	return 0.0;
}

struct txf_termfreq {
	txf_tfopts o;
	txf_count *tab;       /* the document's terms; counter 0 = count */
	txf_toklist toks;
	double *key;          /* values, by entry, for value order or top */
	size_t *idx;          /* the entries to write, in order */
	unsigned char *keep;  /* top with first-occurrence order */
	size_t cap;           /* entries key, idx and keep hold */
	size_t n;             /* entries to write */
	int direct;           /* idx unused: entries 0..n in order */
	uint64_t maxc;
};

TXF_DEFINE_FREE(txf_termfreq_free, txf_termfreq, t)
{
	txf_count_free(t->tab);
	txf_toklist_free(&t->toks);
	TXF_FREE_ALL(t->key, t->idx, t->keep, t);
}

txf_termfreq *
txf_termfreq_new(const txf_tfopts *o)
{
	txf_termfreq *t = TXF_NEW_COUNTED(txf_termfreq, tab, 1);

	if (t != NULL)
		t->o = *o;
	return t;
}

static int
reserve(txf_termfreq *t, size_t n)
{
	if (n <= t->cap)
		return 0;
	size_t cap = t->cap ? t->cap : 64;
	while (cap < n)
		cap *= 2;
	if (cap > SIZE_MAX / sizeof(double))
		return TXF_ENOMEM;
	double *k = realloc(t->key, cap * sizeof *k);
	if (k == NULL)
		return TXF_ENOMEM;
	t->key = k;
	size_t *i = realloc(t->idx, cap * sizeof *i);
	if (i == NULL)
		return TXF_ENOMEM;
	t->idx = i;
	unsigned char *p = realloc(t->keep, cap);
	if (p == NULL)
		return TXF_ENOMEM;
	t->keep = p;
	t->cap = cap;
	return 0;
}

int
txf_termfreq_doc(txf_termfreq *t, const char *field, size_t len, size_t *n)
{
	txf_count *tab = t->tab;
	size_t i, m;
	int e;

	*n = t->n = 0;
	t->direct = 1;
	if (txf_toklist_split(&t->toks, field, len) < 0)
		return TXF_ENOMEM;
	if (t->toks.n == 0)
		return 0;
	txf_count_clear(tab);
	for (size_t k = 0; k < t->toks.n; k++) {
		e = txf_count_add(tab, t->toks.v[k].p, t->toks.v[k].n, &i);
		if (e < 0)
			return e;
		txf_count_vals(tab, i)[0]++;
	}
	m = txf_count_size(tab);
	t->maxc = 1;
	if (t->o.weight == TXF_VEC_AUGMENTED) {
		uint64_t mx = 0;
		for (i = 0; i < m; i++)
			if (txf_count_vals(tab, i)[0] > mx)
				mx = txf_count_vals(tab, i)[0];
		t->maxc = mx;
	}
	if (t->o.order == TXF_TF_FIRST && t->o.top >= m) {
		/* The common case: entries in first-occurrence order. */
		*n = t->n = m;
		return 0;
	}

	t->direct = 0;
	if ((e = reserve(t, m)) < 0)
		return e;
	for (i = 0; i < m; i++)
		t->idx[i] = i;
	size_t keep = m;
	if (t->o.order == TXF_TF_VALUE || t->o.top < m) {
		for (i = 0; i < m; i++)
			t->key[i] = txf_termfreq_value(t,
			    txf_count_vals(tab, i)[0]);
		keep = t->o.top < m ? t->o.top : m;
		e = txf_count_sort_desc(tab, t->idx, m, t->key, 0, keep);
		if (e < 0)
			return e;
	}
	if (t->o.order == TXF_TF_TERM) {
		if ((e = txf_count_sort_terms(tab, t->idx, keep)) < 0)
			return e;
	} else if (t->o.order == TXF_TF_FIRST) {
		/* The top kept idx[0..keep): in first-occurrence order. */
		memset(t->keep, 0, m);
		for (i = 0; i < keep; i++)
			t->keep[t->idx[i]] = 1;
		keep = 0;
		for (i = 0; i < m; i++)
			if (t->keep[i])
				t->idx[keep++] = i;
	}
	*n = t->n = keep;
	return 0;
}

void
txf_termfreq_get(txf_termfreq *t, size_t k, txf_str *term, uint64_t *count)
{
	size_t i = t->direct ? k : t->idx[k];

	*term = txf_count_term(t->tab, i);
	*count = txf_count_vals(t->tab, i)[0];
}

double
txf_termfreq_value(const txf_termfreq *t, uint64_t count)
{
	return txf_tf_weight(t->o.weight, count, (uint64_t)t->toks.n, t->maxc);
}
