#!/bin/sh
# ngrams.sh - end-to-end tests of ngrams: every option, the shapes of
# documents (empty, one token, fewer tokens than n, extra columns, escapes),
# bad input and bad usage, I/O failures.  Expected stdout, stderr and exit
# status are in tests/cli/expected/ngrams/; regenerate them with
# TXF_REGEN=1 after an intended change and review the diff.
. "$srcdir/tests/init.sh"

command -v ngrams >/dev/null 2>&1 || { echo "ngrams not on PATH" >&2; exit 99; }

# --- inputs ---------------------------------------------------------------
# docs.tsv: ordinary, empty, one-token, extra columns (one empty), several
# spaces between tokens, CRLF ending.
printf 'd1\tthe quick brown fox jumps\n' >"$tmp/docs.tsv"
printf 'd2\t\n' >>"$tmp/docs.tsv"
printf 'd3\tsolo\n' >>"$tmp/docs.tsv"
printf 'd4\tnew york\tlabel=1\t\tq7\n' >>"$tmp/docs.tsv"
printf 'd5\ta  b   c\r\n' >>"$tmp/docs.tsv"
printf 'd6\tx y\t\n' >>"$tmp/docs.tsv"
# escapes: an escaped TAB, backslash and newline inside tokens, an unknown
# escape, and a lone CR inside a token.
printf 'e1\ta\\tb c\\\\d e\\nf\n' >"$tmp/esc.tsv"
printf 'e2\tun\\qknown x\n' >>"$tmp/esc.tsv"
printf 'e3\tcr\rin y\n' >>"$tmp/esc.tsv"
# Unicode: e + U+0301, a ZWJ family emoji, a flag, a CJK word.
printf 'u1\tcafe\314\201 \360\237\221\250\342\200\215\360\237\221\251\342\200\215\360\237\221\247 \360\237\207\253\360\237\207\267\n' >"$tmp/uni.tsv"
printf 'u2\t\344\272\214\346\211\213 ok\n' >>"$tmp/uni.tsv"
# short tokens for char-wb and edge
printf 's1\ta ab abc abcdef\n' >"$tmp/short.tsv"
# a BOM, and a last line without its newline
printf '\357\273\277b1\tone two three\nb2\tfour five' >"$tmp/bom.tsv"
# bad input: invalid UTF-8 on line 2, NUL on line 3, no tokens column on 4
printf 'g1\tgood one\nbad\tca\377fe x\nnul\tx\000y\nnotokens\ng5\tlast one\n' \
    >"$tmp/bad.tsv"
printf 'h1\tmissing column next\nh2\nh3\tafter it\n' >"$tmp/nocol.tsv"
printf 'f1\tsecond file\n' >"$tmp/more.tsv"

# --- word n-grams ------------------------------------------------------------
check_case ngrams/default ngrams docs.tsv
check_case ngrams/n1-identity ngrams -n 1 docs.tsv
check_case ngrams/n1-3 ngrams -n 1:3 docs.tsv
check_case ngrams/n2 ngrams -n 2 docs.tsv
check_case ngrams/n2-long ngrams --word=2:2 docs.tsv
check_case ngrams/n-above-doc ngrams -n 4:6 docs.tsv
check_case ngrams/n-max-1000 ngrams -n 1:1000 docs.tsv
check_case ngrams/joiner-multi ngrams -n 2:3 -J "'->'" docs.tsv
check_case ngrams/joiner-long ngrams -n 2 --joiner="'$(printf '\302\267')'" docs.tsv
check_case ngrams/joiner-backslash ngrams -n 1:2 -J "'\\'" docs.tsv
check_case ngrams/joiner-pipe ngrams -n 2 -J "'|'" docs.tsv

# --- skip-grams --------------------------------------------------------------
check_case ngrams/skip1-n1-3 ngrams -n 1:3 --skip=1 docs.tsv
check_case ngrams/skip2-n2 ngrams -n 2 --skip=2 docs.tsv
check_case ngrams/skip0 ngrams -n 1:2 --skip=0 docs.tsv
check_case ngrams/skip-large ngrams -n 3 --skip=1000 docs.tsv

# --- character n-grams ---------------------------------------------------------
check_case ngrams/char2-3 ngrams --char=2:3 docs.tsv
check_case ngrams/char1 ngrams --char=1 short.tsv
check_case ngrams/char-above-doc ngrams --char=30:40 docs.tsv
check_case ngrams/char-wb3-5 ngrams --char-wb=3:5 short.tsv
check_case ngrams/char-wb2-5 ngrams --char-wb=2:5 short.tsv
check_case ngrams/char-wb-docs ngrams --char-wb=3:4 docs.tsv
check_case ngrams/char-grapheme ngrams --char=1:2 uni.tsv
check_case ngrams/char-codepoint ngrams --char=1:2 --unit=codepoint uni.tsv
check_case ngrams/char-wb-grapheme ngrams --char-wb=3 uni.tsv
check_case ngrams/char-wb-codepoint ngrams --char-wb=3 --unit=codepoint uni.tsv
check_case ngrams/unit-grapheme ngrams --char=2 --unit=grapheme uni.tsv

# --- edge n-grams --------------------------------------------------------------
check_case ngrams/edge2-4 ngrams --edge=2:4 short.tsv
check_case ngrams/edge1 ngrams --edge=1 docs.tsv
check_case ngrams/edge-grapheme ngrams --edge=1:5 uni.tsv
check_case ngrams/edge-codepoint ngrams --edge=1:5 --unit=codepoint uni.tsv

# --- kinds together --------------------------------------------------------------
check_case ngrams/kinds-all ngrams -n 1:2 --char=4 --char-wb=3:3 --edge=1:2 short.tsv
check_case ngrams/kinds-word-wb ngrams -n 1 --char-wb=3:5 docs.tsv
check_case ngrams/kinds-two-char ngrams --char=3 --edge=2 short.tsv

# --- escapes -------------------------------------------------------------------
check_case ngrams/escapes-word ngrams -n 1:2 esc.tsv
check_case ngrams/escapes-char ngrams --char=2 esc.tsv
check_case ngrams/escapes-edge ngrams --edge=1:3 esc.tsv

# --- input and output ------------------------------------------------------------
check_case ngrams/stdin "ngrams -n 2 <docs.tsv"
check_case ngrams/dash "ngrams -n 2 - <docs.tsv"
check_case ngrams/files-and-dash "ngrams -n 2 more.tsv - docs.tsv <short.tsv"
check_case ngrams/bom-no-newline ngrams -n 1:2 bom.tsv
check_case ngrams/output-file "ngrams -n 2 -o out.tsv docs.tsv && cat out.tsv"
check_case ngrams/output-dash "ngrams -n 2 -o - docs.tsv"
check_case ngrams/output-error-no-file \
    "ngrams -o failed.tsv bad.tsv; echo status \$?; ls -a | grep failed.tsv || echo no output file"
check_case ngrams/dev-full "ngrams -n 1:3 docs.tsv >/dev/full"
check_case ngrams/missing-file ngrams nosuch.tsv
check_case ngrams/missing-file-then-good ngrams nosuch.tsv more.tsv

# --- invalid input -----------------------------------------------------------------
check_case ngrams/invalid-error ngrams bad.tsv
check_case ngrams/invalid-error-next-file ngrams bad.tsv more.tsv
check_case ngrams/invalid-replace ngrams -n 1:2 --invalid=replace bad.tsv
check_case ngrams/invalid-skip ngrams --invalid=skip bad.tsv
check_case ngrams/missing-column ngrams nocol.tsv
check_case ngrams/missing-column-replace ngrams --invalid=replace nocol.tsv
check_case ngrams/missing-column-skip ngrams --invalid=skip nocol.tsv
check_case ngrams/invalid-stdin "ngrams <bad.tsv"

# --- usage ---------------------------------------------------------------------------
check_case ngrams/help ngrams --help
check_case ngrams/help-short ngrams -h
check_case ngrams/version ngrams --version
check_case ngrams/bad-n-zero ngrams -n 0 docs.tsv
check_case ngrams/bad-n-range ngrams -n 3:2 docs.tsv
check_case ngrams/bad-n-word ngrams -n two docs.tsv
check_case ngrams/bad-n-empty-max ngrams -n 1: docs.tsv
check_case ngrams/bad-n-negative ngrams -n -1 docs.tsv
check_case ngrams/bad-n-too-big ngrams -n 1:1001 docs.tsv
check_case ngrams/bad-n-missing ngrams -n
check_case ngrams/bad-char ngrams --char=0:2 docs.tsv
check_case ngrams/bad-char-wb ngrams --char-wb=a docs.tsv
check_case ngrams/bad-edge ngrams --edge=5:1 docs.tsv
check_case ngrams/bad-skip ngrams -n 2 --skip=-1 docs.tsv
check_case ngrams/bad-skip-too-big ngrams -n 2 --skip=1001 docs.tsv
check_case ngrams/skip-without-n ngrams --skip=2 docs.tsv
check_case ngrams/skip-with-n1 ngrams -n 1 --skip=1 docs.tsv
check_case ngrams/bad-unit ngrams --char=2 --unit=byte docs.tsv
check_case ngrams/bad-invalid ngrams --invalid=maybe docs.tsv
check_case ngrams/bad-joiner-underscore ngrams -n 2 -J _ docs.tsv
check_case ngrams/bad-joiner-letter ngrams -n 2 -J x docs.tsv
check_case ngrams/bad-joiner-digit ngrams -n 2 --joiner=+1 docs.tsv
check_case ngrams/bad-joiner-space ngrams -n 2 -J "' '" docs.tsv
check_case ngrams/bad-joiner-tab ngrams -n 2 -J "'$(printf '\t')'" docs.tsv
check_case ngrams/bad-joiner-empty ngrams -n 2 -J "''" docs.tsv
check_case ngrams/bad-joiner-accented ngrams -n 2 -J "'$(printf '\303\251')'" docs.tsv
check_case ngrams/bad-joiner-zwj ngrams -n 2 -J "'+$(printf '\342\200\215')'" docs.tsv
check_case ngrams/bad-joiner-mark ngrams -n 2 -J "'$(printf '\314\201')'" docs.tsv
check_case ngrams/bad-joiner-utf8 ngrams -n 2 -J "'$(printf '\377')'" docs.tsv
check_case ngrams/unknown-option ngrams --bogus docs.tsv
check_case ngrams/unknown-short-option ngrams -q docs.tsv

# --- properties checked without expected files ---------------------------------------
# A closed pipe ends ngrams quietly.
awk 'BEGIN { for (i = 0; i < 20000; i++) {
	printf "d%d\t", i
	for (j = 0; j < 50; j++) printf "%s%s", j ? " " : "", "tok" (i * 7 + j) % 101
	printf "\n" } }' >"$tmp/big.tsv"
(st=0; ngrams -n 1:3 "$tmp/big.tsv" 2>"$tmp/pipe.err" || st=$?
    echo $st >"$tmp/pipe.rc") |
    head -n 1 >"$tmp/pipe.out"
expect_eq "| head -1: one line" 1 "$(wc -l <"$tmp/pipe.out" | tr -d ' ')"
expect_eq "| head -1: quiet" "" "$(cat "$tmp/pipe.err")"
expect_eq "| head -1: killed by SIGPIPE" 141 "$(cat "$tmp/pipe.rc")"

# Every line of a large input: 3N-3 n-grams per document of N tokens.
ngrams -n 1:3 "$tmp/big.tsv" >"$tmp/big.out"
expect_eq "large input: lines" 20000 "$(wc -l <"$tmp/big.out" | tr -d ' ')"
expect_eq "large input: n-grams per line" "147" \
    "$(awk -F'\t' '{ print split($2, a, " ") }' "$tmp/big.out" | sort -u)"

# One line of any length: 200000 tokens.
awk 'BEGIN { printf "long\t"; for (i = 0; i < 200000; i++) printf "%sw%d", i ? " " : "", i % 1000; printf "\tx\n" }' \
    >"$tmp/long.tsv"
ngrams -n 1:3 --edge=1:2 "$tmp/long.tsv" >"$tmp/long.out"
expect_eq "long line: n-grams" "999997" \
    "$(awk -F'\t' '{ print split($2, a, " ") }' "$tmp/long.out")"
expect_eq "long line: extra column kept" "x" "$(cut -f3 "$tmp/long.out")"

# -n 1 gives back the tokens tokenize wrote (the identity).
tokenize "$srcdir/data/listings.tsv" >"$tmp/listings.tok"
ngrams "$tmp/listings.tok" >"$tmp/listings.n1"
expect_file "-n 1 is the identity on tokenize output" "$tmp/listings.tok" \
    "$tmp/listings.n1"

# Word n-grams of several n are those of each n, in order of n.
ngrams -n 1:3 "$tmp/listings.tok" >"$tmp/n13"
for n in 1 2 3; do ngrams --no-analysis-header -n $n "$tmp/listings.tok" >"$tmp/n$n"; done
{ sed -n 1p "$tmp/n13"
paste "$tmp/n1" "$tmp/n2" "$tmp/n3" |
    awk -F'\t' '{ s = $2; if ($4 != "") s = s " " $4; if ($6 != "") s = s " " $6
	print $1 "\t" s }'; } >"$tmp/n123"
expect_file "-n 1:3 is -n 1, -n 2 and -n 3 in turn" "$tmp/n123" "$tmp/n13"

# -o leaves the file of a successful run and no temporary file.
ngrams -n 2 -o "$tmp/o.tsv" "$tmp/docs.tsv"
ngrams -n 2 "$tmp/docs.tsv" >"$tmp/o.want"
expect_file "-o writes the output" "$tmp/o.want" "$tmp/o.tsv"
expect_eq "-o leaves no temporary file" "" "$(ls -a "$tmp" | grep '^\.o\.tsv\.' || true)"

finish
