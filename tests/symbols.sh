# tests/symbols.sh - the shared library exports exactly the functions its
# installed headers declare (TXF_API), and every function they declare is
# marked TXF_API: nm -D of lib/.libs/libtextfeat.so against the
# declarations in lib/textfeat.h and its parts, lib/textfeat/*.h.
. "$srcdir/tests/init.sh"

so=$top_builddir/lib/.libs/libtextfeat.so
if [ ! -f "$so" ]; then
	echo "no shared library (configured with --disable-shared?)"
	exit 77
fi
command -v nm >/dev/null || { echo "no nm"; exit 77; }

# The functions the installed headers declare: each declaration starts at
# the left margin with TXF_API; the name is the identifier before its '('.
hdrs="$srcdir/lib/textfeat.h $srcdir/lib/textfeat/*.h"
sed -n 's/^TXF_API[^(]*[ *]\(txf_[A-Za-z0-9_]*\)(.*/\1/p' $hdrs |
	LC_ALL=C sort -u >"$tmp/declared"
# Every declaration of a txf_ function at the left margin is TXF_API.
grep -hE '^[A-Za-z_][A-Za-z0-9_ *]*[ *]txf_[A-Za-z0-9_]*\(' $hdrs |
	grep -v '^TXF_API ' >"$tmp/unmarked" || true
checks=$((checks + 1))
if [ -s "$tmp/unmarked" ]; then
	fail "declarations without TXF_API:"
	cat "$tmp/unmarked" >&2
fi
checks=$((checks + 1))
[ "$(wc -l <"$tmp/declared")" -gt 50 ] ||
	fail "only $(wc -l <"$tmp/declared") declarations found"

# The functions the shared object exports (defined text symbols).
nm -D --defined-only "$so" | awk '$2 == "T" || $2 == "i" { print $3 }' |
	sed 's/@.*//' | LC_ALL=C sort -u >"$tmp/exported"

checks=$((checks + 1))
if ! cmp -s "$tmp/declared" "$tmp/exported"; then
	fail "exported and declared functions differ (< declared only, > exported only):"
	diff "$tmp/declared" "$tmp/exported" | grep '^[<>]' >&2
fi
# Nothing else with a txf_ name leaks out (data, weak symbols).
checks=$((checks + 1))
nm -D --defined-only "$so" | awk '$2 != "T" && $2 != "i" && $3 ~ /^txf_/' \
	>"$tmp/other"
if [ -s "$tmp/other" ]; then
	fail "other exported txf_ symbols:"
	cat "$tmp/other" >&2
fi
finish
