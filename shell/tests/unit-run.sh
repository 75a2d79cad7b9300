#!/bin/sh
# unit-run.sh: behaviour that dash lacks, so the differential suite cannot check it. Each
# NAME.sh in the directory runs under our shell in a fresh directory; its stdout+stderr and
# exit status ("status N" appended) must equal NAME.out.
# usage: unit-run.sh OUR_SH TESTDIR WORKDIR
ours=$1 dir=$2 work=$3
rm -rf "$work" && mkdir -p "$work" || exit 2
pass=0 fail=0
for t in "$dir"/*.sh; do
	name=$(basename "$t" .sh)
	script=$(cd "$(dirname "$t")" && pwd)/$(basename "$t")
	mkdir -p "$work/$name.d"
	# messages name the script by its path; the expected output names it NAME.sh
	( cd "$work/$name.d" && timeout 10 "$ours" "$script" </dev/null 2>&1; echo "status $?" ) |
		sed "s|$script|$name.sh|g" >"$work/$name.got"
	if cmp -s "$work/$name.got" "${t%.sh}.out"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name"
		diff "${t%.sh}.out" "$work/$name.got" | head -20
	fi
done
echo "sh-unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
