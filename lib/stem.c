/* stem.c - Snowball stemming through libstemmer. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "textfeat.h"
#include "internal.h"

/* A libstemmer stemmer keeps its state (the word being stemmed, the
 * result) in itself: one serves one thread at a time.  The language is
 * kept so that each tokenizer can make its own (txf_stemmer_clone). */
struct txf_stemmer {
	struct sb_stemmer *sb;
	char *lang;
};

txf_stemmer *
txf_stemmer_new(const char *lang, txf_error *err)
{
	txf_stemmer *s = malloc(sizeof *s);

	if (s == NULL || (s->lang = strdup(lang)) == NULL) {
		free(s);
		return TXF_FAIL_NULL(err, TXF_ENOMEM, 0, NULL);
	}
	s->sb = sb_stemmer_new(lang, "UTF_8");
	if (s->sb == NULL) {
		free(s->lang);
		free(s);
		return TXF_FAIL_NULL(err, TXF_ENOENT, 0,
		    "unknown stemmer language '%s'", lang);
	}
	return s;
}

txf_stemmer *
txf_stemmer_clone(const txf_stemmer *s, txf_error *err)
{
	return txf_stemmer_new(s->lang, err);
}

const char *
txf_stemmer_lang(const txf_stemmer *s)
{
	return s->lang;
}

int
txf_stem(txf_stemmer *s, const char *w, size_t n, txf_str *out)
{
	const sb_symbol *r;

	if (n > INT_MAX)
		return TXF_ERANGE;
	r = sb_stemmer_stem(s->sb, (const sb_symbol *)w, (int)n);
	if (r == NULL) {
		/* libstemmer says NULL both when memory runs out and when
		 * an algorithm's own logic fails on a word (libstemmer 2.2's
		 * Greek stemmer on "ισαισα": a slice out of range, Snowball
		 * issue 204; fixed in later versions).  The second keeps the
		 * word as it is, as for a word no rule applies to; it is told
		 * from the first by asking for about the memory the stemmer
		 * needs for the word (a copy of it). */
		void *probe = malloc(n + 64);
		if (probe == NULL)
			return TXF_ENOMEM;
		free(probe);
		out->p = w;
		out->n = n;
		return 0;
	}
	out->p = (const char *)r;
	out->n = (size_t)sb_stemmer_length(s->sb);
	return 0;
}

TXF_DEFINE_FREE(txf_stemmer_free, txf_stemmer, s)
{
	sb_stemmer_delete(s->sb);
	TXF_FREE_ALL(s->lang, s);
}

const char **
txf_stem_languages(void)
{
	return sb_stemmer_list();
}
