#!/bin/sh
# configure-make-run.sh: a real script: GNU make's configure runs to completion under our shell
# and under dash, in two copies of the source in directories of the same name length; what it
# prints, the files it makes (Makefiles, src/config.h, build.cfg, po/Makefile,
# tests/config-flags.pm), config.status and what `config.status --config` answers must be the
# same once the work directory and the shell's path are replaced by fixed words.
#
# Debian's make-dfsg ships configure.ac but no configure, so the source is prepared once with
# autoreconf (Debian 12's autoconf 2.71 and automake 1.16); the upstream configure.ac names
# Makefile twice in AC_CONFIG_FILES, which autoconf 2.71 refuses, so that word is dropped first
# (the one change Debian's own diff makes to it).
#
# Debian 12's dash has no LINENO, so configure re-runs itself through a copy with line numbers
# written in (configure.lineno) and dash's config.status holds numbers where ours keeps
# "$LINENO" (both are what autoconf intends for each shell): in config.status those are
# compared as one word, LINENO.
# usage: configure-make-run.sh OUR_SH MAKE_TARBALL WORKDIR
ours=$1 tarball=$2 work=$3
src=$work/src
if [ ! -f "$src/.prepared" ] || [ "$tarball" -nt "$src/.prepared" ]; then
	rm -rf "$src" && mkdir -p "$src" || exit 2
	tar -xzf "$tarball" -C "$src" --strip-components=1 || exit 2
	sed -i 's|po/Makefile.in Makefile \\|po/Makefile.in \\|' "$src/configure.ac" || exit 2
	( cd "$src" && autoreconf -fi ) >"$work/autoreconf.log" 2>&1 || {
		tail -n 20 "$work/autoreconf.log"
		echo "sh-configure-make: 0 passed, 1 failed (autoreconf failed)"
		exit 1
	}
	touch "$src/.prepared"
fi
rm -rf "$work/ours" "$work/dash" "$work/ours.out" "$work/dash.out"
cp -a "$src" "$work/ours" && cp -a "$src" "$work/dash" || exit 2
run() { # run NAME SHELL: configure and config.status --config under SHELL
	( cd "$work/$1" && CONFIG_SHELL=$2 "$2" ./configure --prefix=/usr/local >../$1.out 2>&1
	  echo "status $?" >>../$1.out
	  ./config.status --config >>../$1.out 2>&1 )
}
run ours "$ours" &
run dash /bin/dash
wait
# norm NAME FILE: the file with the work directory and the shell named by fixed words
norm() {
	case $1 in ours) sh=$ours ;; *) sh=/bin/dash ;; esac
	sed -e "s|$work/$1|WORK|g" -e "s|$sh|SHELL|g" "$2"
}
pass=0 fail=0
for f in out Makefile lib/Makefile src/config.h build.cfg po/Makefile tests/config-flags.pm \
		config.status; do
	if [ $f = out ]; then a=$work/ours.out b=$work/dash.out; else a=$work/ours/$f b=$work/dash/$f; fi
	if [ $f = config.status ]; then
		# dash's numbers for our $LINENO (see above)
		norm ours "$a" | sed -e 's/\$LINENO/LINENO/g' >"$work/a.norm"
		norm dash "$b" | sed -e 's/\${as_lineno-[0-9]*}/${as_lineno-LINENO}/g' \
			-e 's/"[0-9][0-9]*" \([0-9]\)/"LINENO" \1/g' -e 's/\$as_me:[0-9][0-9]*:/$as_me:LINENO:/g' \
			>"$work/b.norm"
	else
		norm ours "$a" >"$work/a.norm"
		norm dash "$b" >"$work/b.norm"
	fi
	if [ -s "$a" ] && cmp -s "$work/a.norm" "$work/b.norm"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL GNU make configure: $f differs from dash's"
		diff "$work/b.norm" "$work/a.norm" | head -20
	fi
done
grep -q '^status 0$' "$work/ours.out" || { echo "FAIL GNU make configure did not succeed"; fail=$((fail + 1)); }
echo "sh-configure-make: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
