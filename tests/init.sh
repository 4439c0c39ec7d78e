# tests/init.sh - sourced by every shell test.
# Sets strict mode, the C locale, a scratch directory removed on exit, and
# helpers.  Exit 77 skips a test, 99 reports a broken harness.
set -eu
LC_ALL=C
export LC_ALL
unset LANGUAGE TEXTFEAT_OPTIONS || true

: "${srcdir:=.}"
: "${top_builddir:=.}"
TEXTFEAT_DATADIR=${TEXTFEAT_DATADIR:-$srcdir/data}
export TEXTFEAT_DATADIR

tmp=$(mktemp -d "${TMPDIR:-/tmp}/textfeat-test.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

fails=0
checks=0

fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

# expect_eq NAME EXPECTED ACTUAL: compare two strings.
expect_eq() {
	checks=$((checks + 1))
	if [ "$2" != "$3" ]; then
		fail "$1"
		printf '  expected: %s\n  actual:   %s\n' "$2" "$3" >&2
	fi
}

# expect_file NAME EXPECTED_FILE ACTUAL_FILE: compare two files.
expect_file() {
	checks=$((checks + 1))
	if ! cmp -s "$2" "$3"; then
		fail "$1"
		diff -u "$2" "$3" >&2 | head -40 || true
	fi
}

finish() {
	echo "$checks checks, $fails failed"
	[ "$fails" -eq 0 ]
}

# check_case NAME CMD...: run CMD (through sh -c when it is one string with
# pipes), capture stdout, stderr and exit status, and compare them with
# $srcdir/tests/cli/expected/NAME.out, NAME.err and NAME.rc.  A missing
# .err means empty stderr; a missing .rc means 0.  With TXF_REGEN=1 the
# expected files are written instead (review the diff before committing).
expected_dir=$srcdir/tests/cli/expected
check_case() {
	name=$1
	shift
	checks=$((checks + 1))
	set +e
	(cd "$tmp" && sh -c "$*") >"$tmp/out" 2>"$tmp/err"
	rc=$?
	set -e
	exp=$expected_dir/$name
	if [ "${TXF_REGEN:-0}" = 1 ]; then
		mkdir -p "$(dirname "$exp")"
		cp "$tmp/out" "$exp.out"
		if [ -s "$tmp/err" ]; then cp "$tmp/err" "$exp.err"; else rm -f "$exp.err"; fi
		if [ "$rc" -ne 0 ]; then echo "$rc" >"$exp.rc"; else rm -f "$exp.rc"; fi
		return 0
	fi
	[ -f "$exp.err" ] && experr=$exp.err || experr=/dev/null
	[ -f "$exp.rc" ] && exprc=$(cat "$exp.rc") || exprc=0
	if ! cmp -s "$exp.out" "$tmp/out"; then
		fail "$name: stdout differs"
		diff -u "$exp.out" "$tmp/out" 2>&1 | head -30 >&2 || true
	elif ! cmp -s "$experr" "$tmp/err"; then
		fail "$name: stderr differs"
		diff -u "$experr" "$tmp/err" 2>&1 | head -30 >&2 || true
	elif [ "$rc" != "$exprc" ]; then
		fail "$name: exit status $rc, expected $exprc"
	fi
}
