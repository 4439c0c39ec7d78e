/* analysis.c - fuzz target: the whole analysis chain (lib/tokenizer.c,
 * normalize.c, wordbreak.c, stopwords.c, stem.c) under every option.
 * Input: option bytes, then text (repaired to valid UTF-8).  Properties:
 * tokens are non-empty valid UTF-8 without white space (txf_is_space;
 * U+202F NARROW NO-BREAK SPACE, which UAX #29 joins to words, ends a
 * token), within --min-len and --max-len (before stemming), never a
 * stop word; the
 * joined string, when made, is the tokens joined by spaces; a second
 * tokenizer of the same options (another thread's) gives the same
 * tokens; and without stemming or length limits the analysis is
 * idempotent: the tokens analysed again (whitespace mode) are the same
 * tokens (issue 11: NFKC then case folding left Greek marks out of
 * canonical order; U+202F inside a UAX #29 token split in whitespace
 * mode).  Not checked by design (tokenize(1), Idempotence): accent
 * stripping with case mapping but without NFKC, which decomposes
 * compatibility letters after case mapping as scikit-learn does
 * (U+1D3C MODIFIER LETTER CAPITAL O gives O; corpus strip-*). */
#include <string.h>

#include "textfeat.h"
#include "fuzz.h"

static int
same_tokens(const txf_tokens *a, const txf_tokens *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].n != b->v[i].n ||
		    memcmp(a->v[i].p, b->v[i].p, a->v[i].n) != 0)
			return 0;
	return 1;
}

FUZZ_TARGET(analysis)
{
	fuzz_in in = { data, size };
	unsigned b0 = fuzz_byte(&in), b1 = fuzz_byte(&in);
	txf_tokopts o;
	txf_buf text = { 0 }, joined = { 0 };
	txf_error err = { 0 };

	txf_tokopts_init(&o);
	o.mode = (enum txf_mode)(b0 % 3);
	o.norm = (enum txf_norm)(b0 / 3 % 3);
	o.casing = (enum txf_case)(b0 / 9 % 3);
	o.strip_accents = b0 / 27 % 2;
	o.min_len = 1 + b1 % 4;
	o.max_len = b1 / 4 % 8;
	if (o.max_len > 0 && o.max_len < o.min_len)
		o.max_len = o.min_len;
	txf_stopset *stop = NULL;
	if (b1 & 0x20) {
		stop = txf_stopset_new();
		FUZZ_CHECK(stop != NULL, "out of memory");
		txf_stopset_add(stop, "the", 3);
		txf_stopset_add(stop, "\xce\xba\xce\xb1\xce\xb9", 6);   /* και */
		o.stop = stop;
	}
	if (b1 & 0x40) {
		o.stem = txf_stemmer_new(b1 & 0x80 ? "greek" : "english", &err);
		FUZZ_CHECK(o.stem != NULL, "stemmer: %s", txf_error_text(&err));
	}
	FUZZ_CHECK(txf_utf8_repair((const char *)in.p, in.n, &text) >= 0,
	    "out of memory");

	txf_tokenizer *tk = txf_tokenizer_new(&o), *tk2 = txf_tokenizer_new(&o);
	txf_tokens t, t2;
	FUZZ_CHECK(tk != NULL && tk2 != NULL, "out of memory");
	FUZZ_CHECK(txf_tokenize(tk, text.p ? text.p : "", text.n, &t) == 0,
	    "tokenize failed");
	for (size_t i = 0; i < t.n; i++) {
		txf_str w = t.v[i];
		FUZZ_CHECK(w.n > 0 && txf_utf8_check(w.p, w.n) == w.n,
		    "token %zu", i);
		for (size_t k = 0; k < w.n;) {
			int32_t cp;
			size_t len;
			FUZZ_CHECK(txf_utf8_decode(w.p + k, w.n - k, &cp,
			    &len) >= 0, "token %zu", i);
			FUZZ_CHECK(!txf_is_space(cp), "token %zu holds white "
			    "space U+%04X", i, (unsigned)cp);
			k += len;
		}
		if (o.stem == NULL) {
			size_t cps = txf_utf8_count(w.p, w.n);
			FUZZ_CHECK(cps >= o.min_len && (o.max_len == 0 ||
			    cps <= o.max_len), "token %zu of %zu code points",
			    i, cps);
			if (stop != NULL)
				FUZZ_CHECK(!txf_stopset_has(stop, w.p, w.n),
				    "stop word %zu kept", i);
		}
		if (i > 0)
			txf_buf_add(&joined, " ", 1);
		txf_buf_add(&joined, w.p, w.n);
	}
	if (t.joined.p != NULL)
		FUZZ_CHECK(t.joined.n == joined.n && (joined.n == 0 ||
		    memcmp(t.joined.p, joined.p, joined.n) == 0),
		    "joined differs from the tokens");
	/* Another tokenizer of the same options: the same tokens. */
	FUZZ_CHECK(txf_tokenize(tk2, text.p ? text.p : "", text.n, &t2) == 0 &&
	    same_tokens(&t, &t2), "a second tokenizer differs");

	/* Idempotence: the tokens, analysed again with the same stages in
	 * whitespace mode, come back unchanged. */
	if (o.stem == NULL && o.max_len == 0 && o.min_len == 1 &&
	    !(o.strip_accents && o.casing != TXF_CASE_KEEP &&
	    o.norm != TXF_NORM_NFKC)) {
		txf_tokopts o2 = o;
		o2.mode = TXF_MODE_SPACE;
		o2.stop = NULL;
		txf_tokenizer *tk3 = txf_tokenizer_new(&o2);
		FUZZ_CHECK(tk3 != NULL, "out of memory");
		FUZZ_CHECK(txf_tokenize(tk3, joined.p ? joined.p : "", joined.n,
		    &t2) == 0, "tokenize failed");
		FUZZ_CHECK(same_tokens(&t, &t2), "not idempotent: '%.*s'",
		    (int)joined.n, joined.p ? joined.p : "");
		txf_tokenizer_free(tk3);
	}
	txf_tokenizer_free(tk);
	txf_tokenizer_free(tk2);
	txf_stemmer_free(o.stem);
	txf_stopset_free(stop);
	txf_buf_free(&text);
	txf_buf_free(&joined);
	return 0;
}
