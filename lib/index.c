/*
 * index.c - the index file's reader: opening (mmap) and checking it,
 * documents, the dictionary and whole postings lists.  The codec is in
 * index_codec.c, the top-k search in index_search.c.
 *
 * Layout details beyond index.h:
 *
 *  STATS     u64 docs, u64 tokens, u64 terms, u32 doclen width (1, 2, 4),
 *            u32 id offset width (4, 8), u32 stored offset width (0, 4, 8),
 *            u32 longest term, u32 longest document, u32 0 ... (64 bytes)
 *  DOCLEN    each document's length in tokens, width bytes each
 *  IDOFF     N + 1 offsets into IDS (the first 0, the last its length)
 *  IDS       the ids, as they were in the input (escaped)
 *  STOREOFF, STORE   the same for the stored texts (index --store)
 *  POSTINGS  the terms' postings records in term order, then 8 zero bytes
 *  DICT      the terms in byte order, in groups of TXF_IX_DGROUP: each
 *            varint shared prefix with the term before (0 for a group's
 *            first), varint suffix length, suffix, varint df, varint
 *            bytes of its postings record
 *  DICTIX    per group u64 offset in DICT, u64 offset in POSTINGS
 *
 * A postings record of df <= TXF_IX_BLOCK is one block.  A longer one:
 * an 8-byte header (u16 largest count, u16 smallest document length, u8
 * largest quantised score, 3 zero bytes; see block maxima below), a skip
 * table of 16 bytes per block (u32 last document, u32 end of the block
 * in the payload, u16 largest count, u16 smallest document length, u8
 * largest quantised score, 3 zero bytes), then the blocks.
 *
 * Block maxima.  A count of 65535 or more is stored as 65535 (read: any),
 * a length of 65535 or more as 65535 (a smaller length only raises a
 * bound).  The quantised score q is the least integer with q / 255 >=
 * tf / (tf + 1.2 (0.25 + 0.75 dl / avgdl)) for every posting of the block
 * (BM25's defaults, avgdl of the whole index): the bound of the block
 * without idf for k1 = 1.2 and b = 0.75.  Other k1 and b bound a block by
 * its largest count and smallest length.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "index.h"
#include "index_impl.h"
#include "internal.h"

/* ------------------------------------------------------------------ */
/* Reader                                                              */


static int
fail(char *msg, size_t msgsize, const char *what)
{
	if (msgsize > 0)
		snprintf(msg, msgsize, "%s", what);
	return TXF_EFORMAT;
}

static int
check(txf_ix *ix, int verify, char *msg, size_t msgsize)
{
	const uint8_t *b = ix->base;
	size_t size = ix->size;

	if (size < IX_HEADER + IX_TRAILER ||
	    memcmp(b, IX_MAGIC, 8) != 0)
		return fail(msg, msgsize, "not a textfeat index");
	ix->version = ix_get32(b + 8);
	if (ix->version < 1 || ix->version > TXF_IX_VERSION)
		return fail(msg, msgsize, "index of an unknown version (this "
		    "program reads versions 1 and 2)");
	ix->flags = ix_get32(b + 12);
	if ((ix->flags & ~IX_FLAG_STORED) != 0 || ix_get64(b + 16) != 0 ||
	    ix_get64(b + 24) != 0)
		return fail(msg, msgsize, "index with features this program "
		    "does not know (header flags)");
	const uint8_t *t = b + size - IX_TRAILER;
	if (memcmp(t + 24, IX_END_MAGIC, 8) != 0)
		return fail(msg, msgsize, "truncated index (no trailer)");
	uint64_t toff = ix_get64(t);
	uint32_t nsec = ix_get32(t + 8);
	if (nsec > 64 || toff < IX_HEADER || ix_get64(t + 16) != 0 ||
	    toff + (uint64_t)nsec * IX_ENTRY + IX_TRAILER != size)
		return fail(msg, msgsize, "damaged index (section table)");
	if (txf_ix_crc32c(0, b + toff, (size_t)nsec * IX_ENTRY) !=
	    ix_get32(t + 12))
		return fail(msg, msgsize, "damaged index (section table "
		    "checksum)");
	for (uint32_t i = 0; i < nsec; i++) {
		const uint8_t *e = b + toff + (size_t)i * IX_ENTRY;
		uint32_t id = ix_get32(e);
		uint64_t off = ix_get64(e + 8), len = ix_get64(e + 16);
		if (id == 0 || id >= IX_SEC_COUNT || ix->sec[id].p != NULL ||
		    ix_get32(e + 4) != 0 || ix_get32(e + 28) != 0 ||
		    off < IX_HEADER || off > toff || len > toff - off)
			return fail(msg, msgsize, "damaged index (section "
			    "table)");
		if (verify && txf_ix_crc32c(0, b + off, (size_t)len) !=
		    ix_get32(e + 24)) {
			snprintf(msg, msgsize, "damaged index (checksum of "
			    "section %u)", id);
			return TXF_EFORMAT;
		}
		ix->sec[id].p = b + off;
		ix->sec[id].n = (size_t)len;
	}
	int stored = (ix->flags & IX_FLAG_STORED) != 0;
	for (int id = 1; id < IX_SEC_COUNT; id++) {
		int need = !(id == IX_STOREOFF || id == IX_STORE) || stored;
		if (need != (ix->sec[id].p != NULL))
			return fail(msg, msgsize, "damaged index (missing or "
			    "unexpected section)");
	}
	const struct ix_sec *st = &ix->sec[IX_STATS];
	if (st->n != IX_STATS_SIZE)
		return fail(msg, msgsize, "damaged index (statistics)");
	ix->docs = ix_get64(st->p);
	ix->tokens = ix_get64(st->p + 8);
	ix->nterms = ix_get64(st->p + 16);
	ix->wlen = ix_get32(st->p + 24);
	ix->wid = ix_get32(st->p + 28);
	ix->wstore = ix_get32(st->p + 32);
	ix->maxterm = ix_get32(st->p + 36);
	ix->maxdoc = ix_get32(st->p + 40);
	if (ix->docs >= UINT32_MAX ||
	    (ix->wlen != 1 && ix->wlen != 2 && ix->wlen != 4) ||
	    (ix->wid != 4 && ix->wid != 8) ||
	    (stored ? ix->wstore != 4 && ix->wstore != 8 : ix->wstore != 0))
		return fail(msg, msgsize, "damaged index (statistics)");
	uint64_t n = ix->docs;
	if (ix->sec[IX_DOCLEN].n / ix->wlen != n ||
	    ix->sec[IX_DOCLEN].n % ix->wlen != 0 ||
	    ix->sec[IX_IDOFF].n != (n + 1) * ix->wid ||
	    ix_getw(ix->sec[IX_IDOFF].p + n * ix->wid, ix->wid) !=
	    ix->sec[IX_IDS].n)
		return fail(msg, msgsize, "damaged index (documents)");
	if (stored && (ix->sec[IX_STOREOFF].n != (n + 1) * ix->wstore ||
	    ix_getw(ix->sec[IX_STOREOFF].p + n * ix->wstore, ix->wstore) !=
	    ix->sec[IX_STORE].n))
		return fail(msg, msgsize, "damaged index (stored texts)");
	ix->ngroups = (ix->nterms + IX_DGROUP - 1) / IX_DGROUP;
	if (ix->nterms > ix->sec[IX_DICT].n ||
	    ix->sec[IX_DICTIX].n != ix->ngroups * 16 ||
	    ix->sec[IX_POSTINGS].n < 8)
		return fail(msg, msgsize, "damaged index (dictionary)");
	ix->avgdl = n > 0 ? (double)ix->tokens / (double)n : 0;
	return 0;
}

txf_ix *
txf_ix_open_mem(const void *p, size_t n, int verify, int *err, char *msg,
                size_t msgsize)
{
	txf_ix *ix = calloc(1, sizeof *ix);

	if (msgsize > 0)
		msg[0] = '\0';
	if (ix == NULL) {
		*err = TXF_ENOMEM;
		return NULL;
	}
	ix->base = p;
	ix->size = n;
	int rc = check(ix, verify, msg, msgsize);
	if (rc < 0) {
		free(ix);
		*err = rc;
		return NULL;
	}
	return ix;
}

txf_ix *
txf_ix_open_fd(int fd, int *err, char *msg, size_t msgsize)
{
	struct stat sb;

	if (msgsize > 0)
		msg[0] = '\0';
	if (fstat(fd, &sb) != 0) {
		*err = TXF_EIO;
		return NULL;
	}
	if (!S_ISREG(sb.st_mode) || sb.st_size < IX_HEADER + IX_TRAILER) {
		*err = fail(msg, msgsize, S_ISREG(sb.st_mode) ?
		    "not a textfeat index (too short)" :
		    "an index must be a regular file");
		return NULL;
	}
	size_t size = (size_t)sb.st_size;
	void *m = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED) {
		*err = TXF_EIO;
		return NULL;
	}
	txf_ix *ix = txf_ix_open_mem(m, size, 1, err, msg, msgsize);
	if (ix == NULL) {
		TXF_KEEP_ERRNO(munmap(m, size));
		return NULL;
	}
	ix->mapped = 1;
	return ix;
}

txf_ix *
txf_ix_open(const char *path, int *err, char *msg, size_t msgsize)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		*err = TXF_EIO;
		return NULL;
	}
	txf_ix *ix = txf_ix_open_fd(fd, err, msg, msgsize);
	TXF_KEEP_ERRNO(close(fd));
	return ix;
}

TXF_DEFINE_FREE(txf_ix_close, txf_ix, ix)
{
	if (ix->mapped)
		munmap((void *)ix->base, ix->size);
	free(ix);
}

uint64_t txf_ix_docs(const txf_ix *ix) { return ix->docs; }
uint64_t txf_ix_tokens(const txf_ix *ix) { return ix->tokens; }
uint64_t txf_ix_nterms(const txf_ix *ix) { return ix->nterms; }
int txf_ix_stored(const txf_ix *ix) { return (ix->flags & IX_FLAG_STORED) != 0; }
size_t txf_ix_size(const txf_ix *ix) { return ix->size; }

txf_str
txf_ix_analysis(const txf_ix *ix)
{
	txf_str s = { (const char *)ix->sec[IX_ANALYSIS].p,
	    ix->sec[IX_ANALYSIS].n };
	return s;
}

uint32_t
txf_ix_doclen(const txf_ix *ix, uint32_t d)
{
	const uint8_t *p = ix->sec[IX_DOCLEN].p;

	if (d >= ix->docs)
		return 0;
	switch (ix->wlen) {
	case 1: return p[d];
	case 2: return ix_get16(p + 2 * (size_t)d);
	default: return ix_get32(p + 4 * (size_t)d);
	}
}

static int
blob(const struct ix_sec *off, const struct ix_sec *data, unsigned w,
     uint64_t ndocs, uint32_t d, txf_str *out)
{
	if (d >= ndocs)
		return TXF_EINVAL;
	uint64_t a = ix_getw(off->p + (size_t)d * w, w);
	uint64_t b = ix_getw(off->p + ((size_t)d + 1) * w, w);
	if (a > b || b > data->n)
		return TXF_EFORMAT;
	out->p = (const char *)data->p + a;
	out->n = (size_t)(b - a);
	return 0;
}

int
txf_ix_docid(const txf_ix *ix, uint32_t d, txf_str *out)
{
	return blob(&ix->sec[IX_IDOFF], &ix->sec[IX_IDS], ix->wid, ix->docs,
	    d, out);
}

void
txf_ix_docid_prefetch(const txf_ix *ix, uint32_t d)
{
	if (d < ix->docs)
		__builtin_prefetch(ix->sec[IX_IDOFF].p + (size_t)d * ix->wid);
}

int
txf_ix_docstore(const txf_ix *ix, uint32_t d, txf_str *out)
{
	if (!txf_ix_stored(ix))
		return TXF_EINVAL;
	return blob(&ix->sec[IX_STOREOFF], &ix->sec[IX_STORE], ix->wstore,
	    ix->docs, d, out);
}

/* A varint from [*q, end): 0, or -1 past the end or too long. */
static int
varint(const uint8_t **q, const uint8_t *end, uint64_t *v)
{
	const uint8_t *p = *q;
	uint64_t x = 0;

	for (int s = 0; s < 64; s += 7) {
		if (p >= end)
			return -1;
		uint8_t c = *p++;
		x |= (uint64_t)(c & 0x7f) << s;
		if (!(c & 0x80)) {
			*q = p;
			*v = x;
			return 0;
		}
	}
	return -1;
}

/* One dictionary entry from *q: shared prefix, suffix, df, postings
 * bytes.  0, or -1 when malformed. */
static int
dict_entry(const txf_ix *ix, const uint8_t **q, uint64_t *plen,
           const uint8_t **suf, uint64_t *slen, uint64_t *df, uint64_t *pn)
{
	const uint8_t *end = ix->sec[IX_DICT].p + ix->sec[IX_DICT].n;

	if (varint(q, end, plen) < 0 || varint(q, end, slen) < 0 ||
	    *slen > (uint64_t)(end - *q))
		return -1;
	*suf = *q;
	*q += *slen;
	if (varint(q, end, df) < 0 || varint(q, end, pn) < 0 ||
	    *df == 0 || *df > ix->docs)
		return -1;
	return 0;
}

/* Group g's start in DICT and POSTINGS; -1 when out of range. */
static int
group(const txf_ix *ix, uint64_t g, const uint8_t **q, size_t *post)
{
	const uint8_t *e = ix->sec[IX_DICTIX].p + g * 16;
	uint64_t doff = ix_get64(e), poff = ix_get64(e + 8);

	if (doff >= ix->sec[IX_DICT].n || poff > ix->sec[IX_POSTINGS].n)
		return -1;
	*q = ix->sec[IX_DICT].p + doff;
	*post = (size_t)poff;
	return 0;
}

/* The postings record at post of pn bytes, into *t. */
static int
record(const txf_ix *ix, size_t post, uint64_t pn, uint64_t df,
       txf_ix_term *t)
{
	size_t lim = ix->sec[IX_POSTINGS].n - 8;   /* the slack */

	if (post > lim || pn > lim - post)
		return -1;
	t->df = (uint32_t)df;
	t->p = ix->sec[IX_POSTINGS].p + post;
	t->n = (size_t)pn;
	return 0;
}

int
txf_ix_find(const txf_ix *ix, const char *p, size_t n, txf_ix_term *t)
{
	const uint8_t *q = (const uint8_t *)p;
	uint64_t lo = 0, hi = ix->ngroups;
	const uint8_t *dq;
	size_t post;
	uint64_t plen, slen, df, pn;
	const uint8_t *suf;

	if (ix->ngroups == 0)
		return 0;
	/* The last group whose first term is <= the term. */
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (group(ix, mid, &dq, &post) < 0 ||
		    dict_entry(ix, &dq, &plen, &suf, &slen, &df, &pn) < 0 ||
		    plen != 0)
			return TXF_EFORMAT;
		size_t m = slen < n ? (size_t)slen : n;
		int c = memcmp(suf, q, m);
		if (c < 0 || (c == 0 && slen <= n))
			lo = mid;
		else
			hi = mid;
	}
	if (group(ix, lo, &dq, &post) < 0)
		return TXF_EFORMAT;
	/* Scan the group, knowing how much of the term the entry before
	 * shares with it (lcp) and that the entry before is smaller. */
	uint64_t lcp = 0, prevlen = 0;
	uint64_t left = ix->nterms - lo * IX_DGROUP;
	if (left > IX_DGROUP)
		left = IX_DGROUP;
	for (uint64_t i = 0; i < left; i++) {
		if (dict_entry(ix, &dq, &plen, &suf, &slen, &df, &pn) < 0 ||
		    plen > prevlen || (i == 0 && plen != 0))
			return TXF_EFORMAT;
		prevlen = plen + slen;
		int less;   /* the entry is below the term */
		if (plen > lcp) {
			less = 1;
		} else if (plen < lcp) {
			/* The entry differs from the one before at plen, and
			 * so from the term, unless its prefix was not the
			 * longest shared one (a damaged dictionary). */
			if (slen > 0 && suf[0] == q[plen])
				return TXF_EFORMAT;
			return 0;
		} else {
			size_t m = 0, lim = n - (size_t)lcp;
			if (lim > slen)
				lim = (size_t)slen;
			while (m < lim && suf[m] == q[lcp + m])
				m++;
			lcp += m;
			if (m == slen && lcp == n) {
				if (record(ix, post, pn, df, t) < 0)
					return TXF_EFORMAT;
				return 1;
			}
			if (m == slen)
				less = 1;
			else if (lcp == n)
				less = 0;
			else
				less = suf[m] < q[lcp];
		}
		if (!less)
			return 0;
		if (pn > ix->sec[IX_POSTINGS].n)
			return TXF_EFORMAT;
		post += (size_t)pn;
	}
	return 0;
}

void
txf_ix_iter_init(txf_ix_iter *it, const txf_ix *ix)
{
	memset(it, 0, sizeof *it);
	it->ix = ix;
}

int
txf_ix_iter_next(txf_ix_iter *it, txf_str *term, txf_ix_term *t)
{
	const txf_ix *ix = it->ix;
	uint64_t plen, slen, df, pn;
	const uint8_t *suf;

	if (it->i >= ix->nterms)
		return 0;
	if (it->i % IX_DGROUP == 0) {
		size_t post;
		if (group(ix, it->i / IX_DGROUP, &it->q, &post) < 0 ||
		    (it->i > 0 && post != it->post))
			return TXF_EFORMAT;
		it->post = post;
	}
	if (dict_entry(ix, &it->q, &plen, &suf, &slen, &df, &pn) < 0 ||
	    plen > it->term.n || (it->i % IX_DGROUP == 0 && plen != 0))
		return TXF_EFORMAT;
	/* Terms increase. */
	if (it->i > 0) {
		size_t old = it->term.n - (size_t)plen;
		size_t m = old < slen ? old : (size_t)slen;
		int c = memcmp(suf, it->term.p + plen, m);
		if (c < 0 || (c == 0 && slen <= old))
			return TXF_EFORMAT;
		/* Within a group the shared prefix is the longest one, as
		 * lookups need (a group's first term shares none). */
		if (it->i % IX_DGROUP != 0 && old > 0 && slen > 0 &&
		    suf[0] == it->term.p[plen])
			return TXF_EFORMAT;
	}
	it->term.n = (size_t)plen;
	if (txf_buf_add(&it->term, suf, (size_t)slen) < 0)
		return TXF_ENOMEM;
	if (record(ix, it->post, pn, df, t) < 0)
		return TXF_EFORMAT;
	it->post += (size_t)pn;
	it->i++;
	term->p = it->term.p;
	term->n = it->term.n;
	return 1;
}

void
txf_ix_iter_free(txf_ix_iter *it)
{
	txf_buf_free(&it->term);
}

/* txf_ix_block_decode() in ix's layout. */
static long
block_decode(const txf_ix *ix, const uint8_t *p, size_t avail, size_t n,
             uint32_t prev, uint32_t *docs, uint32_t *tfs)
{
	long len = txf_ix_block_docs(p, avail, n, prev, docs, IX_LANES(ix));

	if (len < 0 || txf_ix_block_tfs(p, n, tfs, IX_LANES(ix)) < 0)
		return -1;
	return len;
}

int
txf_ix_postings(const txf_ix *ix, const txf_ix_term *t, uint32_t *docs,
                uint32_t *tfs)
{
	size_t nb = (t->df + TXF_IX_BLOCK - 1) / TXF_IX_BLOCK;

	if (nb == 1) {
		long r = block_decode(ix, t->p, t->n, t->df, UINT32_MAX,
		    docs, tfs);
		return r < 0 || (size_t)r != t->n ||
		    docs[t->df - 1] >= ix->docs ? TXF_EFORMAT : 0;
	}
	size_t head = IX_THEAD + nb * IX_SKIP;
	if (t->n < head)
		return TXF_EFORMAT;
	const uint8_t *pay = t->p + head;
	size_t payn = t->n - head, start = 0;
	uint32_t prev = UINT32_MAX;
	for (size_t i = 0; i < nb; i++) {
		const uint8_t *s = t->p + IX_THEAD + i * IX_SKIP;
		size_t end = ix_get32(s + 4);
		size_t n = i + 1 < nb ? TXF_IX_BLOCK :
		    t->df - (nb - 1) * TXF_IX_BLOCK;
		if (end < start || end > payn)
			return TXF_EFORMAT;
		long r = block_decode(ix, pay + start, end - start, n, prev,
		    docs, tfs);
		if (r < 0 || (size_t)r != end - start ||
		    docs[n - 1] != ix_get32(s) || docs[n - 1] >= ix->docs)
			return TXF_EFORMAT;
		prev = docs[n - 1];
		docs += n;
		tfs += n;
		start = end;
	}
	return start == payn ? 0 : TXF_EFORMAT;
}

int
txf_ix_tfidf_norms(const txf_ix *ix, double **out)
{
	double *ss = calloc(ix->docs ? ix->docs : 1, sizeof *ss);
	uint32_t *docs = NULL, *tfs = NULL;
	size_t cap = 0;
	txf_ix_iter it;
	txf_str term;
	txf_ix_term t;
	int rc;

	if (ss == NULL)
		return TXF_ENOMEM;
	txf_ix_iter_init(&it, ix);
	while ((rc = txf_ix_iter_next(&it, &term, &t)) > 0) {
		if (t.df > cap) {
			free(docs);
			free(tfs);
			cap = t.df;
			docs = malloc(cap * sizeof *docs);
			tfs = malloc(cap * sizeof *tfs);
			if (docs == NULL || tfs == NULL) {
				rc = TXF_ENOMEM;
				break;
			}
		}
		if ((rc = txf_ix_postings(ix, &t, docs, tfs)) < 0)
			break;
		double idf = txf_idf(TXF_IDF_SMOOTH, ix->docs, t.df);
		for (size_t i = 0; i < t.df; i++) {
			double v = (double)tfs[i] * idf;
			ss[docs[i]] += v * v;
		}
	}
	txf_ix_iter_free(&it);
	free(docs);
	free(tfs);
	if (rc < 0) {
		free(ss);
		return rc;
	}
	for (uint64_t d = 0; d < ix->docs; d++)
		ss[d] = sqrt(ss[d]);
	*out = ss;
	return 0;
}
