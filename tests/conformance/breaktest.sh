#!/bin/sh
# breaktest.sh - check word and grapheme boundaries against Unicode's
# WordBreakTest.txt and GraphemeBreakTest.txt (Debian package unicode-data).
#
# Runs the breaktest program built in ${BUILDDIR:-.}; any arguments (a
# directory holding the test files, or the files) are passed on.  Exit
# status is breaktest's: 0 pass, 1 fail, 77 skip (a test file is missing),
# 99 hard error.

prog=${BUILDDIR:-.}/tests/conformance/breaktest
if test ! -x "$prog"; then
	echo "breaktest.sh: $prog: not built" >&2
	exit 99
fi
exec "$prog" "$@"
