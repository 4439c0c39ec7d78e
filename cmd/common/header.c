/* header.c - the analysis line of the tokens stream, and the analysis a
 * vocab records. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "header.h"

static pthread_mutex_t hdr_lock = PTHREAD_MUTEX_INITIALIZER;

txf_analysis *
cli_hdr_parse(const char *what, const char *p, size_t n)
{
	txf_error err;

	if (n > 0 && p[0] == '#') {
		p++;
		n--;
	}
	txf_analysis *a = txf_analysis_parse(p, n, &err);
	if (a == NULL) {
		if (err.code == TXF_ENOMEM)
			cli_die("out of memory");
		cli_die("%s: not a valid analysis: %s", what, err.msg);
	}
	return a;
}

char *
cli_hdr_diff(const txf_analysis *a, const txf_analysis *b)
{
	txf_buf m = { 0 };
	int rc = txf_analysis_diff(a, b, &m);

	if (rc < 0 || (rc == 1 && txf_buf_add(&m, "", 1) < 0))
		cli_die("out of memory");
	if (rc == 0) {
		txf_buf_free(&m);
		return NULL;
	}
	return m.p;
}

int
cli_hdr_see(cli_hdr *h, const char *file, uint64_t line, const char *p,
            size_t n)
{
	char where[512];

	snprintf(where, sizeof where, "%s:%llu", file,
	    (unsigned long long)line);
	txf_analysis *a = cli_hdr_parse(where, p, n);
	pthread_mutex_lock(&hdr_lock);
	if (h->a == NULL) {
		h->a = a;
		if ((h->where = strdup(where)) == NULL)
			cli_die("out of memory");
		pthread_mutex_unlock(&hdr_lock);
		return 1;
	}
	char *d = cli_hdr_diff(a, h->a);
	txf_analysis_free(a);
	if (d != NULL) {
		h->conflict = 1;
		cli_die("%s: an analysis line that differs from the one of "
		    "%s, first at %s: tokens of different analyses do not mix",
		    where, h->where, d);
	}
	pthread_mutex_unlock(&hdr_lock);
	return 0;
}

void
cli_hdr_write(const txf_analysis *a)
{
	txf_buf b = { 0 };

	if (txf_buf_add(&b, "#", 1) < 0 || txf_analysis_write(a, &b) < 0 ||
	    txf_buf_add(&b, "\n", 1) < 0)
		cli_die("out of memory");
	cli_out(b.p, b.n);
	txf_buf_free(&b);
}

void
cli_hdr_free(cli_hdr *h)
{
	txf_analysis_free(h->a);
	free(h->where);
	h->a = NULL;
	h->where = NULL;
}

char *
cli_spell(const txf_analysis *a)
{
	txf_buf b = { 0 };

	if (txf_analysis_write(a, &b) < 0 || txf_buf_add(&b, "", 1) < 0)
		cli_die("out of memory");
	return b.p;
}

txf_vocab *
cli_vocab_load(const char *path)
{
	txf_error err;
	txf_vocab *v = txf_vocab_load(path, &err);

	if (v == NULL)
		cli_die_err(path, &err);
	return v;
}

int
cli_vocab_coverage(const char *vocab_path, uint64_t tokens, uint64_t dropped,
                   int quiet, int strict, int model, int saw_line)
{
	int skew = 2 * dropped > tokens, failed = 0;
	double pct = tokens ? 100.0 * (double)dropped / (double)tokens : 0;

	if (dropped > 0 && !quiet && !skew)
		cli_warn("%llu of %llu tokens (%.1f%%) not in the vocabulary, "
		    "dropped", (unsigned long long)dropped,
		    (unsigned long long)tokens, pct);
	/* More than half out of the vocabulary: the tokens were most likely
	 * not made as the vocab's were.  Said even under --quiet. */
	if (skew) {
		cli_warn("%s: %llu of %llu tokens (%.1f%%) are NOT in the "
		    "vocabulary: were they made with the analysis of %s?%s",
		    strict ? "error" : "WARNING", (unsigned long long)dropped,
		    (unsigned long long)tokens, pct, vocab_path,
		    strict ? " (--strict)" : "");
		failed = strict;
	}
	/* Tokens that cannot be checked against the vocab's analysis. */
	if (model && !saw_line && !failed) {
		cli_warn("%s: the tokens have no analysis line, so they cannot "
		    "be checked against the analysis %s records%s",
		    strict ? "error" : "warning", vocab_path,
		    strict ? " (--strict)" : "");
		failed = strict;
	}
	return failed;
}

txf_analysis *
cli_vocab_analysis(const txf_vocab *v, const char *path)
{
	const char *t = txf_vocab_get_header(v)->analysis;
	char what[512];

	/* none, or the free text vocabs had before descriptions: none */
	if (t == NULL || strncmp(t, TXF_ANALYSIS_TAG "=",
	    sizeof TXF_ANALYSIS_TAG) != 0)
		return NULL;
	snprintf(what, sizeof what, "%s: #analysis", path);
	return cli_hdr_parse(what, t, strlen(t));
}

void
cli_tokens_vs_model(const char *file, uint64_t line, const char *p,
                    size_t n, const txf_analysis *model,
                    const char *model_text, const char *path)
{
	char where[512];

	/* the usual case: the very bytes */
	if (n == strlen(model_text) + 1 &&
	    memcmp(p + 1, model_text, n - 1) == 0)
		return;
	snprintf(where, sizeof where, "%s:%llu", file,
	    (unsigned long long)line);
	txf_analysis *a = cli_hdr_parse(where, p, n);
	char *d = cli_hdr_diff(a, model);
	if (d != NULL) {
		char *s = cli_spell(a);
		txf_analysis_free(a);   /* LeakSanitizer: nothing held */
		cli_die("%s: tokens of another analysis than the vocab %s's, "
		    "first at %s: refused (make the tokens with the vocab's "
		    "analysis)\n  tokens: %s\n  vocab:  %s", where, path, d, s,
		    model_text);
	}
	txf_analysis_free(a);
}
