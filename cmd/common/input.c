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
 * output goes straight to the output buffer.
 */
#define _GNU_SOURCE   /* F_SETPIPE_SZ */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "header.h"

#define CHUNK (256 * 1024)

struct chunk {
	txf_buf in;             /* whole lines */
	uint64_t first_line;
	txf_buf out;            /* output (threads > 1) */
	uint64_t bad;
	uint64_t blank;         /* blank lines skipped */
	char *err;              /* message of the line that stopped it */
	int done;
	uint64_t hdr_first;     /* the run's first analysis line, if here */
	uint64_t head_line;     /* --header: the header line, if here */
};

struct run {
	const char *name;
	int fd;
	int eof;
	int first;              /* no chunk read yet (BOM check) */
	txf_buf carry;          /* a partial line after the last chunk */
	uint64_t next_line;
	enum cli_invalid invalid;
	const cli_lines *l;
	uint64_t *bytes;        /* read from every file so far */
	uint64_t hdr_lines;     /* analysis lines of this file */
	int want_head;          /* --header: the header line is still ahead */
	int want_first;         /* on_first: the first record is ahead */

	/* the ring of chunks, shared with the workers */
	struct chunk *ring;
	size_t nring;
	size_t produced, taken;
	int finished;
	pthread_mutex_t mu;
	pthread_cond_t work, done;
};

int cli_header;   /* --header */

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

/* Whether a read of fd would wait: a slow writer's lines are then
 * processed without waiting for a whole chunk. */
static int
would_block(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) == 0;
}

/* Read the next chunk of whole lines into ch.  Returns 0 when there is
 * no more input, 1 for a chunk, -1 after a reported read error. */
static int
fill(struct run *r, struct chunk *ch)
{
	ch->in.n = 0;
	cli_xmem(txf_buf_add(&ch->in, r->carry.p, r->carry.n));
	r->carry.n = 0;
	size_t scanned = 0;
	for (;;) {
		if (!r->eof && ch->in.n < CHUNK && !(ch->in.n > 0 &&
		    would_block(r->fd) && memchr(ch->in.p, '\n', ch->in.n))) {
			cli_xmem(txf_buf_grow(&ch->in, CHUNK));
			ssize_t k = read(r->fd, ch->in.p + ch->in.n,
			    ch->in.cap - ch->in.n);
			if (k < 0) {
				if (errno == EINTR)
					continue;
				cli_warn("%s: %s", r->name, strerror(errno));
				return -1;
			}
			if (k == 0)
				r->eof = 1;
			ch->in.n += (size_t)k;
			read_more(r, (size_t)k);
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
		ssize_t k;
		do
			k = read(r->fd, ch->in.p + ch->in.n,
			    ch->in.cap - ch->in.n);
		while (k < 0 && errno == EINTR);
		if (k < 0) {
			cli_warn("%s: %s", r->name, strerror(errno));
			return -1;
		}
		if (k == 0)
			r->eof = 1;
		ch->in.n += (size_t)k;
		read_more(r, (size_t)k);
	}
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

/* Run the line function over the chunk's lines. */
static void
process(struct run *r, struct chunk *ch, void *state)
{
	cli_line_ctx c = { .name = r->name, .invalid = r->invalid,
	    .state = state, .hdr_first = ch->hdr_first };
	const char *p = ch->in.p, *end = p + ch->in.n;

	c.lineno = ch->first_line;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
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
		size_t ok = txf_utf8_check(line.p, line.n);
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
		while ((k = fill(&r, &ch)) > 0) {
			ch.blank = 0;
			process(&r, &ch, state);
			/* A slow writer: what is done goes on before
			 * waiting for more. */
			if (!r.eof && would_block(r.fd))
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

	r.nring = 2 * (size_t)threads;
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
		while (!stop && !r.eof && r.produced - consumed < r.nring) {
			/* A slow writer: write what is done before a read
			 * that would wait, so the lines read so far come
			 * out now and not when more input arrives. */
			if (would_block(r.fd)) {
				if (r.produced > consumed)
					break;
				cli_out_flush();
			}
			struct chunk *ch = &r.ring[r.produced % r.nring];
			int k = fill(&r, ch);
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
