/* suggest.c - the nearest names to a mistyped one. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "suggest.h"

#define MAXLEN 64

size_t
cli_distance(const char *a, size_t an, const char *b, size_t bn)
{
	/* Three rows of the dynamic-programming table: i-2, i-1, i. */
	size_t r0[MAXLEN + 1], r1[MAXLEN + 1], r2[MAXLEN + 1];
	size_t *pp = r0, *p = r1, *c = r2;

	if (an > MAXLEN || bn > MAXLEN)
		return SIZE_MAX;
	for (size_t j = 0; j <= bn; j++)
		p[j] = j;
	for (size_t i = 1; i <= an; i++) {
		c[0] = i;
		for (size_t j = 1; j <= bn; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t d = p[j - 1] + cost;          /* substitute */
			if (p[j] + 1 < d)
				d = p[j] + 1;                /* delete */
			if (c[j - 1] + 1 < d)
				d = c[j - 1] + 1;            /* insert */
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < d)
				d = pp[j - 2] + 1;           /* swap */
			c[j] = d;
		}
		size_t *t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[bn];
}

size_t
cli_nearest(const char *word, size_t wn, const char *const *names, size_t n,
            size_t *out, size_t max)
{
	size_t limit = wn <= 4 ? 1 : wn <= 8 ? 2 : 3;
	size_t best = SIZE_MAX, k = 0;

	if (wn == 0)
		return 0;
	for (int pass = 0; pass < 2; pass++) {
		/* pass 0 finds the smallest distance, pass 1 collects */
		for (size_t i = 0; i < n; i++) {
			size_t nn = strlen(names[i]);
			size_t d = cli_distance(word, wn, names[i], nn);
			if (d > 1 && ((nn >= 3 && nn < wn &&
			    memcmp(word, names[i], nn) == 0) ||
			    (wn < nn && memcmp(word, names[i], wn) == 0)))
				d = 1;
			if (d > limit)
				continue;
			if (pass == 0 && d < best)
				best = d;
			else if (pass == 1 && d == best && k < max)
				out[k++] = i;
		}
		if (best == SIZE_MAX)
			return 0;
	}
	return k;
}

void
cli_list_names(char *buf, size_t size, const char *before,
               const char *after, const char *const *names,
               const size_t *idx, size_t k)
{
	size_t used = 0;

	if (size == 0)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < k && used < size; i++) {
		const char *sep = i == 0 ? "" : i + 1 == k ? " or " : ", ";
		int w = snprintf(buf + used, size - used, "%s%s%s%s", sep, before,
		    names[idx[i]], after);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}
