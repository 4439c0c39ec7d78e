# tests/headers.sh - every header of the library (lib/), of the tools
# (cmd/common/, cmd/TOOL/) and of the tests' shared code (tests/unit/,
# tests/fuzz/) compiles on its own and when included twice:
# each guards all of its text and includes what it uses.
. "$srcdir/tests/init.sh"

: "${CC:=cc}"
for h in "$srcdir"/lib/*.h "$srcdir"/lib/textfeat/*.h "$srcdir"/cmd/*/*.h \
    "$srcdir"/tests/unit/*.h "$srcdir"/tests/fuzz/*.h; do
	[ -f "$h" ] || continue
	checks=$((checks + 1))
	printf '#include "%s"\n#include "%s"\nint txf_headers_test;\n' "$h" "$h" \
		>"$tmp/twice.c"
	# shellcheck disable=SC2086
	if ! $CC -std=gnu11 -fsyntax-only -Wall -Werror -I"$srcdir/lib" \
	    -I"$srcdir/cmd/common" -I"$top_builddir" -I"$top_builddir/lib" \
	    -I"$top_builddir/tests/unit" \
	    ${HEADERS_CFLAGS:-} "$tmp/twice.c" 2>"$tmp/err"; then
		fail "${h#"$srcdir"/}: does not compile when included twice"
		head -n 5 "$tmp/err" >&2
	fi
done
[ "$checks" -ge 4 ] || fail "only $checks headers found"
finish
