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
 *  - functions that can fail return a negative TXF_E* code; txf_errmsg()
 *    describes it;
 *  - what the library allocates is released with the matching *_free().
 */
#ifndef TEXTFEAT_H
#define TEXTFEAT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TXF_VERSION_MAJOR 0
#define TXF_VERSION_MINOR 1
#define TXF_VERSION_PATCH 0

/** The library's version as "MAJOR.MINOR.PATCH" (static storage). */
const char *txf_version(void);

/* ------------------------------------------------------------------ */
/* Errors                                                              */

enum {
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
const char *txf_errmsg(int code);

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

/** Make room for at least `extra` more bytes.  Returns 0 or TXF_ENOMEM. */
int txf_buf_grow(txf_buf *b, size_t extra);
/** Append n bytes.  Returns 0 or TXF_ENOMEM. */
int txf_buf_add(txf_buf *b, const void *p, size_t n);
/** Release the buffer's memory and zero it. */
void txf_buf_free(txf_buf *b);

/* ------------------------------------------------------------------ */
/* Line reader: lines of any length from a file descriptor             */

typedef struct txf_reader txf_reader;

/**
 * Create a reader on fd (not closed by the reader).  Reads in large blocks.
 * Returns NULL when out of memory.
 */
txf_reader *txf_reader_new(int fd);

/**
 * Read the next line into *line, without its "\n" or "\r\n" (nor a final
 * "\r" of a last line without a newline); a UTF-8 byte
 * order mark at the start of the stream is dropped.  The view stays valid
 * until the next call.  Returns 1 for a line, 0 at end of input, TXF_EIO on
 * a read error (errno set) or TXF_ENOMEM.
 */
int txf_reader_line(txf_reader *r, txf_str *line);

/** Number of the line last returned, from 1. */
uint64_t txf_reader_lineno(const txf_reader *r);

/** Whether the line last returned ended with a newline (0 for a last
 *  line without one). */
int txf_reader_had_newline(const txf_reader *r);

/** Bytes consumed from the descriptor so far. */
uint64_t txf_reader_bytes(const txf_reader *r);

/** Free the reader (not its descriptor). */
void txf_reader_free(txf_reader *r);

/* ------------------------------------------------------------------ */
/* TSV fields and escapes                                              */

/**
 * Split line on TAB into at most max fields; the last field takes the rest
 * of the line.  Returns the number of fields stored (at least 1).
 */
size_t txf_fields(txf_str line, txf_str *f, size_t max);

/**
 * Append p[0..n) to out with the escapes \t \n \r \\ decoded; an unknown
 * escape (and a lone trailing backslash) is kept as it is.
 * Returns 0 or TXF_ENOMEM.
 */
int txf_unescape(const char *p, size_t n, txf_buf *out);

/**
 * Append p[0..n) to out with TAB, LF, CR and backslash written as
 * \t \n \r \\.  Returns 0 or TXF_ENOMEM.
 */
int txf_escape(const char *p, size_t n, txf_buf *out);

/** Whether p[0..n) needs txf_escape() (holds TAB, LF, CR or backslash). */
int txf_needs_escape(const char *p, size_t n);

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
int txf_toklist_split(txf_toklist *t, const char *p, size_t n);
void txf_toklist_free(txf_toklist *t);

/* ------------------------------------------------------------------ */
/* UTF-8                                                               */

/**
 * Length of the longest valid UTF-8 prefix of p[0..n) that holds no NUL:
 * n when all of it is valid.  Overlong forms, surrogates and code points
 * above U+10FFFF are invalid.
 */
size_t txf_utf8_check(const char *p, size_t n);

/**
 * Decode one code point from p[0..n) (n > 0) into *cp.  Returns its length
 * in bytes, or -1 when the bytes at p are not valid UTF-8 (then *cp is
 * U+FFFD and the length of the maximal invalid subpart is in *len, as
 * Unicode's "substitution of maximal subparts" defines it).
 */
int txf_utf8_decode(const char *p, size_t n, int32_t *cp, size_t *len);

/** Encode cp as UTF-8 into out (room for 4 bytes).  Returns the length. */
int txf_utf8_encode(int32_t cp, char *out);

/**
 * Append p[0..n) to out with each maximal invalid subpart and each NUL
 * replaced by U+FFFD.  Returns the number of replacements, or TXF_ENOMEM.
 */
long txf_utf8_repair(const char *p, size_t n, txf_buf *out);

/** Number of code points in valid UTF-8 p[0..n). */
size_t txf_utf8_count(const char *p, size_t n);

/* ------------------------------------------------------------------ */
/* Normalization and case                                              */

enum txf_norm { TXF_NORM_NONE = 0, TXF_NORM_NFC, TXF_NORM_NFKC };
enum txf_case { TXF_CASE_KEEP = 0, TXF_CASE_LOWER, TXF_CASE_FOLD };

/**
 * Normalize valid UTF-8 p[0..n) (NFC or NFKC) and append it to out.
 * TXF_NORM_NONE appends the text unchanged.  Returns 0 or a TXF_E* code.
 */
int txf_normalize(const char *p, size_t n, enum txf_norm norm, txf_buf *out);

/**
 * Map the case of valid UTF-8 p[0..n) and append it to out.
 * TXF_CASE_FOLD is Unicode full case folding (CaseFolding.txt, C+F);
 * TXF_CASE_LOWER is Python's str.lower(): the full lowercase mapping with
 * U+0130 to "i" + U+0307 and the Final_Sigma rule.
 * Returns 0 or TXF_ENOMEM.
 */
int txf_casemap(const char *p, size_t n, enum txf_case c, txf_buf *out);

/**
 * scikit-learn's strip_accents='unicode': NFKD, then drop every code point
 * with a non-zero canonical combining class.  Appends to out.
 * Returns 0 or a TXF_E* code.
 */
int txf_strip_accents(const char *p, size_t n, txf_buf *out);

/* ------------------------------------------------------------------ */
/* Segmentation                                                        */

/**
 * The byte offset of the first UAX #29 word boundary after pos in the valid
 * UTF-8 text s[0..n) (Unicode 15.0, default rules).  pos must be < n and on
 * a code point boundary (any one: the text before pos is looked at when the
 * rules need it, except that in a run of more than 64 regional indicators
 * pos is taken to be a boundary); the result is in (pos, n].
 */
size_t txf_word_next(const char *s, size_t n, size_t pos);

/**
 * The byte offset of the first extended grapheme cluster boundary after pos
 * in valid UTF-8 s[0..n) (through utf8proc).  pos < n; result in (pos, n].
 */
size_t txf_grapheme_next(const char *s, size_t n, size_t pos);

/** Whether cp is matched by Python's regex \w (str.isalnum() or '_'). */
int txf_is_word_char(int32_t cp);

/** Whether cp is white space as Python's str.isspace() and str.split() see
 *  it: Unicode White_Space plus U+001C..U+001F. */
int txf_is_space(int32_t cp);

/* ------------------------------------------------------------------ */
/* Stop words and stemming                                             */

typedef struct txf_stopset txf_stopset;

/** An empty stop-word set, or NULL when out of memory. */
txf_stopset *txf_stopset_new(void);
/** Add a word (bytes as given).  Returns 0 or TXF_ENOMEM. */
int txf_stopset_add(txf_stopset *s, const char *w, size_t n);
/** Whether w is in the set. */
int txf_stopset_has(const txf_stopset *s, const char *w, size_t n);
/** Number of words in the set. */
size_t txf_stopset_size(const txf_stopset *s);
void txf_stopset_free(txf_stopset *s);

typedef struct txf_stemmer txf_stemmer;

/**
 * A Snowball stemmer for lang (a libstemmer name or ISO 639 code such as
 * "english" or "en").  NULL with *err set to TXF_ENOENT for an unknown
 * language or TXF_ENOMEM.
 */
txf_stemmer *txf_stemmer_new(const char *lang, int *err);
/**
 * Stem w[0..n) (UTF-8).  The result is valid until the next call on the same
 * stemmer.  Returns 0, TXF_ENOMEM, or TXF_ERANGE for a word of 2 GiB or
 * more.
 */
int txf_stem(txf_stemmer *s, const char *w, size_t n, txf_str *out);
void txf_stemmer_free(txf_stemmer *s);
/** NULL-terminated list of the languages libstemmer knows (static). */
const char **txf_stem_languages(void);

/* ------------------------------------------------------------------ */
/* Tokenizer: the whole analysis chain                                 */

enum txf_mode { TXF_MODE_UAX29 = 0, TXF_MODE_WORD, TXF_MODE_SPACE };

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
void txf_tokopts_init(txf_tokopts *o);

/**
 * Describe the options as "mode=uax29 norm=nfkc case=fold ..." into out
 * (used in vocab headers to tell incompatible analyses apart).
 */
int txf_tokopts_describe(const txf_tokopts *o, const char *stop_name,
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

/** A tokenizer with a copy of o (the stop set and stemmer are borrowed).
 *  NULL when out of memory. */
txf_tokenizer *txf_tokenizer_new(const txf_tokopts *o);

/**
 * Analyse valid UTF-8 text[0..n) (no NUL) and set *out to its tokens, valid
 * until the next call on tk.  Returns 0 or a TXF_E* code.
 */
int txf_tokenize(txf_tokenizer *tk, const char *text, size_t n,
                 txf_tokens *out);

void txf_tokenizer_free(txf_tokenizer *tk);

/**
 * Read a stop-word file: one word a line (UTF-8; blanks around it and a
 * leading byte order mark are dropped), blank lines and lines starting
 * with '#' ignored; each word goes through o's normalization, case
 * and accent stages, as the text does, before it is added.  Returns the set,
 * or NULL with *err set (TXF_EIO with errno, TXF_EUTF8 with the line number
 * in *line, TXF_ENOMEM).
 */
txf_stopset *txf_stopset_load(const char *path, const txf_tokopts *o,
                              int *err, uint64_t *line);

/* ------------------------------------------------------------------ */
/* N-grams                                                             */

/** What a character is for character n-grams and edge n-grams. */
enum txf_unit {
	TXF_UNIT_GRAPHEME = 0,  /* an extended grapheme cluster (utf8proc) */
	TXF_UNIT_CODEPOINT      /* a code point, as scikit-learn counts */
};

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
void txf_ngopts_init(txf_ngopts *o);

/**
 * Whether p[0..n) may join the words of n-grams: 1 when it is non-empty
 * valid UTF-8 that holds no word character (txf_is_word_char: letters,
 * digits, '_'), no white space, and none of the characters a token may
 * hold invisibly or that join words (connector punctuation, combining
 * marks, format and control characters); else 0.  A joiner such as "_"
 * would make the bigram non+padded the word non_padded.
 */
int txf_ngram_joiner_ok(const char *p, size_t n);

/**
 * Check o: ranges within [1, TXF_NGRAM_MAX] with MIN <= MAX (or MIN = 0
 * for a kind that is off), skip <= TXF_NGRAM_MAX, a valid unit and a
 * joiner that txf_ngram_joiner_ok() accepts.  Returns 0 or TXF_EINVAL.
 */
int txf_ngopts_check(const txf_ngopts *o);

typedef struct txf_ngen txf_ngen;

/**
 * An n-gram generator with a copy of o (and of its joiner).  Returns NULL
 * with *err set to TXF_EINVAL (o fails txf_ngopts_check) or TXF_ENOMEM.
 * Release with txf_ngen_free().
 */
txf_ngen *txf_ngen_new(const txf_ngopts *o, int *err);

/**
 * The n-grams of one document's tokens tok[0..n) (valid UTF-8, each
 * non-empty and without spaces, as the tokens stream has them).  Sets *out
 * to views into storage owned by g, valid until the next call on g.
 * Returns 0 or TXF_ENOMEM.
 */
int txf_ngrams(txf_ngen *g, const txf_str *tok, size_t n, txf_tokens *out);

/**
 * The same n-grams as txf_ngrams(), as one text: the n-grams separated by
 * single spaces (empty when there is none), i.e. the tokens field of a
 * tokens-stream line before escaping.  Faster: no views are made.  *out
 * points into storage owned by g, valid until the next call on g.
 * Returns 0 or TXF_ENOMEM.
 */
int txf_ngrams_text(txf_ngen *g, const txf_str *tok, size_t n, txf_str *out);

/** Free the generator (NULL is allowed). */
void txf_ngen_free(txf_ngen *g);

/* ------------------------------------------------------------------ */
/* Counting and number formatting                                      */

/**
 * A counting table: distinct terms (byte strings) with nvals 64-bit
 * counters each, for the caller to use (a count; a df, a cf and the last
 * document seen ...).  Entries are numbered from 0 in the order of their
 * first insertion and keep their number until txf_count_clear().  The table
 * keeps its own copy of the term bytes.  A lookup in a table much larger
 * than the caches touches two cache lines; an entry costs about
 * 8 * nvals + 40 bytes plus its term.
 */
typedef struct txf_count txf_count;

/** Most counters an entry can have. */
#define TXF_COUNT_MAXVALS 8

/**
 * An empty table whose entries hold nvals counters (1..TXF_COUNT_MAXVALS).
 * NULL when nvals is out of range or memory is short.  Release with
 * txf_count_free().
 */
txf_count *txf_count_new(unsigned nvals);

/** Free the table (NULL is allowed). */
void txf_count_free(txf_count *t);

/**
 * Forget every entry but keep the memory, for the next document.  Takes
 * time in proportion to the entries in use, not to the table's size.
 */
void txf_count_clear(txf_count *t);

/**
 * Find the term p[0..n), inserting it when it is new; *idx is set to its
 * entry number.  A new entry gets the next number (txf_count_size() before
 * the call) and counters at 0.  Returns 1 when the entry is new, 0 when it
 * was there, TXF_ENOMEM, or TXF_ERANGE (a term of 4 GiB or more, or 2^31 - 1
 * entries already).
 */
int txf_count_add(txf_count *t, const char *p, size_t n, size_t *idx);

/**
 * txf_count_add() for each of the terms v[0..n), in order: idx[k] is set to
 * the entry number of v[k].  Faster than one call per term when the table
 * is larger than the caches (the memory reads of the terms overlap).
 * Returns 0, or a TXF_E* code as txf_count_add() does (then the terms
 * before the failing one were added).
 */
int txf_count_add_many(txf_count *t, const txf_str *v, size_t n, size_t *idx);

/** Find the term p[0..n) without inserting it: 1 with *idx set, or 0. */
int txf_count_find(const txf_count *t, const char *p, size_t n, size_t *idx);

/** Number of entries. */
size_t txf_count_size(const txf_count *t);

/** The term of entry i (< txf_count_size()); the view is valid until the
 *  next txf_count_add(), txf_count_clear() or txf_count_free(). */
txf_str txf_count_term(const txf_count *t, size_t i);

/** The nvals counters of entry i; the pointer is valid until the next
 *  txf_count_add(), txf_count_clear() or txf_count_free(). */
uint64_t *txf_count_vals(txf_count *t, size_t i);

/** Bytes of memory the table uses (index, entries, counters, term bytes;
 *  not the unused reserve of its growable arena), for memory limits. */
size_t txf_count_memory(const txf_count *t);

/**
 * Sort the entry numbers idx[0..n) by term bytes: memcmp order, a term
 * before every longer term it is a prefix of (code point order for UTF-8).
 * Uses a temporary 24 bytes per entry.  Returns 0 or TXF_ENOMEM.
 */
int txf_count_sort_terms(const txf_count *t, size_t *idx, size_t n);

/**
 * Every entry number, sorted by term bytes, into out[0..txf_count_size()).
 * Returns 0 or TXF_ENOMEM.
 */
int txf_count_sorted(const txf_count *t, size_t *out);

/**
 * Sort the entry numbers idx[0..n) by value, largest first, ties by term
 * bytes, and keep the first top of them: afterwards idx[0..min(n, top))
 * holds the top entries in that order and the rest of idx is unspecified.
 * The value of entry i is key[i] when key is not NULL (no NaN; -0 equals
 * 0), otherwise its counter number val.  A top well below n costs
 * O(n log top).  Uses a temporary 24 bytes per entry (per kept entry
 * when top < n / 4).  Returns 0, TXF_EINVAL (val out of range) or
 * TXF_ENOMEM.
 */
int txf_count_sort_desc(const txf_count *t, size_t *idx, size_t n,
                        const double *key, unsigned val, size_t top);

/**
 * MurmurHash3 x86_32 of p[0..n) (Austin Appleby's reference, blocks read
 * little-endian on every machine): the hash scikit-learn's
 * HashingVectorizer and murmurhash3_32 compute (cast the result to int32_t
 * for their signed value) and Vowpal Wabbit uses.
 */
uint32_t txf_murmur3_32(const void *p, size_t n, uint32_t seed);

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
size_t txf_fmt_num(double v, int prec, char *out);

/** Write v in decimal into out (TXF_NUM_MAX bytes); returns the length;
 *  out is NUL-terminated. */
size_t txf_fmt_u64(uint64_t v, char *out);
size_t txf_fmt_i64(int64_t v, char *out);

#ifdef __cplusplus
}
#endif

#endif /* TEXTFEAT_H */
