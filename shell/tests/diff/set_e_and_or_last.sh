# set_e_and_or_last: a differential test (set), compared with dash.
set -e
true && false
echo notreached
