#!/bin/sh
# regress.sh - make check: every fuzz target's committed corpus
# (tests/fuzz/corpus/NAME/) through the plain driver, every property
# checked on every input.  A target without a corpus is an error.
. "${srcdir:-.}/tests/init.sh"

regress=$top_builddir/tests/fuzz/regress
[ -x "$regress" ] || { echo "no $regress" >&2; exit 99; }
targets=$("$regress" --list)
[ -n "$targets" ] || { echo "no fuzz targets" >&2; exit 99; }
for t in $targets; do
	checks=$((checks + 1))
	dir=$srcdir/tests/fuzz/corpus/$t
	if [ ! -d "$dir" ]; then
		fail "$t: no corpus $dir"
		continue
	fi
	"$regress" "$t" "$dir" || fail "$t: a property failed on its corpus"
done
finish
