#!/bin/sh
# csvjson.sh - the CSV and JSON Lines recipes of textfeat(7): Miller's TSV
# and jq's @tsv write the escapes textfeat reads (\t \n \r \\), so a field
# holding quotes, commas, TABs, newlines and backslashes arrives whole.
# Skipped without mlr and jq.
. "${srcdir:-.}/tests/init.sh"

have_mlr=no; have_jq=no
command -v mlr >/dev/null 2>&1 && have_mlr=yes
command -v jq >/dev/null 2>&1 && have_jq=yes
if [ $have_mlr = no ] && [ $have_jq = no ]; then
	echo "SKIP: neither mlr (Debian: miller) nor jq installed"
	exit 77
fi
cd "$tmp"

# The sample, as CSV (RFC 4180 quoting) and as JSON Lines.
{
	printf 'id,text,label\n'
	printf 'd1,"She said ""hi"", then left",a\n'
	printf 'd2,"tab\there",b\n'
	printf 'd3,"line one\nline two",c\n'
	printf 'd4,"back\\slash, and \\t is not a tab",d\n'
	printf 'd5,"cr\rhere",e\n'
} >sample.csv
{
	printf '{"id":"d1","text":"She said \\"hi\\", then left","label":"a"}\n'
	printf '{"id":"d2","text":"tab\\there","label":"b"}\n'
	printf '{"id":"d3","text":"line one\\nline two","label":"c"}\n'
	printf '{"id":"d4","text":"back\\\\slash, and \\\\t is not a tab","label":"d"}\n'
	printf '{"id":"d5","text":"cr\\rhere","label":"e"}\n'
} >sample.jsonl
# What textfeat reads: the same records with its escapes.
{
	printf 'd1\tShe said "hi", then left\ta\n'
	printf 'd2\ttab\\there\tb\n'
	printf 'd3\tline one\\nline two\tc\n'
	printf 'd4\tback\\\\slash, and \\\\t is not a tab\td\n'
	printf 'd5\tcr\\rhere\te\n'
} >want.tsv
tokenize --mode=space --case=keep want.tsv >want.tok
expect_eq "the escaped sample tokenizes field by field" \
    'd4	back\\slash, and \\t is not a tab	d' "$(grep "^d4" want.tok)"

if [ $have_mlr = yes ]; then
	# The recipe of textfeat(7).
	mlr --icsv --otsv --headerless-tsv-output cut -o -f id,text,label \
	    sample.csv >mlr.tsv
	expect_file "mlr --icsv --otsv: textfeat's escapes" want.tsv mlr.tsv
	tokenize --mode=space --case=keep mlr.tsv >mlr.tok
	expect_file "mlr: tokenize sees the fields" want.tok mlr.tok
	# With Miller's header line: tokenize --header skips it.
	mlr --icsv --otsv cut -o -f id,text,label sample.csv |
	    tokenize --header --mode=space --case=keep >mlrh.tok
	expect_file "mlr with its header | tokenize --header" want.tok mlrh.tok
else
	echo "SKIP: mlr (Debian: miller) not installed"
fi
if [ $have_jq = yes ]; then
	jq -r '[.id, .text, .label] | @tsv' sample.jsonl >jq.tsv
	expect_file "jq @tsv: textfeat's escapes" want.tsv jq.tsv
	tokenize --mode=space --case=keep jq.tsv >jq.tok
	expect_file "jq: tokenize sees the fields" want.tok jq.tok
else
	echo "SKIP: jq not installed"
fi
finish
