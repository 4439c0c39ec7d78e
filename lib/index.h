/*
 * index.h - the index file of `index` and `retrieve`: its codec, writer,
 * reader and top-k search.  Not installed (yet): the tools, the unit
 * tests and the fuzz target use it.  Every name is txf_ix_*.
 *
 * The file (all integers little-endian, on every machine):
 *
 *   header   32 bytes: magic "\x89TXFIDX\n", u32 version (2), u32 flags
 *            (bit 0: texts stored), u64 0, u64 0
 *   sections one after another, in the order of txf_ix_sec below, each
 *            checksummed (CRC-32C)
 *   table    per section 32 bytes: u32 id, u32 0, u64 offset, u64 length,
 *            u32 crc, u32 0
 *   trailer  32 bytes: u64 offset of the table, u32 sections, u32 crc of
 *            the table, u64 0, magic "TXFIDXE\n"
 *
 * Documents are numbered 0..N-1 in input order.  A term's postings are
 * its documents in increasing order with the term's count in each, in
 * blocks of TXF_IX_BLOCK (the last one shorter).  A block is two bit
 * packed arrays (widths in its first two bytes): the gaps between
 * documents minus one (the first from the previous block's last document,
 * or from -1) and the counts minus one, LSB first; in a block of
 * TXF_IX_BLOCK, each array is packed in four lanes of 32-bit words (see
 * index_codec.c; version 1 packed it as the shorter ones, and is still
 * read).  A term of more than one block starts with a header and a skip
 * table (see index.c).
 */
#ifndef TXF_INDEX_H
#define TXF_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "textfeat.h"
#include "batch.h"

#define TXF_IX_BLOCK 128
#define TXF_IX_VERSION 2

/* ---- codec ---------------------------------------------------------- */

/** The bits needed for v (0 for 0). */
unsigned txf_ix_width(uint32_t v);

/**
 * OR the low w bits (0..32) of each of v[0..n) into out from bit bitoff
 * on, LSB first.  out must be zeroed and hold (bitoff + n w + 7) / 8 + 8
 * bytes.
 */
void txf_ix_pack(const uint32_t *v, size_t n, unsigned w, uint8_t *out,
                 size_t bitoff);

/**
 * The n values of w bits (0..32) from bit bitoff of in into v.  Reads
 * the bytes in [in + bitoff / 8, in + (bitoff + n w + 7) / 8 + 8): the
 * caller guarantees 8 bytes of slack after the packed bits.
 */
void txf_ix_unpack(const uint8_t *in, size_t bitoff, size_t n, unsigned w,
                   uint32_t *v);

/** Most bytes one block of n postings encodes to (without slack). */
#define TXF_IX_BLOCK_MAX(n) (2 + ((size_t)(n) * 64 + 7) / 8)

/**
 * Encode the block docs[0..n) (increasing, the first above prev, prev
 * being UINT32_MAX before the first block) with counts tfs[0..n) (each
 * >= 1) into out (zeroed, TXF_IX_BLOCK_MAX(n) + 8 bytes), in the layout
 * of TXF_IX_VERSION.  Returns the bytes written.
 */
size_t txf_ix_block_encode(const uint32_t *docs, const uint32_t *tfs,
                           size_t n, uint32_t prev, uint8_t *out);

/**
 * Decode a block of n postings from p (TXF_IX_VERSION's layout), where
 * avail bytes are readable (8 bytes of slack beyond them too).  Returns the bytes it takes, or -1
 * when it is malformed (a width above 32, more bytes than avail, a
 * document number past UINT32_MAX - 1).
 */
long txf_ix_block_decode(const uint8_t *p, size_t avail, size_t n,
                         uint32_t prev, uint32_t *docs, uint32_t *tfs);

/** CRC-32C (Castagnoli) of p[0..n), continuing from crc (0 to start). */
uint32_t txf_ix_crc32c(uint32_t crc, const void *p, size_t n);

/* ---- reader ---------------------------------------------------------- */

typedef struct txf_ix txf_ix;

/**
 * Open the index at path by mmap and check it: header, trailer, table,
 * every section's checksum and the structure the reader relies on.
 * NULL with *err (TXF_EIO with errno, TXF_EFORMAT with a message in
 * msg[0..msgsize), TXF_ENOMEM).
 */
txf_ix *txf_ix_open(const char *path, int *err, char *msg, size_t msgsize);

/** The same on fd (kept open by the caller; the map holds the file). */
txf_ix *txf_ix_open_fd(int fd, int *err, char *msg, size_t msgsize);

/** The same on the bytes p[0..n) (borrowed); checksums are checked only
 *  when verify is set (the fuzz target tests the reader beyond them). */
txf_ix *txf_ix_open_mem(const void *p, size_t n, int verify, int *err,
                        char *msg, size_t msgsize);

void txf_ix_close(txf_ix *ix);

uint64_t txf_ix_docs(const txf_ix *ix);
uint64_t txf_ix_tokens(const txf_ix *ix);
uint64_t txf_ix_nterms(const txf_ix *ix);
/** The analysis description the index was built with. */
txf_str txf_ix_analysis(const txf_ix *ix);
/** Whether texts are stored (index --store). */
int txf_ix_stored(const txf_ix *ix);
/** Bytes of the file. */
size_t txf_ix_size(const txf_ix *ix);

/** Document d's length in tokens. */
uint32_t txf_ix_doclen(const txf_ix *ix, uint32_t d);
/** Document d's id (escaped as in the input).  0 or TXF_EFORMAT. */
int txf_ix_docid(const txf_ix *ix, uint32_t d, txf_str *out);
/** Start fetching document d's id offsets into the cache (a hint, for
 *  a txf_ix_docid() a little later; d may be out of range). */
void txf_ix_docid_prefetch(const txf_ix *ix, uint32_t d);
/** Document d's stored text and extra columns, as in the input.  0 or
 *  TXF_EFORMAT (or TXF_EINVAL without stored texts). */
int txf_ix_docstore(const txf_ix *ix, uint32_t d, txf_str *out);

/** A term's postings, as the dictionary gives them. */
typedef struct {
	uint32_t df;
	const uint8_t *p;   /* the postings record */
	size_t n;           /* its bytes */
} txf_ix_term;

/** Find the term p[0..n): 1 with *t set, 0 when absent, TXF_EFORMAT. */
int txf_ix_find(const txf_ix *ix, const char *p, size_t n, txf_ix_term *t);

/** The terms in byte order. */
typedef struct {
	const txf_ix *ix;
	uint64_t i;         /* next term */
	const uint8_t *q;   /* in the dictionary */
	size_t post;        /* postings offset of the next term */
	txf_buf term;
} txf_ix_iter;

void txf_ix_iter_init(txf_ix_iter *it, const txf_ix *ix);
/** The next term (*term valid until the next call): 1, 0 at the end, or
 *  TXF_EFORMAT. */
int txf_ix_iter_next(txf_ix_iter *it, txf_str *term, txf_ix_term *t);
void txf_ix_iter_free(txf_ix_iter *it);

/** Decode every posting of t into docs[0..df) and tfs[0..df).  0 or
 *  TXF_EFORMAT. */
int txf_ix_postings(const txf_ix *ix, const txf_ix_term *t, uint32_t *docs,
                    uint32_t *tfs);

/* ---- writer ---------------------------------------------------------- */

/** Where a writer's bytes go: 0, or a negative code that stops it. */
typedef int (*txf_ix_write_fn)(void *arg, const void *p, size_t n);

typedef struct txf_ix_builder txf_ix_builder;

/**
 * A builder of an index of documents added one by one, recording
 * analysis[0..alen) and, when store, each document's stored text.  When
 * the memory it holds passes mem bytes it writes what it has as a partial
 * index to a temporary file in txf_tmpdir(tmpdir) and merges them at the
 * end.  NULL with *err set.
 */
txf_ix_builder *txf_ix_builder_new(const char *analysis, size_t alen,
                                   int store, size_t mem, const char *tmpdir,
                                   int *err);

/** Add the next document: its id, stored text (ignored without store)
 *  and tokens.  0, TXF_ENOMEM, TXF_ERANGE (2^32 - 1 documents or a count
 *  past 2^32 - 1), TXF_EIO (a spill). */
int txf_ix_builder_add(txf_ix_builder *b, txf_str id, txf_str stored,
                       const txf_str *tok, size_t ntok);

/** Partial indexes written to temporary files so far. */
size_t txf_ix_builder_spills(const txf_ix_builder *b);

/** Write the index through fn.  0 or a negative code (fn's, TXF_EIO,
 *  TXF_ENOMEM, TXF_EFORMAT for a damaged spill). */
int txf_ix_builder_finish(txf_ix_builder *b, txf_ix_write_fn fn, void *arg);

void txf_ix_builder_free(txf_ix_builder *b);

/**
 * Write the index of the documents of in[0..n), in that order: the bytes
 * one build over all of them gives.  They must share the analysis and
 * whether texts are stored (else TXF_EINVAL with a message).  0 or a
 * negative code.
 */
int txf_ix_merge(txf_ix *const *in, size_t n, txf_ix_write_fn fn, void *arg,
                 char *msg, size_t msgsize);

/* ---- search ---------------------------------------------------------- */

enum txf_ix_score { TXF_IX_BM25 = 0, TXF_IX_TFIDF };

typedef struct {
	enum txf_ix_score score;
	double k1, b;            /* BM25 (1.2, 0.75) */
	size_t k;                /* results a query (>= 1) */
	int exhaustive;          /* no pruning */
	const uint8_t *allow;    /* bitmap of the documents allowed, or NULL */
	const double *dnorm;     /* tf-idf: each document's l2 norm
	                            (txf_ix_tfidf_norms) */
} txf_ix_searchopts;

typedef struct {
	uint32_t doc;
	double score;
} txf_ix_hit;

typedef struct txf_ix_searcher txf_ix_searcher;

/** A searcher (one thread) over ix (borrowed, as o->allow and o->dnorm).
 *  NULL when out of memory. */
txf_ix_searcher *txf_ix_searcher_new(const txf_ix *ix,
                                     const txf_ix_searchopts *o);

/**
 * The top o->k documents for the query tokens tok[0..n), by score
 * descending, ties by document number: *hits (owned by s, valid until the
 * next call) gets *nhits of them, *found the number of the query's
 * distinct terms the index holds.  A document whose id is exclude
 * (when exclude is not NULL) is left out.  0, TXF_ENOMEM or TXF_EFORMAT.
 */
int txf_ix_search(txf_ix_searcher *s, const txf_str *tok, size_t n,
                  const txf_str *exclude, const txf_ix_hit **hits,
                  size_t *nhits, size_t *found);

void txf_ix_searcher_free(txf_ix_searcher *s);

/**
 * Each document's l2 norm of its tf-idf vector (count times the smooth
 * idf ln((1 + N) / (1 + df)) + 1, scikit-learn's TfidfVectorizer) into a
 * new array of N doubles (*out, free() it).  0, TXF_ENOMEM, TXF_EFORMAT.
 */
int txf_ix_tfidf_norms(const txf_ix *ix, double **out);

#endif
