#!/bin/sh
# progress.sh - --progress[=auto|always|never] in every tool: drawn under a
# pseudo-terminal (script(1) from util-linux) with the total, percentage,
# records, rate, the line cleared (ESC [ K) and redrawn in place (\r), a
# final line of totals; nothing when stderr is a file unless
# --progress=always, then plain lines without escapes; never under
# --progress=never; the output the same with and without; a message on
# stderr starts on a line of its own.  Timings are not tested here
# (bench/progress measures the cost).
. "${srcdir:-.}/tests/init.sh"

[ -n "${TXF_TOOLS:-}" ] || { echo "TXF_TOOLS not set" >&2; exit 99; }
have_script=no
script -qc true /dev/null >/dev/null 2>&1 </dev/null && have_script=yes

cd "$tmp"
i=0
: >docs.tsv
while [ $i -lt 300 ]; do
	printf 'd%d\tRed shoes, size %d - blue laces\tlbl\n' $i $i >>docs.tsv
	i=$((i + 1))
done
tokenize docs.tsv >docs.tok
vocab --idf=smooth docs.tok >docs.vocab
awk -F '\t' '{ print "q1\tred shoes\t" $1 "\t" $2 }' docs.tsv >pairs.tsv
if command -v index >/dev/null 2>&1; then
	index docs.tsv -o docs.idx
	awk -F '\t' '{ print "q" NR "\tshoes size " NR }' docs.tsv >queries.tsv
fi

# Bytes as the progress line writes them.
human() {
	awk -v b="$1" 'BEGIN { if (b < 1000) printf "%d B", b;
	    else if (b < 1e6) printf "%.1f kB", b / 1e3;
	    else printf "%.1f MB", b / 1e6 }'
}

# The command of each tool, reading INPUT (a file name or - ).
cmd_of() {  # TOOL INPUT
	case $1 in
	tokenize) echo "tokenize $2" ;;
	ngrams) echo "ngrams -n 1:2 $2" ;;
	tf) echo "tf $2" ;;
	vocab) echo "vocab $2" ;;
	vectorize) echo "vectorize -V docs.vocab --idf $2" ;;
	match) echo "match -V docs.vocab $2" ;;
	index) echo "index $2 -o out.idx" ;;
	retrieve) echo "retrieve -I docs.idx -k 3 $2" ;;
	*) echo "" ;;
	esac
}
input_of() {
	case $1 in
	tokenize|index) echo docs.tsv ;;
	match) echo pairs.tsv ;;
	retrieve) echo queries.tsv ;;
	*) echo docs.tok ;;
	esac
}

for t in $TXF_TOOLS; do
	c=$(cmd_of "$t" "$(input_of "$t")")
	if [ -z "$c" ]; then
		fail "$t: no command in progress.sh"
		continue
	fi
	inp=$(input_of "$t")
	lines=$(wc -l <"$inp" | tr -d ' ')
	bytes=$(human "$(wc -c <"$inp")")
	# Not a terminal: nothing, and the same output.
	sh -c "$c" >plain.out 2>plain.err || fail "$t: exit status"
	sh -c "$c --progress" >prog.out 2>prog.err || fail "$t --progress"
	expect_file "$t --progress: the same output" plain.out prog.out
	expect_eq "$t --progress, stderr a file: nothing" "" "$(cat prog.err)"
	# --progress=always on a file: plain lines, the last of totals.
	sh -c "$c --progress=always" >prog.out 2>prog.err ||
	    fail "$t --progress=always"
	expect_file "$t --progress=always: the same output" plain.out prog.out
	expect_eq "$t --progress=always: no \\r or escape" "" \
	    "$(tr -d -c '\r\033' <prog.err)"
	last=$(tail -n 1 prog.err)
	case $last in
	"$t: read $bytes, $lines records in 0:0"?" ("*"/s); done in 0:0"?) ;;
	*) fail "$t --progress=always: last line '$last'" ;;
	esac
	checks=$((checks + 1))
	grep -q "^$t: [0-9.]* [kM]*B of $bytes ([0-9]*%)" prog.err ||
	    fail "$t --progress=always: no first line with the total"

	[ $have_script = yes ] || continue
	# A terminal: drawn in place, the total known from the file.
	script -qc "$c --progress >tty.out" /dev/null </dev/null >tty.raw
	expect_file "$t --progress on a terminal: the same output" \
	    plain.out tty.out
	checks=$((checks + 1))
	grep -q "$(printf '\r')$t: " tty.raw ||
	    fail "$t --progress on a terminal: no \\r before the line"
	checks=$((checks + 1))
	grep -q "$(printf '\033')\\[K" tty.raw ||
	    fail "$t --progress on a terminal: the line is not cleared"
	tr '\r' '\n' <tty.raw | sed "s/$(printf '\033')\\[K//g" >tty.lines
	checks=$((checks + 1))
	grep -q "^$t: [0-9.]* [kM]*B of $bytes ([0-9]*%), [0-9.k]* records, [0-9.]* [kMG]*B/s" \
	    tty.lines || { fail "$t: no line with percentage"; cat tty.lines >&2; }
	checks=$((checks + 1))
	grep -q "^$t: read $bytes, $lines records in 0:0.* done in" \
	    tty.lines || { fail "$t: no final line"; cat tty.lines >&2; }
	# From a pipe the total is unknown: no percentage.
	script -qc "cat $inp | $(cmd_of "$t" -) --progress >/dev/null" \
	    /dev/null </dev/null | tr '\r' '\n' >pipe.lines
	expect_eq "$t from a pipe: no percentage" "" \
	    "$(grep '%' pipe.lines || true)"
	checks=$((checks + 1))
	grep -q "^$t: read $bytes, $lines records" pipe.lines ||
	    fail "$t from a pipe: no totals"
	# never: nothing even on a terminal.
	script -qc "$c --progress=never >/dev/null" /dev/null </dev/null \
	    >never.raw
	expect_eq "$t --progress=never on a terminal" "" "$(cat never.raw)"
done

if [ $have_script = yes ]; then
	# A slow pipe: the line is redrawn while the input trickles in.
	script -qc "(head -n 100 docs.tok; sleep 1; tail -n 200 docs.tok) |
	    tf --progress >/dev/null" /dev/null </dev/null |
	    tr '\r' '\n' >slow.lines
	checks=$((checks + 1))
	grep -q '^tf: [0-9.]* [k]*B, 100 records, ' slow.lines ||
	    { fail "a slow pipe: no line at 100 records"; cat slow.lines >&2; }
	# A message in the middle starts on a line of its own.
	printf 'a\tok\nb\tbad \377\nc\tok\n' >bad.tok
	script -qc "tf --progress --invalid=skip bad.tok >/dev/null" \
	    /dev/null </dev/null | tr '\r' '\n' |
	    sed "s/$(printf '\033')\\[K//g" >bad.lines
	checks=$((checks + 1))
	grep -q '^tf: 1 line with invalid input skipped$' bad.lines ||
	    { fail "a message under --progress"; cat bad.lines >&2; }
	# A narrow terminal: the line is cut to fit, never wrapped.
	script -qc "stty cols 30; tf --progress docs.tok >/dev/null" \
	    /dev/null </dev/null | tr '\r' '\n' |
	    sed "s/$(printf '\033')\\[K//g" >narrow.lines
	expect_eq "a 30-column terminal: lines of at most 29" "" \
	    "$(awk 'length > 29' narrow.lines)"
else
	echo "script(1) not found: the terminal checks are skipped" >&2
fi

# Bad values.
st=0
tf --progress=sometimes docs.tok >/dev/null 2>err || st=$?
expect_eq "--progress=sometimes: exit status" 2 "$st"
expect_eq "--progress=sometimes: message" \
    "tf: invalid value for --progress: 'sometimes'" "$(head -n 1 err)"

finish
