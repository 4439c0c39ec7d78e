/* index - docs to one index file for retrieve. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "index.h"

enum {
	OPT_STORE = CLI_OPT_NEXT,
	OPT_MERGE,
};

static const struct option longopts[] = {
	CLI_ANALYSIS_LONGOPTS,
	{ "vocab", required_argument, NULL, 'V' },
	{ "store", no_argument, NULL, OPT_STORE },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ "memory", required_argument, NULL, 'S' },
	{ "temporary-directory", required_argument, NULL, 'T' },
	{ "threads", required_argument, NULL, 'j' },
	CLI_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf("\
Usage: index [OPTION]... [DOCS]... -o INDEX\n\
  or:  index --merge [OPTION]... INDEX... -o INDEX\n\
Build the index retrieve searches.\n\
Reads docs (id TAB text [TAB extra]...) from DOCS or standard input,\n\
tokenizes each text as tokenize does and writes one index file: the\n\
analysis, the documents' ids and lengths, their postings in compressed\n\
blocks with each block's largest score, and with --store their texts.\n\
\n\
Analysis (as in tokenize; recorded in the index):\n\
  -V, --vocab=FILE             take the analysis a vocab records\n\
      --norm=nfkc|nfc|none     Unicode normalization (default nfkc)\n\
      --case=fold|lower|keep   case folding, str.lower(), or none\n\
      --strip-accents          NFKD, then drop combining marks\n\
      --mode=uax29|word|space  word segmentation (default uax29)\n\
      --min-len=N              drop tokens of fewer than N code points\n\
      --max-len=N              drop tokens of more than N code points\n\
      --stop=LANG|FILE         drop stop words (a shipped list or a file)\n\
      --stem=LANG              Snowball stemmer (english, french, ...)\n\
\n\
Index:\n\
      --store                  keep each document's text and extra\n\
                                 columns, for the pairs retrieve writes\n\
      --merge                  the inputs are indexes (built with the same\n\
                                 analysis, on shards of the documents):\n\
                                 write the index of all their documents,\n\
                                 in input order, the bytes one build gives\n\
  -S, --memory=SIZE            hold at most about SIZE in memory (as\n\
                                 sort -S: 500M, 2G, 10%%); past it, partial\n\
                                 indexes go to temporary files and are\n\
                                 merged; the index is the same\n\
  -T, --temporary-directory=DIR  for them (default $TMPDIR or /tmp)\n\
  -j, --threads=N              accepted for symmetry with the other tools;\n\
                                 the build runs on one thread\n\
      --invalid=error|replace|skip\n\
                               on invalid UTF-8, NUL or a missing text\n\
                                 column: stop with an error (default),\n\
                                 repair, or skip the line\n\
  -o, --output=FILE            write to FILE, complete or not at all\n\
  -h, --help                   display this help and exit\n\
      --version                output version information and exit\n\
\n\
Examples:\n\
  index --store -o listings.idx listings.tsv\n\
  index --merge -o all.idx part1.idx part2.idx\n\
\n\
Exit status: 0 success, 1 bad data or I/O failure, 2 bad usage.\n\
See index(1), retrieve(1) and textfeat(7).\n");
}

/* SIZE as sort(1) -S takes it. */
static size_t
parse_memory(const char *arg)
{
	char *end;
	unsigned long long v;
	double mult = 1024;

	if (arg[0] < '0' || arg[0] > '9')
		cli_usage_error("invalid value for --memory: '%s'", arg);
	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno != 0 || (end[0] != '\0' && end[1] != '\0'))
		cli_usage_error("invalid value for --memory: '%s'", arg);
	switch (end[0]) {
	case '\0':
	case 'k': case 'K': mult = 1024.0; break;
	case 'b':           mult = 1; break;
	case 'm': case 'M': mult = 1024.0 * 1024; break;
	case 'g': case 'G': mult = 1024.0 * 1024 * 1024; break;
	case 't': case 'T': mult = 1024.0 * 1024 * 1024 * 1024; break;
	case '%': {
		long pages = sysconf(_SC_PHYS_PAGES);
		long psize = sysconf(_SC_PAGESIZE);
		if (pages <= 0 || psize <= 0 || v > 100)
			cli_usage_error("value for --memory out of range: "
			    "'%s'", arg);
		mult = (double)pages * (double)psize / 100;
		break;
	}
	default:
		cli_usage_error("invalid value for --memory: '%s'", arg);
	}
	double m = (double)v * mult;
	if (m < 65536)
		cli_usage_error("value for --memory too small (64K at least): "
		    "'%s'", arg);
	return m > (double)SIZE_MAX / 2 ? SIZE_MAX / 2 : (size_t)m;
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
	char msg[256] = "";
	uint64_t line = 0;
	int err = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		cli_die("%s: %s", path, strerror(errno));
	txf_vocab_reader *r = txf_vocab_open(fd, &err, msg, sizeof msg, &line);
	if (r == NULL) {
		if (err == TXF_ENOMEM)
			cli_die("out of memory");
		if (err == TXF_EIO)
			cli_die("%s: %s", path, strerror(errno));
		cli_warn_at(path, line, "%s", msg[0] ? msg : txf_errmsg(err));
		exit(EXIT_DATA);
	}
	const char *an = txf_vocab_reader_header(r)->analysis;
	txf_analysis *a = txf_analysis_parse(an, strlen(an), &err, msg,
	    sizeof msg);
	if (a == NULL) {
		if (err == TXF_ENOMEM)
			cli_die("out of memory");
		cli_warn("%s: #analysis '%s': %s", path, an, msg);
		exit(EXIT_DATA);
	}
	txf_vocab_close(r);
	close(fd);
	return a;
}

static int
merge(char **files, int n)
{
	txf_ix **in = calloc((size_t)n, sizeof *in);
	char msg[512];
	int err;

	if (in == NULL)
		cli_die("out of memory");
	for (int i = 0; i < n; i++) {
		if (strcmp(files[i], "-") == 0)
			cli_usage_error("--merge: an index must be a file, not "
			    "standard input");
		in[i] = txf_ix_open(files[i], &err, msg, sizeof msg);
		if (in[i] == NULL) {
			if (err == TXF_EFORMAT)
				cli_die("%s: %s", files[i], msg);
			cli_die("%s: %s", files[i], err == TXF_EIO ?
			    strerror(errno) : txf_errmsg(err));
		}
	}
	int rc = txf_ix_merge(in, (size_t)n, write_out, NULL, msg, sizeof msg);
	if (rc < 0)
		cli_die("%s", msg[0] ? msg : txf_errmsg(rc));
	for (int i = 0; i < n; i++)
		txf_ix_close(in[i]);
	free(in);
	return 0;
}

int
main(int argc, char **argv)
{
	cli_analysis an;
	enum cli_invalid invalid = CLI_INVALID_ERROR;
	const char *output = NULL, *vocab = NULL, *tmpdir = NULL;
	int c, store = 0, merging = 0, threads = 1, status = 0, set = 0;
	size_t memory = 0;

	cli_init("index");
	argv[0] = (char *)"index";
	cli_analysis_init(&an);
	while ((c = cli_getopt(argc, argv, "V:S:T:j:o:h", longopts)) !=
	    -1) {
		if (cli_analysis_option(&an, c, optarg)) {
			set = 1;
			continue;
		}
		if (cli_common_option(c, optarg, &invalid, &output, &threads,
		    usage))
			continue;
		switch (c) {
		/* --vocab */
		case 'V':
			vocab = optarg;
			break;
		/* --store */
		case OPT_STORE:
			store = 1;
			break;
		/* --merge */
		case OPT_MERGE:
			merging = 1;
			break;
		/* --memory */
		case 'S':
			memory = parse_memory(optarg);
			break;
		/* --temporary-directory */
		case 'T':
			if (optarg[0] == '\0')
				cli_usage_error("--temporary-directory: empty "
				    "name");
			tmpdir = optarg;
			break;
		default:
			cli_try_help();
		}
	}
	if (vocab != NULL && set)
		cli_usage_error("--vocab gives the analysis: no analysis "
		    "option goes with it");
	if (merging && (vocab != NULL || set || store))
		cli_usage_error("--merge takes the analysis and --store from "
		    "its indexes");
	if (merging && optind == argc)
		cli_usage_error("--merge: no index given");
	if ((output == NULL || strcmp(output, "-") == 0) && isatty(1))
		cli_usage_error("the index is binary: give -o INDEX or "
		    "redirect the output");

	if (merging) {
		cli_out_open(output);
		merge(argv + optind, argc - optind);
		return cli_out_close(0);
	}
	txf_analysis *a;
	int err;
	char msg[256];
	if (vocab != NULL) {
		a = vocab_analysis(vocab);
	} else {
		cli_analysis_finish(&an);
		a = txf_analysis_new(&an.o, an.stop_arg, NULL, &err);
		if (a == NULL)
			cli_die("%s", txf_errmsg(err));
	}
	txf_buf desc = { 0 };
	if (txf_analysis_write(a, &desc) < 0)
		cli_die("out of memory");
	txf_analyzer *z = txf_analyzer_new(a, NULL, &err, msg, sizeof msg);
	if (z == NULL)
		cli_die("%s", msg[0] ? msg : txf_errmsg(err));
	txf_ix_builder *b = txf_ix_builder_new(desc.p, desc.n, store, memory,
	    tmpdir, &err);
	if (b == NULL)
		cli_die("out of memory");
	cli_out_open(output);

	txf_buf text = { 0 };
	int nfiles = argc - optind;
	for (int fi = 0; fi < (nfiles ? nfiles : 1); fi++) {
		cli_input in = { .invalid = invalid };
		if (cli_open(&in, nfiles ? argv[optind + fi] : NULL) != 0) {
			status = EXIT_DATA;
			continue;
		}
		txf_str line, f[2];
		int r;
		while ((r = cli_next(&in, &line)) > 0) {
			size_t nf = txf_fields(line, f, 2);
			txf_str rest = { "", 0 };
			if (nf < 2) {
				int s = cli_bad_record(&in, "expected 2 columns "
				    "(id, text), found 1");
				if (s != 0) {
					if (s < 0)
						break;
					continue;
				}
			} else {
				rest = f[1];
			}
			/* The text: up to the next TAB. */
			const char *tab = memchr(rest.p, '\t', rest.n);
			txf_str t = { rest.p, tab ? (size_t)(tab - rest.p) :
			    rest.n };
			if (memchr(t.p, '\\', t.n) != NULL) {
				text.n = 0;
				if (txf_unescape(t.p, t.n, &text) < 0)
					cli_die("out of memory");
				t.p = text.p;
				t.n = text.n;
			}
			txf_tokens toks;
			int e = txf_analyze(z, t.p, t.n, &toks);
			if (e >= 0)
				e = txf_ix_builder_add(b, f[0], rest, toks.v,
				    toks.n);
			if (e < 0) {
				if (e == TXF_ENOMEM)
					cli_die("out of memory");
				if (e == TXF_EIO)
					cli_die("temporary file: %s",
					    strerror(errno));
				cli_die("%s:%llu: %s", in.name,
				    (unsigned long long)txf_reader_lineno(in.r),
				    e == TXF_ERANGE ? "too many documents or "
				    "tokens" : txf_errmsg(e));
			}
		}
		if (r < 0 || in.failed)
			status = EXIT_DATA;
		cli_report_invalid(&in);
		cli_close(&in);
		if (status != 0)
			break;
	}
	if (status == 0) {
		int rc = txf_ix_builder_finish(b, write_out, NULL);
		if (rc < 0)
			cli_die("%s", rc == TXF_EIO ? strerror(errno) :
			    txf_errmsg(rc));
	}
	status = cli_out_close(status);
	txf_ix_builder_free(b);
	txf_analyzer_free(z);
	txf_analysis_free(a);
	txf_buf_free(&text);
	txf_buf_free(&desc);
	cli_analysis_free(&an);
	return status;
}
