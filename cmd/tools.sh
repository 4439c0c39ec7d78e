#!/bin/sh
# cmd/tools.sh SRCDIR - write cmd/tools.mk, the automake rules of every tool
# in SRCDIR/cmd/tools.list, to stdout.
#
# Automake wants its program lists written out, so the rules each tool
# shares are written here, once, from the list: the program NAME, its source
# cmd/NAME.c, linked with $(TOOL_LDADD); its man page man/NAME.1; its test
# tests/cli/NAME.sh and expected outputs tests/cli/expected/NAME (where they
# exist when the list is read); and cmd/NAME.mk, included where it exists,
# with what one tool has beyond that (more sources, flags, tests), added
# with +=.  make runs this again when the list changes (cmd/local.mk).
set -eu
srcdir=${1:-.}
echo '## cmd/tools.mk: made by cmd/tools.sh from cmd/tools.list; do not edit.'
sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$srcdir/cmd/tools.list" |
while read -r t; do
	c=$(printf %s "$t" | tr -c "A-Za-z0-9_@\n" _)  # automake's canonical name
	[ -f "$srcdir/cmd/$t.c" ] || {
		echo "cmd/tools.sh: cmd/tools.list: no cmd/$t.c" >&2
		exit 1
	}
	echo
	echo "bin_PROGRAMS += $t"
	echo "${c}_SOURCES = cmd/$t.c"
	echo "${c}_LDADD = \$(TOOL_LDADD)"
	echo "dist_man_MANS += man/$t.1"
	if [ -f "$srcdir/tests/cli/$t.sh" ]; then
		echo "CLI_TESTS += tests/cli/$t.sh"
	fi
	if [ -d "$srcdir/tests/cli/expected/$t" ]; then
		echo "EXTRA_DIST += tests/cli/expected/$t"
	fi
	if [ -f "$srcdir/cmd/$t.mk" ]; then
		echo "include \$(srcdir)/cmd/$t.mk"
	fi
done
