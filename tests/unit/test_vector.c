/* test_vector.c - sparse vectors and their output formats (vector.c):
 * MurmurHash3 and the hashing index as scikit-learn computes them, vocab
 * lookup, weights, idf, norms, and the writers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "textfeat.h"
#include "helpers.h"

#define LIT(s) (s), (sizeof(s) - 1)

/* Values within 1e-12 relative (or both 0). */
static int
close_to(double a, double b)
{
	double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);

	return a == b || fabs(a - b) <= 1e-12 * m;
}

/* ------------------------------------------------------------------ */
/* MurmurHash3 and the hashing index                                   */

/* Austin Appleby's reference MurmurHash3_x86_32 (SMHasher): the vectors
 * commonly published for it, checked against
 * sklearn.utils.murmurhash3_32(key, seed, positive=True). */
START_TEST(test_murmur3_published)
{
	static const struct {
		const char *key;
		size_t n;
		uint32_t seed, want;
	} c[] = {
		{ "", 0, 0, 0 },
		{ "", 0, 1, 0x514E28B7u },
		{ "", 0, 0xffffffffu, 0x81F16F39u },
		{ "\0\0\0\0", 4, 0, 0x2362F9DEu },
		{ "aaaa", 4, 0x9747b28cu, 0x5A97808Au },
		{ "a", 1, 0x9747b28cu, 0x7FA09EA6u },
		{ "abc", 3, 0x9747b28cu, 0xC84A62DDu },
		{ "abcd", 4, 0x9747b28cu, 0xF0478627u },
		{ "Hello, world!", 13, 0x9747b28cu, 0x24884CBAu },
		{ "The quick brown fox jumps over the lazy dog", 43,
		  0x9747b28cu, 0x2FA826CDu },
		{ "The quick brown fox jumps over the lazy dog", 43, 0,
		  0x2E4FF723u },
		{ "\xff\xff\xff\xff", 4, 0, 0x76293B50u },
		{ "\x21\x43\x65\x87", 4, 0, 0xF55B516Bu },
		{ "\x21\x43\x65", 3, 0, 0x7E4A8634u },
		{ "\x21\x43", 2, 0, 0xA0F7B07Au },
		{ "\x21", 1, 0, 0x72661CF4u },
	};

	for (size_t k = 0; k < sizeof c / sizeof c[0]; k++) {
		uint32_t h = txf_murmur3_32(c[k].key, c[k].n, c[k].seed);
		ck_assert_msg(h == c[k].want, "case %zu: got 0x%08X, want "
		    "0x%08X", k, (unsigned)h, (unsigned)c[k].want);
	}
}
END_TEST

/*
 * sklearn.utils.murmurhash3_32(term.encode(), seed=0) and the index and
 * sign FeatureHasher(n_features=2**18 and 1000003, input_type='string')
 * gives the term, from scikit-learn 1.2.1 under /usr/bin/python3.
 */
static const struct {
	const char *term;
	int32_t h;
	uint32_t i18;
	int s18;
	uint32_t i1m;
	int s1m;
} sk[] = {
	{ "the", -1132748958, 24734, -1, 745562, -1 },
	{ "shoe", 303109060, 70596, 1, 108151, 1 },
	{ "running+shoe", 519092973, 47853, 1, 91416, 1 },
	{ "caf\xc3\xa9", 605818632, 3848, 1, 816817, 1 },
	{ "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", -1515949417, 232809, -1,
	  944872, -1 },
	{ "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", 993413998,
	  150382, 1, 411019, 1 },
	{ "\xf0\x9f\x98\x80", -1095487750, 250118, -1, 484465, -1 },
	{ "a", 1009084850, 92594, 1, 81823, 1 },
	{ "na\xc3\xafve+caf\xc3\xa9", 1760670703, 111599, 1, 665423, 1 },
	{ "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", -1005983109, 136581, -1,
	  980094, -1 },
	{ "\xc4\xb0stanbul", 1064438338, 133698, 1, 435146, 1 },
};

START_TEST(test_murmur3_sklearn)
{
	for (size_t k = 0; k < sizeof sk / sizeof sk[0]; k++) {
		size_t n = strlen(sk[k].term);
		int32_t h = (int32_t)txf_murmur3_32(sk[k].term, n, 0);
		ck_assert_msg(h == sk[k].h, "%s: got %d", sk[k].term, (int)h);
	}
}
END_TEST

START_TEST(test_hash_index_sklearn)
{
	for (size_t k = 0; k < sizeof sk / sizeof sk[0]; k++) {
		size_t n = strlen(sk[k].term);
		int sign = 0;
		uint32_t i = txf_vec_hash(sk[k].term, n, 1u << 18, &sign);
		ck_assert_msg(i == sk[k].i18 && sign == sk[k].s18,
		    "%s: 2^18: got %u %d", sk[k].term, (unsigned)i, sign);
		i = txf_vec_hash(sk[k].term, n, 1000003, &sign);
		ck_assert_msg(i == sk[k].i1m && sign == sk[k].s1m,
		    "%s: 1000003: got %u %d", sk[k].term, (unsigned)i, sign);
		i = txf_vec_hash(sk[k].term, n, 1, &sign);
		ck_assert_uint_eq(i, 0);
	}
}
END_TEST

/*
 * A key whose hash is INT32_MIN (found by inverting MurmurHash3 on one
 * block): scikit-learn gives it the index 2^31 mod n and the sign -1
 * (FeatureHasher: index 477207 for n = 1000003, 2 for n = 7, 0 for 2^18).
 */
START_TEST(test_hash_int32_min)
{
	static const char key[] = "U\x07o\x83";
	int sign = 0;

	ck_assert_uint_eq(txf_murmur3_32(key, 4, 0), 0x80000000u);
	ck_assert_uint_eq(txf_vec_hash(key, 4, 1000003, &sign), 477207);
	ck_assert_int_eq(sign, -1);
	ck_assert_uint_eq(txf_vec_hash(key, 4, 7, &sign), 2);
	ck_assert_uint_eq(txf_vec_hash(key, 4, 1u << 18, &sign), 0);
	ck_assert_uint_eq(txf_vec_hash(key, 4, TXF_VEC_HASH_MAX, &sign), 1);
	ck_assert_int_eq(sign, -1);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Vocabularies                                                        */

/* A vocab file written to a temporary path, loaded. */
static txf_vocab *
make_vocab(const char *text)
{
	char path[4096];
	txf_error err;

	temp_file(path, sizeof path, text, strlen(text));
	txf_vocab *v = txf_vocab_load(path, &err);
	unlink(path);
	ck_assert_msg(v != NULL, "vocab: %d %s line %llu", err.code, err.msg,
	    (unsigned long long)err.line);
	return v;
}

/* 4 documents; idf smooth = ln(5 / (1 + df)) + 1. */
#define VOCAB_HEAD "#textfeat-vocab\t1\n#docs\t4\n#tokens\t12\n" \
	"#analysis\ttest\n#pruning\tnone\n"
static const char vocab_smooth[] = VOCAB_HEAD "#idf\tsmooth\n"
	"blue\t1\t1\t1.916290731874155\n"
	"red\t3\t5\t1.2231435513142097\n"
	"shoe\t2\t3\t1.5108256237659907\n"
	"x\\ty\t1\t1\t1.916290731874155\n";
static const char vocab_noidf[] = VOCAB_HEAD "#idf\tnone\n"
	"blue\t1\t1\nred\t3\t5\nshoe\t2\t3\n";

static txf_vectorizer *
make_vz(const txf_vecopts *o)
{
	txf_error err = { 0 };
	txf_vectorizer *vz = txf_vectorizer_new(o, &err);

	ck_assert_msg(vz != NULL, "txf_vectorizer_new: %d", err.code);
	return vz;
}

/* Vectorize a tokens field; check the entries "i:v i:v". */
static void
expect_vec(txf_vectorizer *vz, const char *field, const uint32_t *idx,
           const double *val, size_t n)
{
	txf_vec v;

	ck_assert_int_eq(txf_vectorize_field(vz, field, strlen(field), &v), 0);
	ck_assert_msg(v.n == n, "'%s': %zu entries, want %zu", field, v.n, n);
	for (size_t k = 0; k < n; k++) {
		ck_assert_msg(v.idx[k] == idx[k], "'%s': entry %zu index %u, "
		    "want %u", field, k, (unsigned)v.idx[k],
		    (unsigned)idx[k]);
		ck_assert_msg(close_to(v.val[k], val[k]), "'%s': entry %zu "
		    "value %.17g, want %.17g", field, k, v.val[k], val[k]);
	}
}

START_TEST(test_vocab_index)
{
	txf_vocab *voc = make_vocab(vocab_smooth);
	txf_vecopts o;
	txf_vec v;

	txf_vecopts_init(&o);
	o.vocab = voc;
	txf_vectorizer *vz = make_vz(&o);
	ck_assert_uint_eq(txf_vectorizer_dim(vz), 4);
	ck_assert_int_eq(txf_vectorizer_opts(vz)->norm, TXF_VEC_NORM_NONE);
	/* Rows from 0 in term order; OOV dropped and counted; the escaped
	 * token x\ty is the vocab's fourth term. */
	static const uint32_t i1[] = { 0, 1, 2, 3 };
	static const double v1[] = { 1, 3, 2, 1 };
	expect_vec(vz, "red shoe  red kiwi shoe blue red x\\ty kiwi", i1, v1,
	    4);
	ck_assert_int_eq(txf_vectorize_field(vz, LIT("red kiwi  kiwi "), &v),
	    0);
	ck_assert_uint_eq(v.tokens, 3);
	ck_assert_uint_eq(v.dropped, 2);
	ck_assert_uint_eq(v.n, 1);
	/* No tokens, or none known: an empty vector. */
	ck_assert_int_eq(txf_vectorize_field(vz, LIT(""), &v), 0);
	ck_assert_uint_eq(v.n, 0);
	ck_assert_uint_eq(v.tokens, 0);
	ck_assert_int_eq(txf_vectorize_field(vz, LIT("   "), &v), 0);
	ck_assert_uint_eq(v.n, 0);
	ck_assert_int_eq(txf_vectorize_field(vz, LIT("pear"), &v), 0);
	ck_assert_uint_eq(v.n, 0);
	ck_assert_uint_eq(v.dropped, 1);
	/* The token views give what the field gives. */
	txf_str t[] = { { LIT("shoe") }, { LIT("x\ty") }, { LIT("shoe") },
	    { LIT("pear") } };
	ck_assert_int_eq(txf_vectorize(vz, t, 4, &v), 0);
	ck_assert_uint_eq(v.n, 2);
	ck_assert_uint_eq(v.idx[0], 2);
	ck_assert(v.val[0] == 2);
	ck_assert_uint_eq(v.idx[1], 3);
	ck_assert_uint_eq(v.dropped, 1);
	txf_vectorizer_free(vz);
	txf_vocab_free(voc);
}
END_TEST

START_TEST(test_opts_check)
{
	txf_vocab *voc = make_vocab(vocab_noidf);
	txf_vocab *vi = make_vocab(vocab_smooth);
	txf_vecopts o;
	txf_error err = { 0 };

	txf_vecopts_init(&o);
	ck_assert_int_eq(o.alternate_sign, 1);
	ck_assert_int_eq(o.norm, TXF_VEC_NORM_AUTO);
	ck_assert_int_eq(txf_vecopts_check(&o), TXF_EINVAL);  /* no index */
	ck_assert_ptr_null(txf_vectorizer_new(&o, &err));
	ck_assert_int_eq(err.code, TXF_EINVAL);
	o.vocab = voc;
	o.hash_n = 8;
	ck_assert_int_eq(txf_vecopts_check(&o), TXF_EINVAL);  /* both */
	o.vocab = NULL;
	ck_assert_int_eq(txf_vecopts_check(&o), 0);
	o.idf = 1;
	ck_assert_int_eq(txf_vecopts_check(&o), TXF_EINVAL);  /* hash+idf */
	o.hash_n = 0;
	o.vocab = voc;
	ck_assert_int_eq(txf_vecopts_check(&o), TXF_EINVAL);  /* no column */
	o.vocab = vi;
	ck_assert_int_eq(txf_vecopts_check(&o), 0);
	o.weight = (enum txf_vec_weight)9;
	ck_assert_int_eq(txf_vecopts_check(&o), TXF_EINVAL);
	o.weight = TXF_VEC_RAW;
	o.norm = (enum txf_vec_norm)7;
	ck_assert_int_eq(txf_vecopts_check(&o), TXF_EINVAL);
	o.vocab = NULL;
	o.idf = 0;
	o.norm = TXF_VEC_NORM_AUTO;
	o.hash_n = TXF_VEC_HASH_MAX + 1u;
	ck_assert_int_eq(txf_vecopts_check(&o), TXF_EINVAL);

	/* scikit-learn's default norms. */
	txf_vecopts_init(&o);
	o.hash_n = 4;
	ck_assert_int_eq(txf_vec_default_norm(&o), TXF_VEC_L2);
	o.hash_n = 0;
	o.vocab = vi;
	ck_assert_int_eq(txf_vec_default_norm(&o), TXF_VEC_NORM_NONE);
	o.idf = 1;
	ck_assert_int_eq(txf_vec_default_norm(&o), TXF_VEC_L2);
	o.norm = TXF_VEC_L1;
	ck_assert_int_eq(txf_vec_default_norm(&o), TXF_VEC_L1);
	o.norm = TXF_VEC_NORM_NONE;
	ck_assert_int_eq(txf_vec_default_norm(&o), TXF_VEC_NORM_NONE);
	txf_vocab_free(voc);
	txf_vocab_free(vi);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_int_eq(txf_vec_weight_parse("augmented"), TXF_VEC_AUGMENTED);
	ck_assert_int_eq(txf_vec_weight_parse("Raw"), TXF_EINVAL);
	ck_assert_int_eq(txf_vec_norm_parse("l1"), TXF_VEC_L1);
	ck_assert_int_eq(txf_vec_norm_parse("none"), TXF_VEC_NORM_NONE);
	ck_assert_int_eq(txf_vec_format_parse("triplet"), TXF_VEC_TRIPLET);
	ck_assert_int_eq(txf_vec_format_parse("libsvm"), TXF_EINVAL);
	ck_assert_str_eq(txf_vec_weight_name(TXF_VEC_LOG), "log");
	ck_assert_str_eq(txf_vec_norm_name(TXF_VEC_L2), "l2");
	ck_assert_str_eq(txf_vec_format_name(TXF_VEC_VW), "vw");
	for (int k = 0; k <= TXF_VEC_AUGMENTED; k++)
		ck_assert_int_eq(txf_vec_weight_parse(txf_vec_weight_name(
		    (enum txf_vec_weight)k)), k);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Weights, idf, norms                                                 */

/* red shoe red kiwi shoe blue red: red 3 (index 1), shoe 2 (2), blue 1
 * (0), kiwi 1 (OOV); 7 tokens, largest count 3. */
static const char doc[] = "red shoe red kiwi shoe blue red";
static const uint32_t doc_idx[] = { 0, 1, 2 };

START_TEST(test_weights)
{
	txf_vocab *voc = make_vocab(vocab_smooth);
	txf_vecopts o;
	static const double raw[] = { 1, 3, 2 }, bin[] = { 1, 1, 1 };
	double lg[] = { 1, 1 + log(3), 1 + log(2) };
	double fr[] = { 1.0 / 7, 3.0 / 7, 2.0 / 7 };
	double au[] = { 0.5 + 0.5 / 3, 1, 0.5 + 0.5 * 2 / 3 };
	const double *want[] = { raw, bin, lg, fr, au };

	for (int w = 0; w <= TXF_VEC_AUGMENTED; w++) {
		txf_vecopts_init(&o);
		o.vocab = voc;
		o.weight = (enum txf_vec_weight)w;
		txf_vectorizer *vz = make_vz(&o);
		expect_vec(vz, doc, doc_idx, want[w], 3);
		/* The next document starts afresh (augmented's counts). */
		static const uint32_t i2[] = { 2 };
		static const double v2[] = { 1 };
		if (w != TXF_VEC_FREQ)
			expect_vec(vz, "shoe", i2, v2, 1);
		txf_vectorizer_free(vz);
	}
	/* augmented: the largest count is over all terms, kiwi too. */
	txf_vecopts_init(&o);
	o.vocab = voc;
	o.weight = TXF_VEC_AUGMENTED;
	txf_vectorizer *vz = make_vz(&o);
	static const uint32_t ik[] = { 2 };
	static const double vk[] = { 0.5 + 0.5 / 4 };
	expect_vec(vz, "kiwi shoe kiwi kiwi kiwi", ik, vk, 1);
	txf_vectorizer_free(vz);
	txf_vocab_free(voc);
}
END_TEST

START_TEST(test_idf_norm)
{
	txf_vocab *voc = make_vocab(vocab_smooth);
	txf_vecopts o;
	double idf[] = { 1.916290731874155, 1.2231435513142097,
	    1.5108256237659907 };
	double cnt[] = { 1, 3, 2 }, v[3], l2 = 0, l1 = 0;

	for (int k = 0; k < 3; k++) {
		v[k] = cnt[k] * idf[k];
		l2 += v[k] * v[k];
		l1 += v[k];
	}
	l2 = sqrt(l2);

	txf_vecopts_init(&o);
	o.vocab = voc;
	o.idf = 1;
	o.norm = TXF_VEC_NORM_NONE;
	txf_vectorizer *vz = make_vz(&o);
	expect_vec(vz, doc, doc_idx, v, 3);
	txf_vectorizer_free(vz);

	double n2[3], n1[3];
	for (int k = 0; k < 3; k++) {
		n2[k] = v[k] / l2;
		n1[k] = v[k] / l1;
	}
	o.norm = TXF_VEC_NORM_AUTO;     /* l2 with idf */
	vz = make_vz(&o);
	expect_vec(vz, doc, doc_idx, n2, 3);
	txf_vectorizer_free(vz);
	o.norm = TXF_VEC_L1;
	vz = make_vz(&o);
	expect_vec(vz, doc, doc_idx, n1, 3);
	txf_vectorizer_free(vz);

	/* sublinear tf before idf, then l2. */
	o.norm = TXF_VEC_L2;
	o.weight = TXF_VEC_LOG;
	double s[3], ss = 0;
	for (int k = 0; k < 3; k++) {
		s[k] = (1 + log(cnt[k])) * idf[k];
		ss += s[k] * s[k];
	}
	for (int k = 0; k < 3; k++)
		s[k] /= sqrt(ss);
	vz = make_vz(&o);
	expect_vec(vz, doc, doc_idx, s, 3);
	/* An empty vector stays empty under a norm. */
	expect_vec(vz, "kiwi", NULL, NULL, 0);
	txf_vectorizer_free(vz);
	txf_vocab_free(voc);
}
END_TEST

/* Two terms that hash to the same index with opposite signs (n = 1):
 * "a" has h > 0, "the" h < 0. */
START_TEST(test_hash_collisions)
{
	txf_vecopts o;
	static const uint32_t i0[] = { 0 };

	txf_vecopts_init(&o);
	o.hash_n = 1;
	o.norm = TXF_VEC_NORM_NONE;
	txf_vectorizer *vz = make_vz(&o);
	/* raw: +1 -1 cancel; the entry is dropped. */
	expect_vec(vz, "a the", NULL, NULL, 0);
	static const double m1[] = { -1 }, p2[] = { 2 };
	expect_vec(vz, "the a the", i0, m1, 1);
	expect_vec(vz, "a a", i0, p2, 1);
	txf_vectorizer_free(vz);

	/* binary: 1 for every index hit, signs and all (scikit-learn's
	 * X.data.fill(1)). */
	o.weight = TXF_VEC_BINARY;
	vz = make_vz(&o);
	static const double one[] = { 1 };
	expect_vec(vz, "a the", i0, one, 1);
	expect_vec(vz, "the the", i0, one, 1);
	txf_vectorizer_free(vz);

	/* log keeps the sign of the count. */
	o.weight = TXF_VEC_LOG;
	vz = make_vz(&o);
	double lg[] = { -(1 + log(2)) };
	expect_vec(vz, "the a the the", i0, lg, 1);
	txf_vectorizer_free(vz);

	/* --no-sign: counts add. */
	o.weight = TXF_VEC_RAW;
	o.alternate_sign = 0;
	vz = make_vz(&o);
	expect_vec(vz, "a the", i0, p2, 1);
	txf_vectorizer_free(vz);

	/* Default hashing: l2, so a lone token is +-1. */
	txf_vecopts_init(&o);
	o.hash_n = 1u << 18;
	vz = make_vz(&o);
	static const uint32_t ith[] = { 24734 };
	expect_vec(vz, "the the", ith, m1, 1);
	/* the (-), shoe (+): l2 of (-2, 1) */
	static const uint32_t i2[] = { 24734, 70596 };
	double v2[] = { -2 / sqrt(5), 1 / sqrt(5) };
	expect_vec(vz, "shoe the the", i2, v2, 2);
	txf_vectorizer_free(vz);
}
END_TEST

/* v holds count[i] at index i for every i < n whose count is not 0, in
 * ascending order, and nothing else. */
static void
expect_counts(const txf_vec *v, const int *count, unsigned n)
{
	size_t m = 0;

	for (unsigned i = 0; i < n; i++) {
		if (count[i] == 0)
			continue;
		ck_assert_uint_lt(m, v->n);
		ck_assert_uint_eq(v->idx[m], i);
		ck_assert(v->val[m] == count[i]);
		m++;
	}
	ck_assert_uint_eq(m, v->n);
}

/* Many tokens, in an order that makes the sort work: counts by index
 * agree with a count done another way. */
START_TEST(test_many_tokens)
{
	txf_vecopts o;
	txf_buf b = { 0 };
	char w[16];
	static int count[97];
	txf_vec v;

	memset(count, 0, sizeof count);
	for (unsigned k = 0; k < 5000; k++) {
		unsigned t = (k * 7919u + k / 13) % 500;
		int n = snprintf(w, sizeof w, "t%u ", t);
		txf_buf_add(&b, w, (size_t)n);
		int sign;
		count[txf_vec_hash(w, (size_t)n - 1, 97, &sign)]++;
	}
	txf_vecopts_init(&o);
	o.hash_n = 97;
	o.alternate_sign = 0;
	o.norm = TXF_VEC_NORM_NONE;
	txf_vectorizer *vz = make_vz(&o);
	ck_assert_int_eq(txf_vectorize_field(vz, b.p, b.n, &v), 0);
	ck_assert_uint_eq(v.tokens, 5000);
	expect_counts(&v, count, 97);
	txf_vectorizer_free(vz);
	txf_buf_free(&b);
}
END_TEST

/* Short documents, 0 to 20 tokens (short ones sort one way, longer ones
 * another), with repeats and signs: the signed counts by index agree with
 * a count done another way, in ascending index order. */
START_TEST(test_short_docs)
{
	txf_vecopts o;
	txf_buf b = { 0 };
	char w[16];
	int count[31];
	txf_vec v;
	uint32_t seed = 12345;

	txf_vecopts_init(&o);
	o.hash_n = 31;
	o.norm = TXF_VEC_NORM_NONE;
	txf_vectorizer *vz = make_vz(&o);
	for (unsigned d = 0; d < 2000; d++) {
		unsigned ntok = d % 21;
		b.n = 0;
		memset(count, 0, sizeof count);
		for (unsigned k = 0; k < ntok; k++) {
			seed = seed * 1103515245u + 12345u;
			int n = snprintf(w, sizeof w, "w%u ", (seed >> 16) % 40);
			txf_buf_add(&b, w, (size_t)n);
			int sign;
			uint32_t h = txf_vec_hash(w, (size_t)n - 1, 31, &sign);
			count[h] += sign;
		}
		ck_assert_int_eq(txf_vectorize_field(vz, b.p, b.n, &v), 0);
		expect_counts(&v, count, 31);
	}
	txf_vectorizer_free(vz);
	txf_buf_free(&b);
}
END_TEST

/* Two vectors are the same: indices and values. */
static void
same_vec(const txf_vec *a, const uint32_t *idx, const double *val, size_t n,
         const char *what)
{
	ck_assert_msg(a->n == n, "%s: %zu entries, want %zu", what, a->n, n);
	for (size_t k = 0; k < n; k++)
		ck_assert_msg(a->idx[k] == idx[k] && a->val[k] == val[k],
		    "%s: entry %zu", what, k);
}

/*
 * Random fields, with runs of spaces, long tokens and escapes anywhere in
 * them (the scanner reads 8 bytes at a time): txf_vectorize_field() gives
 * what txf_vectorize() gives on txf_toklist_split()'s tokens.
 */
START_TEST(test_field_scan)
{
	static const char *const piece[] = {
		"a", "b", "xy", "\\t", "\\\\", "\\n", "\\q", "\xc3\xa9",
		"long", "0123456789"
	};
	txf_vecopts o;
	txf_toklist tl = { 0 };
	txf_buf b = { 0 };
	uint32_t idx[256];
	double val[256];
	uint64_t seed = 42;

	txf_vecopts_init(&o);
	o.hash_n = 64;
	o.norm = TXF_VEC_NORM_NONE;
	txf_vectorizer *vz = make_vz(&o);
	for (int round = 0; round < 2000; round++) {
		b.n = 0;
		int ntok = (int)(seed % 12);
		for (int k = 0; k < ntok; k++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			int sp = (int)(seed >> 60) % 3 + (k == 0 ? 0 : 1);
			for (int i = 0; i < sp; i++)
				txf_buf_add(&b, " ", 1);
			int np = 1 + (int)((seed >> 40) % 9);
			for (int i = 0; i < np; i++) {
				seed = seed * 6364136223846793005ull + 1442695040888963407ull;
				const char *pc = piece[(seed >> 33) % 10];
				txf_buf_add(&b, pc, strlen(pc));
			}
		}
		if (seed & 1)
			txf_buf_add(&b, "  ", 2);
		txf_vec v;
		ck_assert_int_eq(txf_toklist_split(&tl, b.p ? b.p : "", b.n), 0);
		ck_assert_int_eq(txf_vectorize(vz, tl.v, tl.n, &v), 0);
		ck_assert_uint_le(v.n, 256);
		memcpy(idx, v.idx, v.n * sizeof *idx);
		memcpy(val, v.val, v.n * sizeof *val);
		size_t n = v.n;
		ck_assert_int_eq(txf_vectorize_field(vz, b.p ? b.p : "", b.n, &v),
		    0);
		ck_assert_uint_eq(v.tokens, tl.n);
		same_vec(&v, idx, val, n, "field");
	}
	txf_vectorizer_free(vz);
	txf_toklist_free(&tl);
	txf_buf_free(&b);
}
END_TEST

/* A vocab of 300 terms, of lengths 1 to 40, and documents of up to 200
 * tokens (lookups run ahead of the tokens they place): the counts are
 * those txf_vocab_index() gives. */
START_TEST(test_vocab_many)
{
	txf_buf vb = { 0 }, doc_b = { 0 };
	char term[64];
	static unsigned cnt[300];

	txf_buf_add(&vb, VOCAB_HEAD "#idf\tnone\n", strlen(VOCAB_HEAD) + 10);
	/* Terms "t" + k in a fixed width and a tail of k % 37 letters sort
	 * in the order of k. */
	for (int k = 0; k < 300; k++) {
		int n = snprintf(term, sizeof term, "t%03d", k);
		for (int i = 0; i < k % 37; i++)
			term[n++] = (char)('a' + (k + i) % 26);
		term[n] = '\0';
		txf_buf_add(&vb, term, (size_t)n);
		txf_buf_add(&vb, "\t1\t1\n", 5);
	}
	txf_buf_add(&vb, "", 1);
	txf_vocab *voc = make_vocab(vb.p);
	ck_assert_uint_eq(txf_vocab_size(voc), 300);
	txf_vecopts o;
	txf_vecopts_init(&o);
	o.vocab = voc;
	txf_vectorizer *vz = make_vz(&o);
	uint64_t seed = 7;
	for (int round = 0; round < 200; round++) {
		memset(cnt, 0, sizeof cnt);
		doc_b.n = 0;
		size_t oov = 0;
		int ntok = round;
		for (int k = 0; k < ntok; k++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			int t = (int)((seed >> 33) % 330);
			txf_str s;
			int n;
			if (t < 300) {
				s = txf_vocab_term(voc, (size_t)t);
				memcpy(term, s.p, s.n);
				n = (int)s.n;
			} else {
				n = snprintf(term, sizeof term, "t%03dzzzzzzzzzzzzzzzzzz",
				    t);
			}
			long row = txf_vocab_index(voc, term, (size_t)n);
			if (row >= 0)
				cnt[row]++;
			else
				oov++;
			txf_buf_add(&doc_b, " ", 1);
			txf_buf_add(&doc_b, term, (size_t)n);
		}
		txf_vec v;
		ck_assert_int_eq(txf_vectorize_field(vz, doc_b.p ? doc_b.p : "",
		    doc_b.n, &v), 0);
		ck_assert_uint_eq(v.dropped, oov);
		size_t m = 0;
		for (int i = 0; i < 300; i++) {
			if (cnt[i] == 0)
				continue;
			ck_assert_uint_lt(m, v.n);
			ck_assert_uint_eq(v.idx[m], (uint32_t)i);
			ck_assert(v.val[m] == cnt[i]);
			m++;
		}
		ck_assert_uint_eq(m, v.n);
	}
	txf_vectorizer_free(vz);
	txf_vocab_free(voc);
	txf_buf_free(&vb);
	txf_buf_free(&doc_b);
}
END_TEST

/* Terms of every length up to 40, each with one byte changed at every
 * place: each is found at its own row, by the vocab's index and by the
 * vectorizer's; the same with a byte changed otherwise is not found. */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

START_TEST(test_vocab_lengths)
{
	enum { MAXLEN = 40 };
	char *terms[MAXLEN * (MAXLEN + 1)];
	size_t n = 0;
	txf_buf vb = { 0 };

	for (int len = 1; len <= MAXLEN; len++)
		for (int at = 0; at <= len; at++) {
			char *t = malloc((size_t)len + 1);
			memset(t, 'a', (size_t)len);
			if (at < len)
				t[at] = 'b';
			t[len] = '\0';
			terms[n++] = t;
		}
	qsort(terms, n, sizeof terms[0], cmp_str);
	txf_buf_add(&vb, VOCAB_HEAD "#idf\tnone\n", strlen(VOCAB_HEAD) + 10);
	for (size_t i = 0; i < n; i++) {
		txf_buf_add(&vb, terms[i], strlen(terms[i]));
		txf_buf_add(&vb, "\t1\t1\n", 5);
	}
	txf_buf_add(&vb, "", 1);
	txf_vocab *voc = make_vocab(vb.p);
	ck_assert_uint_eq(txf_vocab_size(voc), n);
	txf_vecopts o;
	txf_vecopts_init(&o);
	o.vocab = voc;
	txf_vectorizer *vz = make_vz(&o);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(terms[i]);
		txf_str t = { terms[i], len };
		txf_vec v;
		ck_assert_int_eq(txf_vocab_index(voc, terms[i], len), (long)i);
		ck_assert_int_eq(txf_vectorize(vz, &t, 1, &v), 0);
		ck_assert_uint_eq(v.n, 1);
		ck_assert_uint_eq(v.idx[0], i);
		/* 'c' where a byte was: in no term. */
		for (size_t at = 0; at < len; at++) {
			char save = terms[i][at];
			terms[i][at] = 'c';
			ck_assert_int_eq(txf_vocab_index(voc, terms[i], len),
			    -1);
			ck_assert_int_eq(txf_vectorize(vz, &t, 1, &v), 0);
			ck_assert_uint_eq(v.n, 0);
			ck_assert_uint_eq(v.dropped, 1);
			terms[i][at] = save;
		}
	}
	txf_vectorizer_free(vz);
	txf_vocab_free(voc);
	txf_buf_free(&vb);
	for (size_t i = 0; i < n; i++)
		free(terms[i]);
}
END_TEST

/* Copies share the tables and give the same vectors. */
START_TEST(test_dup)
{
	txf_vocab *voc = make_vocab(vocab_smooth);
	txf_vecopts o;

	txf_vecopts_init(&o);
	o.vocab = voc;
	o.idf = 1;
	o.weight = TXF_VEC_AUGMENTED;
	txf_vectorizer *vz = make_vz(&o);
	txf_vectorizer *d = txf_vectorizer_dup(vz);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(txf_vectorizer_dim(d), 4);
	ck_assert_int_eq(txf_vectorizer_opts(d)->norm, TXF_VEC_L2);
	txf_vec a, b;
	ck_assert_int_eq(txf_vectorize_field(vz, LIT(doc), &a), 0);
	ck_assert_int_eq(txf_vectorize_field(d, LIT(doc), &b), 0);
	same_vec(&b, a.idx, a.val, a.n, "dup");
	txf_vectorizer_free(d);
	ck_assert_int_eq(txf_vectorize_field(vz, LIT(doc), &b), 0);
	same_vec(&b, a.idx, a.val, a.n, "after dup freed");
	txf_vectorizer_free(vz);
	txf_vocab_free(voc);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Output formats                                                      */

/* Write one document; returns the text (static). */
static const char *
write_doc(txf_vectorizer *vz, const txf_vecfmt *f, const char *id,
          const char *label, const char *qid, const char *field)
{
	static char out[4096];
	txf_vecrow row = { { id, strlen(id) }, { label, label ?
	    strlen(label) : 0 }, { qid, qid ? strlen(qid) : 0 }, { NULL, 0 } };
	txf_vec v;

	ck_assert_int_eq(txf_vectorize_field(vz, field, strlen(field), &v), 0);
	size_t b = txf_vec_bound(vz, f, &row, &v);
	ck_assert_uint_lt(b, sizeof out);
	memset(out, 'Z', sizeof out);
	size_t n = txf_vec_write(vz, f, &row, &v, out);
	ck_assert_uint_le(n, b);
	out[n] = '\0';
	return out;
}

START_TEST(test_formats)
{
	txf_vocab *voc = make_vocab(vocab_smooth);
	txf_vecopts o;
	txf_vecfmt f;

	txf_vecopts_init(&o);
	o.vocab = voc;
	o.weight = TXF_VEC_FREQ;
	txf_vectorizer *vz = make_vz(&o);
	txf_vecfmt_init(&f);
	ck_assert_int_eq(f.prec, 9);
	ck_assert_str_eq(write_doc(vz, &f, "d1", NULL, NULL, doc),
	    "0 0:0.142857143 1:0.428571429 2:0.285714286\n");
	ck_assert_str_eq(write_doc(vz, &f, "d1", "-1.5", "42", doc),
	    "-1.5 qid:42 0:0.142857143 1:0.428571429 2:0.285714286\n");
	ck_assert_str_eq(write_doc(vz, &f, "d1", "1", NULL, "kiwi"), "1\n");
	f.one_based = 1;
	f.prec = 3;
	ck_assert_str_eq(write_doc(vz, &f, "d1", NULL, NULL, doc),
	    "0 1:0.143 2:0.429 3:0.286\n");
	f.format = TXF_VEC_TRIPLET;
	ck_assert_str_eq(write_doc(vz, &f, "d\\t1", NULL, NULL, doc),
	    "d\\t1\t1\t0.143\nd\\t1\t2\t0.429\nd\\t1\t3\t0.286\n");
	ck_assert_str_eq(write_doc(vz, &f, "d1", NULL, NULL, "kiwi"), "");
	f.format = TXF_VEC_DENSE;
	ck_assert_str_eq(write_doc(vz, &f, "d1", NULL, NULL, "shoe red red"),
	    "d1\t0\t0.667\t0.333\t0\n");
	ck_assert_str_eq(write_doc(vz, &f, "d2", NULL, NULL, ""),
	    "d2\t0\t0\t0\t0\n");
	txf_vectorizer_free(vz);

	/* VW: terms escaped, the id as the tag (its stream escapes
	 * decoded), the label when there is one. */
	o.weight = TXF_VEC_RAW;
	vz = make_vz(&o);
	txf_vecfmt_init(&f);
	f.format = TXF_VEC_VW;
	ck_assert_str_eq(write_doc(vz, &f, "d1", NULL, NULL, doc),
	    "'d1 |w blue:1 red:3 shoe:2\n");
	ck_assert_str_eq(write_doc(vz, &f, "a b|c:d\\t%", "-1", NULL,
	    "x\\ty red"), "-1 'a%20b%7Cc%3Ad%09%25 |w red:1 x%09y:1\n");
	f.ns = "query";
	f.ns_len = 5;
	ck_assert_str_eq(write_doc(vz, &f, "q", "1 0.5", NULL, "pear"),
	    "1 0.5 'q |query\n");
	txf_vectorizer_free(vz);

	/* VW with hashing: the index is the name. */
	txf_vecopts_init(&o);
	o.hash_n = 1u << 18;
	vz = make_vz(&o);
	f.ns = "w";
	f.ns_len = 1;
	ck_assert_str_eq(write_doc(vz, &f, "d", NULL, NULL, "shoe the the"),
	    "'d |w 24734:-0.894427191 70596:0.447213595\n");
	f.format = TXF_VEC_SVMLIGHT;
	f.prec = 17;
	ck_assert_str_eq(write_doc(vz, &f, "d", NULL, NULL, "the"),
	    "0 24734:-1\n");
	txf_vectorizer_free(vz);
	txf_vocab_free(voc);
}
END_TEST

START_TEST(test_vw_escape)
{
	char out[64];
	size_t n = txf_vw_escape(LIT("a b\t|:%\n\r\xc3\xa9"), out);

	out[n] = '\0';
	ck_assert_str_eq(out, "a%20b%09%7C%3A%25%0A%0D\xc3\xa9");
	ck_assert_uint_eq(txf_vw_escape(LIT(""), out), 0);
}
END_TEST

/* A document far larger than any fixed buffer: the bound holds. */
START_TEST(test_bound_large)
{
	txf_vecopts o;
	txf_vecfmt f;
	txf_buf b = { 0 };
	char w[24];
	txf_vec v;

	for (unsigned k = 0; k < 20000; k++) {
		int n = snprintf(w, sizeof w, "w%u ", k);
		txf_buf_add(&b, w, (size_t)n);
	}
	txf_vecopts_init(&o);
	o.hash_n = TXF_VEC_HASH_MAX;
	o.weight = TXF_VEC_LOG;
	txf_vectorizer *vz = make_vz(&o);
	ck_assert_int_eq(txf_vectorize_field(vz, b.p, b.n, &v), 0);
	txf_vecrow row = { { LIT("id") }, { NULL, 0 }, { NULL, 0 },
	    { NULL, 0 } };
	for (int fmt = TXF_VEC_SVMLIGHT; fmt <= TXF_VEC_TRIPLET; fmt++) {
		txf_vecfmt_init(&f);
		f.format = (enum txf_vec_format)fmt;
		f.prec = 17;
		size_t bound = txf_vec_bound(vz, &f, &row, &v);
		char *out = malloc(bound);
		ck_assert_ptr_nonnull(out);
		size_t n = txf_vec_write(vz, &f, &row, &v, out);
		ck_assert_uint_le(n, bound);
		ck_assert(out[n - 1] == '\n');
		free(out);
	}
	txf_vectorizer_free(vz);
	txf_buf_free(&b);
}
END_TEST

Suite *
suite_vector(void)
{
	Suite *s = suite_create("vector");
	TCase *tc;

	tc = tcase_create("hash");
	tcase_add_test(tc, test_murmur3_published);
	tcase_add_test(tc, test_murmur3_sklearn);
	tcase_add_test(tc, test_hash_index_sklearn);
	tcase_add_test(tc, test_hash_int32_min);
	suite_add_tcase(s, tc);

	tc = tcase_create("build");
	tcase_add_test(tc, test_vocab_index);
	tcase_add_test(tc, test_opts_check);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_weights);
	tcase_add_test(tc, test_idf_norm);
	tcase_add_test(tc, test_hash_collisions);
	tcase_add_test(tc, test_many_tokens);
	tcase_add_test(tc, test_short_docs);
	tcase_add_test(tc, test_field_scan);
	tcase_add_test(tc, test_vocab_many);
	tcase_add_test(tc, test_vocab_lengths);
	tcase_add_test(tc, test_dup);
	suite_add_tcase(s, tc);

	tc = tcase_create("write");
	tcase_add_test(tc, test_formats);
	tcase_add_test(tc, test_vw_escape);
	tcase_add_test(tc, test_bound_large);
	suite_add_tcase(s, tc);
	return s;
}
