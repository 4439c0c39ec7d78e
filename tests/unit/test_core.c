/* test_core.c - version, error messages, the growable buffer (core.c)
 * and the destructors' NULL rule (TXF_DEFINE_FREE, internal.h). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "textfeat.h"
#include "batch.h"
#include "index.h"
#include "internal.h"
#include "matchout.h"
#include "spill.h"
#include "helpers.h"

START_TEST(test_version_matches_macros)
{
	char want[64];

	snprintf(want, sizeof want, "%d.%d.%d", TXF_VERSION_MAJOR,
	    TXF_VERSION_MINOR, TXF_VERSION_PATCH);
	ck_assert_ptr_nonnull(txf_version());
	ck_assert_str_eq(txf_version(), want);
}
END_TEST

START_TEST(test_errmsg_each_code)
{
	static const int codes[] = {
		TXF_OK, TXF_ENOMEM, TXF_EINVAL, TXF_EUTF8, TXF_ENUL, TXF_EIO,
		TXF_EFORMAT, TXF_ENOENT, TXF_ERANGE
	};
	size_t n = sizeof codes / sizeof codes[0];
	const char *unknown = txf_errmsg(-1000);

	ck_assert_ptr_nonnull(unknown);
	ck_assert_str_eq(txf_errmsg(1), unknown);
	for (size_t i = 0; i < n; i++) {
		const char *m = txf_errmsg(codes[i]);
		ck_assert_ptr_nonnull(m);
		ck_assert_msg(m[0] != '\0', "empty message for %d", codes[i]);
		ck_assert_msg(strcmp(m, unknown) != 0,
		    "code %d described as unknown: \"%s\"", codes[i], m);
		for (size_t j = 0; j < i; j++)
			ck_assert_msg(strcmp(m, txf_errmsg(codes[j])) != 0,
			    "codes %d and %d share the message \"%s\"",
			    codes[i], codes[j], m);
	}
	/* The messages say what went wrong. */
	ck_assert_ptr_nonnull(strstr(txf_errmsg(TXF_ENOMEM), "memory"));
	ck_assert_ptr_nonnull(strstr(txf_errmsg(TXF_EUTF8), "UTF-8"));
	ck_assert_ptr_nonnull(strstr(txf_errmsg(TXF_ENUL), "NUL"));
	ck_assert_ptr_nonnull(strstr(txf_errmsg(TXF_ERANGE), "range"));
}
END_TEST

/* Issue 11: escaping an empty field or lowercasing an empty string did
 * arithmetic on a NULL buffer (out->p + 0: undefined, reported by clang's
 * -fsanitize=pointer-overflow).  Growing by 0 gives storage, and every
 * writer of an empty text leaves the buffer with storage. */
START_TEST(test_buf_never_null)
{
	txf_buf b = { 0 };

	ck_assert_int_eq(txf_buf_grow(&b, 0), 0);
	ck_assert_ptr_nonnull(b.p);
	ck_assert_uint_eq(b.n, 0);
	txf_buf_free(&b);
	ck_assert_int_eq(txf_escape(NULL, 0, &b), 0);
	ck_assert_ptr_nonnull(b.p);
	txf_buf_free(&b);
	ck_assert_int_eq(txf_unescape(NULL, 0, &b), 0);
	ck_assert_ptr_nonnull(b.p);
	txf_buf_free(&b);
	ck_assert_int_eq(txf_casemap("", 0, TXF_CASE_LOWER, &b), 0);
	ck_assert_ptr_nonnull(b.p);
	ck_assert_uint_eq(b.n, 0);
	txf_buf_free(&b);
	txf_toklist t = { 0 };
	ck_assert_int_eq(txf_toklist_split(&t, NULL, 0), 0);
	ck_assert_uint_eq(t.n, 0);
	txf_toklist_free(&t);
}
END_TEST

START_TEST(test_buf_grow_from_empty)
{
	txf_buf b = { 0 };

	ck_assert_int_eq(txf_buf_grow(&b, 0), 0);
	ck_assert_uint_eq(b.n, 0);
	ck_assert_int_eq(txf_buf_grow(&b, 10), 0);
	ck_assert_ptr_nonnull(b.p);
	ck_assert_uint_eq(b.n, 0);
	ck_assert_uint_ge(b.cap, 10);
	/* The room promised is really there (ASan checks the writes). */
	memset(b.p, 'x', 10);
	txf_buf_free(&b);
}
END_TEST

START_TEST(test_buf_grow_keeps_contents)
{
	txf_buf b = { 0 };

	ck_assert_int_eq(txf_buf_add(&b, "hello", 5), 0);
	ck_assert_int_eq(txf_buf_grow(&b, 100000), 0);
	ck_assert_uint_eq(b.n, 5);
	ck_assert_uint_ge(b.cap - b.n, 100000);
	ck_assert_mem_eq(b.p, "hello", 5);
	memset(b.p + b.n, 'y', 100000);
	/* Growing by what is already free changes nothing. */
	size_t cap = b.cap;
	char *p = b.p;
	ck_assert_int_eq(txf_buf_grow(&b, cap - b.n), 0);
	ck_assert_uint_eq(b.cap, cap);
	ck_assert_ptr_eq(b.p, p);
	txf_buf_free(&b);
}
END_TEST

START_TEST(test_buf_grow_overflow)
{
	txf_buf b = { 0 };

	ck_assert_int_eq(txf_buf_grow(&b, SIZE_MAX), TXF_ENOMEM);
	ck_assert_int_eq(txf_buf_add(&b, "abc", 3), 0);
	ck_assert_int_eq(txf_buf_grow(&b, SIZE_MAX - 1), TXF_ENOMEM);
	ck_assert_int_eq(txf_buf_grow(&b, SIZE_MAX / 2), TXF_ENOMEM);
	/* A failed grow leaves the buffer as it was. */
	ck_assert_uint_eq(b.n, 3);
	ck_assert_mem_eq(b.p, "abc", 3);
	txf_buf_free(&b);
}
END_TEST

START_TEST(test_buf_add_many)
{
	txf_buf b = { 0 };
	char chunk[13];
	size_t total = 0;

	/* Appends of 1..13 bytes, about 700 KB in all. */
	for (size_t i = 0; i < 100000; i++) {
		size_t k = i % 13 + 1;
		for (size_t j = 0; j < k; j++)
			chunk[j] = (char)((total + j) % 251);
		/* Plain checks in the loop: a passing ck_assert costs a
		 * message to the parent process. */
		if (txf_buf_add(&b, chunk, k) != 0)
			ck_abort_msg("append %zu failed", i);
		total += k;
		if (b.n != total || b.cap < b.n)
			ck_abort_msg("after append %zu: n %zu cap %zu, want "
			    "n %zu", i, b.n, b.cap, total);
	}
	for (size_t i = 0; i < total; i++)
		if ((unsigned char)b.p[i] != i % 251)
			ck_abort_msg("byte %zu is %u, want %zu", i,
			    (unsigned char)b.p[i], i % 251);
	txf_buf_free(&b);
}
END_TEST

START_TEST(test_buf_add_zero_length)
{
	txf_buf b = { 0 };

	ck_assert_int_eq(txf_buf_add(&b, "x", 0), 0);
	ck_assert_uint_eq(b.n, 0);
	/* An empty buffer's view (NULL, 0) can be appended. */
	ck_assert_int_eq(txf_buf_add(&b, NULL, 0), 0);
	ck_assert_uint_eq(b.n, 0);
	ck_assert_int_eq(txf_buf_add(&b, "ab", 2), 0);
	ck_assert_int_eq(txf_buf_add(&b, "zz", 0), 0);
	ck_assert_int_eq(txf_buf_add(&b, "c", 1), 0);
	ck_assert_uint_eq(b.n, 3);
	ck_assert_mem_eq(b.p, "abc", 3);
	txf_buf_free(&b);
}
END_TEST

START_TEST(test_buf_add_large)
{
	txf_buf b = { 0 };
	static char big[1 << 20];

	memset(big, 'q', sizeof big);
	ck_assert_int_eq(txf_buf_add(&b, "a", 1), 0);
	ck_assert_int_eq(txf_buf_add(&b, big, sizeof big), 0);
	ck_assert_uint_eq(b.n, sizeof big + 1);
	ck_assert_int_eq(b.p[0], 'a');
	ck_assert_int_eq(b.p[sizeof big], 'q');
	ck_assert_mem_eq(b.p + 1, big, sizeof big);
	txf_buf_free(&b);
}
END_TEST

START_TEST(test_buf_free_zeroes)
{
	txf_buf b = { 0 };

	ck_assert_int_eq(txf_buf_add(&b, "abc", 3), 0);
	txf_buf_free(&b);
	ck_assert_ptr_null(b.p);
	ck_assert_uint_eq(b.n, 0);
	ck_assert_uint_eq(b.cap, 0);
	/* Freeing again is harmless, and the buffer can be used again. */
	txf_buf_free(&b);
	ck_assert_int_eq(txf_buf_add(&b, "de", 2), 0);
	ck_assert_uint_eq(b.n, 2);
	ck_assert_mem_eq(b.p, "de", 2);
	txf_buf_free(&b);
}
END_TEST

/* Every destructor does nothing given NULL, as free() does (a
 * constructor's failure path and a caller's cleanup rely on it). */
START_TEST(test_destructors_accept_null)
{
	txf_analysis_free(NULL);
	txf_analyzer_free(NULL);
	txf_count_free(NULL);
	txf_dfcount_free(NULL);
	txf_ix_close(NULL);
	txf_ix_searcher_free(NULL);
	txf_ix_builder_free(NULL);
	txf_labelmap_free(NULL);
	txf_matcher_free(NULL);
	txf_qids_free(NULL);
	txf_merge_free(NULL);
	txf_model_free(NULL);
	txf_ngc_free(NULL);
	txf_ngen_free(NULL);
	txf_pruner_free(NULL);
	txf_top_free(NULL);
	txf_reader_free(NULL);
	txf_runs_free(NULL);
	txf_stemmer_free(NULL);
	txf_stopset_free(NULL);
	txf_termfreq_free(NULL);
	txf_tokenizer_free(NULL);
	txf_vecnames_free(NULL);
	txf_vectorizer_free(NULL);
	txf_vocab_close(NULL);
	txf_vocab_free(NULL);
	/* And a real object is released (the sanitizer build checks that
	 * nothing leaks). */
	txf_count *t = txf_count_new(1);
	ck_assert_ptr_nonnull(t);
	txf_count_free(t);
}
END_TEST

Suite *
suite_core(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_version_matches_macros);
	tcase_add_test(tc, test_errmsg_each_code);
	tcase_add_test(tc, test_buf_grow_from_empty);
	tcase_add_test(tc, test_buf_never_null);
	tcase_add_test(tc, test_buf_grow_keeps_contents);
	tcase_add_test(tc, test_buf_grow_overflow);
	tcase_add_test(tc, test_buf_add_many);
	tcase_add_test(tc, test_buf_add_zero_length);
	tcase_add_test(tc, test_buf_add_large);
	tcase_add_test(tc, test_buf_free_zeroes);
	tcase_add_test(tc, test_destructors_accept_null);
	suite_add_tcase(s, tc);
	return s;
}
