# arith_unset_nounset: a differential test (arith), compared with dash.
set -u
echo $((undefined_thing + 1))
echo after
