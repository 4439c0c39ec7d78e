# tests/headers.sh - every header of the library (lib/) and of the tools'
# common code (cmd/common/) compiles on its own and when included twice:
# each guards all of its text and includes what it uses.
. "$srcdir/tests/init.sh"

: "${CC:=cc}"
for h in "$srcdir"/lib/*.h "$srcdir"/lib/textfeat/*.h "$srcdir"/cmd/common/*.h \
    "$srcdir"/cmd/*/*.h; do
	[ -f "$h" ] || continue
	checks=$((checks + 1))
	printf '#include "%s"\n#include "%s"\nint txf_headers_test;\n' "$h" "$h" \
		>"$tmp/twice.c"
	# shellcheck disable=SC2086
	if ! $CC -std=gnu11 -fsyntax-only -Wall -Werror -I"$srcdir/lib" \
	    -I"$srcdir/cmd/common" -I"$top_builddir" -I"$top_builddir/lib" \
	    ${HEADERS_CFLAGS:-} "$tmp/twice.c" 2>"$tmp/err"; then
		fail "${h#"$srcdir"/}: does not compile when included twice"
		head -n 5 "$tmp/err" >&2
	fi
done
[ "$checks" -ge 4 ] || fail "only $checks headers found"
finish
