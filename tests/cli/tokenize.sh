# tests/cli/tokenize.sh - end-to-end tests of tokenize(1).
#
# Each check_case compares stdout, stderr and the exit status with
# tests/cli/expected/tokenize/NAME.{out,err,rc}.  The expected files were
# checked by hand and against references (ICU's UAX #29 rules without the
# CJK dictionary, Python's unicodedata/str.casefold/str.lower, scikit-learn's
# CountVectorizer analyzer, libstemmer), not just accepted from the tool:
# regenerate with TXF_REGEN=1 only after an intended change, and review the
# diff; field3-missing-replace.out and unreadable.* (a case that only runs
# when not root) are written by hand.  Inputs are made here with printf
# (octal escapes for bytes, as dash's printf has no \x).  Non-ASCII text
# below is UTF-8.
. "$srcdir/tests/init.sh"

# tk NAME CMD: check_case under tests/cli/expected/tokenize/.
tk() {
	name=$1
	shift
	check_case "tokenize/$name" "$@"
}

# check_usage NAME CMD WORD: a usage error that getopt reports (its wording
# is the C library's): exit 2, no output, the message names WORD, and the
# last line is the --help hint.
check_usage() {
	checks=$((checks + 1))
	set +e
	(cd "$tmp" && sh -c "$2") >"$tmp/out" 2>"$tmp/err"
	rc=$?
	set -e
	if [ "$rc" != 2 ]; then
		fail "$1: exit status $rc, expected 2"
	elif [ -s "$tmp/out" ]; then
		fail "$1: output on stdout"
	elif ! head -n 1 "$tmp/err" | grep -e "$3" >/dev/null; then
		fail "$1: the message does not name $3"
		cat "$tmp/err" >&2
	elif [ "$(tail -n 1 "$tmp/err")" != \
	    "Try 'tokenize --help' for more information." ]; then
		fail "$1: no --help hint"
		cat "$tmp/err" >&2
	fi
}

# run_cmd CMD: run CMD in $tmp; sets rc, leaves $tmp/out and $tmp/err.
run_cmd() {
	set +e
	(cd "$tmp" && sh -c "$1") >"$tmp/out" 2>"$tmp/err"
	rc=$?
	set -e
}

# The cases run in $tmp: make the expected files' path absolute.
case $expected_dir in
/*) ;;
*) expected_dir=$(pwd)/$expected_dir ;;
esac
cd "$tmp"

# ------------------------------------------------------------------ #
# Inputs                                                              #

# Three documents with extra columns (one empty) and one without text.
printf '1\tHello, World! Don'"'"'t panic.\tlabel=1\n2\tUSB-C cable, 16,000mAh (e.g. 3.5mm)\tlabel=0\tq7\n3\tCafé CRÈME brûlée\t\n4\t\n' >basic.tsv
printf 'c1\tsecond FILE\n' >second.tsv
printf 'c2\tthird file\n' >third.tsv
printf 'x\tdash named\n' >-dash.tsv
: >empty.tsv

# Modes: an ASCII line (the ASCII fast path) and the same kinds of text
# with non-ASCII letters (the full UAX #29 path).
printf 'a\tDon'"'"'t buy USB-C cables for $3.50 (e.g. 16,000mAh) foo_bar C++ 3.5mm a:b __ x_y 1.2.3 --flag user@example.com 1,,2 end.\n' >modes.tsv
printf 'b\tL'"'"'été à Paris: ΟΔΟΣ Straße, naïve café_au_lait № 42 ½ «quoted» 3,5€ 2024-01-02\n' >>modes.tsv

# Case: sharp s, final sigma, dotted capital I, titlecase digraph.
printf '1\tStraße STRASSE ẞ ΟΔΟΣ ΑΣ. Σίσυφος İstanbul ǅemal DŽ ıI\n' >case.tsv

# Normalization (run with --case=keep so only normalization shows):
# compatibility characters, then decomposed letters (e + U+0301 ...,
# a + U+0300 U+0317 which NFC reorders and composes).
printf '1\tＵＳＢ ｶﾀｶﾅ SpO₂ ① x² ﬁne ㎏ Ⅻ ﹨\n' >norm.tsv
printf '2\tcafe\314\201 Cafe\314\201s n\314\203o a\314\200\314\227 e\314\201\314\201\n' >>norm.tsv

printf '1\tcrème brûlée Ångström naïve FAÇADE\n2\tデジタル 한국어 كِتَابٌ שָׁלוֹם Ελληνικά\n' >strip.tsv

# Lengths in code points: 한국어 is 3 code points in 9 bytes, éé 2 in 4.
printf '1\ta an the cats dinosaur 한국어 éé ab 日本\n' >len.tsv

printf '1\tThe cat and the hat are moving on the mat\n2\tCafé USB-C ＵＳＢ cafe\314\201 CAFE Straße strasse Σ THE\n' >stop.tsv
# A stop file: decomposed, full-width and upper-case words, a CRLF line,
# a comment, a blank line, trailing blanks, and "  and" whose leading
# blanks are dropped too (so it matches "and").
printf 'CAFE\314\201\r\nＵＳＢ\n# the\n\nTHE  \n  and\nSTRASSE\t\n' >stopfile.txt
printf 'cat\nhat\n' >english
printf 'cat\n\377\n' >stopbad.txt
mkdir stopdir

printf '1\the ran running flies generously connection happily runs\n2\tcontinuellement chevaux maisons nationales\n3\tбегущие книги\n' >stem.tsv

printf 'a\tcat1\tHello World\tl1\tl2\nb\tcat2\tOnly text\nc\t\tEmpty category\t\n' >field.tsv
printf 'a\tcat1\tHello World\tl1\nb\tno text\nc\tcat3\tlast one\n' >field-missing.tsv
printf 'id\tc2\tc3\tThe Text\tc5\tc6\n' >field4.tsv

printf 'Hello World\nsecond\tline here\n\nlast\n' >noid.tsv

# Text kinds.
printf '1\t我喜欢北京。東京タワーへ行く！\n2\tひらがなカタカナ ｶﾀｶﾅ ＡＢＣ１２３\n3\t한국어 텍스트, 서울특별시\n' >cjk.tsv
# U+2764 U+FE0F; woman ZWJ laptop; thumbs up + skin tone; a flag; a ZWJ
# family between two letters.
printf '1\tI \342\235\244\357\270\217 NY \360\237\221\251\342\200\215\360\237\222\273 coder \360\237\221\215\360\237\217\275 pizza\360\237\215\225 \360\237\207\257\360\237\207\265 x\360\237\221\251\342\200\215\360\237\221\251\342\200\215\360\237\221\247y\n' >emoji.tsv
printf '1\tمرحبا بالعالم، كِتَابٌ ١٢٣ ﻻ iPhone ١٥ برو؟\n2\tשלום עולם צה"ל צה״ל ג'"'"'ירפה שלום'"'"' אב" שָׁלוֹם\n' >rtl.tsv
# Escapes: \n and \t split, \\ is a backslash, an unknown escape (\q) and
# a final lone backslash are kept.  Line 2: a full-width reverse solidus
# that NFKC makes a backslash.
printf '1\tline1\\nline2\\ttabbed\\rCR C:\\\\dir\\\\file a\\qb end\\\n2\ta＼b ﹨c\n' >escapes.tsv
# Extra columns are carried raw, escapes and empty columns included.
printf 'id\\t1\tSome TEXT\tx\\ty\t\tlast col\t\n' >extra.tsv

# Invalid input: each kind of bad UTF-8, at different byte positions.
printf '1\tfine\n2\tab\300\257c\n3\tnever\n' >bad-overlong.tsv
printf '1\tfine\n2\tabcd\355\240\200\n3\tnever\n' >bad-surrogate.tsv
printf '1\tfine\n2\tabc\343\201\n3\tnever\n' >bad-truncated.tsv
printf '1\tfine\n2\tabc\343\201' >bad-truncated-eof.tsv
printf '1\tfine\n22\tx \200y\n3\tnever\n' >bad-stray.tsv
printf '1\tfine\n2\ta\364\220\200\200b\n3\tnever\n' >bad-above.tsv
printf '1\tfine\n2\tab\000c\n3\tnever\n' >bad-nul.tsv
# The input engine reads 16 bytes at a time while they are ASCII: a bad
# byte after 16 or more of them, near the next newline.
printf '1\tfine and long enough\n2\tmore than sixteen bytes\200\n3\tx\n' >bad-late.tsv
printf '1\tmore than sixteen bytes ab\000\n2\tnever\n' >bad-late-nul.tsv
printf '\377\tbad id\n' >bad-id.tsv
# All of them in one file, among good lines.
printf '1\tok one\n2\tab\300\257c\n3\tab\355\240\200c\n4\tab\343\201\n5\tab\200c\n6\ta\364\220\200\200b\n7\tab\000c\n8\tok two\n' >allbad.tsv

printf '1\tok\nlonely\n\n4\tend\n' >missing.tsv

# Line endings and byte order marks.
printf '1\tno final NEWLINE' >nonl.tsv
printf '1\tHello World\r\n2\tfoo BAR\tlabel\r\n3\t\r\n' >crlf.tsv
printf '\357\273\277id1\tHello World\n\357\273\277id2\tbom inside\n' >bom.tsv
printf '\357\273\277' >bom-only.tsv

# ------------------------------------------------------------------ #
# File, standard input and -                                          #

tk basic 'tokenize basic.tsv'
tk basic 'tokenize <basic.tsv'
tk basic 'tokenize - <basic.tsv'
tk basic 'cat basic.tsv | tokenize'
tk basic 'cat basic.tsv | tokenize -'
tk basic 'tokenize --mode=uax29 --case=fold --norm=nfkc --field=2 basic.tsv'
tk files 'tokenize basic.tsv - third.tsv <second.tsv'
tk double-dash 'tokenize -- -dash.tsv'
tk empty 'tokenize empty.tsv'
tk empty 'tokenize <empty.tsv'
tk empty 'tokenize - </dev/null'
tk empty 'tokenize empty.tsv empty.tsv'
tk empty 'tokenize --no-id -1 empty.tsv'

# ------------------------------------------------------------------ #
# Modes                                                               #

tk mode-uax29 'tokenize modes.tsv'
tk mode-uax29 'tokenize --mode=uax29 <modes.tsv'
tk mode-word 'tokenize --mode=word modes.tsv'
tk mode-space 'tokenize --mode=space modes.tsv'
# scikit-learn's CountVectorizer().build_analyzer(): token_pattern
# (?u)\b\w\w+\b, lowercase=True.
tk sklearn 'tokenize --mode=word --min-len=2 --case=lower --norm=none modes.tsv'
tk sklearn-strip 'tokenize --mode=word --min-len=2 --case=lower --norm=none --strip-accents strip.tsv'

# ------------------------------------------------------------------ #
# Case, normalization, accents                                        #

tk case-fold 'tokenize case.tsv'
tk case-fold 'tokenize --case=fold case.tsv'
tk case-lower 'tokenize --case=lower case.tsv'
tk case-keep 'tokenize --case=keep case.tsv'
tk norm-nfkc 'tokenize --case=keep norm.tsv'
tk norm-nfkc 'tokenize --case=keep --norm=nfkc <norm.tsv'
tk norm-nfc 'tokenize --case=keep --norm=nfc norm.tsv'
tk norm-none 'tokenize --case=keep --norm=none norm.tsv'
tk norm-none-space 'tokenize --case=keep --norm=none --mode=space norm.tsv'
# Combining marks are not \w: word mode splits decomposed letters.
tk norm-none-word 'tokenize --norm=none --mode=word norm.tsv'
tk norm-nfc-word 'tokenize --norm=nfc --mode=word norm.tsv'
tk strip-accents 'tokenize --strip-accents strip.tsv'
tk strip-accents-space 'tokenize --strip-accents --mode=space --case=keep strip.tsv'

# ------------------------------------------------------------------ #
# Length limits, stop words, stemming                                 #

tk min-len 'tokenize --min-len=3 len.tsv'
tk max-len 'tokenize --max-len=3 len.tsv'
tk min-max-len 'tokenize --min-len=2 --max-len=3 len.tsv'
tk min-max-len-space 'tokenize --min-len=2 --max-len=3 --mode=space len.tsv'
tk stop-english 'tokenize --stop=english stop.tsv'
tk stop-file 'tokenize --stop=stopfile.txt stop.tsv'
# The stop file goes through the same stages as the text: with none of
# them, only the exact forms match.
tk stop-file-keep 'tokenize --stop=stopfile.txt --norm=none --case=keep stop.tsv'
tk stop-dotslash 'tokenize --stop=./english stop.tsv'
tk stop-bad 'tokenize --stop=stopbad.txt stop.tsv'
tk stop-missing 'tokenize --stop=no-such-list stop.tsv'
tk stop-dir 'tokenize --stop=stopdir stop.tsv'
tk stem-english 'tokenize --stem=english stem.tsv'
tk stem-french 'tokenize --stem=french stem.tsv'
tk stem-french 'tokenize --stem=fr stem.tsv'
tk stem-russian 'tokenize --stem=russian stem.tsv'
# Length limits and stop words come before stemming: "runs" (4) stems to
# "run"; "moving" is no stop word, its stem "move" is.
tk stem-after-len 'tokenize --min-len=4 --stem=english stem.tsv'
tk stop-stem 'tokenize --stop=english --stem=english stop.tsv'
tk stem-unknown 'tokenize --stem=klingon stem.tsv'
# A word on which the Greek algorithm of libstemmer 2.2 fails (Snowball
# issue 204) is kept as it is, and the words after it are stemmed: it was
# "out of memory" with exit 1.
printf '1\tισαισα καλημέρα\n2\tΊσαισά παιδιά\n' >greek-fail.tsv
tk stem-greek-algorithm-fails 'tokenize --stem=greek greek-fail.tsv'

# ------------------------------------------------------------------ #
# Output shape: -1, --field, --no-id, extra columns                   #

tk one-per-line 'tokenize -1 basic.tsv'
tk one-per-line 'tokenize --one-per-line <basic.tsv'
tk field3 'tokenize --field=3 field.tsv'
tk field3-one 'tokenize --field=3 -1 field.tsv'
tk field4 'tokenize --field=4 field4.tsv'
tk field3-missing 'tokenize --field=3 field-missing.tsv'
# replace repairs the record: an empty text, and column 2 is still carried.
tk field3-missing-replace 'tokenize --field=3 --invalid=replace field-missing.tsv'
tk field3-missing-skip 'tokenize --field=3 --invalid=skip field-missing.tsv'
tk no-id 'tokenize --no-id noid.tsv'
tk no-id-two 'tokenize --no-id noid.tsv - <noid.tsv'
tk no-id-one 'tokenize --no-id -1 noid.tsv'
tk no-id-field 'tokenize --no-id --field=3 noid.tsv'
tk extra 'tokenize extra.tsv'

# ------------------------------------------------------------------ #
# Kinds of text                                                       #

tk cjk 'tokenize cjk.tsv'
tk cjk-space 'tokenize --mode=space cjk.tsv'
tk cjk-word 'tokenize --mode=word cjk.tsv'
tk emoji 'tokenize emoji.tsv'
tk emoji-space 'tokenize --mode=space emoji.tsv'
tk emoji-word 'tokenize --mode=word emoji.tsv'
tk rtl 'tokenize rtl.tsv'
tk rtl-space 'tokenize --mode=space rtl.tsv'
tk rtl-strip 'tokenize --strip-accents rtl.tsv'
tk escapes 'tokenize escapes.tsv'
tk escapes-space 'tokenize --mode=space escapes.tsv'
tk escapes-space-one 'tokenize --mode=space -1 escapes.tsv'
tk escapes-space-none 'tokenize --mode=space --norm=none escapes.tsv'
tk escapes-word 'tokenize --mode=word escapes.tsv'

# ------------------------------------------------------------------ #
# Invalid input                                                       #

tk bad-overlong 'tokenize bad-overlong.tsv'
tk bad-overlong-stdin 'tokenize <bad-overlong.tsv'
tk bad-overlong-stdin 'tokenize - <bad-overlong.tsv'
tk bad-surrogate 'tokenize bad-surrogate.tsv'
tk bad-truncated 'tokenize bad-truncated.tsv'
tk bad-truncated-eof 'tokenize bad-truncated-eof.tsv'
tk bad-stray 'tokenize bad-stray.tsv'
tk bad-above 'tokenize bad-above.tsv'
tk bad-nul 'tokenize bad-nul.tsv'
tk bad-late 'tokenize bad-late.tsv'
tk bad-late-nul 'tokenize bad-late-nul.tsv'
tk bad-late-skip 'tokenize --invalid=skip bad-late.tsv bad-late-nul.tsv'
tk bad-late-replace 'tokenize --invalid=replace bad-late.tsv'
tk bad-nul-stdin 'tokenize <bad-nul.tsv'
tk bad-id 'tokenize bad-id.tsv'
# The next file is still processed; the status says something failed.
tk bad-then-good 'tokenize bad-above.tsv second.tsv'
tk bad-replace 'tokenize --invalid=replace allbad.tsv'
tk bad-replace-space 'tokenize --invalid=replace --mode=space allbad.tsv'
tk bad-skip 'tokenize --invalid=skip allbad.tsv'
tk bad-skip-two 'tokenize --invalid=skip allbad.tsv second.tsv bad-nul.tsv'
tk bad-invalid-error 'tokenize --invalid=error allbad.tsv'
tk missing-column 'tokenize missing.tsv'
tk missing-column-replace 'tokenize --invalid=replace missing.tsv'
tk missing-column-skip 'tokenize --invalid=skip missing.tsv'

# ------------------------------------------------------------------ #
# Line endings, BOM                                                   #

tk no-newline 'tokenize nonl.tsv'
tk no-newline 'tokenize <nonl.tsv'
tk crlf 'tokenize crlf.tsv'
tk crlf 'tokenize - <crlf.tsv'
tk crlf-one 'tokenize -1 crlf.tsv'
# Only the BOM that starts each file is dropped (line 2 keeps its one,
# in the id).
tk bom 'tokenize --mode=space bom.tsv'
tk bom 'tokenize --mode=space <bom.tsv'
tk bom-two 'tokenize --mode=space bom.tsv bom.tsv'
tk bom-no-id 'tokenize --no-id --mode=space bom.tsv'
# A file that holds only a byte order mark holds no line.
tk empty 'tokenize bom-only.tsv'
tk empty 'tokenize --no-id bom-only.tsv'

# ------------------------------------------------------------------ #
# Usage, --help, --version                                            #

# --help: usage on stdout and exit 0, even among other arguments.  The
# wording is free: the first line and the options named are checked.
for c in 'tokenize --help' 'tokenize -h' 'tokenize --mode=space --help basic.tsv'; do
	run_cmd "$c"
	expect_eq "$c: exit status" 0 "$rc"
	expect_eq "$c: stderr" "" "$(cat "$tmp/err")"
	expect_eq "$c: first line" "Usage: tokenize [OPTION]... [FILE]..." \
	    "$(head -n 1 "$tmp/out")"
	for opt in --mode=uax29 --case=fold --norm=nfkc --strip-accents \
	    --min-len --max-len --stop --stem --field --no-id -1 \
	    --one-per-line --invalid=error -o --output --help --version; do
		grep -e "$opt" "$tmp/out" >/dev/null ||
			fail "$c: $opt is not mentioned"
	done
done

run_cmd 'tokenize --version'
version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' \
    "$top_builddir/config.h" 2>/dev/null || true)
[ -n "$version" ] || version=$(sed -n 's/^tokenize (textfeat) //p' "$tmp/out")
expect_eq version-out "tokenize (textfeat) $version" "$(cat "$tmp/out")"
expect_eq version-rc 0 "$rc"
expect_eq version-err "" "$(cat "$tmp/err")"

check_usage unknown-long 'tokenize --bogus basic.tsv' "bogus"
check_usage unknown-short 'tokenize -x basic.tsv' "x"
check_usage missing-arg 'tokenize --field' "field"
check_usage ambiguous 'tokenize --m=2 basic.tsv' "m"
tk bad-mode 'tokenize --mode=words basic.tsv'
tk bad-case 'tokenize --case=upper basic.tsv'
tk bad-norm 'tokenize --norm=nfd basic.tsv'
tk bad-invalid 'tokenize --invalid=ignore basic.tsv'
tk bad-min-len 'tokenize --min-len=0 basic.tsv'
tk bad-min-len-word 'tokenize --min-len=two basic.tsv'
tk bad-max-len 'tokenize --max-len=-1 basic.tsv'
tk bad-len-order 'tokenize --min-len=3 --max-len=2 basic.tsv'
tk bad-field 'tokenize --field=1 basic.tsv'
tk bad-field-big 'tokenize --field=99999999999999999999999 basic.tsv'

# ------------------------------------------------------------------ #
# Files that cannot be read                                           #

tk missing-file 'tokenize no-such.tsv second.tsv'
tk directory 'tokenize . second.tsv'
printf '1\tsecret\n' >unreadable.tsv
chmod 0 unreadable.tsv
if cat unreadable.tsv >/dev/null 2>&1; then
	echo "note: running as root, unreadable-file case skipped"
else
	tk unreadable 'tokenize unreadable.tsv second.tsv'
fi
chmod 644 unreadable.tsv

# ------------------------------------------------------------------ #
# Write errors and closed pipes                                       #

# A full disk: an error, never silence.
if [ -w /dev/full ]; then
	for c in 'tokenize basic.tsv' 'tokenize <basic.tsv' \
	    'tokenize --help' 'tokenize --version'; do
		run_cmd "$c >/dev/full"
		expect_eq "$c >/dev/full: exit status" 1 "$rc"
		grep 'write error' "$tmp/err" >/dev/null ||
			fail "$c >/dev/full: no write error message"
	done
else
	echo "note: no /dev/full, full-disk cases skipped"
fi
# Standard output closed.
run_cmd 'tokenize <basic.tsv >&-'
expect_eq "stdout closed: exit status" 1 "$rc"
grep 'write error' "$tmp/err" >/dev/null ||
	fail "stdout closed: no write error message"

# The analysis line tokenize writes first with the default options.
hdr='#textfeat-analysis=1 mode=uax29 norm=nfkc case=fold accents=keep min-len=1 max-len=none stop=none stem=none word=1:1 skip=0 joiner=+ char=off char-wb=off edge=off unit=grapheme marks=none'
# | head: the tool ends quietly, with or without SIGPIPE ignored.
awk 'BEGIN { for (i = 1; i <= 200000; i++) printf "%d\tWord number %d here\n", i, i }' >many.tsv
{ tokenize many.tsv 2>"$tmp/pipe.err"; } | head -n 2 >"$tmp/pipe.out"
expect_eq "| head -1: first line" "$(printf '%s\n1\tword number 1 here' "$hdr")" "$(cat "$tmp/pipe.out")"
expect_eq "| head -1: stderr" "" "$(cat "$tmp/pipe.err")"
{ (trap '' PIPE; tokenize many.tsv 2>"$tmp/pipe.err"); } | head -n 2 >"$tmp/pipe.out"
expect_eq "| head -1, SIGPIPE ignored: first line" "$(printf '%s\n1\tword number 1 here' "$hdr")" "$(cat "$tmp/pipe.out")"
expect_eq "| head -1, SIGPIPE ignored: stderr" "" "$(cat "$tmp/pipe.err")"

# Many lines (several read chunks): the ids of --no-id, CRLF, an error in
# the middle (the lines before it are written, none after), and the same
# output whatever the number of threads.
{ echo "$hdr"; awk 'BEGIN { for (i = 1; i <= 200000; i++) printf "%d\tword number %d here\n", i, i }'; } >many.exp
run_cmd 'tokenize many.tsv >many.out'
expect_eq "many lines: exit status" 0 "$rc"
expect_file "many lines" many.exp many.out
run_cmd 'tokenize <many.tsv >many.out'
expect_file "many lines, stdin" many.exp many.out
awk '{ printf "%s\r\n", $0 }' many.tsv >many-crlf.tsv
run_cmd 'tokenize many-crlf.tsv >many.out'
expect_file "many lines, CRLF" many.exp many.out
run_cmd 'tokenize --no-id many.tsv >many.out'
expect_eq "many lines, --no-id: ids" "200000 0" \
    "$(sed 1d many.out | awk -F '\t' '$1 != NR { bad++ } END { print NR, bad + 0 }')"
{ sed -n '1,149999p' many.tsv; printf '150000\tbad \355\272\200 line\n'; sed -n '150001,$p' many.tsv; } >many-bad.tsv
sed -n '1,150000p' many.exp >many-bad.exp
run_cmd 'tokenize many-bad.tsv >many.out'
expect_eq "error after many lines: exit status" 1 "$rc"
expect_eq "error after many lines: message" \
    "tokenize: many-bad.tsv:150000: invalid UTF-8 at byte 12" "$(cat err)"
expect_file "error after many lines: output" many-bad.exp many.out
run_cmd 'tokenize --invalid=skip many-bad.tsv >many.out'
expect_eq "skip among many lines: message" \
    "tokenize: 1 line with invalid input skipped" "$(cat err)"
sed '150001d' many.exp >many-skip.exp
expect_file "skip among many lines: output" many-skip.exp many.out
if tokenize --help | grep -e --threads >/dev/null; then
	for j in 1 2 3 8; do
		run_cmd "tokenize -j $j many.tsv >many.out"
		expect_file "many lines, -j $j" many.exp many.out
		run_cmd "tokenize --threads=$j many-bad.tsv >many.out"
		expect_eq "error after many lines, -j $j: message" \
		    "tokenize: many-bad.tsv:150000: invalid UTF-8 at byte 12" "$(cat err)"
		expect_file "error after many lines, -j $j: output" many-bad.exp many.out
	done
fi
# Stemming in every thread: each thread stems with a stemmer of its own
# (one shared stemmer gave corrupt stems or "out of memory").
awk 'BEGIN { for (i = 1; i <= 200000; i++)
	printf "%d\tRunning jumps connected generously %d cats\n", i, i }' >stem.tsv
{ echo "$hdr" | sed 's/ stem=none / stem=english /'
awk 'BEGIN { for (i = 1; i <= 200000; i++)
	printf "%d\trun jump connect generous %d cat\n", i, i }'; } >stem.exp
for j in 1 2 8; do
	run_cmd "tokenize --stem=english -j $j stem.tsv >many.out"
	expect_eq "stemming, -j $j: exit status" 0 "$rc"
	expect_file "stemming, -j $j" stem.exp many.out
done
rm -f many.out many.exp many-bad.exp many-skip.exp many-crlf.tsv stem.tsv stem.exp

# ------------------------------------------------------------------ #
# -o FILE                                                             #

mkdir o1 o2 o3 o4 o5 o6
run_cmd 'umask 027 && tokenize -o o1/out.tsv basic.tsv'
expect_eq "-o: exit status" 0 "$rc"
expect_eq "-o: stdout" "" "$(cat out)"
expect_eq "-o: stderr" "" "$(cat err)"
expect_file "-o: content" "$expected_dir/tokenize/basic.out" o1/out.tsv
expect_eq "-o: mode under umask 027" "-rw-r-----" "$(ls -l o1/out.tsv | cut -c1-10)"
expect_eq "-o: no temporary file" "out.tsv" "$(ls -A o1)"
run_cmd 'umask 002 && tokenize --output=o1/out2.tsv <basic.tsv'
expect_eq "--output: exit status" 0 "$rc"
expect_file "--output: content" "$expected_dir/tokenize/basic.out" o1/out2.tsv
expect_eq "--output: mode under umask 002" "-rw-rw-r--" "$(ls -l o1/out2.tsv | cut -c1-10)"
tk basic 'tokenize -o - basic.tsv'

# Errors: no output file, no temporary file; an old file stays as it was.
tk o-bad-input 'tokenize -o o2/out.tsv bad-overlong.tsv'
expect_eq "-o, bad input: directory" "" "$(ls -A o2)"
echo old >o3/out.tsv
tk o-bad-input 'tokenize -o o3/out.tsv bad-overlong.tsv'
expect_eq "-o, bad input: old file" "old" "$(cat o3/out.tsv)"
expect_eq "-o, bad input: directory" "out.tsv" "$(ls -A o3)"
tk o-missing-input 'tokenize -o o4/out.tsv second.tsv no-such.tsv'
expect_eq "-o, missing input: directory" "" "$(ls -A o4)"
tk stem-unknown 'tokenize -o o5/out.tsv --stem=klingon stem.tsv'
expect_eq "-o, usage error: directory" "" "$(ls -A o5)"
tk o-no-dir 'tokenize -o no-such-dir/out.tsv basic.tsv'
# --invalid=replace: the file is written, the note goes to stderr.
tk o-replace 'tokenize --invalid=replace -o o6/out.tsv missing.tsv'
expect_file "-o, replace: content" "$expected_dir/tokenize/missing-column-replace.out" o6/out.tsv
# The output may replace the input.
cp basic.tsv inplace.tsv
tk o-inplace 'tokenize -o inplace.tsv inplace.tsv'
expect_file "-o onto the input" "$expected_dir/tokenize/basic.out" inplace.tsv

# A killed job leaves no file behind.
mkdir o7
mkfifo fifo
tokenize -o o7/out.tsv <fifo &
pid=$!
exec 3>fifo
printf '1\tsome text\n' >&3
i=0
while [ -z "$(ls -A o7)" ] && [ $i -lt 30 ]; do
	sleep 1
	i=$((i + 1))
done
sleep 1
kill -TERM "$pid" 2>/dev/null || true
st=0
wait "$pid" || st=$?
exec 3>&-
expect_eq "-o, killed: exit status" 143 "$st"
expect_eq "-o, killed: directory" "" "$(ls -A o7)"

# ------------------------------------------------------------------ #
# Long lines                                                          #

# A 20.7 MB line of 4.6 million tokens, non-ASCII (the full analysis
# path), with an extra column; the expected output is built by awk.
n=2300000
awk -v n=$n 'BEGIN { printf "big\t"; for (i = 0; i < n; i++) printf "Wörd%d x ", i % 10; printf "\tlabel\n" }' >big.tsv
{ echo "$hdr"; awk -v n=$n 'BEGIN { printf "big\t"; for (i = 0; i < n; i++) printf "%swörd%d x", (i ? " " : ""), i % 10; printf "\tlabel\n" }'; } >big.exp
run_cmd 'tokenize big.tsv >big.out'
expect_eq "20 MB line: exit status" 0 "$rc"
expect_eq "20 MB line: stderr" "" "$(cat err)"
expect_eq "20 MB line: size of the input" 20700011 "$(wc -c <big.tsv | tr -d ' ')"
expect_eq "20 MB line: tokens" $((2 * n)) "$(sed 1d big.out | cut -f2 | wc -w | tr -d ' ')"
expect_file "20 MB line: output" big.exp big.out
# One 20 MB ASCII token, no final newline.
{ printf '1\t'; head -c 20000000 /dev/zero | tr '\0' A; } >long.tsv
{ echo "$hdr"; printf '1\t'; head -c 20000000 /dev/zero | tr '\0' a; echo; } >long.exp
run_cmd 'tokenize <long.tsv >long.out'
expect_eq "20 MB token: exit status" 0 "$rc"
expect_file "20 MB token: output" long.exp long.out
rm -f big.tsv big.exp big.out long.tsv long.exp long.out

finish
