/*
 * chunk.h - the input engine's reading side (chunk.c), shared with its
 * running side (input.c): a file read in chunks of whole lines, each
 * knowing the number of its first line.  Private to cmd/common/input.c
 * and chunk.c; the tools see input.h.
 */
#ifndef TXF_CLI_CHUNK_H
#define TXF_CLI_CHUNK_H

#include <pthread.h>
#include <stdint.h>

#include "textfeat.h"
#include "input.h"

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

/* Read the next chunk of whole lines of r's file into ch (a leading byte
 * order mark dropped; analysis lines, the --header line and the first
 * record handed on as cli_lines says).  Returns 0 when there is no more
 * input, 1 for a chunk, -1 after a reported read error. */
int cli_chunk_fill(struct run *r, struct chunk *ch);

/* Whether a read of fd would wait: a slow writer's lines are then
 * processed without waiting for a whole chunk. */
int cli_would_block(int fd);

#endif
