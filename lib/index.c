/*
 * index.c - the index file: codec, reader (mmap) and top-k search.
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

/* ------------------------------------------------------------------ */
/* Codec                                                               */

unsigned
txf_ix_width(uint32_t v)
{
	return v == 0 ? 0 : 32 - (unsigned)__builtin_clz(v);
}

void
txf_ix_pack(const uint32_t *v, size_t n, unsigned w, uint8_t *out,
            size_t bitoff)
{
	if (w == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		size_t b = bitoff + i * w;
		uint64_t x = ix_get64(out + (b >> 3));
		x |= (uint64_t)v[i] << (b & 7);
		ix_put64(out + (b >> 3), x);
	}
}

/* n values of the constant width W from bit bitoff: the compiler makes
 * one loop per width. */
static inline __attribute__((always_inline)) void
unpack_w(const uint8_t *in, size_t bitoff, size_t n, unsigned W, uint32_t *v)
{
	const uint64_t mask = W == 32 ? 0xffffffffu : (UINT64_C(1) << W) - 1;
	for (size_t i = 0; i < n; i++) {
		size_t b = bitoff + i * W;
		v[i] = (uint32_t)((ix_get64(in + (b >> 3)) >> (b & 7)) & mask);
	}
}

void
txf_ix_unpack(const uint8_t *in, size_t bitoff, size_t n, unsigned w,
              uint32_t *v)
{
	switch (w) {
	case 0: memset(v, 0, n * sizeof *v); return;
#define W(k) case k: unpack_w(in, bitoff, n, k, v); return;
	W(1) W(2) W(3) W(4) W(5) W(6) W(7) W(8) W(9) W(10) W(11) W(12)
	W(13) W(14) W(15) W(16) W(17) W(18) W(19) W(20) W(21) W(22) W(23)
	W(24) W(25) W(26) W(27) W(28) W(29) W(30) W(31) W(32)
#undef W
	default: return;
	}
}

size_t
txf_ix_block_encode(const uint32_t *docs, const uint32_t *tfs, size_t n,
                    uint32_t prev, uint8_t *out)
{
	uint32_t gap[TXF_IX_BLOCK], tf[TXF_IX_BLOCK], gmax = 0, tmax = 0;

	for (size_t i = 0; i < n; i++) {
		gap[i] = docs[i] - prev - 1;
		prev = docs[i];
		tf[i] = tfs[i] - 1;
		gmax |= gap[i];
		tmax |= tf[i];
	}
	unsigned wg = txf_ix_width(gmax), wt = txf_ix_width(tmax);
	out[0] = (uint8_t)wg;
	out[1] = (uint8_t)wt;
	txf_ix_pack(gap, n, wg, out + 2, 0);
	txf_ix_pack(tf, n, wt, out + 2, n * wg);
	return 2 + (n * (wg + wt) + 7) / 8;
}

long
txf_ix_block_decode(const uint8_t *p, size_t avail, size_t n, uint32_t prev,
                    uint32_t *docs, uint32_t *tfs)
{
	if (avail < 2 || n == 0 || n > TXF_IX_BLOCK)
		return -1;
	unsigned wg = p[0], wt = p[1];
	if (wg > 32 || wt > 32)
		return -1;
	size_t len = 2 + (n * (wg + wt) + 7) / 8;
	if (len > avail)
		return -1;
	txf_ix_unpack(p + 2, 0, n, wg, docs);
	txf_ix_unpack(p + 2, n * wg, n, wt, tfs);
	/* The sums stay below 2^40: check the last one only. */
	uint64_t d = prev == UINT32_MAX ? 0 : (uint64_t)prev + 1;
	for (size_t i = 0; i < n; i++) {
		d += docs[i];
		docs[i] = (uint32_t)d;
		d++;
	}
	if (d - 1 >= UINT32_MAX)
		return -1;
	for (size_t i = 0; i < n; i++)
		tfs[i] += 1;
	if (wt == 32)
		for (size_t i = 0; i < n; i++)
			if (tfs[i] == 0)
				return -1;
	return (long)len;
}

/* CRC-32C: slice-by-8 tables, or the SSE 4.2 instruction. */
static uint32_t crc_tab[8][256];
static int crc_ready;

static void
crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0x82f63b78u : c >> 1;
		crc_tab[0][i] = c;
	}
	for (uint32_t i = 0; i < 256; i++)
		for (int t = 1; t < 8; t++)
			crc_tab[t][i] = (crc_tab[t - 1][i] >> 8) ^
			    crc_tab[0][crc_tab[t - 1][i] & 0xff];
	__atomic_store_n(&crc_ready, 1, __ATOMIC_RELEASE);
}

static uint32_t
crc_soft(uint32_t c, const uint8_t *p, size_t n)
{
	if (!__atomic_load_n(&crc_ready, __ATOMIC_ACQUIRE))
		crc_init();
	while (n >= 8) {
		uint64_t x = ix_get64(p) ^ c;
		c = crc_tab[7][x & 0xff] ^ crc_tab[6][(x >> 8) & 0xff] ^
		    crc_tab[5][(x >> 16) & 0xff] ^ crc_tab[4][(x >> 24) & 0xff] ^
		    crc_tab[3][(x >> 32) & 0xff] ^ crc_tab[2][(x >> 40) & 0xff] ^
		    crc_tab[1][(x >> 48) & 0xff] ^ crc_tab[0][x >> 56];
		p += 8;
		n -= 8;
	}
	while (n--)
		c = (c >> 8) ^ crc_tab[0][(c ^ *p++) & 0xff];
	return c;
}

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("sse4.2"))) static uint32_t
crc_hw(uint32_t c, const uint8_t *p, size_t n)
{
	uint64_t c64 = c;
	while (n >= 8) {
		uint64_t x;
		memcpy(&x, p, 8);
		c64 = __builtin_ia32_crc32di(c64, x);
		p += 8;
		n -= 8;
	}
	c = (uint32_t)c64;
	while (n--)
		c = __builtin_ia32_crc32qi(c, *p++);
	return c;
}
#endif

uint32_t
txf_ix_crc32c(uint32_t crc, const void *p, size_t n)
{
	uint32_t c = ~crc;
#if defined(__x86_64__) && defined(__GNUC__)
	static int hw = -1;
	if (hw < 0) {
		__builtin_cpu_init();
		hw = __builtin_cpu_supports("sse4.2") ? 1 : 0;
	}
	if (hw)
		return ~crc_hw(c, p, n);
#endif
	return ~crc_soft(c, p, n);
}

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
	if (ix_get32(b + 8) != TXF_IX_VERSION)
		return fail(msg, msgsize, "index of an unknown version (this "
		    "program reads version 1)");
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
		int e = errno;
		munmap(m, size);
		errno = e;
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
	int e = errno;
	close(fd);
	errno = e;
	return ix;
}

void
txf_ix_close(txf_ix *ix)
{
	if (ix == NULL)
		return;
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

static inline uint32_t
doclen(const txf_ix *ix, uint32_t d)
{
	const uint8_t *p = ix->sec[IX_DOCLEN].p;

	if (ix->wlen == 1)
		return p[d];
	return ix->wlen == 2 ? ix_get16(p + 2 * (size_t)d) :
	    ix_get32(p + 4 * (size_t)d);
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

int
txf_ix_postings(const txf_ix *ix, const txf_ix_term *t, uint32_t *docs,
                uint32_t *tfs)
{
	size_t nb = (t->df + TXF_IX_BLOCK - 1) / TXF_IX_BLOCK;

	if (nb == 1) {
		long r = txf_ix_block_decode(t->p, t->n, t->df, UINT32_MAX,
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
		long r = txf_ix_block_decode(pay + start, end - start, n, prev,
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

/* ------------------------------------------------------------------ */
/* Search                                                              */

#define END UINT32_MAX
/* Bounds are compared with this much room for rounding. */
#define SLACK (1 + 1e-9)

struct cur {
	const uint8_t *rec;
	size_t recn;
	const uint8_t *pay;      /* the blocks */
	size_t payn;
	uint32_t df, nb, bi, n, pos;
	uint32_t doc;            /* current document, END after the last */
	uint32_t blast;          /* the current block's last document */
	double w;                /* query count times idf */
	double idf;
	double ub;               /* bound of any posting's score */
	double bub;              /* bound in the current block */
	size_t qi;               /* the query term */
	uint32_t ctf;            /* its count in the document scored */
	uint32_t docs[TXF_IX_BLOCK], tfs[TXF_IX_BLOCK];
};

struct txf_ix_searcher {
	const txf_ix *ix;
	txf_ix_searchopts o;
	int defaults;            /* k1, b are those the quantised maxima
	                            were made for */
	txf_count *q;
	struct cur *cur;
	struct cur **cs;
	size_t ncap;
	double *prefix;
	double *wmax;            /* window: each essential list's bound */
	double *contrib;
	uint8_t *hit;
	size_t qcap;
	txf_ix_hit *heap;
	size_t nheap;
	int bad;                 /* a malformed record was met */
	double *normtab;         /* BM25's length normalization by length */
	double *acc;             /* window: essential lists' sum by offset */
	uint32_t *tfw;           /* window: each essential list's count */
	uint64_t *touched;       /* window: offsets with a posting */
	size_t wsize, wterms;    /* window size, terms tfw holds */
	size_t nnorm;
	double qnorm;
};

txf_ix_searcher *
txf_ix_searcher_new(const txf_ix *ix, const txf_ix_searchopts *o)
{
	txf_ix_searcher *s = calloc(1, sizeof *s);

	if (s == NULL)
		return NULL;
	s->ix = ix;
	s->o = *o;
	if (s->o.k == 0)
		s->o.k = 1;
	if (s->o.k > ix->docs)
		s->o.k = ix->docs ? ix->docs : 1;
	s->defaults = o->k1 == 1.2 && o->b == 0.75;
	s->nnorm = (size_t)ix->maxdoc + 1;
	if (s->nnorm > 65536)
		s->nnorm = 65536;
	s->normtab = malloc(s->nnorm * sizeof *s->normtab);
	if (s->normtab != NULL)
		for (size_t i = 0; i < s->nnorm; i++) {
			double ratio = ix->avgdl > 0 ? (double)i / ix->avgdl : 1;
			s->normtab[i] = o->k1 * (1 - o->b + o->b * ratio);
		}
	s->q = txf_count_new(1);
	s->heap = malloc((s->o.k + 1) * sizeof *s->heap);
	if (s->q == NULL || s->heap == NULL || s->normtab == NULL) {
		txf_ix_searcher_free(s);
		return NULL;
	}
	return s;
}

void
txf_ix_searcher_free(txf_ix_searcher *s)
{
	if (s == NULL)
		return;
	txf_count_free(s->q);
	free(s->normtab);
	free(s->acc);
	free(s->tfw);
	free(s->touched);
	free(s->cur);
	free(s->cs);
	free(s->prefix);
	free(s->wmax);
	free(s->contrib);
	free(s->hit);
	free(s->heap);
	free(s);
}

/* The BM25 length normalization of a document of dl tokens, as match
 * computes it. */
static inline double
bm_norm_calc(const txf_ix_searcher *s, uint32_t dl)
{
	double ratio = s->ix->avgdl > 0 ? (double)dl / s->ix->avgdl : 1;
	return s->o.k1 * (1 - s->o.b + s->o.b * ratio);
}

static inline double
bm_norm(const txf_ix_searcher *s, uint32_t dl)
{
	return dl < s->nnorm ? s->normtab[dl] : bm_norm_calc(s, dl);
}

/* A block's bound without the weight, from its largest count and
 * smallest length (65535: any count). */
static inline double
pair_bound(const txf_ix_searcher *s, unsigned maxtf, unsigned mindl)
{
	if (maxtf >= 65535)
		return 1;
	double tf = (double)maxtf;
	return tf / (tf + bm_norm(s, mindl));
}

/* Load block i of c (decoded).  0, or -1 when malformed. */
static int
load(txf_ix_searcher *s, struct cur *c, uint32_t i)
{
	size_t start = 0, end = c->payn;
	uint32_t prev = UINT32_MAX, n = c->df;

	if (c->nb > 1) {
		const uint8_t *e = c->rec + IX_THEAD + (size_t)i * IX_SKIP;
		end = ix_get32(e + 4);
		if (i > 0) {
			start = ix_get32(e - IX_SKIP + 4);
			prev = ix_get32(e - IX_SKIP);
		}
		n = i + 1 < c->nb ? TXF_IX_BLOCK :
		    c->df - (c->nb - 1) * TXF_IX_BLOCK;
		if (s->o.score == TXF_IX_BM25)
			c->bub = c->w * (s->defaults ? (double)e[12] / 255 :
			    pair_bound(s, ix_get16(e + 8), ix_get16(e + 10)));
	}
	if (end < start || end > c->payn)
		return -1;
	long r = txf_ix_block_decode(c->pay + start, end - start, n, prev,
	    c->docs, c->tfs);
	if (r < 0 || c->docs[n - 1] >= s->ix->docs || (c->nb > 1 &&
	    c->docs[n - 1] != ix_get32(c->rec + IX_THEAD + (size_t)i *
	    IX_SKIP)))
		return -1;
	c->bi = i;
	c->n = n;
	c->pos = 0;
	c->doc = c->docs[0];
	c->blast = c->docs[n - 1];
	return 0;
}

static inline void
cur_next(txf_ix_searcher *s, struct cur *c)
{
	if (++c->pos < c->n) {
		c->doc = c->docs[c->pos];
		return;
	}
	if (c->bi + 1 >= c->nb || load(s, c, c->bi + 1) < 0) {
		if (c->bi + 1 < c->nb)
			s->bad = 1;
		c->doc = END;
	}
}

/* Move c to its first document >= d. */
static inline void
cur_seek(txf_ix_searcher *s, struct cur *c, uint32_t d)
{
	if (c->doc >= d)
		return;
	if (d > c->blast) {
		uint32_t i = c->bi + 1;
		while (i < c->nb && ix_get32(c->rec + IX_THEAD + (size_t)i *
		    IX_SKIP) < d)
			i++;
		if (i >= c->nb) {
			c->doc = END;
			return;
		}
		if (load(s, c, i) < 0) {
			s->bad = 1;
			c->doc = END;
			return;
		}
	}
	uint32_t p = c->pos;
	while (c->docs[p] < d)
		p++;
	c->pos = p;
	c->doc = c->docs[p];
}

/* The bound of block i of c (a record of several blocks). */
static inline double
block_bound(const txf_ix_searcher *s, const struct cur *c, uint32_t i)
{
	const uint8_t *e = c->rec + IX_THEAD + (size_t)i * IX_SKIP;

	return c->w * (s->defaults ? (double)e[12] / 255 :
	    pair_bound(s, ix_get16(e + 8), ix_get16(e + 10)));
}

/* Set up the cursor of a term: 0, or -1 when its record is malformed. */
static int
cur_open(txf_ix_searcher *s, struct cur *c, const txf_ix_term *t)
{
	c->rec = t->p;
	c->recn = t->n;
	c->df = t->df;
	c->nb = (t->df + TXF_IX_BLOCK - 1) / TXF_IX_BLOCK;
	if (c->nb > 1) {
		size_t head = IX_THEAD + (size_t)c->nb * IX_SKIP;
		if (t->n < head)
			return -1;
		c->pay = t->p + head;
		c->payn = t->n - head;
		if (s->o.score == TXF_IX_BM25)
			c->ub = c->w * (s->defaults ? (double)t->p[4] / 255 :
			    pair_bound(s, ix_get16(t->p), ix_get16(t->p + 2)));
	} else {
		c->pay = t->p;
		c->payn = t->n;
	}
	if (load(s, c, 0) < 0)
		return -1;
	if (c->nb == 1 && s->o.score == TXF_IX_BM25) {
		/* One block: its exact largest score. */
		double m = 0;
		for (uint32_t i = 0; i < c->n; i++) {
			double tf = (double)c->tfs[i];
			double v = c->w * tf / (tf + bm_norm(s,
			    doclen(s->ix, c->docs[i])));
			if (v > m)
				m = v;
		}
		c->ub = m;
		c->bub = m;
	}
	if (s->o.score == TXF_IX_TFIDF) {
		c->ub = c->w / s->qnorm;
		c->bub = c->ub;
	}
	return 0;
}

/* Whether hit a ranks below hit b: a lower score, or a later document. */
static inline int
worse(const txf_ix_hit *a, const txf_ix_hit *b)
{
	return a->score < b->score || (a->score == b->score && a->doc > b->doc);
}

static void
heap_down(txf_ix_hit *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < n && worse(&h[l], &h[m]))
			m = l;
		if (l + 1 < n && worse(&h[l + 1], &h[m]))
			m = l + 1;
		if (m == i)
			return;
		txf_ix_hit t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static void
heap_push(txf_ix_searcher *s, uint32_t d, double score)
{
	txf_ix_hit *h = s->heap;
	size_t i;

	if (s->nheap == s->o.k) {
		h[0].doc = d;
		h[0].score = score;
		heap_down(h, s->nheap, 0);
		return;
	}
	i = s->nheap++;
	h[i].doc = d;
	h[i].score = score;
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!worse(&h[i], &h[p]))
			break;
		txf_ix_hit t = h[i];
		h[i] = h[p];
		h[p] = t;
		i = p;
	}
}

static int
grow(txf_ix_searcher *s, size_t nt)
{
	if (nt <= s->ncap)
		return 0;
	size_t cap = nt < 16 ? 16 : nt;
	free(s->cur);
	free(s->cs);
	free(s->prefix);
	free(s->wmax);
	free(s->contrib);
	free(s->hit);
	s->cur = malloc(cap * sizeof *s->cur);
	s->cs = malloc(cap * sizeof *s->cs);
	s->prefix = malloc(cap * sizeof *s->prefix);
	s->wmax = malloc(cap * sizeof *s->wmax);
	s->contrib = malloc(cap * sizeof *s->contrib);
	s->hit = calloc(cap, 1);
	s->ncap = cap;
	if (s->cur == NULL || s->cs == NULL || s->prefix == NULL ||
	    s->wmax == NULL ||
	    s->contrib == NULL || s->hit == NULL) {
		s->ncap = 0;
		return TXF_ENOMEM;
	}
	return 0;
}

static int
by_ub(const void *a, const void *b)
{
	const struct cur *x = *(struct cur *const *)a,
	    *y = *(struct cur *const *)b;

	if (x->ub != y->ub)
		return x->ub < y->ub ? -1 : 1;
	return x->qi < y->qi ? -1 : x->qi > y->qi;
}

int
txf_ix_search(txf_ix_searcher *s, const txf_str *tok, size_t n,
              const txf_str *exclude, const txf_ix_hit **hits,
              size_t *nhits, size_t *found)
{
	const txf_ix *ix = s->ix;
	int tfidf = s->o.score == TXF_IX_TFIDF;
	size_t nt, m = 0;
	int rc;

	*nhits = 0;
	*found = 0;
	*hits = s->heap;
	s->nheap = 0;
	s->bad = 0;
	txf_count_clear(s->q);
	for (size_t i = 0; i < n; i++) {
		size_t idx;
		if ((rc = txf_count_add(s->q, tok[i].p, tok[i].n, &idx)) < 0)
			return rc;
		txf_count_vals(s->q, idx)[0]++;
	}
	nt = txf_count_size(s->q);
	if ((rc = grow(s, nt)) < 0)
		return rc;

	/* The query's terms in the index, weighed. */
	double ss = 0;
	txf_ix_term terms[1];
	for (size_t i = 0; i < nt; i++) {
		txf_str t = txf_count_term(s->q, i);
		rc = txf_ix_find(ix, t.p, t.n, terms);
		if (rc < 0)
			return rc;
		if (rc == 0)
			continue;
		struct cur *c = &s->cur[m];
		double cnt = (double)txf_count_vals(s->q, i)[0];
		c->qi = i;
		if (tfidf) {
			c->idf = txf_idf(TXF_IDF_SMOOTH, ix->docs, terms->df);
			c->w = cnt * c->idf;
			ss += c->w * c->w;
		} else {
			c->w = cnt * txf_idf(TXF_IDF_BM25, ix->docs,
			    terms->df);
		}
		c->rec = terms->p;
		c->recn = terms->n;
		c->df = terms->df;
		s->cs[m++] = c;
	}
	*found = m;
	if (m == 0)
		return 0;
	s->qnorm = sqrt(ss);
	for (size_t i = 0; i < m; i++) {
		txf_ix_term t = { s->cs[i]->df, s->cs[i]->rec, s->cs[i]->recn };
		if (cur_open(s, s->cs[i], &t) < 0)
			return TXF_EFORMAT;
	}
	struct cur **cs = s->cs;
	qsort(cs, m, sizeof *cs, by_ub);
	double acc = 0;
	for (size_t i = 0; i < m; i++) {
		acc += cs[i]->ub;
		s->prefix[i] = acc;
	}

	/* Windows of documents: the essential lists' postings in a window
	 * are summed by document (term at a time); the documents whose sum
	 * with what the other lists could add passes the k-th score are
	 * then scored exactly, the other lists looked up (MaxScore). */
	size_t w = m <= 16 ? 4096 : 65536 / m < 64 ? 64 : 65536 / m / 64 * 64;
	if (w != s->wsize || m > s->wterms) {
		free(s->acc);
		free(s->tfw);
		free(s->touched);
		s->wsize = w;
		s->wterms = m < 16 ? 16 : m;
		s->acc = calloc(w, sizeof *s->acc);
		s->tfw = calloc(w * s->wterms, sizeof *s->tfw);
		s->touched = calloc(w / 64, sizeof *s->touched);
		if (s->acc == NULL || s->tfw == NULL || s->touched == NULL) {
			s->wsize = 0;
			s->wterms = 0;
			return TXF_ENOMEM;
		}
	}
	double *wacc = s->acc;
	uint32_t *tfw = s->tfw;
	uint64_t *touched = s->touched;
	int prune = !s->o.exhaustive, full = 0;
	double theta = 0;
	size_t ess = 0, k = s->o.k;
	const uint8_t *allow = s->o.allow;
	uint64_t ndocs = ix->docs;

	for (;;) {
		if (full && prune)
			while (ess < m && s->prefix[ess] * SLACK <= theta)
				ess++;
		if (ess == m)
			break;
		size_t wess = ess;
		double rest = wess > 0 ? s->prefix[wess - 1] : 0;
		uint32_t base = END;
		for (size_t i = wess; i < m; i++)
			if (cs[i]->doc < base)
				base = cs[i]->doc;
		if (base == END)
			break;
		uint64_t end64 = (uint64_t)base + w;
		uint32_t end = end64 > ndocs ? (uint32_t)ndocs : (uint32_t)end64;

		/* Each essential list's bound in the window: the largest of
		 * its blocks there.  None can get in: the next window. */
		double wsum = rest;
		for (size_t i = wess; i < m; i++) {
			struct cur *c = cs[i];
			double b = c->doc >= end ? 0 : c->ub;
			s->wmax[i] = b;
			wsum += b;
		}
		if (full && prune && wsum * SLACK <= theta) {
			for (size_t i = wess; i < m; i++)
				cur_seek(s, cs[i], end);
			if (s->bad)
				return TXF_EFORMAT;
			continue;
		}
		/* Accumulate the essential lists. */
		for (size_t i = wess; i < m; i++) {
			struct cur *c = cs[i];
			uint32_t *tw = tfw + (i - wess) * w;
			double cw = c->w, cidf = c->idf;
			while (c->doc < end) {
				uint32_t p = c->pos, bn = c->n;
				const uint32_t *dv = c->docs, *tv = c->tfs;
				for (; p < bn && dv[p] < end; p++) {
					uint32_t off = dv[p] - base;
					double tf = (double)tv[p], v;
					if (tfidf)
						v = cw * tf * cidf;
					else
						v = cw * tf / (tf + bm_norm(s,
						    doclen(ix, dv[p])));
					wacc[off] += v;
					tw[off] = tv[p];
					touched[off >> 6] |= UINT64_C(1) <<
					    (off & 63);
				}
				if (p < bn) {
					c->pos = p;
					c->doc = dv[p];
					break;
				}
				c->pos = bn - 1;
				cur_next(s, c);
				if (s->bad)
					return TXF_EFORMAT;
			}
		}

		/* The documents touched, in order. */
		for (uint32_t wi = 0; wi < (end - base + 63) / 64; wi++) {
			uint64_t bits = touched[wi];
			touched[wi] = 0;
			while (bits) {
				uint32_t off = wi * 64 +
				    (uint32_t)__builtin_ctzll(bits);
				bits &= bits - 1;
				uint32_t d = base + off;
				double a = wacc[off];
				wacc[off] = 0;
				for (size_t i = wess; i < m; i++) {
					uint32_t *t = tfw + (i - wess) * w + off;
					cs[i]->ctf = *t;
					*t = 0;
				}
				if (allow != NULL &&
				    !(allow[d >> 3] & (1u << (d & 7))))
					continue;
				double scale = tfidf ?
				    1 / (s->qnorm * s->o.dnorm[d]) : 1;
				double part = a * scale;
				if (full && prune && (part + rest) * SLACK <= theta)
					continue;
				double norm = tfidf ? 0 : bm_norm(s,
				    doclen(ix, d));
				int out = 0;
				for (size_t j = wess; j-- > 0;) {
					struct cur *c = cs[j];
					if (full && prune && (part + s->prefix[j]) *
					    SLACK <= theta) {
						out = 1;
						break;
					}
					cur_seek(s, c, d);
					c->ctf = 0;
					if (c->doc != d)
						continue;
					double tf = (double)c->tfs[c->pos];
					c->ctf = c->tfs[c->pos];
					part += (tfidf ? c->w * tf * c->idf :
					    c->w * tf / (tf + norm)) * scale;
				}
				if (s->bad)
					return TXF_EFORMAT;
				if (out)
					continue;
				/* The score, summed in the query's term
				 * order as match sums it. */
				double sc = 0;
				for (size_t i = 0; i < m; i++) {
					const struct cur *c = &s->cur[i];
					if (c->ctf == 0)
						continue;
					double tf = (double)c->ctf;
					if (tfidf)
						sc += c->w * tf * c->idf;
					else
						sc += c->w * tf / (tf + norm);
				}
				if (tfidf) {
					sc = s->o.dnorm[d] > 0 && s->qnorm > 0 ?
					    sc / (s->qnorm * s->o.dnorm[d]) : 0;
					if (sc > 1)
						sc = 1;
				}
				if (full && sc <= theta)
					continue;
				if (exclude != NULL) {
					txf_str id;
					if (txf_ix_docid(ix, d, &id) < 0)
						return TXF_EFORMAT;
					if (id.n == exclude->n &&
					    memcmp(id.p, exclude->p, id.n) == 0)
						continue;
				}
				heap_push(s, d, sc);
				if (s->nheap == k) {
					full = 1;
					theta = s->heap[0].score;
				}
			}
		}
	}
	/* Pop the worst to the end: best first. */
	for (size_t i = s->nheap; i > 1; i--) {
		txf_ix_hit t = s->heap[0];
		s->heap[0] = s->heap[i - 1];
		s->heap[i - 1] = t;
		heap_down(s->heap, i - 1, 0);
	}
	*nhits = s->nheap;
	return 0;
}
