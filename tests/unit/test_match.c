/* test_match.c - query-listing features (match.c): values worked out by
 * hand, the edge cases, the API's checks, and every feature against a
 * brute-force reference on random pairs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "textfeat.h"
#include "helpers.h"

/* Tokens of a space-separated string (at most 64; views into s). */
typedef struct {
	txf_str v[64];
	size_t n;
} toks;

static toks
T(const char *s)
{
	toks t = { .n = 0 };

	while (*s != '\0') {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		const char *e = strchr(s, ' ');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		ck_assert_uint_lt(t.n, 64);
		t.v[t.n].p = s;
		t.v[t.n].n = n;
		t.n++;
		s += n;
	}
	return t;
}

/* Write text to a temporary file and load it as a vocab. */
static txf_vocab *
vocab_from(const char *text)
{
	char path[4096];
	txf_error err;

	temp_file(path, sizeof path, text, strlen(text));
	txf_vocab *v = txf_vocab_load(path, &err);
	unlink(path);
	ck_assert_msg(v != NULL, "vocab: line %llu: %s",
	    (unsigned long long)err.line, txf_error_text(&err));
	return v;
}

/*
 * The vocab of the hand-worked examples: N = 10 documents of 40 tokens,
 * so avgdl = 4.  The idf column is what cosine uses, whatever #idf says;
 * round values keep the arithmetic short.  BM25 computes its own idf from
 * N and df.
 */
static const char vocab_text[] =
    "#textfeat-vocab\t1\n"
    "#docs\t10\n"
    "#tokens\t40\n"
    "#analysis\tmode=uax29\n"
    "#pruning\tnone\n"
    "#idf\tsmooth\n"
    "blue\t5\t6\t1\n"
    "red\t2\t3\t2\n"
    "running\t1\t1\t3\n"
    "shoe\t4\t7\t1.5\n";

static const char vocab_noidf_text[] =
    "#textfeat-vocab\t1\n"
    "#docs\t10\n"
    "#tokens\t40\n"
    "#analysis\t\n"
    "#pruning\tnone\n"
    "#idf\tnone\n"
    "red\t2\t3\n";

/* A matcher for every feature the vocab allows (NULL: none). */
static txf_matcher *
matcher(const txf_vocab *v)
{
	txf_matchopts o;
	txf_error err = { 0 };

	txf_matchopts_init(&o, v);
	txf_matcher *m = txf_matcher_new(&o, &err);
	ck_assert_ptr_nonnull(m);
	return m;
}

static void
run(txf_matcher *m, const char *q, const char *d, double *out)
{
	toks tq = T(q), td = T(d);

	ck_assert_int_eq(txf_match(m, tq.v, tq.n, td.v, td.n, out), 0);
}

/* x equals y within 1e-12, relative. */
#define NEAR(x, y) ck_assert_msg(fabs((x) - (y)) <= \
    1e-12 * (1 + fabs((double)(y))), "%s = %.17g, expected %.17g", #x, \
    (double)(x), (double)(y))

/* ------------------------------------------------------------------ */

START_TEST(test_names)
{
	static const char *const names[] = { "qlen", "dlen", "matched",
	    "coverage", "jaccard", "dice", "cosine", "bm25", "phrase",
	    "lcs_run", "first_pos", "char3_jaccard" };

	ck_assert_int_eq(TXF_FEAT_COUNT, 12);
	for (int f = 0; f < TXF_FEAT_COUNT; f++) {
		ck_assert_str_eq(txf_feat_name((enum txf_feat)f), names[f]);
		ck_assert_int_eq(txf_feat_parse(names[f], strlen(names[f])), f);
	}
	ck_assert_ptr_null(txf_feat_name(TXF_FEAT_COUNT));
	ck_assert_int_eq(txf_feat_parse("bm2", 3), TXF_EINVAL);
	ck_assert_int_eq(txf_feat_parse("bm25x", 5), TXF_EINVAL);
	ck_assert_int_eq(txf_feat_parse("bm25x", 4), TXF_FEAT_BM25);
	ck_assert_int_eq(txf_feat_parse("", 0), TXF_EINVAL);
	ck_assert_uint_eq(TXF_FEAT_ALL, 0xfff);
}
END_TEST

START_TEST(test_available_and_options)
{
	txf_vocab *v = vocab_from(vocab_text);
	txf_vocab *nv = vocab_from(vocab_noidf_text);
	uint32_t cos = TXF_FEAT_BIT(TXF_FEAT_COSINE);
	uint32_t bm = TXF_FEAT_BIT(TXF_FEAT_BM25);
	txf_matchopts o;
	txf_error err = { 0 };

	ck_assert_uint_eq(txf_feat_available(NULL), TXF_FEAT_ALL & ~(cos | bm));
	ck_assert_uint_eq(txf_feat_available(nv), TXF_FEAT_ALL & ~cos);
	ck_assert_uint_eq(txf_feat_available(v), TXF_FEAT_ALL);

	txf_matchopts_init(&o, NULL);
	ck_assert_uint_eq(o.feats, txf_feat_available(NULL));
	ck_assert_ptr_null(o.vocab);
	ck_assert(o.k1 == 1.2 && o.b == 0.75);

	/* cosine without a vocab, or with one without idf; bm25 without */
	o.feats = cos;
	ck_assert_ptr_null(txf_matcher_new(&o, &err));
	ck_assert_int_eq(err.code, TXF_EINVAL);
	o.vocab = nv;
	err.code = 0;
	ck_assert_ptr_null(txf_matcher_new(&o, &err));
	ck_assert_int_eq(err.code, TXF_EINVAL);
	o.feats = bm;
	txf_matcher *m = txf_matcher_new(&o, &err);
	ck_assert_ptr_nonnull(m);
	txf_matcher_free(m);
	o.vocab = NULL;
	err.code = 0;
	ck_assert_ptr_null(txf_matcher_new(&o, &err));
	ck_assert_int_eq(err.code, TXF_EINVAL);

	/* no feature, unknown bits, k1 and b out of range */
	txf_matchopts_init(&o, v);
	o.feats = 0;
	ck_assert_ptr_null(txf_matcher_new(&o, &err));
	o.feats = TXF_FEAT_BIT(TXF_FEAT_COUNT);
	ck_assert_ptr_null(txf_matcher_new(&o, &err));
	txf_matchopts_init(&o, v);
	o.k1 = -0.1;
	ck_assert_ptr_null(txf_matcher_new(&o, &err));
	o.k1 = NAN;
	ck_assert_ptr_null(txf_matcher_new(&o, &err));
	o.k1 = INFINITY;
	ck_assert_ptr_null(txf_matcher_new(&o, &err));
	o.k1 = 0;
	o.b = 1.01;
	ck_assert_ptr_null(txf_matcher_new(&o, &err));
	o.b = -0.01;
	ck_assert_ptr_null(txf_matcher_new(&o, &err));
	o.b = NAN;
	ck_assert_ptr_null(txf_matcher_new(&o, &err));
	ck_assert_int_eq(err.code, TXF_EINVAL);
	o.b = 1;
	m = txf_matcher_new(&o, &err);
	ck_assert_ptr_nonnull(m);
	txf_matcher_free(m);
	txf_matcher_free(NULL);

	txf_vocab_free(v);
	txf_vocab_free(nv);
}
END_TEST

/*
 * The worked example.
 *   query   red shoe red cheap            q = 4, Q = {red, shoe, cheap}
 *   listing red running shoe shoe blue    d = 5, D = {red, running, shoe,
 *                                                     blue}
 *   matched  = |{red, shoe}| = 2
 *   coverage = 2 / 3
 *   jaccard  = 2 / |Q or D| = 2 / (3 + 4 - 2) = 0.4
 *   dice     = 2 * 2 / (3 + 4) = 4 / 7
 *   cosine: weights count * idf, cheap (not in the vocab) left out
 *     query   red 2 * 2 = 4, shoe 1 * 1.5 = 1.5
 *             |q|^2 = 16 + 2.25 = 18.25
 *     listing red 1 * 2 = 2, running 1 * 3 = 3, shoe 2 * 1.5 = 3, blue 1
 *             |d|^2 = 4 + 9 + 9 + 1 = 23
 *     dot = 4 * 2 + 1.5 * 3 = 12.5
 *     cosine = 12.5 / sqrt(18.25 * 23) = 12.5 / sqrt(419.75)
 *            = 12.5 / 20.487801... = 0.610119...
 *   bm25: N = 10, avgdl = 40 / 10 = 4, dl = 5, k1 = 1.2, b = 0.75
 *     K = 1.2 * (1 - 0.75 + 0.75 * 5 / 4) = 1.2 * 1.1875 = 1.425
 *     red  (df 2): idf = ln(1 + (10 - 2 + 0.5) / (2 + 0.5)) = ln(4.4),
 *                  tf 1: ln(4.4) * 1 / (1 + 1.425), twice (the query
 *                  holds it twice)
 *     shoe (df 4): idf = ln(1 + 6.5 / 4.5) = ln(11 / 4.5), tf 2:
 *                  ln(11 / 4.5) * 2 / (2 + 1.425)
 *     cheap (df 0): tf 0, nothing
 *     bm25 = 2 ln(4.4) / 2.425 + 2 ln(11 / 4.5) / 3.425
 *          = 1.221942... + 0.521937... = 1.743879...
 *   phrase  = 0 (red shoe red cheap is not in the listing)
 *   lcs_run = 1 (red, or shoe: no two consecutive tokens are shared)
 *   first_pos = 0 (red)
 */
START_TEST(test_worked_example)
{
	txf_vocab *v = vocab_from(vocab_text);
	txf_matcher *m = matcher(v);
	double out[TXF_FEAT_COUNT];

	run(m, "red shoe red cheap", "red running shoe shoe blue", out);
	NEAR(out[TXF_FEAT_QLEN], 4);
	NEAR(out[TXF_FEAT_DLEN], 5);
	NEAR(out[TXF_FEAT_MATCHED], 2);
	NEAR(out[TXF_FEAT_COVERAGE], 2.0 / 3);
	NEAR(out[TXF_FEAT_JACCARD], 0.4);
	NEAR(out[TXF_FEAT_DICE], 4.0 / 7);
	NEAR(out[TXF_FEAT_COSINE], 12.5 / sqrt(419.75));
	NEAR(out[TXF_FEAT_COSINE], 0.610119155704225);
	NEAR(out[TXF_FEAT_BM25], 2 * log(4.4) / 2.425 +
	    2 * log(11 / 4.5) / 3.425);
	ck_assert(fabs(out[TXF_FEAT_BM25] - 1.743879335) < 1e-9);
	NEAR(out[TXF_FEAT_PHRASE], 0);
	NEAR(out[TXF_FEAT_LCS_RUN], 1);
	NEAR(out[TXF_FEAT_FIRST_POS], 0);

	/* The same query against a second listing (the query is kept):
	 *   running shoe: phrase of the query "running shoe"? no, the
	 *   query is still red shoe red cheap; listing "blue shoe red":
	 *   lcs_run = 2 (shoe red), first_pos = 1, matched 2. */
	toks td = T("blue shoe red");
	ck_assert_int_eq(txf_match_listing(m, td.v, td.n, out), 0);
	NEAR(out[TXF_FEAT_QLEN], 4);
	NEAR(out[TXF_FEAT_MATCHED], 2);
	NEAR(out[TXF_FEAT_LCS_RUN], 2);
	NEAR(out[TXF_FEAT_FIRST_POS], 1);
	NEAR(out[TXF_FEAT_PHRASE], 0);
	/* cosine: listing blue 1, shoe 1.5, red 2: |d|^2 = 1 + 2.25 + 4
	 * = 7.25; dot = 1.5 * 1.5 + 4 * 2 = 10.25;
	 * 10.25 / sqrt(18.25 * 7.25) */
	NEAR(out[TXF_FEAT_COSINE], 10.25 / sqrt(18.25 * 7.25));

	txf_matcher_free(m);
	txf_vocab_free(v);
}
END_TEST

/* phrase, lcs_run, first_pos. */
START_TEST(test_phrase_and_runs)
{
	txf_matcher *m = matcher(NULL);
	double out[TXF_FEAT_COUNT];

	run(m, "running shoe", "red running shoe shoe blue", out);
	NEAR(out[TXF_FEAT_PHRASE], 1);
	NEAR(out[TXF_FEAT_LCS_RUN], 2);
	NEAR(out[TXF_FEAT_FIRST_POS], 1);

	/* In the wrong order: no phrase, runs of 1. */
	run(m, "shoe running", "red running shoe", out);
	NEAR(out[TXF_FEAT_PHRASE], 0);
	NEAR(out[TXF_FEAT_LCS_RUN], 1);
	NEAR(out[TXF_FEAT_FIRST_POS], 1);

	/* A match that needs the failure function: a b a b c in
	 * x a b a b a b c (the first try a b a b fails at a). */
	run(m, "a b a b c", "x a b a b a b c", out);
	NEAR(out[TXF_FEAT_PHRASE], 1);
	NEAR(out[TXF_FEAT_LCS_RUN], 5);
	NEAR(out[TXF_FEAT_FIRST_POS], 1);
	run(m, "a a b", "a a a b", out);
	NEAR(out[TXF_FEAT_PHRASE], 1);
	NEAR(out[TXF_FEAT_LCS_RUN], 3);

	/* A query longer than the listing. */
	run(m, "a b c", "a b", out);
	NEAR(out[TXF_FEAT_PHRASE], 0);
	NEAR(out[TXF_FEAT_LCS_RUN], 2);

	/* A one-token query is a phrase wherever it occurs. */
	run(m, "b", "a a b", out);
	NEAR(out[TXF_FEAT_PHRASE], 1);
	NEAR(out[TXF_FEAT_LCS_RUN], 1);
	NEAR(out[TXF_FEAT_FIRST_POS], 2);

	/* A break by a non-query token resets runs: a b | z | a b c */
	run(m, "a b c", "a b z a b c", out);
	NEAR(out[TXF_FEAT_LCS_RUN], 3);
	NEAR(out[TXF_FEAT_PHRASE], 1);
	run(m, "a b c d", "a b z c d", out);
	NEAR(out[TXF_FEAT_LCS_RUN], 2);
	NEAR(out[TXF_FEAT_PHRASE], 0);
	txf_matcher_free(m);
}
END_TEST

/* Repeated query terms: every occurrence counts in bm25 and qlen, once
 * in matched and coverage. */
START_TEST(test_repeated_query_terms)
{
	txf_vocab *v = vocab_from(vocab_text);
	txf_matcher *m = matcher(v);
	double one[TXF_FEAT_COUNT], two[TXF_FEAT_COUNT];

	run(m, "red", "red blue blue blue", one);
	run(m, "red red", "red blue blue blue", two);
	/* dl = 4 = avgdl: K = 1.2; ln(4.4) * 1 / 2.2 per query token */
	NEAR(one[TXF_FEAT_BM25], log(4.4) / 2.2);
	NEAR(two[TXF_FEAT_BM25], 2 * log(4.4) / 2.2);
	NEAR(two[TXF_FEAT_QLEN], 2);
	NEAR(two[TXF_FEAT_MATCHED], 1);
	NEAR(two[TXF_FEAT_COVERAGE], 1);
	/* cosine is the same: the query vector only scales */
	NEAR(one[TXF_FEAT_COSINE], two[TXF_FEAT_COSINE]);
	/* listing red 2, blue 3 * 1: 2 / sqrt(4 + 9) */
	NEAR(one[TXF_FEAT_COSINE], 2 / sqrt(13));
	/* red red against red: phrase needs both tokens */
	run(m, "red red", "red blue", two);
	NEAR(two[TXF_FEAT_PHRASE], 0);
	NEAR(two[TXF_FEAT_LCS_RUN], 1);
	txf_matcher_free(m);
	txf_vocab_free(v);
}
END_TEST

/* Terms absent from the vocab: left out of cosine, df 0 in bm25. */
START_TEST(test_oov)
{
	txf_vocab *v = vocab_from(vocab_text);
	txf_matcher *m = matcher(v);
	double out[TXF_FEAT_COUNT];

	/* cheap is in neither: cosine has no query vector; bm25 uses
	 * idf = ln(1 + (10 + 0.5) / 0.5) = ln(22), dl = 1:
	 * K = 1.2 * (0.25 + 0.75 / 4) = 0.525: ln(22) / 1.525 */
	run(m, "cheap", "cheap", out);
	NEAR(out[TXF_FEAT_COSINE], 0);
	NEAR(out[TXF_FEAT_BM25], log(22) / 1.525);
	NEAR(out[TXF_FEAT_MATCHED], 1);
	NEAR(out[TXF_FEAT_PHRASE], 1);

	/* An out-of-vocab listing term does not change its norm:
	 * red alone either way, cosine 1. */
	run(m, "red", "red cheap", out);
	NEAR(out[TXF_FEAT_COSINE], 1);
	run(m, "red cheap", "red", out);
	NEAR(out[TXF_FEAT_COSINE], 1);
	txf_matcher_free(m);
	txf_vocab_free(v);
}
END_TEST

/* --k1 and --b. */
START_TEST(test_k1_b)
{
	txf_vocab *v = vocab_from(vocab_text);
	txf_matchopts o;
	double out[TXF_FEAT_COUNT];
	txf_error err = { 0 };

	txf_matchopts_init(&o, v);
	/* b = 0: no length normalization: K = k1 = 1.2 whatever dl:
	 * shoe, tf 2 in 5 tokens: ln(11 / 4.5) * 2 / 3.2 */
	o.b = 0;
	txf_matcher *m = txf_matcher_new(&o, &err);
	run(m, "shoe", "shoe shoe a b c", out);
	NEAR(out[TXF_FEAT_BM25], log(11 / 4.5) * 2 / 3.2);
	txf_matcher_free(m);
	/* k1 = 0: binary: each matched query token adds its idf */
	o.k1 = 0;
	o.b = 0.75;
	m = txf_matcher_new(&o, &err);
	run(m, "shoe red red", "shoe shoe red a b c", out);
	NEAR(out[TXF_FEAT_BM25], log(11 / 4.5) + 2 * log(4.4));
	txf_matcher_free(m);
	/* b = 1, k1 = 2: K = 2 * dl / avgdl = 2 * 8 / 4 = 4:
	 * red tf 1: ln(4.4) / 5 */
	o.k1 = 2;
	o.b = 1;
	m = txf_matcher_new(&o, &err);
	run(m, "red", "red a b c d e f g", out);
	NEAR(out[TXF_FEAT_BM25], log(4.4) / 5);
	txf_matcher_free(m);
	txf_vocab_free(v);
}
END_TEST

/* Empty query, empty listing, both, no overlap: zeros and -1. */
START_TEST(test_empty_and_disjoint)
{
	txf_vocab *v = vocab_from(vocab_text);
	txf_matcher *m = matcher(v);
	double out[TXF_FEAT_COUNT];
	static const char *const cases[][2] = {
		{ "", "red shoe" }, { "red shoe", "" }, { "", "" },
		{ "red", "blue shoe" }, { "cheap", "nice" },
	};

	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		run(m, cases[c][0], cases[c][1], out);
		toks tq = T(cases[c][0]), td = T(cases[c][1]);
		NEAR(out[TXF_FEAT_QLEN], (double)tq.n);
		NEAR(out[TXF_FEAT_DLEN], (double)td.n);
		NEAR(out[TXF_FEAT_FIRST_POS], -1);
		for (int f = TXF_FEAT_MATCHED; f < TXF_FEAT_COUNT; f++) {
			if (f == TXF_FEAT_FIRST_POS)
				continue;
			ck_assert(isfinite(out[f]));
			/* no shared character 3-gram in any of these */
			ck_assert_msg(out[f] == 0, "case %zu: %s = %g", c,
			    txf_feat_name((enum txf_feat)f), out[f]);
		}
	}
	txf_matcher_free(m);
	txf_vocab_free(v);
}
END_TEST

/* A vocab without documents: no NaN from avgdl = 0/0; idf ln(2). */
START_TEST(test_empty_vocab)
{
	txf_vocab *v = vocab_from("#textfeat-vocab\t1\n#docs\t0\n#tokens\t0\n"
	    "#idf\tsmooth\n");
	txf_matcher *m = matcher(v);
	double out[TXF_FEAT_COUNT];

	/* N = 0, df = 0: ln(1 + 0.5 / 0.5) = ln 2; dl / avgdl taken as 1:
	 * K = 1.2: ln(2) / 2.2 */
	run(m, "a", "a b", out);
	NEAR(out[TXF_FEAT_BM25], log(2) / 2.2);
	NEAR(out[TXF_FEAT_COSINE], 0);
	txf_matcher_free(m);
	txf_vocab_free(v);
}
END_TEST

/* A df above N (an inconsistent vocab) is taken as N: idf stays >= 0. */
START_TEST(test_df_above_n)
{
	/* A row with df above N never reaches the matcher: the reader
	 * refuses it. */
	char path[4096];
	const char *text = "#textfeat-vocab\t1\n#docs\t2\n#tokens\t8\n"
	    "#idf\tnone\nx\t5\t5\n";
	txf_error err;

	temp_file(path, sizeof path, text, strlen(text));
	ck_assert_ptr_null(txf_vocab_load(path, &err));
	unlink(path);
	ck_assert_int_eq(err.code, TXF_EFORMAT);
	ck_assert_uint_eq(err.line, 5);
	ck_assert_str_eq(err.msg, "a vocab row whose df is above the header's "
	    "#docs");
}
END_TEST

/* #docs near 2^64 (issue 11): N was a double cast back to an integer out
 * of range (undefined; a wrong bm25 in an optimised build).  bm25 is
 * Lucene's formula with N = 2^64 - 1 in doubles. */
START_TEST(test_docs_near_2_64)
{
	txf_vocab *v = vocab_from("#textfeat-vocab\t1\n"
	    "#docs\t18446744073709551615\n#tokens\t18446744073709551615\n"
	    "#idf\tnone\nx\t3\t3\n");
	txf_matcher *m = matcher(v);
	double out[TXF_FEAT_COUNT], n = 18446744073709551615.0;

	/* dl 4, avgdl 1: K = 1.2 (0.25 + 0.75 * 4) = 3.9 */
	run(m, "x", "x y z w", out);
	NEAR(out[TXF_FEAT_BM25], log(1 + (n - 3 + 0.5) / 3.5) / (1 + 3.9));
	ck_assert(isfinite(out[TXF_FEAT_BM25]) && out[TXF_FEAT_BM25] > 0);
	txf_matcher_free(m);
	txf_vocab_free(v);
}
END_TEST

/*
 * char3_jaccard: 3-grams of the tokens joined by single spaces, over
 * grapheme clusters.
 *   book case -> boo ook "ok " "k c" " ca" cas ase   (7)
 *   bookcase  -> boo ook okc kca cas ase            (6)
 *   shared boo ook cas ase (4): 4 / (7 + 6 - 4) = 4 / 9
 */
START_TEST(test_char3)
{
	txf_matchopts o;
	double out[TXF_FEAT_COUNT];
	txf_error err = { 0 };

	txf_matchopts_init(&o, NULL);
	o.feats = TXF_FEAT_BIT(TXF_FEAT_CHAR3_JACCARD);
	txf_matcher *m = txf_matcher_new(&o, &err);
	ck_assert_ptr_nonnull(m);
	run(m, "book case", "bookcase", out);
	NEAR(out[TXF_FEAT_CHAR3_JACCARD], 4.0 / 9);
	/* only the feature asked for is set */
	NEAR(out[TXF_FEAT_QLEN], 0);
	NEAR(out[TXF_FEAT_FIRST_POS], 0);
	/* repeated 3-grams count once: aaaa -> {aaa}; aaa -> {aaa} */
	run(m, "aaaa", "aaa", out);
	NEAR(out[TXF_FEAT_CHAR3_JACCARD], 1);
	/* texts of fewer than 3 characters have no 3-gram */
	run(m, "tv", "tv", out);
	NEAR(out[TXF_FEAT_CHAR3_JACCARD], 0);
	/* a g with a combining tilde (U+0303, no precomposed form) is one
	 * character: "ag~b" has one 3-gram, "ag~" none (with code points
	 * it would be 1 / 2) */
	run(m, "ag\xcc\x83" "b", "ag\xcc\x83", out);
	NEAR(out[TXF_FEAT_CHAR3_JACCARD], 0);
	run(m, "ag\xcc\x83" "b", "ag\xcc\x83" "b", out);
	NEAR(out[TXF_FEAT_CHAR3_JACCARD], 1);
	/* "ab c" -> "ab ", "b c"; "abc" -> abc: disjoint */
	run(m, "ab c", "abc", out);
	NEAR(out[TXF_FEAT_CHAR3_JACCARD], 0);
	txf_matcher_free(m);
}
END_TEST

/* txf_match_query() copies the query: its tokens may go away. */
START_TEST(test_query_is_copied)
{
	txf_matcher *m = matcher(NULL);
	double out[TXF_FEAT_COUNT];
	char buf[] = "red shoe";
	txf_str q[2] = { { buf, 3 }, { buf + 4, 4 } };

	ck_assert_int_eq(txf_match_query(m, q, 2), 0);
	memset(buf, 'x', sizeof buf - 1);
	toks td = T("red shoe");
	ck_assert_int_eq(txf_match_listing(m, td.v, td.n, out), 0);
	NEAR(out[TXF_FEAT_MATCHED], 2);
	NEAR(out[TXF_FEAT_PHRASE], 1);
	NEAR(out[TXF_FEAT_CHAR3_JACCARD], 1);
	txf_matcher_free(m);

	/* Before any query: an empty query. */
	m = matcher(NULL);
	ck_assert_int_eq(txf_match_listing(m, td.v, td.n, out), 0);
	NEAR(out[TXF_FEAT_QLEN], 0);
	NEAR(out[TXF_FEAT_DLEN], 2);
	NEAR(out[TXF_FEAT_FIRST_POS], -1);
	txf_matcher_free(m);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Against a brute-force reference on random pairs                     */

/* Terms are single letters a..h; the vocab holds a..e. */
#define NLETTERS 8
static const double ref_idf[NLETTERS] = { 1, 1.5, 2, 2.5, 3, 0, 0, 0 };
static const uint64_t ref_df[NLETTERS] = { 9, 7, 5, 3, 1, 0, 0, 0 };

static void
reference(const char *q, size_t nq, const char *d, size_t nd, double *out)
{
	int inq[NLETTERS] = { 0 }, ind[NLETTERS] = { 0 };
	double qc[NLETTERS] = { 0 }, dc[NLETTERS] = { 0 };
	size_t i, j, k;

	for (i = 0; i < nq; i++)
		inq[q[i] - 'a'] = 1, qc[q[i] - 'a']++;
	for (j = 0; j < nd; j++)
		ind[d[j] - 'a'] = 1, dc[d[j] - 'a']++;
	size_t nQ = 0, nD = 0, both = 0;
	for (k = 0; k < NLETTERS; k++) {
		nQ += inq[k];
		nD += ind[k];
		both += inq[k] && ind[k];
	}
	out[TXF_FEAT_QLEN] = (double)nq;
	out[TXF_FEAT_DLEN] = (double)nd;
	out[TXF_FEAT_MATCHED] = (double)both;
	out[TXF_FEAT_COVERAGE] = nQ ? (double)both / (double)nQ : 0;
	out[TXF_FEAT_JACCARD] = nQ + nD ? (double)both /
	    (double)(nQ + nD - both) : 0;
	out[TXF_FEAT_DICE] = nQ + nD ? 2.0 * (double)both /
	    (double)(nQ + nD) : 0;
	/* dense tf-idf vectors, normalized, dot product */
	double qq = 0, dd = 0, qd = 0;
	for (k = 0; k < NLETTERS; k++) {
		qq += qc[k] * ref_idf[k] * qc[k] * ref_idf[k];
		dd += dc[k] * ref_idf[k] * dc[k] * ref_idf[k];
		qd += qc[k] * ref_idf[k] * dc[k] * ref_idf[k];
	}
	out[TXF_FEAT_COSINE] = qq > 0 && dd > 0 ? qd / sqrt(qq) / sqrt(dd) : 0;
	/* bm25 over the query's tokens one by one; N = 10, avgdl = 4 */
	double s = 0, K = 1.2 * (0.25 + 0.75 * (double)nd / 4);
	for (i = 0; i < nq; i++) {
		double tf = dc[q[i] - 'a'], df = (double)ref_df[q[i] - 'a'];
		if (tf > 0)
			s += log(1 + (10 - df + 0.5) / (df + 0.5)) * tf /
			    (tf + K);
	}
	out[TXF_FEAT_BM25] = s;
	/* phrase and lcs_run by trying every start */
	size_t best = 0;
	int phr = 0;
	for (i = 0; i < nq; i++)
		for (j = 0; j < nd; j++) {
			for (k = 0; i + k < nq && j + k < nd &&
			    q[i + k] == d[j + k]; k++)
				;
			if (k > best)
				best = k;
			if (i == 0 && k == nq && nq > 0)
				phr = 1;
		}
	out[TXF_FEAT_PHRASE] = phr;
	out[TXF_FEAT_LCS_RUN] = (double)best;
	out[TXF_FEAT_FIRST_POS] = -1;
	for (j = 0; j < nd; j++)
		if (inq[d[j] - 'a']) {
			out[TXF_FEAT_FIRST_POS] = (double)j;
			break;
		}
	/* 3-grams of the letters joined by spaces: as strings */
	char qs[200], ds[200];
	size_t ql = 0, dl = 0;
	for (i = 0; i < nq; i++) {
		if (i)
			qs[ql++] = ' ';
		qs[ql++] = q[i];
	}
	for (j = 0; j < nd; j++) {
		if (j)
			ds[dl++] = ' ';
		ds[dl++] = d[j];
	}
	size_t uq = 0, ud = 0, sh = 0;
	for (i = 0; i + 3 <= ql; i++) {
		for (k = 0; k < i && memcmp(qs + k, qs + i, 3); k++)
			;
		if (k < i)
			continue;
		uq++;
		for (k = 0; k + 3 <= dl && memcmp(ds + k, qs + i, 3); k++)
			;
		sh += k + 3 <= dl;
	}
	for (j = 0; j + 3 <= dl; j++) {
		for (k = 0; k < j && memcmp(ds + k, ds + j, 3); k++)
			;
		ud += k == j;
	}
	out[TXF_FEAT_CHAR3_JACCARD] = uq + ud ? (double)sh /
	    (double)(uq + ud - sh) : 0;
}

START_TEST(test_random_against_reference)
{
	txf_vocab *v = vocab_from(
	    "#textfeat-vocab\t1\n#docs\t10\n#tokens\t40\n#idf\tplain\n"
	    "a\t9\t20\t1\nb\t7\t9\t1.5\nc\t5\t5\t2\nd\t3\t3\t2.5\n"
	    "e\t1\t1\t3\n");
	txf_matcher *m = matcher(v);
	char q[40], d[60];
	txf_str tq[40], td[60];
	double got[TXF_FEAT_COUNT], want[TXF_FEAT_COUNT];

	rng_state = 42;
	for (int iter = 0; iter < 4000; iter++) {
		/* a new query now and then; several listings per query */
		size_t nq = (size_t)(rng() % 7);
		int letters = 2 + (int)(rng() % (NLETTERS - 1));
		for (size_t i = 0; i < nq; i++) {
			q[i] = (char)('a' + rng() % (uint64_t)letters);
			tq[i].p = &q[i];
			tq[i].n = 1;
		}
		ck_assert_int_eq(txf_match_query(m, tq, nq), 0);
		for (int l = 0; l < 4; l++) {
			/* listings short and long: the short ones find
			 * their terms without a table (up to 24 tokens) */
			size_t nd = (size_t)(rng() % 60);
			for (size_t j = 0; j < nd; j++) {
				d[j] = (char)('a' + rng() % (uint64_t)letters);
				td[j].p = &d[j];
				td[j].n = 1;
			}
			ck_assert_int_eq(txf_match_listing(m, td, nd, got), 0);
			reference(q, nq, d, nd, want);
			for (int f = 0; f < TXF_FEAT_COUNT; f++)
				ck_assert_msg(fabs(got[f] - want[f]) <= 1e-12 *
				    (1 + fabs(want[f])), "iteration %d: %s = "
				    "%.17g, reference %.17g (query '%.*s', "
				    "listing '%.*s')", iter,
				    txf_feat_name((enum txf_feat)f), got[f],
				    want[f], (int)nq, q, (int)nd, d);
		}
	}
	txf_matcher_free(m);
	txf_vocab_free(v);
}
END_TEST

/* Tokens of one letter each from a string of letters. */
static txf_str *
letter_tokens(const char *s, size_t n)
{
	txf_str *t = malloc((n + 1) * sizeof *t);

	ck_assert_ptr_nonnull(t);
	for (size_t i = 0; i < n; i++) {
		t[i].p = &s[i];
		t[i].n = 1;
	}
	return t;
}

/* lcs_run of queries longer than the dynamic programming takes (their
 * suffix automaton) against the quadratic definition, on random
 * sequences over 1 to 4 letters (repetitive ones make clones). */
START_TEST(test_lcs_run_long_queries)
{
	txf_matchopts o;
	txf_error err = { 0 };
	static char q[400], d[400];
	double out[TXF_FEAT_COUNT];

	txf_matchopts_init(&o, NULL);
	o.feats = TXF_FEAT_BIT(TXF_FEAT_LCS_RUN);
	txf_matcher *m = txf_matcher_new(&o, &err);
	ck_assert_ptr_nonnull(m);
	rng_state = 7;
	for (int iter = 0; iter < 600; iter++) {
		size_t nq = 1 + (size_t)(rng() % 300);
		int letters = 1 + (int)(rng() % 4);
		for (size_t i = 0; i < nq; i++)
			q[i] = (char)('a' + rng() % (uint64_t)letters);
		txf_str *tq = letter_tokens(q, nq);
		ck_assert_int_eq(txf_match_query(m, tq, nq), 0);
		for (int l = 0; l < 3; l++) {
			size_t nd = (size_t)(rng() % 400), best = 0;
			for (size_t j = 0; j < nd; j++)
				d[j] = (char)('a' + rng() % (uint64_t)
				    (letters + 1));
			txf_str *td = letter_tokens(d, nd);
			ck_assert_int_eq(txf_match_listing(m, td, nd, out), 0);
			for (size_t i = 0; i < nq; i++)
				for (size_t j = 0; j < nd; j++) {
					size_t k = 0;
					while (i + k < nq && j + k < nd &&
					    q[i + k] == d[j + k])
						k++;
					if (k > best)
						best = k;
				}
			ck_assert_msg(out[TXF_FEAT_LCS_RUN] == (double)best,
			    "iteration %d: lcs_run %g, expected %zu (query "
			    "'%.*s', listing '%.*s')", iter,
			    out[TXF_FEAT_LCS_RUN], best, (int)nq, q, (int)nd,
			    d);
			free(td);
		}
		free(tq);
	}
	txf_matcher_free(m);
}
END_TEST

/*
 * The bound on a line's work (issue 11: lcs_run took query x listing
 * steps; a 640 KB pair took 26 s): for every shape of query and listing,
 * from one token to 40000, lcs_run's steps stay within a constant times
 * query + listing tokens.  Counted, not timed.
 */
START_TEST(test_lcs_run_linear_work)
{
	enum { N = 40000 };
	static const size_t sizes[] = { 1, 5, 32, 33, 100, 1000, N };
	txf_matchopts o;
	txf_error err = { 0 };
	char *a = malloc(N), *b = malloc(N);
	double out[TXF_FEAT_COUNT];

	ck_assert(a != NULL && b != NULL);
	txf_matchopts_init(&o, NULL);
	o.feats = TXF_FEAT_BIT(TXF_FEAT_LCS_RUN) |
	    TXF_FEAT_BIT(TXF_FEAT_PHRASE);
	txf_matcher *m = txf_matcher_new(&o, &err);
	ck_assert_ptr_nonnull(m);
	/* shapes: one letter repeated (every token matches everywhere),
	 * two letters at random, a period of 3, and "ab...b" */
	for (int shape = 0; shape < 4; shape++) {
		rng_state = 11;
		for (size_t i = 0; i < N; i++) {
			a[i] = shape == 0 ? 'a' : shape == 1 ?
			    (char)('a' + rng() % 2) : shape == 2 ?
			    (char)('a' + i % 3) : i == 0 ? 'a' : 'b';
			b[i] = shape == 1 ? (char)('a' + rng() % 2) : a[i];
		}
		txf_str *ta = letter_tokens(a, N), *tb = letter_tokens(b, N);
		for (size_t x = 0; x < sizeof sizes / sizeof *sizes; x++)
			for (size_t y = 0; y < sizeof sizes / sizeof *sizes;
			    y++) {
				size_t nq = sizes[x], nd = sizes[y];
				ck_assert_int_eq(txf_match(m, ta, nq, tb, nd,
				    out), 0);
				uint64_t steps = txf_matcher_steps(m);
				ck_assert_msg(steps <= 40 * (nq + nd) + 64,
				    "shape %d, query %zu, listing %zu tokens: "
				    "%llu steps", shape, nq, nd,
				    (unsigned long long)steps);
				if (shape == 0)
					ck_assert(out[TXF_FEAT_LCS_RUN] ==
					    (double)(nq < nd ? nq : nd));
			}
		free(ta);
		free(tb);
	}
	txf_matcher_free(m);
	free(a);
	free(b);
}
END_TEST

/* char3_jaccard on random text mixing ASCII and other tokens (grams of
 * more than 8 bytes, combining marks, U+2581, a side all ASCII and one
 * not),
 * against the sets of strings txf_ngrams() gives. */
static size_t
gram_strings(txf_ngen *g, const txf_str *tok, size_t n, char (*out)[64])
{
	txf_tokens t;
	size_t k = 0;

	ck_assert_int_eq(txf_ngrams(g, tok, n, &t), 0);
	for (size_t i = 0; i < t.n; i++) {
		size_t j;
		ck_assert_uint_lt(t.v[i].n, 63);
		for (j = 0; j < k; j++)
			if (strlen(out[j]) == t.v[i].n &&
			    memcmp(out[j], t.v[i].p, t.v[i].n) == 0)
				break;
		if (j == k) {
			memcpy(out[k], t.v[i].p, t.v[i].n);
			out[k++][t.v[i].n] = '\0';
		}
	}
	return k;
}

START_TEST(test_char3_random_unicode)
{
	static const char *const words[] = {
		"ab", "b", "abc", "x", "bookcases", "abcabcabcabcabcab",
		"\xc3\xa9", "a\xcc\x83", "\xe6\x97\xa5",
		"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", "\xf0\x9f\x98\x80",
		"caf\xc3\xa9", "ba",
		/* U+2581, the grams' own space, inside tokens */
		"\xe2\x96\x81", "x\xe2\x96\x81\xe6\x97\xa5"
	};
	const size_t nw = sizeof words / sizeof words[0];
	txf_matchopts o;
	txf_ngopts go;
	txf_error err = { 0 };
	double out[TXF_FEAT_COUNT];
	txf_str q[6], d[10];
	static char qs[400][64], ds[400][64];

	txf_matchopts_init(&o, NULL);
	o.feats = TXF_FEAT_BIT(TXF_FEAT_CHAR3_JACCARD);
	txf_matcher *m = txf_matcher_new(&o, &err);
	txf_ngopts_init(&go);
	go.word_min = go.word_max = 0;
	go.char_min = go.char_max = 3;
	txf_ngen *g = txf_ngen_new(&go, &err);
	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_nonnull(g);
	rng_state = 7;
	for (int iter = 0; iter < 2000; iter++) {
		/* ASCII only now and then, on either side */
		size_t lim = rng() % 3 == 0 ? 6 : nw;
		size_t nq = (size_t)(rng() % 6), nd = (size_t)(rng() % 10);
		for (size_t i = 0; i < nq; i++) {
			const char *w = words[rng() % lim];
			q[i].p = w;
			q[i].n = strlen(w);
		}
		lim = rng() % 3 == 0 ? 6 : nw;
		for (size_t j = 0; j < nd; j++) {
			const char *w = words[rng() % lim];
			d[j].p = w;
			d[j].n = strlen(w);
		}
		ck_assert_int_eq(txf_match(m, q, nq, d, nd, out), 0);
		size_t a = gram_strings(g, q, nq, qs);
		size_t b = gram_strings(g, d, nd, ds), sh = 0;
		for (size_t i = 0; i < a; i++)
			for (size_t j = 0; j < b; j++)
				if (strcmp(qs[i], ds[j]) == 0) {
					sh++;
					break;
				}
		double want = a + b ? (double)sh / (double)(a + b - sh) : 0;
		ck_assert_msg(out[TXF_FEAT_CHAR3_JACCARD] == want,
		    "iteration %d: %.17g, reference %.17g", iter,
		    out[TXF_FEAT_CHAR3_JACCARD], want);
	}
	txf_ngen_free(g);
	txf_matcher_free(m);
}
END_TEST

/* Feature subsets give the same values as the full set. */
START_TEST(test_subsets_agree)
{
	txf_vocab *v = vocab_from(vocab_text);
	txf_matcher *all = matcher(v);
	double full[TXF_FEAT_COUNT], one[TXF_FEAT_COUNT];
	static const char *const q = "red shoe red cheap";
	static const char *const d = "red running shoe shoe blue red shoe";

	run(all, q, d, full);
	for (int f = 0; f < TXF_FEAT_COUNT; f++) {
		txf_matchopts o;
		txf_error err = { 0 };
		txf_matchopts_init(&o, v);
		o.feats = TXF_FEAT_BIT(f);
		txf_matcher *m = txf_matcher_new(&o, &err);
		ck_assert_ptr_nonnull(m);
		run(m, q, d, one);
		for (int g = 0; g < TXF_FEAT_COUNT; g++)
			ck_assert(one[g] == (g == f ? full[f] : 0));
		txf_matcher_free(m);
	}
	txf_matcher_free(all);
	txf_vocab_free(v);
}
END_TEST

Suite *
suite_match(void)
{
	Suite *s = suite_create("match");
	TCase *tc = tcase_create("match");

	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_available_and_options);
	tcase_add_test(tc, test_worked_example);
	tcase_add_test(tc, test_phrase_and_runs);
	tcase_add_test(tc, test_repeated_query_terms);
	tcase_add_test(tc, test_oov);
	tcase_add_test(tc, test_k1_b);
	tcase_add_test(tc, test_empty_and_disjoint);
	tcase_add_test(tc, test_empty_vocab);
	tcase_add_test(tc, test_df_above_n);
	tcase_add_test(tc, test_docs_near_2_64);
	tcase_add_test(tc, test_char3);
	tcase_add_test(tc, test_query_is_copied);
	tcase_add_test(tc, test_random_against_reference);
	tcase_add_test(tc, test_lcs_run_long_queries);
	tcase_add_test(tc, test_lcs_run_linear_work);
	tcase_add_test(tc, test_char3_random_unicode);
	tcase_add_test(tc, test_subsets_agree);
	suite_add_tcase(s, tc);
	return s;
}
