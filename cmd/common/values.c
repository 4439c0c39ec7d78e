/*
 * values.c - option values (opts.h): whole numbers, sizes, ranges, names
 * and numbers, a bad one a usage error naming the option.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "suggest.h"

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
