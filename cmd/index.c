/* index - docs to one index file for retrieve. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "index.h"

/* The options given (static: the table points into it). */
static struct {
	const char *vocab;    /* -V */
	int store, merging;
} opt;

static const cli_opt opts[] = {
	{ .name = "vocab", .key = 'V', .str = &opt.vocab, .arg = "FILE",
	  .help = "take the analysis a vocab records",
	  .group = "Analysis (as in tokenize; recorded in the index):" },
	CLI_ANALYSIS_OPTS(NULL),
	{ .name = "store", .flag = &opt.store,
	  .help = "keep each document's text and extra\n"
	  "  columns, for the pairs retrieve writes",
	  .group = "Index:" },
	{ .name = "merge", .flag = &opt.merging,
	  .help = "the inputs are indexes (built with the same\n"
	  "  analysis, on shards of the documents):\n"
	  "  write the index of all their documents,\n"
	  "  in input order, the bytes one build gives" },
	CLI_OPT_MEMORY("hold at most about SIZE in memory (as\n"
	    "  sort -S: 500M, 2G, 10%); past it, partial\n"
	    "  indexes go to temporary files and are\n"
	    "  merged; the index is the same"),
	CLI_OPT_TMPDIR("for them (default $TMPDIR or /tmp)"),
	CLI_OPT_THREADS_AS("accepted for symmetry with the other tools;\n"
	    "  the build runs on one thread"),
	CLI_COMMON_OPTS
};

static const cli_tool tool = {
	.name = "index",
	.synopsis = "[OPTION]... [DOCS]... -o INDEX\n"
	"--merge [OPTION]... INDEX... -o INDEX",
	.about = "Build the index retrieve searches.\n"
	"Reads docs (id TAB text [TAB extra]...) from DOCS or standard input,\n"
	"tokenizes each text as tokenize does and writes one index file: the\n"
	"analysis, the documents' ids and lengths, their postings in compressed\n"
	"blocks with each block's largest score, and with --store their texts.\n",
	.opts = opts,
	.examples = "  index --store -o listings.idx listings.tsv\n"
	"  index --merge -o all.idx part1.idx part2.idx\n"
};

/* -S SIZE as sort(1) takes it (cli_parse_memory), 64K at least; at most
 * half the address space. */
static size_t
parse_memory(const char *arg)
{
	size_t m = cli_parse_memory(arg, 65536);

	return m > SIZE_MAX / 2 ? SIZE_MAX / 2 : m;
}

static int
write_out(void *arg, const void *p, size_t n)
{
	(void)arg;
	cli_out_direct(p, n);
	return 0;
}

/* The analysis recorded in a vocab's header. */
static txf_analysis *
vocab_analysis(const char *path)
{
	txf_error err;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		cli_die("%s: %s", path, strerror(errno));
	txf_vocab_reader *r = txf_vocab_open(fd, &err);
	if (r == NULL)
		cli_die_err(path, &err);
	const char *an = txf_vocab_reader_header(r)->analysis;
	txf_analysis *a = txf_analysis_parse(an, strlen(an), &err);
	if (a == NULL) {
		if (err.code == TXF_ENOMEM)
			cli_die("out of memory");
		cli_warn("%s: #analysis '%s': %s", path, an, err.msg);
		exit(EXIT_DATA);
	}
	txf_vocab_close(r);
	close(fd);
	return a;
}

static int
merge(char **files, int n)
{
	txf_ix **in = cli_xcalloc((size_t)n, sizeof *in);
	char msg[512];
	const char *bad = NULL;   /* the index that cannot be opened */
	int rc = 0, syserr = 0;

	for (int i = 0; i < n; i++)
		if (strcmp(files[i], "-") == 0)
			cli_usage_error("--merge: an index must be a file, not "
			    "standard input");
	for (int i = 0; i < n && bad == NULL; i++)
		if ((in[i] = txf_ix_open(files[i], &rc, msg, sizeof msg)) ==
		    NULL) {
			bad = files[i];
			syserr = errno;
		}
	if (bad == NULL)
		rc = txf_ix_merge(in, (size_t)n, write_out, NULL, msg,
		    sizeof msg);
	/* Closed before any message: an error exit leaks nothing. */
	for (int i = 0; i < n; i++)
		if (in[i] != NULL)
			txf_ix_close(in[i]);
	free(in);
	if (bad != NULL)
		cli_die("%s: %s", bad, rc == TXF_EFORMAT ? msg :
		    rc == TXF_EIO ? strerror(syserr) : txf_errmsg(rc));
	if (rc < 0)
		cli_die("%s", msg[0] ? msg : txf_errmsg(rc));
	return 0;
}

/* Building: one thread, documents in input order. */
struct build {
	txf_analyzer *z;
	txf_ix_builder *b;
	txf_buf text;         /* an unescaped text */
};

static void *
build_state(void *arg)
{
	return arg;
}

/* Add one document to the index. */
static int
index_line(cli_line_ctx *c, txf_str line)
{
	struct build *bs = c->state;
	txf_str f[2];
	int s = cli_line_fields(c, line, f, 2, "id, text");

	if (s <= 0)
		return s;
	txf_str rest = f[1];
	/* The text: up to the next TAB. */
	const char *tab = memchr(rest.p, '\t', rest.n);
	txf_str t = cli_unescaped((txf_str){ rest.p, tab ?
	    (size_t)(tab - rest.p) : rest.n }, &bs->text);
	txf_tokens toks;
	int e = txf_analyze(bs->z, t.p, t.n, &toks);
	if (e >= 0)
		e = txf_ix_builder_add(bs->b, f[0], rest, toks.v, toks.n);
	if (e < 0) {
		if (e == TXF_ENOMEM)
			cli_nomem();
		if (e == TXF_EIO)
			cli_die("temporary file: %s", strerror(errno));
		cli_die("%s:%llu: %s", c->name, (unsigned long long)c->lineno,
		    e == TXF_ERANGE ? "too many documents or tokens" :
		    txf_errmsg(e));
	}
	return 0;
}

int
main(int argc, char **argv)
{
	cli_analysis an;
	cli_common com;
	const char *output, *tmpdir = NULL, *arg;
	int c, status = 0;
	size_t memory = 0;

	cli_start(&tool, &com, &an, NULL);
	while ((c = cli_getopt(&tool, argc, argv, &com, &arg)) != -1) {
		switch (c) {
		/* --memory */
		case 'S':
			memory = parse_memory(arg);
			break;
		/* --temporary-directory */
		case 'T':
			if (arg[0] == '\0')
				cli_usage_error("--temporary-directory: empty "
				    "name");
			tmpdir = arg;
			break;
		}
	}
	output = com.output;
	if (opt.vocab != NULL && an.given > 0)
		cli_usage_error("--vocab gives the analysis: no analysis "
		    "option goes with it");
	if (opt.merging && (opt.vocab != NULL || an.given > 0 ||
	    opt.store))
		cli_usage_error("--merge takes the analysis and --store from "
		    "its indexes");
	if (opt.merging && cli_header)
		cli_usage_error("--header applies to docs, not to --merge's "
		    "indexes");
	if (opt.merging && optind == argc)
		cli_usage_error("--merge: no index given");
	if ((output == NULL || strcmp(output, "-") == 0) && isatty(1))
		cli_usage_error("the index is binary: give -o INDEX or "
		    "redirect the output");

	if (opt.merging) {
		cli_out_open(output);
		merge(argv + optind, argc - optind);
		return cli_out_close(0);
	}
	txf_analysis *a;
	txf_error err;
	int rc;
	if (opt.vocab != NULL) {
		a = vocab_analysis(opt.vocab);
	} else {
		cli_analysis_finish(&an);
		a = txf_analysis_new(&an.o, an.stop_arg, NULL, &err);
		if (a == NULL)
			cli_die("%s", txf_errmsg(err.code));
	}
	txf_buf desc = { 0 };
	if (txf_analysis_write(a, &desc) < 0)
		cli_die("out of memory");
	txf_analyzer *z = txf_analyzer_new(a, NULL, &err);
	if (z == NULL)
		cli_die_err(NULL, &err);
	txf_ix_builder *b = txf_ix_builder_new(desc.p, desc.n, opt.store,
	    memory, tmpdir, &rc);
	if (b == NULL)
		cli_die("out of memory");
	cli_out_open(output);

	struct build bs = { .z = z, .b = b };
	cli_lines l = { .fn = index_line, .make_state = build_state,
	    .arg = &bs, .threads = 1, .invalid = com.invalid };
	status = cli_run_files(&l, argv + optind, argc - optind) ?
	    EXIT_DATA : 0;
	if (status == 0) {
		rc = txf_ix_builder_finish(b, write_out, NULL);
		if (rc < 0)
			cli_die("%s", rc == TXF_EIO ? strerror(errno) :
			    txf_errmsg(rc));
	}
	status = cli_out_close(status);
	txf_ix_builder_free(b);
	txf_analyzer_free(z);
	txf_analysis_free(a);
	txf_buf_free(&bs.text);
	txf_buf_free(&desc);
	cli_analysis_free(&an);
	return status;
}
