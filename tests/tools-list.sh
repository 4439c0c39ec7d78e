#!/bin/sh
# tests/tools-list.sh - cmd/tools.mk is what cmd/tools.sh makes of
# cmd/tools.list (make writes it again when the list changes; this catches
# a hand edit, or a tool's test or expected folder added after its line).
. "$srcdir/tests/init.sh"

checks=1
sh "$srcdir/cmd/tools.sh" "$srcdir" >"$tmp/tools.mk" ||
	fail "cmd/tools.sh failed"
if ! cmp -s "$tmp/tools.mk" "$srcdir/cmd/tools.mk"; then
	diff "$srcdir/cmd/tools.mk" "$tmp/tools.mk" >&2 || :
	fail "cmd/tools.mk is not what cmd/tools.sh makes of cmd/tools.list" \
	    "(touch cmd/tools.list and run make)"
fi
finish
