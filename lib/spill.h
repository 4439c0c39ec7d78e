/*
 * spill.h - what the modules of counting beyond memory share (internal;
 * not installed): the keys terms are sorted and merged by, sorted
 * records of a counting table, and the run format's writer and reader.
 *
 *   tmpfile.c   temporary files without a name
 *   termsort.c  a counting table's entries sorted by term bytes
 *   run.c       the run format, sets of runs (txf_runs), runs as merge
 *               sources
 *   merge.c     the k-way merge over sources behind txf_merge_source
 *   dfcount.c   document-frequency counting that spills runs, with workers
 */
#ifndef TXF_SPILL_H
#define TXF_SPILL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "textfeat.h"
#include "internal.h"

/* How many records ahead a walk in term order fetches. */
#define TXF_AHEAD 12

/* The most counters a run or a merge carries by term. */
#define TXF_MERGE_MAXVALS TXF_COUNT_MAXVALS

/* ------------------------------------------------------------------ */
/* Keys: 8 bytes of a term as a big-endian integer                     */

static inline uint64_t
txf_be64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return __builtin_bswap64(v);
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return v;
#else
	v = 0;
	for (int k = 0; k < 8; k++)
		v = v << 8 | p[k];
	return v;
#endif
}

static inline uint64_t
txf_be32(const unsigned char *p)
{
	return (uint64_t)p[0] << 24 | (uint64_t)p[1] << 16 |
	    (uint64_t)p[2] << 8 | p[3];
}

/* Bytes [d, d+8) of the term p[0..n), zero-padded, big-endian. */
static inline uint64_t
txf_load_key(const char *p, size_t n, size_t d)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t r = d < n ? n - d : 0;

	if (r >= 8)
		return txf_be64(s + d);
	if (r == 0)
		return 0;
	/* Fewer than 8 bytes left: read only within the term. */
	if (n >= 8)   /* they end the word that ends the term */
		return txf_be64(s + n - 8) << (8 * (8 - r));
	s += d;
	if (r >= 4)   /* two overlapping reads */
		return txf_be32(s) << 32 | txf_be32(s + r - 4) << (64 - 8 * r);
	return (uint64_t)s[0] << 56 |
	    (uint64_t)s[r >> 1] << (56 - 8 * (r >> 1)) |
	    (uint64_t)s[r - 1] << (56 - 8 * (r - 1));
}

/* The order of terms a and b whose first d bytes are the same, compared
 * a big-endian word at a time (without a call to memcmp()): sorted terms
 * often share more than their first 8 bytes ("the quick ..."). */
static inline int
txf_cmp_from(txf_str a, txf_str b, size_t d)
{
	size_t n = a.n > b.n ? a.n : b.n;

	for (; d < n; d += 8) {
		uint64_t x = txf_load_key(a.p, a.n, d);
		uint64_t y = txf_load_key(b.p, b.n, d);
		if (x != y)
			return x < y ? -1 : 1;
	}
	return a.n < b.n ? -1 : a.n > b.n;
}

/* ------------------------------------------------------------------ */
/* Sorted records of a counting table (termsort.c)                     */

struct txf_srec {
	uint64_t key;       /* bytes [d, d+8) of the term, zero-padded */
	const char *p;
	const uint64_t *v;  /* its counters (no lookup by number later) */
	size_t n;
};

/* Every entry of t sorted by term bytes, in a new array (free()), its
 * length in *count; NULL when out of memory. */
struct txf_srec *txf_sort_table(txf_count *t, size_t *count);

/* Add the sorted records rec[0..n) (borrowed), counters cols[0..nvals)
 * of each, as a source of m: its number, or a negative code. */
int txf_merge_add_sorted(txf_merge *m, const struct txf_srec *rec, size_t n,
                         const unsigned *cols);

/* ------------------------------------------------------------------ */
/* The run format (run.c)                                              */

/* A run being written: buffered records to a temporary file. */
struct txf_rwriter {
	int fd;
	txf_buf b;
};

#define TXF_RWRITER_INIT { -1, { 0 } }

/* A new run in a temporary file of dir (NULL: txf_tmpdir()), its magic
 * buffered: 0 or an error (TXF_EIO with errno). */
int txf_rw_open(struct txf_rwriter *w, const char *dir);
/* Append a row: term and its counters v[0..nv). */
int txf_rw_row(struct txf_rwriter *w, txf_str term, const uint64_t *v,
               unsigned nv);
/* Write what is buffered: 0 or TXF_EIO with errno. */
int txf_rw_flush(struct txf_rwriter *w);
/* Drop what is left of a writer (a run not handed over), keeping errno. */
void txf_rw_discard(struct txf_rwriter *w);

/* Add the run written to fd (a writer's, flushed; the set owns it now)
 * of docs documents and tokens tokens, as txf_runs_write() adds its own:
 * 0 or an error (with TXF_RUNS_FANIN runs, they are merged into one). */
int txf_runs_add(txf_runs *s, int fd, uint64_t docs, uint64_t tokens);

/* ------------------------------------------------------------------ */
/* Word n-grams by token numbers (ngcount.c): txf_dfcount_new_docs()'s  */
/* counter when txf_ngc_fits() its analysis                            */

struct txf_ngc;

/* Whether the analysis is one txf_ngc counts: word n-grams (n up to 2
 * or more, no skips, no other kind) of word-mode tokens, not stemmed,
 * with a joiner that starts with a byte below '0'. */
int txf_ngc_fits(const txf_analysis *a);
/* A counter as txf_dfcount_new_docs() describes, with threads workers
 * (at least 1).  NULL with *err set on failure. */
struct txf_ngc *txf_ngc_new(size_t limit, const char *dir, int threads,
                            const txf_analyzer *z, int *err);
/* One text a document (once a document; 1: a text of too many tokens
 * for this counter, not counted), then the end of the document. */
int txf_ngc_add_text(struct txf_ngc *c, const char *p, size_t n);
int txf_ngc_end_doc(struct txf_ngc *c);
txf_merge *txf_ngc_finish(struct txf_ngc *c, int *err);
/* vocab.c: txf_vocab_format_row() of a term that needs no escape. */
int txf_vocab_format_plain_row(const char *term, size_t n, uint64_t df,
                               uint64_t cf, enum txf_idf kind, double idf,
                               txf_buf *out);
/* txf_dfcount_format() of such a counter. */
int txf_ngc_format(struct txf_ngc *c, enum txf_idf idf, uint64_t ndocs,
                   int threads, int (*out)(void *arg, const char *p, size_t n),
                   void *arg);
/* Add the counter's figures (txf_dfstats) to *st. */
void txf_ngc_add_stats(const struct txf_ngc *c, txf_dfstats *st);
size_t txf_ngc_memory(const struct txf_ngc *c);
void txf_ngc_free(struct txf_ngc *c);

#endif /* TXF_SPILL_H */
