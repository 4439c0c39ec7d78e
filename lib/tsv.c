/* tsv.c - TAB-separated fields and the \t \n \r \\ escapes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "textfeat.h"
#include "internal.h"

size_t
txf_fields(txf_str line, txf_str *f, size_t max)
{
	const char *p = line.p, *end = line.p + line.n;
	size_t k = 0;

	while (k + 1 < max) {
		const char *t = memchr(p, '\t', (size_t)(end - p));
		if (t == NULL)
			break;
		f[k].p = p;
		f[k].n = (size_t)(t - p);
		k++;
		p = t + 1;
	}
	f[k].p = p;
	f[k].n = (size_t)(end - p);
	return k + 1;
}

int
txf_unescape(const char *p, size_t n, txf_buf *out)
{
	if (txf_buf_grow(out, n) < 0)
		return TXF_ENOMEM;
	if (n == 0)
		return 0;   /* p may be NULL */
	const char *end = p + n;
	while (p < end) {
		const char *bs = memchr(p, '\\', (size_t)(end - p));
		if (bs == NULL) {
			memcpy(out->p + out->n, p, (size_t)(end - p));
			out->n += (size_t)(end - p);
			break;
		}
		memcpy(out->p + out->n, p, (size_t)(bs - p));
		out->n += (size_t)(bs - p);
		char c = bs + 1 < end ? bs[1] : 0;
		switch (c) {
		case 't':  out->p[out->n++] = '\t'; break;
		case 'n':  out->p[out->n++] = '\n'; break;
		case 'r':  out->p[out->n++] = '\r'; break;
		case '\\': out->p[out->n++] = '\\'; break;
		default:
			/* Unknown escape or a lone final backslash: kept. */
			out->p[out->n++] = '\\';
			p = bs + 1;
			continue;
		}
		p = bs + 2;
	}
	return 0;
}

int
txf_needs_escape(const char *p, size_t n)
{
	const uint64_t ones = 0x0101010101010101ull;
	const uint64_t highs = 0x8080808080808080ull;
	size_t i = 0;

	/* A word at a time: whether any byte is below 14 (which takes in
	 * \t, \n and \r) or is a backslash.  Only a word where one is
	 * looks at its bytes. */
	for (; i + 8 <= n; i += 8) {
		uint64_t x, y;
		memcpy(&x, p + i, 8);
		y = x ^ (ones * '\\');
		if ((((x - ones * 14) & ~x) | ((y - ones) & ~y)) & highs)
			break;
	}
	for (; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == '\\' || c == '\t' || c == '\n' || c == '\r')
			return 1;
	}
	return 0;
}

int
txf_escape(const char *p, size_t n, txf_buf *out)
{
	if (n > SIZE_MAX / 2 || txf_buf_grow(out, 2 * n) < 0)
		return TXF_ENOMEM;
	char *o = out->p + out->n;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		switch (c) {
		case '\\': *o++ = '\\'; *o++ = '\\'; break;
		case '\t': *o++ = '\\'; *o++ = 't'; break;
		case '\n': *o++ = '\\'; *o++ = 'n'; break;
		case '\r': *o++ = '\\'; *o++ = 'r'; break;
		default:   *o++ = c;
		}
	}
	out->n = (size_t)(o - out->p);
	return 0;
}

/* Room for one more token view. */
static int
toklist_room(txf_toklist *t)
{
	return TXF_GROW(t->v, t->cap, t->n + 1, 64);
}

/* Append the view p[0..n): 0 or TXF_ENOMEM. */
static inline int
add_view(txf_toklist *t, const char *p, size_t n)
{
	if (toklist_room(t) < 0)
		return TXF_ENOMEM;
	t->v[t->n].p = p;
	t->v[t->n++].n = n;
	return 0;
}

/*
 * A field without escapes, 8 bytes at a time: a word's spaces are the
 * bits of a mask (bit 7 of each byte that is a space: exact, no carries
 * between bytes), and each one ends a token unless it follows another
 * space.  Little-endian: byte k of the word is bits 8k..8k+7.
 */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HAVE_WORD_SPLIT 1
static int
split_plain(txf_toklist *t, const char *p, size_t n)
{
	const uint64_t lo7 = 0x7f7f7f7f7f7f7f7full;
	const uint64_t spaces = 0x2020202020202020ull;
	size_t start = 0, i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w, x;
		memcpy(&w, p + i, 8);
		x = w ^ spaces;
		uint64_t m = ~(((x & lo7) + lo7) | x | lo7);
		while (m != 0) {
			size_t at = i + ((size_t)__builtin_ctzll(m) >> 3);
			if (at > start && add_view(t, p + start, at - start) < 0)
				return TXF_ENOMEM;
			start = at + 1;
			m &= m - 1;
		}
	}
	for (; i <= n; i++) {
		if (i < n && p[i] != ' ')
			continue;
		if (i > start && add_view(t, p + start, i - start) < 0)
			return TXF_ENOMEM;
		start = i + 1;
	}
	return 0;
}
#endif

int
txf_toklist_split(txf_toklist *t, const char *p, size_t n)
{
	t->n = 0;
	t->esc.n = 0;
	if (n == 0)
		return 0;   /* p may be NULL */
	const char *end = p + n;
	int escapes = memchr(p, '\\', n) != NULL;

#ifdef HAVE_WORD_SPLIT
	if (!escapes)
		return split_plain(t, p, n);
#endif
	/* Unescaping never lengthens: one reservation keeps views stable. */
	if (escapes && txf_buf_grow(&t->esc, n) < 0)
		return TXF_ENOMEM;
	while (p < end) {
		if (*p == ' ') {
			p++;
			continue;
		}
		/* One pass finds the token's end and whether it holds an
		 * escape (tokens are short: cheaper than two memchr calls). */
		const char *q = p;
		int bs = 0;
		while (q < end && *q != ' ') {
			bs |= *q == '\\';
			q++;
		}
		if (toklist_room(t) < 0)
			return TXF_ENOMEM;
		txf_str *tok = &t->v[t->n++];
		if (bs) {
			size_t at = t->esc.n;
			(void)txf_unescape(p, (size_t)(q - p), &t->esc);
			tok->p = t->esc.p + at;
			tok->n = t->esc.n - at;
		} else {
			tok->p = p;
			tok->n = (size_t)(q - p);
		}
		p = q;
	}
	return 0;
}

void
txf_toklist_free(txf_toklist *t)
{
	free(t->v);
	txf_buf_free(&t->esc);
	memset(t, 0, sizeof *t);
}
