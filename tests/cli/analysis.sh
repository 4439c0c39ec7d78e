#!/bin/sh
# analysis.sh - the analysis line of the tokens stream (issue 12): written
# by tokenize, extended by ngrams, recorded by vocab without retyping,
# passed through sort, head and parallel --pipe; repeats dropped, a
# different one refused; vocab refuses mixed inputs and an --analysis that
# contradicts the tokens; tf and vectorize leave it out.
. "${srcdir:-.}/tests/init.sh"

for t in tokenize ngrams tf vocab vectorize; do
	command -v $t >/dev/null 2>&1 || { echo "$t not on PATH" >&2; exit 99; }
done
cp "$srcdir/data/listings.tsv" "$tmp/docs.tsv"
cd "$tmp"

# --- written, extended, recorded ----------------------------------------
check_case analysis/tokenize-line 'tokenize --mode=word --stem=en --stop=english docs.tsv | head -n 1'
check_case analysis/ngrams-extends 'tokenize --case=lower docs.tsv | ngrams -n 1:2 -J "|" --char-wb=2:3 | head -n 1'
check_case analysis/vocab-records 'tokenize --stem=english docs.tsv | ngrams -n 1:2 | vocab | sed -n 4p'
check_case analysis/no-header-tokenize 'tokenize --no-analysis-header docs.tsv | head -n 1'
check_case analysis/no-header-ngrams 'tokenize docs.tsv | ngrams --no-analysis-header -n 2 | head -n 1'
# n-grams of n-grams are not one analysis: no line, a warning.
check_case analysis/ngrams-twice 'tokenize docs.tsv | ngrams -n 2 | ngrams --char=3 | head -n 2'
# Tokens without a line: none passed on, none recorded.
check_case analysis/vocab-none 'tokenize --no-analysis-header docs.tsv | vocab | sed -n 4p'
check_case analysis/tf-drops 'tokenize docs.tsv | head -n 2 | tf'
check_case analysis/vectorize-drops 'tokenize docs.tsv >t.tok && vocab t.tok >t.vocab && head -n 3 t.tok | vectorize -V t.vocab'

# --- where the line may be ------------------------------------------------
tokenize docs.tsv >tok
vocab tok >want.vocab
# sort moves it among the rows; the vocab is the same.
check_case analysis/sorted 'LC_ALL=C sort -r tok | vocab | cmp - want.vocab && echo same'
# The same line again (files concatenated, parallel --header 1) is dropped.
check_case analysis/repeated 'cat tok tok | ngrams -n 2 | grep -c "^#textfeat-analysis="'
check_case analysis/two-files 'vocab tok tok | sed -n 4p'
# head -n 1 + tail -n +K keeps it on each piece.
check_case analysis/head-tail '{ head -n 31 tok | vocab -o a.vocab; } && { head -n 1 tok; tail -n +32 tok; } | vocab -o b.vocab && vocab --merge a.vocab b.vocab | cmp - want.vocab && echo same'
if command -v parallel >/dev/null 2>&1 &&
    parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
	# Per-line tools: with or without --header 1, -k gives the bytes of one
	# run (repeated lines are dropped downstream).
	tokenize docs.tsv | ngrams -n 1:2 >want.ng
	tokenize docs.tsv | parallel -k --pipe --header 1 --block 2k ngrams -n 1:2 >got.ng
	checks=$((checks + 1))
	[ "$(grep -c '^#textfeat-analysis=' got.ng)" -ge 2 ] ||
	    fail "parallel --pipe --header 1: one analysis line a block"
	vocab want.ng >want-ng.vocab
	vocab got.ng >got-ng.vocab
	expect_file "parallel --pipe --header 1 -k | vocab" want-ng.vocab got-ng.vocab
	grep -v '^#' got.ng >got-rows.ng
	grep -v '^#' want.ng >want-rows.ng
	expect_file "parallel --pipe --header 1 -k: the rows" want-rows.ng got-rows.ng
	tokenize docs.tsv | parallel -k --pipe --block 2k ngrams -n 1:2 >got.ng
	expect_file "parallel --pipe -k without --header" want.ng got.ng
	mkdir par
	parallel --pipe --header 1 --block 2k 'vocab -o par/{#}.vocab' <tok
	n=$(ls par | wc -l)
	checks=$((checks + 1))
	[ "$n" -ge 2 ] || fail "parallel made $n shards"
	vocab --merge par/*.vocab >par.vocab
	expect_file "parallel --pipe --header 1 vocab shards merged" want.vocab par.vocab
else
	echo "GNU parallel not found: its checks are skipped"
fi

# --- one process: vocab --docs -----------------------------------------------
# Each option set: tokenize's options | ngrams' options; vocab --docs with
# both gives the pipeline's vocab byte for byte (analysis line included).
n=0
while IFS='|' read -r topts nopts; do
	n=$((n + 1))
	# shellcheck disable=SC2086
	tokenize $topts docs.tsv | ngrams $nopts | vocab --idf=smooth >pipe.vocab
	# shellcheck disable=SC2086
	vocab --docs $topts $nopts --idf=smooth docs.tsv >one.vocab 2>one.err ||
	    { fail "vocab --docs $topts $nopts: exit status"; cat one.err >&2; }
	expect_file "vocab --docs = pipeline: $topts | $nopts" pipe.vocab one.vocab
done <<'SETS'
|
--mode=word --case=lower --norm=none --min-len=2|-n 1:3
--stop=english --stem=english|-n 1:2 -J /
--mode=space --strip-accents --max-len=8|-n 2 --skip=1
--case=keep --norm=nfc|--char=3:3
|--char-wb=2:4 --unit=codepoint
--min-len=3|-n 1 --edge=1:3
--stem=en --mode=word|-n 1:2 --char-wb=3:3
--norm=none --case=lower|--edge=2:4 --unit=codepoint
--mode=word --stop=english|-n 2:3 --skip=2 -J ~
--strip-accents|-n 1:2 --char=2:2 --char-wb=2:2 --edge=1:2
SETS
expect_eq "vocab --docs: option sets" 11 "$n"
check_case analysis/docs-records 'vocab --docs --mode=word -n 1:2 docs.tsv | sed -n 4p'
check_case analysis/docs-stdin 'vocab --docs <docs.tsv | cmp - want.vocab && echo same'
check_case analysis/docs-needs-docs 'vocab --stem=english tok'
check_case analysis/docs-merge 'vocab --docs --merge want.vocab'
check_case analysis/docs-analysis 'vocab --docs --analysis=textfeat-analysis=1 docs.tsv'
printf 'd1\tok text\nd2-no-text\nd3\tmore\n' >nocol.tsv
check_case analysis/docs-missing-column 'vocab --docs nocol.tsv'
check_case analysis/docs-missing-column-skip 'vocab --docs --invalid=skip nocol.tsv | sed -n 2p'

# --- applying a model: vectorize --docs, match ----------------------------
# vectorize -V MODEL --docs = tokenize | ngrams | vectorize -V MODEL, for
# vocabs of several analyses.
n=0
while IFS='|' read -r topts nopts; do
	n=$((n + 1))
	# shellcheck disable=SC2086
	vocab --docs $topts $nopts --idf=smooth -o m.vocab docs.tsv
	# shellcheck disable=SC2086
	tokenize $topts docs.tsv | ngrams $nopts | vectorize -V m.vocab --idf >pipe.svm
	vectorize -V m.vocab --idf --docs docs.tsv >one.svm 2>one.err ||
	    { fail "vectorize --docs ($topts $nopts): exit status"; cat one.err >&2; }
	expect_file "vectorize --docs = pipeline: $topts | $nopts" pipe.svm one.svm
	# match adopts the model's analysis: the same as giving its options
	cut -f1,2 docs.tsv | head -n 5 | sed 's/^/q\t/' | while IFS="$(printf '\t')" read -r a id text; do
		printf 'q1\tvintage oak shelves\t%s\t%s\n' "$id" "$text"; done >pairs.tsv
	# shellcheck disable=SC2086
	{ tokenize --no-analysis-header $topts docs.tsv | ngrams --no-analysis-header $nopts | vocab --idf=smooth >bare.vocab; } 2>/dev/null
	# shellcheck disable=SC2086
	match -V bare.vocab $topts $nopts pairs.tsv >explicit.tsv
	match -V m.vocab pairs.tsv >adopted.tsv
	expect_file "match adopts the model's analysis: $topts | $nopts" explicit.tsv adopted.tsv
done <<'SETS'
|
--mode=word --case=lower --norm=none --min-len=2|-n 1:2
--stop=english --stem=english|-n 1
|--char-wb=2:3 --unit=codepoint
--stem=english --mode=word|-n 1:2 -J /
SETS

tokenize --stem=english docs.tsv | vocab --idf=smooth >stem.vocab
printf 'q1\tRunning shoes\tL1\tRunning shoes for women\n' >pair.tsv
# The issue's case: a stemmed vocab, match without --stem adopts stemming.
check_case analysis/match-adopts 'match -V stem.vocab --features=matched,bm25 pair.tsv'
check_case analysis/match-agreeing-option 'match -V stem.vocab --stem=en --features=matched,bm25 pair.tsv'
check_case analysis/match-contradicts 'match -V stem.vocab --mode=word pair.tsv'
check_case analysis/match-contradicts-stem 'match -V stem.vocab --stem=french pair.tsv'
check_case analysis/vectorize-contradicts 'vectorize -V stem.vocab --docs --case=lower docs.tsv'
check_case analysis/vectorize-options-need-docs 'vectorize -V stem.vocab --stem=english tok'
# Tokens of another analysis than the vocab's: refused, both shown.
check_case analysis/vectorize-skew 'vectorize -V stem.vocab tok >/dev/null'
check_case analysis/vectorize-skew-output 'vectorize -V stem.vocab -o out.svm tok; ls out.svm 2>&1 | sed "s/.*: //"'
# Tokens without an analysis line: a warning, then on; --strict: an error.
check_case analysis/vectorize-bare 'tokenize --no-analysis-header --stem=english docs.tsv | vectorize -V stem.vocab | wc -l'
check_case analysis/vectorize-bare-strict 'tokenize --no-analysis-header --stem=english docs.tsv | vectorize --strict -V stem.vocab -o s.svm; echo "status $?"; ls s.svm 2>&1 | sed "s/.*: //"'
# More than half the tokens out of the vocabulary: one loud line, even
# with -q and without any analysis line; --strict: an error.
tokenize --no-analysis-header --mode=word docs.tsv | ngrams --no-analysis-header --char=3:3 >grams.tok
check_case analysis/vectorize-oov 'vectorize -q -V bare.vocab grams.tok | wc -l'
check_case analysis/vectorize-oov-strict 'vectorize --strict -V bare.vocab grams.tok >/dev/null'

# --- refused ----------------------------------------------------------------
tokenize --stem=english docs.tsv >stem.tok
check_case analysis/mixed-stream 'cat tok stem.tok | ngrams -n 2 >/dev/null'
check_case analysis/mixed-files-vocab 'vocab tok stem.tok'
tokenize --no-analysis-header docs.tsv >bare.tok
check_case analysis/bare-and-line-vocab 'vocab tok bare.tok'
check_case analysis/vocab-analysis-contradicts 'vocab --analysis="textfeat-analysis=1 stem=english" tok'
check_case analysis/vocab-analysis-agrees 'vocab --analysis="textfeat-analysis=1" tok | cmp - want.vocab && echo same'
check_case analysis/vocab-analysis-for-bare 'vocab --analysis="textfeat-analysis=1" bare.tok | cmp - want.vocab && echo same'
printf '#textfeat-analysis=1 mode=bogus\nd1\ta b\n' >badline.tok
check_case analysis/bad-line 'vocab badline.tok'
vocab stem.tok >stem.vocab
vocab bare.tok >bare.vocab
check_case analysis/merge-different 'vocab --merge want.vocab stem.vocab'
check_case analysis/merge-with-without 'vocab --merge want.vocab bare.vocab'
check_case analysis/merge-without-with 'vocab --merge bare.vocab want.vocab'

finish
