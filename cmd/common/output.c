/*
 * output.c - the tools' output: a buffered writer on standard output or
 * on -o FILE, written to a temporary file beside FILE and renamed at the
 * end, so that a failed or interrupted run leaves no partial file.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

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
enum { TMP_OUT, TMP_SIDE, NTMP = TMP_SIDE + 4 };
static char *volatile tmp_paths[NTMP];
static const char *side_paths[NTMP];   /* a side file's final path */
static int side_in_place[NTMP];        /* written in place (a FIFO...) */

void
cli_out_init(void)
{
	cli_obuf = cli_xmalloc(OBUF_SIZE);
	cli_ocap = OBUF_SIZE;
}


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
	char *t = cli_xmalloc(len);
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

void
cli_out_open(const char *path)
{
	if (path == NULL || strcmp(path, "-") == 0)
		return;
	out_path = cli_xstrdup(path);
	out_fd = open_in_place(path);
	if (out_fd < 0)
		out_fd = tmp_create(path, TMP_OUT);
	else
		out_in_place = 1;
}

FILE *
cli_side_open(const char *path)
{
	int k = TMP_SIDE;

	while (k < NTMP && side_paths[k] != NULL)
		k++;
	if (k == NTMP)
		cli_die("%s: too many side files", path);
	int fd = open_in_place(path);

	side_in_place[k] = fd >= 0;
	FILE *f = fdopen(fd >= 0 ? fd : tmp_create(path, k), "w");

	if (f == NULL)
		cli_die("%s: %s", path, strerror(errno));
	side_paths[k] = path;
	return f;
}

void
cli_side_close(FILE *f, const char *path)
{
	if (fflush(f) != 0 || ferror(f)) {
		int e = errno;
		fclose(f);
		cli_die("write error on %s: %s", path, strerror(e));
	}
	if (fclose(f) != 0)
		cli_die("write error on %s: %s", path, strerror(errno));
}

void
cli_side_commit(const char *path)
{
	for (int k = TMP_SIDE; k < NTMP; k++)
		if (side_paths[k] != NULL && strcmp(side_paths[k], path) == 0) {
			side_paths[k] = NULL;
			if (!side_in_place[k])
				tmp_commit(k, path);
			return;
		}
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
		__atomic_fetch_add(&cli_progress_written, (uint64_t)k,
		    __ATOMIC_RELAXED);
	}
}

/* A worker's buffer grows instead of being written. */
static void
capture_grow(size_t need)
{
	size_t cap = cli_ocap;

	while (cap - cli_on < need) {
		if (cap > SIZE_MAX / 2)
			cli_nomem();
		cap *= 2;
	}
	cli_obuf = cli_xrealloc(cli_obuf, cap, 1);
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
	if (b->cap < 2 * CHUNK_OUT)
		cli_xmem(txf_buf_grow(b, 2 * CHUNK_OUT));
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
	if (status == 0)
		cli_progress_end();
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

