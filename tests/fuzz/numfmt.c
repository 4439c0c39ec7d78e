/* numfmt.c - fuzz target: number formatting and parsing (lib/numfmt.c,
 * txf_strtod_c, txf_df_bound_parse).  Input: 8 bytes of a double, a
 * precision, then text.  Properties: txf_fmt_num is printf's %.*g (or
 * the plain integer for an integral value below 2^53); at precision 17 a
 * finite value reads back exactly; txf_fmt_u64 and txf_fmt_i64 read back
 * with strtoull/strtoll; the C-locale strtod agrees with strtod; a bound
 * that parses is a count >= 0 or a proportion in [0, 1]. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textfeat.h"
#include "internal.h"
#include "fuzz.h"

FUZZ_TARGET(numfmt)
{
	fuzz_in in = { data, size };
	double v = 0;
	char out[TXF_NUM_MAX], ref[64], text[64];
	uint64_t u = 0;

	if (size >= 8)
		memcpy(&v, data, 8), memcpy(&u, data, 8);
	in.p += size >= 8 ? 8 : size;
	in.n -= size >= 8 ? 8 : size;
	int prec = (int)(fuzz_byte(&in) % 19);   /* 0 and 18 are clamped */

	size_t n = txf_fmt_num(v, prec, out);
	int cp = prec < 1 ? 1 : prec > 17 ? 17 : prec;
	FUZZ_CHECK(n == strlen(out) && n < TXF_NUM_MAX, "length %zu", n);
	if (isfinite(v) && v == floor(v) && fabs(v) < 9007199254740992.0)
		snprintf(ref, sizeof ref, "%.0f", v == 0 ? 0.0 : v);
	else
		snprintf(ref, sizeof ref, "%.*g", cp, v);
	FUZZ_CHECK(strcmp(out, ref) == 0, "%a at %d: '%s', printf '%s'", v,
	    prec, out, ref);
	if (isfinite(v)) {
		n = txf_fmt_num(v, 17, out);
		FUZZ_CHECK(strtod(out, NULL) == v, "%a: '%s' reads back as %a",
		    v, out, strtod(out, NULL));
	}
	txf_fmt_u64(u, out);
	FUZZ_CHECK(strtoull(out, NULL, 10) == u, "u64 %s", out);
	txf_fmt_i64((int64_t)u, out);
	FUZZ_CHECK(strtoll(out, NULL, 10) == (int64_t)u, "i64 %s", out);

	/* The rest as a number's text. */
	size_t tn = in.n < sizeof text - 1 ? in.n : sizeof text - 1;
	memcpy(text, in.p, tn);
	text[tn] = '\0';
	char *e1, *e2;
	double a = txf_strtod_c(text, &e1), b = strtod(text, &e2);
	FUZZ_CHECK(e1 == e2 && (a == b || (isnan(a) && isnan(b))),
	    "'%s': %a (%td) against strtod %a (%td)", text, a, e1 - text, b,
	    e2 - text);
	txf_df_bound bd;
	if (txf_df_bound_parse(text, &bd) == 0)
		FUZZ_CHECK((bd.kind == TXF_DF_COUNT && bd.count >= 1 &&
		    strchr(text, '.') == NULL) || (bd.kind == TXF_DF_PROP &&
		    bd.prop >= 0 && bd.prop <= 1), "bound '%s'", text);
	return 0;
}
