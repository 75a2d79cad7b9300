# set_e_function: a differential test (set), compared with dash.
set -e
f() { false; echo notreached; }
f
echo notreached2
