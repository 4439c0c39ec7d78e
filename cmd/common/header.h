/*
 * header.h - the analysis line of the tokens stream: `#` followed by the
 * canonical analysis description (textfeat(7), "The analysis line").
 */
#ifndef TXF_CLI_HEADER_H
#define TXF_CLI_HEADER_H

#include <stddef.h>
#include <stdint.h>

#include "textfeat.h"
#include "analysis.h"
#include "opts.h"

/** How every analysis line starts. */
#define CLI_HDR_PREFIX "#" TXF_ANALYSIS_TAG "="

/** Whether the line p[0..n) is an analysis line. */
static inline int
cli_is_analysis_line(const char *p, size_t n)
{
	return n >= sizeof CLI_HDR_PREFIX - 1 &&
	    __builtin_memcmp(p, CLI_HDR_PREFIX, sizeof CLI_HDR_PREFIX - 1) == 0;
}

/** The analysis lines of a run: the first one seen, which every other
 *  one must repeat.  Zero-initialise. */
typedef struct cli_hdr {
	txf_analysis *a;       /* NULL: none seen */
	char *where;           /* "file:line" of the first */
	int conflict;          /* set when a later one differed */
} cli_hdr;

/**
 * An analysis line p[0..n) at file:line.  Returns 1 when it is the
 * first, 0 when it repeats the first (the same analysis); a line that is
 * not a valid description, or names another analysis than the first,
 * ends the program (exit 1) with the first difference.  Safe to call from
 * several threads.
 */
int cli_hdr_see(cli_hdr *h, const char *file, uint64_t line, const char *p,
                size_t n);

/** Write `#DESCRIPTION\n` for a through cli_out. */
void cli_hdr_write(const txf_analysis *a);

/** The analysis of the line p[0..n) (`#` + description, or the bare
 *  description); exits 1 with "what: reason" when it is not valid. */
txf_analysis *cli_hdr_parse(const char *what, const char *p, size_t n);

/** The first difference of a and b as "FIELD: A vs B" (malloc'd), or
 *  NULL when they make the same tokens. */
char *cli_hdr_diff(const txf_analysis *a, const txf_analysis *b);

void cli_hdr_free(cli_hdr *h);

/* ------------------------------------------------------------------ */
/* The analysis options of tools that analyse text themselves (vocab   */
/* --docs, vectorize --docs, match): tokenize's and ngrams' names;     */
/* ngrams reads its own with them.                                     */

#include <getopt.h>
#include <limits.h>

enum {
	CLI_NG_WORD = CHAR_MAX + 200,  /* -n is taken by the tool's table */
	CLI_NG_JOINER,
	CLI_NG_SKIP,
	CLI_NG_CHAR,
	CLI_NG_CHAR_WB,
	CLI_NG_EDGE,
	CLI_NG_UNIT,
};

/* Their entries in a tool's option table (opts.h): the kinds, in a group
 * headed `kinds`, then the settings, in a group headed `settings` (NULL:
 * in the group before them). */
#define CLI_NGRAM_OPTS(kinds, settings) \
	{ .name = "word", .key = 'n', .arg = "MIN:MAX", .group = kinds, \
	  .help = "word n-grams of MIN to MAX tokens (or -n N)" }, \
	{ .name = "char", .key = CLI_NG_CHAR, .arg = "MIN:MAX", \
	  .help = "character n-grams of the tokens joined by\n" \
	  "  spaces (scikit-learn's analyzer='char')" }, \
	{ .name = "char-wb", .key = CLI_NG_CHAR_WB, .arg = "MIN:MAX", \
	  .help = "character n-grams inside each token padded\n" \
	  "  with a space either side (analyzer='char_wb')" }, \
	{ .name = "edge", .key = CLI_NG_EDGE, .arg = "MIN:MAX", \
	  .help = "prefixes of MIN to MAX characters of each\n" \
	  "  token" }, \
	{ .name = "joiner", .key = 'J', .arg = "STR", .group = settings, \
	  .help = "join the words of an n-gram with STR (default\n" \
	  "  +); no letters, digits, '_', marks or white\n" \
	  "  space" }, \
	{ .name = "skip", .key = CLI_NG_SKIP, .arg = "K", \
	  .help = "k-skip-n-grams: the n words may span up to\n" \
	  "  n+K positions (default 0)" }, \
	{ .name = "unit", .key = CLI_NG_UNIT, .values = txf_unit_names, \
	  .dflt = "grapheme", \
	  .help = "a character is an extended grapheme cluster\n" \
	  "  (default) or a code point (as scikit-learn)" }

#define CLI_NGRAM_LONGOPTS \
	{ "word", required_argument, NULL, 'n' }, \
	{ "joiner", required_argument, NULL, 'J' }, \
	{ "skip", required_argument, NULL, CLI_NG_SKIP }, \
	{ "char", required_argument, NULL, CLI_NG_CHAR }, \
	{ "char-wb", required_argument, NULL, CLI_NG_CHAR_WB }, \
	{ "edge", required_argument, NULL, CLI_NG_EDGE }, \
	{ "unit", required_argument, NULL, CLI_NG_UNIT }

/** The options as given, and what they build. */
typedef struct cli_anopts {
	cli_analysis an;        /* tokenize's options */
	txf_ngopts ng;          /* ngrams' options */
	int word_set, other_set;
	struct { const char *opt, *field; char *value; } given[64];
	int ngiven;
} cli_anopts;

void cli_anopts_init(cli_anopts *o);
/** Handle an analysis or n-gram option (tokenize's and ngrams' names,
 *  -n and -J included); 0 when c is not one. */
int cli_anopts_option(cli_anopts *o, int c, const char *arg);
/** Whether any was given. */
int cli_anopts_given(const cli_anopts *o);
/** After all options: the n-gram options (ngrams' defaults applied;
 *  --skip without -n 2 or more is a usage error). */
const txf_ngopts *cli_anopts_ngrams(cli_anopts *o);
/** The analysis the options describe (stop list and stemmer loaded as
 *  tokenize loads them; usage errors exit). */
txf_analysis *cli_anopts_build(cli_anopts *o);
/**
 * Refuse (exit 2) an option given that contradicts the analysis of the
 * model `name`: the message names the option, its value and the model's.
 */
void cli_anopts_check(const cli_anopts *o, const txf_analysis *model,
                      const char *name);
void cli_anopts_free(cli_anopts *o);

/** The vocab at path, loaded; exits 1 (`path:line: what`) when it
 *  cannot be read or is not a valid vocab. */
txf_vocab *cli_vocab_load(const char *path);

/** The analysis a vocab records (NULL: none); exits 1 when its
 *  #analysis is not a valid description. */
txf_analysis *cli_vocab_analysis(const txf_vocab *v, const char *path);


/**
 * After a complete run of tokens through a vocab (vectorize, match): the
 * note of the tokens not in the vocabulary (not under quiet), the warning
 * when more than half are not (the tokens were likely not made with the
 * vocab's analysis; said even under quiet), and the warning when a vocab
 * recording an analysis met tokens without an analysis line (saw_line 0;
 * model: the vocab records one).  Under strict the two warnings are
 * errors: returns 1 then, else 0.
 */
int cli_vocab_coverage(const char *vocab_path, uint64_t tokens,
                       uint64_t dropped, int quiet, int strict,
                       int model, int saw_line);

/**
 * The analysis line p[0..n) of tokens read at file:line against the
 * analysis `model` of the vocab `path` (spelled model_text): returns when
 * they make the same tokens, else exits 1 with both descriptions and the
 * first difference.
 */
void cli_tokens_vs_model(const char *file, uint64_t line, const char *p,
                         size_t n, const txf_analysis *model,
                         const char *model_text, const char *path);

/** The canonical spelling of a (malloc'd, NUL-terminated). */
char *cli_spell(const txf_analysis *a);

#endif /* TXF_CLI_HEADER_H */
