/* ngrams.c - fuzz target: n-grams of every kind (lib/ngram.c).  Input:
 * option bytes, then tokens (repaired UTF-8, split on spaces).
 * Properties: no n-gram is empty, holds a space, TAB or newline, or is
 * invalid UTF-8; word n-grams (no skips) number sum over n of
 * max(0, T - n + 1) and the unigrams are the tokens; txf_ngrams_text is
 * the n-grams joined by spaces; edge n-grams are prefixes of a token. */
#include <string.h>

#include "textfeat.h"
#include "fuzz.h"

FUZZ_TARGET(ngrams)
{
	fuzz_in in = { data, size };
	unsigned b0 = fuzz_byte(&in), b1 = fuzz_byte(&in), b2 = fuzz_byte(&in);
	txf_ngopts o;
	txf_buf text = { 0 }, joined = { 0 };
	txf_toklist tl = { 0 };
	txf_error err = { 0 };

	txf_ngopts_init(&o);
	o.word_min = b0 % 4;
	o.word_max = o.word_min + b0 / 4 % 3;
	o.skip = o.word_min ? b0 / 16 % 3 : 0;
	o.char_min = b1 % 5 == 0 ? 0 : b1 % 5;
	o.char_max = o.char_min ? o.char_min + b1 / 8 % 3 : 0;
	o.wb_min = b2 % 4 == 0 ? 0 : b2 % 4;
	o.wb_max = o.wb_min ? o.wb_min + b2 / 4 % 3 : 0;
	o.edge_min = b2 / 16 % 3;
	o.edge_max = o.edge_min ? o.edge_min + b1 / 32 % 3 : 0;
	o.unit = (enum txf_unit)(b2 / 64 % 2);
	if (b1 & 0x80) {
		o.joiner = "\xe2\x80\x94";   /* an em dash */
		o.joiner_len = 3;
	}
	if (o.word_min + o.char_min + o.wb_min + o.edge_min == 0)
		o.word_min = o.word_max = 1;
	if (txf_ngopts_check(&o) != 0)
		return 0;
	txf_ngen *g = txf_ngen_new(&o, &err);
	FUZZ_CHECK(g != NULL, "ngen_new: %s", txf_error_text(&err));

	/* Tokens: valid UTF-8 split on spaces (TAB and newline too). */
	FUZZ_CHECK(txf_utf8_repair((const char *)in.p, in.n, &text) >= 0,
	    "out of memory");
	for (size_t i = 0; i < text.n; i++)
		if (text.p[i] == '\t' || text.p[i] == '\n' || text.p[i] == '\r' ||
		    text.p[i] == '\\')
			text.p[i] = ' ';
	FUZZ_CHECK(txf_toklist_split(&tl, text.p ? text.p : "", text.n) == 0,
	    "out of memory");

	txf_tokens t;
	FUZZ_CHECK(txf_ngrams(g, tl.v, tl.n, &t) == 0, "ngrams failed");
	size_t words = 0;
	if (o.word_min > 0 && o.skip == 0)
		for (size_t n = o.word_min; n <= o.word_max; n++)
			words += tl.n >= n ? tl.n - n + 1 : 0;
	int only_words = o.char_min + o.wb_min + o.edge_min == 0;
	if (only_words && o.skip == 0)
		FUZZ_CHECK(t.n == words, "%zu n-grams, expected %zu", t.n,
		    words);
	if (only_words && o.word_min == 1 && o.word_max == 1)
		for (size_t i = 0; i < t.n; i++)
			FUZZ_CHECK(t.v[i].n == tl.v[i].n && memcmp(t.v[i].p,
			    tl.v[i].p, t.v[i].n) == 0, "unigram %zu", i);
	for (size_t i = 0; i < t.n; i++) {
		txf_str w = t.v[i];
		FUZZ_CHECK(w.n > 0 && txf_utf8_check(w.p, w.n) == w.n,
		    "n-gram %zu", i);
		for (size_t k = 0; k < w.n; k++)
			FUZZ_CHECK(w.p[k] != ' ' && w.p[k] != '\t' &&
			    w.p[k] != '\n', "n-gram %zu holds a blank", i);
		if (i)
			txf_buf_add(&joined, " ", 1);
		txf_buf_add(&joined, w.p, w.n);
	}
	/* The same n-grams as one text. */
	size_t count = t.n;
	txf_str s;
	FUZZ_CHECK(txf_ngrams_text(g, tl.v, tl.n, &s) == 0, "ngrams_text");
	FUZZ_CHECK(s.n == joined.n && (s.n == 0 ||
	    memcmp(s.p, joined.p, s.n) == 0), "ngrams_text differs from the "
	    "%zu n-grams", count);
	txf_ngen_free(g);
	txf_toklist_free(&tl);
	txf_buf_free(&text);
	txf_buf_free(&joined);
	return 0;
}
