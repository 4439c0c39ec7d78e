#!/bin/sh
# run.sh - make fuzz: build every fuzz target (or those named) with clang,
# libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer (pointer
# overflow and float-cast overflow included), the library instrumented
# for coverage, and run each for FUZZ_TIME seconds, FUZZ_JOBS at a time,
# starting from its committed corpus.  New inputs go to
# tests/fuzz/build/NAME.corpus (not the committed seeds); a failing input
# is saved as tests/fuzz/build/crash-NAME-* and the run fails.  Prints
# each target's executions, coverage (edges) and features.
#
# Environment (set by make fuzz): FUZZ_CC, srcdir, builddir, LIB_SOURCES,
# FUZZ_SOURCES, FUZZ_TIME, FUZZ_JOBS, FUZZ_CFLAGS, FUZZ_LIBS.
set -eu
srcdir=$(cd "$srcdir" && pwd)
out=$builddir/tests/fuzz/build
mkdir -p "$out/lib"
san='-fsanitize=address,undefined,pointer-overflow,float-cast-overflow
 -fno-sanitize-recover=all -fno-omit-frame-pointer'
cflags="-g -O1 $san -I$builddir -I$srcdir/lib $FUZZ_CFLAGS"
datadir="-DTXF_DATADIR=\"$srcdir/data\""

echo "make fuzz: building with $FUZZ_CC"
objs=
for s in $LIB_SOURCES; do
	case $s in *.c) ;; *) continue ;; esac
	o=$out/lib/$(basename "$s" .c).o
	if [ ! -f "$o" ] || [ "$srcdir/$s" -nt "$o" ]; then
		$FUZZ_CC $cflags "$datadir" -fsanitize=fuzzer-no-link -DHAVE_CONFIG_H \
		    -c "$srcdir/$s" -o "$o"
	fi
	objs="$objs $o"
done
names=
for s in $FUZZ_SOURCES; do
	n=$(basename "$s" .c)
	if [ $# -gt 0 ]; then
		case " $* " in *" $n "*) ;; *) continue ;; esac
	fi
	$FUZZ_CC $cflags -fsanitize=fuzzer -DFUZZ_LIBFUZZER \
	    "$srcdir/$s" $objs $FUZZ_LIBS -o "$out/$n"
	names="$names $n"
done

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TEXTFEAT_DATADIR=$srcdir/data
echo "make fuzz: each target for ${FUZZ_TIME}s, $FUZZ_JOBS at a time"
for n in $names; do echo "$n"; done |
xargs -P "$FUZZ_JOBS" -I{} sh -c '
	n={}; out=$1; srcdir=$2; t=$3
	mkdir -p "$out/$n.corpus"
	cd "$out" && timeout $((t + 60)) "./$n" -max_total_time="$t" \
	    -print_final_stats=1 -timeout=20 -rss_limit_mb=2048 \
	    -artifact_prefix="$out/crash-$n-" \
	    "$out/$n.corpus" "$srcdir/tests/fuzz/corpus/$n" \
	    >"$out/$n.log" 2>&1
	echo $? >"$out/$n.rc"
' sh "$out" "$srcdir" "$FUZZ_TIME"

status=0
printf '%-10s %12s %9s %9s %s\n' target executions coverage features result
for n in $names; do
	rc=$(cat "$out/$n.rc")
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$n.log")
	last=$(grep -E '^#[0-9]+' "$out/$n.log" | tail -n 1)
	cov=$(printf '%s\n' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(printf '%s\n' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	res=ok
	if [ "$rc" -ne 0 ]; then
		res="FAILED (exit $rc; $out/$n.log)"
		status=1
		tail -n 40 "$out/$n.log"
	fi
	printf '%-10s %12s %9s %9s %s\n' "$n" "${execs:-?}" "${cov:-?}" \
	    "${ft:-?}" "$res"
done
exit $status
