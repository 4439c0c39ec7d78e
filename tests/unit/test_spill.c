/* test_spill.c - temporary files, sorted runs, the k-way merge and the
 * document-frequency counter that spills (spill.c). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "textfeat.h"
#include "batch.h"
#include "spill.h"
#include "helpers.h"

/* txf_dfcount_stats() as a value. */
static txf_dfstats
stats(const txf_dfcount *c)
{
	txf_dfstats st;

	txf_dfcount_stats(c, &st);
	return st;
}

/* Entries in a directory, "." and ".." aside. */
static int
dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* A vocab reader on a temporary file holding text. */
static txf_vocab_reader *
reader_on(const char *text, int *fd)
{
	txf_error err;

	*fd = temp_fd(text, strlen(text));
	txf_vocab_reader *r = txf_vocab_open(*fd, &err);
	ck_assert_msg(r != NULL, "%s", txf_error_text(&err));
	return r;
}

/* All rows of a merge as "term df cf\n" lines. */
static char *
drain(txf_merge *m)
{
	txf_buf b = { 0 };
	txf_str t;
	uint64_t df, cf, ln;
	size_t src;
	char msg[128], num[64];
	int rc;

	while ((rc = txf_merge_next(m, &t, &df, &cf, &src, msg, sizeof msg,
	    &ln)) > 0) {
		txf_buf_add(&b, t.p, t.n);
		snprintf(num, sizeof num, " %llu %llu\n",
		    (unsigned long long)df, (unsigned long long)cf);
		txf_buf_add(&b, num, strlen(num));
	}
	ck_assert_msg(rc == 0, "merge: %d %s", rc, msg);
	txf_buf_add(&b, "", 1);
	return b.p;
}

#define VHEAD(docs) "#textfeat-vocab\t1\n#docs\t" docs "\n#tokens\t99\n" \
	"#analysis\t\n#pruning\tnone\n#idf\tnone\n"

START_TEST(test_tmpdir)
{
	char *old = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;

	ck_assert_str_eq(txf_tmpdir("/x"), "/x");
	setenv("TMPDIR", "/var/tmp", 1);
	ck_assert_str_eq(txf_tmpdir(NULL), "/var/tmp");
	ck_assert_str_eq(txf_tmpdir(""), "/var/tmp");
	setenv("TMPDIR", "", 1);
	ck_assert_str_eq(txf_tmpdir(NULL), "/tmp");
	unsetenv("TMPDIR");
	ck_assert_str_eq(txf_tmpdir(NULL), "/tmp");
	if (old != NULL) {
		setenv("TMPDIR", old, 1);
		free(old);
	}
}
END_TEST

/* A temporary file leaves no name behind, and a bad directory is
 * TXF_EIO with errno. */
START_TEST(test_tmpfile)
{
	char dir[] = "/tmp/test_spill.XXXXXX", buf[8], bad[64];

	ck_assert_ptr_nonnull(mkdtemp(dir));
	int fd = txf_tmpfile(dir);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(dir_entries(dir), 0);
	ck_assert_int_eq(write(fd, "hello", 5), 5);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	ck_assert_int_eq(read(fd, buf, sizeof buf), 5);
	ck_assert(memcmp(buf, "hello", 5) == 0);
	close(fd);
	ck_assert_int_eq(dir_entries(dir), 0);
	snprintf(bad, sizeof bad, "%s/no/such/dir", dir);
	errno = 0;
	ck_assert_int_eq(txf_tmpfile(bad), TXF_EIO);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

START_TEST(test_merge_sums)
{
	int fa, fb;
	txf_vocab_reader *a = reader_on(VHEAD("3") "a\t1\t1\nc\t2\t5\n"
	    "d\\tx\t1\t1\n", &fa);
	txf_vocab_reader *b = reader_on(VHEAD("4") "b\t1\t2\nc\t3\t3\n"
	    "zz\t4\t4\n", &fb);
	txf_count *t = txf_count_new(2);
	const char *terms[] = { "c", "a", "e" };
	const unsigned cols[2] = { 0, 1 }, bad[2] = { 0, 9 };
	size_t i, n;

	for (int k = 0; k < 3; k++) {
		ck_assert_int_eq(txf_count_add(t, terms[k], 1, &i), 1);
		txf_count_vals(t, i)[0] = 1;
		txf_count_vals(t, i)[1] = 10;
	}
	struct txf_srec *rec = txf_sort_table(t, &n);   /* a, c, e */
	ck_assert_ptr_nonnull(rec);
	ck_assert_uint_eq(n, 3);
	txf_merge *m = txf_merge_new();
	ck_assert_int_eq(txf_merge_add_vocab(m, a), 0);
	ck_assert_int_eq(txf_merge_add_sorted(m, rec, n, cols), 1);
	ck_assert_int_eq(txf_merge_add_vocab(m, b), 2);
	ck_assert_int_eq(txf_merge_add_sorted(m, rec, n, bad), TXF_EINVAL);
	char *rows = drain(m);
	ck_assert_str_eq(rows, "a 2 11\nb 1 2\nc 6 18\nd\tx 1 1\ne 1 10\n"
	    "zz 4 4\n");
	/* No source may be added once the merge has started. */
	ck_assert_int_eq(txf_merge_add_sorted(m, rec, n, cols), TXF_EINVAL);
	free(rows);
	free(rec);
	txf_merge_free(m);
	txf_vocab_close(a);
	txf_vocab_close(b);
	txf_count_free(t);
	close(fa);
	close(fb);

	/* No source, one source. */
	m = txf_merge_new();
	rows = drain(m);
	ck_assert_str_eq(rows, "");
	free(rows);
	txf_merge_free(m);
	a = reader_on(VHEAD("3") "x\t1\t1\ny\t2\t3\n", &fa);
	m = txf_merge_new();
	txf_merge_add_vocab(m, a);
	rows = drain(m);
	ck_assert_str_eq(rows, "x 1 1\ny 2 3\n");
	free(rows);
	txf_merge_free(m);
	txf_vocab_close(a);
	close(fa);
}
END_TEST

/* A bad row stops the merge with the failing source and line. */
static void
expect_merge_error(const char *second, int code, const char *msg,
                   uint64_t line)
{
	int fa, fb, rc;
	txf_vocab_reader *a = reader_on(VHEAD("5") "a\t1\t1\nm\t2\t5\n", &fa);
	txf_vocab_reader *b = reader_on(second, &fb);
	txf_merge *m = txf_merge_new();
	txf_str t;
	uint64_t df, cf, ln = 77;
	size_t src = 77;
	char text[128] = "";

	txf_merge_add_vocab(m, a);
	txf_merge_add_vocab(m, b);
	while ((rc = txf_merge_next(m, &t, &df, &cf, &src, text, sizeof text,
	    &ln)) > 0)
		;
	ck_assert_int_eq(rc, code);
	ck_assert_uint_eq(src, 1);
	ck_assert_str_eq(text, msg);
	ck_assert_uint_eq(ln, line);
	txf_merge_free(m);
	txf_vocab_close(a);
	txf_vocab_close(b);
	close(fa);
	close(fb);
}

START_TEST(test_merge_errors)
{
	expect_merge_error(VHEAD("5") "b\t3\t2\n", TXF_EFORMAT,
	    "a vocab row whose df is above its cf", 7);
	expect_merge_error(VHEAD("5") "b\t0\t2\n", TXF_EFORMAT,
	    "a vocab row with df 0", 7);
	expect_merge_error(VHEAD("2") "b\t1\t1\nc\t3\t3\n", TXF_EFORMAT,
	    "a vocab row whose df is above the header's #docs", 8);
	expect_merge_error(VHEAD("5") "b\t1\t1\na\t1\t1\n", TXF_EFORMAT,
	    "vocab rows out of order (not sorted by term bytes)", 8);
	expect_merge_error(VHEAD("5") "b\t1\t1\nc\t1\t1", TXF_EFORMAT,
	    "truncated vocab: the last line has no newline", 8);
	expect_merge_error(VHEAD("18446744073709551615")
	    "m\t2\t18446744073709551615\n", TXF_ERANGE,
	    "a count above 2^64 - 1", 0);
}
END_TEST

/* A merge in a thread of its own: the same rows, the same errors, and a
 * free before the end. */
START_TEST(test_merge_background)
{
	txf_buf text = { 0 };
	char line[64];
	int fa, fb, rc;

	txf_buf_add(&text, VHEAD("200000"), strlen(VHEAD("200000")));
	for (int i = 0; i < 100000; i++) {
		snprintf(line, sizeof line, "t%06d\t1\t%d\n", i, 1 + i % 7);
		txf_buf_add(&text, line, strlen(line));
	}
	txf_buf_add(&text, "", 1);
	for (int round = 0; round < 2; round++) {
		txf_vocab_reader *a = reader_on(text.p, &fa);
		txf_vocab_reader *b = reader_on(text.p, &fb);
		txf_merge *m = txf_merge_new();
		txf_merge_add_vocab(m, a);
		txf_merge_add_vocab(m, b);
		ck_assert_int_eq(txf_merge_background(m), 0);
		ck_assert_int_eq(txf_merge_background(m), TXF_EINVAL);
		ck_assert_int_eq(txf_merge_add_vocab(m, a), TXF_EINVAL);
		if (round == 0) {
			txf_str t;
			uint64_t df, cf, ln;
			size_t src;
			char msg[128];
			int i = 0;
			while ((rc = txf_merge_next(m, &t, &df, &cf, &src, msg,
			    sizeof msg, &ln)) > 0) {
				snprintf(line, sizeof line, "t%06d", i);
				ck_assert(t.n == 7 && memcmp(t.p, line, 7) == 0);
				ck_assert_uint_eq(df, 2);
				ck_assert_uint_eq(cf, 2 * (uint64_t)(1 + i % 7));
				i++;
			}
			ck_assert_int_eq(rc, 0);
			ck_assert_int_eq(i, 100000);
			ck_assert_int_eq(txf_merge_next(m, &t, &df, &cf, &src,
			    msg, sizeof msg, &ln), 0);
		}
		/* round 1: freed at once, the thread stopped midway. */
		txf_merge_free(m);
		txf_vocab_close(a);
		txf_vocab_close(b);
		close(fa);
		close(fb);
	}
	/* An error after many rows comes in its place, with its source,
	 * message and line. */
	text.n--;
	txf_buf_add(&text, "a\t1\t1\n", 7);
	txf_buf_add(&text, "", 1);
	txf_vocab_reader *a = reader_on(VHEAD("3") "x\t1\t1\n", &fa);
	txf_vocab_reader *b = reader_on(text.p, &fb);
	txf_merge *m = txf_merge_new();
	txf_merge_add_vocab(m, a);
	txf_merge_add_vocab(m, b);
	ck_assert_int_eq(txf_merge_background(m), 0);
	txf_str t;
	uint64_t df, cf, ln = 0;
	size_t src = 9, rows = 0;
	char msg[128] = "";
	while ((rc = txf_merge_next(m, &t, &df, &cf, &src, msg, sizeof msg,
	    &ln)) > 0)
		rows++;
	ck_assert_int_eq(rc, TXF_EFORMAT);
	ck_assert_uint_eq(rows, 99999);   /* t099999 goes with the error */
	ck_assert_uint_eq(src, 1);
	ck_assert_uint_eq(ln, 100007);
	ck_assert_str_eq(msg, "vocab rows out of order (not sorted by term "
	    "bytes)");
	txf_merge_free(m);
	txf_vocab_close(a);
	txf_vocab_close(b);
	close(fa);
	close(fb);
	txf_buf_free(&text);
}
END_TEST

/* Runs: written sorted, merged back, compacted at the fan-in. */
START_TEST(test_runs)
{
	char dir[] = "/tmp/test_spill.XXXXXX";
	txf_runs *s;
	txf_count *t = txf_count_new(3);
	char term[32];
	size_t i;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	s = txf_runs_new(dir);
	ck_assert_ptr_nonnull(s);
	/* Run r holds terms k (k = 0..39) with k % 20 >= r: term k ends up
	 * in min(k % 20 + 1, 20) runs with df 1 and cf 2 from each. */
	for (int r = 0; r < 20; r++) {
		for (int k = 39; k >= 0; k--) {
			if (k % 20 < r)
				continue;
			snprintf(term, sizeof term, "term%03d", k);
			txf_count_add(t, term, strlen(term), &i);
			txf_count_vals(t, i)[2] = 1;
			txf_count_vals(t, i)[0] = 2;
		}
		ck_assert_int_eq(txf_runs_write(s, t, 2, 0, 1, 1), 0);
		ck_assert_uint_lt(txf_runs_count(s), TXF_RUNS_FANIN);
		txf_count_clear(t);
	}
	ck_assert_uint_eq(txf_runs_spills(s), 20);
	ck_assert_uint_eq(txf_runs_count(s), 20 - TXF_RUNS_FANIN + 1);
	ck_assert_int_eq(dir_entries(dir), 0);
	ck_assert_int_eq(txf_runs_write(s, t, TXF_COUNT_MAXVALS, 0, 1, 1),
	    TXF_EINVAL);

	txf_merge *m = txf_merge_new();
	ck_assert_int_eq(txf_merge_add_runs(m, s), 0);
	char *rows = drain(m);
	txf_buf want = { 0 };
	for (int k = 0; k < 40; k++) {
		int n = k % 20 + 1;
		snprintf(term, sizeof term, "term%03d %d %d\n", k, n, 2 * n);
		txf_buf_add(&want, term, strlen(term));
	}
	txf_buf_add(&want, "", 1);
	ck_assert_str_eq(rows, want.p);
	free(rows);
	txf_merge_free(m);

	/* Merged again, from their start. */
	m = txf_merge_new();
	ck_assert_int_eq(txf_merge_add_runs(m, s), 0);
	rows = drain(m);
	ck_assert_str_eq(rows, want.p);
	free(rows);
	txf_buf_free(&want);
	txf_merge_free(m);
	txf_runs_free(s);
	txf_count_free(t);

	/* A directory that cannot take files. */
	s = txf_runs_new("/nonexistent/dir");
	t = txf_count_new(2);
	txf_count_add(t, "a", 1, &i);
	errno = 0;
	ck_assert_int_eq(txf_runs_write(s, t, 0, 1, 1, 1), TXF_EIO);
	ck_assert_int_eq(errno, ENOENT);
	txf_runs_free(s);
	txf_count_free(t);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The counter against a reference                                     */

struct pair {
	const char *p;
	size_t n;
	unsigned doc;
};

static int
str_order(const char *a, size_t an, const char *b, size_t bn)
{
	size_t m = an < bn ? an : bn;
	int c = m ? memcmp(a, b, m) : 0;

	if (c != 0)
		return c;
	return an < bn ? -1 : an > bn;
}

static int
pair_cmp(const void *x, const void *y)
{
	const struct pair *a = x, *b = y;
	int c = str_order(a->p, a->n, b->p, b->n);

	if (c != 0)
		return c;
	return a->doc < b->doc ? -1 : a->doc > b->doc;
}

/* Random documents over terms that share long prefixes and hold bytes
 * above 0x7f; some documents are empty. */
struct corpus {
	txf_str *term;
	size_t nterms;
	size_t *doclen;
	size_t **doc;       /* term numbers */
	size_t ndocs;
};

static void
corpus_make(struct corpus *c, size_t ndocs, size_t nterms, int nul)
{
	static const char *parts[] = { "a", "ab", "abcdefgh", "abcdefghij",
	    "\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac", "z", "python+package",
	    "python+", "0", "~c:" };
	c->nterms = nterms;
	c->term = calloc(nterms, sizeof *c->term);
	for (size_t i = 0; i < nterms; i++) {
		char buf[256];
		size_t n = 0;
		do {
			const char *p = parts[rng() % 11];
			size_t k = strlen(p);
			if (n + k + 1 >= sizeof buf)
				break;
			memcpy(buf + n, p, k);
			n += k;
			if (nul && rng() % 7 == 0)
				buf[n++] = '\0';
		} while (rng() % 4 != 0);
		/* Make it unique with a suffix from its number. */
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%zu", i);
		char *p = malloc(n);
		memcpy(p, buf, n);
		c->term[i].p = p;
		c->term[i].n = n;
	}
	c->ndocs = ndocs;
	c->doclen = calloc(ndocs, sizeof *c->doclen);
	c->doc = calloc(ndocs, sizeof *c->doc);
	for (size_t d = 0; d < ndocs; d++) {
		size_t len = rng() % 5 == 0 ? 0 : rng() % 60;
		c->doclen[d] = len;
		c->doc[d] = calloc(len + 1, sizeof **c->doc);
		for (size_t k = 0; k < len; k++)
			c->doc[d][k] = (size_t)(rng() % 4 == 0 ?
			    rng() % 20 : rng() % nterms);
	}
}

static void
corpus_free(struct corpus *c)
{
	for (size_t i = 0; i < c->nterms; i++)
		free((char *)c->term[i].p);
	for (size_t d = 0; d < c->ndocs; d++)
		free(c->doc[d]);
	free(c->term);
	free(c->doc);
	free(c->doclen);
}

/* The rows a correct counter writes, by sorting (term, doc) pairs. */
static char *
reference_rows(const struct corpus *c, uint64_t *tokens, size_t *len)
{
	size_t np = 0;
	for (size_t d = 0; d < c->ndocs; d++)
		np += c->doclen[d];
	struct pair *p = calloc(np + 1, sizeof *p);
	size_t k = 0;
	for (size_t d = 0; d < c->ndocs; d++)
		for (size_t j = 0; j < c->doclen[d]; j++) {
			size_t t = c->doc[d][j];
			p[k].p = c->term[t].p;
			p[k].n = c->term[t].n;
			p[k].doc = (unsigned)d;
			k++;
		}
	qsort(p, np, sizeof *p, pair_cmp);
	txf_buf b = { 0 };
	char num[64];
	for (size_t i = 0; i < np;) {
		size_t j = i;
		uint64_t df = 0;
		while (j < np && str_order(p[j].p, p[j].n, p[i].p, p[i].n) == 0) {
			if (j == i || p[j].doc != p[j - 1].doc)
				df++;
			j++;
		}
		txf_buf_add(&b, p[i].p, p[i].n);
		snprintf(num, sizeof num, " %llu %llu\n",
		    (unsigned long long)df, (unsigned long long)(j - i));
		txf_buf_add(&b, num, strlen(num));
		i = j;
	}
	txf_buf_add(&b, "", 1);
	*tokens = np;
	*len = b.n;
	free(p);
	return b.p;
}

/* Count the corpus with a memory limit; returns the rows (as drain()
 * writes them, NUL bytes included: compare with memcmp). */
static char *
counted_rows_j(const struct corpus *c, size_t limit, const char *dir,
               int threads, uint64_t *spills, size_t *len)
{
	txf_dfcount *dc = threads > 0 ?
	    txf_dfcount_new_threads(limit, dir, threads) :
	    txf_dfcount_new(limit, dir);
	txf_str tok[64];
	int err = 0;

	ck_assert_ptr_nonnull(dc);
	for (size_t d = 0; d < c->ndocs; d++) {
		size_t n = c->doclen[d];
		/* Add in two pieces: a document's tokens may come in
		 * several calls. */
		for (size_t j = 0; j < n; j++)
			tok[j] = c->term[c->doc[d][j]];
		ck_assert_int_eq(txf_dfcount_add(dc, tok, n / 2), 0);
		ck_assert_int_eq(txf_dfcount_add(dc, tok + n / 2, n - n / 2), 0);
		ck_assert_int_eq(txf_dfcount_end_doc(dc), 0);
	}
	ck_assert_uint_eq(stats(dc).docs, c->ndocs);
	txf_merge *m = txf_dfcount_finish(dc, &err);
	ck_assert_ptr_nonnull(m);
	*spills = stats(dc).spills;
	ck_assert_ptr_null(txf_dfcount_finish(dc, &err));
	ck_assert_int_eq(err, TXF_EINVAL);
	txf_buf b = { 0 };
	txf_str t;
	uint64_t df, cf, ln;
	size_t src;
	char msg[128], num[64];
	int rc;
	while ((rc = txf_merge_next(m, &t, &df, &cf, &src, msg, sizeof msg,
	    &ln)) > 0) {
		txf_buf_add(&b, t.p, t.n);
		snprintf(num, sizeof num, " %llu %llu\n",
		    (unsigned long long)df, (unsigned long long)cf);
		txf_buf_add(&b, num, strlen(num));
	}
	ck_assert_msg(rc == 0, "%s", msg);
	txf_buf_add(&b, "", 1);
	*len = b.n;
	txf_dfcount_free(dc);
	return b.p;
}

static char *
counted_rows(const struct corpus *c, size_t limit, const char *dir,
             uint64_t *spills, size_t *len)
{
	return counted_rows_j(c, limit, dir, 0, spills, len);
}

START_TEST(test_dfcount_in_memory)
{
	struct corpus c;
	uint64_t tokens, spills;
	size_t len;

	rng_state = 42;
	/* NUL bytes in terms: only for a count that stays in memory (a
	 * run is a vocab file, which holds UTF-8 without NUL). */
	corpus_make(&c, 3000, 5000, 1);
	size_t wlen;
	char *want = reference_rows(&c, &tokens, &wlen);
	char *got = counted_rows(&c, SIZE_MAX, NULL, &spills, &len);
	ck_assert_uint_eq(spills, 0);
	ck_assert_uint_eq(len, wlen);
	ck_assert(memcmp(got, want, len) == 0);
	free(got);
	free(want);
	corpus_free(&c);
}
END_TEST

START_TEST(test_dfcount_spills)
{
	char dir[] = "/tmp/test_spill.XXXXXX";
	struct corpus c;
	uint64_t tokens, spills;
	size_t len;
	static const size_t limits[] = { 1, 30000, 100000, 400000, SIZE_MAX };

	ck_assert_ptr_nonnull(mkdtemp(dir));
	rng_state = 7;
	corpus_make(&c, 4000, 20000, 0);
	char *want = reference_rows(&c, &tokens, &len);
	/* With a limit of 1 byte, every document with tokens is a run. */
	uint64_t nonempty = 0;
	for (size_t d = 0; d < c.ndocs; d++)
		nonempty += c.doclen[d] > 0;
	for (size_t k = 0; k < sizeof limits / sizeof *limits; k++) {
		char *got = counted_rows(&c, limits[k], dir, &spills, &len);
		ck_assert_msg(strcmp(got, want) == 0, "limit %zu differs",
		    limits[k]);
		if (limits[k] == 1)
			ck_assert_uint_eq(spills, nonempty);
		else if (limits[k] <= 100000)
			ck_assert_uint_ge(spills, 10);
		else if (limits[k] == SIZE_MAX)
			ck_assert_uint_eq(spills, 0);
		free(got);
		ck_assert_int_eq(dir_entries(dir), 0);
	}
	free(want);
	corpus_free(&c);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* The sort on terms that share long prefixes, are prefixes of each
 * other, or share all 8 bytes of a key: enough of them for the radix
 * passes, in an order that is neither sorted nor random. */
START_TEST(test_sort_long_prefixes)
{
	struct corpus c;
	const size_t n = 9000;
	char buf[700];
	uint64_t tokens, spills;
	size_t wlen, len;

	memset(&c, 0, sizeof c);
	c.nterms = n;
	c.term = calloc(n, sizeof *c.term);
	memset(buf, 'x', 600);
	for (size_t i = 0; i < n; i++) {
		size_t k = (i * 7919) % n, m;
		switch (k % 4) {
		case 0:   /* a 600-byte prefix, then a number */
			m = 600 + (size_t)snprintf(buf + 600, 100, "%zu", k);
			break;
		case 1:   /* prefixes of one another: x...x of k % 700 bytes */
			m = 1 + k % 699;
			memset(buf, 'x', m);
			break;
		case 2:   /* 8 shared bytes, then U+00C0..U+00FF */
			memcpy(buf, "python+p", 8);
			buf[8] = (char)0xc3;
			buf[9] = (char)(0x80 + k % 64);
			m = 10 + (size_t)snprintf(buf + 10, 100, "%zu", k);
			break;
		default:  /* short and mixed */
			m = (size_t)snprintf(buf, 100, "%c%zu", (int)('a' + k % 26),
			    k);
			break;
		}
		char *p = malloc(m);
		memcpy(p, buf, m);
		memset(buf, 'x', 600);
		c.term[i].p = p;
		c.term[i].n = m;
	}
	/* Drop duplicates (case 1 repeats lengths): one document a term. */
	c.ndocs = n;
	c.doclen = calloc(n, sizeof *c.doclen);
	c.doc = calloc(n, sizeof *c.doc);
	for (size_t d = 0; d < n; d++) {
		c.doclen[d] = 1;
		c.doc[d] = calloc(1, sizeof **c.doc);
		c.doc[d][0] = d;
	}
	char *want = reference_rows(&c, &tokens, &wlen);
	char *got = counted_rows(&c, SIZE_MAX, NULL, &spills, &len);
	ck_assert_uint_eq(len, wlen);
	ck_assert(memcmp(got, want, len) == 0);
	free(got);
	/* The same through runs (each sorted by the same code). */
	got = counted_rows(&c, 200000, NULL, &spills, &len);
	ck_assert_uint_ge(spills, 2);
	ck_assert_uint_eq(len, wlen);
	ck_assert(memcmp(got, want, len) == 0);
	free(got);
	free(want);
	corpus_free(&c);
}
END_TEST

/* df counts each document once; documents without tokens count; the
 * memory the counter reports stays near the limit. */
START_TEST(test_dfcount_usage)
{
	txf_dfcount *dc = txf_dfcount_new(200000, NULL);
	txf_str tok[3] = { { "x", 1 }, { "y", 1 }, { "x", 1 } };
	char term[32];
	size_t peak = 0;
	int err;

	ck_assert_int_eq(txf_dfcount_add(dc, tok, 3), 0);
	ck_assert_int_eq(txf_dfcount_add(dc, tok, 1), 0);
	ck_assert_int_eq(txf_dfcount_end_doc(dc), 0);
	ck_assert_int_eq(txf_dfcount_end_doc(dc), 0);
	ck_assert_int_eq(txf_dfcount_add(dc, tok + 1, 1), 0);
	ck_assert_int_eq(txf_dfcount_end_doc(dc), 0);
	ck_assert_uint_eq(stats(dc).docs, 3);
	ck_assert_uint_eq(stats(dc).tokens, 5);
	ck_assert_uint_eq(stats(dc).terms, 2);
	ck_assert_uint_gt(stats(dc).memory, 0);
	for (int i = 0; i < 20000; i++) {
		snprintf(term, sizeof term, "term-%d", i);
		txf_str t = { term, strlen(term) };
		ck_assert_int_eq(txf_dfcount_add(dc, &t, 1), 0);
		ck_assert_int_eq(txf_dfcount_end_doc(dc), 0);
		if (stats(dc).memory > peak)
			peak = stats(dc).memory;
	}
	ck_assert_uint_ge(stats(dc).spills, 5);
	/* At most one document's growth over the limit. */
	ck_assert_uint_lt(peak, 2 * 200000);
	txf_merge *m = txf_dfcount_finish(dc, &err);
	char *rows = drain(m);
	ck_assert(strncmp(rows, "term-0 1 1\nterm-1 1 1\nterm-10 1 1\n", 33)
	    == 0);
	ck_assert_ptr_nonnull(strstr(rows, "\nx 1 3\ny 2 2\n"));
	free(rows);
	ck_assert_int_eq(txf_dfcount_end_doc(dc), TXF_EINVAL);
	txf_dfcount_free(dc);
	txf_dfcount_free(NULL);
}
END_TEST

/* Worker threads: the same rows for any number of them and any limit,
 * with documents given as tokens and as fields; a spill error comes back
 * to the caller. */
START_TEST(test_dfcount_threads)
{
	char dir[] = "/tmp/test_spill.XXXXXX";
	struct corpus c;
	uint64_t tokens, spills;
	size_t len, wlen;
	static const size_t limits[] = { 20000, 200000, SIZE_MAX };

	ck_assert_ptr_nonnull(mkdtemp(dir));
	rng_state = 11;
	corpus_make(&c, 6000, 20000, 1);
	char *want = reference_rows(&c, &tokens, &wlen);
	for (int j = 1; j <= 4; j++) {
		for (size_t k = 0; k < sizeof limits / sizeof *limits; k++) {
			char *got = counted_rows_j(&c, limits[k], dir, j,
			    &spills, &len);
			ck_assert_msg(len == wlen && memcmp(got, want, len) == 0,
			    "%d threads, limit %zu differ", j, limits[k]);
			if (limits[k] == 20000)
				ck_assert_uint_ge(spills, 10);
			free(got);
			ck_assert_int_eq(dir_entries(dir), 0);
		}
	}
	free(want);
	corpus_free(&c);

	/* Fields, escapes decoded: "a\tb" is a TAB between a and b. */
	txf_dfcount *dc = txf_dfcount_new_threads(SIZE_MAX, NULL, 2);
	ck_assert_int_eq(txf_dfcount_add_field(dc, "x  a\\tb x ", 10), 0);
	ck_assert_int_eq(txf_dfcount_end_doc(dc), 0);
	ck_assert_int_eq(txf_dfcount_end_doc(dc), 0);
	ck_assert_int_eq(txf_dfcount_add_field(dc, "y x", 3), 0);
	txf_str t = { "z", 1 };
	ck_assert_int_eq(txf_dfcount_add(dc, &t, 1), 0);
	ck_assert_int_eq(txf_dfcount_end_doc(dc), 0);
	ck_assert_uint_eq(stats(dc).docs, 3);
	int err = 0;
	txf_merge *m = txf_dfcount_finish(dc, &err);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(stats(dc).tokens, 6);
	char *rows = drain(m);
	ck_assert_str_eq(rows, "a\tb 1 1\nx 2 3\ny 1 1\nz 1 1\n");
	free(rows);
	txf_dfcount_free(dc);

	/* A directory that cannot take the runs. */
	dc = txf_dfcount_new_threads(1, "/nonexistent/dir", 3);
	int rc = 0;
	for (int d = 0; d < 100000 && rc == 0; d++) {
		txf_str tk = { "a", 1 };
		if ((rc = txf_dfcount_add(dc, &tk, 1)) == 0)
			rc = txf_dfcount_end_doc(dc);
	}
	if (rc == 0)
		ck_assert_ptr_null(txf_dfcount_finish(dc, &rc));
	ck_assert_int_eq(rc, TXF_EIO);
	ck_assert_int_eq(errno, ENOENT);
	txf_dfcount_free(dc);
	/* Freed without finishing: the workers are stopped. */
	dc = txf_dfcount_new_threads(SIZE_MAX, NULL, 2);
	ck_assert_int_eq(txf_dfcount_add_field(dc, "p q", 3), 0);
	ck_assert_int_eq(txf_dfcount_end_doc(dc), 0);
	txf_dfcount_free(dc);
	ck_assert_ptr_null(txf_dfcount_new_threads(100, NULL, 0));
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* A spill into a directory that does not exist fails with TXF_EIO. */
START_TEST(test_dfcount_bad_dir)
{
	txf_dfcount *dc = txf_dfcount_new(1, "/nonexistent/dir");
	txf_str t = { "a", 1 };

	ck_assert_int_eq(txf_dfcount_add(dc, &t, 1), 0);
	errno = 0;
	ck_assert_int_eq(txf_dfcount_end_doc(dc), TXF_EIO);
	ck_assert_int_eq(errno, ENOENT);
	txf_dfcount_free(dc);
}
END_TEST

/* Rows of three counters: runs of two tables and a source of the
 * caller's own, merged and summed counter by counter. */
struct rows_src {
	const char *const *key;
	const uint64_t (*v)[3];
	size_t n, pos;
	int freed;
};

static int
rows_next(void *state, txf_str *key, uint64_t *vals, char *msg,
          size_t msgsize, uint64_t *line)
{
	struct rows_src *r = state;

	(void)msg, (void)msgsize, (void)line;
	if (r->pos == r->n)
		return 0;
	key->p = r->key[r->pos];
	key->n = strlen(r->key[r->pos]);
	memcpy(vals, r->v[r->pos], 3 * sizeof *vals);
	r->pos++;
	return 1;
}

static void
rows_free(void *state)
{
	((struct rows_src *)state)->freed = 1;
}

START_TEST(test_merge_three_counters)
{
	static const char *const tk[2][3] = { { "b", "a", "c" },
	                                      { "d", "b", "a" } };
	static const char *const own[] = { "a", "bb", "d" };
	static const uint64_t ownv[][3] = { { 1, 2, 3 }, { 4, 5, 6 },
	                                    { 7, 8, 9 } };
	static const unsigned cols[3] = { 2, 0, 1 };
	struct rows_src rs = { own, ownv, 3, 0, 0 };
	static const txf_merge_source ops = { rows_next, rows_free };
	txf_runs *s = txf_runs_new_n(NULL, 3);
	txf_merge *m = txf_merge_new_n(3);
	uint64_t v[3], line, df, cf;
	size_t src;
	txf_str key;
	char msg[64];

	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(txf_merge_nvals(m), 3);
	ck_assert_ptr_null(txf_runs_new_n(NULL, 0));
	ck_assert_ptr_null(txf_merge_new_n(TXF_COUNT_MAXVALS + 1));
	for (int r = 0; r < 2; r++) {
		txf_count *t = txf_count_new(3);
		for (size_t k = 0; k < 3; k++) {
			size_t i;
			ck_assert_int_ge(txf_count_add(t, tk[r][k], 1, &i), 0);
			uint64_t *c = txf_count_vals(t, i);
			/* columns: 2 -> first, 0 -> second, 1 -> third */
			c[2] = 10 * (uint64_t)(r + 1);
			c[0] = k + 1;
			c[1] = 100;
		}
		ck_assert_int_eq(txf_runs_write_n(s, t, cols, 1, 3), 0);
		/* a two-counter writer refuses a set of three */
		ck_assert_int_eq(txf_runs_write(s, t, 0, 1, 1, 3), TXF_EINVAL);
		txf_count_free(t);
	}
	ck_assert_int_eq(txf_merge_add_runs(m, s), 0);
	ck_assert_int_ge(txf_merge_add_source(m, &ops, &rs), 0);
	ck_assert_int_eq(txf_merge_add_vocab(m, NULL), TXF_EINVAL);
	/* a: run 1 (10, 2, 100), run 2 (20, 3, 100), own (1, 2, 3) */
	ck_assert_int_eq(txf_merge_next_n(m, &key, v, &src, msg, sizeof msg,
	    &line), 1);
	ck_assert(same(key.p, key.n, "a", 1));
	ck_assert_uint_eq(v[0], 31);
	ck_assert_uint_eq(v[1], 7);
	ck_assert_uint_eq(v[2], 203);
	/* b: run 1 (10, 1, 100), run 2 (20, 2, 100) */
	ck_assert_int_eq(txf_merge_next_n(m, &key, v, &src, msg, sizeof msg,
	    &line), 1);
	ck_assert(same(key.p, key.n, "b", 1));
	ck_assert_uint_eq(v[0], 30);
	ck_assert_uint_eq(v[1], 3);
	ck_assert_uint_eq(v[2], 200);
	ck_assert_int_eq(txf_merge_next_n(m, &key, v, &src, msg, sizeof msg,
	    &line), 1);
	ck_assert(same(key.p, key.n, "bb", 2));
	ck_assert_uint_eq(v[0], 4);
	ck_assert_int_eq(txf_merge_next_n(m, &key, v, &src, msg, sizeof msg,
	    &line), 1);
	ck_assert(same(key.p, key.n, "c", 1));
	ck_assert_uint_eq(v[0], 10);
	ck_assert_uint_eq(v[1], 3);
	ck_assert_int_eq(txf_merge_next_n(m, &key, v, &src, msg, sizeof msg,
	    &line), 1);
	ck_assert(same(key.p, key.n, "d", 1));
	ck_assert_uint_eq(v[0], 27);
	ck_assert_uint_eq(v[1], 9);
	ck_assert_uint_eq(v[2], 109);
	ck_assert_int_eq(txf_merge_next_n(m, &key, v, &src, msg, sizeof msg,
	    &line), 0);
	/* the two-counter reader refuses a merge of three */
	ck_assert_int_eq(txf_merge_next(m, &key, &df, &cf, &src, msg,
	    sizeof msg, &line), TXF_EINVAL);
	ck_assert_int_eq(rs.freed, 0);
	txf_merge_free(m);
	ck_assert_int_eq(rs.freed, 1);
	txf_runs_free(s);
}
END_TEST

Suite *
suite_spill(void)
{
	Suite *s = suite_create("spill");
	TCase *tc = tcase_create("files");

	tcase_add_test(tc, test_tmpdir);
	tcase_add_test(tc, test_tmpfile);
	tcase_add_test(tc, test_runs);
	suite_add_tcase(s, tc);

	tc = tcase_create("merge");
	/* Seconds on an idle machine; far more on a loaded one. */
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_merge_sums);
	tcase_add_test(tc, test_merge_errors);
	tcase_add_test(tc, test_merge_background);
	tcase_add_test(tc, test_merge_three_counters);
	suite_add_tcase(s, tc);

	tc = tcase_create("dfcount");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_dfcount_in_memory);
	tcase_add_test(tc, test_dfcount_spills);
	tcase_add_test(tc, test_sort_long_prefixes);
	tcase_add_test(tc, test_dfcount_usage);
	tcase_add_test(tc, test_dfcount_bad_dir);
	tcase_add_test(tc, test_dfcount_threads);
	suite_add_tcase(s, tc);
	return s;
}
