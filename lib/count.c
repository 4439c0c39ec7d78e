/*
 * count.c - the counting table: distinct terms with a few 64-bit counters
 * each, numbered in order of first insertion; sorting its entries by term
 * bytes or by value; and MurmurHash3 x86_32.
 *
 * Layout, chosen so that a lookup in a table far larger than the caches
 * touches two cache lines: its slot and its record.
 *  - Each entry is one record in an arena (a single growable buffer),
 *    8-byte aligned: its nvals counters, then {entry number, term length,
 *    32-bit hash}, then the term bytes.
 *  - The index is an open-addressing table with linear probing whose
 *    64-bit slots hold (32-bit hash) << 32 | (record offset / 8 + 1), 0 for
 *    an empty slot.  The hash in the slot both places the entry and rejects
 *    almost every other entry without reading its record; growing the
 *    index never reads a record.
 *  - off[i] is the offset of entry i's record: the insertion order, for
 *    access by number and for sorting.
 * Clearing empties only the slots in use (or all of them when that is
 * cheaper) and rewinds the arena, keeping the memory for the next
 * document.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "textfeat.h"
#include "internal.h"
#include "sort.h"

#define MIN_SLOTS 64              /* initial index size (a power of two) */
#define MIN_ARENA 4096            /* initial arena size */
#define MAX_ENTRIES 0x7fffffffu   /* entries; slots stay within 2^32 */
#define MAX_TERM 0xffffffffu      /* term lengths are stored in 32 bits */
#if SIZE_MAX > 0xffffffffu                /* offsets / 8 fit 32 bits */
#define MAX_ARENA ((size_t)0xfffffffeu * 8)
#else
#define MAX_ARENA (SIZE_MAX / 2)
#endif

/* The part of a record after its counters. */
struct rhdr {
	uint32_t idx;   /* entry number */
	uint32_t len;   /* term length */
	uint32_t h;     /* the hash in the slot */
	/* the term bytes follow */
};

struct txf_count {
	uint64_t *slot;      /* mask + 1 slots */
	size_t mask;
	uint32_t *off;       /* record offset / 8 of each entry */
	size_t n, cap;       /* entries in use, room in off */
	unsigned nvals;
	size_t hsize;        /* bytes of a record before its term bytes */
	char *arena;         /* the records */
	size_t used, acap;   /* bytes of the arena in use, allocated */
	size_t indexed;      /* entries 0..indexed-1 are in the index (all
	                        but those txf_count_append() left out) */
};

static inline char *
record(const txf_count *t, size_t i)
{
	return t->arena + (size_t)t->off[i] * 8;
}

static inline const struct rhdr *
rec_hdr(const txf_count *t, const char *rec)
{
	return (const struct rhdr *)(const void *)(rec + t->nvals * 8);
}

static inline const char *
rec_term(const txf_count *t, const char *rec)
{
	return rec + t->hsize;
}

/* ------------------------------------------------------------------ */
/* Hashing                                                             */

/*
 * The table's hash: 64-bit multiply-and-fold mixing of the input read 8 or
 * 4 bytes at a time (the construction of wyhash and its relatives: each
 * step multiplies two 64-bit words to 128 bits and folds the halves).
 * Reads are in native byte order: the hash only places entries, it never
 * reaches the output.
 */
#define K0 0x9e3779b97f4a7c15ull
#define K1 0xd6e8feb86659fd93ull
#define K2 0xa0761d6478bd642full

static inline uint64_t
fold_mul(uint64_t a, uint64_t b)
{
#ifdef __SIZEOF_INT128__
	unsigned __int128 r = (unsigned __int128)a * b;
	return (uint64_t)r ^ (uint64_t)(r >> 64);
#else
	uint64_t al = (uint32_t)a, ah = a >> 32, bl = (uint32_t)b, bh = b >> 32;
	uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	uint64_t mid = (ll >> 32) + (uint32_t)lh + (uint32_t)hl;
	uint64_t lo = (mid << 32) | (uint32_t)ll;
	uint64_t hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
	return lo ^ hi;
#endif
}

static inline uint64_t
rd64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static inline uint64_t
rd32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static inline uint64_t
hash64(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t h = K0 ^ (uint64_t)n, a, b;

	if (n <= 16) {
		if (n >= 4) {
			/* Two overlapping 4-byte reads from each end cover
			 * every byte of 4..16. */
			size_t m = (n >> 3) << 2;
			a = rd32(p) << 32 | rd32(p + m);
			b = rd32(p + n - 4) << 32 | rd32(p + n - 4 - m);
		} else if (n > 0) {
			a = (uint64_t)p[0] << 16 | (uint64_t)p[n >> 1] << 8 |
			    p[n - 1];
			b = 0;
		} else {
			a = b = 0;
		}
	} else {
		size_t i = n;
		while (i > 16) {
			h = fold_mul(rd64(p) ^ K1, rd64(p + 8) ^ h);
			p += 16;
			i -= 16;
		}
		/* The last 16 bytes, overlapping the previous step. */
		a = rd64(p + i - 16);
		b = rd64(p + i - 8);
	}
	return fold_mul(K2 ^ (uint64_t)n, fold_mul(a ^ K1, b ^ h));
}

static inline uint32_t
rotl32(uint32_t x, int r)
{
	return (x << r) | (x >> (32 - r));
}

static inline uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

uint32_t
txf_murmur3_32(const void *key, size_t n, uint32_t seed)
{
	const unsigned char *p = key;
	const uint32_t c1 = 0xcc9e2d51, c2 = 0x1b873593;
	uint32_t h = seed, k;
	size_t nblocks = n / 4;

	for (size_t i = 0; i < nblocks; i++) {
		k = le32(p + 4 * i);
		k *= c1;
		k = rotl32(k, 15);
		k *= c2;
		h ^= k;
		h = rotl32(h, 13);
		h = h * 5 + 0xe6546b64;
	}
	p += 4 * nblocks;
	k = 0;
	switch (n & 3) {
	case 3:
		k ^= (uint32_t)p[2] << 16;
		/* FALLTHROUGH */
	case 2:
		k ^= (uint32_t)p[1] << 8;
		/* FALLTHROUGH */
	case 1:
		k ^= p[0];
		k *= c1;
		k = rotl32(k, 15);
		k *= c2;
		h ^= k;
	}
	h ^= (uint32_t)n;
	h ^= h >> 16;
	h *= 0x85ebca6b;
	h ^= h >> 13;
	h *= 0xc2b2ae35;
	h ^= h >> 16;
	return h;
}

/* ------------------------------------------------------------------ */
/* The table                                                           */

/* The 32-bit hash of a term: both halves of the 64-bit one folded. */
static inline uint32_t
hash32(const char *p, size_t n)
{
	uint64_t h = hash64(p, n);
	return (uint32_t)h ^ (uint32_t)(h >> 32);
}

txf_count *
txf_count_new(unsigned nvals)
{
	txf_count *t;

	if (nvals < 1 || nvals > TXF_COUNT_MAXVALS)
		return NULL;
	t = TXF_NEW_WITH_ARRAY(txf_count, slot, MIN_SLOTS);
	if (t == NULL)
		return NULL;
	t->nvals = nvals;
	t->hsize = nvals * 8 + sizeof(struct rhdr);
	t->mask = MIN_SLOTS - 1;
	return t;
}

TXF_DEFINE_FREE(txf_count_free, txf_count, t)
{
	TXF_FREE_ALL(t->slot, t->off, t->arena, t);
}

void
txf_count_clear(txf_count *t)
{
	if (t->n * 4 >= t->mask + 1 || t->indexed < t->n) {
		memset(t->slot, 0, (t->mask + 1) * sizeof *t->slot);
	} else {
		/* Empty each entry's slot.  A probe may pass slots already
		 * emptied, so it runs until it meets the entry itself. */
		for (size_t i = 0; i < t->n; i++) {
			uint32_t want = t->off[i] + 1;
			size_t pos = rec_hdr(t, record(t, i))->h & t->mask;
			while ((uint32_t)t->slot[pos] != want)
				pos = (pos + 1) & t->mask;
			t->slot[pos] = 0;
		}
	}
	t->n = 0;
	t->indexed = 0;
	t->used = 0;
}

size_t
txf_count_size(const txf_count *t)
{
	return t->n;
}

txf_str
txf_count_term(const txf_count *t, size_t i)
{
	const char *rec = record(t, i);
	txf_str s = { rec_term(t, rec), rec_hdr(t, rec)->len };
	return s;
}

uint64_t *
txf_count_vals(txf_count *t, size_t i)
{
	return (uint64_t *)(void *)record(t, i);
}

size_t
txf_count_memory(const txf_count *t)
{
	return sizeof *t + (t->mask + 1) * sizeof *t->slot +
	    t->cap * sizeof *t->off + t->used;
}

/* Double the index and re-place every slot (records are not read). */
static int
grow_slots(txf_count *t)
{
	size_t ncap = 2 * (t->mask + 1), nmask = ncap - 1;
	uint64_t *ns;

	/* No huge-page hint (madvise): where the kernel compacts memory
	 * to fault huge pages in (defrag=madvise, as on the benchmark
	 * machine), their first touch costs several times the TLB misses
	 * they spare.  Zeroed by writing: the probes below read it. */
	ns = txf_zalloc(ncap, sizeof *ns);
	if (ns == NULL)
		return TXF_ENOMEM;
	for (size_t i = 0; i <= t->mask; i++) {
		uint64_t s = t->slot[i];
		if (s == 0)
			continue;
		size_t pos = (size_t)(s >> 32) & nmask;
		while (ns[pos] != 0)
			pos = (pos + 1) & nmask;
		ns[pos] = s;
	}
	free(t->slot);
	t->slot = ns;
	t->mask = nmask;
	return 0;
}

static int
grow_off(txf_count *t)
{
	size_t ncap = t->cap ? 2 * t->cap : MIN_SLOTS;
	uint32_t *o;

	if (ncap > MAX_ENTRIES)
		ncap = MAX_ENTRIES;
	o = realloc(t->off, ncap * sizeof *o);
	if (o == NULL)
		return TXF_ENOMEM;
	t->off = o;
	t->cap = ncap;
	return 0;
}

/* Room for size more bytes (a multiple of 8) in the arena. */
static int
grow_arena(txf_count *t, size_t size)
{
	size_t ncap = t->acap ? t->acap : MIN_ARENA;
	char *a;

	if (size > MAX_ARENA - t->used)
		return TXF_ERANGE;
	while (ncap - t->used < size)
		ncap = ncap < MAX_ARENA / 2 ? 2 * ncap : MAX_ARENA;
	a = realloc(t->arena, ncap);
	if (a == NULL)
		return TXF_ENOMEM;
	t->arena = a;
	t->acap = ncap;
	return 0;
}

/* The slot holding the term p[0..n) of hash h, or the empty slot where it
 * belongs. */
static inline size_t
probe(const txf_count *t, const char *p, size_t n, uint32_t h)
{
	size_t pos = h & t->mask;
	uint64_t s;

	while ((s = t->slot[pos]) != 0) {
		if ((uint32_t)(s >> 32) == h) {
			const char *rec = t->arena + ((size_t)(uint32_t)s - 1) * 8;
			if (rec_hdr(t, rec)->len == n &&
			    txf_same_bytes(rec_term(t, rec), p, n))
				return pos;
		}
		pos = (pos + 1) & t->mask;
	}
	return pos;
}

int
txf_count_find(const txf_count *t, const char *p, size_t n, size_t *idx)
{
	size_t pos = probe(t, p, n, hash32(p, n));
	uint64_t s = t->slot[pos];

	if (s == 0)
		return 0;
	*idx = rec_hdr(t, t->arena + ((size_t)(uint32_t)s - 1) * 8)->idx;
	return 1;
}

/* A record for the new entry t->n (its counters zero), not yet in the
 * index: 0, or TXF_ERANGE / TXF_ENOMEM. */
static int
new_record(txf_count *t, const char *p, size_t n, uint32_t h)
{
	if (n > MAX_TERM || t->n >= MAX_ENTRIES)
		return TXF_ERANGE;
	size_t size = (t->hsize + n + 7) & ~(size_t)7;
	if (size > t->acap - t->used) {
		int e = grow_arena(t, size);
		if (e < 0)
			return e;
	}
	if (t->n == t->cap && grow_off(t) < 0)
		return TXF_ENOMEM;
	char *rec = t->arena + t->used;
	struct rhdr *hd = (struct rhdr *)(void *)(rec + t->nvals * 8);
	size_t i = t->n++;
	memset(rec, 0, t->nvals * 8);
	hd->idx = (uint32_t)i;
	hd->len = (uint32_t)n;
	hd->h = h;
	if (n > 0)
		memcpy(rec + t->hsize, p, n);
	t->off[i] = (uint32_t)(t->used / 8);
	t->used += size;
	return 0;
}

/* Find or add the term p[0..n) of hash h: 0 when found, 1 when added, or
 * an error; *rec8 is the offset of its record / 8. */
static inline int
add_hashed(txf_count *t, const char *p, size_t n, uint32_t h, uint32_t *rec8)
{
	size_t pos = probe(t, p, n, h);
	uint64_t s = t->slot[pos];

	if (s != 0) {
		*rec8 = (uint32_t)s - 1;
		return 0;
	}

	/* A new entry.  Keep the load at most 3/4: grow before placing. */
	if ((t->n + 1) * 4 > (t->mask + 1) * 3) {
		if (grow_slots(t) < 0)
			return TXF_ENOMEM;
		pos = h & t->mask;
		while (t->slot[pos] != 0)
			pos = (pos + 1) & t->mask;
	}
	int rc = new_record(t, p, n, h);
	if (rc < 0)
		return rc;
	size_t i = t->n - 1;
	t->slot[pos] = (uint64_t)h << 32 | (uint64_t)(t->off[i] + 1);
	t->indexed = t->n;
	*rec8 = t->off[i];
	return 1;
}

/* The entry number of the record at offset rec8 * 8. */
static inline size_t
rec_idx(const txf_count *t, uint32_t rec8)
{
	return rec_hdr(t, t->arena + (size_t)rec8 * 8)->idx;
}

int
txf_count_add(txf_count *t, const char *p, size_t n, size_t *idx)
{
	uint32_t r;
	int rc = add_hashed(t, p, n, hash32(p, n), &r);

	if (rc >= 0)
		*idx = rec_idx(t, r);
	return rc;
}


/*
 * In a table larger than the caches each lookup waits for two memory
 * reads, its slot and its record.  A batch overlaps those waits: hash
 * every term and prefetch its home slot; then prefetch the record of each
 * home slot whose hash matches (its header and the end of its term, which
 * may lie on the next cache line); then add the terms in order, as
 * txf_count_add() would, mostly from the cache.  Gives each term's record
 * offset: its entry number (want_idx) or its offset in bytes.
 */
#define BATCH 32

static inline int
add_many(txf_count *t, const txf_str *v, size_t n, size_t *out, int want_idx,
         size_t *rec_out)
{
	uint32_t h[BATCH];

	for (size_t b = 0; b < n; b += BATCH) {
		size_t m = n - b < BATCH ? n - b : BATCH;
		for (size_t k = 0; k < m; k++) {
			h[k] = hash32(v[b + k].p, v[b + k].n);
			TXF_PREFETCH(&t->slot[h[k] & t->mask]);
		}
		for (size_t k = 0; k < m; k++) {
			uint64_t s = t->slot[h[k] & t->mask];
			if (s != 0 && (uint32_t)(s >> 32) == h[k]) {
				const char *rec = t->arena +
				    ((size_t)(uint32_t)s - 1) * 8;
				TXF_PREFETCH(rec + t->nvals * 8);
				TXF_PREFETCH(rec + t->hsize + v[b + k].n);
			}
		}
		for (size_t k = 0; k < m; k++) {
			uint32_t r;
			int rc = add_hashed(t, v[b + k].p, v[b + k].n, h[k],
			    &r);
			if (rc < 0)
				return rc;
			out[b + k] = want_idx ? rec_idx(t, r) : (size_t)r * 8;
			if (rec_out != NULL)
				rec_out[b + k] = (size_t)r * 8;
		}
	}
	return 0;
}

int
txf_count_add_many(txf_count *t, const txf_str *v, size_t n, size_t *idx)
{
	return add_many(t, v, n, idx, 1, NULL);
}

int
txf_count_add_many_rec(txf_count *t, const txf_str *v, size_t n, size_t *rec)
{
	return add_many(t, v, n, rec, 0, NULL);
}

char *
txf_count_arena(txf_count *t)
{
	return t->arena;
}

size_t
txf_count_entry_of(const txf_count *t, const uint64_t *vals)
{
	return rec_hdr(t, (const char *)vals)->idx;
}

int
txf_pend_add(struct txf_pend *q, const txf_str *v, size_t n)
{
	size_t at = q->n, used = q->bytes.n, bytes = 0, k;

	if (TXF_GROW2(q->tok, q->off, q->cap, at + n, 256) < 0)
		return TXF_ENOMEM;
	/* The tokens mostly lie in order in one buffer, the analyzer's,
	 * a separator between them: then their bytes are copied at once,
	 * separators and all, else one by one. */
	uintptr_t lo = n > 0 ? (uintptr_t)v[0].p : 0, end = lo;
	for (k = 0; k < n && (uintptr_t)v[k].p >= end; k++) {
		end = (uintptr_t)v[k].p + v[k].n;
		bytes += v[k].n;
	}
	if (k == n && n > 0 && end - lo <= 2 * bytes + n) {
		if (txf_buf_add(&q->bytes, v[0].p, end - lo) < 0)
			return TXF_ENOMEM;
		for (k = 0; k < n; k++) {
			q->tok[at + k].n = v[k].n;
			q->off[at + k] = used + ((uintptr_t)v[k].p - lo);
		}
	} else {
		for (k = 0; k < n; k++) {
			q->tok[at + k].n = v[k].n;
			q->off[at + k] = q->bytes.n;
			if (txf_buf_add(&q->bytes, v[k].p, v[k].n) < 0) {
				q->bytes.n = used;
				return TXF_ENOMEM;
			}
		}
	}
	q->n = at + n;
	return 0;
}

int
txf_pend_count(struct txf_pend *q, txf_count *t)
{
	if (TXF_GROW2(q->idx, q->rec, q->capidx, q->n, 256) < 0)
		return TXF_ENOMEM;
	for (size_t k = 0; k < q->n; k++)
		q->tok[k].p = q->bytes.p + q->off[k];
	return add_many(t, q->tok, q->n, q->idx, 1, q->rec);
}

void
txf_pend_clear(struct txf_pend *q)
{
	q->n = 0;
	q->bytes.n = 0;
}

void
txf_pend_free(struct txf_pend *q)
{
	txf_buf_free(&q->bytes);
	TXF_FREE_ALL(q->tok, q->off, q->idx, q->rec);
}

int
txf_count_append(txf_count *t, const char *p, size_t n, size_t *idx)
{
	int rc = new_record(t, p, n, hash32(p, n));

	if (rc < 0)
		return rc;
	*idx = t->n - 1;
	return 0;
}

size_t
txf_count_term_bytes(const txf_count *t)
{
	return t->used - t->n * t->hsize;
}

int
txf_count_reserve(txf_count *t, size_t n, size_t bytes)
{
	if (n > MAX_ENTRIES - t->n || bytes > MAX_ARENA ||
	    n > (MAX_ARENA - bytes) / (t->hsize + 7))
		return TXF_ERANGE;
	size_t size = bytes + n * (t->hsize + 7);
	if (size > t->acap - t->used) {
		int e = grow_arena(t, size);
		if (e < 0)
			return e;
	}
	if (t->cap - t->n < n) {
		uint32_t *o = realloc(t->off, (t->n + n) * sizeof *o);
		if (o == NULL)
			return TXF_ENOMEM;
		t->off = o;
		t->cap = t->n + n;
	}
	return 0;
}

void
txf_count_prefault(const txf_count *t, size_t n, size_t ahead,
                   uintptr_t *done)
{
#ifdef MADV_POPULATE_WRITE
	long pg = sysconf(_SC_PAGESIZE);

	if (n == 0 || pg <= 0)
		return;
	uintptr_t mask = (uintptr_t)pg - 1;
	uintptr_t at = (uintptr_t)(t->arena + (size_t)t->off[n - 1] * 8);
	uintptr_t end = (uintptr_t)(t->arena + t->acap);
	uintptr_t from = at > *done ? at : *done;
	uintptr_t to = ahead < end - from ? from + ahead : end;
	/* Whole pages only, none of them one the appending thread may
	 * be writing in. */
	from = (from + mask) & ~mask;
	to &= ~mask;
	if (to > from) {
		/* A hint: where it fails, the pages fault in as before. */
		(void)madvise((void *)from, to - from, MADV_POPULATE_WRITE);
		*done = to;
	}
#else
	(void)t;
	(void)n;
	(void)ahead;
	(void)done;
#endif
}

int
txf_count_each(const txf_count *t, size_t from, size_t to,
               int (*fn)(void *arg, txf_str term, const uint64_t *vals),
               void *arg)
{
	const char *arena = t->arena;
	const uint32_t *off = t->off;
	size_t hsize = t->hsize, nvals = t->nvals;
	int rc = 0;

	for (size_t i = from; i < to && rc == 0; i++) {
		const char *rec = arena + (size_t)off[i] * 8;
		const struct rhdr *hd =
		    (const struct rhdr *)(const void *)(rec + nvals * 8);
		rc = fn(arg, (txf_str){ rec + hsize, hd->len },
		    (const uint64_t *)(const void *)rec);
	}
	return rc;
}

int
txf_count_reindex(txf_count *t)
{
	enum { AHEAD_IDX = 16 };
	size_t home[AHEAD_IDX];
	uint64_t val[AHEAD_IDX];

	while (t->n * 4 > (t->mask + 1) * 3)
		if (grow_slots(t) < 0)
			return TXF_ENOMEM;
	/* Each entry's hash is in its record, read in order; the slots
	 * are fetched a few entries ahead of their filling. */
	size_t from = t->indexed, n = t->n - from;
	for (size_t k = 0; k < n + AHEAD_IDX; k++) {
		size_t r = k % AHEAD_IDX;
		if (k >= AHEAD_IDX) {
			size_t pos = home[r];
			while (t->slot[pos] != 0)
				pos = (pos + 1) & t->mask;
			t->slot[pos] = val[r];
		}
		if (k < n) {
			size_t i = from + k;
			uint32_t h = rec_hdr(t, record(t, i))->h;
			val[r] = (uint64_t)h << 32 | (uint64_t)(t->off[i] + 1);
			home[r] = h & t->mask;
			TXF_PREFETCH(&t->slot[home[r]]);
		}
	}
	t->indexed = t->n;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Sorting                                                             */

/*
 * Entries are sorted as records {k1, k2, entry}: the records compare by
 * k1, then k2, then the full term bytes, so the order is the same total
 * order whatever the keys are, and the keys only spare most comparisons
 * the trip to the arena.  By term: k1 is the first 8 bytes big-endian
 * (zero-padded), k2 unused.  By value, descending: k1 is the value mapped
 * to an unsigned integer in reverse order, k2 the term's prefix.
 */
struct rec {
	uint64_t k1, k2;
	size_t i;
};

static inline int
term_cmp(const txf_count *t, size_t a, size_t b)
{
	const char *ra = record(t, a), *rb = record(t, b);
	size_t na = rec_hdr(t, ra)->len, nb = rec_hdr(t, rb)->len;
	size_t n = na < nb ? na : nb;
	int c = n ? memcmp(rec_term(t, ra), rec_term(t, rb), n) : 0;

	if (c != 0)
		return c;
	return na < nb ? -1 : na > nb;
}

static inline int
rec_cmp(const txf_count *t, const struct rec *a, const struct rec *b)
{
	if (a->k1 != b->k1)
		return a->k1 < b->k1 ? -1 : 1;
	if (a->k2 != b->k2)
		return a->k2 < b->k2 ? -1 : 1;
	return term_cmp(t, a->i, b->i);
}

/* The first 8 bytes of a term, big-endian, zero-padded. */
static inline uint64_t
prefix(const txf_count *t, size_t i)
{
	const char *rec = record(t, i);
	size_t n = rec_hdr(t, rec)->len;
	unsigned char b[8] = { 0 };
	uint64_t v = 0;

	memcpy(b, rec_term(t, rec), n < 8 ? n : 8);
	for (int k = 0; k < 8; k++)
		v = v << 8 | b[k];
	return v;
}

/* A double as an unsigned integer in the same order (no NaN). */
static inline uint64_t
double_order(double d)
{
	uint64_t u;

	if (d == 0)
		d = 0;  /* -0 and +0 are one value */
	memcpy(&u, &d, sizeof u);
	return (u >> 63) ? ~u : u | (1ull << 63);
}

#define REC_LESS(t, x, y) (rec_cmp((t), (x), (y)) < 0)
TXF_SORT_DEFINE(sort_recs, struct rec, const txf_count *, REC_LESS)

int
txf_count_sort_terms(const txf_count *t, size_t *idx, size_t n)
{
	struct rec *r;

	if (n < 2)
		return 0;
	if (n > SIZE_MAX / sizeof *r || (r = malloc(n * sizeof *r)) == NULL)
		return TXF_ENOMEM;
	for (size_t k = 0; k < n; k++) {
		r[k].k1 = prefix(t, idx[k]);
		r[k].k2 = 0;
		r[k].i = idx[k];
	}
	sort_recs(t, r, n);
	for (size_t k = 0; k < n; k++)
		idx[k] = r[k].i;
	free(r);
	return 0;
}

int
txf_count_sorted(const txf_count *t, size_t *out)
{
	for (size_t i = 0; i < t->n; i++)
		out[i] = i;
	return txf_count_sort_terms(t, out, t->n);
}

int
txf_count_sort_desc(const txf_count *t, size_t *idx, size_t n,
                    const double *key, unsigned val, size_t top)
{
	struct rec *r;
	size_t m;

	if (top > n)
		top = n;
	if (top == 0 || (n < 2))
		return 0;
	if (key == NULL && val >= t->nvals)
		return TXF_EINVAL;
	/* With a small top, keep a max-heap of the best `top` seen so far:
	 * its root is the worst of them, replaced by anything better. */
	m = top < n / 4 ? top : n;
	if (m > SIZE_MAX / sizeof *r || (r = malloc(m * sizeof *r)) == NULL)
		return TXF_ENOMEM;
	size_t k = 0;
	for (size_t j = 0; j < n; j++) {
		struct rec x;
		x.i = idx[j];
		x.k1 = key ? ~double_order(key[x.i]) :
		    ~((const uint64_t *)(const void *)record(t, x.i))[val];
		x.k2 = prefix(t, x.i);
		if (k < m) {
			r[k++] = x;
			if (k == m && m < n)
				for (size_t h = m / 2; h-- > 0;)
					sort_recs_sift(t, r, h, m);
		} else if (rec_cmp(t, &x, &r[0]) < 0) {
			r[0] = x;
			sort_recs_sift(t, r, 0, m);
		}
	}
	sort_recs(t, r, m);
	for (size_t j = 0; j < m; j++)
		idx[j] = r[j].i;
	free(r);
	return 0;
}
