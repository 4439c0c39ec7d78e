#!/bin/sh
# output-files.sh - -o and the other output files (vectorize --names,
# match --names), issue 11: a regular file is replaced atomically (a new
# file renamed over it); a FIFO or a device is written in place, never
# replaced; a run killed by SIGKILL leaves only its hidden temporary file
# .FILE.XXXXXX, and a later run with the same -o is not affected by it.
. "${srcdir:-.}/tests/init.sh"

for t in tokenize vectorize match; do
	command -v $t >/dev/null 2>&1 || { echo "$t not on PATH" >&2; exit 99; }
done
command -v mkfifo >/dev/null 2>&1 || exit 77
cd "$tmp"
printf 'd1\tRed shoe\nd2\tblue shoe\n' >docs
tokenize --no-analysis-header docs >want.tok
printf 'q1\tred shoe\tl1\tred running shoe\n' >pairs

# reader FIFO OUT: copy what comes through FIFO to OUT (bounded: a FIFO
# replaced by a regular file would leave the reader waiting).
reader() { timeout 20 cat "$1" >"$2" & }

# -o FIFO: written in place, the FIFO stays.
mkfifo fifo
reader fifo got
tokenize --no-analysis-header -o fifo docs
wait
checks=$((checks + 1))
[ -p fifo ] || fail "-o fifo: the FIFO was replaced"
expect_file "-o fifo: the reader got the output" want.tok got

# vectorize --names=FIFO and match --names=FIFO, each with a reader.
rm -f fifo && mkfifo fifo
reader fifo names
vectorize --hash=16 --names=fifo -o vec want.tok
wait
checks=$((checks + 1))
[ -p fifo ] && [ -s names ] || fail "vectorize --names=fifo"
vectorize --hash=16 --names=names.file -o vec2 want.tok
expect_file "vectorize --names through a FIFO" names.file names
rm -f fifo && mkfifo fifo
reader fifo mnames
match --features=matched,phrase --names=fifo -o m.out pairs
wait
checks=$((checks + 1))
[ -p fifo ] || fail "match --names=fifo: the FIFO was replaced"
expect_eq "match --names=fifo: the names" "matched
phrase" "$(cat mnames)"

# A device: written in place, never replaced.  A device node of our own,
# like /dev/null, when we may make one: never /dev/null itself, which a
# regression would replace for the whole machine.
if [ "$(id -u)" = 0 ] && mknod null c 1 3 2>/dev/null; then
	tokenize -o null docs
	checks=$((checks + 1))
	[ -c null ] || fail "-o on a character device replaced it"
	match --features=matched --names=null -o null pairs
	checks=$((checks + 1))
	[ -c null ] || fail "--names on a character device replaced it"
fi

# A regular file: replaced by a new file (a new inode) renamed over it.
echo old >reg
ln reg reg.link
tokenize --no-analysis-header -o reg docs
expect_file "-o regular file" want.tok reg
expect_eq "-o regular file: replaced, not rewritten" old "$(cat reg.link)"

# A directory is refused.
mkdir dir
set +e
tokenize -o dir docs 2>err
rc=$?
set -e
expect_eq "-o directory: status" 1 "$rc"

# SIGKILL: the run leaves .out.XXXXXX and no out; a later run with the
# same -o writes out and leaves the other run's file alone.
mkfifo slow
(sleep 30 >slow) &
holder=$!
tokenize -o out slow docs &
pid=$!
i=0
while [ -z "$(ls -A | grep '^\.out\.')" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -KILL $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
kill $holder 2>/dev/null || true
wait $holder 2>/dev/null || true
left=$(ls -A | grep '^\.out\.......$' || true)
checks=$((checks + 1))
[ -n "$left" ] && [ ! -e out ] ||
	fail "SIGKILL: expected a leftover .out.XXXXXX and no out"
tokenize --no-analysis-header -o out docs
expect_file "a run after a killed one" want.tok out
checks=$((checks + 1))
[ -z "$left" ] || [ -e "$left" ] || fail "the later run removed $left"
# The documented clean-up (textfeat.7) removes it and nothing else.
find . -maxdepth 1 -name '.out.??????' -type f -delete
checks=$((checks + 1))
[ -z "$(ls -A | grep '^\.out\.')" ] && [ -s out ] ||
	fail "the clean-up command"
finish
