/* test_analysis.c - analysis descriptions and analyzers (analysis.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "textfeat.h"
#include "helpers.h"

#define DEFAULT_DESC "textfeat-analysis=1 mode=uax29 norm=nfkc case=fold " \
	"accents=keep min-len=1 max-len=none stop=none stem=none " \
	"word=1:1 skip=0 joiner=+ char=off char-wb=off edge=off " \
	"unit=grapheme marks=none"

/* The description of a as a NUL-terminated string (caller frees). */
static char *
spell(const txf_analysis *a)
{
	txf_buf b = { 0 };

	ck_assert_int_eq(txf_analysis_write(a, &b), 0);
	ck_assert_int_eq(txf_buf_add(&b, "", 1), 0);
	return b.p;
}

static txf_analysis *
parse_ok(const char *s)
{
	txf_error err;
	txf_analysis *a = txf_analysis_parse(s, strlen(s), &err);

	ck_assert_msg(a != NULL, "parse \"%s\": %d %s", s, err.code,
	    err.msg);
	return a;
}

/* Parse s, expecting failure with a message that holds want. */
static void
parse_bad(const char *s, const char *want)
{
	txf_error err;
	txf_analysis *a = txf_analysis_parse(s, strlen(s), &err);

	ck_assert_msg(a == NULL, "parse \"%s\" succeeded", s);
	ck_assert_int_eq(err.code, TXF_EFORMAT);
	ck_assert_uint_eq(err.line, 0);
	ck_assert_msg(strstr(err.msg, want) != NULL, "parse \"%s\": message "
	    "\"%s\" lacks \"%s\"", s, err.msg, want);
}

static txf_analysis *
make(const txf_tokopts *t, const char *stop, const txf_ngopts *g)
{
	txf_error err = { 0 };
	txf_analysis *a = txf_analysis_new(t, stop, g, &err);

	ck_assert_msg(a != NULL, "txf_analysis_new: %d", err.code);
	return a;
}

START_TEST(test_default_spelling)
{
	txf_tokopts t;
	txf_tokopts_init(&t);
	txf_analysis *a = make(&t, NULL, NULL);
	char *s = spell(a);

	ck_assert_str_eq(s, DEFAULT_DESC);
	/* word unigrams are the tokens: the same analysis, the same bytes */
	txf_ngopts g;
	txf_ngopts_init(&g);
	txf_analysis *b = make(&t, NULL, &g);
	char *s2 = spell(b);
	ck_assert_str_eq(s2, s);
	ck_assert_int_eq(txf_analysis_has_ngrams(a), 0);
	free(s);
	free(s2);
	txf_analysis_free(a);
	txf_analysis_free(b);
}
END_TEST

/* One option changed from the defaults, the field it shows in, and the
 * value written there. */
struct change {
	const char *field, *value;
	void (*set)(txf_tokopts *, txf_ngopts *);
};

static void s_mode_word(txf_tokopts *t, txf_ngopts *g) { (void)g; t->mode = TXF_MODE_WORD; }
static void s_mode_space(txf_tokopts *t, txf_ngopts *g) { (void)g; t->mode = TXF_MODE_SPACE; }
static void s_norm_nfc(txf_tokopts *t, txf_ngopts *g) { (void)g; t->norm = TXF_NORM_NFC; }
static void s_norm_none(txf_tokopts *t, txf_ngopts *g) { (void)g; t->norm = TXF_NORM_NONE; }
static void s_case_lower(txf_tokopts *t, txf_ngopts *g) { (void)g; t->casing = TXF_CASE_LOWER; }
static void s_case_keep(txf_tokopts *t, txf_ngopts *g) { (void)g; t->casing = TXF_CASE_KEEP; }
static void s_accents(txf_tokopts *t, txf_ngopts *g) { (void)g; t->strip_accents = 1; }
static void s_min_len(txf_tokopts *t, txf_ngopts *g) { (void)g; t->min_len = 3; }
static void s_max_len(txf_tokopts *t, txf_ngopts *g) { (void)g; t->max_len = 20; }
static void s_word(txf_tokopts *t, txf_ngopts *g) { (void)t; g->word_min = 1; g->word_max = 3; }
static void s_skip(txf_tokopts *t, txf_ngopts *g) { (void)t; g->word_max = 2; g->skip = 2; }
static void s_joiner(txf_tokopts *t, txf_ngopts *g) { (void)t; g->word_max = 2; g->joiner = "%_"; g->joiner_len = 1; }
static void s_joiner_utf8(txf_tokopts *t, txf_ngopts *g) { (void)t; g->word_max = 2; g->joiner = "\xc2\xb7"; g->joiner_len = 2; }
static void s_char(txf_tokopts *t, txf_ngopts *g) { (void)t; g->word_min = g->word_max = 0; g->char_min = 2; g->char_max = 4; }
static void s_wb(txf_tokopts *t, txf_ngopts *g) { (void)t; g->word_min = g->word_max = 0; g->wb_min = 3; g->wb_max = 5; }
static void s_edge(txf_tokopts *t, txf_ngopts *g) { (void)t; g->word_min = g->word_max = 0; g->edge_min = 1; g->edge_max = 3; }
static void s_unit(txf_tokopts *t, txf_ngopts *g) { (void)t; g->word_min = g->word_max = 0; g->char_min = g->char_max = 3; g->unit = TXF_UNIT_CODEPOINT; }
static void s_marks(txf_tokopts *t, txf_ngopts *g) { (void)t; g->edge_min = 2; g->edge_max = 2; }

static const struct change changes[] = {
	{ "mode", "word", s_mode_word },
	{ "mode", "space", s_mode_space },
	{ "norm", "nfc", s_norm_nfc },
	{ "norm", "none", s_norm_none },
	{ "case", "lower", s_case_lower },
	{ "case", "keep", s_case_keep },
	{ "accents", "strip", s_accents },
	{ "min-len", "3", s_min_len },
	{ "max-len", "20", s_max_len },
	{ "word", "1:3", s_word },
	{ "word", "1:2", s_skip },      /* skip=2 comes later */
	{ "word", "1:2", s_joiner },
	{ "word", "1:2", s_joiner_utf8 },
	{ "word", "off", s_char },
	{ "word", "off", s_wb },
	{ "word", "off", s_edge },
	{ "word", "off", s_unit },
	{ "edge", "2:2", s_marks },
};

START_TEST(test_round_trip_each_option)
{
	const struct change *c = &changes[_i];
	txf_tokopts t0, t;
	txf_ngopts g;

	txf_tokopts_init(&t0);
	t = t0;
	txf_ngopts_init(&g);
	c->set(&t, &g);
	txf_analysis *def = make(&t0, NULL, NULL);
	txf_analysis *a = make(&t, NULL, &g);
	char *s = spell(a);
	txf_analysis *b = parse_ok(s);
	char *s2 = spell(b);
	/* written, read back, written again: the same bytes */
	ck_assert_str_eq(s2, s);
	ck_assert_int_eq(txf_analysis_diff(a, b, NULL), 0);
	/* the field shows the value */
	char want[64];
	snprintf(want, sizeof want, " %s=%s ", c->field, c->value);
	ck_assert_msg(strstr(s, want) != NULL, "\"%s\" lacks \"%s\"", s,
	    want);
	/* and differs from the defaults there first */
	txf_buf msg = { 0 };
	ck_assert_int_eq(txf_analysis_diff(def, b, &msg), 1);
	ck_assert_int_eq(txf_buf_add(&msg, "", 1), 0);
	snprintf(want, sizeof want, "%s: ", c->field);
	ck_assert_msg(strncmp(msg.p, want, strlen(want)) == 0,
	    "first difference \"%s\", want field %s", msg.p, c->field);
	/* the parsed options are the ones given */
	txf_tokopts pt;
	txf_ngopts pg;
	txf_analysis_tokopts(b, &pt);
	txf_analysis_ngopts(b, &pg);
	ck_assert_int_eq(pt.mode, t.mode);
	ck_assert_int_eq(pt.norm, t.norm);
	ck_assert_int_eq(pt.casing, t.casing);
	ck_assert_int_eq(pt.strip_accents, t.strip_accents);
	ck_assert_uint_eq(pt.min_len, t.min_len);
	ck_assert_uint_eq(pt.max_len, t.max_len);
	ck_assert_uint_eq(pg.word_min, g.word_min);
	ck_assert_uint_eq(pg.word_max, g.word_max);
	ck_assert_uint_eq(pg.skip, g.skip);
	ck_assert_uint_eq(pg.joiner_len, g.joiner_len);
	ck_assert(memcmp(pg.joiner, g.joiner, g.joiner_len) == 0);
	ck_assert_uint_eq(pg.char_min, g.char_min);
	ck_assert_uint_eq(pg.char_max, g.char_max);
	ck_assert_uint_eq(pg.wb_min, g.wb_min);
	ck_assert_uint_eq(pg.wb_max, g.wb_max);
	ck_assert_uint_eq(pg.edge_min, g.edge_min);
	ck_assert_uint_eq(pg.edge_max, g.edge_max);
	ck_assert_int_eq(pg.unit, g.unit);
	txf_buf_free(&msg);
	free(s);
	free(s2);
	txf_analysis_free(a);
	txf_analysis_free(b);
	txf_analysis_free(def);
}
END_TEST

START_TEST(test_escapes_and_marks)
{
	txf_tokopts t;
	txf_ngopts g;
	txf_tokopts_init(&t);
	txf_ngopts_init(&g);
	g.word_max = 2;
	g.joiner = "%";
	g.joiner_len = 1;
	g.char_min = 3;
	g.char_max = 3;
	g.unit = TXF_UNIT_CODEPOINT;
	txf_analysis *a = make(&t, NULL, &g);
	char *s = spell(a);
	ck_assert_msg(strstr(s, " joiner=%25 ") != NULL, "%s", s);
	ck_assert_msg(strstr(s, " unit=codepoint marks=~c:,~wb:,~e:") !=
	    NULL, "%s", s);
	txf_analysis *b = parse_ok(s);
	char *s2 = spell(b);
	ck_assert_str_eq(s, s2);
	free(s);
	free(s2);
	txf_analysis_free(a);
	txf_analysis_free(b);
}
END_TEST

START_TEST(test_irrelevant_settings)
{
	/* skip, joiner and unit that change no token are not recorded */
	txf_tokopts t;
	txf_ngopts g;
	txf_tokopts_init(&t);
	txf_ngopts_init(&g);
	g.joiner = "-";
	g.joiner_len = 1;
	g.unit = TXF_UNIT_CODEPOINT;
	txf_analysis *a = make(&t, NULL, &g);
	char *s = spell(a);
	ck_assert_str_eq(s, DEFAULT_DESC);
	free(s);
	txf_analysis_free(a);
}
END_TEST

START_TEST(test_stemmer_names)
{
	txf_error err = { 0 };
	txf_tokopts t;
	txf_tokopts_init(&t);
	t.stem = txf_stemmer_new("en", &err);
	ck_assert_ptr_nonnull(t.stem);
	txf_analysis *a = make(&t, NULL, NULL);
	txf_stemmer_free(t.stem);
	t.stem = txf_stemmer_new("english", &err);
	txf_analysis *b = make(&t, NULL, NULL);
	txf_stemmer_free(t.stem);
	char *s = spell(a), *s2 = spell(b);
	ck_assert_str_eq(s, s2);
	ck_assert_msg(strstr(s, " stem=english ") != NULL, "%s", s);
	ck_assert_str_eq(txf_analysis_stem(a), "english");
	free(s);
	free(s2);
	txf_analysis_free(a);
	txf_analysis_free(b);
}
END_TEST

START_TEST(test_first_difference)
{
	txf_analysis *a = parse_ok("textfeat-analysis=1 stem=english word=1:2");
	txf_analysis *b = parse_ok("textfeat-analysis=1 case=lower");
	txf_buf msg = { 0 };

	/* case comes before stem and word */
	ck_assert_int_eq(txf_analysis_diff(a, b, &msg), 1);
	ck_assert_int_eq(txf_buf_add(&msg, "", 1), 0);
	ck_assert_str_eq(msg.p, "case: fold vs lower");
	msg.n = 0;
	txf_analysis *c = parse_ok("textfeat-analysis=1 stem=english");
	ck_assert_int_eq(txf_analysis_diff(c, b, &msg), 1);
	ck_assert_int_eq(txf_buf_add(&msg, "", 1), 0);
	ck_assert_str_eq(msg.p, "case: fold vs lower");
	msg.n = 0;
	txf_analysis *d = parse_ok(DEFAULT_DESC);
	ck_assert_int_eq(txf_analysis_diff(c, d, &msg), 1);
	ck_assert_int_eq(txf_buf_add(&msg, "", 1), 0);
	ck_assert_str_eq(msg.p, "stem: english vs none");
	msg.n = 0;
	ck_assert_int_eq(txf_analysis_diff(a, c, &msg), 1);
	ck_assert_int_eq(txf_buf_add(&msg, "", 1), 0);
	ck_assert_str_eq(msg.p, "word: 1:2 vs 1:1");
	ck_assert_int_eq(txf_analysis_diff(d, d, NULL), 0);
	txf_buf_free(&msg);
	txf_analysis_free(a);
	txf_analysis_free(b);
	txf_analysis_free(c);
	txf_analysis_free(d);
}
END_TEST

/* A stop list file in a fresh data folder: dir/stopwords/NAME. */
static void
write_list(const char *dir, const char *name, const char *words)
{
	char p[512];
	snprintf(p, sizeof p, "%s/stopwords", dir);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "mkdir -p '%s'", p);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(p, sizeof p, "%s/stopwords/%s", dir, name);
	FILE *f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(words, f);
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(test_stop_list_hash)
{
	char dir[] = "/tmp/txf-analysis-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	write_list(dir, "mine", "the\nand\n# a comment\nOf\n");
	write_list(dir, "copy", "of\nand\nthe\n");
	write_list(dir, "other", "the\nand\nor\n");

	txf_tokopts t;
	txf_error err;
	txf_tokopts_init(&t);
	txf_stopset *s1 = txf_stopset_open("mine", dir, &t, &err);
	txf_stopset *s2 = txf_stopset_open("copy", dir, &t, &err);
	txf_stopset *s3 = txf_stopset_open("other", dir, &t, &err);
	ck_assert_ptr_nonnull(s1);
	ck_assert_ptr_nonnull(s2);
	ck_assert_ptr_nonnull(s3);
	ck_assert_ptr_null(txf_stopset_open("nosuch", dir, &t, &err));
	ck_assert_int_eq(err.code, TXF_ENOENT);
	/* the same words in another order hash the same; others do not */
	ck_assert(txf_stopset_hash(s1) == txf_stopset_hash(s2));
	ck_assert(txf_stopset_hash(s1) != txf_stopset_hash(s3));

	t.stop = s1;
	txf_analysis *a1 = make(&t, "mine", NULL);
	t.stop = s2;
	txf_analysis *a2 = make(&t, "copy", NULL);
	t.stop = s3;
	txf_analysis *a3 = make(&t, "other", NULL);
	ck_assert_int_eq(txf_analysis_diff(a1, a2, NULL), 0);
	txf_buf msg = { 0 };
	ck_assert_int_eq(txf_analysis_diff(a1, a3, &msg), 1);
	ck_assert_int_eq(txf_buf_add(&msg, "", 1), 0);
	ck_assert_str_eq(msg.p, "stop: mine vs other");

	char *s = spell(a1);
	char want[64];
	snprintf(want, sizeof want, " stop=mine stop-words=3 stop-hash=%016llx ",
	    (unsigned long long)txf_stopset_hash(s1));
	ck_assert_msg(strstr(s, want) != NULL, "%s lacks %s", s, want);
	txf_analysis *b = parse_ok(s);
	char *s2b = spell(b);
	ck_assert_str_eq(s, s2b);

	/* the analyzer finds the list by name and checks its words */
	txf_analyzer *z = txf_analyzer_new(b, dir, &err);
	ck_assert_msg(z != NULL, "%s", txf_error_text(&err));
	txf_tokens toks;
	ck_assert_int_eq(txf_analyze(z, "The cat and the hat", 19, &toks), 0);
	ck_assert_uint_eq(toks.n, 2);
	ck_assert(toks.v[0].n == 3 && memcmp(toks.v[0].p, "cat", 3) == 0);
	txf_analyzer_free(z);
	/* an edited list is refused */
	write_list(dir, "mine", "the\nand\nof\nhat\n");
	ck_assert_ptr_null(txf_analyzer_new(b, dir, &err));
	ck_assert_int_eq(err.code, TXF_EFORMAT);
	ck_assert_msg(strstr(err.msg, "stop list 'mine' is not the one") !=
	    NULL, "%s", err.msg);
	/* a missing one too */
	txf_analysis *m = parse_ok("textfeat-analysis=1 stop=gone "
	    "stop-words=1 stop-hash=0000000000000001");
	ck_assert_ptr_null(txf_analyzer_new(m, dir, &err));
	ck_assert_int_eq(err.code, TXF_ENOENT);
	ck_assert_str_eq(err.msg, "stop list 'gone': not found");

	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(s);
	free(s2b);
	txf_buf_free(&msg);
	txf_analysis_free(a1);
	txf_analysis_free(a2);
	txf_analysis_free(a3);
	txf_analysis_free(b);
	txf_analysis_free(m);
	txf_stopset_free(s1);
	txf_stopset_free(s2);
	txf_stopset_free(s3);
}
END_TEST

START_TEST(test_parse_errors)
{
	parse_bad("", "not an analysis description");
	parse_bad("mode=word", "not an analysis description");
	parse_bad("textfeat-analysis=2 mode=word", "unknown analysis format");
	parse_bad("textfeat-analysis=1 mode=words", "invalid value for mode");
	parse_bad("textfeat-analysis=1 colour=red", "unknown field 'colour'");
	parse_bad("textfeat-analysis=1 mode=word mode=word", "given twice");
	parse_bad("textfeat-analysis=1  mode=word", "key=value");
	parse_bad("textfeat-analysis=1 mode", "not key=value");
	parse_bad("textfeat-analysis=1 min-len=5 max-len=2", "max-len");
	parse_bad("textfeat-analysis=1 word=3:2", "invalid value for word");
	parse_bad("textfeat-analysis=1 word=1:1001", "invalid value for word");
	parse_bad("textfeat-analysis=1 word=off", "no kind");
	parse_bad("textfeat-analysis=1 joiner=a", "invalid value for joiner");
	parse_bad("textfeat-analysis=1 stem=klingon", "unknown stemmer");
	parse_bad("textfeat-analysis=1 stop=english", "stop-words");
	parse_bad("textfeat-analysis=1 stop-hash=0000000000000000",
	    "without a stop list");
	parse_bad("textfeat-analysis=1 stop=x stop-words=1 stop-hash=00",
	    "invalid value for stop-hash");
	parse_bad("textfeat-analysis=1 char=3:3 marks=none",
	    "does not fit");
	parse_bad("textfeat-analysis=1 marks=~c:,~wb:,~e:", "does not fit");
	parse_bad("textfeat-analysis=1 marks=#,#,#", "invalid value for marks");
}
END_TEST

/* The analyzer of a description makes what the tokenizer and the n-gram
 * generator make with the options. */
START_TEST(test_analyzer_matches_chain)
{
	static const char *descs[] = {
		DEFAULT_DESC,
		"textfeat-analysis=1 mode=word case=lower word=1:3",
		"textfeat-analysis=1 stem=english word=2:2 skip=1 joiner=_",
		"textfeat-analysis=1 char-wb=2:4 unit=codepoint word=off",
		"textfeat-analysis=1 mode=space edge=1:3 marks=~c:,~wb:,~e:",
	};
	static const char text[] = "Caf\xc3\xa9 RUNNING quickly, the_dogs "
	    "runs! 3.14";

	for (size_t k = 0; k < sizeof descs / sizeof descs[0]; k++) {
		if (k == 2) {
			/* '_' is a word character: not a joiner */
			parse_bad(descs[k], "joiner");
			continue;
		}
		txf_analysis *a = parse_ok(descs[k]);
		txf_error err;
		txf_analyzer *z = txf_analyzer_new(a, NULL, &err);
		ck_assert_msg(z != NULL, "%s", txf_error_text(&err));

		txf_tokopts t;
		txf_ngopts g;
		txf_analysis_tokopts(a, &t);
		txf_analysis_ngopts(a, &g);
		txf_stemmer *st = NULL;
		if (txf_analysis_stem(a)) {
			st = txf_stemmer_new(txf_analysis_stem(a), &err);
			t.stem = st;
		}
		txf_tokenizer *tk = txf_tokenizer_new(&t);
		txf_ngen *ng = txf_ngen_new(&g, &err);
		ck_assert_ptr_nonnull(tk);
		ck_assert_ptr_nonnull(ng);
		txf_tokens tt;
		txf_str want, got;
		ck_assert_int_eq(txf_tokenize(tk, text, sizeof text - 1, &tt),
		    0);
		ck_assert_int_eq(txf_ngrams_text(ng, tt.v, tt.n, &want), 0);
		ck_assert_int_eq(txf_analyze_text(z, text, sizeof text - 1,
		    &got), 0);
		ck_assert_msg(got.n == want.n && memcmp(got.p, want.p,
		    want.n) == 0, "%s: \"%.*s\" vs \"%.*s\"", descs[k],
		    (int)got.n, got.p, (int)want.n, want.p);
		txf_tokens zt;
		ck_assert_int_eq(txf_analyze(z, text, sizeof text - 1, &zt),
		    0);
		ck_assert(zt.n > 0);
		/* a duplicate for another thread makes the same */
		txf_analyzer *d = txf_analyzer_dup(z);
		ck_assert_ptr_nonnull(d);
		ck_assert_int_eq(txf_analyze_text(d, text, sizeof text - 1,
		    &got), 0);
		ck_assert(got.n == want.n && memcmp(got.p, want.p,
		    want.n) == 0);
		txf_analyzer_free(d);
		txf_tokenizer_free(tk);
		txf_ngen_free(ng);
		txf_stemmer_free(st);
		txf_analyzer_free(z);
		txf_analysis_free(a);
	}
}
END_TEST

START_TEST(test_set_ngrams)
{
	txf_analysis *a = parse_ok("textfeat-analysis=1 stem=english");
	txf_ngopts g;
	txf_ngopts_init(&g);
	g.word_max = 2;
	ck_assert_int_eq(txf_analysis_set_ngrams(a, &g), 0);
	ck_assert_int_eq(txf_analysis_has_ngrams(a), 1);
	char *s = spell(a);
	ck_assert_msg(strstr(s, " stem=english word=1:2 ") != NULL, "%s", s);
	g.word_min = g.word_max = 0;
	ck_assert_int_eq(txf_analysis_set_ngrams(a, &g), TXF_EINVAL);
	ck_assert_int_eq(txf_analysis_set_ngrams(a, NULL), 0);
	ck_assert_int_eq(txf_analysis_has_ngrams(a), 0);
	free(s);
	txf_analysis_free(a);
}
END_TEST

Suite *
suite_analysis(void)
{
	Suite *s = suite_create("analysis");
	TCase *tc = tcase_create("analysis");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_default_spelling);
	tcase_add_loop_test(tc, test_round_trip_each_option, 0,
	    (int)(sizeof changes / sizeof changes[0]));
	tcase_add_test(tc, test_escapes_and_marks);
	tcase_add_test(tc, test_irrelevant_settings);
	tcase_add_test(tc, test_stemmer_names);
	tcase_add_test(tc, test_first_difference);
	tcase_add_test(tc, test_stop_list_hash);
	tcase_add_test(tc, test_parse_errors);
	tcase_add_test(tc, test_analyzer_matches_chain);
	tcase_add_test(tc, test_set_ngrams);
	suite_add_tcase(s, tc);
	return s;
}
