/*
 * textfeat - the front command: `textfeat TOOL [ARG]...` runs the installed
 * tool of that name, whatever --program-prefix, --program-suffix or
 * --program-transform-name gave it (configure's transform is applied to
 * the names at build time, in textfeat-tools.h).  Links nothing but libc.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suggest.h"

/* The tools: name, installed name, and what each does (for --help). */
static const struct tool {
	const char *name, *installed;
} tools[] = {
#define TOOL(name, installed) { name, installed },
#include "textfeat-tools.h"
#undef TOOL
};
#define NTOOLS (sizeof tools / sizeof tools[0])

/* One line each for --help; a tool missing here is listed with none. */
static const char *const blurbs[][2] = {
	{ "tokenize", "docs to tokens: words, normalization, case, "
	    "stop words, stems" },
	{ "ngrams", "tokens to tokens: word n-grams, skip-grams, character "
	    "n-grams" },
	{ "tf", "tokens to terms: term frequencies per document and their "
	    "weights" },
	{ "vocab", "tokens to a vocab: df, cf, pruning and idf; merges "
	    "shards' vocabs" },
	{ "vectorize", "tokens to vectors: tf-idf or hashing, svmlight, VW, "
	    "triplets" },
	{ "match", "query-listing pairs to learning-to-rank features" },
	{ "index", "docs to one index file: postings for retrieve" },
	{ "retrieve", "queries and an index to top-k BM25 candidates" },
};

static const char *
blurb(const char *name)
{
	for (size_t i = 0; i < sizeof blurbs / sizeof blurbs[0]; i++)
		if (strcmp(blurbs[i][0], name) == 0)
			return blurbs[i][1];
	return "";
}

static void
usage(void)
{
	printf("\
Usage: textfeat TOOL [ARG]...\n\
  or:  textfeat help TOOL\n\
  or:  textfeat --help | --version\n\
Run the textfeat tool TOOL with ARGs, as it was installed (under its own\n\
name, or a prefixed one such as tf-%s).  `textfeat help TOOL` is\n\
`textfeat TOOL --help`.\n\
\n\
Tools:\n", tools[0].name);
	for (size_t i = 0; i < NTOOLS; i++)
		printf("  %-10s  %s\n", tools[i].name, blurb(tools[i].name));
	printf("\
\n\
Options:\n\
  -h, --help       display this help and exit\n\
      --version    output version information and exit\n\
\n\
Examples:\n\
  textfeat tokenize listings.tsv | textfeat vocab --top=20\n\
  textfeat help vectorize\n\
\n\
Exit status: the tool's; 2 for an unknown tool or bad usage, 1 when the\n\
tool cannot be run.\n\
See textfeat(1) and textfeat(7).\n");
}

static void __attribute__((noreturn))
try_help(void)
{
	fprintf(stderr, "Try 'textfeat --help' for more information.\n");
	exit(2);
}

/* The folder this program was run from, or NULL. */
static char *
self_dir(void)
{
	static char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (slash == NULL)
		return NULL;
	*slash = '\0';
	return buf;
}

/* Run tool t with argv (argv[0] is replaced); returns only on failure. */
static void __attribute__((noreturn))
run(const struct tool *t, char **argv)
{
	static char path[PATH_MAX + 64];
	const char *dir = self_dir();

	/* In the build tree the tools have their plain names. */
	if (dir != NULL && strcmp(dir, TXF_BUILDDIR) == 0)
		snprintf(path, sizeof path, "%s/%s", dir, t->name);
	else if (dir != NULL && (snprintf(path, sizeof path, "%s/%s", dir,
	    t->installed), access(path, X_OK) == 0))
		;  /* installed beside textfeat (also after a relocation) */
	else
		snprintf(path, sizeof path, "%s/%s", TXF_BINDIR, t->installed);
	argv[0] = path;
	execv(path, argv);
	fprintf(stderr, "textfeat: cannot run %s: %s: %s\n", t->name, path,
	    strerror(errno));
	exit(1);
}

static const struct tool *
find(const char *name)
{
	const char *names[NTOOLS];
	size_t idx[3], k;
	char list[256];

	for (size_t i = 0; i < NTOOLS; i++) {
		if (strcmp(tools[i].name, name) == 0 ||
		    strcmp(tools[i].installed, name) == 0)
			return &tools[i];
		names[i] = tools[i].name;
	}
	k = cli_nearest(name, strlen(name), names, NTOOLS, idx, 3);
	cli_list_names(list, sizeof list, "'", "'", names, idx, k);
	fprintf(stderr, "textfeat: '%s' is not a textfeat tool%s%s%s\n", name,
	    k > 0 ? "; did you mean " : "", list, k > 0 ? "?" : "");
	try_help();
}

int
main(int argc, char **argv)
{
	static char help[] = "--help";

	if (argc < 2) {
		fprintf(stderr, "textfeat: no tool named\n");
		try_help();
	}
	const char *a = argv[1];
	if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
		usage();
		return fflush(stdout) != 0 || ferror(stdout) ? 1 : 0;
	}
	if (strcmp(a, "--version") == 0) {
		printf("textfeat (textfeat) %s\n", PACKAGE_VERSION);
		return fflush(stdout) != 0 || ferror(stdout) ? 1 : 0;
	}
	if (strcmp(a, "help") == 0) {
		if (argc != 3) {
			fprintf(stderr, "textfeat: help takes one tool\n");
			try_help();
		}
		char *args[] = { NULL, help, NULL };
		run(find(argv[2]), args);
	}
	if (a[0] == '-') {
		fprintf(stderr, "textfeat: unrecognized option '%s'\n", a);
		try_help();
	}
	run(find(a), argv + 1);
}
