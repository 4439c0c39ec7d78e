/* test_tokenizer.c - the whole analysis chain through txf_tokenize()
 * (tokenizer.c, with normalize.c, wordbreak.c, stopwords.c, stem.c).
 *
 * UAX #29 expectations follow the default word boundary rules of Unicode
 * 15.0 with the tokenizer's filter: a segment is a token when it holds a
 * letter or a decimal digit (as Lucene's StandardTokenizer keeps them).
 * Word-mode expectations marked "scikit-learn" are what
 * CountVectorizer().build_analyzer() gives (sklearn 1.2, Python 3.11). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textfeat.h"
#include "helpers.h"

/* The tokens t as "[tok] [tok] ..." into out, for failure messages. */
static void
format_tokens(const txf_tokens *t, char *out, size_t size)
{
	size_t k = 0;

	out[0] = '\0';
	for (size_t i = 0; i < t->n && k + 8 < size; i++) {
		int w = snprintf(out + k, size - k, "%s[%.*s]", i ? " " : "",
		    (int)t->v[i].n, t->v[i].p);
		if (w < 0)
			break;
		k += (size_t)w;
		if (k >= size)
			k = size - 1;
	}
	if (t->n == 0)
		snprintf(out, size, "(none)");
}

/* Whether tk gives exactly the tokens want (NULL-terminated) for
 * text[0..n); msg describes what it gave otherwise. */
static int
tokens_are(txf_tokenizer *tk, const char *text, size_t n,
           const char *const *want, char *msg, size_t size)
{
	txf_tokens t = { NULL, 0, { NULL, 0 } };
	size_t nwant = 0;
	int rc = txf_tokenize(tk, text, n, &t);
	int ok = rc == 0;

	while (want[nwant] != NULL)
		nwant++;
	ok = ok && t.n == nwant;
	for (size_t i = 0; ok && i < nwant; i++)
		ok = t.v[i].n == strlen(want[i]) &&
		    memcmp(t.v[i].p, want[i], t.v[i].n) == 0;
	/* When the tokenizer offers them joined, the string must be the
	 * tokens with single spaces between them. */
	if (ok && t.joined.p != NULL) {
		char joined[1024];
		size_t k = 0;
		for (size_t i = 0; i < nwant && k < sizeof joined; i++)
			k += (size_t)snprintf(joined + k, sizeof joined - k,
			    "%s%s", i > 0 ? " " : "", want[i]);
		ok = t.joined.n == k && memcmp(t.joined.p, joined, k) == 0;
	}
	if (!ok) {
		char got[1024];
		size_t k;
		format_tokens(&t, got, sizeof got);
		k = (size_t)snprintf(msg, size, "rc %d, got %s; want", rc, got);
		for (size_t i = 0; i < nwant && k < size; i++)
			k += (size_t)snprintf(msg + k, size - k, " [%s]",
			    want[i]);
		if (nwant == 0 && k < size)
			snprintf(msg + k, size - k, " (none)");
	}
	return ok;
}

/* Assert the tokens of the literal text: ck_assert_tokens(tk, "a b",
 * "a", "b") or, for none, ck_assert_tokens(tk, "", NULL). */
#define ck_assert_tokens(tk, text, ...) do {                               \
	static const char *const want_[] = { __VA_ARGS__, NULL };          \
	char msg_[2048];                                                   \
	ck_assert_msg(tokens_are((tk), (text), sizeof(text) - 1, want_,    \
	    msg_, sizeof msg_), "tokens of \"%s\": %s", (text), msg_);     \
} while (0)

static txf_tokenizer *
tokenizer(const txf_tokopts *o)
{
	txf_tokenizer *tk = txf_tokenizer_new(o);

	ck_assert_ptr_nonnull(tk);
	return tk;
}

/* A tokenizer with the defaults but for mode, normalization and case. */
static txf_tokenizer *
tokenizer3(enum txf_mode mode, enum txf_norm norm, enum txf_case casing)
{
	txf_tokopts o;

	txf_tokopts_init(&o);
	o.mode = mode;
	o.norm = norm;
	o.casing = casing;
	return tokenizer(&o);
}

START_TEST(test_tokopts_defaults)
{
	txf_tokopts o;

	memset(&o, 0x5A, sizeof o);
	txf_tokopts_init(&o);
	ck_assert_int_eq(o.mode, TXF_MODE_UAX29);
	ck_assert_int_eq(o.norm, TXF_NORM_NFKC);
	ck_assert_int_eq(o.casing, TXF_CASE_FOLD);
	ck_assert_int_eq(o.strip_accents, 0);
	ck_assert_uint_eq(o.min_len, 1);
	ck_assert_uint_eq(o.max_len, 0);
	ck_assert_ptr_null(o.stop);
	ck_assert_ptr_null(o.stem);
}
END_TEST

/* ------------------------------------------------------------------ */
/* UAX #29 mode                                                        */

START_TEST(test_default_latin)
{
	txf_tokopts o;
	txf_tokenizer *tk;

	txf_tokopts_init(&o);
	tk = tokenizer(&o);
	/* Apostrophe and point inside words and numbers join (WB6, WB7,
	 * WB11, WB12); the final point of "e.g." does not; '_' joins. */
	ck_assert_tokens(tk, "Hello, World! can't 3.14 e.g. foo_bar",
	    "hello", "world", "can't", "3.14", "e.g", "foo_bar");
	ck_assert_tokens(tk, "1,000.50 state-of-the-art foo@example.com",
	    "1,000.50", "state", "of", "the", "art", "foo", "example.com");
	/* ':' is MidLetter; segments of only '_' are no tokens. */
	ck_assert_tokens(tk, "a:b x.y.z _a_ ___ abc123 4x4 'quoted'",
	    "a:b", "x.y.z", "_a_", "abc123", "4x4", "quoted");
	ck_assert_tokens(tk, "line one\r\nline\ttwo\n", "line", "one", "line",
	    "two");
	txf_tokenizer_free(tk);
}
END_TEST

START_TEST(test_default_unicode)
{
	txf_tokenizer *tk = tokenizer3(TXF_MODE_UAX29, TXF_NORM_NFKC,
	    TXF_CASE_FOLD);

	/* The same rules in text that is not ASCII; ASCII digits and
	 * punctuation come through case folding unchanged. */
	ck_assert_tokens(tk,
	    "Caf\xC3\xA9 2020, ok. \xC3\x9Cn\xC3\xAF" "c\xC3\xB6" "d\xC3\xA9 "
	    "can't 3.14 e.g. foo_bar",
	    "caf\xC3\xA9", "2020", "ok", "\xC3\xBCn\xC3\xAF" "c\xC3\xB6" "d\xC3\xA9",
	    "can't", "3.14", "e.g", "foo_bar");
	/* U+2019 RIGHT SINGLE QUOTATION MARK is MidNumLet: one word. */
	ck_assert_tokens(tk, "can\xE2\x80\x99t l'\xC3\xA9t\xC3\xA9",
	    "can\xE2\x80\x99t", "l'\xC3\xA9t\xC3\xA9");
	/* Hebrew, with a double quote inside an acronym (WB7b, WB7c). */
	ck_assert_tokens(tk, "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD7\xA6\xD7\x94\""
	    "\xD7\x9C", "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D",
	    "\xD7\xA6\xD7\x94\"\xD7\x9C");
	txf_tokenizer_free(tk);
}
END_TEST

START_TEST(test_cjk)
{
	txf_tokenizer *tk = tokenizer3(TXF_MODE_UAX29, TXF_NORM_NFKC,
	    TXF_CASE_FOLD);

	/* 東京タワー: ideographs one by one, the katakana run joined. */
	ck_assert_tokens(tk, "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x82\xBF\xE3\x83\xAF"
	    "\xE3\x83\xBC", "\xE6\x9D\xB1", "\xE4\xBA\xAC",
	    "\xE3\x82\xBF\xE3\x83\xAF\xE3\x83\xBC");
	/* カタカナとひらがな: hiragana one by one. */
	ck_assert_tokens(tk, "\xE3\x82\xAB\xE3\x82\xBF\xE3\x82\xAB\xE3\x83\x8A"
	    "\xE3\x81\xA8\xE3\x81\xB2\xE3\x82\x89\xE3\x81\x8C\xE3\x81\xAA",
	    "\xE3\x82\xAB\xE3\x82\xBF\xE3\x82\xAB\xE3\x83\x8A", "\xE3\x81\xA8",
	    "\xE3\x81\xB2", "\xE3\x82\x89", "\xE3\x81\x8C", "\xE3\x81\xAA");
	/* 東京2020 and 東京２０２０ (fullwidth digits, NFKC): the number
	 * is a token of its own. */
	ck_assert_tokens(tk, "\xE6\x9D\xB1\xE4\xBA\xAC" "2020",
	    "\xE6\x9D\xB1", "\xE4\xBA\xAC", "2020");
	ck_assert_tokens(tk, "\xE6\x9D\xB1\xE4\xBA\xAC\xEF\xBC\x92\xEF\xBC\x90"
	    "\xEF\xBC\x92\xEF\xBC\x90", "\xE6\x9D\xB1", "\xE4\xBA\xAC", "2020");
	txf_tokenizer_free(tk);
}
END_TEST

START_TEST(test_emoji_dropped)
{
	txf_tokenizer *tk = tokenizer3(TXF_MODE_UAX29, TXF_NORM_NFKC,
	    TXF_CASE_FOLD);

	/* ❤️ (with VS16), 👍🏽 (skin tone), 🇯🇵 (flag), 👨‍👩‍👧 (ZWJ
	 * sequence), 😀😀: segments without a letter or digit. */
	ck_assert_tokens(tk, "I \xE2\x9D\xA4\xEF\xB8\x8F NY "
	    "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD \xF0\x9F\x87\xAF\xF0\x9F\x87\xB5 "
	    "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D"
	    "\xF0\x9F\x91\xA7 \xF0\x9F\x98\x80\xF0\x9F\x98\x80", "i", "ny");
	ck_assert_tokens(tk, "\xF0\x9F\x98\x80", NULL);
	ck_assert_tokens(tk, "coffee\xE2\x98\x95 x\xF0\x9F\x98\x80y",
	    "coffee", "x", "y");
	txf_tokenizer_free(tk);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Word and space modes                                                */

START_TEST(test_word_mode)
{
	txf_tokenizer *tk = tokenizer3(TXF_MODE_WORD, TXF_NORM_NFKC,
	    TXF_CASE_FOLD);

	/* Runs of \w, one-character runs included. */
	ck_assert_tokens(tk, "Hello, World! can't 3.14 e.g. foo_bar",
	    "hello", "world", "can", "t", "3", "14", "e", "g", "foo_bar");
	ck_assert_tokens(tk, "__ a_1 -x-", "__", "a_1", "x");
	/* 東京タワー is one run. */
	ck_assert_tokens(tk, "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x82\xBF\xE3\x83\xAF"
	    "\xE3\x83\xBC!", "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x82\xBF\xE3\x83\xAF"
	    "\xE3\x83\xBC");
	txf_tokenizer_free(tk);

	/* Numbers of every kind are \w (str.isalnum()), marks are not. */
	tk = tokenizer3(TXF_MODE_WORD, TXF_NORM_NONE, TXF_CASE_KEEP);
	ck_assert_tokens(tk, "a \xC2\xBD \xE2\x85\xA7 x\xC2\xB2 \xD9\xA1\xD9\xA2",
	    "a", "\xC2\xBD", "\xE2\x85\xA7", "x\xC2\xB2", "\xD9\xA1\xD9\xA2");
	ck_assert_tokens(tk, "cafe\xCC\x81s", "cafe", "s");
	txf_tokenizer_free(tk);
}
END_TEST

/* Word mode on ASCII text, read 8 bytes at a time: every ASCII byte, at
 * every place in a word of the text, joins a run exactly when it is a
 * letter, a digit or '_' (as isalnum() or '_' in the C locale). */
START_TEST(test_word_mode_every_ascii_byte)
{
	txf_tokenizer *tk = tokenizer3(TXF_MODE_WORD, TXF_NORM_NONE,
	    TXF_CASE_KEEP);
	char text[140];     /* across two 64-byte blocks of the short cut */
	txf_tokens t;

	for (int c = 1; c < 128; c++) {
		int word = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		    (c >= 'a' && c <= 'z') || c == '_';
		for (size_t at = 1; at + 1 < sizeof text; at++) {
			/* "aaa...a" with c at place at */
			memset(text, 'a', sizeof text);
			text[at] = (char)c;
			ck_assert_int_eq(txf_tokenize(tk, text, sizeof text, &t),
			    0);
			if (word) {
				ck_assert_uint_eq(t.n, 1);
				ck_assert_uint_eq(t.v[0].n, sizeof text);
			} else {
				ck_assert_msg(t.n == 2, "byte %d at %zu: %zu "
				    "tokens", c, at, t.n);
				ck_assert_uint_eq(t.v[0].n, at);
				ck_assert_uint_eq(t.v[1].n, sizeof text - at - 1);
			}
		}
	}
	txf_tokenizer_free(tk);
}
END_TEST

START_TEST(test_word_mode_sklearn)
{
	/* token_pattern r"(?u)\b\w\w+\b", lowercase=True: word mode with
	 * str.lower(), no normalization and min_len = 2. */
	txf_tokopts o;
	txf_tokenizer *tk;

	txf_tokopts_init(&o);
	o.mode = TXF_MODE_WORD;
	o.norm = TXF_NORM_NONE;
	o.casing = TXF_CASE_LOWER;
	o.min_len = 2;
	tk = tokenizer(&o);
	ck_assert_tokens(tk, "Hello, World! can't 3.14 e.g. foo_bar x",
	    "hello", "world", "can", "14", "foo_bar");
	ck_assert_tokens(tk, "Hello, World! can't 3.14 e.g. foo_bar x "
	    "\xC3\x89" "COLE na\xC3\xAFve \xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3 "
	    "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x82\xBF\xE3\x83\xAF\xE3\x83\xBC",
	    "hello", "world", "can", "14", "foo_bar", "\xC3\xA9" "cole",
	    "na\xC3\xAFve", "\xCE\xBF\xCE\xB4\xCE\xBF\xCF\x82",
	    "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x82\xBF\xE3\x83\xAF\xE3\x83\xBC");
	/* cafe + U+0301, a²b, ①②, x², ١٢٣, ½, Ⅷ */
	ck_assert_tokens(tk, "cafe\xCC\x81 a\xC2\xB2" "b \xE2\x91\xA0\xE2\x91\xA1 "
	    "x\xC2\xB2 \xD9\xA1\xD9\xA2\xD9\xA3 \xC2\xBD \xE2\x85\xA7",
	    "cafe", "a\xC2\xB2" "b", "\xE2\x91\xA0\xE2\x91\xA1", "x\xC2\xB2",
	    "\xD9\xA1\xD9\xA2\xD9\xA3");
	txf_tokenizer_free(tk);
}
END_TEST

START_TEST(test_space_mode)
{
	txf_tokenizer *tk = tokenizer3(TXF_MODE_SPACE, TXF_NORM_NFKC,
	    TXF_CASE_FOLD);

	ck_assert_tokens(tk, "  Hello,\tWorld!\ncan't \x0B\x0C\r ",
	    "hello,", "world!", "can't");
	ck_assert_tokens(tk, "Caf\xC3\xA9, 2020!", "caf\xC3\xA9,", "2020!");
	txf_tokenizer_free(tk);

	/* What str.split() splits on: NBSP, U+3000, U+2028, U+0085 and the
	 * separators U+001C..U+001F, but not U+200B ZERO WIDTH SPACE. */
	tk = tokenizer3(TXF_MODE_SPACE, TXF_NORM_NONE, TXF_CASE_KEEP);
	ck_assert_tokens(tk, "a\xC2\xA0" "b\xE3\x80\x80" "c\xE2\x80\xA8"
	    "d\xE2\x80\x8B" "e\x1F" "f\xC2\x85" "g", "a", "b", "c",
	    "d\xE2\x80\x8B" "e", "f", "g");
	ck_assert_tokens(tk, "x\x1Cy\x1Dz", "x", "y", "z");
	txf_tokenizer_free(tk);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Filters                                                             */

#define TOKYO_CAFE \
	"\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x82\xBF\xE3\x83\xAF\xE3\x83\xBC " \
	"caf\xC3\xA9 na\xC3\xAFve"

START_TEST(test_min_max_len_code_points)
{
	/* 東 is 1 code point (3 bytes), タワー 3 (9 bytes), café 4 (5),
	 * naïve 5 (6). */
	txf_tokopts o;
	txf_tokenizer *tk;

	txf_tokopts_init(&o);
	o.max_len = 2;
	tk = tokenizer(&o);
	ck_assert_tokens(tk, TOKYO_CAFE, "\xE6\x9D\xB1", "\xE4\xBA\xAC");
	txf_tokenizer_free(tk);

	o.max_len = 4;
	tk = tokenizer(&o);
	ck_assert_tokens(tk, TOKYO_CAFE, "\xE6\x9D\xB1", "\xE4\xBA\xAC",
	    "\xE3\x82\xBF\xE3\x83\xAF\xE3\x83\xBC", "caf\xC3\xA9");
	txf_tokenizer_free(tk);

	o.max_len = 0;
	o.min_len = 4;
	tk = tokenizer(&o);
	ck_assert_tokens(tk, TOKYO_CAFE, "caf\xC3\xA9", "na\xC3\xAFve");
	txf_tokenizer_free(tk);

	o.min_len = 5;
	tk = tokenizer(&o);
	ck_assert_tokens(tk, TOKYO_CAFE, "na\xC3\xAFve");
	txf_tokenizer_free(tk);

	o.min_len = 2;
	o.max_len = 3;
	tk = tokenizer(&o);
	ck_assert_tokens(tk, TOKYO_CAFE, "\xE3\x82\xBF\xE3\x83\xAF\xE3\x83\xBC");
	ck_assert_tokens(tk, "a bb ccc dddd", "bb", "ccc");
	txf_tokenizer_free(tk);

	/* min_len 0 is no limit either. */
	o.min_len = 0;
	o.max_len = 0;
	tk = tokenizer(&o);
	ck_assert_tokens(tk, "a bb", "a", "bb");
	txf_tokenizer_free(tk);
}
END_TEST

START_TEST(test_stop_words)
{
	txf_stopset *stop = txf_stopset_new();
	txf_tokopts o;
	txf_tokenizer *tk;

	ck_assert_int_eq(txf_stopset_add(stop, "the", 3), 0);
	ck_assert_int_eq(txf_stopset_add(stop, "of", 2), 0);
	ck_assert_int_eq(txf_stopset_add(stop, "caf\xC3\xA9", 5), 0);
	txf_tokopts_init(&o);
	o.stop = stop;
	tk = tokenizer(&o);
	/* Stop words are matched after case folding. */
	ck_assert_tokens(tk, "The Lord of the Rings", "lord", "rings");
	ck_assert_tokens(tk, "The Lord of the Rings CAF\xC3\x89 caf\xC3\xA9s",
	    "lord", "rings", "caf\xC3\xA9s");
	ck_assert_tokens(tk, "the of THE", NULL);
	txf_tokenizer_free(tk);

	/* Word mode too. */
	o.mode = TXF_MODE_WORD;
	tk = tokenizer(&o);
	ck_assert_tokens(tk, "the-end of_it", "end", "of_it");
	txf_tokenizer_free(tk);
	txf_stopset_free(stop);
}
END_TEST

START_TEST(test_stemmer)
{
	txf_error err = { 0 };
	txf_stemmer *stem = txf_stemmer_new("english", &err);
	txf_stopset *stop = txf_stopset_new();
	txf_tokopts o;
	txf_tokenizer *tk;

	ck_assert_ptr_nonnull(stem);
	txf_tokopts_init(&o);
	o.stem = stem;
	tk = tokenizer(&o);
	ck_assert_tokens(tk, "Running runs generously", "run", "run",
	    "generous");
	ck_assert_tokens(tk, "Running caf\xC3\xA9s ponies", "run",
	    "caf\xC3\xA9", "poni");
	txf_tokenizer_free(tk);

	/* Stop words are removed before stemming: "running" is a stop word,
	 * "runs" is not, though both stem to "run". */
	ck_assert_int_eq(txf_stopset_add(stop, "running", 7), 0);
	o.stop = stop;
	tk = tokenizer(&o);
	ck_assert_tokens(tk, "running runs", "run");
	txf_tokenizer_free(tk);
	txf_stopset_free(stop);
	txf_stemmer_free(stem);
}
END_TEST

START_TEST(test_stemmer_many_tokens)
{
	/* Enough stemmed tokens that their storage moves while it grows. */
	txf_error err = { 0 };
	txf_stemmer *stem = txf_stemmer_new("english", &err);
	txf_tokopts o;
	txf_tokenizer *tk;
	txf_buf text = { 0 };
	txf_tokens t;

	txf_tokopts_init(&o);
	o.stem = stem;
	tk = tokenizer(&o);
	for (int i = 0; i < 3000; i++)
		if (txf_buf_add(&text, i % 2 ? "happiness " : "relational ",
		    i % 2 ? 10 : 11) != 0)
			ck_abort_msg("out of memory");
	ck_assert_int_eq(txf_tokenize(tk, text.p, text.n, &t), 0);
	ck_assert_uint_eq(t.n, 3000);
	for (size_t i = 0; i < t.n; i++) {
		const char *want = i % 2 ? "happi" : "relat";
		if (t.v[i].n != 5 || memcmp(t.v[i].p, want, 5) != 0)
			ck_abort_msg("token %zu is \"%.*s\", want \"%s\"", i,
			    (int)t.v[i].n, t.v[i].p, want);
	}
	txf_buf_free(&text);
	txf_tokenizer_free(tk);
	txf_stemmer_free(stem);
}
END_TEST

START_TEST(test_strip_accents)
{
	txf_tokopts o;
	txf_tokenizer *tk;

	txf_tokopts_init(&o);
	o.strip_accents = 1;
	tk = tokenizer(&o);
	ck_assert_tokens(tk, "Caf\xC3\xA9 na\xC3\xAFve \xC3\x85ngstr\xC3\xB6m",
	    "cafe", "naive", "angstrom");
	txf_tokenizer_free(tk);

	o.strip_accents = 0;
	tk = tokenizer(&o);
	ck_assert_tokens(tk, "Caf\xC3\xA9 na\xC3\xAFve \xC3\x85ngstr\xC3\xB6m",
	    "caf\xC3\xA9", "na\xC3\xAFve", "\xC3\xA5ngstr\xC3\xB6m");
	txf_tokenizer_free(tk);
}
END_TEST

START_TEST(test_lower_fold_keep)
{
	/* "Straße ΟΔΟΣ" */
	txf_tokenizer *tk = tokenizer3(TXF_MODE_UAX29, TXF_NORM_NFKC,
	    TXF_CASE_LOWER);

	ck_assert_tokens(tk, "Stra\xC3\x9F" "e \xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3",
	    "stra\xC3\x9F" "e", "\xCE\xBF\xCE\xB4\xCE\xBF\xCF\x82");
	txf_tokenizer_free(tk);

	tk = tokenizer3(TXF_MODE_UAX29, TXF_NORM_NFKC, TXF_CASE_FOLD);
	ck_assert_tokens(tk, "Stra\xC3\x9F" "e \xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3",
	    "strasse", "\xCE\xBF\xCE\xB4\xCE\xBF\xCF\x83");
	txf_tokenizer_free(tk);

	tk = tokenizer3(TXF_MODE_UAX29, TXF_NORM_NFKC, TXF_CASE_KEEP);
	ck_assert_tokens(tk, "Stra\xC3\x9F" "e \xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3",
	    "Stra\xC3\x9F" "e", "\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3");
	ck_assert_tokens(tk, "Hello World", "Hello", "World");
	txf_tokenizer_free(tk);
}
END_TEST

START_TEST(test_normalization_in_chain)
{
	/* ﬁne, fullwidth Ｈｅｌｌｏ, ① */
	static const char text[] = "\xEF\xAC\x81" "ne "
	    "\xEF\xBC\xA8\xEF\xBD\x85\xEF\xBD\x8C\xEF\xBD\x8C\xEF\xBD\x8F "
	    "\xE2\x91\xA0";
	txf_tokenizer *tk;

	tk = tokenizer3(TXF_MODE_UAX29, TXF_NORM_NFKC, TXF_CASE_FOLD);
	ck_assert_tokens(tk, text, "fine", "hello", "1");
	txf_tokenizer_free(tk);

	/* NFC keeps the compatibility characters; ① (No) is no token. */
	tk = tokenizer3(TXF_MODE_UAX29, TXF_NORM_NFC, TXF_CASE_KEEP);
	ck_assert_tokens(tk, text, "\xEF\xAC\x81" "ne",
	    "\xEF\xBC\xA8\xEF\xBD\x85\xEF\xBD\x8C\xEF\xBD\x8C\xEF\xBD\x8F");
	txf_tokenizer_free(tk);

	/* Decomposed input is composed before segmentation. */
	tk = tokenizer3(TXF_MODE_WORD, TXF_NORM_NFC, TXF_CASE_FOLD);
	ck_assert_tokens(tk, "Cafe\xCC\x81s", "caf\xC3\xA9s");
	txf_tokenizer_free(tk);
}
END_TEST

/* Accent stripping decomposes compatibility characters after case
 * mapping, as scikit-learn's strip_accents='unicode' after lowercase=True
 * does: without NFKC, the letters it gives keep their case, so this one
 * option set is not idempotent (tokenize(1), Idempotence; the analysis
 * fuzz target and test_idempotent_every_option_set leave it out). */
START_TEST(test_strip_accents_compat_case)
{
	/* U+1D3C MODIFIER LETTER CAPITAL O, U+1D400 MATHEMATICAL BOLD
	 * CAPITAL A, U+03F9 GREEK CAPITAL LUNATE SIGMA */
	static const char text[] = "\xE1\xB4\xBCk \xF0\x9D\x90\x80 "
	    "\xCE\xB1\xCF\xB9";
	txf_tokopts o;
	txf_tokenizer *tk;

	txf_tokopts_init(&o);
	o.strip_accents = 1;
	o.casing = TXF_CASE_LOWER;
	o.norm = TXF_NORM_NONE;
	o.mode = TXF_MODE_WORD;
	tk = tokenizer(&o);
	/* scikit-learn 1.2: ['Ok', 'A', 'ας'] */
	ck_assert_tokens(tk, text, "Ok", "A", "\xCE\xB1\xCF\x82");
	txf_tokenizer_free(tk);
	/* NFKC decomposes them before case mapping. */
	o.norm = TXF_NORM_NFKC;
	tk = tokenizer(&o);
	ck_assert_tokens(tk, text, "ok", "a", "\xCE\xB1\xCF\x82");
	txf_tokenizer_free(tk);
	o.casing = TXF_CASE_FOLD;
	tk = tokenizer(&o);
	ck_assert_tokens(tk, text, "ok", "a", "\xCE\xB1\xCF\x83");
	txf_tokenizer_free(tk);
}
END_TEST

/* U+202F NARROW NO-BREAK SPACE joins words under UAX #29 (WB13a/b) but
 * is white space: it ends a token, as it does after NFKC (issue 11). */
START_TEST(test_narrow_nbsp_ends_tokens)
{
	static const char text[] = "A\xE2\x80\xAF" "B 10\xE2\x80\xAF" "000 "
	    "x\xE2\x80\xAF \xE2\x80\xAFy";
	for (int norm = TXF_NORM_NONE; norm <= TXF_NORM_NFKC; norm++) {
		txf_tokenizer *tk = tokenizer3(TXF_MODE_UAX29,
		    (enum txf_norm)norm, TXF_CASE_KEEP);
		ck_assert_tokens(tk, text, "A", "B", "10", "000", "x", "y");
		/* A blank before marks that are letters (U+FF9E; NFKC
		 * makes it U+3099, a mark that is no letter). */
		if (norm != TXF_NORM_NFKC)
			ck_assert_tokens(tk, "x \xEF\xBE\x9E", "x",
			    "\xEF\xBE\x9E");
		txf_tokenizer_free(tk);
	}
}
END_TEST

/* The UAX #29 segmenter looks blanks up only after lead bytes C2, E1, E2
 * and E3: no other non-ASCII blank exists. */
START_TEST(test_blank_lead_bytes)
{
	for (int32_t cp = 0x80; cp < 0x110000; cp++) {
		char b[4];
		if (cp >= 0xD800 && cp < 0xE000)
			continue;
		if (!txf_is_space(cp) && cp >= 0xA0)
			continue;
		txf_utf8_encode(cp, b);
		unsigned char c = (unsigned char)b[0];
		ck_assert_msg(c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xE3,
		    "blank U+%04X starts with %02X", (unsigned)cp, c);
	}
}
END_TEST

/* Idempotence for every option set without stemming or length limits
 * (tokenize(1)) but accent stripping after case mapping without NFKC
 * (test_strip_accents_compat_case): over every code point that NFKC
 * changes or that is a blank, inside a word and alone, the tokens
 * tokenized again in whitespace mode with the same stages are the same
 * tokens. */
START_TEST(test_idempotent_every_option_set)
{
	txf_buf nf = { 0 };
	int32_t *cps = NULL;
	size_t ncp = 0, cap = 0;

	for (int32_t cp = 0x80; cp < 0x110000; cp++) {
		char b[4];
		if (cp >= 0xD800 && cp < 0xE000)
			continue;
		int len = txf_utf8_encode(cp, b);
		nf.n = 0;
		ck_assert_int_eq(txf_normalize(b, (size_t)len, TXF_NORM_NFKC,
		    &nf), 0);
		if (!txf_is_space(cp) && nf.n == (size_t)len &&
		    memcmp(nf.p, b, nf.n) == 0)
			continue;
		if (ncp == cap) {
			cap = cap ? 2 * cap : 1024;
			cps = realloc(cps, cap * sizeof *cps);
			ck_assert_ptr_nonnull(cps);
		}
		cps[ncp++] = cp;
	}
	ck_assert_uint_gt(ncp, 4000);
	for (int set = 0; set < 54; set++) {
		txf_tokopts o, o2;
		txf_tokopts_init(&o);
		o.mode = (enum txf_mode)(set % 3);
		o.norm = (enum txf_norm)(set / 3 % 3);
		o.casing = (enum txf_case)(set / 9 % 3);
		o.strip_accents = set / 27 % 2;
		if (o.strip_accents && o.casing != TXF_CASE_KEEP &&
		    o.norm != TXF_NORM_NFKC)
			continue;
		o2 = o;
		o2.mode = TXF_MODE_SPACE;
		txf_tokenizer *tk = tokenizer(&o), *tk2 = tokenizer(&o2);
		for (size_t i = 0; i < ncp; i++) {
			char text[32], j1[512], j2[512];
			size_t n = 0, n1 = 0, n2 = 0;
			txf_tokens t;
			text[n++] = 'A';
			n += (size_t)txf_utf8_encode(cps[i], text + n);
			text[n++] = 'a';
			text[n++] = ' ';
			n += (size_t)txf_utf8_encode(cps[i], text + n);
			ck_assert_int_eq(txf_tokenize(tk, text, n, &t), 0);
			for (size_t k = 0; k < t.n; k++) {
				ck_assert_uint_lt(n1 + t.v[k].n, sizeof j1);
				if (k > 0)
					j1[n1++] = ' ';
				memcpy(j1 + n1, t.v[k].p, t.v[k].n);
				n1 += t.v[k].n;
			}
			ck_assert_int_eq(txf_tokenize(tk2, j1, n1, &t), 0);
			for (size_t k = 0; k < t.n; k++) {
				ck_assert_uint_lt(n2 + t.v[k].n, sizeof j2);
				if (k > 0)
					j2[n2++] = ' ';
				memcpy(j2 + n2, t.v[k].p, t.v[k].n);
				n2 += t.v[k].n;
			}
			ck_assert_msg(n1 == n2 && memcmp(j1, j2, n1) == 0,
			    "options %d, U+%04X: '%.*s' then '%.*s'", set,
			    (unsigned)cps[i], (int)n1, j1, (int)n2, j2);
		}
		txf_tokenizer_free(tk);
		txf_tokenizer_free(tk2);
	}
	free(cps);
	txf_buf_free(&nf);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Edge cases and the tokenizer object                                 */

START_TEST(test_empty_and_blank)
{
	static const enum txf_mode modes[] = {
		TXF_MODE_UAX29, TXF_MODE_WORD, TXF_MODE_SPACE
	};

	for (size_t i = 0; i < 3; i++) {
		txf_tokenizer *tk = tokenizer3(modes[i], TXF_NORM_NFKC,
		    TXF_CASE_FOLD);
		txf_tokens t = { NULL, 99, { NULL, 0 } };
		ck_assert_int_eq(txf_tokenize(tk, "", 0, &t), 0);
		ck_assert_uint_eq(t.n, 0);
		ck_assert_tokens(tk, "   \t  ", NULL);
		ck_assert_tokens(tk, "\n", NULL);
		/* NBSP, U+3000 */
		ck_assert_tokens(tk, " \xC2\xA0 \xE3\x80\x80 ", NULL);
		txf_tokenizer_free(tk);
	}
}
END_TEST

START_TEST(test_next_call_resets)
{
	txf_tokenizer *tk = tokenizer3(TXF_MODE_UAX29, TXF_NORM_NFKC,
	    TXF_CASE_FOLD);

	ck_assert_tokens(tk, "a b c", "a", "b", "c");
	ck_assert_tokens(tk, "d", "d");
	ck_assert_tokens(tk, "", NULL);
	ck_assert_tokens(tk, "\xC3\xA9 f", "\xC3\xA9", "f");
	txf_tokenizer_free(tk);
}
END_TEST

START_TEST(test_options_copied)
{
	txf_tokopts o;
	txf_tokenizer *tk;

	txf_tokopts_init(&o);
	tk = tokenizer(&o);
	o.mode = TXF_MODE_SPACE;
	o.casing = TXF_CASE_KEEP;
	o.min_len = 10;
	ck_assert_tokens(tk, "A,b", "a", "b");
	txf_tokenizer_free(tk);
}
END_TEST

START_TEST(test_many_tokens)
{
	txf_tokenizer *tk = tokenizer3(TXF_MODE_UAX29, TXF_NORM_NFKC,
	    TXF_CASE_FOLD);
	txf_buf text = { 0 };
	txf_tokens t;
	char w[32];

	/* ASCII text, then the same with a non-ASCII word at the end. */
	for (int pass = 0; pass < 2; pass++) {
		text.n = 0;
		for (int i = 0; i < 10000; i++) {
			int k = snprintf(w, sizeof w, "W%d ", i);
			if (txf_buf_add(&text, w, (size_t)k) != 0)
				ck_abort_msg("out of memory");
		}
		if (pass == 1)
			ck_assert_int_eq(txf_buf_add(&text, "\xC3\xA9", 2), 0);
		ck_assert_int_eq(txf_tokenize(tk, text.p, text.n, &t), 0);
		ck_assert_uint_eq(t.n, 10000u + (unsigned)pass);
		for (int i = 0; i < 10000; i++) {
			int k = snprintf(w, sizeof w, "w%d", i);
			if (t.v[i].n != (size_t)k ||
			    memcmp(t.v[i].p, w, (size_t)k) != 0)
				ck_abort_msg("pass %d token %d is \"%.*s\"",
				    pass, i, (int)t.v[i].n, t.v[i].p);
		}
	}
	txf_buf_free(&text);
	txf_tokenizer_free(tk);
}
END_TEST

/* The tokens of text[0..n) joined by '\n' (which no token holds). */
static void
joined(txf_tokenizer *tk, const char *text, size_t n, txf_buf *out)
{
	txf_tokens t;

	out->n = 0;
	if (txf_tokenize(tk, text, n, &t) != 0)
		ck_abort_msg("txf_tokenize failed on \"%.*s\"", (int)n, text);
	for (size_t i = 0; i < t.n; i++)
		if (txf_buf_add(out, t.v[i].p, t.v[i].n) != 0 ||
		    txf_buf_add(out, "\n", 1) != 0)
			ck_abort_msg("out of memory");
}

START_TEST(test_ascii_same_as_unicode_path)
{
	/* ASCII text may take a short cut; appending " é" forces the
	 * general path.  Both must give the same tokens (plus "é").  Texts
	 * of up to 150 bytes: the short cuts go 16 and 64 bytes at a
	 * time. */
	static const char alpha[] = "aZ09_.:,;'\" -\t@!\n\rx";
	static const enum txf_mode modes[] = {
		TXF_MODE_UAX29, TXF_MODE_WORD, TXF_MODE_SPACE
	};
	static const enum txf_case cases[] = {
		TXF_CASE_FOLD, TXF_CASE_KEEP
	};
	uint32_t seed = 12345;
	txf_buf a = { 0 }, b = { 0 };
	char s[160];

	for (size_t m = 0; m < 3; m++)
		for (size_t c = 0; c < 2; c++) {
			txf_tokenizer *tk = tokenizer3(modes[m], TXF_NORM_NFKC,
			    cases[c]);
			for (int iter = 0; iter < 4000; iter++) {
				size_t n;
				seed = seed * 1103515245u + 12345u;
				n = (seed >> 16) % 150;
				for (size_t i = 0; i < n; i++) {
					seed = seed * 1103515245u + 12345u;
					s[i] = alpha[(seed >> 16) %
					    (sizeof alpha - 1)];
				}
				joined(tk, s, n, &a);
				memcpy(s + n, " \xC3\xA9", 3);
				joined(tk, s, n + 3, &b);
				if (!(b.n >= 3 && b.n - 3 == a.n &&
				    memcmp(b.p + a.n, "\xC3\xA9\n", 3) == 0 &&
				    (a.n == 0 || memcmp(a.p, b.p, a.n) == 0)))
					ck_abort_msg("mode %zu case %zu: \"%.*s\" "
					    "gives\n%.*sbut with \" \xC3\xA9\" "
					    "appended\n%.*s", m, c, (int)n, s,
					    (int)a.n, a.p ? a.p : "", (int)b.n,
					    b.p ? b.p : "");
			}
			txf_tokenizer_free(tk);
		}
	txf_buf_free(&a);
	txf_buf_free(&b);
}
END_TEST

START_TEST(test_describe)
{
	txf_tokopts o;
	txf_buf b = { 0 };

	txf_tokopts_init(&o);
	ck_assert_int_eq(txf_tokopts_describe(&o, NULL, NULL, &b), 0);
	ck_assert_int_eq(txf_buf_add(&b, "", 1), 0);
	ck_assert_str_eq(b.p, "mode=uax29 norm=nfkc case=fold "
	    "strip-accents=no min-len=1 max-len=0 stop=none stem=none");

	o.mode = TXF_MODE_WORD;
	o.norm = TXF_NORM_NFC;
	o.casing = TXF_CASE_LOWER;
	o.strip_accents = 1;
	o.min_len = 2;
	o.max_len = 20;
	b.n = 0;
	ck_assert_int_eq(txf_tokopts_describe(&o, "english", "english", &b),
	    0);
	ck_assert_int_eq(txf_buf_add(&b, "", 1), 0);
	ck_assert_str_eq(b.p, "mode=word norm=nfc case=lower "
	    "strip-accents=yes min-len=2 max-len=20 stop=english "
	    "stem=english");

	o.mode = TXF_MODE_SPACE;
	o.norm = TXF_NORM_NONE;
	o.casing = TXF_CASE_KEEP;
	b.n = 0;
	ck_assert_int_eq(txf_buf_add(&b, "# ", 2), 0);    /* it appends */
	ck_assert_int_eq(txf_tokopts_describe(&o, "my-list", NULL, &b), 0);
	ck_assert_int_eq(txf_buf_add(&b, "", 1), 0);
	ck_assert_str_eq(b.p, "# mode=space norm=none case=keep "
	    "strip-accents=yes min-len=2 max-len=20 stop=my-list stem=none");
	txf_buf_free(&b);
}
END_TEST

START_TEST(test_describe_tells_apart)
{
	/* Each option, changed alone, changes the description. */
	txf_tokopts base, o;
	txf_buf d0 = { 0 }, d = { 0 };

	txf_tokopts_init(&base);
	ck_assert_int_eq(txf_tokopts_describe(&base, NULL, NULL, &d0), 0);
	for (int k = 0; k < 9; k++) {
		const char *stop = NULL, *stem = NULL;
		o = base;
		switch (k) {
		case 0: o.mode = TXF_MODE_WORD; break;
		case 1: o.mode = TXF_MODE_SPACE; break;
		case 2: o.norm = TXF_NORM_NFC; break;
		case 3: o.norm = TXF_NORM_NONE; break;
		case 4: o.casing = TXF_CASE_LOWER; break;
		case 5: o.strip_accents = 1; break;
		case 6: o.min_len = 2; break;
		case 7: o.max_len = 30; break;
		default: stop = "english"; stem = "english"; break;
		}
		d.n = 0;
		ck_assert_int_eq(txf_tokopts_describe(&o, stop, stem, &d), 0);
		ck_assert_msg(d.n != d0.n || memcmp(d.p, d0.p, d.n) != 0,
		    "change %d not described: %.*s", k, (int)d.n, d.p);
	}
	txf_buf_free(&d0);
	txf_buf_free(&d);
}
END_TEST

Suite *
suite_tokenizer(void)
{
	Suite *s = suite_create("tokenizer");
	TCase *tc = tcase_create("tokenizer");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_tokopts_defaults);
	tcase_add_test(tc, test_default_latin);
	tcase_add_test(tc, test_default_unicode);
	tcase_add_test(tc, test_cjk);
	tcase_add_test(tc, test_emoji_dropped);
	tcase_add_test(tc, test_word_mode);
	tcase_add_test(tc, test_word_mode_every_ascii_byte);
	tcase_add_test(tc, test_word_mode_sklearn);
	tcase_add_test(tc, test_space_mode);
	tcase_add_test(tc, test_min_max_len_code_points);
	tcase_add_test(tc, test_stop_words);
	tcase_add_test(tc, test_stemmer);
	tcase_add_test(tc, test_stemmer_many_tokens);
	tcase_add_test(tc, test_strip_accents);
	tcase_add_test(tc, test_lower_fold_keep);
	tcase_add_test(tc, test_normalization_in_chain);
	tcase_add_test(tc, test_strip_accents_compat_case);
	tcase_add_test(tc, test_narrow_nbsp_ends_tokens);
	tcase_add_test(tc, test_blank_lead_bytes);
	tcase_add_test(tc, test_idempotent_every_option_set);
	tcase_add_test(tc, test_empty_and_blank);
	tcase_add_test(tc, test_next_call_resets);
	tcase_add_test(tc, test_options_copied);
	tcase_add_test(tc, test_many_tokens);
	tcase_add_test(tc, test_ascii_same_as_unicode_path);
	tcase_add_test(tc, test_describe);
	tcase_add_test(tc, test_describe_tells_apart);
	suite_add_tcase(s, tc);
	return s;
}
