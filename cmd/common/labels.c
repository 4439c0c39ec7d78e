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
	txf_error err;
	txf_labelmap *m;

	if (access(path, F_OK) != 0 && errno == ENOENT)
		return NULL;
	if ((m = txf_labelmap_load(path, &err)) == NULL)
		cli_die_err(path, &err);
	return m;
}
