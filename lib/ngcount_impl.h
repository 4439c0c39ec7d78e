/*
 * ngcount_impl.h - what the two files of the word n-gram counter share:
 * lib/ngcount.c (the tables, the workers, counting) and lib/ngwalk.c (the
 * end: the tables in order, the walk that writes the rows, runs).  The
 * counter's interface is in spill.h.  Not installed.
 */
#ifndef TXF_NGCOUNT_IMPL_H
#define TXF_NGCOUNT_IMPL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "textfeat.h"
#include "internal.h"
#include "spill.h"

/* The unigram table's counters. */
enum { U_DF, U_CF, U_LAST, U_NVALS };

/* A slot of an n-gram table: a tag (the hash's top bits) over the entry
 * number + 1.  Entries of a table stay below 2^IDX_BITS - 1: a table
 * holds at most as many entries as tokens were counted since the last
 * run, which stay at most MAX_PERIOD (and an eighth of the memory limit:
 * c->pmax).  A text of more than half that many tokens is left to the
 * caller (txf_ngc_add_text() returns 1). */
#define IDX_BITS 26
#define IDX_MASK ((UINT32_C(1) << IDX_BITS) - 1)
#define MAX_PERIOD ((uint64_t)IDX_MASK - 1)

/* Token numbers a batch holds before it is handed over (fewer under a
 * small memory limit, which is checked as batches are handed over), and
 * batches. */
#define QIDS (64 * 1024)
#define NBATCH 4

/* An n-gram: what it extends (a token number for n = 2, else an entry
 * of the table for n - 1), its last token's number, its counts. */
struct ent {
	uint32_t parent, last;
	uint32_t df, doc, cf;
};

/* A token of at most 15 bytes (n), or a longer one (n = 255). */
struct ushort {
	char b[15];
	uint8_t n;
};

/* An n-gram in order, at the end: its last token's rank, its counts. */
struct wrec {
	uint32_t lrank, df, cf, old;
};

/* A text whose tokens are not numbered yet: its place in the batch (its
 * count word), its count, its document. */
struct ptext {
	size_t at;
	uint32_t n, doc;
};

/* The table of one n of one worker. */
struct level {
	struct ent *e;
	size_t n, cap;
	uint32_t *slot;         /* mask + 1 */
	size_t mask;
	/* At the end: the n-grams in order, and where the extensions of
	 * each (n-1)-gram (by rank) start in it. */
	struct wrec *r;
	uint32_t *start;        /* parents + 1 */
	uint32_t *rank;         /* rank of each entry, until n + 1 is done */
};

/* A batch: per text, a word (count, high bit: the document ends there)
 * and the token numbers. */
struct batch {
	uint32_t *ids;
	size_t n;
	uint32_t doc0;          /* number of its first document */
	int cmd;                /* B_COUNT, B_SORT, B_QUIT */
};

enum { B_COUNT, B_SORT, B_QUIT };
#define END_DOC (UINT32_C(1) << 31)

struct ngw {
	struct txf_ngc *c;
	int id;
	struct level *lv;       /* lv[k] counts n = k + 2 */
	size_t mem;             /* bytes of the tables (relaxed atomic) */
	pthread_t th;
	uint64_t done;          /* batches counted (under c->mu) */
	/* Scratch for a batch: the positions of the worker's n-grams. */
	uint32_t *pos, *end, *doc, *cur, *h;
	size_t pcap;
	int err;
};

struct txf_ngc {
	txf_analyzer *z;
	txf_tokenizer *tk;
	size_t min, max;        /* n-grams of min..max tokens (max >= 2) */
	char *joiner;
	size_t jn;
	size_t limit;
	size_t qmax;            /* hand a batch over at this many numbers */
	char *dir;

	txf_count *u;           /* the tokens: U_DF, U_CF, U_LAST */
	/* The texts of the batch being filled whose tokens are numbered
	 * later, many texts at once (their lookups overlap): where each
	 * is in the batch, and the tokens. */
	struct ptext *ptx;
	size_t nptx, capptx;
	struct txf_pend pend;
	uint64_t docs, tokens;  /* in all */
	uint64_t tdocs, ttokens;/* since the last run */
	uint64_t period;        /* tokens numbered since the last run */
	uint64_t pmax;          /* at most this many */
	uint32_t doc;           /* the current document, from 1 each run */
	txf_runs *runs;

	/* At the end: the tokens in order, their ranks, and their bytes
	 * in order (token r is ustr[uoff[r]..uoff[r + 1])), the short ones
	 * also in ushort[r], one cache line each. */
	size_t nu;
	uint32_t *usorted, *urank;
	char *ustr;
	size_t *uoff;
	struct ushort *ushort;
	int plain;              /* no token, nor the joiner, needs an escape */

	int nw;
	struct ngw *w;
	pthread_mutex_t mu;
	pthread_cond_t work, idle;
	struct batch b[NBATCH];
	uint64_t produced;      /* batches handed over */
	int started;
	int err, err_errno;

	txf_merge *m;
	int finished;
};

/* ngcount.c */

/** Free a table's memory and empty it. */
void txf_ngc_level_free(struct level *l);
/** Hand the batch being filled over with command cmd (B_COUNT, B_SORT)
 *  and wait for the next one to be free: 0 or a worker's first error. */
int txf_ngc_submit(struct txf_ngc *c, int cmd);
/** Wait until every worker has done every batch: 0 or an error. */
int txf_ngc_drain(struct txf_ngc *c);

/* ngwalk.c */

/** A worker's part of the end: its tables in order (B_SORT). */
int txf_ngc_sort_worker(struct ngw *w);
/** Write everything counted as a sorted run and start again. */
int txf_ngc_spill(struct txf_ngc *c);

#endif /* TXF_NGCOUNT_IMPL_H */
