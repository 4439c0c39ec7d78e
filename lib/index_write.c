/*
 * index_write.c - writing index files: a build in memory (with partial
 * indexes spilled to temporary files past a memory limit) and the merge
 * of indexes.  Both write through the same section writer and term
 * encoder, so a merge of the partial indexes of a run, or of indexes
 * built on shards, gives the bytes one build of all the documents gives.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "index.h"
#include "internal.h"
#include "index_impl.h"

/* ------------------------------------------------------------------ */
/* Section writer                                                      */

struct wr {
	txf_ix_write_fn fn;
	void *arg;
	uint64_t off;           /* bytes written, buffered ones included */
	uint32_t crc;           /* of the section up to the buffer */
	int id;
	uint64_t start;
	uint8_t table[IX_SEC_COUNT * IX_ENTRY];
	uint32_t nsec;
	int err;
	uint8_t *buf;
	size_t bn;
};

#define WR_BUF (1 << 16)

static void
wr_flush(struct wr *w)
{
	if (w->bn == 0 || w->err)
		return;
	w->crc = txf_ix_crc32c(w->crc, w->buf, w->bn);
	int rc = w->fn(w->arg, w->buf, w->bn);
	if (rc < 0)
		w->err = rc;
	w->bn = 0;
}

static void
wr_bytes(struct wr *w, const void *p, size_t n)
{
	if (w->err || n == 0)   /* p may be NULL then (an empty DICT) */
		return;
	w->off += n;
	if (n <= WR_BUF - w->bn) {
		memcpy(w->buf + w->bn, p, n);
		w->bn += n;
		return;
	}
	wr_flush(w);
	if (n < WR_BUF) {
		memcpy(w->buf, p, n);
		w->bn = n;
		return;
	}
	if (w->err)
		return;
	w->crc = txf_ix_crc32c(w->crc, p, n);
	int rc = w->fn(w->arg, p, n);
	if (rc < 0)
		w->err = rc;
}

static void
wr_w(struct wr *w, uint64_t v, unsigned width)
{
	uint8_t b[8];
	ix_put64(b, v);
	wr_bytes(w, b, width);
}

static void
wr_begin(struct wr *w, int id)
{
	wr_flush(w);
	w->id = id;
	w->start = w->off;
	w->crc = 0;
}

static void
wr_end(struct wr *w)
{
	wr_flush(w);
	uint8_t *e = w->table + (size_t)w->nsec++ * IX_ENTRY;
	memset(e, 0, IX_ENTRY);
	ix_put32(e, (uint32_t)w->id);
	ix_put64(e + 8, w->start);
	ix_put64(e + 16, w->off - w->start);
	ix_put32(e + 24, w->crc);
}

/* A text a document, its id or its stored text: section id the offsets
 * of the ends, off[1..n] after a 0, of width width, and section id + 1
 * the texts t, end to end. */
static void
wr_texts(struct wr *w, int id, const uint64_t *off, size_t n,
         unsigned width, const txf_buf *t)
{
	wr_begin(w, id);
	wr_w(w, 0, width);
	for (size_t d = 0; d < n; d++)
		wr_w(w, off[d + 1], width);
	wr_end(w);
	wr_begin(w, id + 1);
	wr_bytes(w, t->p, t->n);
	wr_end(w);
}

static int
wr_init(struct wr *w, txf_ix_write_fn fn, void *arg, int stored)
{
	uint8_t h[IX_HEADER];

	memset(w, 0, sizeof *w);
	w->fn = fn;
	w->arg = arg;
	if ((w->buf = malloc(WR_BUF)) == NULL)
		return TXF_ENOMEM;
	memset(h, 0, sizeof h);
	memcpy(h, IX_MAGIC, 8);
	ix_put32(h + 8, TXF_IX_VERSION);
	ix_put32(h + 12, stored ? IX_FLAG_STORED : 0);
	wr_bytes(w, h, sizeof h);
	return 0;
}

/* The table and the trailer; then the status. */
static int
wr_finish(struct wr *w)
{
	uint8_t t[IX_TRAILER];
	uint64_t toff;

	wr_flush(w);
	toff = w->off;
	size_t tn = (size_t)w->nsec * IX_ENTRY;
	uint32_t tcrc = txf_ix_crc32c(0, w->table, tn);
	wr_bytes(w, w->table, tn);
	memset(t, 0, sizeof t);
	ix_put64(t, toff);
	ix_put32(t + 8, w->nsec);
	ix_put32(t + 12, tcrc);
	memcpy(t + 24, IX_END_MAGIC, 8);
	wr_bytes(w, t, sizeof t);
	wr_flush(w);
	free(w->buf);
	w->buf = NULL;
	return w->err;
}

static void
wr_stats(struct wr *w, uint64_t docs, uint64_t tokens, uint64_t terms,
         unsigned wlen, unsigned wid, unsigned wst, uint64_t maxterm,
         uint64_t maxdl)
{
	uint8_t s[IX_STATS_SIZE];

	memset(s, 0, sizeof s);
	ix_put64(s, docs);
	ix_put64(s + 8, tokens);
	ix_put64(s + 16, terms);
	ix_put32(s + 24, wlen);
	ix_put32(s + 28, wid);
	ix_put32(s + 32, wst);
	ix_put32(s + 36, maxterm > UINT32_MAX ? UINT32_MAX : (uint32_t)maxterm);
	ix_put32(s + 40, (uint32_t)maxdl);
	wr_begin(w, IX_STATS);
	wr_bytes(w, s, sizeof s);
	wr_end(w);
}

static unsigned
len_width(uint64_t maxdl)
{
	return maxdl < 256 ? 1 : maxdl < 65536 ? 2 : 4;
}

static unsigned
off_width(uint64_t total)
{
	return total <= UINT32_MAX ? 4 : 8;
}

/* ------------------------------------------------------------------ */
/* Terms: postings records and the dictionary                          */

struct enc {
	double avgdl;
	txf_buf pay;            /* the blocks of a record */
	txf_buf skip;
	txf_buf dict, dictix;
	txf_buf prev;           /* the term before */
	uint64_t nterms;
	uint64_t post;          /* bytes of POSTINGS so far */
	uint64_t maxterm;
};

static void
put_varint(txf_buf *b, uint64_t v, int *err)
{
	uint8_t t[10];
	size_t n = 0;

	do {
		t[n] = (uint8_t)(v & 0x7f);
		v >>= 7;
		if (v)
			t[n] |= 0x80;
		n++;
	} while (v);
	if (txf_buf_add(b, t, n) < 0)
		*err = TXF_ENOMEM;
}

/* The least q with q / 255 >= the posting's score without idf at k1 =
 * 1.2, b = 0.75 (computed as the search computes it). */
static unsigned
quant(double avgdl, uint32_t tf, uint32_t dl)
{
	double ratio = avgdl > 0 ? (double)dl / avgdl : 1;
	double norm = 1.2 * (1 - 0.75 + 0.75 * ratio);
	double t = (double)tf, g = t / (t + norm);
	double q = ceil(g * 255);
	if (q > 255)
		q = 255;
	while (q < 255 && q / 255 < g)
		q++;
	return (unsigned)q;
}

/*
 * One term: its record into POSTINGS, its entry into the dictionary.
 * docs, tfs and the documents' lengths dls, df of each.
 */
static int
put_term(struct wr *w, struct enc *e, const char *term, size_t tn,
         const uint32_t *docs, const uint32_t *tfs, const uint32_t *dls,
         size_t df)
{
	size_t nb = (df + TXF_IX_BLOCK - 1) / TXF_IX_BLOCK;
	uint8_t blk[TXF_IX_BLOCK_MAX(TXF_IX_BLOCK) + 8];
	uint64_t bytes;
	int err = 0;

	if (nb == 1) {
		memset(blk, 0, sizeof blk);
		bytes = txf_ix_block_encode(docs, tfs, df, UINT32_MAX, blk);
		wr_bytes(w, blk, (size_t)bytes);
	} else {
		unsigned tmax = 0, dmin = 65535, qmax = 0;
		uint32_t prev = UINT32_MAX;
		e->pay.n = 0;
		e->skip.n = 0;
		for (size_t i = 0; i < nb; i++) {
			size_t a = i * TXF_IX_BLOCK, n = df - a;
			if (n > TXF_IX_BLOCK)
				n = TXF_IX_BLOCK;
			if (txf_buf_grow(&e->pay, sizeof blk) < 0)
				return TXF_ENOMEM;
			uint8_t *o = (uint8_t *)e->pay.p + e->pay.n;
			memset(o, 0, sizeof blk);
			e->pay.n += txf_ix_block_encode(docs + a, tfs + a, n,
			    prev, o);
			prev = docs[a + n - 1];
			unsigned bt = 0, bd = 65535, bq = 0;
			for (size_t j = a; j < a + n; j++) {
				unsigned t = tfs[j] > 65535 ? 65535 : tfs[j];
				unsigned d = dls[j] > 65535 ? 65535 : dls[j];
				unsigned q = quant(e->avgdl, tfs[j], dls[j]);
				if (t > bt) bt = t;
				if (d < bd) bd = d;
				if (q > bq) bq = q;
			}
			if (bt > tmax) tmax = bt;
			if (bd < dmin) dmin = bd;
			if (bq > qmax) qmax = bq;
			uint8_t s[IX_SKIP];
			memset(s, 0, sizeof s);
			ix_put32(s, prev);
			ix_put32(s + 4, (uint32_t)e->pay.n);
			ix_put16(s + 8, (uint16_t)bt);
			ix_put16(s + 10, (uint16_t)bd);
			s[12] = (uint8_t)bq;
			if (txf_buf_add(&e->skip, s, sizeof s) < 0)
				return TXF_ENOMEM;
		}
		if (e->pay.n > UINT32_MAX)
			return TXF_ERANGE;
		uint8_t h[IX_THEAD];
		memset(h, 0, sizeof h);
		ix_put16(h, (uint16_t)tmax);
		ix_put16(h + 2, (uint16_t)dmin);
		h[4] = (uint8_t)qmax;
		wr_bytes(w, h, sizeof h);
		wr_bytes(w, e->skip.p, e->skip.n);
		wr_bytes(w, e->pay.p, e->pay.n);
		bytes = sizeof h + e->skip.n + e->pay.n;
	}

	/* The dictionary entry. */
	size_t plen = 0;
	if (e->nterms % IX_DGROUP == 0) {
		uint8_t g[16];
		ix_put64(g, e->dict.n);
		ix_put64(g + 8, e->post);
		if (txf_buf_add(&e->dictix, g, sizeof g) < 0)
			return TXF_ENOMEM;
	} else {
		size_t m = tn < e->prev.n ? tn : e->prev.n;
		while (plen < m && term[plen] == e->prev.p[plen])
			plen++;
	}
	put_varint(&e->dict, plen, &err);
	put_varint(&e->dict, tn - plen, &err);
	if (txf_buf_add(&e->dict, term + plen, tn - plen) < 0)
		err = TXF_ENOMEM;
	put_varint(&e->dict, df, &err);
	put_varint(&e->dict, bytes, &err);
	e->prev.n = 0;
	if (txf_buf_add(&e->prev, term, tn) < 0)
		err = TXF_ENOMEM;
	e->nterms++;
	e->post += bytes;
	if (tn > e->maxterm)
		e->maxterm = tn;
	return err;
}

/* POSTINGS' slack, then DICT and DICTIX. */
static void
end_terms(struct wr *w, struct enc *e)
{
	static const uint8_t zero[8];

	wr_bytes(w, zero, 8);
	wr_end(w);
	wr_begin(w, IX_DICT);
	wr_bytes(w, e->dict.p, e->dict.n);
	wr_end(w);
	wr_begin(w, IX_DICTIX);
	wr_bytes(w, e->dictix.p, e->dictix.n);
	wr_end(w);
}

static void
enc_free(struct enc *e)
{
	txf_buf_free(&e->pay);
	txf_buf_free(&e->skip);
	txf_buf_free(&e->dict);
	txf_buf_free(&e->dictix);
	txf_buf_free(&e->prev);
}

/* ------------------------------------------------------------------ */
/* Build in memory                                                     */

struct txf_ix_builder {
	txf_buf analysis;
	int store;
	size_t mem;
	char *tmpdir;
	txf_count *dict;          /* val 0: last document + 1, val 1: its
	                             posting */
	uint32_t *pterm, *ptf;    /* postings in document order */
	size_t np, pcap;
	uint32_t *ndist, *dl;     /* per document */
	uint64_t *idoff, *stoff;  /* ndocs + 1 each */
	size_t ndocs, dcap;
	txf_buf ids, st;
	uint64_t tokens, maxdl;
	size_t *idx;
	size_t idxcap;
	txf_ix **seg;
	size_t nseg;
};

txf_ix_builder *
txf_ix_builder_new(const char *analysis, size_t alen, int store, size_t mem,
                   const char *tmpdir, int *err)
{
	txf_ix_builder *b = calloc(1, sizeof *b);

	*err = TXF_ENOMEM;
	if (b == NULL)
		return NULL;
	b->store = store;
	b->mem = mem;
	if (txf_buf_add(&b->analysis, analysis, alen) < 0 ||
	    (tmpdir != NULL && (b->tmpdir = strdup(tmpdir)) == NULL) ||
	    (b->dict = txf_count_new(2)) == NULL) {
		txf_ix_builder_free(b);
		return NULL;
	}
	return b;
}

TXF_DEFINE_FREE(txf_ix_builder_free, txf_ix_builder, b)
{
	txf_buf_free(&b->analysis);
	txf_count_free(b->dict);
	txf_buf_free(&b->ids);
	txf_buf_free(&b->st);
	for (size_t i = 0; i < b->nseg; i++)
		txf_ix_close(b->seg[i]);
	TXF_FREE_ALL(b->tmpdir, b->pterm, b->ptf, b->ndist, b->dl, b->idoff,
	    b->stoff, b->idx, b->seg, b);
}

size_t
txf_ix_builder_spills(const txf_ix_builder *b)
{
	return b->nseg;
}

static size_t
memory(const txf_ix_builder *b)
{
	return b->pcap * 8 + b->dcap * 24 + b->ids.cap + b->st.cap +
	    b->idxcap * sizeof *b->idx + txf_count_memory(b->dict);
}

#define GROW(p, cap, need) do { \
	if ((need) > (cap)) { \
		size_t c_ = (cap) ? (cap) * 2 : 1024; \
		while (c_ < (need)) c_ *= 2; \
		void *q_ = realloc((p), c_ * sizeof *(p)); \
		if (q_ == NULL) return TXF_ENOMEM; \
		(p) = q_; \
		(cap) = c_; \
	} } while (0)

static int grow_docs(txf_ix_builder *b)
{
	size_t cap = b->dcap;
	GROW(b->ndist, cap, b->ndocs + 2);
	cap = b->dcap;
	GROW(b->dl, cap, b->ndocs + 2);
	cap = b->dcap;
	GROW(b->idoff, cap, b->ndocs + 2);
	cap = b->dcap;
	GROW(b->stoff, cap, b->ndocs + 2);
	b->dcap = cap;
	return 0;
}

static int spill(txf_ix_builder *b);

int
txf_ix_builder_add(txf_ix_builder *b, txf_str id, txf_str stored,
                   const txf_str *tok, size_t ntok)
{
	int rc;

	if (b->ndocs + 1 >= UINT32_MAX || ntok > UINT32_MAX)
		return TXF_ERANGE;
	if (b->ndocs + 2 > b->dcap && (rc = grow_docs(b)) < 0)
		return rc;
	GROW(b->idx, b->idxcap, ntok);
	if (b->np + ntok > b->pcap) {
		size_t c = b->pcap ? b->pcap * 2 : 4096;
		while (c < b->np + ntok)
			c *= 2;
		uint32_t *t = realloc(b->pterm, c * sizeof *t);
		if (t == NULL)
			return TXF_ENOMEM;
		b->pterm = t;
		if ((t = realloc(b->ptf, c * sizeof *t)) == NULL)
			return TXF_ENOMEM;
		b->ptf = t;
		b->pcap = c;
	}
	if (ntok > 0 &&
	    (rc = txf_count_add_many(b->dict, tok, ntok, b->idx)) < 0)
		return rc;
	uint64_t mark = b->ndocs + 1;
	size_t first = b->np;
	for (size_t i = 0; i < ntok; i++) {
		uint64_t *v = txf_count_vals(b->dict, b->idx[i]);
		if (v[0] != mark) {
			v[0] = mark;
			v[1] = b->np;
			b->pterm[b->np] = (uint32_t)b->idx[i];
			b->ptf[b->np++] = 1;
		} else if (++b->ptf[v[1]] == 0) {
			return TXF_ERANGE;
		}
	}
	size_t d = b->ndocs;
	b->ndist[d] = (uint32_t)(b->np - first);
	b->dl[d] = (uint32_t)ntok;
	if (ntok > b->maxdl)
		b->maxdl = ntok;
	b->tokens += ntok;
	if (d == 0) {
		b->idoff[0] = 0;
		b->stoff[0] = 0;
	}
	if (txf_buf_add(&b->ids, id.p, id.n) < 0)
		return TXF_ENOMEM;
	b->idoff[d + 1] = b->ids.n;
	if (b->store) {
		if (txf_buf_add(&b->st, stored.p, stored.n) < 0)
			return TXF_ENOMEM;
	}
	b->stoff[d + 1] = b->st.n;
	b->ndocs++;
	if (b->mem > 0 && memory(b) > b->mem)
		return spill(b);
	return 0;
}

/* Write what the builder holds as one index. */
static int
write_mem(txf_ix_builder *b, txf_ix_write_fn fn, void *arg)
{
	size_t nt = txf_count_size(b->dict), *order = NULL;
	uint32_t *rank = NULL, *docs = NULL, *tfs = NULL, *dls = NULL;
	uint64_t *start = NULL;
	struct wr w;
	struct enc e;
	int rc = TXF_ENOMEM;

	memset(&e, 0, sizeof e);
	if (wr_init(&w, fn, arg, b->store) < 0)
		return TXF_ENOMEM;
	order = malloc((nt ? nt : 1) * sizeof *order);
	rank = malloc((nt ? nt : 1) * sizeof *rank);
	start = calloc(nt + 1, sizeof *start);
	docs = malloc((b->np ? b->np : 1) * sizeof *docs);
	tfs = malloc((b->np ? b->np : 1) * sizeof *tfs);
	if (order == NULL || rank == NULL || start == NULL || docs == NULL ||
	    tfs == NULL || txf_count_sorted(b->dict, order) < 0)
		goto out;
	for (size_t r = 0; r < nt; r++)
		rank[order[r]] = (uint32_t)r;
	for (size_t i = 0; i < b->np; i++)
		start[rank[b->pterm[i]] + 1]++;
	size_t maxdf = 0;
	for (size_t r = 0; r < nt; r++) {
		if (start[r + 1] > maxdf)
			maxdf = start[r + 1];
		start[r + 1] += start[r];
	}
	for (size_t d = 0, i = 0; d < b->ndocs; d++) {
		for (uint32_t j = 0; j < b->ndist[d]; j++, i++) {
			uint64_t p = start[rank[b->pterm[i]]]++;
			docs[p] = (uint32_t)d;
			tfs[p] = b->ptf[i];
		}
	}
	/* start[r] is now the end of term r. */
	if ((dls = malloc((maxdf ? maxdf : 1) * sizeof *dls)) == NULL)
		goto out;

	unsigned wlen = len_width(b->maxdl), wid = off_width(b->ids.n),
	    wst = b->store ? off_width(b->st.n) : 0;
	wr_begin(&w, IX_ANALYSIS);
	wr_bytes(&w, b->analysis.p, b->analysis.n);
	wr_end(&w);
	wr_begin(&w, IX_DOCLEN);
	for (size_t d = 0; d < b->ndocs; d++)
		wr_w(&w, b->dl[d], wlen);
	wr_end(&w);
	wr_texts(&w, IX_IDOFF, b->idoff, b->ndocs, wid, &b->ids);
	if (b->store)
		wr_texts(&w, IX_STOREOFF, b->stoff, b->ndocs, wst, &b->st);
	wr_begin(&w, IX_POSTINGS);
	e.avgdl = b->ndocs > 0 ? (double)b->tokens / (double)b->ndocs : 0;
	for (size_t r = 0; r < nt; r++) {
		uint64_t a = r > 0 ? start[r - 1] : 0, df = start[r] - a;
		for (uint64_t i = 0; i < df; i++)
			dls[i] = b->dl[docs[a + i]];
		txf_str t = txf_count_term(b->dict, order[r]);
		if ((rc = put_term(&w, &e, t.p, t.n, docs + a, tfs + a, dls,
		    (size_t)df)) < 0)
			goto out;
	}
	end_terms(&w, &e);
	wr_stats(&w, b->ndocs, b->tokens, nt, wlen, wid, wst, e.maxterm,
	    b->maxdl);
	rc = wr_finish(&w);
out:
	free(w.buf);
	enc_free(&e);
	free(order);
	free(rank);
	free(start);
	free(docs);
	free(tfs);
	free(dls);
	return rc;
}

/* A temporary file written through a buffer. */
struct fdw {
	int fd;
};

static int
fd_write(void *arg, const void *p, size_t n)
{
	struct fdw *f = arg;

	return txf_write_all(f->fd, p, n);
}

static void
reset(txf_ix_builder *b)
{
	txf_count_free(b->dict);
	b->dict = txf_count_new(2);
	b->np = 0;
	b->ndocs = 0;
	b->ids.n = 0;
	b->st.n = 0;
	b->tokens = 0;
	b->maxdl = 0;
}

static int
spill(txf_ix_builder *b)
{
	struct fdw f;
	int rc, err;
	char msg[128];

	void *q = realloc(b->seg, (b->nseg + 1) * sizeof *b->seg);
	if (q == NULL)
		return TXF_ENOMEM;
	b->seg = q;
	if ((f.fd = txf_tmpfile(b->tmpdir)) < 0)
		return f.fd;
	if ((rc = write_mem(b, fd_write, &f)) < 0) {
		close(f.fd);
		return rc;
	}
	txf_ix *ix = txf_ix_open_fd(f.fd, &err, msg, sizeof msg);
	TXF_KEEP_ERRNO(close(f.fd));
	if (ix == NULL)
		return err == TXF_EFORMAT ? TXF_EIO : err;
	b->seg[b->nseg++] = ix;
	reset(b);
	return b->dict == NULL ? TXF_ENOMEM : 0;
}

int
txf_ix_builder_finish(txf_ix_builder *b, txf_ix_write_fn fn, void *arg)
{
	int rc;
	char msg[128];

	if (b->nseg == 0)
		return write_mem(b, fn, arg);
	if (b->ndocs > 0 && (rc = spill(b)) < 0)
		return rc;
	return txf_ix_merge(b->seg, b->nseg, fn, arg, msg, sizeof msg);
}

/* ------------------------------------------------------------------ */
/* Merge                                                               */

struct src {
	txf_ix_iter it;
	txf_str term;
	txf_ix_term t;
	int more;
};

/* Say how the analysis a of input i differs from an, input 1's. */
static void
analysis_differs(txf_str a, txf_str an, size_t i, char *msg, size_t msgsize)
{
	txf_buf why = { 0 };
	txf_analysis *x = txf_analysis_parse(a.p, a.n, NULL);
	txf_analysis *y = txf_analysis_parse(an.p, an.n, NULL);

	if (x != NULL && y != NULL && txf_analysis_diff(x, y, &why) == 1)
		snprintf(msg, msgsize, "index %zu was built with another "
		    "analysis than index 1 (%.*s)", i + 1, (int)why.n, why.p);
	else
		snprintf(msg, msgsize, "index %zu was built with another "
		    "analysis ('%.*s', not '%.*s')", i + 1, (int)a.n, a.p,
		    (int)an.n, an.p);
	txf_analysis_free(x);
	txf_analysis_free(y);
	txf_buf_free(&why);
}

int
txf_ix_merge(txf_ix *const *in, size_t n, txf_ix_write_fn fn, void *arg,
             char *msg, size_t msgsize)
{
	uint64_t docs = 0, tokens = 0, maxdl = 0, ids = 0, sts = 0;
	uint64_t *base = NULL;
	struct src *s = NULL;
	uint32_t *dv = NULL, *tv = NULL, *lv = NULL;
	size_t cap = 0;
	struct wr w;
	struct enc e;
	int rc;

	if (msgsize > 0)
		msg[0] = '\0';
	if (n == 0)
		return TXF_EINVAL;
	int stored = txf_ix_stored(in[0]);
	txf_str an = txf_ix_analysis(in[0]);
	for (size_t i = 0; i < n; i++) {
		txf_str a = txf_ix_analysis(in[i]);
		if (a.n != an.n || memcmp(a.p, an.p, a.n) != 0) {
			analysis_differs(a, an, i, msg, msgsize);
			return TXF_EINVAL;
		}
		if (txf_ix_stored(in[i]) != stored) {
			snprintf(msg, msgsize, "index %zu %s texts and index 1 "
			    "%s", i + 1, stored ? "has no stored" : "stores",
			    stored ? "does" : "does not");
			return TXF_EINVAL;
		}
		docs += txf_ix_docs(in[i]);
		tokens += txf_ix_tokens(in[i]);
		ids += in[i]->sec[IX_IDS].n;
		if (stored)
			sts += in[i]->sec[IX_STORE].n;
		if (in[i]->maxdoc > maxdl)
			maxdl = in[i]->maxdoc;
	}
	if (docs >= UINT32_MAX - 1)
		return TXF_ERANGE;
	memset(&e, 0, sizeof e);
	if (wr_init(&w, fn, arg, stored) < 0)
		return TXF_ENOMEM;
	base = calloc(n + 1, sizeof *base);
	s = calloc(n, sizeof *s);
	rc = TXF_ENOMEM;
	if (base == NULL || s == NULL)
		goto out;
	for (size_t i = 0; i < n; i++)
		base[i + 1] = base[i] + txf_ix_docs(in[i]);

	unsigned wlen = len_width(maxdl), wid = off_width(ids),
	    wst = stored ? off_width(sts) : 0;
	wr_begin(&w, IX_ANALYSIS);
	wr_bytes(&w, an.p, an.n);
	wr_end(&w);
	wr_begin(&w, IX_DOCLEN);
	for (size_t i = 0; i < n; i++)
		for (uint32_t d = 0; d < txf_ix_docs(in[i]); d++)
			wr_w(&w, txf_ix_doclen(in[i], d), wlen);
	wr_end(&w);
	for (int pass = 0; pass < (stored ? 2 : 1); pass++) {
		int off = pass ? IX_STOREOFF : IX_IDOFF,
		    dat = pass ? IX_STORE : IX_IDS;
		unsigned ww = pass ? wst : wid;
		uint64_t at = 0;
		wr_begin(&w, off);
		wr_w(&w, 0, ww);
		for (size_t i = 0; i < n; i++) {
			for (uint32_t d = 0; d < txf_ix_docs(in[i]); d++) {
				txf_str x;
				rc = pass ? txf_ix_docstore(in[i], d, &x) :
				    txf_ix_docid(in[i], d, &x);
				if (rc < 0)
					goto out;
				at += x.n;
				wr_w(&w, at, ww);
			}
		}
		wr_end(&w);
		wr_begin(&w, dat);
		for (size_t i = 0; i < n; i++)
			wr_bytes(&w, in[i]->sec[dat].p, in[i]->sec[dat].n);
		wr_end(&w);
	}

	wr_begin(&w, IX_POSTINGS);
	e.avgdl = docs > 0 ? (double)tokens / (double)docs : 0;
	for (size_t i = 0; i < n; i++) {
		txf_ix_iter_init(&s[i].it, in[i]);
		if ((s[i].more = txf_ix_iter_next(&s[i].it, &s[i].term,
		    &s[i].t)) < 0) {
			rc = s[i].more;
			goto out;
		}
	}
	for (;;) {
		/* The least term, and every source that has it. */
		txf_str least = { NULL, 0 };
		for (size_t i = 0; i < n; i++) {
			if (s[i].more <= 0)
				continue;
			if (least.p == NULL) {
				least = s[i].term;
				continue;
			}
			size_t m = s[i].term.n < least.n ? s[i].term.n :
			    least.n;
			int c = memcmp(s[i].term.p, least.p, m);
			if (c < 0 || (c == 0 && s[i].term.n < least.n))
				least = s[i].term;
		}
		if (least.p == NULL)
			break;
		size_t df = 0;
		int take[n ? n : 1];
		for (size_t i = 0; i < n; i++) {
			take[i] = s[i].more > 0 &&
			    txf_same_str(s[i].term, least);
			if (take[i])
				df += s[i].t.df;
		}
		if (df > cap) {
			free(dv);
			free(tv);
			free(lv);
			cap = df * 2;
			dv = malloc(cap * sizeof *dv);
			tv = malloc(cap * sizeof *tv);
			lv = malloc(cap * sizeof *lv);
			rc = TXF_ENOMEM;
			if (dv == NULL || tv == NULL || lv == NULL)
				goto out;
		}
		size_t at = 0;
		for (size_t i = 0; i < n; i++) {
			if (!take[i])
				continue;
			if ((rc = txf_ix_postings(in[i], &s[i].t, dv + at,
			    tv + at)) < 0)
				goto out;
			for (size_t j = at; j < at + s[i].t.df; j++) {
				lv[j] = txf_ix_doclen(in[i], dv[j]);
				dv[j] += (uint32_t)base[i];
			}
			at += s[i].t.df;
		}
		/* The term's bytes stay valid until its source moves on:
		 * write first. */
		size_t first = 0;
		while (!take[first])
			first++;
		if ((rc = put_term(&w, &e, s[first].term.p, s[first].term.n,
		    dv, tv, lv, df)) < 0)
			goto out;
		for (size_t i = 0; i < n; i++)
			if (take[i] && (s[i].more = txf_ix_iter_next(&s[i].it,
			    &s[i].term, &s[i].t)) < 0) {
				rc = s[i].more;
				goto out;
			}
	}
	end_terms(&w, &e);
	wr_stats(&w, docs, tokens, e.nterms, wlen, wid, wst, e.maxterm, maxdl);
	rc = wr_finish(&w);
out:
	if (rc == TXF_EFORMAT && msgsize > 0 && msg[0] == '\0')
		snprintf(msg, msgsize, "damaged index");
	free(w.buf);
	enc_free(&e);
	if (s != NULL)
		for (size_t i = 0; i < n; i++)
			txf_ix_iter_free(&s[i].it);
	free(s);
	free(base);
	free(dv);
	free(tv);
	free(lv);
	return rc;
}
