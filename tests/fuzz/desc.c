/* desc.c - fuzz target: the analysis description (the `#textfeat-analysis=`
 * line a vocab, a tokens stream and an index carry; lib/analysis.c
 * txf_analysis_parse/write/diff) and stop-word files (txf_stopset_load).
 *
 * The first byte chooses what the rest is:
 *   even  a description.  Refused with TXF_EFORMAT (or TXF_ENOMEM) and a
 *         message, or read; one read is written in its canonical
 *         spelling, which reads back to an analysis that differs from it
 *         in nothing and writes the same bytes again (one analysis, one
 *         spelling); a copy differs in nothing.
 *   odd   a stop-word file, loaded with the default options.  Refused
 *         with TXF_EUTF8 (and its line), or loaded; every word of a
 *         loaded list is in it as the tokenizer folds it, so a word taken
 *         from a line is found after folding; its hash is the hash of
 *         the same list loaded again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "textfeat.h"
#include "fuzz.h"

static void
description(const char *p, size_t n)
{
	txf_error e;
	txf_analysis *a = txf_analysis_parse(p, n, &e);

	if (a == NULL) {
		FUZZ_CHECK(e.code == TXF_EFORMAT || e.code == TXF_ENOMEM,
		    "code %d", e.code);
		FUZZ_CHECK(e.code != TXF_EFORMAT || e.msg[0] != '\0',
		    "refusal without a message");
		return;
	}
	txf_buf w = { 0 }, w2 = { 0 }, msg = { 0 };
	FUZZ_CHECK(txf_analysis_write(a, &w) == 0, "write");
	txf_analysis *b = txf_analysis_parse(w.p ? w.p : "", w.n, &e);
	FUZZ_CHECK(b != NULL, "the canonical spelling is refused: %s '%.*s'",
	    e.msg, (int)w.n, w.p);
	FUZZ_CHECK(txf_analysis_write(b, &w2) == 0, "write");
	FUZZ_CHECK(w.n == w2.n && memcmp(w.p, w2.p, w.n) == 0,
	    "two spellings: '%.*s' then '%.*s'", (int)w.n, w.p, (int)w2.n,
	    w2.p);
	int d = txf_analysis_diff(a, b, &msg);
	FUZZ_CHECK(d == 0, "read back, differs: %.*s", (int)msg.n, msg.p);
	txf_analysis *c = txf_analysis_dup(a);
	FUZZ_CHECK(c != NULL, "dup");
	FUZZ_CHECK(txf_analysis_diff(a, c, NULL) == 0, "a copy differs");
	FUZZ_CHECK(txf_analysis_has_ngrams(a) == txf_analysis_has_ngrams(b),
	    "n-grams read back");
	txf_analysis_free(c);
	txf_analysis_free(b);
	txf_analysis_free(a);
	txf_buf_free(&w);
	txf_buf_free(&w2);
	txf_buf_free(&msg);
}

/* The set in text[0..n), through a temporary file; NULL if refused. */
static txf_stopset *
load(const char *text, size_t n, const txf_tokopts *o)
{
	char path[] = "/tmp/txf-fuzz-stop.XXXXXX";
	txf_error e;

	fuzz_file(path, text, n);
	txf_stopset *s = txf_stopset_load(path, o, &e);
	unlink(path);
	if (s == NULL)
		FUZZ_CHECK((e.code == TXF_EUTF8 && e.line >= 1) ||
		    e.code == TXF_ENOMEM, "code %d line %llu", e.code,
		    (unsigned long long)e.line);
	return s;
}

static void
stoplist(const char *p, size_t n)
{
	txf_tokopts o;
	txf_tokopts_init(&o);
	txf_stopset *s = load(p, n, &o);

	if (s == NULL)
		return;
	txf_stopset *s2 = load(p, n, &o);
	FUZZ_CHECK(s2 != NULL, "loaded once, refused the second time");
	FUZZ_CHECK(txf_stopset_size(s) == txf_stopset_size(s2) &&
	    txf_stopset_hash(s) == txf_stopset_hash(s2), "two loads differ");
	/* A line of plain ASCII lower-case letters is a word as it is. */
	const char *q = p, *end = p + n;
	while (q < end) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		const char *e = nl ? nl : end;
		size_t k = (size_t)(e - q), i = 0;
		while (i < k && q[i] >= 'a' && q[i] <= 'z')
			i++;
		if (k > 0 && i == k && !(q == p && k >= 3 &&
		    memcmp(q, "\xef\xbb\xbf", 3) == 0))
			FUZZ_CHECK(txf_stopset_has(s, q, k), "word '%.*s' "
			    "not in the list", (int)k, q);
		q = nl ? nl + 1 : end;
	}
	txf_stopset_free(s2);
	txf_stopset_free(s);
}

FUZZ_TARGET(desc)
{
	if (size == 0)
		return 0;
	const char *p = (const char *)data + 1;
	size_t n = size - 1;

	if (data[0] % 2 == 0)
		description(p, n);
	else
		stoplist(p, n);
	return 0;
}
