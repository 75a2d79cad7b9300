#!/bin/sh
# diff-run.sh: the differential suite. Every script in shell/tests/diff/ runs under our shell
# and under dash, each in a fresh empty directory; stdout, stderr and the exit status must be
# the same. stderr lines name the shell ("dash: ..." / "<our path>: ...") only when it reports
# on its own invocation, so that name is replaced by "sh" in both.
# usage: diff-run.sh OUR_SH REF_SH TESTDIR WORKDIR
ours=$1 ref=$2 dir=$3 work=$4
rm -rf "$work" && mkdir -p "$work" || exit 2
run_one() {
	# $1 shell, $2 script, $3 output prefix
	d=$3.d
	mkdir -p "$d"
	( cd "$d" && timeout 10 "$1" "$2" >"$3.out" 2>"$3.err" </dev/null; echo $? >"$3.st" )
	sed -e "s|^$1:|sh:|" -e "s|^$(basename "$1"):|sh:|" "$3.err" >"$3.err2"
}
pass=0 fail=0
for t in "$dir"/*.sh; do
	name=$(basename "$t" .sh)
	script=$(cd "$(dirname "$t")" && pwd)/$(basename "$t")
	run_one "$ours" "$script" "$work/$name.ours" &
	run_one "$ref" "$script" "$work/$name.ref"
	wait
	if cmp -s "$work/$name.ours.out" "$work/$name.ref.out" &&
	   cmp -s "$work/$name.ours.err2" "$work/$name.ref.err2" &&
	   cmp -s "$work/$name.ours.st" "$work/$name.ref.st"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name"
		for k in out err2 st; do
			cmp -s "$work/$name.ours.$k" "$work/$name.ref.$k" ||
				diff "$work/$name.ref.$k" "$work/$name.ours.$k" | sed -e "s/^/  $k: /" | head -20
		done
	fi
done
echo "sh-diff: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
