#!/bin/sh
# compiler/wrapper.sh: made into $(O)/bin/tcc, cc, ar, ranlib and i386-tcc by compiler/build.mk
# (@TOOL@ is the name). The host's tools for building Ferrite programs: cc and tcc are the x86_64
# cross tcc with the sysroot as its home (-B), so `cc prog.c -o prog` makes a static Ferrite
# program with musl and no flags; ar is tcc's; ranlib has nothing to do, since tcc -ar always
# writes the symbol index, and only checks that its arguments are archives.
top=$(cd "$(dirname "$0")/.." && pwd)
tcc64=$top/compiler/x86_64-ferrite-tcc
case @TOOL@ in
tcc|cc) exec "$tcc64" -B"$top/sysroot/lib/tcc" "$@" ;;
i386-tcc) exec "$top/compiler/i386-ferrite-tcc" -B"$top/sysroot/lib/tcc" "$@" ;;
ar) exec "$tcc64" -ar "$@" ;;
ranlib)
	for a in "$@"; do
		case $a in -*) continue ;; esac
		[ "$(head -c 8 "$a" 2>/dev/null)" = '!<arch>' ] || { echo "ranlib: $a: not an archive" >&2; exit 1; }
	done ;;
esac
