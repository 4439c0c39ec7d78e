#!/bin/sh
# header-blank.sh - the input rules every tool shares (textfeat(7),
# "Lines"): --header skips the first line of each file (the line after a
# tokens stream's analysis line), and blank lines are skipped and counted
# in the closing note whatever --invalid says, alike in every tool that
# reads docs, tokens, pairs or queries, on one thread or several.  And a
# vocab whose input failed writes nothing to standard output.
. "${srcdir:-.}/tests/init.sh"

for t in tokenize ngrams tf vocab vectorize match index retrieve; do
	command -v $t >/dev/null 2>&1 || { echo "$t not on PATH" >&2; exit 99; }
done
cd "$tmp"

# The inputs: docs, tokens, pairs, queries.
head -n 40 "$srcdir/data/listings.tsv" >docs.tsv
cp "$srcdir/data/queries.tsv" queries.tsv
tokenize docs.tsv >tok.tsv
awk -F '\t' 'NR <= 20 { printf "q%d\tthe %s\t%s\t%s\t%d\n", NR % 4, $2, $1, $2, NR % 3 }' \
    docs.tsv >pairs.tsv
vocab --idf=smooth tok.tsv >v.vocab 2>/dev/null
index -o docs.idx docs.tsv

# with_header IN OUT: IN with a header line (after its analysis line).
with_header() {
	if head -n 1 "$1" | grep -q '^#textfeat-analysis='; then
		{ head -n 1 "$1"; printf 'id\ttokens\tcol3\n'; tail -n +2 "$1"; } >"$2"
	else
		{ printf 'id\ttext\tcol3\n'; cat "$1"; } >"$2"
	fi
}
# with_blanks IN OUT: IN with 4 blank lines: first, in the middle, a lone
# CR, and after the last line.
with_blanks() {
	n=$(wc -l <"$1")
	awk -v mid=$((n / 2)) 'NR == 1 { print "" } { print } NR == mid { print ""; print "\r" }
	    END { print "" }' "$1" >"$2"
}

# rules NAME CMD IN [OUTFILE]: CMD on IN is the reference; CMD --header
# on IN with a header, on two such files against IN twice, and CMD on IN
# with blank lines give the same stdout (or OUTFILE) and exit 0; the
# blank lines are counted on stderr.
rules() {
	name=$1 cmd=$2 in=$3 of=${4:-}
	with_header "$in" "$in.h"
	with_blanks "$in" "$in.b"
	run() {   # run ARGS...: stdout (or OUTFILE) to $tmp/got, stderr to got.err
		set +e
		sh -c "$cmd $*" >got.out 2>got.err
		rc=$?
		set -e
		if [ -n "$of" ]; then cp "$of" got; else cp got.out got; fi
		return $rc
	}
	run "$in" || fail "$name: the reference run failed"
	cp got ref; cp got.err ref.err
	run "$in $in" || fail "$name: twice failed"
	cp got ref2
	run --header "$in.h" || fail "$name --header: exit status"
	expect_file "$name --header: the header line is skipped" ref got
	expect_file "$name --header: stderr" ref.err got.err
	run --header "$in.h $in.h" || fail "$name --header, two files: exit status"
	expect_file "$name --header: each file's header is skipped" ref2 got
	run --invalid=error "$in.b" || fail "$name: blank lines are an error"
	expect_file "$name: blank lines are skipped" ref got
	expect_eq "$name: blank lines are counted" \
	    "$name: 4 blank lines skipped" "$(grep 'blank' got.err || true)"
	run --header "$in.h $in.b" || fail "$name: --header, then blank lines"
	expect_file "$name: header and blank lines together" ref2 got
}

rules tokenize 'tokenize' docs.tsv
rules ngrams 'ngrams -n 1:2' tok.tsv
rules tf 'tf' tok.tsv
rules vocab 'vocab --idf=smooth' tok.tsv
rules vectorize 'vectorize -V v.vocab --idf' tok.tsv
rules match 'match -V v.vocab' pairs.tsv
rules index 'index -o got.idx' docs.tsv got.idx
rules retrieve 'retrieve -I docs.idx -k 3' queries.tsv
# The same with threads: the skipped lines leave the output in order.
rules tokenize 'tokenize -j3' docs.tsv
rules vectorize 'vectorize -j3 --hash=64' tok.tsv
rules match 'match -j3' pairs.tsv
# vocab --docs reads docs.
rules vocab 'vocab --docs' docs.tsv

# Under --invalid=skip, the note holds both counts.
printf 'a\tone\n\nno-text\n\nb\ttwo\n' >mixed.tsv
tokenize --invalid=skip mixed.tsv >/dev/null 2>mixed.err
expect_eq "one note: invalid lines and blank lines" \
    "tokenize: 1 line with invalid input skipped; 2 blank lines skipped" \
    "$(cat mixed.err)"
# tokenize --no-id: a line is a document's text; a blank one is an empty
# document, kept (ids stay line numbers).
printf 'one\n\nthree\n' >noid.txt
tokenize --no-id --no-analysis-header noid.txt >noid.tok 2>noid.err
expect_eq "tokenize --no-id keeps a blank line as an empty document" \
    "$(printf '1\tone\n2\t\n3\tthree')" "$(cat noid.tok)"
expect_eq "tokenize --no-id: nothing to say" "" "$(cat noid.err)"

# --header does not apply to --merge's vocabs and indexes: usage errors.
set +e
vocab --merge --header v.vocab v.vocab >/dev/null 2>&1; rc=$?
expect_eq "vocab --merge --header: usage error" 2 $rc
index --merge --header -o m.idx docs.idx >/dev/null 2>&1; rc=$?
expect_eq "index --merge --header: usage error" 2 $rc
set -e

# vocab: when its input fails, nothing on standard output (no header that
# would look like a complete, empty vocab), exit 1; -o writes no file.
printf 'a\tx y\nb\t\377\n' >bad.tok
set +e
vocab bad.tok >bad.out 2>bad.err; rc=$?
expect_eq "vocab, input error: exit 1" 1 $rc
expect_eq "vocab, input error: nothing on stdout" 0 "$(wc -c <bad.out)"
expect_eq "vocab, input error: the message" \
    "vocab: bad.tok:2: invalid UTF-8 at byte 3" "$(cat bad.err)"
vocab bad.tok tok.tsv >bad2.out 2>/dev/null; rc=$?
expect_eq "vocab, one bad file of two: exit 1, nothing written" "1 0" \
    "$rc $(wc -c <bad2.out)"
vocab --docs missing-file.tsv >bad3.out 2>/dev/null; rc=$?
expect_eq "vocab --docs, unreadable file: exit 1, nothing written" "1 0" \
    "$rc $(wc -c <bad3.out)"
set -e

finish
