/*
 * names.c - the names of every enumerated option, each table written
 * once: the tools parse their options with these, print them in --help
 * and in completions, and the vocab header records them.
 *
 * Each table is NULL-terminated and indexed by the enum's value, except
 * where a value has no name a user may give (TXF_VEC_NORM_AUTO): then
 * txf_X_names() lists the values a user may give, and txf_X_name() still
 * names every value.
 */
#include <string.h>

#include "textfeat.h"

static const char *const mode_names[] = { "uax29", "word", "space", NULL };
static const char *const norm_names[] = { "none", "nfc", "nfkc", NULL };
static const char *const case_names[] = { "keep", "lower", "fold", NULL };
static const char *const unit_names[] = { "grapheme", "codepoint", NULL };
static const char *const idf_names[] = {
	"none", "smooth", "plain", "bm25", NULL
};
static const char *const weight_names[] = {
	"raw", "binary", "log", "freq", "augmented", NULL
};
static const char *const vnorm_names[] = {
	"auto", "none", "l1", "l2", NULL
};
static const char *const format_names[] = {
	"svmlight", "vw", "triplet", "dense", "fasttext", NULL
};
static const char *const order_names[] = { "first", "term", "value", NULL };
static const char *const feat_names[TXF_FEAT_COUNT + 1] = {
	"qlen", "dlen", "matched", "coverage", "jaccard", "dice", "cosine",
	"bm25", "phrase", "lcs_run", "first_pos", "char3_jaccard", NULL
};

/* Entries of a NULL-terminated table. */
static unsigned
count(const char *const *names)
{
	unsigned n = 0;

	while (names[n] != NULL)
		n++;
	return n;
}

/* Index of p[0..n) in names, or TXF_EINVAL. */
static int
find(const char *const *names, const char *p, size_t n)
{
	for (int i = 0; names[i] != NULL; i++)
		if (strlen(names[i]) == n && memcmp(names[i], p, n) == 0)
			return i;
	return TXF_EINVAL;
}

/* The name of value v, or dflt when v is out of range. */
static const char *
name(const char *const *names, unsigned v, const char *dflt)
{
	return v < count(names) ? names[v] : dflt;
}

#define NAMES(pre, table, dflt, type)                                   \
	const char *txf_##pre##_name(type v)                            \
	{ return name(table, (unsigned)v, dflt); }                      \
	int txf_##pre##_parse(const char *s)                            \
	{ return find(table, s, strlen(s)); }                           \
	const char *const *txf_##pre##_names(void)                      \
	{ return table; }

NAMES(mode, mode_names, "?", enum txf_mode)
NAMES(norm, norm_names, "?", enum txf_norm)
NAMES(case, case_names, "?", enum txf_case)
NAMES(unit, unit_names, "?", enum txf_unit)
NAMES(idf, idf_names, "none", enum txf_idf)
NAMES(vec_weight, weight_names, "?", enum txf_vec_weight)
NAMES(vec_format, format_names, "?", enum txf_vec_format)
NAMES(tf_order, order_names, "?", enum txf_tf_order)

/* The vector norm: "auto" is the default, not a value to give. */
const char *
txf_vec_norm_name(enum txf_vec_norm v)
{
	return name(vnorm_names, (unsigned)v, "?");
}

int
txf_vec_norm_parse(const char *s)
{
	return find(vnorm_names, s, strlen(s));
}

const char *const *
txf_vec_norm_names(void)
{
	return vnorm_names + 1;
}

/* Features: named by a slice of a comma-separated list. */
const char *
txf_feat_name(enum txf_feat f)
{
	return name(feat_names, (unsigned)f, NULL);
}

int
txf_feat_parse(const char *p, size_t n)
{
	return find(feat_names, p, n);
}

const char *const *
txf_feat_names(void)
{
	return feat_names;
}
