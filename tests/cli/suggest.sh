#!/bin/sh
# suggest.sh - a mistyped option names the nearest valid ones, in every
# tool, from the table getopt reads: for each long option each tool's
# --help shows, a typo of it (two letters swapped, one dropped) must be
# refused with exit 2 and "did you mean" naming that option; an ambiguous
# prefix lists the options it could be; a mistyped value of an option with
# a fixed set of values names the nearest; something far from everything
# gets no suggestion.
. "${srcdir:-.}/tests/init.sh"

[ -n "${TXF_TOOLS:-}" ] || { echo "TXF_TOOLS not set" >&2; exit 99; }

# run_usage TOOL ARGS...: run, expect exit 2 and no output; first line of
# stderr in $msg.
run_usage() {
	st=0
	"$@" </dev/null >"$tmp/out" 2>"$tmp/err" || st=$?
	expect_eq "$*: exit status" 2 "$st"
	expect_eq "$*: no output" "" "$(cat "$tmp/out")"
	msg=$(head -n 1 "$tmp/err")
}

for t in $TXF_TOOLS; do
	$t --help | grep -o -e '--[a-z][a-z0-9-]*' | sort -u >"$tmp/opts"
	[ -s "$tmp/opts" ] || fail "$t --help shows no long option"
	while read -r opt; do
		name=${opt#--}
		[ ${#name} -ge 4 ] || continue
		# swap the 2nd and 3rd letters; drop the 2nd
		swapped=$(printf '%s' "$name" | sed 's/^\(.\)\(.\)\(.\)/\1\3\2/')
		dropped=$(printf '%s' "$name" | sed 's/^\(.\)./\1/')
		for typo in $swapped $dropped; do
			[ "$typo" != "$name" ] || continue
			grep -qx -e "--$typo" "$tmp/opts" && continue
			run_usage $t "--$typo"
			checks=$((checks + 1))
			case $msg in
			*"did you mean"*"--$name"*) ;;
			*) fail "$t --$typo: no suggestion of --$name: $msg" ;;
			esac
		done
	done <"$tmp/opts"
	run_usage $t --qqqqqqqq
	expect_eq "$t: nothing near" \
	    "$t: unrecognized option '--qqqqqqqq'" "$msg"
	expect_eq "$t: the --help hint" \
	    "Try '$t --help' for more information." "$(sed -n 2p "$tmp/err")"
done

# The exact messages.
run_usage tokenize --mdoe=word
expect_eq "a swap" \
    "tokenize: unrecognized option '--mdoe=word'; did you mean --mode?" "$msg"
run_usage tokenize --m=2
expect_eq "ambiguous" \
    "tokenize: option '--m' is ambiguous; did you mean --mode, --min-len or --max-len?" \
    "$msg"
run_usage vectorize --output-file=x
expect_eq "a longer word" \
    "vectorize: unrecognized option '--output-file=x'; did you mean --output?" \
    "$msg"
run_usage tf --top
expect_eq "missing value" "tf: option '--top' requires an argument" "$msg"
run_usage tf --help=x
expect_eq "value not allowed" \
    "tf: option '--help' doesn't allow an argument" "$msg"
run_usage tf -x
expect_eq "short option" "tf: invalid option -- 'x'" "$msg"
run_usage tf -o
expect_eq "short option's value" "tf: option requires an argument -- 'o'" \
    "$msg"
run_usage tf --top=2 -xq
expect_eq "short option after a long one" "tf: invalid option -- 'x'" "$msg"
run_usage tf --sort=vlaue
expect_eq "a value" \
    "tf: invalid value for --sort: 'vlaue'; did you mean 'value'?" "$msg"
run_usage tokenize --mode=wrod
expect_eq "a value" \
    "tokenize: invalid value for --mode: 'wrod'; did you mean 'word'?" "$msg"
run_usage tf --weight=zzzzzz
expect_eq "a value far from all" \
    "tf: invalid value for --weight: 'zzzzzz'" "$msg"

finish
