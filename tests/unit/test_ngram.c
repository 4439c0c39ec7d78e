/* test_ngram.c - n-gram generation (ngram.c): word n-grams, k-skip-n-grams,
 * char and char_wb n-grams, edge n-grams, grapheme and code point units. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textfeat.h"
#include "helpers.h"

#define SP "\xE2\x96\x81"   /* U+2581, a space inside an n-gram */

/* "e" + U+0301 COMBINING ACUTE ACCENT, and a ZWJ family emoji:
 * U+1F468 U+200D U+1F469 U+200D U+1F467. */
#define E_ACUTE "e\xCC\x81"
#define FAMILY "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D" \
	"\xF0\x9F\x91\xA7"
#define ZWJ "\xE2\x80\x8D"

/* Split the space-separated literal s into tokens (views into a copy). */
typedef struct {
	char buf[4096];
	txf_str v[512];
	size_t n;
} doc;

static void
doc_set(doc *d, const char *s)
{
	size_t len = strlen(s);
	char *p = d->buf, *end = d->buf + len;

	ck_assert_uint_lt(len, sizeof d->buf);
	memcpy(d->buf, s, len);
	d->n = 0;
	while (p < end) {
		char *q = memchr(p, ' ', (size_t)(end - p));
		if (q == NULL)
			q = end;
		if (q > p) {
			d->v[d->n].p = p;
			d->v[d->n].n = (size_t)(q - p);
			d->n++;
		}
		p = q + 1;
	}
}

/*
 * The n-grams of the tokens in s under o, as one space-separated string
 * (static storage).  Also checks that txf_ngrams() gives the same n-grams
 * as views.
 */
static const char *
ngrams_of(const txf_ngopts *o, const char *s)
{
	static char res[1 << 16];
	doc d;
	txf_str text;
	txf_tokens t;
	txf_error err = { 0 };

	doc_set(&d, s);
	txf_ngen *g = txf_ngen_new(o, &err);
	ck_assert_msg(g != NULL, "txf_ngen_new: %s", txf_error_text(&err));
	ck_assert_int_eq(txf_ngrams_text(g, d.v, d.n, &text), 0);
	ck_assert_uint_lt(text.n, sizeof res);
	memcpy(res, text.p, text.n);
	res[text.n] = '\0';

	ck_assert_int_eq(txf_ngrams(g, d.v, d.n, &t), 0);
	size_t at = 0;
	for (size_t i = 0; i < t.n; i++) {
		if (i > 0) {
			ck_assert_int_eq(res[at], ' ');
			at++;
		}
		ck_assert_msg(at + t.v[i].n <= text.n &&
		    memcmp(res + at, t.v[i].p, t.v[i].n) == 0,
		    "view %zu differs from the text \"%s\"", i, res);
		at += t.v[i].n;
	}
	ck_assert_uint_eq(at, text.n);
	txf_ngen_free(g);
	return res;
}

/* Number of n-grams (space-separated words) in s. */
static size_t
count_of(const char *s)
{
	size_t n = 0;

	for (const char *p = s; *p; p++)
		if (p == s || p[-1] == ' ')
			n++;
	return n;
}

static txf_ngopts
word(size_t min, size_t max)
{
	txf_ngopts o;

	txf_ngopts_init(&o);
	o.word_min = min;
	o.word_max = max;
	return o;
}

/* Only one kind on: word off, then the caller sets one range. */
static txf_ngopts
none(enum txf_unit unit)
{
	txf_ngopts o;

	txf_ngopts_init(&o);
	o.word_min = o.word_max = 0;
	o.unit = unit;
	return o;
}

/* ------------------------------------------------------------------ */
/* Word n-grams                                                        */

START_TEST(test_default_is_identity)
{
	txf_ngopts o;

	txf_ngopts_init(&o);
	ck_assert_str_eq(ngrams_of(&o, "the quick brown fox"),
	    "the quick brown fox");
	ck_assert_uint_eq(o.word_min, 1);
	ck_assert_uint_eq(o.word_max, 1);
	ck_assert_uint_eq(o.joiner_len, 1);
	ck_assert_int_eq(o.joiner[0], '+');
	ck_assert_int_eq(o.unit, TXF_UNIT_GRAPHEME);
}
END_TEST

START_TEST(test_word_order_sklearn)
{
	txf_ngopts o = word(1, 3);

	/* All n-grams of the smallest n first, then the next n. */
	ck_assert_str_eq(ngrams_of(&o, "a b c d"),
	    "a b c d a+b b+c c+d a+b+c b+c+d");
	o = word(2, 3);
	ck_assert_str_eq(ngrams_of(&o, "a b c d"), "a+b b+c c+d a+b+c b+c+d");
	o = word(2, 2);
	ck_assert_str_eq(ngrams_of(&o, "new york new york"),
	    "new+york york+new new+york");
}
END_TEST

START_TEST(test_word_n_above_document)
{
	txf_ngopts o = word(3, 4);

	ck_assert_str_eq(ngrams_of(&o, "a b"), "");
	o = word(2, 5);
	ck_assert_str_eq(ngrams_of(&o, "one"), "");
	ck_assert_str_eq(ngrams_of(&o, "a b c"), "a+b b+c a+b+c");
	o = word(1, 1000);
	ck_assert_str_eq(ngrams_of(&o, "x y"), "x y x+y");
}
END_TEST

START_TEST(test_word_empty_document)
{
	txf_ngopts o = word(1, 3);
	txf_error err = { 0 };
	txf_ngen *g = txf_ngen_new(&o, &err);
	txf_str text = { "junk", 4 };
	txf_tokens t;

	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(txf_ngrams_text(g, NULL, 0, &text), 0);
	ck_assert_uint_eq(text.n, 0);
	ck_assert_ptr_nonnull(text.p);
	ck_assert_int_eq(txf_ngrams(g, NULL, 0, &t), 0);
	ck_assert_uint_eq(t.n, 0);
	txf_ngen_free(g);
	ck_assert_str_eq(ngrams_of(&o, ""), "");
}
END_TEST

START_TEST(test_word_joiner)
{
	txf_ngopts o = word(2, 3);

	o.joiner = "\xC2\xB7";     /* U+00B7 MIDDLE DOT */
	o.joiner_len = 2;
	ck_assert_str_eq(ngrams_of(&o, "a b c"),
	    "a\xC2\xB7" "b b\xC2\xB7" "c a\xC2\xB7" "b\xC2\xB7" "c");
	o.joiner = "--";
	ck_assert_str_eq(ngrams_of(&o, "a b c"), "a--b b--c a--b--c");
}
END_TEST

START_TEST(test_word_joiner_copied)
{
	char j[] = "+";
	txf_ngopts o = word(2, 2);
	txf_error err = { 0 };
	doc d;
	txf_str text;

	o.joiner = j;
	txf_ngen *g = txf_ngen_new(&o, &err);
	ck_assert_ptr_nonnull(g);
	j[0] = '#';     /* the generator keeps its own copy */
	doc_set(&d, "a b");
	ck_assert_int_eq(txf_ngrams_text(g, d.v, d.n, &text), 0);
	ck_assert_uint_eq(text.n, 3);
	ck_assert_int_eq(memcmp(text.p, "a+b", 3), 0);
	txf_ngen_free(g);
}
END_TEST

START_TEST(test_joiner_ok)
{
	ck_assert_int_eq(txf_ngram_joiner_ok("+", 1), 1);
	ck_assert_int_eq(txf_ngram_joiner_ok("--", 2), 1);
	ck_assert_int_eq(txf_ngram_joiner_ok("\\", 1), 1);
	ck_assert_int_eq(txf_ngram_joiner_ok("\xC2\xB7", 2), 1);
	ck_assert_int_eq(txf_ngram_joiner_ok("", 0), 0);
	ck_assert_int_eq(txf_ngram_joiner_ok("_", 1), 0);
	ck_assert_int_eq(txf_ngram_joiner_ok("a", 1), 0);
	ck_assert_int_eq(txf_ngram_joiner_ok("7", 1), 0);
	ck_assert_int_eq(txf_ngram_joiner_ok("+x", 2), 0);
	ck_assert_int_eq(txf_ngram_joiner_ok(" ", 1), 0);
	ck_assert_int_eq(txf_ngram_joiner_ok("\t", 1), 0);
	ck_assert_int_eq(txf_ngram_joiner_ok("\n", 1), 0);
	ck_assert_int_eq(txf_ngram_joiner_ok("\r", 1), 0);
	ck_assert_int_eq(txf_ngram_joiner_ok("\xC3\xA9", 2), 0);    /* é */
	ck_assert_int_eq(txf_ngram_joiner_ok("\xD9\xA3", 2), 0);    /* ٣ */
	ck_assert_int_eq(txf_ngram_joiner_ok("\xC2\xA0", 2), 0);    /* NBSP */
	ck_assert_int_eq(txf_ngram_joiner_ok("\xE3\x80\x80", 3), 0); /* ideographic space */
	ck_assert_int_eq(txf_ngram_joiner_ok("\xFF", 1), 0);
	/* Characters that sit inside tokens: connector punctuation, marks,
	 * format and control characters. */
	ck_assert_int_eq(txf_ngram_joiner_ok("\xE2\x80\xBF", 3), 0); /* U+203F */
	ck_assert_int_eq(txf_ngram_joiner_ok("\xCC\x81", 2), 0);      /* U+0301 */
	ck_assert_int_eq(txf_ngram_joiner_ok("+\xCC\x81", 3), 0);
	ck_assert_int_eq(txf_ngram_joiner_ok(ZWJ, 3), 0);
	ck_assert_int_eq(txf_ngram_joiner_ok("\xC2\xAD", 2), 0);      /* soft hyphen */
	ck_assert_int_eq(txf_ngram_joiner_ok("\x01", 1), 0);
	ck_assert_int_eq(txf_ngram_joiner_ok("\x7F", 1), 0);
	ck_assert_int_eq(txf_ngram_joiner_ok("\xE2\x86\x92", 3), 1); /* U+2192 */
	ck_assert_int_eq(txf_ngram_joiner_ok("|", 1), 1);
	ck_assert_int_eq(txf_ngram_joiner_ok("~", 1), 1);
	ck_assert_int_eq(txf_ngram_joiner_ok("+\0", 2), 0);
}
END_TEST

START_TEST(test_opts_check)
{
	txf_ngopts o;
	txf_error err = { 0 };

	txf_ngopts_init(&o);
	ck_assert_int_eq(txf_ngopts_check(&o), 0);
	o.word_min = 3;
	o.word_max = 2;
	ck_assert_int_eq(txf_ngopts_check(&o), TXF_EINVAL);
	ck_assert_ptr_null(txf_ngen_new(&o, &err));
	ck_assert_int_eq(err.code, TXF_EINVAL);
	o = word(0, 2);
	ck_assert_int_eq(txf_ngopts_check(&o), TXF_EINVAL);
	o = word(0, 0);     /* nothing at all is allowed */
	ck_assert_int_eq(txf_ngopts_check(&o), 0);
	o = word(1, TXF_NGRAM_MAX + 1);
	ck_assert_int_eq(txf_ngopts_check(&o), TXF_EINVAL);
	o = word(1, 2);
	o.skip = TXF_NGRAM_MAX + 1;
	ck_assert_int_eq(txf_ngopts_check(&o), TXF_EINVAL);
	o = word(1, 2);
	o.joiner = "_";
	ck_assert_int_eq(txf_ngopts_check(&o), TXF_EINVAL);
	o = word(1, 2);
	o.char_min = 2;
	ck_assert_int_eq(txf_ngopts_check(&o), TXF_EINVAL);
	o.char_max = 2;
	ck_assert_int_eq(txf_ngopts_check(&o), 0);
	o.unit = (enum txf_unit)7;
	ck_assert_int_eq(txf_ngopts_check(&o), TXF_EINVAL);
	txf_ngen_free(NULL);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Skip-grams                                                          */

START_TEST(test_skip_bigrams_guthrie)
{
	txf_ngopts o = word(2, 2);

	/* Guthrie et al. (2006): "Insurgents killed in ongoing fighting"
	 * has 9 2-skip-bi-grams and 10 2-skip-tri-grams. */
	o.skip = 2;
	const char *s = ngrams_of(&o, "a b c d e");
	ck_assert_uint_eq(count_of(s), 9);
	ck_assert_str_eq(s, "a+b a+c a+d b+c b+d b+e c+d c+e d+e");
	o = word(3, 3);
	o.skip = 2;
	s = ngrams_of(&o, "a b c d e");
	ck_assert_uint_eq(count_of(s), 10);
	ck_assert_str_eq(s, "a+b+c a+b+d a+b+e a+c+d a+c+e a+d+e "
	    "b+c+d b+c+e b+d+e c+d+e");
}
END_TEST

START_TEST(test_skip_with_unigrams_and_n_order)
{
	txf_ngopts o = word(1, 3);

	o.skip = 1;
	ck_assert_str_eq(ngrams_of(&o, "a b c d"),
	    "a b c d "
	    "a+b a+c b+c b+d c+d "
	    "a+b+c a+b+d a+c+d b+c+d");
	/* skip 0 is plain n-grams */
	o.skip = 0;
	ck_assert_str_eq(ngrams_of(&o, "a b c d"),
	    "a b c d a+b b+c c+d a+b+c b+c+d");
	/* n above the document: nothing, whatever the skip */
	o = word(3, 3);
	o.skip = 5;
	ck_assert_str_eq(ngrams_of(&o, "a b"), "");
	/* a large skip takes every ordered pair */
	o = word(2, 2);
	o.skip = 100;
	ck_assert_str_eq(ngrams_of(&o, "a b c"), "a+b a+c b+c");
}
END_TEST

/* Next index tuple in lexicographic order; 0 when done. */
static int
next_tuple(size_t *x, size_t n, size_t nt)
{
	size_t k = n;

	while (k > 0 && x[k - 1] == nt - (n - k + 1))
		k--;
	if (k == 0)
		return 0;
	x[k - 1]++;
	for (size_t m = k; m < n; m++)
		x[m] = x[m - 1] + 1;
	return 1;
}

/* Every tuple of positions in lexicographic order, kept when its span is
 * at most n + K: the definition, checked against the generator. */
START_TEST(test_skip_brute_force)
{
	static const char *names[] = { "t0", "t1", "t2", "t3", "t4", "t5",
	    "t6", "t7", "t8" };
	char want[1 << 15], doc_s[64];
	size_t x[9];

	for (size_t nt = 1; nt <= 9; nt++) {
		doc_s[0] = '\0';
		for (size_t i = 0; i < nt; i++) {
			strcat(doc_s, i ? " " : "");
			strcat(doc_s, names[i]);
		}
		for (size_t n = 2; n <= 4; n++) {
			for (size_t k = 0; k <= 4; k++) {
				txf_ngopts o = word(n, n);
				o.skip = k;
				char *w = want;
				*w = '\0';
				if (n <= nt) {
					for (size_t i = 0; i < n; i++)
						x[i] = i;
					do {
						if (x[n - 1] - x[0] + 1 > n + k)
							continue;
						if (w > want)
							*w++ = ' ';
						for (size_t i = 0; i < n; i++)
							w += sprintf(w, "%s%s",
							    i ? "+" : "",
							    names[x[i]]);
					} while (next_tuple(x, n, nt));
				}
				ck_assert_msg(strcmp(ngrams_of(&o, doc_s),
				    want) == 0, "nt=%zu n=%zu k=%zu", nt, n, k);
			}
		}
	}
}
END_TEST

/* ------------------------------------------------------------------ */
/* Character n-grams                                                   */

START_TEST(test_char_sklearn)
{
	txf_ngopts o = none(TXF_UNIT_CODEPOINT);

	/* CountVectorizer(analyzer='char', ngram_range=(1, 2)) on "ab cd":
	 * a b ' ' c d ab 'b ' ' c' cd */
	o.char_min = 1;
	o.char_max = 2;
	ck_assert_str_eq(ngrams_of(&o, "ab cd"),
	    "a b " SP " c d ab b" SP " " SP "c cd");
	/* n above the text's length: nothing */
	o.char_min = 3;
	o.char_max = 5;
	ck_assert_str_eq(ngrams_of(&o, "ab"), "");
	ck_assert_str_eq(ngrams_of(&o, "ab c"),
	    "ab" SP " b" SP "c ab" SP "c");
}
END_TEST

START_TEST(test_char_wb_sklearn)
{
	txf_ngopts o = none(TXF_UNIT_CODEPOINT);

	/* analyzer='char_wb', (2, 5) on "ab": ' a' ab 'b ' ' ab' 'ab '
	 * ' ab ' */
	o.wb_min = 2;
	o.wb_max = 5;
	ck_assert_str_eq(ngrams_of(&o, "ab"),
	    SP "a ab b" SP " " SP "ab ab" SP " " SP "ab" SP);
	/* (2, 5) on "a": ' a' 'a ' ' a ' (the padded token once, whole) */
	ck_assert_str_eq(ngrams_of(&o, "a"), SP "a a" SP " " SP "a" SP);
	/* (3, 5) on "a": ' a ' only */
	o.wb_min = 3;
	ck_assert_str_eq(ngrams_of(&o, "a"), SP "a" SP);
	/* (4, 5) on "a b": each padded token once, in token order */
	o.wb_min = 4;
	ck_assert_str_eq(ngrams_of(&o, "a b"), SP "a" SP " " SP "b" SP);
	/* (1, 1): the padding spaces are characters too */
	o.wb_min = o.wb_max = 1;
	ck_assert_str_eq(ngrams_of(&o, "ab"), SP " a b " SP);
}
END_TEST

START_TEST(test_units_combining_mark)
{
	txf_ngopts o = none(TXF_UNIT_GRAPHEME);

	o.char_min = o.char_max = 1;
	ck_assert_str_eq(ngrams_of(&o, E_ACUTE "x"), E_ACUTE " x");
	o.unit = TXF_UNIT_CODEPOINT;
	ck_assert_str_eq(ngrams_of(&o, E_ACUTE "x"), "e \xCC\x81 x");

	o = none(TXF_UNIT_GRAPHEME);
	o.char_min = o.char_max = 2;
	ck_assert_str_eq(ngrams_of(&o, "c" E_ACUTE), "c" E_ACUTE);
	o.unit = TXF_UNIT_CODEPOINT;
	ck_assert_str_eq(ngrams_of(&o, "c" E_ACUTE), "ce e\xCC\x81");
}
END_TEST

START_TEST(test_units_zwj_emoji)
{
	txf_ngopts o = none(TXF_UNIT_GRAPHEME);

	o.char_min = o.char_max = 1;
	ck_assert_str_eq(ngrams_of(&o, FAMILY), FAMILY);
	o.unit = TXF_UNIT_CODEPOINT;
	ck_assert_uint_eq(count_of(ngrams_of(&o, FAMILY)), 5);
	ck_assert_str_eq(ngrams_of(&o, FAMILY),
	    "\xF0\x9F\x91\xA8 " ZWJ " \xF0\x9F\x91\xA9 " ZWJ
	    " \xF0\x9F\x91\xA7");

	/* char_wb (3, 4): the padded emoji is three graphemes: once. */
	o = none(TXF_UNIT_GRAPHEME);
	o.wb_min = 3;
	o.wb_max = 4;
	ck_assert_str_eq(ngrams_of(&o, FAMILY), SP FAMILY SP);
	o.unit = TXF_UNIT_CODEPOINT;     /* seven code points padded */
	ck_assert_uint_eq(count_of(ngrams_of(&o, FAMILY)), 5 + 4);
}
END_TEST

START_TEST(test_char_joined_by_space_graphemes)
{
	txf_ngopts o = none(TXF_UNIT_GRAPHEME);

	/* The space between tokens is one character. */
	o.char_min = o.char_max = 3;
	ck_assert_str_eq(ngrams_of(&o, E_ACUTE " " FAMILY),
	    E_ACUTE SP FAMILY);
	o.unit = TXF_UNIT_CODEPOINT;
	ck_assert_str_eq(ngrams_of(&o, "ab cd"),
	    "ab" SP " b" SP "c " SP "cd");
}
END_TEST

/* Units of --unit=grapheme agree with txf_grapheme_next() on the text
 * (tokens joined by U+2581), whatever the mix of ASCII, CR, LF, marks,
 * ZWJ sequences, regional indicators and U+2581 itself. */
START_TEST(test_grapheme_units_agree)
{
	static const char *const atoms[] = { "a", "Z", "1", "\r", "\n",
	    "\r\n", "\t", "\\", SP, "\xCC\x81", ZWJ, "\xF0\x9F\x91\xA8",
	    "\xF0\x9F\x87\xAB", "\xF0\x9F\x87\xB7", "\xE0\xA4\x95",
	    "\xE0\xA5\x8D", "\xE0\xA4\xBF", "\xEF\xB8\x8F", "\xE1\x84\x80",
	    "\xE1\x85\xA1", "\xC3\xA9", "\xD8\x80", "x" };
	size_t na = sizeof atoms / sizeof atoms[0];
	unsigned seed = 12345;
	char d[600], want[1 << 14], text[700];

	for (int round = 0; round < 3000; round++) {
		/* A random document of 1..4 tokens. */
		size_t dn = 0, tn = 0;
		seed = seed * 1103515245u + 12345u;
		size_t ntok = 1 + (seed >> 16) % 4;
		for (size_t t = 0; t < ntok; t++) {
			if (t > 0) {
				d[dn++] = ' ';
				memcpy(text + tn, SP, 3);
				tn += 3;
			}
			seed = seed * 1103515245u + 12345u;
			size_t len = 1 + (seed >> 16) % 6;
			for (size_t k = 0; k < len; k++) {
				seed = seed * 1103515245u + 12345u;
				const char *a = atoms[(seed >> 16) % na];
				memcpy(d + dn, a, strlen(a));
				dn += strlen(a);
				memcpy(text + tn, a, strlen(a));
				tn += strlen(a);
			}
		}
		d[dn] = '\0';
		/* Expected: every cluster of the joined text. */
		char *w = want;
		for (size_t i = 0; i < tn;) {
			size_t j = txf_grapheme_next(text, tn, i);
			if (w > want)
				*w++ = ' ';
			memcpy(w, text + i, j - i);
			w += j - i;
			i = j;
		}
		*w = '\0';
		txf_ngopts o = none(TXF_UNIT_GRAPHEME);
		o.char_min = o.char_max = 1;
		ck_assert_msg(strcmp(ngrams_of(&o, d), want) == 0,
		    "round %d", round);
	}
}
END_TEST

/* ------------------------------------------------------------------ */
/* Edge n-grams                                                        */

START_TEST(test_edge)
{
	txf_ngopts o = none(TXF_UNIT_GRAPHEME);

	o.edge_min = 2;
	o.edge_max = 4;
	ck_assert_str_eq(ngrams_of(&o, "abcdef"), "ab abc abcd");
	/* shorter than MIN: none; shorter than MAX: up to the whole token */
	ck_assert_str_eq(ngrams_of(&o, "a abc xy"), "ab abc xy");
	o.edge_min = o.edge_max = 1;
	ck_assert_str_eq(ngrams_of(&o, "ab cd"), "a c");
	/* units */
	o.edge_min = 1;
	o.edge_max = 2;
	ck_assert_str_eq(ngrams_of(&o, E_ACUTE "t"), E_ACUTE " " E_ACUTE "t");
	o.unit = TXF_UNIT_CODEPOINT;
	ck_assert_str_eq(ngrams_of(&o, E_ACUTE "t"), "e " E_ACUTE);
	o.unit = TXF_UNIT_GRAPHEME;
	ck_assert_str_eq(ngrams_of(&o, FAMILY "x"), FAMILY " " FAMILY "x");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Kinds together                                                      */

START_TEST(test_kinds_marked)
{
	txf_ngopts o = word(1, 2);

	o.char_min = o.char_max = 3;
	ck_assert_str_eq(ngrams_of(&o, "ab c"),
	    "ab c ab+c ~c:ab" SP " ~c:b" SP "c");
	o = word(1, 1);
	o.char_min = o.char_max = 4;
	o.wb_min = o.wb_max = 4;
	o.edge_min = o.edge_max = 1;
	ck_assert_str_eq(ngrams_of(&o, "ab c"),
	    "ab c ~c:ab" SP "c ~wb:" SP "ab" SP " ~wb:" SP "c" SP
	    " ~e:a ~e:c");
	/* One kind alone is never marked. */
	o = none(TXF_UNIT_GRAPHEME);
	o.edge_min = o.edge_max = 1;
	ck_assert_str_eq(ngrams_of(&o, "ab c"), "a c");
	o = none(TXF_UNIT_GRAPHEME);
	o.wb_min = 3;
	o.wb_max = 3;
	o.edge_min = o.edge_max = 1;
	ck_assert_str_eq(ngrams_of(&o, "a"), "~wb:" SP "a" SP " ~e:a");
	/* Nothing on: nothing out. */
	o = none(TXF_UNIT_GRAPHEME);
	ck_assert_str_eq(ngrams_of(&o, "a b"), "");
}
END_TEST

START_TEST(test_reuse_and_large)
{
	txf_ngopts o = word(1, 3);
	txf_error err = { 0 };
	txf_ngen *g = txf_ngen_new(&o, &err);
	size_t nt = 20000;
	txf_str *tok = malloc(nt * sizeof *tok);
	txf_tokens t;
	txf_str text;

	ck_assert_ptr_nonnull(g);
	ck_assert_ptr_nonnull(tok);
	for (size_t i = 0; i < nt; i++) {
		tok[i].p = i % 2 ? "xyz" : "a";
		tok[i].n = i % 2 ? 3 : 1;
	}
	ck_assert_int_eq(txf_ngrams(g, tok, nt, &t), 0);
	ck_assert_uint_eq(t.n, 3 * nt - 3);
	ck_assert_uint_eq(t.v[nt].n, 5);
	ck_assert_int_eq(memcmp(t.v[nt].p, "a+xyz", 5), 0);
	ck_assert_uint_eq(t.v[t.n - 1].n, 9);
	ck_assert_int_eq(memcmp(t.v[t.n - 1].p, "xyz+a+xyz", 9), 0);
	/* A small document after a large one. */
	ck_assert_int_eq(txf_ngrams_text(g, tok, 2, &text), 0);
	ck_assert_uint_eq(text.n, 11);
	ck_assert_int_eq(memcmp(text.p, "a xyz a+xyz", 11), 0);
	ck_assert_int_eq(txf_ngrams(g, tok, 1, &t), 0);
	ck_assert_uint_eq(t.n, 1);
	ck_assert_uint_eq(t.v[0].n, 1);
	free(tok);
	txf_ngen_free(g);
}
END_TEST

START_TEST(test_tokens_with_escaped_bytes)
{
	/* Tokens may hold TAB or backslash (decoded escapes): copied as
	 * they are; the writer escapes them. */
	txf_ngopts o = word(1, 2);
	txf_str tok[2] = { { "a\tb", 3 }, { "c\\", 2 } };
	txf_error err = { 0 };
	txf_ngen *g = txf_ngen_new(&o, &err);
	txf_str text;

	ck_assert_int_eq(txf_ngrams_text(g, tok, 2, &text), 0);
	ck_assert_uint_eq(text.n, 13);
	ck_assert_int_eq(memcmp(text.p, "a\tb c\\ a\tb+c\\", 13), 0);
	txf_ngen_free(g);
}
END_TEST

Suite *
suite_ngram(void)
{
	Suite *s = suite_create("ngram");
	TCase *tc = tcase_create("ngram");

	tcase_add_test(tc, test_default_is_identity);
	tcase_add_test(tc, test_word_order_sklearn);
	tcase_add_test(tc, test_word_n_above_document);
	tcase_add_test(tc, test_word_empty_document);
	tcase_add_test(tc, test_word_joiner);
	tcase_add_test(tc, test_word_joiner_copied);
	tcase_add_test(tc, test_joiner_ok);
	tcase_add_test(tc, test_opts_check);
	tcase_add_test(tc, test_skip_bigrams_guthrie);
	tcase_add_test(tc, test_skip_with_unigrams_and_n_order);
	tcase_add_test(tc, test_skip_brute_force);
	tcase_add_test(tc, test_char_sklearn);
	tcase_add_test(tc, test_char_wb_sklearn);
	tcase_add_test(tc, test_units_combining_mark);
	tcase_add_test(tc, test_units_zwj_emoji);
	tcase_add_test(tc, test_char_joined_by_space_graphemes);
	tcase_add_test(tc, test_grapheme_units_agree);
	tcase_add_test(tc, test_edge);
	tcase_add_test(tc, test_kinds_marked);
	tcase_add_test(tc, test_reuse_and_large);
	tcase_add_test(tc, test_tokens_with_escaped_bytes);
	suite_add_tcase(s, tc);
	return s;
}
