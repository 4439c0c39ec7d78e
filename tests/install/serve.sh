#!/bin/bash
# serve.sh SERVE BINDIR LIBDIR - the serving program (serve.c, linked
# against the installed library in LIBDIR) opens a model once and prints,
# for the listings of data/, the tokens and the vectors, and for query-
# listing pairs the match features; they must be the bytes the tools in
# BINDIR print.
set -eu -o pipefail
serve=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
bin=$(cd "$2" && pwd)
lib=$3
src=$(cd "$(dirname "$0")/../.." && pwd)
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
cd "$w"
cut -f1,2 "$src/data/listings.tsv" >docs.tsv
# every query against the first 5 listings
head -n 5 docs.tsv >five.tsv
awk -F '\t' -v OFS='\t' 'NR == FNR { id[NR] = $1; t[NR] = $2; n = NR; next }
	{ for (i = 1; i <= n; i++) print $1, $2, id[i], t[i] }' \
	five.tsv "$src/data/queries.tsv" >pairs.tsv
for an in "--stem=english -n 1:2" "--mode=word --case=lower --norm=none --min-len=2 -n 1:3" \
    "--stop=english --char-wb=2:4"; do
	# shellcheck disable=SC2086
	"$bin/vocab" --docs $an --idf=smooth -o model.vocab docs.tsv
	# the tools
	"$bin/vectorize" -V model.vocab --idf --docs docs.tsv >vec
	# shellcheck disable=SC2086
	"$bin/tokenize" --no-analysis-header $(printf '%s\n' $an | grep -v -e '^-n$' -e '^[0-9]' -e '^--char' || true) docs.tsv |
	    "$bin/ngrams" --no-analysis-header $(printf '%s\n' $an | grep -e '^-n$' -e '^[0-9:]*$' -e '^--char' || true) >tok
	paste -d '\n' tok vec >want
	"$bin/match" -V model.vocab --no-header pairs.tsv >>want
	LD_LIBRARY_PATH=$lib "$serve" model.vocab docs.tsv pairs.tsv >got
	if ! cmp -s want got; then
		echo "serve ($an) differs from the tools:"
		diff want got | head -20
		exit 1
	fi
	echo "serve ($an): $(wc -l <got) lines, the tools' bytes"
done
