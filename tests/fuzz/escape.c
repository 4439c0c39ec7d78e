/* escape.c - fuzz target: the TSV escapes and fields (lib/tsv.c).
 * Properties: unescape(escape(x)) == x for any bytes; escape's output holds
 * no TAB, LF or CR; txf_needs_escape(x) says whether escape changes x;
 * escaping what unescape made and unescaping it again gives the same
 * bytes; the fields of a line joined by TAB are the line; the tokens of
 * a field hold no space and are what unescaping each space-separated
 * word gives. */
#include <string.h>

#include "textfeat.h"
#include "fuzz.h"

FUZZ_TARGET(escape)
{
	const char *p = (const char *)data;
	txf_buf e = { 0 }, u = { 0 }, u2 = { 0 };

	FUZZ_CHECK(txf_escape(p, size, &e) == 0, "out of memory");
	for (size_t i = 0; i < e.n; i++)
		FUZZ_CHECK(e.p[i] != '\t' && e.p[i] != '\n' && e.p[i] != '\r',
		    "byte %zu of the escaped text", i);
	FUZZ_CHECK(txf_needs_escape(p, size) ==
	    !(e.n == size && (size == 0 || memcmp(e.p, p, size) == 0)),
	    "needs_escape disagrees with escape");
	FUZZ_CHECK(txf_unescape(e.p, e.n, &u) == 0, "out of memory");
	FUZZ_CHECK(u.n == size && (size == 0 || memcmp(u.p, p, size) == 0),
	    "unescape(escape(x)) != x");

	/* Any bytes unescaped, escaped and unescaped again. */
	u.n = e.n = 0;
	FUZZ_CHECK(txf_unescape(p, size, &u) == 0, "out of memory");
	FUZZ_CHECK(u.n <= size, "unescape made the text longer");
	FUZZ_CHECK(txf_escape(u.p, u.n, &e) == 0, "out of memory");
	FUZZ_CHECK(txf_unescape(e.p, e.n, &u2) == 0, "out of memory");
	FUZZ_CHECK(u2.n == u.n && (u.n == 0 || memcmp(u2.p, u.p, u.n) == 0),
	    "unescape(escape(unescape(x))) != unescape(x)");

	/* Fields: at most 8, the last takes the rest; joined back by TAB. */
	txf_str line = { p, size }, f[8];
	size_t nf = txf_fields(line, f, 8), at = 0;
	FUZZ_CHECK(nf >= 1 && nf <= 8, "%zu fields", nf);
	for (size_t i = 0; i < nf; i++) {
		FUZZ_CHECK(f[i].p == p + at || f[i].n == 0, "field %zu moved",
		    i);
		if (i + 1 < nf)
			FUZZ_CHECK(memchr(f[i].p, '\t', f[i].n) == NULL &&
			    at + f[i].n < size && p[at + f[i].n] == '\t',
			    "field %zu", i);
		at += f[i].n + (i + 1 < nf);
	}
	FUZZ_CHECK(at == size, "the fields cover %zu of %zu bytes", at, size);

	/* Tokens of the whole input as a tokens field. */
	txf_toklist t = { 0 };
	FUZZ_CHECK(txf_toklist_split(&t, p, size) == 0, "out of memory");
	size_t words = 0;
	for (size_t i = 0; i < size;) {
		while (i < size && p[i] == ' ')
			i++;
		size_t s = i;
		while (i < size && p[i] != ' ')
			i++;
		if (i == s)
			continue;
		FUZZ_CHECK(words < t.n, "fewer tokens than words");
		u.n = 0;
		FUZZ_CHECK(txf_unescape(p + s, i - s, &u) == 0, "out of memory");
		FUZZ_CHECK(t.v[words].n == u.n && (u.n == 0 ||
		    memcmp(t.v[words].p, u.p, u.n) == 0), "token %zu", words);
		words++;
	}
	FUZZ_CHECK(words == t.n, "%zu tokens, %zu words", t.n, words);
	txf_toklist_free(&t);
	txf_buf_free(&e);
	txf_buf_free(&u);
	txf_buf_free(&u2);
	return 0;
}
