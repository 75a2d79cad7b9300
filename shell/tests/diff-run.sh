#!/bin/sh
# diff-run.sh: the differential suite. Every script in shell/tests/diff/ runs under our shell
# and under dash, each in a fresh empty directory; stdout, stderr and the exit status must be
# the same. stderr lines name the shell ("dash: ..." / "<our path>: ...") only when it reports
# on its own invocation, so that name is replaced by "sh" in both.
# usage: diff-run.sh OUR_SH REF_SH TESTDIR WORKDIR
if [ "$1" = --one ]; then
	# one script: $2 ours, $3 reference, $4 work dir, $5 script; prints "pass" or a report
	ours=$2 ref=$3 work=$4 t=$5
	name=$(basename "$t" .sh)
	run_one() {
		mkdir -p "$2.d"
		( cd "$2.d" && timeout 10 "$1" "$t" >"$2.out" 2>"$2.err" </dev/null; echo $? >"$2.st" )
		sed -e "s|^$1:|sh:|" -e "s|^$(basename "$1"):|sh:|" "$2.err" >"$2.err2"
	}
	run_one "$ours" "$work/$name.ours" &
	run_one "$ref" "$work/$name.ref"
	wait
	fail=0
	for k in out err2 st; do
		cmp -s "$work/$name.ours.$k" "$work/$name.ref.$k" || fail=1
	done
	if [ $fail = 0 ]; then
		echo "pass $name"
	else
		# the report goes to a file, so that parallel runs do not interleave their lines
		for k in out err2 st; do
			cmp -s "$work/$name.ours.$k" "$work/$name.ref.$k" ||
				diff "$work/$name.ref.$k" "$work/$name.ours.$k" | sed -e "s/^/  $k: /" | head -20
		done >"$work/$name.report"
		echo "FAIL $name"
	fi
	exit 0
fi
ours=$1 ref=$2 dir=$3 work=$4
rm -rf "$work" && mkdir -p "$work" || exit 2
self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
dir=$(cd "$dir" && pwd)
work=$(cd "$work" && pwd)
# Four scripts at a time (each runs both shells at once): most of the time is spent waiting.
out=$(ls "$dir"/*.sh | xargs -P 4 -n 1 sh "$self" --one "$ours" "$ref" "$work")
for name in $(echo "$out" | sed -n 's/^FAIL //p' | sort); do
	echo "FAIL $name"
	cat "$work/$name.report"
done
pass=$(echo "$out" | grep -c '^pass ')
fail=$(echo "$out" | grep -c '^FAIL ')
echo "sh-diff: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
