/* utf8.c - fuzz target: UTF-8 check, decode, encode, repair, count
 * (lib/utf8.c).  Properties: the valid prefix decodes and re-encodes to
 * itself; repair's output is valid, leaves valid input as it is, and
 * replaces exactly the invalid subparts and NULs it counts; count agrees
 * with decoding. */
#include <string.h>

#include "textfeat.h"
#include "fuzz.h"

FUZZ_TARGET(utf8)
{
	const char *p = (const char *)data;
	size_t ok = txf_utf8_check(p, size), i = 0, cps = 0;
	char enc[4];
	txf_buf r = { 0 };

	FUZZ_CHECK(ok <= size, "check %zu of %zu", ok, size);
	while (i < ok) {
		int32_t cp;
		size_t len = 0;
		int k = txf_utf8_decode(p + i, ok - i, &cp, &len);
		FUZZ_CHECK(k > 0 && cp > 0 && cp <= 0x10FFFF &&
		    !(cp >= 0xD800 && cp <= 0xDFFF), "byte %zu: %d", i, k);
		FUZZ_CHECK(txf_utf8_encode(cp, enc) == k &&
		    memcmp(enc, p + i, (size_t)k) == 0, "byte %zu: U+%04X "
		    "does not re-encode", i, (unsigned)cp);
		i += (size_t)k;
		cps++;
	}
	FUZZ_CHECK(i == ok, "the valid prefix ends inside a sequence");
	FUZZ_CHECK(txf_utf8_count(p, ok) == cps, "count");
	if (ok < size) {
		int32_t cp;
		size_t len = 0;
		int k = txf_utf8_decode(p + ok, size - ok, &cp, &len);
		FUZZ_CHECK((k < 0 && cp == 0xFFFD && len >= 1 && len <= 3) ||
		    (k == 1 && p[ok] == '\0'), "the first invalid byte");
	}

	long reps = txf_utf8_repair(p, size, &r);
	FUZZ_CHECK(reps >= 0, "out of memory");
	FUZZ_CHECK(txf_utf8_check(r.p ? r.p : "", r.n) == r.n,
	    "repair's output is not valid UTF-8");
	FUZZ_CHECK((reps == 0) == (ok == size), "%ld repairs", reps);
	if (ok == size)
		FUZZ_CHECK(r.n == size && (size == 0 ||
		    memcmp(r.p, p, size) == 0), "valid input changed");
	/* Each replacement is one U+FFFD for at least one byte. */
	size_t fffd = 0;
	for (size_t j = 0; j + 3 <= r.n; j++)
		fffd += memcmp(r.p + j, "\xEF\xBF\xBD", 3) == 0;
	FUZZ_CHECK(fffd >= (size_t)reps, "%zu U+FFFD for %ld repairs", fffd,
	    reps);
	FUZZ_CHECK(r.n <= size + 2 * (size_t)reps, "repair grew too much");
	txf_buf_free(&r);
	return 0;
}
