/* test_count.c - the counting table, its sorting, and MurmurHash3
 * (count.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textfeat.h"
#include "batch.h"
#include "internal.h"
#include "helpers.h"

#define LIT(s) (s), (sizeof(s) - 1)

/* Whether s holds the bytes p[0..n). */
static int
same_str(txf_str s, const char *p, size_t n)
{
	return same(s.p, s.n, p, n);
}

/* Add a term, asserting success; returns its entry number. */
static size_t
add(txf_count *t, const char *p, size_t n)
{
	size_t i = (size_t)-1;
	int rc = txf_count_add(t, p, n, &i);

	ck_assert_int_ge(rc, 0);
	ck_assert_uint_lt(i, txf_count_size(t));
	return i;
}

/* Reference order of terms: memcmp, then length. */
static const txf_count *ref_tab;

static int
ref_term_cmp(const void *a, const void *b)
{
	txf_str x = txf_count_term(ref_tab, *(const size_t *)a);
	txf_str y = txf_count_term(ref_tab, *(const size_t *)b);
	size_t n = x.n < y.n ? x.n : y.n;
	int c = n ? memcmp(x.p, y.p, n) : 0;

	if (c != 0)
		return c;
	return x.n < y.n ? -1 : x.n > y.n;
}

static const double *ref_key;

static int
ref_desc_cmp(const void *a, const void *b)
{
	double x = ref_key[*(const size_t *)a], y = ref_key[*(const size_t *)b];

	if (x != y)
		return x > y ? -1 : 1;
	return ref_term_cmp(a, b);
}

/* ------------------------------------------------------------------ */

START_TEST(test_new_nvals_range)
{
	ck_assert_ptr_null(txf_count_new(0));
	ck_assert_ptr_null(txf_count_new(TXF_COUNT_MAXVALS + 1));
	txf_count *t = txf_count_new(TXF_COUNT_MAXVALS);
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(txf_count_size(t), 0);
	txf_count_free(t);
	txf_count_free(NULL);
}
END_TEST

START_TEST(test_insert_and_find)
{
	txf_count *t = txf_count_new(2);
	size_t i;

	ck_assert_int_eq(txf_count_add(t, LIT("red"), &i), 1);
	ck_assert_uint_eq(i, 0);
	ck_assert_int_eq(txf_count_add(t, LIT("shoe"), &i), 1);
	ck_assert_uint_eq(i, 1);
	ck_assert_int_eq(txf_count_add(t, LIT("red"), &i), 0);
	ck_assert_uint_eq(i, 0);
	/* A prefix, a longer term, and a term with a NUL are all distinct. */
	ck_assert_int_eq(txf_count_add(t, LIT("re"), &i), 1);
	ck_assert_uint_eq(i, 2);
	ck_assert_int_eq(txf_count_add(t, LIT("redd"), &i), 1);
	ck_assert_uint_eq(i, 3);
	ck_assert_int_eq(txf_count_add(t, LIT("red\0"), &i), 1);
	ck_assert_uint_eq(i, 4);
	ck_assert_uint_eq(txf_count_size(t), 5);

	ck_assert(same_str(txf_count_term(t, 0), LIT("red")));
	ck_assert(same_str(txf_count_term(t, 1), LIT("shoe")));
	ck_assert(same_str(txf_count_term(t, 4), LIT("red\0")));

	ck_assert_int_eq(txf_count_find(t, LIT("shoe"), &i), 1);
	ck_assert_uint_eq(i, 1);
	ck_assert_int_eq(txf_count_find(t, LIT("sho"), &i), 0);
	ck_assert_int_eq(txf_count_find(t, LIT("shoes"), &i), 0);
	ck_assert_int_eq(txf_count_find(t, LIT(""), &i), 0);
	ck_assert_uint_eq(txf_count_size(t), 5);

	/* The table copies the bytes. */
	char buf[4] = "abc";
	ck_assert_int_eq(txf_count_add(t, buf, 3, &i), 1);
	memcpy(buf, "xyz", 3);
	ck_assert(same_str(txf_count_term(t, i), LIT("abc")));
	ck_assert_int_eq(txf_count_find(t, LIT("abc"), &i), 1);
	txf_count_free(t);
}
END_TEST

START_TEST(test_empty_term)
{
	txf_count *t = txf_count_new(1);
	size_t i;

	ck_assert_int_eq(txf_count_add(t, NULL, 0, &i), 1);
	ck_assert_uint_eq(i, 0);
	ck_assert_int_eq(txf_count_add(t, "", 0, &i), 0);
	ck_assert_uint_eq(i, 0);
	ck_assert_uint_eq(txf_count_term(t, 0).n, 0);
	ck_assert_int_eq(txf_count_find(t, "x", 0, &i), 1);
	txf_count_free(t);
}
END_TEST

START_TEST(test_counters)
{
	txf_count *t = txf_count_new(3);
	const char *w[] = { "a", "b", "a", "c", "a", "b" };
	size_t i;

	for (size_t k = 0; k < 6; k++) {
		int rc = txf_count_add(t, w[k], 1, &i);
		uint64_t *v = txf_count_vals(t, i);
		if (rc == 1)
			ck_assert(v[0] == 0 && v[1] == 0 && v[2] == 0);
		v[0]++;
		v[1] += 10;
		v[2] = k;
	}
	ck_assert_uint_eq(txf_count_size(t), 3);
	ck_assert_uint_eq(txf_count_vals(t, 0)[0], 3);
	ck_assert_uint_eq(txf_count_vals(t, 1)[0], 2);
	ck_assert_uint_eq(txf_count_vals(t, 2)[0], 1);
	ck_assert_uint_eq(txf_count_vals(t, 0)[1], 30);
	ck_assert_uint_eq(txf_count_vals(t, 0)[2], 4);
	ck_assert_uint_eq(txf_count_vals(t, 1)[2], 5);
	ck_assert_uint_eq(txf_count_vals(t, 2)[2], 3);
	txf_count_free(t);
}
END_TEST

/* Clear forgets every term, numbers from 0 again, zeroes new counters and
 * keeps the memory (the same terms again take no more); both the sparse
 * and the full clearing. */
START_TEST(test_clear)
{
	txf_count *t = txf_count_new(1);
	char w[32];
	size_t i, mem_full = 0;

	for (int round = 0; round < 3; round++) {
		for (int k = 0; k < 5000; k++) {
			int n = snprintf(w, sizeof w, "w%d", k);
			txf_count_vals(t, add(t, w, (size_t)n))[0] += 7;
		}
		ck_assert_uint_eq(txf_count_size(t), 5000);
		size_t mem = txf_count_memory(t);
		if (round > 0)
			ck_assert_uint_eq(mem, mem_full);
		mem_full = mem;
		txf_count_clear(t);
		ck_assert_uint_eq(txf_count_size(t), 0);
		ck_assert_uint_lt(txf_count_memory(t), mem);
		mem = txf_count_memory(t);
		for (int k = 0; k < 5000; k += 97) {
			int n = snprintf(w, sizeof w, "w%d", k);
			ck_assert_int_eq(txf_count_find(t, w, (size_t)n, &i), 0);
		}
		/* A few terms in the big table: the sparse clear. */
		for (int doc = 0; doc < 100; doc++) {
			for (int k = 0; k < 10; k++) {
				int n = snprintf(w, sizeof w, "d%d-%d", doc, k % 7);
				int rc = txf_count_add(t, w, (size_t)n, &i);
				ck_assert_int_ge(rc, 0);
				if (rc == 1)
					ck_assert_uint_eq(txf_count_vals(t, i)[0], 0);
				txf_count_vals(t, i)[0]++;
			}
			ck_assert_uint_eq(txf_count_size(t), 7);
			ck_assert_uint_eq(txf_count_vals(t, 0)[0], 2);
			ck_assert_uint_eq(txf_count_vals(t, 6)[0], 1);
			ck_assert_uint_gt(txf_count_memory(t), mem);
			txf_count_clear(t);
			ck_assert_uint_eq(txf_count_memory(t), mem);
		}
		/* Nothing of the documents is left. */
		ck_assert_int_eq(txf_count_find(t, LIT("d99-0"), &i), 0);
		ck_assert_int_eq(txf_count_find(t, LIT("d0-0"), &i), 0);
	}
	txf_count_free(t);
}
END_TEST

/* After clear, colliding chains are emptied whatever order entries were
 * placed in: many short documents of random terms, each checked. */
START_TEST(test_clear_random_docs)
{
	txf_count *t = txf_count_new(1);
	char w[16];
	size_t i;

	rng_state = 42;
	for (int doc = 0; doc < 2000; doc++) {
		size_t ntok = rng() % 200, distinct = 0;
		for (size_t k = 0; k < ntok; k++) {
			int n = snprintf(w, sizeof w, "%u",
			    (unsigned)(rng() % 300));
			int rc = txf_count_add(t, w, (size_t)n, &i);
			ck_assert_int_ge(rc, 0);
			distinct += (size_t)rc;
		}
		ck_assert_uint_eq(txf_count_size(t), distinct);
		for (size_t e = 0; e < distinct; e++) {
			txf_str s = txf_count_term(t, e);
			ck_assert_int_eq(txf_count_find(t, s.p, s.n, &i), 1);
			ck_assert_uint_eq(i, e);
		}
		txf_count_clear(t);
	}
	txf_count_free(t);
}
END_TEST

/* 100k distinct terms: numbers, terms and counters are kept through
 * growth, and every term is found again. */
START_TEST(test_growth_100k)
{
	enum { N = 100000 };
	txf_count *t = txf_count_new(1);
	char w[32];
	size_t i, mem0 = txf_count_memory(t);

	add(t, LIT("first"));
	for (int k = 0; k < N; k++) {
		int n = snprintf(w, sizeof w, "term-%d", k);
		i = add(t, w, (size_t)n);
		ck_assert_uint_eq(i, (size_t)k + 1);
		txf_count_vals(t, i)[0] = (uint64_t)k * 3;
	}
	ck_assert_uint_eq(txf_count_size(t), N + 1);
	ck_assert(same_str(txf_count_term(t, 0), LIT("first")));
	for (int k = N - 1; k >= 0; k--) {
		int n = snprintf(w, sizeof w, "term-%d", k);
		ck_assert_int_eq(txf_count_add(t, w, (size_t)n, &i), 0);
		ck_assert_uint_eq(i, (size_t)k + 1);
		ck_assert_uint_eq(txf_count_vals(t, i)[0], (uint64_t)k * 3);
		ck_assert(same_str(txf_count_term(t, i), w, (size_t)n));
	}
	ck_assert_int_eq(txf_count_find(t, LIT("term-100000"), &i), 0);
	size_t mem = txf_count_memory(t);
	/* At least the entries and their bytes, and not absurdly more. */
	ck_assert_uint_gt(mem, mem0);
	ck_assert_uint_ge(mem, (size_t)N * (8 + 16 + 8));
	ck_assert_uint_lt(mem, (size_t)N * 128);
	txf_count_free(t);
}
END_TEST

/* Terms longer than an arena block, and binary bytes. */
START_TEST(test_long_and_binary_terms)
{
	txf_count *t = txf_count_new(1);
	size_t big = 3 << 20, i;
	char *p = malloc(big);
	unsigned char bin[256];

	ck_assert_ptr_nonnull(p);
	for (size_t k = 0; k < big; k++)
		p[k] = (char)('a' + k % 26);
	for (int k = 0; k < 256; k++)
		bin[k] = (unsigned char)k;
	add(t, LIT("x"));
	ck_assert_uint_eq(add(t, p, big), 1);
	ck_assert_uint_eq(add(t, p, big - 1), 2);
	ck_assert_uint_eq(add(t, (char *)bin, 256), 3);
	ck_assert_uint_eq(add(t, LIT("y")), 4);
	ck_assert_int_eq(txf_count_find(t, p, big, &i), 1);
	ck_assert_uint_eq(i, 1);
	ck_assert_int_eq(txf_count_find(t, (char *)bin, 256, &i), 1);
	ck_assert_uint_eq(i, 3);
	ck_assert(same_str(txf_count_term(t, 1), p, big));
	ck_assert_uint_ge(txf_count_memory(t), 2 * big);
	/* Every length 0..40 of a shared prefix is its own term (exercises
	 * each branch of the hash). */
	for (size_t n = 0; n <= 40; n++)
		ck_assert_uint_eq(add(t, p, n), 5 + n);
	txf_count_clear(t);
	ck_assert_uint_eq(add(t, p, big), 0);
	txf_count_free(t);
	free(p);
}
END_TEST

/* Terms differing in one byte anywhere hash apart and are all kept. */
START_TEST(test_one_byte_differences)
{
	txf_count *t = txf_count_new(1);
	char w[40];

	for (size_t n = 1; n <= 40; n++) {
		txf_count_clear(t);
		for (size_t pos = 0; pos < n; pos++) {
			for (int c = 0; c < 256; c += 5) {
				memset(w, 'q', n);
				w[pos] = (char)c;
				add(t, w, n);
			}
		}
		/* 'q' itself (113) is not a multiple of 5: n * 52 distinct,
		 * minus nothing. */
		ck_assert_uint_eq(txf_count_size(t), n * 52);
	}
	txf_count_free(t);
}
END_TEST

/* txf_count_add_many() gives what one txf_count_add() per term gives:
 * batches shorter and longer than its internal batch, repeats within a
 * batch, and growth of the table in the middle of a batch. */
START_TEST(test_add_many_equals_add)
{
	enum { N = 20000 };
	txf_count *one = txf_count_new(2), *many = txf_count_new(2);
	txf_str *v = malloc(N * sizeof *v);
	size_t *idx = malloc(N * sizeof *idx);
	char *bytes = malloc(N * 8);

	rng_state = 3;
	ck_assert_int_eq(txf_count_add_many(many, v, 0, idx), 0);
	for (size_t done = 0; done < N;) {
		size_t m = 1 + rng() % 200;
		if (m > N - done)
			m = N - done;
		for (size_t k = 0; k < m; k++) {
			char *w = bytes + 8 * (done + k);
			int len = snprintf(w, 8, "%u", (unsigned)(rng() % 3000));
			v[done + k].p = w;
			v[done + k].n = (size_t)len;
		}
		ck_assert_int_eq(txf_count_add_many(many, v + done, m,
		    idx + done), 0);
		for (size_t k = 0; k < m; k++) {
			size_t i = add(one, v[done + k].p, v[done + k].n);
			ck_assert_uint_eq(idx[done + k], i);
			txf_count_vals(many, i)[0]++;
		}
		done += m;
	}
	ck_assert_uint_eq(txf_count_size(many), txf_count_size(one));
	for (size_t i = 0; i < txf_count_size(one); i++) {
		txf_str a = txf_count_term(one, i), b = txf_count_term(many, i);
		ck_assert(same_str(a, b.p, b.n));
	}
	txf_count_free(one);
	txf_count_free(many);
	free(v);
	free(idx);
	free(bytes);
}
END_TEST

/* txf_count_add_many_rec() finds the same entries as txf_count_add(),
 * its offsets lead to their counters, and terms of every length the
 * word-wise comparison treats apart (0..3, 4..7, 8, 9..16, longer) that
 * differ in one byte anywhere are told apart. */
START_TEST(test_add_many_rec)
{
	enum { MAXLEN = 40, N = MAXLEN * MAXLEN * 2 };
	txf_count *one = txf_count_new(3), *many = txf_count_new(3);
	txf_str *v = malloc(N * sizeof *v);
	size_t *rec = malloc(N * sizeof *rec);
	char *bytes = malloc((size_t)N * MAXLEN);
	size_t k = 0;

	/* For each length, the term of all 'a', and each with one byte
	 * changed, twice over (the second time found, not added). */
	for (int rep = 0; rep < 2; rep++)
		for (size_t n = 0; n < MAXLEN; n++)
			for (size_t at = 0; at <= n; at++) {
				char *w = bytes + k * MAXLEN;
				memset(w, 'a', n);
				if (at < n)
					w[at] = 'b';
				v[k].p = w;
				v[k].n = n;
				k++;
			}
	ck_assert_int_eq(txf_count_add_many_rec(many, v, k, rec), 0);
	for (size_t i = 0; i < k; i++) {
		size_t e = add(one, v[i].p, v[i].n);
		uint64_t *c = (uint64_t *)(void *)(txf_count_arena(many) +
		    rec[i]);
		ck_assert_ptr_eq(c, txf_count_vals(many, e));
		ck_assert(same_str(txf_count_term(many, e), v[i].p, v[i].n));
		c[2]++;
	}
	ck_assert_uint_eq(txf_count_size(many), k / 2);
	ck_assert_uint_eq(txf_count_size(one), k / 2);
	for (size_t e = 0; e < k / 2; e++)
		ck_assert_uint_eq(txf_count_vals(many, e)[2], 2);
	txf_count_free(one);
	txf_count_free(many);
	free(v);
	free(rec);
	free(bytes);
}
END_TEST

/* Terms appended without lookups, then indexed at once, are found as if
 * added; appending and adding can follow each other, with a reindex in
 * between; clearing works with entries not yet indexed. */
START_TEST(test_append_reindex)
{
	txf_count *t = txf_count_new(2);
	char w[32];
	size_t idx;

	for (int round = 0; round < 2; round++) {
		for (unsigned k = 0; k < 5000; k++) {
			int n = snprintf(w, sizeof w, "term%u", k);
			ck_assert_int_eq(txf_count_append(t, w, (size_t)n, &idx),
			    0);
			ck_assert_uint_eq(idx, k);
			txf_count_vals(t, idx)[1] = k;
		}
		ck_assert_int_eq(txf_count_reindex(t), 0);
		for (unsigned k = 0; k < 5000; k++) {
			int n = snprintf(w, sizeof w, "term%u", k);
			ck_assert_int_eq(txf_count_find(t, w, (size_t)n, &idx),
			    1);
			ck_assert_uint_eq(idx, k);
			ck_assert_uint_eq(txf_count_vals(t, idx)[1], k);
			/* add finds it too, and adds nothing */
			ck_assert_int_eq(txf_count_add(t, w, (size_t)n, &idx),
			    0);
			ck_assert_uint_eq(idx, k);
		}
		ck_assert_int_eq(txf_count_find(t, LIT("term5000"), &idx), 0);
		/* then a new entry added the usual way, more appended */
		ck_assert_int_eq(txf_count_add(t, LIT("new"), &idx), 1);
		ck_assert_uint_eq(idx, 5000);
		ck_assert_int_eq(txf_count_append(t, LIT("later"), &idx), 0);
		ck_assert_int_eq(txf_count_reindex(t), 0);
		ck_assert_int_eq(txf_count_find(t, LIT("later"), &idx), 1);
		ck_assert_uint_eq(idx, 5001);
		ck_assert_int_eq(txf_count_find(t, LIT("new"), &idx), 1);
		ck_assert_uint_eq(idx, 5000);
		/* appended, not indexed, cleared */
		ck_assert_int_eq(txf_count_append(t, LIT("gone"), &idx), 0);
		txf_count_clear(t);
		ck_assert_uint_eq(txf_count_size(t), 0);
		ck_assert_int_eq(txf_count_find(t, LIT("term1"), &idx), 0);
		ck_assert_int_eq(txf_count_find(t, LIT("gone"), &idx), 0);
	}
	txf_count_free(t);
}
END_TEST

/* txf_count_each()'s visit: checks each entry against the table it
 * came from, stops at stop. */
struct each_check {
	const txf_count *src;
	size_t next, stop;
};

static int
each_visit(void *arg, txf_str term, const uint64_t *vals)
{
	struct each_check *c = arg;
	txf_str want = txf_count_term(c->src, c->next);

	ck_assert(same_str(term, want.p, want.n));
	ck_assert_uint_eq(vals[0], c->next * 3);
	return ++c->next == c->stop;
}

/* Room reserved for the terms of another table (of fewer counters)
 * takes them all without moving a record; txf_count_each() visits a
 * range of entries in order and stops when told. */
START_TEST(test_reserve_each)
{
	txf_count *src = txf_count_new(1), *t = txf_count_new(3);
	char w[64];
	size_t idx;

	for (unsigned k = 0; k < 3000; k++) {
		int n = snprintf(w, sizeof w, "%.*s%u", (int)(k % 40),
		    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN", k);
		add(src, w, (size_t)n);
	}
	ck_assert_int_eq(txf_count_append(t, LIT("first"), &idx), 0);
	ck_assert_int_eq(txf_count_reserve(t, txf_count_size(src),
	    txf_count_term_bytes(src)), 0);
	const char *arena = txf_count_arena(t);
	for (size_t i = 0; i < txf_count_size(src); i++) {
		txf_str s = txf_count_term(src, i);
		ck_assert_int_eq(txf_count_append(t, s.p, s.n, &idx), 0);
		txf_count_vals(t, idx)[0] = (idx - 1) * 3;
		ck_assert_ptr_eq(txf_count_arena(t), arena);
	}
	struct each_check c = { .src = src, .stop = 3000 };
	ck_assert_int_eq(txf_count_each(t, 1, 3001, each_visit, &c), 1);
	ck_assert_uint_eq(c.next, 3000);
	c = (struct each_check){ .src = src, .next = 10, .stop = 20 };
	ck_assert_int_eq(txf_count_each(t, 11, 3001, each_visit, &c), 1);
	ck_assert_uint_eq(c.next, 20);
	c = (struct each_check){ .src = src, .next = 5, .stop = 0 };
	ck_assert_int_eq(txf_count_each(t, 6, 9, each_visit, &c), 0);
	ck_assert_uint_eq(c.next, 8);
	txf_count_free(src);
	txf_count_free(t);
}
END_TEST

START_TEST(test_sort_terms_prefixes_and_high_bytes)
{
	static const char *const want[] = {
		"", "\x01", "a", "ab", "abcdefgh", "abcdefgh\x01", "abcdefghi",
		"abcdefghij", "abcdefghik", "abd", "b", "z\x7f", "\x80",
		"\xc3\xa9", "\xe6\x97\xa5", "\xf0\x9f\x98\x80", "\xff",
		"\xff\xff",
	};
	enum { N = sizeof want / sizeof want[0] };
	txf_count *t = txf_count_new(1);
	size_t idx[N];

	/* Insert in a scrambled order. */
	for (size_t k = 0; k < N; k++) {
		size_t j = (k * 7) % N;
		add(t, want[j], strlen(want[j]));
	}
	ck_assert_uint_eq(txf_count_size(t), N);
	ck_assert_int_eq(txf_count_sorted(t, idx), 0);
	for (size_t k = 0; k < N; k++) {
		txf_str s = txf_count_term(t, idx[k]);
		ck_assert_msg(same_str(s, want[k], strlen(want[k])),
		    "position %zu: got %.*s", k, (int)s.n, s.p);
	}
	txf_count_free(t);
}
END_TEST

/* "ab" before "ab\0" before "ab\0\0": the zero padding of the prefix key
 * must not tie them. */
START_TEST(test_sort_terms_nul_padding)
{
	txf_count *t = txf_count_new(1);
	size_t idx[4];

	add(t, LIT("ab\0\0"));
	add(t, LIT("ab\0"));
	add(t, LIT("ab"));
	add(t, LIT("ab\0\0\0\0\0\0\0"));
	ck_assert_int_eq(txf_count_sorted(t, idx), 0);
	ck_assert_uint_eq(idx[0], 2);
	ck_assert_uint_eq(idx[1], 1);
	ck_assert_uint_eq(idx[2], 0);
	ck_assert_uint_eq(idx[3], 3);
	txf_count_free(t);
}
END_TEST

/* Random terms (short alphabets: many shared prefixes), against qsort. */
START_TEST(test_sort_terms_random)
{
	enum { N = 30000 };
	txf_count *t = txf_count_new(1);
	size_t *got = malloc(N * sizeof *got), *ref = malloc(N * sizeof *ref);
	char w[24];

	rng_state = 7;
	while (txf_count_size(t) < N) {
		size_t n = 1 + rng() % 20;
		for (size_t k = 0; k < n; k++) {
			uint64_t r = rng() % 4;
			w[k] = r == 0 ? 'a' : r == 1 ? 'b' : r == 2 ? '\xc3' :
			    '\xff';
		}
		add(t, w, n);
	}
	ck_assert_int_eq(txf_count_sorted(t, got), 0);
	for (size_t k = 0; k < N; k++)
		ref[k] = k;
	ref_tab = t;
	qsort(ref, N, sizeof *ref, ref_term_cmp);
	for (size_t k = 0; k < N; k++)
		ck_assert_uint_eq(got[k], ref[k]);
	/* Sorting a subset, already sorted or reversed. */
	for (size_t k = 0; k < 1000; k++)
		got[k] = ref[999 - k];
	ck_assert_int_eq(txf_count_sort_terms(t, got, 1000), 0);
	for (size_t k = 0; k < 1000; k++)
		ck_assert_uint_eq(got[k], ref[k]);
	ck_assert_int_eq(txf_count_sort_terms(t, got, 1000), 0);
	for (size_t k = 0; k < 1000; k++)
		ck_assert_uint_eq(got[k], ref[k]);
	ck_assert_int_eq(txf_count_sort_terms(t, got, 0), 0);
	free(got);
	free(ref);
	txf_count_free(t);
}
END_TEST

START_TEST(test_sort_desc_counter)
{
	txf_count *t = txf_count_new(2);
	const char *w[] = { "pear", "fig", "apple", "kiwi", "date", "lime" };
	uint64_t cnt[] = { 2, 5, 2, 1, 5, 2 };
	size_t idx[6];

	for (size_t k = 0; k < 6; k++) {
		size_t i = add(t, w[k], strlen(w[k]));
		txf_count_vals(t, i)[1] = cnt[k];
		txf_count_vals(t, i)[0] = 100 - k;
		idx[k] = k;
	}
	/* By counter 1: 5 (date, fig), 2 (apple, lime, pear), 1 (kiwi). */
	ck_assert_int_eq(txf_count_sort_desc(t, idx, 6, NULL, 1, 6), 0);
	size_t want[] = { 4, 1, 2, 5, 0, 3 };
	for (size_t k = 0; k < 6; k++)
		ck_assert_uint_eq(idx[k], want[k]);
	/* Top 3 of the same. */
	for (size_t k = 0; k < 6; k++)
		idx[k] = 5 - k;
	ck_assert_int_eq(txf_count_sort_desc(t, idx, 6, NULL, 1, 3), 0);
	for (size_t k = 0; k < 3; k++)
		ck_assert_uint_eq(idx[k], want[k]);
	/* A top above n is n; top 0 does nothing. */
	for (size_t k = 0; k < 6; k++)
		idx[k] = k;
	ck_assert_int_eq(txf_count_sort_desc(t, idx, 6, NULL, 1, 99), 0);
	for (size_t k = 0; k < 6; k++)
		ck_assert_uint_eq(idx[k], want[k]);
	ck_assert_int_eq(txf_count_sort_desc(t, idx, 6, NULL, 1, 0), 0);
	/* By counter 0: insertion order. */
	ck_assert_int_eq(txf_count_sort_desc(t, idx, 6, NULL, 0, 6), 0);
	for (size_t k = 0; k < 6; k++)
		ck_assert_uint_eq(idx[k], k);
	ck_assert_int_eq(txf_count_sort_desc(t, idx, 6, NULL, 2, 6),
	    TXF_EINVAL);
	txf_count_free(t);
}
END_TEST

START_TEST(test_sort_desc_key_zero_and_ties)
{
	txf_count *t = txf_count_new(1);
	double key[5] = { 0.0, -0.0, 1.5, -2.0, 1.5 };
	size_t idx[5] = { 0, 1, 2, 3, 4 };

	add(t, LIT("b"));
	add(t, LIT("a"));
	add(t, LIT("d"));
	add(t, LIT("e"));
	add(t, LIT("c"));
	ck_assert_int_eq(txf_count_sort_desc(t, idx, 5, key, 0, 5), 0);
	/* 1.5 (c, d), 0 and -0 tie (a, b), -2 (e). */
	size_t want[] = { 4, 2, 1, 0, 3 };
	for (size_t k = 0; k < 5; k++)
		ck_assert_uint_eq(idx[k], want[k]);
	txf_count_free(t);
}
END_TEST

/* Top-K through the heap (K well below n) and through the full sort, on
 * random keys with many ties, against qsort. */
START_TEST(test_sort_desc_random_top)
{
	enum { N = 20000 };
	txf_count *t = txf_count_new(1);
	double *key = malloc(N * sizeof *key);
	size_t *got = malloc(N * sizeof *got), *ref = malloc(N * sizeof *ref);
	char w[24];
	static const size_t tops[] = { 1, 2, 10, 100, 4999, 5000, 5001,
	    19999, 20000 };

	rng_state = 99;
	while (txf_count_size(t) < N) {
		int len = snprintf(w, sizeof w, "t%llx",
		    (unsigned long long)(rng() % 1000000007));
		add(t, w, (size_t)len);
	}
	size_t n = N;
	for (size_t k = 0; k < n; k++)
		key[k] = (double)(rng() % 50) / 7;
	for (size_t k = 0; k < n; k++)
		ref[k] = k;
	ref_tab = t;
	ref_key = key;
	qsort(ref, n, sizeof *ref, ref_desc_cmp);
	for (size_t q = 0; q < sizeof tops / sizeof tops[0]; q++) {
		size_t top = tops[q] < n ? tops[q] : n;
		for (size_t k = 0; k < n; k++)
			got[k] = (k * 7919) % n;  /* a permutation: 7919 is a
			                             prime not dividing n */
		ck_assert_int_eq(txf_count_sort_desc(t, got, n, key, 0, top), 0);
		for (size_t k = 0; k < top; k++)
			ck_assert_msg(got[k] == ref[k], "top %zu at %zu", top, k);
	}
	free(key);
	free(got);
	free(ref);
	txf_count_free(t);
}
END_TEST

/* Sorted and reverse-sorted inputs of equal keys: no quadratic blow-up
 * (the test would time out) and the right order. */
START_TEST(test_sort_adversarial_orders)
{
	enum { N = 200000 };
	txf_count *t = txf_count_new(1);
	size_t *idx = malloc(N * sizeof *idx);
	char w[24];

	for (size_t k = 0; k < N; k++) {
		int n = snprintf(w, sizeof w, "%08zu", k);
		add(t, w, (size_t)n);
	}
	for (size_t k = 0; k < N; k++)
		idx[k] = N - 1 - k;
	ck_assert_int_eq(txf_count_sort_terms(t, idx, N), 0);
	for (size_t k = 0; k < N; k++)
		ck_assert_uint_eq(idx[k], k);
	ck_assert_int_eq(txf_count_sort_terms(t, idx, N), 0);
	for (size_t k = 0; k < N; k++)
		ck_assert_uint_eq(idx[k], k);
	/* All counters equal: the order is the term order. */
	ck_assert_int_eq(txf_count_sort_desc(t, idx, N, NULL, 0, N), 0);
	for (size_t k = 0; k < N; k++)
		ck_assert_uint_eq(idx[k], k);
	free(idx);
	txf_count_free(t);
}
END_TEST

/* ------------------------------------------------------------------ */
/* MurmurHash3 x86_32                                                  */

struct mm_case {
	const char *key;
	size_t n;
	uint32_t seed;
	uint32_t want;
};

#define MM(s, seed, want) { (s), sizeof(s) - 1, (seed), (want) }

/* The published verification values of MurmurHash3_x86_32. */
START_TEST(test_murmur3_published)
{
	static const struct mm_case c[] = {
		MM("", 0, 0),
		MM("", 1, 0x514E28B7),
		MM("", 0xffffffff, 0x81F16F39),
		MM("\0\0\0\0", 0, 0x2362F9DE),
		MM("\xff\xff\xff\xff", 0, 0x76293B50),
		MM("\x21\x43\x65\x87", 0, 0xF55B516B),
		MM("\x21\x43\x65", 0, 0x7E4A8634),
		MM("\x21\x43", 0, 0xA0F7B07A),
		MM("\x21", 0, 0x72661CF4),
		MM("aaaa", 0x9747b28c, 0x5A97808A),
		MM("aaa", 0x9747b28c, 0x283E0130),
		MM("aa", 0x9747b28c, 0x5D211726),
		MM("a", 0x9747b28c, 0x7FA09EA6),
		MM("abcd", 0x9747b28c, 0xF0478627),
		MM("abc", 0x9747b28c, 0xC84A62DD),
		MM("ab", 0x9747b28c, 0x74875592),
		MM("Hello, world!", 0x9747b28c, 0x24884CBA),
		MM("The quick brown fox jumps over the lazy dog", 0x9747b28c,
		    0x2FA826CD),
	};
	for (size_t k = 0; k < sizeof c / sizeof c[0]; k++)
		ck_assert_msg(txf_murmur3_32(c[k].key, c[k].n, c[k].seed) ==
		    c[k].want, "case %zu: got 0x%08X", k,
		    (unsigned)txf_murmur3_32(c[k].key, c[k].n, c[k].seed));
}
END_TEST

/* sklearn.utils.murmurhash3_32(term, seed=0) (signed), computed with
 * scikit-learn 1.2.1 under /usr/bin/python3 on the UTF-8 bytes. */
START_TEST(test_murmur3_sklearn)
{
	static const struct { const char *term; int32_t want; } c[] = {
		{ "the", -1132748958 },
		{ "quick", 771291085 },
		{ "brown+fox", 2131261166 },
		{ "caf\xc3\xa9", 605818632 },
		{ "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", -1515949417 },
		{ "\xf0\x9f\x98\x80", -1095487750 },
		{ "hello world", 1586663183 },
		{ "sklearn", -1738871525 },
	};
	for (size_t k = 0; k < sizeof c / sizeof c[0]; k++) {
		uint32_t h = txf_murmur3_32(c[k].term, strlen(c[k].term), 0);
		ck_assert_msg((int32_t)h == c[k].want, "%s: got %d", c[k].term,
		    (int)(int32_t)h);
	}
	char a100[100];
	memset(a100, 'a', sizeof a100);
	ck_assert_int_eq((int32_t)txf_murmur3_32(a100, 100, 0), -1896897432);
}
END_TEST

Suite *
suite_count(void)
{
	Suite *s = suite_create("count");
	TCase *tc = tcase_create("table");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_new_nvals_range);
	tcase_add_test(tc, test_insert_and_find);
	tcase_add_test(tc, test_empty_term);
	tcase_add_test(tc, test_counters);
	tcase_add_test(tc, test_clear);
	tcase_add_test(tc, test_clear_random_docs);
	tcase_add_test(tc, test_growth_100k);
	tcase_add_test(tc, test_long_and_binary_terms);
	tcase_add_test(tc, test_one_byte_differences);
	tcase_add_test(tc, test_add_many_equals_add);
	tcase_add_test(tc, test_add_many_rec);
	tcase_add_test(tc, test_append_reindex);
	tcase_add_test(tc, test_reserve_each);
	suite_add_tcase(s, tc);

	tc = tcase_create("sort");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_sort_terms_prefixes_and_high_bytes);
	tcase_add_test(tc, test_sort_terms_nul_padding);
	tcase_add_test(tc, test_sort_terms_random);
	tcase_add_test(tc, test_sort_desc_counter);
	tcase_add_test(tc, test_sort_desc_key_zero_and_ties);
	tcase_add_test(tc, test_sort_desc_random_top);
	tcase_add_test(tc, test_sort_adversarial_orders);
	suite_add_tcase(s, tc);

	tc = tcase_create("murmur3");
	tcase_add_test(tc, test_murmur3_published);
	tcase_add_test(tc, test_murmur3_sklearn);
	suite_add_tcase(s, tc);
	return s;
}
