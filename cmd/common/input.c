/*
 * input.c - the one input engine: run a tool's line function over its
 * input files, on one thread or several.
 *
 * The main thread reads the input in chunks of whole lines and counts
 * their newlines, so every chunk knows the number of its first line.
 * Workers take chunks in order and run the tool's line function on each
 * line, collecting the output in the chunk's own buffer.  The main thread
 * writes the chunks' output in input order, and reports a chunk's error
 * (under --invalid=error) after the output of the lines before it, then
 * stops reading the file.  With one thread no worker is started and the
 * output goes straight to the output buffer.  The reading, in chunks of
 * whole lines, is chunk.c.
 */
#define _GNU_SOURCE   /* F_SETPIPE_SZ */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "cli.h"
#include "chunk.h"

int cli_header;   /* --header */

/* The first newline in p[0..end), or NULL; *clean set when every byte
 * before it is ASCII and not NUL (valid UTF-8: no check needed).  With
 * SSE2, 16 bytes at a time while they are clean; from the first byte
 * that is not, and for the last 15, memchr() (*clean 0). */
static const char *
line_end(const char *p, const char *end, int *clean)
{
#ifdef __SSE2__
	const __m128i nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
	for (; end - p >= 16; p += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		unsigned n = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v,
		    nl));
		unsigned bad = (unsigned)_mm_movemask_epi8(v) |
		    (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, zero));
		if ((n | bad) == 0)
			continue;
		unsigned at = (unsigned)__builtin_ctz(n | bad);
		if (n >> at & 1) {
			*clean = 1;
			return p + at;
		}
		break;
	}
#endif
	*clean = 0;
	return memchr(p, '\n', (size_t)(end - p));
}

/* Run the line function over the chunk's lines. */
static void
process(struct run *r, struct chunk *ch, void *state)
{
	cli_line_ctx c = { .name = r->name, .invalid = r->invalid,
	    .state = state, .hdr_first = ch->hdr_first };
	const char *p = ch->in.p, *end = p + ch->in.n;

	c.lineno = ch->first_line;
	while (p < end) {
		int clean;
		const char *nl = line_end(p, end, &clean);
		const char *next = nl ? nl + 1 : end;
		txf_str line = { p, (size_t)((nl ? nl : end) - p) };
		if (line.n > 0 && line.p[line.n - 1] == '\r')
			line.n--;
		/* The header line (--header) and blank lines: skipped. */
		if (c.lineno == ch->head_line)
			goto next;
		if (line.n == 0 && !r->l->keep_blank) {
			ch->blank++;
			goto next;
		}
		size_t ok = clean ? line.n : txf_utf8_check(line.p, line.n);
		if (ok != line.n) {
			if (r->invalid == CLI_INVALID_SKIP) {
				c.bad++;
				goto next;
			}
			if (r->invalid == CLI_INVALID_ERROR) {
				(void)cli_line_bad(&c, line.p[ok] == '\0' ?
				    "NUL byte at byte %zu" :
				    "invalid UTF-8 at byte %zu", ok + 1);
				break;
			}
			c.bad++;
			c.fix.n = 0;
			cli_xmem(txf_utf8_repair(line.p, line.n, &c.fix));
			line.p = c.fix.p;
			line.n = c.fix.n;
		}
		if (r->l->fn(&c, line) < 0)
			break;
next:
		c.lineno++;
		p = next;
	}
	txf_buf_free(&c.fix);
	ch->bad = c.bad;
	ch->err = c.err;
}

struct worker {
	struct run *r;
	pthread_t tid;
};

static void *
worker_main(void *arg)
{
	struct run *r = arg;
	const cli_lines *l = r->l;
	void *state = l->make_state ? l->make_state(l->arg) : NULL;

	for (;;) {
		pthread_mutex_lock(&r->mu);
		while (r->taken == r->produced && !r->finished)
			pthread_cond_wait(&r->work, &r->mu);
		if (r->taken == r->produced) {
			pthread_mutex_unlock(&r->mu);
			break;
		}
		struct chunk *ch = &r->ring[r->taken++ % r->nring];
		pthread_mutex_unlock(&r->mu);

		/* Collect output in the chunk's buffer. */
		cli_out_capture(&ch->out);
		process(r, ch, state);
		cli_out_uncapture(&ch->out);

		pthread_mutex_lock(&r->mu);
		ch->done = 1;
		pthread_cond_broadcast(&r->done);
		pthread_mutex_unlock(&r->mu);
	}
	if (l->free_state)
		l->free_state(state);
	return NULL;
}

/* Write a finished chunk; returns -1 when it ended in an error. */
static int
consume(struct chunk *ch, uint64_t *bad, uint64_t *blank)
{
	cli_out_direct(ch->out.p, ch->out.n);
	*bad += ch->bad;
	*blank += ch->blank;
	if (ch->err != NULL) {
		cli_warn("%s", ch->err);
		free(ch->err);
		ch->err = NULL;
		return -1;
	}
	return 0;
}

/* Run the line function over one file; returns 0, or 1 after a reported
 * error.  *bad accumulates the lines replaced or skipped. */
static int
run_file(const cli_lines *l, const char *path, uint64_t *bytes, uint64_t *bad,
         uint64_t *blank)
{
	struct run r = { .invalid = l->invalid, .l = l, .first = 1,
	    .next_line = 1, .bytes = bytes,
	    .want_head = cli_header && !l->no_header,
	    .want_first = l->on_first != NULL };
	int threads = l->threads, failed = 0;

	if (path == NULL || strcmp(path, "-") == 0) {
		r.name = "stdin";
		r.fd = STDIN_FILENO;
	} else {
		r.name = path;
		r.fd = open(path, O_RDONLY);
		if (r.fd < 0) {
			cli_warn("%s: %s", path, strerror(errno));
			return 1;
		}
	}
#ifdef F_SETPIPE_SZ
	/* From a pipe (the usual tokenize | tool), fewer and larger reads
	 * cost the two processes fewer switches. */
	struct stat st;
	if (fstat(r.fd, &st) == 0 && S_ISFIFO(st.st_mode))
		(void)fcntl(r.fd, F_SETPIPE_SZ, 1 << 20);
#endif

	if (threads <= 1) {
		struct chunk ch = { 0 };
		void *state = l->make_state ? l->make_state(l->arg) : NULL;
		int k;
		while ((k = cli_chunk_fill(&r, &ch)) > 0) {
			ch.blank = 0;
			process(&r, &ch, state);
			/* A slow writer: what is done goes on before
			 * waiting for more. */
			if (!r.eof && cli_would_block(r.fd))
				cli_out_flush();
			*bad += ch.bad;
			*blank += ch.blank;
			if (ch.err != NULL) {
				cli_warn("%s", ch.err);
				free(ch.err);
				failed = 1;
				break;
			}
		}
		if (k < 0)
			failed = 1;
		if (l->free_state)
			l->free_state(state);
		txf_buf_free(&ch.in);
		goto out;
	}

	/* Two chunks a thread keep the workers fed when chunks cost about
	 * the same.  Chunks of a few lines (chunk_lines) vary more: one
	 * query can cost a hundred others, and a worker would wait while
	 * the slow chunk at the ring's head holds the others' output back.
	 * Eight a thread let the other workers run ahead of it. */
	r.nring = (l->chunk_lines > 0 ? 8 : 2) * (size_t)threads;
	r.ring = cli_xcalloc(r.nring, sizeof *r.ring);
	struct worker *w = cli_xcalloc((size_t)threads, sizeof *w);
	pthread_mutex_init(&r.mu, NULL);
	pthread_cond_init(&r.work, NULL);
	pthread_cond_init(&r.done, NULL);
	for (int i = 0; i < threads; i++) {
		w[i].r = &r;
		if (pthread_create(&w[i].tid, NULL, worker_main, &r) != 0)
			cli_die("cannot start a thread: %s", strerror(errno));
	}

	size_t consumed = 0;
	int stop = 0;
	for (;;) {
		/* Keep every free slot of the ring filled. */
		while (!stop && (!r.eof || r.carry.n > 0) &&
		    r.produced - consumed < r.nring) {
			/* A slow writer: write what is done before a read
			 * that would wait, so the lines read so far come
			 * out now and not when more input arrives. */
			if (cli_would_block(r.fd)) {
				if (r.produced > consumed)
					break;
				cli_out_flush();
			}
			struct chunk *ch = &r.ring[r.produced % r.nring];
			int k = cli_chunk_fill(&r, ch);
			if (k < 0)
				failed = stop = 1;
			if (k <= 0)
				break;
			pthread_mutex_lock(&r.mu);
			ch->done = 0;
			ch->blank = 0;
			r.produced++;
			pthread_cond_signal(&r.work);
			pthread_mutex_unlock(&r.mu);
		}
		if (consumed == r.produced)
			break;
		struct chunk *ch = &r.ring[consumed % r.nring];
		pthread_mutex_lock(&r.mu);
		while (!ch->done)
			pthread_cond_wait(&r.done, &r.mu);
		pthread_mutex_unlock(&r.mu);
		if (!stop && consume(ch, bad, blank) < 0)
			failed = stop = 1;
		free(ch->err);
		ch->err = NULL;
		ch->out.n = 0;
		consumed++;
	}

	pthread_mutex_lock(&r.mu);
	r.finished = 1;
	pthread_cond_broadcast(&r.work);
	pthread_mutex_unlock(&r.mu);
	for (int i = 0; i < threads; i++)
		pthread_join(w[i].tid, NULL);
	for (size_t i = 0; i < r.nring; i++) {
		txf_buf_free(&r.ring[i].in);
		txf_buf_free(&r.ring[i].out);
	}
	free(r.ring);
	free(w);
	pthread_mutex_destroy(&r.mu);
	pthread_cond_destroy(&r.work);
	pthread_cond_destroy(&r.done);
out:
	if (l->on_file != NULL)
		l->on_file(l->arg, r.name, r.hdr_lines, failed);
	txf_buf_free(&r.carry);
	if (r.fd != STDIN_FILENO)
		close(r.fd);
	return failed;
}

int
cli_run_files(const cli_lines *l, char **files, int nfiles)
{
	uint64_t bad = 0, blank = 0, bytes = 0;
	int status = 0;

	cli_progress_inputs(files, nfiles);
	if (nfiles == 0)
		status |= run_file(l, NULL, &bytes, &bad, &blank);
	for (int i = 0; i < nfiles; i++)
		status |= run_file(l, files[i], &bytes, &bad, &blank);
	cli_report_bad(bad, blank, l->invalid);
	return status;
}
