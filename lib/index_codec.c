/*
 * index_codec.c - the index file's codec: bit packing, the blocks of
 * postings (gaps and counts, see index.h) and CRC-32C.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

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
		v[i + j] = (uint32_t)(acc + x_);                            \
		acc += x_ + 1;   /* one add on the chain a value */         \
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

/*
 * A block of TXF_IX_BLOCK postings (from version 2 on) is packed in
 * four lanes: value i is value i / 4 of lane i % 4, each lane's values
 * packed LSB first into 32-bit words, and word j of lane l is the
 * (4 j + l)-th word of the array.  A lane takes w words: the array is
 * the 16 w bytes a plain packing takes, and it unpacks four values at a
 * time with the same shifts for each (a vector of four 32-bit words).
 */
static void
pack_lanes(const uint32_t *v, unsigned w, uint8_t *out)
{
	for (unsigned i = 0; w > 0 && i < TXF_IX_BLOCK; i++) {
		unsigned b = (i / 4) * w, l = i % 4, k = b / 32, sh = b % 32;
		uint8_t *o = out + 4 * (4 * k + l);
		ix_put32(o, ix_get32(o) | v[i] << sh);
		if (sh + w > 32)
			ix_put32(o + 16, ix_get32(o + 16) |
			    v[i] >> (32 - sh));
	}
}

#if IX_VEC && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/*
 * The TXF_IX_BLOCK values of W bits packed in lanes from in into v, four
 * at a time.  KIND 1: each plus one (counts); 2: documents from their
 * gaps minus one, *d the first document's least value, left one past the
 * last (modulo 2^32).
 */
static inline __attribute__((always_inline)) void
unlane_w(const uint8_t *in, unsigned W, uint32_t *v, int KIND, uint32_t *d)
{
	const ix_u4 mask = (ix_u4){0, 0, 0, 0} +
	    (W == 32 ? 0xffffffffu : (1u << W) - 1);
	const ix_u4 z = {0, 0, 0, 0};
	ix_u4 acc = z + (KIND == 2 ? *d - 1 : 0);

#pragma GCC unroll 32
	for (unsigned r = 0; r < TXF_IX_BLOCK / 4; r++) {
		unsigned b = r * W, k = b / 32, sh = b % 32;
		ix_u4 x, y;
		memcpy(&x, in + 16 * k, 16);
		x >>= sh;
		if (sh + W > 32) {
			memcpy(&y, in + 16 * (k + 1), 16);
			x |= y << (32 - sh);
		}
		if (W < 32)
			x &= mask;
		x += 1;
		if (KIND == 2) {
			x += IX_SHUF(x, z, 4, 0, 1, 2);
			x += IX_SHUF(x, z, 4, 5, 0, 1);
			x += acc;
			acc = z + x[3];
		}
		memcpy(v + 4 * r, &x, 16);
	}
	if (KIND == 2)
		*d = acc[0] + 1;
}
#else
/* The same, a value at a time. */
static inline __attribute__((always_inline)) void
unlane_w(const uint8_t *in, unsigned W, uint32_t *v, int KIND, uint32_t *d)
{
	const uint32_t mask = W == 32 ? 0xffffffffu : (1u << W) - 1;
	uint32_t acc = KIND == 2 ? *d : 0;

	for (unsigned i = 0; i < TXF_IX_BLOCK; i++) {
		unsigned b = (i / 4) * W, k = b / 32, sh = b % 32;
		const uint8_t *p = in + 4 * (4 * k + i % 4);
		uint32_t x = ix_get32(p) >> sh;
		if (sh + W > 32)
			x |= ix_get32(p + 16) << (32 - sh);
		x &= mask;
		if (KIND == 2) {
			v[i] = acc + x;
			acc += x + 1;
		} else {
			v[i] = x + 1;
		}
	}
	if (KIND == 2)
		*d = acc;
}
#endif

/* unlane_w() for a width w (1..32) known at run time (0: all 0). */
static inline __attribute__((always_inline)) void
unlane_kind(const uint8_t *in, unsigned w, uint32_t *v, int KIND,
            uint32_t *d)
{
	switch (w) {
	case 0:
		for (unsigned i = 0; i < TXF_IX_BLOCK; i++)
			v[i] = KIND == 2 ? *d + i : 1;
		if (KIND == 2)
			*d += TXF_IX_BLOCK;
		return;
#define W(k) case k: unlane_w(in, k, v, KIND, d); return;
	W(1) W(2) W(3) W(4) W(5) W(6) W(7) W(8) W(9) W(10) W(11)
	W(12) W(13) W(14) W(15) W(16) W(17) W(18) W(19) W(20) W(21) W(22)
	W(23) W(24) W(25) W(26) W(27) W(28) W(29) W(30) W(31) W(32)
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
	if (n == TXF_IX_BLOCK) {
		pack_lanes(gap, wg, out + 2);
		pack_lanes(tf, wt, out + 2 + 16 * wg);
	} else {
		txf_ix_pack(gap, n, wg, out + 2, 0);
		txf_ix_pack(tf, n, wt, out + 2, n * wg);
	}
	return 2 + (n * (wg + wt) + 7) / 8;
}

/* txf_ix_block_docs(), made twice (a static function: the ifunc of an
 * external one would be exported). */
IX_CLONES static long
block_docs(const uint8_t *p, size_t avail, size_t n, uint32_t prev,
           uint32_t *docs, int lanes)
{
	if (avail < 2 || n == 0 || n > TXF_IX_BLOCK)
		return -1;
	unsigned wg = p[0], wt = p[1];
	if (wg > 32 || wt > 32)
		return -1;
	size_t len = 2 + (n * (wg + wt) + 7) / 8;
	if (len > avail)
		return -1;
	if (lanes && n == TXF_IX_BLOCK) {
		/* Modulo 2^32: a sum past it shows as a document not above
		 * the one before (each gap is below 2^32).  Below 2^25, 128
		 * gaps sum to less than 2^32: the last document alone
		 * tells. */
		uint32_t d = prev + 1, first = d;
		unlane_kind(p + 2, wg, docs, 2, &d);
		if (wg >= 25) {
			if (docs[0] < first)
				return -1;
			for (size_t i = 1; i < n; i++)
				if (docs[i] <= docs[i - 1])
					return -1;
		} else if (docs[n - 1] < first) {
			return -1;
		}
		return docs[n - 1] == UINT32_MAX ? -1 : (long)len;
	}
	/* The sums stay below 2^40: check the last one only. */
	uint64_t d = prev == UINT32_MAX ? 0 : (uint64_t)prev + 1;
	unpack_kind(p + 2, 0, n, wg, docs, 2, &d);
	if (d - 1 >= UINT32_MAX)
		return -1;
	return (long)len;
}

long
txf_ix_block_docs(const uint8_t *p, size_t avail, size_t n, uint32_t prev,
                  uint32_t *docs, int lanes)
{
	return block_docs(p, avail, n, prev, docs, lanes);
}

int
txf_ix_block_tfs(const uint8_t *p, size_t n, uint32_t *tfs, int lanes)
{
	unsigned wg = p[0], wt = p[1];

	if (lanes && n == TXF_IX_BLOCK)
		unlane_kind(p + 2 + 16 * wg, wt, tfs, 1, NULL);
	else
		unpack_kind(p + 2, n * wg, n, wt, tfs, 1, NULL);
	if (wt == 32)
		for (size_t i = 0; i < n; i++)
			if (tfs[i] == 0)
				return -1;
	return 0;
}

long
txf_ix_block_decode(const uint8_t *p, size_t avail, size_t n, uint32_t prev,
                    uint32_t *docs, uint32_t *tfs)
{
	long len = txf_ix_block_docs(p, avail, n, prev, docs, 1);

	if (len < 0 || txf_ix_block_tfs(p, n, tfs, 1) < 0)
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
/* Bytes of each of the three streams crc_hw() runs at once. */
#define CRC_LANE 4096

/* a times b modulo CRC-32C's polynomial, both reflected (bit 31 the
 * coefficient of x^0, bit 0 that of x^31). */
static uint32_t
crc_mul(uint32_t a, uint32_t b)
{
	uint32_t p = 0;

	for (int i = 0; i < 32; i++) {
		if (a & (0x80000000u >> i))
			p ^= b;
		b = b & 1 ? (b >> 1) ^ 0x82f63b78u : b >> 1;   /* b x */
	}
	return p;
}

/*
 * The instruction takes three cycles and one more can start each cycle:
 * three streams, of CRC_LANE bytes each, run at once.  The register
 * after bytes B from register r is r x^(8 |B|) plus the register after
 * B from 0 (modulo the polynomial: the CRC is linear), so the three
 * combine as a x^(16 L) + b x^(8 L) + c, L = CRC_LANE.
 */
__attribute__((target("sse4.2"))) static uint32_t
crc_hw(uint32_t c, const uint8_t *p, size_t n)
{
	uint64_t c64 = c;

	if (n >= 3 * CRC_LANE) {
		/* x^(8 L) = x^(2^15), x^(16 L) = x^(2^16): squares of x. */
		uint32_t k1 = 0x40000000u, k2;
		for (int i = 0; i < 15; i++)
			k1 = crc_mul(k1, k1);
		k2 = crc_mul(k1, k1);
		do {
			uint64_t a = c64, b = 0, d = 0;
			for (size_t i = 0; i < CRC_LANE; i += 8) {
				uint64_t x, y, z;
				memcpy(&x, p + i, 8);
				memcpy(&y, p + CRC_LANE + i, 8);
				memcpy(&z, p + 2 * CRC_LANE + i, 8);
				a = __builtin_ia32_crc32di(a, x);
				b = __builtin_ia32_crc32di(b, y);
				d = __builtin_ia32_crc32di(d, z);
			}
			c64 = crc_mul((uint32_t)a, k2) ^
			    crc_mul((uint32_t)b, k1) ^ (uint32_t)d;
			p += 3 * CRC_LANE;
			n -= 3 * CRC_LANE;
		} while (n >= 3 * CRC_LANE);
	}
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
