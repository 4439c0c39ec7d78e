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
#include "sort.h"

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

/*
 * n values of the constant width W from bit bitoff into v: the compiler
 * makes one loop per width.  From a whole byte on, groups of 8 values
 * take W bytes each, at offsets the compiler knows.  KIND 0: the values;
 * 1: each plus one (counts); 2: documents from their gaps minus one, *d
 * the first document's least value, left one past the last.
 */
#define UNPACK_ONE(x) do {                                                 \
	uint64_t x_ = (x) & mask;                                           \
	if (KIND == 2) {                                                    \
		acc += x_;                                                  \
		v[i + j] = (uint32_t)acc;                                   \
		acc++;                                                      \
	} else {                                                            \
		v[i + j] = (uint32_t)(x_ + (KIND == 1));                    \
	}                                                                   \
} while (0)

static inline __attribute__((always_inline)) void
unpack_w(const uint8_t *in, size_t bitoff, size_t n, unsigned W, uint32_t *v,
         int KIND, uint64_t *d)
{
	const uint64_t mask = W == 32 ? 0xffffffffu : (UINT64_C(1) << W) - 1;
	uint64_t acc = KIND == 2 ? *d : 0;
	size_t i = 0;

	if ((bitoff & 7) == 0) {
		const uint8_t *p = in + (bitoff >> 3);
		for (; i + 8 <= n; i += 8, p += W) {
#pragma GCC unroll 8
			for (unsigned j = 0; j < 8; j++)
				UNPACK_ONE(ix_get64(p + j * W / 8) >>
				    (j * W % 8));
		}
		bitoff += i * W;
		in += bitoff >> 3;
		bitoff &= 7;
	}
	for (size_t k = 0, j = 0; i < n; i++, k++) {
		size_t b = bitoff + k * W;
		UNPACK_ONE(ix_get64(in + (b >> 3)) >> (b & 7));
	}
	if (KIND == 2)
		*d = acc;
}

/* unpack_w() for a width w (0..32) known at run time. */
static inline __attribute__((always_inline)) void
unpack_kind(const uint8_t *in, size_t bitoff, size_t n, unsigned w,
            uint32_t *v, int KIND, uint64_t *d)
{
	switch (w) {
#define W(k) case k: unpack_w(in, bitoff, n, k, v, KIND, d); return;
	W(0) W(1) W(2) W(3) W(4) W(5) W(6) W(7) W(8) W(9) W(10) W(11)
	W(12) W(13) W(14) W(15) W(16) W(17) W(18) W(19) W(20) W(21) W(22)
	W(23) W(24) W(25) W(26) W(27) W(28) W(29) W(30) W(31) W(32)
#undef W
	default: return;
	}
}

void
txf_ix_unpack(const uint8_t *in, size_t bitoff, size_t n, unsigned w,
              uint32_t *v)
{
	unpack_kind(in, bitoff, n, w, v, 0, NULL);
}

/* Value i of the w-bit (0..32) values from bit bitoff of in. */
static inline uint32_t
unpack_at(const uint8_t *in, size_t bitoff, unsigned w, size_t i)
{
	if (w == 0)
		return 0;
	size_t b = bitoff + i * w;
	uint64_t mask = w == 32 ? 0xffffffffu : (UINT64_C(1) << w) - 1;
	return (uint32_t)((ix_get64(in + (b >> 3)) >> (b & 7)) & mask);
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

/* The documents of a block (as txf_ix_block_decode() checks them): the
 * bytes it takes, or -1. */
static long
block_docs(const uint8_t *p, size_t avail, size_t n, uint32_t prev,
           uint32_t *docs)
{
	if (avail < 2 || n == 0 || n > TXF_IX_BLOCK)
		return -1;
	unsigned wg = p[0], wt = p[1];
	if (wg > 32 || wt > 32)
		return -1;
	size_t len = 2 + (n * (wg + wt) + 7) / 8;
	if (len > avail)
		return -1;
	/* The sums stay below 2^40: check the last one only. */
	uint64_t d = prev == UINT32_MAX ? 0 : (uint64_t)prev + 1;
	unpack_kind(p + 2, 0, n, wg, docs, 2, &d);
	if (d - 1 >= UINT32_MAX)
		return -1;
	return (long)len;
}

/* The counts of a block of n postings block_docs() accepted: 0, or -1
 * when one is 0 (2^32 - 1 + 1). */
static int
block_tfs(const uint8_t *p, size_t n, uint32_t *tfs)
{
	unsigned wg = p[0], wt = p[1];

	unpack_kind(p + 2, n * wg, n, wt, tfs, 1, NULL);
	if (wt == 32)
		for (size_t i = 0; i < n; i++)
			if (tfs[i] == 0)
				return -1;
	return 0;
}

/* Count i of a block of n postings block_docs() accepted (0: bad). */
static inline uint32_t
block_tf(const uint8_t *p, size_t n, size_t i)
{
	return unpack_at(p + 2, n * p[0], p[1], i) + 1;
}

long
txf_ix_block_decode(const uint8_t *p, size_t avail, size_t n, uint32_t prev,
                    uint32_t *docs, uint32_t *tfs)
{
	long len = block_docs(p, avail, n, prev, docs);

	if (len < 0 || block_tfs(p, n, tfs) < 0)
		return -1;
	return len;
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

/*
 * Block-max MaxScore, a document at a time.  The query's lists are
 * ordered by their bounds (the largest score a posting of theirs can
 * give).  The first lists, whose bounds sum to at most the k-th score
 * found so far, are non-essential: a document that only they hold cannot
 * enter the top k, so the candidates are the other (essential) lists'
 * documents, and the non-essential lists are looked up for them.  The
 * documents are walked in regions within which every list stays inside
 * one of its blocks (the skip tables say where, without decoding):
 *  - a region whose blocks' bounds sum to at most the k-th score is
 *    passed over, its blocks left undecoded;
 *  - a candidate whose essential score, plus the bounds of the
 *    non-essential lists' blocks it has not looked up yet, cannot pass the
 *    k-th score is dropped there.
 * A block's bound bounds only the postings inside it.  Every bound is
 * compared with SLACK of room for rounding, and a document is dropped
 * only when its exact score cannot beat the k-th: as documents come in
 * increasing order, a later one with an equal score ranks below.  So the
 * top k are those --exhaustive gives (every document scored), byte for
 * byte.
 *
 * The top k are collected in an array of k + extra hits: when it fills,
 * a selection keeps the k best, and the k-th best's score becomes the
 * threshold (a threshold that lags the true k-th score only prunes less).
 */

#define END UINT32_MAX
#define END64 UINT64_MAX
/* Bounds are compared with this much room for rounding. */
#define SLACK (1 + 1e-9)

struct cur {
	const uint8_t *skip;     /* the skip table; NULL for one block */
	const uint8_t *pay;      /* the blocks */
	size_t payn;
	uint32_t df, nb;
	uint32_t bi;             /* the current block; nb when done */
	uint32_t bfirst, blast;  /* its documents lie in [bfirst, blast] */
	uint32_t dec;            /* the block decoded, plus 1 (0: none) */
	uint32_t n, pos;         /* its postings, the next one */
	int tfok;                /* its counts decoded in tfs */
	const uint8_t *blk;      /* its bytes */
	uint32_t ctf;            /* count in the document scored */
	size_t qi;               /* the query term */
	double w;                /* query count times idf */
	double idf;
	double ub;               /* bound of any posting's score */
	double bub;              /* bound in the current block */
	double cv;               /* the score it adds to the document */
	uint32_t docs[TXF_IX_BLOCK + 1];   /* then END */
	uint32_t tfs[TXF_IX_BLOCK];
};

struct txf_ix_searcher {
	const txf_ix *ix;
	txf_ix_searchopts o;
	int defaults;            /* k1, b are those the quantised maxima
	                            were made for */
	int tfidf;
	txf_count *q;
	struct cur *cur;         /* in the query's order */
	struct cur **cs;         /* by bound */
	struct cur **rl;         /* per region: the lists not done, by
	                            their blocks' bounds */
	size_t ncap;
	double *prefix;          /* sums of the first lists' bounds */
	double *nrest;           /* per region: sums of the first rl's
	                            blocks' bounds */
	txf_ix_hit *top;         /* the best hits so far */
	size_t ntop, tcap, tmax; /* hits, capacity now, allocated */
	double theta;            /* the k-th score, once full */
	int full;
	int bad;                 /* a malformed record was met */
	double *normtab;         /* BM25's length normalization by length */
	size_t nnorm;
	const uint8_t *dl1;      /* the lengths, when a byte each */
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
	s->tfidf = o->score == TXF_IX_TFIDF;
	s->nnorm = (size_t)ix->maxdoc + 1;
	if (s->nnorm > 65536)
		s->nnorm = 65536;
	if (ix->wlen == 1) {
		s->nnorm = 256;
		s->dl1 = ix->sec[IX_DOCLEN].p;
	}
	s->normtab = malloc(s->nnorm * sizeof *s->normtab);
	if (s->normtab != NULL)
		for (size_t i = 0; i < s->nnorm; i++) {
			double ratio = ix->avgdl > 0 ? (double)i / ix->avgdl : 1;
			s->normtab[i] = o->k1 * (1 - o->b + o->b * ratio);
		}
	/* Room for k/2 more (k when k is small): selections often enough
	 * that the threshold lags little. */
	size_t extra = s->o.k < 256 ? s->o.k : s->o.k / 2;
	if (extra > 65536)
		extra = 65536;
	s->tmax = s->o.k + extra;
	s->q = txf_count_new(1);
	s->top = malloc(s->tmax * sizeof *s->top);
	if (s->q == NULL || s->top == NULL || s->normtab == NULL) {
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
	free(s->cur);
	free(s->cs);
	free(s->rl);
	free(s->prefix);
	free(s->nrest);
	free(s->top);
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

/* The length normalization of document d. */
static inline double
doc_norm(const txf_ix_searcher *s, uint32_t d)
{
	if (s->dl1 != NULL)
		return s->normtab[s->dl1[d]];
	return bm_norm(s, doclen(s->ix, d));
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

/* The bound of the block whose skip entry is e. */
static inline double
skip_bound(const txf_ix_searcher *s, const struct cur *c, const uint8_t *e)
{
	if (s->tfidf)
		return c->ub;
	return c->w * (s->defaults ? (double)e[12] / 255 :
	    pair_bound(s, ix_get16(e + 8), ix_get16(e + 10)));
}

static inline void
cur_done(struct cur *c)
{
	c->bi = c->nb;
	c->bfirst = END;
	c->blast = END;
	c->bub = 0;
	c->ctf = 0;
}

/* Move c to its first block whose last document is d or after, by the
 * skip table alone (done when there is none). */
static inline void
shallow(const txf_ix_searcher *s, struct cur *c, uint64_t d)
{
	if (c->blast >= d)
		return;
	uint32_t i = c->bi + 1;
	while (i < c->nb && ix_get32(c->skip + (size_t)i * IX_SKIP) < d)
		i++;
	if (i >= c->nb) {
		cur_done(c);
		return;
	}
	const uint8_t *e = c->skip + (size_t)i * IX_SKIP;
	c->bi = i;
	c->bfirst = ix_get32(e - IX_SKIP) + 1;
	c->blast = ix_get32(e);
	c->bub = skip_bound(s, c, e);
}

/* Decode c's current block, its counts too when tfs is set.  0, or -1
 * (s->bad set, c done) when it is malformed. */
static int
load(txf_ix_searcher *s, struct cur *c, int tfs)
{
	size_t start = 0, end = c->payn;
	uint32_t prev = UINT32_MAX, n = c->df, i = c->bi;

	if (c->nb > 1) {
		const uint8_t *e = c->skip + (size_t)i * IX_SKIP;
		end = ix_get32(e + 4);
		if (i > 0) {
			start = ix_get32(e - IX_SKIP + 4);
			prev = ix_get32(e - IX_SKIP);
		}
		n = i + 1 < c->nb ? TXF_IX_BLOCK :
		    c->df - (c->nb - 1) * TXF_IX_BLOCK;
	}
	if (end < start || end > c->payn)
		goto bad;
	long r = block_docs(c->pay + start, end - start, n, prev, c->docs);
	if (r < 0 || c->docs[n - 1] >= s->ix->docs ||
	    (c->nb > 1 && c->docs[n - 1] != c->blast))
		goto bad;
	c->blk = c->pay + start;
	c->tfok = 0;
	if (tfs) {
		if (block_tfs(c->blk, n, c->tfs) < 0)
			goto bad;
		c->tfok = 1;
	}
	c->docs[n] = END;
	c->dec = i + 1;
	c->n = n;
	c->pos = 0;
	return 0;
bad:
	s->bad = 1;
	cur_done(c);
	return -1;
}

/* Set up the cursor of a term (c->w set): 0, or -1 when its record is
 * malformed. */
static int
cur_open(txf_ix_searcher *s, struct cur *c, const txf_ix_term *t)
{
	c->df = t->df;
	c->nb = (t->df + TXF_IX_BLOCK - 1) / TXF_IX_BLOCK;
	c->bi = 0;
	c->dec = 0;
	c->bfirst = 0;
	if (c->nb > 1) {
		size_t head = IX_THEAD + (size_t)c->nb * IX_SKIP;
		if (t->n < head)
			return -1;
		c->skip = t->p + IX_THEAD;
		c->pay = t->p + head;
		c->payn = t->n - head;
		if (s->tfidf)
			c->ub = c->w / s->qnorm;
		else
			c->ub = c->w * (s->defaults ? (double)t->p[4] / 255 :
			    pair_bound(s, ix_get16(t->p), ix_get16(t->p + 2)));
		c->blast = ix_get32(c->skip);
		c->bub = skip_bound(s, c, c->skip);
		return 0;
	}
	c->skip = NULL;
	c->pay = t->p;
	c->payn = t->n;
	c->blast = END;
	if (load(s, c, 1) < 0)
		return -1;
	c->blast = c->docs[c->n - 1];
	if (s->tfidf) {
		c->ub = c->w / s->qnorm;
	} else {
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
	}
	c->bub = c->ub;
	return 0;
}

/* Whether hit a ranks above hit b: a higher score, or an earlier
 * document. */
static inline int
better(const txf_ix_hit *a, const txf_ix_hit *b)
{
	return a->score > b->score || (a->score == b->score && a->doc < b->doc);
}

#define HIT_BETTER(ctx, x, y) better((x), (y))
TXF_SORT_DEFINE(hit_sort, txf_ix_hit, int, HIT_BETTER)

/* Put the k best of a[0..n) (0 < k <= n) first, the k-th best at k - 1
 * (quickselect, Hoare's partition about the middle element). */
static void
select_k(txf_ix_hit *a, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1, want = k - 1;

	while (lo < hi) {
		txf_ix_hit p = a[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;
		for (;;) {
			while (better(&a[i], &p))
				i++;
			while (better(&p, &a[j]))
				j--;
			if (i >= j)
				break;
			txf_ix_hit t = a[i];
			a[i] = a[j];
			a[j] = t;
			i++;
			j--;
		}
		/* a[lo..j] rank above or as p, a[j + 1..hi] as or below. */
		if (want <= j)
			hi = j;
		else
			lo = j + 1;
	}
}

static inline void
top_add(txf_ix_searcher *s, uint32_t d, double score)
{
	s->top[s->ntop].doc = d;
	s->top[s->ntop].score = score;
	if (++s->ntop < s->tcap)
		return;
	select_k(s->top, s->ntop, s->o.k);
	s->ntop = s->o.k;
	s->theta = s->top[s->o.k - 1].score;
	s->full = 1;
	s->tcap = s->tmax;
}

static int
grow(txf_ix_searcher *s, size_t nt)
{
	if (nt <= s->ncap)
		return 0;
	size_t cap = nt < 16 ? 16 : nt;
	free(s->cur);
	free(s->cs);
	free(s->rl);
	free(s->prefix);
	free(s->nrest);
	s->cur = malloc(cap * sizeof *s->cur);
	s->cs = malloc(cap * sizeof *s->cs);
	s->rl = malloc(cap * sizeof *s->rl);
	s->prefix = malloc(cap * sizeof *s->prefix);
	s->nrest = malloc(cap * sizeof *s->nrest);
	s->ncap = cap;
	if (s->cur == NULL || s->cs == NULL || s->rl == NULL ||
	    s->prefix == NULL || s->nrest == NULL) {
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

/*
 * Candidate d, the essential lists' ctf and cv set (part their sum,
 * scaled): look the region's non-essential lists rl[0..ess) up unless it
 * cannot rank, and take it if it does.  0 or TXF_EFORMAT.
 */
static inline int
candidate(txf_ix_searcher *s, size_t m, size_t ess, uint32_t d, double part,
          double scale, double norm, const txf_str *exclude)
{
	struct cur **rl = s->rl;
	int tfidf = s->tfidf;
	int full = s->full && !s->o.exhaustive;
	double theta = s->theta;

	for (size_t j = ess; j-- > 0;) {
		struct cur *c = rl[j];
		if (full && (part + s->nrest[j]) * SLACK <= theta)
			return 0;
		c->ctf = 0;
		if (c->dec != c->bi + 1 && load(s, c, 0) < 0)
			return TXF_EFORMAT;
		/* The block's last document is d or after. */
		uint32_t p = c->pos;
		while (c->docs[p] < d)
			p++;
		c->pos = p;
		if (c->docs[p] != d)
			continue;
		uint32_t tf = c->tfok ? c->tfs[p] : block_tf(c->blk, c->n, p);
		if (tf == 0) {
			s->bad = 1;
			return TXF_EFORMAT;
		}
		double t = (double)tf;
		c->ctf = tf;
		c->cv = tfidf ? c->w * t * c->idf : c->w * t / (t + norm);
		part += c->cv * scale;
	}
	/* The score, summed in the query's term order as match sums it. */
	double sc = 0;
	for (size_t i = 0; i < m; i++)
		if (s->cur[i].ctf != 0)
			sc += s->cur[i].cv;
	if (tfidf) {
		sc = s->o.dnorm[d] > 0 && s->qnorm > 0 ?
		    sc / (s->qnorm * s->o.dnorm[d]) : 0;
		if (sc > 1)
			sc = 1;
	}
	if (s->full && sc <= s->theta)
		return 0;
	if (exclude != NULL) {
		txf_str id;
		if (txf_ix_docid(s->ix, d, &id) < 0)
			return TXF_EFORMAT;
		if (id.n == exclude->n && memcmp(id.p, exclude->p, id.n) == 0)
			return 0;
	}
	top_add(s, d, sc);
	return 0;
}

/* Whether document d passes --allow. */
static inline int
allowed(const txf_ix_searcher *s, uint32_t d)
{
	return s->o.allow == NULL || (s->o.allow[d >> 3] & (1u << (d & 7)));
}

/*
 * The candidates of a region up to end: the documents of its N essential
 * lists rl[ess..nl) (positioned, counts decoded), merged.  N is a
 * constant (the compiler makes one loop for each).
 */
#define WALK_MAX 4

static inline __attribute__((always_inline)) int
walk(txf_ix_searcher *s, size_t m, size_t nl, size_t ess, uint64_t end,
     const txf_str *exclude, const size_t N)
{
	struct cur **e = s->rl + ess;
	int tfidf = s->tfidf, prune = !s->o.exhaustive, rc;
	double nrest = ess > 0 ? s->nrest[ess - 1] : 0;
	const uint32_t *dv[WALK_MAX], *tv[WALK_MAX];
	uint32_t pos[WALK_MAX];
	double w[WALK_MAX], idf[WALK_MAX];
	/* A document whose essential score plus nrest is at most thr
	 * cannot rank. */
	double thr = s->full && prune ? s->theta : -1;

	(void)nl;
#pragma GCC unroll 4
	for (size_t i = 0; i < N; i++) {
		dv[i] = e[i]->docs;
		tv[i] = e[i]->tfs;
		pos[i] = e[i]->pos;
		w[i] = e[i]->w;
		idf[i] = e[i]->idf;
	}
	for (;;) {
		uint32_t d = dv[0][pos[0]];
#pragma GCC unroll 4
		for (size_t i = 1; i < N; i++)
			if (dv[i][pos[i]] < d)
				d = dv[i][pos[i]];
		if (d >= end)
			break;
		uint32_t tf[WALK_MAX];
#pragma GCC unroll 4
		for (size_t i = 0; i < N; i++) {
			tf[i] = 0;
			if (dv[i][pos[i]] == d)
				tf[i] = tv[i][pos[i]++];
		}
		if (!allowed(s, d))
			continue;
		double cv[WALK_MAX], part = 0, norm = 0, scale = 1;
		if (tfidf)
			scale = 1 / (s->qnorm * s->o.dnorm[d]);
		else
			norm = doc_norm(s, d);
#pragma GCC unroll 4
		for (size_t i = 0; i < N; i++) {
			cv[i] = 0;
			if (tf[i] != 0) {
				double t = (double)tf[i];
				cv[i] = tfidf ? w[i] * t * idf[i] :
				    w[i] * t / (t + norm);
			}
			part += cv[i];
		}
		part *= scale;
		if ((part + nrest) * SLACK <= thr)
			continue;
#pragma GCC unroll 4
		for (size_t i = 0; i < N; i++) {
			e[i]->ctf = tf[i];
			e[i]->cv = cv[i];
			e[i]->pos = pos[i];
		}
		if ((rc = candidate(s, m, ess, d, part, scale, norm,
		    exclude)) < 0)
			return rc;
		thr = s->full && prune ? s->theta : -1;
	}
#pragma GCC unroll 4
	for (size_t i = 0; i < N; i++)
		e[i]->pos = pos[i];
	return 0;
}

/* walk() for any number of essential lists. */
static int
walk_any(txf_ix_searcher *s, size_t m, size_t nl, size_t ess, uint64_t end,
         const txf_str *exclude)
{
	struct cur **rl = s->rl;
	int tfidf = s->tfidf, prune = !s->o.exhaustive, rc;
	double nrest = ess > 0 ? s->nrest[ess - 1] : 0;

	for (;;) {
		uint32_t d = END;
		for (size_t i = ess; i < nl; i++) {
			const struct cur *c = rl[i];
			if (c->docs[c->pos] < d)
				d = c->docs[c->pos];
		}
		if (d >= end)
			return 0;
		int ok = allowed(s, d);
		double norm = tfidf || !ok ? 0 : doc_norm(s, d);
		double part = 0;
		for (size_t i = ess; i < nl; i++) {
			struct cur *c = rl[i];
			c->ctf = 0;
			if (c->docs[c->pos] != d)
				continue;
			uint32_t tf = c->tfs[c->pos++];
			if (!ok)
				continue;
			double t = (double)tf;
			c->ctf = tf;
			c->cv = tfidf ? c->w * t * c->idf : c->w * t / (t + norm);
			part += c->cv;
		}
		if (!ok)
			continue;
		double scale = tfidf ? 1 / (s->qnorm * s->o.dnorm[d]) : 1;
		part *= scale;
		if (s->full && prune && (part + nrest) * SLACK <= s->theta)
			continue;
		if ((rc = candidate(s, m, ess, d, part, scale, norm,
		    exclude)) < 0)
			return rc;
	}
}

/*
 * The documents of [base, end), a region inside one block of each of the
 * lists rl[0..nl) (those not done; the others add nothing here): the
 * essential ones rl[ess..nl) give the candidates, the others are looked
 * up.  0, TXF_EFORMAT.
 */
static int
region(txf_ix_searcher *s, size_t m, size_t nl, size_t ess, uint32_t base,
       uint64_t end, const txf_str *exclude)
{
	struct cur **rl = s->rl;

	for (size_t i = ess; i < nl; i++) {
		struct cur *c = rl[i];
		if (c->dec != c->bi + 1) {
			if (load(s, c, 1) < 0)
				return TXF_EFORMAT;
		} else if (!c->tfok) {
			if (block_tfs(c->blk, c->n, c->tfs) < 0) {
				s->bad = 1;
				return TXF_EFORMAT;
			}
			c->tfok = 1;
		}
		/* The block's last document is end - 1 or after. */
		uint32_t p = c->pos;
		while (c->docs[p] < base)
			p++;
		c->pos = p;
	}
	switch (nl - ess) {
	case 1: return walk(s, m, nl, ess, end, exclude, 1);
	case 2: return walk(s, m, nl, ess, end, exclude, 2);
	case 3: return walk(s, m, nl, ess, end, exclude, 3);
	case 4: return walk(s, m, nl, ess, end, exclude, 4);
	default: return walk_any(s, m, nl, ess, end, exclude);
	}
}

int
txf_ix_search(txf_ix_searcher *s, const txf_str *tok, size_t n,
              const txf_str *exclude, const txf_ix_hit **hits,
              size_t *nhits, size_t *found)
{
	const txf_ix *ix = s->ix;
	int tfidf = s->tfidf;
	size_t nt, m = 0;
	int rc;

	*nhits = 0;
	*found = 0;
	*hits = s->top;
	s->ntop = 0;
	s->tcap = s->o.k;
	s->full = 0;
	s->theta = 0;
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
	txf_ix_term *terms = NULL, tbuf[16];
	terms = nt <= 16 ? tbuf : malloc(nt * sizeof *terms);
	if (terms == NULL)
		return TXF_ENOMEM;
	for (size_t i = 0; i < nt; i++) {
		txf_str t = txf_count_term(s->q, i);
		rc = txf_ix_find(ix, t.p, t.n, &terms[m]);
		if (rc < 0)
			goto out;
		if (rc == 0)
			continue;
		struct cur *c = &s->cur[m];
		double cnt = (double)txf_count_vals(s->q, i)[0];
		c->qi = i;
		if (tfidf) {
			c->idf = txf_idf(TXF_IDF_SMOOTH, ix->docs, terms[m].df);
			c->w = cnt * c->idf;
			ss += c->w * c->w;
		} else {
			c->w = cnt * txf_idf(TXF_IDF_BM25, ix->docs,
			    terms[m].df);
		}
		s->cs[m++] = c;
	}
	*found = m;
	rc = 0;
	if (m == 0)
		goto out;
	s->qnorm = sqrt(ss);
	for (size_t i = 0; i < m; i++)
		if (cur_open(s, &s->cur[i], &terms[i]) < 0) {
			rc = TXF_EFORMAT;
			goto out;
		}
	struct cur **cs = s->cs;
	qsort(cs, m, sizeof *cs, by_ub);
	double acc = 0;
	for (size_t i = 0; i < m; i++) {
		acc += cs[i]->ub;
		s->prefix[i] = acc;
	}

	int prune = !s->o.exhaustive;
	size_t ess = 0;
	uint64_t base = 0;
	for (;;) {
		if (s->full && prune)
			while (ess < m && s->prefix[ess] * SLACK <= s->theta)
				ess++;
		if (ess == m)
			break;
		/* The region starts at the first document from base on that
		 * an essential list may hold. */
		uint64_t start = END64;
		for (size_t i = ess; i < m; i++) {
			struct cur *c = cs[i];
			shallow(s, c, base);
			if (c->bi >= c->nb)
				continue;
			uint64_t f = c->bfirst > base ? c->bfirst : base;
			if (c->dec == c->bi + 1 && c->pos < c->n &&
			    c->docs[c->pos] > f)
				f = c->docs[c->pos];
			if (f < start)
				start = f;
		}
		if (start == END64)
			break;
		base = start;
		/* It ends where the first of the lists' blocks ends.  The
		 * lists not done, by their blocks' bounds there. */
		uint64_t end = END64;
		size_t nl = 0;
		for (size_t i = 0; i < m; i++) {
			struct cur *c = cs[i];
			shallow(s, c, base);
			if (c->bi >= c->nb)
				continue;
			if ((uint64_t)c->blast + 1 < end)
				end = (uint64_t)c->blast + 1;
			size_t j = nl++;
			for (; j > 0 && s->rl[j - 1]->bub > c->bub; j--)
				s->rl[j] = s->rl[j - 1];
			s->rl[j] = c;
		}
		double bound = 0;
		for (size_t i = 0; i < nl; i++) {
			bound += s->rl[i]->bub;
			s->nrest[i] = bound;
		}
		/* A region none of whose documents can rank is passed over;
		 * in the others, the lists whose blocks' bounds sum to at
		 * most the k-th score are looked up, not walked. */
		if (s->full && prune) {
			if (bound * SLACK <= s->theta) {
				base = end;
				continue;
			}
			size_t re = 0;
			while (s->nrest[re] * SLACK <= s->theta)
				re++;
			rc = region(s, m, nl, re, (uint32_t)base, end, exclude);
		} else {
			rc = region(s, m, nl, 0, (uint32_t)base, end, exclude);
		}
		if (rc < 0)
			goto out;
		base = end;
	}
	if (s->bad) {
		rc = TXF_EFORMAT;
		goto out;
	}
	if (s->ntop > s->o.k) {
		select_k(s->top, s->ntop, s->o.k);
		s->ntop = s->o.k;
	}
	hit_sort(0, s->top, s->ntop);
	*nhits = s->ntop;
out:
	if (terms != tbuf)
		free(terms);
	return rc;
}
