#!/bin/sh
# configure-run.sh: a real script: musl's configure runs to completion under our shell and
# under dash, in two fresh copies of the source; the output and config.mak must be the same.
# usage: configure-run.sh OUR_SH MUSL_TARBALL WORKDIR
ours=$1 tarball=$2 work=$3
rm -rf "$work" && mkdir -p "$work/ours" "$work/dash" || exit 2
tar -xzf "$tarball" -C "$work/ours" --strip-components=1 &&
tar -xzf "$tarball" -C "$work/dash" --strip-components=1 || exit 2
( cd "$work/ours" && "$ours" ./configure --prefix=/usr/local/musl >../ours.out 2>&1; echo "status $?" >>../ours.out )
( cd "$work/dash" && dash ./configure --prefix=/usr/local/musl >../dash.out 2>&1; echo "status $?" >>../dash.out )
pass=0 fail=0
for f in out mak; do
	if [ $f = out ]; then a=$work/ours.out b=$work/dash.out; else a=$work/ours/config.mak b=$work/dash/config.mak; fi
	if [ -s "$a" ] && cmp -s "$a" "$b"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL musl configure: $(basename "$a") differs from dash's"
		diff "$b" "$a" | head -20
	fi
done
grep -q '^status 0$' "$work/ours.out" || { echo "FAIL musl configure did not succeed"; fail=$((fail + 1)); }
echo "sh-configure: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
