/* reader.c - lines of any length from a file descriptor, read in blocks. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "textfeat.h"
#include "internal.h"

#define BLOCK (256 * 1024)

struct txf_reader {
	int fd;
	char *buf;        /* holds buf[start..end) unread bytes */
	size_t cap, start, end;
	int eof;
	int had_newline;
	uint64_t lineno;
	uint64_t bytes;
};

TXF_DEFINE_FREE(txf_reader_free, txf_reader, r)
{
	TXF_FREE_ALL(r->buf, r);
}

txf_reader *
txf_reader_new(int fd)
{
	txf_reader *r = TXF_NEW_WITH_ARRAY(txf_reader, buf, BLOCK);

	if (r != NULL) {
		r->cap = BLOCK;
		r->fd = fd;
	}
	return r;
}

/* Read more input after what is buffered: moves the unread tail to the
 * front and grows the buffer when a line fills it.  Returns bytes read,
 * 0 at end of input, or TXF_EIO / TXF_ENOMEM. */
static long
fill(txf_reader *r)
{
	ssize_t k;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->cap - r->end < BLOCK / 2 &&
	    TXF_GROW(r->buf, r->cap, r->cap + 1, BLOCK) < 0)
		return TXF_ENOMEM;
	k = txf_read_some(r->fd, r->buf + r->end, r->cap - r->end);
	if (k < 0)
		return (long)k;
	r->end += (size_t)k;
	r->bytes += (uint64_t)k;
	return (long)k;
}

int
txf_reader_line(txf_reader *r, txf_str *line)
{
	size_t scanned = 0;   /* bytes after start known to hold no LF */
	char *nl;

	for (;;) {
		nl = memchr(r->buf + r->start + scanned, '\n',
		    r->end - r->start - scanned);
		if (nl != NULL || r->eof)
			break;
		scanned = r->end - r->start;
		long k = fill(r);
		if (k < 0)
			return (int)k;
		if (k == 0)
			r->eof = 1;
	}
	if (nl == NULL && r->start == r->end)
		return 0;

	char *p = r->buf + r->start;
	size_t n = nl ? (size_t)(nl - p) : r->end - r->start;

	r->start += n + (nl != NULL);
	r->had_newline = nl != NULL;
	r->lineno++;
	if (n > 0 && p[n - 1] == '\r')
		n--;
	if (r->lineno == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
		p += 3;
		n -= 3;
	}
	line->p = p;
	line->n = n;
	return 1;
}

uint64_t
txf_reader_lineno(const txf_reader *r)
{
	return r->lineno;
}

int
txf_reader_had_newline(const txf_reader *r)
{
	return r->had_newline;
}

uint64_t
txf_reader_bytes(const txf_reader *r)
{
	return r->bytes;
}
