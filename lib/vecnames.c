/*
 * vecnames.c - the names of a vector's features (vectorize --names):
 * `index TAB term` lines, by index, for a vocab's rows or for every term
 * hashed (then by index, and terms of one index by their bytes).
 */
#include <stdlib.h>
#include <string.h>

#include "textfeat.h"
#include "batch.h"
#include "internal.h"

struct txf_vecnames {
	txf_count *seen;      /* term -> its hash index */
	uint32_t hash_n;
	txf_toklist toks;
};

TXF_DEFINE_FREE(txf_vecnames_free, txf_vecnames, nm)
{
	txf_count_free(nm->seen);
	txf_toklist_free(&nm->toks);
	free(nm);
}

txf_vecnames *
txf_vecnames_new(uint32_t hash_n)
{
	txf_vecnames *nm = TXF_NEW_COUNTED(txf_vecnames, seen, 1);

	if (nm != NULL)
		nm->hash_n = hash_n;
	return nm;
}

int
txf_vecnames_add(txf_vecnames *nm, const txf_str *v, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		size_t i;
		int sign, rc = txf_count_add(nm->seen, v[k].p, v[k].n, &i);
		if (rc < 0)
			return rc;
		if (rc > 0)
			txf_count_vals(nm->seen, i)[0] = txf_vec_hash(v[k].p,
			    v[k].n, nm->hash_n, &sign);
	}
	return 0;
}

int
txf_vecnames_add_field(txf_vecnames *nm, const char *p, size_t n)
{
	int rc = txf_toklist_split(&nm->toks, p, n);

	return rc < 0 ? rc : txf_vecnames_add(nm, nm->toks.v, nm->toks.n);
}

static int
line(txf_buf *b, uint64_t index, txf_str term)
{
	char num[TXF_NUM_MAX];
	size_t k = txf_fmt_u64(index, num);

	if (txf_buf_add(b, num, k) < 0 || txf_buf_add(b, "\t", 1) < 0 ||
	    txf_escape(term.p, term.n, b) < 0 || txf_buf_add(b, "\n", 1) < 0)
		return TXF_ENOMEM;
	return 0;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int
txf_vecnames_format(txf_vecnames *nm, const txf_vocab *vocab,
                    uint64_t base, txf_buf *out)
{
	if (nm == NULL) {
		size_t n = txf_vocab_size(vocab);
		for (size_t i = 0; i < n; i++)
			if (line(out, i + base, txf_vocab_term(vocab, i)) < 0)
				return TXF_ENOMEM;
		return 0;
	}
	/* By index, then by term bytes: rank the terms, then sort
	 * index << 32 | rank. */
	size_t n = txf_count_size(nm->seen);
	size_t *ord = malloc((n ? n : 1) * sizeof *ord);
	uint64_t *key = malloc((n ? n : 1) * sizeof *key);
	int rc = ord == NULL || key == NULL ||
	    txf_count_sorted(nm->seen, ord) < 0 ? TXF_ENOMEM : 0;

	if (rc == 0) {
		for (size_t r = 0; r < n; r++)
			key[r] = txf_count_vals(nm->seen, ord[r])[0] << 32 |
			    (uint64_t)r;
		qsort(key, n, sizeof *key, cmp_u64);
		for (size_t k = 0; k < n && rc == 0; k++)
			rc = line(out, (key[k] >> 32) + base,
			    txf_count_term(nm->seen, ord[(uint32_t)key[k]]));
	}
	free(ord);
	free(key);
	return rc;
}
