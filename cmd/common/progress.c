/* progress.c - --progress: the status line, counted by the input layer and
 * drawn by a thread of its own. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "progress.h"

/* ------------------------------------------------------------------ */
/* The pure core                                                       */

void
cli_progress_count(char *buf, uint64_t n)
{
	if (n < 10000)
		snprintf(buf, 16, "%llu", (unsigned long long)n);
	else if (n < 1000000)
		snprintf(buf, 16, "%.1fk", (double)n / 1e3);
	else if (n < 1000000000)
		snprintf(buf, 16, "%.2fM", (double)n / 1e6);
	else
		snprintf(buf, 16, "%.2fG", (double)n / 1e9);
}

void
cli_progress_size(char *buf, double b)
{
	if (b < 1000)
		snprintf(buf, 16, "%.0f B", b);
	else if (b < 1e6)
		snprintf(buf, 16, "%.1f kB", b / 1e3);
	else if (b < 1e9)
		snprintf(buf, 16, "%.1f MB", b / 1e6);
	else
		snprintf(buf, 16, "%.2f GB", b / 1e9);
}

void
cli_progress_time(char *buf, double secs)
{
	unsigned long long s = secs > 0 && secs < 1e9 ? (unsigned long long)
	    (secs + 0.5) : 0;

	if (s < 3600)
		snprintf(buf, 24, "%llu:%02llu", s / 60, s % 60);
	else
		snprintf(buf, 24, "%llu:%02llu:%02llu", s / 3600,
		    s / 60 % 60, s % 60);
}

size_t
cli_progress_format(char *buf, size_t size, const char *prog,
                    const cli_progress_state *s)
{
	char by[16], tot[16], rec[16], rate[16], t1[24], t2[24], wr[16];
	double secs = s->elapsed > 1e-3 ? s->elapsed : 1e-3;
	int n;

	cli_progress_size(by, (double)s->bytes);
	cli_progress_count(rec, s->records);
	cli_progress_size(rate, (double)s->bytes / secs);
	if (s->phase == NULL && !s->done) {
		if (s->total == 0) {
			n = snprintf(buf, size, "%s: %s, %s records, %s/s",
			    prog, by, rec, rate);
		} else {
			uint64_t pct = s->bytes >= s->total ? 100 :
			    s->bytes * 100 / s->total;
			cli_progress_size(tot, (double)s->total);
			n = snprintf(buf, size, "%s: %s of %s (%llu%%), %s "
			    "records, %s/s", prog, by, tot,
			    (unsigned long long)pct, rec, rate);
			if (s->bytes > 0 && s->bytes < s->total &&
			    s->elapsed >= 0.5 && n > 0 && (size_t)n < size) {
				cli_progress_time(t1, (double)(s->total -
				    s->bytes) * s->elapsed / (double)s->bytes);
				n += snprintf(buf + n, size - (size_t)n,
				    ", %s left", t1);
			}
		}
	} else {
		cli_progress_time(t1, s->elapsed);
		n = snprintf(buf, size, "%s: read %s, %s records in %s", prog,
		    by, rec, t1);
		if (n > 0 && (size_t)n < size && s->done) {
			cli_progress_time(t2, s->elapsed + s->phase_elapsed);
			n += snprintf(buf + n, size - (size_t)n, " (%s/s); "
			    "done in %s", rate, t2);
		} else if (n > 0 && (size_t)n < size) {
			cli_progress_time(t2, s->phase_elapsed);
			n += snprintf(buf + n, size - (size_t)n, "; %s %s",
			    s->phase, t2);
			if (s->written > 0 && (size_t)n < size) {
				cli_progress_size(wr, (double)s->written);
				n += snprintf(buf + n, size - (size_t)n,
				    ", %s written", wr);
			}
		}
	}
	if (n < 0)
		n = 0;
	if ((size_t)n >= size)
		n = (int)size - 1;
	return (size_t)n;
}

/* ------------------------------------------------------------------ */
/* Drawing                                                             */

const char *const cli_progress_names[] = { "never", "auto", "always", NULL };
static const char *const whens[] = { "auto", "always", "never", NULL };

const char *const *
cli_progress_whens(void)
{
	return whens;
}
int cli_progress_on;
uint64_t cli_progress_bytes, cli_progress_records, cli_progress_written;

#define TICK_NS  250000000L   /* a terminal's line: four times a second */
#define PLAIN_S  5.0          /* a plain line elsewhere: every 5 s */

static struct {
	int started, stop, tty, width;
	uint64_t total;
	struct timespec start, phase_start, done_reading;
	const char *phase;
	int drawn;             /* a line is on the terminal */
	double last_plain;
	pthread_t th;
	pthread_cond_t cv;
} P;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static double
since(const struct timespec *a)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - a->tv_sec) +
	    (double)(now.tv_nsec - a->tv_nsec) / 1e9;
}

void
cli_progress_option(const char *arg)
{
	int when = arg == NULL ? CLI_PROGRESS_AUTO :
	    cli_parse_choice("--progress", arg, cli_progress_names);

	P.tty = isatty(STDERR_FILENO);
	cli_progress_on = when == CLI_PROGRESS_ALWAYS ||
	    (when == CLI_PROGRESS_AUTO && P.tty);
}

/* Write the line (mu held). */
static void
draw(int done)
{
	char line[512], out[600];
	cli_progress_state s = {
		.bytes = __atomic_load_n(&cli_progress_bytes, __ATOMIC_RELAXED),
		.records = __atomic_load_n(&cli_progress_records,
		    __ATOMIC_RELAXED),
		.total = P.total,
		.phase = P.phase,
		.written = __atomic_load_n(&cli_progress_written,
		    __ATOMIC_RELAXED),
		.done = done,
	};
	double all = since(&P.start);

	if (P.phase != NULL || done) {
		s.elapsed = P.phase != NULL ? all - since(&P.phase_start) :
		    all;
		if (P.done_reading.tv_sec != 0)
			s.elapsed = all - since(&P.done_reading);
		s.phase_elapsed = all - s.elapsed;
	} else {
		s.elapsed = all;
	}
	size_t width = P.tty && P.width > 10 ? (size_t)P.width - 1 :
	    sizeof line;
	size_t n = cli_progress_format(line, width < sizeof line ? width + 1 :
	    sizeof line, cli_prog, &s);
	int k;
	if (P.tty)
		k = snprintf(out, sizeof out, "\r%.*s\033[K%s", (int)n, line,
		    done ? "\n" : "");
	else
		k = snprintf(out, sizeof out, "%.*s\n", (int)n, line);
	if (k > 0 && write(STDERR_FILENO, out, (size_t)k) < 0) {
		/* nothing to do about a failed progress line */
	}
	P.drawn = P.tty && !done;
	P.last_plain = all;
}

static void *
drawer(void *unused)
{
	pthread_mutex_lock(&mu);
	while (!P.stop) {
		struct timespec t;
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_nsec += TICK_NS;
		if (t.tv_nsec >= 1000000000L) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&P.cv, &mu, &t);
		if (P.stop)
			break;
		if (P.tty || since(&P.start) - P.last_plain >= PLAIN_S)
			draw(0);
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

/* At exit without cli_progress_end (an error): stop, clear the line. */
static void
stop(int final)
{
	pthread_mutex_lock(&mu);
	if (!P.started) {
		pthread_mutex_unlock(&mu);
		return;
	}
	P.stop = 1;
	pthread_cond_signal(&P.cv);
	pthread_mutex_unlock(&mu);
	pthread_join(P.th, NULL);
	pthread_mutex_lock(&mu);
	if (final)
		draw(1);
	else if (P.drawn && write(STDERR_FILENO, "\r\033[K", 4) < 0)
		P.drawn = 0;
	P.started = 0;
	pthread_mutex_unlock(&mu);
}

static void
at_exit(void)
{
	stop(0);
}

void
cli_progress_inputs(char **files, int n)
{
	static int called;
	struct winsize ws;

	if (!cli_progress_on || called)
		return;
	called = 1;
	uint64_t total = 0;
	int known = 1;
	for (int i = 0; i < (n > 0 ? n : 1) && known; i++) {
		struct stat st;
		const char *f = n > 0 ? files[i] : "-";
		int std = strcmp(f, "-") == 0;
		if ((std ? fstat(STDIN_FILENO, &st) : stat(f, &st)) != 0 ||
		    !S_ISREG(st.st_mode)) {
			known = 0;
			break;
		}
		off_t at = std ? lseek(STDIN_FILENO, 0, SEEK_CUR) : 0;
		total += (uint64_t)st.st_size - (uint64_t)(at > 0 &&
		    at <= st.st_size ? at : 0);
	}
	P.total = known ? total : 0;
	P.width = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 ?
	    ws.ws_col : 80;
	clock_gettime(CLOCK_MONOTONIC, &P.start);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_cond_init(&P.cv, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&P.th, NULL, drawer, NULL) != 0)
		return;
	P.started = 1;
	atexit(at_exit);
	/* At once: what is to be read, before the first tick. */
	pthread_mutex_lock(&mu);
	draw(0);
	pthread_mutex_unlock(&mu);
}

void
cli_progress_phase(const char *name)
{
	if (!cli_progress_on)
		return;
	pthread_mutex_lock(&mu);
	if (P.started) {
		if (P.done_reading.tv_sec == 0)
			clock_gettime(CLOCK_MONOTONIC, &P.done_reading);
		clock_gettime(CLOCK_MONOTONIC, &P.phase_start);
		P.phase = name;
		draw(0);
	}
	pthread_mutex_unlock(&mu);
}

void
cli_progress_end(void)
{
	if (cli_progress_on)
		stop(1);
}

void
cli_progress_hold(void)
{
	pthread_mutex_lock(&mu);
	if (P.drawn) {
		if (write(STDERR_FILENO, "\r\033[K", 4) < 0)
			P.drawn = 0;
		P.drawn = 0;
	}
}

void
cli_progress_release(void)
{
	pthread_mutex_unlock(&mu);
}
