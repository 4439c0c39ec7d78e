/* index.c - fuzz target: the index file of `index` and `retrieve`
 * (lib/index.c reader, index_search.c search, index_write.c writer and
 * merge).
 *
 * The first byte chooses what the rest is:
 *   0  an index file, opened as retrieve opens one (checksums checked);
 *   1  an index file whose checksums (sections and table) the target
 *      recomputes first, so that damage past them reaches the reader;
 *   2  an index file opened without checking section checksums (the
 *      table's is checked always);
 *   3  documents, one a line (tokens split on spaces), built into an
 *      index (the second byte chooses whether a build that spills
 *      partial indexes is compared too).
 * A truncated, damaged or foreign index is refused (TXF_EFORMAT and a
 * message) and never read out of bounds; an index that opens answers
 * every call with its data or TXF_EFORMAT: documents' lengths, ids and
 * stored texts in bounds; terms strictly increasing, each found by
 * txf_ix_find with the record the walk gave; postings increasing, below
 * the document count, counts >= 1; tf-idf norms finite; searches (BM25
 * and tf-idf) give at most k hits, best first, of existing documents
 * with finite scores; a merge of it is an index that opens.  A built
 * index (3) also has exactly the postings of its documents, pruned
 * search equals exhaustive search, truncations are refused, and a merge
 * of it alone, or of its two halves, or a build that spills, is the
 * bytes of one build.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "textfeat.h"
#include "index.h"
#include "index_impl.h"
#include "fuzz.h"

static int
to_buf(void *arg, const void *p, size_t n)
{
	return txf_buf_add(arg, p, n);
}

/* Recompute every section's checksum that lies in bounds, and the
 * table's, in p[0..n). */
static void
fix_checksums(uint8_t *p, size_t n)
{
	if (n < IX_HEADER + IX_TRAILER)
		return;
	uint8_t *t = p + n - IX_TRAILER;
	uint64_t toff = ix_get64(t);
	uint32_t nsec = ix_get32(t + 8);
	if (nsec > 64 || toff > n - IX_TRAILER ||
	    (n - IX_TRAILER - toff) / IX_ENTRY < nsec)
		return;
	for (uint32_t i = 0; i < nsec; i++) {
		uint8_t *e = p + toff + (size_t)i * IX_ENTRY;
		uint64_t off = ix_get64(e + 8), len = ix_get64(e + 16);
		if (off <= n && len <= n - off)
			ix_put32(e + 24, txf_ix_crc32c(0, p + off, (size_t)len));
	}
	ix_put32(t + 12, txf_ix_crc32c(0, p + toff, (size_t)nsec * IX_ENTRY));
}

static int
hits_ok(const txf_ix *ix, const txf_ix_hit *h, size_t nh, size_t k)
{
	if (nh > k)
		return 0;
	for (size_t i = 0; i < nh; i++) {
		if (h[i].doc >= txf_ix_docs(ix) || !isfinite(h[i].score))
			return 0;
		if (i > 0 && !(h[i].score < h[i - 1].score ||
		    (h[i].score == h[i - 1].score && h[i].doc > h[i - 1].doc)))
			return 0;
	}
	return 1;
}

/* Search for q[0..nq) by BM25 pruned and exhaustive and by tf-idf;
 * exact: the index is sound, so pruned must equal exhaustive. */
static void
searches(const txf_ix *ix, const txf_str *q, size_t nq, size_t k, int exact)
{
	txf_ix_searchopts o = { .k1 = 1.2, .b = 0.75, .k = k };
	const txf_ix_hit *h1, *h2;
	size_t n1, n2, f1, f2;

	/* txf_ix_searcher_new lowers k to the documents there are. */
	size_t kk = k > txf_ix_docs(ix) ? txf_ix_docs(ix) : k;
	if (kk == 0)
		kk = 1;
	txf_ix_searcher *s = txf_ix_searcher_new(ix, &o);
	o.exhaustive = 1;
	txf_ix_searcher *x = txf_ix_searcher_new(ix, &o);
	FUZZ_CHECK(s != NULL && x != NULL, "out of memory");
	int r1 = txf_ix_search(s, q, nq, NULL, &h1, &n1, &f1);
	int r2 = txf_ix_search(x, q, nq, NULL, &h2, &n2, &f2);
	FUZZ_CHECK(r1 == 0 || r1 == TXF_EFORMAT, "search: %d", r1);
	FUZZ_CHECK(r2 == 0 || r2 == TXF_EFORMAT, "exhaustive search: %d", r2);
	if (r1 == 0)
		FUZZ_CHECK(hits_ok(ix, h1, n1, kk), "search: bad hits");
	if (r2 == 0)
		FUZZ_CHECK(hits_ok(ix, h2, n2, kk), "exhaustive: bad hits");
	if (exact) {
		FUZZ_CHECK(r1 == 0 && r2 == 0 && n1 == n2 && f1 == f2,
		    "pruned %zu hits, exhaustive %zu", n1, n2);
		for (size_t i = 0; i < n1; i++)
			FUZZ_CHECK(h1[i].doc == h2[i].doc &&
			    h1[i].score == h2[i].score,
			    "hit %zu: pruned %u %.17g, exhaustive %u %.17g", i,
			    h1[i].doc, h1[i].score, h2[i].doc, h2[i].score);
	}
	txf_ix_searcher_free(s);
	txf_ix_searcher_free(x);

	double *norms = NULL;
	int rc = txf_ix_tfidf_norms(ix, &norms);
	FUZZ_CHECK(rc == 0 || rc == TXF_EFORMAT, "tfidf norms: %d", rc);
	if (exact)
		FUZZ_CHECK(rc == 0, "tfidf norms of a sound index: %d", rc);
	if (rc < 0)
		return;
	for (uint64_t d = 0; d < txf_ix_docs(ix); d++)
		FUZZ_CHECK(isfinite(norms[d]) && norms[d] >= 0, "norm %llu",
		    (unsigned long long)d);
	txf_ix_searchopts t = { .score = TXF_IX_TFIDF, .k = k,
	    .dnorm = norms };
	s = txf_ix_searcher_new(ix, &t);
	FUZZ_CHECK(s != NULL, "out of memory");
	rc = txf_ix_search(s, q, nq, NULL, &h1, &n1, &f1);
	FUZZ_CHECK(rc == 0 || rc == TXF_EFORMAT, "tf-idf search: %d", rc);
	if (rc == 0) {
		FUZZ_CHECK(hits_ok(ix, h1, n1, kk), "tf-idf: bad hits");
		for (size_t i = 0; i < n1; i++)
			FUZZ_CHECK(h1[i].score >= 0 && h1[i].score <= 1,
			    "tf-idf score %.17g", h1[i].score);
	}
	txf_ix_searcher_free(s);
	free(norms);
}

/* Every call on an index that opened.  Returns whether the whole walk
 * succeeded (no TXF_EFORMAT anywhere). */
static int
walk(const txf_ix *ix, size_t k, int exact)
{
	uint64_t n = txf_ix_docs(ix);
	int sound = 1, rc;
	txf_str s;

	FUZZ_CHECK(txf_ix_doclen(ix, (uint32_t)n) == 0 || n == UINT32_MAX,
	    "length of a document past the last");
	FUZZ_CHECK(txf_ix_docid(ix, (uint32_t)n, &s) < 0 || n == UINT32_MAX,
	    "id of a document past the last");
	for (uint64_t d = 0; d < n; d++) {
		(void)txf_ix_doclen(ix, (uint32_t)d);
		rc = txf_ix_docid(ix, (uint32_t)d, &s);
		FUZZ_CHECK(rc == 0 || rc == TXF_EFORMAT, "docid: %d", rc);
		sound &= rc == 0;
		rc = txf_ix_docstore(ix, (uint32_t)d, &s);
		FUZZ_CHECK(txf_ix_stored(ix) ? rc == 0 || rc == TXF_EFORMAT :
		    rc == TXF_EINVAL, "docstore: %d", rc);
		if (txf_ix_stored(ix))
			sound &= rc == 0;
	}
	txf_str an = txf_ix_analysis(ix);
	FUZZ_CHECK(an.n == 0 || an.p != NULL, "analysis");

	/* The terms in order, each found again; postings decoded. */
	txf_ix_iter it;
	txf_str term;
	txf_ix_term t;
	txf_str q[4];
	txf_buf qb[4] = { { 0 } };
	size_t nq = 0;
	uint32_t *docs = NULL, *tfs = NULL;
	size_t cap = 0;
	struct rec { const uint8_t *p; size_t n; uint32_t df; } *recs = NULL;
	txf_buf terms = { 0 };
	size_t *toff = NULL, nt = 0;
	txf_ix_iter_init(&it, ix);
	while ((rc = txf_ix_iter_next(&it, &term, &t)) > 0) {
		FUZZ_CHECK(t.df >= 1 && t.df <= n, "df %u of %llu documents",
		    t.df, (unsigned long long)n);
		recs = realloc(recs, (nt + 1) * sizeof *recs);
		toff = realloc(toff, (nt + 2) * sizeof *toff);
		FUZZ_CHECK(recs != NULL && toff != NULL, "out of memory");
		recs[nt] = (struct rec){ t.p, t.n, t.df };
		toff[nt] = terms.n;
		FUZZ_CHECK(txf_buf_add(&terms, term.p, term.n) == 0, "memory");
		toff[++nt] = terms.n;
		if (t.df > cap) {
			cap = t.df;
			docs = realloc(docs, cap * sizeof *docs);
			tfs = realloc(tfs, cap * sizeof *tfs);
			FUZZ_CHECK(docs != NULL && tfs != NULL, "out of memory");
		}
		int pr = txf_ix_postings(ix, &t, docs, tfs);
		FUZZ_CHECK(pr == 0 || pr == TXF_EFORMAT, "postings: %d", pr);
		sound &= pr == 0;
		for (size_t i = 0; pr == 0 && i < t.df; i++)
			FUZZ_CHECK(docs[i] < n && tfs[i] >= 1 &&
			    (i == 0 || docs[i] > docs[i - 1]),
			    "posting %zu of %u", i, t.df);
		if (nq < 4 && (nt % 3 == 1 || nq == 0)) {
			txf_buf_add(&qb[nq], term.p, term.n);
			nq++;
		}
	}
	txf_ix_iter_free(&it);
	FUZZ_CHECK(rc == 0 || rc == TXF_EFORMAT, "iterator: %d", rc);
	if (rc == 0)
		FUZZ_CHECK(nt == txf_ix_nterms(ix), "%zu terms of %llu", nt,
		    (unsigned long long)txf_ix_nterms(ix));
	sound &= rc == 0;
	/* Every term the whole walk met is found, with its record. */
	for (size_t i = 0; rc == 0 && i < nt; i++) {
		int fr = txf_ix_find(ix, terms.p + toff[i], toff[i + 1] - toff[i],
		    &t);
		FUZZ_CHECK(fr == 1 || fr == TXF_EFORMAT, "term %zu: find %d",
		    i, fr);
		if (fr == 1)
			FUZZ_CHECK(t.p == recs[i].p && t.n == recs[i].n &&
			    t.df == recs[i].df, "term %zu: another record", i);
		sound &= fr == 1;
	}
	/* A term absent (every term with a 0xff byte after it: no term of
	 * the walk's is larger than all of them). */
	if (nt > 0 && rc == 0) {
		txf_buf x = { 0 };
		txf_buf_add(&x, terms.p + toff[nt - 1], toff[nt] - toff[nt - 1]);
		txf_buf_add(&x, "\xff", 1);
		int fr = txf_ix_find(ix, x.p, x.n, &t);
		FUZZ_CHECK(fr == 0 || fr == TXF_EFORMAT, "absent term: %d", fr);
		txf_buf_free(&x);
	}
	for (size_t i = 0; i < nq; i++) {
		q[i].p = qb[i].p ? qb[i].p : "";
		q[i].n = qb[i].n;
	}
	/* A query of no known term too. */
	if (nq < 4) {
		q[nq].p = "\xff\xfe";
		q[nq].n = 2;
		nq++;
	}
	searches(ix, q, nq, k, exact && sound);
	if (exact)
		FUZZ_CHECK(sound, "a built index is not sound");

	/* A merge of it alone is an index that opens. */
	txf_buf m = { 0 };
	char msg[200];
	int err = 0;
	txf_ix *one[1] = { (txf_ix *)ix };
	rc = txf_ix_merge(one, 1, to_buf, &m, msg, sizeof msg);
	FUZZ_CHECK(rc == 0 || rc == TXF_EFORMAT, "merge: %d", rc);
	if (exact)
		FUZZ_CHECK(rc == 0 && m.n == txf_ix_size(ix),
		    "merge of a sound index: %d", rc);
	if (rc == 0) {
		txf_ix *mx = txf_ix_open_mem(m.p, m.n, 1, &err, msg, sizeof msg);
		FUZZ_CHECK(mx != NULL, "the merge does not open: %s", msg);
		FUZZ_CHECK(txf_ix_docs(mx) == n, "merge: documents");
		txf_ix_close(mx);
	}
	txf_buf_free(&m);
	for (size_t i = 0; i < 4; i++)
		txf_buf_free(&qb[i]);
	txf_buf_free(&terms);
	free(toff);
	free(recs);
	free(docs);
	free(tfs);
	return sound;
}

/* Mode 3: documents, one a line, tokens split on spaces. */
struct doc {
	txf_str id, text;
	txf_str tok[64];
	size_t ntok;
};

static size_t
split_docs(const uint8_t *p, size_t n, struct doc *d, size_t max)
{
	size_t nd = 0, i = 0;

	while (i < n && nd < max) {
		const uint8_t *e = memchr(p + i, '\n', n - i);
		size_t end = e ? (size_t)(e - p) : n;
		struct doc *x = &d[nd++];
		x->text.p = (const char *)p + i;
		x->text.n = end - i;
		x->id = x->text;
		x->ntok = 0;
		for (size_t k = i; k < end && x->ntok < 64;) {
			while (k < end && p[k] == ' ')
				k++;
			size_t s = k;
			while (k < end && p[k] != ' ')
				k++;
			if (k > s) {
				x->tok[x->ntok].p = (const char *)p + s;
				x->tok[x->ntok++].n = k - s;
			}
		}
		i = end + 1;
	}
	return nd;
}

static txf_buf
build(const struct doc *d, size_t nd, size_t mem)
{
	txf_buf out = { 0 };
	int err = 0;
	txf_ix_builder *b = txf_ix_builder_new("mode=space", 10, 1, mem, NULL,
	    &err);

	FUZZ_CHECK(b != NULL, "builder: %d", err);
	for (size_t i = 0; i < nd; i++)
		FUZZ_CHECK(txf_ix_builder_add(b, d[i].id, d[i].text, d[i].tok,
		    d[i].ntok) == 0, "add document %zu", i);
	FUZZ_CHECK(txf_ix_builder_finish(b, to_buf, &out) == 0, "finish");
	txf_ix_builder_free(b);
	return out;
}

/* Document i's count of term[0..n). */
static uint32_t
count(const struct doc *d, const char *p, size_t n)
{
	uint32_t c = 0;

	for (size_t k = 0; k < d->ntok; k++)
		c += d->tok[k].n == n && memcmp(d->tok[k].p, p, n) == 0;
	return c;
}

static void
built(const uint8_t *p, size_t n, unsigned memb, size_t k)
{
	static struct doc d[400];
	size_t nd = split_docs(p, n, d, 400);
	txf_buf f = build(d, nd, 0);
	char msg[200];
	int err = 0;

	/* Spilled partial indexes (a limit of one byte: after every
	 * document; temporary files are slow, so a few documents, now and
	 * then) merge into the bytes of one build. */
	if (memb % 8 == 1) {
		size_t m = nd < 2 + memb / 8 % 4 ? nd : 2 + memb / 8 % 4;
		txf_buf a = build(d, m, 0), b = build(d, m, 1);
		FUZZ_CHECK(a.n == b.n && memcmp(a.p, b.p, a.n) == 0,
		    "spilled build of %zu documents differs", m);
		txf_buf_free(&a);
		txf_buf_free(&b);
	}

	txf_ix *ix = txf_ix_open_mem(f.p, f.n, 1, &err, msg, sizeof msg);
	FUZZ_CHECK(ix != NULL, "a built index does not open: %s", msg);
	FUZZ_CHECK(txf_ix_docs(ix) == nd, "documents");
	for (size_t i = 0; i < nd; i++) {
		txf_str s;
		FUZZ_CHECK(txf_ix_docid(ix, (uint32_t)i, &s) == 0 &&
		    s.n == d[i].id.n && (s.n == 0 ||
		    memcmp(s.p, d[i].id.p, s.n) == 0), "id %zu", i);
		FUZZ_CHECK(txf_ix_doclen(ix, (uint32_t)i) == d[i].ntok,
		    "length of %zu", i);
	}
	/* The postings are the documents' counts. */
	txf_ix_iter it;
	txf_str term;
	txf_ix_term t;
	uint32_t *docs = malloc((nd + 1) * sizeof *docs),
	    *tfs = malloc((nd + 1) * sizeof *tfs);
	uint64_t sum = 0, tokens = 0;
	int rc;
	txf_ix_iter_init(&it, ix);
	while ((rc = txf_ix_iter_next(&it, &term, &t)) > 0) {
		FUZZ_CHECK(txf_ix_postings(ix, &t, docs, tfs) == 0, "postings");
		size_t j = 0;
		for (size_t i = 0; i < nd; i++) {
			uint32_t c = count(&d[i], term.p, term.n);
			if (c == 0)
				continue;
			FUZZ_CHECK(j < t.df && docs[j] == i && tfs[j] == c,
			    "term '%.*s': document %zu", (int)term.n, term.p,
			    i);
			j++;
		}
		FUZZ_CHECK(j == t.df, "term '%.*s': df", (int)term.n, term.p);
		for (size_t i = 0; i < t.df; i++)
			sum += tfs[i];
	}
	FUZZ_CHECK(rc == 0, "iterator: %d", rc);
	txf_ix_iter_free(&it);
	for (size_t i = 0; i < nd; i++)
		tokens += d[i].ntok;
	FUZZ_CHECK(sum == tokens && txf_ix_tokens(ix) == tokens, "tokens");
	free(docs);
	free(tfs);

	(void)walk(ix, k, 1);

	/* Merges: of it alone, and of its two halves, the same bytes. */
	txf_buf m = { 0 };
	txf_ix *one[1] = { ix };
	FUZZ_CHECK(txf_ix_merge(one, 1, to_buf, &m, msg, sizeof msg) == 0 &&
	    m.n == f.n && memcmp(m.p, f.p, f.n) == 0, "merge of one");
	txf_buf_free(&m);
	size_t h = nd / 2;
	txf_buf a = build(d, h, 0), b = build(d + h, nd - h, 0);
	txf_ix *two[2];
	two[0] = txf_ix_open_mem(a.p, a.n, 1, &err, msg, sizeof msg);
	two[1] = txf_ix_open_mem(b.p, b.n, 1, &err, msg, sizeof msg);
	FUZZ_CHECK(two[0] != NULL && two[1] != NULL, "halves: %s", msg);
	FUZZ_CHECK(txf_ix_merge(two, 2, to_buf, &m, msg, sizeof msg) == 0 &&
	    m.n == f.n && memcmp(m.p, f.p, f.n) == 0, "merge of halves");
	txf_ix_close(two[0]);
	txf_ix_close(two[1]);
	txf_buf_free(&a);
	txf_buf_free(&b);
	txf_buf_free(&m);

	/* Truncated, it is refused (a few lengths). */
	for (size_t len = 0; len < f.n; len += 1 + f.n / 7) {
		txf_ix *x = txf_ix_open_mem(f.p, len, 1, &err, msg, sizeof msg);
		FUZZ_CHECK(x == NULL && err == TXF_EFORMAT && msg[0] != '\0',
		    "truncated to %zu of %zu", len, f.n);
	}
	txf_ix_close(ix);
	txf_buf_free(&f);
}

FUZZ_TARGET(index)
{
	fuzz_in in = { data, size };
	unsigned mode = fuzz_byte(&in);
	size_t k = 1 + mode / 4 % 12;
	char msg[200];
	int err = 0;

	if (mode % 4 == 3) {
		unsigned memb = fuzz_byte(&in);
		built(in.p, in.n, memb, k);
		return 0;
	}
	/* The bytes in a buffer of their own size, so that ASan sees any
	 * read past them. */
	uint8_t *p = malloc(in.n ? in.n : 1);
	FUZZ_CHECK(p != NULL, "out of memory");
	if (in.n > 0)
		memcpy(p, in.p, in.n);
	if (mode % 4 == 1)
		fix_checksums(p, in.n);
	txf_ix *ix = txf_ix_open_mem(p, in.n, mode % 4 != 2, &err, msg,
	    sizeof msg);
	if (ix == NULL) {
		FUZZ_CHECK((err == TXF_EFORMAT && msg[0] != '\0') ||
		    err == TXF_ENOMEM, "refused without a message (%d)", err);
	} else {
		(void)walk(ix, k, 0);
		txf_ix_close(ix);
	}
	free(p);
	return 0;
}
