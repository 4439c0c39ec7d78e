#!/bin/sh
# cmd/tools.sh SRCDIR - write cmd/tools.mk, the automake rules of every tool
# in SRCDIR/cmd/tools.list, to stdout.
#
# Automake wants its program lists written out, so the rules each tool
# shares are written here, once, from the list: the program NAME and its
# source cmd/NAME.c (linked with $(TOOL_LDADD)); its man page
# man/NAME.1; its test tests/cli/NAME.sh and expected outputs
# tests/cli/expected/NAME (where they exist when the list is read); and
# cmd/NAME.mk, included where it exists, with what one tool has beyond
# that (more sources, flags, tests), added with +=.  make runs this again
# when the list changes (cmd/local.mk).
set -eu
srcdir=${1:-.}
tools=$(sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' \
    "$srcdir/cmd/tools.list")

# each FORMAT [TEST]: FORMAT with %s the tool, for each tool (for which
# `test -e` of TEST, with %s the tool, holds), on one line.
each() {
	for t in $tools; do
		# shellcheck disable=SC2059
		[ $# -lt 2 ] || [ -e "$srcdir/$(printf "$2" "$t")" ] || continue
		# shellcheck disable=SC2059
		printf " $1" "$t"
	done
}

for t in $tools; do
	[ -f "$srcdir/cmd/$t.c" ] || {
		echo "cmd/tools.sh: cmd/tools.list: no cmd/$t.c" >&2
		exit 1
	}
done
echo '## cmd/tools.mk: made by cmd/tools.sh from cmd/tools.list; do not edit.'
echo
echo "bin_PROGRAMS +=$(each %s)"
echo "dist_man_MANS +=$(each man/%s.1)"
echo "CLI_TESTS +=$(each tests/cli/%s.sh tests/cli/%s.sh)"
echo "EXTRA_DIST +=$(each tests/cli/expected/%s tests/cli/expected/%s)"
echo
# automake's canonical name of a program: the variables' prefix
canon() { printf %s "$1" | tr -c "A-Za-z0-9_@\n" _; }
for t in $tools; do
	echo "$(canon "$t")_SOURCES = cmd/$t.c"
done
echo
for t in $tools; do
	echo "$(canon "$t")_LDADD = \$(TOOL_LDADD)"
done
echo
for t in $tools; do
	[ ! -f "$srcdir/cmd/$t.mk" ] || echo "include \$(srcdir)/cmd/$t.mk"
done
