/* cli.c - the shared plumbing of the textfeat tools. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "suggest.h"
#include "header.h"

const char *cli_prog = "textfeat";

const char *const cli_invalid_names[] = { "error", "replace", "skip", NULL };

/* Output state. */
#define OBUF_SIZE (256 * 1024)
#define CHUNK_OUT (256 * 1024)
__thread char *cli_obuf;
__thread size_t cli_on, cli_ocap;
static __thread int capturing;    /* a worker collecting its chunk's output */
static int out_fd = STDOUT_FILENO;
static char *out_path;            /* final name with -o */
static int out_in_place;          /* -o names a FIFO or device: no rename */

/* Files written under a temporary name until they are whole: -o's and a
 * side file's (vectorize --names).  Removed when the run fails or is
 * interrupted. */
enum { TMP_OUT, TMP_SIDE, NTMP };
static char *volatile tmp_paths[NTMP];

void
cli_init(const char *name)
{
	cli_prog = name;
	cli_obuf = malloc(OBUF_SIZE);
	if (cli_obuf == NULL) {
		fprintf(stderr, "%s: out of memory\n", name);
		exit(EXIT_DATA);
	}
	cli_ocap = OBUF_SIZE;
}

static void
vwarn(const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", cli_prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void
cli_warn_at(const char *file, uint64_t line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s:%llu: ", cli_prog, file,
	    (unsigned long long)line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cli_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	cli_out_abort();
	exit(EXIT_DATA);
}

void
cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help' for more information.\n", cli_prog);
	cli_out_abort();
	exit(EXIT_USAGE);
}

void
cli_version(void)
{
	printf("%s (textfeat) %s\n", cli_prog, PACKAGE_VERSION);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: write error: %s\n", cli_prog,
		    strerror(errno));
		exit(EXIT_DATA);
	}
	exit(0);
}

size_t
cli_parse_size(const char *opt, const char *arg, size_t min, size_t max)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (arg[0] < '0' || arg[0] > '9')
		cli_usage_error("invalid value for %s: '%s'", opt, arg);
	v = strtoull(arg, &end, 10);
	if (*end != '\0')
		cli_usage_error("invalid value for %s: '%s'", opt, arg);
	if (errno == ERANGE || v < min || v > max)
		cli_usage_error("value for %s out of range: '%s'", opt, arg);
	return (size_t)v;
}

void
cli_parse_range(const char *opt, const char *arg, size_t lo, size_t hi,
                size_t *min, size_t *max)
{
	const char *colon = strchr(arg, ':');

	if (colon == NULL) {
		*min = *max = cli_parse_size(opt, arg, lo, hi);
		return;
	}
	char *a = strndup(arg, (size_t)(colon - arg));
	if (a == NULL)
		cli_die("out of memory");
	*min = cli_parse_size(opt, a, lo, hi);
	free(a);
	*max = cli_parse_size(opt, colon + 1, lo, hi);
	if (*min > *max)
		cli_usage_error("invalid range for %s: '%s' (MIN above MAX)",
		    opt, arg);
}

int
cli_parse_choice(const char *opt, const char *arg, const char *const *names)
{
	for (int i = 0; names[i] != NULL; i++)
		if (strcmp(arg, names[i]) == 0)
			return i;
	size_t n = 0, idx[3], k;
	while (names[n] != NULL)
		n++;
	k = cli_nearest(arg, strlen(arg), names, n, idx, 3);
	if (k > 0) {
		char list[256];
		cli_list_names(list, sizeof list, "'", "'", names, idx, k);
		cli_usage_error("invalid value for %s: '%s'; did you mean "
		    "%s?", opt, arg, list);
	}
	cli_usage_error("invalid value for %s: '%s'", opt, arg);
}

void
cli_try_help(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", cli_prog);
	cli_out_abort();
	exit(EXIT_USAGE);
}

int
cli_common_option(int c, const char *arg, enum cli_invalid *invalid,
                  const char **output, int *threads, void (*usage)(void))
{
	switch (c) {
	/* --threads */
	case 'j':
		if (threads == NULL)
			return 0;
		*threads = (int)cli_parse_size("--threads", arg, 1, 64);
		return 1;
	/* --invalid */
	case CLI_OPT_INVALID:
		*invalid = (enum cli_invalid)cli_parse_choice("--invalid", arg,
		    cli_invalid_names);
		return 1;
	/* --output */
	case 'o':
		*output = arg;
		return 1;
	/* --help */
	case 'h':
		usage();
		exit(cli_out_close(0));
	/* --version */
	case CLI_OPT_VERSION:
		cli_version();
	/* an unknown option or a missing value: getopt said which */
	case '?':
		cli_try_help();
	default:
		return 0;
	}
}

/* ------------------------------------------------------------------ */
/* Input                                                               */

int
cli_open(cli_input *in, const char *path)
{
	in->failed = 0;
	if (path == NULL || strcmp(path, "-") == 0) {
		in->name = "stdin";
		in->fd = STDIN_FILENO;
	} else {
		in->name = path;
		in->fd = open(path, O_RDONLY);
		if (in->fd < 0) {
			cli_warn("%s: %s", path, strerror(errno));
			return 1;
		}
	}
	in->r = txf_reader_new(in->fd);
	if (in->r == NULL)
		cli_die("out of memory");
	return 0;
}

void
cli_close(cli_input *in)
{
	txf_reader_free(in->r);
	in->r = NULL;
	txf_buf_free(&in->fix);
	if (in->fd != STDIN_FILENO)
		close(in->fd);
}

int
cli_next(cli_input *in, txf_str *line)
{
	for (;;) {
		int rc = txf_reader_line(in->r, line);
		if (rc == 0)
			return 0;
		if (rc < 0) {
			if (rc == TXF_ENOMEM)
				cli_die("out of memory");
			cli_warn("%s: %s", in->name, strerror(errno));
			in->failed = 1;
			return -1;
		}
		size_t ok = txf_utf8_check(line->p, line->n);
		if (ok == line->n)
			return 1;
		switch (in->invalid) {
		case CLI_INVALID_ERROR:
			cli_warn_at(in->name, txf_reader_lineno(in->r),
			    line->p[ok] == '\0' ? "NUL byte at byte %zu" :
			    "invalid UTF-8 at byte %zu", ok + 1);
			in->failed = 1;
			return -1;
		case CLI_INVALID_SKIP:
			in->bad_lines++;
			continue;
		case CLI_INVALID_REPLACE:
			in->bad_lines++;
			in->fix.n = 0;
			if (txf_utf8_repair(line->p, line->n, &in->fix) < 0)
				cli_die("out of memory");
			line->p = in->fix.p;
			line->n = in->fix.n;
			return 1;
		}
	}
}

int
cli_bad_record(cli_input *in, const char *fmt, ...)
{
	va_list ap;

	if (in->invalid != CLI_INVALID_ERROR) {
		in->bad_lines++;
		return in->invalid == CLI_INVALID_SKIP;
	}
	fprintf(stderr, "%s: %s:%llu: ", cli_prog, in->name,
	    (unsigned long long)txf_reader_lineno(in->r));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	in->failed = 1;
	return -1;
}

void
cli_report_invalid(const cli_input *in)
{
	if (in->bad_lines > 0)
		cli_warn("%llu line%s with invalid input %s",
		    (unsigned long long)in->bad_lines,
		    in->bad_lines == 1 ? "" : "s",
		    in->invalid == CLI_INVALID_SKIP ? "skipped" : "repaired");
}

/* ------------------------------------------------------------------ */
/* Output                                                              */

static void
on_signal(int sig)
{
	for (int k = 0; k < NTMP; k++) {
		char *p = tmp_paths[k];
		if (p != NULL)
			unlink(p);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * Create the temporary file for path: a hidden name beside it (so that the
 * rename stays within one file system), registered in tmp_paths[slot]
 * before any moment could leave it behind, with the usual mode 0666 &
 * ~umask.  Returns its descriptor; dies when it cannot be made.
 */
static int
tmp_create(const char *path, int slot)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	size_t len = strlen(path) + 16;
	char *t = malloc(len);
	if (t == NULL)
		cli_die("out of memory");
	snprintf(t, len, "%.*s.%s.XXXXXX", (int)dirlen, path, path + dirlen);
	/* The handlers first, so no moment leaves the file behind. */
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	int fd = mkstemp(t);
	if (fd >= 0)
		tmp_paths[slot] = t;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (fd < 0) {
		int e = errno;
		free(t);
		cli_die("%s: %s", path, strerror(e));
	}
	/* mkstemp makes 0600; give the file the usual 0666 & ~umask. */
	mode_t um = umask(0);
	umask(um);
	(void)fchmod(fd, 0666 & ~um);
	return fd;
}

/* Rename the temporary file of slot to path. */
static void
tmp_commit(int slot, const char *path)
{
	if (rename(tmp_paths[slot], path) != 0) {
		int e = errno;
		cli_out_abort();
		cli_die("%s: %s", path, strerror(e));
	}
	char *p = tmp_paths[slot];
	tmp_paths[slot] = NULL;
	free(p);
}

/*
 * An output file that exists and is not a regular file (a FIFO, a device
 * such as /dev/null, a socket) is written in place, as sort -o does: a
 * temporary file renamed over it would replace the node (a reader of the
 * FIFO would get nothing; as root, -o /dev/null would replace the
 * device).  Returns its descriptor, or -1 when path is a regular file or
 * does not exist (then it is written through a temporary file).  Opening
 * a FIFO waits for its reader, as any writer's open does.
 */
static int
open_in_place(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0 || S_ISREG(st.st_mode))
		return -1;
	if (S_ISDIR(st.st_mode))
		cli_die("%s: %s", path, strerror(EISDIR));
	int fd;
	do
		fd = open(path, O_WRONLY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		cli_die("%s: %s", path, strerror(errno));
	return fd;
}

static int side_in_place;   /* the side file is written in place */

void
cli_out_open(const char *path)
{
	if (path == NULL || strcmp(path, "-") == 0)
		return;
	if ((out_path = strdup(path)) == NULL)
		cli_die("out of memory");
	out_fd = open_in_place(path);
	if (out_fd < 0)
		out_fd = tmp_create(path, TMP_OUT);
	else
		out_in_place = 1;
}

FILE *
cli_side_open(const char *path)
{
	int fd = open_in_place(path);

	side_in_place = fd >= 0;
	FILE *f = fdopen(fd >= 0 ? fd : tmp_create(path, TMP_SIDE), "w");
	if (f == NULL)
		cli_die("%s: %s", path, strerror(errno));
	return f;
}

void
cli_side_commit(const char *path)
{
	if (!side_in_place)
		tmp_commit(TMP_SIDE, path);
}

void
cli_out_abort(void)
{
	for (int k = 0; k < NTMP; k++) {
		char *p = tmp_paths[k];
		if (p != NULL) {
			tmp_paths[k] = NULL;
			unlink(p);
			free(p);
		}
	}
}

static void
write_all(const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(out_fd, p, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EPIPE) {
				/* SIGPIPE was ignored: end as if it were not. */
				cli_out_abort();
				signal(SIGPIPE, SIG_DFL);
				raise(SIGPIPE);
				_exit(EXIT_DATA);
			}
			cli_die("write error%s%s: %s", out_path ? " on " : "",
			    out_path ? out_path : "", strerror(errno));
		}
		p += k;
		n -= (size_t)k;
	}
}

/* A worker's buffer grows instead of being written. */
static void
capture_grow(size_t need)
{
	size_t cap = cli_ocap;

	while (cap - cli_on < need) {
		if (cap > SIZE_MAX / 2)
			cli_die("out of memory");
		cap *= 2;
	}
	char *p = realloc(cli_obuf, cap);
	if (p == NULL)
		cli_die("out of memory");
	cli_obuf = p;
	cli_ocap = cap;
}

void
cli_out_flush(void)
{
	if (capturing) {
		capture_grow(cli_ocap);
		return;
	}
	write_all(cli_obuf, cli_on);
	cli_on = 0;
}

void
cli_out_big(const void *p, size_t n)
{
	if (capturing) {
		capture_grow(n);
		memcpy(cli_obuf + cli_on, p, n);
		cli_on += n;
		return;
	}
	cli_out_flush();
	if (n >= cli_ocap) {
		write_all(p, n);
		return;
	}
	memcpy(cli_obuf, p, n);
	cli_on = n;
}

void
cli_out_direct(const void *p, size_t n)
{
	if (n < 4096) {
		cli_out(p, n);
		return;
	}
	cli_out_flush();
	write_all(p, n);
}

void
cli_out_capture(txf_buf *b)
{
	if (b->cap < 2 * CHUNK_OUT && txf_buf_grow(b, 2 * CHUNK_OUT) < 0)
		cli_die("out of memory");
	cli_obuf = b->p;
	cli_on = 0;
	cli_ocap = b->cap;
	capturing = 1;
}

void
cli_out_uncapture(txf_buf *b)
{
	b->p = cli_obuf;
	b->n = cli_on;
	b->cap = cli_ocap;
	cli_obuf = NULL;
	cli_on = cli_ocap = 0;
	capturing = 0;
}

void
cli_out_escaped(const char *p, size_t n)
{
	if (n == 0)
		return;   /* p may be NULL: no arithmetic on it */
	const char *end = p + n;

	while (p < end) {
		const char *q = p;
		while (q < end && *q != '\\' && *q != '\t' && *q != '\n' &&
		    *q != '\r')
			q++;
		cli_out(p, (size_t)(q - p));
		if (q == end)
			break;
		char e[2] = { '\\', *q == '\\' ? '\\' : *q == '\t' ? 't' :
		    *q == '\n' ? 'n' : 'r' };
		cli_out(e, 2);
		p = q + 1;
	}
}

int
cli_out_close(int status)
{
	cli_out_flush();
	if (out_in_place) {
		if (close(out_fd) != 0)
			cli_die("write error on %s: %s", out_path,
			    strerror(errno));
		out_fd = -1;
		if (status != 0)
			cli_out_abort();   /* a side file */
		return status;
	}
	if (tmp_paths[TMP_OUT] == NULL) {
		/* stdout: stdio may hold text too (e.g. --help). */
		if (fflush(stdout) != 0 || ferror(stdout))
			cli_die("write error: %s", strerror(errno));
		if (status != 0)
			cli_out_abort();   /* a side file */
		return status;
	}
	if (close(out_fd) != 0)
		cli_die("write error on %s: %s", out_path, strerror(errno));
	out_fd = -1;
	if (status != 0) {
		cli_out_abort();
		return status;
	}
	tmp_commit(TMP_OUT, out_path);
	return status;
}

/* ------------------------------------------------------------------ */
/* Analysis options                                                    */

static const char *const mode_names[] = { "uax29", "word", "space", NULL };
static const char *const norm_names[] = { "none", "nfc", "nfkc", NULL };
static const char *const case_names[] = { "keep", "lower", "fold", NULL };

void
cli_analysis_init(cli_analysis *a)
{
	memset(a, 0, sizeof *a);
	txf_tokopts_init(&a->o);
}

int
cli_analysis_option(cli_analysis *a, int opt, const char *arg)
{
	switch (opt) {
	/* --mode */
	case CLI_OPT_MODE:
		a->o.mode = (enum txf_mode)cli_parse_choice("--mode", arg,
		    mode_names);
		return 1;
	/* --case */
	case CLI_OPT_CASE:
		a->o.casing = (enum txf_case)cli_parse_choice("--case", arg,
		    case_names);
		return 1;
	/* --norm */
	case CLI_OPT_NORM:
		a->o.norm = (enum txf_norm)cli_parse_choice("--norm", arg,
		    norm_names);
		return 1;
	/* --strip-accents */
	case CLI_OPT_STRIP_ACCENTS:
		a->o.strip_accents = 1;
		return 1;
	/* --min-len */
	case CLI_OPT_MIN_LEN:
		a->o.min_len = cli_parse_size("--min-len", arg, 1, SIZE_MAX);
		return 1;
	/* --max-len */
	case CLI_OPT_MAX_LEN:
		a->o.max_len = cli_parse_size("--max-len", arg, 1, SIZE_MAX);
		return 1;
	/* --stop */
	case CLI_OPT_STOP:
		a->stop_arg = arg;
		return 1;
	/* --stem */
	case CLI_OPT_STEM:
		a->stem_arg = arg;
		return 1;
	default:
		return 0;
	}
}

void
cli_analysis_finish(cli_analysis *a)
{
	int err = 0;

	if (a->o.max_len > 0 && a->o.max_len < a->o.min_len)
		cli_usage_error("--max-len is below --min-len");
	if (a->stop_arg != NULL) {
		const char *p = a->stop_arg;
		uint64_t line;
		txf_stopset *s = txf_stopset_open(p, NULL, &a->o, &err, &line);
		if (s == NULL) {
			int e = errno;
			int missing = err == TXF_ENOENT;
			if (missing)
				cli_usage_error("--stop: '%s' is neither a "
				    "stop-word list name nor a file",
				    a->stop_arg);
			if (err == TXF_EUTF8)
				cli_warn_at(p, line, "invalid UTF-8");
			else
				cli_warn("%s: %s", p, err == TXF_EIO ?
				    strerror(e) : txf_errmsg(err));
			exit(EXIT_DATA);
		}
		a->o.stop = s;
	}
	if (a->stem_arg != NULL) {
		a->o.stem = txf_stemmer_new(a->stem_arg, &err);
		if (a->o.stem == NULL) {
			if (err == TXF_ENOMEM)
				cli_die("out of memory");
			cli_usage_error("--stem: unknown language '%s'",
			    a->stem_arg);
		}
	}
}

void
cli_analysis_free(cli_analysis *a)
{
	txf_stopset_free((txf_stopset *)a->o.stop);
	txf_stemmer_free(a->o.stem);
	a->o.stop = NULL;
	a->o.stem = NULL;
}

/* ------------------------------------------------------------------ */
/* Tokens stream records                                               */

int
cli_next_tokrec(cli_input *in, cli_tokrec *rec)
{
	txf_str line, f[3];
	int rc;

	while ((rc = cli_next(in, &line)) > 0) {
		if (cli_is_analysis_line(line.p, line.n)) {
			in->hdr_lines++;
			if (in->hdr != NULL)
				(void)cli_hdr_see(in->hdr, in->name,
				    txf_reader_lineno(in->r), line.p, line.n);
			continue;
		}
		size_t nf = txf_fields(line, f, 3);
		rec->id = f[0];
		rec->extra.p = NULL;
		rec->extra.n = 0;
		if (nf < 2) {
			int s = cli_bad_record(in, "missing tokens column 2");
			if (s < 0)
				return -1;
			if (s > 0)
				continue;
			rec->tokens.p = "";
			rec->tokens.n = 0;
			return 1;
		}
		rec->tokens = f[1];
		if (nf == 3)
			rec->extra = f[2];
		return 1;
	}
	return rc;
}

void
cli_out_extra(const cli_tokrec *rec)
{
	if (rec->extra.p != NULL) {
		cli_outc('\t');
		cli_out(rec->extra.p, rec->extra.n);
	}
}
