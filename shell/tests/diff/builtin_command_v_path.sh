# builtin_command_v_path: a differential test (builtin), compared with dash.
# command -v prints the path a PATH search finds (the same test passes inside Ferrite: no path is printed)
p=$(command -v cat)
case $p in /*) echo absolute ;; *) echo "not a path: $p" ;; esac
[ -x "$p" ] && echo executable
[ "$(command -v "$p")" = "$p" ] && echo same-again
command -v echo
command -v no_such_command_zz; echo status $?
