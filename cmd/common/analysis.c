/* analysis.c - the analysis options of the tools that tokenize text. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

void
cli_analysis_init(cli_analysis *a)
{
	memset(a, 0, sizeof *a);
	txf_tokopts_init(&a->o);
}

static int
option(cli_analysis *a, int opt, const char *arg)
{
	switch (opt) {
	/* --mode */
	case CLI_OPT_MODE:
		a->o.mode = (enum txf_mode)cli_parse_choice("--mode", arg,
		    txf_mode_names());
		return 1;
	/* --case */
	case CLI_OPT_CASE:
		a->o.casing = (enum txf_case)cli_parse_choice("--case", arg,
		    txf_case_names());
		return 1;
	/* --norm */
	case CLI_OPT_NORM:
		a->o.norm = (enum txf_norm)cli_parse_choice("--norm", arg,
		    txf_norm_names());
		return 1;
	/* --strip-accents */
	case CLI_OPT_STRIP_ACCENTS:
		a->o.strip_accents = 1;
		return 1;
	/* --min-len */
	case CLI_OPT_MIN_LEN:
		a->o.min_len = cli_parse_size("--min-len", arg, 1, SIZE_MAX);
		return 1;
	/* --max-len */
	case CLI_OPT_MAX_LEN:
		a->o.max_len = cli_parse_size("--max-len", arg, 1, SIZE_MAX);
		return 1;
	/* --stop */
	case CLI_OPT_STOP:
		a->stop_arg = arg;
		return 1;
	/* --stem */
	case CLI_OPT_STEM:
		a->stem_arg = arg;
		return 1;
	default:
		return 0;
	}
}

int
cli_analysis_option(cli_analysis *a, int opt, const char *arg)
{
	if (!option(a, opt, arg))
		return 0;
	a->given++;
	return 1;
}

void
cli_analysis_finish(cli_analysis *a)
{
	txf_error err;

	if (a->o.max_len > 0 && a->o.max_len < a->o.min_len)
		cli_usage_error("--max-len is below --min-len");
	if (a->stop_arg != NULL) {
		const char *p = a->stop_arg;
		txf_stopset *s = txf_stopset_open(p, NULL, &a->o, &err);
		if (s == NULL) {
			if (err.code == TXF_ENOENT)
				cli_usage_error("--stop: '%s' is neither a "
				    "stop-word list name nor a file",
				    a->stop_arg);
			if (err.line > 0)
				cli_warn_at(p, err.line, "%s", err.msg);
			else
				cli_warn("%s: %s", p, txf_error_text(&err));
			exit(EXIT_DATA);
		}
		a->o.stop = s;
	}
	if (a->stem_arg != NULL) {
		a->o.stem = txf_stemmer_new(a->stem_arg, &err);
		if (a->o.stem == NULL) {
			if (err.code == TXF_ENOMEM)
				cli_nomem();
			cli_usage_error("--stem: unknown language '%s'",
			    a->stem_arg);
		}
	}
}

void
cli_analysis_free(cli_analysis *a)
{
	txf_stopset_free((txf_stopset *)a->o.stop);
	txf_stemmer_free(a->o.stem);
	a->o.stop = NULL;
	a->o.stem = NULL;
}

