/* test_stopwords.c - the stop-word set and its loader (stopwords.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "textfeat.h"
#include "helpers.h"

#define HAS(s, lit) txf_stopset_has((s), (lit), sizeof(lit) - 1)
#define ADD(s, lit) txf_stopset_add((s), (lit), sizeof(lit) - 1)

/* Load the literal text as a stop-word file with options o. */
static txf_stopset *
load_text(const char *text, size_t n, const txf_tokopts *o, txf_error *err)
{
	char path[4096];
	txf_stopset *s;

	temp_file(path, sizeof path, text, n);
	s = txf_stopset_load(path, o, err);
	unlink(path);
	return s;
}

#define LOAD(lit, o, err) load_text((lit), sizeof(lit) - 1, (o), (err))

START_TEST(test_add_has_size)
{
	txf_stopset *s = txf_stopset_new();

	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(txf_stopset_size(s), 0);
	ck_assert_int_eq(HAS(s, "the"), 0);
	ck_assert_int_eq(ADD(s, "the"), 0);
	ck_assert_int_eq(ADD(s, "a"), 0);
	ck_assert_int_eq(ADD(s, "of"), 0);
	ck_assert_uint_eq(txf_stopset_size(s), 3);
	ck_assert_int_ne(HAS(s, "the"), 0);
	ck_assert_int_ne(HAS(s, "a"), 0);
	ck_assert_int_ne(HAS(s, "of"), 0);
	/* Prefixes, extensions and case variants are other words. */
	ck_assert_int_eq(HAS(s, "th"), 0);
	ck_assert_int_eq(HAS(s, "them"), 0);
	ck_assert_int_eq(HAS(s, "The"), 0);
	ck_assert_int_eq(HAS(s, ""), 0);
	/* Only the given length counts. */
	ck_assert_int_ne(txf_stopset_has(s, "there", 3), 0);
	ck_assert_int_eq(txf_stopset_has(s, "there", 5), 0);
	txf_stopset_free(s);
}
END_TEST

START_TEST(test_duplicates)
{
	txf_stopset *s = txf_stopset_new();

	ck_assert_int_eq(ADD(s, "the"), 0);
	ck_assert_int_eq(ADD(s, "the"), 0);
	ck_assert_int_eq(txf_stopset_add(s, "theory", 3), 0);
	ck_assert_uint_eq(txf_stopset_size(s), 1);
	ck_assert_int_eq(ADD(s, "The"), 0);
	ck_assert_uint_eq(txf_stopset_size(s), 2);
	txf_stopset_free(s);
}
END_TEST

START_TEST(test_bytes_as_given)
{
	txf_stopset *s = txf_stopset_new();
	char word[8];

	/* The set keeps its own copy. */
	memcpy(word, "caf\xC3\xA9", 5);
	ck_assert_int_eq(txf_stopset_add(s, word, 5), 0);
	memset(word, 'x', sizeof word);
	ck_assert_int_ne(HAS(s, "caf\xC3\xA9"), 0);
	ck_assert_int_eq(HAS(s, "cafe\xCC\x81"), 0);  /* no normalization */
	/* Embedded NUL and the empty word. */
	ck_assert_int_eq(ADD(s, "a\0b"), 0);
	ck_assert_int_ne(HAS(s, "a\0b"), 0);
	ck_assert_int_eq(HAS(s, "a\0c"), 0);
	ck_assert_int_eq(HAS(s, "a"), 0);
	ck_assert_int_eq(txf_stopset_add(s, "", 0), 0);
	ck_assert_int_ne(txf_stopset_has(s, "", 0), 0);
	ck_assert_uint_eq(txf_stopset_size(s), 3);
	txf_stopset_free(s);
}
END_TEST

START_TEST(test_growth)
{
	txf_stopset *s = txf_stopset_new();
	char w[32];

	for (int i = 0; i < 1000; i++) {
		int k = snprintf(w, sizeof w, "w%d", i);
		if (txf_stopset_add(s, w, (size_t)k) != 0 ||
		    txf_stopset_size(s) != (size_t)i + 1)
			ck_abort_msg("adding %s: size %zu", w,
			    txf_stopset_size(s));
	}
	/* Every word survives the rehashes; others are absent. */
	for (int i = 0; i < 1000; i++) {
		int k = snprintf(w, sizeof w, "w%d", i);
		if (!txf_stopset_has(s, w, (size_t)k))
			ck_abort_msg("lost %s", w);
		k = snprintf(w, sizeof w, "x%d", i);
		if (txf_stopset_has(s, w, (size_t)k))
			ck_abort_msg("found %s", w);
	}
	ck_assert_int_eq(ADD(s, "w1000"), 0);
	ck_assert_int_eq(HAS(s, "w1001"), 0);
	/* Adding them all again changes nothing. */
	for (int i = 0; i < 1000; i++) {
		int k = snprintf(w, sizeof w, "w%d", i);
		if (txf_stopset_add(s, w, (size_t)k) != 0)
			ck_abort_msg("adding %s again failed", w);
	}
	ck_assert_uint_eq(txf_stopset_size(s), 1001);
	txf_stopset_free(s);
}
END_TEST

START_TEST(test_growth_large)
{
	txf_stopset *s = txf_stopset_new();
	char w[32];

	for (int i = 0; i < 50000; i++) {
		int k = snprintf(w, sizeof w, "%x", (unsigned)i * 2654435761u);
		if (txf_stopset_add(s, w, (size_t)k) != 0)
			ck_abort_msg("adding %s failed", w);
	}
	ck_assert_uint_eq(txf_stopset_size(s), 50000);
	for (int i = 0; i < 50000; i++) {
		int k = snprintf(w, sizeof w, "%x", (unsigned)i * 2654435761u);
		if (!txf_stopset_has(s, w, (size_t)k))
			ck_abort_msg("lost %s", w);
	}
	txf_stopset_free(s);
}
END_TEST

START_TEST(test_load_comments_blank_lines)
{
	static const char text[] =
	    "# English stop words\n"
	    "\n"
	    "the\n"
	    "and  \r\n"           /* trailing blanks and CR go */
	    "  \n"                /* blank */
	    "#of\n"               /* a comment, not a word */
	    "in\t\n"
	    "a\n"
	    "last";               /* no final newline */
	txf_tokopts o;
	txf_error err = { 0 };
	txf_stopset *s;

	txf_tokopts_init(&o);
	s = LOAD(text, &o, &err);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(txf_stopset_size(s), 5);
	ck_assert_int_ne(HAS(s, "the"), 0);
	ck_assert_int_ne(HAS(s, "and"), 0);
	ck_assert_int_ne(HAS(s, "in"), 0);
	ck_assert_int_ne(HAS(s, "a"), 0);
	ck_assert_int_ne(HAS(s, "last"), 0);
	ck_assert_int_eq(HAS(s, "of"), 0);
	ck_assert_int_eq(HAS(s, "#of"), 0);
	ck_assert_int_eq(HAS(s, "and  "), 0);
	ck_assert_int_eq(HAS(s, ""), 0);
	txf_stopset_free(s);
}
END_TEST

START_TEST(test_load_normalizes_like_text)
{
	static const char text[] =
	    "The\n"
	    "STRA\xC3\x9F" "E\n"       /* folds to "strasse" */
	    "\xEF\xAC\x81" "ne\n"      /* NFKC: "fine" */
	    "cafe\xCC\x81\n";          /* NFC: "café" */
	txf_tokopts o;
	txf_error err = { 0 };
	txf_stopset *s;

	txf_tokopts_init(&o);          /* nfkc, fold */
	s = LOAD(text, &o, &err);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(txf_stopset_size(s), 4);
	ck_assert_int_ne(HAS(s, "the"), 0);
	ck_assert_int_eq(HAS(s, "The"), 0);
	ck_assert_int_ne(HAS(s, "strasse"), 0);
	ck_assert_int_ne(HAS(s, "fine"), 0);
	ck_assert_int_ne(HAS(s, "caf\xC3\xA9"), 0);
	txf_stopset_free(s);

	/* Lowercase keeps ß; no normalization keeps the ligature. */
	o.casing = TXF_CASE_LOWER;
	o.norm = TXF_NORM_NONE;
	s = LOAD(text, &o, &err);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_ne(HAS(s, "the"), 0);
	ck_assert_int_ne(HAS(s, "stra\xC3\x9F" "e"), 0);
	ck_assert_int_ne(HAS(s, "\xEF\xAC\x81" "ne"), 0);
	ck_assert_int_ne(HAS(s, "cafe\xCC\x81"), 0);
	txf_stopset_free(s);

	/* Case kept: "The" only. */
	txf_tokopts_init(&o);
	o.casing = TXF_CASE_KEEP;
	s = LOAD(text, &o, &err);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_ne(HAS(s, "The"), 0);
	ck_assert_int_eq(HAS(s, "the"), 0);
	txf_stopset_free(s);

	/* Accents stripped after folding. */
	txf_tokopts_init(&o);
	o.strip_accents = 1;
	s = LOAD(text, &o, &err);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_ne(HAS(s, "cafe"), 0);
	ck_assert_int_eq(HAS(s, "caf\xC3\xA9"), 0);
	ck_assert_int_ne(HAS(s, "strasse"), 0);
	txf_stopset_free(s);
}
END_TEST

START_TEST(test_load_empty_file)
{
	txf_tokopts o;
	txf_error err = { 0 };
	txf_stopset *s;

	txf_tokopts_init(&o);
	s = LOAD("", &o, &err);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(txf_stopset_size(s), 0);
	txf_stopset_free(s);
	s = LOAD("# only a comment\n\n", &o, &err);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(txf_stopset_size(s), 0);
	txf_stopset_free(s);
}
END_TEST

START_TEST(test_load_missing_file)
{
	txf_tokopts o;
	txf_error err = { 0 };
	char path[4096];

	txf_tokopts_init(&o);
	temp_file(path, sizeof path, "", 0);
	unlink(path);          /* a name that surely does not exist */
	errno = 0;
	ck_assert_ptr_null(txf_stopset_load(path, &o, &err));
	ck_assert_int_eq(err.code, TXF_EIO);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

START_TEST(test_load_directory)
{
	txf_tokopts o;
	txf_error err = { 0 };

	/* Reading a directory fails (EISDIR from fopen or from the read). */
	txf_tokopts_init(&o);
	ck_assert_ptr_null(txf_stopset_load("/", &o, &err));
	ck_assert_int_eq(err.code, TXF_EIO);
}
END_TEST

START_TEST(test_load_invalid_utf8)
{
	static const char text[] = "the\n# \xFF in a comment is fine\nok\n"
	    "bad\xC3(\n" "more\n";
	txf_tokopts o;
	txf_error err = { 0 };

	txf_tokopts_init(&o);
	ck_assert_ptr_null(LOAD(text, &o, &err));
	ck_assert_int_eq(err.code, TXF_EUTF8);
	ck_assert_uint_eq(err.line, 4);
	ck_assert_str_eq(err.msg, "invalid UTF-8");

	/* A NUL byte is not valid text either. */
	err.code = 0;
	ck_assert_ptr_null(LOAD("a\nb\0c\n", &o, &err));
	ck_assert_msg(err.code == TXF_EUTF8 || err.code == TXF_ENUL, "err %d",
	    err.code);
	ck_assert_uint_eq(err.line, 2);
}
END_TEST

Suite *
suite_stopwords(void)
{
	Suite *s = suite_create("stopwords");
	TCase *tc = tcase_create("stopwords");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_add_has_size);
	tcase_add_test(tc, test_duplicates);
	tcase_add_test(tc, test_bytes_as_given);
	tcase_add_test(tc, test_growth);
	tcase_add_test(tc, test_growth_large);
	tcase_add_test(tc, test_load_comments_blank_lines);
	tcase_add_test(tc, test_load_normalizes_like_text);
	tcase_add_test(tc, test_load_empty_file);
	tcase_add_test(tc, test_load_missing_file);
	tcase_add_test(tc, test_load_directory);
	tcase_add_test(tc, test_load_invalid_utf8);
	suite_add_tcase(s, tc);
	return s;
}
