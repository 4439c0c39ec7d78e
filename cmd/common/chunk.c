/*
 * chunk.c - the reading side of the input engine: a file read in chunks
 * of whole lines, the lines of each counted, so that every chunk knows
 * the number of its first line and the workers can run in any order.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "chunk.h"
#include "header.h"

#define CHUNK (256 * 1024)
#define SMALL (16 * 1024)     /* read ahead of chunk_lines, at least */

/* Count bytes read, for the on_read hook. */
static void
read_more(struct run *r, size_t k)
{
	*r->bytes += k;
	if (cli_progress_on)
		cli_progress_count_read(k, 0);
	if (r->l->on_read != NULL && k > 0)
		r->l->on_read(r->l->arg, *r->bytes);
}

int
cli_would_block(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) == 0;
}

/* One read(2) of at most max bytes into the room after ch->in's bytes
 * (retried when a signal interrupts it).  Returns 0, or -1 after a
 * reported read error. */
static int
read_some(struct run *r, struct chunk *ch, size_t max)
{
	size_t room = ch->in.cap - ch->in.n;
	ssize_t k;

	do
		k = read(r->fd, ch->in.p + ch->in.n, room < max ? room : max);
	while (k < 0 && errno == EINTR);
	if (k < 0) {
		cli_warn("%s: %s", r->name, strerror(errno));
		return -1;
	}
	if (k == 0)
		r->eof = 1;
	ch->in.n += (size_t)k;
	read_more(r, (size_t)k);
	return 0;
}

/* Keep the first max lines of ch, the rest put back before r's carry
 * for the next chunk. */
static void
cut_lines(struct run *r, struct chunk *ch, size_t max)
{
	const char *q = ch->in.p, *e = q + ch->in.n;

	for (size_t k = 0; k < max; k++) {
		q = memchr(q, '\n', (size_t)(e - q));
		if (q == NULL || ++q == e)
			return;
	}
	size_t keep = (size_t)(q - ch->in.p), rest = ch->in.n - keep;
	cli_xmem(txf_buf_grow(&r->carry, rest));
	memmove(r->carry.p + rest, r->carry.p, r->carry.n);
	memcpy(r->carry.p, q, rest);
	r->carry.n += rest;
	ch->in.n = keep;
}

int
cli_chunk_fill(struct run *r, struct chunk *ch)
{
	ch->in.n = 0;
	cli_xmem(txf_buf_add(&ch->in, r->carry.p, r->carry.n));
	r->carry.n = 0;
	/* Chunks of a few lines (chunk_lines) read a little ahead of them,
	 * not 256 KiB: what is read past the chunk's lines is copied back to
	 * the carry, chunk after chunk. */
	size_t want = CHUNK, scanned = 0;
	if (r->l->chunk_lines > 0 && r->l->chunk_lines < CHUNK / 256)
		want = r->l->chunk_lines * 256 < SMALL ? SMALL :
		    r->l->chunk_lines * 256;
	for (;;) {
		if (!r->eof && ch->in.n < want && !(ch->in.n > 0 &&
		    cli_would_block(r->fd) && memchr(ch->in.p, '\n', ch->in.n))) {
			cli_xmem(txf_buf_grow(&ch->in, want));
			if (read_some(r, ch, want) < 0)
				return -1;
			continue;
		}
		if (r->eof)
			break;
		/* Full, or no more input for now: cut after the last
		 * newline, or read on when the chunk is one unfinished
		 * line. */
		char *nl = NULL;
		for (size_t i = ch->in.n; i > scanned; i--)
			if (ch->in.p[i - 1] == '\n') {
				nl = ch->in.p + i - 1;
				break;
			}
		if (nl != NULL) {
			size_t keep = (size_t)(nl + 1 - ch->in.p);
			cli_xmem(txf_buf_add(&r->carry, nl + 1,
			    ch->in.n - keep));
			ch->in.n = keep;
			break;
		}
		scanned = ch->in.n;
		cli_xmem(txf_buf_grow(&ch->in, ch->in.n));   /* double */
		if (read_some(r, ch, SIZE_MAX) < 0)
			return -1;
	}
	if (r->l->chunk_lines > 0)
		cut_lines(r, ch, r->l->chunk_lines);
	if (ch->in.n == 0)
		return 0;
	if (r->first) {
		r->first = 0;
		if (ch->in.n >= 3 && memcmp(ch->in.p, "\xEF\xBB\xBF", 3) == 0) {
			memmove(ch->in.p, ch->in.p + 3, ch->in.n - 3);
			ch->in.n -= 3;
		}
	}
	ch->first_line = r->next_line;
	ch->hdr_first = 0;
	ch->head_line = 0;
	const char *p = ch->in.p, *end = p + ch->in.n;
	uint64_t lines = 0;
	if (r->l->hdr == NULL && !r->want_head && !r->want_first) {
		while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			lines++;
			p++;
		}
		if (ch->in.n > 0 && end[-1] != '\n')
			lines++;
	} else while (p < end) {
		/* Analysis lines go to cli_hdr_see() in input order. */
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		lines++;
		size_t n = (size_t)(e - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		int an = *p == '#' && cli_is_analysis_line(p, n);
		if (an && r->l->hdr != NULL) {
			r->hdr_lines++;
			if (cli_hdr_see(r->l->hdr, r->name, ch->first_line +
			    lines - 1, p, n) == 1)
				ch->hdr_first = ch->first_line + lines - 1;
		}
		if (r->want_head && !an) {
			/* --header: the first line that is not an analysis
			 * line, before any record is processed */
			r->want_head = 0;
			ch->head_line = ch->first_line + lines - 1;
			if (r->l->on_header != NULL)
				r->l->on_header(r->l->arg, r->name,
				    (txf_str){ p, n });
		} else if (r->want_first && !an && n > 0) {
			r->want_first = 0;
			r->l->on_first(r->l->arg, (txf_str){ p, n });
		}
		p = nl ? nl + 1 : end;
	}
	r->next_line += lines;
	if (cli_progress_on)
		cli_progress_count_read(0, lines);
	return 1;
}

