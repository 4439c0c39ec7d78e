/* test_vocab.c - vocab files (vocab.c): idf, the header and rows written,
 * the streaming reader and its errors, the loaded vocab. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "textfeat.h"
#include "batch.h"
#include "vecfit.h"
#include "helpers.h"

/* A temporary file holding text, at offset 0. */
static int
file_with(const char *text)
{
	return temp_fd(text, strlen(text));
}

#define HEAD "#textfeat-vocab\t1\n#docs\t4\n#tokens\t9\n#analysis\t\n" \
	"#pruning\tnone\n#idf\tnone\n"

/* Open text as a vocab, expecting a failure with this message and line. */
static void
expect_open_error(const char *text, const char *msg, uint64_t line)
{
	txf_error err;
	int fd = file_with(text);
	txf_vocab_reader *r = txf_vocab_open(fd, &err);

	ck_assert_ptr_null(r);
	ck_assert_int_eq(err.code, TXF_EFORMAT);
	ck_assert_str_eq(err.msg, msg);
	ck_assert_uint_eq(err.line, line);
	close(fd);
}

/* Read every row of text; expect a row error with msg on line. */
static void
expect_row_error(const char *text, const char *msg, uint64_t line)
{
	uint64_t df, cf;
	double idf;
	txf_str t;
	txf_error err;
	int rc, fd = file_with(text);
	txf_vocab_reader *r = txf_vocab_open(fd, &err);

	ck_assert_ptr_nonnull(r);
	while ((rc = txf_vocab_next(r, &t, &df, &cf, &idf, &err)) > 0)
		;
	ck_assert_int_eq(rc, TXF_EFORMAT);
	ck_assert_int_eq(err.code, TXF_EFORMAT);
	ck_assert_str_eq(err.msg, msg);
	ck_assert_uint_eq(err.line, line);
	txf_vocab_close(r);
	close(fd);
}

START_TEST(test_idf_values)
{
	/* scikit-learn: smooth ln((1+N)/(1+df))+1, plain ln(N/df)+1. */
	ck_assert(txf_idf(TXF_IDF_SMOOTH, 4, 1) == log(5.0 / 2.0) + 1.0);
	ck_assert(txf_idf(TXF_IDF_SMOOTH, 4, 4) == 1.0);
	ck_assert(txf_idf(TXF_IDF_PLAIN, 4, 2) == log(2.0) + 1.0);
	ck_assert(txf_idf(TXF_IDF_PLAIN, 4, 4) == 1.0);
	/* Lucene's BM25: ln(1 + (N - df + 0.5) / (df + 0.5)). */
	ck_assert(txf_idf(TXF_IDF_BM25, 4, 1) == log(1.0 + 3.5 / 1.5));
	ck_assert(txf_idf(TXF_IDF_BM25, 10, 10) == log(1.0 + 0.5 / 10.5));
	ck_assert(txf_idf(TXF_IDF_NONE, 10, 1) == 0.0);
}
END_TEST

START_TEST(test_idf_names)
{
	ck_assert_str_eq(txf_idf_name(TXF_IDF_NONE), "none");
	ck_assert_str_eq(txf_idf_name(TXF_IDF_SMOOTH), "smooth");
	ck_assert_str_eq(txf_idf_name(TXF_IDF_PLAIN), "plain");
	ck_assert_str_eq(txf_idf_name(TXF_IDF_BM25), "bm25");
	ck_assert_int_eq(txf_idf_parse("bm25"), TXF_IDF_BM25);
	ck_assert_int_eq(txf_idf_parse("smooth"), TXF_IDF_SMOOTH);
	ck_assert_int_eq(txf_idf_parse("Smooth"), TXF_EINVAL);
	ck_assert_int_eq(txf_idf_parse(""), TXF_EINVAL);
}
END_TEST

START_TEST(test_format_header_and_rows)
{
	txf_buf b = { 0 };
	txf_vocab_header h = { 12, 345, (char *)"mode=word\tx", NULL,
	    TXF_IDF_SMOOTH };

	ck_assert_int_eq(txf_vocab_format_header(&h, &b), 0);
	ck_assert_int_eq(txf_vocab_format_row("a\tb\\", 4, 3, 7,
	    TXF_IDF_SMOOTH, 1.5, &b), 0);
	ck_assert_int_eq(txf_vocab_format_row("#x", 2, 1, 1, TXF_IDF_SMOOTH,
	    0.1, &b), 0);
	ck_assert_int_eq(txf_vocab_format_row("z", 1, 18446744073709551615u,
	    18446744073709551615u, TXF_IDF_NONE, 9, &b), 0);
	ck_assert_int_eq(txf_buf_add(&b, "", 1), 0);
	ck_assert_str_eq(b.p, "#textfeat-vocab\t1\n#docs\t12\n#tokens\t345\n"
	    "#analysis\tmode=word\\tx\n#pruning\tnone\n#idf\tsmooth\n"
	    "a\\tb\\\\\t3\t7\t1.5\n"
	    "#x\t1\t1\t0.10000000000000001\n"
	    "z\t18446744073709551615\t18446744073709551615\n");
	txf_buf_free(&b);
}
END_TEST

/* A vocab made by rows into room reserved: txf_vocab_rows_text() in
 * two ranges gives the rows' text as txf_vocab_format_row() does and
 * fills the df and idf columns, which txf_vocab_end_rows() keeps; a
 * range that does not start where the columns end gives the text only;
 * without rows_text, end_rows fills them. */
START_TEST(test_rows_text_columns)
{
	txf_vocab_header h = { 100, 1000, NULL, NULL, TXF_IDF_SMOOTH };
	static const char *terms[] = { "a", "b\\tc", "d", "e", "f" };

	for (int pass = 0; pass < 2; pass++) {
		txf_vocab *v = txf_vocab_new_rows(&h);
		txf_buf got = { 0 }, want = { 0 };
		ck_assert_ptr_nonnull(v);
		ck_assert_int_eq(txf_vocab_reserve_rows(v, 8, 64), 0);
		for (size_t i = 0; i < 5; i++) {
			txf_str t = { terms[i], strlen(terms[i]) };
			double idf = txf_idf(TXF_IDF_SMOOTH, 100, i + 1);
			ck_assert_int_eq(txf_vocab_add_row(v, t, i + 1,
			    10 * i, idf), 0);
			ck_assert_int_eq(txf_vocab_format_row(t.p, t.n, i + 1,
			    10 * i, TXF_IDF_SMOOTH, idf, &want), 0);
		}
		if (pass == 0) {
			ck_assert_int_eq(txf_vocab_rows_text(v, 0, 2,
			    TXF_IDF_SMOOTH, &got), 0);
			ck_assert_int_eq(txf_vocab_rows_text(v, 2, 5,
			    TXF_IDF_SMOOTH, &got), 0);
			ck_assert(same(got.p, got.n, want.p, want.n));
			/* not from row 0 again: text only */
			got.n = 0;
			ck_assert_int_eq(txf_vocab_rows_text(v, 0, 1,
			    TXF_IDF_SMOOTH, &got), 0);
			ck_assert_uint_lt(got.n, want.n);
			ck_assert(same(got.p, got.n, want.p, got.n));
		}
		ck_assert_int_eq(txf_vocab_end_rows(v, 0), 0);
		for (size_t i = 0; i < 5; i++) {
			ck_assert_uint_eq(txf_vocab_df(v, i), i + 1);
			ck_assert(txf_vocab_idf(v, i) ==
			    txf_idf(TXF_IDF_SMOOTH, 100, i + 1));
		}
		txf_buf_free(&got);
		txf_buf_free(&want);
		txf_vocab_free(v);
	}
}
END_TEST

/* Every idf written reads back to the same double. */
START_TEST(test_idf_round_trip)
{
	txf_buf b = { 0 };
	txf_vocab_header h = { 1000000, 1, NULL, (char *)"min-df=2",
	    TXF_IDF_PLAIN };
	char term[16];

	ck_assert_int_eq(txf_vocab_format_header(&h, &b), 0);
	for (int i = 0; i < 2000; i++) {
		snprintf(term, sizeof term, "t%05d", i);
		double v = txf_idf(i % 2 ? TXF_IDF_PLAIN : TXF_IDF_SMOOTH,
		    1000000, (uint64_t)(i * 487 % 1000000 + 1));
		ck_assert_int_eq(txf_vocab_format_row(term, 6, 1, 1,
		    TXF_IDF_PLAIN, v, &b), 0);
	}
	ck_assert_int_eq(txf_buf_add(&b, "", 1), 0);
	int fd = file_with(b.p);
	txf_error err;
	uint64_t df, cf;
	double idf;
	txf_str t;
	txf_vocab_reader *r = txf_vocab_open(fd, &err);
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(txf_vocab_reader_header(r)->pruning, "min-df=2");
	ck_assert_str_eq(txf_vocab_reader_header(r)->analysis, "");
	for (int i = 0; i < 2000; i++) {
		ck_assert_int_eq(txf_vocab_next(r, &t, &df, &cf, &idf, &err), 1);
		double v = txf_idf(i % 2 ? TXF_IDF_PLAIN : TXF_IDF_SMOOTH,
		    1000000, (uint64_t)(i * 487 % 1000000 + 1));
		ck_assert(idf == v);
	}
	ck_assert_int_eq(txf_vocab_next(r, &t, &df, &cf, &idf, &err), 0);
	txf_vocab_close(r);
	close(fd);
	txf_buf_free(&b);
}
END_TEST

/* Rows whose idf is the header's formula (read without strtod(), the
 * value of a df remembered) give that value exactly, also for dfs that
 * take turns in the memory and for a row that differs from the formula
 * in one digit. */
START_TEST(test_idf_formula_rows)
{
	static const uint64_t dfs[] = { 1, 257, 1, 513, 257, 2, 1, 769 };
	txf_buf b = { 0 };
	txf_vocab_header h = { 1000, 1, NULL, (char *)"none", TXF_IDF_SMOOTH };
	char term[16];
	size_t n = sizeof dfs / sizeof dfs[0];

	ck_assert_int_eq(txf_vocab_format_header(&h, &b), 0);
	for (size_t i = 0; i < n; i++) {
		snprintf(term, sizeof term, "t%02zu", i);
		ck_assert_int_eq(txf_vocab_format_row(term, 3, dfs[i], dfs[i],
		    TXF_IDF_SMOOTH, txf_idf(TXF_IDF_SMOOTH, 1000, dfs[i]),
		    &b), 0);
	}
	/* one more row of df 1 whose idf is the formula's but for its
	 * last digit */
	char num[TXF_NUM_MAX];
	size_t k = txf_fmt_num(txf_idf(TXF_IDF_SMOOTH, 1000, 1), 17, num);
	num[k - 1] = num[k - 1] == '1' ? '2' : '1';
	txf_buf_add(&b, "t99\t1\t1\t", 8);
	txf_buf_add(&b, num, k);
	txf_buf_add(&b, "\n", 2);   /* the newline and a NUL */
	int fd = file_with(b.p);
	txf_error err;
	uint64_t df, cf;
	double idf;
	txf_str t;
	txf_vocab_reader *r = txf_vocab_open(fd, &err);
	ck_assert_ptr_nonnull(r);
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_eq(txf_vocab_next(r, &t, &df, &cf, &idf, &err), 1);
		ck_assert_uint_eq(df, dfs[i]);
		ck_assert(idf == txf_idf(TXF_IDF_SMOOTH, 1000, dfs[i]));
	}
	int rc = txf_vocab_next(r, &t, &df, &cf, &idf, &err);
	ck_assert_msg(rc == 1, "%d %s", rc, err.msg);
	ck_assert(idf == strtod(num, NULL));
	ck_assert(idf != txf_idf(TXF_IDF_SMOOTH, 1000, 1));
	txf_vocab_close(r);
	close(fd);
	txf_buf_free(&b);
}
END_TEST

START_TEST(test_read_good)
{
	const char *text = "#textfeat-vocab\t1\n#docs\t4\n"
	    "#tokens\t9\n#analysis\ta\\tb\n#pruning\tnone\n#idf\tbm25\n"
	    "#hash\t2\t3\t0.5\n"
	    "a\\tb\t1\t2\t-0.25\n"
	    "caf\xc3\xa9\t4\t4\t1e-3\n";
	int fd = file_with(text);
	txf_error err;
	uint64_t df, cf;
	double idf;
	txf_str t;
	txf_vocab_reader *r = txf_vocab_open(fd, &err);

	ck_assert_ptr_nonnull(r);
	const txf_vocab_header *h = txf_vocab_reader_header(r);
	ck_assert_uint_eq(h->docs, 4);
	ck_assert_uint_eq(h->tokens, 9);
	ck_assert_str_eq(h->analysis, "a\tb");
	ck_assert_str_eq(h->pruning, "none");
	ck_assert_int_eq(h->idf, TXF_IDF_BM25);
	/* A term may start with '#': the header ended at #idf. */
	ck_assert_int_eq(txf_vocab_next(r, &t, &df, &cf, &idf, &err), 1);
	ck_assert(t.n == 5 && memcmp(t.p, "#hash", 5) == 0);
	ck_assert_uint_eq(df, 2);
	ck_assert_uint_eq(cf, 3);
	ck_assert(idf == 0.5);
	ck_assert_uint_eq(txf_vocab_lineno(r), 7);
	ck_assert_int_eq(txf_vocab_next(r, &t, &df, &cf, &idf, &err), 1);
	ck_assert(t.n == 3 && memcmp(t.p, "a\tb", 3) == 0);
	ck_assert(idf == -0.25);
	ck_assert_int_eq(txf_vocab_next(r, &t, &df, &cf, &idf, &err), 1);
	ck_assert(t.n == 5 && memcmp(t.p, "caf\xc3\xa9", 5) == 0);
	ck_assert(idf == 1e-3);
	ck_assert_int_eq(txf_vocab_next(r, &t, &df, &cf, &idf, &err), 0);
	ck_assert_int_eq(txf_vocab_next(r, &t, &df, &cf, &idf, &err), 0);
	txf_vocab_close(r);
	close(fd);
}
END_TEST

START_TEST(test_read_header_errors)
{
	expect_open_error("", "not a textfeat vocab (no '#textfeat-vocab' "
	    "header line)", 1);
	expect_open_error("a\t1\t1\n", "not a textfeat vocab (no "
	    "'#textfeat-vocab' header line)", 1);
	expect_open_error("#textfeat-vocab\t2\n#docs\t1\n", "unsupported "
	    "vocab version '2'", 1);
	expect_open_error("#textfeat-vocab\t10\n", "unsupported vocab "
	    "version '10'", 1);
	expect_open_error("#textfeat-vocab\t1\n#docs\t1\n#tokens\t1\n"
	    "a\t1\t1\n", "vocab header lacks #idf", 4);
	expect_open_error("#textfeat-vocab\t1\n#tokens\t1\n#idf\tnone\n",
	    "vocab header lacks #docs", 3);
	expect_open_error("#textfeat-vocab\t1\n#docs\t1\n#idf\tnone\n",
	    "vocab header lacks #tokens", 3);
	expect_open_error("#textfeat-vocab\t1\n#docs\tx1\n#tokens\t1\n"
	    "#idf\tnone\n", "bad number in #docs header", 2);
	expect_open_error("#textfeat-vocab\t1\n#docs\t1\n#tokens\t1\n"
	    "#idf\ttfidf\n", "unknown idf kind 'tfidf'", 4);
	expect_open_error("#textfeat-vocab\t1\n#docs\t1\n#tokens\t1\n"
	    "#idf\tnone", "truncated header line", 4);
	/* One set of rules for every reader (issue 11): unknown, repeated
	 * and out-of-range header keys are refused, never skipped, let win
	 * or cast. */
	expect_open_error("#textfeat-vocab\t1\n#future\tkey\n#docs\t1\n"
	    "#tokens\t1\n#idf\tnone\n", "unknown vocab header key "
	    "'#future'", 2);
	expect_open_error("#textfeat-vocab\t1\n#docs\t1\n#\n", "unknown "
	    "vocab header key '#'", 3);
	expect_open_error("#textfeat-vocab\t1\n#docs\n", "vocab header "
	    "#docs has no value", 2);
	expect_open_error("#textfeat-vocab\t1\n#docs\t1\n#tokens\t1\n"
	    "#docs\t7\n#idf\tnone\n", "repeated vocab header #docs", 4);
	expect_open_error("#textfeat-vocab\t1\n#analysis\ta\n#analysis\tb\n",
	    "repeated vocab header #analysis", 3);
	expect_open_error("#textfeat-vocab\t1\n#docs\t18446744073709551616\n",
	    "number out of range (above 2^64 - 1) in #docs header", 2);
	expect_open_error("#textfeat-vocab\t1\n#docs\t1\n#tokens\t-1\n",
	    "bad number in #tokens header", 3);
	expect_open_error("#textfeat-vocab\t1\n#docs\t1e3\n",
	    "bad number in #docs header", 2);
}
END_TEST

START_TEST(test_read_row_errors)
{
	expect_row_error(HEAD "b\t1\t1\na\t1\t1\n", "vocab rows out of order "
	    "(not sorted by term bytes)", 8);
	expect_row_error(HEAD "a\t1\t1\nab\t1\t1\nab\t1\t1\n",
	    "repeated term in vocab", 9);
	/* Compared unescaped: "a\t" (TAB) sorts before "a0" and "a\\". */
	expect_row_error(HEAD "a0\t1\t1\na\\t\t1\t1\n", "vocab rows out of "
	    "order (not sorted by term bytes)", 8);
	expect_row_error(HEAD "a\t1\t1\nb\t1\t1", "truncated vocab: the last "
	    "line has no newline", 8);
	expect_row_error(HEAD "a\t1\n", "expected 3 columns in a vocab row, "
	    "found 2", 7);
	expect_row_error(HEAD "a\t1\t1\t0.5\n", "expected 3 columns in a "
	    "vocab row, found 4", 7);
	expect_row_error(HEAD "a\t1\tx\n", "bad count in a vocab row", 7);
	expect_row_error(HEAD "a\t-1\t1\n", "bad count in a vocab row", 7);
	expect_row_error(HEAD "a\t18446744073709551616\t1\n", "count out of "
	    "range in a vocab row (above 2^64 - 1)", 7);
	/* df and cf bounds (issue 11: vectorize -V and match -V took what
	 * vocab --merge refused). */
	expect_row_error(HEAD "a\t0\t1\n", "a vocab row with df 0", 7);
	expect_row_error(HEAD "a\t2\t1\n", "a vocab row whose df is above "
	    "its cf", 7);
	expect_row_error(HEAD "a\t1\t1\nb\t5\t5\n", "a vocab row whose df is "
	    "above the header's #docs", 8);
	/* Number syntax: decimal only (strtod() would take these). */
	static const char *const bad_idf[] = { "0x1p3", "0X1P-2", "inf",
	    "-inf", "nan", "+1", "1.", "-", ".", "1e", "1e+", " 1", "1 ",
	    "0x10", "1,5", "" };
	for (size_t i = 0; i < sizeof bad_idf / sizeof *bad_idf; i++) {
		char text[200];
		snprintf(text, sizeof text, "#textfeat-vocab\t1\n#docs\t4\n"
		    "#tokens\t9\n#idf\tplain\na\t1\t1\t%s\n", bad_idf[i]);
		if (strcmp(bad_idf[i], "1.") == 0)
			continue;   /* "1." is decimal: digits, a point */
		expect_row_error(text, "bad idf in a vocab row", 5);
	}
	expect_row_error(HEAD "\t1\t1\n", "empty term in a vocab row", 7);
	expect_row_error(HEAD "\xff\t1\t1\n", "invalid UTF-8 in a vocab row",
	    7);
	expect_row_error("#textfeat-vocab\t1\n#docs\t4\n#tokens\t9\n"
	    "#idf\tplain\na\t1\t1\tnan\n", "bad idf in a vocab row", 5);
	expect_row_error("#textfeat-vocab\t1\n#docs\t4\n#tokens\t9\n"
	    "#idf\tplain\na\t1\t1\t 1\n", "bad idf in a vocab row", 5);
	expect_row_error("#textfeat-vocab\t1\n#docs\t4\n#tokens\t9\n"
	    "#idf\tplain\na\t1\t1\t1x\n", "bad idf in a vocab row", 5);
}
END_TEST

START_TEST(test_load)
{
	char dir[] = "/tmp/test_vocab.XXXXXX", path[64];
	txf_error err;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/v", dir);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("#textfeat-vocab\t1\n#docs\t3\n#tokens\t7\n#analysis\tx\n"
	    "#pruning\tmax-features=3\n#idf\tsmooth\n"
	    "a\t1\t2\t1.6931471805599454\nb\t3\t4\t1\nc\\\\\t2\t2\t1.25\n", f);
	fclose(f);
	txf_vocab *v = txf_vocab_load(path, &err);
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(txf_vocab_size(v), 3);
	ck_assert_str_eq(txf_vocab_get_header(v)->pruning, "max-features=3");
	ck_assert_str_eq(txf_vocab_get_header(v)->analysis, "x");
	ck_assert_int_eq(txf_vocab_index(v, "b", 1), 1);
	ck_assert_int_eq(txf_vocab_index(v, "c\\", 2), 2);
	ck_assert_int_eq(txf_vocab_index(v, "d", 1), -1);
	ck_assert_uint_eq(txf_vocab_df(v, 1), 3);
	ck_assert_uint_eq(txf_vocab_cf(v, 1), 4);
	ck_assert(txf_vocab_idf(v, 0) == 1.6931471805599454);
	txf_str t = txf_vocab_term(v, 2);
	ck_assert(t.n == 2 && memcmp(t.p, "c\\", 2) == 0);
	txf_vocab_free(v);

	/* A bad file: the reader's error; a missing one: TXF_EIO. */
	f = fopen(path, "w");
	fputs(HEAD "b\t1\t1\na\t1\t1\n", f);
	fclose(f);
	ck_assert_ptr_null(txf_vocab_load(path, &err));
	ck_assert_int_eq(err.code, TXF_EFORMAT);
	ck_assert_uint_eq(err.line, 8);
	ck_assert_str_eq(err.msg, "vocab rows out of order (not sorted by "
	    "term bytes)");
	unlink(path);
	ck_assert_ptr_null(txf_vocab_load(path, &err));
	ck_assert_int_eq(err.code, TXF_EIO);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_uint_eq(err.line, 0);
	ck_assert_str_eq(txf_error_text(&err), strerror(ENOENT));
	rmdir(dir);
}
END_TEST

Suite *
suite_vocab(void)
{
	Suite *s = suite_create("vocab");
	TCase *tc = tcase_create("write");

	tcase_add_test(tc, test_idf_values);
	tcase_add_test(tc, test_idf_names);
	tcase_add_test(tc, test_format_header_and_rows);
	tcase_add_test(tc, test_idf_round_trip);
	tcase_add_test(tc, test_idf_formula_rows);
	tcase_add_test(tc, test_rows_text_columns);
	suite_add_tcase(s, tc);

	tc = tcase_create("read");
	tcase_add_test(tc, test_read_good);
	tcase_add_test(tc, test_read_header_errors);
	tcase_add_test(tc, test_read_row_errors);
	tcase_add_test(tc, test_load);
	suite_add_tcase(s, tc);
	return s;
}
