/* header.c - the analysis line of the tokens stream. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "header.h"

static pthread_mutex_t hdr_lock = PTHREAD_MUTEX_INITIALIZER;

txf_analysis *
cli_hdr_parse(const char *what, const char *p, size_t n)
{
	char msg[200];
	int err = 0;

	if (n > 0 && p[0] == '#') {
		p++;
		n--;
	}
	txf_analysis *a = txf_analysis_parse(p, n, &err, msg, sizeof msg);
	if (a == NULL) {
		if (err == TXF_ENOMEM)
			cli_die("out of memory");
		cli_die("%s: not a valid analysis: %s", what, msg);
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
