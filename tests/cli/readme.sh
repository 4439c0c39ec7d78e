#!/bin/sh
# readme.sh - every example in README runs and prints what README shows.
#
# An example is an indented line `    $ command` (continued on lines
# indented further while it ends with |, \ or && or a quote is open),
# followed by the lines it prints (standard output and standard error, as
# a terminal shows them), up to a blank line or the next command.  The
# commands run in order in one bash (README uses $'\t'), in a scratch
# directory holding a link to data/, with the tools of the build tree
# first on PATH; white space is compared loosely.
. "${srcdir:-.}/tests/init.sh"
# As a user runs them after the README's first command: no variable set.
unset TEXTFEAT_DATADIR

command -v bash >/dev/null 2>&1 || { echo "no bash" >&2; exit 77; }
command -v tokenize >/dev/null 2>&1 || { echo "tokenize not on PATH" >&2; exit 99; }
datadir=$(cd "$srcdir/data" && pwd) || exit 99
mkdir "$tmp/run" "$tmp/ex"
ln -s "$datadir" "$tmp/run/data"

awk -v dir="$tmp/ex" '
	function flush() { if (n > 0) close(dir "/out." n) }
	# single quotes that open or close a quoted string ("\047" is none)
	function quotes(s) { gsub(/"\047"/, "", s); return gsub(/\047/, "&", s) }
	cont {
		sub(/^ +/, "")
		print >> (dir "/cmd." n)
		q += quotes($0)
		cont = q % 2 == 1 || /(\\|\||&&)[ \t]*$/
		next
	}
	/^    \$ / {
		flush(); n++
		sub(/^    \$ /, "")
		print > (dir "/cmd." n)
		printf "" > (dir "/out." n)
		q = quotes($0)
		cont = q % 2 == 1 || /(\\|\||&&)[ \t]*$/
		out = 1
		next
	}
	/^    / && out { sub(/^    /, ""); print >> (dir "/out." n); next }
	{ out = 0 }
	END { print n + 0 > (dir "/count") }' "$srcdir/README"
count=$(cat "$tmp/ex/count")
[ "$count" -ge 10 ] || { echo "only $count examples found in README" >&2; exit 99; }

# One script: each command's output to its own file.
i=1
: >"$tmp/script"
while [ "$i" -le "$count" ]; do
	{ echo "{"; cat "$tmp/ex/cmd.$i"; echo "} >'$tmp/ex/got.$i' 2>&1"; } >>"$tmp/script"
	i=$((i + 1))
done
(cd "$tmp/run" && bash "$tmp/script") || true

squeeze() {
	sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' \
	    -e 's/[[:space:]][[:space:]]*/ /g' "$1"
}
i=1
while [ "$i" -le "$count" ]; do
	# The ranker's example needs XGBoost (Debian: python3-xgboost).
	if grep -q xgbrank "$tmp/ex/cmd.$i" &&
	    ! /usr/bin/python3 -c 'import xgboost' 2>/dev/null; then
		echo "SKIP: README example $i: python3-xgboost is not installed"
		i=$((i + 1))
		continue
	fi
	squeeze "$tmp/ex/out.$i" >"$tmp/want"
	squeeze "$tmp/ex/got.$i" >"$tmp/have"
	expect_file "README example $i: $(head -n 1 "$tmp/ex/cmd.$i")" \
	    "$tmp/want" "$tmp/have"
	i=$((i + 1))
done
finish
