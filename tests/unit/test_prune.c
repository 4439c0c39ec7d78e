/* test_prune.c - pruning as scikit-learn prunes, and the top K
 * (prune.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textfeat.h"
#include "batch.h"
#include "helpers.h"

START_TEST(test_bound_parse)
{
	txf_df_bound b;

	ck_assert_int_eq(txf_df_bound_parse("2", &b), 0);
	ck_assert_int_eq(b.kind, TXF_DF_COUNT);
	ck_assert_uint_eq(b.count, 2);
	ck_assert_int_eq(txf_df_bound_parse("1", &b), 0);
	ck_assert_int_eq(b.kind, TXF_DF_COUNT);
	ck_assert_int_eq(txf_df_bound_parse("18446744073709551615", &b), 0);
	ck_assert_uint_eq(b.count, UINT64_MAX);
	ck_assert_int_eq(txf_df_bound_parse("1.0", &b), 0);
	ck_assert_int_eq(b.kind, TXF_DF_PROP);
	ck_assert(b.prop == 1.0);
	ck_assert_int_eq(txf_df_bound_parse("0.5", &b), 0);
	ck_assert(b.prop == 0.5);
	ck_assert_int_eq(txf_df_bound_parse(".25", &b), 0);
	ck_assert(b.prop == 0.25);
	ck_assert_int_eq(txf_df_bound_parse("1.", &b), 0);
	ck_assert(b.prop == 1.0);
	ck_assert_int_eq(txf_df_bound_parse("0.0", &b), 0);
	ck_assert(b.prop == 0.0);
	ck_assert_int_eq(txf_df_bound_parse("2.5e-3", &b), 0);
	ck_assert(b.prop == 2.5e-3);

	ck_assert_int_eq(txf_df_bound_parse("0", &b), TXF_ERANGE);
	ck_assert_int_eq(txf_df_bound_parse("00", &b), TXF_ERANGE);
	ck_assert_int_eq(txf_df_bound_parse("18446744073709551616", &b),
	    TXF_ERANGE);
	ck_assert_int_eq(txf_df_bound_parse("1.5", &b), TXF_ERANGE);
	ck_assert_int_eq(txf_df_bound_parse("1.0e1", &b), TXF_ERANGE);
	ck_assert_int_eq(txf_df_bound_parse("", &b), TXF_EINVAL);
	ck_assert_int_eq(txf_df_bound_parse(".", &b), TXF_EINVAL);
	ck_assert_int_eq(txf_df_bound_parse("-1", &b), TXF_EINVAL);
	ck_assert_int_eq(txf_df_bound_parse("+1", &b), TXF_EINVAL);
	ck_assert_int_eq(txf_df_bound_parse("1e3", &b), TXF_EINVAL);
	ck_assert_int_eq(txf_df_bound_parse("0.5x", &b), TXF_EINVAL);
	ck_assert_int_eq(txf_df_bound_parse("0.5.1", &b), TXF_EINVAL);
	ck_assert_int_eq(txf_df_bound_parse(" 2", &b), TXF_EINVAL);
	ck_assert_int_eq(txf_df_bound_parse("0x1p-1", &b), TXF_EINVAL);
	ck_assert_int_eq(txf_df_bound_parse("nan", &b), TXF_EINVAL);
	ck_assert_int_eq(txf_df_bound_parse("1,5", &b), TXF_EINVAL);
}
END_TEST

static void
expect_describe(const char *min, const char *max, uint64_t k,
                const char *want)
{
	txf_prune_opts o;
	txf_buf b = { 0 };

	memset(&o, 0, sizeof o);
	if (min != NULL)
		ck_assert_int_eq(txf_df_bound_parse(min, &o.min_df), 0);
	if (max != NULL)
		ck_assert_int_eq(txf_df_bound_parse(max, &o.max_df), 0);
	o.max_features = k;
	ck_assert_int_eq(txf_prune_describe(&o, &b), 0);
	txf_buf_add(&b, "", 1);
	ck_assert_str_eq(b.p, want);
	txf_buf_free(&b);
}

START_TEST(test_describe)
{
	expect_describe(NULL, NULL, 0, "none");
	expect_describe("2", NULL, 0, "min-df=2");
	expect_describe("2", "0.5", 10, "max-df=0.5 min-df=2 max-features=10");
	expect_describe(NULL, "1.0", 0, "max-df=1.0");
	expect_describe(NULL, "1.", 0, "max-df=1.0");
	expect_describe("0.1", NULL, 0, "min-df=0.1");
	expect_describe("0.10", NULL, 0, "min-df=0.1");
	expect_describe("0.0", NULL, 0, "min-df=0.0");
	expect_describe("0.3333333333333333", NULL, 0,
	    "min-df=0.3333333333333333");
	expect_describe("0.00001", NULL, 0, "min-df=1.0e-05");
	expect_describe("0.000015", NULL, 0, "min-df=1.5e-05");
	expect_describe(NULL, NULL, 18446744073709551615u,
	    "max-features=18446744073709551615");
}
END_TEST

/* Prune rows; returns "term df cf" lines of what is kept and the stats. */
static char *
prune_rows(const txf_prune_opts *o, uint64_t ndocs, size_t mem,
           const char **term, const uint64_t *df, const uint64_t *cf,
           size_t n, txf_prune_stats *st)
{
	int err = 0, rc;
	txf_pruner *p = txf_pruner_new(o, ndocs, NULL, mem, &err);
	txf_buf b = { 0 };
	char num[64];
	txf_str t;
	uint64_t d, c;

	ck_assert_ptr_nonnull(p);
	for (size_t i = 0; i < n; i++) {
		rc = txf_pruner_add(p, term[i], strlen(term[i]), df[i], cf[i]);
		ck_assert_int_ge(rc, 0);
		if (rc > 0) {
			snprintf(num, sizeof num, "%s %llu %llu\n", term[i],
			    (unsigned long long)df[i],
			    (unsigned long long)cf[i]);
			txf_buf_add(&b, num, strlen(num));
		}
	}
	while ((rc = txf_pruner_next(p, &t, &d, &c)) > 0) {
		txf_buf_add(&b, t.p, t.n);
		snprintf(num, sizeof num, " %llu %llu\n",
		    (unsigned long long)d, (unsigned long long)c);
		txf_buf_add(&b, num, strlen(num));
	}
	ck_assert_int_eq(rc, 0);
	txf_pruner_stats(p, st);
	txf_pruner_free(p);
	txf_buf_add(&b, "", 1);
	return b.p;
}

static const char *terms10[] = { "a", "b", "c", "d", "e", "f", "g", "h",
	"i", "j" };
static const uint64_t df10[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
static const uint64_t cf10[] = { 5, 2, 9, 4, 9, 6, 9, 8, 9, 10 };

START_TEST(test_df_bounds)
{
	txf_prune_opts o;
	txf_prune_stats st;
	char *rows;

	/* 10 documents: max_df=0.5 is 5.0 (df 5 stays), min_df=0.25 is 2.5
	 * (df 2 goes, 3 stays), as scikit-learn compares unrounded. */
	memset(&o, 0, sizeof o);
	txf_df_bound_parse("0.25", &o.min_df);
	txf_df_bound_parse("0.5", &o.max_df);
	rows = prune_rows(&o, 10, 0, terms10, df10, cf10, 10, &st);
	ck_assert_str_eq(rows, "c 3 9\nd 4 4\ne 5 9\n");
	ck_assert_uint_eq(st.seen, 10);
	ck_assert_uint_eq(st.max_df, 5);
	ck_assert_uint_eq(st.min_df, 2);
	ck_assert_uint_eq(st.kept, 3);
	ck_assert(st.max_docs == 5.0 && st.min_docs == 2.5);
	free(rows);

	/* Counts: min_df=3 keeps df 3, max_df=9 keeps 9. */
	memset(&o, 0, sizeof o);
	txf_df_bound_parse("3", &o.min_df);
	txf_df_bound_parse("9", &o.max_df);
	rows = prune_rows(&o, 10, 0, terms10, df10, cf10, 10, &st);
	ck_assert_str_eq(rows, "c 3 9\nd 4 4\ne 5 9\nf 6 6\ng 7 9\nh 8 8\n"
	    "i 9 9\n");
	free(rows);

	/* 25 documents: 0.28 * 25 is 7.000000000000001 in doubles, so
	 * min_df=0.28 drops df 7 and max_df=0.28 keeps it. */
	static const char *t3[] = { "a", "b", "c" };
	static const uint64_t d3[] = { 6, 7, 8 };
	memset(&o, 0, sizeof o);
	txf_df_bound_parse("0.28", &o.min_df);
	rows = prune_rows(&o, 25, 0, t3, d3, d3, 3, &st);
	ck_assert_str_eq(rows, "c 8 8\n");
	free(rows);
	memset(&o, 0, sizeof o);
	txf_df_bound_parse("0.28", &o.max_df);
	rows = prune_rows(&o, 25, 0, t3, d3, d3, 3, &st);
	ck_assert_str_eq(rows, "a 6 6\nb 7 7\n");
	free(rows);
}
END_TEST

START_TEST(test_bounds_conflict)
{
	txf_prune_opts o;
	int err = 0;

	/* scikit-learn: "max_df corresponds to < documents than min_df". */
	memset(&o, 0, sizeof o);
	txf_df_bound_parse("0.1", &o.max_df);
	txf_df_bound_parse("2", &o.min_df);
	ck_assert_ptr_null(txf_pruner_new(&o, 10, NULL, 0, &err));
	ck_assert_int_eq(err, TXF_EINVAL);
	/* With the default min_df = 1: max_df=0.5 of 1 document. */
	memset(&o, 0, sizeof o);
	txf_df_bound_parse("0.5", &o.max_df);
	ck_assert_ptr_null(txf_pruner_new(&o, 1, NULL, 0, &err));
	txf_pruner *p = txf_pruner_new(&o, 2, NULL, 0, &err);
	ck_assert_ptr_nonnull(p);
	txf_pruner_free(p);
	/* No documents: nothing to prune, no error. */
	p = txf_pruner_new(&o, 0, NULL, 0, &err);
	ck_assert_ptr_nonnull(p);
	txf_pruner_free(p);
	/* Without bounds there is no check. */
	memset(&o, 0, sizeof o);
	o.max_features = 3;
	p = txf_pruner_new(&o, 0, NULL, 0, &err);
	ck_assert_ptr_nonnull(p);
	txf_pruner_free(p);
}
END_TEST

START_TEST(test_max_features_ties)
{
	txf_prune_opts o;
	txf_prune_stats st;
	char *rows;

	/* cf: a5 b2 c9 d4 e9 f6 g9 h8 i9 j10: the top 3 are j (10) and the
	 * first two of the four 9s in term order, c and e. */
	memset(&o, 0, sizeof o);
	o.max_features = 3;
	rows = prune_rows(&o, 10, 0, terms10, df10, cf10, 10, &st);
	ck_assert_str_eq(rows, "c 3 9\ne 5 9\nj 10 10\n");
	ck_assert_uint_eq(st.max_features, 7);
	ck_assert_uint_eq(st.kept, 3);
	free(rows);
	/* All four 9s and j. */
	o.max_features = 5;
	rows = prune_rows(&o, 10, 0, terms10, df10, cf10, 10, &st);
	ck_assert_str_eq(rows, "c 3 9\ne 5 9\ng 7 9\ni 9 9\nj 10 10\n");
	free(rows);
	/* As many as there are, or more: all kept. */
	o.max_features = 10;
	rows = prune_rows(&o, 10, 0, terms10, df10, cf10, 10, &st);
	ck_assert_uint_eq(st.kept, 10);
	ck_assert_uint_eq(st.max_features, 0);
	free(rows);
	/* After the df bounds: of c..i (min_df=3, max_df=9), the top 2 by
	 * cf are c and e. */
	memset(&o, 0, sizeof o);
	txf_df_bound_parse("3", &o.min_df);
	txf_df_bound_parse("9", &o.max_df);
	o.max_features = 2;
	rows = prune_rows(&o, 10, 0, terms10, df10, cf10, 10, &st);
	ck_assert_str_eq(rows, "c 3 9\ne 5 9\n");
	ck_assert_uint_eq(st.min_df, 2);
	ck_assert_uint_eq(st.max_df, 1);
	ck_assert_uint_eq(st.passed, 7);
	ck_assert_uint_eq(st.max_features, 5);
	free(rows);
}
END_TEST

/* Reference for max_features: sort by cf descending, ties by term; keep
 * k; then back in term order. */
struct row {
	char term[16];
	uint64_t df, cf;
};

static int
by_cf_desc(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->cf != y->cf)
		return x->cf > y->cf ? -1 : 1;
	return strcmp(x->term, y->term);
}

static int
by_term(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->term,
	    ((const struct row *)b)->term);
}

START_TEST(test_max_features_random)
{
	const size_t n = 30000;
	struct row *r = calloc(n, sizeof *r);
	const char **term = calloc(n, sizeof *term);
	uint64_t *df = calloc(n, sizeof *df), *cf = calloc(n, sizeof *cf);
	static const size_t ks[] = { 1, 7, 1000, 29999, 30000 };
	static const size_t mems[] = { 0, 100000, SIZE_MAX };

	rng_state = 99;
	for (size_t i = 0; i < n; i++) {
		snprintf(r[i].term, sizeof r[i].term, "t%06zu", i);
		r[i].df = 1 + rng() % 50;
		r[i].cf = r[i].df + rng() % 20;
		term[i] = r[i].term;
		df[i] = r[i].df;
		cf[i] = r[i].cf;
	}
	for (size_t a = 0; a < sizeof ks / sizeof *ks; a++) {
		struct row *s = malloc(n * sizeof *s);
		memcpy(s, r, n * sizeof *s);
		qsort(s, n, sizeof *s, by_cf_desc);
		qsort(s, ks[a], sizeof *s, by_term);
		txf_buf want = { 0 };
		char line[64];
		for (size_t i = 0; i < ks[a]; i++) {
			snprintf(line, sizeof line, "%s %llu %llu\n", s[i].term,
			    (unsigned long long)s[i].df,
			    (unsigned long long)s[i].cf);
			txf_buf_add(&want, line, strlen(line));
		}
		txf_buf_add(&want, "", 1);
		for (size_t b = 0; b < sizeof mems / sizeof *mems; b++) {
			txf_prune_opts o;
			txf_prune_stats st;
			memset(&o, 0, sizeof o);
			o.max_features = ks[a];
			char *got = prune_rows(&o, 50, mems[b], term, df, cf, n,
			    &st);
			ck_assert_msg(strcmp(got, want.p) == 0,
			    "max_features %zu, memory %zu", ks[a], mems[b]);
			ck_assert_uint_eq(st.kept, ks[a]);
			ck_assert_uint_eq(st.max_features, n - ks[a]);
			free(got);
		}
		txf_buf_free(&want);
		free(s);
	}
	free(r);
	free(term);
	free(df);
	free(cf);
}
END_TEST

START_TEST(test_top)
{
	const size_t n = 5000;
	struct row *r = calloc(n, sizeof *r);
	static const size_t ks[] = { 1, 3, 10, 600, 5000, 9000 };

	rng_state = 5;
	for (size_t i = 0; i < n; i++) {
		snprintf(r[i].term, sizeof r[i].term, "w%05zu", (i * 7919) % n);
		r[i].df = 1 + rng() % 30;
		r[i].cf = r[i].df + rng() % 3;
	}
	for (int by_cf = 0; by_cf < 2; by_cf++) {
		for (size_t a = 0; a < sizeof ks / sizeof *ks; a++) {
			txf_top *t = txf_top_new(ks[a], by_cf);
			size_t got;
			for (size_t i = 0; i < n; i++)
				ck_assert_int_eq(txf_top_add(t, r[i].term,
				    strlen(r[i].term), r[i].df, r[i].cf), 0);
			if (ks[a] >= n)
				ck_assert_int_eq(txf_top_add(t, r[0].term,
				    strlen(r[0].term), 1, 1), TXF_EINVAL);
			ck_assert_int_eq(txf_top_finish(t, &got), 0);
			ck_assert_uint_eq(got, ks[a] < n ? ks[a] : n);
			struct row *s = malloc(n * sizeof *s);
			memcpy(s, r, n * sizeof *s);
			if (!by_cf)
				for (size_t i = 0; i < n; i++)
					s[i].cf = s[i].df;
			qsort(s, n, sizeof *s, by_cf_desc);
			for (size_t i = 0; i < got; i++) {
				txf_str term;
				uint64_t df, cf;
				txf_top_row(t, i, &term, &df, &cf);
				ck_assert(term.n == strlen(s[i].term) &&
				    memcmp(term.p, s[i].term, term.n) == 0);
				ck_assert_uint_eq(by_cf ? cf : df, s[i].cf);
			}
			free(s);
			txf_top_free(t);
		}
	}
	free(r);
}
END_TEST

Suite *
suite_prune(void)
{
	Suite *s = suite_create("prune");
	TCase *tc = tcase_create("options");

	tcase_add_test(tc, test_bound_parse);
	tcase_add_test(tc, test_describe);
	suite_add_tcase(s, tc);

	tc = tcase_create("pruner");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_df_bounds);
	tcase_add_test(tc, test_bounds_conflict);
	tcase_add_test(tc, test_max_features_ties);
	tcase_add_test(tc, test_max_features_random);
	tcase_add_test(tc, test_top);
	suite_add_tcase(s, tc);
	return s;
}
