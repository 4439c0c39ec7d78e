/* model.c - a fitted model for serving: a vocab and the analysis it
 * records, opened once. */
#include <stdlib.h>
#include <string.h>

#include "textfeat.h"
#include "internal.h"

struct txf_model {
	txf_vocab *vocab;
	txf_analyzer *z;      /* with its own copy of the vocab's analysis */
};

TXF_DEFINE_FREE(txf_model_free, txf_model, m)
{
	txf_analyzer_free(m->z);
	txf_vocab_free(m->vocab);
	free(m);
}

txf_model *
txf_model_open(const char *path, const char *datadir, txf_error *err)
{
	txf_model *m = calloc(1, sizeof *m);
	txf_analysis *a;
	txf_error e;

	if (m == NULL)
		return TXF_FAIL_NULL(err, TXF_ENOMEM, 0, NULL);
	if ((m->vocab = txf_vocab_load(path, err)) == NULL)
		goto fail;
	const char *d = txf_vocab_get_header(m->vocab)->analysis;
	if (d == NULL || d[0] == '\0') {
		txf_fail(err, TXF_EFORMAT, 0, "the vocab records no analysis "
		    "(#analysis)");
		goto fail;
	}
	if ((a = txf_analysis_parse(d, strlen(d), &e)) == NULL) {
		txf_fail(err, e.code, 0, "#analysis: %s", txf_error_text(&e));
		goto fail;
	}
	m->z = txf_analyzer_new(a, datadir, err);
	txf_analysis_free(a);
	if (m->z == NULL)
		goto fail;
	return m;
fail:
	txf_model_free(m);
	return NULL;
}

const txf_vocab *
txf_model_vocab(const txf_model *m)
{
	return m->vocab;
}

const txf_analysis *
txf_model_analysis(const txf_model *m)
{
	return txf_analyzer_analysis(m->z);
}

txf_analyzer *
txf_model_analyzer(txf_model *m)
{
	return m->z;
}

int
txf_model_tokens(txf_model *m, const char *text, size_t n, txf_tokens *out)
{
	return txf_analyze(m->z, text, n, out);
}
