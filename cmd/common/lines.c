/*
 * lines.c - run a per-line filter over a file on several threads.
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
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define CHUNK (256 * 1024)

struct chunk {
	txf_buf in;             /* whole lines */
	uint64_t first_line;
	txf_buf out;            /* output (threads > 1) */
	uint64_t bad;
	char *err;              /* message of the line that stopped it */
	int done;
};

struct run {
	const char *name;
	int fd;
	int eof;
	int first;              /* no chunk read yet (BOM check) */
	txf_buf carry;          /* a partial line after the last chunk */
	uint64_t next_line;
	enum cli_invalid invalid;
	cli_line_fn fn;
	void *(*make_state)(void *);
	void *arg;
	void (*free_state)(void *);

	/* the ring of chunks, shared with the workers */
	struct chunk *ring;
	size_t nring;
	size_t produced, taken;
	int finished;
	pthread_mutex_t mu;
	pthread_cond_t work, done;
};


int
cli_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 4 ? 4 : (int)n;
}

void
cli_report_bad(uint64_t bad, enum cli_invalid invalid)
{
	if (bad > 0)
		cli_warn("%llu line%s with invalid input %s",
		    (unsigned long long)bad, bad == 1 ? "" : "s",
		    invalid == CLI_INVALID_SKIP ? "skipped" : "repaired");
}

int
cli_line_bad(cli_line_ctx *c, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	if (c->invalid != CLI_INVALID_ERROR) {
		c->bad++;
		return c->invalid == CLI_INVALID_SKIP;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	size_t len = strlen(c->name) + strlen(msg) + 32;
	c->err = malloc(len);
	if (c->err == NULL)
		cli_die("out of memory");
	snprintf(c->err, len, "%s:%llu: %s", c->name,
	    (unsigned long long)c->lineno, msg);
	return -1;
}

/* Read the next chunk of whole lines into ch.  Returns 0 when there is
 * no more input, 1 for a chunk, -1 after a reported read error. */
static int
fill(struct run *r, struct chunk *ch)
{
	ch->in.n = 0;
	if (txf_buf_add(&ch->in, r->carry.p, r->carry.n) < 0)
		cli_die("out of memory");
	r->carry.n = 0;
	size_t scanned = 0;
	for (;;) {
		if (!r->eof && ch->in.n < CHUNK) {
			if (txf_buf_grow(&ch->in, CHUNK) < 0)
				cli_die("out of memory");
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
			continue;
		}
		if (r->eof)
			break;
		/* Full: cut after the last newline, or read on when the
		 * chunk is one unfinished line. */
		char *nl = NULL;
		for (size_t i = ch->in.n; i > scanned; i--)
			if (ch->in.p[i - 1] == '\n') {
				nl = ch->in.p + i - 1;
				break;
			}
		if (nl != NULL) {
			size_t keep = (size_t)(nl + 1 - ch->in.p);
			if (txf_buf_add(&r->carry, nl + 1, ch->in.n - keep) < 0)
				cli_die("out of memory");
			ch->in.n = keep;
			break;
		}
		scanned = ch->in.n;
		if (txf_buf_grow(&ch->in, ch->in.n) < 0)   /* double */
			cli_die("out of memory");
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
	const char *p = ch->in.p, *end = p + ch->in.n;
	uint64_t lines = 0;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		lines++;
		p++;
	}
	if (ch->in.n > 0 && end[-1] != '\n')
		lines++;
	r->next_line += lines;
	return 1;
}

/* Run the line function over the chunk's lines. */
static void
process(struct run *r, struct chunk *ch, void *state)
{
	cli_line_ctx c = { .name = r->name, .invalid = r->invalid,
	    .state = state };
	const char *p = ch->in.p, *end = p + ch->in.n;

	c.lineno = ch->first_line;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *next = nl ? nl + 1 : end;
		txf_str line = { p, (size_t)((nl ? nl : end) - p) };
		if (line.n > 0 && line.p[line.n - 1] == '\r')
			line.n--;
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
			if (txf_utf8_repair(line.p, line.n, &c.fix) < 0)
				cli_die("out of memory");
			line.p = c.fix.p;
			line.n = c.fix.n;
		}
		if (r->fn(&c, line) < 0)
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
	void *state = r->make_state ? r->make_state(r->arg) : NULL;

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
	if (r->free_state)
		r->free_state(state);
	return NULL;
}

/* Write a finished chunk; returns -1 when it ended in an error. */
static int
consume(struct chunk *ch, uint64_t *bad)
{
	cli_out_direct(ch->out.p, ch->out.n);
	*bad += ch->bad;
	if (ch->err != NULL) {
		cli_warn("%s", ch->err);
		free(ch->err);
		ch->err = NULL;
		return -1;
	}
	return 0;
}

int
cli_run_lines(const char *path, enum cli_invalid invalid, int threads,
              cli_line_fn fn, void *(*make_state)(void *), void *arg,
              void (*free_state)(void *), uint64_t *bad)
{
	struct run r = { .invalid = invalid, .fn = fn, .first = 1,
	    .next_line = 1, .make_state = make_state, .arg = arg,
	    .free_state = free_state };
	int failed = 0;

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

	if (threads <= 1) {
		struct chunk ch = { 0 };
		void *state = make_state ? make_state(arg) : NULL;
		int k;
		while ((k = fill(&r, &ch)) > 0) {
			process(&r, &ch, state);
			*bad += ch.bad;
			if (ch.err != NULL) {
				cli_warn("%s", ch.err);
				free(ch.err);
				failed = 1;
				break;
			}
		}
		if (k < 0)
			failed = 1;
		if (free_state)
			free_state(state);
		txf_buf_free(&ch.in);
		goto out;
	}

	r.nring = 2 * (size_t)threads;
	r.ring = calloc(r.nring, sizeof *r.ring);
	struct worker *w = calloc((size_t)threads, sizeof *w);
	if (r.ring == NULL || w == NULL)
		cli_die("out of memory");
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
			struct chunk *ch = &r.ring[r.produced % r.nring];
			int k = fill(&r, ch);
			if (k < 0)
				failed = stop = 1;
			if (k <= 0)
				break;
			pthread_mutex_lock(&r.mu);
			ch->done = 0;
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
		if (!stop && consume(ch, bad) < 0)
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
	txf_buf_free(&r.carry);
	if (r.fd != STDIN_FILENO)
		close(r.fd);
	return failed;
}

int
cli_run_files(char **files, int nfiles, enum cli_invalid invalid, int threads,
              cli_line_fn fn, void *(*make_state)(void *), void *arg,
              void (*free_state)(void *))
{
	uint64_t bad = 0;
	int status = 0;

	if (nfiles == 0)
		status |= cli_run_lines(NULL, invalid, threads, fn, make_state,
		    arg, free_state, &bad);
	for (int i = 0; i < nfiles; i++)
		status |= cli_run_lines(files[i], invalid, threads, fn,
		    make_state, arg, free_state, &bad);
	cli_report_bad(bad, invalid);
	return status;
}
