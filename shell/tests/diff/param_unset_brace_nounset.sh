# param_unset_brace_nounset: a differential test (param), compared with dash.
set -u
x=1
echo ${x}
echo ${y:-default}
echo ${y-other}
echo $y
echo notreached
