# errors_set_u_in_function: a differential test (errors), compared with dash.
set -u
f() { echo $nope; }
f
echo notreached
