/*
 * wordbreak_bench.c - how fast txf_word_next() and txf_grapheme_next()
 * segment real text.
 *
 * Usage: wordbreak_bench [FILE [RUNS]]
 *
 * Reads FILE (default ../shared/corpus/pypi.tsv), keeps the second TAB
 * field of each line (the text) in memory, then walks every text from
 * boundary to boundary RUNS times (default 7) and prints the median
 * throughput in MB/s of text.  Build, from the top of the tree:
 *
 *   cc -O2 -Ilib bench/wordbreak_bench.c lib/wordbreak.c \
 *       lib/unicode_tables.c lib/utf8.c lib/core.c -lutf8proc \
 *       -o wordbreak_bench
 */
#define _POSIX_C_SOURCE 200809L   /* getline, clock_gettime */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

#include "textfeat.h"

typedef size_t next_fn(const char *s, size_t n, size_t pos);

/* The texts, back to back, and where each ends. */
struct corpus {
	char *text;
	size_t n;
	size_t *end;
	size_t count;
};

static void
die(const char *msg)
{
	fprintf(stderr, "wordbreak_bench: %s\n", msg);
	exit(1);
}

static void *
xrealloc(void *p, size_t size)
{
	p = realloc(p, size);
	if (p == NULL)
		die("out of memory");
	return p;
}

static void
load(const char *path, struct corpus *c)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, tcap = 0, ecap = 0;
	ssize_t len;

	if (f == NULL) {
		perror(path);
		exit(1);
	}
	memset(c, 0, sizeof *c);
	while ((len = getline(&line, &cap, f)) > 0) {
		char *text = strchr(line, '\t'), *stop;
		if (text == NULL)
			continue;
		text++;
		stop = strpbrk(text, "\t\n");
		len = stop ? stop - text : (ssize_t)strlen(text);
		while (c->n + (size_t)len > tcap) {
			tcap = tcap ? 2 * tcap : 1 << 20;
			c->text = xrealloc(c->text, tcap);
		}
		memcpy(c->text + c->n, text, (size_t)len);
		c->n += (size_t)len;
		if (c->count == ecap) {
			ecap = ecap ? 2 * ecap : 1024;
			c->end = xrealloc(c->end, ecap * sizeof *c->end);
		}
		c->end[c->count++] = c->n;
	}
	free(line);
	fclose(f);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Segment every text once; return the number of segments. */
static size_t
segment_all(const struct corpus *c, next_fn *next)
{
	size_t k, start = 0, segments = 0;

	for (k = 0; k < c->count; k++) {
		const char *s = c->text + start;
		size_t n = c->end[k] - start, pos = 0;
		while (pos < n) {
			pos = next(s, n, pos);
			segments++;
		}
		start = c->end[k];
	}
	return segments;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
bench(const char *name, const struct corpus *c, next_fn *next, int runs)
{
	double *t = xrealloc(NULL, (size_t)runs * sizeof *t);
	size_t segments = 0;
	int r;

	for (r = 0; r < runs; r++) {
		double t0 = now();
		segments = segment_all(c, next);
		t[r] = now() - t0;
	}
	qsort(t, (size_t)runs, sizeof *t, cmp_double);
	printf("%-18s %9zu segments  median %.3f s  %7.1f MB/s\n", name,
	    segments, t[runs / 2], (double)c->n / t[runs / 2] / 1e6);
	free(t);
}

int
main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "../shared/corpus/pypi.tsv";
	int runs = argc > 2 ? atoi(argv[2]) : 7;
	struct corpus c;

	if (runs < 1)
		die("RUNS must be a positive number");
	load(path, &c);
	if (txf_utf8_check(c.text, c.n) != c.n)
		die("the text is not valid UTF-8 without NUL");
	printf("%s: %zu texts, %.1f MB of text, %d runs\n", path, c.count,
	    (double)c.n / 1e6, runs);
	bench("txf_word_next", &c, txf_word_next, runs);
	bench("txf_grapheme_next", &c, txf_grapheme_next, runs);
	free(c.text);
	free(c.end);
	return 0;
}
