/* test_label.c - label maps and label lists (label.c), and the fastText
 * and id-comment writers (vector.c). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "textfeat.h"
#include "helpers.h"

#define LIT(s) (s), (sizeof(s) - 1)

START_TEST(test_map_build)
{
	txf_labelmap *m = txf_labelmap_new();
	int64_t v = -5;
	txf_buf b = { 0 };

	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(txf_labelmap_get(m, LIT("a"), &v), 0);
	ck_assert_int_eq(txf_labelmap_add(m, LIT("furniture"), &v), 1);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(txf_labelmap_add(m, LIT("toys"), &v), 1);
	ck_assert_int_eq(v, 1);
	ck_assert_int_eq(txf_labelmap_add(m, LIT("furniture"), &v), 0);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(txf_labelmap_add(m, LIT("a b"), &v), TXF_EINVAL);
	ck_assert_int_eq(txf_labelmap_add(m, LIT(""), &v), TXF_EINVAL);
	ck_assert_int_eq(txf_labelmap_add(m, LIT("x,y"), &v), TXF_EINVAL);
	ck_assert_uint_eq(txf_labelmap_size(m), 2);
	ck_assert_int_eq(txf_labelmap_format(m, &b), 0);
	ck_assert_uint_eq(b.n, strlen("furniture\t0\ntoys\t1\n"));
	ck_assert(memcmp(b.p, "furniture\t0\ntoys\t1\n", b.n) == 0);
	txf_buf_free(&b);
	txf_labelmap_free(m);
	txf_labelmap_free(NULL);
}
END_TEST

/* A loaded map keeps its integers; new labels go after the largest. */
START_TEST(test_map_load)
{
	char path[4096];
	txf_error err;
	int64_t v = 0;

	temp_file(path, sizeof path, "neg\t-1\npos\t7\n", 13);
	txf_labelmap *m = txf_labelmap_load(path, &err);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(txf_labelmap_get(m, LIT("neg"), &v), 1);
	ck_assert_int_eq(v, -1);
	ck_assert_int_eq(txf_labelmap_get(m, LIT("pos"), &v), 1);
	ck_assert_int_eq(v, 7);
	ck_assert_int_eq(txf_labelmap_add(m, LIT("new"), &v), 1);
	ck_assert_int_eq(v, 8);
	txf_labelmap_free(m);

	static const char *const bad[] = { "a\n", "a\tx\n", "a b\t1\n",
	    "a\t1\nb\t2\na\t3\n", "a\t99999999999999999999\n", "a\t1\t2\n" };
	static const uint64_t bad_line[] = { 1, 1, 1, 3, 1, 1 };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int fd = open(path, O_WRONLY | O_TRUNC);
		ck_assert_int_ge(fd, 0);
		ck_assert_int_eq(write(fd, bad[i], strlen(bad[i])),
		    (ssize_t)strlen(bad[i]));
		close(fd);
		m = txf_labelmap_load(path, &err);
		ck_assert_ptr_null(m);
		ck_assert_int_eq(err.code, TXF_EFORMAT);
		ck_assert_uint_eq(err.line, bad_line[i]);
		ck_assert_str_ne(err.msg, "");
	}
	unlink(path);
	m = txf_labelmap_load(path, NULL);
	ck_assert_ptr_null(m);
	m = txf_labelmap_load(path, &err);
	ck_assert_ptr_null(m);
	ck_assert_int_eq(err.code, TXF_EIO);
	ck_assert_uint_eq(err.line, 0);
}
END_TEST

START_TEST(test_split)
{
	txf_str out[4];
	txf_str f = { "a,bb,,c", 7 };

	ck_assert_uint_eq(txf_labels_split(f, out, 4), 4);
	ck_assert_uint_eq(out[1].n, 2);
	ck_assert_uint_eq(out[2].n, 0);
	ck_assert(memcmp(out[3].p, "c", 1) == 0);
	ck_assert_uint_eq(txf_labels_split(f, out, 1), 4);
	f.n = 0;
	ck_assert_uint_eq(txf_labels_split(f, out, 4), 0);
}
END_TEST

static size_t
write_row(const txf_vecfmt *fo, const txf_vecrow *row, const txf_vec *v,
          char *out)
{
	size_t b = txf_vec_bound(NULL, fo, row, v);
	size_t n = txf_vec_write(NULL, fo, row, v, out);

	ck_assert_uint_le(n, b);
	out[n] = '\0';
	return n;
}

START_TEST(test_fasttext_and_comment)
{
	txf_vecfmt fo;
	txf_vecrow row = { { LIT("d1") }, { LIT("a,,b") }, { NULL, 0 },
	    { LIT("x\\\\y z") } };
	uint32_t idx[1] = { 3 };
	double val[1] = { 0.5 };
	txf_vec v = { 0 };
	char out[256];

	txf_vecfmt_init(&fo);
	fo.format = TXF_VEC_FASTTEXT;
	write_row(&fo, &row, &v, out);
	ck_assert_str_eq(out, "__label__a __label__b x\\y z\n");
	row.label.p = NULL;
	row.label.n = 0;
	write_row(&fo, &row, &v, out);
	ck_assert_str_eq(out, "x\\y z\n");

	fo.format = TXF_VEC_SVMLIGHT;
	fo.id_comment = 1;
	v.idx = idx;
	v.val = val;
	v.n = 1;
	write_row(&fo, &row, &v, out);
	ck_assert_str_eq(out, "0 3:0.5 # d1\n");
	ck_assert_str_eq(txf_vec_format_name(TXF_VEC_FASTTEXT), "fasttext");
	ck_assert_int_eq(txf_vec_format_parse("fasttext"), TXF_VEC_FASTTEXT);
}
END_TEST

static int
row_labels(const txf_labelcols *lc, const char *extra, txf_vecrow *row,
           txf_buf *b, txf_error *e)
{
	txf_str x = { extra, extra ? strlen(extra) : 0 };

	return txf_row_labels(lc, x, row, b, e);
}

START_TEST(test_row_labels)
{
	txf_labelcols lc = { .format = TXF_VEC_SVMLIGHT, .first_col = 3,
	    .label_col = 4, .qid_col = 3 };
	txf_vecrow row;
	txf_buf b = { 0 };
	txf_error e;

	ck_assert_int_eq(row_labels(&lc, "7", &row, &b, &e), TXF_EFORMAT);
	ck_assert_str_eq(e.msg, "missing label column 4");
	ck_assert_int_eq(row_labels(&lc, "7	-1.5e3	x", &row, &b, &e), 0);
	ck_assert_int_eq((int)row.label.n, 6);
	ck_assert_int_eq(memcmp(row.label.p, "-1.5e3", 6), 0);
	ck_assert_int_eq((int)row.qid.n, 1);
	ck_assert_int_eq(row_labels(&lc, "7	one", &row, &b, &e),
	    TXF_EFORMAT);
	ck_assert_str_eq(e.msg, "bad label 'one' in column 4");
	ck_assert_int_eq(row_labels(&lc, "-7	1", &row, &b, &e), TXF_EFORMAT);
	ck_assert_str_eq(e.msg,
	    "bad qid '-7' in column 3 (not a non-negative integer)");
	ck_assert_int_eq(row_labels(&lc, NULL, &row, &b, &e), TXF_EFORMAT);
	ck_assert_str_eq(e.msg, "missing label column 4");

	/* classes through a map: built, then read back */
	lc.qid_col = 0;
	lc.label_col = 3;
	lc.map = txf_labelmap_new();
	lc.build = 1;
	ck_assert_int_eq(row_labels(&lc, "b,a	z", &row, &b, &e), 0);
	ck_assert_int_eq((int)row.label.n, 3);
	ck_assert_int_eq(memcmp(row.label.p, "0,1", 3), 0);
	ck_assert_int_eq(row_labels(&lc, "a,", &row, &b, &e), TXF_EFORMAT);
	lc.build = 0;
	ck_assert_int_eq(row_labels(&lc, "a", &row, &b, &e), 0);
	ck_assert_int_eq(memcmp(row.label.p, "1", 1), 0);
	ck_assert_int_eq(row_labels(&lc, "c", &row, &b, &e), TXF_EFORMAT);
	ck_assert_str_eq(e.msg, "bad label 'c' in column 3 (not in the "
	    "label map)");
	ck_assert_int_eq(row_labels(&lc, "", &row, &b, &e), TXF_EFORMAT);
	txf_labelmap_free(lc.map);

	/* fastText: no space; vw: not empty, no '|' */
	lc.map = NULL;
	lc.format = TXF_VEC_FASTTEXT;
	ck_assert_int_eq(row_labels(&lc, "", &row, &b, &e), 0);
	ck_assert_int_eq(row_labels(&lc, "a b", &row, &b, &e), TXF_EFORMAT);
	lc.format = TXF_VEC_VW;
	ck_assert_int_eq(row_labels(&lc, "", &row, &b, &e), TXF_EFORMAT);
	ck_assert_int_eq(row_labels(&lc, "1 |x", &row, &b, &e), TXF_EFORMAT);
	ck_assert_int_eq(row_labels(&lc, "-1 2.0", &row, &b, &e), 0);
	txf_buf_free(&b);
}
END_TEST

Suite *
suite_label(void)
{
	Suite *s = suite_create("label");
	TCase *tc = tcase_create("label");

	tcase_add_test(tc, test_map_build);
	tcase_add_test(tc, test_map_load);
	tcase_add_test(tc, test_split);
	tcase_add_test(tc, test_fasttext_and_comment);
	tcase_add_test(tc, test_row_labels);
	suite_add_tcase(s, tc);
	return s;
}
