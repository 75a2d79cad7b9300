# dot_missing: a differential test (dot), compared with dash.
. ./does_not_exist.sh
echo notreached
