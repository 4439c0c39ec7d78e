/*
 * getopt.c - cli_getopt_long(): getopt_long with the tools' own messages for
 * an unknown, ambiguous or misused option, which name the options that
 * were probably meant (from the same option table getopt reads).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "suggest.h"

#define MAXOPTS 128

/* The long names of the table, for cli_nearest(). */
static size_t
long_names(const struct option *lo, const char **names)
{
	size_t n = 0;

	for (; lo->name != NULL && n < MAXOPTS; lo++)
		names[n++] = lo->name;
	return n;
}

/* `prog: what; did you mean --x?` and the --help hint; exits 2. */
static void __attribute__((noreturn))
report(const char *what, const char *const *names, const size_t *idx,
       size_t k)
{
	char list[512];

	fflush(stdout);
	if (k > 0) {
		cli_list_names(list, sizeof list, "--", "", names, idx, k);
		fprintf(stderr, "%s: %s; did you mean %s?\n", cli_prog, what,
		    list);
	} else {
		fprintf(stderr, "%s: %s\n", cli_prog, what);
	}
	cli_try_help();
}

/* A long option getopt refused: arg is the word as typed ("--name[=v]"). */
static void __attribute__((noreturn))
bad_long(const char *arg, const struct option *lo, int optval)
{
	const char *names[MAXOPTS];
	size_t n = long_names(lo, names);
	const char *name = arg + 2, *eq = strchr(name, '=');
	size_t len = eq != NULL ? (size_t)(eq - name) : strlen(name);
	size_t idx[MAXOPTS], k = 0, exact = SIZE_MAX;
	char what[256];

	for (size_t i = 0; i < n; i++) {
		if (strncmp(names[i], name, len) != 0)
			continue;
		if (names[i][len] == '\0')
			exact = i;
		idx[k++] = i;
	}
	if (exact != SIZE_MAX) {
		idx[0] = exact;
		k = 1;
	}
	if (k == 1 && optval != 0) {
		/* a known option, with or without a value it cannot take */
		if (eq != NULL && lo[idx[0]].has_arg == no_argument)
			snprintf(what, sizeof what, "option '--%s' doesn't "
			    "allow an argument", names[idx[0]]);
		else
			snprintf(what, sizeof what, "option '--%s' requires "
			    "an argument", names[idx[0]]);
		report(what, names, idx, 0);
	}
	if (k > 1) {
		snprintf(what, sizeof what, "option '--%.*s' is ambiguous",
		    (int)(len < 64 ? len : 64), name);
		report(what, names, idx, k < 6 ? k : 6);
	}
	snprintf(what, sizeof what, "unrecognized option '%.*s'",
	    (int)(strlen(arg) < 128 ? strlen(arg) : 128), arg);
	k = cli_nearest(name, len, names, n, idx, 3);
	report(what, names, idx, k);
}

int
cli_getopt_long(int argc, char **argv, const char *shortopts,
                const struct option *longopts)
{
	opterr = 0;
	int c = getopt_long(argc, argv, shortopts, longopts, NULL);
	if (c != '?')
		return c;

	const char *prev = optind > 0 && optind <= argc ? argv[optind - 1] : "";
	int is_long = 0;
	if (strncmp(prev, "--", 2) == 0 && prev[2] != '\0') {
		if (optopt == 0) {
			is_long = 1;
		} else {
			/* a known long option misused, if prev names it */
			const char *name = prev + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			for (const struct option *o = longopts;
			    o->name != NULL; o++)
				if (o->val == optopt && o->flag == NULL &&
				    strncmp(o->name, name, len) == 0)
					is_long = 1;
		}
	}
	if (is_long)
		bad_long(prev, longopts, optopt);

	char what[64];
	const char *p = optopt > 0 && optopt <= 255 ?
	    strchr(shortopts, optopt) : NULL;
	if (p != NULL && p[1] == ':')
		snprintf(what, sizeof what, "option requires an argument -- "
		    "'%c'", optopt);
	else
		snprintf(what, sizeof what, "invalid option -- '%c'", optopt);
	report(what, NULL, NULL, 0);
}
