#!/bin/sh
# busybox-run.sh: runs busybox's shell/ash_test cases (unpacked at build time from the pinned
# busybox source, never committed) against our shell. Each case is a *.tests script whose
# stdout+stderr must equal its *.right file. A case in the pass list that fails is a regression
# (a failure); cases in the exclude list are skipped, each for the reason written there.
# usage: busybox-run.sh OUR_SH ASH_TEST_DIR HELPER_BIN_DIR PASS_LIST EXCLUDE_LIST [-u]
#   -u: print the cases that pass now, for updating the pass list
sh_bin=$1 dir=$2 helpers=$3 passlist=$4 exclude=$5 update=$6

if [ "$1" = --dir ]; then
	# The cases of one directory, one after another (they share scratch file names);
	# prints "ok NAME" or "fail NAME" for each. Arguments: --dir SHELL - EXCLUDE DIRECTORY
	set -- "$1" "$2" "$5" "$4"
	for t in "$3"/*.tests; do
		rel=${t#./}
		grep -q "^$rel " "$4" && continue
		name=${t%.tests}
		base=$(basename "$name")
		( cd "$3" && THIS_SH=$2 timeout 20 "$2" "./$base.tests" >"$base.xx" 2>&1 </dev/null )
		if cmp -s "$name.xx" "$name.right"; then
			echo "ok $rel"
		else
			echo "fail $rel"
		fi
	done
	exit 0
fi

self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
cd "$dir" || exit 2
PATH=$helpers:$PATH
export PATH
# busybox's run-all exports its build configuration; these are the options the cases test.
CONFIG_FEATURE_FANCY_ECHO=y
export CONFIG_FEATURE_FANCY_ECHO
# Directories run two at a time; the cases inside one run in turn.
results=$(ls -d ash-* | xargs -P 2 -n 1 sh "$self" --dir "$sh_bin" - "$exclude" | sort)
pass=0 fail=0 newpass=0 other=0
for t in $(echo "$results" | sed -n 's/^ok //p'); do
	if grep -qx "$t" "$passlist"; then pass=$((pass + 1)); else newpass=$((newpass + 1)); fi
	[ "$update" = -u ] && echo "$t"
done
for t in $(echo "$results" | sed -n 's/^fail //p'); do
	if grep -qx "$t" "$passlist"; then
		fail=$((fail + 1))
		echo "REGRESSION $t" >&2
		diff "${t%.tests}.right" "${t%.tests}.xx" | head -10 >&2
	else
		other=$((other + 1))
	fi
done
excluded=$(grep -c '^[^#]' "$exclude")
echo "busybox ash_test: $((pass + newpass)) of $((pass + newpass + fail + other)) cases pass ($newpass not yet in the pass list; $other failing cases not in it; $excluded excluded)" >&2
echo "sh-busybox: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
