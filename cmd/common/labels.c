/* labels.c - the --label-map file of vectorize and match. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

txf_labelmap *
cli_labelmap_open(const char *path)
{
	char msg[256] = "";
	uint64_t line = 0;
	int err = 0;
	txf_labelmap *m;

	if (access(path, F_OK) != 0 && errno == ENOENT)
		return NULL;
	errno = 0;
	m = txf_labelmap_load(path, &err, msg, sizeof msg, &line);
	if (m != NULL)
		return m;
	if (err == TXF_ENOMEM)
		cli_die("out of memory");
	if (err == TXF_EFORMAT) {
		cli_warn_at(path, line, "%s", msg);
		cli_out_abort();
		exit(EXIT_DATA);
	}
	cli_die("%s: %s", path, err == TXF_EIO ? strerror(errno) :
	    txf_errmsg(err));
}

void
cli_labelmap_write(const txf_labelmap *m, FILE *f, const char *path)
{
	txf_buf b = { 0 };

	if (txf_labelmap_format(m, &b) < 0)
		cli_die("out of memory");
	fwrite(b.p, 1, b.n, f);
	txf_buf_free(&b);
	cli_side_close(f, path);
}
