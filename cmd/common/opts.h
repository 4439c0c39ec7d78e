/*
 * opts.h - the tools' options, from one table per tool.
 *
 * A tool lists its options once, as an array of cli_opt ended by
 * CLI_COMMON_OPTS (and so by CLI_OPT_END), in the order --help shows
 * them.  From that table come the getopt_long arrays (cli_getopt), the
 * --help text (cli_help), and what completions and "did you mean"
 * suggestions need (the names, their aliases and the values an option
 * takes).  The options every tool shares (--invalid, -o, -j, -h,
 * --version, the analysis options) are entries written once here, and
 * cli_getopt() handles the common ones itself, and those whose entry
 * says where their value goes (.flag, .str, .num).
 *
 *	static struct opts opt;   (static: the table may point into it)
 *	static const cli_opt opts[] = {
 *		{ .name = "weight", .key = OPT_WEIGHT,
 *		  .values = txf_vec_weight_names, .dflt = "raw",
 *		  .help = "the count (default); ...", .group = "Weights:" },
 *		{ .name = "top", .key = OPT_TOP, .arg = "K",
 *		  .help = "keep the K terms ..." },
 *		{ .name = "quiet", .key = 'q', .flag = &opt.quiet,
 *		  .help = "..." },
 *		CLI_COMMON_OPTS_THREADS(NULL)   (-j, then the common ones)
 *	};
 *	static const cli_tool tool = { .name = "tf", ... .opts = opts, ... };
 *	...
 *	while ((c = cli_getopt(&tool, argc, argv, &common, &arg)) != -1)
 *		switch (c) { case OPT_WEIGHT: ... }   (-q is set already)
 *
 * Part of cli.h; not installed.
 */
#ifndef TXF_CLI_OPTS_H
#define TXF_CLI_OPTS_H

#include <limits.h>
#include <stddef.h>
#include <unistd.h>   /* optind: the first operand after cli_getopt() */

/* --invalid=error|replace|skip */
enum cli_invalid { CLI_INVALID_ERROR, CLI_INVALID_REPLACE, CLI_INVALID_SKIP };
/** The NULL-terminated names of enum cli_invalid. */
const char *const *cli_invalid_names(void);

/* Keys of the long-only options every tool may have; a tool numbers its
 * own from CLI_OPT_NEXT. */
enum {
	CLI_OPT_MODE = CHAR_MAX + 1,
	CLI_OPT_CASE,
	CLI_OPT_NORM,
	CLI_OPT_STRIP_ACCENTS,
	CLI_OPT_MIN_LEN,
	CLI_OPT_MAX_LEN,
	CLI_OPT_STOP,
	CLI_OPT_STEM,
	CLI_OPT_INVALID,
	CLI_OPT_VERSION,
	CLI_OPT_PROGRESS,
	CLI_OPT_HEADER,
	CLI_OPT_NEXT = CHAR_MAX + 64   /* a tool's own options from here */
};

/** One option. */
typedef struct cli_opt {
	const char *name;      /* long name, without "--"; NULL: a line of
	                          text (help) in the listing, or the end */
	int key;               /* the short letter, or a number from
	                          CHAR_MAX + 1: what cli_getopt returns */
	const char *arg;       /* argument's name ("N", "FILE"); NULL: none,
	                          or the values joined by '|' when there are */
	const char *help;      /* help text; each '\n' starts a line under
	                          the first, at the same column */
	const char *group;     /* heading of the group this option starts
	                          ("Weights:"); NULL: the previous one's */
	const char *const *(*values)(void);  /* the values the argument may
	                          take (NULL-terminated), or NULL: any */
	const char *const *names;   /* or those values, the tool's own list */
	const char *const *aliases;   /* other long names, documented as
	                          aliases (NULL-terminated), or NULL */
	const char *dflt;      /* the default among the values: --help
	                          lists it first; NULL: none or not one */
	int optional;          /* the argument may be left out
	                          (--progress alone): --name[=ARG] */
	int *flag;             /* an option without argument that cli_getopt
	                          sets, to 1, itself; or NULL */
	const char **str;      /* an option whose argument cli_getopt stores
	                          here itself (the last one given); or NULL */
	int *num;              /* an option whose argument, a whole number
	                          from min to max, cli_getopt stores here */
	int min, max;
} cli_opt;

#define CLI_OPT_END { .name = NULL, .help = NULL }

/* The usage of most tools. */
#define CLI_SYNOPSIS "[OPTION]... [FILE]..."

/** A tool: its name, usage and help text around its option table. */
typedef struct cli_tool {
	const char *name;
	const char *synopsis;  /* after "Usage: NAME "; a '\n' starts an
	                          "  or:  NAME " line; NULL: CLI_SYNOPSIS */
	const char *about;     /* the lines after the usage (each ends '\n') */
	const cli_opt *opts;   /* ended by CLI_COMMON_OPTS */
	const char *examples;  /* the lines under "Examples:" */
} cli_tool;

/** The values of --progress (progress.h): auto, always, never. */
const char *const *cli_progress_whens(void);

struct cli_analysis;   /* analysis.h */
struct cli_anopts;     /* header.h */

/** What the common options set. */
typedef struct {
	enum cli_invalid invalid;  /* --invalid (default error) */
	const char *output;        /* -o FILE; NULL: standard output */
	int threads;               /* -j N (default cli_default_threads()) */
	struct cli_analysis *an;   /* where cli_getopt() puts the analysis
	                              options, or NULL (cli_start) */
	struct cli_anopts *ao;     /* or the analysis and n-gram options */
} cli_common;

/**
 * Start a tool: its name in messages (cli_init), the common options'
 * defaults in c, and where cli_getopt() puts the analysis options of the
 * tool's table: an (tokenize's options), ao (those and ngrams', recorded
 * as given), or neither (NULL); an or ao is initialised here.
 */
void cli_start(const cli_tool *t, cli_common *c, struct cli_analysis *an,
               struct cli_anopts *ao);

/**
 * The next option of argv, as getopt_long finds it, from the tool's
 * table.  The common options (--invalid, -o, -j, -h, --version) are
 * handled here: --help prints cli_help() and exits 0, --version exits 0,
 * an unknown option or a missing value exits 2.  An option with values
 * has its argument checked against them (a usage error names the
 * option).  An option with .flag, .str or .num is set here too, and an
 * analysis option goes to c->an or c->ao (cli_start).  Returns the
 * key of another tool option with *arg set to its argument (NULL when it
 * takes none), or -1 after the last option (optind is then the first
 * operand).  An option of .flag, .str or .num may leave .key 0 (then it has
 * no short form).  The tool's name is cli_prog.
 */
int cli_getopt(const cli_tool *t, int argc, char **argv, cli_common *c,
               const char **arg);

struct option;
/**
 * getopt_long(), except that an unknown, ambiguous or misused option is
 * reported here, naming the options of longopts that were probably meant
 * ("did you mean --mode?"), and exits 2.  Never returns '?'.  (getopt.c;
 * cli_getopt() calls it with the arrays of the tool's table.)
 */
int cli_getopt_long(int argc, char **argv, const char *shortopts,
                    const struct option *longopts);

/** Write the --help text of t to standard output. */
void cli_help(const cli_tool *t);

/** The entry of key in t's table, or NULL. */
const cli_opt *cli_find_opt(const cli_tool *t, int key);

/* ------------------------------------------------------------------ */
/* The entries every tool shares                                       */

/* -j: the first of a group headed `heading` (NULL: in the group before). */
#define CLI_OPT_THREADS(heading) \
	{ .name = "threads", .key = 'j', .arg = "N", .group = heading, \
	  .help = "use N threads (default: processors, at\n" \
	  "  most 4); the output is the same" }

/* Options that several tools take, each spelled once here; `text` is
 * the tool's --help text for it, which says what it means there. */

/* -j N, with the tool's own text. */
#define CLI_OPT_THREADS_AS(text) \
	{ .name = "threads", .key = 'j', .arg = "N", .help = text }

/* -S SIZE and -T DIR: the memory to keep within, and where what spills
 * out of it goes (vocab and index). */
#define CLI_OPT_MEMORY(text) \
	{ .name = "memory", .key = 'S', .arg = "SIZE", .help = text }
#define CLI_OPT_TMPDIR(text) \
	{ .name = "temporary-directory", .key = 'T', .arg = "DIR", \
	  .help = text }

/* --min-df, --max-df and --max-features (vocab's pruning, and
 * vectorize's with --fit), of keys k; the first starts a group headed
 * `heading`. */
#define CLI_OPT_MIN_DF(k, text, heading) \
	{ .name = "min-df", .key = k, .arg = "N|P", .help = text, \
	  .group = heading }
#define CLI_OPT_MAX_DF(k, text) \
	{ .name = "max-df", .key = k, .arg = "N|P", .help = text }
#define CLI_OPT_MAX_FEATURES(k, text) \
	{ .name = "max-features", .key = k, .arg = "K", .help = text }

/* --label-col N and --qid-col N, of key k (match and vectorize; the
 * first releases spelled them --label and --qid, kept as aliases). */
#define CLI_OPT_LABEL_COL(k, text) \
	{ .name = "label-col", .key = k, .arg = "N", \
	  .aliases = (const char *const[]){ "label", NULL }, .help = text }
#define CLI_OPT_QID_COL(k, text) \
	{ .name = "qid-col", .key = k, .arg = "N", \
	  .aliases = (const char *const[]){ "qid", NULL }, .help = text }

/* --ids FILE and --names FILE, the path stored in *ptr (a const char *),
 * and --id-comment, set in *ptr (an int): the row ids and feature names
 * of svmlight-like output, beside it (match and vectorize). */
#define CLI_OPT_IDS(ptr, text) \
	{ .name = "ids", .str = ptr, .arg = "FILE", .help = text }
#define CLI_OPT_NAMES(ptr, text) \
	{ .name = "names", .str = ptr, .arg = "FILE", .help = text }
#define CLI_OPT_ID_COMMENT(ptr, text) \
	{ .name = "id-comment", .flag = ptr, .help = text }

/* --precision N, stored in *ptr (an int). */
#define CLI_OPT_PRECISION(ptr) \
	{ .name = "precision", .num = ptr, .min = 1, .max = 17, .arg = "N", \
	  .help = "significant digits of values, 1 to 17\n" \
	  "  (default 9); integers print as integers" }

/* --weight (tf's and vectorize's term weighting), of key k, the
 * first of a group headed `heading`. */
#define CLI_OPT_WEIGHT(k, heading) \
	{ .name = "weight", .key = k, .values = txf_vec_weight_names, \
	  .dflt = "raw", .group = heading, \
	  .help = "the count (default); 1; 1 + ln(count);\n" \
	  "  count / tokens in the document;\n" \
	  "  0.5 + 0.5 * count / largest count" }

/* --docs, set in *ptr (vocab and vectorize analyse docs themselves):
 * "read docs (id TAB text [TAB extra]...) and" then `how`, the first of
 * a group headed `heading`. */
#define CLI_OPT_DOCS(ptr, how, heading) \
	{ .name = "docs", .flag = ptr, .group = heading, \
	  .help = "read docs (id TAB text [TAB extra]...) and\n" how }

/* --k1 and --b, BM25's parameters, of keys k1 and b. */
#define CLI_OPT_BM25(k1, b) \
	{ .name = "k1", .key = k1, .arg = "X", \
	  .help = "BM25 term saturation, X >= 0 (default 1.2)" }, \
	{ .name = "b", .key = b, .arg = "X", \
	  .help = "BM25 length normalization, 0 to 1 (default\n" \
	  "  0.75)" }

/* --invalid, --header, --progress, -o, -h and --version, last in every
 * table, which they end (CLI_OPT_END); the first starts the group heading
 * (NULL: in the group before them). */
#define CLI_COMMON_OPTS_GROUP(heading) \
	{ .name = "invalid", .key = CLI_OPT_INVALID, \
	  .values = cli_invalid_names, .dflt = "error", .group = heading, \
	  .help = "on invalid UTF-8, NUL, a missing column or\n" \
	  "  a bad value in one: stop with an error\n" \
	  "  (default), repair the line, or skip it" }, \
	{ .name = "header", .key = CLI_OPT_HEADER, \
	  .help = "the first line of each file is a header\n" \
	  "  (column names): skip it" }, \
	{ .name = "progress", .key = CLI_OPT_PROGRESS, .optional = 1, \
	  .values = cli_progress_whens, .dflt = "auto", \
	  .help = "show input read, rate and time left on\n" \
	  "  stderr: on a terminal (auto, the default),\n" \
	  "  always, or never" }, \
	{ .name = "output", .key = 'o', .arg = "FILE", \
	  .help = "write to FILE, complete or not at all" }, \
	{ .name = "help", .key = 'h', .help = "display this help and exit" }, \
	{ .name = "version", .key = CLI_OPT_VERSION, \
	  .help = "output version information and exit" }, \
	CLI_OPT_END
#define CLI_COMMON_OPTS CLI_COMMON_OPTS_GROUP(NULL)

/* -j (CLI_OPT_THREADS, the first of a group headed `heading`) and the
 * common options: the end of the table of a tool that reads its input
 * with cli_run_files(). */
#define CLI_COMMON_OPTS_THREADS(heading) \
	CLI_OPT_THREADS(heading), CLI_COMMON_OPTS

/* The analysis options (cli_analysis_option() handles them), starting a
 * group headed `heading`. */
#define CLI_ANALYSIS_OPTS(heading) \
	CLI_ANALYSIS_OPTS_AS(heading, "norm", \
	    "Unicode normalization (default nfkc)", \
	    "full case folding, Python's str.lower(), or\n" \
	    "  none (default fold)", \
	    "NFKD, then drop combining marks", \
	    "UAX #29 words holding a letter or digit,\n" \
	    "  runs of regex \\w, or runs of non-space\n" \
	    "  (default uax29)", \
	    "drop tokens of fewer than N code points", \
	    "drop tokens of more than N code points", \
	    "drop stop words: a shipped list (english)\n" \
	    "  or a file with one word a line", \
	    "Snowball stemmer (english, french, ...)")

/* The same entries with --norm named `norm` (vectorize has a --norm of
 * its own) and the help texts given, in the order of the entries. */
#define CLI_ANALYSIS_OPTS_AS(heading, norm, h_norm, h_case, h_strip, \
                             h_mode, h_min_len, h_max_len, h_stop, h_stem) \
	{ .name = norm, .key = CLI_OPT_NORM, .values = txf_norm_names, \
	  .dflt = "nfkc", .help = h_norm, .group = heading }, \
	{ .name = "case", .key = CLI_OPT_CASE, .values = txf_case_names, \
	  .dflt = "fold", .help = h_case }, \
	{ .name = "strip-accents", .key = CLI_OPT_STRIP_ACCENTS, \
	  .help = h_strip }, \
	{ .name = "mode", .key = CLI_OPT_MODE, .values = txf_mode_names, \
	  .dflt = "uax29", .help = h_mode }, \
	{ .name = "min-len", .key = CLI_OPT_MIN_LEN, .arg = "N", \
	  .help = h_min_len }, \
	{ .name = "max-len", .key = CLI_OPT_MAX_LEN, .arg = "N", \
	  .help = h_max_len }, \
	{ .name = "stop", .key = CLI_OPT_STOP, .arg = "LANG|FILE", \
	  .help = h_stop }, \
	{ .name = "stem", .key = CLI_OPT_STEM, .arg = "LANG", \
	  .help = h_stem }

/* ------------------------------------------------------------------ */
/* Option values: a bad one is a usage error naming the option          */

size_t cli_parse_size(const char *opt, const char *arg, size_t min, size_t max);
/**
 * --memory (-S) SIZE as sort(1) -S takes it: a whole number with an
 * optional unit, b (bytes), K (the default), M, G, T, P, E (powers of
 * 1024) or % (of physical memory, 0 to 100).  Less than min bytes (1 when
 * min is 0) is a usage error ("too small (NK at least)" when min > 1);
 * more than SIZE_MAX is SIZE_MAX.  The one parser of every tool's
 * --memory (vocab's and index's were written twice).
 */
size_t cli_parse_memory(const char *arg, size_t min);
/** "MIN:MAX" or "N" (then MIN = MAX = N), each within [lo, hi]. */
void cli_parse_range(const char *opt, const char *arg, size_t lo, size_t hi,
                     size_t *min, size_t *max);
/** Index of arg in the NULL-terminated names, or a usage error. */
int cli_parse_choice(const char *opt, const char *arg, const char *const *names);
/** A finite number, the whole argument, within [lo, hi]. */
double cli_parse_double(const char *opt, const char *arg, double lo, double hi);

/** The default number of threads: online processors, at most 4. */
int cli_default_threads(void);

#endif /* TXF_CLI_OPTS_H */
