/* vectorize.c - fuzz target: vectors (lib/vector.c) by hashing and by a
 * vocab, under every weight and norm.  Input: option bytes, then a tokens
 * field.  Properties: indices ascending, unique and below the dimension;
 * values finite and non-zero; an l2 vector has norm 1 and an l1 vector
 * absolute sum 1 (to 1e-9); txf_vectorize_field is txf_vectorize of the
 * split field; a duplicate vectorizer (another thread's, -j) gives the
 * same vector. */
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

static void
check_vec(const txf_vec *v, uint32_t dim, enum txf_vec_norm norm)
{
	double l1 = 0, l2 = 0;

	for (size_t i = 0; i < v->n; i++) {
		FUZZ_CHECK(v->idx[i] < dim, "index %u of %u", v->idx[i], dim);
		FUZZ_CHECK(i == 0 || v->idx[i] > v->idx[i - 1], "order");
		FUZZ_CHECK(isfinite(v->val[i]) && v->val[i] != 0, "value %g",
		    v->val[i]);
		l1 += fabs(v->val[i]);
		l2 += v->val[i] * v->val[i];
	}
	if (v->n > 0 && norm == TXF_VEC_L2)
		FUZZ_CHECK(fabs(sqrt(l2) - 1) < 1e-9, "l2 norm %.17g", sqrt(l2));
	if (v->n > 0 && norm == TXF_VEC_L1)
		FUZZ_CHECK(fabs(l1 - 1) < 1e-9, "l1 norm %.17g", l1);
	FUZZ_CHECK(v->dropped <= v->tokens, "dropped");
}

FUZZ_TARGET(vectorize)
{
	fuzz_in in = { data, size };
	unsigned b0 = fuzz_byte(&in), b1 = fuzz_byte(&in);
	txf_vecopts o;
	txf_error err = { 0 };

	if (vocab == NULL)
		load_vocab();
	txf_vecopts_init(&o);
	if (b0 & 1) {
		o.vocab = vocab;
		o.idf = (b0 >> 1) & 1;
	} else {
		o.hash_n = 1 + b1 % 64;
		o.alternate_sign = (b0 >> 1) & 1;
	}
	o.weight = (enum txf_vec_weight)((b0 >> 2) % 5);
	o.norm = (enum txf_vec_norm)((b0 >> 5) % 4);
	if (txf_vecopts_check(&o) != 0)
		return 0;
	txf_vectorizer *vz = txf_vectorizer_new(&o, &err);
	FUZZ_CHECK(vz != NULL, "new: %s", txf_error_text(&err));
	txf_vectorizer *vz2 = txf_vectorizer_dup(vz);
	FUZZ_CHECK(vz2 != NULL, "dup: out of memory");
	uint32_t dim = txf_vectorizer_dim(vz);
	enum txf_vec_norm norm = txf_vectorizer_opts(vz)->norm;

	/* A tokens field: valid UTF-8, no TAB or newline. */
	txf_buf f = { 0 };
	FUZZ_CHECK(txf_utf8_repair((const char *)in.p, in.n, &f) >= 0, "oom");
	for (size_t i = 0; i < f.n; i++)
		if (f.p[i] == '\t' || f.p[i] == '\n' || f.p[i] == '\r')
			f.p[i] = ' ';
	const char *fp = f.p ? f.p : "";
	txf_toklist tl = { 0 };
	FUZZ_CHECK(txf_toklist_split(&tl, fp, f.n) == 0, "oom");

	txf_vec v, v2;
	int rc = txf_vectorize(vz, tl.v, tl.n, &v);
	FUZZ_CHECK(rc == 0 || rc == TXF_ERANGE, "vectorize: %d", rc);
	if (rc == 0) {
		check_vec(&v, dim, norm);
		FUZZ_CHECK(txf_vectorize_field(vz2, fp, f.n, &v2) == 0, "field");
		FUZZ_CHECK(v2.n == v.n && v2.tokens == v.tokens &&
		    (v.n == 0 || (memcmp(v.idx, v2.idx, v.n * sizeof *v.idx) ==
		    0 && memcmp(v.val, v2.val, v.n * sizeof *v.val) == 0)),
		    "the field and its tokens give different vectors");
	}
	txf_toklist_free(&tl);
	txf_buf_free(&f);
	txf_vectorizer_free(vz2);
	txf_vectorizer_free(vz);
	return 0;
}
