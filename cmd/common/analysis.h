/*
 * analysis.h - the analysis options (--mode, --case, --norm, ...) of the
 * tools that tokenize text; their table entries are CLI_ANALYSIS_OPTS in
 * opts.h.  Part of cli.h; not installed.
 */
#ifndef TXF_CLI_ANALYSIS_H
#define TXF_CLI_ANALYSIS_H

#include "textfeat.h"

/* The analysis chain as options set it. */
typedef struct cli_analysis {
	txf_tokopts o;
	const char *stop_arg;     /* --stop value */
	const char *stem_arg;     /* --stem value */
	int given;                /* how many options were given */
} cli_analysis;

void cli_analysis_init(cli_analysis *a);
/** Handle one of the analysis options; returns 0 when opt is not one. */
int cli_analysis_option(cli_analysis *a, int opt, const char *arg);
/** After all options: load the stop list and the stemmer (errors exit). */
void cli_analysis_finish(cli_analysis *a);
/** Release what cli_analysis_finish loaded. */
void cli_analysis_free(cli_analysis *a);

#endif /* TXF_CLI_ANALYSIS_H */
