/* ix_analysis.c - reading back the analysis an index or vocab records. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ix_analysis.h"

static const struct {
	const char *key;
	int opt;
} keys[] = {
	{ "mode", CLI_OPT_MODE }, { "norm", CLI_OPT_NORM },
	{ "case", CLI_OPT_CASE }, { "strip-accents", CLI_OPT_STRIP_ACCENTS },
	{ "min-len", CLI_OPT_MIN_LEN }, { "max-len", CLI_OPT_MAX_LEN },
	{ "stop", CLI_OPT_STOP }, { "stem", CLI_OPT_STEM },
};

/* Values are kept for the life of the program (stop and stem names are
 * borrowed by cli_analysis). */
const char *
ixa_parse(cli_analysis *a, const char *p, size_t n)
{
	char *s = malloc(n + 1), *save = NULL;

	if (s == NULL)
		cli_die("out of memory");
	memcpy(s, p, n);
	s[n] = '\0';
	for (char *w = strtok_r(s, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(w, '=');
		size_t k;
		if (eq == NULL)
			return "an analysis word without '='";
		*eq = '\0';
		const char *v = eq + 1;
		for (k = 0; k < sizeof keys / sizeof keys[0]; k++)
			if (strcmp(w, keys[k].key) == 0)
				break;
		if (k == sizeof keys / sizeof keys[0])
			return "an analysis key this version does not know";
		switch (keys[k].opt) {
		case CLI_OPT_STRIP_ACCENTS:
			if (strcmp(v, "yes") == 0)
				a->o.strip_accents = 1;
			else if (strcmp(v, "no") != 0)
				return "strip-accents is neither yes nor no";
			break;
		case CLI_OPT_MAX_LEN:
			if (strcmp(v, "0") != 0)
				cli_analysis_option(a, keys[k].opt, v);
			break;
		case CLI_OPT_STOP:
		case CLI_OPT_STEM:
			if (strcmp(v, "none") != 0)
				cli_analysis_option(a, keys[k].opt, v);
			break;
		default:
			cli_analysis_option(a, keys[k].opt, v);
		}
	}
	return NULL;
}

void
ixa_describe(const cli_analysis *a, txf_buf *out)
{
	if (txf_tokopts_describe(&a->o, a->stop_arg, a->stem_arg, out) < 0)
		cli_die("analysis description too long");
}
