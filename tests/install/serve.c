/*
 * serve.c - a serving program linking the installed libtextfeat.
 *
 *   serve TEXT...                 the tokens of each TEXT, one line each,
 *                                 with the tools' default analysis
 *   serve MODEL DOCS PAIRS        with the model (a vocab that records its
 *                                 analysis), opened once:
 *                                   for each doc (id TAB text) of DOCS,
 *                                   "id TAB tokens", then its svmlight
 *                                   vector with idf and l2 (as vectorize
 *                                   -V MODEL --idf --docs);
 *                                   for each pair (qid TAB query TAB lid
 *                                   TAB listing) of PAIRS, "qid TAB lid"
 *                                   and every feature (as match -V MODEL)
 *
 * .ci/run builds it against an installed tree with pkg-config and checks
 * its output against the tools', byte for byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <textfeat.h>

static int
bad(const char *what)
{
	fprintf(stderr, "serve: %s\n", what);
	return 1;
}

static int
tokens_only(int argc, char **argv)
{
	txf_tokopts o;
	txf_tokens t;
	txf_tokenizer *tk;

	txf_tokopts_init(&o);
	if ((tk = txf_tokenizer_new(&o)) == NULL)
		return 1;
	for (int i = 1; i < argc; i++) {
		size_t n = strlen(argv[i]);
		if (txf_utf8_check(argv[i], n) != n ||
		    txf_tokenize(tk, argv[i], n, &t) < 0)
			return bad("bad text");
		for (size_t k = 0; k < t.n; k++)
			printf("%s%.*s", k ? " " : "", (int)t.v[k].n, t.v[k].p);
		putchar('\n');
	}
	txf_tokenizer_free(tk);
	return fflush(stdout) != 0;
}

/* Split line (no newline) on TAB into f[0..max); returns the count. */
static size_t
split(char *line, char **f, size_t max)
{
	size_t n = 0;

	f[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	return n;
}

int
main(int argc, char **argv)
{
	if (argc != 4)
		return tokens_only(argc, argv);

	txf_error err;
	txf_model *m = txf_model_open(argv[1], NULL, &err);
	if (m == NULL) {
		fprintf(stderr, "serve: %s:%llu: %s\n", argv[1],
		    (unsigned long long)err.line, txf_error_text(&err));
		return 1;
	}

	/* The vector: vocab index, idf, l2 (vectorize -V --idf). */
	txf_vecopts vo;
	txf_vecopts_init(&vo);
	vo.vocab = txf_model_vocab(m);
	vo.idf = 1;
	txf_vectorizer *vz = txf_vectorizer_new(&vo, &err);
	txf_vecfmt fo;
	txf_vecfmt_init(&fo);
	/* The features: every one the vocab allows (match -V). */
	txf_matchopts mo;
	txf_matchopts_init(&mo, txf_model_vocab(m));
	txf_matcher *mt = txf_matcher_new(&mo, &err);
	if (vz == NULL || mt == NULL)
		return bad("cannot make a vectorizer or a matcher");

	char *line = NULL, *f[5];
	size_t cap = 0;
	ssize_t k;
	txf_buf text = { 0 }, out = { 0 };
	FILE *docs = fopen(argv[2], "r"), *pairs = fopen(argv[3], "r");
	if (docs == NULL || pairs == NULL)
		return bad("cannot open the inputs");
	while ((k = getline(&line, &cap, docs)) > 0) {
		if (line[k - 1] == '\n')
			line[--k] = '\0';
		if (split(line, f, 3) < 2)
			return bad("a doc without text");
		text.n = 0;
		if (txf_unescape(f[1], strlen(f[1]), &text) < 0)
			return bad("out of memory");
		txf_tokens t;
		txf_vec v;
		if (txf_model_tokens(m, text.p ? text.p : "", text.n, &t) < 0)
			return bad("cannot analyse");
		printf("%s\t", f[0]);
		out.n = 0;
		for (size_t i = 0; i < t.n; i++)
			if ((i && txf_buf_add(&out, " ", 1) < 0) ||
			    txf_escape(t.v[i].p, t.v[i].n, &out) < 0)
				return bad("out of memory");
		printf("%.*s\n", (int)out.n, out.p ? out.p : "");
		if (txf_vectorize(vz, t.v, t.n, &v) < 0)
			return bad("cannot vectorize");
		txf_vecrow row = { { f[0], strlen(f[0]) }, { NULL, 0 },
		    { NULL, 0 } };
		out.n = 0;
		if (txf_buf_grow(&out, txf_vec_bound(vz, &fo, &row, &v)) < 0)
			return bad("out of memory");
		out.n = txf_vec_write(vz, &fo, &row, &v, out.p);
		fwrite(out.p, 1, out.n, stdout);
	}
	txf_analyzer *z2 = txf_analyzer_dup(txf_model_analyzer(m));
	if (z2 == NULL)
		return bad("out of memory");
	while ((k = getline(&line, &cap, pairs)) > 0) {
		if (line[k - 1] == '\n')
			line[--k] = '\0';
		if (split(line, f, 5) < 4)
			return bad("a pair without four columns");
		txf_tokens q, d;
		double val[TXF_FEAT_COUNT];
		/* the query's tokens stay while the listing is analysed by
		 * another analyzer */
		text.n = 0;
		if (txf_unescape(f[1], strlen(f[1]), &text) < 0 ||
		    txf_model_tokens(m, text.p ? text.p : "", text.n, &q) < 0)
			return bad("cannot analyse");
		out.n = 0;
		if (txf_unescape(f[3], strlen(f[3]), &out) < 0 ||
		    txf_analyze(z2, out.p ? out.p : "", out.n, &d) < 0)
			return bad("cannot analyse");
		if (txf_match(mt, q.v, q.n, d.v, d.n, val) < 0)
			return bad("cannot match");
		printf("%s\t%s", f[0], f[2]);
		for (int i = 0; i < TXF_FEAT_COUNT; i++) {
			char num[TXF_NUM_MAX];
			txf_fmt_num(val[i], 9, num);
			printf("\t%s", num);
		}
		putchar('\n');
	}
	free(line);
	txf_buf_free(&text);
	txf_buf_free(&out);
	fclose(docs);
	fclose(pairs);
	txf_analyzer_free(z2);
	txf_matcher_free(mt);
	txf_vectorizer_free(vz);
	txf_model_free(m);
	return fflush(stdout) != 0;
}
