# set_e_basic: a differential test (set), compared with dash.
set -e
true
echo one
false
echo notreached
