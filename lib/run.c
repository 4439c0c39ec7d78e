/*
 * run.c - sorted runs: the run format, sets of runs in temporary files
 * (txf_runs), and runs read back as sources of a merge.
 *
 * A run is private to the process that writes it (its file has no name),
 * so it is written for speed rather than for reading: after the 8 bytes
 * RUN_MAGIC, one record a key in byte order, {varint length, key bytes,
 * nvals varints: the counters}, varints being LEB128 (7 bits a byte, low
 * first).  The set of runs knows nvals; vocab's runs carry (df, cf).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "textfeat.h"
#include "spill.h"

#define RUN_MAGIC "txf-run1"
#define WBUF (256 * 1024)

/* ------------------------------------------------------------------ */
/* Writing                                                             */

int
txf_rw_open(struct txf_rwriter *w, const char *dir)
{
	if ((w->fd = txf_tmpfile(dir)) < 0)
		return w->fd;
	return txf_buf_add(&w->b, RUN_MAGIC, 8);
}

void
txf_rw_discard(struct txf_rwriter *w)
{
	int e = errno;

	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	txf_buf_free(&w->b);
	errno = e;
}

int
txf_rw_flush(struct txf_rwriter *w)
{
	int rc = txf_write_all(w->fd, w->b.p, w->b.n);

	w->b.n = 0;
	return rc;
}

static inline char *
put_varint(char *o, uint64_t v)
{
	while (v >= 0x80) {
		*o++ = (char)(v | 0x80);
		v >>= 7;
	}
	*o++ = (char)v;
	return o;
}

int
txf_rw_row(struct txf_rwriter *w, txf_str term, const uint64_t *v,
           unsigned nv)
{
	if (txf_buf_grow(&w->b, term.n + 10 + 10 * (size_t)nv) < 0)
		return TXF_ENOMEM;
	char *o = put_varint(w->b.p + w->b.n, term.n);
	memcpy(o, term.p, term.n);
	o += term.n;
	for (unsigned k = 0; k < nv; k++)
		o = put_varint(o, v[k]);
	w->b.n = (size_t)(o - w->b.p);
	return w->b.n >= WBUF ? txf_rw_flush(w) : 0;
}

/* ------------------------------------------------------------------ */
/* Reading: a run as a source of a merge                               */

struct rreader {
	int fd;
	unsigned nv;
	char *buf;
	size_t cap, pos, end;
	int eof;
};

/* Make n bytes readable at r->buf + r->pos (moving what is left to the
 * front, growing the buffer): 1, 0 when the file ends first, or an error
 * (TXF_EIO with errno, TXF_ENOMEM). */
static int
rr_need(struct rreader *r, size_t n)
{
	while (r->end - r->pos < n) {
		if (r->eof)
			return 0;
		if (r->pos > 0) {
			memmove(r->buf, r->buf + r->pos, r->end - r->pos);
			r->end -= r->pos;
			r->pos = 0;
		}
		if ((r->cap - r->end < WBUF / 2 || r->cap < n) &&
		    TXF_GROW(r->buf, r->cap, r->cap < n ? n : r->cap + 1,
		        WBUF) < 0)
			return TXF_ENOMEM;
		ssize_t k = txf_read_some(r->fd, r->buf + r->end,
		    r->cap - r->end);
		if (k < 0)
			return (int)k;
		if (k == 0)
			r->eof = 1;
		r->end += (size_t)k;
	}
	return 1;
}

/* A varint from the buffer (rr_need() made room for one). */
static inline int
get_varint(struct rreader *r, uint64_t *v)
{
	uint64_t x = 0;

	for (int shift = 0; shift < 64 && r->pos < r->end; shift += 7) {
		unsigned char b = (unsigned char)r->buf[r->pos++];
		x |= (uint64_t)(b & 0x7f) << shift;
		if (b < 0x80) {
			*v = x;
			return 0;
		}
	}
	return TXF_EFORMAT;
}

/* The next record: 1 with its key (valid until the next call) and
 * counters; 0 at the end; or an error. */
static int
rr_next(void *state, txf_str *term, uint64_t *v, char *msg, size_t msgsize,
        uint64_t *line)
{
	struct rreader *r = state;
	uint64_t n;
	int rc = rr_need(r, 10);

	(void)line;
	if (rc < 0)
		return rc;
	if (r->pos == r->end)
		return 0;
	if (get_varint(r, &n) < 0 || n > SIZE_MAX - 10 - 10 * r->nv)
		goto damaged;
	if ((rc = rr_need(r, (size_t)n + 10 * r->nv)) < 0)
		return rc;
	if (r->end - r->pos < n)
		goto damaged;
	term->p = r->buf + r->pos;
	term->n = (size_t)n;
	r->pos += (size_t)n;
	for (unsigned k = 0; k < r->nv; k++)
		if (get_varint(r, &v[k]) < 0)
			goto damaged;
	return 1;
damaged:
	if (msgsize > 0) {
		strncpy(msg, "a damaged temporary file", msgsize - 1);
		msg[msgsize - 1] = '\0';
	}
	return TXF_EFORMAT;
}

static void
rr_free(void *state)
{
	struct rreader *r = state;

	TXF_FREE_ALL(r->buf, r);
}

static const txf_merge_source run_source = { rr_next, rr_free };

/* ------------------------------------------------------------------ */
/* Sets of runs                                                        */

struct run {
	int fd;
	uint64_t docs, tokens;
};

struct txf_runs {
	char *dir;            /* NULL: txf_tmpdir() decides */
	unsigned nv;          /* counters a key */
	struct run *r;
	size_t n, cap;
	uint64_t spills;
};

txf_runs *
txf_runs_new_n(const char *dir, unsigned nvals)
{
	txf_runs *s;

	if (nvals == 0 || nvals > TXF_MERGE_MAXVALS)
		return NULL;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	s->nv = nvals;
	if (dir != NULL && (s->dir = strdup(dir)) == NULL) {
		free(s);
		return NULL;
	}
	return s;
}

txf_runs *
txf_runs_new(const char *dir)
{
	return txf_runs_new_n(dir, 2);
}

TXF_DEFINE_FREE(txf_runs_free, txf_runs, s)
{
	for (size_t i = 0; i < s->n; i++)
		close(s->r[i].fd);
	TXF_FREE_ALL(s->r, s->dir, s);
}

size_t
txf_runs_count(const txf_runs *s)
{
	return s->n;
}

uint64_t
txf_runs_spills(const txf_runs *s)
{
	return s->spills;
}

static int
add_run(txf_runs *s, int fd, uint64_t docs, uint64_t tokens)
{
	if (TXF_GROW(s->r, s->cap, s->n + 1, TXF_RUNS_FANIN) < 0)
		return TXF_ENOMEM;
	s->r[s->n].fd = fd;
	s->r[s->n].docs = docs;
	s->r[s->n].tokens = tokens;
	s->n++;
	return 0;
}

int
txf_merge_add_runs(txf_merge *m, txf_runs *s)
{
	if (txf_merge_nvals(m) != s->nv)
		return TXF_EINVAL;
	for (size_t i = 0; i < s->n; i++) {
		char magic[8];
		ssize_t k;
		if (lseek(s->r[i].fd, 0, SEEK_SET) != 0)
			return TXF_EIO;
		if ((k = txf_read_some(s->r[i].fd, magic, sizeof magic)) < 0)
			return (int)k;
		if (k != (ssize_t)sizeof magic ||
		    memcmp(magic, RUN_MAGIC, sizeof magic) != 0)
			return TXF_EFORMAT;
		struct rreader *r = calloc(1, sizeof *r);
		if (r == NULL)
			return TXF_ENOMEM;
		r->fd = s->r[i].fd;
		r->nv = s->nv;
		int rc = txf_merge_add_source(m, &run_source, r);
		if (rc < 0) {
			free(r);
			return rc;
		}
	}
	return 0;
}

/* Merge every run into one. */
static int
compact(txf_runs *s)
{
	struct txf_rwriter w = TXF_RWRITER_INIT;
	txf_merge *m = txf_merge_new_n(s->nv);
	uint64_t docs = 0, tokens = 0, v[TXF_MERGE_MAXVALS], line;
	txf_str term;
	size_t src;
	char msg[128];
	int rc;

	if (m == NULL)
		return TXF_ENOMEM;
	for (size_t i = 0; i < s->n; i++) {
		if (s->r[i].docs > UINT64_MAX - docs ||
		    s->r[i].tokens > UINT64_MAX - tokens) {
			rc = TXF_ERANGE;
			goto out;
		}
		docs += s->r[i].docs;
		tokens += s->r[i].tokens;
	}
	if ((rc = txf_merge_add_runs(m, s)) < 0)
		goto out;
	if ((rc = txf_rw_open(&w, s->dir)) < 0)
		goto out;
	while ((rc = txf_merge_next_n(m, &term, v, &src, msg, sizeof msg,
	    &line)) > 0)
		if ((rc = txf_rw_row(&w, term, v, s->nv)) < 0)
			goto out;
	if (rc < 0 || (rc = txf_rw_flush(&w)) < 0)
		goto out;
	for (size_t i = 0; i < s->n; i++)
		close(s->r[i].fd);
	s->n = 0;
	rc = add_run(s, w.fd, docs, tokens);   /* room: n was 0 */
	w.fd = -1;
out:
	txf_rw_discard(&w);
	TXF_KEEP_ERRNO(txf_merge_free(m));
	return rc;
}

int
txf_runs_write_n(txf_runs *s, txf_count *t, const unsigned *cols,
                 uint64_t docs, uint64_t tokens)
{
	struct txf_rwriter w = TXF_RWRITER_INIT;
	struct txf_srec *a = NULL;
	uint64_t row[TXF_MERGE_MAXVALS];
	unsigned nv = s->nv;
	size_t n;
	int rc;

	for (unsigned k = 0; k < nv; k++)
		if (cols[k] >= TXF_COUNT_MAXVALS)
			return TXF_EINVAL;
	if ((a = txf_sort_table(t, &n)) == NULL)
		return TXF_ENOMEM;
	if ((rc = txf_rw_open(&w, s->dir)) < 0)
		goto out;
	for (size_t k = 0; k < n; k++) {
		if (k + TXF_AHEAD < n) {
			TXF_PREFETCH(a[k + TXF_AHEAD].p);
			TXF_PREFETCH(a[k + TXF_AHEAD].v);
		}
		const uint64_t *v = a[k].v;
		txf_str term = { a[k].p, a[k].n };
		for (unsigned j = 0; j < nv; j++)
			row[j] = v[cols[j]];
		if ((rc = txf_rw_row(&w, term, row, nv)) < 0)
			goto out;
	}
	if ((rc = txf_rw_flush(&w)) < 0)
		goto out;
	free(a);
	a = NULL;
	txf_buf_free(&w.b);
	if ((rc = add_run(s, w.fd, docs, tokens)) < 0)
		goto out;
	w.fd = -1;
	s->spills++;
	if (s->n >= TXF_RUNS_FANIN)
		rc = compact(s);
out:
	txf_rw_discard(&w);
	TXF_KEEP_ERRNO(free(a));
	return rc;
}

int
txf_runs_add(txf_runs *s, int fd, uint64_t docs, uint64_t tokens)
{
	int rc = add_run(s, fd, docs, tokens);

	if (rc < 0)
		return rc;
	s->spills++;
	return s->n >= TXF_RUNS_FANIN ? compact(s) : 0;
}

int
txf_runs_write(txf_runs *s, txf_count *t, unsigned df_val, unsigned cf_val,
               uint64_t docs, uint64_t tokens)
{
	unsigned cols[2] = { df_val, cf_val };

	if (s->nv != 2)
		return TXF_EINVAL;
	return txf_runs_write_n(s, t, cols, docs, tokens);
}
