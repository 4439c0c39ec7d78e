/* check.c - vectorize: options that contradict each other. */
#include "config.h"

#include <string.h>

#include "vectorize.h"

void
check_options(struct vopts *op)
{
	int ft = op->fo.format == TXF_VEC_FASTTEXT;
	if (ft && (op->vocab_path != NULL || op->fit != NULL ||
	    op->vo.hash_n != 0 || op->vo.idf || op->vo.weight != TXF_VEC_RAW || op->vo.norm != TXF_VEC_NORM_AUTO ||
	    op->no_sign || op->names != NULL || op->fo.one_based || op->docs))
		cli_usage_error("-F fasttext writes the tokens themselves: "
		    "no index, values or names");
	if (op->vocab_path != NULL && op->vo.hash_n != 0)
		cli_usage_error("--vocab and --hash exclude each other");
	if (!ft && op->vocab_path == NULL && op->fit == NULL &&
	    op->vo.hash_n == 0)
		cli_usage_error("an index is needed: --vocab=FILE or --hash=N");
	if (op->vo.idf && op->vocab_path == NULL && op->fit == NULL)
		cli_usage_error("--idf needs --vocab (hashing has no idf)");
	if (op->no_sign && op->vo.hash_n == 0)
		cli_usage_error("--no-sign applies to --hash only");
	if (op->lc.label_col > 0 && op->fo.format != TXF_VEC_SVMLIGHT &&
	    op->fo.format != TXF_VEC_VW && !ft)
		cli_usage_error("--label-col applies to svmlight, vw and "
		    "fasttext only");
	if (op->label_map != NULL && op->lc.label_col == 0)
		cli_usage_error("--label-map needs --label-col");
	if (op->label_map != NULL && ft)
		cli_usage_error("--label-map: fastText reads the labels "
		    "themselves");
	if (op->fo.id_comment && op->fo.format != TXF_VEC_SVMLIGHT)
		cli_usage_error("--id-comment applies to svmlight only");
	if (op->lc.qid_col > 0 && op->fo.format != TXF_VEC_SVMLIGHT)
		cli_usage_error("--qid-col applies to svmlight only");
	if (op->lc.qid_col > 0 && op->lc.qid_col == op->lc.label_col)
		cli_usage_error("--label-col and --qid-col name the same "
		    "column");
	if (op->ns_set && op->fo.format != TXF_VEC_VW)
		cli_usage_error("--namespace applies to vw only");
	if (op->vocab_path != NULL && strcmp(op->vocab_path, "-") == 0)
		cli_usage_error("--vocab needs a file, not standard input");
	if (op->fo.format == TXF_VEC_DENSE && op->vo.hash_n > DENSE_MAX)
		cli_usage_error("dense rows of %lu features are too wide (at "
		    "most %d); use svmlight or triplet",
		    (unsigned long)op->vo.hash_n, DENSE_MAX);

	if (op->fit != NULL && op->vo.hash_n != 0)
		cli_usage_error("--fit and --hash exclude each other");
	if (op->fit != NULL && op->vocab_path != NULL)
		cli_usage_error("--fit and --vocab exclude each other (--fit "
		    "makes the vocab)");
	if (op->fit != NULL && !op->docs)
		cli_usage_error("--fit needs --docs (for tokens: vocab -o "
		    "FILE, then vectorize -V FILE)");
	if (op->fit != NULL && strcmp(op->fit, "-") == 0)
		cli_usage_error("--fit needs a file, not standard output");
	if (op->prune_given && op->fit == NULL)
		cli_usage_error("--min-df, --max-df and --max-features need "
		    "--fit");
	if (op->idf_kind != NULL && op->fit == NULL)
		cli_usage_error("--idf=%s needs --fit (with --vocab, the "
		    "vocab's idf column is used: give --idf alone)",
		    op->idf_kind);
	if (op->prune.min_df.kind == TXF_DF_COUNT &&
	    op->prune.max_df.kind == TXF_DF_COUNT &&
	    op->prune.max_df.count < op->prune.min_df.count)
		cli_usage_error("--max-df=%llu is below --min-df=%llu",
		    (unsigned long long)op->prune.max_df.count,
		    (unsigned long long)op->prune.min_df.count);
}

void
use_vocab(struct vopts *op, const txf_vocab *vocab, const char *path)
{
	op->vo.vocab = vocab;
	if (op->vo.idf && txf_vocab_get_header(vocab)->idf == TXF_IDF_NONE)
		cli_die("%s: the vocab has no idf column (#idf none); make it "
		    "with vocab --idf=smooth", path);
	if (op->fo.format == TXF_VEC_DENSE && txf_vocab_size(vocab) > DENSE_MAX)
		cli_usage_error("dense rows of %zu features are too wide (at "
		    "most %d); use svmlight or triplet",
		    txf_vocab_size(vocab), DENSE_MAX);
}

txf_vectorizer *
new_vectorizer(const struct vopts *op)
{
	txf_error err;
	txf_vectorizer *vz = txf_vectorizer_new(&op->vo, &err);

	if (vz == NULL)
		cli_die("%s", err.code == TXF_ERANGE && op->vo.vocab != NULL ?
		    "the vocab has too many rows" : txf_errmsg(err.code));
	return vz;
}
