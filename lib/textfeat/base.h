/*
 * textfeat/base.h - part of libtextfeat's public interface: errors, bytes and buffers, the line reader, TSV fields and escapes,
 * UTF-8, hashing and number formatting.
 * Include <textfeat.h>, which includes every part.
 */
#ifndef TEXTFEAT_BASE_H
#define TEXTFEAT_BASE_H

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

#ifdef __cplusplus
}
#endif

#endif /* TEXTFEAT_BASE_H */
