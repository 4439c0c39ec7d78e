/* model.c - a fitted model for serving: a vocab and the analysis it
 * records, opened once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textfeat.h"

struct txf_model {
	txf_vocab *vocab;
	txf_analysis *analysis;
	txf_analyzer *z;
};

void
txf_model_free(txf_model *m)
{
	if (m == NULL)
		return;
	txf_analyzer_free(m->z);
	txf_analysis_free(m->analysis);
	txf_vocab_free(m->vocab);
	free(m);
}

txf_model *
txf_model_open(const char *path, const char *datadir, int *err, char *msg,
               size_t msgsize)
{
	txf_model *m = calloc(1, sizeof *m);
	uint64_t line = 0;
	char tmp[256] = "";

	if (msg != NULL && msgsize > 0)
		msg[0] = '\0';
	if (m == NULL) {
		*err = TXF_ENOMEM;
		return NULL;
	}
	m->vocab = txf_vocab_load(path, err, tmp, sizeof tmp, &line);
	if (m->vocab == NULL) {
		if (msg != NULL && msgsize > 0)
			snprintf(msg, msgsize, "%s:%llu: %s", path,
			    (unsigned long long)line, tmp[0] ? tmp :
			    txf_errmsg(*err));
		goto fail;
	}
	const char *d = txf_vocab_get_header(m->vocab)->analysis;
	if (d == NULL || d[0] == '\0') {
		*err = TXF_EFORMAT;
		if (msg != NULL && msgsize > 0)
			snprintf(msg, msgsize, "%s: the vocab records no "
			    "analysis (#analysis)", path);
		goto fail;
	}
	m->analysis = txf_analysis_parse(d, strlen(d), err, tmp, sizeof tmp);
	if (m->analysis == NULL) {
		if (msg != NULL && msgsize > 0)
			snprintf(msg, msgsize, "%s: #analysis: %s", path, tmp);
		goto fail;
	}
	m->z = txf_analyzer_new(m->analysis, datadir, err, tmp, sizeof tmp);
	if (m->z == NULL) {
		if (msg != NULL && msgsize > 0)
			snprintf(msg, msgsize, "%s: %s", path, tmp);
		goto fail;
	}
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
	return m->analysis;
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
