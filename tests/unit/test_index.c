/* test_index.c - the index codec, block maxima and a small index written
 * and read back (index_codec.c, index.c, index_write.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textfeat.h"
#include "index.h"
#include "index_impl.h"
#include "index_topk.h"
#include "helpers.h"

START_TEST(test_width)
{
	ck_assert_uint_eq(txf_ix_width(0), 0);
	ck_assert_uint_eq(txf_ix_width(1), 1);
	ck_assert_uint_eq(txf_ix_width(2), 2);
	ck_assert_uint_eq(txf_ix_width(255), 8);
	ck_assert_uint_eq(txf_ix_width(256), 9);
	ck_assert_uint_eq(txf_ix_width(UINT32_MAX), 32);
}
END_TEST

/* Every width 0..32, every count 0..130, at bit offsets 0..9: values
 * with their top bit set come back, and the bytes beyond the packed ones
 * stay zero. */
START_TEST(test_pack_round_trip)
{
	uint32_t v[130], back[130];
	uint8_t buf[130 * 4 + 32];

	rng_state = 1;
	for (unsigned w = 0; w <= 32; w++) {
		for (size_t n = 0; n <= 130; n++) {
			size_t off = n % 10;
			uint32_t mask = w == 32 ? UINT32_MAX :
			    (uint32_t)((1ull << w) - 1);
			for (size_t i = 0; i < n; i++) {
				v[i] = (uint32_t)rng() & mask;
				if (w > 0 && i % 3 == 0)
					v[i] |= (uint32_t)1 << (w - 1);
			}
			memset(buf, 0, sizeof buf);
			txf_ix_pack(v, n, w, buf, off);
			size_t used = (off + n * w + 7) / 8;
			for (size_t i = used; i < sizeof buf; i++)
				if (buf[i] != 0)
					ck_abort_msg("w=%u n=%zu: byte %zu "
					    "written", w, n, i);
			txf_ix_unpack(buf, off, n, w, back);
			for (size_t i = 0; i < n; i++)
				if (back[i] != v[i])
					ck_abort_msg("w=%u n=%zu i=%zu", w, n,
					    i);
		}
	}
}
END_TEST

/* Blocks of every length 1..128, gaps of every width, counts from 1 to
 * large; the first block from -1 (prev UINT32_MAX) and later ones from a
 * previous document. */
START_TEST(test_block_round_trip)
{
	uint32_t docs[TXF_IX_BLOCK], tfs[TXF_IX_BLOCK];
	uint32_t d2[TXF_IX_BLOCK], t2[TXF_IX_BLOCK];
	uint8_t buf[TXF_IX_BLOCK_MAX(TXF_IX_BLOCK) + 8];

	rng_state = 7;
	for (size_t n = 1; n <= TXF_IX_BLOCK; n++) {
		for (unsigned gw = 0; gw <= 24; gw += 3) {
			uint32_t prev = n % 2 ? UINT32_MAX : (uint32_t)(rng() %
			    1000);
			uint64_t d = prev == UINT32_MAX ? 0 : (uint64_t)prev + 1;
			for (size_t i = 0; i < n; i++) {
				d += gw ? rng() % (1u << gw) : 0;
				docs[i] = (uint32_t)d++;
				tfs[i] = 1 + (uint32_t)(i % 5 == 0 ? rng() %
				    100000 : rng() % 3);
			}
			memset(buf, 0, sizeof buf);
			size_t len = txf_ix_block_encode(docs, tfs, n, prev,
			    buf);
			long r = txf_ix_block_decode(buf, len, n, prev, d2, t2);
			if (len > TXF_IX_BLOCK_MAX(n) || r != (long)len)
				ck_abort_msg("n=%zu gw=%u: length", n, gw);
			if (memcmp(docs, d2, n * 4) != 0 ||
			    memcmp(tfs, t2, n * 4) != 0)
				ck_abort_msg("n=%zu gw=%u", n, gw);
			/* One byte short is refused. */
			ck_assert_int_eq(txf_ix_block_decode(buf, len - 1, n,
			    prev, d2, t2), -1);
		}
	}
	/* A width above 32 is refused. */
	memset(buf, 0, sizeof buf);
	buf[0] = 33;
	ck_assert_int_eq(txf_ix_block_decode(buf, sizeof buf - 8, 1,
	    UINT32_MAX, d2, t2), -1);
	/* Documents past UINT32_MAX - 1 are refused. */
	buf[0] = 32;
	buf[1] = 0;
	memset(buf + 2, 0xff, 4);
	ck_assert_int_eq(txf_ix_block_decode(buf, sizeof buf - 8, 1,
	    UINT32_MAX, d2, t2), -1);
}
END_TEST

/* Full blocks (packed in lanes from version 2 on) at every width of gaps
 * and of counts 0..32: round trips, the bytes a plain packing takes,
 * each count read alone; a block of version 1 (plain packing) still
 * decodes; documents summing past 2^32 are refused. */
START_TEST(test_block_lanes)
{
	enum { N = TXF_IX_BLOCK };
	uint32_t docs[N], tfs[N], d2[N], t2[N], gap[N], tf[N];
	uint8_t buf[TXF_IX_BLOCK_MAX(N) + 8];

	rng_state = 11;
	for (unsigned gw = 0; gw <= 32; gw++) {
		for (unsigned tw = 0; tw <= 32; tw++) {
			uint32_t prev = gw % 2 ? UINT32_MAX : 1000;
			uint64_t d = prev == UINT32_MAX ? 0 : (uint64_t)prev + 1;
			uint32_t tm = tw == 32 ? UINT32_MAX - 1 :
			    (uint32_t)((1ull << tw) - 1);
			for (size_t i = 0; i < N; i++) {
				uint64_t g = gw == 0 ? 0 : rng() % 8 %
				    (1ull << gw);
				if (gw > 0 && i == 5)
					g |= 1ull << (gw - 1);
				d += g;
				gap[i] = (uint32_t)g;
				docs[i] = (uint32_t)d++;
				tf[i] = (uint32_t)rng() & tm;
				if (tw > 0 && i == 77)
					tf[i] = tm;
				tfs[i] = tf[i] + 1;
			}
			memset(buf, 0, sizeof buf);
			size_t len = txf_ix_block_encode(docs, tfs, N, prev,
			    buf);
			if (len != 2 + (size_t)N * (gw + tw) / 8 ||
			    txf_ix_block_decode(buf, len, N, prev, d2, t2) !=
			    (long)len)
				ck_abort_msg("gw=%u tw=%u: length", gw, tw);
			if (memcmp(docs, d2, sizeof docs) != 0 ||
			    memcmp(tfs, t2, sizeof tfs) != 0)
				ck_abort_msg("gw=%u tw=%u", gw, tw);
			for (size_t i = 0; i < N; i += 7)
				ck_assert_uint_eq(ix_block_tf(buf, N, i, 1),
				    tfs[i]);
			/* Version 1's plain packing. */
			memset(buf + 2, 0, sizeof buf - 2);
			txf_ix_pack(gap, N, gw, buf + 2, 0);
			txf_ix_pack(tf, N, tw, buf + 2, (size_t)N * gw);
			memset(d2, 0, sizeof d2);
			ck_assert_int_eq(txf_ix_block_docs(buf, len, N, prev,
			    d2, 0), (long)len);
			ck_assert_int_eq(txf_ix_block_tfs(buf, N, t2, 0), 0);
			if (memcmp(docs, d2, sizeof docs) != 0 ||
			    memcmp(tfs, t2, sizeof tfs) != 0)
				ck_abort_msg("gw=%u tw=%u: version 1", gw, tw);
			ck_assert_uint_eq(ix_block_tf(buf, N, 77, 0), tfs[77]);
		}
	}
	/* Gaps of 20 bits from near the top wrap past 2^32 once; gaps of
	 * 32 bits (words in order) wrap in the middle, or land on the last
	 * number. */
	for (size_t i = 0; i < N; i++)
		docs[i] = 1000 + ((uint32_t)i << 20);
	memset(buf, 0, sizeof buf);
	size_t len = txf_ix_block_encode(docs, tfs, N, 999, buf);
	ck_assert_int_eq(txf_ix_block_docs(buf, len, N, 999, d2, 1),
	    (long)len);
	ck_assert_int_eq(txf_ix_block_docs(buf, len, N, UINT32_MAX - 100,
	    d2, 1), -1);
	memset(buf, 0, sizeof buf);
	buf[0] = 32;
	for (size_t i = 0; i < N; i++)
		ix_put32(buf + 2 + 4 * i, i == 60 ? 0xffffff70u : 0);
	len = 2 + 4 * N;
	ck_assert_int_eq(txf_ix_block_docs(buf, len, N, UINT32_MAX, d2, 1),
	    (long)len);
	ck_assert_int_eq(txf_ix_block_docs(buf, len, N, 100, d2, 1), -1);
	ix_put32(buf + 2 + 4 * 60, 0);
	ix_put32(buf + 2 + 4 * 127, UINT32_MAX - 127);
	ck_assert_int_eq(txf_ix_block_docs(buf, len, N, UINT32_MAX, d2, 1),
	    -1);
}
END_TEST

START_TEST(test_crc32c)
{
	/* The check value of CRC-32C. */
	ck_assert_uint_eq(txf_ix_crc32c(0, "123456789", 9), 0xe3069283u);
	ck_assert_uint_eq(txf_ix_crc32c(txf_ix_crc32c(0, "1234", 4),
	    "56789", 5), 0xe3069283u);
	ck_assert_uint_eq(txf_ix_crc32c(0, "", 0), 0);
}
END_TEST

/* A long buffer (three streams at once, on x86-64) gives the CRC of its
 * pieces chained (each short: one stream). */
START_TEST(test_crc32c_long)
{
	static uint8_t buf[40000];
	static const size_t lens[] = { 12287, 12288, 12289, 24581, 40000 };
	uint32_t x = 12345;

	for (size_t i = 0; i < sizeof buf; i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (uint8_t)(x >> 24);
	}
	for (size_t l = 0; l < sizeof lens / sizeof *lens; l++) {
		uint32_t c = 0;
		for (size_t o = 0; o < lens[l]; o += 1000)
			c = txf_ix_crc32c(c, buf + o,
			    lens[l] - o < 1000 ? lens[l] - o : 1000);
		ck_assert_uint_eq(txf_ix_crc32c(0, buf, lens[l]), c);
	}
}
END_TEST

static int
to_buf(void *arg, const void *p, size_t n)
{
	return txf_buf_add(arg, p, n);
}

/* Documents whose postings span block boundaries: a term in every
 * document (df = 300: blocks of 128, 128, 44), one in every third, one
 * in 128 and one in 129 exactly. */
static txf_buf
build(size_t ndocs, size_t spill_mem)
{
	txf_buf out = { 0 };
	int err;
	txf_ix_builder *b = txf_ix_builder_new("mode=space", 10, 1,
	    spill_mem, NULL, &err);
	ck_assert_ptr_nonnull(b);
	for (size_t d = 0; d < ndocs; d++) {
		txf_str tok[8];
		size_t n = 0;
		char id[16];
		tok[n++] = (txf_str){ "all", 3 };
		if (d % 3 == 0)
			tok[n++] = (txf_str){ "third", 5 };
		if (d < 128)
			tok[n++] = (txf_str){ "b128", 4 };
		if (d < 129)
			tok[n++] = (txf_str){ "b129", 4 };
		for (size_t r = 0; r < d % 4; r++)
			tok[n++] = (txf_str){ "all", 3 };
		snprintf(id, sizeof id, "d%zu", d);
		txf_str ids = { id, strlen(id) }, st = { "text", 4 };
		ck_assert_int_eq(txf_ix_builder_add(b, ids, st, tok, n), 0);
	}
	ck_assert_int_eq(txf_ix_builder_finish(b, to_buf, &out), 0);
	txf_ix_builder_free(b);
	return out;
}

START_TEST(test_build_read)
{
	txf_buf f = build(300, 0);
	char msg[128];
	int err;
	txf_ix *ix = txf_ix_open_mem(f.p, f.n, 1, &err, msg, sizeof msg);
	ck_assert_msg(ix != NULL, "%s", msg);
	ck_assert_uint_eq(txf_ix_docs(ix), 300);
	ck_assert_uint_eq(txf_ix_nterms(ix), 4);
	uint32_t docs[300], tfs[300];
	const char *names[] = { "all", "third", "b128", "b129" };
	size_t dfs[] = { 300, 100, 128, 129 };
	for (int t = 0; t < 4; t++) {
		txf_ix_term term;
		ck_assert_int_eq(txf_ix_find(ix, names[t], strlen(names[t]),
		    &term), 1);
		ck_assert_uint_eq(term.df, dfs[t]);
		ck_assert_int_eq(txf_ix_postings(ix, &term, docs, tfs), 0);
		for (size_t i = 0; i < term.df; i++) {
			uint32_t d = t == 1 ? (uint32_t)(3 * i) : (uint32_t)i;
			if (docs[i] != d || tfs[i] != (t == 0 ? 1 + d % 4 : 1))
				ck_abort_msg("term %d posting %zu", t, i);
		}
	}
	txf_ix_term term;
	ck_assert_int_eq(txf_ix_find(ix, "al", 2, &term), 0);
	ck_assert_int_eq(txf_ix_find(ix, "allx", 4, &term), 0);
	ck_assert_int_eq(txf_ix_find(ix, "", 0, &term), 0);
	txf_str id;
	ck_assert_int_eq(txf_ix_docid(ix, 299, &id), 0);
	ck_assert(id.n == 4 && memcmp(id.p, "d299", 4) == 0);

	/* Top 5 for "all": the highest counts in the shortest documents;
	 * search equals exhaustive. */
	txf_ix_searchopts o = { .k1 = 1.2, .b = 0.75, .k = 5 };
	txf_ix_searcher *s = txf_ix_searcher_new(ix, &o);
	o.exhaustive = 1;
	txf_ix_searcher *x = txf_ix_searcher_new(ix, &o);
	txf_str q[] = { { "all", 3 }, { "third", 5 } };
	const txf_ix_hit *h1, *h2;
	size_t n1, n2, f1, f2;
	ck_assert_int_eq(txf_ix_search(s, q, 2, NULL, &h1, &n1, &f1), 0);
	ck_assert_int_eq(txf_ix_search(x, q, 2, NULL, &h2, &n2, &f2), 0);
	ck_assert_uint_eq(n1, 5);
	ck_assert_uint_eq(f1, 2);
	ck_assert_uint_eq(n2, 5);
	for (size_t i = 0; i < 5; i++) {
		ck_assert_uint_eq(h1[i].doc, h2[i].doc);
		ck_assert(h1[i].score == h2[i].score);
		if (i > 0)
			ck_assert(h1[i].score < h1[i - 1].score ||
			    (h1[i].score == h1[i - 1].score &&
			    h1[i].doc > h1[i - 1].doc));
	}
	txf_ix_searcher_free(s);
	txf_ix_searcher_free(x);

	/* Every byte of the file damaged in turn is refused. */
	for (size_t i = 0; i < f.n; i += 7) {
		f.p[i] ^= 0x20;
		txf_ix *bad = txf_ix_open_mem(f.p, f.n, 1, &err, msg,
		    sizeof msg);
		if (bad != NULL || err != TXF_EFORMAT)
			ck_abort_msg("byte %zu", i);
		f.p[i] ^= 0x20;
	}
	/* And every truncation. */
	for (size_t n = 0; n < f.n; n += 5)
		if (txf_ix_open_mem(f.p, n, 1, &err, msg, sizeof msg) != NULL)
			ck_abort_msg("truncated to %zu", n);
	txf_ix_close(ix);
	txf_buf_free(&f);
}
END_TEST

/* Spilled partial indexes merge into the bytes of one build. */
START_TEST(test_spill_same_bytes)
{
	txf_buf a = build(1000, 0), b = build(1000, 20000);
	ck_assert_uint_eq(a.n, b.n);
	ck_assert(memcmp(a.p, b.p, a.n) == 0);
	txf_buf_free(&a);
	txf_buf_free(&b);
}
END_TEST

/* Hits best first: the order txf_topk_finish() gives. */
static int
hit_cmp(const void *x, const void *y)
{
	const txf_ix_hit *a = x, *b = y;

	if (txf_hit_better(a, b))
		return -1;
	return txf_hit_better(b, a);
}

/* Collected through the top-k array (its compactions and selections),
 * the hits kept are the k best of all, best first, ties by document:
 * sizes around the array's, scores with many ties and all distinct. */
START_TEST(test_topk)
{
	static const size_t ks[] = { 1, 2, 10, 100, 257, 1000 };
	unsigned seed = 7;

	for (size_t ki = 0; ki < sizeof ks / sizeof *ks; ki++)
		for (int ties = 0; ties < 2; ties++)
			for (size_t n = 1; n <= 5 * ks[ki] + 300; n += n / 3 + 1) {
				size_t k = ks[ki];
				txf_topk t;
				ck_assert_int_eq(txf_topk_init(&t, k), 0);
				txf_ix_hit *all = malloc(n * sizeof *all);
				ck_assert_ptr_nonnull(all);
				for (size_t i = 0; i < n; i++) {
					seed = seed * 1103515245u + 12345u;
					all[i].doc = (uint32_t)i;
					all[i].score = ties ?
					    (double)(seed >> 16 & 7) :
					    (double)(seed >> 8) / 7.0;
					/* As the search does: only what beats
					 * the threshold once there is one. */
					if (!t.full || all[i].score > t.theta)
						txf_topk_add(&t, all[i].doc,
						    all[i].score);
				}
				size_t got = txf_topk_finish(&t);
				qsort(all, n, sizeof *all, hit_cmp);
				size_t want = n < k ? n : k;
				ck_assert_uint_eq(got, want);
				for (size_t i = 0; i < want; i++) {
					ck_assert_uint_eq(t.a[i].doc, all[i].doc);
					ck_assert(t.a[i].score == all[i].score);
				}
				free(all);
				txf_topk_free(&t);
			}
}
END_TEST

Suite *
suite_index(void)
{
	Suite *s = suite_create("index");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_width);
	tcase_add_test(tc, test_pack_round_trip);
	tcase_add_test(tc, test_block_round_trip);
	tcase_add_test(tc, test_block_lanes);
	tcase_add_test(tc, test_crc32c);
	tcase_add_test(tc, test_crc32c_long);
	tcase_add_test(tc, test_build_read);
	tcase_add_test(tc, test_spill_same_bytes);
	tcase_add_test(tc, test_topk);
	suite_add_tcase(s, tc);
	return s;
}
