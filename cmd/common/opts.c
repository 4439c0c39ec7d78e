/*
 * opts.c - options from the tool's table: the getopt_long arrays, the
 * common options, the --help text, and option values.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "header.h"   /* cli_anopts */
#include "suggest.h"

static const char *const invalid_names[] = {
	"error", "replace", "skip", NULL
};

const char *const *
cli_invalid_names(void)
{
	return invalid_names;
}

void
cli_start(const cli_tool *t, cli_common *c, struct cli_analysis *an,
          struct cli_anopts *ao)
{
	cli_init(t->name);
	c->invalid = CLI_INVALID_ERROR;
	c->output = NULL;
	c->threads = cli_default_threads();
	c->an = an;
	c->ao = ao;
	if (an != NULL)
		cli_analysis_init(an);
	if (ao != NULL)
		cli_anopts_init(ao);
}

int
cli_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 4 ? 4 : (int)n;
}

/* The key getopt_long returns for o: its own, or, for an option of .flag,
 * .str or .num without one, a number from its place in the table. */
static int
opt_key(const cli_tool *t, const cli_opt *o)
{
	return o->key != 0 ? o->key : CHAR_MAX + 1000 + (int)(o - t->opts);
}

const cli_opt *
cli_find_opt(const cli_tool *t, int key)
{
	for (const cli_opt *o = t->opts; o->name != NULL || o->help != NULL;
	    o++)
		if (o->name != NULL && opt_key(t, o) == key)
			return o;
	return NULL;
}

/* The values o's argument may take, or NULL: any. */
static const char *const *
opt_values(const cli_opt *o)
{
	return o->names != NULL ? o->names :
	    o->values != NULL ? o->values() : NULL;
}

static int
takes_arg(const cli_opt *o)
{
	return o->arg != NULL || opt_values(o) != NULL;
}

static int
is_short(int key)
{
	return key > 0 && key <= CHAR_MAX;
}

/* ------------------------------------------------------------------ */
/* getopt_long                                                         */

static struct option *longopts;   /* of the tool being parsed */
static char *shortopts;

static void
build(const cli_tool *t)
{
	size_t nlong = 0, nshort = 0;
	const cli_opt *o;

	for (o = t->opts; o->name != NULL || o->help != NULL; o++) {
		if (o->name == NULL)
			continue;
		nlong++;
		for (size_t a = 0; o->aliases && o->aliases[a]; a++)
			nlong++;
		nshort += is_short(o->key);
	}
	longopts = cli_xcalloc(nlong + 1, sizeof *longopts);
	shortopts = cli_xmalloc(2 * nshort + 1);
	size_t l = 0, s = 0;
	for (o = t->opts; o->name != NULL || o->help != NULL; o++) {
		if (o->name == NULL)
			continue;
		int has = o->optional ? optional_argument :
		    takes_arg(o) ? required_argument : no_argument;
		int key = opt_key(t, o);
		longopts[l++] = (struct option){ o->name, has, NULL, key };
		for (size_t a = 0; o->aliases && o->aliases[a]; a++)
			longopts[l++] = (struct option){ o->aliases[a], has,
			    NULL, key };
		if (is_short(o->key)) {
			shortopts[s++] = (char)o->key;
			if (has)
				shortopts[s++] = ':';
		}
	}
	shortopts[s] = '\0';
}

int
cli_getopt(const cli_tool *t, int argc, char **argv, cli_common *c,
           const char **arg)
{
	if (longopts == NULL) {
		build(t);
		argv[0] = (char *)cli_prog;   /* getopt's messages name the tool */
	}
	for (;;) {
		int k = cli_getopt_long(argc, argv, shortopts, longopts);
		switch (k) {
		case -1:
			free(longopts);
			free(shortopts);
			longopts = NULL;
			shortopts = NULL;
			return -1;
		/* --help */
		case 'h':
			cli_help(t);
			exit(cli_out_close(0));
		/* --version */
		case CLI_OPT_VERSION:
			cli_version();
		/* --invalid */
		case CLI_OPT_INVALID:
			c->invalid = (enum cli_invalid)cli_parse_choice(
			    "--invalid", optarg, invalid_names);
			continue;
		/* --header */
		case CLI_OPT_HEADER:
			cli_header = 1;
			continue;
		/* --progress */
		case CLI_OPT_PROGRESS:
			cli_progress_option(optarg);
			continue;
		/* --output */
		case 'o':
			c->output = optarg;
			continue;
		/* --threads */
		case 'j':
			c->threads = (int)cli_parse_size("--threads", optarg, 1,
			    64);
			continue;
		default:
			break;
		}
		const cli_opt *o = cli_find_opt(t, k);
		char name[64];   /* "--NAME", for messages */
		snprintf(name, sizeof name, "--%s", o != NULL ? o->name : "");
		if (o != NULL && opt_values(o) != NULL && optarg != NULL)
			(void)cli_parse_choice(name, optarg, opt_values(o));
		if (c->ao != NULL ? cli_anopts_option(c->ao, k, optarg) :
		    c->an != NULL && cli_analysis_option(c->an, k, optarg))
			continue;
		if (o != NULL && o->flag != NULL) {
			*o->flag = 1;
			continue;
		}
		if (o != NULL && o->str != NULL) {
			*o->str = optarg;
			continue;
		}
		if (o != NULL && o->num != NULL) {
			*o->num = (int)cli_parse_size(name, optarg,
			    (size_t)o->min, (size_t)o->max);
			continue;
		}
		*arg = o != NULL && takes_arg(o) ? optarg : NULL;
		return k;
	}
}

/* ------------------------------------------------------------------ */
/* --help                                                              */

#define HELP_COL 31   /* where the help text of an option starts */

/* Write the lines of text, the first after `used` columns already
 * written, the others from column HELP_COL. */
static void
help_text(const char *text, int used)
{
	const char *p = text;

	for (;;) {
		const char *nl = strchr(p, '\n');
		int n = nl ? (int)(nl - p) : (int)strlen(p);
		printf("%*s%.*s\n", HELP_COL - used, "", n, p);
		if (nl == NULL)
			break;
		used = 0;
		p = nl + 1;
	}
}

/* One option line: "  -o, --output=FILE" then its help. */
static void
help_opt(const cli_opt *o, const char *name, const char *help)
{
	int n;

	if (is_short(o->key) && name == o->name)
		n = printf("  -%c, --%s", o->key, name);
	else
		n = printf("      --%s", name);
	if (o->optional)
		n += printf("[");
	if (o->arg != NULL) {
		n += printf("=%s", o->arg);
	} else if (opt_values(o) != NULL) {
		const char *const *v = opt_values(o);
		char sep = '=';
		if (o->dflt != NULL) {
			n += printf("=%s", o->dflt);
			sep = '|';
		}
		for (size_t i = 0; v[i] != NULL; i++) {
			if (o->dflt != NULL && strcmp(v[i], o->dflt) == 0)
				continue;
			n += printf("%c%s", sep, v[i]);
			sep = '|';
		}
	}
	if (o->optional)
		n += printf("]");
	if (n > HELP_COL - 2) {
		putchar('\n');
		n = 0;
	}
	help_text(help, n);
}

void
cli_help(const cli_tool *t)
{
	const char *p = t->synopsis != NULL ? t->synopsis : CLI_SYNOPSIS;

	for (int first = 1;; first = 0) {
		const char *nl = strchr(p, '\n');
		printf("%s%s %.*s\n", first ? "Usage: " : "  or:  ", t->name,
		    nl ? (int)(nl - p) : (int)strlen(p), p);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	fputs(t->about, stdout);
	for (const cli_opt *o = t->opts; o->name != NULL || o->help != NULL;
	    o++) {
		if (o->group != NULL)
			printf("\n%s\n", o->group);
		if (o->name == NULL) {
			printf("%s\n", o->help);
			continue;
		}
		help_opt(o, o->name, o->help);
		for (size_t a = 0; o->aliases && o->aliases[a]; a++) {
			char also[80];
			snprintf(also, sizeof also, "the same as --%s", o->name);
			help_opt(o, o->aliases[a], also);
		}
	}
	printf("\nExamples:\n%s\n"
	    "Exit status: 0 success, 1 bad data or I/O failure, 2 bad usage.\n"
	    "See %s(1) and textfeat(7).\n", t->examples, t->name);
}

/* ------------------------------------------------------------------ */
/* Option values                                                       */

size_t
cli_parse_size(const char *opt, const char *arg, size_t min, size_t max)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (arg[0] < '0' || arg[0] > '9')
		cli_usage_error("invalid value for %s: '%s'", opt, arg);
	v = strtoull(arg, &end, 10);
	if (*end != '\0')
		cli_usage_error("invalid value for %s: '%s'", opt, arg);
	if (errno == ERANGE || v < min || v > max)
		cli_usage_error("value for %s out of range: '%s'", opt, arg);
	return (size_t)v;
}

size_t
cli_parse_memory(const char *arg, size_t min)
{
	char *end;
	unsigned long long v;
	double mult;

	errno = 0;
	if (arg[0] < '0' || arg[0] > '9')
		cli_usage_error("invalid value for --memory: '%s'", arg);
	v = strtoull(arg, &end, 10);
	if (end[0] != '\0' && end[1] != '\0')
		cli_usage_error("invalid value for --memory: '%s'", arg);
	switch (end[0]) {
	case '\0':
	case 'k': case 'K': mult = 1024.0; break;
	case 'b':           mult = 1; break;
	case 'm': case 'M': mult = 1024.0 * 1024; break;
	case 'g': case 'G': mult = 1024.0 * 1024 * 1024; break;
	case 't': case 'T': mult = 1024.0 * 1024 * 1024 * 1024; break;
	case 'P': mult = 1024.0 * 1024 * 1024 * 1024 * 1024; break;
	case 'E': mult = 1024.0 * 1024 * 1024 * 1024 * 1024 * 1024; break;
	case '%': {
		long pages = sysconf(_SC_PHYS_PAGES);
		long psize = sysconf(_SC_PAGESIZE);
		if (pages <= 0 || psize <= 0)
			cli_usage_error("--memory: the size of memory is "
			    "unknown; give a size: '%s'", arg);
		if (v > 100)
			cli_usage_error("value for --memory out of range: "
			    "'%s'", arg);
		mult = (double)pages * (double)psize / 100;
		break;
	}
	default:
		cli_usage_error("invalid value for --memory: '%s'", arg);
	}
	double bytes = (double)v * mult;
	if (errno == ERANGE || bytes >= (double)SIZE_MAX)
		return SIZE_MAX;
	if (bytes < (double)(min > 0 ? min : 1)) {
		if (min > 1)
			cli_usage_error("value for --memory too small (%zuK at "
			    "least): '%s'", min / 1024, arg);
		cli_usage_error("value for --memory out of range: '%s'", arg);
	}
	return (size_t)bytes;
}

void
cli_parse_range(const char *opt, const char *arg, size_t lo, size_t hi,
                size_t *min, size_t *max)
{
	const char *colon = strchr(arg, ':');

	if (colon == NULL) {
		*min = *max = cli_parse_size(opt, arg, lo, hi);
		return;
	}
	char *a = cli_xstrndup(arg, (size_t)(colon - arg));
	*min = cli_parse_size(opt, a, lo, hi);
	free(a);
	*max = cli_parse_size(opt, colon + 1, lo, hi);
	if (*min > *max)
		cli_usage_error("invalid range for %s: '%s' (MIN above MAX)",
		    opt, arg);
}

int
cli_parse_choice(const char *opt, const char *arg, const char *const *names)
{
	for (int i = 0; names[i] != NULL; i++)
		if (strcmp(arg, names[i]) == 0)
			return i;
	size_t n = 0, idx[3], k;
	while (names[n] != NULL)
		n++;
	k = cli_nearest(arg, strlen(arg), names, n, idx, 3);
	if (k > 0) {
		char list[256];
		cli_list_names(list, sizeof list, "'", "'", names, idx, k);
		cli_usage_error("invalid value for %s: '%s'; did you mean "
		    "%s?", opt, arg, list);
	}
	cli_usage_error("invalid value for %s: '%s'", opt, arg);
}

double
cli_parse_double(const char *opt, const char *arg, double lo, double hi)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (end == arg || *end != '\0' || arg[0] == ' ')
		cli_usage_error("invalid value for %s: '%s'", opt, arg);
	if (errno == ERANGE || !isfinite(v) || v < lo || v > hi)
		cli_usage_error("value for %s out of range: '%s'", opt, arg);
	return v;
}
