/* vocab.c - fuzz target: the vocab reader and merge (lib/vocab.c,
 * spill.c) and document-frequency counting.  The input is read as a vocab
 * file; when it is one, every row keeps the rules (1 <= df <= cf,
 * df <= #docs, terms strictly increasing), the header and rows written
 * back read back the same, and the vocab merged with itself has each df
 * and cf doubled.  The input is also counted as a tokens stream (one
 * document a line): one thread without a memory limit and three threads
 * with a tiny one (spilling runs) give the same rows (-j and -S
 * invariance). */
#include <string.h>
#include <unistd.h>

#include "textfeat.h"
#include "batch.h"
#include "fuzz.h"

struct row {
	txf_buf term;
	uint64_t df, cf;
	double idf;
};

/* Read a vocab's rows; -1 when it is refused. */
static long
read_vocab(const void *p, size_t n, txf_vocab_header *h, struct row **rows)
{
	int fd = fuzz_fd(p, n), rc;
	txf_error err;
	txf_vocab_reader *r = txf_vocab_open(fd, &err);
	size_t k = 0, cap = 0;
	txf_str t;
	uint64_t df, cf;
	double idf;

	*rows = NULL;
	if (r == NULL) {
		close(fd);
		return -1;
	}
	*h = *txf_vocab_reader_header(r);
	h->analysis = strdup(h->analysis);
	h->pruning = strdup(h->pruning);
	while ((rc = txf_vocab_next(r, &t, &df, &cf, &idf, &err)) > 0) {
		uint64_t line = txf_vocab_lineno(r);
		FUZZ_CHECK(df >= 1 && df <= cf && df <= h->docs, "line %llu: "
		    "df %llu cf %llu #docs %llu", (unsigned long long)line,
		    (unsigned long long)df, (unsigned long long)cf,
		    (unsigned long long)h->docs);
		if (k > 0) {
			txf_buf *pt = &(*rows)[k - 1].term;
			size_t m = pt->n < t.n ? pt->n : t.n;
			int c = m ? memcmp(pt->p, t.p, m) : 0;
			FUZZ_CHECK(c < 0 || (c == 0 && pt->n < t.n),
			    "line %llu: not after the previous term",
			    (unsigned long long)line);
		}
		if (k == cap) {
			cap = cap ? 2 * cap : 16;
			*rows = realloc(*rows, cap * sizeof **rows);
		}
		struct row *w = &(*rows)[k++];
		memset(&w->term, 0, sizeof w->term);
		txf_buf_add(&w->term, t.p, t.n);
		w->df = df;
		w->cf = cf;
		w->idf = idf;
	}
	txf_vocab_close(r);
	close(fd);
	if (rc < 0) {
		for (size_t i = 0; i < k; i++)
			txf_buf_free(&(*rows)[i].term);
		free(*rows);
		*rows = NULL;
		free(h->analysis);
		free(h->pruning);
		return -1;
	}
	return (long)k;
}

static void
free_rows(struct row *rows, long n, txf_vocab_header *h)
{
	for (long i = 0; i < n; i++)
		txf_buf_free(&rows[i].term);
	free(rows);
	free(h->analysis);
	free(h->pruning);
}

static void
check_vocab(const uint8_t *data, size_t size)
{
	txf_vocab_header h, h2;
	struct row *rows, *rows2;
	long n = read_vocab(data, size, &h, &rows);

	if (n < 0)
		return;
	/* Written back, read back. */
	txf_buf out = { 0 };
	FUZZ_CHECK(txf_vocab_format_header(&h, &out) == 0, "format");
	for (long i = 0; i < n; i++)
		FUZZ_CHECK(txf_vocab_format_row(rows[i].term.p, rows[i].term.n,
		    rows[i].df, rows[i].cf, h.idf, rows[i].idf, &out) == 0,
		    "format");
	long n2 = read_vocab(out.p, out.n, &h2, &rows2);
	FUZZ_CHECK(n2 == n, "written back: %ld rows, read %ld", n, n2);
	FUZZ_CHECK(h2.docs == h.docs && h2.tokens == h.tokens &&
	    h2.idf == h.idf && strcmp(h2.analysis, h.analysis) == 0 &&
	    strcmp(h2.pruning, h.pruning) == 0, "header changed");
	for (long i = 0; i < n; i++)
		FUZZ_CHECK(rows2[i].term.n == rows[i].term.n &&
		    memcmp(rows2[i].term.p, rows[i].term.p, rows[i].term.n) ==
		    0 && rows2[i].df == rows[i].df && rows2[i].cf ==
		    rows[i].cf && (h.idf == TXF_IDF_NONE ||
		    rows2[i].idf == rows[i].idf), "row %ld changed", i);
	free_rows(rows2, n2, &h2);

	/* Merged with itself: every df and cf doubled, when they fit. */
	int fa = fuzz_fd(out.p, out.n), fb = fuzz_fd(out.p, out.n);
	char msg[200];
	uint64_t line;
	txf_vocab_reader *ra = txf_vocab_open(fa, NULL);
	txf_vocab_reader *rb = txf_vocab_open(fb, NULL);
	txf_merge *m = txf_merge_new();
	FUZZ_CHECK(ra && rb && m, "reopen");
	FUZZ_CHECK(txf_merge_add_vocab(m, ra) >= 0 &&
	    txf_merge_add_vocab(m, rb) >= 0, "merge");
	txf_str t;
	uint64_t df, cf;
	size_t src;
	int rc;
	long i = 0;
	while ((rc = txf_merge_next(m, &t, &df, &cf, &src, msg, sizeof msg,
	    &line)) > 0) {
		FUZZ_CHECK(i < n && t.n == rows[i].term.n && memcmp(t.p,
		    rows[i].term.p, t.n) == 0 && df == 2 * rows[i].df &&
		    cf == 2 * rows[i].cf, "merged row %ld", i);
		i++;
	}
	FUZZ_CHECK(rc == 0 ? i == n : rc == TXF_ERANGE, "merge: %d", rc);
	txf_merge_free(m);
	txf_vocab_close(ra);
	txf_vocab_close(rb);
	close(fa);
	close(fb);
	txf_buf_free(&out);
	free_rows(rows, n, &h);
}

/* Count the input's lines as documents; the rows, as one text. */
static void
count(const uint8_t *data, size_t size, int threads, size_t limit,
      txf_buf *res)
{
	txf_dfcount *c = threads > 1 ? txf_dfcount_new_threads(limit, NULL,
	    threads) : txf_dfcount_new(limit, NULL);
	int err = 0;

	FUZZ_CHECK(c != NULL, "dfcount");
	const char *p = (const char *)data, *end = p + size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		FUZZ_CHECK(txf_dfcount_add_field(c, p, n) == 0, "add");
		FUZZ_CHECK(txf_dfcount_end_doc(c) == 0, "end_doc");
		p += n + 1;
	}
	txf_merge *m = txf_dfcount_finish(c, &err);
	FUZZ_CHECK(m != NULL, "finish: %d", err);
	txf_str t;
	uint64_t df, cf, line;
	size_t src;
	char msg[100];
	int rc;
	while ((rc = txf_merge_next(m, &t, &df, &cf, &src, msg, sizeof msg,
	    &line)) > 0)
		FUZZ_CHECK(txf_vocab_format_row(t.p, t.n, df, cf,
		    TXF_IDF_NONE, 0, res) == 0, "format");
	FUZZ_CHECK(rc == 0, "merge: %d", rc);
	char num[TXF_NUM_MAX];
	txf_dfstats st;
	txf_dfcount_stats(c, &st);
	txf_buf_add(res, num, txf_fmt_u64(st.docs, num));
	txf_dfcount_free(c);
}

FUZZ_TARGET(vocab)
{
	check_vocab(data, size);

	txf_buf a = { 0 }, b = { 0 };
	count(data, size, 1, SIZE_MAX, &a);
	count(data, size, 3, 1, &b);
	FUZZ_CHECK(a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0),
	    "one thread and three with spills differ");
	txf_buf_free(&a);
	txf_buf_free(&b);
	return 0;
}
