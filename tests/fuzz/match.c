/* match.c - fuzz target: query-listing features (lib/match.c), every
 * feature, with a vocab.  Input: option bytes, then a query and a listing
 * (tokens fields) separated by a TAB.  Properties: every feature finite and
 * in its documented range (match(1)): qlen and dlen the token counts,
 * coverage, jaccard, dice, cosine and char3_jaccard in [0, 1], phrase 0 or
 * 1, lcs_run an integer at most the shorter length (and the quadratic
 * definition's value on short inputs), first_pos in [-1, dlen), bm25 >= 0;
 * lcs_run's steps within its linear bound; the query given once and
 * then twice in a row gives the same features (state is reset). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "textfeat.h"
#include "fuzz.h"

static txf_vocab *vocab;

static const char vocab_text[] =
    "#textfeat-vocab\t1\n#docs\t10\n#tokens\t60\n#analysis\t\n"
    "#pruning\tnone\n#idf\tsmooth\n"
    "a\t9\t20\t1.0953101798043249\nb\t3\t4\t1.9162907318741551\n"
    "caf\xc3\xa9\t1\t1\t2.7047480922384253\nz\t10\t25\t1\n";

static void
load_vocab(void)
{
	char path[] = "/tmp/fuzz-vocab.XXXXXX";
	txf_error err;

	fuzz_file(path, vocab_text, sizeof vocab_text - 1);
	vocab = txf_vocab_load(path, &err);
	unlink(path);
	FUZZ_CHECK(vocab != NULL, "vocab: %s", txf_error_text(&err));
}

static int
same(txf_str a, txf_str b)
{
	return a.n == b.n && memcmp(a.p, b.p, a.n) == 0;
}

FUZZ_TARGET(match)
{
	fuzz_in in = { data, size };
	unsigned b0 = fuzz_byte(&in);
	txf_matchopts o;
	txf_error err = { 0 };

	if (vocab == NULL)
		load_vocab();
	txf_matchopts_init(&o, vocab);
	o.k1 = (b0 & 3) * 0.8;
	o.b = ((b0 >> 2) & 3) / 3.0;
	txf_matcher *m = txf_matcher_new(&o, &err);
	FUZZ_CHECK(m != NULL, "new: %s", txf_error_text(&err));

	txf_buf f = { 0 };
	FUZZ_CHECK(txf_utf8_repair((const char *)in.p, in.n, &f) >= 0, "oom");
	const char *fp = f.p ? f.p : "";
	for (size_t i = 0; i < f.n; i++)
		if (f.p[i] == '\n' || f.p[i] == '\r')
			f.p[i] = ' ';
	const char *tab = memchr(fp, '\t', f.n);
	size_t qn = tab ? (size_t)(tab - fp) : f.n / 2;
	const char *lp = tab ? tab + 1 : fp + qn;
	size_t ln = f.n - (size_t)(lp - fp);
	txf_buf lb = { 0 };
	txf_buf_add(&lb, lp, ln);
	for (size_t i = 0; i < lb.n; i++)
		if (lb.p[i] == '\t')
			lb.p[i] = ' ';
	txf_toklist q = { 0 }, d = { 0 };
	FUZZ_CHECK(txf_toklist_split(&q, fp, qn) == 0 &&
	    txf_toklist_split(&d, lb.p ? lb.p : "", lb.n) == 0, "oom");

	double out[TXF_FEAT_COUNT], again[TXF_FEAT_COUNT];
	FUZZ_CHECK(txf_match(m, q.v, q.n, d.v, d.n, out) == 0, "match");
	uint64_t steps = txf_matcher_steps(m);
	FUZZ_CHECK(steps <= 40 * (q.n + d.n) + 64, "lcs_run: %llu steps for "
	    "%zu + %zu tokens", (unsigned long long)steps, q.n, d.n);
	for (int k = 0; k < TXF_FEAT_COUNT; k++)
		FUZZ_CHECK(isfinite(out[k]), "%s = %g",
		    txf_feat_name((enum txf_feat)k), out[k]);
	FUZZ_CHECK(out[TXF_FEAT_QLEN] == (double)q.n, "qlen");
	FUZZ_CHECK(out[TXF_FEAT_DLEN] == (double)d.n, "dlen");
	static const enum txf_feat unit[] = { TXF_FEAT_COVERAGE,
	    TXF_FEAT_JACCARD, TXF_FEAT_DICE, TXF_FEAT_COSINE,
	    TXF_FEAT_CHAR3_JACCARD };
	for (size_t k = 0; k < sizeof unit / sizeof *unit; k++)
		FUZZ_CHECK(out[unit[k]] >= 0 && out[unit[k]] <= 1, "%s = %.17g",
		    txf_feat_name(unit[k]), out[unit[k]]);
	FUZZ_CHECK(out[TXF_FEAT_PHRASE] == 0 || out[TXF_FEAT_PHRASE] == 1,
	    "phrase");
	double lcs = out[TXF_FEAT_LCS_RUN];
	FUZZ_CHECK(lcs == floor(lcs) && lcs >= 0 && lcs <= (double)(q.n < d.n ?
	    q.n : d.n), "lcs_run %g", lcs);
	FUZZ_CHECK(out[TXF_FEAT_FIRST_POS] >= -1 &&
	    out[TXF_FEAT_FIRST_POS] < (double)d.n, "first_pos");
	FUZZ_CHECK(out[TXF_FEAT_BM25] >= 0, "bm25 %g", out[TXF_FEAT_BM25]);
	FUZZ_CHECK(out[TXF_FEAT_MATCHED] <= (double)q.n, "matched");
	if (out[TXF_FEAT_PHRASE] == 1)
		FUZZ_CHECK(lcs == (double)q.n, "phrase without a full run");
	if (q.n * d.n <= 40000) {
		size_t best = 0;
		for (size_t i = 0; i < q.n; i++)
			for (size_t j = 0; j < d.n; j++) {
				size_t k = 0;
				while (i + k < q.n && j + k < d.n &&
				    same(q.v[i + k], d.v[j + k]))
					k++;
				if (k > best)
					best = k;
			}
		FUZZ_CHECK(lcs == (double)best, "lcs_run %g, expected %zu", lcs,
		    best);
	}
	/* The listing again after the same query: the same features. */
	FUZZ_CHECK(txf_match_listing(m, d.v, d.n, again) == 0, "again");
	FUZZ_CHECK(memcmp(out, again, sizeof out) == 0, "second listing");
	txf_matcher_free(m);
	txf_toklist_free(&q);
	txf_toklist_free(&d);
	txf_buf_free(&f);
	txf_buf_free(&lb);
	return 0;
}
