/*
 * termsort.c - a counting table's entries sorted by term bytes, for runs
 * and merges.
 */
#include <stdlib.h>
#include <string.h>

#include "textfeat.h"
#include "spill.h"
#include "sort.h"

/*
 * Terms are sorted as records that carry the term's pointer, its counters
 * and 8 bytes of it as a big-endian integer (the key): most comparisons
 * never reach the term bytes, and a group of terms that share 8 bytes is
 * sorted on their next 8 without comparing the shared ones again.  Large
 * parts are split by an MSD radix sort on the key's bytes, smaller ones
 * by a multikey quicksort (Bentley and Sedgewick) on whole keys.  On
 * n-grams, which share long prefixes, this does much better than a
 * comparison sort of entry numbers.
 */

/* Order of two records whose terms share their first d bytes. */
static inline int
srec_cmp(const struct txf_srec *a, const struct txf_srec *b, size_t d)
{
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	txf_str x = { a->p, a->n }, y = { b->p, b->n };
	return txf_cmp_from(x, y, d + 8);
}

#define SREC_LESS(d, x, y) (srec_cmp((x), (y), (d)) < 0)
TXF_SORT_PARTS_DEFINE(srec_sort, struct txf_srec, size_t, SREC_LESS)

static inline uint64_t
med3(uint64_t a, uint64_t b, uint64_t c)
{
	if (a < b)
		return b < c ? b : a < c ? c : a;
	return a < c ? a : b < c ? c : b;
}

/* Partitions a quicksort may split badly before it turns to heap sort. */
static int
sort_budget(size_t n)
{
	int b = 8;

	for (; n > 1; n >>= 1)
		b += 2;
	return b;
}

/* Records a[0..n) whose terms share d bytes and all of the next 8 (their
 * keys are equal): put the terms that end there first, shortest first
 * (a term precedes its extensions), and load the next 8 bytes of the
 * others.  Returns how many ended. */
static size_t
next_digit(struct txf_srec *a, size_t n, size_t d)
{
	size_t k = 0;

	for (size_t j = 0; j < n; j++)
		if (a[j].n <= d + 8)
			srec_sort_swap(&a[k++], &a[j]);
	srec_sort_insertion(d, a, k);
	for (size_t j = k; j < n; j++) {
		if (j + TXF_AHEAD < n)
			TXF_PREFETCH(a[j + TXF_AHEAD].p + d + 8);
		a[j].key = txf_load_key(a[j].p, a[j].n, d + 8);
	}
	return k;
}

/* Sort a[0..n), whose terms share their first d bytes and whose keys
 * hold bytes [d, d+8).  Each round splits the records in three (below,
 * equal to and above a pivot key); the two smaller parts are sorted by
 * recursion and the round goes on with the largest, so the recursion
 * stays within log2(n) levels even when many terms share long prefixes. */
static void
mkqs(struct txf_srec *a, size_t n, size_t d, int budget)
{
	while (n > 16) {
		if (budget-- == 0) {
			srec_sort_heap(d, a, n);
			return;
		}
		uint64_t pv;
		if (n > 256) {
			size_t s = n / 8;
			pv = med3(med3(a[0].key, a[s].key, a[2 * s].key),
			    med3(a[3 * s].key, a[4 * s].key, a[5 * s].key),
			    med3(a[6 * s].key, a[7 * s].key, a[n - 1].key));
		} else {
			pv = med3(a[0].key, a[n / 2].key, a[n - 1].key);
		}
		size_t lt = 0, i = 0, gt = n;
		while (i < gt) {
			if (a[i].key < pv)
				srec_sort_swap(&a[lt++], &a[i++]);
			else if (a[i].key > pv)
				srec_sort_swap(&a[i], &a[--gt]);
			else
				i++;
		}
		size_t k = lt + next_digit(a + lt, gt - lt, d);
		/* Parts: a[0..lt) at d, a[k..gt) at d + 8, a[gt..n) at d. */
		size_t nl = lt, ne = gt - k, ng = n - gt;
		if (ne >= nl && ne >= ng) {
			mkqs(a, nl, d, budget);
			mkqs(a + gt, ng, d, budget);
			a += k;
			n = ne;
			d += 8;
			budget = sort_budget(n);
		} else if (nl >= ng) {
			mkqs(a + k, ne, d + 8, sort_budget(ne));
			mkqs(a + gt, ng, d, budget);
			n = nl;
		} else {
			mkqs(a, nl, d, budget);
			mkqs(a + k, ne, d + 8, sort_budget(ne));
			a += gt;
			n = ng;
		}
	}
	srec_sort_insertion(d, a, n);
}

/* Below this many records a part goes to mkqs rather than to another
 * radix pass. */
#define RADIX_MIN 4096

static inline unsigned
key_byte(uint64_t key, int kb)
{
	return (unsigned)(key >> (56 - 8 * kb)) & 0xff;
}

/*
 * MSD radix sort (McIlroy, Bostic and McIlroy's American flag sort) on
 * the bytes of the keys: one counting pass and one in-place permutation
 * per byte split a large part into up to 256, where a comparison sort
 * would need eight partitions.  a[0..n): the terms share their first
 * d + kb bytes; keys hold bytes [d, d+8).  Bucket 0 (a zero byte: the
 * term has ended, or holds a NUL) goes to mkqs, which orders those; the
 * largest bucket is handled by the loop, the others (each at most half)
 * by recursion.
 */
static void
radix_sort(struct txf_srec *a, size_t n, size_t d, int kb)
{
	size_t cnt[256], next[256], end[256];

	while (n >= RADIX_MIN) {
		if (kb == 8) {
			size_t k = next_digit(a, n, d);
			a += k;
			n -= k;
			d += 8;
			kb = 0;
			continue;
		}
		memset(cnt, 0, sizeof cnt);
		for (size_t i = 0; i < n; i++)
			cnt[key_byte(a[i].key, kb)]++;
		size_t at = 0, big = 1;
		for (unsigned b = 0; b < 256; b++) {
			next[b] = at;
			at += cnt[b];
			end[b] = at;
			if (b > 0 && cnt[b] > cnt[big])
				big = b;
		}
		if (cnt[big] < n) {
			for (unsigned b = 0; b < 256; b++) {
				while (next[b] < end[b]) {
					struct txf_srec x = a[next[b]];
					unsigned c = key_byte(x.key, kb);
					while (c != b) {
						struct txf_srec y = a[next[c]];
						a[next[c]++] = x;
						x = y;
						c = key_byte(x.key, kb);
					}
					a[next[b]++] = x;
				}
			}
			mkqs(a, cnt[0], d, sort_budget(cnt[0]));
			for (unsigned b = 1; b < 256; b++) {
				if (b == big || cnt[b] < 2)
					continue;
				struct txf_srec *p = a + end[b] - cnt[b];
				if (cnt[b] < RADIX_MIN)
					mkqs(p, cnt[b], d, sort_budget(cnt[b]));
				else
					radix_sort(p, cnt[b], d, kb + 1);
			}
			a += end[big] - cnt[big];
			n = cnt[big];
		}
		kb++;
	}
	mkqs(a, n, d, sort_budget(n));
}

/* Memory for n records (no huge-page hint: see grow_slots() in
 * count.c). */
static struct txf_srec *
srec_alloc(size_t n)
{
	if (n == 0)
		n = 1;
	if (n > SIZE_MAX / sizeof(struct txf_srec))
		return NULL;
	return malloc(n * sizeof(struct txf_srec));
}

struct txf_srec *
txf_sort_table(txf_count *t, size_t *count)
{
	size_t n = txf_count_size(t);
	struct txf_srec *a = srec_alloc(n);

	if (a == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		txf_str s = txf_count_term(t, i);
		a[i].p = s.p;
		a[i].n = s.n;
		a[i].v = txf_count_vals(t, i);
		a[i].key = txf_load_key(s.p, s.n, 0);
	}
	radix_sort(a, n, 0, 0);
	*count = n;
	return a;
}

