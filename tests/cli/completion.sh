#!/bin/sh
# completion.sh - the bash completion (completion/textfeat, made from
# completion/textfeat.bash.in): for every tool, `TOOL --<TAB>` offers
# exactly the long options TOOL --help shows; an option's fixed values
# complete after = or as the next word; FILE values and operands complete
# file names; textfeat completes the tools' names, then the tool's options.
. "${srcdir:-.}/tests/init.sh"

[ -n "${TXF_TOOLS:-}" ] || { echo "TXF_TOOLS not set" >&2; exit 99; }
comp=${top_builddir:-.}/completion/textfeat
[ -f "$comp" ] || { echo "no $comp" >&2; exit 99; }
command -v bash >/dev/null 2>&1 || { echo "no bash: skipped" >&2; exit 77; }

# complete WORD...: the candidates bash would offer for the last word, one
# a line, sorted (run in $tmp, which holds files to complete).
complete_words() {
	(cd "$tmp/files" && bash -c '
		. "$0"
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		f=$(complete -p "$1" | sed "s/.*-F \([^ ]*\) .*/\1/")
		COMPREPLY=()
		"$f" "$1" "${COMP_WORDS[COMP_CWORD]}" \
		    "${COMP_WORDS[COMP_CWORD - 1]}" 2>/dev/null
		printf "%s\n" "${COMPREPLY[@]}"' "$comp" "$@") | LC_ALL=C sort
}

mkdir "$tmp/files" "$tmp/files/adir"
: >"$tmp/files/docs.tsv"
: >"$tmp/files/docs.tok"

for t in $TXF_TOOLS; do
	# The long options of --help's option lines.
	$t --help | sed -n 's/^  *\(-[A-Za-z0-9], \)\{0,1\}\(--[a-z0-9][a-z0-9-]*\).*/\2/p' |
	    LC_ALL=C sort -u >"$tmp/help.opts"
	[ -s "$tmp/help.opts" ] || fail "$t --help: no options found"
	complete_words "$t" -- | sed 's/=$//' | LC_ALL=C sort -u >"$tmp/comp.opts"
	expect_file "$t --<TAB>: the long options of $t --help" \
	    "$tmp/help.opts" "$tmp/comp.opts"
	# Through the front command too.
	complete_words textfeat "$t" -- | sed 's/=$//' | LC_ALL=C sort -u \
	    >"$tmp/comp.opts"
	expect_file "textfeat $t --<TAB>" "$tmp/help.opts" "$tmp/comp.opts"
	# Every fixed set of values --help shows completes after =.
	$t --help | sed -n 's/^  *\(-[A-Za-z0-9], \)\{0,1\}\(--[a-z0-9-]*\)\[\{0,1\}=\([a-z0-9-]*|[a-z0-9|-]*\)[] ].*/\2 \3/p;s/^  *\(-[A-Za-z0-9], \)\{0,1\}\(--[a-z0-9-]*\)\[\{0,1\}=\([a-z0-9-]*|[a-z0-9|-]*\)\]\{0,1\}$/\2 \3/p' >"$tmp/vals"
	[ "$t" != tf ] || [ -s "$tmp/vals" ] || fail "tf: no values found"
	while read -r opt vals; do
		want=$(printf '%s\n' $(echo "$vals" | tr '|' ' ') | LC_ALL=C sort)
		expect_eq "$t $opt=<TAB>" "$want" \
		    "$(complete_words "$t" "$opt" = "")"
		expect_eq "$t $opt=<TAB> (= not a word break)" \
		    "$(echo "$want" | sed "s/^/$opt=/")" \
		    "$(complete_words "$t" "$opt=")"
	done <"$tmp/vals"
done

# Values, files and the front command, exactly.
expect_eq "tf --weight=<TAB>" "augmented binary freq log raw" \
    "$(complete_words tf --weight = "" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "tokenize --mode=w<TAB>" "word" \
    "$(complete_words tokenize --mode = w)"
expect_eq "tf --sort <TAB>" "first term value" \
    "$(complete_words tf --sort "" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "vocab --progress=a<TAB>" "always auto" \
    "$(complete_words vocab --progress = a | tr '\n' ' ' | sed 's/ $//')"
expect_eq "tf --to<TAB>" "--top=" "$(complete_words tf --to)"
expect_eq "tf --progress <TAB>: its value only after =" "docs.tok docs.tsv" \
    "$(complete_words tf --progress d | tr '\n' ' ' | sed 's/ $//')"
expect_eq "vectorize -V d<TAB>: files" "docs.tok docs.tsv" \
    "$(complete_words vectorize -V d | tr '\n' ' ' | sed 's/ $//')"
expect_eq "vectorize --vocab=d<TAB>: files" "docs.tok docs.tsv" \
    "$(complete_words vectorize --vocab = d | tr '\n' ' ' | sed 's/ $//')"
expect_eq "tf -o docs.to<TAB>: files" "docs.tok" \
    "$(complete_words tf -o docs.to)"
expect_eq "tf d<TAB>: operands are files" "docs.tok docs.tsv" \
    "$(complete_words tf d | tr '\n' ' ' | sed 's/ $//')"
expect_eq "vocab -T a<TAB>: folders" "adir" "$(complete_words vocab -T a)"
expect_eq "tf --top <TAB>: a number, nothing offered" "" \
    "$(complete_words tf --top "")"
expect_eq "textfeat to<TAB>" "tokenize" "$(complete_words textfeat to)"
expect_eq "textfeat help v<TAB>" "vectorize vocab" \
    "$(complete_words textfeat help v | tr '\n' ' ' | sed 's/ $//')"
expect_eq "textfeat <TAB>: every tool" \
    "$(printf '%s\n' $TXF_TOOLS --help --version help | LC_ALL=C sort)" \
    "$(complete_words textfeat "")"
expect_eq "textfeat tf --weight=b<TAB>" "binary" \
    "$(complete_words textfeat tf --weight = b)"

finish
