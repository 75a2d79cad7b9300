# param_at_concat: a differential test (param), compared with dash.
set -- a b c
for x in "x$@y"; do echo "<$x>"; done
for x in "$@$@"; do echo "<$x>"; done
