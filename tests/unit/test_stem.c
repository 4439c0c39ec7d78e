/* test_stem.c - Snowball stemming through libstemmer (stem.c).
 *
 * Expected stems are the Snowball algorithms' output (checked with Debian's
 * libstemmer 2.2); they are the stems snowballstem.org documents. */
#include <stdio.h>
#include <string.h>

#include <libstemmer.h>

#include "textfeat.h"
#include "helpers.h"

/* Stem the literal w with s: expect the literal want. */
#define ck_assert_stem(s, w, want) do {                                    \
	txf_str o_ = { NULL, 0 };                                          \
	int rc_ = txf_stem((s), (w), sizeof(w) - 1, &o_);                  \
	ck_assert_msg(rc_ == 0 && same(o_.p, o_.n, (want), sizeof(want) - 1),\
	    "stem(\"%s\") = %d, \"%.*s\"; want \"%s\"", (w), rc_,          \
	    (int)o_.n, o_.p ? o_.p : "", (want));                          \
} while (0)

static txf_stemmer *
new_stemmer(const char *lang)
{
	txf_error err = { 0 };
	txf_stemmer *s = txf_stemmer_new(lang, &err);

	ck_assert_msg(s != NULL, "no stemmer for \"%s\": %d", lang, err.code);
	return s;
}

START_TEST(test_english)
{
	txf_stemmer *s = new_stemmer("english");

	ck_assert_stem(s, "running", "run");
	ck_assert_stem(s, "runs", "run");
	ck_assert_stem(s, "ran", "ran");
	ck_assert_stem(s, "generously", "generous");
	ck_assert_stem(s, "caresses", "caress");
	ck_assert_stem(s, "ponies", "poni");
	ck_assert_stem(s, "happiness", "happi");
	ck_assert_stem(s, "relational", "relat");
	ck_assert_stem(s, "rings", "ring");
	ck_assert_stem(s, "the", "the");
	ck_assert_stem(s, "", "");
	txf_stemmer_free(s);
}
END_TEST

START_TEST(test_porter_differs)
{
	/* "porter" is the original Porter algorithm, not Snowball English. */
	txf_stemmer *s = new_stemmer("porter");

	ck_assert_stem(s, "generously", "gener");
	ck_assert_stem(s, "running", "run");
	txf_stemmer_free(s);
}
END_TEST

START_TEST(test_iso_code_alias)
{
	/* libstemmer accepts ISO 639 codes: "en" is English, "fr" French. */
	txf_stemmer *en = new_stemmer("en");
	txf_stemmer *fr = new_stemmer("fr");

	ck_assert_stem(en, "generously", "generous");
	ck_assert_stem(en, "running", "run");
	ck_assert_stem(fr, "chevaux", "cheval");
	txf_stemmer_free(en);
	txf_stemmer_free(fr);
}
END_TEST

START_TEST(test_french)
{
	txf_stemmer *s = new_stemmer("french");

	ck_assert_stem(s, "continuellement", "continuel");
	ck_assert_stem(s, "majestueusement", "majestu");
	ck_assert_stem(s, "chevaux", "cheval");
	ck_assert_stem(s, "nationales", "national");
	ck_assert_stem(s, "mangeaient", "mang");
	ck_assert_stem(s, "\xC3\xA9t\xC3\xA9", "\xC3\xA9t\xC3\xA9");
	txf_stemmer_free(s);
}
END_TEST

START_TEST(test_utf8_languages)
{
	txf_stemmer *ru = new_stemmer("russian");
	txf_stemmer *de = new_stemmer("german");

	/* книги -> книг */
	ck_assert_stem(ru, "\xD0\xBA\xD0\xBD\xD0\xB8\xD0\xB3\xD0\xB8",
	    "\xD0\xBA\xD0\xBD\xD0\xB8\xD0\xB3");
	/* häuser -> haus (the umlaut is removed) */
	ck_assert_stem(de, "h\xC3\xA4user", "haus");
	txf_stemmer_free(ru);
	txf_stemmer_free(de);
}
END_TEST

START_TEST(test_result_until_next_call)
{
	txf_stemmer *a = new_stemmer("english");
	txf_stemmer *b = new_stemmer("english");
	txf_str x, y;

	/* Only the given length is read. */
	ck_assert_int_eq(txf_stem(a, "runningXYZ", 7, &x), 0);
	ck_assert_msg(same(x.p, x.n, "run", 3), "got \"%.*s\"", (int)x.n, x.p);
	/* Two stemmers do not share their results. */
	ck_assert_int_eq(txf_stem(b, "happiness", 9, &y), 0);
	ck_assert_msg(same(x.p, x.n, "run", 3), "got \"%.*s\"", (int)x.n, x.p);
	ck_assert_msg(same(y.p, y.n, "happi", 5), "got \"%.*s\"", (int)y.n,
	    y.p);
	/* Many calls on one stemmer. */
	for (int i = 0; i < 1000; i++) {
		if (txf_stem(a, "relational", 10, &x) != 0 ||
		    !same(x.p, x.n, "relat", 5) ||
		    txf_stem(a, "ponies", 6, &y) != 0 ||
		    !same(y.p, y.n, "poni", 4))
			ck_abort_msg("call %d: \"%.*s\", \"%.*s\"", i,
			    (int)x.n, x.p, (int)y.n, y.p);
	}
	txf_stemmer_free(a);
	txf_stemmer_free(b);
}
END_TEST

START_TEST(test_algorithm_failure_keeps_word)
{
	/* libstemmer 2.2's Greek stemmer fails on these words (a slice out of
	 * range, Snowball issue 204) and returns NULL as it does when out of
	 * memory.  txf_stem keeps such a word as it is; where the installed
	 * libstemmer stems it, its stem.  Either way the stemmer goes on
	 * stemming as a new one does. */
	static const char *const words[] = {
		"\xce\xb9\xcf\x83\xce\xb1\xce\xb9\xcf\x83\xce\xb1",   /* ισαισα */
		"\xce\xaf\xcf\x83\xce\xb1\xce\xb9\xcf\x83\xce\xac",   /* ίσαισά */
	};
	/* καλημέρα */
	static const char after[] = "\xce\xba\xce\xb1\xce\xbb\xce\xb7"
	    "\xce\xbc\xce\xad\xcf\x81\xce\xb1";
	txf_stemmer *s = new_stemmer("greek"), *fresh = new_stemmer("greek");
	struct sb_stemmer *sb = sb_stemmer_new("greek", "UTF_8");
	txf_str o, f;

	ck_assert_ptr_nonnull(sb);
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		size_t n = strlen(words[i]);
		const sb_symbol *r = sb_stemmer_stem(sb,
		    (const sb_symbol *)words[i], (int)n);
		ck_assert_int_eq(txf_stem(s, words[i], n, &o), 0);
		if (r == NULL)
			ck_assert_msg(o.p == words[i] && o.n == n,
			    "word %zu: \"%.*s\", not the word", i, (int)o.n,
			    o.p);
		else
			ck_assert_msg(same(o.p, o.n, (const char *)r,
			    (size_t)sb_stemmer_length(sb)), "word %zu: \"%.*s\"",
			    i, (int)o.n, o.p);
		ck_assert_int_eq(txf_stem(s, after, sizeof after - 1, &o), 0);
		ck_assert_int_eq(txf_stem(fresh, after, sizeof after - 1, &f),
		    0);
		ck_assert_msg(o.n > 0 && same(o.p, o.n, f.p, f.n),
		    "after word %zu: \"%.*s\", a new stemmer \"%.*s\"", i,
		    (int)o.n, o.p, (int)f.n, f.p);
	}
	sb_stemmer_delete(sb);
	txf_stemmer_free(s);
	txf_stemmer_free(fresh);
}
END_TEST

START_TEST(test_unknown_language)
{
	static const char *const bad[] = {
		"klingon", "", "xx", "english ", "engl"
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		txf_error err = { 0 };
		ck_assert_msg(txf_stemmer_new(bad[i], &err) == NULL,
		    "a stemmer for \"%s\"", bad[i]);
		ck_assert_int_eq(err.code, TXF_ENOENT);
		ck_assert_uint_eq(err.line, 0);
		ck_assert_ptr_nonnull(strstr(err.msg, "unknown stemmer"));
	}
}
END_TEST

START_TEST(test_languages)
{
	const char **l = txf_stem_languages();
	size_t n = 0;
	int english = 0, french = 0;

	ck_assert_ptr_nonnull(l);
	for (; l[n] != NULL; n++) {
		ck_assert_msg(l[n][0] != '\0', "empty name at %zu", n);
		english |= strcmp(l[n], "english") == 0;
		french |= strcmp(l[n], "french") == 0;
		/* Every listed language can be opened. */
		txf_error err = { 0 };
		txf_stemmer *s = txf_stemmer_new(l[n], &err);
		ck_assert_msg(s != NULL, "listed \"%s\" fails: %d", l[n],
		    err.code);
		txf_stemmer_free(s);
	}
	ck_assert_msg(english, "english not listed");
	ck_assert_msg(french, "french not listed");
	ck_assert_uint_ge(n, 15);
	/* The same static list each time. */
	ck_assert_ptr_eq(txf_stem_languages(), l);
}
END_TEST

Suite *
suite_stem(void)
{
	Suite *s = suite_create("stem");
	TCase *tc = tcase_create("stem");

	tcase_add_test(tc, test_english);
	tcase_add_test(tc, test_porter_differs);
	tcase_add_test(tc, test_iso_code_alias);
	tcase_add_test(tc, test_french);
	tcase_add_test(tc, test_utf8_languages);
	tcase_add_test(tc, test_result_until_next_call);
	tcase_add_test(tc, test_algorithm_failure_keeps_word);
	tcase_add_test(tc, test_unknown_language);
	tcase_add_test(tc, test_languages);
	suite_add_tcase(s, tc);
	return s;
}
