/*
 * opts.c - options from the tool's table: the getopt_long arrays, the
 * common options and the --help text (option values: values.c).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "header.h"   /* cli_anopts */

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
