/* test_normalize.c - NFC/NFKC, case mapping and accent stripping
 * (normalize.c).
 *
 * Expected bytes were computed with Python 3.11's unicodedata.normalize,
 * str.casefold() and str.lower(), and sklearn's strip_accents_unicode
 * (NFKD, then drop combining characters); none of these cases differ
 * between Python's Unicode 14.0 and utf8proc's 15.0. */
#include <stdio.h>
#include <string.h>

#include "textfeat.h"
#include "helpers.h"

/* Run fn(in, len, arg, &out) on the literal in; expect 0 and want. */
#define ck_assert_map(fn, in, arg, want) do {                              \
	txf_buf b_ = { 0 };                                                \
	int rc_ = fn((in), sizeof(in) - 1, (arg), &b_);                    \
	ck_assert_msg(rc_ == 0 && same(b_.p, b_.n, (want), sizeof(want) - 1),\
	    #fn "(%s, " #arg ") = %d, %s; want %s",                        \
	    show((in), sizeof(in) - 1), rc_, show(b_.p, b_.n),             \
	    show((want), sizeof(want) - 1));                               \
	txf_buf_free(&b_);                                                 \
} while (0)

#define ck_assert_strip(in, want) do {                                     \
	txf_buf b_ = { 0 };                                                \
	int rc_ = txf_strip_accents((in), sizeof(in) - 1, &b_);            \
	ck_assert_msg(rc_ == 0 && same(b_.p, b_.n, (want), sizeof(want) - 1),\
	    "txf_strip_accents(%s) = %d, %s; want %s",                     \
	    show((in), sizeof(in) - 1), rc_, show(b_.p, b_.n),             \
	    show((want), sizeof(want) - 1));                               \
	txf_buf_free(&b_);                                                 \
} while (0)

#define NFC  TXF_NORM_NFC
#define NFKC TXF_NORM_NFKC
#define FOLD TXF_CASE_FOLD
#define LOWER TXF_CASE_LOWER

/* ------------------------------------------------------------------ */
/* txf_normalize                                                       */

START_TEST(test_nfc_composes)
{
	ck_assert_map(txf_normalize, "e\xCC\x81", NFC, "\xC3\xA9");
	ck_assert_map(txf_normalize, "cafe\xCC\x81!", NFC, "caf\xC3\xA9!");
	/* After text that needs no change. */
	ck_assert_map(txf_normalize, "\xE6\x9D\xB1" "e\xCC\x81", NFC,
	    "\xE6\x9D\xB1\xC3\xA9");
	/* Canonical order of marks: both orders compose to U+1EAD. */
	ck_assert_map(txf_normalize, "a\xCC\xA3\xCC\x82", NFC, "\xE1\xBA\xAD");
	ck_assert_map(txf_normalize, "a\xCC\x82\xCC\xA3", NFC, "\xE1\xBA\xAD");
	/* ANGSTROM SIGN is a singleton: U+00C5. */
	ck_assert_map(txf_normalize, "\xE2\x84\xAB", NFC, "\xC3\x85");
}
END_TEST

START_TEST(test_nfc_hangul)
{
	/* L + V + T jamo, and LV syllable + T jamo, compose to U+D55C. */
	ck_assert_map(txf_normalize, "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB",
	    NFC, "\xED\x95\x9C");
	ck_assert_map(txf_normalize, "\xED\x95\x98\xE1\x86\xAB", NFC,
	    "\xED\x95\x9C");
	/* Precomposed syllables stay. */
	ck_assert_map(txf_normalize, "\xED\x95\x9C\xEA\xB5\xAD", NFC,
	    "\xED\x95\x9C\xEA\xB5\xAD");
}
END_TEST

START_TEST(test_nfc_second_with_class_zero)
{
	/* U+0CBF + U+0CD5 (combining class 0) compose to U+0CC0. */
	ck_assert_map(txf_normalize, "\xE0\xB2\xBF\xE0\xB3\x95", NFC,
	    "\xE0\xB3\x80");
}
END_TEST

START_TEST(test_nfc_keeps_compatibility)
{
	ck_assert_map(txf_normalize, "\xEF\xAC\x81", NFC, "\xEF\xAC\x81");
	ck_assert_map(txf_normalize, "\xEF\xBC\xA1", NFC, "\xEF\xBC\xA1");
	ck_assert_map(txf_normalize, "\xE2\x91\xA0", NFC, "\xE2\x91\xA0");
}
END_TEST

START_TEST(test_nfkc)
{
	ck_assert_map(txf_normalize, "\xEF\xAC\x81", NFKC, "fi");
	ck_assert_map(txf_normalize, "\xEF\xAC\x81" "ne", NFKC, "fine");
	ck_assert_map(txf_normalize, "\xEF\xBC\xA1", NFKC, "A");
	ck_assert_map(txf_normalize, "\xE2\x91\xA0", NFKC, "1");
	ck_assert_map(txf_normalize, "e\xCC\x81", NFKC, "\xC3\xA9");
	/* x SUPERSCRIPT TWO, space, OHM SIGN -> "x2 " U+03A9 */
	ck_assert_map(txf_normalize, "x\xC2\xB2 \xE2\x84\xA6", NFKC,
	    "x2 \xCE\xA9");
	/* NO-BREAK SPACE -> space */
	ck_assert_map(txf_normalize, "a\xC2\xA0" "b", NFKC, "a b");
}
END_TEST

START_TEST(test_norm_none_and_ascii)
{
	ck_assert_map(txf_normalize, "e\xCC\x81", TXF_NORM_NONE, "e\xCC\x81");
	ck_assert_map(txf_normalize, "\xEF\xAC\x81", TXF_NORM_NONE,
	    "\xEF\xAC\x81");
	ck_assert_map(txf_normalize, "Plain ASCII, 1.5!", NFKC,
	    "Plain ASCII, 1.5!");
	ck_assert_map(txf_normalize, "caf\xC3\xA9 \xE6\x9D\xB1", NFC,
	    "caf\xC3\xA9 \xE6\x9D\xB1");
	ck_assert_map(txf_normalize, "", NFKC, "");
}
END_TEST

START_TEST(test_normalize_appends)
{
	txf_buf b = { 0 };

	ck_assert_int_eq(txf_buf_add(&b, "pre:", 4), 0);
	ck_assert_int_eq(txf_normalize("e\xCC\x81", 3, NFC, &b), 0);
	ck_assert_int_eq(txf_normalize("x", 1, NFC, &b), 0);
	ck_assert_int_eq(txf_normalize("\xEF\xAC\x81", 3, NFKC, &b), 0);
	ck_assert_bytes(b.p, b.n, "pre:\xC3\xA9xfi");
	txf_buf_free(&b);
}
END_TEST

/* ------------------------------------------------------------------ */
/* txf_casemap: FOLD                                                   */

START_TEST(test_fold)
{
	ck_assert_map(txf_casemap, "Stra\xC3\x9F" "e", FOLD, "strasse");
	ck_assert_map(txf_casemap, "\xE1\xBA\x9E", FOLD, "ss");      /* U+1E9E */
	/* U+0130 folds to "i" + U+0307 (full folding, C+F). */
	ck_assert_map(txf_casemap, "\xC4\xB0", FOLD, "i\xCC\x87");
	/* Every sigma folds to U+03C3. */
	ck_assert_map(txf_casemap, "\xCE\xA3\xCF\x83\xCF\x82", FOLD,
	    "\xCF\x83\xCF\x83\xCF\x83");
	ck_assert_map(txf_casemap, "\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3", FOLD,
	    "\xCE\xBF\xCE\xB4\xCE\xBF\xCF\x83");
	/* U+0390 folds to three code points; U+FB03 to "ffi". */
	ck_assert_map(txf_casemap, "\xCE\x90", FOLD, "\xCE\xB9\xCC\x88\xCC\x81");
	ck_assert_map(txf_casemap, "\xEF\xAC\x83", FOLD, "ffi");
	ck_assert_map(txf_casemap, "\xC5\x89", FOLD, "\xCA\xBC" "n");
	ck_assert_map(txf_casemap, "\xE1\xBE\x88", FOLD, "\xE1\xBC\x80\xCE\xB9");
	/* KELVIN SIGN folds to ASCII k. */
	ck_assert_map(txf_casemap, "\xE2\x84\xAA", FOLD, "k");
	/* Cherokee folds to the capital letters. */
	ck_assert_map(txf_casemap, "\xEA\xAD\xB0\xE1\x8E\xA0", FOLD,
	    "\xE1\x8E\xA0\xE1\x8E\xA0");
	ck_assert_map(txf_casemap, "\xD0\x9F\xD0\xA0\xD0\x98\xD0\x92\xD0\x95"
	    "\xD0\xA2", FOLD,
	    "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");
	/* Caseless text is copied. */
	ck_assert_map(txf_casemap, "\xE6\x9D\xB1\xE4\xBA\xAC \xED\x95\x9C", FOLD,
	    "\xE6\x9D\xB1\xE4\xBA\xAC \xED\x95\x9C");
}
END_TEST

START_TEST(test_fold_ascii)
{
	ck_assert_map(txf_casemap, "Hello WORLD 123!", FOLD, "hello world 123!");
	ck_assert_map(txf_casemap, "@[`{AZaz", FOLD, "@[`{azaz");
	ck_assert_map(txf_casemap, "", FOLD, "");
}
END_TEST

START_TEST(test_casemap_ascii_within_unicode)
{
	/* ASCII digits, spaces and punctuation in non-ASCII text are kept;
	 * only A-Z change.  (Regression: an early version compared
	 * cp - 'A' < 26 as signed, turning ' ' into '@' and '1' into 'Q'.) */
	ck_assert_map(txf_casemap, "Caf\xC3\xA9 1.5, \xC3\x80" "B!", FOLD,
	    "caf\xC3\xA9 1.5, \xC3\xA0" "b!");
	ck_assert_map(txf_casemap, "Caf\xC3\xA9 1.5, \xC3\x80" "B!", LOWER,
	    "caf\xC3\xA9 1.5, \xC3\xA0" "b!");
	ck_assert_map(txf_casemap, "\xC3\xA9 !\"#$%&'()*+,-./0123456789:;<=>?@"
	    "[\\]^_`{|}~\t\n", FOLD, "\xC3\xA9 !\"#$%&'()*+,-./0123456789:;<=>?@"
	    "[\\]^_`{|}~\t\n");
	ck_assert_map(txf_casemap, "\xC3\xA9 !\"#$%&'()*+,-./0123456789:;<=>?@"
	    "[\\]^_`{|}~\t\n", LOWER, "\xC3\xA9 !\"#$%&'()*+,-./0123456789:;<=>?@"
	    "[\\]^_`{|}~\t\n");
}
END_TEST

START_TEST(test_fold_worst_expansion)
{
	/* U+0390 triples in bytes; U+023A grows by half: no overflow. */
	txf_buf in = { 0 }, out = { 0 };

	for (int i = 0; i < 1000; i++)
		if (txf_buf_add(&in, "\xCE\x90", 2) != 0)
			ck_abort_msg("out of memory");
	ck_assert_int_eq(txf_casemap(in.p, in.n, FOLD, &out), 0);
	ck_assert_uint_eq(out.n, 6000);
	for (size_t i = 0; i < out.n; i += 6)
		if (memcmp(out.p + i, "\xCE\xB9\xCC\x88\xCC\x81", 6) != 0)
			ck_abort_msg("U+0390 at %zu folds to %s", i / 2,
			    show(out.p + i, 6));

	in.n = out.n = 0;
	for (int i = 0; i < 1000; i++)
		if (txf_buf_add(&in, "\xC8\xBA", 2) != 0)
			ck_abort_msg("out of memory");
	ck_assert_int_eq(txf_casemap(in.p, in.n, LOWER, &out), 0);
	ck_assert_uint_eq(out.n, 3000);
	for (size_t i = 0; i < out.n; i += 3)
		if (memcmp(out.p + i, "\xE2\xB1\xA5", 3) != 0)
			ck_abort_msg("U+023A at %zu lowers to %s", i / 2,
			    show(out.p + i, 3));
	txf_buf_free(&in);
	txf_buf_free(&out);
}
END_TEST

/* ------------------------------------------------------------------ */
/* txf_casemap: LOWER (Python's str.lower())                           */

START_TEST(test_lower_final_sigma)
{
	/* "ΟΔΟΣ" -> "οδος", final sigma. */
	ck_assert_map(txf_casemap, "\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3", LOWER,
	    "\xCE\xBF\xCE\xB4\xCE\xBF\xCF\x82");
	/* "Σ" alone: no cased letter before it. */
	ck_assert_map(txf_casemap, "\xCE\xA3", LOWER, "\xCF\x83");
	/* "ΑΣΑ": a letter follows. */
	ck_assert_map(txf_casemap, "\xCE\x91\xCE\xA3\xCE\x91", LOWER,
	    "\xCE\xB1\xCF\x83\xCE\xB1");
	/* "ΣΑΣ" -> "σας" */
	ck_assert_map(txf_casemap, "\xCE\xA3\xCE\x91\xCE\xA3", LOWER,
	    "\xCF\x83\xCE\xB1\xCF\x82");
	/* "1Σ": a digit is not cased. */
	ck_assert_map(txf_casemap, "1\xCE\xA3", LOWER, "1\xCF\x83");
}
END_TEST

START_TEST(test_lower_final_sigma_context)
{
	/* "ΑΣ." -> "ας." */
	ck_assert_map(txf_casemap, "\xCE\x91\xCE\xA3.", LOWER,
	    "\xCE\xB1\xCF\x82.");
	/* "ΟΔΟΣ ΟΔΟΣ": each word ends in ς. */
	ck_assert_map(txf_casemap, "\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3 "
	    "\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3", LOWER,
	    "\xCE\xBF\xCE\xB4\xCE\xBF\xCF\x82 \xCE\xBF\xCE\xB4\xCE\xBF\xCF\x82");
	/* Case-ignorable characters are skipped on both sides:
	 * "ΑΣ'" -> "ας'", "Α'Σ" -> "α'ς", "ΑΣ" U+0301 -> "ας" U+0301,
	 * "ΑΣ" U+0301 "Α" -> "ασ" U+0301 "α". */
	ck_assert_map(txf_casemap, "\xCE\x91\xCE\xA3'", LOWER,
	    "\xCE\xB1\xCF\x82'");
	ck_assert_map(txf_casemap, "\xCE\x91'\xCE\xA3", LOWER,
	    "\xCE\xB1'\xCF\x82");
	ck_assert_map(txf_casemap, "\xCE\x91\xCE\xA3\xCC\x81", LOWER,
	    "\xCE\xB1\xCF\x82\xCC\x81");
	ck_assert_map(txf_casemap, "\xCE\x91\xCE\xA3\xCC\x81\xCE\x91", LOWER,
	    "\xCE\xB1\xCF\x83\xCC\x81\xCE\xB1");
	/* "ΑΣ Α": a space is not case-ignorable. */
	ck_assert_map(txf_casemap, "\xCE\x91\xCE\xA3 \xCE\x91", LOWER,
	    "\xCE\xB1\xCF\x82 \xCE\xB1");
}
END_TEST

START_TEST(test_lower_special)
{
	/* U+0130 -> "i" + U+0307 */
	ck_assert_map(txf_casemap, "\xC4\xB0", LOWER, "i\xCC\x87");
	ck_assert_map(txf_casemap, "\xC4\xB0stanbul", LOWER,
	    "i\xCC\x87stanbul");
	/* Lowercasing keeps ß (unlike folding); U+1E9E -> ß. */
	ck_assert_map(txf_casemap, "STRASSE \xC3\x9F \xE1\xBA\x9E", LOWER,
	    "strasse \xC3\x9F \xC3\x9F");
	/* Titlecase DŽ; KELVIN SIGN; OHM SIGN. */
	ck_assert_map(txf_casemap, "D\xC5\xBDungla \xC7\x85", LOWER,
	    "d\xC5\xBEungla \xC7\x86");
	ck_assert_map(txf_casemap, "\xE2\x84\xAA\xE2\x84\xA6", LOWER,
	    "k\xCF\x89");
	ck_assert_map(txf_casemap, "\xD0\x9F\xD0\xA0\xD0\x98\xD0\x92\xD0\x95"
	    "\xD0\xA2", LOWER,
	    "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");
	/* Cherokee lowercases to the small letters (folding goes the
	 * other way). */
	ck_assert_map(txf_casemap, "\xE1\x8E\xA0", LOWER, "\xEA\xAD\xB0");
	ck_assert_map(txf_casemap, "Hello WORLD 123!", LOWER,
	    "hello world 123!");
}
END_TEST

START_TEST(test_case_keep)
{
	ck_assert_map(txf_casemap, "Caf\xC3\x89 \xCE\xA3 \xC4\xB0", TXF_CASE_KEEP,
	    "Caf\xC3\x89 \xCE\xA3 \xC4\xB0");
	ck_assert_map(txf_casemap, "ABC", TXF_CASE_KEEP, "ABC");
}
END_TEST

START_TEST(test_casemap_appends)
{
	txf_buf b = { 0 };

	ck_assert_int_eq(txf_buf_add(&b, "Pre:", 4), 0);
	ck_assert_int_eq(txf_casemap("\xC3\x89T\xC3\x89", 5, FOLD, &b), 0);
	ck_assert_int_eq(txf_casemap("X", 1, LOWER, &b), 0);
	ck_assert_bytes(b.p, b.n, "Pre:\xC3\xA9t\xC3\xA9x");
	txf_buf_free(&b);
}
END_TEST

/* ------------------------------------------------------------------ */
/* txf_strip_accents                                                   */

START_TEST(test_strip_accents_latin)
{
	ck_assert_strip("caf\xC3\xA9", "cafe");
	ck_assert_strip("na\xC3\xAFve", "naive");
	ck_assert_strip("cafe\xCC\x81", "cafe");
	/* "Ångström" ANGSTROM SIGN -> "Angstrom A" */
	ck_assert_strip("\xC3\x85ngstr\xC3\xB6m \xE2\x84\xAB", "Angstrom A");
	/* Vietnamese: two marks on one letter. */
	ck_assert_strip("Ti\xE1\xBA\xBFng Vi\xE1\xBB\x87t", "Tieng Viet");
}
END_TEST

START_TEST(test_strip_accents_compat)
{
	/* NFKD: compatibility characters decompose. */
	ck_assert_strip("\xEF\xAC\x81", "fi");
	ck_assert_strip("\xEF\xBC\xA1\xE2\x91\xA0", "A1");
	/* OHM SIGN -> U+03A9; ½ -> "1" U+2044 "2". */
	ck_assert_strip("\xE2\x84\xA6 \xC2\xBD", "\xCE\xA9 1\xE2\x81\x84" "2");
}
END_TEST

START_TEST(test_strip_accents_other_scripts)
{
	/* Hangul syllables decompose into conjoining jamo, which have
	 * combining class 0 and so stay, decomposed ("한국"). */
	ck_assert_strip("\xED\x95\x9C\xEA\xB5\xAD",
	    "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB"
	    "\xE1\x84\x80\xE1\x85\xAE\xE1\x86\xA8");
	/* Hebrew points go (shin + shin dot + qamats -> shin). */
	ck_assert_strip("\xD7\xA9\xD7\x81\xD6\xB8", "\xD7\xA9");
	/* A spacing mark of class 0 stays (Devanagari ka + vowel sign i). */
	ck_assert_strip("\xE0\xA4\x95\xE0\xA4\xBF", "\xE0\xA4\x95\xE0\xA4\xBF");
	/* Ideographs are untouched. */
	ck_assert_strip("\xE6\x9D\xB1\xE4\xBA\xAC", "\xE6\x9D\xB1\xE4\xBA\xAC");
}
END_TEST

START_TEST(test_strip_accents_ascii_and_append)
{
	txf_buf b = { 0 };

	ck_assert_strip("Plain ASCII, 1.5!", "Plain ASCII, 1.5!");
	ck_assert_strip("", "");
	ck_assert_int_eq(txf_buf_add(&b, "pr\xC3\xA9:", 5), 0);
	ck_assert_int_eq(txf_strip_accents("\xC3\xA9t\xC3\xA9", 5, &b), 0);
	ck_assert_int_eq(txf_strip_accents("x", 1, &b), 0);
	/* What was in the buffer before is left alone. */
	ck_assert_bytes(b.p, b.n, "pr\xC3\xA9:etex");
	txf_buf_free(&b);
}
END_TEST

Suite *
suite_normalize(void)
{
	Suite *s = suite_create("normalize");
	TCase *tc = tcase_create("normalize");

	tcase_add_test(tc, test_nfc_composes);
	tcase_add_test(tc, test_nfc_hangul);
	tcase_add_test(tc, test_nfc_second_with_class_zero);
	tcase_add_test(tc, test_nfc_keeps_compatibility);
	tcase_add_test(tc, test_nfkc);
	tcase_add_test(tc, test_norm_none_and_ascii);
	tcase_add_test(tc, test_normalize_appends);
	tcase_add_test(tc, test_fold);
	tcase_add_test(tc, test_fold_ascii);
	tcase_add_test(tc, test_casemap_ascii_within_unicode);
	tcase_add_test(tc, test_fold_worst_expansion);
	tcase_add_test(tc, test_lower_final_sigma);
	tcase_add_test(tc, test_lower_final_sigma_context);
	tcase_add_test(tc, test_lower_special);
	tcase_add_test(tc, test_case_keep);
	tcase_add_test(tc, test_casemap_appends);
	tcase_add_test(tc, test_strip_accents_latin);
	tcase_add_test(tc, test_strip_accents_compat);
	tcase_add_test(tc, test_strip_accents_other_scripts);
	tcase_add_test(tc, test_strip_accents_ascii_and_append);
	suite_add_tcase(s, tc);
	return s;
}
