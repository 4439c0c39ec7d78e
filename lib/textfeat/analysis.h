/*
 * textfeat/analysis.h - part of libtextfeat's public interface: normalization, case, segmentation, stop words, stemming, the
 * tokenizer, n-grams, analysis descriptions and analyzers.
 * Include <textfeat.h>, which includes every part.
 */
#ifndef TEXTFEAT_ANALYSIS_H
#define TEXTFEAT_ANALYSIS_H

#include "base.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Normalization and case                                              */

enum txf_norm { TXF_NORM_NONE = 0, TXF_NORM_NFC, TXF_NORM_NFKC };
enum txf_case { TXF_CASE_KEEP = 0, TXF_CASE_LOWER, TXF_CASE_FOLD };

/** Names of the normalizations and case mappings ("nfkc", "fold", ...;
 *  static storage, "?" when out of range) and back (TXF_EINVAL when
 *  unknown); the NULL-terminated table of them, in the enum's order. */
TXF_API const char *txf_norm_name(enum txf_norm v);
TXF_API int txf_norm_parse(const char *name);
TXF_API const char *const *txf_norm_names(void);
TXF_API const char *txf_case_name(enum txf_case v);
TXF_API int txf_case_parse(const char *name);
TXF_API const char *const *txf_case_names(void);

/**
 * Normalize valid UTF-8 p[0..n) (NFC or NFKC) and append it to out.
 * TXF_NORM_NONE appends the text unchanged.  Returns 0 or a TXF_E* code.
 */
TXF_API int txf_normalize(const char *p, size_t n, enum txf_norm norm, txf_buf *out);

/**
 * Map the case of valid UTF-8 p[0..n) and append it to out.
 * TXF_CASE_FOLD is Unicode full case folding (CaseFolding.txt, C+F);
 * TXF_CASE_LOWER is Python's str.lower(): the full lowercase mapping with
 * U+0130 to "i" + U+0307 and the Final_Sigma rule.
 * Returns 0 or TXF_ENOMEM.
 */
TXF_API int txf_casemap(const char *p, size_t n, enum txf_case c, txf_buf *out);

/**
 * scikit-learn's strip_accents='unicode': NFKD, then drop every code point
 * with a non-zero canonical combining class.  Appends to out.
 * Returns 0 or a TXF_E* code.
 */
TXF_API int txf_strip_accents(const char *p, size_t n, txf_buf *out);

/* ------------------------------------------------------------------ */
/* Segmentation                                                        */

/**
 * The byte offset of the first UAX #29 word boundary after pos in the valid
 * UTF-8 text s[0..n) (Unicode 15.0, default rules).  pos must be < n and on
 * a code point boundary (any one: the text before pos is looked at when the
 * rules need it, except that in a run of more than 64 regional indicators
 * pos is taken to be a boundary); the result is in (pos, n].
 */
TXF_API size_t txf_word_next(const char *s, size_t n, size_t pos);

/**
 * The byte offset of the first extended grapheme cluster boundary after pos
 * in valid UTF-8 s[0..n) (through utf8proc).  pos < n; result in (pos, n].
 */
TXF_API size_t txf_grapheme_next(const char *s, size_t n, size_t pos);

/** Whether cp is matched by Python's regex \w (str.isalnum() or '_'). */
TXF_API int txf_is_word_char(int32_t cp);

/** Whether cp is white space as Python's str.isspace() and str.split() see
 *  it: Unicode White_Space plus U+001C..U+001F. */
TXF_API int txf_is_space(int32_t cp);

/* ------------------------------------------------------------------ */
/* Stop words and stemming                                             */

typedef struct txf_stopset txf_stopset;

/** An empty stop-word set, or NULL when out of memory. */
TXF_API txf_stopset *txf_stopset_new(void);
/** Add a word (bytes as given).  Returns 0 or TXF_ENOMEM. */
TXF_API int txf_stopset_add(txf_stopset *s, const char *w, size_t n);
/** Whether w is in the set. */
TXF_API int txf_stopset_has(const txf_stopset *s, const char *w, size_t n);
/** Number of words in the set. */
TXF_API size_t txf_stopset_size(const txf_stopset *s);
/** A 64-bit hash of the set's words, whatever order they were added in:
 *  sets of other words have other hashes (but for a 2^-64 chance). */
TXF_API uint64_t txf_stopset_hash(const txf_stopset *s);
TXF_API void txf_stopset_free(txf_stopset *s);

typedef struct txf_stemmer txf_stemmer;

/**
 * A Snowball stemmer for lang (a libstemmer name or ISO 639 code such as
 * "english" or "en").  NULL on failure, with *err (NULL allowed) set:
 * TXF_ENOENT for an unknown language, TXF_ENOMEM.
 */
TXF_API txf_stemmer *txf_stemmer_new(const char *lang, txf_error *err);
/**
 * Stem w[0..n) (UTF-8).  The result is valid until the next call on the same
 * stemmer, which serves one thread at a time.  A word the stemmer's
 * algorithm fails on (libstemmer 2.2's Greek stemmer fails on some words,
 * Snowball issue 204) is kept as it is: out then points at w.  Returns 0,
 * TXF_ENOMEM, or TXF_ERANGE for a word of 2 GiB or more.
 */
TXF_API int txf_stem(txf_stemmer *s, const char *w, size_t n, txf_str *out);
TXF_API void txf_stemmer_free(txf_stemmer *s);
/** NULL-terminated list of the languages libstemmer knows (static). */
TXF_API const char **txf_stem_languages(void);

/* ------------------------------------------------------------------ */
/* Tokenizer: the whole analysis chain                                 */

enum txf_mode { TXF_MODE_UAX29 = 0, TXF_MODE_WORD, TXF_MODE_SPACE };

/** Names of the modes ("uax29", "word", "space"), back, and the table. */
TXF_API const char *txf_mode_name(enum txf_mode v);
TXF_API int txf_mode_parse(const char *name);
TXF_API const char *const *txf_mode_names(void);

/** Analysis options.  txf_tokopts_init() sets the defaults. */
typedef struct {
	enum txf_mode mode;       /* default TXF_MODE_UAX29 */
	enum txf_norm norm;       /* default TXF_NORM_NFKC */
	enum txf_case casing;     /* default TXF_CASE_FOLD */
	int strip_accents;        /* default 0 */
	size_t min_len;           /* in code points, default 1 */
	size_t max_len;           /* in code points, 0 = no limit */
	const txf_stopset *stop;  /* NULL = none; not owned */
	txf_stemmer *stem;        /* NULL = none; not owned */
} txf_tokopts;

/** Set o to the defaults. */
TXF_API void txf_tokopts_init(txf_tokopts *o);

/**
 * Describe the options as "mode=uax29 norm=nfkc case=fold ..." into out
 * (used in vocab headers to tell incompatible analyses apart).
 */
TXF_API int txf_tokopts_describe(const txf_tokopts *o, const char *stop_name,
                         const char *stem_name, txf_buf *out);

/** Tokens of one text: views into storage owned by the tokenizer. */
typedef struct {
	txf_str *v;       /* the tokens, in text order */
	size_t n;         /* how many */
	txf_str joined;   /* the same tokens joined by single spaces, when the
	                     tokenizer made that string on the way; else p is
	                     NULL (write the tokens one by one) */
} txf_tokens;

typedef struct txf_tokenizer txf_tokenizer;

/** A tokenizer with a copy of o.  The stop set is borrowed; the stemmer
 *  gives its language only: each tokenizer stems with a stemmer of its own,
 *  so that tokenizers can work in separate threads.  NULL when out of
 *  memory. */
TXF_API txf_tokenizer *txf_tokenizer_new(const txf_tokopts *o);

/**
 * Analyse valid UTF-8 text[0..n) (no NUL) and set *out to its tokens, valid
 * until the next call on tk.  Returns 0 or a TXF_E* code.
 */
TXF_API int txf_tokenize(txf_tokenizer *tk, const char *text, size_t n,
                 txf_tokens *out);

TXF_API void txf_tokenizer_free(txf_tokenizer *tk);

/**
 * Read a stop-word file: one word a line (UTF-8; blanks around it and a
 * leading byte order mark are dropped), blank lines and lines starting
 * with '#' ignored; each word goes through o's normalization, case
 * and accent stages, as the text does, before it is added.  Returns the set,
 * or NULL with *err set: TXF_EIO (errno, and its strerror() in msg),
 * TXF_EUTF8 (with the line), TXF_ENOMEM.
 */
TXF_API txf_stopset *txf_stopset_load(const char *path, const txf_tokopts *o,
                              txf_error *err);

/* ------------------------------------------------------------------ */
/* N-grams                                                             */

/** What a character is for character n-grams and edge n-grams. */
enum txf_unit {
	TXF_UNIT_GRAPHEME = 0,  /* an extended grapheme cluster (utf8proc) */
	TXF_UNIT_CODEPOINT      /* a code point, as scikit-learn counts */
};

/** Names of the units ("grapheme", "codepoint"), back, and the table. */
TXF_API const char *txf_unit_name(enum txf_unit v);
TXF_API int txf_unit_parse(const char *name);
TXF_API const char *const *txf_unit_names(void);

/** Largest n, and largest skip, that txf_ngopts_check() accepts. */
#define TXF_NGRAM_MAX 1000

/**
 * The marks that start character, char-wb and edge n-grams when more than
 * one kind of n-gram is generated (word n-grams are never marked).
 */
#define TXF_MARK_CHAR "~c:"
#define TXF_MARK_CHAR_WB "~wb:"
#define TXF_MARK_EDGE "~e:"

/**
 * Which n-grams to generate.  txf_ngopts_init() sets the defaults (word
 * unigrams only).  A kind is off when its MIN is 0; when on,
 * 1 <= MIN <= MAX <= TXF_NGRAM_MAX.  The kinds come out in this order:
 *
 *  - word n-grams: for n = MIN..MAX, for each first position, the n-gram
 *    of n tokens joined by the joiner (scikit-learn's word analyzer).  With
 *    skip = K > 0, k-skip-n-grams (Guthrie et al. 2006, Vowpal Wabbit's
 *    --skips): any n tokens in text order whose positions span at most
 *    n + K; for each n, by first position, then by the later positions in
 *    lexicographic order.  Unigrams are the tokens.
 *  - char n-grams: of the tokens joined by single spaces, for n =
 *    MIN..MAX, by position (scikit-learn's analyzer='char').
 *  - char-wb n-grams: for each token padded with a space either side, for
 *    n = MIN..MAX, by position; a padded token of at most n characters is
 *    written once, whole, and no larger n is tried for it (scikit-learn's
 *    analyzer='char_wb').
 *  - edge n-grams: for each token, its prefixes of MIN..MAX characters; a
 *    token of fewer than MIN characters gives none (Lucene's
 *    EdgeNGramTokenFilter).
 *
 * A space inside a char or char-wb n-gram is written U+2581, so no n-gram
 * holds a space.  When more than one kind is on, char, char-wb and edge
 * n-grams start with TXF_MARK_CHAR, TXF_MARK_CHAR_WB, TXF_MARK_EDGE.
 */
typedef struct {
	size_t word_min, word_max;  /* word n-grams (default 1:1) */
	size_t skip;                /* K of the k-skip-n-grams (default 0) */
	const char *joiner;         /* between the words of an n-gram (default
	                               "+"); read by txf_ngen_new(), not kept */
	size_t joiner_len;
	size_t char_min, char_max;  /* char n-grams (default off) */
	size_t wb_min, wb_max;      /* char-wb n-grams (default off) */
	size_t edge_min, edge_max;  /* edge n-grams (default off) */
	enum txf_unit unit;         /* for char, char-wb and edge (default
	                               TXF_UNIT_GRAPHEME) */
} txf_ngopts;

/** Set o to the defaults: word unigrams, joiner "+", grapheme units. */
TXF_API void txf_ngopts_init(txf_ngopts *o);

/**
 * Whether p[0..n) may join the words of n-grams: 1 when it is non-empty
 * valid UTF-8 that holds no word character (txf_is_word_char: letters,
 * digits, '_'), no white space, and none of the characters a token may
 * hold invisibly or that join words (connector punctuation, combining
 * marks, format and control characters); else 0.  A joiner such as "_"
 * would make the bigram non+padded the word non_padded.
 */
TXF_API int txf_ngram_joiner_ok(const char *p, size_t n);

/**
 * Check o: ranges within [1, TXF_NGRAM_MAX] with MIN <= MAX (or MIN = 0
 * for a kind that is off), skip <= TXF_NGRAM_MAX, a valid unit and a
 * joiner that txf_ngram_joiner_ok() accepts.  Returns 0 or TXF_EINVAL.
 */
TXF_API int txf_ngopts_check(const txf_ngopts *o);

typedef struct txf_ngen txf_ngen;

/**
 * An n-gram generator with a copy of o (and of its joiner).  Returns NULL
 * with *err set to TXF_EINVAL (o fails txf_ngopts_check) or TXF_ENOMEM.
 * Release with txf_ngen_free().
 */
TXF_API txf_ngen *txf_ngen_new(const txf_ngopts *o, txf_error *err);

/**
 * The n-grams of one document's tokens tok[0..n) (valid UTF-8, each
 * non-empty and without spaces, as the tokens stream has them).  Sets *out
 * to views into storage owned by g, valid until the next call on g.
 * Returns 0 or TXF_ENOMEM.
 */
TXF_API int txf_ngrams(txf_ngen *g, const txf_str *tok, size_t n, txf_tokens *out);

/**
 * The same n-grams as txf_ngrams(), as one text: the n-grams separated by
 * single spaces (empty when there is none), i.e. the tokens field of a
 * tokens-stream line before escaping.  Faster: no views are made.  *out
 * points into storage owned by g, valid until the next call on g.
 * Returns 0 or TXF_ENOMEM.
 */
TXF_API int txf_ngrams_text(txf_ngen *g, const txf_str *tok, size_t n, txf_str *out);

/** Free the generator (NULL is allowed). */
TXF_API void txf_ngen_free(txf_ngen *g);

/* ------------------------------------------------------------------ */
/* Analysis descriptions: what a vocab, an index or a tokens stream was   */
/* analysed with                                                       */

/*
 * An analysis is every tokenize and ngrams option that changes tokens.
 * Its canonical spelling is one line of fields separated by single
 * spaces, always all of them, always in this order:
 *
 *   textfeat-analysis=1 mode=uax29 norm=nfkc case=fold accents=keep
 *   min-len=1 max-len=none stop=english stop-words=174
 *   stop-hash=0123456789abcdef stem=english word=1:3 skip=0 joiner=+
 *   char=off char-wb=off edge=off unit=grapheme marks=none
 *
 * (stop-words and stop-hash only with a stop list: stop=none alone).
 * mode, norm, case: the tokenize names; accents: keep or strip; min-len,
 * max-len: code points (max-len none: no limit); stop: the list's name
 * (a shipped list) or path as given, with the number of distinct words
 * and txf_stopset_hash() of the set as loaded (after the analysis's
 * normalization and case), so an edited list is told apart; stem: the
 * Snowball language (ISO codes are written as Snowball's name: en is
 * english) or none; word, char, char-wb, edge: MIN:MAX or off; skip,
 * joiner, unit: as txf_ngopts; marks: "~c:,~wb:,~e:" when more than one
 * kind of n-gram is on, else none.  Settings that do not change the
 * tokens are written as their defaults (skip 0 and joiner + without word
 * n-grams of 2 or more, unit grapheme without character kinds), so the
 * same analysis always gives the same bytes.  In values, bytes 0x00-0x20,
 * 0x7F and '%' are written %XX (upper-case hex).  The first field names
 * the format's version: a later library may write =2.
 */

/** The first key of a description. */
#define TXF_ANALYSIS_TAG "textfeat-analysis"

typedef struct txf_analysis txf_analysis;

/**
 * The analysis of tokenizer options t (their stop set, when there is
 * one, is hashed and recorded under stop_name; their stemmer gives its
 * language) followed by the n-grams g (NULL: none, the tokens as they
 * are, which is the same as word unigrams).  NULL with *err set to
 * TXF_EINVAL (options out of range) or TXF_ENOMEM.
 */
TXF_API txf_analysis *txf_analysis_new(const txf_tokopts *t, const char *stop_name,
                               const txf_ngopts *g, txf_error *err);

/** Replace the n-gram part of a with g (NULL: none).  Returns 0,
 *  TXF_EINVAL (g fails txf_ngopts_check() or has no kind on) or
 *  TXF_ENOMEM. */
TXF_API int txf_analysis_set_ngrams(txf_analysis *a, const txf_ngopts *g);

/** A copy of a, or NULL when out of memory. */
TXF_API txf_analysis *txf_analysis_dup(const txf_analysis *a);

TXF_API void txf_analysis_free(txf_analysis *a);

/** Append the canonical spelling of a to out (no newline).  Returns 0 or
 *  TXF_ENOMEM. */
TXF_API int txf_analysis_write(const txf_analysis *a, txf_buf *out);

/**
 * Read a description p[0..n) (fields in any order; a missing one takes
 * its default; not the stop list's words, which txf_analyzer_new()
 * loads).  NULL with *err set to TXF_ENOMEM or TXF_EFORMAT with the
 * reason in its msg ("invalid value for stem: 'klingon'"; line 0: the
 * caller knows where the description was).
 */
TXF_API txf_analysis *txf_analysis_parse(const char *p, size_t n,
                                 txf_error *err);

/**
 * Compare two analyses field by field in canonical order.  Returns 0
 * when they make the same tokens, 1 when they differ (then, when msg is
 * not NULL, "FIELD: A vs B" for the first field that differs is appended
 * to it, e.g. "stem: english vs none"), or TXF_ENOMEM.  Stop lists with
 * the same words are the same whatever their names.
 */
TXF_API int txf_analysis_diff(const txf_analysis *a, const txf_analysis *b,
                      txf_buf *msg);

/** The parts of a: tokenizer options (stop and stem NULL: see the
 *  accessors), n-gram options (joiner valid while a lives), the stop
 *  list's name and hash (NULL and 0 without one), the stemmer's language
 *  (NULL: none), and whether it makes n-grams (other than the tokens). */
TXF_API void txf_analysis_tokopts(const txf_analysis *a, txf_tokopts *out);
TXF_API void txf_analysis_ngopts(const txf_analysis *a, txf_ngopts *out);
TXF_API const char *txf_analysis_stop(const txf_analysis *a);
TXF_API uint64_t txf_analysis_stop_hash(const txf_analysis *a);
TXF_API const char *txf_analysis_stem(const txf_analysis *a);
TXF_API int txf_analysis_has_ngrams(const txf_analysis *a);

/**
 * Read the stop list `name`: a shipped list (datadir/stopwords/NAME;
 * datadir NULL: $TEXTFEAT_DATADIR when set, else the installed data
 * folder) when name is a plain name and such a list exists, else the file
 * at path name; as txf_stopset_load().  err->code is TXF_ENOENT when it
 * is neither.
 */
TXF_API txf_stopset *txf_stopset_open(const char *name, const char *datadir,
                              const txf_tokopts *o, txf_error *err);

/**
 * An analyzer: a tokenizer and n-gram generator built from a description,
 * so that a program holding only the description analyses text as the
 * pipeline that recorded it did.
 */
typedef struct txf_analyzer txf_analyzer;

/**
 * Build the analyzer of a (copied): its stop list is read as
 * txf_stopset_open() reads it (datadir as there) and must have the
 * recorded number of words and hash.  NULL with *err set (TXF_ENOENT:
 * no such stop list, TXF_EFORMAT: the list differs from the recorded
 * one, TXF_EIO, TXF_EUTF8, TXF_ENOMEM), its msg naming the stop list
 * ("stop list 'x': line 3: invalid UTF-8").
 */
TXF_API txf_analyzer *txf_analyzer_new(const txf_analysis *a, const char *datadir,
                               txf_error *err);

/** Another analyzer of z's analysis for another thread, sharing its stop
 *  set (z must outlive it).  NULL when out of memory. */
TXF_API txf_analyzer *txf_analyzer_dup(const txf_analyzer *z);

TXF_API void txf_analyzer_free(txf_analyzer *z);

/** The analysis (owned by z), the tokenizer, and the n-gram generator
 *  (NULL when the analysis makes no n-grams) that z uses. */
TXF_API const txf_analysis *txf_analyzer_analysis(const txf_analyzer *z);
TXF_API txf_tokenizer *txf_analyzer_tokenizer(txf_analyzer *z);
TXF_API txf_ngen *txf_analyzer_ngen(txf_analyzer *z);

/**
 * The final tokens (n-grams, when the analysis makes them) of valid UTF-8
 * text[0..n) (no NUL; the stream's escapes already decoded): what
 * `tokenize | ngrams` writes on the text's line.  *out is valid until the
 * next call on z.  Returns 0 or a TXF_E* code.
 */
TXF_API int txf_analyze(txf_analyzer *z, const char *text, size_t n,
                txf_tokens *out);

/** The same tokens as one text, separated by single spaces (not
 *  escaped).  Returns 0 or a TXF_E* code. */
TXF_API int txf_analyze_text(txf_analyzer *z, const char *text, size_t n,
                     txf_str *out);

#ifdef __cplusplus
}
#endif

#endif /* TEXTFEAT_ANALYSIS_H */
