# param_star_at: a differential test (param), compared with dash.
set -- a "b c" d
echo $*
echo "$*"
echo $@
echo "$@"
for x in $*; do echo "<$x>"; done
for x in "$*"; do echo "<$x>"; done
for x in "$@"; do echo "<$x>"; done
