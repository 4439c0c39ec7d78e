/* index_impl.h - what the index_*.c files share about the file. */
#ifndef TXF_INDEX_IMPL_H
#define TXF_INDEX_IMPL_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "index.h"

#define IX_MAGIC "\x89TXFIDX\n"
#define IX_END_MAGIC "TXFIDXE\n"
#define IX_HEADER 32
#define IX_TRAILER 32
#define IX_ENTRY 32
#define IX_STATS_SIZE 64
#define IX_DGROUP 16       /* terms in a dictionary group */
#define IX_THEAD 8         /* header of a record of several blocks */
#define IX_SKIP 16         /* skip table entry */
#define IX_FLAG_STORED 1u

/* Section ids, in file order. */
enum {
	IX_ANALYSIS = 1, IX_DOCLEN, IX_IDOFF, IX_IDS, IX_STOREOFF, IX_STORE,
	IX_POSTINGS, IX_DICT, IX_DICTIX, IX_STATS, IX_SEC_COUNT
};

struct ix_sec {
	const uint8_t *p;
	size_t n;
};

/* The file is little-endian.  ix_get() reads the w-byte integer at p
 * (w from 1 to 8) and ix_put() writes x's low w bytes there: the bytes
 * go through the first w bytes of a 64-bit integer in the file's order,
 * which is the host's order after IX_LE64 on either kind of host.  With
 * a constant w, each is one load or store. */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define IX_LE64(x) __builtin_bswap64(x)
#else
#define IX_LE64(x) (x)
#endif

static inline uint64_t
ix_get(const uint8_t *p, unsigned w)
{
	uint64_t x = 0;

	memcpy(&x, p, w);
	return IX_LE64(x);
}

static inline void
ix_put(uint8_t *p, uint64_t x, unsigned w)
{
	x = IX_LE64(x);
	memcpy(p, &x, w);
}

#define ix_get64(p) ix_get((p), 8)
#define ix_get32(p) ((uint32_t)ix_get((p), 4))
#define ix_get16(p) ((uint16_t)ix_get((p), 2))
#define ix_put64(p, x) ix_put((p), (x), 8)
#define ix_put32(p, x) ix_put((p), (x), 4)
#define ix_put16(p, x) ix_put((p), (x), 2)

/* A little-endian integer of w bytes, 4 or 8 (a constant width each). */
static inline uint64_t
ix_getw(const uint8_t *p, unsigned w)
{
	return w == 8 ? ix_get(p, 8) : ix_get(p, 4);
}

/* Vectors of four 32-bit integers, where the compiler has them (GCC and
 * Clang), and a shuffle of two into one (lanes 0..3 of a, 4..7 of b). */
#if defined(__GNUC__)
#define IX_VEC 1
typedef uint32_t ix_u4 __attribute__((vector_size(16)));
typedef int32_t ix_i4 __attribute__((vector_size(16)));
#if defined(__clang__)
#define IX_SHUF(a, b, i, j, k, l) __builtin_shufflevector((a), (b), i, j, k, l)
#else
#define IX_SHUF(a, b, i, j, k, l) \
	__builtin_shuffle((a), (b), (__typeof__(a)){i, j, k, l})
#endif
#endif

/* The search's hottest functions are made twice where the compiler
 * can (GCC on x86-64, with ifuncs): for AVX2 (three-operand vector and
 * scalar instructions, fewer copies; not FMA, so the same results) and
 * for any x86-64, the one the processor runs chosen at start-up. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && \
    defined(__linux__)
#define IX_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define IX_CLONES
#endif

/* An open index. */
struct txf_ix {
	const uint8_t *base;
	size_t size;
	int mapped;
	struct ix_sec sec[IX_SEC_COUNT];
	uint32_t flags;
	uint32_t version;        /* of the file: 1 or TXF_IX_VERSION */
	uint64_t docs, tokens, nterms, ngroups;
	uint32_t wlen, wid, wstore, maxterm, maxdoc;
	double avgdl;
};

/* Document d's length (d < docs). */
static inline uint32_t
ix_doclen(const struct txf_ix *ix, uint32_t d)
{
	const uint8_t *p = ix->sec[IX_DOCLEN].p;

	if (ix->wlen == 1)
		return p[d];
	return ix->wlen == 2 ? ix_get16(p + 2 * (size_t)d) :
	    ix_get32(p + 4 * (size_t)d);
}

/* Whether an index's blocks of TXF_IX_BLOCK postings are packed in
 * lanes (index_codec.c; version 2 on): the lanes argument below. */
#define IX_LANES(ix) ((ix)->version >= 2)

/* The documents of a block (as txf_ix_block_decode() checks them, a
 * full one packed in lanes when lanes is set): the bytes it takes, or -1
 * (index_codec.c). */
long txf_ix_block_docs(const uint8_t *p, size_t avail, size_t n,
                       uint32_t prev, uint32_t *docs, int lanes);

/* The counts of a block of n postings txf_ix_block_docs() accepted: 0,
 * or -1 when one is 0 (2^32 - 1 + 1). */
int txf_ix_block_tfs(const uint8_t *p, size_t n, uint32_t *tfs, int lanes);

/* Value i of the w-bit (0..32) values from bit bitoff of in. */
static inline uint32_t
ix_unpack_at(const uint8_t *in, size_t bitoff, unsigned w, size_t i)
{
	if (w == 0)
		return 0;
	size_t b = bitoff + i * w;
	uint64_t mask = w == 32 ? 0xffffffffu : (UINT64_C(1) << w) - 1;
	return (uint32_t)((ix_get64(in + (b >> 3)) >> (b & 7)) & mask);
}

/* Value i of TXF_IX_BLOCK values of w bits (0..32) packed in lanes
 * (index_codec.c) from in. */
static inline uint32_t
ix_unlane_at(const uint8_t *in, unsigned w, size_t i)
{
	if (w == 0)
		return 0;
	size_t b = (i / 4) * w, sh = b % 32;
	const uint8_t *p = in + 4 * (4 * (b / 32) + i % 4);
	uint64_t x = ix_get32(p) >> sh;
	if (sh + w > 32)
		x |= (uint64_t)ix_get32(p + 16) << (32 - sh);
	return (uint32_t)(x & (w == 32 ? 0xffffffffu : (UINT64_C(1) << w) - 1));
}

/* Count i of a block of n postings txf_ix_block_docs() accepted (0:
 * bad). */
static inline uint32_t
ix_block_tf(const uint8_t *p, size_t n, size_t i, int lanes)
{
	if (lanes && n == TXF_IX_BLOCK)
		return ix_unlane_at(p + 2 + 16 * (size_t)p[0], p[1], i) + 1;
	return ix_unpack_at(p + 2, n * p[0], p[1], i) + 1;
}

#endif
