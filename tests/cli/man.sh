#!/bin/sh
# man.sh - the manual pages: mandoc lint, options against --help, examples.
#
#  1. Every page under $srcdir/man passes `mandoc -Tlint -W warning`.
#  2. For every tool (every page of section 1): every option `TOOL --help`
#     lists has an entry (a .TP tag) in man/TOOL.1, and every option
#     man/TOOL.1 has an entry for is in `TOOL --help`.
#  3. The EXAMPLES of every page run and print what the page shows: a line
#     `$ command`, continued on the next lines while it ends with \, | or
#     && or while a single quote is open, is run by sh in a scratch
#     directory holding a link to $srcdir/data; it must exit 0 and print
#     the lines below it, up to the next blank line, white space compared
#     loosely (the page shows TABs as spaces).
#
# Parts 1 and 3 need mandoc; without it part 2 still runs and the test
# reports a skip (77) unless something failed.
. "${srcdir:-.}/tests/init.sh"
# The examples run as a user runs them from the build tree: no variable
# set (the tools find data/ of the source tree until installed).
unset TEXTFEAT_DATADIR

mandir=$srcdir/man
datadir=$(cd "$srcdir/data" && pwd) || exit 99
command -v tokenize >/dev/null 2>&1 || { echo "tokenize not on PATH" >&2; exit 99; }
ls "$mandir"/*.[1-9] >/dev/null 2>&1 || { echo "no pages in $mandir" >&2; exit 99; }

have_mandoc=no
command -v mandoc >/dev/null 2>&1 && have_mandoc=yes

# Long options named in troff source or in plain text: `\-` is a hyphen,
# font escapes are dropped.
long_opts() {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\f([A-Z][A-Z]//g' \
	    -e 's|\\[&,/]||g' "$1" |
	grep -o -e '--[a-z][a-z0-9-]*' | LC_ALL=C sort -u
}

# --- 1. lint ------------------------------------------------------------
if [ $have_mandoc = yes ]; then
	for page in "$mandir"/*.[1-9]; do
		name=${page##*/}
		st=0
		mandoc -Tlint -W warning "$page" >"$tmp/lint" 2>&1 || st=$?
		expect_eq "$name: mandoc -Tlint -W warning" "0:" \
		    "$st:$(cat "$tmp/lint")"
	done
fi

# --- 2. options of every tool: --help and the page agree ---------------
# Every page of section 1 is a tool's, and every tool has one.
for page in "$mandir"/*.1; do
	tool=${page##*/}
	tool=${tool%.1}
	# The front command's --help lists the tools, not options.
	[ "$tool" = textfeat ] && continue
	command -v "$tool" >/dev/null 2>&1 ||
	    { fail "$tool.1: no tool $tool on PATH"; continue; }
	"$tool" --help >"$tmp/help" || fail "$tool --help exits non-zero"
	# The tag lines of the page: the line after each .TP.
	awk 'prev == ".TP" { print } { prev = $0 }' "$page" >"$tmp/tags"
	long_opts "$tmp/help" >"$tmp/help.long"
	long_opts "$tmp/tags" >"$tmp/tags.long"
	[ -s "$tmp/help.long" ] || fail "no long options found in $tool --help"

	missing=$(LC_ALL=C comm -23 "$tmp/help.long" "$tmp/tags.long" |
	    tr '\n' ' ')
	expect_eq "options of $tool --help without an entry in $tool.1" "" \
	    "$missing"
	extra=$(LC_ALL=C comm -13 "$tmp/help.long" "$tmp/tags.long" |
	    tr '\n' ' ')
	expect_eq "options of $tool.1 that $tool --help lacks" "" "$extra"

	# Short options: `  -o, --output=FILE` in --help, `\-o` in a tag.
	# shellcheck disable=SC2013
	for opt in $(sed -n 's/^ *\(-[A-Za-z0-9]\), --.*/\1/p' "$tmp/help"); do
		checks=$((checks + 1))
		grep -q -e "\\\\$opt\\b" "$tmp/tags" ||
		    fail "option $opt of $tool --help without an entry in $tool.1"
	done
done

# --- 3. examples ----------------------------------------------------------
# Split the rendered EXAMPLES section into $dir/cmd.N and $dir/out.N.
split_examples() {
	bs=$(printf '\b')
	mandoc -Tutf8 "$1" | sed "s/.$bs//g" | awk -v dir="$2" '
		/^[^ \t]/ { inex = ($0 == "EXAMPLES"); out = 0; next }
		!inex { next }
		cont {
			sub(/^[ \t]+/, "")
			print >> (dir "/cmd." n)
			q += gsub(/\047/, "&")
			cont = q % 2 == 1 || /(\\|\||&&)[ \t]*$/
			out = !cont
			next
		}
		/^[ \t]+\$ / {
			n++
			sub(/^[ \t]+\$ /, "")
			print > (dir "/cmd." n)
			printf "" > (dir "/out." n)
			q = gsub(/\047/, "&")
			cont = q % 2 == 1 || /(\\|\||&&)[ \t]*$/
			out = !cont
			next
		}
		/^[ \t]*$/ { out = 0; next }
		out { print >> (dir "/out." n) }
		END { print n + 0 > (dir "/count") }'
}

# White space compared loosely: trimmed, runs squeezed to one space.
squeeze() {
	sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' \
	    -e 's/[[:space:]][[:space:]]*/ /g' "$1"
}

if [ $have_mandoc = yes ]; then
	for page in "$mandir"/*.[1-9]; do
		name=${page##*/}
		dir=$tmp/ex-$name
		mkdir "$dir" "$dir/run"
		ln -s "$datadir" "$dir/run/data"
		split_examples "$page" "$dir"
		count=$(cat "$dir/count")
		i=1
		while [ "$i" -le "$count" ]; do
			st=0
			(cd "$dir/run" && sh "$dir/cmd.$i") >"$dir/got.$i" \
			    2>"$dir/err.$i" || st=$?
			cmdline=$(head -n 1 "$dir/cmd.$i")
			expect_eq "$name example $i exit status: $cmdline" 0 "$st"
			[ "$st" -eq 0 ] || sed 's/^/  stderr: /' "$dir/err.$i" >&2
			squeeze "$dir/out.$i" >"$dir/want"
			squeeze "$dir/got.$i" >"$dir/have"
			expect_file "$name example $i output: $cmdline" \
			    "$dir/want" "$dir/have"
			i=$((i + 1))
		done
	done
fi

if [ $have_mandoc = no ]; then
	echo "mandoc not found: lint and examples skipped" >&2
	[ "$fails" -eq 0 ] && { finish; exit 77; }
fi
finish
