/*
 * anopts.c - the tokenize and ngrams options of the tools that analyse
 * text themselves (vocab --docs, vectorize --docs, match, index): read,
 * built into an analysis, or checked against a model's.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "header.h"

static const char *const unit_names[] = { "grapheme", "codepoint", NULL };

void
cli_anopts_init(cli_anopts *o)
{
	memset(o, 0, sizeof *o);
	cli_analysis_init(&o->an);
	txf_ngopts_init(&o->ng);
}

/* Percent-escape v as a description value. */
static char *
pct(const char *v)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(v);
	char *s = malloc(3 * n + 1), *p = s;

	if (s == NULL)
		cli_die("out of memory");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c <= 0x20 || c == 0x7f || c == '%') {
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		} else
			*p++ = (char)c;
	}
	*p = '\0';
	return s;
}

static void
remember(cli_anopts *o, const char *opt, const char *field, const char *fmt,
         ...) __attribute__((format(printf, 4, 5)));

static void
remember(cli_anopts *o, const char *opt, const char *field, const char *fmt,
         ...)
{
	char buf[256];
	va_list ap;

	if (o->ngiven == (int)(sizeof o->given / sizeof o->given[0]))
		cli_usage_error("too many analysis options");
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	o->given[o->ngiven].opt = opt;
	o->given[o->ngiven].field = field;
	o->given[o->ngiven].value = pct(buf);
	o->ngiven++;
}

static void
range_value(char *out, size_t n, size_t lo, size_t hi)
{
	snprintf(out, n, "%zu:%zu", lo, hi);
}

/* A character kind of n-gram (c: --char, --char-wb or --edge): its
 * range. */
static void
other_kind(cli_anopts *o, int c, const char *arg)
{
	const char *opt = c == CLI_NG_CHAR ? "--char" :
	    c == CLI_NG_CHAR_WB ? "--char-wb" : "--edge";
	txf_ngopts *g = &o->ng;
	size_t *min = c == CLI_NG_CHAR ? &g->char_min :
	    c == CLI_NG_CHAR_WB ? &g->wb_min : &g->edge_min;
	size_t *max = c == CLI_NG_CHAR ? &g->char_max :
	    c == CLI_NG_CHAR_WB ? &g->wb_max : &g->edge_max;
	char v[64];

	cli_parse_range(opt, arg, 1, TXF_NGRAM_MAX, min, max);
	o->other_set = 1;
	range_value(v, sizeof v, *min, *max);
	remember(o, opt, opt + 2, "%s", v);
}

int
cli_anopts_option(cli_anopts *o, int c, const char *arg)
{
	char v[64];

	if (cli_analysis_option(&o->an, c, arg)) {
		/* the name of the option, and of its field without "--" */
		const char *opt = c == CLI_OPT_MODE ? "--mode" :
		    c == CLI_OPT_CASE ? "--case" :
		    c == CLI_OPT_NORM ? "--norm" :
		    c == CLI_OPT_MIN_LEN ? "--min-len" :
		    c == CLI_OPT_MAX_LEN ? "--max-len" :
		    c == CLI_OPT_STOP ? "--stop" : "--stem";
		if (c == CLI_OPT_STRIP_ACCENTS)
			remember(o, "--strip-accents", "accents", "strip");
		else if (c == CLI_OPT_MIN_LEN || c == CLI_OPT_MAX_LEN)
			remember(o, opt, opt + 2, "%zu", c == CLI_OPT_MIN_LEN ?
			    o->an.o.min_len : o->an.o.max_len);
		else
			remember(o, opt, opt + 2, "%s", arg);
		return 1;
	}
	switch (c) {
	/* --word */
	case 'n':
		cli_parse_range("-n", arg, 1, TXF_NGRAM_MAX, &o->ng.word_min,
		    &o->ng.word_max);
		o->word_set = 1;
		range_value(v, sizeof v, o->ng.word_min, o->ng.word_max);
		remember(o, "-n", "word", "%s", v);
		return 1;
	/* --joiner */
	case 'J':
		if (arg[0] == '\0' || !txf_ngram_joiner_ok(arg, strlen(arg)))
			cli_usage_error("invalid value for -J: '%s' (a joiner "
			    "holds no letter, digit, '_', combining mark, "
			    "control or format character, or white space)",
			    arg);
		o->ng.joiner = arg;
		o->ng.joiner_len = strlen(arg);
		remember(o, "-J", "joiner", "%s", arg);
		return 1;
	/* --skip */
	case CLI_NG_SKIP:
		o->ng.skip = cli_parse_size("--skip", arg, 0, TXF_NGRAM_MAX);
		remember(o, "--skip", "skip", "%zu", o->ng.skip);
		return 1;
	/* --char, --char-wb, --edge */
	case CLI_NG_CHAR:
	case CLI_NG_CHAR_WB:
	case CLI_NG_EDGE:
		other_kind(o, c, arg);
		return 1;
	/* --unit */
	case CLI_NG_UNIT:
		o->ng.unit = (enum txf_unit)cli_parse_choice("--unit", arg,
		    unit_names);
		remember(o, "--unit", "unit", "%s", arg);
		return 1;
	}
	return 0;
}

int
cli_anopts_given(const cli_anopts *o)
{
	return o->ngiven > 0;
}

const txf_ngopts *
cli_anopts_ngrams(cli_anopts *o)
{
	/* -n 1 is the default only when no kind is asked for. */
	if (o->other_set && !o->word_set)
		o->ng.word_min = o->ng.word_max = 0;
	if (o->ng.skip > 0 && o->ng.word_max < 2)
		cli_usage_error("--skip needs word n-grams of two or more "
		    "tokens (-n MIN:MAX with MAX >= 2)");
	return &o->ng;
}

txf_analysis *
cli_anopts_build(cli_anopts *o)
{
	txf_error err;

	(void)cli_anopts_ngrams(o);
	cli_analysis_finish(&o->an);
	txf_analysis *a = txf_analysis_new(&o->an.o, o->an.stop_arg, &o->ng,
	    &err);
	if (a == NULL)
		cli_die("%s", txf_errmsg(err.code));
	return a;
}

/* The value of field f in the description d, malloc'd ("" when absent). */
static char *
field_value(const char *d, const char *f)
{
	size_t fl = strlen(f);

	for (const char *p = d; p != NULL && *p; ) {
		if (strncmp(p, f, fl) == 0 && p[fl] == '=') {
			const char *v = p + fl + 1, *e = strchr(v, ' ');
			size_t n = e ? (size_t)(e - v) : strlen(v);
			char *s = strndup(v, n);
			if (s == NULL)
				cli_die("out of memory");
			return s;
		}
		p = strchr(p, ' ');
		if (p != NULL)
			p++;
	}
	return strdup("");
}

void
cli_anopts_check(const cli_anopts *o, const txf_analysis *model,
                 const char *name)
{
	txf_buf d = { 0 };

	if (txf_analysis_write(model, &d) < 0 || txf_buf_add(&d, "", 1) < 0)
		cli_die("out of memory");
	for (int i = 0; i < o->ngiven; i++) {
		const char *f = o->given[i].field, *v = o->given[i].value;
		char *mv = field_value(d.p, f);
		int differs;

		if (strcmp(f, "stop") == 0) {
			/* the same words, whatever the name */
			const char *ms = txf_analysis_stop(model);
			differs = ms == NULL;
			if (!differs) {
				txf_tokopts t;
				txf_analysis_tokopts(model, &t);
				txf_stopset *s = txf_stopset_open(
				    o->an.stop_arg, NULL, &t, NULL);
				differs = s == NULL ||
				    txf_stopset_hash(s) !=
				    txf_analysis_stop_hash(model);
				txf_stopset_free(s);
			}
		} else {
			/* the model's description with this one field
			 * changed, read back (canonical) and compared */
			txf_buf e = { 0 };
			size_t fl = strlen(f);
			const char *p = d.p, *at = NULL;
			for (const char *q = p; q && *q; ) {
				if (strncmp(q, f, fl) == 0 && q[fl] == '=') {
					at = q;
					break;
				}
				q = strchr(q, ' ');
				if (q)
					q++;
			}
			const char *end = at ? strchr(at, ' ') : NULL;
			if (at == NULL)
				cli_die("internal error: no field %s", f);
			if (txf_buf_add(&e, p, (size_t)(at - p)) < 0 ||
			    txf_buf_add(&e, f, fl) < 0 ||
			    txf_buf_add(&e, "=", 1) < 0 ||
			    txf_buf_add(&e, v, strlen(v)) < 0 ||
			    (end && txf_buf_add(&e, end, strlen(end)) < 0))
				cli_die("out of memory");
			txf_analysis *a = txf_analysis_parse(e.p, e.n, NULL);
			txf_buf_free(&e);
			/* a value the model cannot take (e.g. a joiner for
			 * n-grams it does not make) contradicts it too */
			differs = a == NULL || txf_analysis_diff(a, model,
			    NULL) != 0;
			if (a != NULL && !differs && strcmp(f, "joiner") == 0) {
				txf_ngopts g;
				txf_analysis_ngopts(model, &g);
				differs = g.word_max < 2 &&
				    strcmp(v, "+") != 0;
			}
			txf_analysis_free(a);
		}
		if (differs)
			cli_usage_error("%s=%s contradicts the analysis of %s "
			    "(%s=%s); leave it out: the model's analysis is "
			    "used", o->given[i].opt,
			    strcmp(f, "stop") == 0 ? o->an.stop_arg : v,
			    name, f, mv);
		free(mv);
	}
	txf_buf_free(&d);
}

void
cli_anopts_free(cli_anopts *o)
{
	cli_analysis_free(&o->an);
	for (int i = 0; i < o->ngiven; i++)
		free(o->given[i].value);
	o->ngiven = 0;
}
