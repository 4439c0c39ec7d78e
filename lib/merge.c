/*
 * merge.c - the k-way merge of sources sorted by key bytes: each row is
 * a key and a fixed number of counters (vocab's: df and cf), summed over
 * the sources that hold the key.  A source is a pair of functions behind
 * txf_merge_source; the library's own are vocab files, counting tables
 * and sorted runs (run.c).  The merge may run in a thread of its own.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textfeat.h"
#include "spill.h"

/* A source: its functions and state, and its current row. */
struct source {
	const txf_merge_source *ops;
	void *st;
	txf_str term;              /* the current row */
	uint64_t key;              /* its first 8 bytes, big-endian; at the
	                              end UINT64_MAX */
	int done;                  /* at the end */
	uint64_t v[TXF_MERGE_MAXVALS];   /* its counters */
};

/* Rows merged ahead by a background thread: {uint32 length, term bytes,
 * nvals uint64 counters} records; the last chunk carries how the merge
 * ended. */
#define RCHUNK (256 * 1024)
#define NRCHUNK 4

struct rchunk {
	txf_buf b;
	size_t pos;                /* the consumer's place */
	int end, rc;               /* the merge ended here, with rc */
	size_t src;
	uint64_t line;
	char msg[160];
	struct rchunk *next;
};

struct txf_merge {
	unsigned nv;               /* counters a row */
	struct source *s;
	size_t n, cap;
	size_t *tree;              /* the tree of losers (src_less()) */
	size_t nlive;              /* sources not at their end */
	int started;               /* merging has begun (in the merging
	                              thread) */
	txf_buf term;              /* the row last returned */
	/* txf_merge_background(); the fields above belong to the merging
	 * thread once it runs, those below to the caller's, but stop, which
	 * the mutex guards. */
	int sealed;                /* no more sources */
	int bg, stop;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t ready_cv, spare_cv;
	struct rchunk chunk[NRCHUNK];
	struct rchunk *ready, *ready_tail, *spare, *cur;
};

txf_merge *
txf_merge_new_n(unsigned nvals)
{
	txf_merge *m;

	if (nvals == 0 || nvals > TXF_MERGE_MAXVALS)
		return NULL;
	if ((m = calloc(1, sizeof *m)) != NULL)
		m->nv = nvals;
	return m;
}

txf_merge *
txf_merge_new(void)
{
	return txf_merge_new_n(2);
}

unsigned
txf_merge_nvals(const txf_merge *m)
{
	return m->nv;
}

TXF_DEFINE_FREE(txf_merge_free, txf_merge, m)
{
	if (m->bg) {
		pthread_mutex_lock(&m->mu);
		m->stop = 1;
		pthread_cond_broadcast(&m->spare_cv);
		pthread_mutex_unlock(&m->mu);
		pthread_join(m->th, NULL);
		for (int i = 0; i < NRCHUNK; i++)
			txf_buf_free(&m->chunk[i].b);
		pthread_mutex_destroy(&m->mu);
		pthread_cond_destroy(&m->ready_cv);
		pthread_cond_destroy(&m->spare_cv);
	}
	for (size_t i = 0; i < m->n; i++)
		if (m->s[i].ops->free != NULL)
			m->s[i].ops->free(m->s[i].st);
	txf_buf_free(&m->term);
	TXF_FREE_ALL(m->s, m->tree, m);
}

int
txf_merge_add_source(txf_merge *m, const txf_merge_source *ops, void *state)
{
	if (m->sealed || m->started)
		return TXF_EINVAL;
	if (TXF_GROW2(m->s, m->tree, m->cap, m->n + 1, 8) < 0)
		return TXF_ENOMEM;
	memset(&m->s[m->n], 0, sizeof m->s[m->n]);
	m->s[m->n].ops = ops;
	m->s[m->n].st = state;
	return (int)m->n++;
}

/* ------------------------------------------------------------------ */
/* The sources the library knows                                       */

/* A vocab's rows (the reader is borrowed). */
static int
vocab_next(void *state, txf_str *term, uint64_t *v, char *msg,
           size_t msgsize, uint64_t *line)
{
	double idf;
	txf_error e;
	int rc;

	/* txf_vocab_next() checks the row as every reader of a vocab
	 * does (df >= 1, df <= cf, df <= #docs). */
	rc = txf_vocab_next(state, term, &v[0], &v[1], &idf, &e);
	if (rc > 0) {
		*line = txf_vocab_lineno(state);
	} else if (rc == TXF_EFORMAT) {
		if (msgsize > 0)
			snprintf(msg, msgsize, "%s", e.msg);
		*line = e.line;
	}
	return rc;
}

static const txf_merge_source vocab_source = { vocab_next, NULL };

int
txf_merge_add_vocab(txf_merge *m, struct txf_vocab_reader *r)
{
	if (m->nv != 2)
		return TXF_EINVAL;
	return txf_merge_add_source(m, &vocab_source, r);
}

/* The sorted records of a counting table (txf_merge_add_sorted()). */
struct table_src {
	const struct txf_srec *rec;
	size_t n, pos;
	unsigned nv, cols[TXF_MERGE_MAXVALS];
};

static int
sorted_next(void *state, txf_str *term, uint64_t *v, char *msg,
            size_t msgsize, uint64_t *line)
{
	struct table_src *s = state;

	(void)msg, (void)msgsize, (void)line;
	if (s->pos == s->n)
		return 0;
	/* The walk in term order jumps about the table: fetch the term and
	 * counters of a row a little ahead. */
	if (s->pos + TXF_AHEAD < s->n) {
		const struct txf_srec *f = &s->rec[s->pos + TXF_AHEAD];
		TXF_PREFETCH(f->p);
		TXF_PREFETCH(f->v);
	}
	const struct txf_srec *r = &s->rec[s->pos++];
	const uint64_t *c = r->v;
	term->p = r->p;
	term->n = r->n;
	for (unsigned k = 0; k < s->nv; k++)
		v[k] = c[s->cols[k]];
	return 1;
}

static const txf_merge_source sorted_source = { sorted_next, free };

int
txf_merge_add_sorted(txf_merge *m, const struct txf_srec *rec, size_t n,
                     const unsigned *cols)
{
	int rc;

	for (unsigned k = 0; k < m->nv; k++)
		if (cols[k] >= TXF_COUNT_MAXVALS)
			return TXF_EINVAL;
	if (m->sealed || m->started)
		return TXF_EINVAL;
	struct table_src *c = calloc(1, sizeof *c);
	if (c == NULL)
		return TXF_ENOMEM;
	c->rec = rec;
	c->n = n;
	c->nv = m->nv;
	memcpy(c->cols, cols, m->nv * sizeof *cols);
	if ((rc = txf_merge_add_source(m, &sorted_source, c)) < 0)
		free(c);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The merge                                                           */

static void
seterr(char *msg, size_t size, const char *text)
{
	if (size > 0) {
		strncpy(msg, text, size - 1);
		msg[size - 1] = '\0';
	}
}

/* Move source s to its next row, and load the row's key: 1, 0 at its
 * end, or an error. */
static inline int
advance(struct source *s, char *msg, size_t msgsize, uint64_t *line)
{
	int rc = s->ops->next(s->st, &s->term, s->v, msg, msgsize, line);

	if (rc > 0) {
		s->key = txf_load_key(s->term.p, s->term.n, 0);
	} else if (rc == 0) {
		s->key = UINT64_MAX;
		s->done = 1;
	}
	return rc;
}

/*
 * The sources are ordered by a tree of losers (Knuth, TAOCP 5.4.1): with
 * k sources, leaf s is node k + s, internal node i (1..k-1) has children
 * 2i and 2i + 1 and holds the loser of the match played there, and
 * tree[0] is the winner, the source with the least row.  Replacing the
 * winner's row replays the matches on its path only: one comparison a
 * level, where a heap takes two.  An exhausted source loses to every
 * other.  Most rows differ in their first 8 bytes: the keys decide
 * without reading the terms.
 */
static inline int
src_less(const txf_merge *m, size_t a, size_t b)
{
	const struct source *x = &m->s[a], *y = &m->s[b];

	if (x->key != y->key)
		return x->key < y->key;
	if (x->done | y->done)
		return y->done && !x->done;
	return txf_cmp_from(x->term, y->term, 8) < 0;
}

/* The winner of the subtree under node i, filling its losers in. */
static size_t
tree_build(txf_merge *m, size_t i)
{
	if (i >= m->n)
		return i - m->n;
	size_t a = tree_build(m, 2 * i), b = tree_build(m, 2 * i + 1);
	if (src_less(m, b, a)) {
		m->tree[i] = a;
		return b;
	}
	m->tree[i] = b;
	return a;
}

/* The winner's row has changed: replay its matches. */
static inline void
tree_replay(txf_merge *m)
{
	size_t w = m->tree[0];

	for (size_t i = (w + m->n) / 2; i > 0; i /= 2) {
		if (src_less(m, m->tree[i], w)) {
			size_t x = m->tree[i];
			m->tree[i] = w;
			w = x;
		}
	}
	m->tree[0] = w;
}

/*
 * The next merged row: 1 with its term and counters v[0..nv) summed, 0
 * at the end, or an
 * error (with the source's number in *src).  With several sources the
 * term is copied to the end of dst (advancing a source overwrites its
 * row), with room for MERGE_ROOM more bytes after it, and *term points
 * there; dst->n is left as it was.  With one source the term is the
 * source's own row.
 */
#define MERGE_ROOM (8 * TXF_MERGE_MAXVALS + 4)

static int
merge_step(txf_merge *m, txf_buf *dst, txf_str *term, uint64_t *v,
           size_t *src, char *msg, size_t msgsize, uint64_t *line)
{
	int rc;

	*line = 0;
	if (m->n == 1) {
		/* One source: its rows as they are, no tree, no copy. */
		struct source *s = &m->s[0];
		m->started = 1;
		rc = advance(s, msg, msgsize, line);
		if (rc <= 0) {
			*src = 0;
			return rc;
		}
		*term = s->term;
		memcpy(v, s->v, m->nv * sizeof *v);
		return 1;
	}
	if (!m->started) {
		m->started = 1;
		if (m->n == 0)
			return 0;
		for (size_t i = 0; i < m->n; i++) {
			rc = advance(&m->s[i], msg, msgsize, line);
			if (rc < 0) {
				*src = i;
				return rc;
			}
			m->nlive += rc > 0;
		}
		m->tree[0] = tree_build(m, 1);
	}
	if (m->nlive == 0)
		return 0;
	struct source *s = &m->s[m->tree[0]];
	uint64_t key = s->key;
	if (s->term.n > SIZE_MAX - MERGE_ROOM ||
	    txf_buf_grow(dst, s->term.n + MERGE_ROOM) < 0)
		return TXF_ENOMEM;
	char *tp = dst->p + dst->n;
	if (s->term.n > 0)
		memcpy(tp, s->term.p, s->term.n);
	txf_str t = { tp, s->term.n };
	unsigned nv = m->nv;
	for (unsigned k = 0; k < nv; k++)
		v[k] = 0;
	do {
		size_t i = m->tree[0];
		s = &m->s[i];
		for (unsigned k = 0; k < nv; k++) {
			if (s->v[k] > UINT64_MAX - v[k]) {
				*src = i;
				seterr(msg, msgsize, "a count above 2^64 - 1");
				return TXF_ERANGE;
			}
			v[k] += s->v[k];
		}
		rc = advance(s, msg, msgsize, line);
		if (rc < 0) {
			*src = i;
			return rc;
		}
		if (rc == 0)
			m->nlive--;
		tree_replay(m);
		s = &m->s[m->tree[0]];
	} while (m->nlive > 0 && s->key == key && s->term.n == t.n &&
	    (t.n <= 8 || memcmp(s->term.p + 8, t.p + 8, t.n - 8) == 0));
	*term = t;
	return 1;
}


/* ------------------------------------------------------------------ */
/* Merging in a thread of its own                                      */

static void *
merge_main(void *arg)
{
	txf_merge *m = arg;

	for (;;) {
		pthread_mutex_lock(&m->mu);
		while (m->spare == NULL && !m->stop)
			pthread_cond_wait(&m->spare_cv, &m->mu);
		struct rchunk *c = m->spare;
		if (m->stop) {
			pthread_mutex_unlock(&m->mu);
			return NULL;
		}
		m->spare = c->next;
		pthread_mutex_unlock(&m->mu);

		c->b.n = 0;
		c->pos = 0;
		c->end = 0;
		c->msg[0] = '\0';
		while (c->b.n < RCHUNK) {
			txf_str t;
			uint64_t v[TXF_MERGE_MAXVALS];
			size_t vb = 8 * (size_t)m->nv;
			/* The row goes straight into the chunk: a length,
			 * the term (merge_step() copies it after the
			 * length, or it is copied here from the only
			 * source), the counters. */
			size_t at = c->b.n;
			int rc = 0;
			if (c->b.cap - at < 4)
				rc = txf_buf_grow(&c->b, 4);
			if (rc == 0) {
				c->b.n = at + 4;
				rc = merge_step(m, &c->b, &t, v, &c->src,
				    c->msg, sizeof c->msg, &c->line);
				c->b.n = at;
			}
			/* (When t is in the chunk, merge_step() left
			 * room for the counters.) */
			if (rc > 0 && t.n > UINT32_MAX)
				rc = TXF_ERANGE;
			else if (rc > 0 && txf_buf_grow(&c->b, 4 + t.n + vb) < 0)
				rc = TXF_ENOMEM;
			if (rc <= 0) {
				c->end = 1;
				c->rc = rc;
				break;
			}
			uint32_t len = (uint32_t)t.n;
			char *o = c->b.p + at;
			memcpy(o, &len, 4);
			if (t.p != o + 4 && t.n > 0)
				memcpy(o + 4, t.p, t.n);
			memcpy(o + 4 + t.n, v, vb);
			c->b.n = at + 4 + t.n + vb;
		}
		pthread_mutex_lock(&m->mu);
		c->next = NULL;
		if (m->ready_tail != NULL)
			m->ready_tail->next = c;
		else
			m->ready = c;
		m->ready_tail = c;
		pthread_cond_signal(&m->ready_cv);
		pthread_mutex_unlock(&m->mu);
		if (c->end)
			return NULL;
	}
}

int
txf_merge_background(txf_merge *m)
{
	if (m->sealed || m->started)
		return TXF_EINVAL;
	for (int i = 0; i < NRCHUNK; i++) {
		if (txf_buf_grow(&m->chunk[i].b, RCHUNK + 4096) < 0) {
			for (int k = 0; k <= i; k++)
				txf_buf_free(&m->chunk[k].b);
			return TXF_ENOMEM;
		}
		m->chunk[i].next = m->spare;
		m->spare = &m->chunk[i];
	}
	pthread_mutex_init(&m->mu, NULL);
	pthread_cond_init(&m->ready_cv, NULL);
	pthread_cond_init(&m->spare_cv, NULL);
	m->sealed = 1;
	if (txf_thread_start(&m->th, merge_main, m) != 0) {
		for (int i = 0; i < NRCHUNK; i++)
			txf_buf_free(&m->chunk[i].b);
		m->spare = NULL;
		m->sealed = 0;
		pthread_mutex_destroy(&m->mu);
		pthread_cond_destroy(&m->ready_cv);
		pthread_cond_destroy(&m->spare_cv);
		return TXF_ENOMEM;
	}
	m->bg = 1;
	return 0;
}

int
txf_merge_next_n(txf_merge *m, txf_str *term, uint64_t *vals, size_t *src,
                 char *msg, size_t msgsize, uint64_t *line)
{
	struct rchunk *c;

	if (!m->bg) {
		m->term.n = 0;
		return merge_step(m, &m->term, term, vals, src, msg, msgsize,
		    line);
	}
	for (;;) {
		c = m->cur;
		if (c != NULL && c->pos < c->b.n) {
			uint32_t len;
			const char *p = c->b.p + c->pos;
			memcpy(&len, p, 4);
			term->p = p + 4;
			term->n = len;
			memcpy(vals, p + 4 + len, 8 * (size_t)m->nv);
			c->pos += 4 + (size_t)len + 8 * (size_t)m->nv;
			return 1;
		}
		if (c != NULL && c->end) {
			*src = c->src;
			*line = c->line;
			if (msgsize > 0) {
				strncpy(msg, c->msg, msgsize - 1);
				msg[msgsize - 1] = '\0';
			}
			return c->rc;
		}
		/* The next chunk; this one may be refilled. */
		pthread_mutex_lock(&m->mu);
		if (c != NULL) {
			c->next = m->spare;
			m->spare = c;
			pthread_cond_signal(&m->spare_cv);
		}
		while (m->ready == NULL)
			pthread_cond_wait(&m->ready_cv, &m->mu);
		m->cur = m->ready;
		m->ready = m->ready->next;
		if (m->ready == NULL)
			m->ready_tail = NULL;
		pthread_mutex_unlock(&m->mu);
	}
}

int
txf_merge_next(txf_merge *m, txf_str *term, uint64_t *df, uint64_t *cf,
               size_t *src, char *msg, size_t msgsize, uint64_t *line)
{
	uint64_t v[2];
	int rc;

	if (m->nv != 2)
		return TXF_EINVAL;
	rc = txf_merge_next_n(m, term, v, src, msg, msgsize, line);
	if (rc > 0) {
		*df = v[0];
		*cf = v[1];
	}
	return rc;
}
