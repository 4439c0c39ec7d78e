/*
 * spill.c - counting that need not fit in memory, as sort(1) does it:
 * anonymous temporary files, sorted runs of term counts written to them,
 * the k-way merge of runs, vocab files and counting tables, and the
 * document-frequency counter that spills a run whenever its table reaches
 * its memory limit.
 *
 * Runs, the rows of counting tables and vocab files (shards) all merge
 * alike.  Temporary files have no name (O_TMPFILE, or unlinked as soon as
 * they are made) and live on as open descriptors, so none is left behind
 * however the process ends.
 */
#define _GNU_SOURCE   /* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "textfeat.h"
#include "internal.h"

/* ------------------------------------------------------------------ */
/* Temporary files                                                     */

const char *
txf_tmpdir(const char *dir)
{
	const char *env;

	if (dir != NULL && dir[0] != '\0')
		return dir;
	env = getenv("TMPDIR");
	return env != NULL && env[0] != '\0' ? env : "/tmp";
}

int
txf_tmpfile(const char *dir)
{
	const char *d = txf_tmpdir(dir);
	size_t n = strlen(d);
	char *path;
	sigset_t hold, old;
	int fd, e;

#ifdef O_TMPFILE
	/* A file without a name from the start, where the kernel and the
	 * file system can make one. */
	fd = open(d, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
		return TXF_EIO;
#endif
	path = malloc(n + sizeof "/textfeat-run.XXXXXX");
	if (path == NULL)
		return TXF_ENOMEM;
	memcpy(path, d, n);
	memcpy(path + n, "/textfeat-run.XXXXXX", sizeof "/textfeat-run.XXXXXX");
	/* No signal may end the process between the file's creation and its
	 * unlinking: a handler that exits would leave the name behind. */
	sigemptyset(&hold);
	sigaddset(&hold, SIGINT);
	sigaddset(&hold, SIGTERM);
	sigaddset(&hold, SIGHUP);
	sigaddset(&hold, SIGQUIT);
	pthread_sigmask(SIG_BLOCK, &hold, &old);
	fd = mkstemp(path);
	e = errno;
	if (fd >= 0 && unlink(path) != 0) {
		e = errno;
		close(fd);
		fd = -1;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	free(path);
	if (fd < 0) {
		errno = e;
		return TXF_EIO;
	}
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
}

/* Write all of p[0..n) to fd.  Returns 0 or TXF_EIO with errno. */
static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return TXF_EIO;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Sorting a table's terms                                             */

/*
 * Terms are sorted as records that carry the term's pointer, its counters
 * and 8 bytes of it as a big-endian integer (the key): most comparisons
 * never reach the term bytes, and a group of terms that share 8 bytes is
 * sorted on their next 8 without comparing the shared ones again.  Large
 * parts are split by an MSD radix sort on the key's bytes, smaller ones
 * by a multikey quicksort (Bentley and Sedgewick) on whole keys.  On
 * n-grams, which share long prefixes, this does much better than a
 * comparison sort of entry numbers.
 */

/* How many records ahead a walk in term order fetches. */
#define AHEAD 12

struct srec {
	uint64_t key;       /* bytes [d, d+8) of the term, zero-padded */
	const char *p;
	const uint64_t *v;  /* its counters (no lookup by number later) */
	size_t n;
};

static inline uint64_t
be64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return __builtin_bswap64(v);
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return v;
#else
	v = 0;
	for (int k = 0; k < 8; k++)
		v = v << 8 | p[k];
	return v;
#endif
}

static inline uint64_t
be32(const unsigned char *p)
{
	return (uint64_t)p[0] << 24 | (uint64_t)p[1] << 16 |
	    (uint64_t)p[2] << 8 | p[3];
}

static inline uint64_t
load_key(const char *p, size_t n, size_t d)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t r = d < n ? n - d : 0;

	if (r >= 8)
		return be64(s + d);
	if (r == 0)
		return 0;
	/* Fewer than 8 bytes left: read only within the term. */
	if (n >= 8)   /* they end the word that ends the term */
		return be64(s + n - 8) << (8 * (8 - r));
	s += d;
	if (r >= 4)   /* two overlapping reads */
		return be32(s) << 32 | be32(s + r - 4) << (64 - 8 * r);
	return (uint64_t)s[0] << 56 |
	    (uint64_t)s[r >> 1] << (56 - 8 * (r >> 1)) |
	    (uint64_t)s[r - 1] << (56 - 8 * (r - 1));
}

/* The order of terms a and b whose first d bytes are the same, compared
 * a big-endian word at a time (without a call to memcmp()): sorted terms
 * often share more than their first 8 bytes ("the quick ..."). */
static inline int
cmp_from(txf_str a, txf_str b, size_t d)
{
	size_t n = a.n > b.n ? a.n : b.n;

	for (; d < n; d += 8) {
		uint64_t x = load_key(a.p, a.n, d), y = load_key(b.p, b.n, d);
		if (x != y)
			return x < y ? -1 : 1;
	}
	return a.n < b.n ? -1 : a.n > b.n;
}

/* Order of two records whose terms share their first d bytes. */
static inline int
srec_cmp(const struct srec *a, const struct srec *b, size_t d)
{
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	txf_str x = { a->p, a->n }, y = { b->p, b->n };
	return cmp_from(x, y, d + 8);
}

static inline void
srec_swap(struct srec *a, struct srec *b)
{
	struct srec x = *a;
	*a = *b;
	*b = x;
}

static void
srec_insertion(struct srec *a, size_t n, size_t d)
{
	for (size_t i = 1; i < n; i++) {
		struct srec x = a[i];
		size_t j = i;
		while (j > 0 && srec_cmp(&a[j - 1], &x, d) > 0) {
			a[j] = a[j - 1];
			j--;
		}
		a[j] = x;
	}
}

static void
srec_sift(struct srec *a, size_t i, size_t n, size_t d)
{
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			return;
		if (c + 1 < n && srec_cmp(&a[c + 1], &a[c], d) > 0)
			c++;
		if (srec_cmp(&a[c], &a[i], d) <= 0)
			return;
		srec_swap(&a[c], &a[i]);
		i = c;
	}
}

/* The fallback when partitions keep coming out lopsided. */
static void
srec_heapsort(struct srec *a, size_t n, size_t d)
{
	for (size_t i = n / 2; i-- > 0;)
		srec_sift(a, i, n, d);
	while (n > 1) {
		srec_swap(&a[0], &a[--n]);
		srec_sift(a, 0, n, d);
	}
}

static inline uint64_t
med3(uint64_t a, uint64_t b, uint64_t c)
{
	if (a < b)
		return b < c ? b : a < c ? c : a;
	return a < c ? a : b < c ? c : b;
}

/* Partitions a quicksort may split badly before it turns to heap sort. */
static int
sort_budget(size_t n)
{
	int b = 8;

	for (; n > 1; n >>= 1)
		b += 2;
	return b;
}

/* Records a[0..n) whose terms share d bytes and all of the next 8 (their
 * keys are equal): put the terms that end there first, shortest first
 * (a term precedes its extensions), and load the next 8 bytes of the
 * others.  Returns how many ended. */
static size_t
next_digit(struct srec *a, size_t n, size_t d)
{
	size_t k = 0;

	for (size_t j = 0; j < n; j++)
		if (a[j].n <= d + 8)
			srec_swap(&a[k++], &a[j]);
	srec_insertion(a, k, d);
	for (size_t j = k; j < n; j++) {
		if (j + AHEAD < n)
			TXF_PREFETCH(a[j + AHEAD].p + d + 8);
		a[j].key = load_key(a[j].p, a[j].n, d + 8);
	}
	return k;
}

/* Sort a[0..n), whose terms share their first d bytes and whose keys
 * hold bytes [d, d+8).  Each round splits the records in three (below,
 * equal to and above a pivot key); the two smaller parts are sorted by
 * recursion and the round goes on with the largest, so the recursion
 * stays within log2(n) levels even when many terms share long prefixes. */
static void
mkqs(struct srec *a, size_t n, size_t d, int budget)
{
	while (n > 16) {
		if (budget-- == 0) {
			srec_heapsort(a, n, d);
			return;
		}
		uint64_t pv;
		if (n > 256) {
			size_t s = n / 8;
			pv = med3(med3(a[0].key, a[s].key, a[2 * s].key),
			    med3(a[3 * s].key, a[4 * s].key, a[5 * s].key),
			    med3(a[6 * s].key, a[7 * s].key, a[n - 1].key));
		} else {
			pv = med3(a[0].key, a[n / 2].key, a[n - 1].key);
		}
		size_t lt = 0, i = 0, gt = n;
		while (i < gt) {
			if (a[i].key < pv)
				srec_swap(&a[lt++], &a[i++]);
			else if (a[i].key > pv)
				srec_swap(&a[i], &a[--gt]);
			else
				i++;
		}
		size_t k = lt + next_digit(a + lt, gt - lt, d);
		/* Parts: a[0..lt) at d, a[k..gt) at d + 8, a[gt..n) at d. */
		size_t nl = lt, ne = gt - k, ng = n - gt;
		if (ne >= nl && ne >= ng) {
			mkqs(a, nl, d, budget);
			mkqs(a + gt, ng, d, budget);
			a += k;
			n = ne;
			d += 8;
			budget = sort_budget(n);
		} else if (nl >= ng) {
			mkqs(a + k, ne, d + 8, sort_budget(ne));
			mkqs(a + gt, ng, d, budget);
			n = nl;
		} else {
			mkqs(a, nl, d, budget);
			mkqs(a + k, ne, d + 8, sort_budget(ne));
			a += gt;
			n = ng;
		}
	}
	srec_insertion(a, n, d);
}

/* Below this many records a part goes to mkqs rather than to another
 * radix pass. */
#define RADIX_MIN 4096

static inline unsigned
key_byte(uint64_t key, int kb)
{
	return (unsigned)(key >> (56 - 8 * kb)) & 0xff;
}

/*
 * MSD radix sort (McIlroy, Bostic and McIlroy's American flag sort) on
 * the bytes of the keys: one counting pass and one in-place permutation
 * per byte split a large part into up to 256, where a comparison sort
 * would need eight partitions.  a[0..n): the terms share their first
 * d + kb bytes; keys hold bytes [d, d+8).  Bucket 0 (a zero byte: the
 * term has ended, or holds a NUL) goes to mkqs, which orders those; the
 * largest bucket is handled by the loop, the others (each at most half)
 * by recursion.
 */
static void
radix_sort(struct srec *a, size_t n, size_t d, int kb)
{
	size_t cnt[256], next[256], end[256];

	while (n >= RADIX_MIN) {
		if (kb == 8) {
			size_t k = next_digit(a, n, d);
			a += k;
			n -= k;
			d += 8;
			kb = 0;
			continue;
		}
		memset(cnt, 0, sizeof cnt);
		for (size_t i = 0; i < n; i++)
			cnt[key_byte(a[i].key, kb)]++;
		size_t at = 0, big = 1;
		for (unsigned b = 0; b < 256; b++) {
			next[b] = at;
			at += cnt[b];
			end[b] = at;
			if (b > 0 && cnt[b] > cnt[big])
				big = b;
		}
		if (cnt[big] < n) {
			for (unsigned b = 0; b < 256; b++) {
				while (next[b] < end[b]) {
					struct srec x = a[next[b]];
					unsigned c = key_byte(x.key, kb);
					while (c != b) {
						struct srec y = a[next[c]];
						a[next[c]++] = x;
						x = y;
						c = key_byte(x.key, kb);
					}
					a[next[b]++] = x;
				}
			}
			mkqs(a, cnt[0], d, sort_budget(cnt[0]));
			for (unsigned b = 1; b < 256; b++) {
				if (b == big || cnt[b] < 2)
					continue;
				struct srec *p = a + end[b] - cnt[b];
				if (cnt[b] < RADIX_MIN)
					mkqs(p, cnt[b], d, sort_budget(cnt[b]));
				else
					radix_sort(p, cnt[b], d, kb + 1);
			}
			a += end[big] - cnt[big];
			n = cnt[big];
		}
		kb++;
	}
	mkqs(a, n, d, sort_budget(n));
}

/* Memory for n records: large arrays are asked to use huge pages, which
 * spares the sort and the walk in term order most TLB misses. */
static struct srec *
srec_alloc(size_t n)
{
	size_t bytes;
	void *p;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX / sizeof(struct srec))
		return NULL;
	bytes = n * sizeof(struct srec);
	if (bytes < ((size_t)4 << 20))
		return malloc(bytes);
	if (posix_memalign(&p, (size_t)2 << 20, bytes) != 0)
		return NULL;
#ifdef MADV_HUGEPAGE
	(void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
	return p;
}

/* Every entry of t sorted by term bytes, in a new array (free()). */
static struct srec *
sort_table(txf_count *t, size_t *count)
{
	size_t n = txf_count_size(t);
	struct srec *a = srec_alloc(n);

	if (a == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		txf_str s = txf_count_term(t, i);
		a[i].p = s.p;
		a[i].n = s.n;
		a[i].v = txf_count_vals(t, i);
		a[i].key = load_key(s.p, s.n, 0);
	}
	radix_sort(a, n, 0, 0);
	*count = n;
	return a;
}

/* ------------------------------------------------------------------ */
/* Run files                                                           */

/*
 * A run is private to the process that writes it (its file has no name),
 * so it is written for speed rather than for reading: after the 8 bytes
 * RUN_MAGIC, one record a term in byte order, {varint length, term bytes,
 * varint df, varint cf}, varints being LEB128 (7 bits a byte, low first).
 */
#define RUN_MAGIC "txf-run1"
#define WBUF (256 * 1024)

struct rwriter {
	int fd;
	txf_buf b;
};

/* A new run in a temporary file of dir, its magic buffered: 0 or an
 * error (TXF_EIO with errno). */
static int
rw_open(struct rwriter *w, const char *dir)
{
	if ((w->fd = txf_tmpfile(dir)) < 0)
		return w->fd;
	return txf_buf_add(&w->b, RUN_MAGIC, 8);
}

/* Drop what is left of a writer (a run not handed over), keeping errno. */
static void
rw_discard(struct rwriter *w)
{
	int e = errno;

	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	txf_buf_free(&w->b);
	errno = e;
}

static int
rw_flush(struct rwriter *w)
{
	int rc = write_all(w->fd, w->b.p, w->b.n);

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

static int
rw_row(struct rwriter *w, txf_str term, uint64_t df, uint64_t cf)
{
	if (txf_buf_grow(&w->b, term.n + 30) < 0)
		return TXF_ENOMEM;
	char *o = put_varint(w->b.p + w->b.n, term.n);
	memcpy(o, term.p, term.n);
	o = put_varint(o + term.n, df);
	o = put_varint(o, cf);
	w->b.n = (size_t)(o - w->b.p);
	return w->b.n >= WBUF ? rw_flush(w) : 0;
}

/* Reading a run: a buffer over its descriptor. */
struct rreader {
	int fd;
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
		ssize_t k = read(r->fd, r->buf + r->end, r->cap - r->end);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return TXF_EIO;
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

/* The next record: 1 with term (valid until the next call), df and cf;
 * 0 at the end; or an error. */
static int
rr_next(struct rreader *r, txf_str *term, uint64_t *df, uint64_t *cf)
{
	uint64_t n;
	int rc = rr_need(r, 10);

	if (rc < 0)
		return rc;
	if (r->pos == r->end)
		return 0;
	if (get_varint(r, &n) < 0 || n > SIZE_MAX - 20)
		return TXF_EFORMAT;
	if ((rc = rr_need(r, (size_t)n + 20)) < 0)
		return rc;
	if (r->end - r->pos < n)
		return TXF_EFORMAT;
	term->p = r->buf + r->pos;
	term->n = (size_t)n;
	r->pos += (size_t)n;
	if (get_varint(r, df) < 0 || get_varint(r, cf) < 0)
		return TXF_EFORMAT;
	return 1;
}

/* ------------------------------------------------------------------ */
/* The merge                                                           */

enum { SRC_VOCAB, SRC_COUNT, SRC_SORTED, SRC_RUN };

struct source {
	int kind;
	txf_vocab_reader *r;       /* SRC_VOCAB */
	struct rreader rr;         /* SRC_RUN */
	uint64_t docs;             /* r's #docs, for checking df */
	txf_count *t;              /* SRC_COUNT and SRC_SORTED */
	const size_t *idx;         /* SRC_COUNT */
	const struct srec *rec;    /* SRC_SORTED */
	size_t n, pos;
	unsigned dfv, cfv;
	txf_str term;              /* the current row */
	uint64_t key;              /* its first 8 bytes, big-endian; at the
	                              end UINT64_MAX */
	int done;                  /* at the end */
	uint64_t df, cf;
};

/* Rows merged ahead by a background thread: {uint32 length, term bytes,
 * uint64 df, uint64 cf} records; the last chunk carries how the merge
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
txf_merge_new(void)
{
	return calloc(1, sizeof(txf_merge));
}

void
txf_merge_free(txf_merge *m)
{
	if (m == NULL)
		return;
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
		if (m->s[i].kind == SRC_RUN)
			free(m->s[i].rr.buf);
	free(m->s);
	free(m->tree);
	txf_buf_free(&m->term);
	free(m);
}

static struct source *
new_source(txf_merge *m)
{
	if (m->sealed || m->started)
		return NULL;
	if (m->n == m->cap) {
		size_t cap = txf_grow_cap(m->cap, m->n + 1, 8, sizeof *m->s);
		if (cap == 0 || TXF_RESIZE(m->s, cap) < 0 ||
		    TXF_RESIZE(m->tree, cap) < 0)
			return NULL;
		m->cap = cap;
	}
	memset(&m->s[m->n], 0, sizeof m->s[m->n]);
	return &m->s[m->n++];
}

int
txf_merge_add_vocab(txf_merge *m, struct txf_vocab_reader *r)
{
	struct source *s = new_source(m);

	if (s == NULL)
		return m->sealed || m->started ? TXF_EINVAL : TXF_ENOMEM;
	s->kind = SRC_VOCAB;
	s->r = r;
	s->docs = txf_vocab_reader_header(r)->docs;
	return (int)(m->n - 1);
}

int
txf_merge_add_count(txf_merge *m, txf_count *t, const size_t *idx, size_t n,
                    unsigned df_val, unsigned cf_val)
{
	struct source *s;

	if (df_val >= TXF_COUNT_MAXVALS || cf_val >= TXF_COUNT_MAXVALS)
		return TXF_EINVAL;
	s = new_source(m);
	if (s == NULL)
		return m->sealed || m->started ? TXF_EINVAL : TXF_ENOMEM;
	s->kind = SRC_COUNT;
	s->t = t;
	s->idx = idx;
	s->n = n;
	s->dfv = df_val;
	s->cfv = cf_val;
	return (int)(m->n - 1);
}

static void
seterr(char *msg, size_t size, const char *text)
{
	if (size > 0) {
		strncpy(msg, text, size - 1);
		msg[size - 1] = '\0';
	}
}

/* Move source s to its next row: 1, 0 at its end, or an error. */
static int
advance_row(struct source *s, char *msg, size_t msgsize, uint64_t *line)
{
	if (s->kind == SRC_SORTED) {
		if (s->pos == s->n)
			return 0;
		/* The walk in term order jumps about the table: fetch the
		 * term and counters of a row a little ahead. */
		if (s->pos + AHEAD < s->n) {
			const struct srec *f = &s->rec[s->pos + AHEAD];
			TXF_PREFETCH(f->p);
			TXF_PREFETCH(f->v);
		}
		const struct srec *r = &s->rec[s->pos++];
		const uint64_t *v = r->v;
		s->term.p = r->p;
		s->term.n = r->n;
		s->df = v[s->dfv];
		s->cf = v[s->cfv];
		return 1;
	}
	if (s->kind == SRC_RUN) {
		int rc = rr_next(&s->rr, &s->term, &s->df, &s->cf);
		if (rc == TXF_EFORMAT)
			seterr(msg, msgsize, "a damaged temporary file");
		return rc;
	}
	if (s->kind == SRC_COUNT) {
		if (s->pos == s->n)
			return 0;
		size_t e = s->idx[s->pos++];
		const uint64_t *v = txf_count_vals(s->t, e);
		s->term = txf_count_term(s->t, e);
		s->df = v[s->dfv];
		s->cf = v[s->cfv];
		return 1;
	}
	double idf;
	int rc = txf_vocab_next(s->r, &s->term, &s->df, &s->cf, &idf, msg,
	    msgsize, line);
	/* txf_vocab_next() has checked the row as every reader of a
	 * vocab does (df >= 1, df <= cf, df <= #docs). */
	return rc;
}

/* advance_row(), and the new row's key. */
static inline int
advance(struct source *s, char *msg, size_t msgsize, uint64_t *line)
{
	int rc = advance_row(s, msg, msgsize, line);

	if (rc > 0) {
		s->key = load_key(s->term.p, s->term.n, 0);
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
	return cmp_from(x->term, y->term, 8) < 0;
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
 * The next merged row: 1 with its term, df and cf, 0 at the end, or an
 * error (with the source's number in *src).  With several sources the
 * term is copied to the end of dst (advancing a source overwrites its
 * row), with room for MERGE_ROOM more bytes after it, and *term points
 * there; dst->n is left as it was.  With one source the term is the
 * source's own row.
 */
#define MERGE_ROOM 20

static int
merge_step(txf_merge *m, txf_buf *dst, txf_str *term, uint64_t *df,
           uint64_t *cf, size_t *src, char *msg, size_t msgsize,
           uint64_t *line)
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
		*df = s->df;
		*cf = s->cf;
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
	uint64_t d = 0, c = 0;
	do {
		size_t i = m->tree[0];
		s = &m->s[i];
		if (s->df > UINT64_MAX - d || s->cf > UINT64_MAX - c) {
			*src = i;
			seterr(msg, msgsize, "a count above 2^64 - 1");
			return TXF_ERANGE;
		}
		d += s->df;
		c += s->cf;
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
	*df = d;
	*cf = c;
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
			uint64_t df, cf;
			/* The row goes straight into the chunk: a length,
			 * the term (merge_step() copies it after the
			 * length, or it is copied here from the only
			 * source), df and cf. */
			size_t at = c->b.n;
			int rc = 0;
			if (c->b.cap - at < 4)
				rc = txf_buf_grow(&c->b, 4);
			if (rc == 0) {
				c->b.n = at + 4;
				rc = merge_step(m, &c->b, &t, &df, &cf, &c->src,
				    c->msg, sizeof c->msg, &c->line);
				c->b.n = at;
			}
			/* (When t is in the chunk, merge_step() left
			 * room for df and cf.) */
			if (rc > 0 && t.n > UINT32_MAX)
				rc = TXF_ERANGE;
			else if (rc > 0 && txf_buf_grow(&c->b, 4 + t.n + 16) < 0)
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
			memcpy(o + 4 + t.n, &df, 8);
			memcpy(o + 12 + t.n, &cf, 8);
			c->b.n = at + t.n + 20;
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
	sigset_t all, old;
	int rc;

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
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(&m->th, NULL, merge_main, m);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
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
txf_merge_next(txf_merge *m, txf_str *term, uint64_t *df, uint64_t *cf,
               size_t *src, char *msg, size_t msgsize, uint64_t *line)
{
	struct rchunk *c;

	if (!m->bg) {
		m->term.n = 0;
		return merge_step(m, &m->term, term, df, cf, src, msg,
		    msgsize, line);
	}
	for (;;) {
		c = m->cur;
		if (c != NULL && c->pos < c->b.n) {
			uint32_t len;
			const char *p = c->b.p + c->pos;
			memcpy(&len, p, 4);
			term->p = p + 4;
			term->n = len;
			memcpy(df, p + 4 + len, 8);
			memcpy(cf, p + 12 + len, 8);
			c->pos += (size_t)len + 20;
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

/* ------------------------------------------------------------------ */
/* Sorted runs                                                         */

struct run {
	int fd;
	uint64_t docs, tokens;
};

struct txf_runs {
	char *dir;            /* NULL: txf_tmpdir() decides */
	struct run *r;
	size_t n, cap;
	uint64_t spills;
};

txf_runs *
txf_runs_new(const char *dir)
{
	txf_runs *s = calloc(1, sizeof *s);

	if (s == NULL)
		return NULL;
	if (dir != NULL && (s->dir = strdup(dir)) == NULL) {
		free(s);
		return NULL;
	}
	return s;
}

void
txf_runs_free(txf_runs *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++)
		close(s->r[i].fd);
	free(s->r);
	free(s->dir);
	free(s);
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
	for (size_t i = 0; i < s->n; i++) {
		char magic[8];
		ssize_t k;
		if (lseek(s->r[i].fd, 0, SEEK_SET) != 0)
			return TXF_EIO;
		do
			k = read(s->r[i].fd, magic, sizeof magic);
		while (k < 0 && errno == EINTR);
		if (k < 0)
			return TXF_EIO;
		if (k != (ssize_t)sizeof magic ||
		    memcmp(magic, RUN_MAGIC, sizeof magic) != 0)
			return TXF_EFORMAT;
		struct source *src = new_source(m);
		if (src == NULL)
			return m->sealed || m->started ? TXF_EINVAL : TXF_ENOMEM;
		src->kind = SRC_RUN;
		src->rr.fd = s->r[i].fd;
	}
	return 0;
}

/* Merge every run into one. */
static int
compact(txf_runs *s)
{
	struct rwriter w = { -1, { 0 } };
	txf_merge *m = txf_merge_new();
	uint64_t docs = 0, tokens = 0, df, cf, line;
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
	if ((rc = rw_open(&w, s->dir)) < 0)
		goto out;
	while ((rc = txf_merge_next(m, &term, &df, &cf, &src, msg, sizeof msg,
	    &line)) > 0)
		if ((rc = rw_row(&w, term, df, cf)) < 0)
			goto out;
	if (rc < 0 || (rc = rw_flush(&w)) < 0)
		goto out;
	for (size_t i = 0; i < s->n; i++)
		close(s->r[i].fd);
	s->n = 0;
	rc = add_run(s, w.fd, docs, tokens);   /* room: n was 0 */
	w.fd = -1;
out:
	rw_discard(&w);
	{
		int e = errno;
		txf_merge_free(m);
		errno = e;
	}
	return rc;
}

int
txf_runs_write(txf_runs *s, txf_count *t, unsigned df_val, unsigned cf_val,
               uint64_t docs, uint64_t tokens)
{
	struct rwriter w = { -1, { 0 } };
	struct srec *a = NULL;
	size_t n;
	int rc;

	if (df_val >= TXF_COUNT_MAXVALS || cf_val >= TXF_COUNT_MAXVALS)
		return TXF_EINVAL;
	if ((a = sort_table(t, &n)) == NULL)
		return TXF_ENOMEM;
	if ((rc = rw_open(&w, s->dir)) < 0)
		goto out;
	for (size_t k = 0; k < n; k++) {
		if (k + AHEAD < n) {
			TXF_PREFETCH(a[k + AHEAD].p);
			TXF_PREFETCH(a[k + AHEAD].v);
		}
		const uint64_t *v = a[k].v;
		txf_str term = { a[k].p, a[k].n };
		if ((rc = rw_row(&w, term, v[df_val], v[cf_val])) < 0)
			goto out;
	}
	if ((rc = rw_flush(&w)) < 0)
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
	rw_discard(&w);
	{
		int e = errno;
		free(a);
		errno = e;
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* Document and collection frequencies, in bounded memory              */

/* The counters of an entry. */
enum { V_DF, V_CF, V_LAST, NVALS };

/* Tokens looked up at once. */
#define ADD_BATCH 256

/* Bytes per entry that sorting the table takes besides the table. */
#define SORT_BYTES sizeof(struct srec)

/*
 * With workers, the caller's thread only queues documents, in batches of
 * records: a tag byte, then for 'F' (a tokens field) and 'T' (one token)
 * a uint32 length and the bytes; 'E' ends a document.  Each worker counts
 * the batches it takes into a counter of its own (a table, runs), as if
 * it had a shard of the input; at the end the merge sums them.
 */
#define QBATCH (256 * 1024)

struct qbatch {
	txf_buf b;
	struct qbatch *next;
};

struct worker {
	txf_dfcount *parent;
	txf_dfcount *sub;         /* its own counter, without workers */
	pthread_t th;
};

struct txf_dfcount {
	/* Counting (a counter without workers, or a worker's own). */
	txf_count *t;
	size_t limit;
	char *dir;
	txf_runs *runs;           /* NULL until the first spill */
	uint64_t docs, tokens;    /* in all */
	uint64_t tdocs, ttokens;  /* in the table */
	uint64_t dtokens;         /* in the current document */
	uint64_t doc;             /* the current document's number, from 1 */
	size_t idx[ADD_BATCH];    /* record offsets of a batch of tokens */
	txf_str tok[ADD_BATCH];   /* a batch of tokens */
	uint64_t tokdoc[ADD_BATCH];  /* the document of each (batches of a
	                                worker span documents) */
	size_t ntok;
	txf_toklist tl;           /* a field with escapes */
	struct srec *sorted;      /* the table, sorted, at the end */
	size_t nsorted;
	txf_merge *m;
	int finished;

	/* Workers (nworkers > 0). */
	int nworkers, started;
	struct worker *w;
	pthread_mutex_t mu;
	pthread_cond_t work;      /* a batch is queued, or closing */
	pthread_cond_t room;      /* a batch is spare again */
	struct qbatch *head, *tail, *spare, *cur;
	struct qbatch *all;       /* every batch, for freeing */
	size_t nall;
	int closing;
	int err, err_errno;       /* the first error of a worker */
};

static txf_dfcount *
counter_new(size_t limit, const char *dir)
{
	txf_dfcount *c = calloc(1, sizeof *c);

	if (c == NULL)
		return NULL;
	c->limit = limit;
	c->doc = 1;
	if ((dir != NULL && (c->dir = strdup(dir)) == NULL) ||
	    (c->t = txf_count_new(NVALS)) == NULL) {
		free(c->dir);
		free(c);
		return NULL;
	}
	return c;
}

txf_dfcount *
txf_dfcount_new(size_t limit, const char *dir)
{
	return counter_new(limit, dir);
}

static void workers_stop(txf_dfcount *c);

void
txf_dfcount_free(txf_dfcount *c)
{
	if (c == NULL)
		return;
	if (c->nworkers > 0) {
		workers_stop(c);
		for (int i = 0; i < c->nworkers; i++)
			txf_dfcount_free(c->w[i].sub);
		free(c->w);
		for (size_t i = 0; i < c->nall; i++)
			txf_buf_free(&c->all[i].b);
		free(c->all);
		pthread_mutex_destroy(&c->mu);
		pthread_cond_destroy(&c->work);
		pthread_cond_destroy(&c->room);
	}
	txf_merge_free(c->m);
	txf_toklist_free(&c->tl);
	free(c->sorted);
	txf_count_free(c->t);
	txf_runs_free(c->runs);
	free(c->dir);
	free(c);
}

/* Count tok[0..n) in the current document (a counter without workers). */
static int
count_tokens(txf_dfcount *c, const txf_str *tok, size_t n)
{
	txf_count *t = c->t;
	uint64_t doc = c->doc;

	/* In batches: txf_count_add_many() overlaps the lookups' memory
	 * reads, which is most of the time of a large table. */
	while (n > 0) {
		size_t m = n < ADD_BATCH ? n : ADD_BATCH;
		int rc = txf_count_add_many_rec(t, tok, m, c->idx);
		if (rc < 0)
			return rc;
		char *arena = txf_count_arena(t);
		for (size_t k = 0; k < m; k++) {
			uint64_t *v = (uint64_t *)(void *)(arena + c->idx[k]);
			v[V_CF]++;
			if (v[V_LAST] != doc) {
				v[V_LAST] = doc;
				v[V_DF]++;
			}
		}
		c->dtokens += m;
		tok += m;
		n -= m;
	}
	return 0;
}

/* Append a record to the batch being filled. */
static int
queue_put(txf_dfcount *c, char tag, const char *p, size_t n)
{
	txf_buf *b = &c->cur->b;
	uint32_t len = (uint32_t)n;

	if (n > UINT32_MAX - 8)
		return TXF_ERANGE;
	if (txf_buf_grow(b, n + 5) < 0)
		return TXF_ENOMEM;
	b->p[b->n++] = tag;
	if (tag != 'E') {
		memcpy(b->p + b->n, &len, 4);
		memcpy(b->p + b->n + 4, p, n);
		b->n += 4 + n;
	}
	return 0;
}

int
txf_dfcount_add(txf_dfcount *c, const txf_str *tok, size_t n)
{
	if (c->finished)
		return TXF_EINVAL;
	if (c->nworkers == 0)
		return count_tokens(c, tok, n);
	for (size_t k = 0; k < n; k++) {
		int rc = queue_put(c, 'T', tok[k].p, tok[k].n);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int
txf_dfcount_add_field(txf_dfcount *c, const char *p, size_t n)
{
	if (c->finished)
		return TXF_EINVAL;
	if (c->nworkers > 0)
		return queue_put(c, 'F', p, n);
	if (txf_toklist_split(&c->tl, p, n) < 0)
		return TXF_ENOMEM;
	return count_tokens(c, c->tl.v, c->tl.n);
}

size_t
txf_dfcount_memory(const txf_dfcount *c)
{
	size_t m = 0;

	if (c->nworkers == 0)
		return txf_count_memory(c->t) + txf_count_size(c->t) *
		    SORT_BYTES;
	if (c->finished)
		for (int i = 0; i < c->nworkers; i++)
			m += txf_dfcount_memory(c->w[i].sub);
	return m;
}

/* Write the table as a run and empty it.  The table keeps its memory
 * (no page is cleared again, no index grown again); what it reports
 * against the limit is what it holds, so the next run gets as far. */
static int
spill(txf_dfcount *c)
{
	int rc;

	if (c->runs == NULL && (c->runs = txf_runs_new(c->dir)) == NULL)
		return TXF_ENOMEM;
	rc = txf_runs_write(c->runs, c->t, V_DF, V_CF, c->tdocs, c->ttokens);
	if (rc < 0)
		return rc;
	txf_count_clear(c->t);
	c->tdocs = c->ttokens = 0;
	return 0;
}

/* Spill when the table has reached the limit.  A quarter of the limit is
 * left for the table's growth within a document: its index doubles at
 * once, the old one still held.  Runs hold whole documents, so that df
 * stays exact: call this between documents only. */
static int
maybe_spill(txf_dfcount *c)
{
	if (txf_count_size(c->t) > 0 &&
	    txf_count_memory(c->t) + txf_count_size(c->t) * SORT_BYTES >=
	    c->limit - c->limit / 4)
		return spill(c);
	return 0;
}

/* Hand the batch being filled to the workers and take a spare one. */
static int
queue_submit(txf_dfcount *c)
{
	int rc;

	pthread_mutex_lock(&c->mu);
	c->cur->next = NULL;
	if (c->tail != NULL)
		c->tail->next = c->cur;
	else
		c->head = c->cur;
	c->tail = c->cur;
	c->cur = NULL;
	pthread_cond_signal(&c->work);
	while (c->spare == NULL && c->err == 0)
		pthread_cond_wait(&c->room, &c->mu);
	if ((rc = c->err) == 0) {
		c->cur = c->spare;
		c->spare = c->spare->next;
	} else {
		errno = c->err_errno;
	}
	pthread_mutex_unlock(&c->mu);
	return rc;
}

int
txf_dfcount_end_doc(txf_dfcount *c)
{
	int rc;

	if (c->finished)
		return TXF_EINVAL;
	if (c->nworkers > 0) {
		if (c->docs == UINT64_MAX)
			return TXF_ERANGE;
		if ((rc = queue_put(c, 'E', NULL, 0)) < 0)
			return rc;
		c->docs++;
		return c->cur->b.n >= QBATCH ? queue_submit(c) : 0;
	}
	if (c->docs == UINT64_MAX || c->dtokens > UINT64_MAX - c->tokens)
		return TXF_ERANGE;
	c->docs++;
	c->tdocs++;
	c->tokens += c->dtokens;
	c->ttokens += c->dtokens;
	c->dtokens = 0;
	c->doc++;
	return maybe_spill(c);
}

/* ------------------------------------------------------------------ */
/* The workers                                                         */

/* Count the pending tokens of a worker's counter, each in its document. */
static int
flush_tokens(txf_dfcount *c)
{
	txf_count *t = c->t;
	size_t n = c->ntok;
	int rc;

	if (n == 0)
		return 0;
	c->ntok = 0;
	if ((rc = txf_count_add_many_rec(t, c->tok, n, c->idx)) < 0)
		return rc;
	char *arena = txf_count_arena(t);
	for (size_t k = 0; k < n; k++) {
		uint64_t *v = (uint64_t *)(void *)(arena + c->idx[k]);
		v[V_CF]++;
		if (v[V_LAST] != c->tokdoc[k]) {
			v[V_LAST] = c->tokdoc[k];
			v[V_DF]++;
		}
	}
	c->tokens += n;
	c->ttokens += n;
	return 0;
}

static inline int
push_token(txf_dfcount *c, const char *p, size_t n)
{
	c->tok[c->ntok].p = p;
	c->tok[c->ntok].n = n;
	c->tokdoc[c->ntok] = c->doc;
	return ++c->ntok == ADD_BATCH ? flush_tokens(c) : 0;
}

/* Count a batch of queued documents.  Tokens of consecutive documents
 * are looked up together, ADD_BATCH at a time; the table is checked
 * against its limit whenever a lookup ends with a document. */
static int
count_batch(txf_dfcount *c, const char *p, size_t n)
{
	const char *e = p + n;
	uint32_t len;
	int rc;

	while (p < e) {
		char tag = *p++;
		if (tag == 'E') {
			c->docs++;
			c->tdocs++;
			c->doc++;
			if (c->ntok >= ADD_BATCH / 2) {
				if ((rc = flush_tokens(c)) < 0 ||
				    (rc = maybe_spill(c)) < 0)
					return rc;
			}
			continue;
		}
		memcpy(&len, p, 4);
		const char *s = p + 4, *f = s + len;
		p = f;
		if (tag == 'T') {
			if ((rc = push_token(c, s, len)) < 0)
				return rc;
			continue;
		}
		if (txf_toklist_split(&c->tl, s, len) < 0)
			return TXF_ENOMEM;
		for (size_t k = 0; k < c->tl.n; k++)
			if ((rc = push_token(c, c->tl.v[k].p,
			    c->tl.v[k].n)) < 0)
				return rc;
		/* Unescaped copies live in c->tl until its next split:
		 * count them now. */
		if (c->tl.esc.n > 0 && (rc = flush_tokens(c)) < 0)
			return rc;
	}
	/* A batch ends with a document. */
	if ((rc = flush_tokens(c)) < 0)
		return rc;
	return maybe_spill(c);
}

/* Record a worker's error, the first one only. */
static void
worker_fail(txf_dfcount *c, int rc, int e)
{
	pthread_mutex_lock(&c->mu);
	if (c->err == 0) {
		c->err = rc;
		c->err_errno = e;
	}
	pthread_cond_broadcast(&c->room);
	pthread_mutex_unlock(&c->mu);
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	txf_dfcount *c = w->parent;
	int rc;

	for (;;) {
		pthread_mutex_lock(&c->mu);
		while (c->head == NULL && !c->closing)
			pthread_cond_wait(&c->work, &c->mu);
		struct qbatch *b = c->head;
		if (b == NULL) {
			pthread_mutex_unlock(&c->mu);
			break;
		}
		c->head = b->next;
		if (c->head == NULL)
			c->tail = NULL;
		int failed = c->err != 0;
		pthread_mutex_unlock(&c->mu);

		rc = failed ? 0 : count_batch(w->sub, b->b.p, b->b.n);
		if (rc < 0)
			worker_fail(c, rc, errno);
		pthread_mutex_lock(&c->mu);
		b->b.n = 0;
		b->next = c->spare;
		c->spare = b;
		pthread_cond_signal(&c->room);
		pthread_mutex_unlock(&c->mu);
	}
	/* The end: sort the table here, in parallel with the others. */
	pthread_mutex_lock(&c->mu);
	int failed = c->err != 0;
	pthread_mutex_unlock(&c->mu);
	if (!failed) {
		w->sub->finished = 1;
		w->sub->sorted = sort_table(w->sub->t, &w->sub->nsorted);
		if (w->sub->sorted == NULL)
			worker_fail(c, TXF_ENOMEM, ENOMEM);
	}
	return NULL;
}

/* Let the workers finish what is queued, and wait for them. */
static void
workers_stop(txf_dfcount *c)
{
	if (!c->started)
		return;
	pthread_mutex_lock(&c->mu);
	c->closing = 1;
	pthread_cond_broadcast(&c->work);
	pthread_mutex_unlock(&c->mu);
	for (int i = 0; i < c->nworkers; i++)
		pthread_join(c->w[i].th, NULL);
	c->started = 0;
}

txf_dfcount *
txf_dfcount_new_threads(size_t limit, const char *dir, int threads)
{
	txf_dfcount *c;
	sigset_t all, old;
	int i;

	if (threads < 1)
		return NULL;
	if ((c = counter_new(limit, dir)) == NULL)
		return NULL;
	c->nworkers = threads;
	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->work, NULL);
	pthread_cond_init(&c->room, NULL);
	c->w = calloc((size_t)threads, sizeof *c->w);
	c->nall = 2 * (size_t)threads + 1;
	c->all = calloc(c->nall, sizeof *c->all);
	if (c->w == NULL || c->all == NULL)
		goto fail;
	for (size_t k = 0; k < c->nall; k++) {
		if (txf_buf_grow(&c->all[k].b, QBATCH + 4096) < 0)
			goto fail;
		c->all[k].next = c->spare;
		c->spare = &c->all[k];
	}
	c->cur = c->spare;
	c->spare = c->spare->next;
	for (i = 0; i < threads; i++) {
		c->w[i].parent = c;
		c->w[i].sub = counter_new(limit / (size_t)threads, dir);
		if (c->w[i].sub == NULL)
			goto fail;
	}
	/* The workers take no signal: a handler runs in the caller's
	 * thread, as it would without workers. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (i = 0; i < threads; i++)
		if (pthread_create(&c->w[i].th, NULL, worker_main, &c->w[i]) !=
		    0)
			break;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (i < threads) {
		/* Fewer threads than asked: stop those started. */
		c->started = 1;
		int started = i;
		c->nworkers = started;
		workers_stop(c);
		c->nworkers = threads;
		goto fail;
	}
	c->started = 1;
	return c;
fail:
	txf_dfcount_free(c);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* The end                                                             */

uint64_t
txf_dfcount_docs(const txf_dfcount *c)
{
	return c->docs;
}

uint64_t
txf_dfcount_tokens(const txf_dfcount *c)
{
	uint64_t n = 0;

	if (c->nworkers == 0)
		return c->tokens;
	if (c->finished)
		for (int i = 0; i < c->nworkers; i++)
			n += c->w[i].sub->tokens;
	return n;
}

uint64_t
txf_dfcount_spills(const txf_dfcount *c)
{
	uint64_t n = 0;

	if (c->nworkers == 0)
		return c->runs ? txf_runs_spills(c->runs) : 0;
	if (c->finished)
		for (int i = 0; i < c->nworkers; i++)
			n += txf_dfcount_spills(c->w[i].sub);
	return n;
}

size_t
txf_dfcount_terms(const txf_dfcount *c)
{
	size_t n = 0;

	if (c->nworkers == 0)
		return txf_count_size(c->t);
	if (c->finished)
		for (int i = 0; i < c->nworkers; i++)
			n += txf_count_size(c->w[i].sub->t);
	return n;
}

/* Add a counter's sorted table and its runs to the merge. */
static int
merge_counter(txf_merge *m, txf_dfcount *c)
{
	if (c->nsorted > 0) {
		struct source *s = new_source(m);
		if (s == NULL)
			return TXF_ENOMEM;
		s->kind = SRC_SORTED;
		s->t = c->t;
		s->rec = c->sorted;
		s->n = c->nsorted;
		s->dfv = V_DF;
		s->cfv = V_CF;
	}
	return c->runs != NULL ? txf_merge_add_runs(m, c->runs) : 0;
}

txf_merge *
txf_dfcount_finish(txf_dfcount *c, int *err)
{
	int rc;

	if (c->finished) {
		*err = TXF_EINVAL;
		return NULL;
	}
	c->finished = 1;
	if (c->nworkers > 0) {
		/* The last batch, then the workers' own ends. */
		if (c->cur != NULL && c->cur->b.n > 0) {
			pthread_mutex_lock(&c->mu);
			c->cur->next = NULL;
			if (c->tail != NULL)
				c->tail->next = c->cur;
			else
				c->head = c->cur;
			c->tail = c->cur;
			c->cur = NULL;
			pthread_mutex_unlock(&c->mu);
		}
		workers_stop(c);
		if (c->err != 0) {
			*err = c->err;
			errno = c->err_errno;
			return NULL;
		}
	} else if ((c->sorted = sort_table(c->t, &c->nsorted)) == NULL) {
		*err = TXF_ENOMEM;
		return NULL;
	}
	if ((c->m = txf_merge_new()) == NULL) {
		*err = TXF_ENOMEM;
		return NULL;
	}
	if (c->nworkers == 0) {
		rc = merge_counter(c->m, c);
	} else {
		rc = 0;
		for (int i = 0; i < c->nworkers && rc == 0; i++)
			rc = merge_counter(c->m, c->w[i].sub);
	}
	if (rc < 0) {
		*err = rc;
		return NULL;
	}
	return c->m;
}
