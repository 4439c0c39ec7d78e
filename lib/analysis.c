/* analysis.c - the canonical description of an analysis (the tokenize and
 * ngrams options that change tokens), and an analyzer built from one. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textfeat.h"
#include "internal.h"

struct txf_analysis {
	txf_tokopts t;      /* stop and stem are NULL */
	char *stop;         /* the stop list's name, or NULL */
	uint64_t stop_words;
	uint64_t stop_hash;
	char *stem;         /* canonical language, or NULL */
	txf_ngopts g;       /* joiner points to a copy of its own */
	char *joiner;
};

static const char *const mode_names[] = { "uax29", "word", "space" };
static const char *const norm_names[] = { "none", "nfc", "nfkc" };
static const char *const case_names[] = { "keep", "lower", "fold" };
static const char *const unit_names[] = { "grapheme", "codepoint" };

/* Snowball's names for its languages (its modules.txt): the ISO 639
 * codes libstemmer also accepts, so that --stem=en and --stem=english are
 * one analysis. */
static const char *const stem_alias[][2] = {
	{ "ar", "arabic" }, { "ara", "arabic" },
	{ "hy", "armenian" }, { "hye", "armenian" }, { "arm", "armenian" },
	{ "eu", "basque" }, { "eus", "basque" }, { "baq", "basque" },
	{ "ca", "catalan" }, { "cat", "catalan" },
	{ "da", "danish" }, { "dan", "danish" },
	{ "nl", "dutch" }, { "dut", "dutch" }, { "nld", "dutch" },
	{ "en", "english" }, { "eng", "english" },
	{ "fi", "finnish" }, { "fin", "finnish" },
	{ "fr", "french" }, { "fre", "french" }, { "fra", "french" },
	{ "de", "german" }, { "ger", "german" }, { "deu", "german" },
	{ "el", "greek" }, { "gre", "greek" }, { "ell", "greek" },
	{ "hi", "hindi" }, { "hin", "hindi" },
	{ "hu", "hungarian" }, { "hun", "hungarian" },
	{ "id", "indonesian" }, { "ind", "indonesian" },
	{ "ga", "irish" }, { "gle", "irish" },
	{ "it", "italian" }, { "ita", "italian" },
	{ "lt", "lithuanian" }, { "lit", "lithuanian" },
	{ "ne", "nepali" }, { "nep", "nepali" },
	{ "no", "norwegian" }, { "nor", "norwegian" },
	{ "pt", "portuguese" }, { "por", "portuguese" },
	{ "ro", "romanian" }, { "rum", "romanian" }, { "ron", "romanian" },
	{ "ru", "russian" }, { "rus", "russian" },
	{ "sr", "serbian" }, { "srp", "serbian" },
	{ "es", "spanish" }, { "esl", "spanish" }, { "spa", "spanish" },
	{ "sv", "swedish" }, { "swe", "swedish" },
	{ "ta", "tamil" }, { "tam", "tamil" },
	{ "tr", "turkish" }, { "tur", "turkish" },
	{ "yi", "yiddish" }, { "yid", "yiddish" },
};

const char *
txf_stem_canonical(const char *lang)
{
	for (size_t i = 0; i < sizeof stem_alias / sizeof stem_alias[0]; i++)
		if (strcmp(lang, stem_alias[i][0]) == 0)
			return stem_alias[i][1];
	return lang;
}

TXF_DEFINE_FREE(txf_analysis_free, txf_analysis, a)
{
	TXF_FREE_ALL(a->stop, a->stem, a->joiner, a);
}

/* Settings that do not change the tokens take their defaults, so that the
 * same analysis is always written the same way. */
static void
canonicalize(txf_analysis *a)
{
	if (a->t.min_len == 0)
		a->t.min_len = 1;
	if (a->g.word_max < 2) {
		a->g.skip = 0;
		a->g.joiner = "+";
		a->g.joiner_len = 1;
	}
	if (a->g.char_min == 0 && a->g.wb_min == 0 && a->g.edge_min == 0)
		a->g.unit = TXF_UNIT_GRAPHEME;
	if (a->g.word_min == 0)
		a->g.word_max = 0;
	if (a->g.char_min == 0)
		a->g.char_max = 0;
	if (a->g.wb_min == 0)
		a->g.wb_max = 0;
	if (a->g.edge_min == 0)
		a->g.edge_max = 0;
}

static int
set_joiner(txf_analysis *a, const char *p, size_t n)
{
	char *j = malloc(n + 1);

	if (j == NULL)
		return TXF_ENOMEM;
	memcpy(j, p, n);
	j[n] = '\0';
	free(a->joiner);
	a->joiner = j;
	a->g.joiner = j;
	a->g.joiner_len = n;
	return 0;
}

static int
tokopts_ok(const txf_tokopts *t)
{
	return (unsigned)t->mode <= TXF_MODE_SPACE &&
	    (unsigned)t->norm <= TXF_NORM_NFKC &&
	    (unsigned)t->casing <= TXF_CASE_FOLD &&
	    (t->max_len == 0 || t->max_len >= t->min_len);
}

int
txf_analysis_set_ngrams(txf_analysis *a, const txf_ngopts *g)
{
	txf_ngopts d;

	if (g == NULL) {
		txf_ngopts_init(&d);
		g = &d;
	}
	if (txf_ngopts_check(g) < 0 ||
	    g->word_min + g->char_min + g->wb_min + g->edge_min == 0)
		return TXF_EINVAL;
	a->g = *g;
	canonicalize(a);
	return set_joiner(a, a->g.joiner, a->g.joiner_len);
}

txf_analysis *
txf_analysis_new(const txf_tokopts *t, const char *stop_name,
                 const txf_ngopts *g, txf_error *err)
{
	txf_analysis *a = calloc(1, sizeof *a);
	int e = TXF_ENOMEM;

	if (a == NULL)
		goto fail;
	if (!tokopts_ok(t)) {
		e = txf_fail(err, TXF_EINVAL, 0, "max-len is below min-len");
		goto fail;
	}
	a->t = *t;
	a->t.stop = NULL;
	a->t.stem = NULL;
	a->t.strip_accents = t->strip_accents != 0;
	if (t->stop != NULL) {
		if ((a->stop = strdup(stop_name && *stop_name ? stop_name :
		    "-")) == NULL)
			goto fail;
		a->stop_words = txf_stopset_size(t->stop);
		a->stop_hash = txf_stopset_hash(t->stop);
	}
	if (t->stem != NULL &&
	    (a->stem = strdup(txf_stem_canonical(txf_stemmer_lang(t->stem))))
	    == NULL)
		goto fail;
	if ((e = txf_analysis_set_ngrams(a, g)) < 0) {
		if (e == TXF_EINVAL)
			txf_fail(err, e, 0, "invalid n-gram options");
		goto fail;
	}
	return a;
fail:
	txf_analysis_free(a);
	if (e == TXF_ENOMEM)
		txf_fail(err, e, 0, NULL);
	return NULL;
}

txf_analysis *
txf_analysis_dup(const txf_analysis *a)
{
	txf_analysis *b = calloc(1, sizeof *b);

	if (b == NULL)
		goto nomem;
	*b = *a;
	b->stop = b->stem = b->joiner = NULL;
	if ((a->stop && (b->stop = strdup(a->stop)) == NULL) ||
	    (a->stem && (b->stem = strdup(a->stem)) == NULL) ||
	    set_joiner(b, a->g.joiner, a->g.joiner_len) < 0)
		goto nomem;
	return b;
nomem:
	txf_analysis_free(b);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */

/* The value bytes written %XX: controls, space, DEL and '%'. */
static int
needs_pct(unsigned char c)
{
	return c <= 0x20 || c == 0x7f || c == '%';
}

static int
add_value(txf_buf *out, const char *p, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		char e[3] = { '%', hex[c >> 4], hex[c & 15] };
		if (txf_buf_add(out, needs_pct(c) ? e : (const char *)&p[i],
		    needs_pct(c) ? 3 : 1) < 0)
			return TXF_ENOMEM;
	}
	return 0;
}

static int
add_fmt(txf_buf *out, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= sizeof tmp)
		return TXF_ERANGE;
	return txf_buf_add(out, tmp, (size_t)k);
}

static int
add_range(txf_buf *out, const char *key, size_t lo, size_t hi)
{
	if (lo == 0)
		return add_fmt(out, " %s=off", key);
	return add_fmt(out, " %s=%zu:%zu", key, lo, hi);
}

static int
marked(const txf_ngopts *g)
{
	return (g->word_min > 0) + (g->char_min > 0) + (g->wb_min > 0) +
	    (g->edge_min > 0) > 1;
}

/* The fields, in canonical order: each writes " key=value". */
enum {
	F_MODE, F_NORM, F_CASE, F_ACCENTS, F_MIN_LEN, F_MAX_LEN, F_STOP,
	F_STOP_WORDS, F_STOP_HASH, F_STEM, F_WORD, F_SKIP, F_JOINER, F_CHAR,
	F_CHAR_WB, F_EDGE, F_UNIT, F_MARKS, F_COUNT
};
static const char *const field_names[F_COUNT] = {
	"mode", "norm", "case", "accents", "min-len", "max-len", "stop",
	"stop-words", "stop-hash", "stem", "word", "skip", "joiner", "char",
	"char-wb", "edge", "unit", "marks"
};

static int
add_field(txf_buf *out, const txf_analysis *a, int f)
{
	const txf_ngopts *g = &a->g;

	switch (f) {
	case F_MODE:
		return add_fmt(out, " mode=%s", mode_names[a->t.mode]);
	case F_NORM:
		return add_fmt(out, " norm=%s", norm_names[a->t.norm]);
	case F_CASE:
		return add_fmt(out, " case=%s", case_names[a->t.casing]);
	case F_ACCENTS:
		return add_fmt(out, " accents=%s",
		    a->t.strip_accents ? "strip" : "keep");
	case F_MIN_LEN:
		return add_fmt(out, " min-len=%zu", a->t.min_len);
	case F_MAX_LEN:
		if (a->t.max_len == 0)
			return add_fmt(out, " max-len=none");
		return add_fmt(out, " max-len=%zu", a->t.max_len);
	case F_STOP:
		if (a->stop == NULL)
			return add_fmt(out, " stop=none");
		if (add_fmt(out, " stop=") < 0)
			return TXF_ENOMEM;
		return add_value(out, a->stop, strlen(a->stop));
	case F_STOP_WORDS:
		if (a->stop == NULL)
			return 0;
		return add_fmt(out, " stop-words=%llu",
		    (unsigned long long)a->stop_words);
	case F_STOP_HASH:
		if (a->stop == NULL)
			return 0;
		return add_fmt(out, " stop-hash=%016llx",
		    (unsigned long long)a->stop_hash);
	case F_STEM:
		if (add_fmt(out, " stem=") < 0)
			return TXF_ENOMEM;
		return a->stem ? add_value(out, a->stem, strlen(a->stem)) :
		    add_fmt(out, "none");
	case F_WORD:
		return add_range(out, "word", g->word_min, g->word_max);
	case F_SKIP:
		return add_fmt(out, " skip=%zu", g->skip);
	case F_JOINER:
		if (add_fmt(out, " joiner=") < 0)
			return TXF_ENOMEM;
		return add_value(out, g->joiner, g->joiner_len);
	case F_CHAR:
		return add_range(out, "char", g->char_min, g->char_max);
	case F_CHAR_WB:
		return add_range(out, "char-wb", g->wb_min, g->wb_max);
	case F_EDGE:
		return add_range(out, "edge", g->edge_min, g->edge_max);
	case F_UNIT:
		return add_fmt(out, " unit=%s", unit_names[g->unit]);
	case F_MARKS:
		if (!marked(g))
			return add_fmt(out, " marks=none");
		return add_fmt(out, " marks=%s,%s,%s", TXF_MARK_CHAR,
		    TXF_MARK_CHAR_WB, TXF_MARK_EDGE);
	}
	return 0;
}

int
txf_analysis_write(const txf_analysis *a, txf_buf *out)
{
	if (txf_buf_add(out, TXF_ANALYSIS_TAG "=1",
	    sizeof TXF_ANALYSIS_TAG + 1) < 0)
		return TXF_ENOMEM;
	for (int f = 0; f < F_COUNT; f++)
		if (add_field(out, a, f) < 0)
			return TXF_ENOMEM;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Comparing                                                           */

int
txf_analysis_diff(const txf_analysis *a, const txf_analysis *b,
                  txf_buf *msg)
{
	txf_buf x = { 0 }, y = { 0 };
	int rc = 0;

	for (int f = 0; f < F_COUNT && rc == 0; f++) {
		/* A stop list is the words it holds: the same words under
		 * another name (a copy of the file) are the same analysis. */
		if (f == F_STOP && a->stop && b->stop &&
		    a->stop_words == b->stop_words &&
		    a->stop_hash == b->stop_hash)
			continue;
		x.n = y.n = 0;
		if (add_field(&x, a, f) < 0 || add_field(&y, b, f) < 0) {
			rc = TXF_ENOMEM;
			break;
		}
		if (x.n == y.n && (x.n == 0 || memcmp(x.p, y.p, x.n) == 0))
			continue;
		/* " key=value", or nothing for a field one side lacks */
		rc = 1;
		if (msg == NULL)
			break;
		size_t k = strlen(field_names[f]) + 2;
		if (add_fmt(msg, "%s: ", field_names[f]) < 0 ||
		    (x.n > k ? txf_buf_add(msg, x.p + k, x.n - k) :
		    add_fmt(msg, "(none)")) < 0 ||
		    add_fmt(msg, " vs ") < 0 ||
		    (y.n > k ? txf_buf_add(msg, y.p + k, y.n - k) :
		    add_fmt(msg, "(none)")) < 0)
			rc = TXF_ENOMEM;
	}
	txf_buf_free(&x);
	txf_buf_free(&y);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decode the %XX escapes of v[0..n) into a NUL-terminated copy. */
static char *
decode(const char *v, size_t n, size_t *len)
{
	char *s = malloc(n + 1);
	size_t k = 0;

	if (s == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		int h, l;
		if (v[i] == '%' && i + 2 < n &&
		    (h = hexval((unsigned char)v[i + 1])) >= 0 &&
		    (l = hexval((unsigned char)v[i + 2])) >= 0) {
			s[k++] = (char)(h * 16 + l);
			i += 2;
		} else
			s[k++] = v[i];
	}
	s[k] = '\0';
	*len = k;
	return s;
}

static int
parse_size(const char *v, size_t lo, size_t hi, size_t *out)
{
	size_t x = 0;

	if (*v == '\0')
		return -1;
	for (; *v; v++) {
		if (*v < '0' || *v > '9' || x > (SIZE_MAX - 9) / 10)
			return -1;
		x = x * 10 + (size_t)(*v - '0');
	}
	if (x < lo || x > hi)
		return -1;
	*out = x;
	return 0;
}

static int
parse_range(const char *v, size_t *lo, size_t *hi)
{
	char buf[48];
	char *colon;

	if (strcmp(v, "off") == 0) {
		*lo = *hi = 0;
		return 0;
	}
	if (strlen(v) >= sizeof buf)
		return -1;
	strcpy(buf, v);
	colon = strchr(buf, ':');
	if (colon == NULL)
		return -1;
	*colon = '\0';
	if (parse_size(buf, 1, TXF_NGRAM_MAX, lo) < 0 ||
	    parse_size(colon + 1, 1, TXF_NGRAM_MAX, hi) < 0 || *lo > *hi)
		return -1;
	return 0;
}

static int
parse_choice(const char *v, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(v, names[i]) == 0)
			return i;
	return -1;
}

/* Set field f of a from the decoded value v (len bytes).  Returns 0, 1
 * for a bad value, or TXF_ENOMEM. */
#define BAD(x) ((x) < 0 ? 1 : 0)
static int
set_field(txf_analysis *a, int f, const char *v, size_t len,
          uint64_t *stop_words, int *have_hash)
{
	txf_ngopts *g = &a->g;
	int k;
	size_t x;

	switch (f) {
	case F_MODE:
		if ((k = parse_choice(v, mode_names, 3)) < 0)
			return 1;
		a->t.mode = (enum txf_mode)k;
		return 0;
	case F_NORM:
		if ((k = parse_choice(v, norm_names, 3)) < 0)
			return 1;
		a->t.norm = (enum txf_norm)k;
		return 0;
	case F_CASE:
		if ((k = parse_choice(v, case_names, 3)) < 0)
			return 1;
		a->t.casing = (enum txf_case)k;
		return 0;
	case F_ACCENTS:
		if (strcmp(v, "strip") == 0)
			a->t.strip_accents = 1;
		else if (strcmp(v, "keep") == 0)
			a->t.strip_accents = 0;
		else
			return 1;
		return 0;
	case F_MIN_LEN:
		return BAD(parse_size(v, 1, SIZE_MAX, &a->t.min_len));
	case F_MAX_LEN:
		if (strcmp(v, "none") == 0) {
			a->t.max_len = 0;
			return 0;
		}
		return BAD(parse_size(v, 1, SIZE_MAX, &a->t.max_len));
	case F_STOP:
		if (len == 0 || strlen(v) != len)
			return 1;
		if (strcmp(v, "none") == 0)
			return 0;
		return (a->stop = strdup(v)) == NULL ? TXF_ENOMEM : 0;
	case F_STOP_WORDS:
		if (parse_size(v, 0, SIZE_MAX, &x) < 0)
			return 1;
		*stop_words = x;
		return 0;
	case F_STOP_HASH:
		if (len != 16)
			return 1;
		a->stop_hash = 0;
		for (size_t i = 0; i < 16; i++) {
			int h = hexval((unsigned char)v[i]);
			if (h < 0 || (v[i] >= 'A' && v[i] <= 'F'))
				return 1;
			a->stop_hash = a->stop_hash << 4 | (unsigned)h;
		}
		*have_hash = 1;
		return 0;
	case F_STEM:
		if (len == 0 || strlen(v) != len)
			return 1;
		if (strcmp(v, "none") == 0)
			return 0;
		return (a->stem = strdup(txf_stem_canonical(v))) == NULL ?
		    TXF_ENOMEM : 0;
	case F_WORD:
		return BAD(parse_range(v, &g->word_min, &g->word_max));
	case F_SKIP:
		return BAD(parse_size(v, 0, TXF_NGRAM_MAX, &g->skip));
	case F_JOINER:
		if (!txf_ngram_joiner_ok(v, len))
			return 1;
		return set_joiner(a, v, len);
	case F_CHAR:
		return BAD(parse_range(v, &g->char_min, &g->char_max));
	case F_CHAR_WB:
		return BAD(parse_range(v, &g->wb_min, &g->wb_max));
	case F_EDGE:
		return BAD(parse_range(v, &g->edge_min, &g->edge_max));
	case F_UNIT:
		if ((k = parse_choice(v, unit_names, 2)) < 0)
			return 1;
		g->unit = (enum txf_unit)k;
		return 0;
	case F_MARKS:
		/* checked against the kinds once they are all known */
		if (strcmp(v, "none") == 0)
			return 0;
		{
			char want[32];
			snprintf(want, sizeof want, "%s,%s,%s", TXF_MARK_CHAR,
			    TXF_MARK_CHAR_WB, TXF_MARK_EDGE);
			return strcmp(v, want) == 0 ? 0 : 1;
		}
	}
	return 1;
}

txf_analysis *
txf_analysis_parse(const char *p, size_t n, txf_error *err)
{
	txf_analysis *a = calloc(1, sizeof *a);
	uint64_t stop_words = 0;
	int have_hash = 0, have_words = 0, seen[F_COUNT] = { 0 };
	int marks_on = 0;
	size_t i = 0, tag = sizeof TXF_ANALYSIS_TAG + 1;

	if (a == NULL)
		goto nomem;
	txf_tokopts_init(&a->t);
	txf_ngopts_init(&a->g);
	if (set_joiner(a, "+", 1) < 0)
		goto nomem;
	if (n < tag || memcmp(p, TXF_ANALYSIS_TAG "=", tag - 1) != 0 ||
	    (n > tag - 1 && p[tag - 1] != '1') || (n > tag && p[tag] != ' ')) {
		if (n >= tag - 1 && memcmp(p, TXF_ANALYSIS_TAG "=",
		    tag - 1) == 0)
			txf_fail(err, TXF_EFORMAT, 0, "unknown analysis format '%.*s' "
			    "(this library reads %s=1)",
			    (int)(memchr(p, ' ', n) ? (size_t)((const char *)
			    memchr(p, ' ', n) - p) : n), p, TXF_ANALYSIS_TAG);
		else
			txf_fail(err, TXF_EFORMAT, 0, "not an analysis description "
			    "(it starts with %s=1)", TXF_ANALYSIS_TAG);
		goto bad;
	}
	i = tag;
	while (i < n) {
		size_t s, e, eq, len;
		char *v;
		int f, rc;

		if (p[i] != ' ') {
			txf_fail(err, TXF_EFORMAT, 0, "a field must follow one space");
			goto bad;
		}
		s = ++i;
		while (i < n && p[i] != ' ')
			i++;
		e = i;
		for (eq = s; eq < e && p[eq] != '='; eq++)
			;
		if (eq == e) {
			txf_fail(err, TXF_EFORMAT, 0, "'%.*s' is not key=value",
			    (int)(e - s), p + s);
			goto bad;
		}
		for (f = 0; f < F_COUNT; f++)
			if (strlen(field_names[f]) == eq - s &&
			    memcmp(field_names[f], p + s, eq - s) == 0)
				break;
		if (f == F_COUNT) {
			txf_fail(err, TXF_EFORMAT, 0, "unknown field '%.*s'",
			    (int)(eq - s), p + s);
			goto bad;
		}
		if (seen[f]++) {
			txf_fail(err, TXF_EFORMAT, 0, "field '%s' given twice",
			    field_names[f]);
			goto bad;
		}
		if ((v = decode(p + eq + 1, e - eq - 1, &len)) == NULL)
			goto nomem;
		rc = set_field(a, f, v, len, &stop_words, &have_hash);
		if (f == F_MARKS && rc == 0)
			marks_on = strcmp(v, "none") != 0;
		if (f == F_STOP_WORDS)
			have_words = 1;
		free(v);
		if (rc == TXF_ENOMEM)
			goto nomem;
		if (rc != 0) {
			txf_fail(err, TXF_EFORMAT, 0, "invalid value for %s: '%.*s'",
			    field_names[f], (int)(e - eq - 1), p + eq + 1);
			goto bad;
		}
	}
	if (!tokopts_ok(&a->t)) {
		txf_fail(err, TXF_EFORMAT, 0, "max-len is below min-len");
		goto bad;
	}
	if ((a->stop != NULL) != have_hash ||
	    (a->stop != NULL) != have_words) {
		txf_fail(err, TXF_EFORMAT, 0, a->stop ? "a stop list needs stop-words "
		    "and stop-hash" : "stop-words and stop-hash without a "
		    "stop list");
		goto bad;
	}
	a->stop_words = stop_words;
	if (a->stem != NULL) {
		txf_error e2;
		txf_stemmer *s = txf_stemmer_new(a->stem, &e2);
		if (s == NULL && e2.code == TXF_ENOMEM)
			goto nomem;
		if (s == NULL) {
			txf_fail(err, TXF_EFORMAT, 0, "unknown stemmer language '%s'",
			    a->stem);
			goto bad;
		}
		txf_stemmer_free(s);
	}
	if (a->g.word_min + a->g.char_min + a->g.wb_min + a->g.edge_min == 0) {
		txf_fail(err, TXF_EFORMAT, 0, "no kind of n-gram is on");
		goto bad;
	}
	if (seen[F_MARKS] && marks_on != marked(&a->g)) {
		txf_fail(err, TXF_EFORMAT, 0, "marks=%s does not fit the kinds of "
		    "n-grams", marks_on ? "on" : "none");
		goto bad;
	}
	canonicalize(a);
	return a;
nomem:
	txf_analysis_free(a);
	return TXF_FAIL_NULL(err, TXF_ENOMEM, 0, NULL);
bad:
	txf_analysis_free(a);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Accessors                                                           */

void
txf_analysis_tokopts(const txf_analysis *a, txf_tokopts *out)
{
	*out = a->t;
}

void
txf_analysis_ngopts(const txf_analysis *a, txf_ngopts *out)
{
	*out = a->g;
}

const char *
txf_analysis_stop(const txf_analysis *a)
{
	return a->stop;
}

uint64_t
txf_analysis_stop_hash(const txf_analysis *a)
{
	return a->stop_hash;
}

const char *
txf_analysis_stem(const txf_analysis *a)
{
	return a->stem;
}

int
txf_analysis_has_ngrams(const txf_analysis *a)
{
	const txf_ngopts *g = &a->g;

	return !(g->word_min == 1 && g->word_max == 1 && g->char_min == 0 &&
	    g->wb_min == 0 && g->edge_min == 0);
}

/* ------------------------------------------------------------------ */
/* Stop lists by name                                                  */

/* dir/stopwords/name when it can be read (malloc'd), else NULL. */
static char *
list_in(const char *dir, const char *name)
{
	size_t len = strlen(dir) + strlen(name) + sizeof "/stopwords/";
	char *p = malloc(len);

	if (p == NULL)
		return NULL;
	snprintf(p, len, "%s/stopwords/%s", dir, name);
	FILE *f = fopen(p, "r");
	if (f == NULL) {
		free(p);
		return NULL;
	}
	fclose(f);
	return p;
}

char *
txf_stop_path(const char *name, const char *datadir)
{
	char *p;

	if (name[0] == '\0' || strchr(name, '/') != NULL || name[0] == '.')
		return NULL;
	if (datadir == NULL || datadir[0] == '\0')
		datadir = getenv("TEXTFEAT_DATADIR");
	if (datadir != NULL && datadir[0] != '\0')
		return list_in(datadir, name);
	/* The installed data; before `make install`, the source tree's. */
	if ((p = list_in(TXF_DATADIR, name)) != NULL)
		return p;
#ifdef TXF_SRCDATADIR
	return list_in(TXF_SRCDATADIR, name);
#else
	return NULL;
#endif
}

txf_stopset *
txf_stopset_open(const char *name, const char *datadir,
                 const txf_tokopts *o, txf_error *err)
{
	char *path = txf_stop_path(name, datadir);
	txf_error e;
	txf_stopset *s;

	s = txf_stopset_load(path ? path : name, o, &e);
	if (s == NULL) {
		if (path == NULL && e.code == TXF_EIO && errno == ENOENT)
			txf_fail(&e, TXF_ENOENT, 0, "no stop list '%s'", name);
		if (err != NULL)
			*err = e;
	}
	free(path);
	return s;
}

/* ------------------------------------------------------------------ */
/* The analyzer                                                        */

struct txf_analyzer {
	txf_analysis *a;
	txf_stopset *stop;        /* shared by duplicates: owned by the first */
	int owns_stop;
	txf_stemmer *stem;
	txf_tokenizer *tk;
	txf_ngen *ng;             /* NULL: the tokens are the output */
	txf_buf joined;           /* txf_analyze_text() without n-grams */
};

TXF_DEFINE_FREE(txf_analyzer_free, txf_analyzer, z)
{
	txf_tokenizer_free(z->tk);
	txf_ngen_free(z->ng);
	txf_stemmer_free(z->stem);
	if (z->owns_stop)
		txf_stopset_free(z->stop);
	txf_analysis_free(z->a);
	txf_buf_free(&z->joined);
	free(z);
}

/* The tokenizer and generator of z, with z->stop already set. */
static int
analyzer_build(txf_analyzer *z)
{
	txf_tokopts t = z->a->t;
	txf_error err;

	t.stop = z->stop;
	if (z->a->stem != NULL) {
		if ((z->stem = txf_stemmer_new(z->a->stem, &err)) == NULL)
			return err.code;
		t.stem = z->stem;
	}
	if ((z->tk = txf_tokenizer_new(&t)) == NULL)
		return TXF_ENOMEM;
	if (txf_analysis_has_ngrams(z->a) &&
	    (z->ng = txf_ngen_new(&z->a->g, &err)) == NULL)
		return err.code;
	return 0;
}

txf_analyzer *
txf_analyzer_new(const txf_analysis *a, const char *datadir,
                 txf_error *err)
{
	txf_analyzer *z = calloc(1, sizeof *z);
	int e;

	if (z == NULL || (z->a = txf_analysis_dup(a)) == NULL) {
		txf_fail(err, TXF_ENOMEM, 0, NULL);
		goto fail;
	}
	if (a->stop != NULL) {
		txf_tokopts t = a->t;
		txf_error se;
		z->stop = txf_stopset_open(a->stop, datadir, &t, &se);
		z->owns_stop = 1;
		if (z->stop == NULL) {
			if (se.code == TXF_ENOENT)
				txf_fail(err, se.code, 0, "stop list '%s': not "
				    "found", a->stop);
			else if (se.code == TXF_ENOMEM)
				txf_fail(err, se.code, 0, NULL);
			else if (se.code == TXF_EUTF8)
				txf_fail(err, se.code, 0, "stop list '%s': "
				    "line %llu: invalid UTF-8", a->stop,
				    (unsigned long long)se.line);
			else
				txf_fail(err, se.code, 0, "stop list '%s': %s",
				    a->stop, txf_error_text(&se));
			goto fail;
		}
		uint64_t h = txf_stopset_hash(z->stop);
		uint64_t nw = txf_stopset_size(z->stop);
		if (h != a->stop_hash || nw != a->stop_words) {
			txf_fail(err, TXF_EFORMAT, 0, "stop list '%s' is not "
			    "the one the analysis recorded: %llu words, hash "
			    "%016llx here; %llu words, hash %016llx recorded",
			    a->stop, (unsigned long long)nw,
			    (unsigned long long)h,
			    (unsigned long long)a->stop_words,
			    (unsigned long long)a->stop_hash);
			goto fail;
		}
	}
	if ((e = analyzer_build(z)) < 0) {
		txf_fail(err, e, 0, NULL);
		goto fail;
	}
	return z;
fail:
	txf_analyzer_free(z);
	return NULL;
}

txf_analyzer *
txf_analyzer_dup(const txf_analyzer *z)
{
	txf_analyzer *d = calloc(1, sizeof *d);

	if (d == NULL || (d->a = txf_analysis_dup(z->a)) == NULL)
		goto fail;
	d->stop = z->stop;
	if (analyzer_build(d) < 0)
		goto fail;
	return d;
fail:
	txf_analyzer_free(d);
	return NULL;
}

const txf_analysis *
txf_analyzer_analysis(const txf_analyzer *z)
{
	return z->a;
}

txf_tokenizer *
txf_analyzer_tokenizer(txf_analyzer *z)
{
	return z->tk;
}

txf_ngen *
txf_analyzer_ngen(txf_analyzer *z)
{
	return z->ng;
}

int
txf_analyze(txf_analyzer *z, const char *text, size_t n, txf_tokens *out)
{
	txf_tokens t;
	int rc = txf_tokenize(z->tk, text, n, &t);

	if (rc < 0)
		return rc;
	if (z->ng == NULL) {
		*out = t;
		return 0;
	}
	return txf_ngrams(z->ng, t.v, t.n, out);
}

int
txf_analyze_text(txf_analyzer *z, const char *text, size_t n, txf_str *out)
{
	txf_tokens t;
	int rc = txf_tokenize(z->tk, text, n, &t);

	if (rc < 0)
		return rc;
	if (z->ng != NULL)
		return txf_ngrams_text(z->ng, t.v, t.n, out);
	if (t.joined.p != NULL) {
		*out = t.joined;
		return 0;
	}
	z->joined.n = 0;
	for (size_t i = 0; i < t.n; i++)
		if ((i > 0 && txf_buf_add(&z->joined, " ", 1) < 0) ||
		    txf_buf_add(&z->joined, t.v[i].p, t.v[i].n) < 0)
			return TXF_ENOMEM;
	out->p = z->joined.p ? z->joined.p : "";
	out->n = z->joined.n;
	return 0;
}
