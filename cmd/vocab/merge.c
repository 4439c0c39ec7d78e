/* merge.c - vocab --merge: the shards' vocabs, their analyses and
 * counts. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vocab.h"

static txf_analysis *merge_first;   /* shard 0's analysis */
static char *merge_text;            /* its spelling */

/* Shard i's #analysis must be the first shard's (and --analysis's):
 * vocabs of different analyses do not merge. */
static void
check_shard(const struct opts *op, const struct shards *sh, int i,
            const char *text, txf_vocab_header *h)
{
	static int first_none;        /* shard 0 recorded none */
	txf_analysis *first = merge_first ? merge_first : op->analysis;
	txf_analysis *a = NULL;

	if (text[0] != '\0') {
		char what[400];
		snprintf(what, sizeof what, "%s: #analysis", sh->name[i]);
		a = cli_hdr_parse(what, text, strlen(text));
	}
	if (i == 0 && op->analysis == NULL) {
		merge_first = a;
		first_none = a == NULL;
		if (a != NULL)
			h->analysis = merge_text = cli_spell(a);
		else
			h->analysis = (char *)"";
		return;
	}
	const char *other = op->analysis ? "--analysis" : sh->name[0];
	if (a == NULL && (first != NULL || first_none == 0))
		cli_die("%s: a vocab without a recorded analysis; %s has one: "
		    "vocabs of different analyses do not merge",
		    sh->name[i], other);
	if (a != NULL && first == NULL) {
		txf_analysis_free(a);
		cli_die("%s: a vocab with a recorded analysis; %s has none: "
		    "vocabs of different analyses do not merge",
		    sh->name[i], other);
	}
	if (a != NULL) {
		char *d = cli_hdr_diff(a, first);
		if (d != NULL) {
			char *sa = cli_spell(a);
			/* LeakSanitizer: nothing held but the message */
			if (a != first)
				txf_analysis_free(a);
			cli_die("%s: its analysis differs from %s's, first at "
			    "%s: vocabs of different analyses do not merge\n"
			    "  %s: %s\n  %s: %s", sh->name[i], other, d,
			    sh->name[i], sa, other, cli_spell(first));
		}
		if (a != first)
			txf_analysis_free(a);
	}
}

void
open_shards(const struct opts *op, int argc, char **argv, struct shards *sh,
            txf_vocab_header *h, txf_merge *m)
{
	int nfiles = argc > 0 ? argc : 1, stdin_used = 0;

	sh->fd = calloc((size_t)nfiles, sizeof *sh->fd);
	sh->r = calloc((size_t)nfiles, sizeof *sh->r);
	sh->name = calloc((size_t)nfiles, sizeof *sh->name);
	if (sh->fd == NULL || sh->r == NULL || sh->name == NULL)
		cli_die("out of memory");
	for (int i = 0; i < nfiles; i++) {
		const char *path = argc > 0 ? argv[i] : "-";
		txf_error err;
		int fd;

		if (strcmp(path, "-") == 0) {
			if (stdin_used++)
				cli_usage_error("--merge: standard input named "
				    "twice");
			sh->name[i] = "stdin";
			fd = STDIN_FILENO;
		} else {
			sh->name[i] = path;
			fd = open(path, O_RDONLY);
			if (fd < 0)
				cli_die("%s: %s", path, strerror(errno));
		}
		sh->fd[i] = fd;
		sh->n = i + 1;
		sh->r[i] = txf_vocab_open(fd, &err);
		if (sh->r[i] == NULL)
			cli_die_err(sh->name[i], &err);
		const txf_vocab_header *sh_h = txf_vocab_reader_header(sh->r[i]);
		if (strcmp(sh_h->pruning, "none") != 0)
			cli_die("%s: a pruned vocab (#pruning %s): merge "
			    "vocabs built without --min-df, --max-df and "
			    "--max-features", sh->name[i], sh_h->pruning);
		check_shard(op, sh, i, sh_h->analysis, h);
		if (sh_h->docs > UINT64_MAX - h->docs ||
		    sh_h->tokens > UINT64_MAX - h->tokens)
			cli_die("%s: more than 2^64 - 1 documents or tokens",
			    sh->name[i]);
		h->docs += sh_h->docs;
		h->tokens += sh_h->tokens;
		if (txf_merge_add_vocab(m, sh->r[i]) < 0)
			cli_die("out of memory");
	}
}

void
close_shards(struct shards *sh)
{
	for (int i = 0; i < sh->n; i++) {
		txf_vocab_close(sh->r[i]);
		if (sh->fd[i] != STDIN_FILENO)
			close(sh->fd[i]);
	}
	free(sh->fd);
	free(sh->r);
	free(sh->name);
	txf_analysis_free(merge_first);
	free(merge_text);
}
