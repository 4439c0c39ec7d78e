#!/bin/sh
# textfeat.sh - the front command: `textfeat TOOL [ARG]...` runs the tool
# (same output, same exit status), --help lists every tool with one line,
# --version, `help TOOL`, an unknown tool with a suggestion, and the tool
# found beside textfeat when the two are moved together.  The installed
# names under --program-prefix are checked by .ci/run.
. "${srcdir:-.}/tests/init.sh"

command -v textfeat >/dev/null 2>&1 || { echo "textfeat not on PATH" >&2; exit 99; }
[ -n "${TXF_TOOLS:-}" ] || { echo "TXF_TOOLS not set" >&2; exit 99; }

printf 'd1\tRed Shoes, red!\tx\nd2\tblue\n' >"$tmp/docs.tsv"

# --help: every tool, one line each, with what it does.
textfeat --help >"$tmp/help" || fail "textfeat --help exits non-zero"
for t in $TXF_TOOLS; do
	checks=$((checks + 1))
	grep -q "^  $t  *[a-z]" "$tmp/help" ||
	    fail "textfeat --help: no line for $t"
done
expect_eq "textfeat -h is --help" "$(cat "$tmp/help")" "$(textfeat -h)"
expect_eq "--help lines fit 80 columns" "" \
    "$(awk 'length > 79' "$tmp/help")"
expect_eq "textfeat --version" "textfeat (textfeat) $(tf --version |
    sed 's/.* //')" "$(textfeat --version)"

# Every tool runs through it: the same output and status as run directly.
for t in $TXF_TOOLS; do
	expect_eq "textfeat $t --version" "$($t --version)" \
	    "$(textfeat "$t" --version)"
	expect_eq "textfeat help $t" "$($t --help)" "$(textfeat help "$t")"
	st=0
	textfeat "$t" --bogus >/dev/null 2>"$tmp/err" || st=$?
	expect_eq "textfeat $t --bogus: the tool's status" 2 "$st"
	expect_eq "textfeat $t --bogus: the tool's message" \
	    "$t: unrecognized option '--bogus'" "$(head -n 1 "$tmp/err")"
done
expect_eq "textfeat tokenize FILE" "$(tokenize "$tmp/docs.tsv")" \
    "$(textfeat tokenize "$tmp/docs.tsv")"
expect_eq "textfeat tokenize on stdin" "$(tokenize <"$tmp/docs.tsv")" \
    "$(textfeat tokenize <"$tmp/docs.tsv")"
expect_eq "a pipeline" \
    "$(tokenize "$tmp/docs.tsv" | tf --top=1)" \
    "$(textfeat tokenize "$tmp/docs.tsv" | textfeat tf --top=1)"
st=0
printf 'x\tok\n\377\n' | textfeat tokenize >/dev/null 2>&1 || st=$?
expect_eq "textfeat passes the tool's exit status 1" 1 "$st"

# Usage errors.
check_usage() {  # NAME EXPECTED-FIRST-LINE ARGS...
	name=$1 want=$2
	shift 2
	st=0
	textfeat "$@" >"$tmp/out" 2>"$tmp/err" || st=$?
	expect_eq "$name: exit status" 2 "$st"
	expect_eq "$name: message" "$want" "$(head -n 1 "$tmp/err")"
	expect_eq "$name: hint" "Try 'textfeat --help' for more information." \
	    "$(sed -n 2p "$tmp/err")"
	expect_eq "$name: no output" "" "$(cat "$tmp/out")"
}
check_usage "no tool" "textfeat: no tool named"
check_usage "unknown tool" \
    "textfeat: 'tokenise' is not a textfeat tool; did you mean 'tokenize'?" \
    tokenise
check_usage "far from any tool" \
    "textfeat: 'frobnicate' is not a textfeat tool" frobnicate
check_usage "unknown option" "textfeat: unrecognized option '--bogus'" --bogus
check_usage "help without a tool" "textfeat: help takes one tool" help

# Moved with its tools (a relocated install), textfeat runs the one beside
# it, not another of that name elsewhere.
mkdir "$tmp/bin"
cp "$(command -v textfeat)" "$tmp/bin/textfeat"
printf '#!/bin/sh\necho "beside: $*"\n' >"$tmp/bin/tf"
chmod +x "$tmp/bin/tf"
expect_eq "the tool beside textfeat" "beside: --top=2 x" \
    "$("$tmp/bin/textfeat" tf --top=2 x)"

finish
