/* stopwords.c - a set of words: open addressing over FNV-1a hashes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textfeat.h"
#include "internal.h"

struct txf_stopset {
	txf_str *slot;   /* slot[i].p == NULL: empty */
	size_t cap;      /* power of two */
	size_t n;
};

static uint64_t
fnv1a(const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

txf_stopset *
txf_stopset_new(void)
{
	txf_stopset *s = TXF_NEW_WITH_ARRAY(txf_stopset, slot, 256);

	if (s != NULL)
		s->cap = 256;
	return s;
}

static size_t
find(const txf_stopset *s, const char *w, size_t n)
{
	size_t i = (size_t)fnv1a(w, n) & (s->cap - 1);

	while (s->slot[i].p != NULL &&
	    (s->slot[i].n != n || memcmp(s->slot[i].p, w, n) != 0))
		i = (i + 1) & (s->cap - 1);
	return i;
}

static int
rehash(txf_stopset *s)
{
	txf_stopset t = { NULL, s->cap * 2, 0 };

	t.slot = calloc(t.cap, sizeof *t.slot);
	if (t.slot == NULL)
		return TXF_ENOMEM;
	for (size_t i = 0; i < s->cap; i++)
		if (s->slot[i].p != NULL)
			t.slot[find(&t, s->slot[i].p, s->slot[i].n)] =
			    s->slot[i];
	free(s->slot);
	s->slot = t.slot;
	s->cap = t.cap;
	return 0;
}

int
txf_stopset_add(txf_stopset *s, const char *w, size_t n)
{
	size_t i = find(s, w, n);
	char *copy;

	if (s->slot[i].p != NULL)
		return 0;
	copy = malloc(n + 1);
	if (copy == NULL)
		return TXF_ENOMEM;
	memcpy(copy, w, n);
	copy[n] = '\0';
	s->slot[i].p = copy;
	s->slot[i].n = n;
	s->n++;
	if (2 * s->n > s->cap)
		return rehash(s);
	return 0;
}

int
txf_stopset_has(const txf_stopset *s, const char *w, size_t n)
{
	return s->slot[find(s, w, n)].p != NULL;
}

size_t
txf_stopset_size(const txf_stopset *s)
{
	return s->n;
}

/* A 64-bit mix of a word's FNV-1a hash (the finalizer of SplitMix64),
 * so that a sum of them over a set tells sets apart. */
static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t
txf_stopset_hash(const txf_stopset *s)
{
	uint64_t h = 0;

	for (size_t i = 0; i < s->cap; i++)
		if (s->slot[i].p != NULL)
			h += mix64(fnv1a(s->slot[i].p, s->slot[i].n) ^
			    (uint64_t)s->slot[i].n);
	return h;
}

TXF_DEFINE_FREE(txf_stopset_free, txf_stopset, s)
{
	for (size_t i = 0; i < s->cap; i++)
		free((char *)s->slot[i].p);
	TXF_FREE_ALL(s->slot, s);
}

txf_stopset *
txf_stopset_load(const char *path, const txf_tokopts *o, txf_error *err)
{
	FILE *f = fopen(path, "r");
	txf_stopset *s = NULL;
	txf_buf a = { 0 }, b = { 0 };
	char *ln = NULL;
	size_t lncap = 0;
	ssize_t k;
	uint64_t line = 0;

	if (f == NULL)
		return TXF_FAIL_NULL(err, TXF_EIO, 0, "%s", strerror(errno));
	s = txf_stopset_new();
	if (s == NULL)
		goto nomem;
	while ((k = getline(&ln, &lncap, f)) >= 0) {
		size_t n = (size_t)k;
		++line;
		while (n > 0 && (ln[n - 1] == '\n' || ln[n - 1] == '\r' ||
		    ln[n - 1] == ' ' || ln[n - 1] == '\t'))
			n--;
		if (line == 1 && n >= 3 && memcmp(ln, "\xEF\xBB\xBF", 3) == 0) {
			memmove(ln, ln + 3, n - 3);   /* a byte order mark */
			n -= 3;
		}
		size_t lead = 0;
		while (lead < n && (ln[lead] == ' ' || ln[lead] == '\t'))
			lead++;
		if (lead > 0) {
			memmove(ln, ln + lead, n - lead);
			n -= lead;
		}
		if (n == 0 || ln[0] == '#')
			continue;
		if (txf_utf8_check(ln, n) != n) {
			txf_fail(err, TXF_EUTF8, line, "invalid UTF-8");
			goto fail;
		}
		a.n = 0;
		if (txf_normalize(ln, n, o->norm, &a) < 0)
			goto nomem;
		b.n = 0;
		if (txf_casemap(a.p, a.n, o->casing, &b) < 0)
			goto nomem;
		if (o->casing != TXF_CASE_KEEP && o->norm != TXF_NORM_NONE) {
			/* normalized again, as the tokenizer does */
			a.n = 0;
			if (txf_normalize(b.p, b.n, o->norm, &a) < 0)
				goto nomem;
			b.n = 0;
			if (txf_buf_add(&b, a.p, a.n) < 0)
				goto nomem;
		}
		if (o->strip_accents) {
			a.n = 0;
			if (txf_strip_accents(b.p, b.n, &a) < 0)
				goto nomem;
			b.n = 0;
			if (txf_buf_add(&b, a.p, a.n) < 0)
				goto nomem;
		}
		if (txf_stopset_add(s, b.p ? b.p : "", b.n) < 0)
			goto nomem;
	}
	if (ferror(f)) {
		txf_fail(err, TXF_EIO, 0, "%s", strerror(errno));
		goto fail;
	}
	fclose(f);
	free(ln);
	txf_buf_free(&a);
	txf_buf_free(&b);
	return s;
nomem:
	txf_fail(err, TXF_ENOMEM, 0, NULL);
fail:
	fclose(f);
	free(ln);
	txf_buf_free(&a);
	txf_buf_free(&b);
	txf_stopset_free(s);
	return NULL;
}
