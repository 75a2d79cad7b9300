#!/bin/sh
# ferrite-record.sh: what the differential suite's scripts must give inside Ferrite, recorded
# from dash on the build host. Copies every shell/tests/diff script to OUT/diff/ and runs it
# under dash as the host suite does (a fresh empty directory, stdin from /dev/null, 10 s at
# most, the environment sh-suite gives it in Ferrite); writes OUT/expect/NAME.out, .err and .st
# with the script's path written SCRIPT, its directory WORKDIR, and `dash:` at the start of a
# line `sh:` (tests/ferrite/sh_suite.c does the same to what Ferrite's /bin/sh prints).
# Every script must be in exactly one of PASS_LIST (names, which sh-suite runs: OUT/pass.list)
# and EXCLUDE_LIST (`NAME reason`), else the recording fails.
# usage: ferrite-record.sh DIFF_DIR PASS_LIST EXCLUDE_LIST OUT WORK_DIR
if [ "$1" = --one ]; then
	out=$2 work=$3 t=$4
	name=$(basename "$t" .sh)
	script=$out/diff/$name.sh dir=$work/$name
	cp "$t" "$script" && mkdir -p "$dir" || exit 1
	( cd "$dir" && env -i PATH=/bin:/sbin:/usr/bin HOME=/ timeout 10 /bin/dash "$script" \
		>"$work/$name.out" 2>"$work/$name.err" </dev/null; echo $? >"$out/expect/$name.st" )
	sed -e "s|$script|SCRIPT|g" -e "s|$dir|WORKDIR|g" "$work/$name.out" >"$out/expect/$name.out"
	sed -e "s|$script|SCRIPT|g" -e "s|$dir|WORKDIR|g" -e 's|^/bin/dash:|sh:|' -e 's|^dash:|sh:|' \
		"$work/$name.err" >"$out/expect/$name.err"
	exit 0
fi
diff=$1 pass=$2 exclude=$3 out=$4 work=$5
bad=0
for t in "$diff"/*.sh; do
	name=$(basename "$t" .sh)
	n=$(grep -cx "$name" "$pass")
	n=$((n + $(grep -c "^$name " "$exclude")))
	[ "$n" -eq 1 ] || { echo "ferrite-record: $name is in $n of $pass and $exclude (must be in one)"; bad=1; }
done
for name in $(grep -v '^#' "$pass"); do
	[ -f "$diff/$name.sh" ] || { echo "ferrite-record: $pass names $name: no such script"; bad=1; }
done
[ $bad = 0 ] || exit 1
rm -rf "$out" "$work" && mkdir -p "$out/diff" "$out/expect" "$work" || exit 2
grep -v '^#' "$pass" >"$out/pass.list" || exit 2
out=$(cd "$out" && pwd) work=$(cd "$work" && pwd)
self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
ls "$diff"/*.sh | xargs -P 4 -n 1 sh "$self" --one "$out" "$work" || exit 1
