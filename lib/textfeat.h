/*
 * textfeat.h - the public interface of libtextfeat.
 *
 * libtextfeat turns UTF-8 text into the tokens and features the textfeat
 * tools write.  A serving program that links this library sees exactly the
 * tokens the training features were built from.
 *
 * Conventions:
 *  - every exported name starts with txf_ or TXF_;
 *  - text is passed as (pointer, length) and is never assumed to be
 *    NUL-terminated;
 *  - what the library allocates is released with the matching *_free().
 *
 * Errors have one shape (see "Errors" below):
 *  - a function returning int returns a value >= 0 on success and a
 *    negative TXF_E* code on failure; txf_errmsg() names the code;
 *  - a function returning a pointer returns NULL on failure: when it can
 *    fail only for want of memory it takes nothing more (NULL means
 *    TXF_ENOMEM), otherwise its last argument is a `txf_error *` (NULL
 *    allowed) that receives the code and, where input is parsed (stop
 *    lists, analysis descriptions, vocabs, models), the line and what was
 *    wrong with it;
 *  - functions that read input row by row (txf_vocab_next()) return the
 *    code and fill a `txf_error *` too;
 *  - a lookup that finds nothing is not an error (txf_vocab_index() -1).
 */
#ifndef TEXTFEAT_H
#define TEXTFEAT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the shared library exports: every function declared here, and
 * nothing else (it is built with -fvisibility=hidden). */
#if defined(__GNUC__) && __GNUC__ >= 4
#define TXF_API __attribute__((visibility("default")))
#else
#define TXF_API
#endif

#define TXF_VERSION_MAJOR 0
#define TXF_VERSION_MINOR 1
#define TXF_VERSION_PATCH 0

/** The library's version as "MAJOR.MINOR.PATCH" (static storage). */
TXF_API const char *txf_version(void);

/* ------------------------------------------------------------------ */
/* Errors                                                              */

/** The error codes: 0 for success, negative for failure. */
enum txf_errcode {
	TXF_OK = 0,
	TXF_ENOMEM = -1,   /* out of memory */
	TXF_EINVAL = -2,   /* invalid argument or option value */
	TXF_EUTF8 = -3,    /* invalid UTF-8 */
	TXF_ENUL = -4,     /* NUL byte in text */
	TXF_EIO = -5,      /* read or write error; errno holds the cause */
	TXF_EFORMAT = -6,  /* malformed input record or file */
	TXF_ENOENT = -7,   /* named resource (language, list) not found */
	TXF_ERANGE = -8    /* a number or size out of range */
};

/** A short English description of a TXF_E* code (static storage). */
TXF_API const char *txf_errmsg(int code);

/** Size of txf_error's message, its NUL included. */
#define TXF_ERRMSG_MAX 256

/**
 * The detail of a failure, filled by the functions that take a
 * `txf_error *err` (when err is not NULL, and only when they fail):
 * code is the TXF_E* code; line the input line where the fault is
 * (from 1; 0 when it is not about one line: a file that cannot be
 * opened, a read error, an unknown name); msg what was wrong, without
 * the line or the file's name ("rows out of order", "invalid value for
 * stem: 'klingon'"), or "" when the code says all (txf_error_text()
 * gives one or the other).  With TXF_EIO, msg is strerror(errno) and
 * errno holds the cause.
 */
typedef struct {
	int code;
	uint64_t line;
	char msg[TXF_ERRMSG_MAX];
} txf_error;

/** e->msg, or txf_errmsg(e->code) when it is empty. */
TXF_API const char *txf_error_text(const txf_error *e);

/* ------------------------------------------------------------------ */
/* Slices and buffers                                                  */

/** A view of bytes owned by someone else. */
typedef struct {
	const char *p;
	size_t n;
} txf_str;

/** A growable byte buffer.  Zero-initialise, release with txf_buf_free(). */
typedef struct {
	char *p;
	size_t n;    /* bytes in use */
	size_t cap;  /* bytes allocated */
} txf_buf;

/** Make room for at least `extra` more bytes (0 allowed); on success b->p
 *  is never NULL.  Returns 0 or TXF_ENOMEM. */
TXF_API int txf_buf_grow(txf_buf *b, size_t extra);
/** Append n bytes.  Returns 0 or TXF_ENOMEM. */
TXF_API int txf_buf_add(txf_buf *b, const void *p, size_t n);
/** Release the buffer's memory and zero it. */
TXF_API void txf_buf_free(txf_buf *b);

/* ------------------------------------------------------------------ */
/* Line reader: lines of any length from a file descriptor             */

typedef struct txf_reader txf_reader;

/**
 * Create a reader on fd (not closed by the reader).  Reads in large blocks.
 * Returns NULL when out of memory.
 */
TXF_API txf_reader *txf_reader_new(int fd);

/**
 * Read the next line into *line, without its "\n" or "\r\n" (nor a final
 * "\r" of a last line without a newline); a UTF-8 byte
 * order mark at the start of the stream is dropped.  The view stays valid
 * until the next call.  Returns 1 for a line, 0 at end of input, TXF_EIO on
 * a read error (errno set) or TXF_ENOMEM.
 */
TXF_API int txf_reader_line(txf_reader *r, txf_str *line);

/** Number of the line last returned, from 1. */
TXF_API uint64_t txf_reader_lineno(const txf_reader *r);

/** Whether the line last returned ended with a newline (0 for a last
 *  line without one). */
TXF_API int txf_reader_had_newline(const txf_reader *r);

/** Bytes consumed from the descriptor so far. */
TXF_API uint64_t txf_reader_bytes(const txf_reader *r);

/** Free the reader (not its descriptor). */
TXF_API void txf_reader_free(txf_reader *r);

/* ------------------------------------------------------------------ */
/* TSV fields and escapes                                              */

/**
 * Split line on TAB into at most max fields; the last field takes the rest
 * of the line.  Returns the number of fields stored (at least 1).
 */
TXF_API size_t txf_fields(txf_str line, txf_str *f, size_t max);

/**
 * Append p[0..n) to out with the escapes \t \n \r \\ decoded; an unknown
 * escape (and a lone trailing backslash) is kept as it is.
 * Returns 0 or TXF_ENOMEM.
 */
TXF_API int txf_unescape(const char *p, size_t n, txf_buf *out);

/**
 * Append p[0..n) to out with TAB, LF, CR and backslash written as
 * \t \n \r \\.  Returns 0 or TXF_ENOMEM.
 */
TXF_API int txf_escape(const char *p, size_t n, txf_buf *out);

/** Whether p[0..n) needs txf_escape() (holds TAB, LF, CR or backslash). */
TXF_API int txf_needs_escape(const char *p, size_t n);

/** The tokens of a tokens-stream field, split and unescaped. */
typedef struct {
	txf_str *v;     /* the tokens */
	size_t n;       /* how many */
	size_t cap;     /* private */
	txf_buf esc;    /* private: unescaped copies */
} txf_toklist;

/**
 * Split the tokens field p[0..n) on spaces (several spaces count as one;
 * no empty token is made) and decode the escapes of tokens that hold a
 * backslash.  The views point into p or into t, valid until the next call
 * on t.  Zero-initialise t before the first call.  Returns 0 or TXF_ENOMEM.
 */
TXF_API int txf_toklist_split(txf_toklist *t, const char *p, size_t n);
TXF_API void txf_toklist_free(txf_toklist *t);

/* ------------------------------------------------------------------ */
/* UTF-8                                                               */

/**
 * Length of the longest valid UTF-8 prefix of p[0..n) that holds no NUL:
 * n when all of it is valid.  Overlong forms, surrogates and code points
 * above U+10FFFF are invalid.
 */
TXF_API size_t txf_utf8_check(const char *p, size_t n);

/**
 * Decode one code point from p[0..n) (n > 0) into *cp.  Returns its length
 * in bytes, or TXF_EUTF8 when the bytes at p are not valid UTF-8 (then *cp
 * is U+FFFD and the length of the maximal invalid subpart is in *len, as
 * Unicode's "substitution of maximal subparts" defines it).
 */
TXF_API int txf_utf8_decode(const char *p, size_t n, int32_t *cp, size_t *len);

/** Encode cp as UTF-8 into out (room for 4 bytes).  Returns the length. */
TXF_API int txf_utf8_encode(int32_t cp, char *out);

/**
 * Append p[0..n) to out with each maximal invalid subpart and each NUL
 * replaced by U+FFFD.  Returns the number of replacements, or TXF_ENOMEM.
 */
TXF_API long txf_utf8_repair(const char *p, size_t n, txf_buf *out);

/** Number of code points in valid UTF-8 p[0..n). */
TXF_API size_t txf_utf8_count(const char *p, size_t n);

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
 * stemmer, which serves one thread at a time.  Returns 0, TXF_ENOMEM, or
 * TXF_ERANGE for a word of 2 GiB or more.
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

/* ------------------------------------------------------------------ */
/* Hashing and number formatting                                       */

/**
 * MurmurHash3 x86_32 of p[0..n) (Austin Appleby's reference, blocks read
 * little-endian on every machine): the hash scikit-learn's
 * HashingVectorizer and murmurhash3_32 compute (cast the result to int32_t
 * for their signed value) and Vowpal Wabbit uses.
 */
TXF_API uint32_t txf_murmur3_32(const void *p, size_t n, uint32_t seed);

/** Room txf_fmt_num(), txf_fmt_u64() and txf_fmt_i64() need, with the NUL. */
#define TXF_NUM_MAX 32

/**
 * Write v into out (TXF_NUM_MAX bytes) as printf("%.*g", prec, v) does in
 * the C locale, whatever the locale, except that integral values of
 * magnitude below 2^53 are written as plain integers ("1000000", "-3";
 * -0 as "0").  prec is clamped to 1..17.  NaN is "nan" or "-nan", the
 * infinities "inf" and "-inf", as glibc's printf writes them.  Assumes the
 * default rounding mode (to nearest).  Returns the length; out is
 * NUL-terminated.
 */
TXF_API size_t txf_fmt_num(double v, int prec, char *out);

/** Write v in decimal into out (TXF_NUM_MAX bytes); returns the length;
 *  out is NUL-terminated. */
TXF_API size_t txf_fmt_u64(uint64_t v, char *out);
TXF_API size_t txf_fmt_i64(int64_t v, char *out);

/* ------------------------------------------------------------------ */
/* Vocabularies                                                        */

/*
 * A vocab file: a header of lines starting with '#', then one row a term,
 * sorted by term bytes (memcmp order; terms are escaped as every text field
 * is, and compared unescaped):
 *
 *   #textfeat-vocab TAB 1
 *   #docs TAB N              documents, those without tokens too
 *   #tokens TAB T            tokens in them
 *   #analysis TAB TEXT       what the producer said shaped the tokens
 *   #pruning TAB none|RULES  the pruning applied ("none": a full count)
 *   #idf TAB none|smooth|plain|bm25
 *   term TAB df TAB cf [TAB idf]
 *
 * The first line is #textfeat-vocab and #idf is the last header line
 * (rows follow it, and a term may start with '#'); other header lines
 * come in any order between them, and unknown keys are ignored, for later
 * versions.  The idf column is there exactly when #idf is not none.
 */

enum txf_idf { TXF_IDF_NONE = 0, TXF_IDF_SMOOTH, TXF_IDF_PLAIN, TXF_IDF_BM25 };

/** The name of an idf kind ("none", "smooth", ...) and back (TXF_EINVAL
 *  if unknown). */
TXF_API const char *txf_idf_name(enum txf_idf k);
TXF_API int txf_idf_parse(const char *name);
/** The NULL-terminated table of the idf kinds' names. */
TXF_API const char *const *txf_idf_names(void);

/** The idf of a term in df of N documents: smooth ln((1+N)/(1+df))+1,
 *  plain ln(N/df)+1, bm25 ln(1+(N-df+0.5)/(df+0.5)); 0 for none. */
TXF_API double txf_idf(enum txf_idf k, uint64_t n_docs, uint64_t df);

typedef struct {
	uint64_t docs;
	uint64_t tokens;
	char *analysis;       /* "" when not given */
	char *pruning;        /* "none" for a full count */
	enum txf_idf idf;
} txf_vocab_header;

/** Append the header lines to out.  Returns 0 or TXF_ENOMEM. */
TXF_API int txf_vocab_format_header(const txf_vocab_header *h, txf_buf *out);

/** Append one row (term escaped; idf when kind is not none, written so it
 *  reads back to the same double).  Returns 0 or TXF_ENOMEM. */
TXF_API int txf_vocab_format_row(const char *term, size_t n, uint64_t df,
                         uint64_t cf, enum txf_idf kind, double idf,
                         txf_buf *out);

/** A vocab read row by row. */
typedef struct txf_vocab_reader txf_vocab_reader;

/**
 * Start reading a vocab from fd (not closed by the reader) and parse its
 * header.  NULL on error, with *err set: TXF_EFORMAT (the line and what
 * is wrong with it), TXF_EIO (errno; its strerror() in msg), TXF_ENOMEM.
 */
TXF_API txf_vocab_reader *txf_vocab_open(int fd, txf_error *err);

/** The header read by txf_vocab_open(). */
TXF_API const txf_vocab_header *txf_vocab_reader_header(const txf_vocab_reader *r);

/**
 * The next row: term (unescaped; valid until the next call), df, cf and idf
 * (0 without an idf column).  Returns 1 for a row, 0 at the end, or a
 * negative code with *err set as txf_vocab_open() sets it: rows out of
 * order or repeated, bad numbers, a wrong number of columns, a last line
 * without its newline (a truncated file).
 */
TXF_API int txf_vocab_next(txf_vocab_reader *r, txf_str *term, uint64_t *df,
                   uint64_t *cf, double *idf, txf_error *err);

TXF_API void txf_vocab_close(txf_vocab_reader *r);

/** A whole vocab in memory, for lookups: a term's index is its row. */
typedef struct txf_vocab txf_vocab;

/** Read the vocab at path ("-" is not accepted).  NULL on error, *err
 *  set as txf_vocab_open() sets it (TXF_EIO, line 0: path cannot be
 *  opened). */
TXF_API txf_vocab *txf_vocab_load(const char *path, txf_error *err);
TXF_API const txf_vocab_header *txf_vocab_get_header(const txf_vocab *v);
TXF_API size_t txf_vocab_size(const txf_vocab *v);
/** The index of a term, or -1 when it is not in the vocab. */
TXF_API long txf_vocab_index(const txf_vocab *v, const char *p, size_t n);
TXF_API txf_str txf_vocab_term(const txf_vocab *v, size_t i);
TXF_API uint64_t txf_vocab_df(const txf_vocab *v, size_t i);
TXF_API uint64_t txf_vocab_cf(const txf_vocab *v, size_t i);
/** The idf column's value (0 without one). */
TXF_API double txf_vocab_idf(const txf_vocab *v, size_t i);
TXF_API void txf_vocab_free(txf_vocab *v);

/* ------------------------------------------------------------------ */
/* Query-listing features                                              */

/*
 * Learning-to-rank features of a query and a listing, each given as its
 * tokens (the output of txf_tokenize(), with the same options for both).
 * A term is a distinct token; Q is the query's set of terms, D the
 * listing's.  With q and d the numbers of query and listing tokens:
 *
 *   qlen, dlen     q and d
 *   matched        |Q and D|: the distinct query terms the listing holds
 *   coverage       |Q and D| / |Q|
 *   jaccard        |Q and D| / |Q or D|
 *   dice           2 |Q and D| / (|Q| + |D|)
 *   cosine         the cosine of the tf-idf vectors of the two sides: a
 *                  term's weight is its count times the vocab's idf
 *                  column, each vector is l2-normalized (scikit-learn's
 *                  TfidfVectorizer transform), terms absent from the
 *                  vocab are left out; needs a vocab with idf
 *   bm25           Lucene's BM25Similarity summed over the query's tokens
 *                  (a repeated query term counts each time):
 *                  idf(t) tf / (tf + k1 (1 - b + b d / avgdl)), tf the
 *                  term's count in the listing, idf(t) =
 *                  ln(1 + (N - df + 0.5) / (df + 0.5)) with N = #docs and
 *                  df from the vocab (0 for a term absent from it, at
 *                  most N), avgdl = #tokens / #docs (d / avgdl is taken
 *                  as 1 when the vocab has no tokens); needs a vocab
 *   phrase         1 when the query's tokens occur, in order and next to
 *                  each other, in the listing's tokens, else 0
 *   lcs_run        the length of the longest run of consecutive tokens
 *                  that occurs in both
 *   first_pos      the position (from 0) of the listing's first token that
 *                  is a query term, or -1 when there is none
 *   char3_jaccard  the Jaccard index of the sets of character 3-grams of
 *                  the two sides, each taken over its tokens joined by
 *                  single spaces, a character being an extended grapheme
 *                  cluster: the n-grams txf_ngrams() makes with char_min =
 *                  char_max = 3, word n-grams off and TXF_UNIT_GRAPHEME
 *
 * No value is ever NaN or infinite: a ratio whose denominator is 0 (an
 * empty query or listing, no terms of a side in the vocab) is 0, and so
 * are phrase and lcs_run for an empty query; first_pos is then -1.
 */

/** The features, in the order the tools write them by default. */
enum txf_feat {
	TXF_FEAT_QLEN = 0,
	TXF_FEAT_DLEN,
	TXF_FEAT_MATCHED,
	TXF_FEAT_COVERAGE,
	TXF_FEAT_JACCARD,
	TXF_FEAT_DICE,
	TXF_FEAT_COSINE,
	TXF_FEAT_BM25,
	TXF_FEAT_PHRASE,
	TXF_FEAT_LCS_RUN,
	TXF_FEAT_FIRST_POS,
	TXF_FEAT_CHAR3_JACCARD,
	TXF_FEAT_COUNT           /* the number of features */
};

/** The bit of feature f in a feature set. */
#define TXF_FEAT_BIT(f) (UINT32_C(1) << (f))
/** Every feature. */
#define TXF_FEAT_ALL (TXF_FEAT_BIT(TXF_FEAT_COUNT) - 1)

/** The name of feature f ("qlen", "char3_jaccard", ...; static storage),
 *  or NULL when f is out of range. */
TXF_API const char *txf_feat_name(enum txf_feat f);

/** The feature named p[0..n), or TXF_EINVAL when there is none of that
 *  name. */
TXF_API int txf_feat_parse(const char *p, size_t n);

/** The NULL-terminated table of the feature names, in the enum's order. */
TXF_API const char *const *txf_feat_names(void);

/**
 * The features that can be computed with vocab v (NULL: no vocab): all
 * but cosine and bm25 without a vocab, all but cosine with a vocab whose
 * #idf is none, else all.
 */
TXF_API uint32_t txf_feat_available(const txf_vocab *v);

/** What a matcher computes.  txf_matchopts_init() sets the defaults. */
typedef struct {
	uint32_t feats;           /* TXF_FEAT_BIT()s (default: every feature
	                             txf_feat_available(vocab) allows) */
	const txf_vocab *vocab;   /* NULL = none (default); borrowed: it must
	                             outlive the matcher */
	double k1;                /* BM25 term saturation, >= 0 (1.2) */
	double b;                 /* BM25 length normalization, 0..1 (0.75) */
} txf_matchopts;

/** Set o to the defaults for vocab v (NULL: no vocab). */
TXF_API void txf_matchopts_init(txf_matchopts *o, const txf_vocab *v);

typedef struct txf_matcher txf_matcher;

/**
 * A matcher with a copy of o.  NULL with *err set to TXF_EINVAL (no
 * feature, a feature o->vocab does not allow, k1 or b out of range) or
 * TXF_ENOMEM.  A matcher holds working memory that grows to the longest
 * query and listing and is reused: scoring allocates nothing after that;
 * with cosine or bm25 it also holds a 512 KiB cache of vocab lookups.
 * One matcher serves one thread; the vocab may be shared.  Release with
 * txf_matcher_free().
 */
TXF_API txf_matcher *txf_matcher_new(const txf_matchopts *o, txf_error *err);

/**
 * Set the query: its tokens q[0..nq) (copied; the caller may reuse
 * them).  Its terms, vocab lookups and 3-grams are computed once here for
 * all the listings scored against it.  Returns 0, TXF_ENOMEM or
 * TXF_ERANGE (2^31 or more distinct terms or 3-grams).
 */
TXF_API int txf_match_query(txf_matcher *m, const txf_str *q, size_t nq);

/**
 * Score the listing d[0..nd) against the query set last: out[f] is set
 * for every feature f of the matcher's set; the other elements of
 * out[0..TXF_FEAT_COUNT) are set to 0.  Before any txf_match_query() the
 * query is empty.  Returns 0, TXF_ENOMEM or TXF_ERANGE.
 */
TXF_API int txf_match_listing(txf_matcher *m, const txf_str *d, size_t nd,
                      double *out);

/** txf_match_query() then txf_match_listing(). */
TXF_API int txf_match(txf_matcher *m, const txf_str *q, size_t nq, const txf_str *d,
              size_t nd, double *out);

/**
 * The elementary steps lcs_run took for the last listing (a query's
 * automaton included when that listing built it): at most a small
 * constant times (query tokens + listing tokens), whatever the texts.
 * For tests and profiling.
 */
TXF_API uint64_t txf_matcher_steps(const txf_matcher *m);

/** Free the matcher (NULL is allowed); the vocab is not freed. */
TXF_API void txf_matcher_free(txf_matcher *m);

/* ------------------------------------------------------------------ */
/* Vectors                                                             */

/*
 * A document's tokens as a sparse vector, computed as scikit-learn's
 * CountVectorizer and TfidfVectorizer (with a vocab) or HashingVectorizer
 * (with hashing) compute it, and written in a trainer's format.  A serving
 * program that links this library builds the very vectors the training
 * files hold.
 *
 * Index.  With a vocab, a term's index is its row (from 0); tokens not in
 * the vocab are dropped.  With hashing into N features, h is the MurmurHash3
 * x86_32 (seed 0) of the token's UTF-8 bytes read as an int32, the index is
 * |h| mod N (|INT32_MIN| taken as 2^31) and, with alternate_sign, a token
 * counts -1 when h < 0 and +1 otherwise: scikit-learn's HashingVectorizer.
 *
 * Value of an index, in scikit-learn's order:
 *  1. count: c, the sum of its tokens' +1 and -1 (collisions add);
 *  2. weight: raw c; binary 1 for every index a token maps to, even where
 *     signed counts cancel (HashingVectorizer's binary=True); log
 *     sign(c) (1 + ln |c|) (sublinear_tf); freq c / L, L the tokens of the
 *     document (out-of-vocabulary ones too, as tf counts them); augmented
 *     sign(c) (0.5 + 0.5 |c| / M), M the largest count of a term of the
 *     document (all its terms, as tf);
 *  3. idf: times the vocab's idf column (any kind);
 *  4. entries whose value is 0 are dropped;
 *  5. norm: divided by the l1 or l2 norm of the vector (a vector of zeros
 *     stays as it is).
 */

/** Largest number of hash features (scikit-learn's limit, INT32_MAX). */
#define TXF_VEC_HASH_MAX 2147483647u

enum txf_vec_weight {
	TXF_VEC_RAW = 0, TXF_VEC_BINARY, TXF_VEC_LOG, TXF_VEC_FREQ,
	TXF_VEC_AUGMENTED
};

/** AUTO is scikit-learn's default: l2 with idf or hashing, else none. */
enum txf_vec_norm {
	TXF_VEC_NORM_AUTO = 0, TXF_VEC_NORM_NONE, TXF_VEC_L1, TXF_VEC_L2
};

enum txf_vec_format {
	TXF_VEC_SVMLIGHT = 0, TXF_VEC_VW, TXF_VEC_TRIPLET, TXF_VEC_DENSE,
	TXF_VEC_FASTTEXT
};

/** Names of the choices ("raw", "l2", "svmlight" ...; static storage) and
 *  back (TXF_EINVAL when unknown). */
TXF_API const char *txf_vec_weight_name(enum txf_vec_weight w);
TXF_API int txf_vec_weight_parse(const char *name);
TXF_API const char *txf_vec_norm_name(enum txf_vec_norm n);
TXF_API int txf_vec_norm_parse(const char *name);
TXF_API const char *txf_vec_format_name(enum txf_vec_format f);
TXF_API int txf_vec_format_parse(const char *name);
/** The NULL-terminated tables of the names a user may give (the norm's
 *  lacks "auto", the default), in the enums' order. */
TXF_API const char *const *txf_vec_weight_names(void);
TXF_API const char *const *txf_vec_norm_names(void);
TXF_API const char *const *txf_vec_format_names(void);

/* ------------------------------------------------------------------ */
/* Term frequencies of a document (the terms stream tf writes)          */

/**
 * The weight of a term counted count times in a document of ntokens
 * tokens whose most frequent term is counted maxcount times: the count;
 * 1; 1 + ln(count); count / ntokens; 0.5 + 0.5 * count / maxcount.  The
 * one formula of tf and of vectors (which give it the hash's sign).
 */
TXF_API double txf_tf_weight(enum txf_vec_weight w, uint64_t count,
                     uint64_t ntokens, uint64_t maxcount);

/** The order of a document's terms: first occurrence, term bytes, or
 *  value descending with ties by term bytes. */
enum txf_tf_order { TXF_TF_FIRST = 0, TXF_TF_TERM, TXF_TF_VALUE };
TXF_API const char *txf_tf_order_name(enum txf_tf_order o);
TXF_API int txf_tf_order_parse(const char *name);
TXF_API const char *const *txf_tf_order_names(void);

typedef struct {
	enum txf_vec_weight weight;   /* default TXF_VEC_RAW */
	enum txf_tf_order order;      /* default TXF_TF_FIRST */
	size_t top;                   /* keep the top terms by value (ties
	                                 by term bytes); SIZE_MAX: all */
} txf_tfopts;

typedef struct txf_termfreq txf_termfreq;

/** A counter of one document's terms at a time; NULL when out of memory. */
TXF_API txf_termfreq *txf_termfreq_new(const txf_tfopts *o);

/**
 * Count the terms of a tokens field p[0..n) (escaped tokens separated by
 * spaces), weigh, order and select them: *nterms is then the number of
 * terms to write, read with txf_termfreq_get().  Returns 0 or a TXF_E*
 * code (TXF_ENOMEM, TXF_ERANGE for a document too large).
 */
TXF_API int txf_termfreq_doc(txf_termfreq *t, const char *p, size_t n,
                     size_t *nterms);

/** The k-th term (< *nterms) of the last document, and its count; the
 *  term is valid until the next txf_termfreq_doc(). */
TXF_API void txf_termfreq_get(txf_termfreq *t, size_t k, txf_str *term,
                      uint64_t *count);

/** The weight of a count of the last document (txf_tf_weight()). */
TXF_API double txf_termfreq_value(const txf_termfreq *t, uint64_t count);

TXF_API void txf_termfreq_free(txf_termfreq *t);

/**
 * The hashing index of the term p[0..n) among n_features (>= 1), with its
 * sign (+1 or -1, the sign of the MurmurHash3 read as an int32) in *sign.
 */
TXF_API uint32_t txf_vec_hash(const char *p, size_t n, uint32_t n_features,
                      int *sign);

/** How to build vectors.  txf_vecopts_init() sets the defaults. */
typedef struct {
	const txf_vocab *vocab;    /* index by vocab rows (borrowed), or NULL */
	uint32_t hash_n;           /* or hash into this many features
	                              (1..TXF_VEC_HASH_MAX); 0 with a vocab */
	int alternate_sign;        /* hashing: signed counts (default 1) */
	enum txf_vec_weight weight;  /* default TXF_VEC_RAW */
	int idf;                   /* times the vocab's idf (default 0) */
	enum txf_vec_norm norm;    /* default TXF_VEC_NORM_AUTO */
} txf_vecopts;

TXF_API void txf_vecopts_init(txf_vecopts *o);

/**
 * Check o: exactly one of vocab and hash_n, hash_n within range, known
 * weight and norm, idf only with a vocab that has an idf column.  Returns
 * 0, TXF_EINVAL, or TXF_ERANGE (a vocab of more than TXF_VEC_HASH_MAX
 * rows).
 */
TXF_API int txf_vecopts_check(const txf_vecopts *o);

/** The norm o stands for: its norm, or what AUTO means for it. */
TXF_API enum txf_vec_norm txf_vec_default_norm(const txf_vecopts *o);

/** A document's vector: entries by ascending index, none of value 0. */
typedef struct {
	const uint32_t *idx;   /* indices, ascending */
	const double *val;     /* their values */
	size_t n;              /* number of entries */
	size_t tokens;         /* tokens in the document */
	size_t dropped;        /* of them, not in the vocab */
} txf_vec;

typedef struct txf_vectorizer txf_vectorizer;

/**
 * A vectorizer with a copy of o (the vocab stays the caller's and must
 * outlive it).  With a vocab it builds its own lookup table of the terms
 * (36 to 72 bytes a row) and, with idf, an array of the idf (8 bytes a
 * row).  NULL with *err set to the code txf_vecopts_check() returns, or
 * TXF_ENOMEM.  Release with txf_vectorizer_free().
 */
TXF_API txf_vectorizer *txf_vectorizer_new(const txf_vecopts *o,
                                   txf_error *err);

/**
 * A vectorizer with vz's options that shares its read-only tables (the
 * vocab's lookup table and idf), for another thread: vz must outlive it.
 * NULL when out of memory.  Release with txf_vectorizer_free().
 */
TXF_API txf_vectorizer *txf_vectorizer_dup(const txf_vectorizer *vz);

/** Free the vectorizer (NULL is allowed). */
TXF_API void txf_vectorizer_free(txf_vectorizer *vz);

/** Number of features: the vocab's rows or hash_n. */
TXF_API uint32_t txf_vectorizer_dim(const txf_vectorizer *vz);

/** The vectorizer's options, with the norm resolved (never AUTO). */
TXF_API const txf_vecopts *txf_vectorizer_opts(const txf_vectorizer *vz);

/**
 * The vector of the document whose tokens are tok[0..n).  *out points into
 * storage owned by vz, valid until the next call on vz.  Returns 0 or
 * TXF_ENOMEM (or TXF_ERANGE from the term counting of augmented).
 */
TXF_API int txf_vectorize(txf_vectorizer *vz, const txf_str *tok, size_t n,
                  txf_vec *out);

/**
 * The same from a tokens-stream field p[0..n): tokens separated by spaces
 * (several count as one), with the stream's escapes, which are decoded.
 * Faster: no token views are made.  Returns as txf_vectorize().
 */
TXF_API int txf_vectorize_field(txf_vectorizer *vz, const char *p, size_t n,
                        txf_vec *out);

/** How to write vectors.  txf_vecfmt_init() sets the defaults. */
typedef struct {
	enum txf_vec_format format;  /* default TXF_VEC_SVMLIGHT */
	int prec;              /* significant digits of values, 1..17 (9) */
	int one_based;         /* svmlight and triplet indices from 1 (0) */
	const char *ns;        /* VW namespace (default "w"; borrowed) */
	size_t ns_len;
	int id_comment;        /* svmlight: end the line with " # id" (0) */
} txf_vecfmt;

TXF_API void txf_vecfmt_init(txf_vecfmt *f);

/**
 * What a line holds besides the vector: the document id and, for
 * svmlight and VW, its label and (svmlight) query id, as the fields are
 * in the stream (escaped).  A NULL label.p writes svmlight's label 0 and
 * no VW label; a NULL qid.p no qid.
 */
typedef struct {
	txf_str id, label, qid;
	txf_str tokens;   /* fastText: the tokens field (escaped) */
} txf_vecrow;

/**
 * The lines of one document, with values as txf_fmt_num() writes them at
 * f->prec digits:
 *
 *   svmlight  label [qid:Q] i:v i:v ...    (one line, even without entries)
 *   vw        [label ]'id |ns name:v ...   (one line, even without entries)
 *   triplet   id TAB i TAB v               (one line per entry)
 *   dense     id TAB v0 TAB v1 ... TAB v(dim-1)   (zeros written 0)
 *   fasttext  __label__L ... tok tok ...   (row->label split at commas,
 *             then row->tokens with \\ decoded; no vector is written)
 *
 * With f->id_comment, a svmlight line ends with " # " and the id as it
 * is in the stream (scikit-learn's and XGBoost's readers skip a '#'
 * comment).
 * VW names are the vocab's terms, or the decimal index with hashing; in
 * VW names and the id, bytes VW reads as syntax (space, TAB, LF, CR, '|',
 * ':') and '%' are written %XX (txf_vw_escape()); the id's stream escapes
 * are decoded first.  Writes into out, which must hold txf_vec_bound()
 * bytes; returns the number written (no NUL).
 */
TXF_API size_t txf_vec_write(const txf_vectorizer *vz, const txf_vecfmt *f,
                     const txf_vecrow *row, const txf_vec *v, char *out);

/** A size txf_vec_write() does not exceed for these arguments. */
TXF_API size_t txf_vec_bound(const txf_vectorizer *vz, const txf_vecfmt *f,
                     const txf_vecrow *row, const txf_vec *v);

/**
 * Write p[0..n) into out (room for 3n bytes) with space, TAB, LF, CR,
 * '|', ':' and '%' as %20, %09, %0A, %0D, %7C, %3A and %25, so that a
 * term is one VW feature name and distinct terms stay distinct.  Returns
 * the length.
 */
TXF_API size_t txf_vw_escape(const char *p, size_t n, char *out);

/* ------------------------------------------------------------------ */
/* Models: serving what the tools fitted                               */

/*
 * A model is a vocab that records its analysis (vocab writes it from the
 * tokens' analysis line, or with --docs).  A serving program opens it
 * once; then, for a text, txf_model_tokens() gives the tokens the tools
 * give; txf_vectorize() with a vectorizer on txf_model_vocab() the vector
 * vectorize -V prints (txf_vec_write() writes its bytes); a matcher on
 * txf_model_vocab() the features match -V prints (txf_fmt_num() at 9
 * digits writes them).
 */
typedef struct txf_model txf_model;

/**
 * Open the model at path: its vocab, its analysis, and an analyzer of it
 * (stop lists found as txf_stopset_open() finds them, datadir as
 * there).  NULL with *err set: TXF_EFORMAT (a bad vocab: the line and
 * what is wrong; one that records no analysis or a bad one; a stop list
 * other than the recorded one), TXF_EIO, TXF_ENOENT (a stop list not
 * found), TXF_ENOMEM.  err->msg does not name path.
 */
TXF_API txf_model *txf_model_open(const char *path, const char *datadir,
                          txf_error *err);
TXF_API void txf_model_free(txf_model *m);
/** The model's vocab and analysis (owned by m). */
TXF_API const txf_vocab *txf_model_vocab(const txf_model *m);
TXF_API const txf_analysis *txf_model_analysis(const txf_model *m);
/** The model's analyzer: one thread at a time (txf_analyzer_dup() for
 *  others). */
TXF_API txf_analyzer *txf_model_analyzer(txf_model *m);
/** The tokens of valid UTF-8 text[0..n) under the model's analysis, as
 *  txf_analyze() gives them.  Returns 0 or a TXF_E* code. */
TXF_API int txf_model_tokens(txf_model *m, const char *text, size_t n,
                     txf_tokens *out);

/* ------------------------------------------------------------------ */
/* Labels                                                              */

/**
 * A label map: string classes and the integers a trainer reads in their
 * place, as a file of `label TAB integer` lines.  A map is built in
 * order of first appearance (from 0) and written once, then loaded for
 * later files so that training and test files agree.
 */
typedef struct txf_labelmap txf_labelmap;

/** An empty map, or NULL when memory is short. */
TXF_API txf_labelmap *txf_labelmap_new(void);

/**
 * The map in the file at path.  NULL with *err set: TXF_EIO (errno),
 * TXF_ENOMEM, TXF_ERANGE, or TXF_EFORMAT with the line (not `label TAB
 * integer`, or a label given twice).
 */
TXF_API txf_labelmap *txf_labelmap_load(const char *path, txf_error *err);

/** Free the map (NULL is allowed). */
TXF_API void txf_labelmap_free(txf_labelmap *m);

/** Number of labels. */
TXF_API size_t txf_labelmap_size(const txf_labelmap *m);

/** The integer of label p[0..n): 1 with *v set, or 0 when it is not in
 *  the map.  Safe from several threads while nothing is added. */
TXF_API int txf_labelmap_get(const txf_labelmap *m, const char *p,
                             size_t n, int64_t *v);

/**
 * The integer of label p[0..n), adding it with the next integer (one more
 * than the largest so far, 0 for an empty map) when it is new.  Returns 1
 * when added, 0 when it was there, TXF_EINVAL for a label that
 * txf_label_ok() refuses, TXF_ENOMEM or TXF_ERANGE.
 */
TXF_API int txf_labelmap_add(txf_labelmap *m, const char *p, size_t n,
                             int64_t *v);

/** Append the map's lines, in the order the labels were added, to out.
 *  Returns 0 or TXF_ENOMEM. */
TXF_API int txf_labelmap_format(const txf_labelmap *m, txf_buf *out);

/** Whether p[0..n) can be a label: not empty, and no space, TAB, LF, CR,
 *  comma or NUL. */
TXF_API int txf_label_ok(const char *p, size_t n);

/**
 * Split a field of labels at commas into out[0..max).  Returns how many
 * labels the field holds (0 for an empty field), which may exceed max.
 */
TXF_API size_t txf_labels_split(txf_str field, txf_str *out, size_t max);

#ifdef __cplusplus
}
#endif

#endif /* TEXTFEAT_H */
