/* internal.h - helpers shared by libtextfeat's modules; not installed. */
#ifndef TXF_INTERNAL_H
#define TXF_INTERNAL_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#include "textfeat.h"
#include "batch.h"

/* Report a failure: fill *e (when e is not NULL) with code, line (0:
 * none) and the message fmt makes (NULL: ""); returns code. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
int txf_fail(txf_error *e, int code, uint64_t line, const char *fmt, ...);
/* txf_fail() where the result is a pointer:
 * return TXF_FAIL_NULL(err, code, line, fmt, ...) fills err, returns NULL. */
#define TXF_FAIL_NULL(...) ((void)txf_fail(__VA_ARGS__), NULL)

/* Start fetching the cache line at p, for a use a while later (memory
 * that is not there is never touched). */
#if defined(__GNUC__)
#define TXF_PREFETCH(p) __builtin_prefetch(p)
#else
#define TXF_PREFETCH(p) ((void)(p))
#endif

/*
 * Growing arrays.  An array of elements of `size` bytes with a capacity
 * `cap` (0: nothing allocated yet) grows by doubling, from `min`, until it
 * holds n; every product of a count and a size is checked for overflow.
 */

/* The capacity the array grows to (cap itself when it holds n already),
 * or 0 when n elements would not fit in a size_t. */
static inline size_t
txf_grow_cap(size_t cap, size_t n, size_t min, size_t size)
{
	size_t c = cap ? cap : (min ? min : 1);

	while (c < n)
		c = c > SIZE_MAX / 2 ? n : 2 * c;
	return c > SIZE_MAX / size ? 0 : c;
}

/* Resize the array *pa (pa: the address of the array's pointer) to c
 * elements of size bytes.  0, or TXF_ENOMEM with *pa as it was. */
int txf_resize(void *pa, size_t c, size_t size);

/* Room for n elements in the array *pa of capacity *cap, grown as
 * txf_grow_cap() says.  0, or TXF_ENOMEM with the array as it was. */
static inline int
txf_grow(void *pa, size_t *cap, size_t n, size_t min, size_t size)
{
	size_t c;

	if (n <= *cap)
		return 0;
	c = txf_grow_cap(*cap, n, min, size);
	if (c == 0 || txf_resize(pa, c, size) < 0)
		return TXF_ENOMEM;
	*cap = c;
	return 0;
}

/* txf_grow() of two arrays that share one capacity *cap, *pa of
 * elements of sa bytes and *pb of sb.  0, or TXF_ENOMEM with *cap as it
 * was (the first array may have grown). */
static inline int
txf_grow2(void *pa, size_t sa, void *pb, size_t sb, size_t *cap, size_t n,
          size_t min)
{
	size_t c;

	if (n <= *cap)
		return 0;
	c = txf_grow_cap(*cap, n, min, sa > sb ? sa : sb);
	if (c == 0 || txf_resize(pa, c, sa) < 0 || txf_resize(pb, c, sb) < 0)
		return TXF_ENOMEM;
	*cap = c;
	return 0;
}

/* The clean-up stmt (a close(), a free()...) run with errno kept: the
 * cause of the TXF_EIO being returned outlives it. */
#define TXF_KEEP_ERRNO(stmt) \
	do { \
		int txf_errno_ = errno; \
		stmt; \
		errno = txf_errno_; \
	} while (0)

/*
 * Constructors (core.c).  A new object of size bytes, zeroed but for the
 * pointer at offset off: an array of n elements of elsize bytes, zeroed
 * (txf_new_with_array()), or a new table of nvals counters
 * (txf_new_counted()).  NULL when out of memory (or nvals is out of
 * range), nothing then allocated.  The macros take the object's type and
 * the member's name.
 */
void *txf_new_with_array(size_t size, size_t off, size_t n, size_t elsize);
void *txf_new_counted(size_t size, size_t off, unsigned nvals);
#define TXF_NEW_WITH_ARRAY(type, member, n) \
	((type *)txf_new_with_array(sizeof(type), offsetof(type, member), \
	    (n), sizeof *((type *)0)->member))
#define TXF_NEW_COUNTED(type, member, nvals) \
	((void)sizeof(&((type *)0)->member == (txf_count **)0), \
	    (type *)txf_new_counted(sizeof(type), offsetof(type, member), \
	    (nvals)))

/*
 * n zeroed elements of size bytes, zeroed by writing rather than by
 * calloc() (core.c): a table probed before it is written, on fresh pages
 * from calloc(), maps the shared zero page on each first read, and the
 * write after faults again and flushes the TLB of every thread of the
 * process (an interrupt to each CPU).  NULL when out of memory.
 */
void *txf_zalloc(size_t n, size_t size);

/* free() of each of p[0..n) (core.c). */
void txf_free_n(void *const *p, size_t n);

/* free() of each argument, a pointer, in order: what a *_free() function
 * does with the arrays its object owns and then the object itself,
 * TXF_FREE_ALL(o->a, o->b, o). */
#define TXF_FREE_ALL(...) \
	txf_free_n((void *const[]){ __VA_ARGS__ }, \
	    sizeof (void *const[]){ __VA_ARGS__ } / sizeof (void *))

/*
 * The definition of a destructor, name(type *var), which does nothing
 * given NULL, as free() does; the block that follows is what it does
 * with an object, run with var not NULL.  Every *_free() and *_close()
 * that releases an object is written this way, so none can leave the
 * NULL test out:
 *
 *	TXF_DEFINE_FREE(txf_model_free, txf_model, m)
 *	{
 *		txf_vocab_free(m->vocab);
 *		free(m);
 *	}
 */
#define TXF_DEFINE_FREE(name, type, var) \
	static void name##_object(type *var); \
	void \
	name(type *var) \
	{ \
		if (var != NULL) \
			name##_object(var); \
	} \
	static void \
	name##_object(type *var)

/* txf_grow() and txf_resize() of an array member a (a pointer lvalue). */
#define TXF_GROW(a, cap, n, min) txf_grow(&(a), &(cap), (n), (min), sizeof *(a))
#define TXF_RESIZE(a, c) txf_resize(&(a), (c), sizeof *(a))
/* txf_grow2() of two array members a and b. */
#define TXF_GROW2(a, b, cap, n, min) \
	txf_grow2(&(a), sizeof *(a), &(b), sizeof *(b), &(cap), (n), (min))

/** Whether p[0..n) is all ASCII. */
int txf_is_ascii(const char *p, size_t n);

/** ASCII lowercase of p[0..n) into o (room for n bytes). */
void txf_ascii_lower(const char *p, size_t n, char *o);

/** Copy p[0..n) to o (room for n bytes), lowercasing ASCII letters when
 *  lower; returns whether all of it is ASCII (o is then complete). */
int txf_ascii_copy(const char *p, size_t n, char *o, int lower);

/* Whether a[0..n) and b[0..n) are the same bytes.  Terms are short, and a
 * call to memcmp() costs more than comparing them here, a word at a time
 * (the last word overlapping the one before). */
static inline int
txf_same_bytes(const char *a, const char *b, size_t n)
{
	uint64_t x8, y8;
	uint32_t x4, y4;

	if (n >= 8) {
		for (size_t i = 0; i + 8 < n; i += 8) {
			memcpy(&x8, a + i, 8);
			memcpy(&y8, b + i, 8);
			if (x8 != y8)
				return 0;
		}
		memcpy(&x8, a + n - 8, 8);
		memcpy(&y8, b + n - 8, 8);
		return x8 == y8;
	}
	if (n >= 4) {
		memcpy(&x4, a, 4);
		memcpy(&y4, b, 4);
		if (x4 != y4)
			return 0;
		memcpy(&x4, a + n - 4, 4);
		memcpy(&y4, b + n - 4, 4);
		return x4 == y4;
	}
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* Whether a and b hold the same bytes. */
static inline int
txf_same_str(txf_str a, txf_str b)
{
	return a.n == b.n && txf_same_bytes(a.p, b.p, a.n);
}

/* Write all of p[0..n) to fd: 0, or TXF_EIO with errno (tmpfile.c). */
int txf_write_all(int fd, const char *p, size_t n);

/* read() of at most n bytes of fd into p, again when a signal
 * interrupts it: the bytes read (0 at the end of the file), or TXF_EIO
 * with errno (tmpfile.c). */
ssize_t txf_read_some(int fd, char *p, size_t n);

/* Whether s is a decimal number: a sign ('-', or '+' too when plus),
 * digits with an optional fraction (one digit at least, before or after
 * the point), an optional exponent (e or E, a sign, digits) (core.c). */
int txf_decimal_syntax(txf_str s, int plus);

/** strtod() in the C locale, whatever the program's locale is. */
double txf_strtod_c(const char *s, char **end);

/*
 * txf_count_add_many(), giving the offset in bytes of each term's record
 * in the table's arena instead of its entry number: the record starts with
 * the entry's counters, so they are at
 * (uint64_t *)(txf_count_arena(t) + rec[k]), valid until the next add.
 * Spares the hot loops of counting a call and an indirection a token.
 */
int txf_count_add_many_rec(txf_count *t, const txf_str *v, size_t n,
                           size_t *rec);

char *txf_count_arena(txf_count *t);
/* The entry number whose counters are at vals (from txf_count_vals() or
 * a sorted record's v). */
size_t txf_count_entry_of(const txf_count *t, const uint64_t *vals);

/*
 * Tokens pending before they are counted (count.c): kept, with a copy of
 * their bytes, until many texts' are looked up at once and the lookups'
 * cache misses overlap.  Zero-initialise.  txf_pend_add() appends the
 * tokens v[0..n) (0, or TXF_ENOMEM with nothing added);
 * txf_pend_count() adds every pending token to the table t, in order, as
 * txf_count_add_many() does: token k's entry number in idx[k], the
 * offset of its record in rec[k] as txf_count_add_many_rec() gives it
 * (0, or a TXF_E* code); txf_pend_clear() empties it for more;
 * txf_pend_free() releases its memory.
 */
struct txf_pend {
	txf_str *tok;       /* their lengths (p set by txf_pend_count()) */
	size_t *off;        /* where their bytes are in bytes */
	size_t n, cap;
	txf_buf bytes;
	size_t *idx, *rec;  /* from txf_pend_count() */
	size_t capidx;
};
int txf_pend_add(struct txf_pend *q, const txf_str *v, size_t n);
int txf_pend_count(struct txf_pend *q, txf_count *t);
void txf_pend_clear(struct txf_pend *q);
void txf_pend_free(struct txf_pend *q);

/* txf_vocab_index() of each of t[0..n), their cache misses overlapped;
 * with idf, their txf_vocab_idf() too (0 for a term not there), which
 * comes with the lookup. */
void txf_vocab_index_many(const txf_vocab *v, const txf_str *t, size_t n,
                          long *rows, double *idf);
/* Start fetching the index slot where p[0..n) would be, for a lookup to
 * come a while later. */
void txf_vocab_prefetch(const txf_vocab *v, const char *p, size_t n);
/* The vocab's index of its terms (vindex.h), and its idf column as an
 * array by row; both live as long as the vocab. */
struct txf_vindex;
const struct txf_vindex *txf_vocab_vindex(const txf_vocab *v);
const double *txf_vocab_idf_array(const txf_vocab *v);
const uint64_t *txf_vocab_df_array(const txf_vocab *v);

/*
 * Loading terms known to be distinct (a vocab's, checked sorted and
 * unique): txf_count_append() adds a new entry without looking it up and
 * without indexing it (0, or TXF_ERANGE / TXF_ENOMEM as txf_count_add());
 * txf_count_reindex() then indexes every entry appended, in one pass that
 * overlaps the cache misses (0 or TXF_ENOMEM).  In between, the table may
 * not be searched: no txf_count_add*() or txf_count_find().
 */
int txf_count_append(txf_count *t, const char *p, size_t n, size_t *idx);
int txf_count_reindex(txf_count *t);
/* The bytes of t's terms (each with up to 7 bytes of padding), for
 * txf_count_reserve(); room, kept from now on, for n more entries whose
 * terms take at most bytes: their txf_count_append()s move no record
 * (0 or TXF_ENOMEM / TXF_ERANGE). */
size_t txf_count_term_bytes(const txf_count *t);
int txf_count_reserve(txf_count *t, size_t n, size_t bytes);
/* For a thread that reads entries [0, n) of t while another appends
 * them to the room reserved: the room's pages from entry n - 1 (or from
 * *done, where an earlier call stopped, 0 at first) to ahead bytes on,
 * made present for writing (madvise(MADV_POPULATE_WRITE), a hint), so
 * that the appending thread does not stop for page faults there. */
void txf_count_prefault(const txf_count *t, size_t n, size_t ahead,
                        uintptr_t *done);
/* fn(arg, term, counters) for entries from..to-1 of t, in order, until
 * one returns nonzero (returned); with the table's layout read once,
 * not for each entry (the table's header may be written meanwhile by a
 * thread appending to room reserved). */
int txf_count_each(const txf_count *t, size_t from, size_t to,
                   int (*fn)(void *arg, txf_str term, const uint64_t *vals),
                   void *arg);

/** A stemmer of s's language with state of its own (a stemmer serves one
 *  thread at a time); NULL with *err as txf_stemmer_new(). */
txf_stemmer *txf_stemmer_clone(const txf_stemmer *s, txf_error *err);

/** The language of s as it was given to txf_stemmer_new(). */
const char *txf_stemmer_lang(const txf_stemmer *s);

/** Snowball's own name for the language lang names ("english" for "en"
 *  and "eng"); lang itself when it is not an ISO 639 code of one. */
const char *txf_stem_canonical(const char *lang);

/** The path of the shipped stop list `name` in datadir/stopwords/ (NULL
 *  datadir: $TEXTFEAT_DATADIR, else the installed data folder), malloc'd,
 *  or NULL when name is not a plain name or no such list is there. */
char *txf_stop_path(const char *name, const char *datadir);

#endif
