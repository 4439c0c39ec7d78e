/*
 * progress.h - --progress[=auto|always|never]: bytes and records read, the
 * rate, and with a known total (regular files) the percentage and the time
 * left; then the phases after reading (sorting, merging, writing) by name.
 *
 * The input layer (cli_open/cli_next, cli_run_lines) counts; a thread of
 * this module draws the line four times a second: on a terminal redrawn
 * in place (\r, the rest of the line cleared), elsewhere, when asked with
 * --progress=always, as a plain line every few seconds.  Counting is a
 * few relaxed stores; the reading threads never draw.
 */
#ifndef TXF_PROGRESS_H
#define TXF_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------------ */
/* The pure core: what one status line says                            */

typedef struct {
	uint64_t bytes;        /* input bytes read */
	uint64_t records;      /* input records (lines) read */
	uint64_t total;        /* input bytes in all, 0 when unknown */
	double elapsed;        /* seconds since reading began */
	const char *phase;     /* NULL while reading, else e.g. "merging" */
	double phase_elapsed;  /* seconds in the phase */
	uint64_t written;      /* output bytes written so far */
	int done;              /* the final line */
} cli_progress_state;

/**
 * Write the status line for s, prefixed with "prog: ", into buf (size at
 * least 2; always NUL-terminated, cut to size - 1 bytes).  Returns its
 * length.  Reading:
 *   prog: 45.2 MB of 120 MB (37%), 1.20M records, 72.6 MB/s, 0:01 left
 *   prog: 45.2 MB, 1.20M records, 72.6 MB/s           (total unknown)
 * in a phase:
 *   prog: read 120 MB, 3.20M records in 0:02; merging 0:03, 12.0 MB written
 * done:
 *   prog: read 120 MB, 3.20M records in 0:02 (60.0 MB/s); done in 0:05
 */
size_t cli_progress_format(char *buf, size_t size, const char *prog,
                           const cli_progress_state *s);

/** 1234 -> "1234", 12345 -> "12.3k", 1.2e6 -> "1.20M" (buf >= 16). */
void cli_progress_count(char *buf, uint64_t n);
/** Bytes in decimal units: "512 B", "45.2 kB", "120 MB", "1.50 GB". */
void cli_progress_size(char *buf, double bytes);
/** Seconds as "0:07", "12:34", "1:02:03" (buf >= 24). */
void cli_progress_time(char *buf, double secs);

/* ------------------------------------------------------------------ */
/* The tools' side                                                     */

enum cli_progress_when { CLI_PROGRESS_NEVER, CLI_PROGRESS_AUTO,
                         CLI_PROGRESS_ALWAYS };
extern const char *const cli_progress_names[];   /* never auto always */

/** --progress[=WHEN] (arg NULL: auto, drawn when stderr is a terminal). */
void cli_progress_option(const char *arg);

/** Non-zero when progress is to be drawn (after cli_progress_option). */
extern int cli_progress_on;

/**
 * The inputs about to be read (standard input when n is 0, "-" for it):
 * their total size when every one is a regular file.  Starts the clock
 * and the drawing.  Called by cli_run_files and by tools that read with
 * cli_open; a second call adds nothing.
 */
void cli_progress_inputs(char **files, int n);

/* Counted by the input layer (one thread at a time). */
extern uint64_t cli_progress_bytes, cli_progress_records;
/* Counted by the output layer. */
extern uint64_t cli_progress_written;

static inline void
cli_progress_count_read(uint64_t bytes, uint64_t records)
{
	__atomic_store_n(&cli_progress_bytes, cli_progress_bytes + bytes,
	    __ATOMIC_RELAXED);
	__atomic_store_n(&cli_progress_records,
	    cli_progress_records + records, __ATOMIC_RELAXED);
}

/** Name the phase now running after reading ("sorting", "merging"...);
 * NULL goes back to no phase. */
void cli_progress_phase(const char *name);

/** Draw the final line and stop drawing (also at exit). */
void cli_progress_end(void);

/** Around any other write to stderr: the line is cleared first and
 * drawn again at the next tick. */
void cli_progress_hold(void);
void cli_progress_release(void);

#endif /* TXF_PROGRESS_H */
