/*
 * batch.h - libtextfeat's internal tier: the batch machinery the tools
 * build on (counting tables, runs, merges, df counting, pruning).  Not
 * installed, and not part of the shared library's interface (its
 * functions are hidden there): the tools and the unit tests link the
 * library's static convenience copy, lib/libtxf.la, and may include it.
 * A serving program needs only textfeat.h.
 */
#ifndef TXF_BATCH_H
#define TXF_BATCH_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "textfeat.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Counting tables                                                     */

/**
 * A counting table: distinct terms (byte strings) with nvals 64-bit
 * counters each, for the caller to use (a count; a df, a cf and the last
 * document seen ...).  Entries are numbered from 0 in the order of their
 * first insertion and keep their number until txf_count_clear().  The table
 * keeps its own copy of the term bytes.  A lookup in a table much larger
 * than the caches touches two cache lines; an entry costs about
 * 8 * nvals + 40 bytes plus its term.
 */
typedef struct txf_count txf_count;

/** Most counters an entry can have. */
#define TXF_COUNT_MAXVALS 8

/**
 * An empty table whose entries hold nvals counters (1..TXF_COUNT_MAXVALS).
 * NULL when nvals is out of range or memory is short.  Release with
 * txf_count_free().
 */
txf_count *txf_count_new(unsigned nvals);

/** Free the table (NULL is allowed). */
void txf_count_free(txf_count *t);

/**
 * Forget every entry but keep the memory, for the next document.  Takes
 * time in proportion to the entries in use, not to the table's size.
 */
void txf_count_clear(txf_count *t);

/**
 * Find the term p[0..n), inserting it when it is new; *idx is set to its
 * entry number.  A new entry gets the next number (txf_count_size() before
 * the call) and counters at 0.  Returns 1 when the entry is new, 0 when it
 * was there, TXF_ENOMEM, or TXF_ERANGE (a term of 4 GiB or more, or 2^31 - 1
 * entries already).
 */
int txf_count_add(txf_count *t, const char *p, size_t n, size_t *idx);

/**
 * txf_count_add() for each of the terms v[0..n), in order: idx[k] is set to
 * the entry number of v[k].  Faster than one call per term when the table
 * is larger than the caches (the memory reads of the terms overlap).
 * Returns 0, or a TXF_E* code as txf_count_add() does (then the terms
 * before the failing one were added).
 */
int txf_count_add_many(txf_count *t, const txf_str *v, size_t n, size_t *idx);

/** Find the term p[0..n) without inserting it: 1 with *idx set, or 0. */
int txf_count_find(const txf_count *t, const char *p, size_t n, size_t *idx);

/** Number of entries. */
size_t txf_count_size(const txf_count *t);

/** The term of entry i (< txf_count_size()); the view is valid until the
 *  next txf_count_add(), txf_count_clear() or txf_count_free(). */
txf_str txf_count_term(const txf_count *t, size_t i);

/** The nvals counters of entry i; the pointer is valid until the next
 *  txf_count_add(), txf_count_clear() or txf_count_free(). */
uint64_t *txf_count_vals(txf_count *t, size_t i);

/** Bytes of memory the table uses (index, entries, counters, term bytes;
 *  not the unused reserve of its growable arena), for memory limits. */
size_t txf_count_memory(const txf_count *t);

/**
 * Sort the entry numbers idx[0..n) by term bytes: memcmp order, a term
 * before every longer term it is a prefix of (code point order for UTF-8).
 * Uses a temporary 24 bytes per entry.  Returns 0 or TXF_ENOMEM.
 */
int txf_count_sort_terms(const txf_count *t, size_t *idx, size_t n);

/**
 * Every entry number, sorted by term bytes, into out[0..txf_count_size()).
 * Returns 0 or TXF_ENOMEM.
 */
int txf_count_sorted(const txf_count *t, size_t *out);

/**
 * Sort the entry numbers idx[0..n) by value, largest first, ties by term
 * bytes, and keep the first top of them: afterwards idx[0..min(n, top))
 * holds the top entries in that order and the rest of idx is unspecified.
 * The value of entry i is key[i] when key is not NULL (no NaN; -0 equals
 * 0), otherwise its counter number val.  A top well below n costs
 * O(n log top).  Uses a temporary 24 bytes per entry (per kept entry
 * when top < n / 4).  Returns 0, TXF_EINVAL (val out of range) or
 * TXF_ENOMEM.
 */
int txf_count_sort_desc(const txf_count *t, size_t *idx, size_t n,
                        const double *key, unsigned val, size_t top);

/* ------------------------------------------------------------------ */
/* Term statistics: spilling, merging and pruning                      */

/*
 * What `vocab` builds on, for any program that counts terms: rows
 * (term, df, cf) in term-byte order come from a counting table, from
 * sorted runs spilled to temporary files, or from vocab files (next
 * section); a k-way merge sums the counts of equal terms; a pruner drops
 * rows as scikit-learn's CountVectorizer does.
 */

struct txf_vocab_reader;   /* txf_vocab_reader, in Vocabularies */

/** The directory temporary files go to: dir when it is neither NULL nor
 *  "", else $TMPDIR when set and not empty, else "/tmp". */
const char *txf_tmpdir(const char *dir);

/**
 * A new, empty temporary file open for reading and writing in
 * txf_tmpdir(dir), without a name: made with O_TMPFILE where the system
 * has it, else by mkstemp() and unlinked at once (SIGINT, SIGTERM, SIGHUP
 * and SIGQUIT held off in between in the calling thread), so no name is
 * left behind, however the process ends; its space is freed when the
 * descriptor is closed.  Returns the descriptor (close-on-exec), or
 * TXF_EIO with errno set, or TXF_ENOMEM.
 */
int txf_tmpfile(const char *dir);

/** A set of sorted runs in temporary files. */
typedef struct txf_runs txf_runs;

/** When a set holds this many runs, they are merged into one (a merge
 *  reads each of its runs through a descriptor and a 256 KiB buffer). */
#define TXF_RUNS_FANIN 16

/** An empty set whose files go to txf_tmpdir(dir) (dir is copied).
 *  NULL when out of memory. */
txf_runs *txf_runs_new(const char *dir);

/**
 * Write the entries of t, sorted by term bytes, as a new run: each term
 * with its counter df_val as df and counter cf_val as cf (both below the
 * table's nvals), and the run's docs and tokens.  A run is a private
 * binary file; terms may hold any bytes.  t is not changed.  Sorting
 * takes 32 bytes per entry besides t.  When the set then holds
 * TXF_RUNS_FANIN runs, they are merged into one.  Returns 0, TXF_EINVAL
 * (a counter number not below TXF_COUNT_MAXVALS), TXF_EIO (errno: the
 * file could not be made or written), TXF_ERANGE or TXF_ENOMEM.
 */
int txf_runs_write(txf_runs *s, txf_count *t, unsigned df_val,
                   unsigned cf_val, uint64_t docs, uint64_t tokens);

/** Runs txf_runs_write() has written (its merges not counted). */
uint64_t txf_runs_spills(const txf_runs *s);
/** Runs the set holds now. */
size_t txf_runs_count(const txf_runs *s);
/** Close, and so remove, every run (NULL is allowed). */
void txf_runs_free(txf_runs *s);

/** A k-way merge of sources sorted by term bytes. */
typedef struct txf_merge txf_merge;

/** An empty merge, or NULL when out of memory. */
txf_merge *txf_merge_new(void);

/**
 * Add the rows of a vocab opened with txf_vocab_open() (borrowed: close it
 * after txf_merge_free()).  Returns the source's number (from 0, in the
 * order sources are added), TXF_EINVAL after txf_merge_next() has been
 * called, or TXF_ENOMEM.
 */
int txf_merge_add_vocab(txf_merge *m, struct txf_vocab_reader *r);

/** The number of the line txf_vocab_next() read last (lib/vocab.c). */
uint64_t txf_vocab_lineno(const struct txf_vocab_reader *r);

/**
 * Add every run of s, read from its start (s is borrowed; the runs' files
 * are read through their descriptors: one merge of them at a time).
 * Returns 0 or a negative code (TXF_EIO with errno, TXF_EFORMAT: not a
 * run, TXF_ENOMEM).
 */
int txf_merge_add_runs(txf_merge *m, txf_runs *s);

/**
 * The next term in byte order, with its df and cf summed over the sources
 * that hold it; *term is valid until the next call.  Returns 1 for a row,
 * 0 at the end, or a negative code with *src set to the failing source:
 * a vocab source's error as txf_vocab_next() reports it (message in
 * msg[0..msgsize), line in *line), TXF_EFORMAT for a vocab row whose df
 * is 0, above its cf or above its header's #docs, or a damaged run,
 * TXF_EIO with errno for a read error, TXF_ERANGE for a sum above
 * 2^64 - 1 (*line is then 0).
 */
int txf_merge_next(txf_merge *m, txf_str *term, uint64_t *df, uint64_t *cf,
                   size_t *src, char *msg, size_t msgsize, uint64_t *line);

/**
 * Merge in a thread of its own from now on (call before the first
 * txf_merge_next()): txf_merge_next() then hands out rows that thread has
 * merged ahead, up to 1 MiB of them, so that merging and what the caller
 * does with the rows run at once.  The rows, their order and the errors
 * are the same.  The thread takes no signals; txf_merge_free() stops it.
 * Returns 0, TXF_EINVAL (the merge has started) or TXF_ENOMEM (no memory
 * or thread: the merge goes on in the caller's thread).
 */
int txf_merge_background(txf_merge *m);

/** Free the merge and the readers it opened (NULL is allowed). */
void txf_merge_free(txf_merge *m);

/*
 * Runs and merges of keys with any fixed number of counters (a vocab's
 * are (df, cf); postings or buckets may carry others).  The functions
 * above are these with nvals 2; txf_merge_add_vocab() needs a merge
 * of 2.
 */

/** An empty set of runs whose rows carry nvals counters
 *  (1..TXF_COUNT_MAXVALS); NULL when out of memory or nvals is out of
 *  range. */
txf_runs *txf_runs_new_n(const char *dir, unsigned nvals);

/** txf_runs_write() of the counters cols[0..nvals) of t's entries. */
int txf_runs_write_n(txf_runs *s, txf_count *t, const unsigned *cols,
                     uint64_t docs, uint64_t tokens);

/** An empty merge of rows with nvals counters (1..TXF_COUNT_MAXVALS);
 *  NULL when out of memory or nvals is out of range. */
txf_merge *txf_merge_new_n(unsigned nvals);

/** The counters a row of m carries. */
unsigned txf_merge_nvals(const txf_merge *m);

/** txf_merge_next() of a merge of any nvals: the summed counters in
 *  vals[0..nvals). */
int txf_merge_next_n(txf_merge *m, txf_str *term, uint64_t *vals,
                     size_t *src, char *msg, size_t msgsize, uint64_t *line);

/**
 * A source of rows for a merge: next() gives the source's next row, in
 * key byte order, as 1 with *key (valid until the next call) and its
 * counters in vals[0..nvals), 0 at the end, or a negative code (a message
 * in msg[0..msgsize), a line in *line where there is one); free(), when
 * not NULL, releases state when the merge is freed.
 */
typedef struct txf_merge_source {
	int (*next)(void *state, txf_str *key, uint64_t *vals, char *msg,
	            size_t msgsize, uint64_t *line);
	void (*free)(void *state);
} txf_merge_source;

/** Add a source: ops (borrowed, usually static) and its state (owned by
 *  the merge from now on when ops->free is set).  Returns the source's
 *  number, TXF_EINVAL after txf_merge_next() or txf_merge_background(),
 *  or TXF_ENOMEM. */
int txf_merge_add_source(txf_merge *m, const txf_merge_source *ops,
                         void *state);

/**
 * Document and collection frequencies of terms in memory bounded as
 * sort(1)'s -S bounds it: when, at the end of a document, the table and
 * what sorting it takes (txf_dfcount_stats()'s memory) reach three
 * quarters of limit, it is written as a sorted run to a temporary file
 * and counting goes on in the emptied table (the last quarter is room
 * for the table to grow within a document).
 * Runs hold whole documents, so df stays exact; a single document with
 * more terms than the limit holds is counted whole.
 */
typedef struct txf_dfcount txf_dfcount;

/** A counter with a memory limit in bytes (SIZE_MAX: none) whose runs go
 *  to txf_tmpdir(dir) (copied).  NULL when out of memory. */
txf_dfcount *txf_dfcount_new(size_t limit, const char *dir);

/**
 * A counter whose documents are counted by `threads` worker threads
 * (at least 1), each with a table of its own within limit / threads bytes
 * and runs of its own, as if each had a shard of the input; the calling
 * thread only queues the documents (copies of their tokens, in batches of
 * 256 KiB).  The rows are the same.  The workers take no signals.  An
 * error of a worker (a spill: TXF_EIO with errno) is returned by a later
 * txf_dfcount_end_doc() or by txf_dfcount_finish().  NULL when out of
 * memory or when no thread can be made.
 */
txf_dfcount *txf_dfcount_new_threads(size_t limit, const char *dir,
                                     int threads);

/**
 * A counter of documents given as texts (txf_dfcount_add_text()), which
 * it analyses as z does: with threads > 0, as txf_dfcount_new_threads()'s
 * counter, each worker analysing the texts it takes with a copy of z of
 * its own (the calling thread only queues them); with 0, in the calling
 * thread.  The rows are those of the texts' tokens given to
 * txf_dfcount_add().  NULL with *err set (TXF_ENOMEM) on failure.
 */
txf_dfcount *txf_dfcount_new_docs(size_t limit, const char *dir, int threads,
                                  const txf_analyzer *z, int *err);

/** Count tok[0..n) as tokens of the current document.  Returns 0,
 *  TXF_ENOMEM or TXF_ERANGE (see txf_count_add()). */
int txf_dfcount_add(txf_dfcount *c, const txf_str *tok, size_t n);

/** Count the tokens of a tokens-stream field p[0..n) (separated by
 *  spaces, escapes decoded as txf_toklist_split() decodes them) as tokens
 *  of the current document.  Returns as txf_dfcount_add() does. */
int txf_dfcount_add_field(txf_dfcount *c, const char *p, size_t n);


/**
 * Count the tokens of text p[0..n) as tokens of the current document (a
 * counter of txf_dfcount_new_docs()).  Returns 0, TXF_EINVAL for another
 * counter, or as txf_dfcount_add() and txf_analyze() do; with workers,
 * the text is copied and queued, and an error of its analysis is returned
 * later, as a spill's is.
 */
int txf_dfcount_add_text(txf_dfcount *c, const char *p, size_t n);

/**
 * End the current document (one without tokens counts too) and spill the
 * table when it has reached the limit.  Returns 0, or a code of
 * txf_runs_write() (TXF_EIO with errno: the temporary file).
 */
int txf_dfcount_end_doc(txf_dfcount *c);

/** What a counter has counted: documents and tokens; runs spilled so
 *  far; terms in the table now; bytes the table takes, counted against
 *  the limit.  With workers, all but the documents are known after
 *  txf_dfcount_finish() only (0 before). */
typedef struct {
	uint64_t docs, tokens, spills;
	size_t terms, memory;
} txf_dfstats;
void txf_dfcount_stats(const txf_dfcount *c, txf_dfstats *st);

/**
 * End counting: the rows of everything counted, through a merge of the
 * table and the runs (owned by c: valid until txf_dfcount_free()).  Call
 * once, after the last txf_dfcount_end_doc().  NULL with *err set on
 * failure.
 */
txf_merge *txf_dfcount_finish(txf_dfcount *c, int *err);

/**
 * The rows of a finished counter as vocab rows (txf_vocab_format_row()
 * with idf over ndocs documents), in order, given to out(arg, p, n) in
 * pieces, formatted on up to `threads` threads: instead of reading
 * txf_dfcount_finish()'s merge, where the counter can.  Returns 0, the
 * first negative value of out() (then it is not called again), TXF_ENOMEM,
 * or TXF_EINVAL without writing anything: a counter that cannot (one of
 * texts counted by token numbers without a spilled run can).
 */
int txf_dfcount_format(txf_dfcount *c, enum txf_idf idf, uint64_t ndocs,
                       int threads,
                       int (*out)(void *arg, const char *p, size_t n),
                       void *arg);

/** Free the counter, its merge and its runs (NULL is allowed). */
void txf_dfcount_free(txf_dfcount *c);

/** A bound on document frequency: none, a count, or a proportion. */
enum { TXF_DF_NONE = 0, TXF_DF_COUNT, TXF_DF_PROP };
typedef struct {
	int kind;          /* TXF_DF_* */
	uint64_t count;    /* TXF_DF_COUNT: documents, at least 1 */
	double prop;       /* TXF_DF_PROP: a proportion of them, in [0, 1] */
} txf_df_bound;

/** Pruning options, as scikit-learn's min_df, max_df and max_features.
 *  Zero-initialised: none. */
typedef struct {
	txf_df_bound min_df, max_df;
	uint64_t max_features;   /* 0: no limit */
} txf_prune_opts;

/**
 * Parse a min_df or max_df value: digits alone are a count of at least 1;
 * a number with a decimal point ("0.5", ".5", "1.0", "2.5e-3") is a
 * proportion in [0, 1].  Returns 0, TXF_EINVAL (neither) or TXF_ERANGE.
 */
int txf_df_bound_parse(const char *s, txf_df_bound *b);

/**
 * Append the options as a vocab's #pruning value: "none", or the rules
 * given among "max-df=V min-df=V max-features=K", a proportion in the
 * shortest form that reads back to it, with a decimal point.  Returns 0
 * or TXF_ENOMEM.
 */
int txf_prune_describe(const txf_prune_opts *o, txf_buf *out);

/** 1 when the options give no rule (every term is kept), else 0. */
int txf_prune_none(const txf_prune_opts *o);

typedef struct txf_pruner txf_pruner;

/** What a pruner saw and did. */
typedef struct {
	uint64_t seen;           /* rows offered */
	uint64_t max_df;         /* removed by max_df */
	uint64_t min_df;         /* removed by min_df */
	uint64_t passed;         /* left for max_features (when given) */
	uint64_t max_features;   /* removed by max_features */
	uint64_t kept;
	double max_docs;         /* the bounds in documents (defaults */
	double min_docs;         /* n_docs and 1) */
} txf_prune_stats;

/**
 * A pruner for a collection of n_docs documents.  A row is kept when
 * min <= df <= max, a proportion p standing for the unrounded double
 * p * n_docs; then, when more than max_features rows are left, only the
 * max_features with the highest cf are kept, ties going to the term first
 * in byte order.  The rows left for max_features are held in memory up
 * to mem bytes, beyond that in a temporary file in txf_tmpdir(dir)
 * (dir is borrowed), plus 8 bytes per kept row.  NULL with *err set:
 * TXF_ENOMEM, or TXF_EINVAL when a bound is given, n_docs > 0 and max
 * stands for fewer documents than min (scikit-learn's "max_df corresponds
 * to < documents than min_df", with its defaults max_df = 1.0 and
 * min_df = 1).
 */
txf_pruner *txf_pruner_new(const txf_prune_opts *o, uint64_t n_docs,
                           const char *dir, size_t mem, int *err);

/**
 * Offer the next row; terms must come in increasing byte order.  Returns
 * 1 when the row is kept and can be written now; 0 when it is dropped or,
 * with max_features, held for txf_pruner_next(); or a negative code
 * (TXF_ENOMEM, TXF_ERANGE, TXF_EIO with errno).
 */
int txf_pruner_add(txf_pruner *p, const char *term, size_t n, uint64_t df,
                   uint64_t cf);

/**
 * After the last txf_pruner_add(): the held rows max_features keeps, in
 * term order, one a call (*term valid until the next call).  Returns 1,
 * 0 at the end (at once without max_features), or a negative code.
 */
int txf_pruner_next(txf_pruner *p, txf_str *term, uint64_t *df,
                    uint64_t *cf);

/** The counts so far (final after txf_pruner_next() has returned 0). */
void txf_pruner_stats(const txf_pruner *p, txf_prune_stats *st);
void txf_pruner_free(txf_pruner *p);

/** The k rows with the highest df, or cf, ties by term bytes. */
typedef struct txf_top txf_top;

/** Keep the top k by cf when by_cf, else by df.  Holds up to 2k + 1024
 *  rows.  NULL when out of memory. */
txf_top *txf_top_new(size_t k, int by_cf);
/** Offer a row; each term once (a term offered again while it is held
 *  gives TXF_EINVAL).  Returns 0, TXF_EINVAL or TXF_ENOMEM. */
int txf_top_add(txf_top *t, const char *term, size_t n, uint64_t df,
                uint64_t cf);
/** After the last row: sets *n to the number of rows kept (at most k).
 *  Returns 0 or TXF_ENOMEM. */
int txf_top_finish(txf_top *t, size_t *n);
/** Row i (< *n of txf_top_finish()) in order: value descending, then
 *  term bytes.  *term is valid until txf_top_free(). */
void txf_top_row(txf_top *t, size_t i, txf_str *term, uint64_t *df,
                 uint64_t *cf);
void txf_top_free(txf_top *t);

/* ------------------------------------------------------------------ */
/* Feature names (vectorize --names; lib/vecnames.c)                   */

/** Every term hashed into hash_n features, with its index. */
typedef struct txf_vecnames txf_vecnames;
txf_vecnames *txf_vecnames_new(uint32_t hash_n);
void txf_vecnames_free(txf_vecnames *nm);
/** Add the terms v[0..n) / of a tokens field (escaped).  Returns 0 or
 *  TXF_ENOMEM / TXF_ERANGE. */
int txf_vecnames_add(txf_vecnames *nm, const txf_str *v, size_t n);
int txf_vecnames_add_field(txf_vecnames *nm, const char *p, size_t n);
/**
 * Append `index TAB term` lines (terms escaped), indices from base: the
 * terms seen by index then term bytes, or with nm NULL the vocab's rows.
 * Returns 0 or TXF_ENOMEM.
 */
int txf_vecnames_format(txf_vecnames *nm, const txf_vocab *vocab,
                        uint64_t base, txf_buf *out);

/* ------------------------------------------------------------------ */
/* Threads (lib/core.c)                                                */

/**
 * pthread_create(th, NULL, fn, arg) with every signal blocked in the new
 * thread: signals are the calling thread's, where a handler runs as it
 * would without threads.  The caller's mask is as it was on return.
 * Returns 0 or pthread_create()'s error number.
 */
int txf_thread_start(pthread_t *th, void *(*fn)(void *), void *arg);

#ifdef __cplusplus
}
#endif

#endif /* TXF_BATCH_H */
